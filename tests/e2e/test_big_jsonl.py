"""A 1 GiB JSONL source with one broken line near its end, through the real data stage
(`medgguf data prepare`, the demo tokenizer and template, no mocks).

The stage streams the file: the peak RSS of the process, read with wait4 for that child alone, is
within a fixed margin of the same command's on a 1 MiB file, however large the file; the broken
line is dropped and named, with its line number, in one warning line; the other rows are kept
and the stage exits 0. The file is about a thousand copies of a block of 1,000 distinct rows of
1 KB, written block by block in seconds, so every row after the first block is an exact duplicate
(each still parsed, converted, cleaned and hashed).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from medgguf import paths

from ..conftest import medgguf_command

pytestmark = pytest.mark.slow

ROWS_PER_BLOCK = 1000
GIB = 1 << 30


def _block() -> bytes:
    """1,000 distinct MedQuAD-shaped rows of about 1 KB each."""
    lines = []
    for i in range(ROWS_PER_BLOCK):
        answer = f"Condition {i} is treated by a doctor; rest, fluids and follow-up visits help. " * 12
        lines.append(json.dumps({"qtype": "treatment", "Question": f"How is condition {i} treated?",
                                 "Answer": answer.strip()}) + "\n")
    return "".join(lines).encode()


def _write_source(path: Path, size: int, broken: bool) -> int | None:
    """Blocks up to ``size`` bytes, with one broken line before the last four blocks (the last
    0.4% of a GiB); returns its line number."""
    block = _block()
    blocks = -(-size // len(block))
    broken_line = None
    with path.open("wb") as handle:
        for index in range(blocks):
            if broken and index == blocks - 4:
                handle.write(b'{"qtype": "treatment", "Question": "How is a cut treated?", "Answer": "Clean it\n')
                broken_line = index * ROWS_PER_BLOCK + 1
            handle.write(block)
    return broken_line


def _prepare(tmp_path: Path, source: Path, name: str) -> tuple[int, str, int, float]:
    """`medgguf data prepare` on ``source``: exit code, stderr, the child's peak RSS in bytes, seconds."""
    command = medgguf_command(
        "data", "prepare", "--preset", "demo", "--name", name, "--runs-dir", tmp_path / "runs",
        "--set", f"data.sources=[{{path: '{source}'}}]", "--set", "data.rows=null", "--set", "data.max_tokens=512")
    stderr_file = tmp_path / f"{name}.stderr"
    rss_file = tmp_path / f"{name}.maxrss"
    env = {**os.environ, "MEDGGUF_CACHE": str(paths.cache_root()), "COLUMNS": "400"}
    # Linux keeps a process's peak RSS across exec, so a child forked straight from this test
    # process (gigabytes after the suite's earlier tests) would report the test's own size. A
    # small launcher forks the command instead and writes the peak of its only child.
    launcher = [sys.executable, "-c", _MAXRSS_LAUNCHER, str(rss_file), *map(str, command)]
    started = time.monotonic()
    with stderr_file.open("w") as stderr:
        code = subprocess.run(launcher, stdout=subprocess.DEVNULL, stderr=stderr, env=env).returncode
    seconds = time.monotonic() - started
    return code, stderr_file.read_text(), int(rss_file.read_text()) * 1024, seconds


_MAXRSS_LAUNCHER = (
    "import pathlib, resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "pathlib.Path(sys.argv[1]).write_text(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))\n"
    "sys.exit(code)\n"
)


def test_a_1gb_jsonl_with_one_broken_line_is_streamed_and_the_line_named(tmp_path, demo_model_dir):
    small = tmp_path / "small.jsonl"
    _write_source(small, 1, broken=False)
    code, stderr, small_rss, _ = _prepare(tmp_path, small, "small")
    assert code == 0, stderr[-3000:]

    big = tmp_path / "big.jsonl"
    started = time.monotonic()
    broken_line = _write_source(big, GIB, broken=True)
    written_in = time.monotonic() - started
    size = big.stat().st_size
    assert size >= GIB and broken_line is not None

    code, stderr, big_rss, seconds = _prepare(tmp_path, big, "big")
    assert code == 0, stderr[-3000:]
    assert "Traceback" not in stderr
    warnings = [line for line in stderr.splitlines() if "not valid JSON" in line]
    assert len(warnings) == 1, stderr[-3000:]
    assert f"big: line {broken_line} is not valid JSON" in warnings[0], warnings[0]
    assert "that row is dropped, the others are kept" in warnings[0]

    stats = json.loads((tmp_path / "runs" / "big" / "data" / "stats.json").read_text())
    (source,) = stats["sources"]
    assert source["drops"] == {"invalid JSON": {"count": 1, "rows": [broken_line]}}
    blocks = size // len(_block())
    assert source["rows_read"] == blocks * ROWS_PER_BLOCK + 1
    assert source["duplicates"]["exact"]["count"] == (blocks - 1) * ROWS_PER_BLOCK
    assert stats["rows_written"] == ROWS_PER_BLOCK

    # Streamed: a thousand times the data costs no more than a fixed margin of memory, never the
    # file. Read whole (before), 128 MiB of these rows peaked at 931 MiB against 375 MiB now.
    assert big_rss < small_rss + (64 << 20), (big_rss, small_rss)
    assert big_rss < size / 2
    print(f"\n1 GiB JSONL: written in {written_in:.1f} s, prepared in {seconds:.0f} s "
          f"({size / seconds / 1e6:.1f} MB/s); peak RSS {big_rss / 2**20:.0f} MiB vs {small_rss / 2**20:.0f} MiB "
          "for 1 MiB")
    assert seconds < 900, f"{seconds:.0f} s for 1 GiB"
