"""Generic chat rows: ``messages`` as ``[{role, content}]`` (OpenAI/TRL style) or ShareGPT's
``conversations`` as ``[{from, value}]``. System turns are replaced by the configured prompt;
the rest must alternate user/assistant, start with the user and end with the assistant.
"""

from __future__ import annotations

from medgguf.data.records import Drop, Example, RowDropped, check_text
from medgguf.data.schemas.base import Schema, columns

_ROLES = {"user": "user", "human": "user", "assistant": "assistant", "gpt": "assistant", "system": "system"}


def convert(row: dict) -> Example:
    field_name, role_key, text_key = (
        ("messages", "role", "content") if "messages" in row else ("conversations", "from", "value")
    )
    raw = row.get(field_name)
    if field_name not in row:
        raise RowDropped(Drop.MISSING_FIELD, field_name)
    if raw is None:
        raise RowDropped(Drop.NULL_FIELD, field_name)
    if not isinstance(raw, list):
        raise RowDropped(Drop.WRONG_TYPE, f"{field_name} is {type(raw).__name__}, not a list")
    turns = []
    for position, message in enumerate(raw):
        if not isinstance(message, dict):
            raise RowDropped(Drop.WRONG_TYPE, f"{field_name}[{position}] is not a record")
        role = _ROLES.get(str(message.get(role_key, "")).lower())
        content = message.get(text_key)
        if role is None:
            raise RowDropped(Drop.BAD_CONVERSATION, f"{field_name}[{position}] has role {message.get(role_key)!r}")
        if content is None:
            raise RowDropped(Drop.NULL_FIELD, f"{field_name}[{position}].{text_key}")
        if not isinstance(content, str):
            raise RowDropped(Drop.WRONG_TYPE, f"{field_name}[{position}].{text_key} is not text")
        if role != "system":
            turns.append({"role": role, "content": check_text(content, f"{field_name}[{position}]")})
    expected = ["user", "assistant"] * (len(turns) // 2)
    if not turns or [t["role"] for t in turns] != expected:
        raise RowDropped(Drop.BAD_CONVERSATION, "turns must alternate user/assistant and end with the assistant")
    return Example(native_id=str(row.get("id", "") or ""), turns=turns)


SCHEMA = Schema(
    "messages",
    (columns("messages"), columns("conversations")),
    convert,
    "chat: messages [{role, content}] or conversations [{from, value}]",
)
