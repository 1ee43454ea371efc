"""The LoRA adapter as a GGUF, shipped next to an unchanged base, and the proof that it is the
same model as the merged one.

``convert_adapter`` runs the vendored convert_lora_to_gguf.py on the run's PEFT ``adapter/``.
``compare_logits`` loads the base F16 GGUF with the adapter and the merged F16 GGUF through the
same libllama as ``medgguf chat`` and compares their next-token logits on chat prompts; it also
measures base without adapter, so a check that passes shows the adapter doing the work.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from medgguf.errors import InputError
from medgguf.llamacpp.gguf_check import GGUFInfo, inspect_gguf

log = logging.getLogger(__name__)

# The chat prompts compared (rendered with the model's own template); short, so the check is seconds.
CHECK_QUESTIONS = (
    "What are the early signs of type 2 diabetes?",
    "Is it safe to take ibuprofen with high blood pressure?",
    "My child has had a fever of 38.5 °C for two days. What should I do?",
    "What is the difference between a cold and the flu?",
)


def check_adapter(model: GGUFInfo, adapter_path: Path) -> GGUFInfo:
    """``adapter_path`` as a LoRA adapter GGUF made for ``model``'s architecture and width, or an InputError."""
    adapter = inspect_gguf(Path(adapter_path))
    kind = adapter.metadata.get("general.type")
    if kind != "adapter" or adapter.metadata.get("adapter.type") != "lora":
        raise InputError(
            f"{adapter.path} is not a LoRA adapter GGUF (general.type is {kind!r})",
            "pass the adapter written by `medgguf export --to lora` or convert_lora_to_gguf.py",
        )
    if adapter.architecture != model.architecture:
        raise InputError(
            f"the adapter {adapter.path.name} is for {adapter.architecture} models but "
            f"{model.path.name} is {model.architecture}",
            "pass the base model the adapter was trained on",
        )
    adapted = dict.fromkeys(name.rsplit(".", 2)[0] for name in adapter.tensor_names)  # blk.0.attn_q, ...
    missing = [name for name in adapted if f"{name}.weight" not in model.tensor_names]
    if missing:
        raise InputError(
            f"the adapter {adapter.path.name} adapts {missing[0]}, which {model.path.name} does not have",
            "pass the base model the adapter was trained on",
        )
    return adapter


@dataclass(frozen=True)
class LogitsCheck:
    prompts: int
    positions: int  # token positions compared, all prompts together
    max_abs_diff: float  # base+adapter against merged, over every logit
    mean_abs_diff: float
    logit_range: float  # max - min of the merged model's logits, for scale
    top1_agreement: float  # share of positions whose argmax agrees
    base_max_abs_diff: float  # base alone against merged: what the adapter changes
    base_top1_agreement: float

    def as_dict(self) -> dict:
        return asdict(self)


def compare_logits(
    base: Path, adapter: Path, merged: Path, *, threads: int | None = None, questions: tuple[str, ...] = CHECK_QUESTIONS
) -> LogitsCheck:
    """Next-token logits at every prompt position: base + adapter vs merged (and base alone vs merged)."""
    import numpy as np

    from medgguf import hardware
    from medgguf.chat.session import DEFAULT_SYSTEM_PROMPT
    from medgguf.chat.template import ChatTemplate
    from medgguf.llamacpp.binding import Model

    threads = hardware.default_threads(threads)

    def logits(model: Path, lora: Path | None) -> list:
        template = inspect_gguf(model).chat_template
        loaded = Model(
            model, n_ctx=512, threads=threads, flash_attn=False, logits_all=True, threadpool=False, lora_path=lora
        )
        try:
            results = []
            for question in questions:
                messages = [{"role": "system", "content": DEFAULT_SYSTEM_PROMPT}, {"role": "user", "content": question}]
                text = ChatTemplate(template).render(messages) if template else question
                tokens = loaded.tokenize(text, add_bos=True, special=True)
                loaded.evaluate(tokens)
                results.append(np.array(loaded.logits(slice(0, len(tokens))), dtype=np.float32))
            return results
        finally:
            loaded.close()

    with_adapter = logits(base, adapter)
    reference = logits(merged, None)
    alone = logits(base, None)
    diffs = [np.abs(a - r) for a, r in zip(with_adapter, reference)]
    base_diffs = [np.abs(a - r) for a, r in zip(alone, reference)]
    positions = sum(r.shape[0] for r in reference)
    top1 = sum(int((a.argmax(-1) == r.argmax(-1)).sum()) for a, r in zip(with_adapter, reference))
    base_top1 = sum(int((a.argmax(-1) == r.argmax(-1)).sum()) for a, r in zip(alone, reference))
    return LogitsCheck(
        prompts=len(questions),
        positions=positions,
        max_abs_diff=float(max(d.max() for d in diffs)),
        mean_abs_diff=float(sum(d.sum() for d in diffs) / sum(d.size for d in diffs)),
        logit_range=float(max(r.max() for r in reference) - min(r.min() for r in reference)),
        top1_agreement=top1 / positions,
        base_max_abs_diff=float(max(d.max() for d in base_diffs)),
        base_top1_agreement=base_top1 / positions,
    )
