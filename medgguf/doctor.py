"""``medgguf doctor``: what is installed, what is built, what this machine can do, and the fix
for anything the pipeline needs that is missing. The table is drawn by medgguf/cli/doctor.py."""

from __future__ import annotations

import platform
import shutil
from importlib import metadata
from pathlib import Path

from medgguf import hardware, paths
from medgguf.llamacpp import binding
from medgguf.llamacpp import build as llamacpp_build

REQUIRED_PACKAGES = ("torch", "transformers", "peft", "datasets", "gguf", "llama-cpp-python", "click", "rich")
OPTIONAL_PACKAGES = ("bitsandbytes", "accelerate", "tensorboard", "matplotlib", "wandb")
CPU_FEATURES = ("avx", "avx2", "avx512f", "avx512_bf16", "avx_vnni", "fma", "f16c", "amx_bf16", "neon", "asimd")
MIN_FREE_DISK = 2 << 30


def package_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """Installed version of each distribution, None where it is missing."""
    found: dict[str, str | None] = {}
    for name in names:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def collect() -> dict:
    problems: list[str] = []
    report = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": _packages(problems),
        "llama_cpp": _llama_cpp(problems),
        "cpu": _cpu(),
        "gpu": hardware.gpu(),
        "disk": _disk(problems),
        "demo_model": _demo_model(),
    }
    report["problems"] = problems
    return report


def _packages(problems: list[str]) -> dict:
    found = package_versions(REQUIRED_PACKAGES + OPTIONAL_PACKAGES)
    problems += [f"{name} is not installed: run `scripts/setup`" for name in REQUIRED_PACKAGES if found[name] is None]
    pinned = llamacpp_build.load_pin()["version"]
    if found.get("llama-cpp-python") not in (None, pinned):
        problems.append(
            f"llama-cpp-python {found['llama-cpp-python']} is installed but the pin is {pinned}: run `scripts/setup`"
        )
    return found


def _llama_cpp(problems: list[str]) -> dict:
    info = {
        "pin": llamacpp_build.load_pin()["version"],
        "source": str(paths.LLAMA_CPP_SOURCE_DIR),
        "source_present": (paths.LLAMA_CPP_SOURCE_DIR / "convert_hf_to_gguf.py").exists(),
        "build_dir": str(llamacpp_build.build_dir()),
        "build": llamacpp_build.build_info(),
        "tools": {},
    }
    if not info["source_present"]:
        problems.append(
            "the vendored llama.cpp source is missing: run `python vendor/fetch_llama_cpp.py` (or `scripts/setup`)"
        )
    for tool in llamacpp_build.TOOL_NAMES:
        path = llamacpp_build.bin_dir() / tool
        info["tools"][tool] = str(path) if path.exists() else None
    missing = [t for t, p in info["tools"].items() if p is None]
    if missing:
        problems.append(f"llama.cpp tools not built ({', '.join(missing)}): {llamacpp_build.SETUP_HINT}")
    else:
        try:
            version, system = binding.system_info()
            info["binding"] = {"version": version, "library": str(llamacpp_build.library_dir()), "system_info": system}
        except Exception as exc:
            problems.append(f"the llama-cpp-python binding does not load: {exc}")
    return info


def _cpu() -> dict:
    flags = set(hardware.cpu_flags())
    return {
        "model": hardware.cpu_model(),
        "machine": platform.machine(),
        "physical_cores": hardware.physical_cores(),
        "features": [f for f in CPU_FEATURES if f in flags],
    }


def _disk(problems: list[str]) -> dict:
    where = Path.cwd()
    free = shutil.disk_usage(where).free
    cache_free = shutil.disk_usage(paths.cache_root() if paths.cache_root().exists() else Path.home()).free
    if free < MIN_FREE_DISK:
        problems.append(f"only {free / 2**30:.1f} GiB free in {where}: the demo build needs about 2 GiB")
    return {
        "cwd": str(where),
        "free_gb": round(free / 2**30, 1),
        "cache": str(paths.cache_root()),
        "cache_free_gb": round(cache_free / 2**30, 1),
    }


def _demo_model() -> dict:
    from medgguf.models import demo_model_dir

    directory = demo_model_dir()
    return {"path": str(directory), "ready": (directory / "config.json").exists()}
