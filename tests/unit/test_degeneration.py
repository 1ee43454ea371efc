"""The degeneration measures on answers whose counts are known by construction."""

from __future__ import annotations

import pytest

from medgguf.chat.sampling import Sampling
from medgguf.errors import InputError
from medgguf.eval import degeneration
from medgguf.eval.degeneration import SampledAnswer

LOOP = (
    "Stroke signs include a drooping face. If someone is unconscious, they might have difficulty breathing. "
    "If someone is unconscious, they might have difficulty breathing.\n\n"
    "- If someone is unconscious, they might have difficulty breathing."
)
CLEAN = "Call emergency services at once. Note the time the symptoms began. Do not give food or drink."


def test_a_repeated_sentence_counts_once_per_repeat_whatever_its_list_marker_or_case():
    said = degeneration.sentences(LOOP)
    assert len(said) == 4
    counts = degeneration.counts(SampledAnswer(0, LOOP, cut_off=True))
    assert counts["repeated_sentences"] == (2.0, 4.0)
    assert counts["cut_off"] == (1.0, 1.0)


def test_fragments_of_abbreviations_are_not_sentences():
    assert degeneration.sentences("See Dr. Smith. Take it e.g. twice daily with food.") == [
        "take it e g twice daily with food"
    ]


def test_rep_4_and_distinct_2_of_a_plain_repeat():
    # "a b c d a b c d": five 4-grams of which the last one repeats the first; 7 bigrams, 4 distinct.
    counts = degeneration.counts(SampledAnswer(0, "a b c d a b c d", cut_off=False))
    assert counts["rep_4"] == (1.0, 5.0)
    assert counts["distinct_2"] == (4.0, 7.0)
    assert counts["length"] == (8.0, 1.0)


def test_summary_pools_answers_and_its_interval_contains_the_value():
    answers = [SampledAnswer(q, LOOP if q % 3 == 0 else CLEAN, cut_off=q % 3 == 0) for q in range(30)]
    summary = degeneration.summarise(answers)
    assert summary["cut_off"]["value"] == pytest.approx(10 / 30)
    assert summary["repeated_sentences"]["value"] == pytest.approx(20 / (10 * 4 + 20 * 3))
    for measure in degeneration.MEASURES:
        low, high = summary[measure]["ci95"]
        assert low <= summary[measure]["value"] <= high
    assert summary["answers"] == {"value": 30, "questions": 30}


def test_the_bootstrap_resamples_questions_not_answers():
    # Three seeds of one looping question and three of a clean one: two clusters, so the
    # interval of the cut-off share spans from none to all.
    answers = [SampledAnswer(0, LOOP, True)] * 3 + [SampledAnswer(1, CLEAN, False)] * 3
    summary = degeneration.summarise(answers)
    assert summary["answers"]["questions"] == 2
    assert summary["cut_off"]["ci95"] == [0.0, 1.0]


def test_the_chooser_keeps_content_and_prefers_plain_sampling_on_a_tie():
    def result(cut, repeated, rouge, length):
        return {
            "cut_off": {"value": cut},
            "repeated_sentences": {"value": repeated},
            "rep_4": {"value": 0.0},
            "rougeL": {"mean": rouge},
            "length": {"value": length},
        }

    settings = {
        "none": result(0.2, 0.3, 0.20, 200),
        "shortens": result(0.0, 0.0, 0.20, 50),  # less loopy but a quarter of the length
        "forgets": result(0.0, 0.0, 0.10, 200),  # less loopy but off topic
        "helps": result(0.05, 0.02, 0.195, 180),
    }
    assert degeneration.choose(settings) == "helps"
    assert degeneration.choose({"none": settings["none"], "same": settings["none"]}) == "none"


def test_a_near_tie_goes_to_the_setting_an_ollama_modelfile_can_express():
    def result(cut, rouge, dry):
        return {
            "cut_off": {"value": cut},
            "repeated_sentences": {"value": 0.0},
            "rep_4": {"value": 0.0},
            "rougeL": {"mean": rouge},
            "length": {"value": 100},
            "sampling": {"dry_multiplier": dry},
        }

    # The validation sweep of 2026-11-25 in miniature: DRY + penalty 0.205, penalty alone 0.228.
    settings = {
        "none": result(0.99, 0.111, 0.0),
        "penalty": result(0.228, 0.140, 0.0),
        "dry": result(0.205, 0.135, 0.8),
    }
    assert degeneration.choose(settings) == "penalty"
    settings["dry"] = result(0.10, 0.135, 0.8)  # clearly better: DRY wins despite Ollama
    assert degeneration.choose(settings) == "dry"


def test_dry_settings_are_validated():
    assert Sampling(dry_multiplier=0.8).validate().dry_multiplier == 0.8
    with pytest.raises(InputError, match="DRY multiplier"):
        Sampling(dry_multiplier=-1).validate()
    with pytest.raises(InputError, match="DRY base"):
        Sampling(dry_multiplier=0.8, dry_base=1.0).validate()
