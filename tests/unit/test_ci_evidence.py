"""A CI run cannot go green on skipped evidence: without ../shared/data the data tests fail
(pytest) and .ci/run stops before setup, each naming where the data should be."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_a_data_test_fails_not_skips_without_the_shared_data(tmp_path):
    missing = tmp_path / "no-such-data"
    env = {**os.environ, "MEDGGUF_SHARED_DATA": str(missing), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs",
         "tests/unit/test_quality.py::test_mcq_items_from_the_shared_data"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    # A fixture failing at setup is reported as an error; either way the run is red.
    assert ("1 failed" in result.stdout or "1 error" in result.stdout) and "skipped" not in result.stdout, result.stdout
    assert f"at {missing}" in result.stdout and "MEDGGUF_SHARED_DATA" in result.stdout


def test_tests_asking_for_the_data_are_marked_so_they_can_be_deselected(tmp_path):
    env = {**os.environ, "MEDGGUF_SHARED_DATA": str(tmp_path / "none"), "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not data", "--co",
         "tests/unit/test_quality.py"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test_mcq_items_from_the_shared_data" not in result.stdout
    assert "deselected" in result.stdout


def test_ci_run_stops_first_with_where_the_data_should_be(tmp_path):
    missing = tmp_path / "absent"
    result = subprocess.run(
        ["bash", str(REPO / ".ci" / "run")],
        env={**os.environ, "MEDGGUF_SHARED_DATA": str(missing)},
        capture_output=True, text=True, timeout=30, check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("[ci] error:") and str(missing) in lines[0], result.stderr
