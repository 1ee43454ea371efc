"""The one module that knows where the vendored llama.cpp lives and starts its programs.

It builds the tools once per machine into a cache keyed by the pinned version and the build
flags (``python -m medgguf.llamacpp build``), and wraps each tool in a typed function. Processes
are started only here, only with argument lists.
"""
from __future__ import annotations

import ast
import contextlib
import fcntl
import functools
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from medgguf import paths
from medgguf.errors import SetupError, StageFailed

log = logging.getLogger(__name__)

TOOL_NAMES = ("llama-quantize", "llama-imatrix", "llama-perplexity", "llama-bench", "llama-tokenize")
BUILD_TARGET = "medgguf_tools"
SETUP_HINT = "run `scripts/setup` (or `python -m medgguf.llamacpp build`) to build them"


# --------------------------------------------------------------------------------------------
# The pin and the build cache


def load_pin() -> dict:
    return json.loads(paths.PIN_FILE.read_text())


def cmake_flags() -> list[str]:
    """The flags that change the binaries; they are part of the cache key.

    MEDGGUF_CMAKE_ARGS adds flags (for example -DGGML_CUDA=ON on a GPU machine).
    """
    flags = ["-DCMAKE_BUILD_TYPE=Release", "-DGGML_NATIVE=ON"]
    flags += os.environ.get("MEDGGUF_CMAKE_ARGS", "").split()
    return flags


def _cpu_signature() -> str:
    """-march=native binaries are only valid on CPUs with the same features."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")):
                return " ".join(sorted(line.split(":", 1)[1].split()))
    return platform.processor() or platform.machine()


def _compiler_signature() -> str:
    compiler = shutil.which(os.environ.get("CXX", "c++"))
    if not compiler:
        return "none"
    out = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.stdout else compiler


def build_key() -> str:
    pin = load_pin()
    material = json.dumps(
        {"sha256": pin["sha256"], "flags": cmake_flags(), "cpu": _cpu_signature(),
         "compiler": _compiler_signature(), "machine": platform.machine()},
        sort_keys=True,
    )
    return f"{pin['version']}-{hashlib.sha256(material.encode()).hexdigest()[:12]}"


def build_dir() -> Path:
    """Where the tools and shared libraries of this machine's build live (may not exist yet)."""
    explicit = os.environ.get("MEDGGUF_LLAMA_CPP_BUILD")
    if explicit:
        return Path(explicit)
    return paths.cache_root() / "llama.cpp" / build_key()


def bin_dir() -> Path:
    return build_dir() / "bin"


