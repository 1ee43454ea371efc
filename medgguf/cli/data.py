"""Commands of the data family.

medgguf data inspect SOURCE...   what a data set holds and what the data stage would keep
medgguf data prepare             write the run's train/val/test splits (the pipeline's data stage)
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from medgguf.cli.options import config_options, open_run, preset_or_demo, resolve_config, run_options
from medgguf.config import DEMO_BASE_MODEL
from medgguf.data.schemas import names as schema_names
from medgguf.errors import InputError

BAR_WIDTH = 40


@click.group()
def data() -> None:
    """Read, clean, split and inspect medical data sets."""


@data.command()
@click.argument("sources", nargs=-1)
@click.option(
    "--schema",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", *schema_names()]),
    help="Schema of every SOURCE; auto detects it from the columns.",
)
@click.option("--split", "hub_split", default="train", show_default=True, help="Split to load for hub ids.")
@click.option(
    "--model",
    default=DEMO_BASE_MODEL,
    show_default=True,
    help="Base model whose tokenizer and chat template measure and render the rows.",
)
@click.option("--chat-template", default=None, help="Jinja template (file or text) for a tokenizer without one.")
@click.option("--system-prompt", default=None, help="System prompt (default: the config's).")
@click.option("--max-tokens", type=int, default=None, help="Drop rows longer than this (default: the config's).")
@click.option(
    "--splits",
    "split_spec",
    default=None,
    metavar="TRAIN,VAL[,TEST]",
    help="Split fractions, e.g. 0.9,0.05,0.05 (default: the config's).",
)
@click.option("--rows", type=int, default=None, help="Sample this many rows after cleaning.")
@click.option("--seed", type=int, default=None, help="Seed for sampling and splitting.")
@click.option("--disclaimer", default=None, help="Append this line to every answer (opt-in).")
@click.option(
    "--histogram",
    "histogram_png",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the token-length histogram as a PNG.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@config_options
def inspect(
    sources,
    schema,
    hub_split,
    model,
    chat_template,
    system_prompt,
    max_tokens,
    split_spec,
    rows,
    seed,
    disclaimer,
    histogram_png,
    as_json,
    preset,
    config_file,
    overrides,
) -> None:
    """Report what SOURCE... (files or hub ids, hub_id:subset for a configuration) hold and what
    the data stage keeps. Without SOURCE, inspects the configured data.sources."""
    from medgguf.config import resolve
    from medgguf.console import notifier, stdout_console
    from medgguf.data.inspect import inspect_sources

    cfg = resolve(preset_or_demo(preset, config_file), config_file, overrides).data
    if sources:
        cfg.rows = None  # the config's sample size belongs to its own sources, not to these
    for key, value in (
        ("system_prompt", system_prompt),
        ("max_tokens", max_tokens),
        ("rows", rows),
        ("seed", seed),
        ("disclaimer", disclaimer),
    ):
        if value is not None:
            setattr(cfg, key, value)
    if split_spec is not None:
        cfg.splits = _parse_splits(split_spec)
    with notifier() as notify:
        report = inspect_sources(
            sources,
            base=cfg,
            schema=schema,
            split=hub_split,
            model=model,
            chat_template=chat_template,
            notify=None if as_json else notify,
            histogram_png=histogram_png,
        )
    if as_json:
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
        return
    for renderable in renderables(report):
        stdout_console.print(renderable)


@data.command()
@run_options
@config_options
@click.option("--force", is_flag=True, help="Prepare again even if the inputs and config are unchanged.")
@click.option("--json", "as_json", is_flag=True, help="Print stats.json on stdout.")
def prepare(runs_dir, run_name, preset, config_file, overrides, force, as_json) -> None:
    """Write the run's train/val/test splits and stats.json into RUNS_DIR/NAME/data.

    On an existing run, without --preset or --config, the run's own config is used."""
    from medgguf.console import notifier, stdout_console
    from medgguf.stages import StageOptions, run_stages

    run = open_run(runs_dir, run_name)
    cfg = resolve_config(run, preset, config_file, overrides)
    with notifier() as notify:
        (outcome,) = run_stages(
            run, cfg, only=["data"], force=["data"] if force else [], options=StageOptions(notify=notify)
        )
    stats = json.loads(run.stats_file.read_text())
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    for renderable in renderables(stats):
        stdout_console.print(renderable)
    state = "unchanged, kept the existing splits" if outcome.skipped else f"prepared in {outcome.seconds:.1f} s"
    click.echo(f"{run.data_dir}: {state}: " + ", ".join(f"{k} {v:,}" for k, v in stats["splits"].items()))


def _parse_splits(spec: str) -> list[float]:
    try:
        return [float(part) for part in spec.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--splits {spec!r} is not a list of numbers", "write it like 0.9,0.05,0.05") from None


# ---------------------------------------------------------------------------------------------
# The report as Rich tables


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
        sources.add_row(
            s["name"],
            s["schema"],
            f"{s['rows_read']:,}",
            f"{sum(d['count'] for d in s['drops'].values()):,}",
            f"{s['duplicates']['exact']['count']:,}",
            f"{s['duplicates']['normalised']['count']:,}",
            f"{s['rows_kept']:,}",
            f"{s['rows_used']:,}",
        )
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
    out.append(
        Text(
            f"Leakage: {leaks['questions_in_two_splits']} questions in more than one split "
            f"(compared by {leaks['compared_by']})",
            style="green" if not leaks["questions_in_two_splits"] else "bold red",
        )
    )

    out.append(histogram_table(report["tokens"], report["max_tokens"]))
    if report.get("histogram_png"):
        out.append(Text(f"Histogram written to {report['histogram_png']}"))
    if report.get("example"):
        out.append(
            Panel(Text(report["example"]), title="First training row through the chat template", title_align="left")
        )
    return out


def histogram_table(tokens: dict, max_tokens: int):
    from rich.table import Table

    table = Table(
        title=(
            f"Token lengths (max_tokens {max_tokens}): min {tokens.get('min', 0)}, "
            f"median {tokens.get('median', 0)}, mean {tokens.get('mean', 0)}, "
            f"p95 {tokens.get('p95', 0)}, max {tokens.get('max', 0)}"
        ),
        title_justify="left",
    )
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


COMMANDS = [data]
