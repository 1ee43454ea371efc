"""Commands that ship a run: `export` (Ollama, LM Studio, a release folder, the LoRA adapter) and
`serve` (an OpenAI-compatible API and a chat page); registered by medgguf/cli.py."""
from __future__ import annotations

from pathlib import Path

import click

from medgguf.cli import open_run, run_options
from medgguf.cli_chat import sampling_options
from medgguf.errors import InputError

_TARGETS = ("ollama", "lmstudio", "release", "lora")   # mirrors medgguf.export.TARGETS (kept light for --help)


@click.command()
@run_options
@click.option("--to", "target", required=True, type=click.Choice(_TARGETS),
              help="ollama: Modelfile + quant; lmstudio: publisher/model/file.gguf; release: quants, imatrix, "
                   "SHA256SUMS, model card; lora: the adapter as GGUF next to the base F16 GGUF.")
@click.option("--quant", "quants", multiple=True, metavar="TYPE",
              help="Which quant(s) to ship, e.g. q4_K_M (repeatable) [default: q4_K_M; release: all].")
@click.option("--publisher", default="medgguf", show_default=True, help="LM Studio's publisher folder.")
@click.option("--push", "push", metavar="REPO", default=None,
              help="With --to release: upload the folder to this Hugging Face model repo (OWNER/NAME).")
@click.option("--dry-run", is_flag=True, help="With --push: list what would be uploaded, upload nothing.")
@click.option("--private", is_flag=True, help="With --push: create the repo as private.")
@click.option("--check/--no-check", default=True, show_default=True,
              help="With --to lora: compare base+adapter logits with the merged F16 before keeping the export.")
@click.option("--threads", type=click.IntRange(min=1), default=None, help="CPU threads for the lora check.")
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
        raise InputError("--quant does not apply to --to lora (it ships the F16 base and the adapter)",
                         "leave --quant out")
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
        console.print(f"[green]base + adapter vs merged F16: max |logit diff| {check_facts['max_abs_diff']:.4f}, "
                      f"same next token at {check_facts['top1_agreement'] * 100:.1f}% of "
                      f"{check_facts['positions']} positions[/]", highlight=False)
    for hint in result.hints:
        click.echo(hint)


@click.command()
@click.argument("model", required=False, type=click.Path(path_type=Path, dir_okay=False))
@run_options
@sampling_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback is reachable by others (use --api-key).")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="Port to listen on (0 picks a free one).")
@click.option("--api-key", envvar="MEDGGUF_API_KEY", default=None,
              help="Require 'Authorization: Bearer KEY' on /v1 (also MEDGGUF_API_KEY).")
@click.option("--notice-in-content/--no-notice-in-content", default=True, show_default=True,
              help="Also put the emergency notice at the start of the answer's text, for clients that show "
                   "only the text (it is always in the response's medgguf.triage field).")
def serve(model, runs_dir, run_name, system_prompt, temperature, top_p, top_k, max_tokens, seed, threads, n_ctx,
          lora_path, host, port, api_key, notice_in_content):
    """Serve MODEL.gguf (default: the run's q4_K_M) with an OpenAI-compatible API and a chat page.

    POST /v1/chat/completions (streaming and not), GET /v1/models, GET /health, and the chat page
    at /. Requests are answered one at a time, in order; none is dropped. Ctrl-C stops.
    """
    import sys

    from medgguf.chat import Sampling
    from medgguf.cli_chat import resolve_model
    from medgguf.console import console
    from medgguf.serve.server import serve as run_server

    path, from_run = resolve_model(model, runs_dir, run_name)
    model_id = run_name if from_run else path.stem

    def ready(url: str) -> None:
        click.echo(f"serving {model_id} at {url}  (chat page {url}/ · OpenAI API {url}/v1)")
        sys.stdout.flush()
        console.print("[dim]Ctrl-C stops the server[/]")

    run_server(path, model_id=model_id, host=host, port=port, api_key=api_key, threads=threads, n_ctx=n_ctx,
               lora_path=lora_path, system_prompt=system_prompt, notice_in_content=notice_in_content,
               sampling=Sampling(temperature=temperature, top_p=top_p, top_k=top_k, max_tokens=max_tokens, seed=seed),
               on_ready=ready)


COMMANDS = [export, serve]
