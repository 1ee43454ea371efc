"""Reading a source into numbered raw rows: local files (.json, .jsonl, .csv, .parquet, each
optionally gzipped) or a Hugging Face hub data set.

A file-level problem (missing, unreadable archive, not JSON at all, unknown hub id) is an
InputError. A row-level problem (one line that is not JSON, bytes that are not UTF-8) becomes a
``Broken`` row that the data stage counts and drops. Row numbers are 1-based: the line number in
a JSONL file, the record number (header not counted) in CSV, the position in a JSON array or
parquet table.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
import sys
import zlib
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
    rows: list[tuple[int, Any]]
    """(row number, a dict, some other JSON value, or Broken)."""


def source_label(source: SourceConfig) -> str:
    return source.path or source.hub or "<empty source>"


def read_source(source: SourceConfig) -> RawSource:
    """The rows of one configured source: its local path when that exists, else its hub id."""
    path = Path(source.path).expanduser() if source.path else None
    if path is not None and (path.exists() or not source.hub):
        rows = read_file(path)
        return RawSource(source.name or file_stem(path), str(path), rows)
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
    path = Path(path)
    if not path.exists():
        raise InputError(f"data file {path} does not exist", "check the path, or give a hub id instead")
    if path.is_dir():
        raise InputError(f"{path} is a directory", "give one .json, .jsonl, .csv or .parquet file")
    fmt = file_format(path)
    data = _read_bytes(path)
    if fmt == ".parquet":
        rows = _parquet_rows(path, data)
    else:
        # Undecodable bytes survive as lone surrogates, so only the rows holding them are dropped.
        text = data.decode("utf-8", errors="surrogateescape").removeprefix("\ufeff")
        if fmt == ".csv":
            rows = _csv_rows(path, text)
        elif fmt == ".jsonl":
            rows = _jsonl_rows(text)
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
        raise InputError(
            f"{path} is not a readable gzip archive ({exc})", "re-download it, or decompress it and give the plain file"
        ) from exc


def _jsonl_rows(text: str) -> list[tuple[int, Any]]:
    rows: list[tuple[int, Any]] = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            rows.append((number, Broken(Drop.INVALID_JSON, exc.msg)))
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
