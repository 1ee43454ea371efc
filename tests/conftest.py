"""Shared fixtures and marker handling.

Markers: slow (real model or pipeline), gpu (needs CUDA), data (needs ../shared/data).

A test that needs ../shared/data FAILS without it, never skips: a CI run on a machine without the
data would otherwise go green while the real pipeline never ran. Deselect such tests on purpose
with `-m "not data"`; every test that asks for the shared data or the demo build is marked data.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from medgguf import paths


# Fixtures that read ../shared/data (the demo preset trains on its MedQuAD).
DATA_FIXTURES = frozenset({"shared_data", "demo_run"})


def missing_data_message() -> str:
    return (
        f"the shared medical data is missing: these tests need it at {paths.SHARED_DATA_DIR} "
        "(a shared/data directory beside the checkout, or MEDGGUF_SHARED_DATA=DIR); "
        "deselect them on purpose with -m 'not data'"
    )


def pytest_collection_modifyitems(config, items):
    have_cuda = _cuda_available()
    for item in items:
        if DATA_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.data)
        if "gpu" in item.keywords and not have_cuda:
            item.add_marker(pytest.mark.skip(reason="needs CUDA"))


@pytest.fixture(autouse=True)
def _data_present(request):
    """Fail (not skip) a data-marked test on a machine without ../shared/data."""
    if request.node.get_closest_marker("data") and not paths.SHARED_DATA_DIR.is_dir():
        pytest.fail(missing_data_message(), pytrace=False)


def _cuda_available() -> bool:
    if os.environ.get("CUDA_VISIBLE_DEVICES") == "":
        return False
    return Path("/dev/nvidia0").exists() or Path("/dev/nvidiactl").exists()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data; a test asking for it fails where this machine lacks it."""
    if not paths.SHARED_DATA_DIR.is_dir():
        pytest.fail(missing_data_message(), pytrace=False)
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
    so without that directory every test built on this run fails (see missing_data_message).
    """
    import subprocess

    from medgguf.run import RunDir

    reuse = os.environ.get("MEDGGUF_TEST_DEMO_RUN")  # as tests/support/e2e.py: reuse a finished build
    if reuse:
        return RunDir(Path(reuse))
    runs_dir = tmp_path_factory.mktemp("runs")
    env = {**os.environ, "MEDGGUF_CACHE": str(paths.cache_root())}
    result = subprocess.run(medgguf_command("build", "--preset", "demo", "--name", "demo",
                                            "--runs-dir", runs_dir),
                            capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        pytest.fail(f"demo build failed (exit {result.returncode}):\n{result.stderr[-4000:]}")
    return RunDir(runs_dir / "demo")
