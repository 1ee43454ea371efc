"""The train stage: a PEFT LoRA / QLoRA / 8-bit LoRA adapter on the run's training split.

Reads like its table of contents, ``execute``: pick the device and precision, check the memory
plan, load the base model, wrap it with LoRA, encode the splits, train with evaluation and
checkpoints, measure held-out loss before and after, save the adapter and the loss curve.

    runs/<name>/train/checkpoints/   resumable Trainer checkpoints (optimizer and scheduler too)
    runs/<name>/train/tensorboard/   TensorBoard logs
    runs/<name>/adapter/             the final (best) adapter, written atomically
    runs/<name>/reports/loss.png     the loss curve
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import time
from pathlib import Path

from medgguf import atomic, hardware, models, plots
from medgguf.config import Config
from medgguf.errors import InputError, SetupError, StageFailed
from medgguf.progress import Notify
from medgguf.run import RunDir
from medgguf.stages import StageOptions, StagePlan

log = logging.getLogger(__name__)


def plan(run: RunDir, cfg: Config) -> StagePlan:
    base = models.resolve_base(cfg.model.base)
    return StagePlan(
        inputs=[run.split_file("train"), run.split_file("val")],
        config={"model": cfg.model_identity(), "lora": cfg.section("lora"), "train": _shaping(cfg)},
        outputs=[run.adapter_dir, run.report_file("loss.png")],
        disk_bytes=200 << 20,
        input_ids={"base_model": models.identity(base, cfg.model.revision)},
    )


def _shaping(cfg: Config) -> dict:
    """Train options that change the adapter; threads and logging cadence do not."""
    shaping = cfg.section("train")
    for key in ("threads", "logging_steps", "report_to"):
        shaping.pop(key, None)
    return shaping


def execute(run: RunDir, cfg: Config, options: StageOptions) -> dict:
    import torch

    _seed_and_threads(cfg, options)
    device = _device()
    precision = _precision(cfg, device)
    check_method(cfg, device)
    base = models.resolve_base(cfg.model.base)
    model_config = models.load_config(base, cfg.model.revision)
    memory = _memory_verdict(cfg, model_config, device)
    tokenizer = models.load_tokenizer(base, cfg.model.chat_template, cfg.model.revision)
    datasets = {
        split: _encode_split(run.split_file(split), tokenizer, cfg.train.max_length)
        for split in ("train", "val", "test")
        if run.split_file(split).exists()
    }
    for split in ("val", "test"):
        if cfg.train.eval_rows and split in datasets:
            datasets[split] = datasets[split][: cfg.train.eval_rows]
    if not datasets.get("train"):
        raise InputError(
            f"{run.rel(run.split_file('train'))} has no usable rows",
            "check `medgguf data inspect` and the data sources",
        )
    model = load_model(base, cfg, precision, device)
    model = wrap_with_lora(model, cfg)
    trainer = make_trainer(run, cfg, model, tokenizer, datasets, precision, device, options.notify)
    checkpoint = _resume_point(run, options)
    test_loss_before = _evaluate(trainer, datasets.get("test")) if checkpoint is None else None
    started = time.monotonic()
    try:
        result = trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    except torch.cuda.OutOfMemoryError as exc:
        raise StageFailed(
            "CUDA ran out of memory during training",
            "fit it with --set train.method=qlora, --set train.gradient_checkpointing=true, "
            "a shorter --set train.max_length, or a smaller --set train.batch_size "
            "with more --set train.grad_accum",
        ) from exc
    train_seconds = time.monotonic() - started
    test_loss_after = _evaluate(trainer, datasets.get("test"))
    _check_adapter_learnt(trainer.model)
    _save_adapter(run, trainer, tokenizer)
    if trainer.is_world_process_zero():
        plots.loss_curve(trainer.state.log_history, run.report_file("loss.png"), f"{run.name}: training curve")
    return _metrics(
        trainer, result, train_seconds, test_loss_before, test_loss_after, memory, precision, device, checkpoint
    ) | {"kbit_layers": _kbit_layers(trainer.model), "batching": resolve_batching(cfg.train.batching, device)}


# --------------------------------------------------------------------------------------------
# Setup


def _seed_and_threads(cfg: Config, options: StageOptions) -> None:
    import torch
    from transformers import set_seed

    # Processes on one machine (accelerate launch, DDP) share its cores.
    per_process = max(1, hardware.physical_cores() // int(os.environ.get("LOCAL_WORLD_SIZE", "1")))
    threads = options.threads or cfg.train.threads or per_process
    torch.set_num_threads(threads)
    set_seed(cfg.train.seed)


def _device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


def _precision(cfg: Config, device: str) -> str:
    import torch

    if cfg.train.precision != "auto":
        if device == "cpu" and cfg.train.precision == "fp16":
            raise InputError("train.precision=fp16 needs a CUDA GPU", "use --set train.precision=fp32 (or bf16) on CPU")
        return cfg.train.precision
    if device == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "fp32"


def check_method(cfg: Config, device: str | None = None) -> None:
    """QLoRA and 8-bit loading run on bitsandbytes, on CUDA or (bitsandbytes >= 0.48) on CPU;
    never fall back to plain LoRA silently."""
    needs_bnb = cfg.train.method in ("qlora", "lora-8bit") or "8bit" in cfg.train.optimizer
    if not needs_bnb:
        return
    device = device or _device()
    what = (
        f"train.method={cfg.train.method}" if cfg.train.method != "lora" else f"train.optimizer={cfg.train.optimizer}"
    )
    try:
        import bitsandbytes
    except ImportError as exc:
        raise SetupError(
            f"{what} needs bitsandbytes, which is not installed",
            "pip install bitsandbytes, or use --set train.method=lora --set train.optimizer=adamw_torch",
        ) from exc
    if device != "cuda" and _version_tuple(bitsandbytes.__version__) < (0, 48):
        raise SetupError(
            f"{what} needs a CUDA GPU with bitsandbytes {bitsandbytes.__version__} (its CPU kernels "
            "came in 0.48) and none is visible",
            "pip install -U bitsandbytes, train on a GPU, or use --set train.method=lora "
            "--set train.optimizer=adamw_torch",
        )
    if device != "cuda":
        log.info("%s on CPU: bitsandbytes' CPU kernels, the same k-bit path as on a GPU, much slower", what)


def _version_tuple(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)[:3])


def _memory_verdict(cfg: Config, model_config, device: str) -> dict:
    """The memory plan before loading anything: fits or not, and what would make it fit."""
    from medgguf import memory

    total = None
    if device == "cuda":
        import torch

        total = torch.cuda.get_device_properties(0).total_memory
    estimate = memory.estimate(cfg, model_config, total, device=device)
    if estimate.fits is False:
        # A warning, not a refusal: the estimate is a model of memory, and an actual OOM still
        # ends in a one-line error that names the same remedies.
        log.warning(
            "memory plan: needs about %.1f GiB, more than this %.1f GiB GPU; to fit: %s",
            estimate.total_bytes / 2**30,
            (total or 0) / 2**30,
            "; ".join(estimate.suggestions[:3]),
        )
    else:
        log.info("memory plan: %s", estimate.summary())
    return {"estimated_peak_bytes": estimate.total_bytes, "fits": estimate.fits}


# --------------------------------------------------------------------------------------------
# Data


def _encode_split(path: Path, tokenizer, max_length: int) -> list[dict]:
    from medgguf.data.format import encode_for_training

    if not path.exists():
        return []
    encoded, too_long = [], 0
    with path.open() as handle:
        for line in handle:
            row = json.loads(line)
            try:
                encoded.append(encode_for_training(tokenizer, row["messages"], max_length))
            except ValueError:
                too_long += 1  # the data stage drops these; a smaller train.max_length may not
    if too_long:
        log.warning("%s: %d rows longer than train.max_length=%d left out", path.name, too_long, max_length)
    return encoded


class ListDataset:
    """A plain map-style dataset; the Trainer needs only __len__ and __getitem__."""

    def __init__(self, rows: list[dict]):
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: int) -> dict:
        return self.rows[index]


def resolve_batching(requested: str, device: str) -> str:
    """The batching that ``auto`` stands for on this device.

    On CUDA, transformers turns a packed row into a block-diagonal mask for SDPA, which gives up
    the fused kernels: on an H100 the rs1-1b recipe ran 1,402 tokens/s packed and 2,409 padded
    (scripts/bench_train_gpu.py, 2026-11-25). CPU keeps packing, as before.
    """
    if requested != "auto":
        return requested
    return "padded" if device == "cuda" else "packed"


def make_collator(batching: str, pad_token_id: int):
    """Padding-free packing (one flattened row, position_ids restart per example, so attention
    never crosses examples) or plain right padding."""
    from transformers import DataCollatorWithFlattening

    if batching == "packed":
        return DataCollatorWithFlattening(return_position_ids=True, separator_id=-100)
    return PadCollator(pad_token_id)


class PadCollator:
    """Right padding to the longest row of the batch, or to ``pad_to`` (a fixed-shape baseline)."""

    def __init__(self, pad_token_id: int, pad_to: int | None = None):
        self.pad_token_id = pad_token_id
        self.pad_to = pad_to

    def __call__(self, features: list[dict]) -> dict:
        import torch

        longest = self.pad_to or max(len(f["input_ids"]) for f in features)
        ids = torch.full((len(features), longest), self.pad_token_id, dtype=torch.long)
        labels = torch.full((len(features), longest), -100, dtype=torch.long)
        mask = torch.zeros((len(features), longest), dtype=torch.long)
        for row, feature in enumerate(features):
            n = len(feature["input_ids"])
            ids[row, :n] = torch.tensor(feature["input_ids"])
            labels[row, :n] = torch.tensor(feature["labels"])
            mask[row, :n] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def end_of_turn_weighted_loss(end_of_turn_id: int, weight: float):
    """A Trainer ``compute_loss_func``: causal-LM cross-entropy in which the end-of-turn token
    counts ``weight`` times. The sum is still divided by the number of answer tokens, so with
    weight 1 it is transformers' own loss. Without gradients (evaluation) the weight is 1, so
    held-out losses and perplexities stay comparable across recipes."""

    def loss(outputs, labels, num_items_in_batch=None):
        import torch
        from torch.nn import functional

        logits = outputs.logits.float()
        # Labels shift left by one; the last position predicts nothing. Packed rows carry -100 at
        # each example's first label, so no example predicts the next one's start.
        targets = functional.pad(labels, (0, 1), value=-100)[..., 1:].to(logits.device)
        per_token = functional.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), ignore_index=-100, reduction="none"
        )
        if torch.is_grad_enabled() and weight != 1.0:
            per_token = torch.where(targets.reshape(-1) == end_of_turn_id, per_token * weight, per_token)
        count = num_items_in_batch if num_items_in_batch is not None else (targets != -100).sum()
        if torch.is_tensor(count):
            count = count.to(per_token.device)
        return per_token.sum() / count

    return loss


# --------------------------------------------------------------------------------------------
# Model


def load_model(base: str, cfg: Config, precision: str, device: str):
    import torch
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[precision]
    kwargs: dict = {"dtype": dtype, "revision": cfg.model.revision}
    if cfg.train.method == "qlora":
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16 if precision != "fp16" else torch.float16,
        )
    elif cfg.train.method == "lora-8bit":
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
    if device == "cuda":
        kwargs["device_map"] = {"": int(os.environ.get("LOCAL_RANK", 0))}
    model = AutoModelForCausalLM.from_pretrained(base, **kwargs)
    model.config.use_cache = False
    if cfg.train.method in ("qlora", "lora-8bit"):
        from peft import prepare_model_for_kbit_training

        _keep_4bit_weights_trainable(model)

        model = prepare_model_for_kbit_training(
            model,
            use_gradient_checkpointing=cfg.train.gradient_checkpointing,
            gradient_checkpointing_kwargs={"use_reentrant": False},
        )
    elif cfg.train.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    return model


def _keep_4bit_weights_trainable(model) -> None:
    """bitsandbytes repacks a CPU 4-bit weight for inference on its first forward in eval mode
    without gradients (an evaluation), and the repacked layer then passes no gradient to the LoRA
    adapter on it for the rest of training: a QLoRA rehearsal on an AVX512-BF16 CPU ended with
    lora_B exactly zero on q_proj/v_proj. A model that is being trained never wants that format."""
    for module in model.modules():
        if hasattr(module, "support_avx512bf16_for_cpu"):
            module.support_avx512bf16_for_cpu = False


def wrap_with_lora(model, cfg: Config):
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        r=cfg.lora.r,
        lora_alpha=cfg.lora.alpha,
        lora_dropout=cfg.lora.dropout,
        target_modules=cfg.lora.target_modules,
        bias="none",
        task_type="CAUSAL_LM",
    )
    try:
        model = get_peft_model(model, lora)
    except ValueError as exc:
        raise InputError(
            f"lora.target_modules={cfg.lora.target_modules!r} does not fit this model ({exc})",
            "use all-linear or names like [q_proj, v_proj]",
        ) from exc
    trainable, total = model.get_nb_trainable_parameters()
    log.info(
        "LoRA r=%d alpha=%d on %s: %s trainable of %s parameters (%.2f%%)",
        cfg.lora.r,
        cfg.lora.alpha,
        cfg.lora.target_modules,
        f"{trainable:,}",
        f"{total:,}",
        100 * trainable / total,
    )
    return model


# --------------------------------------------------------------------------------------------
# Training


def make_trainer(
    run: RunDir,
    cfg: Config,
    model,
    tokenizer,
    datasets: dict,
    precision: str,
    device: str,
    notify: Notify | None = None,
):
    from transformers import PrinterCallback, Trainer, TrainingArguments

    t = cfg.train
    batching = resolve_batching(t.batching, device)
    if batching != t.batching:
        log.info("batching: %s (auto on %s)", batching, device)
    os.environ["TENSORBOARD_LOGGING_DIR"] = str(run.tensorboard_dir)
    has_val = bool(datasets.get("val"))
    save_steps = t.save_steps
    if has_val and save_steps % t.eval_steps:
        # load_best_model_at_end needs every save step to be an eval step.
        save_steps = t.eval_steps * max(1, round(save_steps / t.eval_steps))
    args = TrainingArguments(
        output_dir=str(run.checkpoints_dir),
        per_device_train_batch_size=t.batch_size,
        per_device_eval_batch_size=t.batch_size,
        gradient_accumulation_steps=t.grad_accum,
        num_train_epochs=t.epochs,
        max_steps=t.max_steps,
        learning_rate=t.lr,
        lr_scheduler_type=t.scheduler,
        warmup_steps=t.warmup_ratio,  # a float below 1 is a ratio of the total steps
        optim=t.optimizer,
        bf16=precision == "bf16",
        fp16=precision == "fp16",
        logging_steps=t.logging_steps,
        eval_strategy="steps" if has_val else "no",
        eval_steps=t.eval_steps if has_val else None,
        save_strategy="steps",
        save_steps=save_steps,
        save_total_limit=t.save_total_limit,
        load_best_model_at_end=has_val,
        metric_for_best_model="eval_loss" if has_val else None,
        greater_is_better=False if has_val else None,
        report_to=[] if t.report_to == "none" else [t.report_to],
        neftune_noise_alpha=t.neftune_alpha,
        train_sampling_strategy="group_by_length" if batching == "length-grouped" else "random",
        seed=t.seed,
        data_seed=t.seed,
        dataloader_num_workers=0,
        remove_unused_columns=False,
        # tokens/s counts real tokens: packed batches have none to leave out, padded ones do.
        include_num_input_tokens_seen="all" if batching == "packed" else "non_padding",
        disable_tqdm=True,
        use_cpu=device == "cpu",
        ddp_find_unused_parameters=False,
    )
    trainer = Trainer(
        model=model,
        args=args,
        train_dataset=ListDataset(datasets["train"]),
        eval_dataset=ListDataset(datasets["val"]) if has_val else None,
        data_collator=make_collator(batching, tokenizer.pad_token_id),
        compute_loss_func=_loss_func(cfg, tokenizer),
    )
    # Results belong on stdout alone; the progress line on stderr replaces the Trainer's printed dicts.
    trainer.remove_callback(PrinterCallback)
    trainer.add_callback(progress_callback(notify))
    return trainer


def _loss_func(cfg: Config, tokenizer):
    """None (transformers' own loss) unless the recipe weights the end-of-turn token."""
    if cfg.train.end_of_turn_weight == 1.0:
        return None
    from medgguf.data.format import template_facts

    end_of_turn_id = template_facts(tokenizer).end_of_turn_id
    log.info("end-of-turn token %d weighted %g in the training loss", end_of_turn_id, cfg.train.end_of_turn_weight)
    return end_of_turn_weighted_loss(end_of_turn_id, cfg.train.end_of_turn_weight)


def progress_callback(notify: Notify | None):
    """A Trainer callback that reports step, loss, learning rate and tokens/s through ``notify``
    (rank 0 only) and logs each evaluation; made here so transformers is imported lazily."""
    from transformers import TrainerCallback

    class _Callback(TrainerCallback):
        def __init__(self):
            self.started = 0.0
            self.tokens_at_start = 0
            self.loss = float("nan")
            self.lr = 0.0

        def on_train_begin(self, args, state, control, **kwargs):
            self.started = time.monotonic()
            self.tokens_at_start = state.num_input_tokens_seen or 0

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            self.loss = logs.get("loss", self.loss)
            self.lr = logs.get("learning_rate", self.lr)
            if "eval_loss" in logs and state.is_world_process_zero:
                log.info("step %d: eval loss %.4f", state.global_step, logs["eval_loss"])

        def on_step_end(self, args, state, control, **kwargs):
            if notify is None or not state.is_world_process_zero:
                return
            elapsed = max(time.monotonic() - self.started, 1e-6)
            tokens = (state.num_input_tokens_seen or 0) - self.tokens_at_start
            notify(
                f"training · loss {self.loss:.4f} · lr {self.lr:.2e} · {tokens / elapsed:,.0f} tok/s",
                state.global_step,
                state.max_steps,
            )

    return _Callback()


def _resume_point(run: RunDir, options: StageOptions) -> Path | None:
    checkpoints = sorted(run.checkpoints_dir.glob("checkpoint-*"), key=lambda p: int(p.name.split("-")[-1]))
    complete = [c for c in checkpoints if _complete_checkpoint(c)]
    if options.resume:
        if not complete:
            raise InputError(
                f"--resume: no checkpoint in {run.rel(run.checkpoints_dir)}", "run without --resume to start training"
            )
        log.info("resuming from %s", run.rel(complete[-1]))
        return complete[-1]
    if complete:
        log.warning(
            "found %s from an earlier, unfinished run; starting over (pass --resume to continue it)", complete[-1].name
        )
        for stale in checkpoints:
            shutil.rmtree(stale, ignore_errors=True)
    return None


def _complete_checkpoint(checkpoint: Path) -> bool:
    """The Trainer writes trainer_state.json last, unrenamed: a build killed while saving leaves
    a checkpoint without it, or (killed inside that write) with a truncated one."""
    try:
        json.loads((checkpoint / "trainer_state.json").read_text())
    except (OSError, ValueError):
        return False
    return True


def _evaluate(trainer, rows: list[dict] | None) -> float | None:
    if not rows:
        return None
    return float(trainer.evaluate(eval_dataset=ListDataset(rows), metric_key_prefix="test")["test_loss"])


# --------------------------------------------------------------------------------------------
# Saving


def _check_adapter_learnt(model) -> None:
    """LoRA's B matrices start at zero; after training at least one must have moved, or the
    run trained nothing (no gradient reached the adapter) and would ship the base model."""
    moved = any(float(p.detach().abs().max()) > 0 for name, p in model.named_parameters() if "lora_B" in name)
    if not moved:
        raise StageFailed(
            "training left every LoRA B matrix at zero: no gradient reached the adapter",
            "rerun with --debug and report it; check lora.target_modules and train.method",
        )


def _kbit_layers(model) -> dict[str, int]:
    """Which bitsandbytes layers the base was trained through, counted: the proof that QLoRA and
    8-bit ran their real path."""
    counts: dict[str, int] = {}
    for module in model.modules():
        kind = type(module).__name__
        if type(module).__module__.startswith("bitsandbytes") and kind.startswith("Linear"):
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def _save_adapter(run: RunDir, trainer, tokenizer) -> None:
    if not trainer.is_world_process_zero():
        return
    with atomic.atomic_path(run.adapter_dir) as tmp:
        trainer.model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)


