"""Answer quality of a GGUF, and the table that compares the base, the fine-tuned F16 and chosen
quants on it.

* ROUGE-1/2/L of greedy answers to the test split, by Google's ``rouge-score`` (its default
  tokenizer: lower-cased ``[a-z0-9]+`` tokens, no stemming; F1 per answer, averaged);
* BLEU-4 of the same answers, corpus BLEU by ``sacrebleu`` (tokenizer 13a, no smoothing; its
  signature is recorded with every score);
* multiple-choice accuracy by log-likelihood (MedQA 4-option, PubMedQA yes/no/maybe), scored as
  lm-evaluation-harness does: the context and each option's continuation are tokenized
  separately, and the option with the highest summed log-probability of its continuation tokens
  is the model's answer (``acc``; ``acc_norm`` divides by the continuation's length in characters);
* degeneration of answers *sampled* at the chat's default settings, several seeds per question
  (medgguf.eval.degeneration: answers cut off at max_tokens, repeated sentences, rep-4,
  distinct-2, length, and the ROUGE-L of those sampled answers): what a user of `chat` sees;
* and, given held-out text, llama-perplexity's perplexity on it.

Each number carries its sample count and a 95% confidence interval: normal for means, Wilson for
accuracies, a seeded bootstrap over answers for corpus BLEU. Answers are decoded greedily by the
chat engine under each GGUF's own chat template, the prompt a user's chat sends.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medgguf import atomic, paths
from medgguf.chat.sampling import Sampling, check_repeat_penalty, greedy
from medgguf.errors import InputError
from medgguf.eval import (
    DEFAULT_CHUNKS,
    DEFAULT_CTX,
    QUALITY_ANSWERS,
    QUALITY_MAX_TOKENS,
    QUALITY_MCQ,
    QUALITY_SEEDS,
    degeneration,
)
from medgguf.eval.heldout import HeldOutText, QARow, read_split
from medgguf.llamacpp import tools
from medgguf.progress import Notify
from medgguf.run import RunDir, check_disk

log = logging.getLogger(__name__)

MEDQA_FILE = Path("medqa") / "US_4_options_sample.jsonl"
PUBMEDQA_FILE = Path("pubmedqa") / "ori_pqal.json"
Z95 = 1.959963984540054
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL")
BLEU_SETTINGS: dict[str, Any] = {"tokenize": "13a", "smooth_method": "none"}


# --------------------------------------------------------------------------------------------
# ROUGE and BLEU, by rouge-score and sacrebleu


@functools.lru_cache(maxsize=1)
def _rouge_scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=False)


def rouge(reference: str, hypothesis: str) -> dict[str, float]:
    """ROUGE-1, ROUGE-2 and ROUGE-L F1 of one answer."""
    scores = _rouge_scorer().score(reference, hypothesis)
    return {name: float(scores[name].fmeasure) for name in ROUGE_TYPES}


def rouge_n(reference: str, hypothesis: str, n: int) -> float:
    return rouge(reference, hypothesis)[f"rouge{n}"]


def rouge_l(reference: str, hypothesis: str) -> float:
    return rouge(reference, hypothesis)["rougeL"]


@functools.lru_cache(maxsize=1)
def _bleu() -> Any:
    from sacrebleu.metrics import BLEU

    bleu = BLEU(**BLEU_SETTINGS)
    bleu.corpus_score(["a"], [["a"]])  # sacrebleu's signature names the reference count it has seen
    return bleu


def bleu_signature() -> str:
    """sacrebleu's signature of the BLEU settings, e.g. nrefs:1|case:mixed|eff:no|tok:13a|smooth:none|version:2.6.0."""
    return str(_bleu().get_signature())


def scorers() -> dict[str, str]:
    """What made the ROUGE and BLEU numbers, as recorded in reports/quality.json."""
    from importlib import metadata

    return {
        "rouge": f"rouge-score {metadata.version('rouge-score')}: default tokenizer, no stemming, F1",
        "bleu": f"sacrebleu corpus BLEU, {bleu_signature()}",
    }


@dataclass(frozen=True)
class BleuStats:
    """Sufficient statistics of one answer: clipped matches and totals for n = 1..4, lengths."""

    matches: tuple[int, ...]
    totals: tuple[int, ...]
    hyp_len: int
    ref_len: int


def bleu_stats(reference: str, hypothesis: str) -> BleuStats:
    score = _bleu().corpus_score([hypothesis], [[reference]])
    return BleuStats(tuple(score.counts), tuple(score.totals), score.sys_len, score.ref_len)


