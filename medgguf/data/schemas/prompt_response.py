"""Generic single-turn pairs: ``prompt, response``, ``prompt, completion`` or ``question, answer``."""

from __future__ import annotations

from medgguf.data.records import Example, text_field
from medgguf.data.schemas.base import Schema, columns

PAIRS = (("prompt", "response"), ("prompt", "completion"), ("question", "answer"))


def convert(row: dict) -> Example:
    question_field, answer_field = next((pair for pair in PAIRS if set(pair) <= row.keys()), PAIRS[0])
    question = text_field(row, question_field)
    answer = text_field(row, answer_field)
    return Example(
        native_id=str(row.get("id", "") or ""),
        turns=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}],
    )


SCHEMA = Schema(
    "prompt-response",
    tuple(columns(*pair) for pair in PAIRS),
    convert,
    "pairs: prompt + response, prompt + completion, or question + answer",
)
