"""`medgguf serve` against the chat path: decode speed and time to first token, 1 and 4 clients.

    .venv/bin/python scripts/bench_serve.py [--model runs/demo/gguf/demo-q4_K_M.gguf]
        [--threads N] [--reps 5] [--n-gen 128] [--json out.json]

Starts the real server (`python -m medgguf serve MODEL --port 0`) and, in this process, the chat
engine on the same GGUF with the same thread count and sampling (medgguf chat's defaults). Each
repetition runs, back to back so a machine shared with other work slows both alike:

1. the chat path: ChatSession.send() from an empty cache (what `medgguf chat`/`ask` run);
2. one streaming request through the `openai` client: decode tokens/s as the client sees it,
   (completion tokens - 1) / (last content chunk - first content chunk), and time to first token
   (request sent -> first content chunk);
3. four streaming requests sent at once from four threads: each one's time to first token (the
   queue makes the last one wait for three answers) and the aggregate tokens/s;
4. the engine llama-cpp-python's own server (its `[server]` extra) runs:
   ``Llama.create_chat_completion(stream=True)`` on the same loaded model, in this process, with
   the same sampling: the alternative to serving through medgguf's chat engine.

Reported: the median over repetitions of the per-repetition ratio serve/chat decode tokens/s, and
the median TTFTs. A sample that ends its turn before 3/4 of --n-gen is drawn again with another
seed, on both paths, so both measure long answers.
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf.chat.engine import Engine  # noqa: E402
from medgguf.chat.sampling import Sampling  # noqa: E402
from medgguf.chat.session import DEFAULT_SYSTEM_PROMPT, ChatSession  # noqa: E402
from medgguf.hardware import physical_cores  # noqa: E402
from medgguf.run import RunDir  # noqa: E402

QUESTION = ("Write a detailed explanation, in several paragraphs, of how type 2 diabetes develops, how it is "
            "diagnosed, and how it is treated.")


def chat_path(engine: Engine, n_gen: int, seed: int) -> dict:
    for attempt in range(6):
        engine.reset_cache()
        session = ChatSession(engine, sampling=replace(Sampling(), max_tokens=n_gen, seed=seed + attempt))
        answer = session.send(f"{QUESTION} ({seed})").answer
        if answer.n_completion_tokens >= n_gen * 3 // 4:
            break
    return {"decode_ts": answer.decode_tokens_per_s, "tokens": answer.n_completion_tokens, "ttft_s": answer.ttft_s}


def binding_path(engine: Engine, n_gen: int, seed: int) -> dict:
    """llama-cpp-python's high-level chat completion (what llama_cpp.server serves), streamed."""
    sampling = Sampling()
    for attempt in range(6):
        engine.reset_cache()
        engine.model.llm.reset()
        started = time.perf_counter()
        first = last = None
        pieces = 0
        for chunk in engine.model.llm.create_chat_completion(
                messages=[{"role": "system", "content": DEFAULT_SYSTEM_PROMPT},
                          {"role": "user", "content": f"{QUESTION} ({seed})"}],
                stream=True, max_tokens=n_gen, temperature=sampling.temperature, top_p=sampling.top_p,
                top_k=sampling.top_k, repeat_penalty=1.0, min_p=0.0, seed=seed + attempt):
            if chunk["choices"][0]["delta"].get("content"):
                now = time.perf_counter()
                first = first or now
                last = now
                pieces += 1
        if pieces >= n_gen * 3 // 4:
            break
    engine.reset_cache()
    engine.model.llm.reset()
    decode = (pieces - 1) / (last - first) if first and last and last > first else 0.0
    return {"decode_ts": decode, "tokens": pieces, "ttft_s": (first or started) - started}


def stream_once(client, n_gen: int, seed: int, tag: str) -> dict:
    started = time.perf_counter()
    first = last = None
    tokens = 0
    server_stats: dict = {}
    for chunk in client.chat.completions.create(
            model="bench", messages=[{"role": "user", "content": f"{QUESTION} ({tag})"}], stream=True,
            max_tokens=n_gen, seed=seed, stream_options={"include_usage": True}):
        now = time.perf_counter()
        if chunk.choices and chunk.choices[0].delta.content and chunk.choices[0].delta.role is None:
            first = first or now
            last = now
        if chunk.choices and chunk.choices[0].finish_reason:
            server_stats = (chunk.model_extra or {}).get("medgguf", {}).get("stats", {})
        if chunk.usage:
            tokens = chunk.usage.completion_tokens
    decode = (tokens - 1) / (last - first) if first and last and last > first and tokens > 1 else 0.0
    return {"decode_ts": decode, "tokens": tokens, "ttft_s": (first or time.perf_counter()) - started,
            "total_s": time.perf_counter() - started, "server_decode_ts": server_stats.get("decode_tokens_per_s"),
            "server_queue_s": server_stats.get("queue_s")}


def serve_one(client, n_gen: int, seed: int, rep: int) -> dict:
    for attempt in range(6):
        result = stream_once(client, n_gen, seed + attempt, f"rep {rep} try {attempt}")
        if result["tokens"] >= n_gen * 3 // 4:
            break
    return result


