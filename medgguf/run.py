"""The run directory and its manifest: one source of truth for what a build read and wrote.

    runs/<name>/
      manifest.json   config, per-stage inputs/outputs (sha256, size), tool versions, timings
      config.yaml     the resolved config
      data/ adapter/ merged/ gguf/ reports/ transcripts/

A stage is skipped when its fingerprint (the hashes of what it reads plus its config) matches
the manifest and its recorded outputs are still there with the recorded sizes.
"""
from __future__ import annotations

import hashlib
import json
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medgguf import __version__, atomic
from medgguf.errors import DiskSpaceError, InputError

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"


@dataclass
class StageRecord:
    fingerprint: str
    inputs: dict[str, dict]
    outputs: dict[str, dict]
    config: dict
    started_at: str
    seconds: float
    metrics: dict = field(default_factory=dict)


class RunDir:
    def __init__(self, root: Path):
        self.root = Path(root)

    # -- layout ----------------------------------------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    @property
    def data_dir(self) -> Path:
        return self.path("data")

    @property
    def adapter_dir(self) -> Path:
        return self.path("adapter")

    @property
    def merged_dir(self) -> Path:
        return self.path("merged")

    @property
    def gguf_dir(self) -> Path:
        return self.path("gguf")

    @property
    def reports_dir(self) -> Path:
        return self.path("reports")

    @property
    def name(self) -> str:
        return self.root.name

    def gguf_file(self, label: str) -> Path:
        """<run>/gguf/<run-name>-<label>.gguf, label being f16, q4_K_M, ..."""
        return self.gguf_dir / f"{self.name}-{label}.gguf"

    # -- manifest --------------------------------------------------------------------------
    def load(self) -> dict:
        if not self.manifest_path.exists():
            return {"medgguf_version": __version__, "name": self.name, "stages": {}}
        try:
            return json.loads(self.manifest_path.read_text())
        except json.JSONDecodeError as exc:
            raise InputError(f"{self.manifest_path} is not valid JSON ({exc.msg} at line {exc.lineno})",
                             "restore it or start a new run with another --name") from exc

    def save(self, manifest: dict) -> None:
        manifest["updated_at"] = now()
        atomic.write_json(self.manifest_path, manifest)

    def update(self, **fields: Any) -> dict:
        manifest = self.load()
        manifest.update(fields)
        self.save(manifest)
        return manifest

    def stage(self, name: str) -> dict | None:
        return self.load().get("stages", {}).get(name)

    def record(self, name: str, record: StageRecord) -> None:
        manifest = self.load()
        manifest.setdefault("stages", {})[name] = record.__dict__
        self.save(manifest)

    def add_metrics(self, name: str, metrics: dict) -> None:
        manifest = self.load()
        manifest.setdefault("stages", {}).setdefault(name, {}).setdefault("metrics", {}).update(metrics)
        self.save(manifest)

    # -- hashing and skipping --------------------------------------------------------------
    def rel(self, path: Path) -> str:
        path = Path(path)
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def describe_all(self, paths: list[Path]) -> dict[str, dict]:
        return {self.rel(p): atomic.describe(p) for p in paths}

    def fingerprint(self, inputs: dict[str, dict], config: Any) -> str:
        material = json.dumps({"inputs": {k: v["sha256"] for k, v in sorted(inputs.items())},
                               "config": config}, sort_keys=True, default=str)
        return hashlib.sha256(material.encode()).hexdigest()

    def is_fresh(self, name: str, fingerprint: str) -> bool:
        """True when the stage ran with this fingerprint and its outputs are still intact."""
        record = self.stage(name)
        if not record or record.get("fingerprint") != fingerprint:
            return False
        for rel_path, described in record.get("outputs", {}).items():
            path = self.root / rel_path if not Path(rel_path).is_absolute() else Path(rel_path)
            if not path.exists():
                return False
            size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() \
                else path.stat().st_size
            if size != described.get("size"):
                return False
        return True


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def check_disk(directory: Path, needed_bytes: int, what: str, fix: str = "") -> None:
    """Refuse to start writing ``what`` when the disk cannot hold it (with a 10% margin)."""
    directory = Path(directory)
    probe = directory
    while not probe.exists():
        probe = probe.parent
    free = shutil.disk_usage(probe).free
    if needed_bytes * 1.1 > free:
        raise DiskSpaceError(
            f"not enough free disk for {what}: needs about {human_bytes(needed_bytes)}, "
            f"{human_bytes(free)} free on {probe}",
            fix or "free some space or point MEDGGUF_RUNS / --runs-dir at a larger disk")


def human_bytes(count: float) -> str:
    """Binary units, named as such: 270,885,696 bytes is "258.3 MiB"."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(count) < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TiB"
