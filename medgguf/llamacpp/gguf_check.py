"""Check and describe a GGUF file before llama.cpp sees it.

llama.cpp aborts the whole process (or reads past the end of a mapping) on some malformed
files, so every command that loads a model runs ``inspect_gguf`` first and turns each problem
into a one-line InputError. Only the header, the metadata and the tensor infos are read; the
tensor data is never touched, so a multi-GB file is checked in well under a second.

The reader is a small parser over a memory map, built on gguf-py's constants (magic, value types,
quantization block sizes, ``gguf.Keys``) rather than ``gguf.GGUFReader``: the latter decodes
every metadata array element by element and maps tensor data, and on a truncated file it fails
with numpy shape errors instead of saying what is wrong.
"""

from __future__ import annotations

import collections
import mmap
import struct
from dataclasses import dataclass
from pathlib import Path

import gguf

from medgguf.errors import InputError

# GGUF versions llama.cpp reads (ggml/src/gguf.cpp refuses v1 and anything newer than v3).
SUPPORTED_VERSIONS = (2, 3)

# Mirrors LLM_ARCH_NAMES in llama.cpp src/llama-arch.cpp (llama-cpp-python 0.3.36), less "clip"
# (a dummy only llama-quantize uses) and "(unknown)". tests/unit/test_gguf_check.py compares it
# with the vendored source, so a new pin that adds or drops an architecture fails loudly.
SUPPORTED_ARCHITECTURES: tuple[str, ...] = (
    "llama",
    "llama4",
    "deci",
    "falcon",
    "grok",
    "gpt2",
    "gptj",
    "gptneox",
    "mpt",
    "baichuan",
    "starcoder",
    "refact",
    "bert",
    "modern-bert",
    "nomic-bert",
    "nomic-bert-moe",
    "neo-bert",
    "jina-bert-v2",
    "jina-bert-v3",
    "eurobert",
    "bloom",
    "stablelm",
    "qwen",
    "qwen2",
    "qwen2moe",
    "qwen2vl",
    "qwen3",
    "qwen3moe",
    "qwen3next",
    "qwen3vl",
    "qwen3vlmoe",
    "qwen35",
    "qwen35moe",
    "qwen4exp",
    "phi2",
    "phi3",
    "phimoe",
    "plamo",
    "plamo2",
    "plamo3",
    "codeshell",
    "orion",
    "internlm2",
    "minicpm",
    "minicpm3",
    "gemma",
    "gemma2",
    "gemma3",
    "gemma3n",
    "gemma4",
    "gemma4-assistant",
    "gemma-embedding",
    "starcoder2",
    "mamba",
    "mamba2",
    "maple",
    "jamba",
    "falcon-h1",
    "xverse",
    "command-r",
    "cohere2",
    "cohere2moe",
    "dbrx",
    "olmo",
    "olmo2",
    "olmoe",
    "muse-glimmer",
    "openelm",
    "arctic",
    "deepseek",
    "deepseek2",
    "deepseek2-ocr",
    "deepseek32",
    "deepseek4",
    "chatglm",
    "glm4",
    "glm4moe",
    "glm-dsa",
    "bitnet",
    "t5",
    "t5encoder",
    "jais",
    "jais2",
    "nemotron",
    "nemotron_h",
    "nemotron_h_moe",
    "exaone",
    "exaone4",
    "exaone-moe",
    "rwkv6",
    "rwkv6qwen2",
    "rwkv7",
    "arwkv7",
    "granite",
    "granitemoe",
    "granitehybrid",
    "graniteswitch",
    "granite_swa",
    "chameleon",
    "wavtokenizer-dec",
    "plm",
    "bailingmoe",
    "bailingmoe2",
    "bailingmoe3",
    "dots1",
    "dots3note",
    "arcee",
    "afmoe",
    "laguna",
    "ernie4_5",
    "ernie4_5-moe",
    "hunyuan-moe",
    "hunyuan-dense",
    "hunyuan_vl",
    "hy_v3",
    "hy_v4",
    "smollm3",
    "gpt-oss",
    "lfm2",
    "lfm2moe",
    "dream",
    "smallthinker",
    "llada",
    "llada-moe",
    "seed_oss",
    "grovemoe",
    "apertus",
    "minimax-01",
    "hrm_text",
    "minimax-m2",
    "minimax-m3",
    "cogvlm",
    "rnd1",
    "pangu-embedded",
    "mistral3",
    "eagle3",
    "dflash",
    "mistral4",
    "paddleocr",
    "mimo2",
    "step35",
    "spark2_5",
    "llama-embed",
    "maincoder",
    "kimi-linear",
    "kimi-k3",
    "glm5-next",
    "talkie",
    "mellum",
    "nanbeige",
    "qwen3tts",
    "pockettts",
)

