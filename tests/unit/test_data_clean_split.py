"""Text cleaning, dedup keys, the grouped split and the leakage check (no model needed)."""
from __future__ import annotations

import pytest

from medgguf.data.clean import clean_text, normalised_key
from medgguf.data.split import assign_splits, check_fractions, leakage
from medgguf.errors import InputError


def test_clean_text_normalises_unicode_and_whitespace_but_keeps_meaning():
    raw = "  Cafe\u0301\u00a0 au\tlait\u200b\r\n\r\n\r\n\r\nnext   line \x07 \n"
    assert clean_text(raw) == "Café au lait\n\nnext line"
    assert clean_text("WBC 10⁹/L, 5 m²") == "WBC 10⁹/L, 5 m²"  # NFC, not NFKC


def test_normalised_key_ignores_case_punctuation_and_spacing():
    assert normalised_key("What is (are) Flu ?") == normalised_key("what is are flu")
    assert normalised_key("flu") != normalised_key("flue")


@pytest.mark.parametrize("fractions, message", [
    ([1.0], "must have 2 or 3 fractions"),
    ([0.9, 0.05, 0.04], "sums to 0.99"),
    ([1.0, 0.0], "not positive"),
])
def test_bad_fractions_are_input_errors(fractions, message):
    with pytest.raises(InputError, match=message):
        check_fractions(fractions)


@pytest.mark.parametrize("fractions", [[0.95, 0.05], [0.9, 0.05, 0.05], [0.8, 0.1, 0.1]])
def test_split_sizes_follow_the_fractions_and_questions_stay_together(fractions):
    keys = [f"q{i // 3}" if i < 300 else f"u{i}" for i in range(1000)]  # 100 questions asked 3 times
    assignment = assign_splits(keys, fractions, seed=1)
    for index, fraction in enumerate(fractions[1:], start=1):
        assert abs(assignment.count(index) - 1000 * fraction) <= 3
    split_of: dict[str, int] = {}
    for key, split in zip(keys, assignment):
        assert split_of.setdefault(key, split) == split
    assert assign_splits(keys, fractions, seed=1) == assignment
    assert assign_splits(keys, fractions, seed=2) != assignment


def test_every_split_gets_a_row_even_when_tiny():
    assert sorted(set(assign_splits(["a", "b", "c"], [0.9, 0.05, 0.05], seed=0))) == [0, 1, 2]
    with pytest.raises(InputError, match="too few for 3 splits"):
        assign_splits(["a", "b"], [0.9, 0.05, 0.05], seed=0)
    with pytest.raises(InputError, match="only 1 distinct questions"):
        assign_splits(["a", "a", "a"], [0.9, 0.05, 0.05], seed=0)


def test_leakage_counts_questions_in_two_splits():
    report = leakage({"train": ["a", "b"], "val": ["b", "c"], "test": ["c"]}, {"b": "Question B?"})
    assert report["questions_in_two_splits"] == 2
    assert report["pairs"] == {"train/val": 1, "train/test": 0, "val/test": 1}
    assert "Question B?" in report["examples"]
