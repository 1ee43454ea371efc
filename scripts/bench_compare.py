"""The numbers issue 6 asks for, from a run's reports/compare.json and quality.json.

    .venv/bin/medgguf compare --name demo --imatrix none,train,generic     # measure (long)
    .venv/bin/python scripts/bench_compare.py [--name demo] [--runs-dir runs]   # summarize

Prints the compare table (markdown), the mean-KLD change each importance matrix brings to every
type (the issue's target: q4_K_M with the domain imatrix at -30% or better), and the quality table.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from medgguf.eval import report
from medgguf.run import RunDir


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="demo")
    parser.add_argument("--runs-dir", type=Path, default=Path("runs"))
    args = parser.parse_args()
    run = RunDir(args.runs_dir / args.name)
    compare = report.read_json(run.report_file("compare.json"))
    if not compare:
        raise SystemExit(f"no {run.report_file('compare.json')}: run `medgguf compare --name {args.name}` first")
    print(f"Held-out text: {compare['text']}, {compare['chunks']} chunks of {compare['ctx']} "
          f"({compare['tokens_scored']} scored tokens); compare took {compare['seconds']} s\n")
    print(report.compare_table(compare), "\n")
    print(report.imatrix_table(compare), "\n")
    q4 = compare["imatrix_effect"].get("q4_K_M", {})
    if "change_train_pct" in q4:
        verdict = "meets" if q4["change_train_pct"] <= -30 else "misses"
        print(f"q4_K_M mean KLD {q4['kld_none']:.4f} -> {q4['kld_train']:.4f} with the domain imatrix "
              f"({q4['change_train_pct']:+.1f}%, {verdict} the -30% target)")
    if "change_generic_pct" in q4:
        print(f"q4_K_M with the generic imatrix: {q4['kld_generic']:.4f} ({q4['change_generic_pct']:+.1f}%)")
    quality = report.read_json(run.report_file("quality.json"))
    if quality:
        print("\n" + report.quality_table(quality))
    print(json.dumps({"seconds": compare["seconds"]}))


if __name__ == "__main__":
    main()
