"""The convert stage: the merged HF checkpoint -> an F16 GGUF, with llama.cpp's own
convert_hf_to_gguf.py from the vendored source (and its vendored gguf-py).

The GGUF's ``general.*`` metadata names the run, the upstream base model and the data sets
(given to the converter as its ``--metadata`` override file); without it the converter names
the model after the merged checkpoint's directory ("Merged").
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import gguf

from medgguf import atomic, models
from medgguf.config import Config, dataset_ids, upstream_base
from medgguf.llamacpp import tools
from medgguf.progress import tool_progress
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan

log = logging.getLogger(__name__)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    merged_bytes = sum(p.stat().st_size for p in run.merged_dir.glob("*.safetensors")) if run.merged_dir.exists() else 0
    return StagePlan(
        inputs=[run.merged_dir],
        config={"outtype": "f16", "metadata": gguf_metadata(run, cfg)},
        outputs=[run.gguf_file("f16")],
        disk_bytes=merged_bytes,
    )


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    from medgguf.data.format import template_facts

    target = run.gguf_file("f16")
    tokenizer = models.load_tokenizer(str(run.merged_dir))
    pre_tokenizer = tools.check_pre_tokenizer(tokenizer, run.merged_dir)
    metadata_file = run.convert_metadata_file
    atomic.write_json(metadata_file, gguf_metadata(run, cfg))
    with atomic.atomic_path(target) as tmp:
        result = tools.convert_hf_to_gguf(
            run.merged_dir,
            tmp,
            "f16",
            metadata=metadata_file,
            on_progress=tool_progress(options.notify, "convert to F16 GGUF", 100),
        )
        repairs = _end_of_turn_repair(tmp, template_facts(tokenizer))
        _check(tmp)
    return {
        "seconds": round(result.seconds, 1),
        "size_bytes": target.stat().st_size,
        "pre_tokenizer": pre_tokenizer,
        "repairs": repairs,
    }


def _end_of_turn_repair(gguf_file: Path, facts) -> list[str]:
    """Make the template's end-of-turn token the GGUF's EOT when the tokenizer's EOS is another.

    Every Llama 3.x base tokenizer has eos_token <|end_of_text|> (128001) while each chat turn
    ends with <|eot_id|> (128009); the converter writes only the EOS, so Ollama and other
    runtimes that read the ids would never stop. The fix is known, so it is made, not asked for.
    """
    from medgguf.llamacpp.gguf_check import inspect_gguf

    info = inspect_gguf(gguf_file)
    if facts.end_of_turn_id in (info.eos_token_id, info.eot_token_id):
        return []
    repaired = atomic.partial_name(gguf_file)
    tools.set_special_token_ids(gguf_file, repaired, {"eot": facts.end_of_turn_id})
    os.replace(repaired, gguf_file)
    repair = (
        f"GGUF EOT id set to {facts.end_of_turn_id} ({facts.end_of_turn_text}), the token that ends a turn "
        f"in the chat template; the tokenizer's EOS is {info.eos_token_id}"
    )
    log.warning("repaired: %s", repair)
    return [repair]


def gguf_metadata(run: RunDir, cfg: Config) -> dict:
    """The converter's metadata override: keys as gguf-py's metadata.py reads them."""
    base = upstream_base(cfg)
    metadata: dict = {
        gguf.Keys.General.NAME: run.name,
        gguf.Keys.General.FINETUNE: "medical",
        gguf.Keys.General.DESCRIPTION: f"{METHOD_NAMES[cfg.train.method]} fine-tune of {base} on medical "
        "question-answer conversations, made with medgguf. Not a medical device.",
        gguf.Keys.General.TAGS: ["medical", "medgguf", cfg.train.method],
    }
    if models.is_hub_id(base):
        metadata["general.base_models"] = [_hub_entry(base, "https://huggingface.co/")]
    datasets = [
        _hub_entry(d, "https://huggingface.co/datasets/") if models.is_hub_id(d) else {"name": d}
        for d in dataset_ids(cfg)
    ]
    if datasets:
        metadata["general.datasets"] = datasets
    return metadata


METHOD_NAMES = {"lora": "LoRA", "qlora": "QLoRA", "lora-8bit": "8-bit LoRA"}


def _hub_entry(repo_id: str, site: str) -> dict:
    organization, name = repo_id.split("/")
    return {"name": name, "organization": organization, "repo_url": site + repo_id}


def _check(path) -> None:
    """The converted file must read back as a GGUF with a chat template before it is kept."""
    from medgguf.llamacpp.gguf_check import inspect_gguf

    inspect_gguf(path, require_chat_template=True)
