"""``medgguf doctor``: what is installed, what is built, what this machine can do, and the fix
for anything the pipeline needs that is missing."""
from __future__ import annotations

import platform
import shutil
from importlib import metadata
from pathlib import Path

from medgguf import paths

from medgguf.llamacpp import binding, build as native

REQUIRED_PACKAGES = ("torch", "transformers", "peft", "datasets", "gguf", "llama-cpp-python", "click", "rich")
OPTIONAL_PACKAGES = ("bitsandbytes", "accelerate", "tensorboard", "matplotlib", "wandb")
CPU_FEATURES = ("avx", "avx2", "avx512f", "avx512_bf16", "avx_vnni", "fma", "f16c", "amx_bf16", "neon", "asimd")
MIN_FREE_DISK = 2 << 30


def collect() -> dict:
    problems: list[str] = []
    report = {"python": platform.python_version(), "platform": platform.platform(),
              "packages": _packages(problems), "llama_cpp": _llama_cpp(problems), "cpu": _cpu(),
              "gpu": _gpu(), "disk": _disk(problems), "demo_model": _demo_model()}
    report["problems"] = problems
    return report


def _packages(problems: list[str]) -> dict:
    found = {}
    for name in REQUIRED_PACKAGES + OPTIONAL_PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
            if name in REQUIRED_PACKAGES:
                problems.append(f"{name} is not installed: run `scripts/setup`")
    pinned = native.load_pin()["version"]
    if found.get("llama-cpp-python") not in (None, pinned):
        problems.append(f"llama-cpp-python {found['llama-cpp-python']} is installed but the pin is {pinned}: "
                        "run `scripts/setup`")
    return found


def _llama_cpp(problems: list[str]) -> dict:
    info = {"pin": native.load_pin()["version"], "source": str(paths.LLAMA_CPP_SOURCE_DIR),
            "source_present": (paths.LLAMA_CPP_SOURCE_DIR / "convert_hf_to_gguf.py").exists(),
            "build_dir": str(native.build_dir()), "build": native.build_info(), "tools": {}}
    if not info["source_present"]:
        problems.append("the vendored llama.cpp source is missing: run `python vendor/fetch_llama_cpp.py` "
                        "(or `scripts/setup`)")
    for tool in native.TOOL_NAMES:
        path = native.bin_dir() / tool
        info["tools"][tool] = str(path) if path.exists() else None
    missing = [t for t, p in info["tools"].items() if p is None]
    if missing:
        problems.append(f"llama.cpp tools not built ({', '.join(missing)}): {native.SETUP_HINT}")
    else:
        try:
            llama_cpp = binding.load()
            info["binding"] = {"version": llama_cpp.__version__, "library": str(native.library_dir()),
                               "system_info": llama_cpp.llama_print_system_info().decode(errors="replace")}
        except Exception as exc:  # noqa: BLE001 - doctor reports every failure, it never raises
            problems.append(f"the llama-cpp-python binding does not load: {exc}")
    return info


def _cpu() -> dict:
    flags: set[str] = set()
    model = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith(("flags", "Features")) and not flags:
                flags = set(line.split(":", 1)[1].split())
            elif line.startswith("model name") and not model:
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    from medgguf.stages.train import physical_cores

    return {"model": model, "machine": platform.machine(), "physical_cores": physical_cores(),
            "features": [f for f in CPU_FEATURES if f in flags]}


def _gpu() -> dict:
    try:
        import torch
    except ImportError:
        return {"cuda": False}
    if not torch.cuda.is_available():
        return {"cuda": False, "torch_cuda_build": torch.version.cuda}
    props = torch.cuda.get_device_properties(0)
    return {"cuda": True, "name": props.name, "memory_gb": round(props.total_memory / 2**30, 1),
            "bf16": torch.cuda.is_bf16_supported(), "count": torch.cuda.device_count()}


def _disk(problems: list[str]) -> dict:
    where = Path.cwd()
    free = shutil.disk_usage(where).free
    cache_free = shutil.disk_usage(paths.cache_root() if paths.cache_root().exists() else Path.home()).free
    if free < MIN_FREE_DISK:
        problems.append(f"only {free / 2**30:.1f} GiB free in {where}: the demo build needs about 2 GiB")
    return {"cwd": str(where), "free_gb": round(free / 2**30, 1), "cache": str(paths.cache_root()),
            "cache_free_gb": round(cache_free / 2**30, 1)}


def _demo_model() -> dict:
    from medgguf.models import demo_model_dir

    directory = demo_model_dir()
    return {"path": str(directory), "ready": (directory / "config.json").exists()}


def render(report: dict) -> None:
    from rich.table import Table

    from medgguf.console import stdout_console

    table = Table(title="medgguf doctor", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("python", f"{report['python']}  ({report['platform']})")
    for name, version in report["packages"].items():
        table.add_row(name, version or "[red]not installed[/]" if name in REQUIRED_PACKAGES else version or "-")
    llama = report["llama_cpp"]
    build = llama["build"]
    table.add_row("llama.cpp", f"pin llama-cpp-python {llama['pin']}; "
                  + (f"built {build['built_at']} with {' '.join(build['flags'])}" if build else "[red]not built[/]"))
    table.add_row("llama.cpp tools", llama["build_dir"] if build else "-")
    for tool, path in llama["tools"].items():
        table.add_row(f"  {tool}", "ok" if path else "[red]missing[/]")
    if "binding" in llama:
        table.add_row("binding libllama", llama["binding"]["library"])
    cpu = report["cpu"]
    table.add_row("cpu", f"{cpu['model']} ({cpu['machine']}), {cpu['physical_cores']} physical cores")
    table.add_row("cpu features", " ".join(cpu["features"]) or "-")
    gpu = report["gpu"]
    table.add_row("gpu", f"{gpu['name']} {gpu['memory_gb']} GiB, bf16={gpu['bf16']}" if gpu["cuda"]
                  else "none (CPU training; QLoRA and 8-bit need CUDA)")
    table.add_row("bitsandbytes", (report["packages"].get("bitsandbytes") or "not installed")
                  + ("" if gpu["cuda"] else " (needs CUDA to be used)"))
    disk = report["disk"]
    table.add_row("disk", f"{disk['free_gb']} GiB free in {disk['cwd']}; cache {disk['cache']} "
                  f"({disk['cache_free_gb']} GiB free)")
    table.add_row("demo model", ("ready: " if report["demo_model"]["ready"] else "not converted yet: ")
                  + report["demo_model"]["path"])
    stdout_console.print(table)
    for problem in report["problems"]:
        stdout_console.print(f"[bold red]problem:[/] {problem}", highlight=False)
    if not report["problems"]:
        stdout_console.print("[green]everything the pipeline needs is in place[/]")
