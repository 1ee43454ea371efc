"""The build pipeline: stages in order, each skipped when its inputs and config are unchanged.

    data -> train -> merge -> convert -> quantize -> verify

A stage module exposes ``plan(run, cfg) -> StagePlan`` (what it reads, the config that shapes
its output, what it writes, the disk it needs) and ``execute(run, cfg, options) -> metrics``.
This module checks the inputs and the disk and runs each stage through the run directory's
fingerprint cache (``RunDir.cached``), which skips it or records it in the manifest.
"""

from __future__ import annotations

import importlib
import logging
import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from medgguf import atomic
from medgguf.config import Config
from medgguf.errors import InputError
from medgguf.progress import Notify
from medgguf.run import Cached, RunDir, check_disk, human_bytes, is_main_process, now

log = logging.getLogger(__name__)

STAGES = ("data", "train", "merge", "convert", "quantize", "verify")

StageOutcome = Cached
"""What running a stage did: ran (and how long it took, with its metrics) or skipped it."""


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
    notify: Notify | None = None

    def report(self, description: str, done: float = 0, total: float | None = None) -> None:
        if self.notify is not None:
            self.notify(description, done, total)


def check_stage_names(names: Sequence[str]) -> list[str]:
    for name in names:
        if name not in STAGES:
            raise InputError(f"unknown stage {name!r}", f"stages are: {', '.join(STAGES)}")
    return list(names)


def stage_module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")


def prepare_run(run: RunDir, cfg: Config) -> None:
    """Write the resolved config and the run's identity before any stage starts."""
    if not is_main_process():
        return
    run.root.mkdir(parents=True, exist_ok=True)
    _sweep_leftovers(run)
    run.save_config(cfg)
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


def run_stages(
    run: RunDir,
    cfg: Config,
    *,
    only: Sequence[str] | None = None,
    force: Sequence[str] = (),
    options: StageOptions = StageOptions(),
) -> list[StageOutcome]:
    names = check_stage_names(only) if only else list(STAGES)
    forced = set(check_stage_names(force))
    prepare_run(run, cfg)
    return [run_stage(run, cfg, name, force=name in forced, options=options) for name in names]


def run_stage(
    run: RunDir, cfg: Config, name: str, *, force: bool = False, options: StageOptions = StageOptions()
) -> StageOutcome:
    module = stage_module(name)
    plan: StagePlan = module.plan(run, cfg)
    for path in plan.inputs:
        if not Path(path).exists():
            raise InputError(
                f"stage {name} needs {run.rel(path)}, which does not exist",
                f"run the earlier stages first: `medgguf build --name {run.name}`",
            )

    def execute() -> dict:
        if plan.disk_bytes:
            check_disk(run.root, plan.disk_bytes, f"the {name} stage")
        log.info(
            "%s: starting%s",
            name,
            f" (needs about {human_bytes(plan.disk_bytes)} of disk)" if plan.disk_bytes > 50 << 20 else "",
        )
        return module.execute(run, cfg, options) or {}

    main = is_main_process()  # under DDP only rank 0 records the stage and says it is done
    outcome = run.cached(
        name,
        plan.inputs,
        plan.config,
        execute,
        outputs=plan.outputs,
        input_ids=plan.input_ids,
        force=force,
        record=main,
    )
    if outcome.skipped:
        log.info("%s: unchanged, skipped (use --force %s to redo it)", name, name)
    elif main:
        log.info("%s: done in %.1f s", name, outcome.seconds)
    return outcome


def tool_versions() -> dict:
    from medgguf import __version__
    from medgguf.doctor import package_versions
    from medgguf.llamacpp.build import versions

    found: dict = {"medgguf": __version__, "python": platform.python_version()}
    found |= package_versions(("torch", "transformers", "peft", "datasets", "gguf", "bitsandbytes", "llama-cpp-python"))
    found["llama.cpp"] = versions()
    return found
