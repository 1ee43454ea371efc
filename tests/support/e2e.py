"""Fixtures shared by the export and serve end-to-end tests (imported by them, not collected)."""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from medgguf import paths
from medgguf.run import RunDir
from tests.conftest import medgguf_command


def demo(request) -> RunDir:
    """The demo build: the session's `demo_run`, or MEDGGUF_TEST_DEMO_RUN=/path/to/runs/demo to
    reuse an existing one (its export/ folder is rewritten)."""
    explicit = os.environ.get("MEDGGUF_TEST_DEMO_RUN")
    if explicit:
        return RunDir(Path(explicit))
    return request.getfixturevalue("demo_run")


def run_cli(*args, timeout: float = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(medgguf_command(*args), capture_output=True, text=True, timeout=timeout, check=False,
                            env={**os.environ, "MEDGGUF_CACHE": str(paths.cache_root()), **(env or {})})
    if result.returncode != 0:
        pytest.fail(f"medgguf {' '.join(map(str, args))} failed ({result.returncode}):\n{result.stderr[-4000:]}")
    return result
