"""Perplexity, KL-divergence against a base model, and speed of one GGUF.

Perplexity is llama.cpp's: the text is cut into chunks of ``ctx`` tokens and only the second
half of each chunk is scored, so every scored token sees at least ``ctx/2`` tokens of context.
The numbers come from ``llama-perplexity`` itself (plain mode, or ``--kl-divergence`` against
a base model's saved log-probabilities), so they equal a hand run on the same file.

The base's log-probabilities are cached on disk: ``ctx/2 - 1`` scored positions per chunk times
``n_vocab + 4`` uint16 each (llama.cpp's format), about 25 MB per 512-token chunk at SmolLM2's
49,152 vocab and 3 GB for 60K tokens. ``chunks`` caps the tokens, and the disk is checked first.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from medgguf import atomic, hardware, paths
from medgguf.errors import InputError
from medgguf.eval import DEFAULT_CHUNKS, DEFAULT_CTX
from medgguf.eval.heldout import HeldOutText
from medgguf.llamacpp import tools
from medgguf.progress import Notify, tool_progress
from medgguf.run import check_disk, human_bytes

log = logging.getLogger(__name__)

LOGITS_DISK_FIX = "lower --chunks, or free some space / point --logits-cache at a larger disk"


# --------------------------------------------------------------------------------------------
# What a GGUF is


@dataclass(frozen=True)
class ModelIdentity:
    path: Path
    architecture: str
    vocab_size: int
    n_params: int
    file_size: int
    file_type: str
    bits_per_weight: float


def identify(path: Path) -> ModelIdentity:
    """Architecture, vocabulary, parameter count and size of a GGUF, validated by gguf_check
    (missing, truncated or foreign files and unsupported architectures are InputErrors)."""
    from medgguf.llamacpp.gguf_check import inspect_gguf

    info = inspect_gguf(Path(path))
    return ModelIdentity(
        path=Path(path),
        architecture=info.architecture,
        vocab_size=info.vocab_size or 0,
        n_params=info.n_params,
        file_size=info.size_bytes,
        file_type=info.file_type,
        bits_per_weight=info.bits_per_weight,
    )


def check_comparable(base: ModelIdentity, model: ModelIdentity) -> None:
    """KL-divergence only means something between two encodings of one architecture and vocabulary."""
    if base.architecture != model.architecture:
        raise InputError(
            f"the base {base.path.name} is a {base.architecture!r} model but "
            f"{model.path.name} is {model.architecture!r}",
            "compare quants of the same model: give --base the F16 GGUF they were made from",
        )
    if base.vocab_size != model.vocab_size:
        raise InputError(
            f"the base {base.path.name} has a vocabulary of {base.vocab_size} tokens but "
            f"{model.path.name} has {model.vocab_size}",
            "compare quants of the same model: give --base the F16 GGUF they were made from",
        )


# --------------------------------------------------------------------------------------------
# The logits cache


def logits_cache_bytes(n_vocab: int, ctx: int, chunks: int) -> int:
    """Size of llama-perplexity's --kl-divergence-base file (perplexity.cpp, perplexity())."""
    per_token = 2 * (2 * ((n_vocab + 1) // 2) + 4)
    return 8 + 4 + 4 + 4 + 4 * ctx * chunks + per_token * (ctx - 1 - ctx // 2) * chunks


def save_base_logits(
    base: Path,
    text: HeldOutText,
    out: Path,
    *,
    ctx: int,
    chunks: int,
    threads: int | None = None,
    vocab_size: int | None = None,
    notify: Notify | None = None,
) -> tools.PerplexityResult:
    """Run the base over the text once, keeping its log-probabilities for every later KLD run."""
    vocab_size = vocab_size or identify(base).vocab_size
    size = logits_cache_bytes(vocab_size, ctx, chunks)
    check_disk(
        out.parent,
        size,
        f"the base model's logits cache ({chunks} chunks of {ctx} tokens at a {vocab_size} vocab)",
        LOGITS_DISK_FIX,
    )
    log.info(
        "base logits cache: %s for %d chunks of %d tokens at a %d-token vocab (--chunks limits it)",
        human_bytes(size),
        chunks,
        ctx,
        vocab_size,
    )
    with atomic.atomic_path(out) as tmp:
        return tools.perplexity(
            base,
            text.path,
            ctx=ctx,
            chunks=chunks,
            threads=threads,
            extra=["--kl-divergence-base", str(tmp)],
            on_progress=tool_progress(notify, f"base logits {label_of(base)}", chunks),
        )


# --------------------------------------------------------------------------------------------
# One model's bench


@dataclass
class BenchResult:
    model: str
    label: str
    architecture: str
    file_size: int
    n_params: int
    bits_per_weight: float
    text: str
    ctx: int
    chunks: int
    tokens_scored: int
    ppl: float
    ppl_stderr: float
    base: str | None = None
    ppl_base: float | None = None
    delta_ppl: float | None = None
    delta_ppl_stderr: float | None = None
    kld_mean: float | None = None
    kld_mean_stderr: float | None = None
    kld_median: float | None = None
    kld_p99: float | None = None
    kld_max: float | None = None
    same_top_pct: float | None = None
    same_top_pct_stderr: float | None = None
    pp_tps: float | None = None
    pp_tps_stddev: float | None = None
    tg_tps: float | None = None
    tg_tps_stddev: float | None = None
    threads: int | None = None
    seconds: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def label_of(path: Path) -> str:
    return Path(path).stem


def _new_result(
    model: Path,
    identity: ModelIdentity,
    text: HeldOutText,
    *,
    ctx: int,
    n_chunks: int,
    label: str | None,
    threads: int | None,
) -> BenchResult:
    return BenchResult(
        model=str(model),
        label=label or label_of(model),
        architecture=identity.architecture,
        file_size=identity.file_size,
        n_params=identity.n_params,
        bits_per_weight=round(identity.bits_per_weight, 4),
        text=text.description,
        ctx=ctx,
        chunks=n_chunks,
        tokens_scored=n_chunks * (ctx - 1 - ctx // 2),
        ppl=float("nan"),
        ppl_stderr=float("nan"),
        threads=hardware.default_threads(threads),
    )


@contextlib.contextmanager
def _timed(result: BenchResult, what: str) -> Iterator[None]:
    started = time.monotonic()
    yield
    result.seconds[what] = round(time.monotonic() - started, 2)


def bench_model(
    model: Path,
    text: HeldOutText,
    *,
    ctx: int = DEFAULT_CTX,
    chunks: int | None = DEFAULT_CHUNKS,
    base: Path | None = None,
    base_logits: Path | None = None,
    threads: int | None = None,
    speed: bool = True,
    speed_repetitions: int = 3,
    label: str | None = None,
    base_ppl: float | None = None,
    notify: Notify | None = None,
) -> BenchResult:
    """Perplexity (and KLD/ΔPPL against ``base``) on ``text``, and llama-bench speed.

    With ``base``, its log-probabilities are read from ``base_logits`` when that file exists and
    written there otherwise; without ``base_logits`` a temporary file is used and removed.

    The KLD summary's "PPL(base)" is computed from the 16-bit log-probabilities stored in the
    cache and is ~0.1% off the base's real perplexity, so PPL(base) and ΔPPL use the base's own
    run (``base_ppl``, or the run that writes the cache) whenever it is known.
    """
    identity = identify(model)
    n_chunks = text.chunks_for(ctx, chunks)
    result = _new_result(model, identity, text, ctx=ctx, n_chunks=n_chunks, label=label, threads=threads)
    if base is None:
        with _timed(result, "perplexity"):
            ppl = tools.perplexity(
                model,
                text.path,
                ctx=ctx,
                chunks=n_chunks,
                threads=threads,
                on_progress=tool_progress(notify, f"perplexity {result.label}", n_chunks),
            )
        result.ppl, result.ppl_stderr = ppl.ppl, ppl.ppl_stderr
    else:
        base_identity = identify(base)
        check_comparable(base_identity, identity)
        result.base = str(base)
        with _LogitsFile(base_logits) as logits:
            if not logits.exists():
                with _timed(result, "base_logits"):
                    base_ppl = save_base_logits(
                        base,
                        text,
                        logits,
                        ctx=ctx,
                        chunks=n_chunks,
                        threads=threads,
                        vocab_size=base_identity.vocab_size,
                        notify=notify,
                    ).ppl
                log.info("base %s: PPL %.4f", label_of(base), base_ppl)
            with _timed(result, "kl_divergence"):
                kld = tools.kl_divergence(
                    model,
                    logits,
                    ctx=ctx,
                    threads=threads,
                    on_progress=tool_progress(notify, f"KLD {result.label}", n_chunks),
                )
        result.ppl, result.ppl_stderr = kld.ppl, kld.ppl_stderr
        result.ppl_base = base_ppl if base_ppl is not None else kld.ppl_base
        result.delta_ppl = kld.ppl - base_ppl if base_ppl is not None else kld.ppl_diff
        result.delta_ppl_stderr = kld.ppl_diff_stderr
        result.kld_mean, result.kld_mean_stderr = kld.kld_mean, kld.kld_mean_stderr
        result.kld_median, result.kld_p99, result.kld_max = kld.kld_median, kld.kld_p99, kld.kld_max
        result.same_top_pct, result.same_top_pct_stderr = kld.same_top_pct, kld.same_top_pct_stderr
    if speed:
        _measure_speed(result, model, threads, speed_repetitions, notify)
    return result


def bench_reference(
    base: Path,
    text: HeldOutText,
    base_logits: Path,
    *,
    ctx: int = DEFAULT_CTX,
    chunks: int | None = DEFAULT_CHUNKS,
    threads: int | None = None,
    speed: bool = True,
    speed_repetitions: int = 3,
    label: str | None = None,
    notify: Notify | None = None,
) -> BenchResult:
    """The base's own row (KLD 0 by definition): its perplexity, measured while saving its logits
    to ``base_logits`` (or plainly when they were saved earlier), and its speed."""
    identity = identify(base)
    n_chunks = text.chunks_for(ctx, chunks)
    result = _new_result(base, identity, text, ctx=ctx, n_chunks=n_chunks, label=label, threads=threads)
    result.base, result.delta_ppl, result.delta_ppl_stderr = str(base), 0.0, 0.0
    result.kld_mean = result.kld_mean_stderr = result.kld_median = result.kld_p99 = result.kld_max = 0.0
    result.same_top_pct, result.same_top_pct_stderr = 100.0, 0.0
    if Path(base_logits).exists():
        with _timed(result, "perplexity"):
            ppl = tools.perplexity(
                base,
                text.path,
                ctx=ctx,
                chunks=n_chunks,
                threads=threads,
                on_progress=tool_progress(notify, f"perplexity {result.label}", n_chunks),
            )
    else:
        with _timed(result, "base_logits"):
            ppl = save_base_logits(
                base,
                text,
                Path(base_logits),
                ctx=ctx,
                chunks=n_chunks,
                threads=threads,
                vocab_size=identity.vocab_size,
                notify=notify,
            )
    result.ppl, result.ppl_stderr, result.ppl_base = ppl.ppl, ppl.ppl_stderr, ppl.ppl
    if speed:
        _measure_speed(result, base, threads, speed_repetitions, notify)
    return result


def _measure_speed(
    result: BenchResult, model: Path, threads: int | None, repetitions: int, notify: Notify | None
) -> None:
    if notify:
        notify(f"speed {result.label}", 0, 1)
    with _timed(result, "speed"):
        rows = tools.bench(model, threads=threads, repetitions=repetitions)
    for row in rows:
        if row.n_prompt and not row.n_gen:
            result.pp_tps, result.pp_tps_stddev = round(row.avg_ts, 2), round(row.stddev_ts, 2)
        elif row.n_gen and not row.n_prompt:
            result.tg_tps, result.tg_tps_stddev = round(row.avg_ts, 2), round(row.stddev_ts, 2)


class _LogitsFile:
    """The given cache path, or a temporary file beside the cache root removed on exit."""

    def __init__(self, given: Path | None):
        self.given = Path(given) if given else None
        self.temporary: Path | None = None

    def __enter__(self) -> Path:
        if self.given:
            self.given.parent.mkdir(parents=True, exist_ok=True)
            return self.given
        directory = paths.cache_root() / "kld"
        directory.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix="base-logits-", suffix=".bin", dir=directory)
        os.close(handle)
        os.unlink(name)
        self.temporary = Path(name)
        return self.temporary

    def __exit__(self, *exc) -> None:
        if self.temporary is not None:
            self.temporary.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------------
# Output: the columns and cell formats of the bench table (the terminal's and the report's), CSV


TABLE_COLUMNS: list[tuple[str, str]] = [
    ("label", "model"),
    ("file_size", "size"),
    ("bits_per_weight", "bpw"),
    ("ppl", "PPL"),
    ("delta_ppl", "ΔPPL"),
    ("kld_mean", "KLD mean"),
    ("kld_median", "KLD median"),
    ("kld_p99", "KLD p99"),
    ("kld_max", "KLD max"),
    ("same_top_pct", "same top %"),
    ("pp_tps", "prompt t/s"),
    ("tg_tps", "gen t/s"),
]


def format_cell(key: str, row: dict) -> str:
    value = row.get(key)
    if value is None or value == "":
        return "–"
    if key == "file_size":
        return human_bytes(value)
    if key == "ppl":
        return f"{value:.4f} ± {row.get('ppl_stderr') or 0:.4f}"
    if key == "delta_ppl":
        return f"{value:+.4f} ± {row.get('delta_ppl_stderr') or 0:.4f}"
    if key == "kld_mean":
        return f"{value:.5f} ± {row.get('kld_mean_stderr') or 0:.5f}"
    if key.startswith("kld_"):
        return f"{value:.5f}"
    if key == "same_top_pct":
        return f"{value:.2f} ± {row.get('same_top_pct_stderr') or 0:.2f}"
    if key in ("pp_tps", "tg_tps"):
        return f"{value:.1f}"
    if key == "bits_per_weight":
        return f"{value:.2f}"
    return str(value)


def to_csv(rows: list[dict]) -> str:
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys and not isinstance(row[k], dict)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=keys, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in keys})
    return buffer.getvalue()