def build_info() -> dict | None:
    info = build_dir() / "build-info.json"
    return json.loads(info.read_text()) if info.exists() else None


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Two set-ups on one machine wait for each other instead of compiling twice."""
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with lock_path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_NINJA_PROGRESS = re.compile(r"^\[(\d+)/(\d+)\]")


def ensure_built(on_progress: Callable[[int, int], None] | None = None) -> Path:
    """Compile the llama.cpp tools unless this machine's cache already has them."""
    final = build_dir()
    if (final / "build-info.json").exists():
        return final
    source = paths.LLAMA_CPP_SOURCE_DIR
    if not (source / "CMakeLists.txt").exists():
        raise SetupError(f"llama.cpp source not found at {source}",
                         "run `python vendor/fetch_llama_cpp.py` first")
    for program in ("cmake", os.environ.get("CXX", "c++")):
        if not shutil.which(program):
            raise SetupError(f"`{program}` is not installed", "install cmake and a C++ compiler "
                             "(Debian/Ubuntu: `apt-get install cmake g++`)")
    with _exclusive(final.parent / f"{final.name}.lock"):
        if (final / "build-info.json").exists():
            return final
        started = time.monotonic()
        # The object tree survives an interrupted build, so a second attempt resumes.
        work = final.parent / f"{final.name}.build"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        _run_checked(["cmake", "-S", str(paths.REPO_DIR), "-B", str(work), *generator,
                      f"-DMEDGGUF_LLAMA_CPP_DIR={source}", *cmake_flags()], "cmake configure")
        jobs = str(os.cpu_count() or 2)
        _run_streaming(["cmake", "--build", str(work), "--target", BUILD_TARGET, "-j", jobs],
                       on_progress)
        staging = final.parent / f"{final.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(work / "bin", staging / "bin", symlinks=True)
        pin = load_pin()
        info = {"llama_cpp_python": pin["version"], "sdist_sha256": pin["sha256"],
                "flags": cmake_flags(), "compiler": _compiler_signature(),
                "machine": platform.machine(), "build_seconds": round(time.monotonic() - started, 1),
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        (staging / "build-info.json").write_text(json.dumps(info, indent=2) + "\n")
        os.replace(staging, final)
        shutil.rmtree(work, ignore_errors=True)
        log.info("built llama.cpp %s in %.0f s into %s", pin["version"], info["build_seconds"], final)
    return final


def _run_checked(argv: Sequence[str], what: str) -> None:
    result = subprocess.run(list(argv), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise StageFailed(f"{what} failed (exit {result.returncode}): {' | '.join(tail)}")


def _run_streaming(argv: Sequence[str], on_progress: Callable[[int, int], None] | None) -> None:
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-20:]
        match = _NINJA_PROGRESS.match(line)
        if match and on_progress:
            on_progress(int(match.group(1)), int(match.group(2)))
        elif not on_progress:
            sys.stderr.write(line)
    if proc.wait() != 0:
        raise StageFailed(f"compiling llama.cpp failed (exit {proc.returncode})",
                          "last lines: " + " | ".join(tail[-5:]))


# --------------------------------------------------------------------------------------------
# Locating what was built


def tool_path(name: str) -> Path:
    """Path of a built llama.cpp tool, or a SetupError that says how to build it."""
    candidate = bin_dir() / name
    if not candidate.exists():
        raise SetupError(f"llama.cpp tool `{name}` is not built (looked in {bin_dir()})", SETUP_HINT)
    return candidate


def library_dir() -> Path:
    """The directory holding libllama and libggml*, for LLAMA_CPP_LIB_PATH."""
    directory = bin_dir()
    if not any(directory.glob("libllama.*")):
        raise SetupError(f"libllama is not built (looked in {directory})", SETUP_HINT)
    return directory


def convert_script() -> Path:
    script = paths.LLAMA_CPP_SOURCE_DIR / "convert_hf_to_gguf.py"
    if not script.exists():
        raise SetupError(f"convert_hf_to_gguf.py not found at {script}",
                         "run `python vendor/fetch_llama_cpp.py` (part of `scripts/setup`)")
    return script


def load_binding():
    """Import llama_cpp bound to this build's libllama (the same source as the tools).

    The binding is installed with -DLLAMA_BUILD=OFF, so it carries no library of its own and
    LLAMA_CPP_LIB_PATH must point at ours before the first import.
    """
    os.environ.setdefault("LLAMA_CPP_LIB_PATH", str(library_dir()))
    try:
        import llama_cpp
    except ImportError as exc:
        raise SetupError(f"the llama-cpp-python binding cannot be loaded ({exc})",
                         "run `scripts/setup`") from exc
    except (OSError, RuntimeError) as exc:  # the ctypes load of libllama itself
        raise SetupError(f"libllama could not be loaded ({exc})", SETUP_HINT) from exc
    # The binding relays libllama's log through this logger; unset, it prints every loader line.
    binding_log = logging.getLogger("llama-cpp-python")
    if binding_log.level == logging.NOTSET:
        binding_log.setLevel(logging.DEBUG if logging.getLogger("medgguf").isEnabledFor(logging.DEBUG)
                             else logging.ERROR)
    pinned = load_pin()["version"]
    if getattr(llama_cpp, "__version__", pinned) != pinned:
        raise SetupError(f"llama-cpp-python {llama_cpp.__version__} is installed but the pin is {pinned}",
                         "run `scripts/setup` to install the pinned binding")
    return llama_cpp


def versions() -> dict:
    pin = load_pin()
    info = build_info()
    return {"llama_cpp_python": pin["version"], "sdist_sha256": pin["sha256"],
            "build": build_dir().name if info else None,
            "build_dir": str(build_dir()) if info else None}


# --------------------------------------------------------------------------------------------
# Running the tools

ProgressCallback = Callable[[float, float], None]


@dataclass(frozen=True)
class ToolRun:
    argv: list[str]
    seconds: float
    output: str


def _run_tool(argv: Sequence[str], *, progress_pattern: re.Pattern[str] | None = None,
              on_progress: ProgressCallback | None = None, env: dict | None = None,
              what: str | None = None) -> ToolRun:
    """Run a native tool with an argument list, feeding progress from its output lines.

    Output is read in chunks split on both newline and carriage return, since tqdm and
    llama.cpp redraw progress in place.
    """
    argv = [str(a) for a in argv]
    what = what or Path(argv[0]).name
    log.debug("running %s", argv)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            env={**os.environ, **(env or {})})
    assert proc.stdout is not None
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
        raise StageFailed(f"{what} failed (exit {code})", "its last lines: " + " | ".join(tail))
    return ToolRun(argv=argv, seconds=time.monotonic() - started, output=output)


