"""llama.cpp's programs, each wrapped in a typed function: argument lists, never a shell.

Processes are started only here (and, for the compile, in ``build``), and their output is parsed
here: progress lines, llama-perplexity's estimates, llama-bench's JSON.
"""

from __future__ import annotations

import ast
import errno
import functools
import hashlib
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from medgguf import paths
from medgguf.errors import DiskSpaceError, SetupError, StageFailed
from medgguf.hardware import default_threads
from medgguf.llamacpp.build import convert_script, tool_path

log = logging.getLogger(__name__)


ProgressCallback = Callable[[float, float], None]


@dataclass(frozen=True)
class ToolRun:
    argv: list[str]
    seconds: float
    output: str


def _run_tool(
    argv: Sequence[str],
    *,
    progress_pattern: re.Pattern[str] | None = None,
    on_progress: ProgressCallback | None = None,
    env: dict | None = None,
    what: str | None = None,
    writes: Path | None = None,
) -> ToolRun:
    """Run a native tool with an argument list, feeding progress from its output lines.

    Output is read in chunks split on both newline and carriage return, since tqdm and
    llama.cpp redraw progress in place.
    """
    argv = [str(a) for a in argv]
    what = what or Path(argv[0]).name
    log.debug("running %s", argv)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})})
    assert isinstance(proc.stdout, io.BufferedReader)
    captured: list[str] = []
    pending = b""
    try:
        while chunk := proc.stdout.read1(65536):
            pending += chunk
            *lines, pending = re.split(rb"[\r\n]", pending)
            for raw in lines:
                line = raw.decode("utf-8", "replace")
                captured.append(line)
                if progress_pattern is not None and on_progress is not None:
                    match = progress_pattern.search(line)
                    if match:
                        # A pattern with one group reports a percentage.
                        total = float(match.group(2)) if (match.re.groups or 0) >= 2 else 100.0
                        on_progress(float(match.group(1)), total)
        captured.append(pending.decode("utf-8", "replace"))
        code = proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    output = "\n".join(captured)
    if code != 0:
        tail = [line for line in captured if line.strip()][-6:]
        # Python tools say "No space left on device", or numpy's tofile (which fallocates first)
        # "Not enough free space"; llama-quantize says only "iostream error", so a disk left
        # (nearly) full under the file being written counts too.
        disk_full_said = any(message in line for line in captured for message in _DISK_FULL_MESSAGES)
        if disk_full_said or (writes is not None and _disk_full(writes)):
            raise DiskSpaceError(
                f"the disk filled up while {what} was writing (exit {code}); its partial output is removed",
                "free some space (or point MEDGGUF_RUNS / --runs-dir at a larger disk) and run the same command again",
            )
        raise StageFailed(f"{what} failed (exit {code})", "its last lines: " + " | ".join(tail))
    return ToolRun(argv=argv, seconds=time.monotonic() - started, output=output)


def _disk_full(output: Path) -> bool:
    try:
        return shutil.disk_usage(Path(output).parent).free < 1 << 20
    except OSError:
        return False


_DISK_FULL_MESSAGES = (
    os.strerror(errno.ENOSPC),  # "No space left on device", from Python and C tools alike
    "Not enough free space to write",  # numpy's ndarray.tofile when its fallocate is refused
)
_WRITING_PERCENT = re.compile(r"Writing:\s+(\d+)%")  # gguf-py's writer, under both converters
_TENSOR_COUNTER = re.compile(r"^\[\s*(\d+)/\s*(\d+)\]")
_PPL_CHUNK = re.compile(r"(?:calculating perplexity|computing) over (\d+) chunks")


def convert_hf_to_gguf(
    model_dir: Path,
    out_file: Path,
    outtype: str = "f16",
    *,
    metadata: Path | None = None,
    on_progress: ProgressCallback | None = None,
) -> ToolRun:
    """The vendored convert_hf_to_gguf.py, run with the vendored gguf-py first on the path."""
    env = _gguf_py_env()
    argv: list = [sys.executable, convert_script(), model_dir, "--outfile", out_file, "--outtype", outtype]
    if metadata is not None:
        argv += ["--metadata", metadata]
    return _run_tool(
        argv,
        progress_pattern=_WRITING_PERCENT,
        env=env,
        what="convert_hf_to_gguf.py",
        on_progress=on_progress,
        writes=out_file,
    )