def _metrics(
    trainer,
    result,
    train_seconds: float,
    before: float | None,
    after: float | None,
    memory: dict,
    precision: str,
    device: str,
    checkpoint: Path | None,
) -> dict:
    state = trainer.state
    steps_run = max(state.global_step - (int(checkpoint.name.split("-")[-1]) if checkpoint else 0), 1)
    tokens = state.num_input_tokens_seen or 0
    metrics = {
        "device": device,
        "precision": precision,
        "steps": state.global_step,
        "processes": trainer.args.world_size,
        "train_loss": round(float(result.training_loss), 4) if result.training_loss else None,
        "best_eval_loss": state.best_metric,
        "best_checkpoint": Path(state.best_model_checkpoint).name if state.best_model_checkpoint else None,
        "test_loss_before": round(before, 4) if before is not None else None,
        "test_loss_after": round(after, 4) if after is not None else None,
        "train_seconds": round(train_seconds, 1),
        "seconds_per_step": round(train_seconds / steps_run, 3),
        "tokens_seen": int(tokens),
        "tokens_per_second": round(tokens / train_seconds, 1) if train_seconds and not checkpoint else None,
        "resumed_from": checkpoint.name if checkpoint else None,
        "memory_plan": memory,
    }
    if device == "cuda":
        import torch

        metrics["peak_gpu_bytes"] = int(torch.cuda.max_memory_allocated())
    if before is not None and after is not None:
        log.info(
            "held-out test loss %.4f -> %.4f (perplexity %.2f -> %.2f)",
            before,
            after,
            math.exp(min(before, 50)),
            math.exp(min(after, 50)),
        )
    return metrics
