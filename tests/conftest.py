"""Shared fixtures and marker handling.

Markers: slow (real model or pipeline), gpu (needs CUDA), data (needs ../shared/data).
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from medgguf import paths


def pytest_collection_modifyitems(config, items):
    have_cuda = _cuda_available()
    have_data = paths.SHARED_DATA_DIR.is_dir()
    for item in items:
        if "gpu" in item.keywords and not have_cuda:
            item.add_marker(pytest.mark.skip(reason="needs CUDA"))
        if "data" in item.keywords and not have_data:
            item.add_marker(pytest.mark.skip(reason=f"needs {paths.SHARED_DATA_DIR}"))


def _cuda_available() -> bool:
    if os.environ.get("CUDA_VISIBLE_DEVICES") == "":
        return False
    return Path("/dev/nvidia0").exists() or Path("/dev/nvidiactl").exists()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a clean skip where this machine lacks it."""
    if not paths.SHARED_DATA_DIR.is_dir():
        pytest.skip(f"needs {paths.SHARED_DATA_DIR}")
    return paths.SHARED_DATA_DIR


@pytest.fixture(scope="session")
def demo_model_dir() -> Path:
    """The demo base model as an HF checkpoint (built once per machine, then cached)."""
    from medgguf.models import ensure_demo_model

    return ensure_demo_model()


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Invoke medgguf in process (CliRunner) in an isolated home and working directory; the
    per-machine cache (built llama.cpp, demo model) stays where it is."""
    monkeypatch.setenv("MEDGGUF_CACHE", str(paths.cache_root()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("MEDGGUF_RUNS", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "home").mkdir()
    from click.testing import CliRunner

    from medgguf.cli import main

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [str(a) for a in args])

    return invoke


def medgguf_command(*args: str) -> list[str]:
    """The real command line a user runs, as an argument list."""
    import sys

    return [sys.executable, "-m", "medgguf", *map(str, args)]


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory, shared_data):
    """One real demo build (`medgguf build --preset demo`), shared by every end-to-end test.

    No mocks: the demo model, transformers, PEFT and the vendored llama.cpp all run for real.
    Yields the RunDir; its gguf/demo-f16.gguf, gguf/demo-q4_K_M.gguf and data/*.jsonl exist.
    The demo preset trains on ../shared/data's MedQuAD (its hub fallback is unreachable here),
    so without that directory every test built on this run skips instead of failing.
    """
    import subprocess

    from medgguf.run import RunDir

    runs_dir = tmp_path_factory.mktemp("runs")
    env = {**os.environ, "MEDGGUF_CACHE": str(paths.cache_root())}
    result = subprocess.run(medgguf_command("build", "--preset", "demo", "--name", "demo",
                                            "--runs-dir", runs_dir),
                            capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        pytest.fail(f"demo build failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return RunDir(runs_dir / "demo")
