"""The real demo pipeline, end to end: SmolLM2-135M-Instruct + LoRA on MedQuAD -> merge -> F16
GGUF -> q4_K_M -> verify. No mocks; one shared build (the `demo_run` session fixture)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from medgguf import atomic, config
from medgguf.stages import STAGES

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow


def _manifest(run) -> dict:
    return json.loads(run.manifest_path.read_text())


def _cli(run, *args, check=True):
    return subprocess.run(medgguf_command(*args, "--name", run.name, "--runs-dir", run.root.parent),
                          capture_output=True, text=True, check=check)


def test_manifest_records_every_stage_with_hashes_and_timings(demo_run):
    manifest = _manifest(demo_run)
    assert list(manifest["stages"]) == list(STAGES)
    for name, stage in manifest["stages"].items():
        assert len(stage["fingerprint"]) == 64, name
        assert stage["seconds"] >= 0 and stage["outputs"], name
        for described in stage["outputs"].values():
            assert len(described["sha256"]) == 64 and described["size"] > 0
    q4 = manifest["stages"]["quantize"]["outputs"]["gguf/demo-q4_K_M.gguf"]
    assert q4["sha256"] == atomic.sha256_file(demo_run.gguf_file("q4_K_M"))
    assert manifest["tools"]["llama-cpp-python"] == manifest["tools"]["llama.cpp"]["llama_cpp_python"]
    assert manifest["config"]["preset"] == "demo"
    assert (demo_run.root / "config.yaml").read_text().startswith("preset: demo")


def test_no_partial_files_are_left(demo_run):
    assert not list(demo_run.root.rglob("*.partial"))


def test_q4_k_m_is_at_most_045_of_f16(demo_run):
    ratio = demo_run.gguf_file("q4_K_M").stat().st_size / demo_run.gguf_file("f16").stat().st_size
    assert ratio <= 0.45


def test_gguf_carries_chat_template_and_stops_at_end_of_turn(demo_run):
    from medgguf.llamacpp.gguf_check import inspect_gguf

    info = inspect_gguf(demo_run.gguf_file("q4_K_M"), require_chat_template=True)
    assert "<|im_start|>" in info.chat_template
    verify = json.loads((demo_run.reports_dir / "verify.json").read_text())
    assert verify["end_of_turn_marker"] == "<|im_end|>"
    assert verify["end_of_turn_token_id"] in (info.eos_token_id, info.eot_token_id)
    assert all(check["passed"] for check in verify["checks"].values()), verify["checks"]
    assert verify["checks"]["tokenizer"]["details"]["held_out_texts"] >= 200
    assert verify["answer"]["finish_reason"] == "stop" and verify["answer"]["stopped_at_end_of_turn"]
    assert 0 < verify["answer"]["tokens"] < verify["answer"]["max_tokens"]
    # Held-out questions sampled at the chat's own defaults: they end their turn and do not loop.
    sampled = verify["sampled_at_defaults"]
    assert sampled["answers"] == {"value": 8, "questions": 4}
    assert sampled["sampling"]["temperature"] > 0
    assert sampled["cut_off"]["value"] <= 0.5 and sampled["repeated_sentences"]["value"] <= 0.10


def test_gguf_names_the_run_base_model_and_data(demo_run):
    import gguf

    from medgguf.llamacpp.gguf_check import inspect_gguf

    info = inspect_gguf(demo_run.gguf_file("q4_K_M"))
    assert info.name == "demo"
    assert info.metadata[gguf.Keys.General.BASE_MODEL_NAME.format(id=0)] == "SmolLM2-135M-Instruct"
    assert info.metadata[gguf.Keys.General.BASE_MODEL_ORGANIZATION.format(id=0)] == "HuggingFaceTB"
    assert info.metadata[gguf.Keys.General.DATASET_NAME.format(id=0)] == "MedQuAD-MedicalQnADataset"


def test_training_lowers_held_out_loss_and_merge_matches_adapter(demo_run):
    stages = _manifest(demo_run)["stages"]
    train = stages["train"]["metrics"]
    assert train["steps"] == config.resolve("demo").train.max_steps
    assert train["test_loss_after"] < train["test_loss_before"]
    assert (demo_run.reports_dir / "loss.png").read_bytes()[:4] == b"\x89PNG"
    assert list((demo_run.root / "train" / "tensorboard").rglob("events.out.tfevents.*"))
    assert stages["merge"]["metrics"]["merge_dtype"] == "float32"
    assert stages["merge"]["metrics"]["logits_max_abs_diff"] < 1e-2
    merged = demo_run.merged_dir
    assert (merged / "model.safetensors").exists() and (merged / "chat_template.jinja").exists()


def test_rebuild_skips_unchanged_stages_and_force_redoes_one(demo_run):
    result = _cli(demo_run, "build")
    assert result.stderr.count("unchanged, skipped") == len(STAGES), result.stderr
    before = _manifest(demo_run)["stages"]
    result = _cli(demo_run, "build", "--force", "quantize")
    after = _manifest(demo_run)["stages"]
    assert after["quantize"]["started_at"] >= before["quantize"]["started_at"]
    assert "quantize: done" in result.stderr.replace("\n", " ")
    assert after["train"] == before["train"] and after["merge"] == before["merge"]
    # llama-quantize is deterministic, so verify's input is byte-identical and it is skipped.
    assert after["verify"] == before["verify"]


def test_killed_quantize_never_leaves_a_truncated_gguf(demo_run):
    final = demo_run.gguf_file("q4_K_M")
    recorded = _manifest(demo_run)["stages"]["quantize"]["outputs"]["gguf/demo-q4_K_M.gguf"]
    proc = subprocess.Popen(medgguf_command("quantize", "--force", "quantize", "--name", demo_run.name,
                                            "--runs-dir", demo_run.root.parent),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    partial = atomic.partial_name(final)
    deadline = time.monotonic() + 120
    while not partial.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert final.exists()
    assert atomic.sha256_file(final) == recorded["sha256"]
    result = _cli(demo_run, "build")
    assert result.returncode == 0
    assert not partial.exists(), "the next build sweeps what the killed one left"
    assert atomic.sha256_file(final) == recorded["sha256"]
