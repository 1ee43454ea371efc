"""kill -9 during training, after a checkpoint and in the middle of writing one, and Ctrl-C after a
checkpoint, then --resume: the same step count and a comparable loss as an uninterrupted run.
Real demo model, real Trainer, CPU."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time

import pytest

from medgguf import atomic
from tests.support.interrupt import assert_interrupted, ctrl_c

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

SHORT = ("--preset", "demo", "--set", "train.max_steps=8", "--set", "train.save_steps=4",
         "--set", "train.eval_steps=4", "--set", "train.eval_rows=16", "--set", "train.logging_steps=1")


def _run_with_data(demo_run, name: str):
    from medgguf.run import RunDir

    run = RunDir(demo_run.root.parent / name)
    shutil.copytree(demo_run.data_dir, run.data_dir)
    return run


def _train(run, *extra):
    return medgguf_command("train", "--name", run.name, "--runs-dir", run.root.parent, *SHORT, *extra)


def _train_metrics(run) -> dict:
    return json.loads(run.manifest_path.read_text())["stages"]["train"]["metrics"]


def _train_until_checkpoint_then_kill(run, step: int) -> None:
    proc = subprocess.Popen(_train(run), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    state = run.path("train", "checkpoints", f"checkpoint-{step}", "trainer_state.json")
    deadline = time.monotonic() + 900
    while not state.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert state.exists(), "no checkpoint was written before the kill"


def _ctrl_c_after_checkpoint(run, step: int, log) -> None:
    """Ctrl-C as soon as checkpoint-``step`` is complete; the command exits 130 with one line,
    no traceback and nothing left running."""
    with log.open("w") as stderr:
        proc = subprocess.Popen(_train(run), stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
    state = run.path("train", "checkpoints", f"checkpoint-{step}", "trainer_state.json")
    deadline = time.monotonic() + 900
    while not state.exists():
        assert proc.poll() is None, f"training ended before checkpoint-{step}:\n{log.read_text()[-3000:]}"
        assert time.monotonic() < deadline, f"no checkpoint-{step} within 900 s"
        time.sleep(0.05)
    ctrl_c(proc)
    proc.wait(timeout=120)
    assert_interrupted(proc, log.read_text())


def _kill_while_saving(run, step: int, *extra: str) -> None:
    """SIGKILL as soon as checkpoint-``step`` starts to be written: its directory shows first and
    trainer_state.json is the Trainer's last write into it."""
    proc = subprocess.Popen(_train(run, *extra), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    checkpoint = run.path("train", "checkpoints", f"checkpoint-{step}")
    deadline = time.monotonic() + 900
    while not (checkpoint.is_dir() and any(checkpoint.iterdir())) and proc.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.002)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert checkpoint.is_dir(), f"training ended before checkpoint-{step} was saved"
    assert not (checkpoint / "trainer_state.json").exists(), "the save completed before the kill: not mid-save"


@pytest.fixture(scope="module")
def straight(demo_run) -> dict:
    """The same short training, uninterrupted: the metrics every resumed run must reach (and the
    sha256 of its adapter weights, as "adapter_sha256")."""
    run = _run_with_data(demo_run, "resume-straight")
    result = subprocess.run(_train(run), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    reference = _train_metrics(run)
    assert reference["steps"] == 8
    return reference | {"adapter_sha256": _adapter_sha256(run)}


def _adapter_sha256(run) -> str:
    return atomic.sha256_file(run.adapter_dir / "adapter_model.safetensors")


def _resumes_to_the_same_loss(run, straight: dict, resumed_from: str) -> None:
    resumed = subprocess.run(_train(run, "--resume"), capture_output=True, text=True)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    metrics = _train_metrics(run)
    assert metrics["steps"] == 8 and metrics["resumed_from"] == resumed_from
    assert run.adapter_dir.exists()
    assert metrics["test_loss_after"] == pytest.approx(straight["test_loss_after"], rel=0.02)
    assert metrics["best_eval_loss"] == pytest.approx(straight["best_eval_loss"], rel=0.02)


def test_resume_after_kill_reaches_the_same_step_and_loss(demo_run, straight):
    killed = _run_with_data(demo_run, "resume-killed")
    _train_until_checkpoint_then_kill(killed, 4)
    assert not killed.adapter_dir.exists()
    _resumes_to_the_same_loss(killed, straight, "checkpoint-4")


def test_ctrl_c_then_a_kill_during_a_checkpoint_save_each_resume_to_the_same_step_and_loss(demo_run, straight,
                                                                                         tmp_path):
    """Two faults in one training, each followed by --resume (chained, it trains the 12 steps the
    kill case alone did, 8 from scratch and 4 resumed, with one more model load):

    1. Ctrl-C (SIGINT to the process group, as a terminal sends it) once checkpoint-4 is written:
       exit 130 with one line, no traceback, no partial, no adapter, no train record;
    2. --resume continues from checkpoint-4, and is killed (-9) while checkpoint-8 is half written
       (adapter there, optimizer or trainer state not yet);
    3. --resume skips the half-written checkpoint-8, continues from checkpoint-4 and reaches the
       uninterrupted step and loss, and the same adapter weights byte for byte.
    """
    run = _run_with_data(demo_run, "resume-ctrl-c-mid-save")
    _ctrl_c_after_checkpoint(run, 4, tmp_path / "interrupted.log")
    assert not run.adapter_dir.exists()
    assert not list(run.root.rglob(f"*{atomic.PARTIAL_SUFFIX}"))
    assert "train" not in json.loads(run.manifest_path.read_text()).get("stages", {})  # valid JSON, no record

    _kill_while_saving(run, 8, "--resume")
    assert run.path("train", "checkpoints", "checkpoint-4", "trainer_state.json").exists()
    assert not run.adapter_dir.exists()
    _resumes_to_the_same_loss(run, straight, "checkpoint-4")
    # On CPU, at the same thread count, resuming is exact: the Trainer restores the RNG, the
    # optimizer and the data position, so the adapter (and every GGUF made from it) is the
    # uninterrupted run's, byte for byte.
    assert _adapter_sha256(run) == straight["adapter_sha256"]


def test_resume_without_checkpoint_is_a_clear_error(demo_run):
    fresh = _run_with_data(demo_run, "resume-nothing")
    result = subprocess.run(_train(fresh, "--resume"), capture_output=True, text=True)
    assert result.returncode == 2
    assert "--resume: no checkpoint" in result.stderr and "Traceback" not in result.stderr
