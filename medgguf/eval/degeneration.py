"""Degeneration of sampled answers: how often a model loops or runs on instead of ending its turn.

Five measures over answers sampled at the chat's own settings (several seeds per question):

* **cut off**: the share of answers that hit max_tokens without the model ending its turn;
* **repeated sentences**: the share of an answer's sentences that repeat an earlier sentence of the
  same answer (after lower-casing and dropping list markers and end punctuation);
* **rep-4**: the share of an answer's word 4-grams that repeat an earlier 4-gram of the same answer
  (Welleck et al. 2019, "Neural Text Generation with Unlikelihood Training", seq-rep-n);
* **distinct-2**: distinct word bigrams over all bigrams within an answer (Li et al. 2016);
* **length**: words per answer.

Each is a ratio of totals (repeated sentences over all sentences, and so on) with a 95% interval
from a seeded bootstrap that resamples *questions*, since the answers of one question under
several seeds are not independent.
"""

from __future__ import annotations

import dataclasses
import logging
import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medgguf.chat.sampling import Sampling
from medgguf.eval.heldout import QARow, read_split
from medgguf.progress import Notify

log = logging.getLogger(__name__)

WORD = re.compile(r"\w+")
# A sentence ends at . ! or ? before a capital, a digit or a list marker, or at a line break: "e.g.
# twice daily" stays whole.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(*\u2022-])|\n+")
LIST_MARKER = re.compile(r"^\s*(?:[-*\u2022]|\d{1,2}[.)])\s*")
MIN_SENTENCE_WORDS = 3  # "e.g." and "Dr." split into fragments that are not sentences
BOOTSTRAP_RESAMPLES = 1000

# Each measure as (numerator, denominator) of one answer; the table's value is sum/sum.
MEASURES = ("cut_off", "repeated_sentences", "rep_4", "distinct_2", "length")


@dataclass(frozen=True)
class SampledAnswer:
    question: int  # index of the question: the bootstrap's cluster
    text: str
    cut_off: bool  # max_tokens reached without an end of turn
    reference: str = ""  # the split's own answer, for ROUGE-L


def sentences(text: str) -> list[str]:
    """The answer's sentences, normalised so that a repeat compares equal."""
    found = []
    for part in SENTENCE_END.split(text):
        words = WORD.findall(LIST_MARKER.sub("", part).lower())
        if len(words) >= MIN_SENTENCE_WORDS:
            found.append(" ".join(words))
    return found


def _repeats(items: Sequence) -> int:
    seen: set = set()
    repeated = 0
    for item in items:
        if item in seen:
            repeated += 1
        seen.add(item)
    return repeated


def _ngrams(words: Sequence[str], n: int) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + n]) for i in range(len(words) - n + 1)]


def counts(answer: SampledAnswer) -> dict[str, tuple[float, float]]:
    """Numerator and denominator of each measure for one answer."""
    words = WORD.findall(answer.text.lower())
    said = sentences(answer.text)
    fourgrams = _ngrams(words, 4)
    bigrams = _ngrams(words, 2)
    return {
        "cut_off": (float(answer.cut_off), 1.0),
        "repeated_sentences": (float(_repeats(said)), float(len(said))),
        "rep_4": (float(_repeats(fourgrams)), float(len(fourgrams))),
        "distinct_2": (float(len(set(bigrams))), float(len(bigrams))),
        "length": (float(len(words)), 1.0),
    }


