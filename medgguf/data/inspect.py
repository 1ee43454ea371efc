"""`medgguf data inspect`: the data stage run in memory, without writing a split.

The report holds what stats.json would (rows per source, drops by reason with first row
numbers, duplicates, split sizes and the leakage check, token lengths), one training row
rendered through the chat template exactly as the model will see it, and optionally the
token-length histogram as a PNG. medgguf/cli/data.py draws it as tables.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from medgguf import plots
from medgguf.config import DataConfig, SourceConfig
from medgguf.data.prepare import build, source_from_spec
from medgguf.progress import Notify


def inspect_sources(
    specs: Sequence[str],
    *,
    base: DataConfig,
    schema: str = "auto",
    split: str = "train",
    model: str = "demo",
    chat_template: str | None = None,
    notify: Notify | None = None,
    histogram_png: Path | None = None,
) -> dict:
    """Stats (as stats.json would hold them) plus ``example``, the first training row rendered."""
    from medgguf.models import load_tokenizer, resolve_base

    sources: list[SourceConfig] = [source_from_spec(s, schema, split) for s in specs] or base.sources
    cfg = dataclasses.replace(base, sources=sources)
    tokenizer = load_tokenizer(resolve_base(model), chat_template)
    prepared = build(cfg, tokenizer, notify=notify)
    report = dict(prepared.stats)
    report["example"] = prepared.example_text
    if histogram_png is not None:
        plots.token_histogram(report["tokens"], histogram_png, title=", ".join(s["name"] for s in report["sources"]))
        report["histogram_png"] = str(histogram_png)
    return report
