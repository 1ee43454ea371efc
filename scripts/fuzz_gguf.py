"""Mutation-fuzz a GGUF through medgguf's loading paths and print a table of outcomes.

    .venv/bin/python scripts/fuzz_gguf.py MODEL.gguf [--count 5000] [--seed 15] [--json out.json]

MODEL is the demo's q4_K_M (runs/demo/gguf/demo-q4_K_M.gguf after `medgguf build --preset demo`).
Each mutant goes through `medgguf ask` and bench's loading path (tests/support/gguf_fuzz.py
says how, and what counts as a pass). Exit 1 when any mutant crashed, hung or broke the
one-line-error contract; each such mutant is kept under the temp directory for a regression case.
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support import gguf_fuzz  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path)
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--json", type=Path, default=None, help="write every outcome here")
    args = parser.parse_args()

    started = time.perf_counter()
    seen = collections.Counter()

    def progress(outcome: gguf_fuzz.Outcome) -> None:
        seen[outcome.result] += 1
        done = sum(seen.values())
        if not outcome.ok:
            print(f"[{done}] {outcome.result}: {outcome.kind} {outcome.detail}: {outcome.message}", flush=True)
        elif done % 250 == 0:
            print(f"[{done}/{args.count}] {time.perf_counter() - started:.0f} s {dict(seen)}", flush=True)

    outcomes = gguf_fuzz.fuzz(args.model, seed=args.seed, count=args.count, on_outcome=progress)
    elapsed = time.perf_counter() - started
    print()
    print(gguf_fuzz.table(outcomes))
    failures = [o for o in outcomes if not o.ok]
    print(f"\n{len(outcomes)} mutants of {args.model.name} (seed {args.seed}) in {elapsed:.0f} s; "
          f"{len(failures)} crashed, hung or broke the one-line-error contract")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