_FIX_PATH = "pass a .gguf model file (e.g. runs/demo/gguf/demo-q4_K_M.gguf) or run `medgguf build`"
_FIX_REBUILD = "the file is damaged or incomplete; rebuild it with `medgguf build` or download it again"

# Byte sizes of the fixed-size metadata value types (gguf-py's GGUFValueType).
_SCALAR_FORMATS: dict[gguf.GGUFValueType, str] = {
    gguf.GGUFValueType.UINT8: "<B",
    gguf.GGUFValueType.INT8: "<b",
    gguf.GGUFValueType.UINT16: "<H",
    gguf.GGUFValueType.INT16: "<h",
    gguf.GGUFValueType.UINT32: "<I",
    gguf.GGUFValueType.INT32: "<i",
    gguf.GGUFValueType.FLOAT32: "<f",
    gguf.GGUFValueType.BOOL: "<?",
    gguf.GGUFValueType.UINT64: "<Q",
    gguf.GGUFValueType.INT64: "<q",
    gguf.GGUFValueType.FLOAT64: "<d",
}
# llama.cpp limits it GGML_ASSERTs (aborts the process) on, rather than throwing a load error:
# src/llama-hparams.h and ggml/src/ggml-impl.h at the pin. tests/unit/test_gguf_check.py
# compares them with the vendored source.
LLAMA_MAX_LAYERS = 512
LLAMA_MAX_EXPERTS = 1024
TENSOR_ALIGNMENT = 32
ROPE_SCALING_TYPES = ("none", "linear", "yarn", "longrope")  # LLAMA_ROPE_SCALING_TYPES, llama-model.cpp

# Integer and F64 tensors: valid GGUF, but never a weight ggml's CPU matmul or norms take.
_NON_WEIGHT_TYPES = frozenset({"I8", "I16", "I32", "I64", "F64"})

# Far beyond any real model; a corrupt count would otherwise make us loop for hours.
_MAX_COUNT = 1 << 34
_MAX_STRING = 1 << 30


@dataclass(frozen=True)
class TensorInfo:
    name: str
    shape: tuple[int, ...]
    ggml_type: str
    offset: int  # from the start of the tensor data section
    n_bytes: int

    @property
    def n_elements(self) -> int:
        count = 1
        for dim in self.shape:
            count *= dim
        return count


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    size_bytes: int
    version: int
    architecture: str
    name: str | None
    file_type: str  # "Q4_K_M", "F16", ... (from general.file_type, else the commonest tensor type)
    n_tensors: int
    n_params: int
    chat_template: str | None
    bos_token_id: int | None
    eos_token_id: int | None
    eot_token_id: int | None
    context_length: int | None
    vocab_size: int | None
    alignment: int
    data_offset: int  # where the tensor data section starts
    tensor_data_end: int  # the last byte any tensor needs, as an offset in the file
    metadata: dict[str, object]  # scalar and string metadata; arrays as their length only
    tensor_names: tuple[str, ...] = ()

    @property
    def bits_per_weight(self) -> float:
        return self.size_bytes * 8 / self.n_params if self.n_params else 0.0

    def summary(self) -> str:
        """One line: name, architecture, type, size, parameters."""
        return (
            f"{self.name or self.path.name} ({self.architecture}, {self.file_type}, "
            f"{self.size_bytes / 1e6:.0f} MB, {self.n_params / 1e6:.0f}M params, "
            f"{self.bits_per_weight:.2f} bpw, ctx {self.context_length or '?'})"
        )


