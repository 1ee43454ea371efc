"""A Ctrl-C that a library turns into an error of its own is still an interrupt: exit 130, one
line. (Found by the merge Ctrl-C fault test: torch, interrupted while it read the adapter's
tensors, raised a ValueError that merge reported as an adapter that does not fit, exit 2.)"""

from __future__ import annotations

import os
import signal
import time

import click
import pytest
from click.testing import CliRunner

from medgguf import interrupts
from medgguf.cli import MedggufGroup
from medgguf.errors import InputError

TORCH_MESSAGE = "could not determine the shape of object type 'torch.storage.UntypedStorage'"


def _group(translate):
    @click.group(cls=MedggufGroup)
    def group():
        interrupts.install()

    @group.command()
    @click.option("--ctrl-c/--no-ctrl-c", default=True)
    def work(ctrl_c):
        try:
            if ctrl_c:
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)  # the handler raises first
            raise ValueError(TORCH_MESSAGE)
        except (KeyboardInterrupt, ValueError) as exc:
            raise translate(exc) from None

    return group


@pytest.fixture(autouse=True)
def _restore_sigint():
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)
    interrupts.handled()


@pytest.mark.parametrize(
    "translate",
    [
        lambda exc: ValueError(TORCH_MESSAGE),
        lambda exc: InputError(f"the adapter does not fit the base model ({TORCH_MESSAGE})", "train it again"),
        lambda exc: OSError(5, "Input/output error"),
    ],
    ids=["library-error", "domain-error", "os-error"],
)
def test_an_error_raised_after_a_ctrl_c_exits_130_with_one_line(translate):
    result = CliRunner().invoke(_group(translate), ["work"])
    assert result.exit_code == 130, result.output
    assert result.output.strip().splitlines() == [
        "error: interrupted; outputs already written are kept, partial ones removed"
    ]


def test_the_same_error_without_a_ctrl_c_keeps_its_own_message_and_code():
    result = CliRunner().invoke(
        _group(lambda exc: InputError("the adapter does not fit", "train it again")), ["work", "--no-ctrl-c"]
    )
    assert result.exit_code == 2
    assert "the adapter does not fit" in result.output and "interrupted" not in result.output


def test_an_interrupt_that_was_handled_does_not_colour_a_later_error():
    group = _group(lambda exc: ValueError("boom"))
    interrupts.install()
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    except KeyboardInterrupt:
        interrupts.handled()  # as chat does when Ctrl-C clears the prompt
    result = CliRunner().invoke(group, ["work", "--no-ctrl-c"])
    assert result.exit_code == 1 and "unexpected ValueError: boom" in result.output
