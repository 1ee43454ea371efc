"""inspect_gguf on small GGUFs written with gguf-py: every bad-file case, and the metadata read."""
from __future__ import annotations

import re
import struct
from pathlib import Path

import gguf
import numpy as np
import pytest

from medgguf import paths
from medgguf.errors import InputError
from medgguf.llamacpp.gguf_check import (
    LLAMA_MAX_EXPERTS,
    LLAMA_MAX_LAYERS,
    ROPE_SCALING_TYPES,
    SUPPORTED_ARCHITECTURES,
    SUPPORTED_VERSIONS,
    TENSOR_ALIGNMENT,
    inspect_gguf,
)

TEMPLATE = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"


def write_gguf(path: Path, *, arch: str = "llama", chat_template: str | None = TEMPLATE,
               file_type: int | None = int(gguf.LlamaFileType.MOSTLY_F16), tokens: list | None = None,
               name: str = "tiny test model", configure=None) -> Path:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name(name)
    writer.add_context_length(256)
    writer.add_vocab_size(16)
    writer.add_token_list(tokens if tokens is not None else [f"t{i}" for i in range(16)])
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    if file_type is not None:
        writer.add_file_type(file_type)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    if configure is not None:  # extra keys or settings; a key set again overrides the one above
        configure(writer)
    writer.add_tensor("token_embd.weight", np.ones((16, 32), dtype=np.float16))
    writer.add_tensor("output_norm.weight", np.ones((32,), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def test_reads_metadata(tmp_path):
    path = write_gguf(tmp_path / "ok.gguf")
    info = inspect_gguf(path, require_chat_template=True)
    assert info.version == 3
    assert info.architecture == "llama"
    assert info.name == "tiny test model"
    assert info.file_type == "F16"
    assert info.n_tensors == 2
    assert info.n_params == 16 * 32 + 32
    assert info.chat_template == TEMPLATE
    assert (info.bos_token_id, info.eos_token_id, info.eot_token_id) == (1, 2, None)
    assert info.context_length == 256 and info.vocab_size == 16
    assert info.size_bytes == path.stat().st_size
    assert info.tensor_data_end == info.size_bytes
    assert info.bits_per_weight == pytest.approx(info.size_bytes * 8 / info.n_params)


def test_file_type_falls_back_to_the_commonest_matrix_type(tmp_path):
    info = inspect_gguf(write_gguf(tmp_path / "nofiletype.gguf", file_type=None))
    assert info.file_type == "F16"


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match=r"does not exist.*medgguf build"):
        inspect_gguf(tmp_path / "nope.gguf")


def test_zero_byte_file(tmp_path):
    empty = tmp_path / "empty.gguf"
    empty.touch()
    with pytest.raises(InputError, match=r"is empty \(0 bytes\)"):
        inspect_gguf(empty)


def test_not_a_gguf(tmp_path):
    other = tmp_path / "model.safetensors"
    other.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"is not a GGUF file \(it starts with"):
        inspect_gguf(other)


def test_directory(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        inspect_gguf(tmp_path)


@pytest.mark.parametrize("version", [1, 4, 99])
def test_unsupported_version(tmp_path, version):
    path = write_gguf(tmp_path / "v.gguf")
    data = bytearray(path.read_bytes())
    data[4:8] = struct.pack("<I", version)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match=rf"GGUF version {version}; llama.cpp reads versions 2, 3"):
        inspect_gguf(path)


def test_big_endian(tmp_path):
    path = write_gguf(tmp_path / "be.gguf")
    data = bytearray(path.read_bytes())
    data[4:8] = struct.pack(">I", 3)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="big-endian"):
        inspect_gguf(path)


def test_truncated_tensor_data(tmp_path):
    path = write_gguf(tmp_path / "cut.gguf")
    full = path.read_bytes()
    path.write_bytes(full[:-100])
    with pytest.raises(InputError, match=r"is truncated: its tensors need \d+ bytes but the file has \d+ \(100 missing\)"):
        inspect_gguf(path)


def test_truncated_header(tmp_path):
    path = write_gguf(tmp_path / "cut.gguf")
    path.write_bytes(path.read_bytes()[:60])
    with pytest.raises(InputError, match="ends inside the GGUF header"):
        inspect_gguf(path)


def test_unsupported_architecture(tmp_path):
    path = write_gguf(tmp_path / "arch.gguf", arch="notallama")
    with pytest.raises(InputError) as caught:
        inspect_gguf(path)
    message = str(caught.value)
    assert "'notallama' model, an architecture llama.cpp cannot run" in message
    assert "src/llama-arch.cpp" in message and "qwen2" in message
    assert "\n" not in message


def test_clip_is_not_a_runnable_architecture(tmp_path):
    with pytest.raises(InputError, match="'clip' model"):
        inspect_gguf(write_gguf(tmp_path / "clip.gguf", arch="clip"))


def test_missing_chat_template_only_when_asked(tmp_path):
    path = write_gguf(tmp_path / "base.gguf", chat_template=None)
    assert inspect_gguf(path).chat_template is None
    with pytest.raises(InputError, match="has no chat template"):
        inspect_gguf(path, require_chat_template=True)


def test_corrupt_string_length(tmp_path):
    path = write_gguf(tmp_path / "bad.gguf")
    data = bytearray(path.read_bytes())
    # The first key's length sits right after magic, version and the two counts.
    data[24:32] = struct.pack("<Q", 1 << 40)
    path.write_bytes(bytes(data))
    with pytest.raises(InputError, match="corrupt GGUF header"):
        inspect_gguf(path)