def convert_lora_to_gguf(
    adapter_dir: Path,
    out_file: Path,
    *,
    base_dir: Path,
    outtype: str = "f16",
    on_progress: ProgressCallback | None = None,
) -> ToolRun:
    """The vendored convert_lora_to_gguf.py: a PEFT LoRA adapter directory -> an adapter GGUF that
    llama.cpp applies to the unchanged base (``--lora``); ``base_dir`` gives the base's config."""
    script = paths.LLAMA_CPP_SOURCE_DIR / "convert_lora_to_gguf.py"
    if not script.exists():
        raise SetupError(
            f"convert_lora_to_gguf.py not found at {script}",
            "run `python vendor/fetch_llama_cpp.py` (part of `scripts/setup`)",
        )
    argv: list = [sys.executable, script, "--base", base_dir, "--outfile", out_file, "--outtype", outtype, adapter_dir]
    return _run_tool(
        argv,
        progress_pattern=_WRITING_PERCENT,
        env=_gguf_py_env(),
        what="convert_lora_to_gguf.py",
        on_progress=on_progress,
    )


def _gguf_py_env() -> dict:
    gguf_py = paths.LLAMA_CPP_SOURCE_DIR / "gguf-py"
    return {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(gguf_py), os.environ.get("PYTHONPATH")])),
        "NO_LOCAL_GGUF": "",
    }


def set_special_token_ids(src: Path, dst: Path, token_ids: dict[str, int]) -> ToolRun:
    """A copy of ``src`` with special token ids set (``{"eot": 128009}``), by the vendored
    gguf-py's gguf_new_metadata.py; tensors are copied unchanged."""
    script = paths.LLAMA_CPP_SOURCE_DIR / "gguf-py" / "gguf" / "scripts" / "gguf_new_metadata.py"
    argv: list = [sys.executable, script, src, dst, "--force"]
    for kind, token_id in token_ids.items():
        argv += ["--special-token-by-id", kind, str(token_id)]
    return _run_tool(argv, env=_gguf_py_env(), what="gguf_new_metadata.py")


@functools.lru_cache(maxsize=1)
def known_pre_tokenizers() -> tuple[str, dict[str, str]]:
    """The probe text and the pre-tokenizer hashes that the vendored converter recognises.

    convert_hf_to_gguf.py names a BPE tokenizer's pre-tokenizer by the sha256 of the ids it
    gives a fixed text, and stops on a hash it does not know. Reading both from the vendored
    source (never copying them) lets a build refuse such a tokenizer before training.
    """
    for source in sorted((paths.LLAMA_CPP_SOURCE_DIR / "conversion").glob("*.py")) + [convert_script()]:
        text = source.read_text(encoding="utf-8")
        if "def get_vocab_base_pre" not in text:
            continue
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef) and node.name == "get_vocab_base_pre":
                return _probe_and_hashes(node)
    raise SetupError("the vendored llama.cpp converter has no get_vocab_base_pre()", "run `scripts/setup` again")


def _probe_and_hashes(function: ast.FunctionDef) -> tuple[str, dict[str, str]]:
    probe, hashes = "", {}
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and any(isinstance(t, ast.Name) and t.id == "chktxt" for t in node.targets)
        ):
            probe = str(node.value.value)
        if (
            isinstance(node, ast.If)
            and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name)
            and node.test.left.id == "chkhsh"
            and isinstance(node.test.comparators[0], ast.Constant)
        ):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                    hashes[str(node.test.comparators[0].value)] = str(statement.value.value)
    return probe, hashes


def check_pre_tokenizer(tokenizer, model_dir: Path | str) -> str | None:
    """The llama.cpp pre-tokenizer name of a byte-level BPE tokenizer (Llama 3, SmolLM2, ...),
    None for a SentencePiece one; an InputError when the converter would not recognise it."""
    model_dir = Path(model_dir)
    tokenizer_json = model_dir / "tokenizer.json"
    if (model_dir / "tokenizer.model").exists() or not tokenizer_json.is_file():
        return None
    model = json.loads(tokenizer_json.read_text(encoding="utf-8")).get("model", {})
    if model.get("type") != "BPE" or model.get("byte_fallback"):
        return None
    probe, hashes = known_pre_tokenizers()
    digest = hashlib.sha256(str(tokenizer.encode(probe)).encode()).hexdigest()
    if digest not in hashes:
        from medgguf.errors import InputError

        raise InputError(
            f"the tokenizer of {model_dir} has a BPE pre-tokenizer that the vendored llama.cpp does "
            f"not recognise (chkhsh {digest[:16]}…), so it cannot be converted to GGUF",
            "use a tokenizer of a model llama.cpp supports, or a llama.cpp pin that knows it",
        )
    return hashes[digest]


