"""The run directory: every path a build reads or writes, the resolved config, the manifest, and
the fingerprint cache that skips work whose inputs and settings are unchanged.

    runs/<name>/
      manifest.json   config, per-stage inputs/outputs (sha256, size), tool versions, timings
      config.yaml     the resolved config
      data/ train/ adapter/ merged/ convert/ gguf/ calibration/ compare/ cache/ reports/ transcripts/

``run.cached(name, inputs, config, produce)`` is the one cache: the pipeline's stages, compare's
quantized files and bench rows, and the importance matrices all go through it. It runs
``produce`` unless the manifest's record ``name`` has the same fingerprint (the hashes of what
it reads plus its config) and the outputs it recorded are still there with the recorded sizes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medgguf import __version__, atomic
from medgguf.errors import DiskSpaceError, InputError
from medgguf.llamacpp.quant_types import variant_stem

if TYPE_CHECKING:
    from medgguf.config import Config

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
LOCK = ".lock"
CONFIG = "config.yaml"
STATS_FILE = "stats.json"


def split_file_name(split: str) -> str:
    """train.jsonl, val.jsonl, test.jsonl."""
    return f"{split}.jsonl"


@dataclass
class StageRecord:
    fingerprint: str
    inputs: dict[str, dict]
    outputs: dict[str, dict]
    config: Any
    started_at: str
    seconds: float
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Cached:
    """What ``RunDir.cached`` did: ran ``produce`` (and how long it took) or skipped it."""

    name: str
    skipped: bool
    seconds: float
    metrics: dict


def is_main_process() -> bool:
    """Under `accelerate launch` (DDP) only rank 0 writes the config and the manifest, and holds
    the run's lock."""
    return os.environ.get("RANK", "0") == "0"