class _Truncated(Exception):
    """The file ended inside the header or the tensor infos."""


class _Reader:
    """Walks the header of a memory-mapped file; reading past its end raises _Truncated.

    A Llama-3 vocabulary is ~250K metadata strings; unpacking them from a mapping instead of
    one small ``read()`` each keeps the check at a few tens of milliseconds.
    """

    def __init__(self, data):
        self.data = data
        self.size = len(data)
        self.position = 0

    def read(self, count: int) -> bytes:
        end = self.position + count
        if end > self.size:
            raise _Truncated
        chunk = self.data[self.position : end]
        self.position = end
        return chunk

    def unpack(self, fmt: str):
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        length = self.unpack("<Q")
        if length > _MAX_STRING:
            raise ValueError(f"a string length of {length} bytes")
        return self.read(length).decode("utf-8", errors="replace")

    def skip(self, count: int) -> None:
        if self.position + count > self.size:
            raise _Truncated
        self.position += count

    def skip_strings(self, count: int) -> None:
        unpack_length, data, size, position = _LENGTH.unpack_from, self.data, self.size, self.position
        for _ in range(count):
            if position + 8 > size:
                raise _Truncated
            length = unpack_length(data, position)[0]
            if length > _MAX_STRING:
                raise ValueError(f"a string length of {length} bytes")
            position += 8 + length
        if position > size:
            raise _Truncated
        self.position = position

    def unique_strings(self, count: int, what: str) -> None:
        """Walk ``count`` strings and refuse a repeat, as llama-vocab.cpp needs of its tokens."""
        unpack_length, data, size, position = _LENGTH.unpack_from, self.data, self.size, self.position
        seen: set[bytes] = set()
        for index in range(count):
            if position + 8 > size:
                raise _Truncated
            length = unpack_length(data, position)[0]
            if length > _MAX_STRING:
                raise ValueError(f"a string length of {length} bytes")
            position += 8
            if position + length > size:
                raise _Truncated
            # llama.cpp maps each token as a C string (so up to its first NUL byte), and an
            # empty one as "[EMPTY_<i>]" (llama-vocab.cpp, load).
            text = data[position : position + length].split(b"\0", 1)[0] or f"[EMPTY_{index}]".encode()
            if text in seen:
                raise ValueError(
                    f"{what} has token {index} equal to an earlier one ({text[:40]!r}), "
                    "and llama.cpp aborts on a vocabulary with repeated tokens"
                )
            seen.add(text)
            position += length
        self.position = position

    def tell(self) -> int:
        return self.position


_LENGTH = struct.Struct("<Q")


def inspect_gguf(path: Path, *, require_chat_template: bool = False) -> GGUFInfo:
    """Validate ``path`` as a GGUF llama.cpp can load and describe it; InputError otherwise."""
    path = Path(path).expanduser()
    if not path.exists():
        raise InputError(f"model file {path} does not exist", _FIX_PATH)
    if path.is_dir():
        raise InputError(f"{path} is a directory, not a GGUF file", _FIX_PATH)
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path} is empty (0 bytes)", _FIX_REBUILD)
    try:
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            info = _parse(path, size, _Reader(data))
    except _Truncated:
        raise InputError(f"{path} is truncated: it ends inside the GGUF header ({size} bytes)", _FIX_REBUILD) from None
    except (ValueError, UnicodeDecodeError, struct.error) as exc:
        raise InputError(f"{path} has a corrupt GGUF header ({exc})", _FIX_REBUILD) from None
    except PermissionError:
        raise InputError(
            f"{path} cannot be read (permission denied)", "fix its permissions (chmod u+r) or pass another file"
        ) from None

    if info.tensor_data_end > size:
        missing = info.tensor_data_end - size
        raise InputError(
            f"{path} is truncated: its tensors need {info.tensor_data_end} bytes but the "
            f"file has {size} ({missing} missing)",
            _FIX_REBUILD,
        )
    _check_llama_asserts(info)
    if info.architecture not in SUPPORTED_ARCHITECTURES:
        raise InputError(
            f"{path} is a {info.architecture!r} model, an architecture llama.cpp cannot run",
            "use a GGUF of a supported architecture (mirrored from llama.cpp src/llama-arch.cpp): "
            + ", ".join(SUPPORTED_ARCHITECTURES),
        )
    if require_chat_template and not info.chat_template:
        raise InputError(
            f"{path} has no chat template (no {gguf.Keys.Tokenizer.CHAT_TEMPLATE} key)",
            "convert the model from an HF checkpoint whose tokenizer_config.json has a "
            "chat_template (medgguf build does), or use an instruct model's GGUF",
        )
    return info