def corpus_bleu(stats: Sequence[BleuStats]) -> float:
    """Corpus BLEU-4 in [0, 1] from pooled statistics: 0 when any n-gram order has no match."""
    if not stats:
        return 0.0
    from sacrebleu.metrics import BLEU

    orders = range(len(stats[0].matches))
    score = BLEU.compute_bleu(
        [sum(s.matches[i] for s in stats) for i in orders],
        [sum(s.totals[i] for s in stats) for i in orders],
        sum(s.hyp_len for s in stats),
        sum(s.ref_len for s in stats),
        smooth_method=BLEU_SETTINGS["smooth_method"],
    )
    return float(score.score) / 100


# --------------------------------------------------------------------------------------------
# Statistics


def mean_ci(values: Sequence[float]) -> dict:
    n = len(values)
    if n == 0:
        return {"mean": None, "se": None, "ci95": None, "n": 0}
    mean = sum(values) / n
    var = sum((v - mean) ** 2 for v in values) / (n - 1) if n > 1 else 0.0
    se = math.sqrt(var / n)
    return {"mean": mean, "se": se, "ci95": [mean - Z95 * se, mean + Z95 * se], "n": n}


def accuracy_ci(correct: int, n: int) -> dict:
    """Accuracy with its binomial standard error and Wilson 95% interval."""
    if n == 0:
        return {"acc": None, "se": None, "ci95": None, "n": 0}
    p = correct / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return {
        "acc": p,
        "se": math.sqrt(p * (1 - p) / n),
        "ci95": [centre - half, centre + half],
        "n": n,
        "correct": correct,
    }


def bleu_ci(stats: Sequence[BleuStats], resamples: int = 1000, seed: int = 0) -> dict:
    value = corpus_bleu(stats)
    if not stats:
        return {"bleu": None, "ci95": None, "n": 0}
    rng = random.Random(seed)
    samples = sorted(corpus_bleu(rng.choices(stats, k=len(stats))) for _ in range(resamples))
    return {
        "bleu": value,
        "ci95": [samples[int(0.025 * resamples)], samples[int(0.975 * resamples) - 1]],
        "n": len(stats),
        "resamples": resamples,
    }


# --------------------------------------------------------------------------------------------
# Multiple-choice items


@dataclass(frozen=True)
class ChoiceItem:
    context: str
    options: list[str]  # continuations, each starting with a space
    answer: int


def medqa_items(limit: int, data_dir: Path | None = None) -> list[ChoiceItem]:
    """MedQA USMLE 4-option: the question with its lettered options, answered by letter."""
    path = (data_dir or paths.SHARED_DATA_DIR) / MEDQA_FILE
    if not path.exists():
        raise InputError(f"MedQA file {path} does not exist", "set MEDGGUF_SHARED_DATA or skip with --no-mcq")
    items = []
    for line in path.read_text().splitlines()[:limit]:
        row = json.loads(line)
        letters = sorted(row["options"])
        listed = "\n".join(f"{letter}. {row['options'][letter]}" for letter in letters)
        items.append(
            ChoiceItem(
                context=f"Question: {row['question']}\n{listed}\nAnswer:",
                options=[f" {letter}" for letter in letters],
                answer=letters.index(row["answer_idx"]),
            )
        )
    return items


PUBMEDQA_CHOICES = ("yes", "no", "maybe")


def pubmedqa_items(limit: int, data_dir: Path | None = None) -> list[ChoiceItem]:
    """PubMedQA PQA-L: the abstract's contexts and the question, answered yes/no/maybe."""
    path = (data_dir or paths.SHARED_DATA_DIR) / PUBMEDQA_FILE
    if not path.exists():
        raise InputError(f"PubMedQA file {path} does not exist", "set MEDGGUF_SHARED_DATA or skip with --no-mcq")
    data = json.loads(path.read_text())
    items = []
    for pmid in sorted(data)[:limit]:
        row = data[pmid]
        contexts = row["CONTEXTS"] if isinstance(row["CONTEXTS"], list) else [str(row["CONTEXTS"])]
        items.append(
            ChoiceItem(
                context=f"Abstract: {' '.join(contexts)}\nQuestion: {row['QUESTION']}\nAnswer:",
                options=[f" {c}" for c in PUBMEDQA_CHOICES],
                answer=PUBMEDQA_CHOICES.index(row["final_decision"]),
            )
        )
    return items


