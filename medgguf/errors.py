"""medgguf's errors. Each names the problem and the fix; cli.py turns them into one line."""

from __future__ import annotations


class MedggufError(Exception):
    """Base class. ``exit_code`` 2 means bad input or set-up, 1 a stage that ran and failed."""

    exit_code = 2

    def __init__(self, problem: str, fix: str | None = None):
        super().__init__(problem)
        self.problem = problem
        self.fix = fix

    def __str__(self) -> str:
        return f"{self.problem}. {self.fix}" if self.fix else self.problem


class InputError(MedggufError):
    """A path, model, data file, config value or option the user gave is unusable."""


class SetupError(MedggufError):
    """Something the pipeline needs is not installed or built."""


class DiskSpaceError(MedggufError):
    """Not enough free space for what a stage is about to write."""


class StageFailed(MedggufError):
    """A stage ran and failed: a native tool's non-zero exit, a verification that did not pass."""

    exit_code = 1
