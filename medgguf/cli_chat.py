"""Commands of the chat family (`chat`, `ask`); registered by medgguf/cli.py."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from medgguf.cli import open_run, run_options
from medgguf.errors import InputError

# Mirrors medgguf.chat's defaults; kept literal so `medgguf --help` does not import it.
_DEFAULT_TEMPERATURE = 0.7
_DEFAULT_TOP_P = 0.9
_DEFAULT_TOP_K = 50
_DEFAULT_MAX_TOKENS = 400


def sampling_options(func):
    func = click.option("--lora", "lora_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
                        help="A LoRA adapter GGUF to apply to MODEL (`medgguf export --to lora`).")(func)
    func = click.option("--ctx", "n_ctx", type=click.IntRange(min=64), default=None,
                        help="Context window in tokens [default: 4096, at most the model's].")(func)
    func = click.option("--threads", type=click.IntRange(min=1), default=None,
                        help="CPU threads [default: physical cores].")(func)
    func = click.option("--seed", type=int, default=None, help="Sampling seed [default: random].")(func)
    func = click.option("--max-tokens", type=click.IntRange(min=1), default=_DEFAULT_MAX_TOKENS,
                        show_default=True, help="New tokens per answer.")(func)
    func = click.option("--top-k", type=click.IntRange(min=0), default=_DEFAULT_TOP_K, show_default=True,
                        help="Sample from the K likeliest tokens (0 = off).")(func)
    func = click.option("--top-p", type=click.FloatRange(0, 1, min_open=True), default=_DEFAULT_TOP_P,
                        show_default=True, help="Nucleus sampling threshold.")(func)
    func = click.option("--temp", "--temperature", "temperature", type=click.FloatRange(0, 5),
                        default=_DEFAULT_TEMPERATURE, show_default=True, help="Sampling temperature (0 = greedy).")(func)
    func = click.option("--system", "system_prompt", default=None,
                        help="System prompt [default: a careful medical assistant].")(func)
    return func


def resolve_model(model: Path | None, runs_dir: Path, run_name: str) -> tuple[Path, bool]:
    """The GGUF to load, and whether it is the run directory's own q4_K_M."""
    if model is not None:
        return Path(model), False
    default = open_run(runs_dir, run_name).gguf_file("q4_K_M")
    if not default.exists():
        raise InputError(f"no model given and {default} does not exist",
                         f"run `medgguf build --name {run_name}` first, or pass a GGUF path")
    return default, True


@click.command()
@click.argument("model", required=False, type=click.Path(path_type=Path, dir_okay=False))
@run_options
@sampling_options
@click.option("--resume", is_flag=True, help="Continue the last saved conversation.")
@click.option("--transcripts-dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Where transcripts go [default: RUNS_DIR/NAME/transcripts for the run's model, "
                   "else ~/.local/share/medgguf/transcripts].")
def chat(model, runs_dir, run_name, system_prompt, temperature, top_p, top_k, max_tokens, seed, threads,
         n_ctx, lora_path, resume, transcripts_dir):
    """Talk to MODEL.gguf (default: the run's q4_K_M) in the terminal.

    Answers stream as Markdown; /help lists the commands. Ctrl-C stops an answer, Ctrl-D exits.
    Every session is saved as JSONL (mode 0600); --resume continues the last one.
    """
    from medgguf.chat import Sampling, default_transcripts_dir, run_chat
    from medgguf.console import stdout_console

    path, from_run = resolve_model(model, runs_dir, run_name)
    if transcripts_dir is None:
        transcripts_dir = open_run(runs_dir, run_name).path("transcripts") if from_run else default_transcripts_dir()
    run_chat(path, console=stdout_console, system_prompt=system_prompt,
             sampling=Sampling(temperature=temperature, top_p=top_p, top_k=top_k, max_tokens=max_tokens, seed=seed),
             threads=threads, n_ctx=n_ctx, transcripts_dir=transcripts_dir, resume=resume, lora_path=lora_path)


@click.command()
@click.argument("question")
@click.option("--model", "-m", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="GGUF to load [default: the run's q4_K_M].")
@run_options
@sampling_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with the answer, timings and token counts.")
def ask(question, model, runs_dir, run_name, system_prompt, temperature, top_p, top_k, max_tokens, seed, threads,
        n_ctx, lora_path, as_json):
    """Answer QUESTION (or stdin when QUESTION is `-`) and exit; only the answer goes to stdout."""
    from medgguf import triage
    from medgguf.chat import answer, sanitize, show_triage_notice
    from medgguf.console import console

    if question == "-":
        question = sys.stdin.read()
    if not question.strip():
        raise InputError("the question is empty", "pass a question, or `-` and pipe one into stdin")
    path, _ = resolve_model(model, runs_dir, run_name)
    result_triage = triage.triage(question)
    if result_triage.level != "routine":
        from rich.panel import Panel
        from rich.text import Text

        show_triage_notice(console, result_triage, Panel, Text, triage)

    def stream(piece: str) -> None:
        sys.stdout.write(sanitize(piece))
        sys.stdout.flush()

    result = answer(path, question, system_prompt=system_prompt, max_tokens=max_tokens, temperature=temperature,
                    top_p=top_p, top_k=top_k, seed=seed, threads=threads, n_ctx=n_ctx, lora_path=lora_path,
                    on_token=None if as_json else stream)
    if as_json:
        record = result.stats() | {
            "text": sanitize(result.text), "model": str(path),
            "red_flags": result_triage.categories if result_triage.is_emergency else [],
            "triage": {"level": result_triage.level, "categories": result_triage.categories}}
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        click.echo()


COMMANDS = [chat, ask]
