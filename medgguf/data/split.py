"""Seeded train/val/test split that keeps every question in one split, and the leakage check.

Rows are grouped by their normalised question, so MedQuAD's repeated questions (same question,
different answer pages) and any near-duplicate wording all land in the same split.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from medgguf.errors import InputError

SPLIT_NAMES = ("train", "val", "test")


def check_fractions(fractions: Sequence[float]) -> list[float]:
    fractions = [float(f) for f in fractions]
    if len(fractions) not in (2, 3):
        raise InputError(
            f"data.splits = {fractions} must have 2 or 3 fractions",
            "write [train, val] or [train, val, test], e.g. [0.9, 0.05, 0.05]",
        )
    if any(f <= 0 for f in fractions):
        raise InputError(
            f"data.splits = {fractions} has a fraction that is not positive",
            "every split needs a fraction above 0 (drop the test fraction to have no test split)",
        )
    if abs(sum(fractions) - 1.0) > 1e-6:
        raise InputError(
            f"data.splits = {fractions} sums to {sum(fractions):g}, not 1",
            "make the fractions add up to 1, e.g. [0.9, 0.05, 0.05]",
        )
    return fractions


def assign_splits(group_keys: Sequence[str], fractions: Sequence[float], seed: int) -> list[int]:
    """For each row, the index of its split (0 train, 1 val, 2 test). Rows sharing a key share a split.

    Held-out splits are filled first, by whole groups in a seeded random order, up to their share
    of the rows (at least one row each); train takes the rest.
    """
    fractions = check_fractions(fractions)
    total = len(group_keys)
    if total < len(fractions):
        raise InputError(
            f"only {total} rows are left after cleaning, too few for {len(fractions)} splits",
            "add data or raise data.max_tokens; the drop reasons show where rows went",
        )
    members: dict[str, list[int]] = {}
    for row, key in enumerate(group_keys):
        members.setdefault(key, []).append(row)
    if len(members) < len(fractions):
        raise InputError(
            f"the rows hold only {len(members)} distinct questions, too few for {len(fractions)} splits",
            "add data with more distinct questions",
        )
    groups = list(members.values())
    random.Random(seed).shuffle(groups)
    assignment = [0] * total
    cursor = 0
    for split_index, fraction in enumerate(fractions[1:], start=1):
        target = max(1, round(total * fraction))
        taken = 0
        # Leave at least one group for each split still to fill, train included.
        while taken < target and cursor < len(groups) - (len(fractions) - split_index):
            for row in groups[cursor]:
                assignment[row] = split_index
            taken += len(groups[cursor])
            cursor += 1
    return assignment


def leakage(split_keys: Mapping[str, Sequence[str]], questions: dict[str, str], limit: int = 3) -> dict:
    """Questions (by normalised key) found in more than one split; ``questions`` maps key -> text."""
    names = [n for n in split_keys if split_keys[n]]
    sets = {n: set(split_keys[n]) for n in names}
    pairs = {}
    shared: set[str] = set()
    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            common = sets[first] & sets[second]
            pairs[f"{first}/{second}"] = len(common)
            shared |= common
    return {
        "compared_by": "normalised question text",
        "questions_in_two_splits": len(shared),
        "pairs": pairs,
        "examples": [questions.get(k, k)[:120] for k in sorted(shared)[:limit]],
    }
