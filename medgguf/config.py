"""The run configuration: typed sections, presets, YAML files and command-line overrides.

Resolution order: preset (``medgguf/presets/<name>.yaml``) < ``--config FILE`` < ``--set
section.key=value``. Every key is checked: an unknown key or a value of the wrong type or
outside its allowed set is an InputError naming the key and what is allowed.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from medgguf.errors import InputError

PRESETS_DIR = Path(__file__).resolve().parent / "presets"
DEMO_BASE_MODEL = "demo:smollm2-135m-instruct"
DEMO_UPSTREAM = "HuggingFaceTB/SmolLM2-135M-Instruct"  # what the embedded demo model is
DEFAULT_SYSTEM_PROMPT = "If you are a doctor, please answer the medical questions based on the patient's description."


@dataclass
class ModelConfig:
    base: str = DEMO_BASE_MODEL
    """HF hub id, local HF directory, or demo:smollm2-135m-instruct (the embedded demo model)."""
    chat_template: str | None = None
    """Jinja chat template (a file path or the template itself) for a tokenizer that lacks one."""
    revision: str | None = None
    allow_pickle: bool = False
    """Load a base model saved only as pickle (.bin/.pt) checkpoints, which can run code on load."""


@dataclass
class SourceConfig:
    path: str | None = None
    """Local .json/.jsonl/.csv/.parquet file (optionally .gz); ${MEDGGUF_SHARED_DATA} expands."""
    hub: str | None = None
    """Hub data set id, used when path is unset or absent on this machine."""
    subset: str | None = None
    """Hub configuration name, e.g. pqa_labeled for qiaojin/PubMedQA."""
    schema: str = "auto"
    """auto (detected from the columns) or one of `medgguf data inspect --help`'s schemas."""
    split: str = "train"
    """Hub split to load."""
    name: str | None = None
    """Label in stats and row ids; defaults to the file's stem or the hub id."""
    rows: int | None = None
    """Take this many of the source's cleaned rows (a seeded sample)."""
    fraction: float | None = None
    """Or this fraction of them (0 < fraction <= 1)."""
    weight: float | None = None
    """Relative share of this source in the mix; sources without one weigh 1 when any has one."""


@dataclass
class DataConfig:
    sources: list[SourceConfig] = field(default_factory=list)
    system_prompt: str = DEFAULT_SYSTEM_PROMPT
    splits: list[float] = field(default_factory=lambda: [0.9, 0.05, 0.05])
    max_tokens: int = 1024
    """Rows longer than this after the chat template are dropped, never truncated (truncation cuts
    the end-of-turn token)."""
    min_answer_chars: int = 2
    rows: int | None = None
    """Sample this many rows from the mixed sources (after cleaning)."""
    disclaimer: str | None = None
    """Opt-in line appended to every training answer."""
    seed: int = 42


@dataclass
class LoraConfig:
    r: int = 16
    alpha: int = 32
    dropout: float = 0.05
    target_modules: list[str] | str = "all-linear"


@dataclass
class TrainConfig:
    method: Literal["lora", "qlora", "lora-8bit"] = "lora"
    epochs: float = 1.0
    max_steps: int = -1
    batch_size: int = 4
    grad_accum: int = 4
    lr: float = 2e-4
    scheduler: Literal["cosine", "linear", "constant"] = "cosine"
    warmup_ratio: float = 0.03
    optimizer: Literal["adamw_torch", "paged_adamw_8bit", "adamw_8bit"] = "adamw_torch"
    precision: Literal["auto", "bf16", "fp16", "fp32"] = "auto"
    gradient_checkpointing: bool = False
    neftune_alpha: float | None = None
    end_of_turn_weight: float = 1.0
    """Loss weight of the end-of-turn token against 1 for every other answer token: above 1 the
    model learns harder where to stop. Training only; evaluation losses stay unweighted."""
    max_length: int = 1024
    batching: Literal["auto", "packed", "length-grouped", "padded"] = "auto"
    """auto: padding-free packing on CPU, right padding on CUDA (with SDPA attention a packed row
    cost more than the padding it saved: scripts/bench_train_gpu.py, 1.7x on an H100)."""
    eval_steps: int = 50
    eval_rows: int | None = None
    """Evaluate on at most this many validation/test rows (a CPU demo's budget); null = all."""
    save_steps: int = 50
    logging_steps: int = 5
    save_total_limit: int = 2
    report_to: Literal["tensorboard", "wandb", "none"] = "tensorboard"
    seed: int = 42
    threads: int | None = None