def quantize(
    src: Path,
    dst: Path,
    qtype: str,
    *,
    imatrix: Path | None = None,
    threads: int | None = None,
    allow_requantize: bool = False,
    options: Sequence[str] = (),
    on_progress: ProgressCallback | None = None,
) -> ToolRun:
    """llama-quantize; ``options`` are per-tensor choices placed before the paths
    (``--pure``, ``--tensor-type REGEX=TYPE``, ``--token-embedding-type TYPE``, ...)."""
    argv: list = [tool_path("llama-quantize")]
    if imatrix is not None:
        argv += ["--imatrix", imatrix]
    if allow_requantize:
        argv.append("--allow-requantize")
    argv += [*options, src, dst, qtype, str(default_threads(threads))]
    return _run_tool(argv, progress_pattern=_TENSOR_COUNTER, on_progress=on_progress, writes=dst)


# llama-quant.cpp, tensor_type_fallback(): "warning: blk.0.attn_q.weight - ncols 576 not divisible
# by 256 (required for type q4_K) -> falling back to q5_0" (possibly with an F16 note between).
_FALLBACK = re.compile(
    r"warning:\s+(\S+)\s+-\s+ncols\s+\d+\s+not divisible by\s+\d+\s+\(required for type\s+(\w+)\).*?"
    r"falling back to\s+(\w+)"
)


def quantize_fallbacks(output: str) -> list[tuple[str, str, str]]:
    """(tensor, wanted type, type llama-quantize used instead) for every silent fallback in a run's output."""
    return [(m.group(1), m.group(2), m.group(3)) for m in _FALLBACK.finditer(output)]