def serve_many(client, n_clients: int, n_gen: int, seed: int, rep: int) -> dict:
    results: list[dict] = [{}] * n_clients
    barrier = threading.Barrier(n_clients)

    def one(index: int) -> None:
        barrier.wait()
        results[index] = stream_once(client, n_gen, seed + index, f"rep {rep} client {index}")

    started = time.perf_counter()
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n_clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    ttfts = sorted(r["ttft_s"] for r in results)
    return {"ttft_mean_s": statistics.mean(ttfts), "ttft_min_s": ttfts[0], "ttft_max_s": ttfts[-1],
            "tokens": sum(r["tokens"] for r in results), "aggregate_ts": sum(r["tokens"] for r in results) / wall,
            "all_complete": all(r["tokens"] > 0 for r in results), "wall_s": wall}


def start_server(model: Path, threads: int) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "medgguf", "serve", str(model), "--port", "0",
                             "--threads", str(threads)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"at (http://127\.0\.0\.1:\d+)", line)
        if found:
            return proc, found.group(1)
    raise SystemExit(f"medgguf serve exited ({proc.wait()})")


def main(argv: list[str] | None = None) -> int:
    import openai

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=RunDir(Path("runs") / "demo").gguf_file("q4_K_M"))
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--n-gen", type=int, default=128)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    proc, url = start_server(args.model, args.threads)
    engine = Engine(args.model, threads=args.threads)
    client = openai.OpenAI(base_url=url + "/v1", api_key="unused", max_retries=0, timeout=900)
    print(f"model {engine.info.summary()}\nthreads {args.threads}, server {url}", flush=True)
    rows = []
    try:
        stream_once(client, 8, 0, "warm-up")
        for rep in range(args.reps):
            chat = chat_path(engine, args.n_gen, seed=1000 * rep)
            one = serve_one(client, args.n_gen, seed=1000 * rep, rep=rep)
            many = serve_many(client, args.clients, args.n_gen, seed=1000 * rep + 100, rep=rep)
            binding = binding_path(engine, args.n_gen, seed=1000 * rep + 500)
            row = {"rep": rep, "binding_decode_ts": binding["decode_ts"], "binding_tokens": binding["tokens"],
                   "binding_ratio": binding["decode_ts"] / chat["decode_ts"],
                   "chat_decode_ts": chat["decode_ts"], "chat_tokens": chat["tokens"],
                   "chat_ttft_s": chat["ttft_s"], "serve_decode_ts": one["decode_ts"], "serve_tokens": one["tokens"],
                   "serve_server_side_decode_ts": one["server_decode_ts"], "ratio": one["decode_ts"] / chat["decode_ts"],
                   "serve_ttft_1_s": one["ttft_s"], **{f"serve_{args.clients}_{k}": v for k, v in many.items()}}
            rows.append(row)
            print(f"rep {rep}: chat {chat['decode_ts']:6.1f} tok/s ({chat['tokens']} tok, ttft {chat['ttft_s']:.3f} s) | "
                  f"serve {one['decode_ts']:6.1f} tok/s ({one['tokens']} tok, ttft {one['ttft_s']:.3f} s) | "
                  f"ratio {row['ratio']:.3f} | {args.clients} clients: ttft mean {many['ttft_mean_s']:.2f} s, "
                  f"max {many['ttft_max_s']:.2f} s, {many['aggregate_ts']:.1f} tok/s together, "
                  f"all complete {many['all_complete']} | llama-cpp-python create_chat_completion "
                  f"{binding['decode_ts']:6.1f} tok/s ({binding['tokens']} pieces)", flush=True)
    finally:
        engine.close()
        proc.terminate()
        proc.wait(30)
    median = lambda key: statistics.median(r[key] for r in rows)  # noqa: E731
    summary = {
        "model": str(args.model), "threads": args.threads, "reps": args.reps, "n_gen": args.n_gen,
        "clients": args.clients, "median_ratio": median("ratio"), "median_chat_decode_ts": median("chat_decode_ts"),
        "median_serve_decode_ts": median("serve_decode_ts"),
        "median_binding_decode_ts": median("binding_decode_ts"), "median_binding_ratio": median("binding_ratio"), "median_chat_ttft_s": median("chat_ttft_s"),
        "median_serve_ttft_1_s": median("serve_ttft_1_s"),
        f"median_serve_ttft_{args.clients}_mean_s": median(f"serve_{args.clients}_ttft_mean_s"),
        f"median_serve_ttft_{args.clients}_max_s": median(f"serve_{args.clients}_ttft_max_s"),
        f"median_serve_{args.clients}_aggregate_ts": median(f"serve_{args.clients}_aggregate_ts"),
        "rows": rows, "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    print(f"median serve/chat decode ratio {summary['median_ratio']:.3f} "
          f"({summary['median_serve_decode_ts']:.1f} vs {summary['median_chat_decode_ts']:.1f} tok/s); "
          f"TTFT chat {summary['median_chat_ttft_s']:.3f} s, serve 1 client {summary['median_serve_ttft_1_s']:.3f} s, "
          f"{args.clients} clients mean {summary[f'median_serve_ttft_{args.clients}_mean_s']:.2f} s / max "
          f"{summary[f'median_serve_ttft_{args.clients}_max_s']:.2f} s; llama-cpp-python's create_chat_completion "
          f"{summary['median_binding_decode_ts']:.1f} tok/s ({summary['median_binding_ratio']:.3f} of the chat path)")
    if args.json:
        from medgguf.atomic import write_json

        write_json(args.json, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