@dataclass
class QuantizeConfig:
    types: list[str] = field(default_factory=lambda: ["Q4_K_M"])
    imatrix: bool = False
    imatrix_chunks: int = 32
    imatrix_ctx: int = 512


@dataclass
class VerifyConfig:
    question: str = "What are the early symptoms of type 2 diabetes?"
    max_tokens: int = 256
    quant: str = "Q4_K_M"
    repeat_penalty: float = 1.1
    """Greedy (argmax) decoding with llama.cpp's classic 1.1 repetition penalty over the last 64
    tokens: small models (the 135M demo) loop under pure greedy decoding. 1.0 = pure greedy."""
    sampled_questions: int = 4
    """Held-out (test split) questions that verify also answers by sampling at the chat's own
    defaults, as a user of `medgguf chat` would get them; 0 = off."""
    sampled_seeds: int = 2
    """Answers per question, each with its own seed."""
    max_cut_off: float = 0.5
    """verify fails when more than this share of the sampled answers reach the chat's max tokens
    without ending their turn: a guard against a broken build (the demo cuts off 5-20% at the
    defaults), not the quality bar, which compare's degeneration table measures."""
    max_repeated_sentences: float = 0.10
    """verify fails when more than this share of the sampled answers' sentences repeat an earlier
    sentence of the same answer (a loop)."""


@dataclass
class RehearsalConfig:
    preset: str | None = None
    """The preset this run rehearses on a shaped random base (`medgguf build --preset P --rehearse`)."""
    swaps: list[str] = field(default_factory=list)
    """Each change the rehearsal made to the preset, and why."""


@dataclass
class Config:
    preset: str | None = None
    description: str = ""
    model: ModelConfig = field(default_factory=ModelConfig)
    data: DataConfig = field(default_factory=DataConfig)
    lora: LoraConfig = field(default_factory=LoraConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    quantize: QuantizeConfig = field(default_factory=QuantizeConfig)
    verify: VerifyConfig = field(default_factory=VerifyConfig)
    rehearsal: RehearsalConfig = field(default_factory=RehearsalConfig)

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)

    def section(self, name: str) -> dict:
        return dataclasses.asdict(getattr(self, name))

    def model_identity(self) -> dict:
        """The model section as stages fingerprint it: allow_pickle permits a load but changes no
        result, so turning it on (or adding the key) never redoes a finished stage."""
        return {key: value for key, value in self.section("model").items() if key != "allow_pickle"}


# --------------------------------------------------------------------------------------------
# Building a Config from plain data, with every key and value checked


def list_presets() -> list[str]:
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))


def preset_path(name: str) -> Path:
    path = PRESETS_DIR / f"{name}.yaml"
    if not path.exists():
        raise InputError(f"unknown preset {name!r}", f"choose one of: {', '.join(list_presets())}")
    return path


def read_yaml(path: Path) -> dict:
    import yaml  # here, not at the top: `medgguf --help` reads the dataclasses' defaults only

    path = Path(path)
    if not path.exists():
        raise InputError(f"config file {path} does not exist", "check the path")
    try:
        data = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(f"config file {path} is not valid YAML{where}", "fix the syntax") from exc
    if not isinstance(data, dict):
        raise InputError(f"config file {path} must hold a mapping of sections", "see `medgguf config show demo`")
    return data


def parse_override(text: str) -> tuple[list[str], Any]:
    """``train.lr=1e-4`` -> (["train", "lr"], 0.0001); the value is read as YAML."""
    import yaml

    key, sep, raw = text.partition("=")
    if not sep or not key.strip():
        raise InputError(f"override {text!r} is not KEY=VALUE", "write it like --set train.lr=1e-4")
    try:
        value = yaml.safe_load(raw) if raw.strip() else None
    except yaml.YAMLError:
        value = raw
    return key.strip().split("."), value


def deep_merge(base: dict, update: dict) -> dict:
    merged = dict(base)
    for key, value in update.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve(
    preset: str | None = "demo", config_file: Path | None = None, overrides: typing.Sequence[str] = ()
) -> Config:
    """preset < ``config_file`` < ``overrides``, checked; a file names its own preset."""
    data: dict = {}
    if config_file is not None:
        data = read_yaml(config_file)
        preset = data.get("preset", preset)
    if preset:
        data = deep_merge(read_yaml(preset_path(preset)), data)
        data["preset"] = preset
    return from_data(data, overrides)


