"""Commands of the data family; registered by medgguf/cli.py.

    medgguf data inspect SOURCE...   what a data set holds and what the data stage would keep
    medgguf data prepare             write the run's train/val/test splits (the pipeline's data stage)
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from medgguf.cli.options import config_options, open_run, run_options
from medgguf.config import DEMO_BASE_MODEL
from medgguf.data.schemas import names as schema_names
from medgguf.errors import InputError


@click.group()
def data() -> None:
    """Read, clean, split and inspect medical data sets."""


@data.command()
@click.argument("sources", nargs=-1)
@click.option("--schema", default="auto", show_default=True, type=click.Choice(["auto", *schema_names()]),
              help="Schema of every SOURCE; auto detects it from the columns.")
@click.option("--split", "hub_split", default="train", show_default=True, help="Split to load for hub ids.")
@click.option("--model", default=DEMO_BASE_MODEL, show_default=True,
              help="Base model whose tokenizer and chat template measure and render the rows.")
@click.option("--chat-template", default=None, help="Jinja template (file or text) for a tokenizer without one.")
@click.option("--system-prompt", default=None, help="System prompt (default: the config's).")
@click.option("--max-tokens", type=int, default=None, help="Drop rows longer than this (default: the config's).")
@click.option("--splits", "split_spec", default=None, metavar="TRAIN,VAL[,TEST]",
              help="Split fractions, e.g. 0.9,0.05,0.05 (default: the config's).")
@click.option("--rows", type=int, default=None, help="Sample this many rows after cleaning.")
@click.option("--seed", type=int, default=None, help="Seed for sampling and splitting.")
@click.option("--disclaimer", default=None, help="Append this line to every answer (opt-in).")
@click.option("--histogram", "histogram_png", type=click.Path(path_type=Path), default=None,
              help="Also write the token-length histogram as a PNG.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
@config_options
def inspect(sources, schema, hub_split, model, chat_template, system_prompt, max_tokens, split_spec, rows, seed,
            disclaimer, histogram_png, as_json, preset, config_file, overrides) -> None:
    """Report what SOURCE... (files or hub ids, hub_id:subset for a configuration) hold and what
    the data stage keeps. Without SOURCE, inspects the configured data.sources."""
    from medgguf.config import resolve
    from medgguf.console import stdout_console
    from medgguf.data.inspect import inspect_sources, renderables

    cfg = resolve(_preset(preset, config_file), config_file, overrides).data
    if sources:
        cfg.rows = None  # the config's sample size belongs to its own sources, not to these
    for key, value in (("system_prompt", system_prompt), ("max_tokens", max_tokens), ("rows", rows),
                       ("seed", seed), ("disclaimer", disclaimer)):
        if value is not None:
            setattr(cfg, key, value)
    if split_spec is not None:
        cfg.splits = _parse_splits(split_spec)
    report = inspect_sources(sources, base=cfg, schema=schema, split=hub_split, model=model,
                             chat_template=chat_template, show_progress=not as_json,
                             histogram_png=histogram_png)
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
    """Write the run's train/val/test splits and stats.json into RUNS_DIR/NAME/data."""
    from medgguf.config import resolve
    from medgguf.console import stdout_console
    from medgguf.data.inspect import renderables
    from medgguf.data.prepare import STATS_FILE
    from medgguf.stages import run_stages

    cfg = resolve(_preset(preset, config_file), config_file, overrides)
    run = open_run(runs_dir, run_name)
    (outcome,) = run_stages(run, cfg, only=["data"], force=["data"] if force else [])
    stats = json.loads((run.data_dir / STATS_FILE).read_text())
    if as_json:
        click.echo(json.dumps(stats, indent=2, ensure_ascii=False))
        return
    for renderable in renderables(stats):
        stdout_console.print(renderable)
    state = "unchanged, kept the existing splits" if outcome.skipped else f"prepared in {outcome.seconds:.1f} s"
    click.echo(f"{run.data_dir}: {state}: " + ", ".join(f"{k} {v:,}" for k, v in stats["splits"].items()))


def _preset(preset: str | None, config_file: Path | None) -> str | None:
    # A config file names its own preset (or none); without either, the demo preset applies.
    return preset if preset or config_file else "demo"


def _parse_splits(spec: str) -> list[float]:
    try:
        return [float(part) for part in spec.split(",") if part.strip()]
    except ValueError:
        raise InputError(f"--splits {spec!r} is not a list of numbers", "write it like 0.9,0.05,0.05") from None


COMMANDS = [data]