def test_supported_architectures_mirror_llama_arch_cpp():
    source = paths.LLAMA_CPP_SOURCE_DIR / "src" / "llama-arch.cpp"
    if not source.exists():
        pytest.skip(f"needs the vendored llama.cpp at {source}")
    block = re.search(r"LLM_ARCH_NAMES = \{(.*?)\n\};", source.read_text(), re.S).group(1)
    names = re.findall(r'\{\s*LLM_ARCH_\w+,\s*"([^"]+)"\s*\}', block)
    assert set(SUPPORTED_ARCHITECTURES) == set(names) - {"clip", "(unknown)"}


def test_supported_versions_mirror_gguf_py():
    assert gguf.GGUF_VERSION in SUPPORTED_VERSIONS


# ---------------------------------------------------------------------------------------------
# Regression cases from the GGUF fuzzer (tests/support/gguf_fuzz.py): files llama.cpp would load
# only to abort the process on (GGML_ASSERT, or an exception escaping its C API). Each is now a
# one-line InputError before llama.cpp sees the file; tests/e2e/test_gguf_fuzz.py replays them
# on the demo model through `medgguf ask`.


@pytest.mark.parametrize("tokens", [
    [f"t{i}" for i in range(15)] + ["t3"],  # two equal strings
    [f"t{i}" for i in range(15)] + ["t3\0tail"],  # equal up to a NUL: llama.cpp reads C strings
    ["", *(f"t{i}" for i in range(1, 15)), "[EMPTY_0]"],  # an empty token is renamed [EMPTY_<i>]
], ids=["equal", "nul", "empty"])
def test_repeated_tokens_are_refused(tmp_path, tokens):
    path = write_gguf(tmp_path / "dup.gguf", tokens=tokens)
    with pytest.raises(InputError, match=r"tokenizer.ggml.tokens has token 15 equal to an earlier one") as caught:
        inspect_gguf(path)
    assert "\n" not in str(caught.value)


def test_distinct_tokens_that_only_look_alike_pass(tmp_path):
    inspect_gguf(write_gguf(tmp_path / "ok.gguf", tokens=[f"t{i}" for i in range(15)] + ["T3"]))


@pytest.mark.parametrize(("configure", "message"), [
    (lambda w: w.add_block_count(0), "has 0 blocks"),
    (lambda w: w.add_block_count(LLAMA_MAX_LAYERS + 1), f"has {LLAMA_MAX_LAYERS + 1} blocks"),
    (lambda w: (w.add_block_count(2), w.add_uint32("llama.nextn_predict_layers", 3)), "predicts 3 next-n layers"),
    (lambda w: w.add_expert_count(LLAMA_MAX_EXPERTS + 1), "experts"),
    (lambda w: (w.add_expert_count(2), w.add_expert_used_count(3)), "has 2 experts, 3 used"),
    (lambda w: w.add_string("llama.rope.scaling.type", "sideways"), "unknown rope scaling type 'sideways'"),
    (lambda w: w.add_eos_token_id(1 << 30), "names token 1073741824 as tokenizer.ggml.eos_token_id"),
    (lambda w: w.add_eot_token_id(16), "outside its vocabulary of 16 tokens"),
    (lambda w: w.add_layer_norm_rms_eps(-0.5), "layer_norm_rms_epsilon = -0.5"),
    (lambda w: w.add_layer_norm_eps(float("nan")), "layer_norm_epsilon = nan"),
    (lambda w: w.add_context_length(0xFFFFFFFF), "has a training context of 4294967295 tokens"),
    (lambda w: w.add_context_length(0), "has a training context of 0 tokens"),
], ids=["no-blocks", "too-many-blocks", "nextn", "experts", "experts-used", "rope", "eos", "eot", "rms-eps", "eps-nan", "ctx-huge", "ctx-0"])
def test_values_llama_cpp_asserts_on_are_refused(tmp_path, configure, message):
    with pytest.raises(InputError, match=re.escape(message)) as caught:
        inspect_gguf(write_gguf(tmp_path / "bad.gguf", configure=configure))
    assert "which llama.cpp cannot load" in str(caught.value) and "\n" not in str(caught.value)


def test_tensor_data_not_32_byte_aligned_is_refused(tmp_path):
    # With general.alignment 8 the data starts at the header's end rounded to 8; pick a name
    # length that leaves it off a 32-byte boundary (ggml asserts its buffers are).
    for pad in range(32):
        path = write_gguf(tmp_path / f"a{pad}.gguf", name="n" * pad, configure=lambda w: w.add_custom_alignment(8))
        if inspect_gguf_data_offset(path) % 32:
            break
    with pytest.raises(InputError, match=r"not aligned to the 32 bytes ggml needs"):
        inspect_gguf(path)


def inspect_gguf_data_offset(path: Path) -> int:
    reader = gguf.GGUFReader(str(path))
    return reader.data_offset


def test_assert_limits_mirror_the_vendored_source():
    source = paths.LLAMA_CPP_SOURCE_DIR
    if not (source / "src").exists():
        pytest.skip(f"needs the vendored llama.cpp at {source}")
    hparams = (source / "src" / "llama-hparams.h").read_text()
    assert f"#define LLAMA_MAX_LAYERS  {LLAMA_MAX_LAYERS}" in hparams
    assert re.search(rf"#define LLAMA_MAX_EXPERTS {LLAMA_MAX_EXPERTS}\b", hparams)
    assert f"#define TENSOR_ALIGNMENT {TENSOR_ALIGNMENT}" in (source / "ggml" / "src" / "ggml-impl.h").read_text()
    model = (source / "src" / "llama-model.cpp").read_text()
    block = re.search(r"LLAMA_ROPE_SCALING_TYPES = \{(.*?)\};", model, re.S).group(1)
    assert tuple(re.findall(r'"([a-z]+)"', block)) == ROPE_SCALING_TYPES
