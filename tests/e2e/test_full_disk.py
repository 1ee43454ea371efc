"""A disk that fills up while convert or quantize writes its GGUF.

The run directory sits on a size-limited tmpfs (so this needs root, as CI has; it skips, saying
so, for anyone else). The build passes its free-space check; once the stage's partial output
shows, a ballast file takes every byte left, as another program filling the disk would. Then:
one `error:` line saying the disk is full (exit 2), no partial file and no final file for the
stage, and, with the ballast gone, the same command completes with the uninterrupted build's
q4_K_M, byte for byte.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from medgguf import atomic
from medgguf.run import RunDir

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

TMPFS_SIZE = "900m"  # merged/ (260 MiB) + F16 (258 MiB) + quantize's free-space check (~170 MiB) + small files


@pytest.fixture
def small_disk(tmp_path):
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited tmpfs needs root (CI runs as root)")
    mount = tmp_path / "small-disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={TMPFS_SIZE}", "tmpfs", str(mount)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"root, yet cannot mount a tmpfs: {result.stderr.strip()}"
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def _victim(demo_run: RunDir, disk: Path, keep: tuple[str, ...]) -> RunDir:
    """The demo run on ``disk``: what convert and quantize read, copied (a symlinked merged/
    hashes differently, so convert would not count as done), and of gguf/ only ``keep``."""
    run = RunDir(disk / "runs" / demo_run.name)
    run.root.mkdir(parents=True)
    for name in ("manifest.json", "config.yaml"):
        shutil.copy2(demo_run.root / name, run.root / name)
    for name in ("data", "adapter", "reports", "convert", "merged"):
        shutil.copytree(demo_run.root / name, run.root / name)
    (run.root / "gguf").mkdir()
    for name in keep:
        shutil.copy2(demo_run.gguf_dir / name, run.gguf_dir / name)
    return run


def _fill_when_partial(proc: subprocess.Popen, target: Path, disk: Path) -> Path:
    partial = atomic.partial_name(target)
    deadline = time.monotonic() + 600
    while not (partial.exists() and partial.stat().st_size > 0):
        if proc.poll() is not None:
            pytest.fail(f"the build ended before writing {partial.name}:\n{proc.stderr.read()[-3000:]}")
        assert time.monotonic() < deadline
        time.sleep(0.01)
    ballast = disk / "ballast"
    with ballast.open("wb") as handle:
        # In 1 MiB steps until the disk refuses: the stage keeps writing meanwhile.
        size = 0
        while True:
            try:
                os.posix_fallocate(handle.fileno(), size, 1 << 20)
            except OSError:
                break
            size += 1 << 20
    return ballast


@pytest.mark.parametrize("stage", ["convert", "quantize"])
def test_a_disk_filling_mid_write_is_one_line_and_the_rerun_completes(demo_run, small_disk, stage):
    uninterrupted = atomic.sha256_file(demo_run.gguf_file("q4_K_M"))
    keep = ("demo-f16.gguf",) if stage == "quantize" else ()
    run = _victim(demo_run, small_disk, keep)
    target = run.gguf_file("q4_K_M") if stage == "quantize" else run.gguf_file("f16")
    command = medgguf_command("build", "--name", run.name, "--runs-dir", run.root.parent)

    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    ballast = _fill_when_partial(proc, target, small_disk)
    stderr = proc.communicate(timeout=600)[1]
    assert proc.returncode == 2, stderr[-3000:]
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and ("disk filled up" in errors[0] or "disk is full" in errors[0]), stderr[-3000:]
    assert "Traceback" not in stderr
    assert not target.exists() and not atomic.partial_name(target).exists()
    assert not list(run.root.rglob(f"*{atomic.PARTIAL_SUFFIX}"))
    json.loads(run.manifest_path.read_text())

    ballast.unlink()
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr[-3000:]
    assert atomic.sha256_file(run.gguf_file("q4_K_M")) == uninterrupted
