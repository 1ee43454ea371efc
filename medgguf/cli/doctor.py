"""``medgguf doctor``: the installation, as a table, and the fix for anything missing."""
from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor(as_json: bool):
    """Check the installation: versions, llama.cpp tools, CPU, GPU, disk."""
    from medgguf.doctor import collect, render

    report = collect()
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    else:
        render(report)
    if report["problems"]:
        raise click.exceptions.Exit(2)


COMMANDS = [doctor]
