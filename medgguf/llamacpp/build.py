"""Where the vendored llama.cpp lives and how it is built.

The tools and shared libraries are compiled once per machine into a cache keyed by the pinned
version and the build flags (``python -m medgguf.llamacpp build``); this module finds them there.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import platform
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from medgguf import hardware, paths
from medgguf.errors import SetupError, StageFailed
from medgguf.run import now

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
    flags = hardware.cpu_flags()
    return " ".join(sorted(flags)) if flags else platform.processor() or platform.machine()


def _compiler_signature() -> str:
    compiler = shutil.which(os.environ.get("CXX", "c++"))
    if not compiler:
        return "none"
    out = subprocess.run([compiler, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.splitlines()[0] if out.stdout else compiler


def build_key() -> str:
    pin = load_pin()
    material = json.dumps(
        {
            "sha256": pin["sha256"],
            "flags": cmake_flags(),
            "cpu": _cpu_signature(),
            "compiler": _compiler_signature(),
            "machine": platform.machine(),
        },
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


def ensure_built(
    on_progress: Callable[[int, int], None] | None = None, on_output: Callable[[str], object] | None = None
) -> Path:
    """Compile the llama.cpp tools unless this machine's cache already has them.

    The compiler's progress goes to ``on_progress`` (step, steps); without it, every output line
    goes to ``on_output``.
    """
    final = build_dir()
    if (final / "build-info.json").exists():
        return final
    source = paths.LLAMA_CPP_SOURCE_DIR
    if not (source / "CMakeLists.txt").exists():
        raise SetupError(f"llama.cpp source not found at {source}", "run `python vendor/fetch_llama_cpp.py` first")
    for program in ("cmake", os.environ.get("CXX", "c++")):
        if not shutil.which(program):
            raise SetupError(
                f"`{program}` is not installed",
                "install cmake and a C++ compiler (Debian/Ubuntu: `apt-get install cmake g++`)",
            )
    with _exclusive(final.parent / f"{final.name}.lock"):
        if (final / "build-info.json").exists():
            return final
        started = time.monotonic()
        # The object tree survives an interrupted build, so a second attempt resumes.
        work = final.parent / f"{final.name}.build"
        generator = ["-G", "Ninja"] if shutil.which("ninja") else []
        _run_checked(
            [
                "cmake",
                "-S",
                str(paths.REPO_DIR),
                "-B",
                str(work),
                *generator,
                f"-DMEDGGUF_LLAMA_CPP_DIR={source}",
                *cmake_flags(),
            ],
            "cmake configure",
        )
        jobs = str(hardware.usable_cpus())
        _run_streaming(["cmake", "--build", str(work), "--target", BUILD_TARGET, "-j", jobs], on_progress, on_output)
        staging = final.parent / f"{final.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(work / "bin", staging / "bin", symlinks=True)
        pin = load_pin()
        info = {
            "llama_cpp_python": pin["version"],
            "sdist_sha256": pin["sha256"],
            "flags": cmake_flags(),
            "compiler": _compiler_signature(),
            "machine": platform.machine(),
            "build_seconds": round(time.monotonic() - started, 1),
            "built_at": now(),
        }
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


def _run_streaming(
    argv: Sequence[str], on_progress: Callable[[int, int], None] | None, on_output: Callable[[str], object] | None
) -> None:
    proc = subprocess.Popen(list(argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tail: list[str] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        tail = (tail + [line.rstrip()])[-20:]
        match = _NINJA_PROGRESS.match(line)
        if match and on_progress:
            on_progress(int(match.group(1)), int(match.group(2)))
        elif not on_progress and on_output:
            on_output(line)
    if proc.wait() != 0:
        raise StageFailed(
            f"compiling llama.cpp failed (exit {proc.returncode})", "last lines: " + " | ".join(tail[-5:])
        )


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
        raise SetupError(
            f"convert_hf_to_gguf.py not found at {script}",
            "run `python vendor/fetch_llama_cpp.py` (part of `scripts/setup`)",
        )
    return script


def versions() -> dict:
    pin = load_pin()
    info = build_info()
    return {
        "llama_cpp_python": pin["version"],
        "sdist_sha256": pin["sha256"],
        "build": build_dir().name if info else None,
        "build_dir": str(build_dir()) if info else None,
    }
