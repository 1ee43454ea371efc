"""The triage's learned backstop: what it reads, that it only ever adds an emergency, and that the
shipped weights are the ones training gives for the current rules and labelled sets."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from medgguf.chat import triage as triage_module
from medgguf.chat.triage import backstop, triage

REPO = Path(__file__).resolve().parents[2]
RETRAIN = "run .venv/bin/python scripts/train_triage_backstop.py and commit its weights"


def features_of(message: str) -> frozenset[str]:
    return triage_module.backstop_features(message)[0]


def test_shipped_weights_were_trained_on_these_rules_and_sets():
    model = backstop.load()
    assert model.fingerprint == backstop.fingerprint(), f"the rules changed since the backstop was trained: {RETRAIN}"
    shipped = json.loads(backstop.MODEL_PATH.read_text(encoding="utf-8"))["training"]["labelled_sets"]
    sets = (REPO / "tests" / "data").glob("triage*.jsonl")
    current = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sets}
    assert shipped == current, f"the labelled sets changed since the backstop was trained: {RETRAIN}"
    assert model.threshold > model.bias and len(model.weights) > 1000


def test_retraining_gives_the_shipped_weights(shared_data):
    done = subprocess.run([sys.executable, "scripts/train_triage_backstop.py", "--check"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "the shipped weights are what training gives" in done.stderr


def test_it_reads_only_what_is_happening_now():
    live = features_of("my dad is grey and sweaty and his chest feels heavy")
    assert {"w:grey", "w:sweaty", "w:chest", "c:CHEST", "c:SWEAT"} <= live
    assert {"cc:CHEST+SWEAT", "b:chest_feels"} <= live
    for near_miss, word in [
        ("my grandfather had a heart attack ten years ago, what diet should he follow?", "w:heart"),
        ("no chest pain, no breathlessness, just a cough for a week", "w:chest"),
        ("how is anaphylaxis treated in hospital?", "w:anaphylaxis"),
    ]:
        assert word not in features_of(near_miss), near_miss
    assert features_of("") == frozenset()


def test_urgent_findings_are_features_and_emergencies_are_not():
    features, rules_emergency = triage_module.backstop_features("my 2 year old has had a temperature of 39 for 5 days")
    assert not rules_emergency and any(f.startswith("r:urgent:") for f in features)
    features, rules_emergency = triage_module.backstop_features("he collapsed and isn't breathing")
    assert rules_emergency and not any(f.startswith("r:emergency:") for f in features)


def test_it_only_adds_an_emergency(monkeypatch):
    eager = backstop.Model({"w:wobbly": 10.0, "c:CHEST": 10.0}, bias=-5.0, threshold=0.0, fingerprint="")
    monkeypatch.setattr(backstop, "_shipped", lambda: eager)
    result = triage("my legs feel wobbly today")
    assert result.level == "emergency" and result.categories == [backstop.CATEGORY]
    assert result.findings[0].evidence == ("wobbly",)
    assert "combination of warning signs" in triage_module.notice(result)
    # A rules emergency keeps its own category; the backstop is not asked.
    assert triage("crushing chest pain spreading to my left arm, sweating").categories[0] == "cardiac"
    # Near misses give it no live words to read.
    assert triage("my legs felt wobbly ten years ago").level != "emergency"

    silent = backstop.Model({}, bias=-100.0, threshold=0.0, fingerprint="")
    monkeypatch.setattr(backstop, "_shipped", lambda: silent)
    assert triage("crushing chest pain spreading to my left arm, sweating").level == "emergency"
    assert triage("my 2 year old has had a temperature of 39 for 5 days").level == "urgent"


def test_an_unreadable_weights_file_leaves_the_rules_working(monkeypatch, tmp_path, caplog):
    broken = tmp_path / "triage_backstop.json"
    broken.write_text("{not json", encoding="utf-8")
    read = backstop.load.__wrapped__  # the uncached reader
    monkeypatch.setattr(backstop, "load", lambda: read(broken))
    backstop._shipped.cache_clear()
    try:
        assert triage("crushing chest pain spreading to my left arm, sweating").level == "emergency"
        assert triage("my legs feel a bit wobbly today").level != "emergency"
        assert "triage backstop off" in caplog.text
    finally:
        backstop._shipped.cache_clear()


def test_evidence_is_what_the_message_says():
    model = backstop.Model({"w:grey": 3.0, "w:sweaty": 2.0, "c:CHEST": 1.0, "w:dad": 5.0, "cc:CHEST+SWEAT": 9.0},
                           bias=0.0, threshold=0.0, fingerprint="")
    found = triage_module._rules("my dad is grey and sweaty and his chest feels heavy")
    assert found is not None
    matcher, levels, _ = found
    # The concept's own phrase first, then the words the rules know ("dad" is not a clinical word).
    assert model.evidence(backstop.features(matcher, levels), matcher) == ["chest", "grey", "sweaty"]


@pytest.mark.parametrize("path", sorted((REPO / "tests" / "data").glob("triage*.jsonl")), ids=lambda p: p.name)
def test_the_backstop_raises_no_routine_message_of_the_labelled_sets(path):
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    routine = [row["text"] for row in rows if row["level"] == "routine"]
    raised = [text for text in routine if backstop.CATEGORY in triage(text).categories]
    assert raised == []
