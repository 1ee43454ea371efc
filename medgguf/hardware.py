"""What this machine has: CPUs and cores, memory, CPU features, load, a GPU.

Every hardware fact medgguf uses is read here, once: psutil for memory, load and core counts,
/sys for which physical core each usable CPU sits on, /proc/cpuinfo for the features (psutil
does not give them), torch for the GPU. psutil is imported where it is used: scripts/setup runs
``python -m medgguf.llamacpp`` (whose build key needs the CPU features) before it installs
medgguf's dependencies.
"""

from __future__ import annotations

import functools
import os
import platform
from pathlib import Path
from typing import Any


def usable_cpus() -> int:
    """Logical CPUs this process may run on (its affinity mask, cgroups aside)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def physical_cores() -> int:
    """Physical cores this process may run on, SMT siblings counted once.

    llama.cpp's own default thread count, and the best one for dense matmul on CPU: a second
    hyper-thread on a core slows both down.
    """
    allowed = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set(range(usable_cpus()))
    cores: set[tuple[str, str]] = set()
    try:
        for cpu in allowed:
            topology = Path(f"/sys/devices/system/cpu/cpu{cpu}/topology")
            cores.add(
                ((topology / "physical_package_id").read_text().strip(), (topology / "core_id").read_text().strip())
            )
    except OSError:
        import psutil

        return max(1, min(psutil.cpu_count(logical=False) or len(allowed), len(allowed)))
    return max(1, len(cores))


def default_threads(requested: int | None = None) -> int:
    """The thread count for llama.cpp, torch and the tools: ``requested``, else physical cores."""
    return requested or physical_cores()


def available_memory() -> int:
    """Bytes of RAM available without swapping (MemAvailable)."""
    import psutil

    return int(psutil.virtual_memory().available)


def load_average() -> float:
    """The one-minute load average (0 where the platform has none)."""
    import psutil

    try:
        return float(psutil.getloadavg()[0])
    except (AttributeError, OSError):
        return 0.0


def busy_warning(threads: int) -> str | None:
    """Why ``threads`` llama.cpp threads will be slow now, or None: on a CPU already loaded beyond
    its cores, threads that wait for each other at every layer lose to one that keeps its core
    (measured: 50 vs 2 tokens/s)."""
    load, cores = load_average(), physical_cores()
    if threads > 1 and load > cores:
        return f"the CPU is busy (load {load:.1f} on {cores} cores): if answers are slow, restart with --threads 1"
    return None


@functools.lru_cache(maxsize=1)
def _cpuinfo() -> tuple[list[str], str]:
    """The first feature-flags line of /proc/cpuinfo (x86 "flags", ARM "Features"), and the model name."""
    flags: list[str] = []
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")) and not flags:
                flags = line.split(":", 1)[1].split()
            elif line.startswith("model name") and not model:
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    return flags, model


def cpu_flags() -> list[str]:
    """The CPU's feature flags (avx2, avx512f, neon, ...); empty where the kernel does not say."""
    return list(_cpuinfo()[0])


def cpu_model() -> str:
    return platform.processor() or _cpuinfo()[1]


def gpu() -> dict[str, Any]:
    """The first CUDA device as torch sees it, or ``{"cuda": False}``."""
    try:
        import torch
    except ImportError:
        return {"cuda": False}
    if not torch.cuda.is_available():
        return {"cuda": False, "torch_cuda_build": torch.version.cuda}
    props = torch.cuda.get_device_properties(0)
    return {
        "cuda": True,
        "name": props.name,
        "memory_gb": round(props.total_memory / 2**30, 1),
        "bf16": torch.cuda.is_bf16_supported(),
        "count": torch.cuda.device_count(),
    }
