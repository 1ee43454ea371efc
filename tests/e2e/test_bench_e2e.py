"""bench/compare/quality on the real demo model and the real llama.cpp tools (slow)."""
from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest

from medgguf import paths
from medgguf.chat.sampling import Sampling
from medgguf.eval import bench, calibration, compare, quality
from medgguf.eval.heldout import HeldOutText, prepare_text, read_split
from medgguf.run import RunDir
from tests.reference import llama_perplexity

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ggufs(request) -> tuple[Path, Path]:
    """(F16, q4_K_M) of the demo build; MEDGGUF_DEV_GGUFS=DIR (with f16.gguf, q4.gguf) skips the
    build during development."""
    dev = os.environ.get("MEDGGUF_DEV_GGUFS")
    if dev:
        return Path(dev) / "f16.gguf", Path(dev) / "q4.gguf"
    run = request.getfixturevalue("demo_run")
    return run.gguf_file("f16"), run.gguf_file("q4_K_M")


@pytest.fixture(scope="module")
def medquad_rows(shared_data) -> list[dict]:
    lines = (shared_data / "medquad" / "medquad.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines[-400:]]


@pytest.fixture(scope="module")
def heldout(tmp_path_factory, medquad_rows, ggufs) -> HeldOutText:
    path = tmp_path_factory.mktemp("text") / "heldout.txt"
    path.write_text("\n\n".join(f"{r['Question']}\n{r['Answer']}" for r in medquad_rows[-20:]))
    return prepare_text(ggufs[0], text_file=path, ctx=256)


def test_perplexity_equals_llama_perplexity(ggufs, heldout):
    f16, q4 = ggufs
    reference_q4 = llama_perplexity(q4, heldout.path, ctx=256, chunks=3, threads=2)
    reference_f16 = llama_perplexity(f16, heldout.path, ctx=256, chunks=3, threads=2)
    plain = bench.bench_model(q4, heldout, ctx=256, chunks=3, threads=2, speed=False)
    against = bench.bench_model(q4, heldout, ctx=256, chunks=3, base=f16, threads=2, speed=False)
    assert plain.chunks == against.chunks == 3 and against.tokens_scored == 3 * 127
    # within 0.01% of llama-perplexity's own number, both plainly and through the KLD run
    assert plain.ppl == pytest.approx(reference_q4.ppl, rel=1e-4)
    assert against.ppl == pytest.approx(reference_q4.ppl, rel=1e-4)
    assert against.ppl_base == pytest.approx(reference_f16.ppl, rel=1e-4)
    assert against.delta_ppl == pytest.approx(against.ppl - against.ppl_base, abs=2e-4)
    assert 0 < against.kld_median < against.kld_mean < against.kld_p99 <= against.kld_max
    assert 50 < against.same_top_pct < 100
    assert not list((paths.cache_root() / "kld").glob("base-logits-*"))  # temporary cache removed


def test_bench_speed_and_size(ggufs, heldout):
    result = bench.bench_model(ggufs[1], heldout, ctx=256, chunks=2, threads=2, speed=True, speed_repetitions=1)
    assert result.pp_tps > 0 and result.tg_tps > 0
    assert result.file_size == ggufs[1].stat().st_size
    assert 4.0 < result.bits_per_weight < 8.0  # q4_K_M with SmolLM2's large embedding


def _scratch_run(root: Path, f16: Path, rows: list[dict]) -> RunDir:
    run = RunDir(root / "runs" / "e2e")
    run.data_dir.mkdir(parents=True)
    run.gguf_dir.mkdir()
    run.gguf_file("f16").symlink_to(f16)

    def write(name: str, part: list[dict]) -> None:
        (run.data_dir / f"{name}.jsonl").write_text("".join(json.dumps({"messages": [
            {"role": "user", "content": r["Question"]}, {"role": "assistant", "content": r["Answer"]}]}) + "\n"
            for r in part))

    write("train", rows[:300])
    write("val", rows[300:340])
    write("test", rows[340:])
    return run


def test_compare_quantizes_benches_and_plots(tmp_path, ggufs, medquad_rows, monkeypatch):
    run = _scratch_run(tmp_path, ggufs[0], medquad_rows)
    report = compare.run_compare(run, types=["Q4_K_M"], imatrix=["none", "train"], ctx=256, chunks=2,
                                 imatrix_chunks=2, imatrix_ctx=256, threads=2, speed=False)
    labels = [r["label"] for r in report["rows"]]
    assert labels == ["f16", "q4_K_M", "q4_K_M+imatrix-train"]
    for row in report["rows"][1:]:
        assert Path(row["model"]).exists() and row["kld_mean"] > 0 and row["ppl"] > 0
    assert report["rows"][0]["kld_mean"] == 0 and report["rows"][0]["pareto"]
    assert "change_train_pct" in report["imatrix_effect"]["q4_K_M"]
    for name in ("compare.json", "compare.csv", "pareto.png"):
        assert (run.reports_dir / name).stat().st_size > 0
    assert run.stage("compare")["metrics"]["rows"]["q4_K_M"]["kld_mean"] == report["rows"][1]["kld_mean"]
    assert not list(run.path("cache").glob("*.bin"))  # logits cache removed
    # the importance matrix saw training text only
    calibration_text = run.path("calibration", "train.txt").read_text()
    train_text = (run.data_dir / "train.jsonl").read_text()
    assert calibration_text[:200] in json.loads(train_text.splitlines()[0])["messages"][0]["content"] + \
        "\n\n" + json.loads(train_text.splitlines()[0])["messages"][1]["content"]
    for line in (run.data_dir / "test.jsonl").read_text().splitlines():
        answer = json.loads(line)["messages"][1]["content"]
        assert answer[:300] not in calibration_text
    # a second run reuses the quantized files and the importance matrix
    quant = Path(report["rows"][1]["model"])
    before = quant.stat().st_mtime_ns
    assert calibration.ensure_imatrix(run, chunks=2, ctx=256, threads=2) == run.gguf_dir / "imatrix-train.gguf"
    compare.ensure_quant(run, compare.Variant("Q4_K_M", "none"), run.describe_all([run.gguf_file("f16")])[
        run.rel(run.gguf_file("f16"))], None, 2)
    assert quant.stat().st_mtime_ns == before
    # a compare with one more type measures only the new file; the others' rows are reused
    measured = []
    real_bench = bench.bench_model
    monkeypatch.setattr(bench, "bench_model",
                        lambda model, *a, **k: measured.append(Path(model).name) or real_bench(model, *a, **k))
    again = compare.run_compare(run, types=["Q4_K_M", "Q8_0"], imatrix=["none"], ctx=256, chunks=2, threads=2,
                                speed=False)
    assert measured == ["e2e-q8_0.gguf"]
    assert [r["label"] for r in again["rows"]] == ["f16", "q4_K_M", "q8_0"]
    assert again["rows"][1]["kld_mean"] == report["rows"][1]["kld_mean"]
    assert again["rows"][0]["ppl"] == report["rows"][0]["ppl"]
    assert 0 < again["rows"][2]["kld_mean"] < again["rows"][1]["kld_mean"]


def test_option_scoring_reuses_the_context_correctly(ggufs):
    # The F16: CPU kernels give batch-shape-dependent results (a 1-token batch takes another
    # path; ~0.01 nats a token on q4_K_M, ~0.003 on F16), far below the several nats that an
    # off-by-one row or a stale KV cache would cost.
    evaluator = quality.Evaluator(ggufs[0], n_ctx=512, threads=2)
    context = "Question: Which organ produces insulin?\nAnswer:"
    options = [" the pancreas, in the islets of Langerhans", " the liver", " the thyroid gland"]
    scores = evaluator.option_logprobs(context, options)
    # the same numbers from one fresh pass over context + option
    np = evaluator._np
    for option, score in zip(options, scores):
        ctx_tokens = evaluator.tokens(context, add_bos=True)
        option_tokens = evaluator.tokens(option, add_bos=False)
        evaluator.llm.reset()
        evaluator.llm.eval(ctx_tokens + option_tokens)
        logits = np.asarray(evaluator.llm.scores[: len(ctx_tokens) + len(option_tokens)], dtype=np.float64)
        fresh = 0.0
        for i, token in enumerate(option_tokens):
            row = logits[len(ctx_tokens) - 1 + i]
            fresh += row[token] - row.max() - math.log(np.exp(row - row.max()).sum())
        assert score == pytest.approx(fresh, abs=0.02)
    assert all(s < 0 for s in scores)


def test_quality_numbers_carry_counts_and_intervals(ggufs, shared_data, tmp_path, medquad_rows):
    run = _scratch_run(tmp_path, ggufs[0], medquad_rows)
    rows = read_split(run.data_dir / "test.jsonl")[:2]
    heldout = prepare_text(ggufs[0], run=run, ctx=128)
    result = quality.evaluate_model(ggufs[1], answer_rows=rows, max_tokens=24, mcq_n=4, threads=2,
                                    data_dir=shared_data, repeat_penalty=1.1, heldout=heldout.path,
                                    heldout_ctx=128, heldout_chunks=2, seeds=2,
                                    sampling=Sampling(max_tokens=24))
    assert result["perplexity"]["chunks"] == 2
    assert result["perplexity"]["ppl"] == pytest.approx(
        llama_perplexity(ggufs[1], heldout.path, ctx=128, chunks=2, threads=2).ppl, rel=1e-4)
    answers = result["answers"]
    assert answers["repeat_penalty"] == 1.1
    assert answers["rouge1"]["n"] == 2 and 0 < answers["rouge1"]["mean"] <= 1
    assert answers["rougeL"]["mean"] <= answers["rouge1"]["mean"]
    assert answers["bleu4"]["n"] == 2 and len(answers["bleu4"]["ci95"]) == 2
    assert answers["examples"][0]["answer"].strip()
    # The same two questions sampled twice each at the chat's settings (24 tokens at most here).
    sampled = result["degeneration"]
    assert sampled["answers"] == {"value": 4, "questions": 2}
    assert sampled["sampling"]["max_tokens"] == 24 and sampled["sampling"]["temperature"] == 0.7
    for measure in ("cut_off", "repeated_sentences", "rep_4", "distinct_2"):
        assert 0 <= sampled[measure]["value"] <= 1
    assert 0 < sampled["length"]["value"] <= 24
    for task, chance in (("medqa", 0.25), ("pubmedqa", 1 / 3)):
        assert result[task]["n"] + result[task]["skipped_too_long"] == 4
        assert result[task]["chance"] == pytest.approx(chance)
        assert 0 <= result[task]["ci95"][0] <= result[task]["acc"] <= result[task]["ci95"][1] <= 1


def test_compare_command_adds_held_out_ppl_and_decodes_as_verify_does(tmp_path, ggufs, medquad_rows, shared_data):
    from click.testing import CliRunner

    from medgguf.cli import main

    run = _scratch_run(tmp_path, ggufs[0], medquad_rows)
    run.path("config.yaml").write_text("verify:\n  repeat_penalty: 1.3\n")
    result = CliRunner().invoke(main, [
        "compare", "--name", "e2e", "--runs-dir", str(run.root.parent), "--types", "q4_K_M", "--imatrix", "none",
        "--ctx", "256", "--chunks", "2", "--threads", "2", "--no-speed", "--quality-on", "f16,q4_K_M",
        "--answers-n", "1", "--max-tokens", "8", "--mcq-n", "1", "--seeds", "1", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads((run.reports_dir / "quality.json").read_text())
    assert report["repeat_penalty"] == 1.3 and report["heldout"]["chunks"] == 2
    f16_ppl = json.loads((run.reports_dir / "compare.json").read_text())["rows"][0]["ppl"]
    assert report["models"]["f16"]["perplexity"]["ppl"] == pytest.approx(f16_ppl, rel=1e-4)
    assert report["models"]["q4_K_M"]["perplexity"]["ppl"] > f16_ppl * 0.95
    assert report["models"]["q4_K_M"]["answers"]["repeat_penalty"] == 1.3
    assert report["degeneration"]["seeds"] == 1
    assert report["models"]["q4_K_M"]["degeneration"]["answers"] == {"value": 1, "questions": 1}