_TENSOR_COUNTER = re.compile(r"^\[\s*(\d+)/\s*(\d+)\]")
_PPL_CHUNK = re.compile(r"(?:calculating perplexity|computing) over (\d+) chunks")


def convert_hf_to_gguf(model_dir: Path, out_file: Path, outtype: str = "f16", *, metadata: Path | None = None,
                       on_progress: ProgressCallback | None = None) -> ToolRun:
    """The vendored convert_hf_to_gguf.py, run with the vendored gguf-py first on the path."""
    env = _gguf_py_env()
    percent = re.compile(r"Writing:\s+(\d+)%")
    argv: list = [sys.executable, convert_script(), model_dir, "--outfile", out_file, "--outtype", outtype]
    if metadata is not None:
        argv += ["--metadata", metadata]
    return _run_tool(
        argv,
        progress_pattern=percent, env=env, what="convert_hf_to_gguf.py", on_progress=on_progress,
    )


def convert_lora_to_gguf(adapter_dir: Path, out_file: Path, *, base_dir: Path, outtype: str = "f16",
                         on_progress: ProgressCallback | None = None) -> ToolRun:
    """The vendored convert_lora_to_gguf.py: a PEFT LoRA adapter directory -> an adapter GGUF that
    llama.cpp applies to the unchanged base (``--lora``); ``base_dir`` gives the base's config."""
    script = paths.LLAMA_CPP_SOURCE_DIR / "convert_lora_to_gguf.py"
    if not script.exists():
        raise SetupError(f"convert_lora_to_gguf.py not found at {script}",
                         "run `python vendor/fetch_llama_cpp.py` (part of `scripts/setup`)")
    argv: list = [sys.executable, script, "--base", base_dir, "--outfile", out_file, "--outtype", outtype,
                  adapter_dir]
    return _run_tool(argv, progress_pattern=re.compile(r"Writing:\s+(\d+)%"), env=_gguf_py_env(),
                     what="convert_lora_to_gguf.py", on_progress=on_progress)


