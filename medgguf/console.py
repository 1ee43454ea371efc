"""The one Rich console (stderr) and the progress helpers every stage uses.

Results go to stdout (plain ``click.echo`` or ``stdout_console``); logs, progress bars and
notices go to ``console`` on stderr, so ``medgguf ask ... | less`` carries only the answer.
"""
from __future__ import annotations

import contextlib
import logging
import os
from typing import Iterator

from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

console = Console(stderr=True)
stdout_console = Console()


def setup_logging(debug: bool = False) -> None:
    """medgguf's own INFO lines on stderr; third-party libraries only at WARNING (all with --debug)."""
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(message)s",
        handlers=[RichHandler(console=console, show_path=False, show_time=False, markup=False)],
        force=True,
    )
    logging.getLogger("medgguf").setLevel(logging.DEBUG if debug else logging.INFO)
    if not debug:
        import warnings

        # Library deprecation chatter is for library authors; --debug shows it.
        warnings.filterwarnings("ignore", category=FutureWarning)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        # bitsandbytes warns on every import that an optional CPU kernel package is absent.
        logging.getLogger("bitsandbytes").setLevel(logging.ERROR)


def progress(*extra_columns, transient: bool = False) -> Progress:
    """A progress bar on stderr: description, bar, n/N, elapsed, remaining, plus extras."""
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        *extra_columns,
        console=console,
        transient=transient,
    )


@contextlib.contextmanager
def status(message: str) -> Iterator[None]:
    """A live spinner for work that has no countable steps (loading a model, saving)."""
    with console.status(message):
        yield
