"""`medgguf config list|show|validate|memory`: results on stdout, one-line errors with exit 2."""
from __future__ import annotations

import json

import yaml

from medgguf import config

from .conftest import assert_one_line_error

RECIPES = ["rs1-1b", "doctor-llama-3b", "chatdoctor-8b", "hippocratically-3b", "med-llama-1b", "demo"]


def test_list_shows_every_preset_with_its_description(cli):
    result = cli("config", "list")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == sorted(config.list_presets())
    for name in RECIPES:
        line = next(line for line in lines if line.split()[0] == name)
        assert config.resolve(preset=name).description in line


def test_show_prints_the_resolved_yaml_to_stdout(cli):
    result = cli("config", "show", "chatdoctor-8b", "--set", "train.lr=1e-5")
    assert result.exit_code == 0, result.output
    shown = yaml.safe_load(result.stdout)
    assert shown["preset"] == "chatdoctor-8b"
    assert shown["lora"] == {"r": 64, "alpha": 128, "dropout": 0.05, "target_modules": "all-linear"}
    assert shown["train"]["lr"] == 1e-5 and shown["train"]["method"] == "lora-8bit"
    assert result.stderr == ""


def test_show_output_validates_as_a_file(cli, tmp_path):
    shown = cli("config", "show", "rs1-1b").stdout
    (tmp_path / "mine.yaml").write_text(shown)
    result = cli("config", "validate", tmp_path / "mine.yaml")
    assert result.exit_code == 0 and result.stdout.strip() == "ok"


def test_show_unknown_preset(cli):
    result = cli("config", "show", "rs2-1b")
    assert_one_line_error(result, 2, "unknown preset 'rs2-1b'", "choose one of:", "rs1-1b")


def test_validate_accepts_a_good_file(cli, tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("preset: med-llama-1b\ntrain:\n  lr: 5.0e-5\n  max_steps: 100\n")
    result = cli("config", "validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ok"


def test_validate_names_an_unknown_key_and_the_allowed_ones(cli, tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("lora:\n  rank: 16\n")
    result = cli("config", "validate", path)
    assert_one_line_error(result, 2, "unknown config key 'lora.rank'", "allowed keys in lora: r, alpha, dropout")


def test_validate_names_a_bad_value_and_the_allowed_values(cli, tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("train:\n  optimizer: adam\n")
    result = cli("config", "validate", path)
    assert_one_line_error(result, 2, "train.optimizer = 'adam' is not allowed",
                          "allowed values: adamw_torch, paged_adamw_8bit, adamw_8bit")
    assert result.stdout == ""


def test_validate_a_wrong_type_and_a_bad_override(cli, tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("train:\n  epochs: two\n")
    assert_one_line_error(cli("config", "validate", path), 2, "train.epochs = 'two' must be a number")
    path.write_text("train:\n  epochs: 2\n")
    assert_one_line_error(cli("config", "validate", path, "--set", "train.batching=bucket"), 2,
                          "train.batching = 'bucket' is not allowed", "auto, packed, length-grouped, padded")


def test_validate_a_missing_file_and_broken_yaml(cli, tmp_path):
    assert_one_line_error(cli("config", "validate", tmp_path / "nope.yaml"), 2, "does not exist", "check the path")
    path = tmp_path / "broken.yaml"
    path.write_text("train:\n  lr: [1\n")
    assert_one_line_error(cli("config", "validate", path), 2, "is not valid YAML", "fix the syntax")


def test_memory_says_chatdoctor_8b_fits_24_gb(cli):
    result = cli("config", "memory", "chatdoctor-8b", "--gpu-gb", "24")
    assert result.exit_code == 0, result.output
    assert "meta-llama/Meta-Llama-3-8B-Instruct: lora-8bit, LoRA r64" in result.stdout
    assert "of 24.0 GiB: fits" in result.stdout
    assert "to fit:" not in result.stdout
    for part in ("weights", "adapter", "gradients", "optimizer", "activations", "logits", "peak"):
        assert f"  {part}" in result.stdout


def test_memory_names_what_would_make_it_fit(cli):
    result = cli("config", "memory", "chatdoctor-8b", "--set", "train.method=lora",
                 "--set", "train.gradient_checkpointing=false")
    assert result.exit_code == 0, result.output
    assert "does NOT fit" in result.stdout
    assert "to fit: --set train.gradient_checkpointing=true (~" in result.stdout


def test_memory_json_and_a_config_file(cli, tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("preset: rs1-1b\ntrain:\n  gradient_checkpointing: true\n")
    result = cli("config", "memory", path, "--gpu-gb", "8", "--json")
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert plan["preset"] == "rs1-1b" and plan["device_total_bytes"] == 8 << 30
    assert plan["allocated_bytes"] == sum(plan["parts"].values()) < plan["total_bytes"]
    assert isinstance(plan["fits"], bool)
    assert plan["trainable_params"] == 11_272_192


def test_memory_of_the_demo_preset_reads_no_network(cli):
    result = cli("config", "memory", "demo")
    assert result.exit_code == 0, result.output
    assert "demo:smollm2-135m-instruct" in result.stdout and "fits" in result.stdout


def test_memory_rejects_a_bad_gpu_size(cli):
    result = cli("config", "memory", "demo", "--gpu-gb", "0")
    assert result.exit_code == 2 and "--gpu-gb" in result.stderr


def test_memory_rejects_an_unknown_target_module(cli):
    result = cli("config", "memory", "rs1-1b", "--set", "lora.target_modules=[qkv]")
    assert_one_line_error(result, 2, "qkv, not a Llama projection", "all-linear")
