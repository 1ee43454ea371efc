"""The red-flag triage: levels, categories, framing (negation, history, general questions, study),
misspellings, the notice, and the thresholds on the evaluation sets."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from medgguf import paths
from medgguf.chat.triage import CATEGORIES, DISCLAIMER, LEVELS, compile_all, notice, triage, vocabulary
from medgguf.chat.triage.evaluation import evaluate, load
from medgguf.chat.triage.text import correct, normalize

DATA = Path(__file__).resolve().parents[1] / "data"
EVAL_SET = DATA / "triage_eval.jsonl"
HOLDOUT_SET = DATA / "triage_holdout.jsonl"
HOLDOUT2_SET = DATA / "triage_holdout2.jsonl"
HOLDOUT3_SET = DATA / "triage_holdout3.jsonl"
HOLDOUT4_SET = DATA / "triage_holdout4.jsonl"
HOLDOUT5_SET = DATA / "triage_holdout5.jsonl"
HOLDOUT6_SET = DATA / "triage_holdout6.jsonl"
HOLDOUT7_SET = DATA / "triage_holdout7.jsonl"
HOLDOUT8_SET = DATA / "triage_holdout8.jsonl"
HOLDOUT9_SET = DATA / "triage_holdout9.jsonl"
HOLDOUT10_SET = DATA / "triage_holdout10.jsonl"
HOLDOUT11_SET = DATA / "triage_holdout11.jsonl"
HOLDOUT12_SET = DATA / "triage_holdout12.jsonl"
HOLDOUT13_SET = DATA / "triage_holdout13.jsonl"


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
    ("heart_failure", "I can't lie flat tonight, have to sit up in a chair to breathe and I'm coughing up pink froth"),
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
    ("neuromuscular_weakness", "my feet went numb on Tuesday, now my legs are weak and my arms too, I can't stand up"),
    ("severe_skin_reaction", "new antibiotic last week, now my skin is blistering all over and my mouth is raw"),
    ("genital_emergency", "my foreskin is stuck pulled back and the tip is swollen and purple"),
    ("tetanus", "stood on a nail last week and now my jaw is locked and my back keeps going into spasms"),
    ("malaria", "got back from Uganda 2 weeks ago and now I have a fever and the shakes"),
    ("told_to_attend", "the hospital phoned and told me to go to A&E now about my blood test"),
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


# --- round 2: negation scopes over a symptom, not over a function, an effect or the message ----

@pytest.mark.parametrize("message", [
    "she had a fit and she's still not answering me properly",          # a negated function
    "my husband slumped over at the table, he's not responding to me",
    "he had two seizures without ever coming round in between",          # a filler after "without"
    "type 1, sugar is 2.1, glucose tablets aren't helping and I'm confused",  # a treatment's effect
    "diabetic son having a hypo and we can't get him to swallow anything",
    "my inhaler isn't working and I can only say a few words",
    "not sure if this matters but he collapsed and isn't breathing",     # a hedge negates nothing
    "I don't know if it's serious, my chest feels crushed and I'm sweating",
    "the room is spinning and I can't walk without veering to the left",  # "can't X without Y" asserts Y
])
def test_negation_does_not_cover_functions_effects_or_hedges(message):
    assert level(message) == "emergency", triage(message)


@pytest.mark.parametrize("message", [
    "no chest pain, no breathlessness, just a stiff shoulder after painting",
    "my inhaler isn't working as well as the old brand but I'm not wheezy",
    "I'm not suicidal, just stressed about exams, any tips for sleep?",
    "he's not answering my texts since our argument",
])
def test_negation_still_covers_the_symptom_it_precedes(message):
    assert level(message) != "emergency", triage(message)


def test_cant_is_not_a_question():
    # "can't breath, ..." once made the whole message a general question
    assert level("cant breath, wheezing so bad, puffer not working, lips going blue") == "emergency"


# --- history scopes over its own clause; a new time-anchored cue is live ------------------------

@pytest.mark.parametrize("message", [
    "I've had a bad back on and off for years, but since yesterday I can't feel my bum and I've wet myself",
    "chest pains on and off all week but in the last hour it's become constant and crushing and I'm sweating",
    "my partner took 30 paracetamol yesterday, he says he feels fine now",       # an overdose is not undone
    "epileptic for years, had a seizure and then another one and hasn't come round",
])
def test_background_does_not_suppress_a_new_present_cue(message):
    assert level(message) == "emergency", triage(message)


@pytest.mark.parametrize("message", [
    "I bled a lot after my first birth and had a transfusion, is that likely to happen again?",
    "my grandma nearly choked on a fishbone at Christmas, how can I stop it happening again?",
    "what are the warning signs of a stroke I should teach my parents?",          # the topic of a question
    "how to talk to someone who is thinking about suicide?",
    "my sister is a nurse and says chest pain in women is often missed, is that true?",
    "Sometimes, when I turn my head, I get vertigo and double vision for a second",
    "I get migraines with double vision and dizziness, is that normal?",
    # round 8: a time since a persisting event, in months or years, dates it
    "5 years since my overdose and I'm doing well in recovery, could my liver still be damaged?",
    "a year on from swallowing that battery, does my son need another x-ray?",
])
def test_history_topic_and_recurrence_are_not_emergencies(message):
    assert level(message) != "emergency", triage(message)


@pytest.mark.parametrize("message", [
    "it has been 2 hours since he took the tablets and he is very sleepy",
    "3 days since she swallowed the battery and now she has a fever",
])
def test_hours_or_days_since_a_persisting_event_stay_live(message):
    assert level(message) == "emergency", triage(message)


@pytest.mark.parametrize("message,expected", [
    ("my dad has heart failure and tonight he's coughing up pink frothy spit and gasping", "emergency"),
    ("I can't lie flat because of my reflux, what pillow should I buy?", "routine"),
    ("what does pink frothy sputum mean in heart failure?", "routine"),
    ("had fluid on my lungs last year with pink frothy phlegm, now on furosemide, can I fly?", "routine"),
    ("my baby has pink foamy spit bubbles after her milk", "routine"),
])
def test_fluid_on_the_lungs_by_its_sputum(message, expected):
    assert level(message) == expected, triage(message)


@pytest.mark.parametrize("message,expected", [
    # muscle breakdown: cola-coloured urine with muscle pain or swelling after exertion
    ("did a spin class for the first time and now my wee is like coca cola and my legs are swollen and agony", "emergency"),
    ("my pee is dark after a long run, is that dehydration?", "routine"),
    # insulin in a large dose, on purpose or by mistake
    ("I injected 60 units of humalog on purpose, I wanted it all to stop", "emergency"),
    ("I took 30 units of lantus last night as usual and my sugar is 12 this morning", "routine"),
    # a delusion about someone with a weapon at hand
    ("my son thinks the man next door is reading his thoughts and he's taken the bread knife upstairs", "emergency"),
    ("my dad has dementia and thinks people are spying on him, how do we cope", "routine"),
    # props, an animal, written advice with a condition
    ("making a horror film, how do I get fake blood to look like a real stab wound", "routine"),
    ("our cat swallowed some of my paracetamol, the vet is closed, what do I do", "routine"),
    ("my chemo leaflet says call if temp over 38, I'm 37.1 now, just checking", "routine"),
    ("on chemo with spiking fevers, the team told me to call straight away if I got a temperature", "emergency"),
])
def test_round8_classes(message, expected):
    assert level(message) == expected, triage(message)


def test_stroke_signs_that_have_passed_are_still_an_emergency():
    # a TIA: NHS says call 999 even if the symptoms go away
    assert level("my dad's arm went numb and his speech went weird for a bit, it's back to normal now") == "emergency"
    assert level("my mum's face drooped with bell's palsy last year, it's mostly recovered now") != "emergency"


def test_a_question_topic_stops_at_a_real_person():
    assert level("how do I help my son who is having a seizure") == "emergency"
    assert level("what are the signs of a heart attack because I have crushing chest pain right now") == "emergency"


# --- intent and plans told without the word suicide ------------------------------------------

@pytest.mark.parametrize("message", [
    "I've decided. been saving up my tablets for weeks and I'm going to take them all tonight",
    "I've written letters to my kids and the car is running in the garage",
    "done pretending. got my old tablets and a bottle of vodka and I've already taken some",
    "my sister says she's got nothing left to live for and she's gone out to the bridge",
    "got a text from my mate saying sorry for everything and that she loves us, she's been really low",
    "my son said he's going to make the teacher pay and he's taken a knife from the kitchen",
])
def test_intent_and_plans_are_emergencies(message):
    result = triage(message)
    assert result.level == "emergency" and "crisis" in result.categories, result


@pytest.mark.parametrize("message", [
    "I've decided to stop taking my antidepressants, how should I taper them?",
    "said goodbye to my mum at the airport and forgot my tablets, can I get more abroad?",
    "cut my finger with a knife chopping onions, small cut",
    "I texted my mum sorry for everything I said, she's not picking up, how do I make it up to her?",
    "I volunteer on a helpline and want to learn how to talk to someone who is thinking about suicide",
])
def test_intent_look_alikes_are_not_emergencies(message):
    assert level(message) != "emergency", triage(message)


# --- severity combinations and the urgent level ------------------------------------------------

@pytest.mark.parametrize("message,category", [
    ("period two weeks late, test positive, stabbing pain low down and everything went black", "ectopic_pregnancy"),
    ("stepped on an adder, two puncture marks, my foot is swelling and I feel sick", "envenomation"),
    ("5 days after my c-section, burning up and shaking, heart rate is 130", "sepsis"),
    ("found my 3yo with the bleach, she's coughing, I think she drank some", "poisoning"),
    ("peak flow is a third of her best and she's gone quiet and sleepy", "severe_asthma"),
    ("I'm on lithium, I've had the runs for two days and I'm shaky and wobbly", "medicine_toxicity"),
    ("had my baby a week ago and she's convinced the baby has been swapped", "postpartum_psychosis"),
    ("husband on dialysis missed his session and his heart is beating strangely", "dialysis"),
    ("the gas hob was on without a flame, mum has a headache and is throwing up", "carbon_monoxide"),
])
def test_severity_combinations(message, category):
    result = triage(message)
    assert result.level == "emergency" and category in result.categories, result


@pytest.mark.parametrize("message,category", [
    ("fell on my outstretched hand, wrist is swollen and really sore to move", "fracture"),
    ("touched the hair straighteners, his fingers have blistered up", "minor_burn"),
    ("breastfeeding, one boob is red and hot and I have a temp of 38", "breast_infection"),
    ("my testicle has been getting gradually sorer over two days and it's swollen", "testicular"),
    ("BP reading 186/114 twice this morning, no headache, I feel fine", "high_blood_pressure"),
    ("fish hook stuck in my thumb and I can't get it out", "wound"),
    ("came up in hives all over after using a new washing powder, breathing fine", "allergy"),
])
def test_same_day_problems_are_urgent(message, category):
    result = triage(message)
    assert result.level == "urgent" and category in result.categories, result


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


@pytest.mark.parametrize("path", [EVAL_SET, HOLDOUT_SET, HOLDOUT2_SET, HOLDOUT3_SET, HOLDOUT4_SET, HOLDOUT5_SET,
                                  HOLDOUT6_SET, HOLDOUT7_SET, HOLDOUT8_SET, HOLDOUT9_SET,
                                  HOLDOUT10_SET, HOLDOUT11_SET, HOLDOUT12_SET, HOLDOUT13_SET],
                         ids=["eval", "holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7",
                              "holdout8", "holdout9", "holdout10", "holdout11", "holdout12",
                              "holdout13"])
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


# Round 3: concept classes from the second blind set, each phrased differently from its feedback line.
@pytest.mark.parametrize("message, category", [
    ("my mum suddenly lost all the vision in her right eye ten minutes ago", "vision_loss"),
    ("the vision in my left eye has gone dark and grey since lunch", "vision_loss"),
    (
        "my 79 year old dad has a headache by his temple, pain in his jaw when eating and his vision is blurry",
        "vision_loss",
    ),
    ("he cut his thigh on a saw and the blood is soaking through the towels", "severe_bleeding"),
    ("there were gunshots in the street and a woman is lying on the ground bleeding", "major_trauma"),
    ("i'm at the train tracks and i can't go on", "crisis"),
    ("i just want everything to end, i'm done", "crisis"),
    ("my uncle says he's a burden and he's bought rope", "crisis"),
    ("found a hosepipe taped to the exhaust of my son's car", "crisis"),
    ("my flatmate's pupils are pinpoint and his breathing is really shallow", "poisoning"),
    ("grandma took double her digoxin by mistake and now she's being sick and seeing yellow", "medicine_toxicity"),
    ("my daughter got pulled under by a wave, now she's coughing and breathless", "drowning"),
    ("the fire burnt his back and the skin is white and leathery", "burns"),
    ("got bleach in my eye and it's really painful and cloudy", "chemical_eye"),
    ("i'm 31 weeks pregnant with an awful headache and sparkles in my vision", "pre_eclampsia"),
    ("gave birth 10 days ago and my bp is 168/112 with a headache", "pre_eclampsia"),
    (
        "should I wait until tomorrow? I'm 38 weeks and my face and hands suddenly swelled up, terrible headache",
        "pre_eclampsia",
    ),
    ("my son is 10 days old and I've got a pounding headache and I'm seeing sparkles", "pre_eclampsia"),
    ("i'm at the multi storey car park on the top floor and i'm done with everything", "crisis"),
    ("my wife is sitting in the car in the garage with the engine running", "crisis"),
    ("a piece of glass is sticking out of her leg", "major_trauma"),
    ("i've got a bag of pills and a bottle of vodka and i just want to sleep forever", "crisis"),
    ("my kid sprayed deodorant in her eye, it's red and she can't open it", "chemical_eye"),
    ("i'm on the bridge. i can't do this", "crisis"),
    ("my mate said he's going to drive into a wall tonight and he's just left", "crisis"),
    ("the bleeding from his head just keeps going, we've gone through three tea towels", "severe_bleeding"),
    ("blood is running down her leg and pooling on the floor", "severe_bleeding"),
    ("he got caught by a machete, deep gash on his arm", "major_trauma"),
    ("my son is wheezy and coughing a lot since he got dunked in the sea this morning", "drowning"),
    ("I cut myself shaving but honestly I want to kill myself", "crisis"),
    ("should I take a paracetamol and go to bed? my daughter is 16 and took 20 of them an hour ago", "poisoning"),
    ("i'm pregnant with twins, 32 weeks, and seeing zigzags with a headache", "pre_eclampsia"),
    ("6 days after my c section, my head is pounding and everything is blurry", "pre_eclampsia"),
])
def test_round3_concept_classes_are_emergencies(message, category):
    result = triage(message)
    assert result.level == "emergency", result.as_dict()
    assert category in result.categories, result.as_dict()


def test_sudden_loss_of_a_vital_function_is_an_emergency_backstop():
    result = triage("all of a sudden my brother can't get his words out and can't move his right arm")
    assert result.level == "emergency"


@pytest.mark.parametrize("message", [
    "my brother was discharged after his overdose and is seeing the crisis team, how can I support him at home?",
    "I'm a lifeguard trainee, what's the latest guidance on resuscitation after drowning?",
    "I just want the pain to stop, my back has been killing me for a week",
    "I'm on the roof fixing the gutter right now",
    "I feel like a burden to my family since my knee operation",
    "how do I use a hose pipe to water the garden",
    "my grandad has glaucoma and has slowly lost vision in his left eye over years",
    "I'm 30 weeks pregnant and my feet are a bit swollen at the end of the day, is that normal?",
    "had my baby 3 months ago and still get headaches, normal?",
    "got some shampoo in my eye and it stings",
    "i got a bit of sunburn on my back, skin is peeling now",
    "the car is in the garage with the engine running for the mechanic",
    "I'm scared I'll go to sleep and never wake up because of my sleep apnoea",
    "I have a splinter stuck in my hand",
    "I can't do this homework, I'm on the roof terrace studying",
    "I cut myself shaving and went through two tissues",
    "how do I sharpen an axe safely",
    "3 weeks after my c section, is it ok that my scar is itchy?",
    "I had 10 of them over the last two weeks, the ibuprofen, is that ok?",
    "my period is heavy, going through pads every hour",
    "I'm scared I'll crash into a tree when driving in the snow",
    "my baby is 2 weeks old and I have a bad headache from no sleep, is paracetamol ok while breastfeeding?",
])
def test_round3_near_misses_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


# Round 4: concept classes from the third blind set (and kinds no rule named), each phrased
# differently from its feedback line.
@pytest.mark.parametrize("message, category", [
    # a past lead-in does not frame a clause with its own present cue
    ("started on ramipril last month, tonight my tongue is swelling and it's hard to breathe", "anaphylaxis"),
    ("a few years ago, now he is having crushing chest pain", "cardiac"),
    # failed attempts to rouse
    ("I can't get any response from him even when I shake him", "unresponsive"),
    ("came home and found my nan on the kitchen floor", "unresponsive"),
    ("she didn't even stir when I shouted in her ear", "unresponsive"),
    ("there was no reaction when I rubbed his chest hard", "unresponsive"),
    # despair without the word suicide, with a means at hand
    ("I've had enough of everything, got a rope in the shed", "crisis"),
    ("there's no way out for me, I'm standing at the railway line", "crisis"),
    ("what's the point. the rifle is loaded and I'm in the woods", "crisis"),
    # two functions lost at once after an injury
    ("fell off his bike and now he has no feeling in his legs", "spinal_injury"),
    ("she came off the trampoline onto her neck and can't move or feel her arms", "spinal_injury"),
    # an injured limb below which the blood supply is lost
    ("I think I broke my wrist falling off the wall, my fingers have gone white and cold", "limb_ischaemia"),
    ("his elbow is bent the wrong way after the fall and his hand is going blue", "limb_ischaemia"),
    ("dislocated my shoulder, can't feel a pulse in my wrist", "limb_ischaemia"),
    # second-language English
    ("my husband he fall down and not wake up", "unresponsive"),
    ("my mother she not talk good and her face is go down one side", "stroke"),
    ("my wife pregnant 7 month, very much blood coming and strong pain", "pregnancy_bleeding"),
    ("she give birth 4 day ago, now big blood coming, she is very white", "postpartum_haemorrhage"),
    ("my child have fever and the spot not go away when I press glass", "meningitis"),
    ("he take too much medicine, all the box", "poisoning"),
    ("my wife have the baby coming, I see the head", "labour"),
    ("my grandmother fall and not can stand up, the leg is turn out", "hip_fracture"),
    # weakness that climbs, and myasthenic crisis
    (
        "my legs went weak yesterday and today it's spreading up to my hips and I can't climb the stairs",
        "neuromuscular_weakness",
    ),
    (
        "pins and needles in my toes and fingers since Monday, now my legs keep giving way and my face feels weak",
        "neuromuscular_weakness",
    ),
    ("I have myasthenia gravis and I'm choking on my saliva and can't hold my head up", "neuromuscular_weakness"),
    # a severe skin reaction
    (
        "started allopurinol last month, now I have a rash with blisters all over my chest and sores in my mouth",
        "severe_skin_reaction",
    ),
    (
        "my son is on a new antibiotic and his skin is coming off on his back, his lips are crusted and bleeding",
        "severe_skin_reaction",
    ),
    ("since starting lamotrigine my skin is peeling all over", "severe_skin_reaction"),
    # kinds no rule named before
    ("pulled my foreskin back in the shower and now it won't go back over, it's swollen", "genital_emergency"),
    ("my erection suddenly went with a snapping sound and it's bruised and bent", "genital_emergency"),
    ("cut my hand gardening 10 days ago, now I can't open my jaw properly and my neck is stiff with spasms", "tetanus"),
    ("my husband got back from a safari in Kenya 10 days ago, he's got fevers and sweats and feels awful", "malaria"),
    ("we were in Ghana for a wedding 3 weeks ago, now my daughter has a temperature of 39", "malaria"),
    ("my baby was born this morning and he already looks yellow", "sick_infant"),
    ("my son has a VP shunt and he's very drowsy and being sick today", "post_procedure"),
    ("had the baby at home an hour ago and the placenta hasn't come out", "labour"),
    ("my sats are 91% and I feel awful", "breathing"),
    (
        "my son's neck is swollen on one side, he has a fever and can't turn his head or open his mouth",
        "airway_infection",
    ),
    (
        "I started haloperidol yesterday and now my neck is twisted and my eyes are stuck looking up",
        "medicine_toxicity",
    ),
    ("mum has a stent in her bile duct, she's shaking with a high temperature and her eyes have gone yellow", "sepsis"),
    (
        "had an injection in my eye for macular degeneration yesterday and now it's red, sore and I can hardly see",
        "post_procedure",
    ),
    ("I had a blood transfusion an hour ago and now I'm shaking with a fever and back pain", "post_procedure"),
    ("headache that wakes me up at night and I'm being sick in the mornings and seeing double", "danger_signs"),
    ("my GP rang and told me to go straight to A&E because of my blood results", "told_to_attend"),
    ("I have kidney failure and my potassium came back at 7.1", "told_to_attend"),
    ("my friend is lying on the floor shaking and jerking and it's been going on for 10 minutes", "seizure"),
    ("my wife is 28 weeks and has started having regular tightenings every 5 minutes", "labour"),
    ("dad swallowed his whole week's blister pack by mistake and is really drowsy", "poisoning"),
    ("gave birth 3 days ago and I'm soaking a pad every hour, is that normal?", "postpartum_haemorrhage"),
    ("she's been asleep since lunch and I can't get her to open her eyes", "unresponsive"),
    ("bitten on the ankle by something in the long grass, two little holes, his leg is swollen and he's vomiting",
     "envenomation"),
    ("the neighbour hasn't opened her door, we looked in the window and she's lying on the floor", "hip_fracture"),
    ("I woke up and half the vision in my right eye is like a black curtain", "vision_loss"),
])
def test_round4_concept_classes_are_emergencies(message, category):
    result = triage(message)
    assert result.level == "emergency", result.as_dict()
    assert category in result.categories, result.as_dict()


@pytest.mark.parametrize("message", [
    # rousing look-alikes
    "found my keys on the floor",
    "I found my son's phone on the bathroom floor, cracked",
    "I can't get any response from my GP surgery, been ringing all day",
    "I got no response when I emailed the clinic",
    "my toddler won't respond when I call his name, is this autism?",
    "my dog doesn't react when I call him, is he deaf?",
    "I told her she does not respond well to stress",
    # despair and means look-alikes
    "I don't see the point of keeping my dad's old shotgun, how do I get rid of it?",
    "had enough of my job, I'm off to the shooting range with my rifle to relax",
    "I don't see the point, my rope skipping is rubbish",
    "I feel like there's no way out of this debt, any advice?",
    "what's the point of taking statins?",
    # limbs and spines
    # A known false alarm of the learned backstop (backstop.py): it reads "can't feel or move" the
    # legs as an emergency and cannot weigh the harmless cause and the minute it lasted. Strict: the
    # day it passes, this mark must go.
    pytest.param("my legs fell asleep sitting on the toilet and I can't feel or move them for a minute",
                 marks=pytest.mark.xfail(strict=True, reason="a false alarm of the learned backstop")),
    "put an ice pack on my twisted ankle and now my foot is cold and pale, is that ok?",
    "I twisted my knee and my foot looks a bit pale compared to the other",
    "dropped a heavy box on my foot, my big toe is purple and I think it's broken",
    "fell on my wrist, it's black and blue and swollen, think it's broken",
    # second-language look-alikes
    "my son does not wake up for school on time, he is a teenager",
    "she not speak english well, can you translate",
    "my dad take lots of tablets every day for his heart, is it ok with alcohol?",
    "my daughter will only eat if I give her calpol first, is that bad",
    "I gave birth 5 days ago and the bleeding is like a heavy period, is that normal?",
    # weakness, skin, genitals, tetanus, malaria, jaundice
    "I've had tingling in my feet for years from diabetes, now my hands are tingly too",
    "my legs feel like jelly after leg day at the gym and I can barely climb the stairs",
    "I have myasthenia gravis, can I have the flu jab?",
    "my son has hand foot and mouth, blisters on his hands and sores in his mouth and a temperature",
    "I got sunburnt on holiday and now my skin is peeling all over my back and I have a temperature",
    "I started roaccutane and my lips are dry and my skin is peeling",
    "my son has chickenpox and the blisters are all over his body",
    "my 4 year old's foreskin won't pull back, is that normal?",
    "my penis has always been a bit bent, is that peyronie's?",
    "my back cracked during sex and now it hurts",
    "my jaw is stiff from grinding my teeth at night and my neck muscles have spasms from stress",
    "I'm going on safari in Kenya, which malaria tablets are best?",
    "I came back from Spain yesterday with a fever",
    "I visited India 5 years ago and had malaria, now I have flu",
    "my 5 day old is a bit yellow, the midwife says it's normal newborn jaundice",
    "my baby was born yesterday and has a yellow blanket",
    "I'm a first aider, a man at work was bitten by a dog and it's bleeding a bit",
    # the rest
    "my son has a shunt and had a mild headache after school, he's fine now",
    "in my last birth the placenta took ages to come out, is that likely again?",
    "my sats are 92 which is normal for me",
    "I take metoclopramide and my neck is a bit stiff from sleeping badly",
    "I had my gallbladder removed years ago, now I have a cold with a fever",
    "had cataract surgery last week, eye a bit gritty but vision much better",
    "I had a transfusion years ago, can I give blood?",
    "the GP said to go to A&E if the rash spreads",
    "I went to A&E last week and they said it was fine",
    "my potassium is 4.5, is that normal?",
    "my baby twitches and jerks in her sleep, is that normal?",
    "I'm 32 weeks and get some tightenings now and then, are these Braxton Hicks?",
    "I took 7 days of antibiotics and still have a cough",
    "I can't get my toddler to stay awake in the car, is that normal?",
    "my baby has two little holes in her ears from piercing",
    "I've been lying on the floor doing yoga all morning and my back feels better",
    "the dog has been lying on the floor all day not moving much, should I call the vet?",
    "I get a migraine aura like a shadow in my vision, my usual migraine",
    "my kid got bitten by something on holiday, two red marks, itchy",
    "we've just got back from Kenya and everyone is well, how long should we keep taking the malaria tablets?",
    "my dad's potassium was slightly high at 5.6 and the GP wants to repeat it next week",
    # prevention, odds, buying an alarm, an organisation asking what to do
    "how do we keep our baby from rolling off the bed?",
    "what are my chances of having a heart attack if I keep smoking?",
    "how likely is my dad to have another stroke after his first one last year?",
    "do we need a carbon monoxide detector if we have a gas boiler?",
    "where is the best place to put a smoke alarm",
    "our school wants staff training on what to do when a pupil has an allergic reaction",
    "our nursery needs a policy on what to do when a child has a febrile seizure",
])
def test_round4_near_misses_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


@pytest.mark.parametrize("message", [
    "how do I stop my son from choking, he's choking on a grape now and can't breathe",
    "the CO alarm went off and I feel dizzy, should we get out?",
    "our care home resident is choking and turning blue",
    "what to do when a baby is choking, mine is choking now!!",
])
def test_round4_look_alike_frames_still_let_a_present_emergency_through(message):
    assert triage(message).level == "emergency", triage(message).as_dict()


# Round 5: concept classes from the first half of the fourth blind set (and kinds no rule named),
# each phrased differently from its feedback line.
@pytest.mark.parametrize("message, category", [
    # a fuel-burning appliance, with symptoms that start when it is used or affect several people or a pet
    ("since we lit the log burner tonight all three of us have headaches and feel sick and my wife is really drowsy",
     "carbon_monoxide"),
    ("every time the boiler comes on I get a thumping headache and feel dizzy and sick, it goes when I'm at work",
     "carbon_monoxide"),
    ("we had a disposable bbq in the tent to keep warm and now my son is confused and being sick", "carbon_monoxide"),
    ("the whole family has had headaches and been vomiting since the new gas fire was fitted, the cat is wobbly too",
     "carbon_monoxide"),
    # any fresh bleeding in the days after a tonsillectomy
    ("my daughter had her tonsillectomy a week ago and there's bright red blood in her mouth", "post_procedure"),
    ("5 days after his tonsils were removed he's coughing up blood clots", "post_procedure"),
    ("adenoids and tonsils out on Monday, tonight she keeps swallowing constantly and her breath smells of blood",
     "post_procedure"),
    # paracetamol too often, too much a day, or doubled with a cold remedy, over days (a staggered overdose)
    ("I've been taking 2 co-codamol every 3 hours since Monday for my back and now I feel sick", "poisoning"),
    ("he's been having 16 paracetamol a day for 4 days for his tooth", "poisoning"),
    ("I've been taking paracetamol with Beechams cold and flu capsules for the last 3 days and now I'm throwing up",
     "poisoning"),
    ("my daughter has been having calpol every 2 hours all week for her ear", "poisoning"),
    # a knock to the belly, ribs or flank with signs of shock; glandular fever with left-sided pain after a knock
    ("kicked by a horse in the stomach an hour ago, now my belly hurts and I feel faint and clammy", "major_trauma"),
    ("came off his bike onto the handlebars, tummy pain and he's gone very pale and his heart is racing",
     "major_trauma"),
    ("I fell onto the edge of the bath, my left side hurts and I keep feeling light headed", "major_trauma"),
    ("he has mono and he just got knocked playing football, now sudden pain under his left ribs", "major_trauma"),
    # chemotherapy with a temperature told without the word "temperature", or as "fevers" that come and go
    ("mum has had chemo this week, the thermometer reads 38.1", "neutropenic_fever"),
    ("my son is on chemo, I just measured him at 38.2", "neutropenic_fever"),
    ("my wife is on chemotherapy and has had fevers on and off since last night", "neutropenic_fever"),
    # a rash with blisters and a sore mouth or eyes after a new medicine
    ("started allopurinol last week and now there's a rash with blisters and my lips are crusting and sore",
     "severe_skin_reaction"),
    ("since starting carbamazepine the skin on my chest and back is blistering and peeling and my eyes are burning",
     "severe_skin_reaction"),
    ("sudden vision loss in my right eye", "vision_loss"),
])
def test_round5_concept_classes_are_emergencies(message, category):
    result = triage(message)
    assert result.level == "emergency", result.as_dict()
    assert category in result.categories, result.as_dict()


@pytest.mark.parametrize("message", [
    # appliances without a link to the symptoms, electric heating, a question about an alarm
    "I get headaches and feel a bit dizzy when the central heating is on, is it the dry air?",
    "should we get a carbon monoxide alarm for the log burner? my husband gets headaches anyway",
    "we both have headaches and feel sick after too much wine at the party last night",
    # tonsillectomy in the past, in the future, or healing
    "I had my tonsils out years ago, can tonsils grow back?",
    "my son is having his tonsils out next month, what are the chances he'll bleed afterwards?",
    "tonsillectomy 4 days ago, the back of his throat has white scabs and his breath smells, is that normal?",
    # paracetamol at the right dose, alternated with ibuprofen, or asked about
    "can I take Lemsip if I've already had paracetamol today?",
    "I've been alternating calpol and nurofen every 3 hours for 3 days for her fever, is that ok?",
    "I take 2 paracetamol 4 times a day for my arthritis, have done for years",
    "been taking paracetamol every 4 to 6 hours for 3 days for a cold, when should I see a GP?",
    # knocks without shock, or glandular fever asked about
    "tackled at rugby on Saturday, my ribs are sore when I breathe in but otherwise I'm fine",
    "I've got glandular fever, when can I go back to playing rugby?",
    "got winded in a tackle, couldn't breathe for a few seconds, fine now",
    "I was punched in the stomach in a fight years ago and still get tummy aches",
    # chemotherapy in the past or asked about
    "my mum finished chemo 5 years ago, is it safe for her to have the flu jab?",
    "why do people on chemo have to watch their temperature?",
    # "if ... ever", "were to": a hypothetical told with the person's name first
    "If my diabetic husband ever went hypo and passed out, would I give glucagon or call an ambulance first?",
    "If my son ever had a fit at school, should the teacher call 999 or me first?",
    "if my dad were to collapse while I'm at work, how would the alarm pendant help?",
    # "dying of boredom", "dying to know": hyperbole; "had a hypo and passed out" is not an operation
    "I'm dying of boredom recovering from my bunion op. How soon after surgery can I drive?",
    "I'm dying to know whether I can eat before my colonoscopy",
    "after my hernia op I'm dying for a decent night's sleep, any tips?",
    # temple headaches with a known cause, not giant-cell arteritis
    "I get headaches at my temples and my jaw clicks when I chew, dentist says I grind my teeth",
    "my scalp is sore when I take my tight bun out, and I get headaches at the temples",
    # a blistering rash that is hand, foot and mouth; a swallowed coin long ago
    "my toddler has a fever, sore mouth with ulcers and a rash with blisters on his hands and feet",
    "I swallowed a coin as a kid and it came out the other end",
])
def test_round5_near_misses_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


@pytest.mark.parametrize("message,category", [
    ("my head aches since we started using the paraffin heater in the caravan", "carbon_monoxide"),
    ("my 80 year old mum has a new headache at her temples and it hurts to chew, she can't brush her hair, so tender",
     "gca"),
    ("throbbing pain at the side of his head and his jaw aches when he eats, he's 75", "gca"),
    ("my 3 year old swallowed a marble half an hour ago but seems fine", "foreign_body"),
    ("he swallowed a 20p coin, no symptoms", "foreign_body"),
    ("my throat is really sore on the left side, I have a fever and can barely open my mouth", "infection"),
])
def test_round5_same_day_problems_are_urgent(message, category):
    result = triage(message)
    assert result.level == "urgent" and category in result.categories, result.as_dict()


@pytest.mark.parametrize("message", [
    "my husband is diabetic and he's had a hypo and passed out, he won't wake up",
    "I feel like I'm dying, I had my gallbladder out 3 days ago and the pain is awful and I'm burning up",
    "one sided sore throat, struggling to swallow my spit, voice sounds muffled and I'm drooling",
])
def test_round5_look_alike_frames_still_let_a_present_emergency_through(message):
    assert triage(message).level == "emergency", triage(message).as_dict()


# Round 5: near misses written to hunt for false alarms (history, study, fiction, hypotheticals,
# resolved events, hyperbole); the classes that fired are fixed, and these must stay below emergency.
@pytest.mark.parametrize("message", [
    "My friend says her mum's face dropped once during a migraine and it was nothing. Can migraines look like strokes?",
    "my husband's face dropped once while he was at work years ago and the scan was clear, is he at risk now?",
    "My son had a febrile convulsion at 18 months. He's 4 now. Will he grow out of it?",
    "The film we watched had a scene where a boy was bitten by a snake and died. Are there deadly snakes in the UK?",
    "the movie had a scene where someone has a heart attack and they do CPR, was it realistic?",
    "I'm a teacher. Our school wants all staff trained in giving an EpiPen. How long does the training take?",
    "If my son has an asthma attack at school and his inhaler doesn't work, what should the school do?",
    "if our baby gets a temperature after her jabs, should we give calpol?",
    "My son choked on a sweet at the weekend, I did back blows and it came out, he's been fine since.",
    "Last week my daughter's lips swelled after a kiwi, antihistamine sorted it within an hour. Should she be tested?",
    "My husband had a nosebleed for 20 minutes last night but it stopped with pressure. He's on aspirin.",
    "My legs are dead after that spin class, I can barely walk up the stairs!",
    "I'm choking on all this paperwork for my dad's care.",
    "What would happen if someone accidentally took a double dose of sertraline? I'm always paranoid I'll forget.",
])
def test_round5_hunted_near_misses_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


@pytest.mark.parametrize("message", [
    "if our baby stops breathing again what do we do? he just went blue and floppy",
    "she choked on a carrot, it came out but she's still coughing and wheezing and struggling to breathe",
    "nosebleed for 40 minutes, it stopped with pressure but started again and won't stop",
    "after his run his left arm went weak and his speech is slurred",
    "my leg went numb and dead after the gym and now my face is drooping on one side",
    "my baby at 2 months old has a temperature of 38.5",
    "we were watching a film when my dad clutched his chest and went grey and sweaty",
    "I'm trained in giving an EpiPen and my son's throat is closing up after eating nuts",
    "she's been totally fine until ten minutes ago, now she's choking and can't breathe",
])
def test_round5_hunted_look_alike_frames_still_let_a_present_emergency_through(message):
    assert triage(message).level == "emergency", triage(message).as_dict()


# Round 5: kinds of emergency our own 69 probes found no rule for (uncommon but time-critical,
# understated, second-language English), with look-alikes that must not fire.
@pytest.mark.parametrize("message, category", [
    ("had half my thyroid removed on Tuesday and tonight my neck is swelling up and feels tight", "post_procedure"),
    ("after her thyroidectomy this morning her breathing has become noisy and she says her neck is tight",
     "post_procedure"),
    ("my wisdom tooth abscess has made my cheek swell up so much my eye is closing", "airway_infection"),
    ("tooth infection, the swelling has spread under my jaw into my neck and I've got a fever", "airway_infection"),
    ("got hit in the eye by a cricket ball, there's blood in the bottom of the coloured part and it's blurry",
     "vision_loss"),
    ("he was punched in the eye and now he's seeing double", "vision_loss"),
    ("the grease gun slipped and shot grease into my palm, there's just a tiny hole", "major_trauma"),
    ("type 1, meter says 28 and won't come down after two corrections, I'm being sick and so sleepy", "hyperglycaemia"),
    ("im diabetic and my sugars won't come down, i can barely stay awake and i'm peeing constantly, 33 on the meter",
     "hyperglycaemia"),
    ("my baby's nappy has blood and mucus and she's pulling her legs up screaming every 15 minutes", "acute_abdomen"),
    ("my daughter came off her bike onto the road, now she has a headache and has vomited twice", "head_injury"),
    ("fell off a ladder at work, banged my head, headache and now watery stuff dripping from my nose", "head_injury"),
    ("after the baby come she bleed very much and she is white and dizzy", "postpartum_haemorrhage"),
    ("my wife after the baby born she bleed too much, the bed is full of blood", "postpartum_haemorrhage"),
    ("my father he is fall and now he not know where he is and he sleep all time", "danger_signs"),
])
def test_round5_new_kinds_are_emergencies(message, category):
    result = triage(message)
    assert result.level == "emergency", result.as_dict()
    assert category in result.categories, result.as_dict()


@pytest.mark.parametrize("message", [
    "I had a thyroidectomy years ago and my voice is still a bit hoarse, is that permanent?",
    "I'm due to have my thyroid removed next month, will my neck swell afterwards?",
    "I have a small dental abscess on my gum, no swelling in my face, when can I see a dentist?",
    "my son got hit in the eye with a football yesterday, he has a black eye but can see fine",
    "ball hit me on the eye at netball, bit red but my vision is normal",
    "I used the pressure washer on the patio and now my back aches",
    "I'm type 2 diabetic and my sugars won't come down below 9, what diet changes help?",
    "my baby pulls her legs up and cries after feeds, the health visitor said it's colic, she's gaining weight well",
    "I fell off my bike last summer and I still get headaches sometimes",
    "I have a cold, a headache and a runny nose, after falling asleep on the sofa",
    "after the baby was born I bled a lot but they stopped it in theatre, that was 2 years ago, can I have another?",
    "he collapsed and stopped breathing, that was 2 years ago, can he drive now?",
])
def test_round5_new_kind_look_alikes_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


def test_round5_a_dating_clause_must_be_the_whole_clause():
    assert level("he collapsed and isn't breathing, it was years ago he had a heart attack") == "emergency"


@pytest.mark.parametrize("message,category", [
    ("I cut my thumb on a tin and now I can't bend the tip", "wound"),
    ("my 12 year old has had knee pain for a week and now he's limping", "fracture"),
])
def test_round5_new_same_day_kinds_are_urgent(message, category):
    result = triage(message)
    assert result.level == "urgent" and category in result.categories, result.as_dict()


# Round 6: our own probes, each phrased differently from the lines of triage_holdout12.jsonl. Near
# misses told as a finished story, a dated past, a family's history, study, fiction, media, a
# questionnaire, a hypothetical, a negated list or a figure of speech stay below emergency.
@pytest.mark.parametrize("message", [
    "My nephew had a fit at his birthday party in May; the paediatrician said it was a one-off. Should "
    "he avoid flashing lights?",
    "I blacked out on the stairs on Friday, the GP did an ECG and bloods and both were normal. Can I "
    "still go to the gym?",
    "Our daughter swallowed a marble at the weekend; the hospital x-rayed her and it passed on Monday. "
    "How do I stop her doing it again?",
    "He choked on a crisp at lunch, I patted his back and it popped out, then he carried on eating. Do I "
    "need to do anything?",
    "The pain in my chest last night eased after twenty minutes and I feel normal today. Is it worth "
    "mentioning to my GP?",
    "When I was seventeen I was stabbed in the arm outside a club. The scar still itches. Any creams?",
    "Heart disease runs in my husband's family, his brother collapsed at 40 with a heart attack. Should "
    "he get a health check?",
    "For my paramedic apprenticeship I have to describe the signs of a tension pneumothorax. Can you list them?",
    "There's a bit in the book I'm reading where a woman gets bitten by a snake and dies in an hour. Is "
    "that realistic?",
    "Worst case, if my son stopped breathing while asleep, would I hear anything?",
    "I heard on the radio about a man who died after a wasp sting. How common is that?",
    "My throat felt tight after a prawn curry in 2019, I was seen in A&E and given antihistamines. Do I "
    "need an allergy test?",
    "No chest pain, no breathlessness, no dizziness, just a bit of heartburn after pizza. Gaviscon?",
    "I'm diabetic and my sugar was 3.8 before lunch. No shaking, sweating or confusion. Do I need to do anything?",
    "She had a stroke last spring and now uses a walking stick. Are there exercises for balance?",
    "The form asks whether I've ever had chest pain on exertion. I had some once with a chest infection. Yes or no?",
])
def test_round6_near_misses_are_not_emergencies(message):
    assert triage(message).level != "emergency", triage(message).as_dict()


# ... and a present emergency behind the same frames still raises the notice.
@pytest.mark.parametrize("message", [
    "My mum had a stroke in 2017, and since twenty minutes ago her right arm has gone weak and her "
    "speech is slurred again.",
    "He bumped his head at nursery and they said he was fine, but tonight he's been sick three times and "
    "is really sleepy.",
    "Not sure if this is a silly question, but my husband has crushing chest pain for 40 minutes and he's sweating.",
    "We did a first aid course last week and now my dad has just collapsed and isn't breathing.",
    "Hypothetically, no, actually, my friend has just swallowed a whole packet of her sleeping tablets.",
    "I know this sounds like an essay question but my baby is floppy, hot and won't wake up.",
    "She swallowed a button battery at lunch. She seems totally fine and is playing.",
    "Dad took 40 paracetamol this morning and says he feels fine now.",
    "It went away after ten minutes yesterday, but today the same crushing chest pain is back and won't stop.",
    "My son was seen by the GP yesterday for a cold, but now he's blue around the lips and struggling to breathe.",
    "The girl in my story is me. I've got the tablets lined up and I'm going to take them all tonight.",
    "my son was hit by a car on his bike, he says he's fine but he's pale and his tummy hurts",
])
def test_round6_present_emergencies_behind_a_near_miss_frame(message):
    assert triage(message).level == "emergency", triage(message).as_dict()


@pytest.mark.parametrize("message", [
    "I had crushing chest pain for half an hour this morning that eased after I sat down, I feel normal now",
    "I fainted at the bus stop this morning, came round straight away and feel OK now",
    "my chest went tight and my heart raced for twenty minutes at lunch, it settled by itself and I feel fine now",
])
def test_round6_an_emergency_told_as_over_still_needs_a_same_day_check(message):
    assert triage(message).level == "urgent", triage(message).as_dict()


def test_round6_stroke_signs_that_passed_stay_an_emergency():
    # NHS 'Transient ischaemic attack': call 999 even if the symptoms go away
    assert level("my dad's face went droopy for ten minutes and it went away on its own") == "emergency"


@pytest.mark.parametrize(
    "word, typed", [("rayed", "they x-rayed him"), ("osce", "my OSCE"), ("carer", "his carer"), ("ecgs", "two ECGs")]
)
def test_round6_words_the_spelling_fix_must_leave_alone(word, typed):
    assert word in normalize(typed, vocabulary()).tokens


@pytest.mark.parametrize("message", [
    "Went for a dive earlier today and now my legs feel numb and weak and I have a crawling rash.",
    "my son's leg and arm on the right side feel like they belong to someone else and he can't hold his spoon",
    "my dad's been sat holding his chest for twenty minutes and he's gone a horrible colour",
    "I can only manage a couple of words before I need another breath",
])
def test_round6_plain_word_emergencies(message):
    assert triage(message).level == "emergency", triage(message).as_dict()
