"""The data stage: read every source, clean, dedup, drop over-long rows, sample, mix, split, write.

    prepare_splits(cfg, tokenizer, out_dir) -> stats   writes train/val/test.jsonl and stats.json
    build(cfg, tokenizer) -> Prepared                  the same, in memory (`medgguf data inspect`)

Every row that is not written is counted: per source, per drop reason with its first row
numbers, and as exact or normalised duplicates. Lengths are measured in tokens of the text the
model trains on: the conversation with the system prompt rendered through the chat template.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import random
import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medgguf import atomic
from medgguf.config import DataConfig, SourceConfig
from medgguf.data import schemas
from medgguf.data.clean import clean_text, digest, normalised_key
from medgguf.data.format import encode_for_training, render, token_lengths, with_system
from medgguf.data.records import Drop, Example, RowDropped
from medgguf.data.sources import FORMATS, Broken, read_source, source_label
from medgguf.data.split import SPLIT_NAMES, assign_splits, check_fractions, leakage
from medgguf.errors import InputError
from medgguf.progress import Notify
from medgguf.run import STATS_FILE, split_file_name

log = logging.getLogger(__name__)

FIRST_ROWS = 5
"""How many row numbers stats.json lists per drop reason."""
HISTOGRAM_BINS = 12


@dataclass
class Tally:
    """Rows left out for one reason: how many and the first few row numbers."""

    count: int = 0
    rows: list[int] = field(default_factory=list)

    def add(self, row: int) -> None:
        self.count += 1
        if len(self.rows) < FIRST_ROWS:
            self.rows.append(row)

    def to_json(self) -> dict:
        return {"count": self.count, "rows": self.rows}


@dataclass
class SourceReport:
    name: str
    origin: str
    schema: str
    rows_read: int = 0
    drops: dict[str, Tally] = field(default_factory=dict)
    exact_duplicates: Tally = field(default_factory=Tally)
    normalised_duplicates: Tally = field(default_factory=Tally)
    rows_kept: int = 0
    rows_used: int = 0

    def drop(self, reason: Drop, row: int) -> None:
        self.drops.setdefault(str(reason), Tally()).add(row)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "origin": self.origin,
            "schema": self.schema,
            "rows_read": self.rows_read,
            "rows_kept": self.rows_kept,
            "rows_used": self.rows_used,
            "drops": {reason: t.to_json() for reason, t in sorted(self.drops.items())},
            "duplicates": {
                "exact": self.exact_duplicates.to_json(),
                "normalised": self.normalised_duplicates.to_json(),
            },
        }


@dataclass
class Row:
    example: Example
    messages: list[dict]
    tokens: int = 0


@dataclass
class Prepared:
    splits: dict[str, list[Row]]
    stats: dict
    example_text: str | None
    """The first training row rendered through the chat template, as the model will see it."""


def prepare_splits(cfg: DataConfig, tokenizer, out_dir: Path, *, notify: Notify | None = None) -> dict:
    """Write ``train.jsonl``, ``val.jsonl``, ``test.jsonl`` (3 fractions) and ``stats.json``."""
    prepared = build(cfg, tokenizer, notify=notify)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, rows in prepared.splits.items():
        with atomic.atomic_path(out_dir / split_file_name(name)) as tmp, tmp.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(record(row), ensure_ascii=False) + "\n")
    if "test" not in prepared.splits:
        (out_dir / split_file_name("test")).unlink(missing_ok=True)  # a stale test split from an older config
    atomic.write_json(out_dir / STATS_FILE, prepared.stats)
    log.info(
        "data: %s rows written to %s (%s)",
        prepared.stats["rows_written"],
        out_dir,
        ", ".join(f"{k} {v}" for k, v in prepared.stats["splits"].items()),
    )
    return prepared.stats


def record(row: Row) -> dict:
    """One JSONL line: id, source, messages (system, user, assistant...), and mcq where there is one."""
    line: dict[str, Any] = {"id": row.example.native_id, "source": row.example.source, "messages": row.messages}
    if row.example.mcq is not None:
        line["mcq"] = row.example.mcq.to_json()
    return line


def build(cfg: DataConfig, tokenizer, *, notify: Notify | None = None) -> Prepared:
    started = time.monotonic()
    fractions = check_config(cfg)
    pools, reports = _read_all(cfg, notify)
    _drop_long(cfg, tokenizer, pools, reports, notify)
    for pool, report in zip(pools, reports):
        report.rows_kept = len(pool)
    chosen, mixing = _sample_and_mix(cfg, pools, reports)
    if not chosen:
        raise InputError(
            "no rows are left after cleaning", "look at the drop reasons: `medgguf data inspect` lists them per source"
        )
    question_keys = [normalised_key(row.example.question) for row in chosen]
    assignment = assign_splits(question_keys, fractions, cfg.seed)
    splits: dict[str, list[Row]] = {SPLIT_NAMES[i]: [] for i in range(len(fractions))}
    split_keys: dict[str, list[str]] = {name: [] for name in splits}
    for row, key, split_index in zip(chosen, question_keys, assignment):
        splits[SPLIT_NAMES[split_index]].append(row)
        split_keys[SPLIT_NAMES[split_index]].append(key)
    for offset, rows in enumerate(splits.values()):
        random.Random(cfg.seed + offset).shuffle(rows)
    leaks = leakage(split_keys, {k: r.example.question for k, r in zip(question_keys, chosen)})
    if leaks["questions_in_two_splits"]:
        log.warning("data: %d questions appear in more than one split", leaks["questions_in_two_splits"])
    example_text = None
    if splits["train"]:
        first = splits["train"][0]
        example_text = render(tokenizer, first.messages)
        encode_for_training(tokenizer, first.messages)  # fails here, not in training, on an unusable template
    stats = _stats(cfg, tokenizer, reports, splits, leaks, mixing, time.monotonic() - started)
    return Prepared(splits=splits, stats=stats, example_text=example_text)


def check_config(cfg: DataConfig) -> list[float]:
    if not cfg.sources:
        raise InputError("data.sources is empty", "add a source: a path to a file or a hub id")
    if cfg.max_tokens <= 0:
        raise InputError(f"data.max_tokens = {cfg.max_tokens} must be positive", "for example 1024")
    if cfg.rows is not None and cfg.rows <= 0:
        raise InputError(f"data.rows = {cfg.rows} must be positive", "or leave it unset to keep every row")
    for index, source in enumerate(cfg.sources):
        where = f"data.sources[{index}]"
        if not source.path and not source.hub:
            raise InputError(f"{where} has neither path nor hub", "give a local file path or a hub data set id")
        if source.rows is not None and source.fraction is not None:
            raise InputError(f"{where} sets both rows and fraction", "keep one of them")
        if source.rows is not None and source.rows <= 0:
            raise InputError(f"{where}.rows = {source.rows} must be positive", "for example 1000")
        if source.fraction is not None and not 0 < source.fraction <= 1:
            raise InputError(f"{where}.fraction = {source.fraction} must be in (0, 1]", "for example 0.1")
        if source.weight is not None and source.weight <= 0:
            raise InputError(f"{where}.weight = {source.weight} must be positive", "for example 1 or 0.5")
        if source.schema != "auto":
            schemas.get(source.schema)
    return check_fractions(cfg.splits)


# ---------------------------------------------------------------------------------------------
# Reading and cleaning


def _read_all(cfg: DataConfig, notify: Notify | None) -> tuple[list[list[Row]], list[SourceReport]]:
    """Every source's rows, converted, cleaned and deduplicated as they are read: a source is
    streamed (JSON lines are read a line at a time) and only the rows kept stay in memory."""
    pools: list[list[Row]] = []
    reports: list[SourceReport] = []
    used_names: set[str] = set()
    seen = _Seen()
    for source in cfg.sources:
        raw = read_source(source)
        name = _unique(raw.name, used_names)
        total = len(raw.rows) if isinstance(raw.rows, list) else None
        rows = iter(raw.rows)
        head = list(itertools.islice(rows, schemas.SAMPLE_ROWS))
        schema = schemas.choose(source.schema, head, source_label(source))
        report = SourceReport(name=name, origin=raw.origin, schema=schema.name)
        pools.append(_convert_rows(cfg, itertools.chain(head, rows), total, name, schema, report, seen, notify))
        reports.append(report)
    return pools, reports


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


def _convert_rows(
    cfg: DataConfig,
    rows: Iterable[tuple[int, Any]],
    total: int | None,
    name: str,
    schema,
    report: SourceReport,
    seen: _Seen,
    notify: Notify | None,
) -> list[Row]:
    kept: list[Row] = []
    first_broken: tuple[int, Broken] | None = None
    for number, value in rows:
        report.rows_read += 1
        if notify is not None and report.rows_read % 500 == 0:
            notify(f"reading {name}", report.rows_read, total)
        if isinstance(value, Broken):
            report.drop(value.reason, number)
            first_broken = first_broken or (number, value)
            continue
        if not isinstance(value, dict):
            report.drop(Drop.NOT_A_RECORD, number)
            continue
        try:
            example = schema.convert(value)
            _clean(example, cfg)
        except RowDropped as dropped:
            report.drop(dropped.reason, number)
            continue
        example.source = name
        example.row = number
        example.native_id = f"{name}-{example.native_id or number}"
        if not seen.duplicate(example, report):
            kept.append(Row(example, with_system(cfg.system_prompt, example.turns)))
    if notify is not None:
        notify(f"reading {name}", report.rows_read, report.rows_read)
    if first_broken is not None:
        _warn_broken(report, *first_broken)
    return kept


def _warn_broken(report: SourceReport, number: int, first: Broken) -> None:
    """One line that says where a source is broken: a bad line in a large file must not go
    unnoticed just because its row is dropped and counted."""
    unit = "line" if report.origin.lower().endswith((".jsonl", ".jsonl.gz")) else "row"
    problem = "is not valid JSON" if first.reason == Drop.INVALID_JSON else f"is {first.reason}"
    detail = f" ({first.detail})" if first.detail else ""
    more = report.drops[str(first.reason)].count - 1
    log.warning(
        "data: %s: %s %d %s%s%s; that row is dropped, the others are kept",
        report.name,
        unit,
        number,
        problem,
        detail,
        f", and {more} more" if more else "",
    )


def _clean(example: Example, cfg: DataConfig) -> None:
    """Normalise every text in place and apply the opt-in disclaimer; RowDropped when empty."""
    example.raw_key = digest(*(t["content"] for t in example.turns))
    for turn in example.turns:
        turn["content"] = clean_text(turn["content"])
        if not turn["content"]:
            raise RowDropped(Drop.EMPTY, turn["role"])
    answers = [t for t in example.turns if t["role"] == "assistant"]
    if any(len(t["content"]) < cfg.min_answer_chars for t in answers):
        raise RowDropped(Drop.ANSWER_TOO_SHORT)
    if cfg.disclaimer and cfg.disclaimer.strip():
        line = clean_text(cfg.disclaimer)
        for turn in answers:
            if not turn["content"].endswith(line):
                turn["content"] = f"{turn['content']}\n\n{line}"
    if example.mcq is not None:
        mcq = example.mcq
        mcq.question = clean_text(mcq.question)
        mcq.options = {k: clean_text(v) for k, v in mcq.options.items()}
        mcq.context = clean_text(mcq.context) if mcq.context else mcq.context
        if not mcq.question or not all(mcq.options.values()):
            raise RowDropped(Drop.EMPTY, "question or option")


class _Seen:
    """The texts kept so far, across all sources: a row whose texts are identical to a kept
    one's (exact) or equal up to case, punctuation and spacing (normalised) is a duplicate, and
    the first one read is the one kept."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.normalised: set[str] = set()

    def duplicate(self, example: Example, report: SourceReport) -> bool:
        exact = example.raw_key
        normalised = digest(*(normalised_key(t["content"]) for t in example.turns))
        found = True
        if exact in self.exact:
            report.exact_duplicates.add(example.row)
        elif normalised in self.normalised:
            report.normalised_duplicates.add(example.row)
        else:
            found = False
        self.exact.add(exact)
        self.normalised.add(normalised)
        return found


