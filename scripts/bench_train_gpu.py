"""Training peak memory and tokens/s on a 24 GB budget: medgguf's trainer against a plain
transformers Trainer + PEFT run of the same recipe with padding, in one process.

    .venv/bin/python scripts/bench_train_gpu.py                  # on a CUDA machine
        [--cases rs1-1b,med-llama-1b,doctor-llama-3b,hippocratically-3b,chatdoctor-8b/8bit,...]
        [--cap-gb 24] [--steps 6] [--warmup 2] [--max-accum 4] [--baseline-padding longest]
        [--json runs/bench-train-gpu/results.json]
    .venv/bin/python scripts/bench_train_gpu.py --smoke          # CPU, tiny model, 2 steps

Models are **randomly initialised** from the published configs of Llama-3.2-1B, Llama-3.2-3B
and Llama-3-8B (medgguf.memory.PUBLISHED_CONFIGS: hidden size, layers, heads, kv heads,
intermediate size, vocab 128256, rope theta), saved once as bf16 safetensors in the work
directory and loaded from there, so 8-bit and NF4 quantization happen at load exactly as with
a downloaded base. Nothing is downloaded. The allocator is capped at --cap-gb GiB with
torch.cuda.set_per_process_memory_fraction, so an H100 or H200 behaves like a 24 GB card.

For each case (a preset, and for chatdoctor-8b its 8-bit and QLoRA forms):
1. medgguf, worst case: one optimizer step where every row is max_length (1024) tokens long;
   its peak allocated/reserved memory is the proof that the recipe fits (or an OOM that it
   does not), set beside medgguf.memory's estimate.
2. medgguf, throughput: --steps optimizer steps on rows whose lengths follow a log-normal
   (default: median 139 tokens, sigma 0.32, fitted to ChatDoctor GenMedGPT-5k rendered with a
   chat template; set --length-median/--length-sigma for other data); the first --warmup steps
   are not timed. The recipe's batching is used (``auto``: padded on CUDA, packed on CPU).
3. baseline: its worst case (the same full-length step), and the same rows, model, LoRA, optimizer and precision through a plain Trainer with a
   pad-to-longest collator (--baseline-padding max_length pads every row to max_length, as
   many published notebooks do).
tokens/s counts real (non-padding) tokens in both, so the ratio is the speed-up on the same
work. Gradient accumulation is capped at --max-accum for time; it changes neither peak memory
nor tokens/s materially. Every run is its own spawned process, so an OOM leaks nothing into the
next run and no run starts with another's warm per-shape caches. Results print as a table and are written as JSON.
"""
from __future__ import annotations

import argparse
import gc
import math
import platform
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf import atomic, config, memory  # noqa: E402

GIB = 1 << 30


@dataclass(frozen=True)
class Case:
    name: str
    preset: str
    overrides: tuple[str, ...] = ()


CASES = {c.name: c for c in (
    Case("rs1-1b", "rs1-1b"),
    Case("med-llama-1b", "med-llama-1b"),
    Case("doctor-llama-3b", "doctor-llama-3b"),
    Case("hippocratically-3b", "hippocratically-3b"),
    Case("chatdoctor-8b/8bit", "chatdoctor-8b"),
    Case("chatdoctor-8b/qlora", "chatdoctor-8b", ("train.method=qlora",)),
    # The README's advice for the 8-bit recipe on 24 GB: the same 32 rows per optimizer step, one at a time.
    Case("chatdoctor-8b/8bit-b1", "chatdoctor-8b", ("train.batch_size=1", "train.grad_accum=32")),
)}

# --smoke: a Llama small enough for two CPU steps in seconds; the recipe's own LoRA shape.
SMOKE_CONFIG = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                "head_dim": 16, "intermediate_size": 128, "vocab_size": 512, "tie_word_embeddings": True,
                "rope_theta": 500000.0, "rms_norm_eps": 1e-5, "max_position_embeddings": 2048}
# Each case keeps its method and optimizer: bitsandbytes (>= 0.48) runs NF4, LLM.int8 and its
# 8-bit optimizers on CPU, so the smoke run takes the same k-bit path as the GPU run, only slower.
SMOKE_OVERRIDES = ("train.precision=fp32", "train.max_length=128", "train.batch_size=2")


