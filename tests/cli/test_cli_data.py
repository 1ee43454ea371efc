"""`medgguf data inspect` and `medgguf data prepare` through CliRunner: results and bad input."""
from __future__ import annotations

import gzip
import json

import pytest

from .conftest import assert_one_line_error


@pytest.fixture
def medquad_file(tmp_path):
    rows = [{"qtype": "info", "Question": f"What is condition {i}?", "Answer": f"Condition {i} needs a doctor."}
            for i in range(30)]
    rows.append({"Question": "What is condition 0?", "Answer": "Condition 0 needs a doctor."})  # duplicate
    rows.append({"Question": "no answer"})
    path = tmp_path / "medquad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_inspect_json_reports_counts_and_renders_an_example(cli, medquad_file):
    result = cli("data", "inspect", medquad_file, "--json", "--splits", "0.8,0.1,0.1")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (source,) = report["sources"]
    assert (source["schema"], source["rows_read"], source["rows_kept"]) == ("medquad", 32, 30)
    assert source["drops"] == {"missing field": {"count": 1, "rows": [32]}}
    assert source["duplicates"]["exact"] == {"count": 1, "rows": [31]}
    assert report["splits"] == {"train": 24, "val": 3, "test": 3}
    assert report["leakage"]["questions_in_two_splits"] == 0
    assert report["example"].startswith("<|im_start|>system\nIf you are a doctor")
    assert "<|im_start|>assistant\nCondition" in report["example"]


def test_inspect_tables_and_png_histogram(cli, medquad_file, tmp_path):
    png = tmp_path / "lengths.png"
    result = cli("data", "inspect", medquad_file, "--histogram", png, "--disclaimer", "See a doctor.")
    assert result.exit_code == 0, result.output
    for heading in ("Rows per source", "Dropped rows by reason", "missing field", "Splits", "Leakage: 0",
                    "Token lengths", "First training row through the chat template", "See a doctor."):
        assert heading in result.stdout
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("make, fragments", [
    (lambda d: d / "absent.jsonl", ["data file", "absent.jsonl does not exist", "check the path"]),
    (lambda d: _write(d / "bad.json.gz", b"not gzip at all"), ["is not a readable gzip archive"]),
    (lambda d: _write(d / "odd.jsonl", b'{"foo": 1, "bar": 2}\n'),
     ["has columns bar, foo, which fit no schema", "medquad: {Answer, Question}"]),
    (lambda d: _write(d / "broken.json", b'[{"Question": "q", '), ["is not valid JSON"]),
])
def test_inspect_bad_files_are_one_line_errors(cli, tmp_path, make, fragments):
    assert_one_line_error(cli("data", "inspect", make(tmp_path)), 2, *fragments)


def test_inspect_unknown_hub_id_is_one_line_error(cli):
    result = cli("data", "inspect", "medgguf-test/no-such-dataset")
    assert_one_line_error(result, 2, "could not load hub data set 'medgguf-test/no-such-dataset'")


def test_inspect_forced_schema_that_does_not_fit(cli, medquad_file):
    result = cli("data", "inspect", medquad_file, "--schema", "medqa")
    assert_one_line_error(result, 2, "schema medqa expects {answer_idx, options, question}")


def test_inspect_bad_splits_option(cli, medquad_file):
    assert_one_line_error(cli("data", "inspect", medquad_file, "--splits", "0.9,x"), 2, "is not a list of numbers")
    assert_one_line_error(cli("data", "inspect", medquad_file, "--splits", "0.5,0.2"), 2, "sums to 0.7, not 1")


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _config(tmp_path, source_path, splits="[0.8, 0.1, 0.1]"):
    config = tmp_path / "run.yaml"
    config.write_text(f"data:\n  sources:\n    - path: {source_path}\n  splits: {splits}\n  max_tokens: 256\n")
    return config


def test_prepare_writes_splits_into_the_run_and_the_manifest(cli, medquad_file, tmp_path):
    config = _config(tmp_path, medquad_file)
    result = cli("data", "prepare", "--config", config, "--name", "t")
    assert result.exit_code == 0, result.output
    data_dir = tmp_path / "runs" / "t" / "data"
    assert "train 24, val 3, test 3" in result.stdout
    lines = [json.loads(line) for line in (data_dir / "train.jsonl").read_text().splitlines()]
    assert len(lines) == 24 and lines[0]["messages"][0]["role"] == "system"
    stage = json.loads((tmp_path / "runs" / "t" / "manifest.json").read_text())["stages"]["data"]
    assert set(stage["outputs"]) == {"data/train.jsonl", "data/val.jsonl", "data/test.jsonl", "data/stats.json"}

    again = cli("data", "prepare", "--config", config, "--name", "t", "--json")
    assert again.exit_code == 0 and json.loads(again.stdout)["splits"] == {"train": 24, "val": 3, "test": 3}
    assert "unchanged" in again.stderr
    forced = cli("data", "prepare", "--config", config, "--name", "t", "--force")
    assert forced.exit_code == 0 and "prepared in" in forced.stdout


def test_prepare_with_a_missing_source_file(cli, tmp_path):
    result = cli("data", "prepare", "--config", _config(tmp_path, tmp_path / "gone.jsonl"), "--name", "t")
    assert_one_line_error(result, 2, "gone.jsonl does not exist")
    assert not (tmp_path / "runs" / "t" / "data" / "train.jsonl").exists()


def test_prepare_with_bad_split_fractions(cli, medquad_file, tmp_path):
    result = cli("data", "prepare", "--config", _config(tmp_path, medquad_file, "[0.9]"), "--name", "t")
    assert_one_line_error(result, 2, "must have 2 or 3 fractions")


def test_gzipped_csv_source(cli, tmp_path):
    path = tmp_path / "chat.csv.gz"
    body = "Description,Patient,Doctor\n" + "".join(
        f'"Q. Pain {i}?","Hi doctor, my knee hurts, case {i}.","Rest it and use ice, case {i}."\n' for i in range(20))
    path.write_bytes(gzip.compress(body.encode()))
    result = cli("data", "inspect", path, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"][0]["schema"] == "ai-medical-chatbot"


def test_prepare_on_an_existing_run_keeps_the_run_config(cli, medquad_file, tmp_path):
    # Issue 16: `data prepare --name X` on a run made from another config rewrote X/config.yaml
    # with the demo preset, without a word.
    config = _config(tmp_path, medquad_file)
    assert cli("data", "prepare", "--config", config, "--name", "mine").exit_code == 0
    saved = tmp_path / "runs" / "mine" / "config.yaml"
    before = saved.read_text()
    again = cli("data", "prepare", "--name", "mine")
    assert again.exit_code == 0, again.output
    assert saved.read_text() == before
    assert "unchanged, kept the existing splits" in again.stdout
