"""The convert stage: the merged HF checkpoint -> an F16 GGUF, with llama.cpp's own
convert_hf_to_gguf.py from the vendored source (and its vendored gguf-py)."""
from __future__ import annotations

import logging

from medgguf import atomic, llamacpp
from medgguf.config import Config
from medgguf.console import progress
from medgguf.pipeline import StageOptions, StagePlan
from medgguf.run import RunDir

log = logging.getLogger(__name__)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    merged_bytes = sum(p.stat().st_size for p in run.merged_dir.glob("*.safetensors")) \
        if run.merged_dir.exists() else 0
    return StagePlan(inputs=[run.merged_dir], config={"outtype": "f16"},
                     outputs=[run.gguf_file("f16")], disk_bytes=merged_bytes)


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    target = run.gguf_file("f16")
    with progress() as bar, atomic.atomic_path(target) as tmp:
        task = bar.add_task("convert to F16 GGUF", total=100)
        result = llamacpp.convert_hf_to_gguf(run.merged_dir, tmp, "f16",
                                             on_progress=lambda done, total: bar.update(task, completed=done,
                                                                                         total=total))
        bar.update(task, completed=100)
        _check(tmp)
    return {"seconds": round(result.seconds, 1), "size_bytes": target.stat().st_size}


def _check(path) -> None:
    """The converted file must read back as a GGUF with a chat template before it is kept."""
    from medgguf.gguf_check import inspect_gguf

    inspect_gguf(path, require_chat_template=True)
