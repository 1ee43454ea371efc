"""The schemas medgguf reads, detection from a source's columns, and lookup by name."""

from __future__ import annotations

import logging
from typing import Any

from medgguf.data.schemas import (
    ai_medical_chatbot,
    alpaca,
    chatdoctor,
    medqa,
    medquad,
    messages,
    prompt_response,
    pubmedqa,
)
from medgguf.data.schemas.base import Schema
from medgguf.data.sources import KEY_FIELD
from medgguf.errors import InputError

log = logging.getLogger(__name__)

# Most specific first: MedQA's question/answer columns would also fit prompt-response.
SCHEMAS: dict[str, Schema] = {
    s.name: s
    for s in (
        pubmedqa.SCHEMA,
        medqa.SCHEMA,
        ai_medical_chatbot.SCHEMA,
        chatdoctor.SCHEMA,
        alpaca.SCHEMA,
        medquad.SCHEMA,
        messages.SCHEMA,
        prompt_response.SCHEMA,
    )
}
SAMPLE_ROWS = 200


def names() -> list[str]:
    return list(SCHEMAS)


def get(name: str) -> Schema:
    if name not in SCHEMAS:
        raise InputError(f"unknown data schema {name!r}", f"choose auto or one of: {', '.join(SCHEMAS)}")
    return SCHEMAS[name]


def sample_columns(rows: list[tuple[int, Any]]) -> set[str]:
    found: set[str] = set()
    for _, row in rows[:SAMPLE_ROWS]:
        if isinstance(row, dict):
            found.update(str(k) for k in row if k != KEY_FIELD)
    return found


def choose(requested: str, rows: list[tuple[int, Any]], label: str) -> Schema:
    """The schema named by ``requested``, or the one detected from the rows' columns.

    Either way the columns must fit it: a schema whose columns are absent from every row would
    drop the whole source, which is a wrong schema, not bad rows.
    """
    found = sample_columns(rows)
    if requested != "auto":
        schema = get(requested)
        if not schema.matches(found):
            raise InputError(
                f"{label} has columns {_listing(found)}, but schema {schema.name} expects {schema.expects()}",
                "pick another --schema, or leave it auto",
            )
        return schema
    fitting = [s for s in SCHEMAS.values() if s.matches(found)]
    if not fitting:
        expected = "; ".join(f"{s.name}: {s.expects()}" for s in SCHEMAS.values())
        raise InputError(
            f"{label} has columns {_listing(found)}, which fit no schema (expected {expected})",
            "rename the columns or convert the file to one of these",
        )
    schema = fitting[0]
    if schema is chatdoctor.SCHEMA and not _constant_instruction(rows):
        schema = alpaca.SCHEMA  # same columns; a per-row instruction is a task, not a system prompt
    log.info("%s: schema %s (columns %s)", label, schema.name, _listing(found))
    return schema


def _constant_instruction(rows: list[tuple[int, Any]]) -> bool:
    """ChatDoctor repeats one doctor prompt as the instruction; alpaca varies it per row."""
    instructions = [row.get("instruction") for _, row in rows[:SAMPLE_ROWS] if isinstance(row, dict)]
    return len(set(map(str, instructions))) <= max(1, len(instructions) // 20)


def _listing(found: set[str]) -> str:
    return ", ".join(sorted(found)) if found else "(none: no row is a record)"
