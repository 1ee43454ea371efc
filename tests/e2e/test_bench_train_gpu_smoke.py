"""scripts/bench_train_gpu.py --smoke: the GPU training benchmark's harness runs on CPU, through
medgguf.train and the plain Trainer baseline, each case on its real (k-bit) path, and both train
the same tokens to the same loss."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from medgguf import paths

SCRIPT = paths.REPO_DIR / "scripts" / "bench_train_gpu.py"


@pytest.mark.slow
def test_smoke_run_writes_comparable_results(tmp_path: Path):
    out = tmp_path / "results.json"
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--smoke", "--cases", "rs1-1b,chatdoctor-8b/8bit,chatdoctor-8b/qlora",
         "--workdir", str(tmp_path / "work"), "--json", str(out)],
        capture_output=True, text=True, timeout=900, check=False)
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert "speed-up" in completed.stdout  # the table
    results = json.loads(out.read_text())
    assert results["environment"]["smoke"] is True
    assert [r["case"] for r in results["results"]] == ["rs1-1b", "chatdoctor-8b/8bit", "chatdoctor-8b/qlora"]
    # Every case trains through its own method, the k-bit ones on bitsandbytes' CPU kernels.
    assert [r["method"] for r in results["results"]] == ["lora", "lora-8bit", "qlora"]
    for case in results["results"]:
        ours, theirs, worst = case["medgguf"], case["baseline"], case["worst_case"]
        for measured in (ours, theirs, worst, case["baseline_worst_case"]):
            assert measured["error"] is None and not measured["oom"]
            assert measured["tokens_per_s"] > 0 and measured["timed_steps"] >= 1
        # Same rows in the same order: packed and padded batches see the same real tokens and,
        # since packing keeps examples apart, reach the same loss.
        assert ours["tokens"] == theirs["tokens"]
        assert ours["final_loss"] == pytest.approx(theirs["final_loss"], abs=2e-3)
        # The worst-case probe trains full-length rows only.
        assert worst["tokens"] == case["batch_size"] * case["grad_accum_timed"] * case["max_length"]
        assert case["speedup"] == pytest.approx(ours["tokens_per_s"] / theirs["tokens_per_s"], rel=0.01)
    assert results["results"][1]["gradient_checkpointing"] is True
