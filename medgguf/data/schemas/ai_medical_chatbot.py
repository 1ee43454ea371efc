"""ruslanmv/ai-medical-chatbot: ``Description, Patient, Doctor``.

``Description`` is a one-line title ("Q. What does abutment of the nerve root mean?"); the
patient's own message is the question, the title stands in only where that is empty.
"""

from __future__ import annotations

from medgguf.data.records import Example, text_field
from medgguf.data.schemas.base import Schema, columns


def convert(row: dict) -> Example:
    title = text_field(row, "Description", required=False) or ""
    patient = text_field(row, "Patient", required=False) or ""
    reply = text_field(row, "Doctor")
    question = patient if patient.strip() else title
    return Example(native_id="", turns=[{"role": "user", "content": question}, {"role": "assistant", "content": reply}])


SCHEMA = Schema(
    "ai-medical-chatbot",
    (columns("Description", "Patient", "Doctor"),),
    convert,
    "ai-medical-chatbot: Description (title), Patient (question), Doctor (answer)",
)