def _check_llama_asserts(info: GGUFInfo) -> None:
    """Refuse what llama.cpp would load only to abort on: every case found by the GGUF fuzzer
    (tests/support/gguf_fuzz.py) where the loader GGML_ASSERTs instead of failing cleanly."""
    metadata, arch = info.metadata, info.architecture

    def refuse(problem: str) -> None:
        raise InputError(f"{info.path} {problem}, which llama.cpp cannot load", _FIX_REBUILD)

    def number(key: str) -> int | None:
        value = metadata.get(key.format(arch=arch))
        return int(value) if isinstance(value, int) and not isinstance(value, (bool, _ArrayLength)) else None

    context = number(gguf.Keys.LLM.CONTEXT_LENGTH)
    # llama-cpp-python sizes its token buffers by it as an int32: 0 or past 2**31-1 breaks them.
    if context is not None and not 0 < context < 1 << 31:
        refuse(f"has a training context of {context} tokens ({gguf.Keys.LLM.CONTEXT_LENGTH.format(arch=arch)})")
    blocks = number(gguf.Keys.LLM.BLOCK_COUNT)
    if blocks is not None and not 0 < blocks <= LLAMA_MAX_LAYERS:
        refuse(f"has {blocks} blocks ({gguf.Keys.LLM.BLOCK_COUNT.format(arch=arch)}; at most {LLAMA_MAX_LAYERS})")
    next_n = number(gguf.Keys.LLM.NEXTN_PREDICT_LAYERS)
    if next_n is not None and blocks is not None and next_n > blocks:
        refuse(f"predicts {next_n} next-n layers but has {blocks} blocks")
    experts = number(gguf.Keys.LLM.EXPERT_COUNT) or 0
    used = number(gguf.Keys.LLM.EXPERT_USED_COUNT) or 0
    if experts > LLAMA_MAX_EXPERTS or used > experts:
        refuse(
            f"has {experts} experts, {used} used per token (at most {LLAMA_MAX_EXPERTS}, and no more used than exist)"
        )
    for key in (gguf.Keys.Attention.LAYERNORM_RMS_EPS, gguf.Keys.Attention.LAYERNORM_EPS):
        epsilon = metadata.get(key.format(arch=arch))
        # ggml's norm kernels GGML_ASSERT(eps >= 0.0f), which a NaN fails too.
        if isinstance(epsilon, float) and not epsilon >= 0.0:
            refuse(f"has {key.format(arch=arch)} = {epsilon} (ggml's norms need a value >= 0)")
    scaling = metadata.get(gguf.Keys.Rope.SCALING_TYPE.format(arch=arch))
    if isinstance(scaling, str) and scaling not in ROPE_SCALING_TYPES:
        refuse(f"has the unknown rope scaling type {scaling!r} (llama.cpp knows {', '.join(ROPE_SCALING_TYPES)})")
    tokens = metadata.get(gguf.Keys.Tokenizer.LIST)
    n_tokens = int(tokens) if isinstance(tokens, _ArrayLength) else None
    for key, token in (
        (gguf.Keys.Tokenizer.BOS_ID, info.bos_token_id),
        (gguf.Keys.Tokenizer.EOS_ID, info.eos_token_id),
        (gguf.Keys.Tokenizer.EOT_ID, info.eot_token_id),
    ):
        if token is not None and n_tokens is not None and not 0 <= token < n_tokens:
            refuse(f"names token {token} as {key}, outside its vocabulary of {n_tokens} tokens")
    # ggml maps the tensor data in place and asserts each buffer starts 32-byte aligned.
    if info.n_tensors and info.data_offset % TENSOR_ALIGNMENT:
        refuse(
            f"has its tensor data at byte {info.data_offset} with {gguf.Keys.General.ALIGNMENT} {info.alignment}, "
            f"not aligned to the {TENSOR_ALIGNMENT} bytes ggml needs"
        )


