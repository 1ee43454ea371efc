"""Independent references for the end-to-end checks: llama.cpp's own programs run directly, with
their own argument parsing and output, never through medgguf's wrappers (llamacpp/tools.py).
A check of `medgguf bench` against these compares two code paths, not one function with itself.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from medgguf.llamacpp.build import bin_dir


@dataclass(frozen=True)
class Perplexity:
    ppl: float
    stderr: float


def llama_perplexity(model: Path, text: Path, *, ctx: int, chunks: int, threads: int) -> Perplexity:
    """`llama-perplexity -m MODEL -f TEXT -c CTX --chunks N -t T`, and its "Final estimate" line."""
    argv = [str(bin_dir() / "llama-perplexity"), "-m", str(model), "-f", str(text), "-c", str(ctx),
            "--chunks", str(chunks), "-t", str(threads)]
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    found = re.search(r"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)", result.stdout + result.stderr)
    assert found, f"llama-perplexity printed no final estimate:\n{result.stderr[-2000:]}"
    return Perplexity(float(found.group(1)), float(found.group(2)))
