"""Commands of the bench family: ``bench`` (one GGUF), ``compare`` (quant types against the F16,
and the answer-quality table) and ``report`` (report.md and the model card)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from medgguf.cli.options import open_run, run_options, runs_dir_option, threads_option
from medgguf.config import QuantizeConfig
from medgguf.eval import (
    DEFAULT_CHUNKS,
    DEFAULT_CTX,
    DEFAULT_IMATRIX,
    DEFAULT_TYPES,
    QUALITY_ANSWERS,
    QUALITY_MAX_TOKENS,
    QUALITY_MCQ,
    QUALITY_MODELS,
    QUALITY_SEEDS,
)
from medgguf.llamacpp.quant_types import file_label

CTX_HELP = "Context per chunk; only its second half is scored (llama.cpp's method)."
CHUNKS_HELP = (
    "At most this many chunks of held-out text (0: all). Caps the base logits cache at "
    "~25 MB per 512-token chunk for a 49K vocab."
)


def _emit(rows: list[dict], title: str, as_json: bool, as_csv: bool, extra: dict | None = None) -> None:
    from medgguf.console import stdout_console
    from medgguf.eval import bench

    if as_json:
        click.echo(json.dumps({**(extra or {}), "rows": rows}, indent=2, default=str))
    elif as_csv:
        click.echo(bench.to_csv(rows), nl=False)
    else:
        stdout_console.print(_rich_table(rows, title))


def _rich_table(rows: list[dict], title: str):
    from rich.table import Table

    from medgguf.eval.bench import TABLE_COLUMNS, format_cell

    present = [(k, h) for k, h in TABLE_COLUMNS if any(r.get(k) is not None for r in rows)]
    table = Table(title=title)
    for key, header in present:
        table.add_column(header, justify="left" if key == "label" else "right")
    for row in rows:
        table.add_row(*(format_cell(k, row) for k, _ in present))
    return table


def _output_flags(func):
    func = click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of the table.")(func)
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of the table.")(func)
    return func


@click.command("bench")
@click.argument("model", type=click.Path(path_type=Path))
@click.option(
    "--base",
    type=click.Path(path_type=Path),
    help="F16 GGUF of the same model: adds KL-divergence, same-top-token % and ΔPPL.",
)
@click.option("--text", "text_file", type=click.Path(path_type=Path), help="Held-out text file for perplexity.")
@click.option("--dataset", "dataset", metavar="NAME", help="Use the test split of run NAME (under --runs-dir).")
@click.option(
    "--split",
    type=click.Choice(["test", "val+test"]),
    default="test",
    show_default=True,
    help="Held-out split(s) of --dataset; never the training split.",
)
@runs_dir_option
@click.option("--ctx", type=int, default=DEFAULT_CTX, show_default=True, help=CTX_HELP)
@click.option("--chunks", type=int, default=DEFAULT_CHUNKS, show_default=True, help=CHUNKS_HELP)
@threads_option
@click.option("--speed/--no-speed", default=True, show_default=True, help="Run llama-bench (pp512, tg128).")
@click.option("--speed-reps", type=int, default=3, show_default=True)
@click.option(
    "--logits-cache",
    type=click.Path(path_type=Path),
    help="Keep the base's logits in FILE and reuse it on the next run (default: a temporary file).",
)
@_output_flags
def bench_command(
    model,
    base,
    text_file,
    dataset,
    split,
    runs_dir,
    ctx,
    chunks,
    threads,
    speed,
    speed_reps,
    logits_cache,
    as_json,
    as_csv,
):
    """Perplexity, KL-divergence against --base, and speed of one GGUF."""
    from medgguf.console import notifier
    from medgguf.errors import InputError
    from medgguf.eval import bench
    from medgguf.eval.heldout import prepare_text

    if text_file and dataset:
        raise InputError("--text and --dataset both given", "use one of them")
    run = open_run(runs_dir, dataset) if dataset else None
    if run is not None and not run.data_dir.is_dir():
        raise InputError(
            f"run {dataset!r} has no data directory ({run.data_dir})",
            "build the run first, check --runs-dir, or pass --text FILE",
        )
    identity = bench.identify(Path(model))
    if base is not None:
        bench.check_comparable(bench.identify(Path(base)), identity)
    held_out = prepare_text(Path(model), text_file=text_file, run=run, split=split, ctx=ctx)
    with notifier() as notify:
        result = bench.bench_model(
            Path(model),
            held_out,
            ctx=ctx,
            chunks=chunks or None,
            base=base,
            base_logits=logits_cache,
            threads=threads,
            speed=speed,
            speed_repetitions=speed_reps,
            notify=notify,
        )
    _emit(
        [result.to_dict()],
        f"{result.label} on {held_out.description}: {result.chunks} chunks of {ctx} "
        f"({result.tokens_scored} scored tokens)",
        as_json,
        as_csv,
    )


@click.command("compare")
@run_options
@click.option(
    "--types",
    default=",".join(file_label(t) for t in DEFAULT_TYPES),
    show_default=True,
    help="Comma-separated llama-quantize types.",
)
@click.option(
    "--imatrix",
    "imatrix",
    default=",".join(DEFAULT_IMATRIX),
    show_default=True,
    help="Variants per type: none, train (domain importance matrix from the training split), "
    "generic (non-medical text of the same size).",
)
@click.option(
    "--mix",
    "mixes",
    default="",
    metavar="BUDGETS",
    help="Add a per-tensor mix row per budget: a type (that type's size with the training imatrix), "
    "3.5bpw or 80MB; e.g. q4_K_M,q3_K_M,q5_K_M. Measures tensor sensitivity once per run (cached).",
)
@click.option(
    "--text", "text_file", type=click.Path(path_type=Path), help="Held-out text instead of the run's test split."
)
@click.option("--split", type=click.Choice(["test", "val+test"]), default="test", show_default=True)
@click.option("--ctx", type=int, default=DEFAULT_CTX, show_default=True, help=CTX_HELP)
@click.option("--chunks", type=int, default=DEFAULT_CHUNKS, show_default=True, help=CHUNKS_HELP)
@click.option("--imatrix-chunks", type=int, default=QuantizeConfig.imatrix_chunks, show_default=True)
@click.option("--imatrix-ctx", type=int, default=QuantizeConfig.imatrix_ctx, show_default=True)
@threads_option
@click.option("--speed/--no-speed", default=True, show_default=True)
@click.option("--speed-reps", type=int, default=3, show_default=True)
@click.option("--keep-logits", is_flag=True, help="Keep the F16 logits cache in <run>/cache.")
@click.option(
    "--quality/--no-quality",
    default=True,
    show_default=True,
    help="Also measure answer quality (ROUGE/BLEU, MedQA, PubMedQA).",
)
@click.option(
    "--quality-on",
    default=",".join(QUALITY_MODELS),
    show_default=True,
    help="Models in the quality table: base, f16, any compare label, or all.",
)
@click.option(
    "--base-gguf",
    type=click.Path(path_type=Path),
    help="The base model's GGUF for the quality table (default: converted from the run's base).",
)
@click.option(
    "--answers-n", type=int, default=QUALITY_ANSWERS, show_default=True, help="Test questions answered (greedy)."
)
@click.option("--max-tokens", type=int, default=QUALITY_MAX_TOKENS, show_default=True, help="Answer length cap.")
@click.option("--mcq-n", type=int, default=QUALITY_MCQ, show_default=True, help="MedQA and PubMedQA items each.")
@click.option(
    "--seeds",
    type=click.IntRange(min=0),
    default=QUALITY_SEEDS,
    show_default=True,
    help="Degeneration: each test question sampled this many times at the chat's defaults (0 = off).",
)
@click.option(
    "--repeat-penalty",
    type=float,
    help="Repetition penalty of the greedy answers (default: the run's verify.repeat_penalty; 1 = off).",
)
@_output_flags
def compare_command(
    run_name,
    runs_dir,
    types,
    imatrix,
    mixes,
    text_file,
    split,
    ctx,
    chunks,
    imatrix_chunks,
    imatrix_ctx,
    threads,
    speed,
    speed_reps,
    keep_logits,
    quality,
    quality_on,
    base_gguf,
    answers_n,
    max_tokens,
    mcq_n,
    seeds,
    repeat_penalty,
    as_json,
    as_csv,
):
    """Quantize the run's F16 to several types (with and without an imatrix) and bench each against it."""
    from medgguf.chat.sampling import check_repeat_penalty
    from medgguf.console import console, notifier
    from medgguf.eval import compare
    from medgguf.eval import quality as quality_table
    from medgguf.eval.heldout import prepare_text
    from medgguf.mix import build as mix_build

    run = open_run(runs_dir, run_name)
    wanted_types = compare.parse_types(types)
    if repeat_penalty is not None:
        check_repeat_penalty(repeat_penalty)
    sources = compare.parse_imatrix(imatrix)
    mix_targets = [m.strip() for m in mixes.split(",") if m.strip()]
    for target in mix_targets:
        mix_build.parse_target(target)  # a bad budget fails before any quantization
    with notifier() as notify:
        report = compare.run_compare(
            run,
            types=wanted_types,
            imatrix=sources,
            ctx=ctx,
            chunks=chunks or None,
            split=split,
            text_file=text_file,
            imatrix_chunks=imatrix_chunks,
            imatrix_ctx=imatrix_ctx,
            threads=threads,
            speed=speed,
            speed_repetitions=speed_reps,
            keep_logits=keep_logits,
            mixes=mix_targets,
            notify=notify,
        )
        if quality:
            models = quality_table.choose_models(
                run, report, [w.strip() for w in quality_on.split(",") if w.strip()], base_gguf
            )
            held_out = prepare_text(
                run.gguf_file("f16"), text_file=text_file, run=run if text_file is None else None, split=split, ctx=ctx
            )
            quality_table.run_quality(
                run,
                models,
                answers_n=answers_n,
                max_tokens=max_tokens,
                mcq_n=mcq_n,
                repeat_penalty=repeat_penalty,
                heldout=held_out,
                ctx=ctx,
                chunks=chunks or None,
                seeds=seeds,
                threads=threads,
                notify=notify,
            )
    _emit(
        report["rows"],
        f"{run.name}: {report['text']}, {report['chunks']} chunks of {ctx}",
        as_json,
        as_csv,
        extra={k: v for k, v in report.items() if k != "rows"},
    )
    console.print(
        f"wrote {run.rel(run.report_file('compare.json'))}, compare.csv and pareto.png in {run.reports_dir}",
        highlight=False,
    )


@click.command("report")
@run_options
def report_command(run_name, runs_dir):
    """Write runs/<name>/report.md and the model card README.md beside the GGUF."""
    from medgguf.eval import report

    run = open_run(runs_dir, run_name)
    written = report.write_reports(run)
    for path in written:
        click.echo(path)


COMMANDS = [bench_command, compare_command, report_command]
