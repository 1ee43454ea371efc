"""ROUGE, BLEU and the confidence intervals, against values worked out by hand."""
from __future__ import annotations

import math

import pytest

from medgguf.eval import quality


def test_rouge_n_and_l_on_a_worked_example():
    ref, hyp = "The cat sat on the mat.", "the cat is on the mat"
    # unigrams: the×2, cat, on, mat shared = 5 of 6 each way
    assert quality.rouge_n(ref, hyp, 1) == pytest.approx(5 / 6)
    # bigrams: "the cat", "on the", "the mat" shared = 3 of 5 each way
    assert quality.rouge_n(ref, hyp, 2) == pytest.approx(3 / 5)
    # LCS "the cat on the mat" = 5
    assert quality.rouge_l(ref, hyp) == pytest.approx(5 / 6)


def test_rouge_is_zero_for_disjoint_or_empty_text():
    assert quality.rouge_n("alpha beta", "gamma delta", 1) == 0.0
    assert quality.rouge_l("alpha beta", "") == 0.0
    assert quality.rouge_n("", "", 2) == 0.0


def test_rouge_f1_uses_precision_and_recall():
    # hypothesis twice as long as the reference, all reference words present: P=1/2, R=1
    assert quality.rouge_n("a b", "a b c d", 1) == pytest.approx(2 * 0.5 * 1 / 1.5)


def test_bleu4_on_a_worked_example():
    ref = "the quick brown fox jumps over the lazy dog"
    hyp = "the quick brown fox jumped over the lazy dog"
    # clipped precisions 8/9, 6/8, 4/7, 2/6; equal lengths so no brevity penalty
    expected = (8 / 9 * 6 / 8 * 4 / 7 * 2 / 6) ** 0.25
    assert quality.corpus_bleu([quality.bleu_stats(ref, hyp)]) == pytest.approx(expected)


def test_bleu4_brevity_penalty_and_zero_match():
    ref = "the quick brown fox jumps over the lazy dog"
    assert quality.corpus_bleu([quality.bleu_stats(ref, "the quick brown fox")]) == pytest.approx(math.exp(1 - 9 / 4))
    assert quality.corpus_bleu([quality.bleu_stats(ref, "completely unrelated words here")]) == 0.0
    assert quality.corpus_bleu([quality.bleu_stats(ref, ref)]) == pytest.approx(1.0)


def test_corpus_bleu_pools_counts_instead_of_averaging_sentences():
    a = quality.bleu_stats("one two three four five", "one two three four five")
    b = quality.bleu_stats("six seven eight nine ten", "six seven eight nine")
    pooled = quality.corpus_bleu([a, b])
    # matches 9/9, 7/7, 5/5, 3/3, hypothesis 9 tokens against 10
    assert pooled == pytest.approx(math.exp(1 - 10 / 9))


def test_clipping_counts_repeated_words_once_per_reference_use():
    stats = quality.bleu_stats("the cat", "the the the the")
    assert stats.matches[0] == 1 and stats.totals[0] == 4


def test_wilson_interval_matches_the_textbook_value():
    result = quality.accuracy_ci(8, 10)
    assert result["acc"] == 0.8
    assert result["ci95"][0] == pytest.approx(0.4902, abs=1e-4)
    assert result["ci95"][1] == pytest.approx(0.9433, abs=1e-4)
    assert result["se"] == pytest.approx(math.sqrt(0.8 * 0.2 / 10))
    assert quality.accuracy_ci(0, 0)["acc"] is None


def test_mean_ci_and_bootstrap_interval_contain_the_estimate():
    summary = quality.mean_ci([0.1, 0.2, 0.3, 0.4])
    assert summary["mean"] == pytest.approx(0.25) and summary["n"] == 4
    assert summary["ci95"][0] < 0.25 < summary["ci95"][1]
    stats = [quality.bleu_stats("a b c d e f", "a b c d x f"), quality.bleu_stats("g h i j k", "g h i j k"),
             quality.bleu_stats("l m n o p q", "l m n o p")]
    boot = quality.bleu_ci(stats, resamples=200)
    assert boot["ci95"][0] <= boot["bleu"] <= boot["ci95"][1]
    assert boot == quality.bleu_ci(stats, resamples=200)  # seeded: same interval every time


def test_mcq_items_from_the_shared_data(shared_data):
    medqa = quality.medqa_items(5, shared_data)
    assert len(medqa) == 5 and all(item.options == [" A", " B", " C", " D"] for item in medqa)
    assert all(0 <= item.answer < 4 and "\nA. " in item.context for item in medqa)
    pubmed = quality.pubmedqa_items(5, shared_data)
    assert all(item.options == [" yes", " no", " maybe"] and item.context.startswith("Abstract: ") for item in pubmed)
    assert all(item.context.endswith("\nAnswer:") for item in medqa + pubmed)


def test_scores_are_rouge_score_and_sacrebleu_with_the_signature_recorded():
    from rouge_score import rouge_scorer
    from sacrebleu.metrics import BLEU

    refs = ["Drink fluids and rest; see a doctor if the fever lasts.", "Insulin is made in the pancreas."]
    hyps = ["Rest and drink fluids, and see a doctor if fever persists.", "The pancreas makes insulin."]
    pooled = quality.corpus_bleu([quality.bleu_stats(r, h) for r, h in zip(refs, hyps)])
    assert pooled == pytest.approx(BLEU(tokenize="13a", smooth_method="none").corpus_score(hyps, [refs]).score / 100)
    scorer = rouge_scorer.RougeScorer(["rougeL"], use_stemmer=False)
    assert quality.rouge_l(refs[0], hyps[0]) == pytest.approx(scorer.score(refs[0], hyps[0])["rougeL"].fmeasure)
    assert "tok:13a" in quality.bleu_signature() and "smooth:none" in quality.bleu_signature()
    assert "sacrebleu" in quality.scorers()["bleu"] and "rouge-score" in quality.scorers()["rouge"]
