"""Red-flag detection: positive phrasings, misspellings, negations and look-alike words."""
from __future__ import annotations

import pytest

from medgguf.chat.safety import DISCLAIMER, detect_red_flags, emergency_notice

POSITIVE = [
    ("I have crushing chest pain and I'm sweating", "chest_pain"),
    ("there's a tightness in my chest when I climb stairs", "chest_pain"),
    ("I think my father is having a heart attack", "chest_pain"),
    ("my dad's face is drooping and his speech is slurred", "stroke"),
    ("sudden weakness in my left arm", "stroke"),
    ("could this be a stroke?", "stroke"),
    ("the bleeding won't stop after I cut my hand", "bleeding"),
    ("severe bleeding from a wound on his leg", "bleeding"),
    ("I'm coughing up blood", "bleeding"),
    ("I can't breathe properly", "breathing"),
    ("shortness of breath even at rest", "breathing"),
    ("my baby's lips are turning blue", "breathing"),
    ("my throat is swelling after eating peanuts", "anaphylaxis"),
    ("I had to use my EpiPen", "anaphylaxis"),
    ("I want to kill myself", "suicide"),
    ("I've been having suicidal thoughts", "suicide"),
    ("sometimes I feel like ending my life", "suicide"),
    ("my toddler swallowed bleach", "poisoning"),
    ("I took too many pills", "poisoning"),
    ("I think I overdosed on tylenol", "poisoning"),
    ("he collapsed and is unresponsive", "unresponsive"),
    ("my son is having a seizure", "unresponsive"),
    ("she's not breathing", "breathing"),
    ("this is the worst headache of my life", "head_injury"),
    ("fever and a stiff neck since this morning", "meningitis_sepsis"),
]

MISSPELLED = [
    ("chset pian since an hour", "chest_pain"),
    ("I think I'm having a strok", "stroke"),
    ("I cant breth", "breathing"),
    ("difficulty breahting", "breathing"),
    ("hevy bleding from my arm", "bleeding"),
    ("is this anaphalaxis?", "anaphylaxis"),
    ("I've been having sucidal thoughts", "suicide"),
    ("my daughter is having a siezure", "unresponsive"),
    ("I think he overdosd", "poisoning"),
    ("he is unconcious", "unresponsive"),
    ("CHEST PAIN!!!", "chest_pain"),
]

NEGATIVE = [
    "What is a normal resting heart rate?",
    "I have a mild cough and a runny nose",
    "no chest pain, just a sore knee",
    "denies shortness of breath",
    "I moved my chess set and now my back aches",
    "my blood test shows high cholesterol",
    "I stroked my cat and now I'm sneezing",
    "how much ibuprofen can I take for a headache?",
    "I breathe fine but my nose is stuffy",
    "can I paint my nails while pregnant?",
    "my paper cut bled a little",
    "what foods are high in iron?",
    "I have a rash on my arm that itches",
    "the chest of drawers fell on my toe",
    "what vaccines does a 2 month old need",
    "is it safe to take vitamin D every day",
]


@pytest.mark.parametrize("message,category", POSITIVE + MISSPELLED)
def test_flags_emergencies(message, category):
    assert category in {flag.category for flag in detect_red_flags(message)}


@pytest.mark.parametrize("message", NEGATIVE)
def test_leaves_ordinary_questions_alone(message):
    assert detect_red_flags(message) == []


def test_negation_only_suppresses_the_negated_phrase():
    flags = detect_red_flags("no fever, but I have chest pain now")
    assert [flag.category for flag in flags] == ["chest_pain"]


def test_notice_says_to_call_emergency_services():
    notice = emergency_notice(detect_red_flags("I have chest pain"))
    assert "call your local emergency number" in notice
    assert "chest pain" in notice


def test_crisis_and_poison_lines_are_added_where_they_apply():
    assert "crisis line" in emergency_notice(detect_red_flags("I want to kill myself"))
    assert "poison control" in emergency_notice(detect_red_flags("my son swallowed bleach"))
    assert "crisis line" not in emergency_notice(detect_red_flags("I have chest pain"))


def test_no_notice_without_flags():
    assert emergency_notice([]) == ""


def test_disclaimer_mentions_emergencies():
    assert "not a clinician" in DISCLAIMER and "emergency number" in DISCLAIMER
