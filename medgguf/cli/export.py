"""``medgguf export``: the run's GGUFs laid out for Ollama, LM Studio or a model hub, or its LoRA
adapter as a GGUF beside the base."""

from __future__ import annotations

import click

from medgguf.cli.options import open_run, run_options, threads_option
from medgguf.errors import InputError

TARGETS = ("ollama", "lmstudio", "release", "lora")  # medgguf.export.TARGETS, kept here for --help


@click.command()
@run_options
@click.option(
    "--to",
    "target",
    required=True,
    type=click.Choice(TARGETS),
    help="ollama: Modelfile + quant; lmstudio: publisher/model/file.gguf; release: quants, imatrix, "
    "SHA256SUMS, model card; lora: the adapter as GGUF next to the base F16 GGUF.",
)
@click.option(
    "--quant",
    "quants",
    multiple=True,
    metavar="TYPE",
    help="Which quant(s) to ship, e.g. q4_K_M (repeatable) [default: q4_K_M; release: all].",
)
@click.option("--publisher", default="medgguf", show_default=True, help="LM Studio's publisher folder.")
@click.option(
    "--push",
    "push",
    metavar="REPO",
    default=None,
    help="With --to release: upload the folder to this Hugging Face model repo (OWNER/NAME).",
)
@click.option("--dry-run", is_flag=True, help="With --push: list what would be uploaded, upload nothing.")
@click.option("--private", is_flag=True, help="With --push: create the repo as private.")
@click.option(
    "--check/--no-check",
    default=True,
    show_default=True,
    help="With --to lora: compare base+adapter logits with the merged F16 before keeping the export.",
)
@threads_option
def export(runs_dir, run_name, target, quants, publisher, push, dry_run, private, check, threads):
    """Lay out the run's GGUFs for Ollama, LM Studio or a model hub, under RUNS_DIR/NAME/export/TARGET/.

    Everything is checked before anything is written, and the folder is built under a .partial
    name and renamed when complete.
    """
    from medgguf.console import console
    from medgguf.export import targets

    if (push or dry_run or private) and target != "release":
        raise InputError("--push, --dry-run and --private go with --to release", "add --to release")
    if (dry_run or private) and not push:
        raise InputError("--dry-run and --private need --push REPO", "add --push OWNER/NAME")
    if quants and target == "lora":
        raise InputError(
            "--quant does not apply to --to lora (it ships the F16 base and the adapter)", "leave --quant out"
        )
    run = open_run(runs_dir, run_name)
    requested = [q for value in quants for q in value.split(",") if q.strip()]
    with console.status(f"exporting {run_name} for {target} …"):
        if target == "ollama":
            result = targets.export_ollama(run, requested)
        elif target == "lmstudio":
            result = targets.export_lmstudio(run, requested, publisher=publisher)
        elif target == "release":
            if push:
                from medgguf.export.hub import check_repo_id

                check_repo_id(push)
            result = targets.export_release(run, requested, push=push, dry_run=dry_run, private=private)
        else:
            result = targets.export_lora(run, threads=threads, check=check)
    click.echo(f"{result.folder}")
    for line in targets.describe(result):
        click.echo(f"  {line}")
    check_facts = result.facts.get("logits_check")
    if check_facts:
        console.print(
            f"[green]base + adapter vs merged F16: max |logit diff| {check_facts['max_abs_diff']:.4f}, "
            f"same next token at {check_facts['top1_agreement'] * 100:.1f}% of "
            f"{check_facts['positions']} positions[/]",
            highlight=False,
        )
    for hint in result.hints:
        click.echo(hint)


COMMANDS = [export]
