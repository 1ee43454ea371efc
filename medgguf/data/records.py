"""The Example every schema produces, and the reasons a row can be dropped."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, overload

# The longest text field that is worth tokenizing; anything longer is a broken row, not data.
MAX_FIELD_CHARS = 100_000
# surrogateescape decoding leaves bytes that were not UTF-8 as lone surrogates in this range.
_UNDECODED = re.compile("[\udc80-\udcff]")


class Drop(StrEnum):
    """Why a row was left out; stats.json counts rows per reason."""

    INVALID_JSON = "invalid JSON"
    NOT_A_RECORD = "not a record"
    UNDECODABLE = "undecodable bytes"
    MISSING_FIELD = "missing field"
    NULL_FIELD = "null field"
    WRONG_TYPE = "wrong type"
    BAD_ANSWER_KEY = "answer not among the options"
    BAD_CONVERSATION = "malformed conversation"
    EMPTY = "empty"
    ANSWER_TOO_SHORT = "answer too short"
    ABSURD_LENGTH = "absurd length"
    TOO_MANY_TOKENS = "over max_tokens"


class RowDropped(Exception):
    """Raised by a schema's convert(); the row is counted under ``reason`` and skipped."""

    def __init__(self, reason: Drop, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else str(reason))
        self.reason = reason
        self.detail = detail


@dataclass
class Mcq:
    """A multiple-choice item, kept beside the chat rendering so the bench can score options."""

    question: str
    options: dict[str, str]
    answer: str
    context: str | None = None

    def to_json(self) -> dict:
        return {"question": self.question, "options": self.options, "answer": self.answer, "context": self.context}


@dataclass
class Example:
    """One conversation: ``turns`` are user/assistant messages (the system prompt is added later)."""

    native_id: str
    turns: list[dict[str, str]]
    mcq: Mcq | None = None
    source: str = ""
    row: int = 0
    raw_key: str = ""
    """Digest of the texts as read, before cleaning: equal keys are exact duplicates."""

    @property
    def question(self) -> str:
        """The text that identifies the question for leakage checks: the first user turn."""
        if self.mcq is not None:
            return self.mcq.question
        return next(t["content"] for t in self.turns if t["role"] == "user")

    @property
    def answer(self) -> str:
        return next(t["content"] for t in reversed(self.turns) if t["role"] == "assistant")


@overload
def text_field(row: dict, name: str, *, required: Literal[True] = True) -> str: ...


@overload
def text_field(row: dict, name: str, *, required: bool) -> str | None: ...


def text_field(row: dict, name: str, *, required: bool = True) -> str | None:
    """``row[name]`` as text, or RowDropped naming what is wrong with it."""
    if name not in row:
        if required:
            raise RowDropped(Drop.MISSING_FIELD, name)
        return None
    value = row[name]
    if value is None or (isinstance(value, float) and value != value):  # NaN from pandas/parquet
        if required:
            raise RowDropped(Drop.NULL_FIELD, name)
        return None
    if not isinstance(value, str):
        raise RowDropped(Drop.WRONG_TYPE, f"{name} is {type(value).__name__}, not text")
    return check_text(value, name)


def check_text(value: str, name: str) -> str:
    if len(value) > MAX_FIELD_CHARS:
        raise RowDropped(Drop.ABSURD_LENGTH, f"{name} has {len(value):,} characters")
    if _UNDECODED.search(value):
        raise RowDropped(Drop.UNDECODABLE, name)
    return value
