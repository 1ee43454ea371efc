"""The merge stage: base model + LoRA adapter -> one FP16 HF checkpoint with its tokenizer.

The base is always reloaded unquantized (FP32 when RAM allows, else FP16), whatever the adapter
was trained on (LoRA, 8-bit or QLoRA): merging into a 4-bit model would bake quantization error
into the weights. The merged model is saved in FP16.
Before saving, the merged model's logits are compared with base+adapter on a few prompts.
"""

from __future__ import annotations

import logging
from typing import Any

from medgguf import atomic, hardware, models
from medgguf.adapter import check_adapter, retrain_fix
from medgguf.config import Config
from medgguf.data.format import render, template_facts
from medgguf.errors import InputError, StageFailed
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan

log = logging.getLogger(__name__)

CHECK_PROMPTS = (
    "What are the symptoms of iron deficiency anemia?",
    "My child has had a fever of 39 C for two days. What should I do?",
    "How is hypertension treated?",
)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    base = models.resolve_base(cfg.model.base)
    config = models.load_config(base, cfg.model.revision)
    n_params = _approx_params(config)
    return StagePlan(
        inputs=[run.adapter_dir],
        config={"model": cfg.model_identity(), "dtype": "float16"},
        outputs=[run.merged_dir],
        disk_bytes=n_params * 2,
        input_ids={"base_model": models.identity(base, cfg.model.revision)},
    )


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    import torch
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    base = models.resolve_base(cfg.model.base)
    # Before the base loads: PEFT skips weights the config does not target and leaves targets
    # without weights untrained, so a mismatched adapter would merge without an error.
    check_adapter(run.adapter_dir, base, fix=retrain_fix(run))
    tokenizer = models.load_tokenizer(str(run.adapter_dir), cfg.model.chat_template)
    work_dtype = _work_dtype(models.load_config(base, cfg.model.revision))
    options.report(f"loading the base model in {work_dtype} and the adapter")
    model: Any = AutoModelForCausalLM.from_pretrained(
        base, dtype=getattr(torch, work_dtype), revision=cfg.model.revision
    )
    try:
        model = PeftModel.from_pretrained(model, str(run.adapter_dir))
    except (RuntimeError, ValueError, KeyError, OSError) as exc:  # shapes or modules that do not match
        raise InputError(
            f"the adapter in {run.rel(run.adapter_dir)} does not fit the base model "
            f"({str(exc).strip().splitlines()[0][:300]})",
            f"train it again: `medgguf build --name {run.name} --force train`",
        ) from None
    model.eval()
    batch = _check_batch(tokenizer)
    options.report("merging")
    with torch.no_grad():
        before = model(**batch).logits.float()
        model = model.merge_and_unload()
        after = model(**batch).logits.float()
    mask = batch["attention_mask"].bool()
    max_abs_diff = float((before - after).abs()[mask].max())
    log.info("merged logits vs base+adapter on %d prompts: max |diff| = %.4g", len(CHECK_PROMPTS), max_abs_diff)
    repairs = _normalise_generation_config(model, tokenizer)
    tied = _keep_tied_embeddings(model)
    model = model.to(torch.float16)
    options.report("saving FP16 safetensors")
    with atomic.atomic_path(run.merged_dir) as tmp:
        model.save_pretrained(tmp, safe_serialization=True)
        tokenizer.save_pretrained(tmp)
        if tied:
            _check_no_output_matrix(tmp)
    return {
        "logits_max_abs_diff": max_abs_diff,
        "check_prompts": len(CHECK_PROMPTS),
        "merge_dtype": work_dtype,
        "saved_dtype": "float16",
        "tied_embeddings": tied,
        "repairs": repairs,
    }


def _work_dtype(config) -> str:
    """Merge in float32 when it fits in half the free RAM (an exact check of the merge
    arithmetic), else in float16 (an 8B model on a 24 GB machine)."""
    return "float32" if _approx_params(config) * 4 < hardware.available_memory() / 2 else "float16"


def _check_batch(tokenizer) -> dict:
    texts = [render(tokenizer, [{"role": "user", "content": q}], add_generation_prompt=True) for q in CHECK_PROMPTS]
    tokenizer.padding_side = "right"
    return dict(tokenizer(texts, return_tensors="pt", padding=True, add_special_tokens=False))


def _normalise_generation_config(model, tokenizer) -> list[str]:
    """Make the chat template's end-of-turn token an EOS of the generation config, so
    ``generate`` and every runtime that reads the config stop there (a Llama 3 base tokenizer's
    EOS is <|end_of_text|>, not the <|eot_id|> that ends each turn)."""
    end_of_turn = template_facts(tokenizer)
    generation = model.generation_config
    current = generation.eos_token_id
    ids = current if isinstance(current, list) else [current] if current is not None else []
    repairs = []
    if end_of_turn.end_of_turn_id not in ids:
        generation.eos_token_id = [*ids, end_of_turn.end_of_turn_id] if ids else end_of_turn.end_of_turn_id
        repairs.append(
            f"generation_config eos_token_id {ids} + {end_of_turn.end_of_turn_id} ({end_of_turn.end_of_turn_text})"
        )
        log.warning("repaired: %s", repairs[-1])
    if generation.pad_token_id is None or generation.pad_token_id == end_of_turn.end_of_turn_id:
        generation.pad_token_id = tokenizer.pad_token_id
    return repairs


def _keep_tied_embeddings(model) -> bool:
    """Llama 3.2 1B/3B share one matrix for input embeddings and output logits. The merged model
    must still share it: a second copy would add vocab x hidden weights to every file after it."""
    if not getattr(model.config, "tie_word_embeddings", False):
        return False
    embeddings, output = model.get_input_embeddings().weight, model.get_output_embeddings().weight
    if output.data_ptr() == embeddings.data_ptr():
        return True
    import torch

    if torch.equal(output, embeddings):
        model.tie_weights()
        return True
    # The adapter changed the output matrix alone (lm_head among its targets): keep both.
    log.warning("the adapter changed the output matrix, so it can no longer share the embeddings: saving both")
    model.config.tie_word_embeddings = False
    return False


def _check_no_output_matrix(model_dir) -> None:
    from safetensors import safe_open

    for shard in model_dir.glob("*.safetensors"):
        with safe_open(str(shard), "pt") as handle:
            if "lm_head.weight" in handle.keys():  # noqa: SIM118 - a safetensors handle, not a dict
                raise StageFailed(
                    "the merged model saved lm_head.weight although its embeddings are tied",
                    "report this: the merge must keep tied embeddings tied",
                )


def _approx_params(config) -> int:
    hidden, layers = config.hidden_size, config.num_hidden_layers
    inter, vocab = config.intermediate_size, config.vocab_size
    kv = getattr(config, "num_key_value_heads", config.num_attention_heads)
    head = getattr(config, "head_dim", None) or hidden // config.num_attention_heads
    per_layer = hidden * (hidden + 2 * kv * head) + hidden * hidden + 3 * hidden * inter
    embeddings = vocab * hidden * (1 if getattr(config, "tie_word_embeddings", False) else 2)
    return layers * per_layer + embeddings
