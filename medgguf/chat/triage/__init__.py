"""Red-flag triage of what a user types, before any model answers: emergency, urgent or routine.

Deterministic, offline and independent of the model, so no model output can talk a warning away
and every model gets the same one; it costs well under 5 ms a message. `medgguf chat`, `medgguf
ask`, `medgguf triage` and any future server all call ``triage()`` here.

How it decides: the message is normalized and spell-corrected (text.py), every rule in rules.py
is tried, and a rule counts only when each of its patterns matches in a live frame (framing.py:
not negated, not history, not a general question, not a school report). The result's level is the
highest level of the rules that fired; its categories are those at that level. When no rule
found an emergency, a learned backstop (backstop.py: a logistic regression over the same live
frames) may still raise one, as "a combination of warning signs"; it never lowers a level.

What it does not do: it cannot see, examine or follow up; it reads one message, not the
conversation; it does not know a person's age, pregnancy or medicines unless the message says so;
and it errs toward the emergency notice when a message is ambiguous about whether something is
happening now. Measured recall and false alarms are in the README.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from medgguf.chat.triage import backstop, framing, text
from medgguf.chat.triage.lexicon import LEXICON
from medgguf.chat.triage.rules import (
    CALL_NOW,
    CATEGORIES,
    CRISIS_ACTION,
    EXTRA_LEXICON,
    LEVELS,
    LOCAL,
    PERSIST,
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
            _compiled(_bare(pattern))
    text.correct("warmupp", vocabulary())  # loads the word list and builds the typo index


# ---------------------------------------------------------------------------------------------
# Triage


def _bare(pattern: str) -> str:
    """``pattern`` without its STATE / PERSIST / LOCAL marks."""
    return pattern.lstrip(STATE + PERSIST + LOCAL)


@functools.lru_cache(maxsize=4096)
def _prepared(pattern: str) -> tuple[re.Pattern[str], bool, bool]:
    marks = pattern[: len(pattern) - len(_bare(pattern))]
    return _compiled(_bare(pattern)), STATE in marks, PERSIST in marks


class _Matcher:
    """The live matches of each pattern in one message, computed once per pattern.

    ``soft`` reads a pattern for an urgent rule (1): an episode told as over ("came round straight away",
    "the bleeding stopped with pressure") silences the emergency rules but not the urgent ones; and for
    the check whether an emergency has passed (2), which also looks through "fine now"."""

    def __init__(self, norm: text.Normalized, frames: framing.Frames):
        self.norm = norm
        self.frames = frames
        self._first: dict[tuple[str, int], str | None] = {}
        self._all: dict[tuple[str, int], list[tuple[str, int]]] = {}
        self.ignored: dict[str, str] = {}

    def _scan(self, pattern: str, *, first: bool, note_ignored: bool = False, soft: int = 0) -> list[tuple[str, int]]:
        found: list[tuple[str, int]] = []
        compiled, state, persist = _prepared(pattern)
        for match in compiled.finditer(self.norm.text):
            if not match.group(0).strip():
                continue
            token = self.norm.token_at(match.start())
            reason = self.frames.ignored(token, state=state, persist=persist, soft=soft)
            if reason is None:
                found.append((match.group(0), self.frames.clause_of[token]))
                if first:
                    break
            elif note_ignored and len(self.ignored) < 8:
                self.ignored.setdefault(match.group(0), reason)
        return found

    def live(self, pattern: str, *, note_ignored: bool = False, soft: int = 0) -> str | None:
        """The first live match of ``pattern``, or None."""
        key = (pattern, soft)
        try:
            return self._first[key]
        except KeyError:
            pass
        found = (
            self._all[key]
            if key in self._all
            else self._scan(pattern, first=True, note_ignored=note_ignored, soft=soft)
        )
        self._first[key] = found[0][0] if found else None
        return self._first[key]

    def matches(self, pattern: str, *, soft: int = 0) -> list[tuple[str, int]]:
        """Every live match of ``pattern``: (phrase, clause)."""
        key = (pattern, soft)
        if key not in self._all:
            self._all[key] = [] if self._first.get(key, "") is None else self._scan(pattern, first=False, soft=soft)
        return self._all[key]


def triage(message: str) -> Triage:
    """Triage one message. Never raises on odd input; an empty message is routine."""
    found = _rules(message)
    if found is None:
        return Triage("routine", ())
    matcher, levels, evidence = found
    flagged = backstop.check(matcher, levels)
    if flagged:
        evidence[backstop.CATEGORY] = flagged
        levels[backstop.CATEGORY] = "emergency"
    if not levels:
        return Triage("routine", (), _ignored(matcher))
    level = min(levels.values(), key=LEVELS.index)
    findings = tuple(
        Finding(category, level, tuple(evidence[category][:4]))
        for category in _ordered(c for c, lv in levels.items() if lv == level)
    )
    return Triage(level, findings, _ignored(matcher))


def backstop_features(message: str) -> tuple[frozenset[str], bool]:
    """What the learned backstop reads in ``message``, and whether the rules found an emergency
    there (scripts/train_triage_backstop.py trains on the first and filters on the second)."""
    found = _rules(message)
    if found is None:
        return frozenset(), False
    matcher, levels, _ = found
    return backstop.features(matcher, levels), "emergency" in levels.values()


def _rules(message: str) -> tuple[_Matcher, dict[str, Level], dict[str, list[str]]] | None:
    """What the rules find: each category's level and evidence, or None for an empty message."""
    norm = text.normalize(message, vocabulary())
    if not norm.tokens:
        return None
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
    if "emergency" not in levels.values() and matcher.frames.has_ended:
        # An emergency told as over ("the pain eased after twenty minutes", "came round straight away")
        # with no clinician's check since: no longer call-now, but a same-day check (NICE CG95, NG128, CG109).
        for rule in RULES:
            if rule.level == "emergency":
                phrases = _fire(rule, matcher, soft=2)
                if phrases is not None:
                    evidence["passed_emergency"] = list(dict.fromkeys(phrases))
                    levels["passed_emergency"] = "urgent"
                    break
    return matcher, levels, evidence


