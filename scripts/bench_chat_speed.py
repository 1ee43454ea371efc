"""Decode speed of the chat's generation loop against llama.cpp's own llama-bench, in one run.

    .venv/bin/python scripts/bench_chat_speed.py [--model runs/demo/gguf/demo-q4_K_M.gguf]
        [--threads N] [--reps 5] [--n-gen 128] [--json out.json]

For each repetition, llama-bench (pp512 + tg128) and then the chat engine (medgguf.chat.engine.Engine,
the loop `medgguf chat` and `medgguf ask` run, with the chat's default sampling) run back to
back on the same GGUF and thread count, so a machine shared with other work slows both alike;
the ratio reported is the median of the per-repetition ratios, against tg128 from an empty
cache (the issue's yardstick) and against tg128 at the depth of the chat's own prompt (`-d`). Also reported: the engine's
prompt tokens/s on a ~500-token prompt (vs llama-bench pp512), time to first token for a short
and for a long question, and this process's peak RSS.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf.chat.engine import Engine  # noqa: E402
from medgguf.chat.sampling import Sampling  # noqa: E402
from medgguf.chat.session import ChatSession  # noqa: E402
from medgguf.hardware import physical_cores  # noqa: E402
from medgguf.llamacpp import tools  # noqa: E402
from medgguf.run import RunDir  # noqa: E402

SHORT_QUESTION = ("Write a detailed explanation, in several paragraphs, of how type 2 diabetes "
                  "develops, how it is diagnosed, and how it is treated.")
LONG_PASTE = " ".join([
    "Discharge summary. The patient is a 64-year-old man admitted with community-acquired pneumonia.",
    "He presented with three days of fever, productive cough and shortness of breath on exertion.",
    "Chest radiograph showed right lower lobe consolidation. He was treated with intravenous antibiotics,",
    "switched to oral therapy on day three, and his oxygen requirement resolved by day four.",
] * 6) + " Summarize this for the patient in plain language."


def engine_decode(engine: Engine, sampling: Sampling, n_gen: int, seed: int) -> tuple[float, int, float]:
    """One generation of up to n_gen tokens from an empty cache: (decode tok/s, tokens, ttft)."""
    for attempt in range(6):
        engine.reset_cache()
        session = ChatSession(engine, sampling=replace(sampling, max_tokens=n_gen, seed=seed + attempt))
        result = session.send(SHORT_QUESTION).answer
        # A sample that ends its turn early measures too few tokens; draw again.
        if result.n_completion_tokens >= n_gen * 3 // 4:
            return result.decode_tokens_per_s, result.n_completion_tokens, result.ttft_s
    return result.decode_tokens_per_s, result.n_completion_tokens, result.ttft_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=RunDir(Path("runs") / "demo").gguf_file("q4_K_M"))
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--n-gen", type=int, default=128)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    sampling = Sampling()
    engine = Engine(args.model, threads=args.threads)
    print(f"model {engine.info.summary()}\nthreads {args.threads}, sampling {sampling}", flush=True)
    # The chat decodes after its system prompt and question: llama-bench also runs at that depth.
    depth = len(ChatSession(engine).prompt_tokens([{"role": "user", "content": SHORT_QUESTION}]))
    rows = []
    for rep in range(args.reps):
        rows_bench = tools.bench(args.model, depths=[0, depth], threads=args.threads, n_prompt=512,
                                 n_gen=args.n_gen, repetitions=1)
        bench = {(row.test, row.n_depth): row for row in rows_bench}
        tg = bench[(f"tg{args.n_gen}", 0)].avg_ts
        tg_depth = bench[(f"tg{args.n_gen}", depth)].avg_ts
        ours, n_tokens, ttft_short = engine_decode(engine, sampling, args.n_gen, seed=1000 * rep)
        engine.reset_cache()
        long_turn = ChatSession(engine, sampling=replace(sampling, max_tokens=8, seed=rep)).send(LONG_PASTE).answer
        row = {"rep": rep, "llama_bench_tg_ts": tg, "chat_decode_ts": ours, "ratio": ours / tg,
               "llama_bench_tg_at_depth_ts": tg_depth, "ratio_at_depth": ours / tg_depth, "depth": depth,
               "chat_tokens": n_tokens, "ttft_short_s": ttft_short,
               "llama_bench_pp512_ts": bench[("pp512", 0)].avg_ts,
               "chat_prompt_ts": long_turn.prompt_tokens_per_s, "chat_prompt_tokens": long_turn.n_prompt_tokens,
               "ttft_long_s": long_turn.ttft_s}
        rows.append(row)
        print(f"rep {rep}: llama-bench tg{args.n_gen} {tg:6.1f} tok/s | chat {ours:6.1f} tok/s "
              f"({n_tokens} tokens) | ratio {ours / tg:.3f}, {ours / tg_depth:.3f} vs tg @ d{depth} | pp512 {row['llama_bench_pp512_ts']:6.1f} vs chat "
              f"prompt {row['chat_prompt_ts']:6.1f} tok/s ({row['chat_prompt_tokens']} tokens) | "
              f"ttft {ttft_short:.3f} s short, {row['ttft_long_s']:.3f} s long", flush=True)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    summary = {
        "model": str(args.model), "threads": args.threads, "reps": args.reps, "n_gen": args.n_gen,
        "median_ratio": statistics.median(r["ratio"] for r in rows),
        "median_ratio_at_depth": statistics.median(r["ratio_at_depth"] for r in rows), "depth": depth,
        "median_llama_bench_tg_ts": statistics.median(r["llama_bench_tg_ts"] for r in rows),
        "median_chat_decode_ts": statistics.median(r["chat_decode_ts"] for r in rows),
        "median_llama_bench_pp512_ts": statistics.median(r["llama_bench_pp512_ts"] for r in rows),
        "median_chat_prompt_ts": statistics.median(r["chat_prompt_ts"] for r in rows),
        "median_ttft_short_s": statistics.median(r["ttft_short_s"] for r in rows),
        "median_ttft_long_s": statistics.median(r["ttft_long_s"] for r in rows),
        "peak_rss_mb": peak_rss_mb, "rows": rows,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    print(f"median decode ratio chat/llama-bench: {summary['median_ratio']:.3f} "
          f"({summary['median_chat_decode_ts']:.1f} vs {summary['median_llama_bench_tg_ts']:.1f} tok/s), "
          f"{summary['median_ratio_at_depth']:.3f} against tg{args.n_gen} @ d{depth}; "
          f"prompt {summary['median_chat_prompt_ts']:.1f} tok/s vs pp512 {summary['median_llama_bench_pp512_ts']:.1f}; "
          f"ttft {summary['median_ttft_short_s']:.3f} s short / {summary['median_ttft_long_s']:.3f} s long; "
          f"peak RSS {peak_rss_mb:.0f} MB")
    if args.json:
        from medgguf.atomic import write_json

        write_json(args.json, summary)
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
