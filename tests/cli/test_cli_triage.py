"""`medgguf triage`: a message, JSONL on stdin, an evaluation file, and the error paths."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from medgguf.cli import main
from tests.cli.conftest import assert_one_line_error

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "triage_eval.jsonl"


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_message_emergency(cli):
    result = cli("triage", "my dad has crushing chest pain and he's sweating")
    assert result.exit_code == 0, result.output
    assert "EMERGENCY" in result.stdout and "cardiac" in result.stdout
    assert "call your local emergency number" in result.stdout


def test_message_json(cli):
    result = cli("triage", "--json", "how is anaphylaxis treated in hospital?")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["level"] == "routine" and record["categories"] == []


def test_message_from_stdin():
    result = run("triage", "--json", "-", input="I took 30 tablets of paracetamol\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["categories"] == ["poisoning"]


def test_jsonl_prints_one_result_per_line():
    lines = [{"text": "I can't breathe and my lips are blue"}, {"id": 7, "text": "what is a normal BMI?"},
             {"message": "a dog bit my hand and broke the skin"}]
    result = run("triage", "--jsonl", input="\n".join(json.dumps(x) for x in lines) + "\n\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["level"] for r in records] == ["emergency", "routine", "urgent"]
    assert records[1]["id"] == 7
    assert all(set(r) >= {"level", "categories", "evidence"} for r in records)
    assert records[0]["evidence"]["breathing"]


@pytest.mark.parametrize("bad,fragment", [("not json", "not valid JSON"), ("[1, 2]", "not a JSON object"),
                                          ('{"txt": "hello"}', 'no "text"')])
def test_jsonl_bad_line_names_the_line(bad, fragment):
    result = run("triage", "--jsonl", input='{"text": "fine"}\n' + bad + "\n")
    assert_one_line_error(result, 2, "line 2 of stdin", fragment)
    assert result.stdout == ""


def test_empty_message(cli):
    assert_one_line_error(cli("triage", "   "), 2, "the message is empty")


def test_no_input_at_all(cli):
    assert_one_line_error(cli("triage"), 2, "give exactly one of")


def test_eval_prints_recall_false_alarms_and_categories(cli):
    result = cli("triage", "--eval", EVAL_SET)
    assert result.exit_code == 0, result.output
    assert "emergency recall" in result.stdout and "false alarms (routine -> emergency)" in result.stdout
    assert "per category" in result.stdout and "cardiac" in result.stdout


def test_eval_json(cli, tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in [
        {"text": "I have crushing chest pain", "level": "emergency", "category": "cardiac"},
        {"message": "what vitamins help hair?", "level": "routine"},
        {"text": "my cat bit me and it's red and swollen", "level": "URGENT"}]) + "\n")
    result = cli("triage", "--eval", path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["emergency_recall"] == {"count": 1, "total": 1, "rate": 1.0}
    assert report["routine_false_alarm_rate"]["count"] == 0
    assert report["messages"] == 3 and report["categories"]


def test_eval_missing_file(cli, tmp_path):
    assert_one_line_error(cli("triage", "--eval", tmp_path / "nope.jsonl"), 2, "nope.jsonl does not exist")


def test_eval_bad_level(cli, tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "hi", "level": "emergency"}\n{"text": "hi", "level": "soon"}\n')
    assert_one_line_error(cli("triage", "--eval", path), 2, "line 2", "has level 'soon'")


def test_eval_bad_json_line(cli, tmp_path):
    path = tmp_path / "set.jsonl"
    path.write_text('{"text": "hi", "level": "routine"}\n\n{oops\n')
    assert_one_line_error(cli("triage", "--eval", path), 2, "line 3 of", "not valid JSON")


def test_triage_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = ("import sys; from medgguf.cli import main; from medgguf.chat.triage import triage; triage('chest pain'); "
            "print(','.join(m for m in ('torch', 'transformers', 'llama_cpp') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == ""