def _check_tensor_types(path: Path, tensors: list[TensorInfo]) -> None:
    """llama.cpp's loader checks shapes but not types, and ggml's CPU kernels abort on a weight
    of a type they do not compute with (found by the fuzzer: a norm retyped I32 passed the
    loader and aborted in ggml-cpu/binary-ops.cpp)."""
    for tensor in tensors:
        if tensor.ggml_type in _NON_WEIGHT_TYPES:
            raise InputError(
                f"{path}: tensor {tensor.name!r} has ggml type {tensor.ggml_type}, which no llama.cpp weight uses",
                _FIX_REBUILD,
            )
        # Norms and biases multiply F32 activations, and ggml's CPU binary ops take them only as F32.
        if len(tensor.shape) == 1 and tensor.ggml_type != "F32":
            raise InputError(
                f"{path}: the 1-D tensor {tensor.name!r} is {tensor.ggml_type}; llama.cpp computes "
                "norms and biases only in F32",
                _FIX_REBUILD,
            )


def _parse(path: Path, size: int, reader: _Reader) -> GGUFInfo:
    magic = reader.data[:4]
    if magic != struct.pack("<I", gguf.GGUF_MAGIC):
        raise InputError(f"{path} is not a GGUF file (it starts with {magic!r}, not b'GGUF')", _FIX_PATH)
    reader.skip(4)
    raw_version = reader.read(4)
    version = struct.unpack("<I", raw_version)[0]
    if version not in SUPPORTED_VERSIONS and struct.unpack(">I", raw_version)[0] in SUPPORTED_VERSIONS:
        raise InputError(
            f"{path} is a big-endian GGUF, which this little-endian machine cannot load",
            "convert it again without --bigendian",
        )
    if version not in SUPPORTED_VERSIONS:
        raise InputError(
            f"{path} is GGUF version {version}; llama.cpp reads versions {', '.join(map(str, SUPPORTED_VERSIONS))}",
            "convert the model again with the vendored convert_hf_to_gguf.py (`medgguf build`)",
        )
    n_tensors = reader.unpack("<Q")
    n_kv = reader.unpack("<Q")
    if n_tensors > _MAX_COUNT or n_kv > _MAX_COUNT:
        raise ValueError(f"{n_tensors} tensors and {n_kv} metadata keys")

    metadata: dict[str, object] = {}
    for _ in range(n_kv):
        key = reader.string()
        metadata[key] = _read_value(reader, gguf.GGUFValueType(reader.unpack("<I")), key)

    tensors: list[TensorInfo] = []
    for _ in range(n_tensors):
        name = reader.string()
        n_dims = reader.unpack("<I")
        if n_dims > 8:
            raise ValueError(f"tensor {name[:80]!r} has {n_dims} dimensions")
        shape = tuple(reader.unpack("<Q") for _ in range(n_dims))
        type_id = reader.unpack("<I")
        offset = reader.unpack("<Q")
        try:
            qtype = gguf.GGMLQuantizationType(type_id)
            block_size, type_size = gguf.GGML_QUANT_SIZES[qtype]
        except (ValueError, KeyError):
            raise InputError(
                f"{path}: tensor {name[:80]!r} has ggml type {type_id}, unknown to this gguf-py",
                "update medgguf's llama.cpp pin or re-quantize with the vendored llama-quantize",
            ) from None
        n_elements = 1
        for dim in shape:
            n_elements *= dim
        tensors.append(
            TensorInfo(
                name=name,
                shape=shape,
                ggml_type=qtype.name,
                offset=offset,
                n_bytes=n_elements // block_size * type_size,
            )
        )

    _check_tensor_types(path, tensors)
    raw_alignment = metadata.get(gguf.Keys.General.ALIGNMENT, gguf.GGUF_DEFAULT_ALIGNMENT)
    alignment = int(raw_alignment) if isinstance(raw_alignment, (int, float)) else 0
    if alignment <= 0 or alignment & (alignment - 1):
        raise ValueError(f"{gguf.Keys.General.ALIGNMENT} is {alignment}, not a power of two")
    header_end = reader.tell()
    data_offset = -(-header_end // alignment) * alignment
    data_end = max((data_offset + t.offset + t.n_bytes for t in tensors), default=header_end)

    architecture = str(metadata.get(gguf.Keys.General.ARCHITECTURE, ""))
    if not architecture:
        raise InputError(f"{path} has no {gguf.Keys.General.ARCHITECTURE} key", _FIX_REBUILD)

    def arch_int(template: str) -> int | None:
        value = metadata.get(template.format(arch=architecture))
        return int(value) if isinstance(value, (int, float)) else None

    def token_id(key: str) -> int | None:
        value = metadata.get(key)
        return int(value) if isinstance(value, int) else None

    vocab_size = arch_int(gguf.Keys.LLM.VOCAB_SIZE)
    tokens = metadata.get(gguf.Keys.Tokenizer.LIST)
    if vocab_size is None and isinstance(tokens, _ArrayLength):
        vocab_size = int(tokens)
    chat_template = metadata.get(gguf.Keys.Tokenizer.CHAT_TEMPLATE)
    model_name = metadata.get(gguf.Keys.General.NAME)
    return GGUFInfo(
        path=path,
        size_bytes=size,
        version=version,
        architecture=architecture,
        name=str(model_name) if model_name else None,
        file_type=_file_type_label(metadata, tensors),
        n_tensors=n_tensors,
        n_params=sum(t.n_elements for t in tensors),
        chat_template=chat_template if isinstance(chat_template, str) and chat_template.strip() else None,
        bos_token_id=token_id(gguf.Keys.Tokenizer.BOS_ID),
        eos_token_id=token_id(gguf.Keys.Tokenizer.EOS_ID),
        eot_token_id=token_id(gguf.Keys.Tokenizer.EOT_ID),
        context_length=arch_int(gguf.Keys.LLM.CONTEXT_LENGTH),
        vocab_size=vocab_size,
        alignment=alignment,
        data_offset=data_offset,
        tensor_data_end=data_end,
        metadata=metadata,
        tensor_names=tuple(t.name for t in tensors),
    )


class _ArrayLength(int):
    """Stands in for a metadata array: its length, without its elements."""


def _read_value(reader: _Reader, value_type: gguf.GGUFValueType, key: str = "") -> object:
    if value_type == gguf.GGUFValueType.STRING:
        return reader.string()
    if value_type == gguf.GGUFValueType.ARRAY:
        item_type = gguf.GGUFValueType(reader.unpack("<I"))
        count = reader.unpack("<Q")
        if count > _MAX_COUNT:
            raise ValueError(f"an array of {count} items")
        if item_type == gguf.GGUFValueType.STRING and key == gguf.Keys.Tokenizer.LIST:
            reader.unique_strings(count, key)
        elif item_type == gguf.GGUFValueType.STRING:
            reader.skip_strings(count)
        elif item_type == gguf.GGUFValueType.ARRAY:
            for _ in range(count):
                _read_value(reader, item_type)
        else:
            reader.skip(count * struct.calcsize(_SCALAR_FORMATS[item_type]))
        return _ArrayLength(count)
    return reader.unpack(_SCALAR_FORMATS[value_type])


def _file_type_label(metadata: dict, tensors: list[TensorInfo]) -> str:
    """general.file_type as llama.cpp names it (LlamaFileType), e.g. Q4_K_M; else the commonest type."""
    raw = metadata.get(gguf.Keys.General.FILE_TYPE)
    if isinstance(raw, int):
        try:
            name = gguf.LlamaFileType(raw & ~1024).name  # 1024 is llama.cpp's "guessed" flag
            return name.removeprefix("MOSTLY_").removeprefix("ALL_")
        except ValueError:
            pass
    counts = collections.Counter(t.ggml_type for t in tensors if len(t.shape) >= 2)
    return counts.most_common(1)[0][0] if counts else "unknown"