# --------------------------------------------------------------------------------------------
# The model


class Evaluator:
    """One GGUF in the chat engine: greedy answers through its chat template, and continuation
    scoring over the same context (kept with every position's logits)."""

    def __init__(self, model: Path, *, n_ctx: int = 1024, threads: int | None = None):
        import numpy as np

        from medgguf.chat.engine import Engine

        self._np = np
        # Without flash attention: the scores then match a plain llama.cpp evaluation.
        self.engine = Engine(Path(model), n_ctx=n_ctx, threads=threads, flash_attn=False, logits_all=True)
        self.n_ctx = self.engine.n_ctx
        self.model = self.engine.model

    @property
    def llm(self) -> Any:
        """The binding's Llama behind the engine (tests compare against a fresh pass on it)."""
        return self.model.llm

    def close(self) -> None:
        self.engine.close()

    def tokens(self, text: str, add_bos: bool) -> list[int]:
        return self.model.tokenize(text, add_bos=add_bos, special=False)

    def _log_prob(self, row: int, token: int) -> float:
        logits = self.model.logits(row).astype(self._np.float64)
        top = logits.max()
        return float(logits[token] - top - math.log(self._np.exp(logits - top).sum()))

    def option_logprobs(self, context: str, options: Sequence[str]) -> list[float] | None:
        """Summed log-probability of each option after the context; None when it does not fit."""
        context_tokens = self.tokens(context, add_bos=True)
        option_tokens = [self.tokens(o, add_bos=False) for o in options]
        if len(context_tokens) + max(len(t) for t in option_tokens) > self.n_ctx:
            return None
        self.engine.reset_cache()
        self.model.evaluate(context_tokens)
        start = len(context_tokens)
        scores = []
        for tokens in option_tokens:
            if len(tokens) > 1:
                # On top of the context's KV cache: what the previous option left past it is dropped.
                self.model.evaluate(tokens[:-1], after=start)
            scores.append(sum(self._log_prob(start - 1 + i, token) for i, token in enumerate(tokens)))
        return scores

    def answer(self, messages: list[dict], max_tokens: int, repeat_penalty: float = 1.0) -> str:
        """The greedy reply under the GGUF's own chat template (argmax after the repetition
        penalty, llama.cpp's over the last 64 tokens; 1.0 is plain greedy)."""
        self.engine.reset_cache()
        return self.engine.generate(self.engine.prompt(messages), greedy(max_tokens, repeat_penalty)).text


def score_choices(
    evaluator: Evaluator, items: Sequence[ChoiceItem], notify: Notify | None = None, what: str = "multiple choice"
) -> dict:
    correct = correct_norm = skipped = 0
    predictions = []
    for index, item in enumerate(items, 1):
        scores = evaluator.option_logprobs(item.context, item.options)
        if notify:
            notify(what, index, len(items))
        if scores is None:
            skipped += 1
            continue
        best = max(range(len(scores)), key=scores.__getitem__)
        normed = [s / max(len(o), 1) for s, o in zip(scores, item.options)]
        best_norm = max(range(len(normed)), key=normed.__getitem__)
        correct += best == item.answer
        correct_norm += best_norm == item.answer
        predictions.append(best)
    n = len(items) - skipped
    result = accuracy_ci(correct, n)
    result["acc_norm"] = correct_norm / n if n else None
    result["skipped_too_long"] = skipped
    result["chance"] = 1.0 / len(items[0].options) if items else None
    result["predicted_counts"] = {str(k): v for k, v in sorted(Counter(predictions).items())}
    return result


def score_answers(
    evaluator: Evaluator,
    rows: Sequence[QARow],
    max_tokens: int,
    notify: Notify | None = None,
    repeat_penalty: float = 1.0,
) -> dict:
    """ROUGE/BLEU of greedy answers to split rows against their answers."""
    rouges: dict[str, list[float]] = {name: [] for name in ROUGE_TYPES}
    bleu = []
    examples: list[dict] = []
    for index, row in enumerate(rows, 1):
        hypothesis = evaluator.answer(row.messages, max_tokens, repeat_penalty)
        for name, value in rouge(row.answer, hypothesis).items():
            rouges[name].append(value)
        bleu.append(bleu_stats(row.answer, hypothesis))
        if len(examples) < 3:
            examples.append({"question": row.question[:300], "answer": hypothesis[:600]})
        if notify:
            notify("answers (ROUGE/BLEU)", index, len(rows))
    return {
        **{name: mean_ci(values) for name, values in rouges.items()},
        "bleu4": {**bleu_ci(bleu), "signature": bleu_signature()},
        "max_tokens": max_tokens,
        "repeat_penalty": repeat_penalty,
        "examples": examples,
    }


