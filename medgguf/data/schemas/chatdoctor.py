"""ChatDoctor (HealthCareMagic-100k, iCliniq, GenMedGPT-5k): ``instruction, input, output``.

``instruction`` is the same doctor prompt on every row, so it is replaced by the configured
system prompt; ``input`` is the patient's message and ``output`` the doctor's reply.
"""

from __future__ import annotations

from medgguf.data.records import Example, text_field
from medgguf.data.schemas.base import Schema, columns


def convert(row: dict) -> Example:
    instruction = text_field(row, "instruction", required=False) or ""
    patient = text_field(row, "input", required=False) or ""
    reply = text_field(row, "output")
    # A handful of rows put the patient's message in instruction and leave input empty.
    question = patient if patient.strip() else instruction
    return Example(native_id="", turns=[{"role": "user", "content": question}, {"role": "assistant", "content": reply}])


SCHEMA = Schema(
    "chatdoctor",
    (columns("instruction", "input", "output"),),
    convert,
    "ChatDoctor: instruction (the doctor prompt), input (patient), output (doctor)",
)
