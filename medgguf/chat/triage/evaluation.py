"""Measuring the triage on a labelled set: recall of emergencies, false alarms on routine messages.

The set is JSONL, one message a line: ``text`` (or ``message``), ``level`` (emergency, urgent or
routine) and, optionally, ``category`` and ``kind`` (situation, question, history, informational,
negation, ...). The numbers that matter for safety are the first two: the share of emergencies
triaged as emergencies, and the share of routine messages (near misses included) that raise the
emergency notice.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from medgguf.chat.triage import LEVELS, Level, compile_all, triage
from medgguf.errors import InputError


@dataclass(frozen=True)
class LabelledMessage:
    text: str
    level: Level
    category: str
    kind: str
    line: int


@dataclass(frozen=True)
class Outcome:
    message: LabelledMessage
    level: Level
    categories: tuple[str, ...]


@dataclass
class CategoryRow:
    category: str
    level: Level
    n: int = 0
    predicted: Counter = field(default_factory=Counter)
    category_found: int = 0

    @property
    def correct(self) -> int:
        """Emergencies caught; urgent triaged urgent or above; routine not flagged as emergency."""
        if self.level == "emergency":
            return self.predicted["emergency"]
        if self.level == "urgent":
            return self.predicted["urgent"] + self.predicted["emergency"]
        return self.n - self.predicted["emergency"]


@dataclass
class Report:
    outcomes: list[Outcome]
    seconds: float

    def _count(self, expected: str, predicted: set[str], kind: str | None = None) -> tuple[int, int]:
        pool = [o for o in self.outcomes if o.message.level == expected and (kind is None or o.message.kind == kind)]
        return sum(o.level in predicted for o in pool), len(pool)

    @property
    def emergency_recall(self) -> tuple[int, int]:
        return self._count("emergency", {"emergency"})

    @property
    def routine_false_alarms(self) -> tuple[int, int]:
        return self._count("routine", {"emergency"})

    @property
    def routine_flagged(self) -> tuple[int, int]:
        return self._count("routine", {"emergency", "urgent"})

    @property
    def urgent_exact(self) -> tuple[int, int]:
        return self._count("urgent", {"urgent"})

    @property
    def urgent_or_above(self) -> tuple[int, int]:
        return self._count("urgent", {"urgent", "emergency"})

    @property
    def ms_per_message(self) -> float:
        return 1000 * self.seconds / max(1, len(self.outcomes))

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """For routine messages of each kind (question, history, negation, ...): emergencies raised."""
        kinds = sorted({o.message.kind for o in self.outcomes if o.message.level == "routine"})
        return {kind: self._count("routine", {"emergency"}, kind) for kind in kinds}

    def rows(self) -> list[CategoryRow]:
        rows: dict[tuple[str, str], CategoryRow] = {}
        for outcome in self.outcomes:
            key = (outcome.message.level, outcome.message.category)
            row = rows.setdefault(key, CategoryRow(outcome.message.category, outcome.message.level))
            row.n += 1
            row.predicted[outcome.level] += 1
            row.category_found += outcome.message.category in outcome.categories
        return sorted(rows.values(), key=lambda r: (LEVELS.index(r.level), r.category))

    def misses(self) -> list[Outcome]:
        """Emergencies not caught, and routine messages that raised the emergency notice."""
        return [
            o
            for o in self.outcomes
            if (o.message.level == "emergency" and o.level != "emergency")
            or (o.message.level == "routine" and o.level == "emergency")
        ]

    def as_dict(self) -> dict:
        def rate(pair: tuple[int, int]) -> dict:
            hit, total = pair
            return {"count": hit, "total": total, "rate": round(hit / total, 4) if total else None}

        return {
            "messages": len(self.outcomes),
            "emergency_recall": rate(self.emergency_recall),
            "routine_false_alarm_rate": rate(self.routine_false_alarms),
            "routine_flagged_urgent_or_above": rate(self.routine_flagged),
            "urgent_exact": rate(self.urgent_exact),
            "urgent_or_above": rate(self.urgent_or_above),
            "routine_false_alarms_by_kind": {k: rate(v) for k, v in self.by_kind().items()},
            "ms_per_message": round(self.ms_per_message, 3),
            "categories": [
                {
                    "category": r.category,
                    "level": r.level,
                    "n": r.n,
                    "predicted": {lv: r.predicted[lv] for lv in LEVELS},
                    "correct": r.correct,
                    "category_found": r.category_found,
                }
                for r in self.rows()
            ],
            "misses": [
                {
                    "line": o.message.line,
                    "text": o.message.text,
                    "expected": o.message.level,
                    "predicted": o.level,
                    "categories": list(o.categories),
                }
                for o in self.misses()
            ],
        }


def load(path: Path) -> list[LabelledMessage]:
    """The labelled messages in ``path``; a bad line is an InputError naming its number."""
    path = Path(path)
    if not path.is_file():
        raise InputError(
            f"evaluation file {path} does not exist", 'pass a JSONL file with one {"text": ..., "level": ...} per line'
        )
    messages: list[LabelledMessage] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            record = parse_line(line, number, str(path))
            level = str(record.get("level", "")).strip().lower()
            if level not in LEVELS:
                raise InputError(
                    f"line {number} of {path} has level {record.get('level')!r}",
                    "use one of emergency, urgent, routine",
                )
            messages.append(
                LabelledMessage(
                    text_of(record, number, str(path)),
                    level,
                    str(record.get("category") or level),
                    str(record.get("kind") or "unspecified"),
                    number,
                )
            )
    if not messages:
        raise InputError(f"evaluation file {path} has no messages", "add one JSON object per line")
    return messages


def parse_line(line: str, number: int, source: str) -> dict:
    """One JSONL line as a dict, or an InputError that names the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"line {number} of {source} is not valid JSON ({exc.msg})",
            'write one JSON object per line, e.g. {"text": "..."}',
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f"line {number} of {source} is not a JSON object", 'write one JSON object per line, e.g. {"text": "..."}'
        )
    return record


