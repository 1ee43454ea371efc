"""Text from a run's splits: the rows as question/answer pairs, and the held-out text that
perplexity is measured on (the test split, optionally val + test; never a training row).

Token counts come from the GGUF's own tokenizer (libllama with ``vocab_only``), the same one
``llama-perplexity`` uses.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from medgguf import atomic
from medgguf.errors import InputError
from medgguf.eval import DEFAULT_CTX
from medgguf.llamacpp.binding import Vocabulary
from medgguf.run import RunDir

HELDOUT_SPLITS = {"test": ("test",), "val+test": ("val", "test")}


@dataclass(frozen=True)
class QARow:
    """One conversation of a split: the turns before the last answer, and that answer."""

    messages: list[dict]  # system/user/assistant turns before the answer
    answer: str

    @property
    def question(self) -> str:
        users = [m["content"] for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""

    def text(self) -> str:
        """The user and assistant text, as plain prose (no template, no system prompt)."""
        turns = [m["content"] for m in self.messages if m.get("role") in ("user", "assistant")]
        return "\n\n".join([*turns, self.answer])


_PAIR_KEYS = (
    ("question", "answer"),
    ("Question", "Answer"),
    ("prompt", "response"),
    ("instruction", "output"),
    ("input", "output"),
)


def parse_row(row: dict, where: str) -> QARow:
    """A split row in chat form (``messages`` or ``conversations``) or a question/answer pair."""
    turns = row.get("messages") or row.get("conversations")
    if isinstance(turns, list) and turns:
        messages = [
            {"role": t.get("role") or t.get("from"), "content": t.get("content") or t.get("value") or ""} for t in turns
        ]
        messages = [
            {"role": {"human": "user", "gpt": "assistant"}.get(m["role"], m["role"]), "content": m["content"]}
            for m in messages
        ]
        if messages[-1]["role"] == "assistant":
            return QARow(messages=messages[:-1], answer=messages[-1]["content"])
    for q_key, a_key in _PAIR_KEYS:
        if isinstance(row.get(q_key), str) and isinstance(row.get(a_key), str):
            return QARow(messages=[{"role": "user", "content": row[q_key]}], answer=row[a_key])
    raise InputError(
        f"{where} is neither a chat row (messages ending in an assistant turn) nor a "
        f"question/answer pair (keys: {', '.join(sorted(row)[:8])})",
        "rebuild the run's data with `medgguf data` or pass --text FILE",
    )


def read_split(path: Path) -> list[QARow]:
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"split file {path} does not exist",
            "build the run's data first (`medgguf build` or `medgguf data`), or pass --text FILE",
        )
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


def heldout_text(run: RunDir, split: str = "test") -> tuple[str, int]:
    """The held-out split(s) as prose, and how many rows went in. Never the training split."""
    if split not in HELDOUT_SPLITS:
        raise InputError(f"unknown held-out split {split!r}", f"choose one of: {', '.join(HELDOUT_SPLITS)}")
    rows = [row for name in HELDOUT_SPLITS[split] for row in read_split(run.split_file(name))]
    return "\n\n".join(r.text() for r in rows), len(rows)


@dataclass(frozen=True)
class HeldOutText:
    path: Path
    tokens: int
    description: str
    sha256: str

    def chunks_for(self, ctx: int, wanted: int | None) -> int:
        available = self.tokens // ctx
        return available if not wanted else min(wanted, available)


def prepare_text(
    tokenizer_model: Path,
    *,
    text_file: Path | None = None,
    run: RunDir | None = None,
    split: str = "test",
    ctx: int = DEFAULT_CTX,
) -> HeldOutText:
    """The held-out text as a file llama-perplexity reads, checked to hold at least two contexts."""
    if ctx < 16 or ctx % 2:
        raise InputError(f"--ctx {ctx} is not usable", "use an even context of at least 16 tokens, e.g. 512")
    if text_file is not None:
        text_file = Path(text_file)
        if not text_file.is_file():
            raise InputError(f"text file {text_file} does not exist", "check the --text path")
        text = text_file.read_text(errors="replace")
        path, description = text_file, str(text_file)
    elif run is not None:
        text, rows = heldout_text(run, split)
        path = run.heldout_file(split)
        atomic.update_text(path, text)
        description = f"{run.name} {split} split ({rows} rows)"
    else:
        raise InputError("no held-out text given", "pass --text FILE or --dataset RUN_NAME")
    tokens = Vocabulary(tokenizer_model).count(text)
    if tokens < 2 * ctx:
        more = " or use --split val+test" if run is not None and text_file is None and split == "test" else ""
        raise InputError(
            f"the held-out text ({description}) has {tokens} tokens, fewer than two contexts of {ctx}: "
            f"perplexity needs at least {2 * ctx} tokens",
            f"give a longer text{more}, or lower --ctx to {max(16, (tokens // 2) // 2 * 2)} or less",
        )
    return HeldOutText(path=path, tokens=tokens, description=description, sha256=atomic.sha256_file(path))
