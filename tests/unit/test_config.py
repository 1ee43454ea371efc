"""Config validation: unknown keys, bad Literal values, wrong types, overrides, shipped presets."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from medgguf import config
from medgguf.errors import InputError

RECIPES = ["rs1-1b", "doctor-llama-3b", "chatdoctor-8b", "hippocratically-3b", "med-llama-1b"]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.yaml"
    path.write_text(text)
    return path


def test_unknown_top_level_key_names_it_and_the_allowed_keys(tmp_path):
    with pytest.raises(InputError) as caught:
        config.resolve(preset=None, config_file=write(tmp_path, "trian:\n  lr: 1e-4\n"))
    assert "unknown config key 'trian'" in caught.value.problem
    assert "train" in caught.value.fix and "lora" in caught.value.fix


def test_unknown_nested_key_is_named_with_its_section(tmp_path):
    with pytest.raises(InputError) as caught:
        config.resolve(preset=None, config_file=write(tmp_path, "train:\n  learning_rate: 1e-4\n"))
    assert "'train.learning_rate'" in caught.value.problem
    assert "allowed keys in train:" in caught.value.fix and "lr" in caught.value.fix


def test_unknown_key_inside_a_source_list_item(tmp_path):
    text = "data:\n  sources:\n    - path: a.jsonl\n      shema: medquad\n"
    with pytest.raises(InputError) as caught:
        config.resolve(preset=None, config_file=write(tmp_path, text))
    assert "'data.sources[0].shema'" in caught.value.problem
    assert "schema" in caught.value.fix


@pytest.mark.parametrize(("key", "value", "allowed"), [
    ("method", "qlora4", "lora, qlora, lora-8bit"),
    ("scheduler", "step", "cosine, linear, constant"),
    ("optimizer", "sgd", "adamw_torch, paged_adamw_8bit, adamw_8bit"),
    ("precision", "fp8", "auto, bf16, fp16, fp32"),
    ("batching", "bucketed", "auto, packed, length-grouped, padded"),
])
def test_bad_literal_value_lists_the_allowed_values(tmp_path, key, value, allowed):
    with pytest.raises(InputError) as caught:
        config.resolve(preset=None, config_file=write(tmp_path, f"train:\n  {key}: {value}\n"))
    assert f"train.{key} = {value!r} is not allowed" == caught.value.problem
    assert caught.value.fix == f"allowed values: {allowed}"


@pytest.mark.parametrize(("text", "message"), [
    ("train:\n  batch_size: four\n", "train.batch_size = 'four' must be a whole number"),
    ("train:\n  batch_size: 2.5\n", "train.batch_size = 2.5 must be a whole number"),
    ("train:\n  lr: fast\n", "train.lr = 'fast' must be a number"),
    ("train:\n  gradient_checkpointing: maybe\n", "train.gradient_checkpointing = 'maybe' must be true or false"),
    ("data:\n  splits: 0.9\n", "data.splits = 0.9 must be a list"),
    ("lora: 16\n", "lora must be a mapping"),
])
def test_wrong_type_names_the_key(tmp_path, text, message):
    with pytest.raises(InputError) as caught:
        config.resolve(preset=None, config_file=write(tmp_path, text))
    assert message in caught.value.problem


def test_yaml_floats_written_as_text_are_accepted(tmp_path):
    # PyYAML reads 2e-4 (no dot) as a string; the config still takes it as a number.
    cfg = config.resolve(preset=None, config_file=write(tmp_path, "train:\n  lr: 2e-4\n"))
    assert cfg.train.lr == pytest.approx(2e-4)


def test_overrides_beat_the_file_which_beats_the_preset(tmp_path):
    path = write(tmp_path, "preset: rs1-1b\ntrain:\n  lr: 1.0e-4\n  epochs: 3\n")
    cfg = config.resolve(preset=None, config_file=path, overrides=["train.epochs=1", "lora.target_modules=[q_proj]"])
    assert cfg.preset == "rs1-1b"
    assert cfg.model.base == "meta-llama/Llama-3.2-1B-Instruct"  # from the preset
    assert cfg.train.lr == pytest.approx(1e-4)                  # from the file
    assert cfg.train.epochs == 1.0                               # from --set
    assert cfg.lora.target_modules == ["q_proj"]


@pytest.mark.parametrize(("override", "message"), [
    ("train.method=qlora4", "train.method = 'qlora4' is not allowed"),
    ("train.nope=1", "unknown config key 'train.nope'"),
    ("train.lr", "is not KEY=VALUE"),
    ("train.lr.x=1", "lr is not a section"),
])
def test_bad_overrides_are_input_errors(override, message):
    with pytest.raises(InputError) as caught:
        config.resolve(preset="demo", overrides=[override])
    assert message in str(caught.value)


def test_unknown_preset_lists_the_shipped_ones():
    with pytest.raises(InputError) as caught:
        config.resolve(preset="rs2-1b")
    assert "unknown preset 'rs2-1b'" in caught.value.problem
    for name in RECIPES + ["demo"]:
        assert name in caught.value.fix


def test_every_recipe_is_shipped():
    assert set(RECIPES + ["demo"]) <= set(config.list_presets())


@pytest.mark.parametrize("name", sorted(set(RECIPES + ["demo"])))
def test_every_shipped_preset_validates_and_starts_with_its_command(name):
    cfg = config.resolve(preset=name)
    assert cfg.preset == name and cfg.description
    first_line = config.preset_path(name).read_text().splitlines()[0]
    assert first_line == f"# medgguf build --preset {name} --name {name}"
    # Schema names must be ones the data stage reads.
    from medgguf.data import schemas

    for source in cfg.data.sources:
        assert source.schema in schemas.names()
        assert source.path or source.hub
    # A dump of the resolved config resolves to the same config (show -> validate round trip).
    assert config.build(config.Config, yaml.safe_load(config.dump(cfg)), "") == cfg


def test_the_recipes_match_the_issue():
    rs1 = config.resolve(preset="rs1-1b")
    assert (rs1.lora.r, rs1.lora.alpha, rs1.lora.dropout) == (16, 32, 0.05)
    assert len(rs1.lora.target_modules) == 7
    assert (rs1.train.epochs, rs1.train.batch_size, rs1.train.grad_accum) == (2, 4, 4)
    assert (rs1.train.lr, rs1.train.scheduler, rs1.train.warmup_ratio) == (3e-4, "cosine", 0.03)
    assert (rs1.train.optimizer, rs1.train.max_length, rs1.train.precision) == ("paged_adamw_8bit", 1024, "bf16")
    assert rs1.data.splits == [0.95, 0.05]
    assert rs1.data.sources[0].hub == "lavita/ChatDoctor-HealthCareMagic-100k"

    doctor = config.resolve(preset="doctor-llama-3b")
    assert doctor.model.base == "meta-llama/Llama-3.2-3B-Instruct"
    assert doctor.train.method == "qlora" and doctor.lora.target_modules == ["q_proj", "v_proj"]
    assert [s.schema for s in doctor.data.sources] == ["ai-medical-chatbot", "pubmedqa"]
    assert [s.fraction for s in doctor.data.sources] == [0.1, 0.1]
    assert doctor.data.sources[1].subset == "pqa_labeled"

    chat = config.resolve(preset="chatdoctor-8b")
    assert chat.model.base == "meta-llama/Meta-Llama-3-8B-Instruct"
    assert (chat.lora.r, chat.lora.alpha, chat.lora.dropout) == (64, 128, 0.05)
    assert (chat.train.batch_size, chat.train.grad_accum, chat.train.epochs, chat.train.lr) == (2, 16, 3, 2e-5)
    assert chat.train.method == "lora-8bit" and chat.train.gradient_checkpointing
    assert chat.train.precision == "bf16" and chat.data.splits == [0.9, 0.05, 0.05]
    assert [s.schema for s in chat.data.sources] == ["chatdoctor", "medqa"]

    hippo = config.resolve(preset="hippocratically-3b")
    assert hippo.train.method == "qlora" and hippo.train.precision == "fp16"
    assert (hippo.lora.r, hippo.lora.alpha, hippo.lora.target_modules) == (8, 16, ["q_proj", "v_proj"])
    assert (hippo.data.rows, hippo.train.epochs, hippo.train.lr) == (1000, 1, 2e-4)
    assert hippo.data.sources[0].schema == "ai-medical-chatbot"

    med = config.resolve(preset="med-llama-1b")
    assert med.model.base == "meta-llama/Llama-3.2-1B-Instruct"
    assert (med.lora.r, med.lora.alpha, med.lora.target_modules) == (16, 32, "all-linear")
    assert med.data.splits == [0.8, 0.1, 0.1] and med.data.disclaimer
    assert med.train.neftune_alpha and med.train.lr == 1e-4
    assert med.data.sources[0].schema == "medquad"


@pytest.mark.parametrize(("requested", "device", "used"), [
    ("auto", "cpu", "packed"),
    ("auto", "cuda", "padded"),
    ("packed", "cuda", "packed"),
    ("length-grouped", "cpu", "length-grouped"),
])
def test_auto_batching_packs_on_cpu_and_pads_on_cuda(requested, device, used):
    from medgguf.stages.train import resolve_batching

    assert resolve_batching(requested, device) == used


def test_every_gpu_preset_leaves_batching_to_the_device():
    for preset in config.list_presets():
        if config.resolve(preset).train.precision != "fp32":
            assert config.resolve(preset).train.batching == "auto", preset


@pytest.mark.parametrize("weight", ["0", "-2"])
def test_an_end_of_turn_weight_of_zero_or_less_is_refused_with_the_fix(weight):
    with pytest.raises(InputError) as caught:
        config.resolve(overrides=[f"train.end_of_turn_weight={weight}"])
    assert caught.value.problem == f"train.end_of_turn_weight = {float(weight)} must be above 0"
    assert "use 1 for the plain loss" in (caught.value.fix or "")
