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


def test_qlora_without_cuda_is_refused_not_downgraded(cli, tiny_data):
    pytest.importorskip("torch")
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = cli("build", "--data", tiny_data, "--set", "train.method=qlora", "--name", "q")
    assert_one_line_error(result, 2, "train.method=qlora needs a CUDA GPU", "train.method=lora")


def test_debug_shows_the_traceback(cli):
    result = cli("--debug", "build", "--base", "./no/such/model")
    assert result.exit_code != 0
    assert isinstance(result.exception, Exception)
    assert "does not exist" in str(result.exception)