def _gguf_py_env() -> dict:
    gguf_py = paths.LLAMA_CPP_SOURCE_DIR / "gguf-py"
    return {"PYTHONPATH": os.pathsep.join(filter(None, [str(gguf_py), os.environ.get("PYTHONPATH")])),
            "NO_LOCAL_GGUF": ""}


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
        if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                and any(isinstance(t, ast.Name) and t.id == "chktxt" for t in node.targets)):
            probe = node.value.value
        if (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
                and isinstance(node.test.left, ast.Name) and node.test.left.id == "chkhsh"
                and isinstance(node.test.comparators[0], ast.Constant)):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant):
                    hashes[node.test.comparators[0].value] = statement.value.value
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

        raise InputError(f"the tokenizer of {model_dir} has a BPE pre-tokenizer that the vendored llama.cpp does "
                         f"not recognise (chkhsh {digest[:16]}…), so it cannot be converted to GGUF",
                         "use a tokenizer of a model llama.cpp supports, or a llama.cpp pin that knows it")
    return hashes[digest]


def quantize(src: Path, dst: Path, qtype: str, *, imatrix: Path | None = None,
             threads: int | None = None, allow_requantize: bool = False,
             on_progress: ProgressCallback | None = None) -> ToolRun:
    argv: list = [tool_path("llama-quantize")]
    if imatrix is not None:
        argv += ["--imatrix", imatrix]
    if allow_requantize:
        argv.append("--allow-requantize")
    argv += [src, dst, qtype, str(threads or os.cpu_count() or 1)]
    return _run_tool(argv, progress_pattern=_TENSOR_COUNTER, on_progress=on_progress)


def imatrix(model: Path, text_file: Path, out_file: Path, *, ctx: int = 512,
            chunks: int | None = None, threads: int | None = None,
            on_progress: ProgressCallback | None = None) -> ToolRun:
    argv: list = [tool_path("llama-imatrix"), "-m", model, "-f", text_file, "-o", out_file,
                  "-c", ctx, "-t", threads or os.cpu_count() or 1, "--no-ppl"]
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


def perplexity(model: Path, text_file: Path, *, ctx: int = 512, chunks: int | None = None,
               threads: int | None = None, batch: int | None = None,
               extra: Sequence[str] = (), on_progress: ProgressCallback | None = None) -> PerplexityResult:
    """llama-perplexity's own number, for reference and agreement checks."""
    argv: list = [tool_path("llama-perplexity"), "-m", model, "-f", text_file, "-c", ctx,
                  "-t", threads or os.cpu_count() or 1, *extra]
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
        raise StageFailed("llama-perplexity printed no final estimate",
                          "the text may be shorter than two contexts; use a longer --text")
    return PerplexityResult(ppl=float(found.group(1)), ppl_stderr=float(found.group(2)),
                            chunks=int(counted.group(1)) if counted else 0, run=run)


@dataclass(frozen=True)
class BenchRow:
    test: str            # "pp512" or "tg128"
    n_prompt: int
    n_gen: int
    threads: int
    avg_ts: float        # tokens per second
    stddev_ts: float
    model_size: int
    model_n_params: int


def bench(model: Path, *, threads: int | None = None, n_prompt: int = 512, n_gen: int = 128,
          repetitions: int = 3) -> list[BenchRow]:
    """llama-bench's pp/tg tokens per second, parsed from its JSON output."""
    argv = [tool_path("llama-bench"), "-m", model, "-t", threads or os.cpu_count() or 1,
            "-p", n_prompt, "-n", n_gen, "-r", repetitions, "-o", "json"]
    run = _run_tool(argv)
    start = run.output.find("[")
    rows = json.loads(run.output[start: run.output.rfind("]") + 1])
    result = []
    for row in rows:
        n_p, n_g = int(row["n_prompt"]), int(row["n_gen"])
        result.append(BenchRow(test=f"pp{n_p}" if n_p else f"tg{n_g}", n_prompt=n_p, n_gen=n_g,
                               threads=int(row["n_threads"]), avg_ts=float(row["avg_ts"]),
                               stddev_ts=float(row["stddev_ts"]), model_size=int(row["model_size"]),
                               model_n_params=int(row["model_n_params"])))
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
            raise StageFailed(f"llama-perplexity --kl-divergence printed no {name!r} line",
                              "the text may be too short (fewer than 100 scored tokens); use a longer text")
        values[name] = float(found.group(1))
        if (pattern.groups or 0) >= 2:
            values[f"{name}_stderr"] = float(found.group(2))
    return values