def heldout_perplexity(
    model: Path, text_file: Path, *, ctx: int, chunks: int | None, threads: int | None = None
) -> dict:
    """llama-perplexity on the held-out text: the before/after-fine-tuning number that moves
    first, long before answers or multiple choice do on a small model."""
    result = tools.perplexity(model, text_file, ctx=ctx, chunks=chunks, threads=threads)
    return {"ppl": result.ppl, "stderr": result.ppl_stderr, "ctx": ctx, "chunks": result.chunks}


def evaluate_model(
    model: Path,
    *,
    answer_rows: Sequence[QARow] = (),
    max_tokens: int = QUALITY_MAX_TOKENS,
    mcq_n: int = QUALITY_MCQ,
    threads: int | None = None,
    n_ctx: int = 1024,
    data_dir: Path | None = None,
    repeat_penalty: float = 1.0,
    heldout: Path | None = None,
    heldout_ctx: int = DEFAULT_CTX,
    heldout_chunks: int | None = None,
    seeds: int = QUALITY_SEEDS,
    sampling: Sampling | None = None,
    notify: Notify | None = None,
) -> dict:
    """Every quality number of one GGUF; tasks with n = 0 (or no held-out text) are left out.
    Degeneration samples each answer row ``seeds`` times at ``sampling`` (the chat's defaults)."""
    result: dict = {"model": str(model)}
    if heldout is not None:
        if notify:
            notify("held-out perplexity", 0, 1)
        result["perplexity"] = heldout_perplexity(
            model, heldout, ctx=heldout_ctx, chunks=heldout_chunks, threads=threads
        )
    evaluator = Evaluator(model, n_ctx=n_ctx, threads=threads)
    try:
        if answer_rows:
            result["answers"] = score_answers(evaluator, answer_rows, max_tokens, notify, repeat_penalty)
            if seeds > 0:
                result["degeneration"] = degeneration.measure(
                    evaluator.engine, answer_rows, range(seeds), (sampling or Sampling()).validate(), notify
                )
        if mcq_n > 0:
            result["medqa"] = score_choices(evaluator, medqa_items(mcq_n, data_dir), notify, "MedQA")
            result["pubmedqa"] = score_choices(evaluator, pubmedqa_items(mcq_n, data_dir), notify, "PubMedQA")
    finally:
        evaluator.close()
    return result


# --------------------------------------------------------------------------------------------
# The quality table across models


def ensure_base_gguf(run: RunDir, threads: int | None = None) -> Path:
    """The run's base model as an F16 GGUF (``<run>-base-f16.gguf``), converted once from HF."""
    from medgguf import models
    from medgguf.config import DEMO_BASE_MODEL

    out = run.gguf_file("base-f16")
    cfg = run.config()
    spec = cfg.model.base if cfg is not None else DEMO_BASE_MODEL
    reference = models.resolve_base(spec)
    if not Path(reference).is_dir():
        raise InputError(
            f"the base model {spec!r} is a hub id, not a local directory",
            "download it and convert it to GGUF yourself, then pass --base-gguf FILE",
        )

    def convert() -> dict:
        f16 = run.gguf_file("f16")
        check_disk(out.parent, f16.stat().st_size if f16.exists() else 0, "the base model's F16 GGUF")
        log.info("converting the base model %s to GGUF for the quality table", spec)
        with atomic.atomic_path(out) as tmp:
            tools.convert_hf_to_gguf(Path(reference), tmp, "f16")
        return {}

    run.cached(
        "base-gguf",
        [],
        {"base": spec, "outtype": "f16"},
        convert,
        outputs=[out],
        input_ids={"base_model": models.identity(reference)},
    )
    return out


