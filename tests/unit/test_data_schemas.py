"""Schema detection and row conversion for every published schema (no model needed)."""
from __future__ import annotations

import pytest

from medgguf.data import schemas
from medgguf.data.records import Drop, RowDropped
from medgguf.data.sources import KEY_FIELD
from medgguf.errors import InputError

DOCTOR_PROMPT = "If you are a doctor, please answer the medical questions based on the patient's description."


def rows(*records):
    return list(enumerate(records, start=1))


@pytest.mark.parametrize("record, expected", [
    ({"instruction": DOCTOR_PROMPT, "input": "I have a cough.", "output": "Rest."}, "chatdoctor"),
    ({"Description": "Q. Cough?", "Patient": "Hi doctor, I cough.", "Doctor": "Rest."}, "ai-medical-chatbot"),
    ({"qtype": "symptoms", "Question": "What is flu?", "Answer": "A virus."}, "medquad"),
    ({KEY_FIELD: "1", "QUESTION": "q?", "CONTEXTS": ["c"], "LABELS": ["L"], "LONG_ANSWER": "a",
      "final_decision": "yes"}, "pubmedqa"),
    ({"pubid": 1, "question": "q?", "context": {"contexts": ["c"]}, "long_answer": "a",
      "final_decision": "no"}, "pubmedqa"),
    ({"question": "q?", "answer": "x", "options": {"A": "x", "B": "y"}, "answer_idx": "A"}, "medqa"),
    ({"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}, "messages"),
    ({"conversations": [{"from": "human", "value": "q"}, {"from": "gpt", "value": "a"}]}, "messages"),
    ({"prompt": "q", "response": "a"}, "prompt-response"),
    ({"question": "q", "answer": "a"}, "prompt-response"),
])
def test_detects_schema_from_columns(record, expected):
    assert schemas.choose("auto", rows(record), "f").name == expected


def test_constant_instruction_is_chatdoctor_varied_instruction_is_alpaca():
    constant = rows(*({"instruction": DOCTOR_PROMPT, "input": f"q{i}", "output": "a"} for i in range(40)))
    varied = rows(*({"instruction": f"Explain topic {i}", "input": "", "output": "a"} for i in range(40)))
    assert schemas.choose("auto", constant, "f").name == "chatdoctor"
    assert schemas.choose("auto", varied, "f").name == "alpaca"


def test_unknown_columns_error_lists_found_columns_and_every_schema():
    with pytest.raises(InputError) as error:
        schemas.choose("auto", rows({"foo": 1, "bar": 2}), "weird.jsonl")
    message = str(error.value)
    assert "weird.jsonl has columns bar, foo" in message
    for name in schemas.names():
        assert f"{name}:" in message
    assert "{Answer, Question}" in message


def test_forced_schema_must_fit_the_columns():
    with pytest.raises(InputError, match="schema medquad expects {Answer, Question}"):
        schemas.choose("medquad", rows({"prompt": "q", "response": "a"}), "x.jsonl")
    with pytest.raises(InputError, match="unknown data schema 'nope'"):
        schemas.choose("nope", rows({"prompt": "q"}), "x.jsonl")


def test_chatdoctor_uses_input_as_question():
    ex = schemas.get("chatdoctor").convert({"instruction": DOCTOR_PROMPT, "input": "My head hurts.", "output": "Rest."})
    assert ex.turns == [{"role": "user", "content": "My head hurts."}, {"role": "assistant", "content": "Rest."}]


def test_ai_medical_chatbot_prefers_patient_over_title():
    convert = schemas.get("ai-medical-chatbot").convert
    assert convert({"Description": "Q. t", "Patient": "p", "Doctor": "d"}).question == "p"
    assert convert({"Description": "Q. t", "Patient": "", "Doctor": "d"}).question == "Q. t"


def test_pubmedqa_both_forms_give_context_question_long_answer_and_decision():
    convert = schemas.get("pubmedqa").convert
    original = convert({KEY_FIELD: "123", "QUESTION": "Does X help?", "CONTEXTS": ["Bg text.", "Res text."],
                        "LABELS": ["BACKGROUND", "RESULTS"], "LONG_ANSWER": "X helps.", "final_decision": "yes"})
    hub = convert({"pubid": 123, "question": "Does X help?",
                   "context": {"contexts": ["Bg text.", "Res text."], "labels": ["BACKGROUND", "RESULTS"]},
                   "long_answer": "X helps.", "final_decision": "yes"})
    for ex in (original, hub):
        assert ex.native_id == "123"
        assert ex.turns[0]["content"] == "Context:\nBackground: Bg text.\nResults: Res text.\n\nQuestion: Does X help?"
        assert ex.turns[1]["content"] == "X helps.\n\nAnswer: yes"
        assert ex.mcq.to_json() == {"question": "Does X help?", "options": {"yes": "yes", "no": "no", "maybe": "maybe"},
                                    "answer": "yes", "context": "Background: Bg text.\nResults: Res text."}


def test_medqa_lists_options_and_keeps_mcq():
    ex = schemas.get("medqa").convert({"question": "Best drug?", "options": {"B": "Y", "A": "X"}, "answer_idx": "B"})
    assert ex.turns[0]["content"] == "Best drug?\n\nA. X\nB. Y"
    assert ex.turns[1]["content"] == "The answer is B. Y"
    assert ex.mcq.options == {"A": "X", "B": "Y"} and ex.mcq.answer == "B" and ex.mcq.context is None
    listed = schemas.get("medqa").convert({"question": "q", "options": [{"key": "A", "value": "x"},
                                                                        {"key": "B", "value": "y"}], "answer_idx": "A"})
    assert listed.mcq.options == {"A": "x", "B": "y"}


def test_messages_drop_system_and_keep_multi_turn():
    ex = schemas.get("messages").convert({"messages": [
        {"role": "system", "content": "ignored"}, {"role": "user", "content": "q1"},
        {"role": "assistant", "content": "a1"}, {"role": "user", "content": "q2"},
        {"role": "assistant", "content": "a2"}]})
    assert [t["content"] for t in ex.turns] == ["q1", "a1", "q2", "a2"]


def test_alpaca_joins_instruction_and_input():
    ex = schemas.get("alpaca").convert({"instruction": "Summarise.", "input": "Text.", "output": "Sum."})
    assert ex.question == "Summarise.\n\nText."


@pytest.mark.parametrize("schema, record, reason", [
    ("medquad", {"Question": "q"}, Drop.MISSING_FIELD),
    ("medquad", {"Question": "q", "Answer": None}, Drop.NULL_FIELD),
    ("medquad", {"Question": "q", "Answer": float("nan")}, Drop.NULL_FIELD),
    ("medquad", {"Question": 5, "Answer": "a"}, Drop.WRONG_TYPE),
    ("medquad", {"Question": "q", "Answer": "a\udcff"}, Drop.UNDECODABLE),
    ("medquad", {"Question": "q", "Answer": "a" * 200_000}, Drop.ABSURD_LENGTH),
    ("medqa", {"question": "q", "options": {"A": "x", "B": "y"}, "answer_idx": "E"}, Drop.BAD_ANSWER_KEY),
    ("medqa", {"question": "q", "options": "A: x", "answer_idx": "A"}, Drop.WRONG_TYPE),
    ("pubmedqa", {"QUESTION": "q", "CONTEXTS": "not a list", "LONG_ANSWER": "a", "final_decision": "yes"},
     Drop.WRONG_TYPE),
    ("pubmedqa", {"QUESTION": "q", "CONTEXTS": ["c"], "LONG_ANSWER": "a", "final_decision": "perhaps"},
     Drop.BAD_ANSWER_KEY),
    ("messages", {"messages": [{"role": "assistant", "content": "a"}]}, Drop.BAD_CONVERSATION),
    ("messages", {"messages": [{"role": "user", "content": "q"}, {"role": "robot", "content": "a"}]},
     Drop.BAD_CONVERSATION),
    ("messages", {"messages": "q"}, Drop.WRONG_TYPE),
])
def test_bad_rows_are_dropped_with_a_reason(schema, record, reason):
    with pytest.raises(RowDropped) as dropped:
        schemas.get(schema).convert(record)
    assert dropped.value.reason == reason
