"""Bad input to `medgguf build` and its stages: exit code 2, one line naming the problem and the
fix, no traceback, nothing written."""
from __future__ import annotations

import json
import shutil

import pytest

from medgguf.models import ensure_demo_model

from .conftest import assert_one_line_error


def test_base_model_path_that_does_not_exist(cli):
    result = cli("build", "--base", "./no/such/model")
    assert_one_line_error(result, 2, "base model './no/such/model' does not exist", "hub id")


def test_base_model_hub_id_that_cannot_be_found(cli):
    result = cli("build", "--base", "nobody-here/no-such-model-xyz")
    assert_one_line_error(result, 2, "nobody-here/no-such-model-xyz", "could not be found")


def test_model_that_is_not_llama(cli, tmp_path):
    model_dir = tmp_path / "gpt2ish"
    model_dir.mkdir()
    (model_dir / "config.json").write_text(json.dumps({"model_type": "gpt2", "n_layer": 2}))
    result = cli("build", "--base", model_dir)
    assert_one_line_error(result, 2, "is a 'gpt2' model, not Llama-architecture", "supported architectures: llama")


def test_tokenizer_without_chat_template_suggests_the_flag(cli, tmp_path):
    demo = ensure_demo_model()
    model_dir = tmp_path / "no-template"
    model_dir.mkdir()
    for name in ("config.json", "tokenizer.json"):
        shutil.copy(demo / name, model_dir / name)
    tokenizer_config = json.loads((demo / "tokenizer_config.json").read_text())
    tokenizer_config.pop("chat_template", None)
    (model_dir / "tokenizer_config.json").write_text(json.dumps(tokenizer_config))
    result = cli("build", "--base", model_dir)
    assert_one_line_error(result, 2, "has no chat template", "--chat-template")
    assert not (tmp_path / "runs").exists()


def test_missing_dataset_file(cli):
    result = cli("build", "--data", "missing.jsonl")
    assert_one_line_error(result, 2, "data file missing.jsonl does not exist")


def test_unknown_quant_type_lists_valid_ones(cli):
    result = cli("build", "--quants", "Q4_K_M,Q9_Z")
    assert_one_line_error(result, 2, "unknown quantization type 'Q9_Z'", "valid types:", "Q4_K_M")


def test_imatrix_only_types_need_imatrix(cli):
    result = cli("build", "--quants", "IQ2_XS")
    assert_one_line_error(result, 2, "IQ2_XS need an importance matrix", "--imatrix")


def test_tools_not_built_names_the_build_command(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("MEDGGUF_LLAMA_CPP_BUILD", str(tmp_path / "empty-build"))
    result = cli("build")
    assert_one_line_error(result, 2, "llama-quantize", "is not built", "scripts/setup")


def test_not_enough_disk_is_checked_before_writing(cli, monkeypatch, tiny_data, tmp_path):
    import medgguf.run

    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(medgguf.run.shutil, "disk_usage", lambda path: usage._replace(free=100))
    result = cli("build", "--data", tiny_data)
    assert_one_line_error(result, 2, "not enough free disk for the data stage", "free some space")
    assert not (tmp_path / "runs" / "demo" / "data" / "train.jsonl").exists()


def test_unknown_stage_for_force(cli, tiny_data):
    result = cli("build", "--data", tiny_data, "--force", "trian")
    assert_one_line_error(result, 2, "unknown stage 'trian'", "stages are: data, train")


def test_bad_override_names_key_and_allowed_values(cli):
    result = cli("build", "--set", "train.method=qlora4")
    assert_one_line_error(result, 2, "train.method = 'qlora4' is not allowed", "lora, qlora, lora-8bit")
    result = cli("build", "--set", "train.learning_rate=1")
    assert_one_line_error(result, 2, "unknown config key 'train.learning_rate'", "lr")


def test_qlora_without_bitsandbytes_is_refused_not_downgraded(cli, tiny_data, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "bitsandbytes", None)   # `import bitsandbytes` raises ImportError
    result = cli("build", "--data", tiny_data, "--set", "train.method=qlora", "--name", "q")
    assert_one_line_error(result, 2, "train.method=qlora needs bitsandbytes, which is not installed",
                          "train.method=lora")


def test_debug_shows_the_traceback(cli):
    result = cli("--debug", "build", "--base", "./no/such/model")
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert "does not exist" in str(result.exception)


# ---------------------------------------------------------------------------------------------
# Llama 3 bases that cannot be built, refused before any stage starts

def _llama3_dir(tmp_path, name, *, template=True, edit_tokenizer_json=None):
    """A Llama 3 base directory without weights: enough for the checks that run before training."""
    from medgguf import models

    base = models.ensure_shaped_base(models.SHAPES["llama-3.2-1b"])
    target = tmp_path / name
    target.mkdir()
    for file in ("config.json", "tokenizer.json", "tokenizer_config.json", "generation_config.json"):
        shutil.copy(base / file, target / file)
    if template:
        shutil.copy(base / "chat_template.jinja", target / "chat_template.jinja")
    if edit_tokenizer_json is not None:
        data = json.loads((target / "tokenizer.json").read_text())
        edit_tokenizer_json(data)
        (target / "tokenizer.json").write_text(json.dumps(data))
    return target


def test_tokenizer_without_a_chat_template_is_refused(cli, tmp_path, tiny_data):
    base = _llama3_dir(tmp_path, "no-template", template=False)
    result = cli("build", "--base", base, "--data", tiny_data, "--name", "t")
    assert_one_line_error(result, 2, "has no chat template", "--chat-template FILE.jinja")
    assert not (tmp_path / "runs" / "t" / "manifest.json").exists()


def test_template_whose_end_of_turn_is_not_in_the_vocabulary_is_refused(cli, tmp_path, tiny_data):
    base = _llama3_dir(tmp_path, "chatml-on-llama3", template=False)
    chatml = tmp_path / "chatml.jinja"
    chatml.write_text("{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
                      "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
    result = cli("build", "--base", base, "--chat-template", chatml, "--data", tiny_data, "--name", "t")
    assert_one_line_error(result, 2, "ends turns with '<|im_end|>'", "not a special token",
                          "--chat-template FILE.jinja")


def test_unknown_pre_tokenizer_is_refused_before_training(cli, tmp_path, tiny_data):
    def other_split_regex(data):
        # A pre-tokenizer llama.cpp does not know: digits split one by one instead of in threes.
        for step in data["pre_tokenizer"]["pretokenizers"]:
            if step["type"] == "Split":
                step["pattern"]["Regex"] = step["pattern"]["Regex"].replace("\\p{N}{1,3}", "\\p{N}")

    base = _llama3_dir(tmp_path, "odd-pretokenizer", edit_tokenizer_json=other_split_regex)
    result = cli("build", "--base", base, "--data", tiny_data, "--name", "t")
    assert_one_line_error(result, 2, "BPE pre-tokenizer that the vendored llama.cpp does not recognise",
                          "cannot be converted to GGUF")
    assert not (tmp_path / "runs" / "t" / "data").exists()


def test_rehearse_refuses_a_base_without_a_shape(cli):
    result = cli("build", "--base", "mistralai/Mistral-7B-Instruct-v0.3", "--rehearse", "--name", "t")
    assert_one_line_error(result, 2, "no shaped base stands in for 'mistralai/Mistral-7B-Instruct-v0.3'",
                          "meta-llama/Llama-3.2-1B-Instruct")
