"""Alpaca: ``instruction, input, output`` with a per-row instruction; input is optional context."""

from __future__ import annotations

from medgguf.data.records import Example, text_field
from medgguf.data.schemas.base import Schema, columns


def convert(row: dict) -> Example:
    instruction = text_field(row, "instruction")
    context = text_field(row, "input", required=False) or ""
    answer = text_field(row, "output")
    prompt = f"{instruction}\n\n{context}" if context.strip() else instruction
    return Example(native_id="", turns=[{"role": "user", "content": prompt}, {"role": "assistant", "content": answer}])


SCHEMA = Schema("alpaca", (columns("instruction", "output"),), convert, "alpaca: instruction, output (input optional)")
