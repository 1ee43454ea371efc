"""``medgguf serve``: a GGUF behind an OpenAI-compatible API and a chat page."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from medgguf.cli.chat import resolve_model, sampling_options
from medgguf.cli.options import run_options


@click.command()
@click.argument("model", required=False, type=click.Path(path_type=Path, dir_okay=False))
@run_options
@sampling_options
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but loopback is reachable by others (use --api-key).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="Port to listen on (0 picks a free one).",
)
@click.option(
    "--api-key",
    envvar="MEDGGUF_API_KEY",
    default=None,
    help="Require 'Authorization: Bearer KEY' on /v1 (also MEDGGUF_API_KEY).",
)
@click.option(
    "--notice-in-content/--no-notice-in-content",
    default=True,
    show_default=True,
    help="Also put the emergency notice at the start of the answer's text, for clients that show "
    "only the text (it is always in the response's medgguf.triage field).",
)
def serve(model, runs_dir, run_name, sampling, **options):
    """Serve MODEL.gguf (default: the run's q4_K_M) with an OpenAI-compatible API and a chat page.

    POST /v1/chat/completions (streaming and not), GET /v1/models, GET /health, and the chat page
    at /. Requests are answered one at a time, in order; none is dropped. Ctrl-C stops.
    """
    from medgguf.console import console
    from medgguf.serve.server import serve as run_server

    path, from_run = resolve_model(model, runs_dir, run_name)
    model_id = run_name if from_run else path.stem

    def ready(url: str) -> None:
        click.echo(f"serving {model_id} at {url}  (chat page {url}/ · OpenAI API {url}/v1)")
        sys.stdout.flush()
        console.print("[dim]Ctrl-C stops the server[/]")

    run_server(path, model_id=model_id, sampling=sampling, on_ready=ready, **options)


COMMANDS = [serve]