@dataclass
class Measured:
    runner: str
    tokens_per_s: float | None = None
    seconds: float | None = None
    tokens: int | None = None
    timed_steps: int = 0
    final_loss: float | None = None
    peak_allocated_gib: float | None = None
    peak_reserved_gib: float | None = None
    oom: bool = False
    error: str | None = None
    extra: dict = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# PLUG-IN: medgguf's own training path. This one function is the seam to medgguf.train: it must
# return a transformers Trainer built exactly as `medgguf build` builds it (model load with the
# recipe's quantization, prepare_model_for_kbit_training / gradient checkpointing, LoRA wrap,
# padding-free collator, TrainingArguments). It calls medgguf.stages.train's helpers; if they are
# renamed, change only this function.


def medgguf_trainer(cfg: config.Config, model_dir: Path, rows: list[dict], workdir: Path,
                    precision: str, device: str, pad_token_id: int):
    from medgguf.stages import train
    from medgguf.run import RunDir

    run = RunDir(workdir / f"run-{time.monotonic_ns()}")
    model = train.load_model(str(model_dir), cfg, precision, device)
    model = train.wrap_with_lora(model, cfg)
    return train.make_trainer(run, cfg, model, _PadTokenOnly(pad_token_id), {"train": rows}, precision, device)


class _PadTokenOnly:
    """What medgguf.train needs of a tokenizer when the rows are already token ids."""

    def __init__(self, pad_token_id: int):
        self.pad_token_id = pad_token_id


# --------------------------------------------------------------------------------------------
# The baseline: a plain Trainer + PEFT run of the same recipe, padding every batch.


def baseline_trainer(cfg: config.Config, model_dir: Path, rows: list[dict], workdir: Path,
                     precision: str, device: str, pad_token_id: int, padding: str):
    import torch
    from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig, Trainer, TrainingArguments

    from medgguf.stages import train

    t = cfg.train
    dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[precision]
    kwargs: dict = {"dtype": dtype}
    if t.method == "qlora":
        kwargs["quantization_config"] = BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.float16 if precision == "fp16" else torch.bfloat16)
    elif t.method == "lora-8bit":
        kwargs["quantization_config"] = BitsAndBytesConfig(load_in_8bit=True)
    if device == "cuda":
        kwargs["device_map"] = {"": 0}
    model = AutoModelForCausalLM.from_pretrained(str(model_dir), **kwargs)
    model.config.use_cache = False
    if t.method in ("qlora", "lora-8bit"):
        model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=t.gradient_checkpointing)
    elif t.gradient_checkpointing:
        model.gradient_checkpointing_enable()
        model.enable_input_require_grads()
    model = get_peft_model(model, LoraConfig(r=cfg.lora.r, lora_alpha=cfg.lora.alpha, lora_dropout=cfg.lora.dropout,
                                             target_modules=cfg.lora.target_modules, bias="none",
                                             task_type="CAUSAL_LM"))
    args = TrainingArguments(
        output_dir=str(workdir / f"baseline-{time.monotonic_ns()}"), per_device_train_batch_size=t.batch_size,
        gradient_accumulation_steps=t.grad_accum, max_steps=t.max_steps, learning_rate=t.lr,
        lr_scheduler_type=t.scheduler, warmup_steps=t.warmup_ratio, optim=t.optimizer,
        bf16=precision == "bf16", fp16=precision == "fp16", logging_steps=1, save_strategy="no",
        report_to=[], remove_unused_columns=False, dataloader_num_workers=0, seed=t.seed,
        disable_tqdm=True, use_cpu=device == "cpu")
    return Trainer(model=model, args=args, train_dataset=train.ListDataset(rows),
                   data_collator=train.PadCollator(pad_token_id, t.max_length if padding == "max_length" else None))


# --------------------------------------------------------------------------------------------
# Measuring one run


class CountingCollator:
    """Records the real tokens (before any padding) of each micro-batch, in collation order."""

    def __init__(self, inner):
        self.inner = inner
        self.counts: list[int] = []

    def __call__(self, features: list[dict]) -> dict:
        self.counts.append(sum(len(f["input_ids"]) for f in features))
        return self.inner(features)

    def consumed(self, micro_batches: int) -> int:
        """Tokens of the first ``micro_batches`` micro-batches. The data loader fetches ahead,
        so what has been collated is not yet what has been trained; the order is the same."""
        return sum(self.counts[:micro_batches])


