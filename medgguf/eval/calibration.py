"""Text made from a run's splits, and the importance matrix built from it.

Two kinds of text leave here:

* calibration text for ``llama-imatrix``: the user and assistant turns of the **training**
  split only (``source="train"``), or non-medical text of the same token count
  (``source="generic"``: the vendored llama.cpp's Markdown documentation, English technical
  prose that exists on every machine that built medgguf, offline);
* held-out text for perplexity: the test split (optionally val + test), never a training row.

Token counts come from the GGUF's own tokenizer (libllama with ``vocab_only``), the
same one ``llama-imatrix`` and ``llama-perplexity`` use.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from medgguf import atomic, paths

from medgguf.llamacpp import binding, build as native, tools
from medgguf.errors import InputError, StageFailed
from medgguf.run import RunDir, StageRecord, now

log = logging.getLogger(__name__)

CALIBRATION_SOURCES = ("train", "generic")
HELDOUT_SPLITS = {"test": ("test",), "val+test": ("val", "test")}
GENERIC_TEXT_DIR = paths.LLAMA_CPP_SOURCE_DIR


# --------------------------------------------------------------------------------------------
# Reading split rows


@dataclass(frozen=True)
class QARow:
    """One conversation of a split: the turns before the last answer, and that answer."""
    messages: list[dict]      # system/user/assistant turns before the answer
    answer: str

    @property
    def question(self) -> str:
        users = [m["content"] for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""

    def text(self) -> str:
        """The user and assistant text, as plain prose (no template, no system prompt)."""
        turns = [m["content"] for m in self.messages if m.get("role") in ("user", "assistant")]
        return "\n\n".join([*turns, self.answer])


_PAIR_KEYS = (("question", "answer"), ("Question", "Answer"), ("prompt", "response"),
              ("instruction", "output"), ("input", "output"))


def parse_row(row: dict, where: str) -> QARow:
    """A split row in chat form (``messages`` or ``conversations``) or a question/answer pair."""
    turns = row.get("messages") or row.get("conversations")
    if isinstance(turns, list) and turns:
        messages = [{"role": t.get("role") or t.get("from"), "content": t.get("content") or t.get("value") or ""}
                    for t in turns]
        messages = [{"role": {"human": "user", "gpt": "assistant"}.get(m["role"], m["role"]),
                     "content": m["content"]} for m in messages]
        if messages[-1]["role"] == "assistant":
            return QARow(messages=messages[:-1], answer=messages[-1]["content"])
    for q_key, a_key in _PAIR_KEYS:
        if isinstance(row.get(q_key), str) and isinstance(row.get(a_key), str):
            return QARow(messages=[{"role": "user", "content": row[q_key]}], answer=row[a_key])
    raise InputError(f"{where} is neither a chat row (messages ending in an assistant turn) nor a "
                     f"question/answer pair (keys: {', '.join(sorted(row)[:8])})",
                     "rebuild the run's data with `medgguf data` or pass --text FILE")


def read_split(path: Path) -> list[QARow]:
    path = Path(path)
    if not path.exists():
        raise InputError(f"split file {path} does not exist",
                         "build the run's data first (`medgguf build` or `medgguf data`), or pass --text FILE")
    rows = []
    with path.open() as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path} line {number} is not JSON ({exc.msg})", "rebuild the run's data") from exc
            rows.append(parse_row(data, f"{path} line {number}"))
    if not rows:
        raise InputError(f"split file {path} is empty", "rebuild the run's data with more rows")
    return rows


# --------------------------------------------------------------------------------------------
# Tokens


class Tokenizer:
    """The GGUF's tokenizer, loaded without weights; tokenizes like llama-perplexity does.

    Built on the C API rather than ``llama_cpp.Llama(vocab_only=True)``: the latter also makes
    a context, which warns about a zero training context and costs more than the vocab itself.
    """

    def __init__(self, model: Path):
        self.model = Path(model)
        if not self.model.is_file():
            raise InputError(f"model file {model} does not exist", "check the path to the .gguf file")
        self._lib = binding.load()
        params = self._lib.llama_model_default_params()
        params.vocab_only = True
        self._handle = self._lib.llama_model_load_from_file(str(self.model).encode(), params)
        if not self._handle:
            raise InputError(f"llama.cpp could not load the vocabulary of {self.model}",
                             "check the file with `medgguf doctor` or rebuild it")
        self._vocab = self._lib.llama_model_get_vocab(self._handle)

    def __del__(self) -> None:
        if getattr(self, "_handle", None):
            self._lib.llama_model_free(self._handle)
            self._handle = None

    def count(self, text: str, add_bos: bool = True) -> int:
        return len(self.encode(text, add_bos))

    def encode(self, text: str, add_bos: bool = True) -> list[int]:
        # add_special adds BOS only where the vocab asks for it; special=False keeps "<|im_end|>"
        # in prose as plain text, as llama-perplexity and llama-imatrix read their files.
        data = text.encode("utf-8")
        capacity = len(data) + 2
        while True:
            buffer = (self._lib.llama_token * capacity)()
            n = self._lib.llama_tokenize(self._vocab, data, len(data), buffer, capacity, add_bos, False)
            if n >= 0:
                return buffer[:n]
            capacity = -n


def take_tokens(pieces: list[str], tokenizer: Tokenizer, wanted: int, separator: str = "\n\n") -> tuple[str, int]:
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


def _take(pieces: list[str], tokenizer: Tokenizer, wanted: int, separator: str) -> tuple[str, int, bool]:
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


# --------------------------------------------------------------------------------------------
# Calibration text and the importance matrix


def generic_pieces() -> list[str]:
    """Non-medical English prose: llama.cpp's own Markdown docs, in a fixed order."""
    files = sorted(p for p in GENERIC_TEXT_DIR.rglob("*.md") if p.is_file())
    if not files:
        raise InputError(f"no generic calibration text: no Markdown files under {GENERIC_TEXT_DIR}",
                         "run `python vendor/fetch_llama_cpp.py` to restore the vendored source")
    return [p.read_text(errors="replace") for p in files]


