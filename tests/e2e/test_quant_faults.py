"""kill -9 and Ctrl-C in the middle of an importance matrix and of `medgguf compare`, then the same
command again, on copies of the session's demo build (hard links: every write is a rename).

The importance matrix is no stage of its own: `medgguf build --imatrix` makes it inside the
quantize stage (gguf/imatrix-train.gguf, from the training split), and `medgguf compare` makes it
before its first quantization. compare writes compare/<run>-<type>[-imatrix-train].gguf, a bench
row per file (manifest records) and reports/compare.{json,csv}, pareto.png.

After each kill: manifest.json is valid JSON and every file it records is intact or absent
(none truncated). A Ctrl-C (SIGINT to the command's process group, as a terminal sends it, so the
llama.cpp tool gets it too) also exits 130 with one `error:` line, no traceback, no `*.partial`
and no tool left running. Then the same command exits 0, redoes only what is missing (earlier
stages and bench rows measured before the signal are reused), leaves no `*.partial`, and gives
the uninterrupted command's files byte for byte and its bench numbers exactly. llama-imatrix records
its text file's absolute path in the matrix, and llama-quantize the matrix's in the GGUF, so the
uninterrupted and the interrupted runs are made at the same path, one after the other.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from medgguf import atomic
from medgguf.run import RunDir
from tests.support.interrupt import assert_interrupted, ctrl_c

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

IMATRIX = ("--imatrix", "--set", "quantize.imatrix_chunks=2", "--set", "quantize.imatrix_ctx=256")
COMPARE = ("--types", "q4_0", "--imatrix", "none,train", "--ctx", "256", "--chunks", "2", "--imatrix-chunks", "2",
           "--imatrix-ctx", "256", "--threads", "2", "--no-speed", "--no-quality")
# What a bench row measures (its path, timings and threads aside): equal after a resumed compare.
MEASURED = ("label", "file_size", "n_params", "bits_per_weight", "tokens_scored", "ppl", "ppl_stderr", "ppl_base",
            "delta_ppl", "delta_ppl_stderr", "kld_mean", "kld_mean_stderr", "kld_median", "kld_p99", "kld_max",
            "same_top_pct", "same_top_pct_stderr")


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """The runs directory every run of this module is made in, one at a time."""
    return tmp_path_factory.mktemp("runs")


@contextlib.contextmanager
def _copy_at(demo_run: RunDir, place: Path, keep: Path) -> Iterator[RunDir]:
    """The demo build copied to ``place`` (hard links), moved to ``keep`` afterwards."""
    run = RunDir(place / demo_run.name)
    shutil.copytree(demo_run.root, run.root, copy_function=os.link)
    # Earlier tests of the session (the mix, compare) leave importance matrices and compare files
    # in the shared build; every case here starts without them, as after a plain build.
    for matrix in run.gguf_dir.glob("imatrix-*.gguf"):
        matrix.unlink()
    for made_later in (run.path("calibration"), run.compare_dir):
        shutil.rmtree(made_later, ignore_errors=True)
    try:
        yield run
    finally:
        shutil.move(run.root, keep / demo_run.name)


def _command(run: RunDir, name: str, *extra: str) -> list[str]:
    return medgguf_command(name, "--name", run.name, "--runs-dir", run.root.parent, *extra)


def _partials(run: RunDir) -> list[Path]:
    return sorted(run.root.rglob(f"*{atomic.PARTIAL_SUFFIX}"))


def _no_truncated_outputs(run: RunDir) -> dict:
    manifest = json.loads(run.manifest_path.read_text())  # valid JSON, or this raises
    recorded = {}
    for name, record in manifest["stages"].items():
        for relative, described in record.get("outputs", {}).items():
            path = run.root / relative
            if path.exists():
                assert atomic.describe(path)["sha256"] == described["sha256"], f"{name}: {relative} differs"
            recorded[relative] = described["sha256"]
    return recorded


def _tool(name: str, argument: str | None = None) -> Callable[[psutil.Process], bool]:
    """A child process running llama.cpp's ``name``, with ``argument`` (a flag, or a path's end)
    among its arguments."""

    def running(child: psutil.Process) -> bool:
        argv = child.cmdline()
        return (
            bool(argv)
            and Path(argv[0]).name == name
            and (argument is None or any(a == argument or a.endswith(argument) for a in argv[1:]))
        )

    return running


def _kill_when(proc: subprocess.Popen, running: Callable[[psutil.Process], bool], what: str, log: Path) -> None:
    """SIGKILL the command's process group (its tool children too, as closing a terminal would)
    as soon as one of its children is ``running``."""
    _wait_for(proc, running, what, log)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _ctrl_c_when(proc: subprocess.Popen, running: Callable[[psutil.Process], bool], what: str, log: Path) -> None:
    """Ctrl-C (SIGINT to the process group) as soon as one of the command's children is
    ``running``; then exit 130 with one line, no traceback and no tool left running."""
    _wait_for(proc, running, what, log)
    ctrl_c(proc)
    proc.wait(timeout=120)
    assert_interrupted(proc, log.read_text())


def _wait_for(proc: subprocess.Popen, running: Callable[[psutil.Process], bool], what: str, log: Path) -> None:
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 900
    while True:
        assert proc.poll() is None, f"the command ended before {what}:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"no {what} within 900 s"
        try:
            if any(running(child) for child in parent.children(recursive=True)):
                break
        except (psutil.NoSuchProcess, psutil.ZombieProcess, psutil.AccessDenied):
            pass  # a child that just exited
        time.sleep(0.005)


def _start(command: list[str], log: Path) -> subprocess.Popen:
    with log.open("w") as stderr:
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)


def _run(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return " ".join(result.stderr.split())  # Rich wraps long log lines


# --------------------------------------------------------------------------------------------
# The importance matrix of `medgguf build --imatrix`


def _imatrix_outputs(run: RunDir) -> dict[str, str]:
    files = (run.imatrix_file("train"), run.quant_file("Q4_K_M", "train"))
    return {path.name: atomic.sha256_file(path) for path in files}


@pytest.fixture(scope="module")
def imatrix_built(demo_run, place, tmp_path_factory) -> RunDir:
    """The uninterrupted `medgguf build --imatrix`, kept (verify has checked its q4_K_M)."""
    keep = tmp_path_factory.mktemp("imatrix-straight")
    with _copy_at(demo_run, place, keep) as run:
        _run(_command(run, "build", *IMATRIX))
    return RunDir(keep / demo_run.name)


@pytest.fixture(scope="module")
def imatrix_build(imatrix_built) -> dict[str, str]:
    """The uninterrupted `medgguf build --imatrix`: its matrix and q4_K_M, by name."""
    return _imatrix_outputs(imatrix_built)


def test_kill_9_during_the_importance_matrix_then_the_build_again(demo_run, place, tmp_path, imatrix_build):
    with _copy_at(demo_run, place, tmp_path) as run:
        log = tmp_path / "killed.log"
        _kill_when(_start(_command(run, "build", *IMATRIX), log), _tool("llama-imatrix"), "llama-imatrix ran", log)
        _no_truncated_outputs(run)
        assert not run.imatrix_file("train").exists() and not run.quant_file("Q4_K_M", "train").exists()

        again = _run(_command(run, "build", *IMATRIX))
        for stage in ("data", "train", "merge", "convert"):
            assert f"{stage}: unchanged, skipped" in again, again[-3000:]
        assert "quantize: done" in again and "verify: done" in again
        assert not _partials(run), _partials(run)
        _no_truncated_outputs(run)
        assert _imatrix_outputs(run) == imatrix_build


def test_ctrl_c_during_the_importance_matrix_then_the_build_again(place, tmp_path, imatrix_built, imatrix_build):
    """From the finished `build --imatrix` without its matrix and q4_K_M: Ctrl-C while
    llama-imatrix runs, then the build again makes both byte-identical, so verify (which checked
    that q4_K_M) is skipped."""
    with _copy_at(imatrix_built, place, tmp_path) as run:  # the copy drops the matrix
        atomic.remove(run.quant_file("Q4_K_M", "train"))
        log = tmp_path / "interrupted.log"
        _ctrl_c_when(_start(_command(run, "build", *IMATRIX), log), _tool("llama-imatrix"), "llama-imatrix ran", log)
        assert not _partials(run), _partials(run)
        _no_truncated_outputs(run)
        assert not run.imatrix_file("train").exists() and not run.quant_file("Q4_K_M", "train").exists()

        again = _run(_command(run, "build", *IMATRIX))
        for stage in ("data", "train", "merge", "convert", "verify"):
            assert f"{stage}: unchanged, skipped" in again, again[-3000:]
        assert "quantize: done" in again and "took over the lock" not in again, again[-3000:]
        assert not _partials(run), _partials(run)
        _no_truncated_outputs(run)
        assert _imatrix_outputs(run) == imatrix_build


# --------------------------------------------------------------------------------------------
# `medgguf compare`


def _compare_outputs(run: RunDir) -> tuple[dict[str, str], list[dict]]:
    files = {path.name: atomic.sha256_file(path) for path in sorted(run.compare_dir.glob("*.gguf"))}
    files["imatrix-train.gguf"] = atomic.sha256_file(run.imatrix_file("train"))
    rows = json.loads(run.report_file("compare.json").read_text())["rows"]
    return files, [{key: row[key] for key in MEASURED} for row in rows]


@pytest.fixture(scope="module")
def compared(demo_run, place, tmp_path_factory) -> tuple[dict[str, str], list[dict]]:
    """The uninterrupted compare: its files' sha256 and its rows' measurements."""
    with _copy_at(demo_run, place, tmp_path_factory.mktemp("compare-straight")) as run:
        _run(_command(run, "compare", *COMPARE))
        files, rows = _compare_outputs(run)
    assert [row["label"] for row in rows] == ["f16", "q4_0", "q4_0+imatrix-train"]
    return files, rows


# Where compare is killed, and how many of its 3 bench rows the next compare reuses: the matrix
# comes before any row; the f16 row, then q4_0 is quantized and benched, then q4_0 with the matrix.
KILL_POINTS = {
    "imatrix": (_tool("llama-imatrix"), 0),
    "bench": (_tool("llama-perplexity", "-q4_0.gguf"), 1),
    "quantize": (_tool("llama-quantize", "--imatrix"), 2),
}


SIGNALS = {"kill-9": _kill_when, "ctrl-c": _ctrl_c_when}
# Ctrl-C in compare's importance matrix is the build's case above (the same function makes it).
COMPARE_FAULTS = [(point, fault) for fault in SIGNALS for point in KILL_POINTS
                  if (point, fault) != ("imatrix", "ctrl-c")]


@pytest.mark.parametrize(("point", "fault"), COMPARE_FAULTS, ids=[f"{p}-{f}" for p, f in COMPARE_FAULTS])
def test_kill_9_or_ctrl_c_during_compare_then_compare_again(demo_run, place, tmp_path, compared, point, fault):
    running, reused = KILL_POINTS[point]
    with _copy_at(demo_run, place, tmp_path) as run:
        log = tmp_path / "signalled.log"
        SIGNALS[fault](_start(_command(run, "compare", *COMPARE), log), running, f"{point} ran", log)
        if fault == "ctrl-c":
            assert not _partials(run), _partials(run)
        recorded = _no_truncated_outputs(run)
        for path in run.compare_dir.glob("*.gguf"):  # a quantized file under its final name is a recorded one
            assert recorded.get(run.rel(path)) == atomic.sha256_file(path), path

        again = _run(_command(run, "compare", *COMPARE))
        if reused:
            assert f"reused {reused} of 3 bench rows" in again, again[-3000:]
        else:
            assert "reused" not in again, again[-3000:]
        assert not _partials(run), _partials(run)
        _no_truncated_outputs(run)
        assert _compare_outputs(run) == compared
