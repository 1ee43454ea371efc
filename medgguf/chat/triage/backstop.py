"""A learned backstop under the rules: a logistic regression that may add an emergency the rules
did not find, and never removes or lowers one.

Why: every round of rules reached 100% on the messages it was written against and ~92% on the
next set nobody had read; the misses are the long tail of how people tell an emergency. A linear
model over what the message says is happening *now* generalises over that tail. Checked back in
time: trained by scripts/train_triage_backstop.py on the data of round 6 beside the round-6
rules, it caught 9 of the 15 emergencies those rules missed in blind sets 4b and 5a (unseen
then) and raised none of their 156 routine messages. Measured numbers are in the README.

What it reads (``features``): only live tokens, the ones framing.py counts (not negated, not
history, not a general question, not study or fiction), so near misses give it nothing to go on;
their words and word pairs (not pairs of function words: "and i" says how someone writes, not
what is wrong); the lexicon's clinical concepts that match live (body part, symptom, how bad) and
every pair of them; and the urgent categories the rules found. What the rules found at
emergency level is not a feature: the backstop only runs when there is none.

The weights ship in ``data/triage_backstop.json`` with the threshold the training chose (the
lowest at which out-of-fold false alarms on the repository's routine messages stay at or under
1%) and a fingerprint of the sources that make the features; tests fail when the rules change
and the weights were not retrained. Deterministic, offline, pure Python at run time.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from medgguf.chat.triage import _Matcher
    from medgguf.chat.triage.rules import Level

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent / "data" / "triage_backstop.json"
CATEGORY = "combined_signs"
# The sources whose change changes what ``features`` returns for a message.
FEATURE_SOURCES = ("text.py", "framing.py", "lexicon.py", "rules.py", "backstop.py")
_PUNCTUATION = frozenset({".", ","})
_STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an the and or but of to in on at for with is are was were be been it its i me my he she his her they them "
        "their we our you your this that so as if by from has have had do does did not no just very really",
    )
)
# A word pair of these alone says how someone writes, not what is happening ("and i", "can t").
_FUNCTION_WORDS = _STOP_WORDS | frozenset(re.findall(r"\w+", "can t s m d ll ve re don won isn doesn didn am will"))
# Concepts that name who or how many, not what is wrong: on their own they only mark a story told now.
_NOT_CLINICAL = frozenset({"POSS", "PERSON", "N_FEW", "MANY"})


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float
    fingerprint: str

    def score(self, features: frozenset[str]) -> float:
        return self.bias + sum(self.weights.get(feature, 0.0) for feature in features)

    def evidence(self, features: frozenset[str], matcher: _Matcher, limit: int = 4) -> list[str]:
        """What pushed the score up most, as the message says it: the phrases of its clinical concepts,
        then its words that the lexicon names (lexicon_words)."""

        def weight(feature: str) -> float:
            return self.weights.get(feature, 0.0)

        shown: list[str] = []
        for feature in sorted((f for f in features if f.startswith("c:") and weight(f) > 0), key=weight, reverse=True):
            phrase = matcher.live(f"<{feature[2:]}>")
            if phrase and phrase not in shown:
                shown.append(phrase)
        known = lexicon_words()
        words = (f for f in features if f.startswith("w:") and weight(f) > 0 and f[2:] in known)
        shown += [word[2:] for word in sorted(words, key=weight, reverse=True) if word[2:] not in " ".join(shown)]
        return shown[:limit]


def fingerprint() -> str:
    """sha256 over the sources that make the features (FEATURE_SOURCES)."""
    digest = hashlib.sha256()
    folder = Path(__file__).resolve().parent
    for name in FEATURE_SOURCES:
        digest.update(name.encode() + b"\0" + (folder / name).read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def load(path: Path = MODEL_PATH) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(
        weights={str(k): float(v) for k, v in data["weights"].items()},
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        fingerprint=str(data["fingerprint"]),
    )


@functools.lru_cache(maxsize=1)
def _shipped() -> Model | None:
    """The shipped model, or None (logged once) if its file is missing or unreadable: the rules must
    keep working whatever happened to an installation's data files."""
    try:
        return load()
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("triage backstop off: %s is unreadable (%s); the rules alone triage", MODEL_PATH, exc)
        return None


@functools.lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """The lexicon's clinical concepts' one-word alternatives ("dizzy|giddy|the room is spinning"
    gives dizzy and giddy), less the words for people: the words of symptoms, body parts and
    severity, not of the phrases around them or of who tells the story."""
    from medgguf.chat.triage import _LEXICON

    def words(names) -> set[str]:
        alternatives = (a.strip("(?:)") for name in names for a in _LEXICON[name].split("|"))
        return {a for a in alternatives if re.fullmatch(r"[a-z]{4,}", a)}

    return frozenset(words(n for n in _LEXICON if n not in _NOT_CLINICAL) - words(["PERSON"]))


@functools.lru_cache(maxsize=1)
def concepts() -> tuple[str, ...]:
    from medgguf.chat.triage import _LEXICON

    return tuple(sorted(_LEXICON))


def features(matcher: _Matcher, levels: dict[str, Level]) -> frozenset[str]:
    """What the model reads in one message (see the module docstring)."""
    frames, tokens = matcher.frames, matcher.norm.tokens
    found: set[str] = set()
    previous: str | None = None
    for index, token in enumerate(tokens):
        if token in _PUNCTUATION or frames.ignored(index) is not None:
            previous = None
            continue
        word = "<num>" if token[0].isdigit() else token
        if word not in _STOP_WORDS and len(word) > 1:
            found.add("w:" + word)
        if previous is not None and not (previous in _FUNCTION_WORDS and word in _FUNCTION_WORDS):
            found.add(f"b:{previous}_{word}")
        previous = word
    live = [name for name in concepts() if name not in _NOT_CLINICAL and matcher.live(f"<{name}>") is not None]
    found.update("c:" + name for name in live)
    found.update(f"cc:{a}+{b}" for a, b in itertools.combinations(live, 2))
    found.update(f"r:{level}:{category}" for category, level in levels.items() if level != "emergency")
    return frozenset(found)


def check(matcher: _Matcher, levels: dict[str, Level], model: Model | None = None) -> list[str] | None:
    """The evidence for an emergency that the model sees and the rules did not, or None."""
    if "emergency" in levels.values():
        return None
    model = model or _shipped()
    if model is None:
        return None
    seen = features(matcher, levels)
    if model.score(seen) < model.threshold:
        return None
    return model.evidence(seen, matcher)
