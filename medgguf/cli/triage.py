"""`medgguf triage`: the red-flag triage on a message, a JSONL stream, or a labelled evaluation set.

Registered by medgguf/cli/__init__.py. Imports only the triage package (no torch, no llama.cpp), so it
answers in well under a second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from medgguf.errors import InputError


@click.command()
@click.argument("message", required=False)
@click.option(
    "--jsonl",
    "jsonl",
    is_flag=True,
    help='Read JSONL on stdin, one {"text": ...} a line; print one JSON result a line.',
)
@click.option(
    "--eval",
    "eval_file",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Measure on a labelled JSONL set (text, level, optional category): recall of "
    "emergencies, false alarms on routine messages, a per-category table.",
)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output (one JSON object).")
@click.option("--misses", is_flag=True, help="With --eval: also list the emergencies missed and the false alarms.")
def triage(message, jsonl, eval_file, as_json, misses):
    """Triage MESSAGE (or stdin when MESSAGE is `-`): emergency, urgent or routine.

    Emergency means call the emergency number now; urgent, see a clinician today. The same
    deterministic rules run before every `chat` and `ask` answer. Exit code 0 whatever the level.
    """
    modes = sum(bool(x) for x in (message is not None, jsonl, eval_file is not None))
    if modes != 1:
        raise InputError(
            "give exactly one of: a MESSAGE (or `-` for stdin), --jsonl, or --eval FILE",
            'e.g. medgguf triage "my dad has crushing chest pain"',
        )
    if eval_file is not None:
        _evaluate(eval_file, as_json, misses)
    elif jsonl:
        _stream(sys.stdin)
    else:
        _one(sys.stdin.read() if message == "-" else message, as_json)


def _one(message: str, as_json: bool) -> None:
    from medgguf.chat.triage import notice
    from medgguf.chat.triage import triage as run_triage

    if not message.strip():
        raise InputError("the message is empty", "pass a message, or `-` and pipe one into stdin")
    result = run_triage(message)
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    from medgguf.console import stdout_console

    style = {"emergency": "bold white on red", "urgent": "bold black on yellow", "routine": "bold green"}[result.level]
    stdout_console.print(f"[{style}] {result.level.upper()} [/]", highlight=False)
    for finding in result.findings:
        stdout_console.print(f"  {finding.category}: {finding.label}", highlight=False)
        for phrase in finding.evidence:
            stdout_console.print(f"    [dim]matched:[/] {phrase}", highlight=False)
    for item in result.ignored:
        stdout_console.print(f"  [dim]ignored ({item.reason}): {item.phrase}[/]", highlight=False)
    text = notice(result)
    if text:
        stdout_console.print(text, highlight=False)


def _stream(lines) -> None:
    """One JSON result per input line, in order; blank lines are skipped. The whole input is
    checked first, so a bad line fails before anything is printed."""
    from medgguf.chat.triage import triage as run_triage
    from medgguf.chat.triage.evaluation import parse_line, text_of

    records = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        record = parse_line(line, number, "stdin")
        records.append((record, text_of(record, number, "stdin")))
    for record, text in records:
        out = {key: record[key] for key in ("id",) if key in record}
        out["text"] = text
        out.update(run_triage(text).as_dict())
        click.echo(json.dumps(out, ensure_ascii=False))


def _evaluate(path: Path, as_json: bool, show_misses: bool) -> None:
    from medgguf.chat.triage.evaluation import evaluate, load, summary_lines

    report = evaluate(load(path))
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    from rich import box
    from rich.table import Table

    from medgguf.console import stdout_console

    for line in summary_lines(report):
        stdout_console.print(line, highlight=False, soft_wrap=True)
    table = Table(
        title="per category: predicted E(mergency) U(rgent) R(outine); "
        "found = the labelled category among those triaged",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for column in ("level", "category", "n", "E", "U", "R", "correct", "found"):
        table.add_column(
            column, justify="left" if column in ("level", "category") else "right", no_wrap=column == "category"
        )
    for row in report.rows():
        table.add_row(
            row.level,
            row.category,
            str(row.n),
            str(row.predicted["emergency"]),
            str(row.predicted["urgent"]),
            str(row.predicted["routine"]),
            f"{row.correct}/{row.n}",
            f"{row.category_found}/{row.n}" if row.level != "routine" else "",
        )
    stdout_console.print(table)
    stdout_console.print(
        "correct: emergency -> emergency; urgent -> urgent or emergency; routine -> not emergency",
        style="dim",
        highlight=False,
        soft_wrap=True,
    )
    if show_misses:
        for outcome in report.misses():
            stdout_console.print(
                f"line {outcome.message.line}: {outcome.message.level} -> {outcome.level} "
                f"{list(outcome.categories)}: {outcome.message.text}",
                highlight=False,
                soft_wrap=True,
            )


COMMANDS = [triage]
