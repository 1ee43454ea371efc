"""Commands of the chat family: ``chat`` (the Rich terminal chat) and ``ask`` (one answer on stdout)."""

from __future__ import annotations

import contextlib
import functools
import json
import signal
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from medgguf import interrupts
from medgguf.chat.sampling import DEFAULT_CONTEXT, Sampling
from medgguf.cli.options import open_run, run_options, threads_option
from medgguf.errors import InputError

DEFAULTS = Sampling()


def sampling_options(func):
    """The options of a command that talks to a model: the sampling (passed on as one ``sampling``
    argument, a Sampling), the system prompt, and the engine's threads, context and LoRA adapter."""

    @functools.wraps(func)
    def command(
        *args: Any, temperature, top_p, top_k, max_tokens, seed, repeat_penalty, dry_multiplier, **kwargs: Any
    ) -> Any:
        sampling = Sampling(
            temperature=temperature,
            top_p=top_p,
            top_k=top_k,
            max_tokens=max_tokens,
            seed=seed,
            repeat_penalty=repeat_penalty,
            dry_multiplier=dry_multiplier,
        )
        return func(*args, sampling=sampling, **kwargs)

    options = [
        click.option(
            "--system", "system_prompt", default=None, help="System prompt [default: a careful medical assistant]."
        ),
        click.option(
            "--temp",
            "--temperature",
            "temperature",
            type=click.FloatRange(0, 5),
            default=DEFAULTS.temperature,
            show_default=True,
            help="Sampling temperature (0 = greedy).",
        ),
        click.option(
            "--top-p",
            type=click.FloatRange(0, 1, min_open=True),
            default=DEFAULTS.top_p,
            show_default=True,
            help="Nucleus sampling threshold.",
        ),
        click.option(
            "--top-k",
            type=click.IntRange(min=0),
            default=DEFAULTS.top_k,
            show_default=True,
            help="Sample from the K likeliest tokens (0 = off).",
        ),
        click.option(
            "--max-tokens",
            type=click.IntRange(min=1),
            default=DEFAULTS.max_tokens,
            show_default=True,
            help="New tokens per answer.",
        ),
        click.option(
            "--repeat-penalty",
            type=click.FloatRange(0, 2, min_open=True),
            default=DEFAULTS.repeat_penalty,
            show_default=True,
            help="llama.cpp's repetition penalty over the last 64 tokens (1 = off).",
        ),
        click.option(
            "--dry",
            "dry_multiplier",
            type=click.FloatRange(0, 5),
            default=DEFAULTS.dry_multiplier,
            show_default=True,
            help="DRY (don't repeat yourself) multiplier, e.g. 0.8 (0 = off).",
        ),
        click.option("--seed", type=int, default=None, help="Sampling seed [default: random]."),
        threads_option,
        click.option(
            "--ctx",
            "n_ctx",
            type=click.IntRange(min=64),
            default=None,
            help=f"Context window in tokens [default: {DEFAULT_CONTEXT}, at most the model's].",
        ),
        click.option(
            "--lora",
            "lora_path",
            type=click.Path(path_type=Path, dir_okay=False),
            default=None,
            help="A LoRA adapter GGUF to apply to MODEL (`medgguf export --to lora`).",
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def resolve_model(model: Path | None, runs_dir: Path, run_name: str) -> tuple[Path, bool]:
    """The GGUF to load, and whether it is the run directory's own q4_K_M."""
    if model is not None:
        return Path(model), False
    default = open_run(runs_dir, run_name).quant_file("Q4_K_M")
    if not default.exists():
        raise InputError(
            f"no model given and {default} does not exist",
            f"run `medgguf build --name {run_name}` first, or pass a GGUF path",
        )
    return default, True


@click.command()
@click.argument("model", required=False, type=click.Path(path_type=Path, dir_okay=False))
@run_options
@sampling_options
@click.option("--resume", is_flag=True, help="Continue the last saved conversation.")
@click.option(
    "--transcripts-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Where transcripts go [default: RUNS_DIR/NAME/transcripts for the run's model, "
    "else ~/.local/share/medgguf/transcripts].",
)
def chat(model, runs_dir, run_name, sampling, transcripts_dir, **options):
    """Talk to MODEL.gguf (default: the run's q4_K_M) in the terminal.

    Answers stream as Markdown; /help lists the commands. Ctrl-C stops an answer, Ctrl-D exits.
    Every session is saved as JSONL (mode 0600); --resume continues the last one.
    """
    from medgguf.chat.session import default_transcripts_dir
    from medgguf.console import stdout_console

    path, from_run = resolve_model(model, runs_dir, run_name)
    if transcripts_dir is None:
        transcripts_dir = open_run(runs_dir, run_name).transcripts_dir if from_run else default_transcripts_dir()
    run_chat(path, console=stdout_console, sampling=sampling, transcripts_dir=transcripts_dir, **options)


@click.command()
@click.argument("question")
@click.option(
    "--model",
    "-m",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="GGUF to load [default: the run's q4_K_M].",
)
@run_options
@sampling_options
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object with the answer, timings and token counts."
)
def ask(question, model, runs_dir, run_name, sampling, as_json, **options):
    """Answer QUESTION (or stdin when QUESTION is `-`) and exit; only the answer goes to stdout."""
    from medgguf.chat import triage
    from medgguf.chat.session import answer, sanitize
    from medgguf.console import console

    if question == "-":
        question = sys.stdin.read()
    if not question.strip():
        raise InputError("the question is empty", "pass a question, or `-` and pipe one into stdin")
    path, _ = resolve_model(model, runs_dir, run_name)
    found = triage.triage(question)
    _show_triage_notice(console, found)

    def stream(piece: str) -> None:
        sys.stdout.write(sanitize(piece))
        sys.stdout.flush()

    result = answer(path, question, on_token=None if as_json else stream, **options, **asdict(sampling))
    if as_json:
        record = result.stats() | {
            "text": sanitize(result.text),
            "model": str(path),
            "red_flags": found.categories if found.is_emergency else [],
            "triage": {"level": found.level, "categories": found.categories},
        }
        click.echo(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        click.echo()


# ---------------------------------------------------------------------------------------------
# The terminal chat


def run_chat(
    model_path: Path,
    *,
    console: Any,
    system_prompt: str | None = None,
    sampling: Sampling | None = None,
    threads: int | None = None,
    n_ctx: int | None = None,
    lora_path: Path | None = None,
    transcripts_dir: Path,
    resume: bool = False,
) -> Path:
    """The terminal chat on ``console`` (a Rich Console); returns the transcript's path."""
    from rich.panel import Panel
    from rich.text import Text

    from medgguf import hardware
    from medgguf.chat import triage
    from medgguf.chat.engine import Engine
    from medgguf.chat.session import ChatSession, Transcript, replay
    from medgguf.llamacpp.gguf_check import inspect_gguf

    sampling = (sampling or Sampling()).validate()
    info = inspect_gguf(Path(model_path), require_chat_template=True)
    # Resolve --resume and check the transcripts directory before loading the model, so a
    # missing transcript or an unwritable directory fails at once.
    transcript = Transcript.latest(transcripts_dir) if resume else None
    Transcript.prepare(transcripts_dir)
    console.print(Panel(Text(triage.DISCLAIMER), title="medical disclaimer", border_style="yellow"))
    with console.status(f"loading {info.path.name} …"):
        engine = Engine(info.path, n_ctx=n_ctx, threads=threads, info=info, lora_path=lora_path)
    try:
        session = ChatSession(engine, system_prompt=system_prompt, sampling=sampling)
        if transcript is not None:
            saved_system, session.messages = replay(transcript.events)
            if system_prompt is None and saved_system:
                session.system_prompt = saved_system
            transcript.event("resumed", model=str(info.path))
            console.print(f"[cyan]resumed {len(session.messages)} messages from {transcript.path}[/]", highlight=False)
        else:
            transcript = Transcript.create(
                transcripts_dir, model=info.path, system_prompt=session.system_prompt, sampling=sampling
            )
        session.transcript = transcript
        adapter = f" + LoRA {engine.lora_path.name}" if engine.lora_path else ""
        console.print(
            f"[dim]{info.summary()}{adapter} · {engine.threads} threads · context {engine.n_ctx} · "
            f"/help for commands, Ctrl-C stops an answer, Ctrl-D exits[/]",
            highlight=False,
        )
        busy = hardware.busy_warning(engine.threads)
        if busy:
            console.print(f"[yellow]{busy}[/]", highlight=False)
        _loop(session, console)
    finally:
        engine.close()
    console.print(f"[dim]transcript: {transcript.path}[/]", highlight=False)
    return transcript.path


def _loop(session: Any, console: Any) -> None:
    from medgguf.chat import triage
    from medgguf.chat.session import handle_command

    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing and history for input())
    while True:
        try:
            line = console.input("[bold cyan]you>[/] ")
        except EOFError:
            console.print()
            return
        except KeyboardInterrupt:
            interrupts.handled()
            console.print("\n[dim](Ctrl-D or /exit to leave)[/]", highlight=False)
            continue
        if not line.strip():
            continue
        if line.lstrip().startswith("/"):
            try:
                result = handle_command(session, line)
            except InputError as exc:
                console.print(f"[red]{exc}[/]", highlight=False)
                continue
            if result.exit:
                return
            from rich.text import Text

            console.print(Text(result.message, style=result.style))
            continue
        found = triage.triage(line)
        # Printed before the model runs, in a style no model text can take: answers are
        # rendered as Markdown with control characters stripped.
        _show_triage_notice(console, found)
        _exchange(session, console, line, found.is_emergency)


def _exchange(session: Any, console: Any, line: str, emergency: bool) -> None:
    """One question and its streamed answer, Ctrl-C stopping only the answer."""
    from rich.live import Live
    from rich.markdown import Markdown
    from rich.text import Text

    from medgguf.chat import triage
    from medgguf.chat.session import sanitize, status_line

    try:
        _, dropped, budget = session.fit(line)
    except InputError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        return
    if dropped:
        console.print(
            f"[yellow]context full: dropped the oldest {dropped} exchange(s) to make room "
            f"(the model no longer sees them)[/]",
            highlight=False,
        )
    if budget < session.sampling.max_tokens:
        console.print(f"[yellow]only {budget} tokens of context are left for this answer[/]", highlight=False)
    stop = {"requested": False}

    def on_sigint(_signum, _frame):
        stop["requested"] = True

    parts: list[str] = []
    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        console.print("[bold green]assistant[/]")
        # The refresh thread renders the Markdown; the token loop only appends text.
        with Live(
            get_renderable=lambda: Markdown("".join(parts) or "…"),
            console=console,
            refresh_per_second=8,
            transient=False,
        ):
            turn = session.send(
                line, on_token=lambda piece: parts.append(sanitize(piece)), should_stop=lambda: stop["requested"]
            )
    except InputError as exc:
        console.print(f"[red]{exc}[/]", highlight=False)
        return
    finally:
        signal.signal(signal.SIGINT, previous)
    if turn.answer.finish_reason == "interrupted":
        console.print("[yellow]answer stopped (Ctrl-C); ask again or /exit[/]", highlight=False)
    console.print(f"[dim]{status_line(turn.answer)}[/]", highlight=False)
    if emergency:
        console.print(Text(f"⚠ {triage.CALL_NOW}", style="bold white on red"))


def _show_triage_notice(console: Any, found: Any) -> None:
    """The emergency (red) or see-a-clinician-today (yellow) panel for a triage result; nothing
    for a routine message."""
    from rich.panel import Panel
    from rich.text import Text

    from medgguf.chat import triage

    if found.level == "emergency":
        console.print(
            Panel(
                Text(triage.notice(found), style="bold white"),
                title=f"[bold]{triage.EMERGENCY_HEADLINE}[/]",
                style="on red",
                border_style="bold white",
            )
        )
    elif found.level == "urgent":
        console.print(
            Panel(
                Text(triage.notice(found), style="bold black"),
                title=f"[bold]{triage.URGENT_HEADLINE}[/]",
                style="on yellow",
                border_style="bold black",
            )
        )


COMMANDS = [chat, ask]