def from_data(data: dict, overrides: typing.Sequence[str] = ()) -> Config:
    """A Config from plain data (a parsed YAML file, a manifest's copy) with ``overrides`` applied."""
    data = copy.deepcopy(data)
    for override in overrides:
        keys, value = parse_override(override)
        cursor = data
        for key in keys[:-1]:
            cursor = cursor.setdefault(key, {})
            if not isinstance(cursor, dict):
                raise InputError(f"override {override!r}: {key} is not a section", "see `medgguf config show`")
        cursor[keys[-1]] = value
    config = build(Config, data, "")
    if config.train.end_of_turn_weight <= 0:
        raise InputError(
            f"train.end_of_turn_weight = {config.train.end_of_turn_weight} must be above 0",
            "use 1 for the plain loss, or a weight such as 2 to stress where answers end",
        )
    return config


def build(cls: type, data: Any, where: str):
    if not isinstance(data, dict):
        raise InputError(
            f"{where or 'config'} must be a mapping, got {type(data).__name__}",
            f"allowed keys: {', '.join(f.name for f in dataclasses.fields(cls))}",
        )
    hints = typing.get_type_hints(cls)
    allowed = {f.name: f for f in dataclasses.fields(cls)}
    kwargs = {}
    for key, value in data.items():
        dotted = f"{where}.{key}" if where else str(key)
        if key not in allowed:
            raise InputError(
                f"unknown config key {dotted!r}", f"allowed keys{' in ' + where if where else ''}: {', '.join(allowed)}"
            )
        kwargs[key] = _coerce(hints[key], value, dotted)
    return cls(**kwargs)


def _coerce(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, value if value is not None else {}, where)
    if origin is Literal:
        allowed = get_args(hint)
        if value not in allowed:
            raise InputError(f"{where} = {value!r} is not allowed", f"allowed values: {', '.join(map(str, allowed))}")
        return value
    if origin in (typing.Union, types.UnionType):
        options = get_args(hint)
        if value is None and type(None) in options:
            return None
        errors = []
        for option in (o for o in options if o is not type(None)):
            try:
                return _coerce(option, value, where)
            except InputError as exc:
                errors.append(exc)
        raise (
            errors[0]
            if len(errors) == 1
            else InputError(f"{where} = {value!r} has the wrong type", f"expected {_describe(hint)}")
        )
    if origin is list:
        (item,) = get_args(hint)
        if not isinstance(value, list):
            raise InputError(f"{where} = {value!r} must be a list", f"expected {_describe(hint)}")
        return [_coerce(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            if isinstance(value, str):
                try:
                    return float(value)
                except ValueError:
                    pass
            raise InputError(f"{where} = {value!r} must be a number", "for example 0.0002 or 2e-4")
        return float(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(f"{where} = {value!r} must be a whole number", "for example 16")
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise InputError(f"{where} = {value!r} must be true or false", "write true or false")
        return value
    if hint is str:
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise InputError(f"{where} = {value!r} must be text", "quote it in the YAML")
        return expand(str(value))
    return value


def expand(text: str) -> str:
    """Expand ${VARS}; ${MEDGGUF_SHARED_DATA} defaults to ../shared/data beside the checkout."""
    if "${" not in text:
        return text
    from medgguf import paths

    env = {"MEDGGUF_SHARED_DATA": str(paths.SHARED_DATA_DIR), **os.environ}
    for name, value in env.items():
        text = text.replace("${" + name + "}", value)
    return text


def _describe(hint: Any) -> str:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(a) for a in get_args(hint))
    if origin is list:
        return f"a list of {_describe(get_args(hint)[0])}"
    if hint is type(None):
        return "null"
    return getattr(hint, "__name__", str(hint))


def dump(config: Config) -> str:
    import yaml

    return yaml.safe_dump(config.to_dict(), sort_keys=False, allow_unicode=True)


def upstream_base(cfg: Config | None) -> str:
    """The hub id of a run's base model (the demo model's upstream for the demo base)."""
    base = cfg.model.base if cfg is not None else DEMO_BASE_MODEL
    return DEMO_UPSTREAM if base in (DEMO_BASE_MODEL, "demo") else str(base)


def dataset_ids(cfg: Config | None) -> list[str]:
    """Hub ids of a run's data sources, or file names where a source is a local file."""
    ids = []
    for source in cfg.data.sources if cfg is not None else []:
        if source.hub:
            ids.append(source.hub)
        elif source.path:
            ids.append(Path(source.path).name)
    return ids