def text_of(record: dict, number: int, source: str) -> str:
    value = record.get("text", record.get("message"))
    if not isinstance(value, str):
        raise InputError(
            f'line {number} of {source} has no "text" string', 'give each line a "text" (or "message") field'
        )
    return value


def evaluate(messages: list[LabelledMessage]) -> Report:
    outcomes: list[Outcome] = []
    compile_all()  # the one-off cost (about 0.3 s) is not a message's
    started = time.perf_counter()
    for message in messages:
        result = triage(message.text)
        outcomes.append(Outcome(message, result.level, tuple(result.categories)))
    return Report(outcomes, time.perf_counter() - started)


def summary_lines(report: Report) -> list[str]:
    """The headline numbers as plain lines."""

    def pct(pair: tuple[int, int]) -> str:
        hit, total = pair
        return f"{hit}/{total} ({100 * hit / total:.1f}%)" if total else "n/a"

    lines = [
        f"messages: {len(report.outcomes)}",
        f"emergency recall (emergency -> emergency): {pct(report.emergency_recall)}",
        f"false alarms (routine -> emergency): {pct(report.routine_false_alarms)}",
        f"routine -> urgent or emergency: {pct(report.routine_flagged)}",
        f"urgent -> urgent: {pct(report.urgent_exact)}; urgent -> urgent or emergency: {pct(report.urgent_or_above)}",
    ]
    kinds = report.by_kind()
    if len(kinds) > 1:
        lines.append("routine -> emergency by kind: " + ", ".join(f"{k} {pct(v)}" for k, v in kinds.items()))
    lines.append(f"time: {report.ms_per_message:.2f} ms per message")
    return lines


def per_category(report: Report) -> defaultdict[str, list[CategoryRow]]:
    grouped: defaultdict[str, list[CategoryRow]] = defaultdict(list)
    for row in report.rows():
        grouped[row.level].append(row)
    return grouped