def calibration_text(run: RunDir, source: str, tokenizer: Tokenizer, tokens: int) -> tuple[str, int]:
    """``tokens`` tokens of calibration text; for "generic", as many tokens as the train text has."""
    if source not in CALIBRATION_SOURCES:
        raise InputError(f"unknown calibration source {source!r}", f"choose one of: {', '.join(CALIBRATION_SOURCES)}")
    train_rows = read_split(run.data_dir / "train.jsonl")
    train_text, train_tokens = take_tokens([r.text() for r in train_rows], tokenizer, tokens)
    if source == "train":
        return train_text, train_tokens
    # Same size as the domain text, so the comparison isolates the domain.
    return take_tokens(generic_pieces(), tokenizer, train_tokens)


def imatrix_path(run: RunDir, source: str = "train") -> Path:
    return run.gguf_dir / f"imatrix-{source}.gguf"


def ensure_imatrix(run: RunDir, *, source: str = "train", chunks: int = 32, ctx: int = 512,
                   threads: int | None = None, on_progress: tools.ProgressCallback | None = None) -> Path:
    """The run's importance matrix from ``source`` text, rebuilt only when its inputs changed.

    Runs ``llama-imatrix`` on ``run.gguf_file("f16")`` over ``chunks`` contexts of ``ctx``
    tokens of calibration text (training split only for ``source="train"``).
    """
    if chunks < 1 or ctx < 32:
        raise InputError(f"imatrix chunks={chunks}, ctx={ctx} are too small", "use chunks >= 1 and ctx >= 32")
    f16 = run.gguf_file("f16")
    if not f16.exists():
        raise InputError(f"the run has no F16 GGUF ({f16})", "build it first: `medgguf build --name "
                         f"{run.name}`")
    native.tool_path("llama-imatrix")  # a missing tool fails before any work
    out = imatrix_path(run, source)
    text_file = run.path("calibration", f"{source}.txt")
    tokenizer = Tokenizer(f16)
    text, n_tokens = calibration_text(run, source, tokenizer, chunks * ctx)
    if n_tokens < ctx:
        raise InputError(f"the {source} calibration text has only {n_tokens} tokens, less than one context of {ctx}",
                         f"add training rows or lower --set quantize.imatrix_ctx (needs {chunks * ctx} tokens "
                         f"for {chunks} chunks)")
    used_chunks = min(chunks, n_tokens // ctx)
    if used_chunks < chunks:
        log.warning("calibration text (%s) has %d tokens: %d chunks of %d instead of %d",
                    source, n_tokens, used_chunks, ctx, chunks)
    if not (text_file.exists() and text_file.read_text() == text):
        atomic.write_text(text_file, text)
    stage = f"imatrix-{source}"
    inputs = run.describe_all([f16, text_file])
    config = {"source": source, "chunks": used_chunks, "ctx": ctx, "tool": native.versions()["llama_cpp_python"]}
    fingerprint = run.fingerprint(inputs, config)
    if out.exists() and run.is_fresh(stage, fingerprint):
        log.info("importance matrix %s is up to date", run.rel(out))
        return out
    log.info("building the importance matrix from %d chunks of %d tokens of %s text", used_chunks, ctx, source)
    started_at, result = now(), None
    with atomic.atomic_path(out) as tmp:
        result = tools.imatrix(f16, text_file, tmp, ctx=ctx, chunks=used_chunks, threads=threads,
                                  on_progress=on_progress)
    if not out.exists():
        raise StageFailed(f"llama-imatrix wrote no {out.name}", "rerun with --debug to see its output")
    run.record(stage, StageRecord(fingerprint=fingerprint, inputs=inputs, outputs=run.describe_all([out]),
                                  config=config, started_at=started_at, seconds=round(result.seconds, 1),
                                  metrics={"tokens": n_tokens, "chunks": used_chunks}))
    return out


# --------------------------------------------------------------------------------------------
# Held-out text for perplexity


def heldout_text(run: RunDir, split: str = "test") -> tuple[str, int]:
    """The held-out split(s) as prose, and how many rows went in. Never the training split."""
    if split not in HELDOUT_SPLITS:
        raise InputError(f"unknown held-out split {split!r}", f"choose one of: {', '.join(HELDOUT_SPLITS)}")
    rows = [row for name in HELDOUT_SPLITS[split] for row in read_split(run.data_dir / f"{name}.jsonl")]
    return "\n\n".join(r.text() for r in rows), len(rows)