def summarise(answers: Sequence[SampledAnswer], seed: int = 0) -> dict[str, dict]:
    """Each measure's value, 95% bootstrap interval and counts, over ``answers``."""
    by_question: dict[int, list[dict[str, tuple[float, float]]]] = {}
    for answer in answers:
        by_question.setdefault(answer.question, []).append(counts(answer))
    clusters = [
        {m: (sum(c[m][0] for c in rows), sum(c[m][1] for c in rows)) for m in MEASURES} for rows in by_question.values()
    ]
    rng = random.Random(seed)
    resampled = [rng.choices(clusters, k=len(clusters)) for _ in range(BOOTSTRAP_RESAMPLES)] if clusters else []
    summary = {}
    for measure in MEASURES:
        value = _ratio(clusters, measure)
        samples = sorted(v for v in (_ratio(s, measure) for s in resampled) if v is not None)
        interval = (
            [samples[int(0.025 * len(samples))], samples[max(0, int(0.975 * len(samples)) - 1)]] if samples else None
        )
        summary[measure] = {
            "value": value,
            "ci95": interval,
            "numerator": sum(c[measure][0] for c in clusters),
            "denominator": sum(c[measure][1] for c in clusters),
        }
    summary["answers"] = {"value": len(answers), "questions": len(clusters)}
    return summary


def _ratio(clusters: Sequence[dict[str, tuple[float, float]]], measure: str) -> float | None:
    denominator = sum(c[measure][1] for c in clusters)
    return sum(c[measure][0] for c in clusters) / denominator if denominator else None


# --------------------------------------------------------------------------------------------
# Sampling answers, and the decoding sweep

DEFAULT_QUESTIONS = 30
DEFAULT_SEEDS = 3
# The decoding sweep: the chat's temperature/top-p/top-k with each anti-repetition setting that
# llama.cpp's sampler chain offers. "none" is plain sampling; DRY is p-e-w's "don't repeat
# yourself" (llama.cpp's common defaults: base 1.75, allowed length 2, over the whole answer).
SWEEP: dict[str, dict[str, Any]] = {
    "none": {"repeat_penalty": 1.0, "dry_multiplier": 0.0},
    "repeat 1.1": {"repeat_penalty": 1.1, "dry_multiplier": 0.0},
    "repeat 1.2": {"repeat_penalty": 1.2, "dry_multiplier": 0.0},
    "dry 0.8": {"repeat_penalty": 1.0, "dry_multiplier": 0.8},
    "dry 0.8 + repeat 1.1": {"repeat_penalty": 1.1, "dry_multiplier": 0.8},
}
# A setting may not cost the answers their content: ROUGE-L against the reference answers within
# this much of plain sampling's, and answers at least this share of plain sampling's length.
ROUGE_L_TOLERANCE = 0.01
MIN_LENGTH_SHARE = 0.5
# Degeneration scores this close to the least are ties (on 10-30 questions the intervals are wide);
# a tie goes to a setting that an Ollama Modelfile can express (no DRY), then to the higher ROUGE-L.
TIE = 0.05


def split_rows(run: Any, split: str, questions: int) -> list[QARow]:
    return read_split(run.split_file(split))[:questions]


def model_path(run: Any, label: str) -> Path:
    """base, f16, a quant type (q4_K_M) or a GGUF path."""
    if label == "base":
        from medgguf.eval.quality import ensure_base_gguf

        return ensure_base_gguf(run)
    if label == "f16":
        return Path(run.gguf_file("f16"))
    if label.endswith(".gguf"):
        return Path(label)
    return Path(run.quant_file(label.upper()))


def sample(
    engine: Any,
    rows: Sequence[QARow],
    seeds: Iterable[int],
    sampling: Sampling,
    notify: Notify | None = None,
) -> list[SampledAnswer]:
    """Every row's question answered once per seed, through the model's chat template."""
    seeds = list(seeds)
    answers = []
    for question, row in enumerate(rows):
        prompt = engine.prompt(row.messages)
        for seed in seeds:
            reply = engine.generate(prompt, dataclasses.replace(sampling, seed=seed))
            answers.append(SampledAnswer(question, reply.text, reply.finish_reason == "length", row.answer))
            if notify:
                notify("sampled answers", len(answers), len(rows) * len(seeds))
    return answers


