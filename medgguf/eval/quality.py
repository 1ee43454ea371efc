"""Answer quality of a GGUF: ROUGE-1/2/L and BLEU-4 of greedy answers to the test split, and
multiple-choice accuracy by log-likelihood (MedQA 4-option, PubMedQA yes/no/maybe).

ROUGE follows Google's ``rouge-score`` defaults (lower-cased ``[a-z0-9]+`` tokens, no stemming,
F1 per answer, averaged); BLEU-4 is Papineni et al.'s corpus BLEU (clipped n-gram precisions
1..4, geometric mean, brevity penalty) over lower-cased word and punctuation tokens. Each number
carries its sample count and a 95% confidence interval: normal for means, Wilson for
accuracies, a seeded bootstrap over answers for corpus BLEU.

Multiple choice is scored as lm-evaluation-harness does: the context and each option's
continuation are tokenized separately, and the option with the highest summed log-probability
of its continuation tokens is the model's answer (``acc``; ``acc_norm`` divides by the
continuation's length in characters).
"""
from __future__ import annotations

import json
import logging
import math
import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from medgguf import paths

from medgguf.llamacpp import binding, tools
from medgguf.errors import InputError

log = logging.getLogger(__name__)

Notify = Callable[[str, float, float], None]
MEDQA_FILE = Path("medqa") / "US_4_options_sample.jsonl"
PUBMEDQA_FILE = Path("pubmedqa") / "ori_pqal.json"
Z95 = 1.959963984540054


# --------------------------------------------------------------------------------------------
# ROUGE and BLEU


def rouge_tokens(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).split()


def bleu_tokens(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text.lower())


