"""From what a person typed to the token stream the rules read.

The rules match on a normalized text: lower case, apostrophes and most punctuation folded to
spaces, sentence ends as a "." token and commas as a "," token (so "a few words apart" never
reaches across a sentence or a list), numbers with their decimal point or slash kept ("38.5",
"80/50"), contractions typed without the apostrophe spelled like the ones with it ("cant" is
"can t"), and each misspelled word replaced by the rule word it is one or two edits from ("chset
pian" is "chest pain"). A word found in an English dictionary is never "corrected": "paint" stays
"paint" and "chess" stays "chess", even though each is one edit from a rule word.
"""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_DATA_DIR = Path(__file__).resolve().parent / "data"

# Contractions typed without the apostrophe, spelled the way normalize() spells the ones with it.
_CONTRACTIONS = {
    "cant": "can t",
    "wont": "won t",
    "dont": "don t",
    "isnt": "isn t",
    "doesnt": "doesn t",
    "didnt": "didn t",
    "wasnt": "wasn t",
    "werent": "weren t",
    "arent": "aren t",
    "hasnt": "hasn t",
    "havent": "haven t",
    "hadnt": "hadn t",
    "couldnt": "couldn t",
    "wouldnt": "wouldn t",
    "shouldnt": "shouldn t",
    "aint": "ain t",
    "im": "i m",
    "ive": "i ve",
    "id": "i d",
    "hes": "he s",
    "shes": "she s",
    "thats": "that s",
    "whats": "what s",
    "theyre": "they re",
    "youre": "you re",
    "its": "it s",
    "theres": "there s",
    "cannot": "can t",
    "gonna": "going to",
    "wanna": "want to",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "thru": "through",
    "abt": "about",
    "mins": "minutes",
    "min": "minutes",
    "hrs": "hours",
    "yr": "year",
    "yrs": "years",
    "yo": "year old",
    "yos": "year old",
    "mth": "month",
    "mths": "months",
    "wk": "week",
    "wks": "weeks",
}

_SENTENCE_END = re.compile(r"[.!?;:\n]+|\u2026")
_DECIMAL = re.compile(r"(\d)\.(\d)")
_SLASHED = re.compile(r"(\d) ?/ ?(\d)")


@dataclass(frozen=True)
class Normalized:
    """The normalized message: ``text`` is ``tokens`` joined by single spaces."""

    text: str
    tokens: tuple[str, ...]
    starts: tuple[int, ...]  # the character offset of each token in ``text``

    def token_at(self, offset: int) -> int:
        """The index of the token that holds character ``offset`` of ``text``."""
        import bisect

        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def normalize(message: str, vocabulary: frozenset[str] = frozenset()) -> Normalized:
    """Normalize ``message``; words close to a ``vocabulary`` word are spelled as that word."""
    text = message.lower().replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = text.replace("&", " and ").replace("+", " and ")
    text = _DECIMAL.sub("\\1\x00\\2", text)  # keep 38.5 through the sentence split
    text = _SLASHED.sub("\\1\x01\\2", text)  # and 80/50 through the punctuation fold
    text = _SENTENCE_END.sub(" . ", text)
    text = re.sub(r"[,()\[\]{}]| - | \u2013 | \u2014 |\u2014|\u2013", " , ", text)
    text = re.sub(r"[^a-z0-9\x00\x01,. ]+", " ", text)
    text = re.sub(r"(\d)([a-z])", r"\1 \2", text)  # 3yo, 38c, 20mins: number, then unit
    text = text.replace("\x00", ".").replace("\x01", "/")
    words: list[str] = []
    for raw in text.split():
        if raw not in {".", ","} and not raw[0].isdigit():
            raw = raw.strip(".")
            if not raw:
                continue
        expanded = _CONTRACTIONS.get(raw, raw)
        for word in expanded.split():
            if vocabulary and word.isalpha():
                word = correct(word, vocabulary)
            words.append(word)
    tokens = _squeeze_punctuation(words)
    starts, offset = [], 0
    for token in tokens:
        starts.append(offset)
        offset += len(token) + 1
    return Normalized(" ".join(tokens), tuple(tokens), tuple(starts))


def _squeeze_punctuation(words: Iterable[str]) -> tuple[str, ...]:
    """No leading, trailing or repeated punctuation tokens; "." wins over ","."""
    out: list[str] = []
    for word in words:
        if word in {".", ","}:
            if not out:
                continue
            if out[-1] in {".", ","}:
                if word == ".":
                    out[-1] = "."
                continue
        out.append(word)
    while out and out[-1] in {".", ","}:
        out.pop()
    return tuple(out)


# ---------------------------------------------------------------------------------------------
# Spelling


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Dictionary words of four letters or more (SCOWL, via Debian's wamerican/wbritish)."""
    with gzip.open(_DATA_DIR / "english_words.txt.gz", "rt", encoding="ascii") as handle:
        return frozenset(handle.read().split())


@functools.lru_cache(maxsize=4)
def _deletion_index(vocabulary: frozenset[str]) -> dict[str, tuple[str, ...]]:
    """Each vocabulary word under every string one or two deletions away (SymSpell), so a
    misspelling finds its candidates by looking up its own deletions instead of scanning."""
    index: dict[str, set[str]] = {}
    for word in vocabulary:
        for variant in _deletions(word, _edit_limit(len(word))):
            index.setdefault(variant, set()).add(word)
    return {key: tuple(sorted(words)) for key, words in index.items()}


def _edit_limit(length: int) -> int:
    return 1 if length < 8 else 2


def _deletions(word: str, depth: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w)) if len(w) > 3}
        found |= frontier
    return found


# Dictionary words that are far more often a typo of a rule word than the word itself.
_TYPO_NOT_WORD = frozenset({"brest", "stomache", "chets", "bleading", "siezure", "seizer", "breth"})
# Words the dictionary lacks that are not typos ("a first aider" is not "a first adder").
# Round 6: "x-rayed" is not "x raped", an OSCE is not "once", a carer is not "care", ECGs are not "eggs".
_WORD_NOT_TYPO = frozenset(
    {
        "aider",
        "aiders",
        "rayed",
        "osce",
        "osces",
        "carer",
        "carers",
        "cafe",
        "cafes",
        "ecgs",
        "ekgs",
        "tabletop",
        "gcse",
        "gcses",
        "btec",
    }
)


@functools.lru_cache(maxsize=16384)
def correct(word: str, vocabulary: frozenset[str]) -> str:
    """The vocabulary word ``word`` is a misspelling of, or ``word`` itself.

    Only words of four letters or more that are neither vocabulary nor dictionary words are
    corrected; a four-letter word only to a word with the same first letter ("hevy" is "heavy",
    "pian" is "pain"). Among equally near candidates a transposition wins ("pian" is "pain" before
    "plan"), then the candidate whose length is closest.
    """
    if len(word) < 4 or word in vocabulary or not word.isalpha() or word in _WORD_NOT_TYPO:
        return word
    if word in english_words() and word not in _TYPO_NOT_WORD:
        return word
    limit = _edit_limit(len(word))
    index = _deletion_index(vocabulary)
    candidates: set[str] = set()
    for variant in _deletions(word, limit):
        candidates.update(index.get(variant, ()))
    best: tuple[tuple[int, int, int, str], str] | None = None
    for candidate in candidates:
        if len(word) == 4 and candidate[0] != word[0]:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (distance, 0 if sorted(candidate) == sorted(word) else 1, abs(len(candidate) - len(word)), candidate)
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1] if best else word


def edit_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment), giving up past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]
