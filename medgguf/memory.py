"""How much GPU memory a training recipe needs, before anything is loaded.

Pure arithmetic over the run config and the model's HF config (hidden size, layers, heads,
intermediate size, vocabulary). The peak is the sum of:

- **weights**: 2 bytes/param in bf16/fp16 (4 in fp32). 8-bit (LLM.int8) keeps the decoder's
  linear weights at 1 byte plus one fp32 scale per output row; QLoRA NF4 with double
  quantization at 4 + 8/64 + 32/(64*256) = 4.127 bits. In both k-bit forms PEFT's
  ``prepare_model_for_kbit_training`` (which medgguf.train calls) upcasts every remaining 16-bit
  parameter (embeddings, lm_head, norms) to fp32.
- **adapter**: LoRA A and B (r * (in + out) per targeted projection), kept in fp32 by PEFT, their
  fp32 gradients, and the optimizer state: AdamW 8 bytes/param (two fp32 moments), the 8-bit
  AdamW forms 2 bytes/param (paged or not: paged state still lives on the GPU until evicted).
- **activations** per decoder layer and token, adapted from Korthikanti et al. 2022,
  "Reducing Activation Recomputation in Large Transformer Models", Sec. 4.1 (s*b*h*(34 + 5as/h)
  for a GPT layer), to HF Llama trained with PEFT LoRA under autocast:
      8h                     the two RMSNorms save their fp32 upcast input
      + a(2h + 2kv + 3i)     query, SDPA output, k and v (GQA, not repeated), the SwiGLU
                             gate/SiLU/up tensors; no s^2 term since SDPA runs flash or
                             memory-efficient kernels that save only a logsumexp (4 bytes/head)
      + per targeted linear: the adapter input as lora_A saves it (a * in) and, with dropout,
                             the dropout mask (PEFT casts the input to fp32 first: 1 byte on
                             CUDA's fused kernel, 4-byte noise on CPU), plus ~4r for lora_A's output
  where a is 2 under bf16/fp16 autocast and 4 in fp32. The frozen base linears save nothing
  for their own backward beyond what the adapter keeps. The formula was fitted against the
  bytes autograd actually saves for a small random Llama (tests/unit/test_memory.py checks it
  within 10%).
  With gradient checkpointing only each layer's input is kept (the residual stream: fp32
  after the k-bit upcast, else `a` bytes) plus one layer recomputed during backward.
- **logits and loss**: transformers' ForCausalLMLoss upcasts the logits to fp32; at the start
  of backward the log-softmax output, its gradient and the logits gradient are alive at once:
  12 bytes per token per vocabulary entry. Under autocast the bf16 copy of lm_head is kept for
  backward too.
- **overhead**: the caching allocator reserves ~8% above what is allocated, and the CUDA
  context with cuBLAS workspaces takes ~0.5 GiB outside it. On CPU (``device="cpu"``) the
  non-weight parts get +50% instead (glibc malloc; measured on the demo preset).

Known points: the chatdoctor-8b author reports ~22 GB peak on a 24 GB card (8-bit, gradient
checkpointing, batch 2, length 1024); this model gives ~20 GiB (21.8 GB). Measured on an H100 and
an H200 with every row at max_length and padded batches, the GPU default
(scripts/results/bench_train_gpu-h{100,200}-*.json): rs1-1b and med-llama-1b 16.7 GiB allocated
(planned 16.8), the 3B QLoRA recipes 10.9 (planned 11.4), QLoRA-8B at batch 2 13.6 (planned
15.4), 8-bit-8B at batch 1 14.9 (planned 16.3). Packed batches took 0.9-5.9 GiB more (their
block-diagonal attention mask rules out the fused kernels), which is why the GPU pads. One point
is off: 8-bit-8B at batch 2 ran out of memory at 24 GiB (planned 18.5); a second row cost over
8 GiB there against 1.7 GiB in the QLoRA form, so no per-token term would fit both.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medgguf.config import DEMO_BASE_MODEL, Config
from medgguf.errors import InputError

GIB = 1 << 30
ALLOCATOR_SLACK = 0.08
CUDA_CONTEXT_BYTES = GIB // 2
# On CPU, glibc malloc keeps freed activation memory and backward's temporaries resident: the
# demo preset's peak RSS above the loaded model measured 1.4-1.7x the allocated estimate.
CPU_ALLOCATOR_SLACK = 0.5
LINEAR_NAMES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
NF4_DOUBLE_QUANT_BITS = 4 + 8 / 64 + 32 / (64 * 256)
NF4_BITS = 4 + 32 / 64
LOSS_BYTES_PER_LOGIT = 12

# The published config.json fields of the Llama-family bases the presets use, so a memory plan
# (and scripts/bench_train_gpu.py's randomly initialised models) needs no download.
PUBLISHED_CONFIGS: dict[str, dict[str, Any]] = {
    "meta-llama/Llama-3.2-1B-Instruct": {
        "model_type": "llama",
        "hidden_size": 2048,
        "num_hidden_layers": 16,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "head_dim": 64,
        "intermediate_size": 8192,
        "vocab_size": 128256,
        "tie_word_embeddings": True,
        "rope_theta": 500000.0,
        "rms_norm_eps": 1e-5,
        "max_position_embeddings": 131072,
        "rope_scaling": {
            "rope_type": "llama3",
            "factor": 32.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192,
        },
    },
    "meta-llama/Llama-3.2-3B-Instruct": {
        "model_type": "llama",
        "hidden_size": 3072,
        "num_hidden_layers": 28,
        "num_attention_heads": 24,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "intermediate_size": 8192,
        "vocab_size": 128256,
        "tie_word_embeddings": True,
        "rope_theta": 500000.0,
        "rms_norm_eps": 1e-5,
        "max_position_embeddings": 131072,
        "rope_scaling": {
            "rope_type": "llama3",
            "factor": 32.0,
            "low_freq_factor": 1.0,
            "high_freq_factor": 4.0,
            "original_max_position_embeddings": 8192,
        },
    },
    "meta-llama/Meta-Llama-3-8B-Instruct": {
        "model_type": "llama",
        "hidden_size": 4096,
        "num_hidden_layers": 32,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "intermediate_size": 14336,
        "vocab_size": 128256,
        "tie_word_embeddings": False,
        "rope_theta": 500000.0,
        "rms_norm_eps": 1e-5,
        "max_position_embeddings": 8192,
    },
    "HuggingFaceTB/SmolLM2-135M-Instruct": {
        "model_type": "llama",
        "hidden_size": 576,
        "num_hidden_layers": 30,
        "num_attention_heads": 9,
        "num_key_value_heads": 3,
        "head_dim": 64,
        "intermediate_size": 1536,
        "vocab_size": 49152,
        "tie_word_embeddings": True,
        "rope_theta": 100000.0,
        "rms_norm_eps": 1e-5,
        "max_position_embeddings": 8192,
    },
}
# The same architectures under their other published names (base vs instruct, 3 vs 3.1).
PUBLISHED_CONFIGS["meta-llama/Llama-3.2-1B"] = PUBLISHED_CONFIGS["meta-llama/Llama-3.2-1B-Instruct"]
PUBLISHED_CONFIGS["meta-llama/Llama-3.2-3B"] = PUBLISHED_CONFIGS["meta-llama/Llama-3.2-3B-Instruct"]
PUBLISHED_CONFIGS["meta-llama/Meta-Llama-3-8B"] = PUBLISHED_CONFIGS["meta-llama/Meta-Llama-3-8B-Instruct"]
PUBLISHED_CONFIGS["meta-llama/Llama-3.1-8B-Instruct"] = PUBLISHED_CONFIGS["meta-llama/Meta-Llama-3-8B-Instruct"]
PUBLISHED_CONFIGS[DEMO_BASE_MODEL] = PUBLISHED_CONFIGS["HuggingFaceTB/SmolLM2-135M-Instruct"]


@dataclass(frozen=True)
class ModelShape:
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    intermediate: int
    vocab: int
    tied_embeddings: bool

    @classmethod
    def from_config(cls, model_config: Any) -> ModelShape:
        data = model_config if isinstance(model_config, dict) else model_config.to_dict()
        try:
            hidden, heads = int(data["hidden_size"]), int(data["num_attention_heads"])
            return cls(
                hidden=hidden,
                layers=int(data["num_hidden_layers"]),
                heads=heads,
                kv_heads=int(data.get("num_key_value_heads") or heads),
                head_dim=int(data.get("head_dim") or hidden // heads),
                intermediate=int(data["intermediate_size"]),
                vocab=int(data["vocab_size"]),
                tied_embeddings=bool(data.get("tie_word_embeddings", False)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InputError(
                f"the model config lacks a Llama field ({exc})",
                "give a Llama-architecture model (hidden_size, num_hidden_layers, "
                "num_attention_heads, intermediate_size, vocab_size)",
            ) from exc

    def linears(self) -> dict[str, tuple[int, int]]:
        """(in_features, out_features) of each projection in one decoder layer."""
        q, kv, h, i = self.heads * self.head_dim, self.kv_heads * self.head_dim, self.hidden, self.intermediate
        return {
            "q_proj": (h, q),
            "k_proj": (h, kv),
            "v_proj": (h, kv),
            "o_proj": (q, h),
            "gate_proj": (h, i),
            "up_proj": (h, i),
            "down_proj": (i, h),
        }

    def linear_params(self) -> int:
        return self.layers * sum(a * b for a, b in self.linears().values())

    def other_params(self) -> int:
        """Embeddings, lm_head (unless tied) and the RMSNorm weights."""
        embeddings = self.vocab * self.hidden * (1 if self.tied_embeddings else 2)
        return embeddings + self.hidden * (2 * self.layers + 1)

    def total_params(self) -> int:
        return self.linear_params() + self.other_params()


@dataclass
class MemoryEstimate:
    parts: dict[str, int]
    """Allocated bytes by part: weights, adapter, gradients, optimizer, activations, logits."""
    allocated_bytes: int
    total_bytes: int
    """Peak on the device: allocated plus allocator slack plus the CUDA context."""
    device_total_bytes: int | None
    fits: bool
    suggestions: list[str] = field(default_factory=list)
    trainable_params: int = 0
    tokens_per_micro_batch: int = 0

    def summary(self) -> str:
        need = f"needs ~{self.total_bytes / GIB:.1f} GiB"
        if self.device_total_bytes is None:
            return f"{need} (no device limit given)"
        verdict = "fits" if self.fits else "does NOT fit"
        return f"{need} of {self.device_total_bytes / GIB:.1f} GiB: {verdict}"

    def to_dict(self) -> dict:
        return dataclasses.asdict(self)


def estimate(
    cfg: Config, model_config: Any, device_total_bytes: int | None = None, device: str = "cuda"
) -> MemoryEstimate:
    """The peak memory of training ``cfg`` on ``model_config``; suggestions when it does not fit.

    ``device_total_bytes`` is the device's capacity (None: no limit known, so it always fits).
    """
    shape = ModelShape.from_config(model_config)
    result = _estimate_one(cfg, shape, device_total_bytes, device)
    if not result.fits:
        result.suggestions = _suggestions(cfg, shape, device_total_bytes, device)
    return result


def _estimate_one(cfg: Config, shape: ModelShape, device_total: int | None, device: str) -> MemoryEstimate:
    t = cfg.train
    precision = t.precision if t.precision != "auto" else ("bf16" if device == "cuda" else "fp32")
    act = 4 if precision == "fp32" else 2
    kbit = t.method in ("qlora", "lora-8bit")
    targets = _targets(cfg.lora.target_modules, shape)
    tokens = t.batch_size * t.max_length

    weights = _weight_bytes(t.method, shape, act)
    trainable = shape.layers * sum(cfg.lora.r * (i + o) for name, (i, o) in shape.linears().items() if name in targets)
    optimizer_bytes = 8 if t.optimizer == "adamw_torch" else 2

    # PEFT casts the adapter input to fp32 before dropout: CUDA's fused dropout keeps a bool
    # mask, CPU's keeps an fp32 noise tensor.
    mask = 0 if cfg.lora.dropout == 0 else (1 if device == "cuda" else 4)
    layer = _layer_activation_bytes(shape, targets, act, mask, cfg.lora.r)
    residual = 4 if kbit else act
    if t.gradient_checkpointing:
        # Each layer's input is kept; one layer is recomputed at a time; a few hidden-state
        # gradients are alive while it runs.
        activations = tokens * (shape.layers * residual * shape.hidden + layer + 3 * 4 * shape.hidden)
    else:
        activations = tokens * (shape.layers * layer + (residual + 4 + act) * shape.hidden)
    logits = tokens * shape.vocab * LOSS_BYTES_PER_LOGIT
    if kbit:
        # lm_head is fp32 after the k-bit upcast; autocast keeps its 16-bit copy for backward.
        logits += shape.vocab * shape.hidden * 2
    if kbit:
        # bitsandbytes dequantizes one weight at a time for the matmuls: the largest one, 16-bit.
        activations += max(a * b for a, b in shape.linears().values()) * 2

    parts = {
        "weights": int(weights),
        "adapter": trainable * 4,
        "gradients": trainable * 4,
        "optimizer": trainable * optimizer_bytes,
        "activations": int(activations),
        "logits": int(logits),
    }
    allocated = sum(parts.values())
    if device == "cuda":
        total = int(allocated * (1 + ALLOCATOR_SLACK)) + CUDA_CONTEXT_BYTES
    else:
        total = parts["weights"] + int((allocated - parts["weights"]) * (1 + CPU_ALLOCATOR_SLACK))
    fits = device_total is None or total <= device_total
    return MemoryEstimate(
        parts=parts,
        allocated_bytes=allocated,
        total_bytes=total,
        device_total_bytes=device_total,
        fits=fits,
        trainable_params=trainable,
        tokens_per_micro_batch=tokens,
    )


def _weight_bytes(method: str, shape: ModelShape, act: int) -> float:
    if method == "lora":
        return shape.total_params() * act
    other = shape.other_params() * 4  # prepare_model_for_kbit_training upcasts these to fp32
    if method == "lora-8bit":
        row_scales = shape.layers * sum(out for _, out in shape.linears().values()) * 4
        return shape.linear_params() + row_scales + other
    return shape.linear_params() * NF4_DOUBLE_QUANT_BITS / 8 + other


def _layer_activation_bytes(shape: ModelShape, targets: set[str], act: int, mask: int, r: int) -> int:
    """Bytes autograd keeps per token for one decoder layer (see the module docstring)."""
    h, kv, i = shape.hidden, shape.kv_heads * shape.head_dim, shape.intermediate
    q = shape.heads * shape.head_dim
    base = 8 * h + act * (q + h + 2 * kv + 3 * i) + 4 * shape.heads
    if act == 4 and mask == 0:
        # fp32 without dropout: lora_A saves its input itself, one tensor per distinct input
        # (q/k/v share the first norm's output, gate/up the second's).
        inputs = {
            "q_proj": "norm1",
            "k_proj": "norm1",
            "v_proj": "norm1",
            "o_proj": "attention",
            "gate_proj": "norm2",
            "up_proj": "norm2",
            "down_proj": "swiglu",
        }
        sizes = {inputs[name]: shape.linears()[name][0] for name in targets}
        return base + act * sum(sizes.values()) + 4 * r * len(targets)
    adapter = sum(
        (act + mask) * in_features + 4 * r for name, (in_features, _) in shape.linears().items() if name in targets
    )
    return base + adapter


def _targets(target_modules: list[str] | str, shape: ModelShape) -> set[str]:
    if target_modules == "all-linear":
        return set(LINEAR_NAMES)
    names = [target_modules] if isinstance(target_modules, str) else list(target_modules)
    unknown = [n for n in names if n not in LINEAR_NAMES]
    if unknown:
        raise InputError(
            f"lora.target_modules names {', '.join(unknown)}, not a Llama projection",
            f"use all-linear or some of: {', '.join(LINEAR_NAMES)}",
        )
    return set(names)


# --------------------------------------------------------------------------------------------
# What would make it fit


def _suggestions(cfg: Config, shape: ModelShape, device_total: int | None, device: str) -> list[str]:
    """Single changes first (those that fit, smallest first), then a combination if none does."""
    candidates = _candidate_changes(cfg)
    scored = []
    for overrides in candidates:
        result = _estimate_one(_apply(cfg, overrides), shape, device_total, device)
        scored.append((overrides, result))
    fitting = sorted((s for s in scored if s[1].fits), key=lambda s: s[1].total_bytes)
    lines = [_describe(o, r) for o, r in fitting]
    if not fitting:
        combined: dict[str, Any] = {}
        for overrides, _ in sorted(scored, key=lambda s: s[1].total_bytes):
            combined.update(overrides)
            result = _estimate_one(_apply(cfg, combined), shape, device_total, device)
            if result.fits:
                break
        lines.append(_describe(combined, result))
        lines += [_describe(o, r) for o, r in scored]
    return lines


def _candidate_changes(cfg: Config) -> list[dict[str, Any]]:
    t = cfg.train
    changes: list[dict[str, Any]] = []
    if t.method != "qlora":
        changes.append({"train.method": "qlora"})
    if not t.gradient_checkpointing:
        changes.append({"train.gradient_checkpointing": True})
    if t.max_length > 256:
        changes.append({"train.max_length": t.max_length // 2})
    if t.batch_size > 1:
        changes.append(
            {
                "train.batch_size": max(1, t.batch_size // 2),
                "train.grad_accum": t.grad_accum * 2 if t.batch_size > 1 else t.grad_accum,
            }
        )
    if t.optimizer == "adamw_torch":
        changes.append({"train.optimizer": "paged_adamw_8bit"})
    return changes


def _apply(cfg: Config, overrides: dict[str, Any]) -> Config:
    changed: dict[str, dict[str, Any]] = {}
    for key, value in overrides.items():
        section, name = key.split(".")
        changed.setdefault(section, {})[name] = value
    return dataclasses.replace(
        cfg, **{section: dataclasses.replace(getattr(cfg, section), **values) for section, values in changed.items()}
    )


def _describe(overrides: dict[str, Any], result: MemoryEstimate) -> str:
    flags = " ".join(f"--set {k}={str(v).lower() if isinstance(v, bool) else v}" for k, v in overrides.items())
    verdict = "fits" if result.fits else "still too big"
    return f"{flags} (~{result.total_bytes / GIB:.1f} GiB, {verdict})"


# --------------------------------------------------------------------------------------------
# Finding the model config without loading the model


def model_config_for(base: str, revision: str | None = None) -> dict:
    """The HF config of ``base``: a published one from the table above, a local directory's
    config.json, or (last) transformers' AutoConfig, which may download it."""
    if base in PUBLISHED_CONFIGS:
        return dict(PUBLISHED_CONFIGS[base])
    local = Path(base).expanduser()
    if (local / "config.json").is_file():
        try:
            return json.loads((local / "config.json").read_text())
        except json.JSONDecodeError as exc:
            raise InputError(f"{local / 'config.json'} is not valid JSON", "point at an HF model directory") from exc
    from medgguf import models

    return models.load_config(models.resolve_base(base), revision).to_dict()