def timer_callback(warmup: int, counter: CountingCollator, device: str):
    from transformers import TrainerCallback

    class Timer(TrainerCallback):
        """Times optimizer steps warmup+1..last; their tokens are those of the micro-batches
        they consumed (steps x gradient accumulation)."""

        def __init__(self):
            self.start = self.end = None
            self.tokens_start = self.tokens_end = 0
            self.steps = 0

        def _mark(self, args, step: int):
            _synchronize(device)
            return time.perf_counter(), counter.consumed(step * args.gradient_accumulation_steps)

        def on_train_begin(self, args, state, control, **kwargs):
            if warmup == 0:
                self.start, self.tokens_start = self._mark(args, 0)

        def on_step_end(self, args, state, control, **kwargs):
            now, tokens = self._mark(args, state.global_step)
            if state.global_step == warmup:
                self.start, self.tokens_start = now, tokens
            elif state.global_step > warmup:
                self.end, self.tokens_end, self.steps = now, tokens, state.global_step - warmup

    return Timer()


def measure(runner: str, make_trainer, warmup: int, device: str, profile: bool = False) -> Measured:
    import torch

    result = Measured(runner=runner)
    trainer = None
    try:
        if device == "cuda":
            torch.cuda.reset_peak_memory_stats()
        trainer = make_trainer()
        if device == "cuda":
            # What the model, adapter and trainer hold before the first step: splits a peak into
            # its static part and what the steps add (activations, logits, optimizer state).
            result.extra["allocated_before_training_gib"] = round(torch.cuda.memory_allocated() / GIB, 2)
        counter = CountingCollator(trainer.data_collator)
        trainer.data_collator = counter
        timer = timer_callback(warmup, counter, device)
        trainer.add_callback(timer)
        if profile:
            result.extra["profile"] = _profiled_train(trainer, device)
        else:
            trainer.train()
        losses = [h["loss"] for h in trainer.state.log_history if "loss" in h]
        result.final_loss = round(float(losses[-1]), 4) if losses else None
        if timer.end is not None and timer.start is not None:
            result.seconds = round(timer.end - timer.start, 3)
            result.tokens = timer.tokens_end - timer.tokens_start
            result.timed_steps = timer.steps
            result.tokens_per_s = round(result.tokens / max(result.seconds, 1e-9), 1)
    except torch.cuda.OutOfMemoryError as exc:
        result.oom, result.error = True, str(exc).splitlines()[0][:300]
    except Exception as exc:  # a benchmark reports what failed and goes on to the next case
        result.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:300] if str(exc) else ''}"
    finally:
        if device == "cuda":
            result.peak_allocated_gib = round(torch.cuda.max_memory_allocated() / GIB, 2)
            result.peak_reserved_gib = round(torch.cuda.max_memory_reserved() / GIB, 2)
        del trainer
        _free(device)
    return result


RUNNERS = {"medgguf": medgguf_trainer, "baseline": baseline_trainer}