class RunDir:
    def __init__(self, root: Path):
        self.root = Path(root)

    @property
    def name(self) -> str:
        return self.root.name

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    # -- layout: every file a build reads or writes ------------------------------------------
    @property
    def manifest_path(self) -> Path:
        return self.root / MANIFEST

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG

    @property
    def data_dir(self) -> Path:
        return self.path("data")

    def split_file(self, split: str) -> Path:
        """data/<split>.jsonl: train, val or test."""
        return self.data_dir / split_file_name(split)

    @property
    def stats_file(self) -> Path:
        return self.data_dir / STATS_FILE

    @property
    def checkpoints_dir(self) -> Path:
        return self.path("train", "checkpoints")

    @property
    def tensorboard_dir(self) -> Path:
        return self.path("train", "tensorboard")

    @property
    def adapter_dir(self) -> Path:
        return self.path("adapter")

    @property
    def merged_dir(self) -> Path:
        return self.path("merged")

    @property
    def convert_metadata_file(self) -> Path:
        return self.path("convert", "metadata.json")

    @property
    def gguf_dir(self) -> Path:
        return self.path("gguf")

    def gguf_file(self, label: str) -> Path:
        """gguf/<run-name>-<label>.gguf, label being f16, q4_K_M, base-f16, ..."""
        return self.gguf_dir / f"{self.name}-{label}.gguf"

    def built_f16(self) -> Path:
        """The F16 GGUF that quantization, bench and compare start from; an InputError that says
        how to build it where the run has none."""
        f16 = self.gguf_file("f16")
        if not f16.exists():
            raise InputError(
                f"the run {self.name!r} has no F16 GGUF ({f16})",
                f"build it first with `medgguf build --name {self.name}`, or check --name/--runs-dir",
            )
        return f16

    def quant_file(self, qtype: str, imatrix: str = "none", *, under: str = "gguf") -> Path:
        """A quantized file: gguf/<run>-q4_K_M.gguf, or <run>-q4_K_M-imatrix-train.gguf when
        quantized with the training split's importance matrix; compare's copies live under compare/."""
        return self.path(under, f"{self.name}-{variant_stem(qtype, imatrix)}.gguf")

    def imatrix_file(self, source: str = "train") -> Path:
        return self.gguf_dir / f"imatrix-{source}.gguf"

    def calibration_file(self, source: str) -> Path:
        """The text an importance matrix was made from."""
        return self.path("calibration", f"{source}.txt")

    def heldout_file(self, split: str) -> Path:
        """The held-out split(s) as the plain text llama-perplexity reads: test or val+test."""
        return self.reports_dir / f"heldout-{split.replace('+', '-')}.txt"

    @property
    def compare_dir(self) -> Path:
        return self.path("compare")

    def export_dir(self, target: str) -> Path:
        """export/<target>/: what `medgguf export --to TARGET` lays out (ollama, lmstudio, release, lora)."""
        return self.path("export", target)

    @property
    def cache_dir(self) -> Path:
        return self.path("cache")

    @property
    def reports_dir(self) -> Path:
        return self.path("reports")

    def report_file(self, name: str) -> Path:
        """reports/<name>: verify.json, compare.json, quality.json, loss.png, ..."""
        return self.reports_dir / name

    @property
    def report_md(self) -> Path:
        return self.root / "report.md"

    @property
    def model_card(self) -> Path:
        return self.gguf_dir / "README.md"

    @property
    def transcripts_dir(self) -> Path:
        return self.path("transcripts")

    # -- one build at a time ---------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return self.root / LOCK

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the run directory for one build: a second build of the same run refuses at once.

        The lock is an flock on ``.lock``, which also records the holder's PID for the message.
        The kernel drops an flock when its process dies, however it dies, so a lock left by a
        killed build is stale by construction: the next build takes it over (and says so).
        Under `accelerate launch` the ranks are one build: rank 0 holds the lock for all of them.
        """
        if not is_main_process():
            yield
            return
        created = [d for d in (self.root, *self.root.parents) if not d.exists()]
        while True:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
            except FileNotFoundError:  # another build just removed the empty directory it made
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                raise InputError(
                    f"run {self.name!r} is being built by another medgguf process"
                    + (f" (PID {holder})" if holder else "")
                    + f" that holds {self.lock_path}",
                    "wait for it to finish, or build under another --name",
                ) from None
            # A holder that released (and removed the file) between our open and our flock
            # leaves us locking a file no longer at the path: open it again.
            try:
                same = os.stat(self.lock_path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        stale = _read_pid(fd)
        if stale and stale != os.getpid():
            log.warning("run %s: took over the lock of process %d, which is no longer running", self.name, stale)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            self.lock_path.unlink(missing_ok=True)
            os.close(fd)
            # A build that stopped before writing anything leaves no empty run directory behind.
            for directory in created:
                with contextlib.suppress(OSError):
                    directory.rmdir()

    # -- the resolved config -----------------------------------------------------------------
    def config(self, overrides: Sequence[str] = ()) -> Config | None:
        """The config this run was built with (config.yaml, else the manifest's copy), with
        ``overrides`` applied; None for a directory no build has written to."""
        from medgguf import config as config_module

        if self.config_file.exists():
            return config_module.resolve(None, self.config_file, overrides)
        saved = self.load().get("config") if self.manifest_path.exists() else None
        return config_module.from_data(saved, overrides) if saved else None

    def save_config(self, cfg: Config) -> None:
        from medgguf import config as config_module

        atomic.write_text(self.config_file, config_module.dump(cfg))

    # -- manifest --------------------------------------------------------------------------
    def load(self) -> dict:
        if not self.manifest_path.exists():
            return {"medgguf_version": __version__, "name": self.name, "stages": {}}
        try:
            return dict(json.loads(self.manifest_path.read_text()))
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{self.manifest_path} is not valid JSON ({exc.msg} at line {exc.lineno})",
                "restore it or start a new run with another --name",
            ) from exc

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
        manifest.setdefault("stages", {})[name] = asdict(record)
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

    def describe_all(self, paths: Sequence[Path]) -> dict[str, dict]:
        return {self.rel(p): atomic.describe(p) for p in paths}

    def fingerprint(self, inputs: Mapping[str, dict], config: Any) -> str:
        material = json.dumps(
            {"inputs": {k: v["sha256"] for k, v in sorted(inputs.items())}, "config": config},
            sort_keys=True,
            default=str,
        )
        return hashlib.sha256(material.encode()).hexdigest()

    def is_fresh(self, name: str, fingerprint: str) -> bool:
        """True when ``name`` ran with this fingerprint and its outputs are still intact."""
        record = self.stage(name)
        if not record or record.get("fingerprint") != fingerprint:
            return False
        for rel_path, described in record.get("outputs", {}).items():
            path = self.root / rel_path if not Path(rel_path).is_absolute() else Path(rel_path)
            if not path.exists():
                return False
            size = (
                sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() else path.stat().st_size
            )
            if size != described.get("size"):
                return False
        return True

    def cached(
        self,
        name: str,
        inputs: Sequence[Path] | Mapping[str, dict],
        config: Any,
        produce: Callable[[], dict | None],
        *,
        outputs: Sequence[Path] = (),
        input_ids: Mapping[str, Any] | None = None,
        force: bool = False,
        record: bool = True,
    ) -> Cached:
        """``produce()`` unless record ``name`` holds this fingerprint and intact outputs.

        ``inputs`` are paths to hash, or their descriptions when the caller already hashed them;
        ``input_ids`` identify inputs without hashing (a hub id, a large base model's file list).
        ``produce`` writes ``outputs`` and returns metrics, which are recorded with what was
        read and written and handed back on a skip. ``record=False`` (a DDP worker) runs without
        writing the manifest.
        """
        described = dict(inputs) if isinstance(inputs, Mapping) else self.describe_all(inputs)
        ids = dict(input_ids or {})
        fingerprint = self.fingerprint({**described, **{k: {"sha256": str(v)} for k, v in ids.items()}}, config)
        if not force and self.is_fresh(name, fingerprint):
            return Cached(name, True, 0.0, (self.stage(name) or {}).get("metrics", {}))
        started_at, started = now(), time.monotonic()
        metrics = produce() or {}
        seconds = round(time.monotonic() - started, 2)
        if record:
            written = self.describe_all([p for p in outputs if Path(p).exists()])
            self.record(
                name,
                StageRecord(
                    fingerprint=fingerprint,
                    inputs={**described, **ids},
                    outputs=written,
                    config=config,
                    started_at=started_at,
                    seconds=seconds,
                    metrics=metrics,
                ),
            )
        return Cached(name, False, seconds, metrics)


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip() or 0) or None
    except (OSError, ValueError):
        return None


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
            fix or "free some space or point MEDGGUF_RUNS / --runs-dir at a larger disk",
        )


def human_bytes(count: float) -> str:
    """Binary units, named as such: 270,885,696 bytes is "258.3 MiB"."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(count) < 1024 or unit == "TiB":
            return f"{count:.0f} {unit}" if unit == "B" else f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TiB"
