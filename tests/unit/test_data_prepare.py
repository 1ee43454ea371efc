"""prepare_splits end to end on small files the tests build, with the demo tokenizer."""
from __future__ import annotations

import json

import pytest

from medgguf.config import DataConfig, SourceConfig
from medgguf.data.prepare import prepare_splits
from medgguf.errors import InputError

SYSTEM = "You are a careful doctor."


@pytest.fixture(scope="module")
def tokenizer(demo_model_dir):
    from medgguf.models import load_tokenizer

    return load_tokenizer(str(demo_model_dir))


def write_jsonl(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def medquad_rows(count, start=0):
    return [{"qtype": "info", "Question": f"What is condition number {i}?",
             "Answer": f"Condition {i} is a disorder that needs a doctor's care."} for i in range(start, start + count)]


def read_split(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_broken_rows_duplicates_and_long_rows_are_counted_with_row_numbers(tmp_path, tokenizer, caplog):
    good = medquad_rows(40)
    records = [
        *good[:10],
        '{"Question": "broken',                                   # line 11: invalid JSON
        {"Question": "q with no answer"},                         # 12: missing field
        {"Question": "q", "Answer": None},                        # 13: null
        {"Question": ["a", "list"], "Answer": "x"},               # 14: wrong type
        {"Question": "   ", "Answer": "something"},               # 15: empty after cleaning
        {"Question": "long?", "Answer": "word " * 400},           # 16: over max_tokens
        good[0],                                                  # 17: exact duplicate of line 1
        {**good[1], "Question": good[1]["Question"].upper()},     # 18: normalised duplicate of line 2
        "[1, 2, 3]",                                              # 19: not a record
        *good[10:],
    ]
    path = write_jsonl(tmp_path / "medquad.jsonl", records)
    with (tmp_path / "medquad.jsonl").open("ab") as handle:
        handle.write(b'{"Question": "bad bytes", "Answer": "caf\xe9 au lait"}\n')  # line 50: undecodable
    cfg = DataConfig(sources=[SourceConfig(path=str(path))], system_prompt=SYSTEM, max_tokens=200,
                     splits=[0.8, 0.1, 0.1], seed=3)
    stats = prepare_splits(cfg, tokenizer, tmp_path / "out")

    broken = [r.getMessage() for r in caplog.records if "not valid JSON" in r.getMessage()]
    assert broken == ["data: medquad: line 11 is not valid JSON (Invalid control character at column 21); "
                      "that row is dropped, the others are kept"]
    (source,) = stats["sources"]
    assert source["schema"] == "medquad" and source["rows_read"] == 50
    assert {k: v["rows"] for k, v in source["drops"].items()} == {
        "invalid JSON": [11], "missing field": [12], "null field": [13], "wrong type": [14], "empty": [15],
        "over max_tokens": [16], "not a record": [19], "undecodable bytes": [50]}
    assert source["duplicates"]["exact"] == {"count": 1, "rows": [17]}
    assert source["duplicates"]["normalised"] == {"count": 1, "rows": [18]}
    assert source["rows_kept"] == source["rows_used"] == stats["rows_written"] == 40
    assert stats["splits"] == {"train": 32, "val": 4, "test": 4}
    assert stats["leakage"]["questions_in_two_splits"] == 0
    assert stats["tokens"]["max"] <= 200 and sum(stats["tokens"]["histogram"]["counts"]) == 40
    assert json.loads((tmp_path / "out" / "stats.json").read_text()) == stats

    train = read_split(tmp_path / "out" / "train.jsonl")
    assert len(train) == 32 and not list((tmp_path / "out").glob("*.partial"))
    line = train[0]
    assert set(line) == {"id", "source", "messages"} and line["source"] == "medquad"
    assert line["id"].startswith("medquad-")
    assert [m["role"] for m in line["messages"]] == ["system", "user", "assistant"]
    assert line["messages"][0]["content"] == SYSTEM
    ids = [r["id"] for name in ("train", "val", "test") for r in read_split(tmp_path / "out" / f"{name}.jsonl")]
    assert len(set(ids)) == 40


def test_repeated_questions_never_leak_across_splits(tmp_path, tokenizer):
    records = []
    for i in range(60):  # every question asked with three different answers, as MedQuAD does
        records += [{"Question": f"What causes disease {i}?", "Answer": f"Answer page {k} for disease {i}."}
                    for k in range(3)]
    path = write_jsonl(tmp_path / "repeats.jsonl", records)
    out = tmp_path / "out"
    stats = prepare_splits(DataConfig(sources=[SourceConfig(path=str(path))], splits=[0.8, 0.1, 0.1]), tokenizer, out)
    questions = {name: {r["messages"][1]["content"] for r in read_split(out / f"{name}.jsonl")}
                 for name in ("train", "val", "test")}
    assert not questions["train"] & questions["val"] and not questions["train"] & questions["test"]
    assert not questions["val"] & questions["test"]
    assert stats["leakage"]["questions_in_two_splits"] == 0 and sum(stats["splits"].values()) == 180


def test_mcq_sources_carry_mcq_and_mixing_follows_weights(tmp_path, tokenizer):
    medqa = write_jsonl(tmp_path / "medqa.jsonl", [
        {"question": f"Which drug treats case {i}?", "options": {"A": "Aspirin", "B": "Insulin"}, "answer_idx": "B",
         "answer": "Insulin"} for i in range(100)])
    medquad = write_jsonl(tmp_path / "medquad.jsonl", medquad_rows(100))
    cfg = DataConfig(sources=[SourceConfig(path=str(medqa), weight=1), SourceConfig(path=str(medquad), weight=3)],
                     rows=80, splits=[0.9, 0.1], seed=7)
    out = tmp_path / "out"
    stats = prepare_splits(cfg, tokenizer, out)
    assert [s["rows_used"] for s in stats["sources"]] == [20, 60]
    assert stats["splits"] == {"train": 72, "val": 8} and not (out / "test.jsonl").exists()
    rows = read_split(out / "train.jsonl") + read_split(out / "val.jsonl")
    mcq_rows = [r for r in rows if r["source"] == "medqa"]
    assert len(mcq_rows) == 20
    assert mcq_rows[0]["mcq"]["options"] == {"A": "Aspirin", "B": "Insulin"} and mcq_rows[0]["mcq"]["answer"] == "B"
    assert mcq_rows[0]["messages"][2]["content"] == "The answer is B. Insulin"
    assert all("mcq" not in r for r in rows if r["source"] == "medquad")


def test_sampling_is_seeded_and_disclaimer_is_appended(tmp_path, tokenizer):
    path = write_jsonl(tmp_path / "medquad.jsonl", medquad_rows(200))
    disclaimer = "Please consult a healthcare professional."
    def run(seed, out):
        cfg = DataConfig(sources=[SourceConfig(path=str(path), fraction=0.5)], rows=50, seed=seed,
                         disclaimer=disclaimer)
        prepare_splits(cfg, tokenizer, out)
        return [read_split(out / f"{n}.jsonl") for n in ("train", "val", "test")]
    first, again, other = run(1, tmp_path / "a"), run(1, tmp_path / "b"), run(2, tmp_path / "c")
    assert first == again and first != other
    rows = [r for split in first for r in split]
    assert len(rows) == 50
    assert all(r["messages"][2]["content"].endswith(f"care.\n\n{disclaimer}") for r in rows)


def test_config_problems_are_input_errors(tmp_path, tokenizer):
    path = write_jsonl(tmp_path / "x.jsonl", medquad_rows(5))
    with pytest.raises(InputError, match="data.sources is empty"):
        prepare_splits(DataConfig(), tokenizer, tmp_path)
    with pytest.raises(InputError, match="sums to 1.1"):
        prepare_splits(DataConfig(sources=[SourceConfig(path=str(path))], splits=[0.9, 0.1, 0.1]), tokenizer, tmp_path)
    with pytest.raises(InputError, match="no rows are left after cleaning"):
        prepare_splits(DataConfig(sources=[SourceConfig(path=str(path))], max_tokens=5), tokenizer, tmp_path)
    assert not (tmp_path / "train.jsonl").exists()
