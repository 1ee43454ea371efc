"""Prepare every data set in ../shared/data with the demo tokenizer and report what was kept.

    .venv/bin/python scripts/bench_data.py [--max-tokens 1024] [--only medquad] [--json]

For each data set: rows read, kept, dropped per reason, exact/normalised duplicates, split
sizes, and the wall and CPU seconds of prepare_splits (tokenizer loading not included).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path

from medgguf import paths
from medgguf.config import DataConfig, SourceConfig

DATA_SETS = {
    "chatdoctor": "chatdoctor/chatdoctor5k.json",
    "medquad": "medquad/medquad.jsonl",
    "pubmedqa": "pubmedqa/ori_pqal.json",
    "medqa": "medqa/US_4_options_sample.jsonl",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-tokens", type=int, default=1024)
    parser.add_argument("--only", choices=sorted(DATA_SETS), action="append")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()

    from medgguf.data.prepare import prepare_splits
    from medgguf.models import ensure_demo_model, load_tokenizer

    tokenizer = load_tokenizer(str(ensure_demo_model()))
    results = {"machine": f"{platform.machine()}, {os.cpu_count()} cores", "max_tokens": args.max_tokens,
               "data_sets": {}}
    for name in args.only or DATA_SETS:
        path = paths.SHARED_DATA_DIR / DATA_SETS[name]
        if not path.exists():
            print(f"{name}: {path} is absent, skipped")
            continue
        cfg = DataConfig(sources=[SourceConfig(path=str(path))], max_tokens=args.max_tokens)
        with tempfile.TemporaryDirectory() as out:
            wall, cpu = time.perf_counter(), time.process_time()
            stats = prepare_splits(cfg, tokenizer, Path(out))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        (source,) = stats["sources"]
        results["data_sets"][name] = {
            "schema": source["schema"], "rows_read": source["rows_read"], "rows_kept": source["rows_kept"],
            "drops": {reason: tally["count"] for reason, tally in source["drops"].items()},
            "duplicates": {kind: tally["count"] for kind, tally in source["duplicates"].items()},
            "splits": stats["splits"], "leakage": stats["leakage"]["questions_in_two_splits"],
            "tokens_median": stats["tokens"]["median"], "wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"{results['machine']}, max_tokens {args.max_tokens}")
    for name, r in results["data_sets"].items():
        print(f"{name:11} {r['schema']:9} read {r['rows_read']:>6,} kept {r['rows_kept']:>6,} "
              f"drops {r['drops'] or '{}'} duplicates {r['duplicates']} splits {r['splits']} "
              f"leakage {r['leakage']} median tokens {r['tokens_median']} wall {r['wall_s']} s cpu {r['cpu_s']} s")


if __name__ == "__main__":
    main()
