"""The red-flag triage: levels, categories, framing (negation, history, general questions, study),
misspellings, the notice, and the thresholds on the evaluation sets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from medgguf import paths
from medgguf.chat.triage import CATEGORIES, DISCLAIMER, LEVELS, compile_all, notice, triage
from medgguf.chat.triage.evaluation import evaluate, load
from medgguf.chat.triage.text import correct, normalize

DATA = Path(__file__).resolve().parents[1] / "data"
EVAL_SET = DATA / "triage_eval.jsonl"
HOLDOUT_SET = DATA / "triage_holdout.jsonl"
HOLDOUT2_SET = DATA / "triage_holdout2.jsonl"
HOLDOUT3_SET = DATA / "triage_holdout3.jsonl"
HOLDOUT4_SET = DATA / "triage_holdout4.jsonl"
HOLDOUT5_SET = DATA / "triage_holdout5.jsonl"


def level(message: str) -> str:
    return triage(message).level


def test_every_rule_compiles_and_every_category_cites_a_source():
    compile_all()
    emergency = [c for c in CATEGORIES.values() if c.level == "emergency"]
    assert len(emergency) >= 25
    for category in CATEGORIES.values():
        assert category.source.strip(), category.id
        assert category.level in LEVELS


# --- one message per category: each emergency category fires on a plain description ---------

CATEGORY_EXAMPLES = [
    ("cardiac", "crushing pressure in my chest going into my left arm"),
    ("stroke", "my dad's face has dropped on one side and his speech is slurred"),
    ("severe_bleeding", "the cut on his leg is spurting blood and won't stop"),
    ("breathing", "I can't breathe and my lips are going blue"),
    ("anaphylaxis", "my throat is closing up after eating peanuts"),
    ("crisis", "I want to kill myself tonight"),
    ("poisoning", "I took 30 paracetamol an hour ago"),
    ("caustic_ingestion", "my toddler swallowed a button battery"),
    ("unresponsive", "my husband collapsed and isn't responding"),
    ("seizure", "my son is having a fit and it has lasted 6 minutes"),
    ("head_injury", "she hit her head and has been sick three times"),
    ("meningitis", "fever and a rash that doesn't fade under a glass"),
    ("sepsis", "he has a urine infection and now he's confused and mottled"),
    ("gi_bleed", "I'm vomiting blood"),
    ("testicular_torsion", "sudden severe pain in my son's testicle"),
    ("vision_loss", "I suddenly lost the sight in my left eye"),
    ("hyperglycaemia", "type 1 diabetic, vomiting and ketones are 4.5"),
    ("hypoglycaemia", "my diabetic mum's sugar is 2.1 and she's confused"),
    ("acute_abdomen", "my belly is rigid and I have a fever"),
    ("drowning", "we pulled him out of the pool and he keeps coughing"),
    ("smoke_inhalation", "I breathed in a lot of smoke in the house fire and my voice is hoarse"),
    ("envenomation", "my son was bitten by a snake on the hand"),
    ("burns", "boiling water over her chest, it's blistering"),
    ("carbon_monoxide", "I can smell gas and I feel dizzy and sick"),
    ("major_trauma", "my friend was stabbed in the stomach"),
    ("open_fracture", "the bone is sticking out of his leg"),
    ("arrhythmia", "my heart is racing at 200 and I feel like I'll pass out"),
    ("pulmonary_embolism", "my calf was swollen and now I'm suddenly short of breath"),
    ("heat_stroke", "after working in the heat all day he's confused and stopped sweating"),
    ("sick_infant", "my 6 week old has a temperature of 38.2"),
    ("dehydration", "my baby hasn't had a wet nappy all day and is floppy"),
    ("ectopic_pregnancy", "6 weeks pregnant with sharp pain on one side and shoulder tip pain"),
    ("pre_eclampsia", "34 weeks pregnant with a bad headache and flashing lights"),
    ("pregnancy_bleeding", "I'm 20 weeks pregnant and bleeding heavily"),
    ("postpartum_haemorrhage", "gave birth 4 days ago and I'm soaking a pad every hour with clots"),
    ("labour", "her waters broke and I can see the cord"),
    ("severe_asthma", "my blue inhaler isn't helping and she can't finish a sentence"),
    ("aortic_dissection", "sudden tearing pain through my chest into my back"),
    ("electrocution", "he touched a live wire and has burns on his hand"),
    ("hypothermia", "she's ice cold, mumbling and has stopped shivering"),
    ("cauda_equina", "back pain and now numbness between my legs and I can't control my bladder"),
    ("limb_ischaemia", "my leg suddenly went cold and white and it's agony"),
    ("chemical_eye", "I splashed bleach in my eye"),
    ("neutropenic_fever", "I'm on chemo and my temperature is 38.3"),
    ("choking", "my son is choking on a grape"),
    ("spinal_injury", "he dived into shallow water and can't move his legs"),
    ("priapism", "I've had an erection for 6 hours that won't go down"),
    ("thunderclap_headache", "the worst headache of my life came on in seconds"),
    ("delirium", "my gran is suddenly very confused today"),
    ("strangulation", "my partner strangled me last night"),
    ("compartment_syndrome", "since the cast went on the pain is unbearable and my toes are numb"),
]


@pytest.mark.parametrize("category,message", CATEGORY_EXAMPLES)
def test_each_emergency_category_fires(category, message):
    result = triage(message)
    assert result.level == "emergency", (message, result)
    assert category in result.categories, (message, result.categories)
    assert all(result.as_dict()["evidence"][c] for c in result.categories)


URGENT = [
    "I think my wrist is broken, it's swollen and I can't grip",
    "burning when I pee and pain in my back with a temperature",
    "a dog bit my hand and broke the skin",
    "my 3 year old has had a fever for 5 days",
    "I bumped my head on a cupboard and have a mild headache",
]


@pytest.mark.parametrize("message", URGENT)
def test_urgent(message):
    assert level(message) == "urgent", triage(message)


# --- framing: negation, history, general questions, study, fiction, prevention ---------------

NEAR_MISSES = [
    ("no chest pain or breathlessness, just a sore shoulder", "negated"),
    ("I don't have a fever and I'm breathing fine", None),
    ("denies shortness of breath", "negated"),
    ("my grandfather had a heart attack ten years ago, what diet should he follow?", None),
    ("I had chest pain last year, they did an ECG and found nothing", "history"),
    ("I was suicidal a few years ago but I'm in a good place now", None),
    ("I had a seizure when I was a kid, can I learn to drive?", "history"),
    ("how is anaphylaxis treated in hospital?", None),
    ("what are the warning signs of a stroke?", None),
    ("can anxiety cause chest pain?", "informational"),
    ("does a paracetamol overdose damage the liver?", "informational"),
    ("I'm writing a school report on sepsis, what are the signs of septic shock?", None),
    ("I'm writing a novel where a character collapses and stops breathing", "fiction"),
    ("what should I do if my baby is choking? I want to be prepared", "hypothetical"),
    ("how can I reduce my risk of stroke?", None),
    ("my friend nearly drowned as a kid and is still scared of water", "history"),
    ("I burned my hand two weeks ago, it's healing well, how do I reduce the scar?", None),
]


@pytest.mark.parametrize("message,reason", NEAR_MISSES)
def test_near_misses_do_not_raise_the_emergency_notice(message, reason):
    result = triage(message)
    assert result.level != "emergency", (message, result)
    if reason:
        assert reason in {item.reason for item in result.ignored}, result.ignored


def test_negation_covers_only_its_phrase():
    result = triage("no fever, but I have crushing chest pain now")
    assert result.level == "emergency" and "cardiac" in result.categories


def test_a_question_about_something_happening_now_is_an_emergency():
    assert level("what should I do, my dad is having chest pain now") == "emergency"
    assert level("is this a heart attack? crushing pressure in my chest") == "emergency"
    assert level("how is a stroke treated? my mum's face has just dropped and she can't lift her arm") == "emergency"


def test_present_cues_override_history():
    assert level("I had a heart attack in 2019 and now I have crushing chest pain again") == "emergency"
    assert level("had knee surgery last week, today I suddenly can't catch my breath") == "emergency"


def test_named_condition_needs_a_present_cue():
    assert level("my dad had a stroke in 2015, can he drive?") == "routine"
    assert level("I think my dad is having a stroke") == "emergency"
    assert level("could this be a stroke?") == "emergency"


# --- misspellings and look-alike words ---------------------------------------------------------

@pytest.mark.parametrize("message,category", [
    ("chset pian since an hour", "cardiac"),
    ("I cant breth", "breathing"),
    ("hevy bleding from my arm that wont stop", "severe_bleeding"),
    ("my daughter is having a siezure", "seizure"),
    ("he is unconcious", "unresponsive"),
    ("I've been having sucidal thoughts", "crisis"),
    ("CHEST PAIN!!!", "cardiac"),
])
def test_misspellings(message, category):
    assert category in triage(message).categories


@pytest.mark.parametrize("message", [
    "I moved my chess set and now my back aches",
    "can I paint my nails while pregnant?",
    "I stroked my cat and now I'm sneezing",
    "my paper cut bled a little",
    "the chest of drawers fell on my toe, it's a bit sore",
    "my blood test shows high cholesterol",
    "what is a normal resting heart rate?",
])
def test_look_alike_words_are_not_emergencies(message):
    assert level(message) != "emergency", triage(message)


def test_dictionary_words_are_never_corrected():
    vocabulary = frozenset({"pain", "chest", "bleed"})
    assert correct("paint", vocabulary) == "paint"
    assert correct("chess", vocabulary) == "chess"
    assert correct("pian", vocabulary) == "pain"


def test_normalize_keeps_numbers_and_sentence_ends():
    norm = normalize("Temp 38.5! BP 80/50, can't breathe")
    assert norm.text == "temp 38.5 . bp 80/50 , can t breathe"


def test_empty_and_odd_input():
    assert level("") == "routine"
    assert level("   ...!!!   ") == "routine"
    assert level("\u2603" * 500) == "routine"


# --- the notice -----------------------------------------------------------------------------------

def test_notice_says_what_to_do():
    text = notice(triage("I have crushing chest pain"))
    assert "call your local emergency number" in text and "chest pain" in text
    assert notice(triage("what foods are high in iron?")) == ""
    assert "See a clinician today" in notice(triage("a dog bit my hand and broke the skin"))


def test_crisis_and_poison_lines_stay():
    assert "crisis line" in notice(triage("I want to kill myself"))
    assert "poison control" in notice(triage("my son swallowed bleach"))
    assert "crisis line" not in notice(triage("I have chest pain"))


def test_disclaimer_mentions_emergencies():
    assert "not a clinician" in DISCLAIMER and "emergency number" in DISCLAIMER


def test_result_as_dict_is_plain_json():
    record = triage("I took 30 tablets").as_dict()
    assert json.loads(json.dumps(record)) == record
    assert record["level"] == "emergency" and record["categories"] == ["poisoning"]
    assert record["evidence"]["poisoning"]


# --- the evaluation sets: the thresholds the issue asks for -------------------------------------

def test_evaluation_set_is_large_and_varied():
    messages = load(EVAL_SET)
    emergencies = [m for m in messages if m.level == "emergency"]
    assert len(messages) >= 400
    assert len(emergencies) >= 180 and len({m.category for m in emergencies}) >= 35
    assert sum(m.level == "urgent" for m in messages) >= 50
    assert sum(m.level == "routine" and m.kind == "question" for m in messages) >= 100
    assert sum(m.level == "routine" and m.kind != "question" for m in messages) >= 60


@pytest.mark.parametrize("path", [EVAL_SET, HOLDOUT_SET, HOLDOUT2_SET, HOLDOUT3_SET, HOLDOUT4_SET, HOLDOUT5_SET],
                         ids=["eval", "holdout", "holdout2", "holdout3", "holdout4", "holdout5"])
def test_recall_and_false_alarms_meet_the_thresholds(path):
    report = evaluate(load(path))
    caught, emergencies = report.emergency_recall
    alarms, routine = report.routine_false_alarms
    assert caught / emergencies >= 0.95, [o.message.text for o in report.misses()]
    assert alarms / routine <= 0.05, [o.message.text for o in report.misses()]
    # Near misses (history, negation, general questions, study) never raise the notice.
    near_misses = [o for o in report.outcomes if o.message.level == "routine" and o.message.kind != "question"]
    assert not [o.message.text for o in near_misses if o.level == "emergency"]


def test_medquad_questions_rarely_raise_the_emergency_notice():
    """Real informational questions (MedQuAD, read from ../shared/data, never copied here)."""
    source = paths.SHARED_DATA_DIR / "medquad" / "medquad.jsonl"
    assert source.is_file(), f"{source} is missing: the MedQuAD false-alarm check needs ../shared/data"
    questions = sorted({json.loads(line)["Question"] for line in source.open(encoding="utf-8")})
    assert len(questions) > 1000
    flagged = [q for q in questions if triage(q).level == "emergency"]
    assert len(flagged) <= len(questions) // 200, flagged[:20]   # at most 0.5%
