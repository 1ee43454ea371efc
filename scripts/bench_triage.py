"""Time the red-flag triage per message, and count emergencies raised on real informational questions.

    .venv/bin/python scripts/bench_triage.py [--repeat 5] [--json]

Times every message of the labelled sets in tests/data (mean, median, p99 and max per
message, after one warm-up call that loads the word list and compiles the rules), the cold start
itself, and, where ../shared/data has them, the MedQuAD questions (how many raise the emergency
notice: all are informational) and ChatDoctor patient messages (the level mix).
The issue's budget is 5 ms per message.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import time
from collections import Counter
from pathlib import Path

from medgguf import paths

SETS = ("triage_eval.jsonl", "triage_holdout.jsonl", "triage_holdout2.jsonl", "triage_holdout3.jsonl",
        "triage_holdout4.jsonl", "triage_holdout5.jsonl", "triage_holdout6.jsonl", "triage_holdout7.jsonl",
        "triage_holdout8.jsonl", "triage_holdout9.jsonl", "triage_holdout10.jsonl", "triage_holdout11.jsonl",
        "triage_holdout12.jsonl", "triage_holdout13.jsonl")
DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="Passes over the messages [default: 5].")
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args()

    started = time.perf_counter()
    from medgguf.chat.triage import compile_all, triage

    compile_all()
    cold_s = time.perf_counter() - started

    messages = [json.loads(line)["text"] for name in SETS for line in (DATA / name).open(encoding="utf-8")
                if line.strip()]
    timings_ms: list[float] = []
    for _ in range(args.repeat):
        for message in messages:
            t0 = time.perf_counter()
            triage(message)
            timings_ms.append(1000 * (time.perf_counter() - t0))
    timings_ms.sort()
    result: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "cold_start_s": round(cold_s, 3),
        "messages": len(messages), "repeat": args.repeat,
        "ms_per_message": {"mean": round(statistics.fmean(timings_ms), 3),
                           "median": round(statistics.median(timings_ms), 3),
                           "p99": round(timings_ms[int(0.99 * (len(timings_ms) - 1))], 3),
                           "max": round(timings_ms[-1], 3)},
    }
    medquad = paths.SHARED_DATA_DIR / "medquad" / "medquad.jsonl"
    if medquad.is_file():
        questions = sorted({json.loads(line)["Question"] for line in medquad.open(encoding="utf-8")})
        levels = Counter(triage(q).level for q in questions)
        result["medquad_questions"] = {"unique": len(questions), **{k: levels[k] for k in ("emergency", "urgent", "routine")}}
    chatdoctor = paths.SHARED_DATA_DIR / "chatdoctor" / "chatdoctor5k.json"
    if chatdoctor.is_file():
        inputs = [row["input"] for row in json.loads(chatdoctor.read_text(encoding="utf-8"))]
        levels = Counter(triage(text).level for text in inputs)
        result["chatdoctor_messages"] = {"n": len(inputs), **{k: levels[k] for k in ("emergency", "urgent", "routine")}}

    if args.json:
        print(json.dumps(result, indent=2))
        return
    ms = result["ms_per_message"]
    print(f"machine: {result['machine']}")
    print(f"cold start (import, rules, word list, typo index): {result['cold_start_s']:.3f} s")
    print(f"{result['messages']} messages x {args.repeat}: mean {ms['mean']:.3f} ms, median {ms['median']:.3f} ms, "
          f"p99 {ms['p99']:.3f} ms, max {ms['max']:.3f} ms per message (budget 5 ms)")
    if "medquad_questions" in result:
        m = result["medquad_questions"]
        print(f"MedQuAD: {m['emergency']} of {m['unique']} unique questions raise the emergency notice "
              f"({m['urgent']} urgent)")
    if "chatdoctor_messages" in result:
        c = result["chatdoctor_messages"]
        print(f"ChatDoctor: {c['emergency']} emergency, {c['urgent']} urgent, {c['routine']} routine of {c['n']}")


if __name__ == "__main__":
    main()
