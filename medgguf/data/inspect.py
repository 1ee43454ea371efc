"""`medgguf data inspect`: the data stage run in memory, reported as Rich tables.

Shows rows per source, drops by reason (with first row numbers), duplicates, split sizes and
the leakage check, a token-length histogram (text, or PNG with ``histogram_png``), and one
training row rendered through the chat template exactly as the model will see it.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Sequence

from medgguf import atomic
from medgguf.config import DataConfig, SourceConfig
from medgguf.data.prepare import build, source_from_spec

BAR_WIDTH = 40


def inspect_sources(specs: Sequence[str], *, base: DataConfig, schema: str = "auto", split: str = "train",
                    model: str = "demo", chat_template: str | None = None, show_progress: bool = True,
                    histogram_png: Path | None = None) -> dict:
    """Stats (as stats.json would hold them) plus ``example``, the first training row rendered."""
    from medgguf.models import load_tokenizer, resolve_base

    sources: list[SourceConfig] = [source_from_spec(s, schema, split) for s in specs] or base.sources
    cfg = dataclasses.replace(base, sources=sources)
    tokenizer = load_tokenizer(resolve_base(model), chat_template)
    prepared = build(cfg, tokenizer, show_progress=show_progress)
    report = dict(prepared.stats)
    report["example"] = prepared.example_text
    if histogram_png is not None:
        write_histogram_png(report["tokens"], histogram_png, title=", ".join(s["name"] for s in report["sources"]))
        report["histogram_png"] = str(histogram_png)
    return report


def write_histogram_png(tokens: dict, path: Path, title: str = "") -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    histogram = tokens.get("histogram") or {"edges": [0, 1], "counts": [0]}
    edges, counts = histogram["edges"], histogram["counts"]
    figure, axes = plt.subplots(figsize=(8, 4), dpi=100)
    axes.bar(edges[:-1], counts, width=[b - a for a, b in zip(edges, edges[1:])], align="edge",
             edgecolor="black", color="#4C72B0")
    axes.set_xlabel("tokens per row (chat template applied)")
    axes.set_ylabel("rows")
    axes.set_title(f"Token lengths: {title}" if title else "Token lengths")
    figure.tight_layout()
    with atomic.atomic_path(Path(path)) as tmp:
        figure.savefig(tmp, format="png")
    plt.close(figure)


def renderables(report: dict) -> list:
    """The report as Rich objects, in reading order."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    out: list = []
    sources = Table(title="Rows per source", title_justify="left")
    for column in ("source", "schema", "read", "dropped", "exact dup", "normalised dup", "kept", "used"):
        sources.add_column(column, justify="left" if column in ("source", "schema") else "right")
    for s in report["sources"]:
        sources.add_row(s["name"], s["schema"], f"{s['rows_read']:,}",
                        f"{sum(d['count'] for d in s['drops'].values()):,}",
                        f"{s['duplicates']['exact']['count']:,}", f"{s['duplicates']['normalised']['count']:,}",
                        f"{s['rows_kept']:,}", f"{s['rows_used']:,}")
    out.append(sources)

    drops = Table(title="Dropped rows by reason", title_justify="left")
    for column in ("source", "reason", "rows", "first row numbers"):
        drops.add_column(column, justify="right" if column == "rows" else "left")
    for s in report["sources"]:
        for reason, tally in s["drops"].items():
            drops.add_row(s["name"], reason, f"{tally['count']:,}", ", ".join(map(str, tally["rows"])))
        for kind in ("exact", "normalised"):
            tally = s["duplicates"][kind]
            if tally["count"]:
                drops.add_row(s["name"], f"{kind} duplicate", f"{tally['count']:,}", ", ".join(map(str, tally["rows"])))
    if drops.row_count:
        out.append(drops)
    else:
        out.append(Text("No rows dropped and no duplicates."))

    splits = Table(title="Splits", title_justify="left")
    for column in ("split", "rows", "fraction"):
        splits.add_column(column, justify="left" if column == "split" else "right")
    for (name, count), fraction in zip(report["splits"].items(), report["fractions"]):
        splits.add_row(name, f"{count:,}", f"{fraction:g}")
    out.append(splits)
    leaks = report["leakage"]
    out.append(Text(f"Leakage: {leaks['questions_in_two_splits']} questions in more than one split "
                    f"(compared by {leaks['compared_by']})",
                    style="green" if not leaks["questions_in_two_splits"] else "bold red"))

    out.append(histogram_table(report["tokens"], report["max_tokens"]))
    if report.get("histogram_png"):
        out.append(Text(f"Histogram written to {report['histogram_png']}"))
    if report.get("example"):
        out.append(Panel(Text(report["example"]), title="First training row through the chat template",
                         title_align="left"))
    return out


def histogram_table(tokens: dict, max_tokens: int):
    from rich.table import Table

    table = Table(title=(f"Token lengths (max_tokens {max_tokens}): min {tokens.get('min', 0)}, "
                         f"median {tokens.get('median', 0)}, mean {tokens.get('mean', 0)}, "
                         f"p95 {tokens.get('p95', 0)}, max {tokens.get('max', 0)}"), title_justify="left")
    table.add_column("tokens", justify="right")
    table.add_column("rows", justify="right")
    table.add_column("", justify="left")
    histogram = tokens.get("histogram")
    if not histogram:
        return table
    peak = max(histogram["counts"]) or 1
    edges = histogram["edges"]
    for low, high, count in zip(edges, edges[1:], histogram["counts"]):
        table.add_row(f"{low}-{high - 1}", f"{count:,}", "█" * round(BAR_WIDTH * count / peak))
    return table
