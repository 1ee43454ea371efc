"""A rehearsal: a seed preset run end to end on a laptop, on the shaped base of its model.

``medgguf build --preset P --rehearse`` keeps what decides whether the real build works (the
tokenizer, the chat template, the model's shape, the LoRA targets, r and alpha, the method with
its k-bit loading, the optimizer, response-only labels, max_length) and shrinks what only costs
time (random weights, a few steps, local data). Every change is written into the run's config as
``rehearsal.swaps``, so the manifest says what was not the preset's.
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

from medgguf import models, paths
from medgguf.config import DEMO_BASE_MODEL, Config, RehearsalConfig, SourceConfig
from medgguf.errors import InputError

STEPS = 3
MAX_BATCH = 2
EVAL_ROWS = 8
# verify compares the HF and llama.cpp tokenizers on every message of the held-out split: enough
# rows that the comparison covers more than 200 texts (a question and an answer per row).
HELD_OUT_ROWS = 120
MAX_ROWS = 3000

# Local files of ../shared/data, by schema, that stand in for a hub-only source.
LOCAL_BY_SCHEMA = {
    "chatdoctor": "chatdoctor/chatdoctor5k.json",
    "ai-medical-chatbot": "chatdoctor/chatdoctor5k.json",
    "medquad": "medquad/medquad.jsonl",
    "pubmedqa": "pubmedqa/ori_pqal.json",
    "medqa": "medqa/US_4_options_sample.jsonl",
}
# A schema whose stand-in file has another schema.
STAND_IN_SCHEMA = {"ai-medical-chatbot": "chatdoctor"}


def rehearse(cfg: Config) -> Config:
    """The rehearsal of ``cfg``'s recipe; ``cfg`` itself is unchanged."""
    swaps: list[str] = []
    model = replace(cfg.model, base=_shaped_base(cfg.model.base, swaps))
    data = replace(cfg.data, sources=[_local_source(s, swaps) for s in cfg.data.sources] or [_default_source(swaps)])
    rows = _rows_for_held_out(cfg.data.splits)
    swaps.append(f"data.rows: {cfg.data.rows} -> {rows} (enough held-out rows for verify's tokenizer parity)")
    data = replace(data, rows=rows)
    train = _short_training(cfg, swaps)
    return replace(cfg, model=model, data=data, train=train, rehearsal=RehearsalConfig(preset=cfg.preset, swaps=swaps))


def _shaped_base(base: str, swaps: list[str]) -> str:
    if base == DEMO_BASE_MODEL or models.shape_of(base) is not None:
        return base
    shape = models.shape_for_upstream(base)
    if shape is None:
        names = ", ".join(s.upstream for s in models.SHAPES.values())
        raise InputError(
            f"no shaped base stands in for {base!r} in a rehearsal",
            f"rehearse a preset on one of {names}, or pass --base {next(iter(models.SHAPES.values())).spec}",
        )
    swaps.append(
        f"model.base: {base} -> {shape.spec} (its published shape, shrunk, random weights, "
        "the real tokenizer and chat template)"
    )
    return shape.spec


def _local_source(source: SourceConfig, swaps: list[str]) -> SourceConfig:
    local = Path(source.path).expanduser() if source.path else None
    label = source.path or source.hub
    if local is None or not local.exists():
        relative = LOCAL_BY_SCHEMA.get(source.schema, LOCAL_BY_SCHEMA["medquad"])
        schema = STAND_IN_SCHEMA.get(source.schema, source.schema if source.schema in LOCAL_BY_SCHEMA else "medquad")
        local = paths.SHARED_DATA_DIR / relative
        if not local.exists():
            raise InputError(
                f"the rehearsal's stand-in data {local} is missing",
                f"put the shared data sets at {paths.SHARED_DATA_DIR} (or set MEDGGUF_SHARED_DATA)",
            )
        swaps.append(f"data source {label} ({source.schema}) -> {local} ({schema}): the hub is not used in a rehearsal")
        source = replace(source, path=str(local), hub=None, subset=None, schema=schema)
    if source.rows is not None or source.fraction is not None:
        swaps.append(f"data source {label}: rows/fraction {source.rows or source.fraction} -> all, then data.rows")
        source = replace(source, rows=None, fraction=None)
    return source


def _default_source(swaps: list[str]) -> SourceConfig:
    path = paths.SHARED_DATA_DIR / LOCAL_BY_SCHEMA["medquad"]
    swaps.append(f"data: no sources -> {path}")
    return SourceConfig(path=str(path), schema="medquad")


def _rows_for_held_out(splits: list[float]) -> int:
    held_out = splits[2] if len(splits) > 2 and splits[2] > 0 else splits[-1]
    return min(MAX_ROWS, math.ceil(HELD_OUT_ROWS / (held_out / sum(splits))))


def _short_training(cfg: Config, swaps: list[str]):
    train = cfg.train
    changes: dict[str, Any] = {
        "max_steps": STEPS,
        "batch_size": min(train.batch_size, MAX_BATCH),
        "grad_accum": 1,
        "eval_steps": STEPS,
        "save_steps": STEPS,
        "eval_rows": EVAL_ROWS,
        "logging_steps": 1,
        "report_to": "none",
    }
    if train.precision == "fp16":
        # CPU autocast has no fp16; bf16 is the nearest half precision that runs there.
        changes["precision"] = "bf16"
    for key, value in changes.items():
        if getattr(train, key) != value:
            swaps.append(f"train.{key}: {getattr(train, key)} -> {value}")
    if "paged" in train.optimizer:
        swaps.append(
            f"train.optimizer: {train.optimizer} runs unpaged on CPU (bitsandbytes pages only CUDA memory); "
            "its 8-bit state is kept"
        )
    return replace(train, **changes)