def ngrams(tokens: Sequence[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, hyp_total: int, ref_total: int) -> float:
    if overlap == 0 or hyp_total == 0 or ref_total == 0:
        return 0.0
    precision, recall = overlap / hyp_total, overlap / ref_total
    return 2 * precision * recall / (precision + recall)


def rouge_n(reference: str, hypothesis: str, n: int) -> float:
    ref, hyp = ngrams(rouge_tokens(reference), n), ngrams(rouge_tokens(hypothesis), n)
    return _f1(sum((ref & hyp).values()), sum(hyp.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b, 1):
            current.append(previous[j - 1] + 1 if x == y else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


def rouge_l(reference: str, hypothesis: str) -> float:
    ref, hyp = rouge_tokens(reference), rouge_tokens(hypothesis)
    return _f1(lcs_length(ref, hyp), len(hyp), len(ref))


@dataclass(frozen=True)
class BleuStats:
    """Sufficient statistics of one answer: clipped matches and totals for n = 1..4, lengths."""
    matches: tuple[int, ...]
    totals: tuple[int, ...]
    hyp_len: int
    ref_len: int


def bleu_stats(reference: str, hypothesis: str, max_n: int = 4) -> BleuStats:
    ref, hyp = bleu_tokens(reference), bleu_tokens(hypothesis)
    matches, totals = [], []
    for n in range(1, max_n + 1):
        hyp_grams, ref_grams = ngrams(hyp, n), ngrams(ref, n)
        matches.append(sum((hyp_grams & ref_grams).values()))
        totals.append(max(len(hyp) - n + 1, 0))
    return BleuStats(tuple(matches), tuple(totals), len(hyp), len(ref))


def corpus_bleu(stats: Iterable[BleuStats]) -> float:
    """Corpus BLEU-4 in [0, 1]: 0 when any n-gram order has no match."""
    stats = list(stats)
    if not stats:
        return 0.0
    max_n = len(stats[0].matches)
    matches = [sum(s.matches[i] for s in stats) for i in range(max_n)]
    totals = [sum(s.totals[i] for s in stats) for i in range(max_n)]
    if min(matches) == 0 or min(totals) == 0:
        return 0.0
    log_precision = sum(math.log(m / t) for m, t in zip(matches, totals)) / max_n
    hyp_len, ref_len = sum(s.hyp_len for s in stats), sum(s.ref_len for s in stats)
    brevity = 1.0 if hyp_len > ref_len else math.exp(1 - ref_len / max(hyp_len, 1))
    return brevity * math.exp(log_precision)


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
    denominator = 1 + Z95 ** 2 / n
    centre = (p + Z95 ** 2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / denominator
    return {"acc": p, "se": math.sqrt(p * (1 - p) / n), "ci95": [centre - half, centre + half], "n": n,
            "correct": correct}


def bleu_ci(stats: Sequence[BleuStats], resamples: int = 1000, seed: int = 0) -> dict:
    value = corpus_bleu(stats)
    if not stats:
        return {"bleu": None, "ci95": None, "n": 0}
    rng = random.Random(seed)
    samples = sorted(corpus_bleu(rng.choices(stats, k=len(stats))) for _ in range(resamples))
    return {"bleu": value, "ci95": [samples[int(0.025 * resamples)], samples[int(0.975 * resamples) - 1]],
            "n": len(stats), "resamples": resamples}


# --------------------------------------------------------------------------------------------
# Multiple-choice items


@dataclass(frozen=True)
class ChoiceItem:
    context: str
    options: list[str]      # continuations, each starting with a space
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
        items.append(ChoiceItem(context=f"Question: {row['question']}\n{listed}\nAnswer:",
                                options=[f" {letter}" for letter in letters],
                                answer=letters.index(row["answer_idx"])))
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
        items.append(ChoiceItem(context=f"Abstract: {' '.join(contexts)}\nQuestion: {row['QUESTION']}\nAnswer:",
                                options=[f" {c}" for c in PUBMEDQA_CHOICES],
                                answer=PUBMEDQA_CHOICES.index(row["final_decision"])))
    return items


# --------------------------------------------------------------------------------------------
# The model


class Evaluator:
    """One GGUF loaded with llama-cpp-python, for continuation scoring and greedy answers."""

    def __init__(self, model: Path, *, n_ctx: int = 1024, threads: int | None = None):
        llama_cpp = binding.load()
        import numpy as np

        self._np = np
        self.n_ctx = n_ctx
        self.llm = llama_cpp.Llama(model_path=str(model), n_ctx=n_ctx, n_batch=512, logits_all=True,
                                   n_threads=threads, n_threads_batch=threads, verbose=False)

    def tokens(self, text: str, add_bos: bool) -> list[int]:
        return self.llm.tokenize(text.encode("utf-8"), add_bos=add_bos, special=False)

    def _log_prob(self, row: int, token: int) -> float:
        logits = self.llm.scores[row].astype(self._np.float64)
        top = logits.max()
        return float(logits[token] - top - math.log(self._np.exp(logits - top).sum()))

    def option_logprobs(self, context: str, options: Sequence[str]) -> list[float] | None:
        """Summed log-probability of each option after the context; None when it does not fit."""
        context_tokens = self.tokens(context, add_bos=True)
        option_tokens = [self.tokens(o, add_bos=False) for o in options]
        if len(context_tokens) + max(len(t) for t in option_tokens) > self.n_ctx:
            return None
        self.llm.reset()
        self.llm.eval(context_tokens)
        start = len(context_tokens)
        scores = []
        for tokens in option_tokens:
            if len(tokens) > 1:
                # Evaluate on top of the context's KV cache; eval() drops cache entries past n_tokens.
                self.llm.n_tokens = start
                self.llm.eval(tokens[:-1])
            scores.append(sum(self._log_prob(start - 1 + i, token) for i, token in enumerate(tokens)))
        return scores

    def answer(self, messages: list[dict], max_tokens: int, repeat_penalty: float = 1.0) -> str:
        """The greedy reply under the GGUF's own chat template (argmax after the repetition
        penalty, llama.cpp's over the last 64 tokens; 1.0 is plain greedy)."""
        self.llm.reset()
        reply = self.llm.create_chat_completion(messages=messages, temperature=0.0, top_k=1, top_p=1.0,
                                                min_p=0.0, repeat_penalty=repeat_penalty, max_tokens=max_tokens,
                                                seed=0)
        return reply["choices"][0]["message"]["content"] or ""


def score_choices(evaluator: Evaluator, items: Sequence[ChoiceItem], notify: Notify | None = None,
                  what: str = "multiple choice") -> dict:
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


def score_answers(evaluator: Evaluator, rows: Sequence, max_tokens: int, notify: Notify | None = None,
                  repeat_penalty: float = 1.0) -> dict:
    """ROUGE/BLEU of greedy answers to split rows (calibration.QARow) against their answers."""
    r1, r2, rl, bleu = [], [], [], []
    examples = []
    for index, row in enumerate(rows, 1):
        hypothesis = evaluator.answer(row.messages, max_tokens, repeat_penalty)
        r1.append(rouge_n(row.answer, hypothesis, 1))
        r2.append(rouge_n(row.answer, hypothesis, 2))
        rl.append(rouge_l(row.answer, hypothesis))
        bleu.append(bleu_stats(row.answer, hypothesis))
        if len(examples) < 3:
            examples.append({"question": row.question[:300], "answer": hypothesis[:600]})
        if notify:
            notify("answers (ROUGE/BLEU)", index, len(rows))
    return {"rouge1": mean_ci(r1), "rouge2": mean_ci(r2), "rougeL": mean_ci(rl), "bleu4": bleu_ci(bleu),
            "max_tokens": max_tokens, "repeat_penalty": repeat_penalty, "examples": examples}


def heldout_perplexity(model: Path, text_file: Path, *, ctx: int, chunks: int | None,
                       threads: int | None = None) -> dict:
    """llama-perplexity on the held-out text: the before/after-fine-tuning number that moves
    first, long before answers or multiple choice do on a small model."""
    result = tools.perplexity(model, text_file, ctx=ctx, chunks=chunks, threads=threads)
    return {"ppl": result.ppl, "stderr": result.ppl_stderr, "ctx": ctx, "chunks": result.chunks}


def evaluate_model(model: Path, *, answer_rows: Sequence = (), max_tokens: int = 128, mcq_n: int = 100,
                   threads: int | None = None, n_ctx: int = 1024, data_dir: Path | None = None,
                   repeat_penalty: float = 1.0, heldout: Path | None = None, heldout_ctx: int = 512,
                   heldout_chunks: int | None = None, notify: Notify | None = None) -> dict:
    """Every quality number of one GGUF; tasks with n = 0 (or no held-out text) are left out."""
    result: dict = {"model": str(model)}
    if heldout is not None:
        if notify:
            notify("held-out perplexity", 0, 1)
        result["perplexity"] = heldout_perplexity(model, heldout, ctx=heldout_ctx, chunks=heldout_chunks,
                                                  threads=threads)
    evaluator = Evaluator(model, n_ctx=n_ctx, threads=threads)
    if answer_rows:
        result["answers"] = score_answers(evaluator, answer_rows, max_tokens, notify, repeat_penalty)
    if mcq_n > 0:
        result["medqa"] = score_choices(evaluator, medqa_items(mcq_n, data_dir), notify, "MedQA")
        result["pubmedqa"] = score_choices(evaluator, pubmedqa_items(mcq_n, data_dir), notify, "PubMedQA")
    return result
