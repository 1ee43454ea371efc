#!/usr/bin/env python3
"""CPU training throughput of the demo recipe: padding-free packing vs length grouping vs plain
padding, measured in one process on the same rows, through medgguf's own training code.

    .venv/bin/python scripts/bench_train_cpu.py                 # 10 steps per mode, MedQuAD rows
    .venv/bin/python scripts/bench_train_cpu.py --steps 20 --json reports/bench_train_cpu.json

Tokens/s counts real tokens only (padding excluded), so the modes are compared on useful work.
Needs ../shared/data/medquad (or --data FILE with any supported schema).
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MODES = ("packed", "length-grouped", "padded")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=10)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()

    import torch

    from medgguf import config as config_mod, hardware, models, paths
    from medgguf.stages import train
    from medgguf.console import setup_logging
    from medgguf.data.prepare import prepare_splits
    from medgguf.run import RunDir

    setup_logging()
    overrides = [f"train.max_steps={args.steps}", "train.report_to=none",
                 "train.save_steps=100000", "train.eval_steps=100000"]
    cfg = config_mod.resolve("demo", None, overrides)
    if args.data:
        cfg.data.sources = [config_mod.SourceConfig(path=str(args.data), schema="auto")]
    elif not (paths.SHARED_DATA_DIR / "medquad" / "medquad.jsonl").exists():
        sys.exit(f"needs {paths.SHARED_DATA_DIR}/medquad/medquad.jsonl or --data FILE")
    threads = hardware.default_threads(args.threads)
    torch.set_num_threads(threads)
    base = models.resolve_base(cfg.model.base)
    tokenizer = models.load_tokenizer(base)

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        run = RunDir(Path(tmp) / "bench")
        prepare_splits(cfg.data, tokenizer, run.data_dir)
        rows = train._encode_split(run.split_file("train"), tokenizer, cfg.train.max_length)
        for mode in args.modes.split(","):
            cfg.train.batching = mode
            model = train.wrap_with_lora(train.load_model(base, cfg, "fp32", "cpu"), cfg)
            trainer = train.make_trainer(run, cfg, model, tokenizer, {"train": rows}, "fp32", "cpu")
            started = time.monotonic()
            trainer.train()
            seconds = time.monotonic() - started
            tokens = trainer.state.num_input_tokens_seen
            results.append({"mode": mode, "steps": trainer.state.global_step, "seconds": round(seconds, 1),
                            "seconds_per_step": round(seconds / trainer.state.global_step, 2),
                            "real_tokens": int(tokens), "tokens_per_s": round(tokens / seconds, 1)})
            del trainer, model

    padded = next((r for r in results if r["mode"] == "padded"), None)
    print(f"demo recipe, batch {cfg.train.batch_size}, max_length {cfg.train.max_length}, "
          f"{threads} threads, torch {torch.__version__}")
    print(f"{'mode':<16}{'steps':>6}{'s/step':>9}{'real tok':>10}{'tok/s':>9}{'vs padded':>11}")
    for r in results:
        ratio = f"{r['tokens_per_s'] / padded['tokens_per_s']:.2f}x" if padded else "-"
        print(f"{r['mode']:<16}{r['steps']:>6}{r['seconds_per_step']:>9}{r['real_tokens']:>10}"
              f"{r['tokens_per_s']:>9}{ratio:>11}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"threads": threads, "results": results}, indent=2))


if __name__ == "__main__":
    main()