def _drop_long(
    cfg: DataConfig, tokenizer, pools: list[list[Row]], reports: list[SourceReport], notify: Notify | None
) -> None:
    total = sum(len(p) for p in pools)
    counted = [0]

    def advance(n: int) -> None:
        counted[0] += n
        if notify is not None:
            notify("counting tokens", counted[0], total)

    for index, (pool, report) in enumerate(zip(pools, reports)):
        texts = [render(tokenizer, row.messages) for row in pool]
        lengths = token_lengths(tokenizer, texts, on_batch=advance)
        kept = []
        for row, length in zip(pool, lengths):
            row.tokens = length
            if length > cfg.max_tokens:
                report.drop(Drop.TOO_MANY_TOKENS, row.example.row)
            else:
                kept.append(row)
        pools[index] = kept


# ---------------------------------------------------------------------------------------------
# Sampling and mixing


def _sample_and_mix(cfg: DataConfig, pools: list[list[Row]], reports: list[SourceReport]) -> tuple[list[Row], dict]:
    """Per-source rows/fraction first, then the mix: weights share out data.rows (or, without
    data.rows, the largest total the smallest weighted source allows); no weights means the
    sources are pooled and data.rows is drawn from the pool."""
    sampled = []
    for source, pool, report in zip(cfg.sources, pools, reports):
        want = (
            source.rows
            if source.rows is not None
            else (round(len(pool) * source.fraction) if source.fraction is not None else len(pool))
        )
        if want > len(pool):
            log.warning("data: %s has %d usable rows, fewer than the %d asked for", report.name, len(pool), want)
        sampled.append(_sample(pool, want, f"{cfg.seed}:{report.name}"))
    mixing: dict[str, Any] = {"rows_requested": cfg.rows}
    if any(s.weight is not None for s in cfg.sources):
        weights = [s.weight if s.weight is not None else 1.0 for s in cfg.sources]
        shares = [w / sum(weights) for w in weights]
        if cfg.rows is not None:
            targets = [round(cfg.rows * share) for share in shares]
        else:
            total = min(len(p) / share for p, share in zip(sampled, shares))
            targets = [math.floor(total * share) for share in shares]
        mixing["shares"] = {r.name: round(share, 4) for r, share in zip(reports, shares)}
        chosen_per_source = []
        for pool, target, report in zip(sampled, targets, reports):
            if target > len(pool):
                log.warning("data: %s can give only %d of its %d-row share", report.name, len(pool), target)
            chosen_per_source.append(_sample(pool, target, f"{cfg.seed}:mix:{report.name}"))
        chosen = [row for rows in chosen_per_source for row in rows]
    else:
        pooled = [row for rows in sampled for row in rows]
        if cfg.rows is not None and cfg.rows > len(pooled):
            log.warning("data: data.rows = %d but only %d usable rows; using them all", cfg.rows, len(pooled))
        chosen = _sample(pooled, cfg.rows if cfg.rows is not None else len(pooled), f"{cfg.seed}:mix")
    used: dict[str, int] = {}
    for row in chosen:
        used[row.example.source] = used.get(row.example.source, 0) + 1
    for report in reports:
        report.rows_used = used.get(report.name, 0)
    return chosen, mixing


