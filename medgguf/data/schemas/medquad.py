"""MedQuAD (keivalya/MedQuAD-MedicalQnADataset, abachaa/MedQuAD): ``qtype, Question, Answer``."""

from __future__ import annotations

from medgguf.data.records import Example, text_field
from medgguf.data.schemas.base import Schema, columns


def convert(row: dict) -> Example:
    question = text_field(row, "Question")
    answer = text_field(row, "Answer")
    return Example(
        native_id="", turns=[{"role": "user", "content": question}, {"role": "assistant", "content": answer}]
    )


SCHEMA = Schema(
    "medquad",
    (columns("Question", "Answer"),),
    convert,
    "MedQuAD: Question, Answer (qtype, focus, source, url optional)",
)