def _fire(rule: Rule, matcher: _Matcher, soft: int | None = None) -> list[str] | None:
    """The evidence for ``rule`` in the message, or None if it does not fire.

    An ``unless`` pattern vetoes the rule wherever it matches live, except a LOCAL one ("~a bit",
    "~for years"): that qualifies only the findings in its own clause, so "on and off for years,
    but since yesterday he's grey and sweating" still counts the new signs."""
    soft = (1 if rule.level == "urgent" else 0) if soft is None else soft
    phrases = _evidence(rule, matcher, lambda pattern, note=False: matcher.live(pattern, note_ignored=note, soft=soft))
    if phrases is None:
        return None
    global_unless, local_unless = _split_unless(rule.unless)
    if any(matcher.live(pattern) is not None for pattern in global_unless):
        return None
    local = {clause for pattern in local_unless for _, clause in matcher.matches(pattern)}
    frames_next = matcher.frames.frames_next
    local |= {clause + 1 for clause in local if clause < len(frames_next) and frames_next[clause]}
    if not local:
        return phrases
    return _evidence(
        rule,
        matcher,
        lambda pattern, note=False: next(
            (phrase for phrase, clause in matcher.matches(pattern, soft=soft) if clause not in local), None
        ),
    )


def _evidence(rule: Rule, matcher: _Matcher, first) -> list[str] | None:
    if rule.at_least:
        if rule.strong and all(first(pattern) is None for pattern in rule.patterns[: rule.strong]):
            return None
        found = [(i, p) for i, p in enumerate(first(pattern) for pattern in rule.patterns) if p is not None]
        phrases = list(dict.fromkeys(p for _, p in found))  # different words, not one phrase twice
        if len(phrases) < rule.at_least or (rule.strong and not any(i < rule.strong for i, _ in found)):
            return None
        return phrases
    phrases = []
    for index, pattern in enumerate(rule.patterns):
        phrase = first(pattern, index == 0)
        if phrase is None:
            return None
        phrases.append(phrase)
    return phrases


@functools.lru_cache(maxsize=1024)
def _split_unless(unless: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(p for p in unless if not p.startswith(LOCAL)), tuple(p for p in unless if p.startswith(LOCAL)))


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
