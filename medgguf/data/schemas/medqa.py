"""MedQA multiple choice (GBaker/MedQA-USMLE-4-options, the original US jsonl):
``question, options{A..}, answer_idx`` (``answer`` text optional). Options may also come as a
list of ``{key, value}`` records, as some hub copies store them.
"""

from __future__ import annotations

from medgguf.data.records import Drop, Example, Mcq, RowDropped, check_text, text_field
from medgguf.data.schemas.base import Schema, columns


def convert(row: dict) -> Example:
    question = text_field(row, "question")
    options = _options(row)
    key = (text_field(row, "answer_idx") or "").strip()
    if key not in options:
        raise RowDropped(Drop.BAD_ANSWER_KEY, f"answer_idx {key!r} not in {sorted(options)}")
    listing = "\n".join(f"{k}. {v}" for k, v in options.items())
    prompt = f"{question}\n\n{listing}"
    reply = f"The answer is {key}. {options[key]}"
    return Example(
        native_id="",
        turns=[{"role": "user", "content": prompt}, {"role": "assistant", "content": reply}],
        mcq=Mcq(question=question, options=options, answer=key, context=None),
    )


def _options(row: dict) -> dict[str, str]:
    if "options" not in row:
        raise RowDropped(Drop.MISSING_FIELD, "options")
    raw = row["options"]
    if raw is None:
        raise RowDropped(Drop.NULL_FIELD, "options")
    if isinstance(raw, list) and all(isinstance(o, dict) and {"key", "value"} <= o.keys() for o in raw):
        raw = {o["key"]: o["value"] for o in raw}
    if not isinstance(raw, dict) or not raw:
        raise RowDropped(Drop.WRONG_TYPE, "options is not a mapping of letters to answers")
    options = {}
    for letter, text in raw.items():
        if text is None:  # parquet structs fill absent letters (an E in a 4-option row) with null
            continue
        if not isinstance(letter, str) or not isinstance(text, str):
            raise RowDropped(Drop.WRONG_TYPE, f"option {letter!r} is not text")
        options[letter.strip()] = check_text(text, f"options.{letter}")
    if len(options) < 2:
        raise RowDropped(Drop.WRONG_TYPE, "fewer than two options")
    return dict(sorted(options.items()))


SCHEMA = Schema(
    "medqa",
    (columns("question", "options", "answer_idx"),),
    convert,
    "MedQA: question, options {A: ..., B: ...}, answer_idx",
    mcq=True,
)
