"""The calibration text an importance matrix is made from, and the matrix itself.

The text is the user and assistant turns of the **training** split only (``source="train"``),
or non-medical text of the same token count (``source="generic"``: the vendored llama.cpp's
Markdown documentation, English technical prose that exists on every machine that built
medgguf, offline). Token counts come from the GGUF's own tokenizer, the one ``llama-imatrix``
uses.
"""

from __future__ import annotations

import logging
from pathlib import Path

from medgguf import atomic, paths
from medgguf.config import QuantizeConfig
from medgguf.errors import InputError, StageFailed
from medgguf.eval.heldout import read_split
from medgguf.llamacpp import tools
from medgguf.llamacpp.binding import Vocabulary
from medgguf.llamacpp.build import tool_path, versions
from medgguf.progress import Notify, tool_progress
from medgguf.run import RunDir

log = logging.getLogger(__name__)

CALIBRATION_SOURCES = ("train", "generic")
GENERIC_TEXT_DIR = paths.LLAMA_CPP_SOURCE_DIR


def take_tokens(pieces: list[str], tokenizer: Vocabulary, wanted: int, separator: str = "\n\n") -> tuple[str, int]:
    """Join pieces in order until the text holds at least ``wanted`` tokens (or all of them).

    Pieces are counted one by one, and a joined text can tokenize shorter than the sum of its
    parts (whitespace merges), so the target grows by the shortfall until the join is long enough.
    """
    target, text, count = wanted, "", 0
    for _ in range(8):
        text, count, exhausted = _take(pieces, tokenizer, target, separator)
        if count >= wanted or exhausted:
            break
        target += wanted - count + 8
    return text, count


def _take(pieces: list[str], tokenizer: Vocabulary, wanted: int, separator: str) -> tuple[str, int, bool]:
    taken: list[str] = []
    total = 0
    exhausted = True
    for piece in pieces:
        if total >= wanted:
            exhausted = False
            break
        count = tokenizer.count(piece + separator, add_bos=False)
        if total + count > wanted:
            lines, kept = piece.splitlines(), []
            for line in lines:
                line_count = tokenizer.count(line + "\n", add_bos=False)
                if total + line_count > wanted:
                    break
                kept.append(line)
                total += line_count
            if kept:
                taken.append("\n".join(kept))
            exhausted = False
            break
        taken.append(piece)
        total += count
    text = separator.join(taken)
    return text, tokenizer.count(text), exhausted


def generic_pieces() -> list[str]:
    """Non-medical English prose: llama.cpp's own Markdown docs, in a fixed order."""
    files = sorted(p for p in GENERIC_TEXT_DIR.rglob("*.md") if p.is_file())
    if not files:
        raise InputError(
            f"no generic calibration text: no Markdown files under {GENERIC_TEXT_DIR}",
            "run `python vendor/fetch_llama_cpp.py` to restore the vendored source",
        )
    return [p.read_text(errors="replace") for p in files]


def calibration_text(run: RunDir, source: str, tokenizer: Vocabulary, tokens: int) -> tuple[str, int]:
    """``tokens`` tokens of calibration text; for "generic", as many tokens as the train text has."""
    if source not in CALIBRATION_SOURCES:
        raise InputError(f"unknown calibration source {source!r}", f"choose one of: {', '.join(CALIBRATION_SOURCES)}")
    train_rows = read_split(run.split_file("train"))
    train_text, train_tokens = take_tokens([r.text() for r in train_rows], tokenizer, tokens)
    if source == "train":
        return train_text, train_tokens
    # Same size as the domain text, so the comparison isolates the domain.
    return take_tokens(generic_pieces(), tokenizer, train_tokens)


def ensure_imatrix(
    run: RunDir,
    *,
    source: str = "train",
    chunks: int = QuantizeConfig.imatrix_chunks,
    ctx: int = QuantizeConfig.imatrix_ctx,
    threads: int | None = None,
    notify: Notify | None = None,
) -> Path:
    """The run's importance matrix from ``source`` text, rebuilt only when its inputs changed.

    Runs ``llama-imatrix`` on the run's F16 GGUF over ``chunks`` contexts of ``ctx`` tokens of
    calibration text (training split only for ``source="train"``).
    """
    if chunks < 1 or ctx < 32:
        raise InputError(f"imatrix chunks={chunks}, ctx={ctx} are too small", "use chunks >= 1 and ctx >= 32")
    f16 = run.built_f16()
    tool_path("llama-imatrix")  # a missing tool fails before any work
    out = run.imatrix_file(source)
    text_file = run.calibration_file(source)
    text, n_tokens = calibration_text(run, source, Vocabulary(f16), chunks * ctx)
    if n_tokens < ctx:
        raise InputError(
            f"the {source} calibration text has only {n_tokens} tokens, less than one context of {ctx}",
            f"add training rows or lower --set quantize.imatrix_ctx (needs {chunks * ctx} tokens for {chunks} chunks)",
        )
    used_chunks = min(chunks, n_tokens // ctx)
    if used_chunks < chunks:
        log.warning(
            "calibration text (%s) has %d tokens: %d chunks of %d instead of %d",
            source,
            n_tokens,
            used_chunks,
            ctx,
            chunks,
        )
    atomic.update_text(text_file, text)

    def build() -> dict:
        log.info("building the importance matrix from %d chunks of %d tokens of %s text", used_chunks, ctx, source)
        with atomic.atomic_path(out) as tmp:
            tools.imatrix(
                f16,
                text_file,
                tmp,
                ctx=ctx,
                chunks=used_chunks,
                threads=threads,
                on_progress=tool_progress(notify, f"imatrix ({source} text)"),
            )
        if not out.exists():
            raise StageFailed(f"llama-imatrix wrote no {out.name}", "rerun with --debug to see its output")
        return {"tokens": n_tokens, "chunks": used_chunks}

    config = {"source": source, "chunks": used_chunks, "ctx": ctx, "tool": versions()["llama_cpp_python"]}
    if run.cached(f"imatrix-{source}", [f16, text_file], config, build, outputs=[out]).skipped:
        log.info("importance matrix %s is up to date", run.rel(out))
    return out