def _sample(rows: list[Row], count: int, seed: str) -> list[Row]:
    if count >= len(rows):
        return list(rows)
    picked = sorted(random.Random(seed).sample(range(len(rows)), count))
    return [rows[i] for i in picked]


# ---------------------------------------------------------------------------------------------
# Stats


def _stats(
    cfg: DataConfig,
    tokenizer,
    reports: list[SourceReport],
    splits: dict[str, list[Row]],
    leaks: dict,
    mixing: dict,
    seconds: float,
) -> dict:
    drops: dict[str, dict] = {}
    for report in reports:
        for reason, tally in report.drops.items():
            merged = drops.setdefault(reason, {"count": 0, "rows": []})
            merged["count"] += tally.count
            merged["rows"].extend(f"{report.name}:{n}" for n in tally.rows[: FIRST_ROWS - len(merged["rows"])])
    lengths = [row.tokens for rows in splits.values() for row in rows]
    return {
        "sources": [r.to_json() for r in reports],
        "rows_read": sum(r.rows_read for r in reports),
        "rows_dropped": sum(t.count for r in reports for t in r.drops.values()),
        "duplicates": {
            "exact": sum(r.exact_duplicates.count for r in reports),
            "normalised": sum(r.normalised_duplicates.count for r in reports),
        },
        "rows_kept": sum(r.rows_kept for r in reports),
        "rows_written": len(lengths),
        "drops": dict(sorted(drops.items())),
        "mixing": mixing,
        "splits": {name: len(rows) for name, rows in splits.items()},
        "fractions": list(cfg.splits),
        "seed": cfg.seed,
        "leakage": leaks,
        "tokens": token_summary(lengths),
        "max_tokens": cfg.max_tokens,
        "system_prompt": cfg.system_prompt,
        "disclaimer": cfg.disclaimer,
        "tokenizer": getattr(tokenizer, "name_or_path", type(tokenizer).__name__),
        "seconds": round(seconds, 2),
    }


