"""PubMedQA, both forms: the original ``ori_pqal.json`` (a dict keyed by PMID of
``QUESTION, CONTEXTS, LABELS, LONG_ANSWER, final_decision``) and the hub's ``pqa_labeled`` rows
(``pubid, question, context{contexts, labels}, long_answer, final_decision``).

The question and its abstract contexts go in; the long answer and the yes/no/maybe decision
come out. The ``mcq`` record lets the bench score the three decisions directly.
"""

from __future__ import annotations

from medgguf.data.records import Drop, Example, Mcq, RowDropped, check_text, text_field
from medgguf.data.schemas.base import Schema, columns
from medgguf.data.sources import KEY_FIELD

DECISIONS = ("yes", "no", "maybe")


def convert(row: dict) -> Example:
    if "QUESTION" in row:  # ori_pqal.json
        question = text_field(row, "QUESTION")
        contexts, labels = row.get("CONTEXTS"), row.get("LABELS")
        long_answer = text_field(row, "LONG_ANSWER")
        native_id = str(row.get(KEY_FIELD, ""))
    else:  # hub pqa_labeled
        question = text_field(row, "question")
        context = row.get("context")
        if context is None:
            raise RowDropped(Drop.NULL_FIELD if "context" in row else Drop.MISSING_FIELD, "context")
        if not isinstance(context, dict):
            raise RowDropped(Drop.WRONG_TYPE, f"context is {type(context).__name__}, not a record")
        contexts, labels = context.get("contexts"), context.get("labels")
        long_answer = text_field(row, "long_answer")
        native_id = str(row.get("pubid", ""))
    decision = (text_field(row, "final_decision") or "").strip().lower()
    if decision not in DECISIONS:
        raise RowDropped(Drop.BAD_ANSWER_KEY, f"final_decision {decision!r}")
    context_text = _context_text(contexts, labels)
    prompt = f"Context:\n{context_text}\n\nQuestion: {question}"
    reply = f"{long_answer}\n\nAnswer: {decision}"
    return Example(
        native_id=native_id,
        turns=[{"role": "user", "content": prompt}, {"role": "assistant", "content": reply}],
        mcq=Mcq(question=question, options={d: d for d in DECISIONS}, answer=decision, context=context_text),
    )


def _context_text(contexts, labels) -> str:
    if contexts is None:
        raise RowDropped(Drop.NULL_FIELD, "contexts")
    if not isinstance(contexts, list) or not all(isinstance(c, str) for c in contexts):
        raise RowDropped(Drop.WRONG_TYPE, "contexts is not a list of text")
    if not isinstance(labels, list) or len(labels) != len(contexts) or not all(isinstance(x, str) for x in labels):
        labels = [None] * len(contexts)  # section labels are a nicety; their absence is no reason to drop
    parts = [
        f"{label.capitalize()}: {check_text(text, 'contexts')}" if label else check_text(text, "contexts")
        for text, label in zip(contexts, labels)
    ]
    return check_text("\n".join(parts), "contexts")


SCHEMA = Schema(
    "pubmedqa",
    (
        columns("QUESTION", "CONTEXTS", "LONG_ANSWER", "final_decision"),
        columns("question", "context", "long_answer", "final_decision"),
    ),
    convert,
    "PubMedQA: question, contexts, long answer, final_decision (yes/no/maybe)",
    mcq=True,
)
