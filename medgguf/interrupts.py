"""Ctrl-C, remembered.

SIGINT raises KeyboardInterrupt wherever Python happens to be, and a library may turn it into an
error of its own: torch, interrupted while it reads tensors, raises "could not determine the shape
of object type 'torch.storage.UntypedStorage'", which merge's adapter check then reported as an
adapter that does not fit (exit 2 instead of 130). So the CLI's edge asks whether SIGINT arrived,
not only what the exception is; code that catches the interrupt and carries on (chat) says so.
"""

from __future__ import annotations

import signal
import threading

_pending = False


def _on_sigint(signum, frame) -> None:
    global _pending
    _pending = True
    signal.default_int_handler(signum, frame)


def install() -> None:
    """Count SIGINT, then raise KeyboardInterrupt as Python's own handler does; also where SIGINT
    was inherited as ignored (a shell without job control starts background commands that way,
    and Python keeps an inherited SIG_IGN: Ctrl-C and ``kill -INT`` then did nothing)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _on_sigint)


def pending() -> bool:
    """Whether a SIGINT arrived that nobody has handled: whatever error follows, it is an interrupt."""
    return _pending


def handled() -> None:
    """The interrupt was caught and the program goes on (chat: a generation stopped, a prompt cleared)."""
    global _pending
    _pending = False
