"""Perplexity agreement and overhead: `medgguf bench` against `llama-perplexity` alone.

    .venv/bin/python scripts/bench_ppl_agreement.py MODEL.gguf TEXT.txt [--ctx 512] [--chunks 8] [--repeats 3]

Runs, alternately, `medgguf bench MODEL --text TEXT --no-speed` (in process, through the CLI)
and the bare llama-perplexity on the same file and settings, and prints both perplexities, their
relative difference and the wall-time ratio (best of --repeats each, to damp a shared CPU).
With --base F16.gguf it also checks the PPL that the KL-divergence run reports.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf.cli import main  # noqa: E402
from medgguf.eval import bench  # noqa: E402
from tests.reference import llama_perplexity  # noqa: E402  (the bare tool, not medgguf's wrapper)


def timed_cli(args: list[str]) -> tuple[float, dict]:
    started = time.monotonic()
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    seconds = time.monotonic() - started
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return seconds, json.loads(result.stdout)["rows"][0]


def main_script() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("text", type=Path)
    parser.add_argument("--base", type=Path)
    parser.add_argument("--ctx", type=int, default=512)
    parser.add_argument("--chunks", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    common = ["--text", str(args.text), "--ctx", str(args.ctx), "--chunks", str(args.chunks),
              "--threads", str(args.threads), "--no-speed", "--json"]
    bench_times, tool_times = [], []
    for _ in range(args.repeats):
        seconds, row = timed_cli(["bench", str(args.model), *common])
        bench_times.append(seconds)
        started = time.monotonic()
        reference = llama_perplexity(args.model, args.text, ctx=args.ctx, chunks=args.chunks, threads=args.threads)
        tool_times.append(time.monotonic() - started)
    summary = {
        "model": str(args.model), "text": str(args.text), "ctx": args.ctx, "chunks": row["chunks"],
        "bench_ppl": row["ppl"], "llama_perplexity_ppl": reference.ppl,
        "relative_difference": abs(row["ppl"] - reference.ppl) / reference.ppl,
        "bench_seconds": [round(s, 2) for s in bench_times], "llama_perplexity_seconds": [round(s, 2) for s in tool_times],
        "wall_time_ratio_best": round(min(bench_times) / min(tool_times), 3),
    }
    if args.base:
        _, kld_row = timed_cli(["bench", str(args.model), "--base", str(args.base), *common])
        base_reference = llama_perplexity(args.base, args.text, ctx=args.ctx, chunks=args.chunks,
                                          threads=args.threads)
        summary.update({"kld_run_ppl": kld_row["ppl"], "kld_run_relative_difference":
                        abs(kld_row["ppl"] - reference.ppl) / reference.ppl,
                        "kld_run_ppl_base": kld_row["ppl_base"], "base_llama_perplexity_ppl": base_reference.ppl,
                        "base_relative_difference": abs(kld_row["ppl_base"] - base_reference.ppl) / base_reference.ppl,
                        "logits_cache_bytes": bench.logits_cache_bytes(bench.identify(args.base).vocab_size,
                                                                       args.ctx, row["chunks"])})
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main_script()
