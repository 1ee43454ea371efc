"""How library code reports progress without printing: callbacks that the CLI draws.

Stages, bench, compare and the quality table take a ``Notify``; the CLI passes one that moves a
Rich progress bar (medgguf/console.py), tests and scripts pass None.
"""

from __future__ import annotations

from collections.abc import Callable

Notify = Callable[[str, float, "float | None"], None]
"""(what is being done, how much of it is done, out of how much; None when unknown)."""

ToolProgress = Callable[[float, float], None]
"""A native tool's own counter: (done, total)."""


def tool_progress(notify: Notify | None, description: str, total: float | None = None) -> ToolProgress | None:
    """A native tool's (done, total) counter reported as ``description``; ``total`` overrides the
    tool's own when the caller knows better (a chunk count the tool does not print)."""
    if notify is None:
        return None
    notify(description, 0, total)
    return lambda done, tool_total: notify(description, done, total if total is not None else tool_total)