def imatrix(
    model: Path,
    text_file: Path,
    out_file: Path,
    *,
    ctx: int = 512,
    chunks: int | None = None,
    threads: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> ToolRun:
    argv: list = [
        tool_path("llama-imatrix"),
        "-m",
        model,
        "-f",
        text_file,
        "-o",
        out_file,
        "-c",
        ctx,
        "-t",
        default_threads(threads),
        "--no-ppl",
    ]
    if chunks:
        argv += ["--chunks", chunks]
    return _run_tool(argv, progress_pattern=re.compile(r"\[(\d+)/(\d+)\]"), on_progress=on_progress)


@dataclass(frozen=True)
class PerplexityResult:
    ppl: float
    ppl_stderr: float
    chunks: int
    run: ToolRun


_FINAL_PPL = re.compile(r"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)")


def perplexity(
    model: Path,
    text_file: Path,
    *,
    ctx: int = 512,
    chunks: int | None = None,
    threads: int | None = None,
    batch: int | None = None,
    extra: Sequence[str] = (),
    on_progress: ProgressCallback | None = None,
) -> PerplexityResult:
    """llama-perplexity's own number, for reference and agreement checks."""
    argv: list = [
        tool_path("llama-perplexity"),
        "-m",
        model,
        "-f",
        text_file,
        "-c",
        ctx,
        "-t",
        default_threads(threads),
        *extra,
    ]
    if chunks:
        argv += ["--chunks", chunks]
    if batch:
        argv += ["-b", batch]

    def track(done: float, _ppl_so_far: float) -> None:
        if on_progress:
            on_progress(done, float(chunks) if chunks else done)

    # llama-perplexity prints "[1]12.3456,[2]11.9876,..." as chunks finish.
    run = _run_tool(argv, progress_pattern=re.compile(r"\[(\d+)\]([0-9.]+)"), on_progress=track)
    found = _FINAL_PPL.search(run.output)
    counted = _PPL_CHUNK.search(run.output)
    if not found:
        raise StageFailed(
            "llama-perplexity printed no final estimate",
            "the text may be shorter than two contexts; use a longer --text",
        )
    return PerplexityResult(
        ppl=float(found.group(1)),
        ppl_stderr=float(found.group(2)),
        chunks=int(counted.group(1)) if counted else 0,
        run=run,
    )


@dataclass(frozen=True)
class BenchRow:
    test: str  # "pp512" or "tg128"
    n_prompt: int
    n_gen: int
    threads: int
    avg_ts: float  # tokens per second
    stddev_ts: float
    model_size: int
    model_n_params: int
    n_depth: int = 0  # tokens already in the KV cache when the test starts ("tg128 @ d80")


def bench(
    model: Path,
    *,
    threads: int | None = None,
    n_prompt: int = 512,
    n_gen: int = 128,
    repetitions: int = 3,
    depths: Sequence[int] = (),
) -> list[BenchRow]:
    """llama-bench's pp/tg tokens per second, parsed from its JSON output; with ``depths``, each
    test also at a filled KV cache, as a chat decodes after its prompt (``-d``)."""
    argv: list = [
        tool_path("llama-bench"),
        "-m",
        model,
        "-t",
        default_threads(threads),
        "-p",
        n_prompt,
        "-n",
        n_gen,
        "-r",
        repetitions,
        "-o",
        "json",
    ]
    if depths:
        argv += ["-d", ",".join(str(d) for d in depths)]
    run = _run_tool(argv)
    rows = json.loads(run.output[run.output.find("[") : run.output.rfind("]") + 1])
    result = []
    for row in rows:
        n_p, n_g = int(row["n_prompt"]), int(row["n_gen"])
        result.append(
            BenchRow(
                test=f"pp{n_p}" if n_p else f"tg{n_g}",
                n_prompt=n_p,
                n_gen=n_g,
                threads=int(row["n_threads"]),
                avg_ts=float(row["avg_ts"]),
                stddev_ts=float(row["stddev_ts"]),
                model_size=int(row["model_size"]),
                model_n_params=int(row["model_n_params"]),
                n_depth=int(row.get("n_depth", 0)),
            )
        )
    return result


@dataclass(frozen=True)
class KLDivergenceResult:
    """llama-perplexity --kl-divergence's summary (tools/perplexity/perplexity.cpp, kl_divergence)."""

    ppl: float
    ppl_stderr: float
    ppl_base: float
    ppl_base_stderr: float
    ppl_diff: float
    ppl_diff_stderr: float
    kld_mean: float
    kld_mean_stderr: float
    kld_median: float
    kld_p99: float
    kld_max: float
    same_top_pct: float
    same_top_pct_stderr: float
    chunks: int
    run: ToolRun


_NUM = r"(-?[0-9.]+(?:e[-+]?[0-9]+)?|-?nan|-?inf)"
_KLD_LINES = {
    "ppl": re.compile(rf"Mean PPL\(Q\)\s*:\s*{_NUM}\s*±\s*{_NUM}"),
    "ppl_base": re.compile(rf"Mean PPL\(base\)\s*:\s*{_NUM}\s*±\s*{_NUM}"),
    "ppl_diff": re.compile(rf"Mean PPL\(Q\)-PPL\(base\)\s*:\s*{_NUM}\s*±\s*{_NUM}"),
    "kld_mean": re.compile(rf"Mean\s+KLD:\s*{_NUM}\s*±\s*{_NUM}"),
    "kld_median": re.compile(rf"Median\s+KLD:\s*{_NUM}"),
    "kld_p99": re.compile(rf"99\.0%\s+KLD:\s*{_NUM}"),
    "kld_max": re.compile(rf"Maximum KLD:\s*{_NUM}"),
    "same_top_pct": re.compile(rf"Same top p:\s*{_NUM}\s*±\s*{_NUM}\s*%"),
}


def parse_kl_divergence(output: str) -> dict[str, float]:
    """The summary numbers of a --kl-divergence run; a missing line is a StageFailed."""
    values: dict[str, float] = {}
    for name, pattern in _KLD_LINES.items():
        found = pattern.search(output)
        if not found:
            raise StageFailed(
                f"llama-perplexity --kl-divergence printed no {name!r} line",
                "the text may be too short (fewer than 100 scored tokens); use a longer text",
            )
        values[name] = float(found.group(1))
        if (pattern.groups or 0) >= 2:
            values[f"{name}_stderr"] = float(found.group(2))
    return values


def kl_divergence(
    model: Path,
    base_logits: Path,
    *,
    ctx: int = 512,
    threads: int | None = None,
    batch: int | None = None,
    on_progress: ProgressCallback | None = None,
) -> KLDivergenceResult:
    """Compare ``model`` against the log-probabilities a base model saved with
    ``perplexity(..., extra=["--kl-divergence-base", FILE])``; the tokens come from that file."""
    argv: list = [
        tool_path("llama-perplexity"),
        "-m",
        model,
        "--kl-divergence-base",
        base_logits,
        "--kl-divergence",
        "-c",
        ctx,
        "-t",
        default_threads(threads),
    ]
    if batch:
        argv += ["-b", batch]
    # One row per chunk, "   3      5.1234 ±    0.1234 ..."; the caller knows the chunk count.
    chunk_row = re.compile(r"^\s*(\d+)\s+[0-9.]+\s+±")
    run = _run_tool(
        argv,
        progress_pattern=chunk_row,
        on_progress=(lambda done, _total: on_progress(done, 0.0)) if on_progress else None,
    )
    values = parse_kl_divergence(run.output)
    counted = _PPL_CHUNK.search(run.output)
    return KLDivergenceResult(**values, chunks=int(counted.group(1)) if counted else 0, run=run)
