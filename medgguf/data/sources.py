"""Reading a source into numbered raw rows: local files (.json, .jsonl, .csv, .parquet, each
optionally gzipped) or a Hugging Face hub data set.

A file-level problem (missing, unreadable archive, not JSON at all, unknown hub id) is an
InputError. A row-level problem (one line that is not JSON, bytes that are not UTF-8) becomes a
``Broken`` row that the data stage counts and drops. Row numbers are 1-based: the line number in
a JSONL file, the record number (header not counted) in CSV, the position in a JSON array or
parquet table.

JSON lines (``.jsonl``, ``.jsonl.gz``) are streamed a line at a time, so a file of any size is
read in constant memory; the other formats are parsed whole.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medgguf.config import SourceConfig
from medgguf.data.records import Drop
from medgguf.errors import InputError

log = logging.getLogger(__name__)

FORMATS = (".json", ".jsonl", ".csv", ".parquet")
KEY_FIELD = "__key__"
"""Rows read from a JSON object keyed by id (PubMedQA's ori_pqal.json) carry the key here."""


@dataclass(frozen=True)
class Broken:
    """A row that could not even be parsed into a record."""

    reason: Drop
    detail: str = ""


@dataclass
class RawSource:
    name: str
    origin: str
    rows: Iterable[tuple[int, Any]]
    """(row number, a dict, some other JSON value, or Broken): a list, or for JSON lines an
    iterator read once, as the data stage consumes it."""


def source_label(source: SourceConfig) -> str:
    return source.path or source.hub or "<empty source>"


def read_source(source: SourceConfig) -> RawSource:
    """The rows of one configured source: its local path when that exists, else its hub id."""
    path = Path(source.path).expanduser() if source.path else None
    if path is not None and (path.exists() or not source.hub):
        return RawSource(source.name or file_stem(path), str(path), file_rows(path))
    if not source.hub:
        raise InputError("a data source has neither path nor hub", "give each source a path or a hub id")
    if path is not None:
        log.info("%s is not on this machine; loading %s from the hub", path, source.hub)
    rows = read_hub(source.hub, source.subset, source.split)
    return RawSource(source.name or source.hub, f"hub:{source.hub}", rows)


def file_stem(path: Path) -> str:
    name = path.name
    if name.endswith(".gz"):
        name = name[:-3]
    return Path(name).stem


def file_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = suffixes[-1] if suffixes else ""
    if fmt not in FORMATS:
        raise InputError(
            f"{path} is not a data file medgguf reads", f"use {', '.join(FORMATS)} (optionally .gz), or a hub id"
        )
    return fmt


def read_file(path: Path) -> list[tuple[int, Any]]:
    return list(file_rows(path))


def file_rows(path: Path) -> Iterable[tuple[int, Any]]:
    """The rows of a local file: a list, or for JSON lines an iterator that reads the file as it
    is consumed (its InputErrors, a broken archive or no rows, come while iterating). The path
    and the format are checked before this returns."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"data file {path} does not exist", "check the path, or give a hub id instead")
    if path.is_dir():
        raise InputError(f"{path} is a directory", "give one .json, .jsonl, .csv or .parquet file")
    fmt = file_format(path)
    if fmt == ".jsonl":
        return _stream_jsonl(path)
    return _parse_whole(path, fmt)


def _parse_whole(path: Path, fmt: str) -> list[tuple[int, Any]]:
    data = _read_bytes(path)
    if fmt == ".parquet":
        rows = _parquet_rows(path, data)
    else:
        # Undecodable bytes survive as lone surrogates, so only the rows holding them are dropped.
        text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
        if fmt == ".csv":
            rows = _csv_rows(path, text)
        else:
            rows = _json_rows(path, text)
    if not rows:
        raise InputError(f"{path} holds no rows", "check that it is the right file")
    return rows


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})", "check its permissions") from exc
    if path.suffix.lower() != ".gz":
        return raw
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise _not_gzip(path, exc) from exc


def _not_gzip(path: Path, exc: BaseException) -> InputError:
    return InputError(
        f"{path} is not a readable gzip archive ({exc})", "re-download it, or decompress it and give the plain file"
    )


def _stream_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """The rows of a JSON lines file, one line in memory at a time."""
    count = 0
    with _open_bytes(path) as handle:
        lines = iter(handle)
        number = 0
        while True:
            try:
                raw = next(lines, None)
            except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
                raise _not_gzip(path, exc) from exc
            except OSError as exc:
                raise InputError(f"cannot read {path} ({exc.strerror or exc})", "check the file and its disk") from exc
            if raw is None:
                break
            number += 1
            # Split on b"\n" and decoded per line as the whole file was: a UTF-8 character never
            # holds that byte, and undecodable bytes survive as lone surrogates, so only the rows
            # holding them are dropped.
            line = raw.decode("utf-8", errors="surrogateescape")
            if number == 1:
                line = line.removeprefix("\ufeff")
            row = _jsonl_row(line)
            if row is not None:
                count += 1
                yield number, row
    if not count:
        raise InputError(f"{path} holds no rows", "check that it is the right file")


def _open_bytes(path: Path) -> io.BufferedIOBase:
    try:
        if path.suffix.lower() == ".gz":
            return gzip.GzipFile(path, "rb")
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {path} ({exc.strerror})", "check its permissions") from exc


def _jsonl_row(line: str) -> Any:
    """One JSON line's value, a Broken row, or None for a blank line."""
    if not line.strip():
        return None
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return Broken(Drop.INVALID_JSON, f"{exc.msg.removesuffix(' at')} at column {exc.colno}")


def _jsonl_rows(text: str) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        row = _jsonl_row(line)
        if row is not None:
            rows.append((number, row))
    return rows


def _json_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data" and text.lstrip().startswith("{"):
            return _jsonl_rows(text)  # JSON lines saved as .json, as many hub exports are
        raise InputError(
            f"{path} is not valid JSON ({exc.msg} at line {exc.lineno})",
            "fix the file, or save it as .jsonl so one bad line drops only that row",
        ) from exc
    if isinstance(data, list):
        return list(enumerate(data, start=1))
    if isinstance(data, dict):
        if data and all(isinstance(v, dict) for v in data.values()):
            # {id: record}: PubMedQA's ori_pqal.json keyed by PMID
            return [(n, {KEY_FIELD: key, **value}) for n, (key, value) in enumerate(data.items(), start=1)]
        for key in ("data", "rows", "train"):
            if isinstance(data.get(key), list):
                return list(enumerate(data[key], start=1))
    raise InputError(
        f"{path} holds a JSON {type(data).__name__}, not a list of records",
        "give a JSON array of objects, an object keyed by id, or JSON lines",
    )


def _csv_rows(path: Path, text: str) -> list[tuple[int, Any]]:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # absurd fields are dropped per row later
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if not header:
            return []
        header = [h.strip() for h in header]
        rows: list[tuple[int, Any]] = []
        for number, values in enumerate(reader, start=1):
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                rows.append((number, Broken(Drop.NOT_A_RECORD, f"{len(values)} fields, header has {len(header)}")))
                continue
            record: dict[str, Any] = dict(zip(header, values))
            for missing in header[len(values) :]:
                record[missing] = None
            rows.append((number, record))
    except csv.Error as exc:
        raise InputError(
            f"{path} is not readable CSV (line {reader.line_num}: {exc})", "fix the quoting, or convert it to .jsonl"
        ) from exc
    return rows


def _parquet_rows(path: Path, data: bytes) -> list[tuple[int, Any]]:
    import pyarrow
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"{path} is not a readable parquet file ({exc})", "re-download or re-export it") from exc
    return list(enumerate(table.to_pylist(), start=1))


def read_hub(hub_id: str, subset: str | None, split: str) -> list[tuple[int, Any]]:
    """A hub data set split as rows. Every way loading can fail becomes one InputError."""
    import datasets

    try:
        dataset = datasets.load_dataset(hub_id, subset, split=split)
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise InputError(
            f"could not load hub data set {hub_id!r}{f' ({subset})' if subset else ''} split {split!r}: {reason}",
            "check the id, subset and split, your network, and `huggingface-cli login` "
            "for gated sets; or give a local file",
        ) from exc
    return list(enumerate(dataset, start=1))