def isolated(runner: str, trainer_kwargs: dict, warmup: int, device: str, cap_fraction: float | None,
             profile: bool) -> Measured:
    """measure() in a spawned child process; its Measured comes back through a queue."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    child = context.Process(target=_child, args=(queue, runner, trainer_kwargs, warmup, device, cap_fraction,
                                                 profile))
    child.start()
    measured = None
    while measured is None:
        try:
            measured = queue.get(timeout=5)
        except Exception:  # queue.Empty: still training, or dead before it could report
            if not child.is_alive() and queue.empty():
                measured = Measured(runner=runner, error=f"child process died (exit code {child.exitcode})")
    child.join()
    if child.exitcode not in (0, None) and measured.error is None:
        measured.error = f"child process exited with {child.exitcode}"
    return measured


def _child(queue, runner: str, trainer_kwargs: dict, warmup: int, device: str, cap_fraction: float | None,
           profile: bool) -> None:
    if device == "cuda" and cap_fraction is not None:
        import torch

        torch.cuda.set_per_process_memory_fraction(min(1.0, cap_fraction))
    elif device == "cpu":
        import torch

        torch.set_num_threads(min(2, torch.get_num_threads()))
    kwargs = dict(trainer_kwargs)
    if runner == "medgguf":
        kwargs.pop("padding")
    label = runner if runner == "medgguf" else f"baseline ({kwargs['padding']} padding)"
    queue.put(measure(label, lambda: RUNNERS[runner](**kwargs), warmup, device, profile))


def _profiled_train(trainer, device: str) -> dict:
    """Trains under torch.profiler; returns the operators that took the most time, so a slow
    runner shows where its steps go (kernels, or Python and launch overhead between them)."""
    from torch.profiler import ProfilerActivity, profile

    activities = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if device == "cuda" else [])
    with profile(activities=activities) as prof:
        trainer.train()
    events = prof.key_averages()
    by = "self_device_time_total" if device == "cuda" else "self_cpu_time_total"
    top = {}
    for key in dict.fromkeys((by, "self_cpu_time_total")):
        rows = sorted(events, key=lambda e: getattr(e, key, 0), reverse=True)[:15]
        top[key] = [{"op": e.key, "calls": e.count, "self_ms": round(getattr(e, key, 0) / 1000, 1)} for e in rows]
        print(f"top operators by {key}:", file=sys.stderr)
        for row in top[key]:
            print(f"  {row['self_ms']:>10.1f} ms  {row['calls']:>6}  {row['op'][:90]}", file=sys.stderr)
    return top


def _synchronize(device: str) -> None:
    if device == "cuda":
        import torch

        torch.cuda.synchronize()


def _free(device: str) -> None:
    gc.collect()
    if device == "cuda":
        import torch

        torch.cuda.empty_cache()


# --------------------------------------------------------------------------------------------
# Models and rows


def random_model_dir(base: str, workdir: Path, smoke: bool, device: str) -> tuple[Path, dict]:
    """A randomly initialised Llama with the published config of ``base``, saved as bf16."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    model_config = dict(SMOKE_CONFIG if smoke else memory.PUBLISHED_CONFIGS[base])
    model_config.pop("model_type", None)
    target = workdir / "models" / ("smoke" if smoke else base.replace("/", "--"))
    if not (target / "config.json").exists():
        print(f"initialising a random {base} ({'smoke config' if smoke else 'published config'})", file=sys.stderr)
        torch.manual_seed(0)
        previous = torch.get_default_dtype()
        torch.set_default_dtype(torch.bfloat16)  # 8B in fp32 would need 32 GB just to be born
        try:
            with torch.device(device):
                model = LlamaForCausalLM(LlamaConfig(**model_config))
        finally:
            torch.set_default_dtype(previous)
        with atomic.atomic_path(target) as tmp:
            model.save_pretrained(tmp, safe_serialization=True)
        del model
        _free(device)
    return target, model_config