def choose_models(run: RunDir, report: dict | None, wanted: Sequence[str], base_gguf: Path | None) -> dict[str, Path]:
    """label -> GGUF for the quality table: the base, the fine-tuned F16 and the chosen quants.

    ``wanted`` holds labels (base, f16, a compare label such as q4_K_M+imatrix-train) or "all";
    labels of compare variants that were not built this time are dropped, not errors.
    """
    built = {row["label"] for row in (report or {}).get("rows", [])}
    wanted = [w for w in wanted if w in ("base", "all") or w in built]
    available: dict[str, Path] = {"f16": run.gguf_file("f16")}
    for row in (report or {}).get("rows", []):
        if row["type"] != "F16":
            available[row["label"]] = Path(row["model"])
    if "q4_K_M" not in available and run.quant_file("Q4_K_M").exists():
        available["q4_K_M"] = run.quant_file("Q4_K_M")
    chosen: dict[str, Path] = {}
    if "base" in wanted or "all" in wanted:
        chosen["base"] = base_gguf or ensure_base_gguf(run)
    for label, path in available.items():
        if "all" in wanted or label in wanted:
            chosen[label] = path
    missing = [w for w in wanted if w not in ("all", "base") and w not in chosen]
    if missing:
        raise InputError(
            f"no model labelled {', '.join(missing)} in this run", f"choose from: base, {', '.join(available)}, all"
        )
    return chosen


def run_quality(
    run: RunDir,
    models: dict[str, Path],
    *,
    answers_n: int = QUALITY_ANSWERS,
    max_tokens: int = QUALITY_MAX_TOKENS,
    mcq_n: int = QUALITY_MCQ,
    repeat_penalty: float | None = None,
    heldout: HeldOutText | None = None,
    ctx: int = DEFAULT_CTX,
    chunks: int | None = DEFAULT_CHUNKS,
    seeds: int = QUALITY_SEEDS,
    threads: int | None = None,
    notify: Notify | None = None,
) -> dict:
    """Answer quality of each model on the same questions (and, given ``heldout``, each model's
    perplexity on the same held-out text); writes reports/quality.json.

    The answers are decoded with ``repeat_penalty``, by default the run's verify.repeat_penalty,
    so the table's answers are the ones verify asked for."""
    if repeat_penalty is None:
        cfg = run.config()
        repeat_penalty = cfg.verify.repeat_penalty if cfg is not None else 1.0
    check_repeat_penalty(repeat_penalty)
    rows = read_split(run.split_file("test"))[:answers_n] if answers_n > 0 else []
    n_chunks = heldout.chunks_for(ctx, chunks) if heldout is not None else None
    results = {}
    for index, (label, path) in enumerate(models.items(), 1):
        log.info("answer quality %d/%d: %s", index, len(models), label)
        tagged = (lambda d, done, total, lb=label: notify(f"{lb}: {d}", done, total)) if notify else None
        results[label] = evaluate_model(
            path,
            answer_rows=rows,
            max_tokens=max_tokens,
            mcq_n=mcq_n,
            repeat_penalty=repeat_penalty,
            heldout=heldout.path if heldout is not None else None,
            heldout_ctx=ctx,
            heldout_chunks=n_chunks,
            seeds=seeds,
            threads=threads,
            notify=tagged,
        )
    report = {
        "run": run.name,
        "answers_from": f"{run.name} test split (first {len(rows)} rows)",
        "max_tokens": max_tokens,
        "repeat_penalty": repeat_penalty,
        "mcq_n": mcq_n,
        "degeneration": {"seeds": seeds, "sampling": dataclasses.asdict(Sampling())} if rows and seeds else None,
        "scorers": scorers(),
        "heldout": ({"text": heldout.description, "ctx": ctx, "chunks": n_chunks} if heldout is not None else None),
        "models": results,
    }
    atomic.write_json(run.report_file("quality.json"), report)
    run.add_metrics("quality", {label: quality_summary(r) for label, r in results.items()})
    return report


def quality_summary(result: dict) -> dict:
    summary = {}
    answers = result.get("answers")
    if answers:
        for key in ("rouge1", "rouge2", "rougeL"):
            summary[key] = answers[key]["mean"]
        summary["bleu4"] = answers["bleu4"]["bleu"]
        summary["answers_n"] = answers["rouge1"]["n"]
    if "degeneration" in result:
        for key in degeneration.MEASURES:
            summary[key] = result["degeneration"][key]["value"]
        summary["sampled_rougeL"] = result["degeneration"]["rougeL"]["mean"]
    if "perplexity" in result:
        summary["heldout_ppl"] = result["perplexity"]["ppl"]
    for task in ("medqa", "pubmedqa"):
        if task in result:
            summary[f"{task}_acc"] = result[task]["acc"]
            summary[f"{task}_n"] = result[task]["n"]
    return summary
