"""The convert stage: the merged HF checkpoint -> an F16 GGUF, with llama.cpp's own
convert_hf_to_gguf.py from the vendored source (and its vendored gguf-py).

The GGUF's ``general.*`` metadata names the run, the upstream base model and the data sets
(given to the converter as its ``--metadata`` override file); without it the converter names
the model after the merged checkpoint's directory ("Merged").
"""
from __future__ import annotations

import logging

import gguf

from medgguf import atomic, llamacpp
from medgguf.config import Config, dataset_ids, upstream_base
from medgguf.console import progress
from medgguf.pipeline import StageOptions, StagePlan
from medgguf.run import RunDir

log = logging.getLogger(__name__)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    merged_bytes = sum(p.stat().st_size for p in run.merged_dir.glob("*.safetensors")) \
        if run.merged_dir.exists() else 0
    return StagePlan(inputs=[run.merged_dir], config={"outtype": "f16", "metadata": gguf_metadata(run, cfg)},
                     outputs=[run.gguf_file("f16")], disk_bytes=merged_bytes)


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    target = run.gguf_file("f16")
    metadata_file = run.path("convert", "metadata.json")
    atomic.write_json(metadata_file, gguf_metadata(run, cfg))
    with progress() as bar, atomic.atomic_path(target) as tmp:
        task = bar.add_task("convert to F16 GGUF", total=100)
        result = llamacpp.convert_hf_to_gguf(run.merged_dir, tmp, "f16", metadata=metadata_file,
                                             on_progress=lambda done, total: bar.update(task, completed=done,
                                                                                         total=total))
        bar.update(task, completed=100)
        _check(tmp)
    return {"seconds": round(result.seconds, 1), "size_bytes": target.stat().st_size}


def gguf_metadata(run: RunDir, cfg: Config) -> dict:
    """The converter's metadata override: keys as gguf-py's metadata.py reads them."""
    config = cfg.to_dict()
    base = upstream_base(config)
    metadata: dict = {
        gguf.Keys.General.NAME: run.name,
        gguf.Keys.General.FINETUNE: "medical",
        gguf.Keys.General.DESCRIPTION: f"{METHOD_NAMES[cfg.train.method]} fine-tune of {base} on medical "
                                       "question-answer conversations, made with medgguf. Not a medical device.",
        gguf.Keys.General.TAGS: ["medical", "medgguf", cfg.train.method],
    }
    if _is_hub_id(base):
        metadata["general.base_models"] = [_hub_entry(base, "https://huggingface.co/")]
    datasets = [_hub_entry(d, "https://huggingface.co/datasets/") if _is_hub_id(d) else {"name": d}
                for d in dataset_ids(config)]
    if datasets:
        metadata["general.datasets"] = datasets
    return metadata


METHOD_NAMES = {"lora": "LoRA", "qlora": "QLoRA", "lora-8bit": "8-bit LoRA"}


def _is_hub_id(name: str) -> bool:
    return name.count("/") == 1 and not name.startswith((".", "/", "~"))


def _hub_entry(repo_id: str, site: str) -> dict:
    organization, name = repo_id.split("/")
    return {"name": name, "organization": organization, "repo_url": site + repo_id}


def _check(path) -> None:
    """The converted file must read back as a GGUF with a chat template before it is kept."""
    from medgguf.gguf_check import inspect_gguf

    inspect_gguf(path, require_chat_template=True)
