"""`medgguf export` on real builds, no mocks: the Ollama Modelfile's TEMPLATE rendered by real Go
against the Hugging Face rendering (the demo's ChatML and a Llama 3.2 rehearsal), LM Studio's
layout, and the LoRA adapter GGUF against the merged model's logits, then chatted with."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from medgguf import paths
from medgguf.export.modelfile import parse_modelfile
from medgguf.llamacpp.gguf_check import inspect_gguf
from medgguf.run import RunDir
from tests.support import e2e, ollama

pytestmark = pytest.mark.slow

# Base F16 + adapter F16 against the merged F16 (merged in FP32, saved as FP16): the two differ by
# rounding only, the merged weights once (W + BA to FP16) and the adapter path at run time
# (W x + B(A x) with FP16 weights). Measured on the demo (2026-11-25, 4 chat prompts, 336 positions ×
# 49,152 logits spanning ~62): max |diff| 0.068, mean 0.0083, the same next token at every position;
# base alone against merged: max |diff| 6.4, the same next token at 90%. The tolerances below are
# about 4× and 2.5× the measured differences, and the adapter must move the logits 10× more.
MAX_ABS_LOGIT_DIFF = 0.25
MAX_MEAN_ABS_LOGIT_DIFF = 0.02
MIN_TOP1_AGREEMENT = 0.99

CONVERSATION = [
    {"role": "user", "content": "I have had a headache for two days."},
    {"role": "assistant", "content": "Rest and drink fluids.\n\n- paracetamol 500 mg\n- see a doctor if it lasts"},
    {"role": "user", "content": "And a fever of 39 °C?"},
    {"role": "assistant", "content": "That is high: call your doctor today."},
    {"role": "user", "content": "Is it **contagious**?"},
]


@pytest.fixture(scope="module")
def run(request) -> RunDir:
    return e2e.demo(request)


@pytest.fixture(scope="module")
def go_renderer(tmp_path_factory) -> Path:
    return ollama.build_renderer(tmp_path_factory.mktemp("go"))


def hf_rendering(model_dir: Path, messages: list[dict], gguf: Path) -> str:
    """The Hugging Face chat template's text, less a leading BOS that llama.cpp's tokenizer adds
    itself (Ollama tokenizes with the GGUF's add_bos_token, as llama.cpp does)."""
    from transformers import AutoTokenizer

    from medgguf.export.targets import vocab_facts

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    text = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    adds_bos, _ = vocab_facts(gguf, [])
    if adds_bos and tokenizer.bos_token and text.startswith(tokenizer.bos_token):
        text = text[len(tokenizer.bos_token):]
    return text


def check_ollama_export(run: RunDir, go_renderer: Path) -> dict:
    result = e2e.run_cli("export", "--name", run.name, "--runs-dir", run.root.parent, "--to", "ollama")
    folder = run.path("export", "ollama")
    assert str(folder) in result.stdout and "ollama create" in result.stdout
    modelfile = parse_modelfile((folder / "Modelfile").read_text())
    quant = run.gguf_file("q4_K_M")
    assert modelfile["FROM"] == [f"./{quant.name}"]
    assert (folder / quant.name).stat().st_size == quant.stat().st_size
    system = modelfile["SYSTEM"][0]
    assert "not a clinician" in system and "emergency number" in system
    # Ollama puts SYSTEM first (the request has no system message), then renders with Go.
    rendered = ollama.render(go_renderer, modelfile["TEMPLATE"][0], CONVERSATION, system=system)
    expected = hf_rendering(run.merged_dir, [{"role": "system", "content": system}, *CONVERSATION], quant)
    assert rendered == expected
    assert rendered.count(CONVERSATION[-1]["content"]) == 1
    assert not list(run.path("export").glob("*.partial"))
    return modelfile


def test_ollama_modelfile_renders_like_the_hf_template(run, go_renderer):
    modelfile = check_ollama_export(run, go_renderer)
    assert modelfile["PARAMETER stop"][0] == "<|im_end|>"            # the demo is ChatML (SmolLM2)
    info = inspect_gguf(run.gguf_file("q4_K_M"))
    assert info.eos_token_id is not None
    for key, value in (("temperature", "0.7"), ("top_p", "0.9"), ("top_k", "50"), ("num_predict", "400"),
                       ("repeat_penalty", "1.1"), ("repeat_last_n", "64")):
        assert modelfile[f"PARAMETER {key}"] == [value]
    manifest = json.loads(run.manifest_path.read_text())
    assert manifest["exports"]["ollama"]["template_family"] == "ChatML"


def test_llama3_rehearsal_modelfile_renders_like_the_hf_template(tmp_path_factory, go_renderer):
    runs = tmp_path_factory.mktemp("llama3-runs")
    e2e.run_cli("build", "--preset", "med-llama-1b", "--rehearse", "--name", "r1", "--runs-dir", runs, timeout=1800)
    rehearsal = RunDir(runs / "r1")
    modelfile = check_ollama_export(rehearsal, go_renderer)
    assert modelfile["PARAMETER stop"][0] == "<|eot_id|>"
    assert "<|end_of_text|>" in modelfile["PARAMETER stop"]           # the GGUF's EOS, also an end of turn
    assert "Today Date:" in modelfile["TEMPLATE"][0]


def test_lmstudio_layout(run):
    e2e.run_cli("export", "--name", run.name, "--runs-dir", run.root.parent, "--to", "lmstudio")
    model = run.path("export", "lmstudio", "medgguf", f"{run.name}-GGUF", f"{run.name}-q4_K_M.gguf")
    assert inspect_gguf(model, require_chat_template=True).file_type == "Q4_K_M"
    assert [p.relative_to(run.path("export", "lmstudio")) for p in run.path("export", "lmstudio").rglob("*.gguf")] \
        == [model.relative_to(run.path("export", "lmstudio"))]


def test_lora_adapter_gguf_reproduces_the_merged_model(run, tmp_path):
    from medgguf.export.lora import compare_logits

    result = e2e.run_cli("export", "--name", run.name, "--runs-dir", run.root.parent, "--to", "lora")
    folder = run.path("export", "lora")
    adapter = folder / f"{run.name}-lora-f16.gguf"
    [base] = [p for p in folder.glob("*-f16.gguf") if p != adapter]
    info = inspect_gguf(adapter)
    assert info.metadata["general.type"] == "adapter" and info.metadata["adapter.type"] == "lora"
    assert adapter.stat().st_size < base.stat().st_size / 5          # the adapter ships next to the base
    assert "base + adapter vs merged F16" in result.stderr

    # Measured again here, independently of the export's own check.
    check = compare_logits(base, adapter, run.gguf_file("f16"))
    (tmp_path / "lora-check.json").write_text(json.dumps(check.as_dict(), indent=2))
    print("LoRA vs merged:", json.dumps(check.as_dict()))
    assert check.max_abs_diff <= MAX_ABS_LOGIT_DIFF
    assert check.mean_abs_diff <= MAX_MEAN_ABS_LOGIT_DIFF
    assert check.top1_agreement >= MIN_TOP1_AGREEMENT
    assert check.base_max_abs_diff > 10 * check.max_abs_diff           # the adapter is doing the work
    recorded = json.loads((folder / "lora-check.json").read_text())
    assert recorded["max_abs_diff"] <= MAX_ABS_LOGIT_DIFF


def test_chat_with_base_and_lora_adapter(run, tmp_path):
    pexpect = pytest.importorskip("pexpect")
    folder = run.path("export", "lora")
    if not folder.is_dir():
        e2e.run_cli("export", "--name", run.name, "--runs-dir", run.root.parent, "--to", "lora", "--no-check")
    adapter = folder / f"{run.name}-lora-f16.gguf"
    [base] = [p for p in folder.glob("*-f16.gguf") if p != adapter]
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "MEDGGUF_CACHE": str(paths.cache_root()), "TERM": "xterm-256color",
           "COLUMNS": "110", "LINES": "40", "XDG_DATA_HOME": str(tmp_path / "data")}
    child = pexpect.spawn(sys.executable, ["-m", "medgguf", "chat", str(base), "--lora", str(adapter),
                                           "--max-tokens", "24", "--seed", "1"],
                          env=env, cwd=str(tmp_path), encoding="utf-8", timeout=180, dimensions=(40, 110))
    try:
        child.expect("disclaimer")
        child.expect(f"LoRA {adapter.name}")
        child.expect("you>")
        child.sendline("What is a fever?")
        child.expect(r"\d+ tokens · [\d.]+ tok/s")
        child.expect("you>")
        child.sendline("/exit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
