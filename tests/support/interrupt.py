"""Ctrl-C as a terminal sends it, and what medgguf must leave after it (imported by the
end-to-end fault tests, not collected)."""
from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time

import psutil


def ctrl_c(proc: subprocess.Popen) -> None:
    """SIGINT to the command's whole process group, as a terminal's Ctrl-C: the llama.cpp tool it
    is running gets it too. ``proc`` must have been started with ``start_new_session=True``."""
    os.killpg(proc.pid, signal.SIGINT)


def assert_interrupted(proc: subprocess.Popen, stderr: str) -> None:
    """Exit 130 with one `error:` line that says so, no traceback, and nothing of the command
    left running: no tool it started outlives it."""
    assert proc.returncode == 130, f"exit {proc.returncode}:\n{stderr[-3000:]}"
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "interrupted" in errors[0], stderr[-3000:]
    assert "Traceback" not in stderr, stderr[-3000:]
    left = _still_running(proc.pid)
    assert not left, f"still running after the command exited: {left}"


def _still_running(group: int, grace: float = 2.0) -> list[str]:
    """The live processes of ``group`` (zombies aside), after up to ``grace`` seconds; any found
    are killed, so a failing test leaves nothing behind."""
    deadline = time.monotonic() + grace
    while True:
        found = []
        for process in psutil.process_iter(["pid", "cmdline", "status"]):
            try:
                if os.getpgid(process.pid) == group and process.info["status"] != psutil.STATUS_ZOMBIE:
                    found.append(process)
            except (ProcessLookupError, psutil.Error):
                continue
        if not found or time.monotonic() >= deadline:
            break
        time.sleep(0.05)
    if found:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)
    return [" ".join(process.info["cmdline"] or []) or str(process.pid) for process in found]