def rouge_l(answers: Sequence[SampledAnswer]) -> dict:
    from medgguf.eval.quality import mean_ci
    from medgguf.eval.quality import rouge_l as score

    return mean_ci([score(a.reference, a.text) for a in answers if a.reference])


def measure(
    engine: Any, rows: Sequence[QARow], seeds: Iterable[int], sampling: Sampling, notify: Notify | None = None
) -> dict:
    """The degeneration measures and ROUGE-L of sampled answers, with three example answers."""
    answers = sample(engine, rows, seeds, sampling, notify)
    return {
        **summarise(answers),
        "rougeL": rouge_l(answers),
        "sampling": dataclasses.asdict(sampling),
        "examples": [{"question": rows[a.question].question[:300], "answer": a.text[:800]} for a in answers[:3]],
    }


def measure_model(
    model: Path,
    rows: Sequence[QARow],
    *,
    seeds: Iterable[int] = range(DEFAULT_SEEDS),
    sampling: Sampling | None = None,
    threads: int | None = None,
    notify: Notify | None = None,
) -> dict:
    from medgguf.chat.engine import Engine

    engine = Engine(Path(model), threads=threads)
    try:
        return measure(engine, rows, seeds, sampling or Sampling(), notify)
    finally:
        engine.close()


def choose(settings: dict[str, dict]) -> str:
    """The setting with the least degeneration (cut off + repeated sentences + rep-4) among those
    that keep ROUGE-L and length, ties (within TIE) going to portable settings, then to ROUGE-L;
    plain sampling when nothing improves on it."""
    plain = settings["none"]

    def keeps_content(result: dict) -> bool:
        return (result["rougeL"]["mean"] or 0) >= (plain["rougeL"]["mean"] or 0) - ROUGE_L_TOLERANCE and (
            result["length"]["value"] or 0
        ) >= MIN_LENGTH_SHARE * (plain["length"]["value"] or 0)

    def degeneration(result: dict) -> float:
        return sum(result[m]["value"] or 0 for m in ("cut_off", "repeated_sentences", "rep_4"))

    def portable(result: dict) -> bool:
        return not result.get("sampling", {}).get("dry_multiplier")

    candidates = [name for name, result in settings.items() if keeps_content(result)]
    least = min(degeneration(settings[name]) for name in candidates)
    tied = [name for name in candidates if degeneration(settings[name]) <= least + TIE]
    return max(
        tied,
        key=lambda name: (portable(settings[name]), settings[name]["rougeL"]["mean"] or 0, name == "none"),
    )


def sweep(
    run: Any,
    model: Path,
    *,
    split: str = "val",
    questions: int = DEFAULT_QUESTIONS,
    seeds: Iterable[int] = range(DEFAULT_SEEDS),
    threads: int | None = None,
    notify: Notify | None = None,
) -> dict:
    """Every SWEEP setting on ``split`` (validation: the defaults are not chosen on the test
    questions that the quality table reports); writes reports/decoding-sweep.json."""
    from medgguf import atomic
    from medgguf.chat.engine import Engine

    rows = split_rows(run, split, questions)
    seeds = list(seeds)
    engine = Engine(Path(model), threads=threads)
    try:
        settings = {}
        for name, overrides in SWEEP.items():
            log.info("decoding sweep: %s", name)
            settings[name] = measure(engine, rows, seeds, dataclasses.replace(Sampling(), **overrides), notify)
    finally:
        engine.close()
    result = {
        "model": str(model),
        "split": split,
        "questions": len(rows),
        "seeds": seeds,
        "rule": f"least cut_off + repeated_sentences + rep_4 with ROUGE-L >= plain - {ROUGE_L_TOLERANCE} "
        f"and length >= {MIN_LENGTH_SHARE} x plain; within {TIE} of the least is a tie, won by a setting "
        "without DRY (an Ollama Modelfile can express it), then by ROUGE-L",
        "settings": settings,
        "chosen": choose(settings),
    }
    atomic.write_json(run.report_file("decoding-sweep.json"), result)
    return result
