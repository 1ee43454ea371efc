"""``medgguf doctor``: the installation as a table, and the fix for anything missing."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor(as_json: bool):
    """Check the installation: versions, llama.cpp tools, CPU, GPU, disk."""
    from medgguf.doctor import collect

    report = collect()
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    else:
        render(report)
    if report["problems"]:
        raise click.exceptions.Exit(2)


def render(report: dict) -> None:
    from rich.table import Table

    from medgguf.console import stdout_console
    from medgguf.doctor import REQUIRED_PACKAGES

    table = Table(title="medgguf doctor", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("python", f"{report['python']}  ({report['platform']})")
    for name, version in report["packages"].items():
        table.add_row(name, version or "[red]not installed[/]" if name in REQUIRED_PACKAGES else version or "-")
    llama = report["llama_cpp"]
    build = llama["build"]
    table.add_row(
        "llama.cpp",
        f"pin llama-cpp-python {llama['pin']}; "
        + (f"built {build['built_at']} with {' '.join(build['flags'])}" if build else "[red]not built[/]"),
    )
    table.add_row("llama.cpp tools", llama["build_dir"] if build else "-")
    for tool, path in llama["tools"].items():
        table.add_row(f"  {tool}", "ok" if path else "[red]missing[/]")
    if "binding" in llama:
        table.add_row("binding libllama", llama["binding"]["library"])
    cpu = report["cpu"]
    table.add_row("cpu", f"{cpu['model']} ({cpu['machine']}), {cpu['physical_cores']} physical cores")
    table.add_row("cpu features", " ".join(cpu["features"]) or "-")
    gpu = report["gpu"]
    table.add_row(
        "gpu",
        f"{gpu['name']} {gpu['memory_gb']} GiB, bf16={gpu['bf16']}"
        if gpu["cuda"]
        else "none (CPU training; QLoRA and 8-bit need CUDA)",
    )
    table.add_row(
        "bitsandbytes",
        (report["packages"].get("bitsandbytes") or "not installed")
        + ("" if gpu["cuda"] else " (needs CUDA to be used)"),
    )
    disk = report["disk"]
    table.add_row(
        "disk", f"{disk['free_gb']} GiB free in {disk['cwd']}; cache {disk['cache']} ({disk['cache_free_gb']} GiB free)"
    )
    table.add_row(
        "demo model",
        ("ready: " if report["demo_model"]["ready"] else "not converted yet: ") + report["demo_model"]["path"],
    )
    stdout_console.print(table)
    for problem in report["problems"]:
        # One unwrapped line per problem, so it greps and pastes whole whatever the terminal width.
        stdout_console.print(f"[bold red]problem:[/] {problem}", highlight=False, soft_wrap=True)
    if not report["problems"]:
        stdout_console.print("[green]everything the pipeline needs is in place[/]")


COMMANDS = [doctor]
