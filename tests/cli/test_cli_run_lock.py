"""One build per run directory: a second `medgguf build --name X` while one holds the run
refuses at once (exit 2, one line naming the holder's PID); a lock left by a killed build is
taken over; different names build side by side. The holders are real processes."""
from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medgguf.errors import InputError
from medgguf.run import RunDir
from tests.cli.conftest import assert_one_line_error

REPO = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from medgguf.run import RunDir
with RunDir(sys.argv[1]).lock():
    print("held", flush=True)
    sys.stdin.read()
"""


def hold(run_root: Path) -> subprocess.Popen:
    """A process that holds ``run_root``'s lock until its stdin closes."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(run_root)], cwd=REPO, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
    assert process.stdout.readline().strip() == "held"
    return process


def release(process: subprocess.Popen) -> None:
    process.stdin.close()
    process.wait(timeout=30)


def test_a_second_build_of_a_held_run_refuses_at_once(cli, tmp_path):
    holder = hold(tmp_path / "runs" / "x")
    try:
        started = time.monotonic()
        result = cli("build", "--name", "x", "--runs-dir", tmp_path / "runs")
        assert time.monotonic() - started < 10
        assert_one_line_error(result, 2, "run 'x' is being built by another medgguf process",
                              f"(PID {holder.pid})", "--name")
        # The holder's lock is untouched: still there, still naming it.
        assert (tmp_path / "runs" / "x" / ".lock").read_text().strip() == str(holder.pid)
    finally:
        release(holder)
    assert not (tmp_path / "runs" / "x" / ".lock").exists()


@pytest.mark.parametrize("command", ["train", "quantize", "verify"])
def test_single_stage_commands_take_the_same_lock(cli, tmp_path, command):
    holder = hold(tmp_path / "runs" / "x")
    try:
        assert_one_line_error(cli(command, "--name", "x", "--runs-dir", tmp_path / "runs"), 2, "being built")
    finally:
        release(holder)


def test_a_lock_left_by_a_killed_build_is_taken_over(tmp_path, caplog):
    root = tmp_path / "runs" / "x"
    holder = hold(root)
    holder.kill()  # SIGKILL: no cleanup, the lock file stays with a dead PID in it
    holder.wait()
    assert (root / ".lock").read_text().strip() == str(holder.pid)
    with caplog.at_level(logging.WARNING, logger="medgguf"), RunDir(root).lock():
        assert (root / ".lock").read_text().strip() == str(os.getpid())
    assert f"took over the lock of process {holder.pid}, which is no longer running" in caplog.text
    assert not (root / ".lock").exists()


def test_a_lock_whose_holder_was_interrupted_is_released(tmp_path):
    root = tmp_path / "runs" / "x"
    holder = hold(root)
    holder.send_signal(signal.SIGINT)
    holder.wait(timeout=30)
    with RunDir(root).lock():
        pass


def test_two_names_lock_side_by_side_and_the_same_name_refuses_in_process(tmp_path):
    first, second = RunDir(tmp_path / "runs" / "a"), RunDir(tmp_path / "runs" / "b")
    with first.lock(), second.lock():
        assert (first.lock_path.exists(), second.lock_path.exists()) == (True, True)
        with pytest.raises(InputError, match=rf"run 'a' is being built .*\(PID {os.getpid()}\)"), first.lock():
            pass
    assert not first.lock_path.exists() and not second.lock_path.exists()


def test_processes_racing_for_one_run_never_hold_it_together(tmp_path):
    root = tmp_path / "runs" / "x"
    race = """
import sys, time
from medgguf.errors import InputError
from medgguf.run import RunDir
for _ in range(20):
    try:
        with RunDir(sys.argv[1]).lock():
            start = time.monotonic()
            time.sleep(0.05)
            print(start, time.monotonic(), flush=True)
    except InputError:
        time.sleep(0.01)
"""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen([sys.executable, "-c", race, str(root)], cwd=REPO, env=env, text=True,
                                  stdout=subprocess.PIPE) for _ in range(4)]
    held = sorted(tuple(map(float, line.split())) for p in processes for line in p.communicate(timeout=120)[0].split("\n") if line)
    assert len(held) >= 5  # the lock changed hands many times...
    # ...and no two holds overlap in time.
    assert all(end <= next_start for (_, end), (next_start, _) in zip(held, held[1:])), held
    assert not (root / ".lock").exists()
