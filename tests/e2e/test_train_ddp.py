"""The train stage under `accelerate launch` with two CPU processes (DDP over gloo): one
manifest, one adapter, and the same losses as one process with the same global batch."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

# Per step, relative: the first steps agree to 5 digits; later ones drift by the order in
# which gloo sums gradients (0.05% measured at step 3).
LOSS_TOLERANCE = 1e-2
COMMON = ("--set", "train.max_steps=3", "--set", "train.grad_accum=1", "--set", "train.eval_steps=3",
          "--set", "train.save_steps=3", "--set", "train.logging_steps=1", "--set", "train.eval_rows=8",
          # LoRA dropout draws a different mask in each process; without it the runs are comparable.
          "--set", "lora.dropout=0")


def _prepare(runs_dir: Path, name: str) -> None:
    subprocess.run(medgguf_command("data", "prepare", "--preset", "demo", "--name", name, "--runs-dir", runs_dir,
                                   "--set", "data.rows=200"), check=True, capture_output=True)


def _losses(run_dir: Path) -> list[float]:
    state = json.loads(next(run_dir.glob("train/checkpoints/checkpoint-*/trainer_state.json")).read_text())
    return [entry["loss"] for entry in state["log_history"] if "loss" in entry]


def test_two_process_training_matches_one_process(tmp_path, shared_data):
    for name in ("one", "two"):
        _prepare(tmp_path, name)
    subprocess.run(medgguf_command("train", "--name", "one", "--runs-dir", tmp_path, *COMMON,
                                   "--set", "train.batch_size=4"), check=True, capture_output=True)
    launch = [sys.executable, "-m", "accelerate.commands.launch", "--multi_gpu", "--num_processes", "2",
              "--num_machines", "1", "--mixed_precision", "no", "--dynamo_backend", "no",
              "-m", "medgguf", "train", "--name", "two", "--runs-dir", str(tmp_path), *COMMON,
              "--set", "train.batch_size=2"]
    result = subprocess.run(launch, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]

    manifest = json.loads((tmp_path / "two" / "manifest.json").read_text())
    assert manifest["stages"]["train"]["metrics"]["processes"] == 2
    assert result.stderr.count("train: done") == 1, "only rank 0 records the stage"
    assert (tmp_path / "two" / "adapter" / "adapter_model.safetensors").exists()
    assert not list((tmp_path / "two").rglob("*.partial"))
    one, two = _losses(tmp_path / "one"), _losses(tmp_path / "two")
    assert len(one) == len(two) == 3
    for step, (a, b) in enumerate(zip(one, two), 1):
        assert abs(a - b) <= LOSS_TOLERANCE * a, f"step {step}: one process {a}, two processes {b}"
