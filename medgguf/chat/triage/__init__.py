"""Red-flag triage of what a user types, before any model answers: emergency, urgent or routine.

Deterministic, offline and independent of the model, so no model output can talk a warning away
and every model gets the same one; it costs well under 5 ms a message. `medgguf chat`, `medgguf
ask`, `medgguf triage` and any future server all call ``triage()`` here.

How it decides: the message is normalized and spell-corrected (text.py), every rule in rules.py
is tried, and a rule counts only when each of its patterns matches in a live frame (framing.py:
not negated, not history, not a general question, not a school report). The result's level is the
highest level of the rules that fired; its categories are those at that level.

What it does not do: it cannot see, examine or follow up; it reads one message, not the
conversation; it does not know a person's age, pregnancy or medicines unless the message says so;
and it errs toward the emergency notice when a message is ambiguous about whether something is
happening now. Measured recall and false alarms are in the README.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from medgguf.chat.triage import framing, text
from medgguf.chat.triage.lexicon import LEXICON
from medgguf.chat.triage.rules import (
    CALL_NOW,
    CATEGORIES,
    CRISIS_ACTION,
    EXTRA_LEXICON,
    LEVELS,
    POISON_ACTION,
    RULES,
    SEE_TODAY,
    STATE,
    Level,
    Rule,
)

__all__ = [
    "DISCLAIMER",
    "EMERGENCY_HEADLINE",
    "URGENT_HEADLINE",
    "CALL_NOW",
    "SEE_TODAY",
    "CRISIS_ACTION",
    "POISON_ACTION",
    "CATEGORIES",
    "LEVELS",
    "Level",
    "Finding",
    "Ignored",
    "Triage",
    "triage",
    "notice",
]

DISCLAIMER = (
    "medgguf is a research demo, not a clinician. Its answers can be wrong or out of date: "
    "do not use them for diagnosis or treatment decisions. In an emergency, call your local "
    "emergency number."
)
EMERGENCY_HEADLINE = "POSSIBLE MEDICAL EMERGENCY"
URGENT_HEADLINE = "SEE A CLINICIAN TODAY"


@dataclass(frozen=True)
class Finding:
    """A category whose rule fired, with the phrases (as normalized) that made it fire."""

    category: str
    level: Level
    evidence: tuple[str, ...]

    @property
    def label(self) -> str:
        return CATEGORIES[self.category].label


@dataclass(frozen=True)
class Ignored:
    """A phrase a rule matched but that does not count, and why: negated, history, resolved,
    informational, hypothetical, prevention, study or fiction."""

    phrase: str
    reason: str


@dataclass(frozen=True)
class Triage:
    level: Level
    findings: tuple[Finding, ...]  # at ``level`` only, strongest category first
    ignored: tuple[Ignored, ...] = field(default=())

    @property
    def categories(self) -> list[str]:
        return [finding.category for finding in self.findings]

    @property
    def is_emergency(self) -> bool:
        return self.level == "emergency"

    def as_dict(self) -> dict:
        return {
            "level": self.level,
            "categories": self.categories,
            "evidence": {finding.category: list(finding.evidence) for finding in self.findings},
            "ignored": [{"phrase": item.phrase, "reason": item.reason} for item in self.ignored],
        }


# ---------------------------------------------------------------------------------------------
# Compiling the rules

_MACRO = re.compile(r"<([A-Z_0-9]+)>")
_GAP = re.compile(r" %(\d) ")
_TOKEN = r"[a-z0-9][^ ]*"


def expand(pattern: str, lexicon: dict[str, str] | None = None, _depth: int = 0) -> str:
    """``pattern`` with every <NAME> replaced by its lexicon entry and every " %N " by a gap."""
    lexicon = lexicon if lexicon is not None else _LEXICON
    if _depth > 8:
        raise ValueError(f"lexicon entries nest too deep in {pattern[:60]}")

    def entry(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in lexicon:
            raise KeyError(f"unknown lexicon entry <{name}>")
        return "(?:" + expand(lexicon[name], lexicon, _depth + 1) + ")"

    pattern = _MACRO.sub(entry, pattern)
    pattern = _GAP.sub(lambda m: f" (?:{_TOKEN} ){{0,{m.group(1)}}}", pattern)
    return pattern.replace(r"\S+", _TOKEN)


_LEXICON = {**LEXICON, **EXTRA_LEXICON}


@functools.lru_cache(maxsize=4096)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z0-9])(?:" + expand(pattern) + r")(?![a-z0-9])")


@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """Every literal word of four letters or more in the lexicon and rules: what typos correct to."""
    sources = list(_LEXICON.values())
    for rule in RULES:
        sources.extend(rule.patterns)
        sources.extend(rule.unless)
    words: set[str] = set()
    for source in sources:
        # "seizures?" stands for "seizure" and "seizures"
        words.update(m.group(1) for m in re.finditer(r"(?<![a-z\\])([a-z]{4,})[a-z]\?(?![:!=<])", source))
        plain = re.sub(r"\\[a-zA-Z]|\[[^\]]*\]|\{[^}]*\}|\?[:!=<]*|<[A-Z_0-9]+>", " ", source)
        words.update(w for w in re.findall(r"[a-z]{4,}", plain))
    return frozenset(words)


def compile_all() -> None:
    """Compile every rule and load the spelling data now (a test calls this, so a bad pattern
    fails there, not in chat; the benchmark calls it so the one-off cost is not a message's)."""
    for rule in RULES:
        for pattern in (*rule.patterns, *rule.unless):
            _compiled(pattern.removeprefix(STATE))
    text.correct("warmupp", vocabulary())  # loads the word list and builds the typo index


# ---------------------------------------------------------------------------------------------
# Triage


class _Matcher:
    """The live matches of each pattern in one message, computed once per pattern."""

    def __init__(self, norm: text.Normalized, frames: framing.Frames):
        self.norm = norm
        self.frames = frames
        self._live: dict[str, str | None] = {}
        self.ignored: dict[str, str] = {}

    def live(self, pattern: str, *, note_ignored: bool = False) -> str | None:
        if pattern in self._live:
            return self._live[pattern]
        found: str | None = None
        state = pattern.startswith(STATE)
        for match in _compiled(pattern.removeprefix(STATE)).finditer(self.norm.text):
            if not match.group(0).strip():
                continue
            reason = self.frames.ignored(self.norm.token_at(match.start()), state=state)
            if reason is None:
                found = match.group(0)
                break
            if note_ignored and len(self.ignored) < 8:
                self.ignored.setdefault(match.group(0), reason)
        self._live[pattern] = found
        return found


def triage(message: str) -> Triage:
    """Triage one message. Never raises on odd input; an empty message is routine."""
    norm = text.normalize(message, vocabulary())
    if not norm.tokens:
        return Triage("routine", ())
    matcher = _Matcher(norm, framing.analyse(norm))
    evidence: dict[str, list[str]] = {}
    levels: dict[str, Level] = {}
    for rule in RULES:
        phrases = _fire(rule, matcher)
        if phrases is None:
            continue
        known = evidence.setdefault(rule.category, [])
        known.extend(p for p in phrases if p not in known)
        if rule.category not in levels or LEVELS.index(rule.level) < LEVELS.index(levels[rule.category]):
            levels[rule.category] = rule.level
    if not levels:
        return Triage("routine", (), _ignored(matcher))
    level = min(levels.values(), key=LEVELS.index)
    findings = tuple(
        Finding(category, level, tuple(evidence[category][:4]))
        for category in _ordered(c for c, lv in levels.items() if lv == level)
    )
    return Triage(level, findings, _ignored(matcher))


def _fire(rule: Rule, matcher: _Matcher) -> list[str] | None:
    phrases: list[str] = []
    if rule.at_least:
        found = [(i, p) for i, p in enumerate(matcher.live(pattern) for pattern in rule.patterns) if p is not None]
        phrases = list(dict.fromkeys(p for _, p in found))  # different words, not one phrase twice
        if len(phrases) < rule.at_least or (rule.strong and not any(i < rule.strong for i, _ in found)):
            return None
    else:
        for index, pattern in enumerate(rule.patterns):
            phrase = matcher.live(pattern, note_ignored=index == 0)
            if phrase is None:
                return None
            phrases.append(phrase)
    if any(matcher.live(pattern) is not None for pattern in rule.unless):
        return None
    return phrases


def _ordered(categories) -> list[str]:
    """Named categories before the general danger-signs ones; otherwise in CATEGORIES order."""
    order = {name: i for i, name in enumerate(CATEGORIES)}
    general = {"danger_signs", "warning_signs", "severe_pain"}
    return sorted(set(categories), key=lambda c: (c in general, order.get(c, len(order))))


def _ignored(matcher: _Matcher) -> tuple[Ignored, ...]:
    return tuple(Ignored(phrase, reason) for phrase, reason in list(matcher.ignored.items())[:5])


# ---------------------------------------------------------------------------------------------
# The notice shown before an answer


def notice(result: Triage) -> str:
    """The plain-text notice for ``result``: empty for routine, else what it found and what to do."""
    if result.level == "routine":
        return ""
    labels = ", ".join(finding.label for finding in result.findings)
    if result.level == "emergency":
        lines = [f"{EMERGENCY_HEADLINE}: your message describes {labels}.", CALL_NOW]
    else:
        lines = [f"{URGENT_HEADLINE}: your message describes {labels}.", SEE_TODAY]
    actions: list[str] = []
    for finding in result.findings:
        action = CATEGORIES[finding.category].action
        if action and action not in actions and action != CRISIS_ACTION:
            actions.append(action)
    lines.extend(actions[:3])
    if "crisis" in result.categories:
        lines.append(CRISIS_ACTION)
    if any(c in result.categories for c in ("poisoning", "caustic_ingestion")) and not any(
        POISON_ACTION in a for a in actions
    ):
        lines.append(POISON_ACTION)
    lines.append("The answer below comes from a small language model and cannot assess an emergency.")
    return "\n".join(lines)
