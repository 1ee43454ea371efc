"""How much a GGUF loops or runs on at given sampling settings: the degeneration measures of
medgguf.eval.degeneration (cut off, repeated sentences, rep-4, distinct-2, length) and the
ROUGE-L of the same sampled answers, over split questions x seeds.

    .venv/bin/python scripts/bench_degeneration.py runs/demo                     # q4_K_M, test split
    .venv/bin/python scripts/bench_degeneration.py runs/demo --model base --model f16 --model q4_K_M
    .venv/bin/python scripts/bench_degeneration.py runs/demo --sweep --split val  # the decoding sweep

--sweep measures every setting of medgguf.eval.degeneration.SWEEP on one model (q4_K_M unless
--model says otherwise) and writes reports/decoding-sweep.json into the run, where the report
picks it up. Without --sweep the settings are the chat's defaults (medgguf.chat.sampling).
Each number has a 95% interval from a bootstrap over questions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf.eval import degeneration, report  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, help="a built run directory, e.g. runs/demo")
    parser.add_argument("--model", action="append", help="base, f16, q4_K_M (default) or a GGUF path; repeatable")
    parser.add_argument("--split", default="test", choices=("test", "val"))
    parser.add_argument("--questions", type=int, default=degeneration.DEFAULT_QUESTIONS)
    parser.add_argument("--seeds", type=int, default=degeneration.DEFAULT_SEEDS)
    parser.add_argument("--sweep", action="store_true", help="every setting of the decoding sweep, on one model")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the measures, with their intervals, here")
    args = parser.parse_args(argv)

    from medgguf.run import RunDir

    run = RunDir(args.run)
    if args.sweep:
        label = (args.model or ["q4_K_M"])[0]
        result = degeneration.sweep(
            run,
            degeneration.model_path(run, label),
            split=args.split,
            questions=args.questions,
            seeds=range(args.seeds),
            threads=args.threads,
        )
        print(f"{run.name} {label}, {args.split} split")
        print(report.sweep_table(result))
        print(f"chosen: {result['chosen']}  (wrote {run.report_file('decoding-sweep.json')})", file=sys.stderr)
        return 0
    rows = {}
    for label in args.model or ["q4_K_M"]:
        rows[label] = degeneration.measure_model(
            degeneration.model_path(run, label),
            degeneration.split_rows(run, args.split, args.questions),
            seeds=range(args.seeds),
            threads=args.threads,
        )
    print(f"{run.name}, {args.split} split, chat defaults")
    print(report.degeneration_results_table("model", rows))
    if args.json:
        from medgguf import atomic

        atomic.write_json(args.json, {"run": str(run.root), "split": args.split, "models": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
