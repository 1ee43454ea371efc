"""A PEFT LoRA adapter directory checked before anything loads it: its adapter_config.json
against the tensors in adapter_model.safetensors, and both against the base model's weights.

PEFT itself is lenient where it matters most (peft 0.21): weights for modules the config does not
target are skipped without a word, and targets without weights keep their zero-initialised
lora_B (a warning among many), so an adapter whose config was edited, or whose weights file came
from another adapter, merges into a model that lacks part of the training. A rank that differs fails deep in
``load_state_dict`` with a multi-line error. Everything here is read from the JSON config and
the safetensors headers alone, so the check takes milliseconds and loads no tensor.

    check_adapter(adapter_dir, base=None) -> AdapterFacts   or an InputError naming the problem
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from medgguf.errors import InputError

CONFIG = "adapter_config.json"
WEIGHTS = "adapter_model.safetensors"
# PEFT saves "base_model.model.<module>.lora_A.weight"; <module>.weight is the base's tensor.
_PREFIX = "base_model.model."
_LORA_TENSOR = re.compile(r"^(?P<module>.+)\.lora_(?P<kind>A|B|embedding_A|embedding_B)(?:\.[^.]+)?\.weight$")


@dataclass(frozen=True)
class AdapterFacts:
    rank: int
    alpha: float
    target_modules: list[str] | str | None
    modules: int  # modules the weights adapt


def check_adapter(adapter_dir: Path, base: str | Path | None = None, *, fix: str | None = None) -> AdapterFacts:
    """``adapter_dir``'s config and weights, checked against each other and, for a local base
    directory, against the base's tensor shapes. ``fix`` is what the error tells the user to do
    (for a run's adapter: train it again)."""
    adapter_dir = Path(adapter_dir)
    fix = fix or "use the adapter_config.json saved with these weights, or train the adapter again"
    config = _read_config(adapter_dir)
    weights = adapter_dir / WEIGHTS
    if not weights.is_file():
        raise InputError(f"{adapter_dir} has {CONFIG} but no {WEIGHTS}", fix)
    from medgguf.models import safetensors_shapes

    shapes = safetensors_shapes(weights)
    rank = _positive_int(config, "r", adapter_dir)
    rank_pattern = config.get("rank_pattern") or {}
    targets = config.get("target_modules")
    adapted: dict[str, dict[str, list[int]]] = {}
    for name, shape in shapes.items():
        match = _LORA_TENSOR.match(name)
        if match:
            adapted.setdefault(match["module"], {})[match["kind"]] = shape
    if not adapted:
        raise InputError(f"{weights} holds no LoRA weights (no lora_A/lora_B tensors)", fix)

    for module, pair in adapted.items():
        short = module.removeprefix(_PREFIX)
        expected = _pattern_value(rank_pattern, short, rank)
        for kind, shape in sorted(pair.items()):
            found = shape[0] if kind in ("A", "embedding_A") else shape[-1]
            if len(shape) != 2 or found != expected:
                raise InputError(
                    f"{adapter_dir / CONFIG} says r={expected} for {short}, but {WEIGHTS} holds rank-{found} "
                    f"weights ({module}.lora_{kind}.weight is {list(shape)}): the config and the weights "
                    "are from different adapters",
                    fix,
                )
    _check_targets(adapter_dir, config, targets, adapted, fix)
    if base is not None and Path(base).is_dir():
        _check_base(adapter_dir, Path(base), adapted)
    return AdapterFacts(
        rank=rank, alpha=float(config.get("lora_alpha") or rank), target_modules=targets, modules=len(adapted)
    )


def retrain_fix(run) -> str:
    """The fix for a run's adapter whose config and weights disagree."""
    return (
        f"put back the {CONFIG} saved with these weights, or train the adapter again: "
        f"`medgguf build --name {run.name} --force train`"
    )


def _read_config(adapter_dir: Path) -> dict:
    path = adapter_dir / CONFIG
    if not path.is_file():
        raise InputError(
            f"{adapter_dir} has no {CONFIG}", "point at a PEFT adapter directory (the run's adapter/, from training)"
        )
    try:
        config = json.loads(path.read_text())
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(f"{path} is not valid JSON ({exc})", "restore the file PEFT saved, or train again") from None
    if not isinstance(config, dict):
        raise InputError(f"{path} holds a JSON {type(config).__name__}, not an object", "restore the file PEFT saved")
    if str(config.get("peft_type", "")).upper() != "LORA":
        raise InputError(
            f"{path} is a {config.get('peft_type')!r} adapter, not LoRA", "medgguf merges and exports LoRA adapters"
        )
    return config


def _positive_int(config: dict, key: str, adapter_dir: Path) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise InputError(f"{adapter_dir / CONFIG} has {key}={value!r}, not a positive integer", "restore the file")
    return value


def _pattern_value(patterns: dict, module: str, default: int) -> int:
    """PEFT's rank_pattern lookup: a key matches a module name as a regex on a dotted suffix."""
    for key, value in patterns.items():
        if re.match(rf"(.*\.)?({key})$", module):
            return int(value)
    return default


def _targets(module: str, targets: list[str] | str) -> bool:
    """PEFT's target_modules rule: a regex matched on the whole name, or names matched as a suffix."""
    if isinstance(targets, str):
        return re.fullmatch(targets, module) is not None
    return any(module == t or module.endswith(f".{t}") for t in targets)


def _check_targets(
    adapter_dir: Path, config: dict, targets, adapted: dict[str, dict[str, list[int]]], fix: str
) -> None:
    if targets in (None, "all-linear") or config.get("target_parameters"):
        return  # resolved by PEFT at load time, against the base: nothing to compare here
    if not isinstance(targets, str | list):
        raise InputError(f"{adapter_dir / CONFIG} has target_modules={targets!r}", "restore the file PEFT saved")
    names = [module.removeprefix(_PREFIX) for module in adapted]
    strays = [name for name in names if not _targets(name, targets)]
    if strays:
        raise InputError(
            f"{adapter_dir / CONFIG} targets {_listing(targets)}, but {WEIGHTS} also adapts {strays[0]}"
            f"{f' and {len(strays) - 1} more modules' if len(strays) > 1 else ''}, which PEFT would silently skip: "
            "the config and the weights are from different adapters",
            fix,
        )
    # Targets restricted to some layers (layers_to_transform, exclude_modules) may match no weight by design.
    if isinstance(targets, list) and not config.get("layers_to_transform") and not config.get("exclude_modules"):
        missing = [t for t in targets if not any(_targets(name, [t]) for name in names)]
        if missing:
            raise InputError(
                f"{adapter_dir / CONFIG} targets {', '.join(missing)}, but {WEIGHTS} has no weights for "
                f"{'it' if len(missing) == 1 else 'them'} (it adapts {_listing(_kinds(names))}), so PEFT would "
                "leave those modules untrained: the config and the weights are from different adapters",
                fix,
            )


def _check_base(adapter_dir: Path, base: Path, adapted: dict[str, dict[str, list[int]]]) -> None:
    from medgguf.models import safetensors_shapes

    base_shapes: dict[str, list[int]] = {}
    for shard in sorted(base.glob("*.safetensors")):
        base_shapes.update(safetensors_shapes(shard))
    if not base_shapes:
        return  # a pickle-only base (opted in): PEFT's own load is the check
    fix = "merge or export it with the base model it was trained on, or train it again on this one"
    for module, pair in adapted.items():
        short = module.removeprefix(_PREFIX)
        weight = base_shapes.get(f"{short}.weight")
        if weight is None:
            raise InputError(
                f"the adapter in {adapter_dir} adapts {short}, which the base model {base} does not have", fix
            )
        a, b = pair.get("A"), pair.get("B")
        if a is not None and b is not None and len(weight) == 2 and (b[0], a[1]) != (weight[0], weight[1]):
            raise InputError(
                f"the adapter in {adapter_dir} was trained for a {a[1]}->{b[0]} {short}, but the base model "
                f"{base} has {weight[1]}->{weight[0]}",
                fix,
            )


def _kinds(names: list[str]) -> list[str]:
    return sorted({name.rsplit(".", 1)[-1] for name in names})


def _listing(targets: list[str] | str) -> str:
    return ", ".join(sorted(targets)) if isinstance(targets, list) else repr(targets)
