"""The build pipeline: stages in order, each skipped when its inputs and config are unchanged.

    data -> train -> merge -> convert -> quantize -> verify

A stage module exposes ``plan(run, cfg) -> StagePlan`` (what it reads, the config that shapes
its output, what it writes, the disk it needs) and ``execute(run, cfg, options) -> metrics``. This module
hashes the inputs, decides whether to skip, checks the disk, runs the stage and records it in
the manifest.
"""
from __future__ import annotations

import importlib
import logging
import os
import platform
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from medgguf import atomic, config as config_mod
from medgguf.config import Config
from medgguf.errors import InputError
from medgguf.run import RunDir, StageRecord, check_disk, human_bytes, now

log = logging.getLogger(__name__)

STAGES = ("data", "train", "merge", "convert", "quantize", "verify")
_MODULES = {"data": "medgguf.stages.data", "train": "medgguf.stages.train", "merge": "medgguf.stages.merge",
            "convert": "medgguf.stages.convert", "quantize": "medgguf.stages.quantize", "verify": "medgguf.stages.verify"}


@dataclass
class StagePlan:
    inputs: list[Path]
    config: dict
    outputs: list[Path]
    disk_bytes: int = 0
    # Things that identify an input without hashing it (a hub id, a large base model's file list).
    input_ids: dict = field(default_factory=dict)


@dataclass(frozen=True)
class StageOptions:
    """Per-invocation choices that do not change a stage's output, so are not fingerprinted."""

    resume: bool = False
    threads: int | None = None


@dataclass
class StageOutcome:
    name: str
    skipped: bool
    seconds: float
    metrics: dict


def check_stage_names(names: Sequence[str]) -> list[str]:
    for name in names:
        if name not in STAGES:
            raise InputError(f"unknown stage {name!r}", f"stages are: {', '.join(STAGES)}")
    return list(names)


def stage_module(name: str):
    return importlib.import_module(_MODULES[name])


def is_main_process() -> bool:
    """Under `accelerate launch` (DDP) only rank 0 writes the config and the manifest."""
    return os.environ.get("RANK", "0") == "0"


def prepare_run(run: RunDir, cfg: Config) -> None:
    """Write the resolved config and the run's identity before any stage starts."""
    if not is_main_process():
        return
    run.root.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(run)
    atomic.write_text(run.path("config.yaml"), config_mod.dump(cfg))
    manifest = run.load()
    manifest.setdefault("created_at", now())
    manifest["config"] = cfg.to_dict()
    manifest["tools"] = tool_versions()
    run.save(manifest)


def _sweep_leftovers(run: RunDir) -> None:
    """Remove the temporaries of a killed earlier build; the final files they shadowed are intact."""
    for leftover in sorted(run.root.rglob(f"*{atomic.PARTIAL_SUFFIX}")):
        log.info("removing %s, left by an interrupted build", run.rel(leftover))
        atomic.remove(leftover)


def run_stages(run: RunDir, cfg: Config, *, only: Sequence[str] | None = None,
               force: Sequence[str] = (), options: StageOptions = StageOptions()) -> list[StageOutcome]:
    names = check_stage_names(only) if only else list(STAGES)
    forced = set(check_stage_names(force))
    prepare_run(run, cfg)
    return [run_stage(run, cfg, name, force=name in forced, options=options) for name in names]


def run_stage(run: RunDir, cfg: Config, name: str, *, force: bool = False,
              options: StageOptions = StageOptions()) -> StageOutcome:
    module = stage_module(name)
    plan: StagePlan = module.plan(run, cfg)
    for path in plan.inputs:
        if not Path(path).exists():
            raise InputError(f"stage {name} needs {run.rel(path)}, which does not exist",
                             f"run the earlier stages first: `medgguf build --name {run.name}`")
    inputs = run.describe_all(plan.inputs)
    fingerprint = run.fingerprint({**inputs, **{k: {"sha256": str(v)} for k, v in plan.input_ids.items()}},
                                  plan.config)
    if not force and run.is_fresh(name, fingerprint):
        log.info("%s: unchanged, skipped (use --force %s to redo it)", name, name)
        return StageOutcome(name, True, 0.0, (run.stage(name) or {}).get("metrics", {}))
    if plan.disk_bytes:
        check_disk(run.root, plan.disk_bytes, f"the {name} stage")
    log.info("%s: starting%s", name, f" (needs about {human_bytes(plan.disk_bytes)} of disk)"
             if plan.disk_bytes > 50 << 20 else "")
    started_at, started = now(), time.monotonic()
    metrics = module.execute(run, cfg, options) or {}
    seconds = round(time.monotonic() - started, 2)
    if not is_main_process():
        return StageOutcome(name, False, seconds, metrics)
    outputs = run.describe_all([p for p in plan.outputs if Path(p).exists()])
    run.record(name, StageRecord(fingerprint=fingerprint, inputs={**inputs, **plan.input_ids},
                                 outputs=outputs, config=plan.config, started_at=started_at,
                                 seconds=seconds, metrics=metrics))
    log.info("%s: done in %.1f s", name, seconds)
    return StageOutcome(name, False, seconds, metrics)


def tool_versions() -> dict:
    from importlib import metadata

    from medgguf import __version__

    from medgguf.llamacpp import build as native

    found = {"medgguf": __version__, "python": platform.python_version()}
    for package in ("torch", "transformers", "peft", "datasets", "gguf", "bitsandbytes", "llama-cpp-python"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = None
    found["llama.cpp"] = native.versions()
    return found