def kl_divergence(model: Path, base_logits: Path, *, ctx: int = 512, threads: int | None = None,
                  batch: int | None = None, on_progress: ProgressCallback | None = None) -> KLDivergenceResult:
    """Compare ``model`` against the log-probabilities a base model saved with
    ``perplexity(..., extra=["--kl-divergence-base", FILE])``; the tokens come from that file."""
    argv: list = [tool_path("llama-perplexity"), "-m", model, "--kl-divergence-base", base_logits,
                  "--kl-divergence", "-c", ctx, "-t", threads or os.cpu_count() or 1]
    if batch:
        argv += ["-b", batch]
    # One row per chunk, "   3      5.1234 ±    0.1234 ..."; the caller knows the chunk count.
    chunk_row = re.compile(r"^\s*(\d+)\s+[0-9.]+\s+±")
    run = _run_tool(argv, progress_pattern=chunk_row,
                    on_progress=(lambda done, _total: on_progress(done, 0.0)) if on_progress else None)
    values = parse_kl_divergence(run.output)
    counted = _PPL_CHUNK.search(run.output)
    return KLDivergenceResult(**values, chunks=int(counted.group(1)) if counted else 0, run=run)

@dataclass(frozen=True)
class DepthBenchRow(BenchRow):
    n_depth: int = 0     # tokens already in the KV cache when the test starts ("tg128 @ d80")


def bench_at_depths(model: Path, depths: Sequence[int], *, threads: int | None = None, n_prompt: int = 512,
                    n_gen: int = 128, repetitions: int = 3) -> list[DepthBenchRow]:
    """llama-bench's pp/tg tokens per second with ``-d``: each test also at a filled KV cache, as a
    chat decodes after its prompt (medgguf chat's speed benchmark compares at the same depth)."""
    argv = [tool_path("llama-bench"), "-m", model, "-t", threads or os.cpu_count() or 1,
            "-p", n_prompt, "-n", n_gen, "-r", repetitions, "-d", ",".join(str(d) for d in depths), "-o", "json"]
    run = _run_tool(argv)
    rows = json.loads(run.output[run.output.find("["): run.output.rfind("]") + 1])
    result = []
    for row in rows:
        n_p, n_g, depth = int(row["n_prompt"]), int(row["n_gen"]), int(row.get("n_depth", 0))
        result.append(DepthBenchRow(test=f"pp{n_p}" if n_p else f"tg{n_g}", n_prompt=n_p, n_gen=n_g,
                                    threads=int(row["n_threads"]), avg_ts=float(row["avg_ts"]),
                                    stddev_ts=float(row["stddev_ts"]), model_size=int(row["model_size"]),
                                    model_n_params=int(row["model_n_params"]), n_depth=depth))
    return result



def _build_main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if list(argv[:1]) == ["where"]:
        print(build_dir())
        return 0
    if (build_dir() / "build-info.json").exists():
        log.info("llama.cpp tools already built: %s", build_dir())
        return 0
    log.info("compiling llama.cpp (once per machine, ~8 min on 2 cores) into %s", build_dir())
    progress = None
    try:
        from rich.progress import Progress
    except ImportError:
        Progress = None  # noqa: N806
    if Progress is not None and sys.stderr.isatty():
        with Progress(transient=True) as bar:
            task = bar.add_task("compiling llama.cpp", total=None)
            progress = lambda done, total: bar.update(task, completed=done, total=total)  # noqa: E731
            ensure_built(progress)
    else:
        ensure_built(None)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_build_main(sys.argv[1:]))
    except (SetupError, StageFailed) as exc:
        sys.exit(f"error: {exc}")
