"""Reading local files in every supported format, and every file-level failure as one InputError."""
from __future__ import annotations

import gzip
import json

import pytest

from medgguf.config import SourceConfig
from medgguf.data.records import Drop
from medgguf.data.sources import KEY_FIELD, Broken, file_rows, read_file, read_source
from medgguf.errors import InputError

RECORDS = [{"Question": "What is flu?", "Answer": "A virus."}, {"Question": "What is a cold?", "Answer": "Milder."}]


def test_reads_json_jsonl_csv_parquet_and_their_gz(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    (tmp_path / "a.json").write_text(json.dumps(RECORDS))
    (tmp_path / "a.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    (tmp_path / "a.csv").write_text('Question,Answer\n"What is flu?","A virus."\nWhat is a cold?,Milder.\n')
    pq.write_table(pa.Table.from_pylist(RECORDS), tmp_path / "a.parquet")
    for name in ("a.json", "a.jsonl", "a.csv", "a.parquet"):
        plain = tmp_path / name
        zipped = tmp_path / f"{name}.gz"
        zipped.write_bytes(gzip.compress(plain.read_bytes()))
        for path in (plain, zipped):
            assert [row for _, row in read_file(path)] == RECORDS, path


def test_json_keyed_by_id_keeps_the_key(tmp_path):
    path = tmp_path / "ori_pqal.json"
    path.write_text(json.dumps({"111": {"QUESTION": "q"}, "222": {"QUESTION": "r"}}))
    assert read_file(path) == [(1, {KEY_FIELD: "111", "QUESTION": "q"}), (2, {KEY_FIELD: "222", "QUESTION": "r"})]


def test_json_lines_saved_as_json_are_read_as_lines(tmp_path):
    path = tmp_path / "lines.json"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS))
    assert [row for _, row in read_file(path)] == RECORDS


def test_jsonl_bad_line_and_bad_bytes_break_only_their_rows(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_bytes(b'{"Question": "q1", "Answer": "a1"}\n'
                     b'{"Question": "q2", "Answer": \n'
                     b'\n'
                     b'{"Question": "q3", "Answer": "caf\xe9"}\n'
                     b'[1, 2]\n')
    rows = read_file(path)
    assert [n for n, _ in rows] == [1, 2, 4, 5]  # line numbers; the blank line 3 is skipped
    assert isinstance(rows[1][1], Broken) and rows[1][1].reason == Drop.INVALID_JSON
    assert rows[2][1]["Answer"] == "caf\udce9"  # kept as a surrogate, dropped later as undecodable
    assert rows[3][1] == [1, 2]


def test_csv_with_too_many_fields_is_a_broken_row_and_short_rows_get_nulls(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Question,Answer\nq1,a1,extra\nq2\n")
    rows = read_file(path)
    assert rows[0][1].reason == Drop.NOT_A_RECORD
    assert rows[1][1] == {"Question": "q2", "Answer": None}


@pytest.mark.parametrize("name, content, message", [
    ("missing.jsonl", None, "data file .*missing.jsonl does not exist"),
    ("bad.jsonl.gz", b"this is not gzip", "is not a readable gzip archive"),
    ("bad.json", b'[{"a": 1}, {"a": ', "is not valid JSON"),
    ("scalar.json", b'42', "holds a JSON int, not a list of records"),
    ("empty.jsonl", b"", "holds no rows"),
    ("bad.parquet", b"PAR1 not really", "is not a readable parquet file"),
    ("data.txt", b"hello", "is not a data file medgguf reads"),
])
def test_file_level_problems_are_one_input_error(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        read_file(path)


def test_truncated_gzip_is_an_input_error(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"Question": "q", "Answer": "a"}\n' * 100)[:40])
    with pytest.raises(InputError, match="not a readable gzip archive"):
        read_file(path)


def test_source_uses_local_path_when_present_and_names_it_by_stem(tmp_path):
    path = tmp_path / "medquad.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(RECORDS[0]).encode()))
    raw = read_source(SourceConfig(path=str(path), hub="someone/never-used"))
    assert raw.name == "medquad" and raw.origin == str(path) and len(list(raw.rows)) == 1


def test_json_lines_are_streamed_and_their_errors_come_while_reading(tmp_path):
    """A JSONL file is read as it is consumed, a line at a time (never whole), so a file larger
    than memory works; a broken archive or an empty file is still one InputError."""
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n")
    rows = file_rows(path)
    assert not isinstance(rows, list)
    with path.open("a") as handle:  # read lazily: a line appended now is still read
        handle.write(json.dumps({"Question": "late?", "Answer": "yes"}) + "\n")
    assert [n for n, _ in rows] == [1, 2, 3]

    (tmp_path / "cut.jsonl.gz").write_bytes(gzip.compress(path.read_bytes())[:-12])
    (tmp_path / "blank.jsonl").write_text("\n\n  \n")
    for name, message in (("cut.jsonl.gz", "is not a readable gzip archive"), ("blank.jsonl", "holds no rows")):
        with pytest.raises(InputError, match=message):
            list(file_rows(tmp_path / name))


def test_a_bom_and_crlf_line_ends_read_as_before(tmp_path):
    path = tmp_path / "windows.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"\r\n".join(json.dumps(r).encode() for r in RECORDS) + b"\r\n")
    assert [row for _, row in read_file(path)] == RECORDS


def test_absent_path_without_hub_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_source(SourceConfig(path=str(tmp_path / "nope.jsonl")))


def test_unknown_hub_id_is_one_input_error(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    with pytest.raises(InputError, match="could not load hub data set 'medgguf-test/no-such-set'"):
        read_source(SourceConfig(hub="medgguf-test/no-such-set"))