def token_summary(lengths: list[int]) -> dict:
    if not lengths:
        return {"count": 0}
    ordered = sorted(lengths)
    low, top = ordered[0], ordered[-1]
    width = max(1, math.ceil((top - low + 1) / HISTOGRAM_BINS))
    counts = [0] * HISTOGRAM_BINS
    for length in ordered:
        counts[min(HISTOGRAM_BINS - 1, (length - low) // width)] += 1
    return {
        "count": len(ordered),
        "total": sum(ordered),
        "min": ordered[0],
        "median": statistics.median(ordered),
        "mean": round(statistics.fmean(ordered), 1),
        "p95": ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))],
        "max": top,
        "histogram": {"edges": [low + i * width for i in range(HISTOGRAM_BINS + 1)], "counts": counts},
    }


def source_from_spec(spec: str, schema: str = "auto", split: str = "train") -> SourceConfig:
    """A SourceConfig from a command-line SOURCE: a file path, or a hub id with an optional :subset."""
    path = Path(spec).expanduser()
    suffixes = [s.lower() for s in path.suffixes if s.lower() != ".gz"]
    if path.exists() or spec.startswith((".", "/", "~")) or (suffixes and suffixes[-1] in FORMATS):
        return SourceConfig(path=spec, schema=schema, split=split)
    hub, _, subset = spec.partition(":")
    return SourceConfig(hub=hub, subset=subset or None, schema=schema, split=split)