def synthetic_rows(count: int, vocab: int, max_length: int, median: float, sigma: float, seed: int,
                   full_length: bool = False) -> list[dict]:
    """Random token rows; the first ~45% of each is the prompt (labels -100), as in chat data."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        drawn = round(rng.lognormvariate(math.log(median), sigma))
        length = max_length if full_length else min(max_length, max(16, drawn))
        ids = [rng.randrange(vocab - 256) for _ in range(length)]
        prompt = int(length * 0.45)
        rows.append({"input_ids": ids, "labels": [-100] * prompt + ids[prompt:]})
    return rows


# --------------------------------------------------------------------------------------------
# One case: worst-case peak, medgguf throughput, baseline throughput


def run_case(case: Case, args, device: str, workdir: Path) -> dict:
    import torch

    from medgguf.stages.train import resolve_batching

    recipe_overrides = case.overrides + (SMOKE_OVERRIDES if args.smoke else ())
    if args.batching != "recipe":
        recipe_overrides += (f"train.batching={args.batching}",)
    recipe = config.resolve(preset=case.preset, overrides=recipe_overrides)
    accum = min(recipe.train.grad_accum, args.max_accum)
    timing = (f"train.max_steps={args.steps}", f"train.grad_accum={accum}", "train.report_to=none",
              "train.eval_steps=1000000", "train.save_steps=1000000", "train.logging_steps=1",
              "train.save_total_limit=1")
    cfg = config.resolve(preset=case.preset, overrides=recipe_overrides + timing)
    worst_cfg = config.resolve(preset=case.preset, overrides=recipe_overrides + timing + ("train.max_steps=1",))
    precision = cfg.train.precision if cfg.train.precision != "auto" else ("bf16" if device == "cuda" else "fp32")
    cap = int(args.cap_gb * GIB) if device == "cuda" else None

    model_dir, model_config = random_model_dir(cfg.model.base, workdir, args.smoke, device)
    vocab, max_length, steps = model_config["vocab_size"], cfg.train.max_length, args.steps
    pad_token_id = vocab - 1
    # The plan for the recipe itself (its full accumulation): what `medgguf build` would print.
    estimate = memory.estimate(recipe, model_config, cap, device=device)

    per_step = cfg.train.batch_size * accum
    realistic = synthetic_rows(per_step * (steps + 1), vocab, max_length, args.length_median, args.length_sigma, seed=1)
    worst = synthetic_rows(per_step * 2, vocab, max_length, args.length_median, args.length_sigma, seed=2,
                           full_length=True)

    # Each run is a fresh process: an OOM leaves no memory behind for the next one, and no run
    # inherits another's warm kernel and cuDNN-graph caches for the same shapes (the H100 runs of
    # 2026-11-25 showed whichever runner came second on the same rows ran up to 2x faster).
    def run(label: str, runner: str, run_cfg, rows, warmup: int, profile: bool = False) -> Measured:
        print(f"[{case.name}] {label}", file=sys.stderr)
        return isolated(runner, dict(cfg=run_cfg, model_dir=model_dir, rows=rows, workdir=workdir,
                                     precision=precision, device=device, pad_token_id=pad_token_id,
                                     padding=args.baseline_padding), warmup, device,
                        cap / torch.cuda.get_device_properties(0).total_memory if cap else None, profile)

    peak = run(f"medgguf worst case: {cfg.train.batch_size} x {max_length} tokens", "medgguf", worst_cfg, worst, 0)
    peak_baseline = run("baseline worst case", "baseline", worst_cfg, worst, 0)
    ours = run(f"medgguf throughput, {steps} steps", "medgguf", cfg, realistic, args.warmup)
    if args.profile:
        ours.extra["profiled"] = run("medgguf under torch.profiler", "medgguf", cfg, realistic, args.warmup,
                                     profile=True).extra.get("profile")
    theirs = run(f"baseline (plain Trainer + PEFT, padding={args.baseline_padding})", "baseline", cfg, realistic,
                 args.warmup)
    speedup = (round(ours.tokens_per_s / theirs.tokens_per_s, 3)
               if ours.tokens_per_s and theirs.tokens_per_s else None)
    return {
        "case": case.name, "preset": case.preset, "base": cfg.model.base, "method": cfg.train.method,
        "precision": precision, "batch_size": cfg.train.batch_size, "grad_accum_timed": accum,
        "grad_accum_recipe": recipe.train.grad_accum, "max_length": max_length,
        "gradient_checkpointing": cfg.train.gradient_checkpointing,
        "batching": resolve_batching(cfg.train.batching, device),
        "cap_gib": args.cap_gb if cap else None,
        "estimate_gib": round(estimate.total_bytes / GIB, 2), "estimate_allocated_gib":
            round(estimate.allocated_bytes / GIB, 2), "estimate_fits": estimate.fits,
        "fits_measured": (not peak.oom and peak.error is None) if cap else None,
        "worst_case": peak.__dict__, "baseline_worst_case": peak_baseline.__dict__, "medgguf": ours.__dict__, "baseline": theirs.__dict__,
        "speedup": speedup,
    }


def print_table(results: list[dict]) -> None:
    header = (f"{'case':<21} {'est GiB':>7} {'peak alloc':>10} {'peak resv':>9} {'fits':>5} {'baseline peak':>13} "
              f"{'medgguf tok/s':>13} {'baseline tok/s':>14} {'speed-up':>8}")
    print(header)
    print("-" * len(header))
    for r in results:
        w, m, b, bw = r["worst_case"], r["medgguf"], r["baseline"], r["baseline_worst_case"]
        fits = "OOM" if w["oom"] else ("err" if w["error"] else ("yes" if r["fits_measured"] else "-"))
        print(f"{r['case']:<21} {r['estimate_gib']:>7.2f} {_num(w['peak_allocated_gib']):>10} "
              f"{_num(w['peak_reserved_gib']):>9} {fits:>5} {_num(bw['peak_allocated_gib'], bw):>13} "
              f"{_num(m['tokens_per_s'], m):>13} "
              f"{_num(b['tokens_per_s'], b):>14} {_num(r['speedup']):>8}")
    for r in results:
        for part in ("worst_case", "baseline_worst_case", "medgguf", "baseline"):
            if r[part]["error"]:
                print(f"{r['case']} {part}: {r[part]['error']}", file=sys.stderr)


def _num(value, measured: dict | None = None) -> str:
    if measured is not None and measured.get("oom"):
        return "OOM"
    if measured is not None and measured.get("error"):
        return "error"
    return "-" if value is None else f"{value:,.2f}" if isinstance(value, float) and value < 100 else f"{value:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default=",".join(CASES), help="comma-separated: " + ", ".join(CASES))
    parser.add_argument("--cap-gb", type=float, default=24.0, help="allocator cap in GiB (default 24)")
    parser.add_argument("--steps", type=int, default=None,
                        help="optimizer steps per throughput run (default 6; smoke 2)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed first steps (default 2; smoke 1)")
    parser.add_argument("--max-accum", type=int, default=4, help="cap on gradient accumulation while timing")
    parser.add_argument("--baseline-padding", choices=("longest", "max_length"), default="longest")
    parser.add_argument("--length-median", type=float, default=139.0)
    parser.add_argument("--length-sigma", type=float, default=0.32)
    parser.add_argument("--workdir", type=Path, default=Path("runs/bench-train-gpu"))
    parser.add_argument("--json", type=Path, default=None, help="results file (default WORKDIR/results.json)")
    parser.add_argument("--batching", choices=("recipe", "packed", "padded", "length-grouped"), default="recipe",
                        help="medgguf's batching for every case (default: each recipe's own)")
    parser.add_argument("--profile", action="store_true",
                        help="also run medgguf's throughput steps under torch.profiler and print the top operators")
    parser.add_argument("--smoke", action="store_true", help="CPU, tiny random Llama, 2 steps: checks the harness")
    args = parser.parse_args(argv)
    args.steps = args.steps or (2 if args.smoke else 6)
    args.warmup = args.warmup if args.warmup is not None else (1 if args.smoke else 2)
    if args.warmup >= args.steps:
        parser.error("--warmup must be below --steps: at least one step is timed")
    unknown = [c for c in args.cases.split(",") if c not in CASES]
    if unknown:
        parser.error(f"unknown case(s) {', '.join(unknown)}; choose from {', '.join(CASES)}")

    import torch

    device = "cuda" if torch.cuda.is_available() and not args.smoke else "cpu"
    if device == "cpu" and not args.smoke:
        parser.error("no CUDA GPU is visible: run on a GPU machine, or pass --smoke to check the harness on CPU")
    if device == "cpu":
        torch.set_num_threads(min(2, torch.get_num_threads()))
    args.workdir.mkdir(parents=True, exist_ok=True)
    environment = {"device": torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or "cpu",
                   "torch": torch.__version__, "python": platform.python_version(),
                   "date": time.strftime("%Y-%m-%d"), "smoke": args.smoke}
    for package in ("transformers", "peft", "bitsandbytes"):
        try:
            environment[package] = __import__(package).__version__
        except Exception:  # bitsandbytes may be absent on CPU
            environment[package] = None
    out = args.json or args.workdir / "results.json"
    results: list[dict] = []
    for name in args.cases.split(","):
        started = time.perf_counter()
        results.append(run_case(CASES[name], args, device, args.workdir))
        results[-1]["case_seconds"] = round(time.perf_counter() - started, 1)
        # Written after every case, so a run cut short by a time limit keeps what it measured.
        atomic.write_json(out, {"environment": environment, "settings": {k: str(v) for k, v in vars(args).items()},
                                "results": results})
        print(f"[{name}] done in {results[-1]['case_seconds']} s; wrote {out}", file=sys.stderr)
    print_table(results)
    # An OOM is a result (the recipe does not fit); any other failure is a broken benchmark.
    failed = [r for r in results for part in ("worst_case", "baseline_worst_case", "medgguf", "baseline")
              if r[part]["error"] and not r[part]["oom"]]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
