"""Every seed preset rehearsed end to end on CPU: `medgguf build --preset P --rehearse`.

Each runs the preset's own recipe (LoRA targets, r, alpha, method with its real k-bit loading,
optimizer, max_length, response-only labels) on the shaped base of its model (the real Llama 3.2
tokenizer and chat template, the published config shrunk, random weights), through every stage.
No mocks: transformers, PEFT, bitsandbytes and the vendored llama.cpp run for real. The data
comes from ../shared/data, so these tests fail (never skip) without it.
"""
from __future__ import annotations

import json
import subprocess

import pytest

from medgguf import config as config_mod, paths
from medgguf.llamacpp.gguf_check import inspect_gguf
from medgguf.run import RunDir

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

SEED_PRESETS = ("rs1-1b", "doctor-llama-3b", "chatdoctor-8b", "hippocratically-3b", "med-llama-1b")
EOT = 128009
SHAPE_OF = {"rs1-1b": "llama-3.2-1b", "med-llama-1b": "llama-3.2-1b", "doctor-llama-3b": "llama-3.2-3b",
            "hippocratically-3b": "llama-3.2-3b", "chatdoctor-8b": "llama-3-8b"}
KBIT_LAYER = {"qlora": "Linear4bit", "lora-8bit": "Linear8bitLt"}


@pytest.fixture(scope="module", params=SEED_PRESETS)
def rehearsal(request, tmp_path_factory):
    assert paths.SHARED_DATA_DIR.is_dir(), f"the rehearsal reads its data from {paths.SHARED_DATA_DIR}"
    preset = request.param
    runs_dir = tmp_path_factory.mktemp(f"rehearse-{preset}")
    result = subprocess.run(medgguf_command("build", "--preset", preset, "--rehearse", "--name", preset,
                                            "--runs-dir", runs_dir), capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    run = RunDir(runs_dir / preset)
    return preset, run, json.loads(run.manifest_path.read_text()), result.stderr


def test_rehearsal_keeps_the_recipe_and_says_what_it_swapped(rehearsal):
    preset, run, manifest, stderr = rehearsal
    recipe = config_mod.resolve(preset)
    used = manifest["config"]
    assert used["rehearsal"]["preset"] == preset and used["rehearsal"]["swaps"]
    assert used["model"]["base"] == f"demo:{SHAPE_OF[preset]}-shape"
    assert used["lora"] == recipe.section("lora")
    for key in ("method", "optimizer", "max_length", "batching", "gradient_checkpointing", "neftune_alpha", "lr"):
        assert used["train"][key] == getattr(recipe.train, key), key
    assert "rehearsal of " + preset in stderr
    for swap in used["rehearsal"]["swaps"]:
        assert swap.split(":")[0] in stderr


def test_k_bit_methods_ran_their_real_path(rehearsal):
    preset, run, manifest, _ = rehearsal
    method = manifest["config"]["train"]["method"]
    layers = manifest["stages"]["train"]["metrics"]["kbit_layers"]
    if method in KBIT_LAYER:
        assert layers.get(KBIT_LAYER[method], 0) > 0, layers
    else:
        assert layers == {}


def test_verify_proves_parity_and_the_end_of_turn(rehearsal):
    preset, run, manifest, _ = rehearsal
    verify = json.loads((run.reports_dir / "verify.json").read_text())
    checks = verify["checks"]
    assert all(check["passed"] for check in checks.values()), checks
    assert checks["tokenizer"]["details"]["held_out_texts"] >= 200
    assert checks["tokenizer"]["details"]["edge_cases"] >= 15
    assert checks["chat_template"]["details"]["bos_count"] == {"hf": 1, "engine": 1, "engine_without_guard": 2}
    assert verify["end_of_turn_marker"] == "<|eot_id|>" and verify["end_of_turn_token_id"] == EOT
    assert EOT in checks["end_of_turn"]["details"]["gguf_eos_eot"]
    assert checks["end_of_turn"]["details"]["forced_finish_reason"] == "stop"
    assert verify["answer"]["asked"] is False and "random weights" in verify["weights"]
    # The base tokenizer's EOS is <|end_of_text|>: the build repaired the GGUF and said so.
    assert any("128009" in repair for repair in manifest["stages"]["convert"]["metrics"]["repairs"])
    assert manifest["stages"]["convert"]["metrics"]["pre_tokenizer"] == "llama-bpe"
    merged_generation = json.loads((run.merged_dir / "generation_config.json").read_text())
    assert EOT in merged_generation["eos_token_id"]
    assert merged_generation.get("pad_token_id") != EOT


def test_the_q4_k_m_has_the_published_shape(rehearsal):
    preset, run, manifest, _ = rehearsal
    info = inspect_gguf(run.gguf_file("q4_K_M"), require_chat_template=True)
    published = {"llama-3.2-1b": (True, 4), "llama-3.2-3b": (True, 3), "llama-3-8b": (False, 4)}
    tied, heads_per_kv = published[SHAPE_OF[preset]]
    assert info.file_type == "Q4_K_M" and info.vocab_size == 128256
    assert info.metadata["llama.rope.freq_base"] == 500000.0
    assert info.metadata["llama.attention.head_count"] // info.metadata["llama.attention.head_count_kv"] == heads_per_kv
    assert ("output.weight" in info.tensor_names) is not tied
    assert manifest["stages"]["merge"]["metrics"]["tied_embeddings"] is tied
    assert manifest["stages"]["merge"]["metrics"]["logits_max_abs_diff"] < 1e-3
    assert not list(run.root.rglob("*.partial"))
