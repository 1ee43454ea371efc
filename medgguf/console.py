"""The CLI edge's Rich consoles, logging and progress bars.

Results go to stdout (plain ``click.echo`` or ``stdout_console``); logs, progress bars and
notices go to ``console`` on stderr, so ``medgguf ask ... | less`` carries only the answer.
Library code never prints: it logs, and reports progress through a ``Notify`` callback
(medgguf/progress.py) that ``notifier`` draws.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from typing import Any

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

from medgguf.progress import Notify

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


def progress(*extra_columns: Any, transient: bool = False) -> Progress:
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
def notifier(*, transient: bool = True) -> Iterator[Notify]:
    """One progress line that library code moves through its ``notify`` callback."""
    with progress(transient=transient) as bar:
        task = bar.add_task("starting", total=None)

        def notify(description: str, done: float, total: float | None) -> None:
            bar.update(task, description=description, completed=done, total=total or None)

        yield notify
