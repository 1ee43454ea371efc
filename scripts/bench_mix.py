"""The numbers issue 17 asks for: the per-tensor mix against q3_K_M, q4_K_M and q5_K_M (all with
the training imatrix) at their own file sizes, on the test split and on a text the calibration
never saw (ChatDoctor conversations; the demo trains and calibrates on MedQuAD only).

    .venv/bin/python scripts/bench_mix.py [--name demo] [--runs-dir runs] [--threads 2]
        [--types q8_0,...] [--json out.json]

Runs `medgguf compare` twice through the library, unseen text first so that the run's own
reports/compare.json, pareto.png and report.md end on the test split; the unseen text's report is
kept as reports/compare-unseen.json (and the test split's as compare-test.json). Sensitivity, quantized files and bench rows come from the
run's cache, so a rerun measures only what changed. Prints a markdown table per text: size, bpw,
mean KLD ± standard error, same-top % ± standard error, and the mix's KLD as a fraction of the
standard type's. Also prints the sensitivity proxy's rank correlation and how long it took.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medgguf import atomic, paths  # noqa: E402
from medgguf.eval import DEFAULT_TYPES, compare  # noqa: E402
from medgguf.llamacpp.quant_types import file_label  # noqa: E402
from medgguf.run import RunDir  # noqa: E402

BUDGETS = ("q4_K_M", "q3_K_M", "q5_K_M")
UNSEEN_ROWS = 400  # ChatDoctor conversations: ~40K tokens, more than 16 chunks of 512


def unseen_text(run: RunDir) -> Path:
    """ChatDoctor's patient/doctor turns: medical, but another source, style and vocabulary than
    the MedQuAD rows the demo trains and calibrates on."""
    rows = json.loads((paths.SHARED_DATA_DIR / "chatdoctor" / "chatdoctor5k.json").read_text())
    text = "\n\n".join(f"{r['input']}\n{r['output']}" for r in rows[-UNSEEN_ROWS:])
    out = run.reports_dir / "unseen-chatdoctor.txt"
    atomic.update_text(out, text)
    return out


def table(report: dict, budgets: list[str]) -> tuple[str, list[dict]]:
    rows = {r["label"]: r for r in report["rows"]}
    lines = [
        "| budget | file | size (MB) | bpw | mean KLD ± se | same top % ± se | KLD mix / standard |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    found = []
    for budget in budgets:
        standard = rows.get(f"{budget}+imatrix-train")
        mix = rows.get(f"mix-{budget}+imatrix-train")
        if not standard or not mix:
            continue
        plain = rows.get(budget)
        for row in [r for r in (plain, standard, mix) if r]:
            ratio = f"{mix['kld_mean'] / standard['kld_mean']:.3f}" if row is mix else ""
            lines.append(
                f"| {budget} | {row['label']} | {row['file_size'] / 1e6:.2f} | {row['bits_per_weight']:.3f} | "
                f"{row['kld_mean']:.5f} ± {row['kld_mean_stderr']:.5f} | "
                f"{row['same_top_pct']:.2f} ± {row['same_top_pct_stderr']:.2f} | {ratio} |"
            )
        found.append(
            {
                "budget": budget,
                "mix_size": mix["file_size"],
                "standard_size": standard["file_size"],
                "kld_ratio": mix["kld_mean"] / standard["kld_mean"],
                "same_top_gain": mix["same_top_pct"] - standard["same_top_pct"],
                "mix_kld": mix["kld_mean"],
                "mix_kld_se": mix["kld_mean_stderr"],
                "standard_kld": standard["kld_mean"],
                "standard_kld_se": standard["kld_mean_stderr"],
            }
        )
    return "\n".join(lines), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--name", default="demo")
    parser.add_argument("--runs-dir", type=Path, default=Path("runs"))
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--types", default=",".join(BUDGETS), help=f"standard types on the test split (all: {','.join(DEFAULT_TYPES)})"
    )
    parser.add_argument("--chunks", type=int, default=16)
    parser.add_argument("--plain", action="store_true", help="also the standard types without an imatrix (test split)")
    parser.add_argument("--budgets", default=",".join(BUDGETS), help="the mix budgets (standard types)")
    parser.add_argument("--texts", default="test,unseen", help="which held-out texts: test, unseen")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    run = RunDir(args.runs_dir / args.name)
    types = compare.parse_types(args.types)
    results = {}
    # The test split first (the yardstick), then the unseen text; a last, fully cached
    # pass on the test split leaves the run's compare.json, pareto.png and report on it.
    budgets = [b.strip() for b in args.budgets.split(",") if b.strip()]
    texts = [("test", None)] if "test" in args.texts else []
    texts += [("unseen", unseen_text(run))] if "unseen" in args.texts else []
    for name, text in [*texts, ("final", None)]:
        started = time.monotonic()
        report = compare.run_compare(
            run,
            types=types if name != "unseen" else [t for t in types if file_label(t) in budgets],
            imatrix=["none", "train"] if name != "unseen" and args.plain else ["train"],
            text_file=text,
            chunks=args.chunks,
            threads=args.threads,
            speed=False,
            mixes=budgets,
        )
        if name == "final":
            break
        shutil.copyfile(run.report_file("compare.json"), run.report_file(f"compare-{name}.json"))
        markdown, found = table(report, budgets)
        results[name] = {"text": report["text"], "seconds": round(time.monotonic() - started, 1), "budgets": found}
        print(f"\n### {report['text']} ({report['chunks']} chunks of {report['ctx']})\n\n{markdown}", flush=True)
    sensitivity = run.stage("mix-sensitivity-imatrix") or {}
    metrics = sensitivity.get("metrics", {})
    print(f"\nsensitivity: {metrics.get('correlation')}; {sensitivity.get('seconds')} s ({metrics.get('seconds')})")
    for name in budgets:
        record = run.stage(f"compare-quant-mix-{name}+imatrix-train") or {}
        print(f"allocation for mix-{name}: {record.get('seconds')} s")
    results["sensitivity"] = {"record_seconds": sensitivity.get("seconds"), **metrics}
    if args.json:
        atomic.write_json(args.json, results)


if __name__ == "__main__":
    main()
