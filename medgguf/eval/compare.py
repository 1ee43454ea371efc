"""Quantize the run's F16 GGUF to a list of types, each without and with an importance matrix,
and bench every file against the F16 on the same held-out text.

Outputs (all in the run directory):
  compare/<run>-<type>[-imatrix-<source>].gguf   the quantized files
  reports/compare.json, reports/compare.csv        one row per file, F16 first
  reports/pareto.png                               file size against mean KLD, Pareto front marked
and a summary in the manifest (``run.add_metrics("compare", ...)``). Each quantized file and each
bench row goes through the run's fingerprint cache, so an interrupted or extended compare
measures only what is new.
"""

from __future__ import annotations

import functools
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medgguf import atomic, plots
from medgguf.config import QuantizeConfig
from medgguf.errors import InputError
from medgguf.eval import DEFAULT_CHUNKS, DEFAULT_CTX, DEFAULT_IMATRIX, DEFAULT_TYPES, bench, calibration
from medgguf.eval.heldout import prepare_text
from medgguf.llamacpp import quant_types, tools
from medgguf.llamacpp.build import tool_path, versions
from medgguf.mix import build as mix_build
from medgguf.progress import Notify
from medgguf.run import RunDir, check_disk

log = logging.getLogger(__name__)

IMATRIX_CHOICES = ("none", "train", "generic")
MIX_TYPE = "MIX"  # the type column of a per-tensor mix's row


@dataclass(frozen=True)
class Variant:
    qtype: str  # canonical llama-quantize name, Q4_K_M
    imatrix: str  # none | train | generic

    @property
    def label(self) -> str:
        return quant_types.variant_label(self.qtype, self.imatrix)

    def file(self, run: RunDir) -> Path:
        return run.quant_file(self.qtype, self.imatrix, under="compare")


def parse_types(text: str | list[str] | tuple[str, ...]) -> list[str]:
    names = text.split(",") if isinstance(text, str) else list(text)
    types = [quant_types.normalize(n) for n in names if n.strip()]
    if not types:
        raise InputError("no quantization types given", f"for example --types {','.join(DEFAULT_TYPES)}")
    return list(dict.fromkeys(types))


def parse_imatrix(text: str | list[str] | tuple[str, ...]) -> list[str]:
    names = [n.strip().lower() for n in (text.split(",") if isinstance(text, str) else text) if n.strip()]
    for name in names:
        if name not in IMATRIX_CHOICES:
            raise InputError(f"unknown imatrix choice {name!r}", f"choose from: {', '.join(IMATRIX_CHOICES)}")
    return list(dict.fromkeys(names)) or ["none"]


def variants(types: list[str], imatrix: list[str]) -> list[Variant]:
    out = []
    for qtype in types:
        for source in imatrix:
            if source == "none" and qtype in quant_types.NEEDS_IMATRIX:
                log.warning("%s needs an importance matrix; skipping it without one", qtype)
                continue
            out.append(Variant(qtype, source))
    return out


def ensure_quant(
    run: RunDir, variant: Variant, f16_described: dict, imatrix_file: Path | None, threads: int | None
) -> Path:
    """The variant's GGUF, quantized again only when the F16, the imatrix or the tool changed."""
    out = variant.file(run)
    f16 = run.gguf_file("f16")
    inputs = {run.rel(f16): f16_described, **(run.describe_all([imatrix_file]) if imatrix_file else {})}

    def quantize() -> dict:
        check_disk(out.parent, f16_described["size"], f"the {variant.label} GGUF")
        with atomic.atomic_path(out) as tmp:
            tools.quantize(f16, tmp, variant.qtype, imatrix=imatrix_file, threads=threads)
        return {}

    config = {"type": variant.qtype, "imatrix": variant.imatrix, "tool": versions()["llama_cpp_python"]}
    run.cached(f"compare-quant-{variant.label}", inputs, config, quantize, outputs=[out])
    return out


def run_compare(
    run: RunDir,
    *,
    types: list[str] | None = None,
    imatrix: list[str] | None = None,
    ctx: int = DEFAULT_CTX,
    chunks: int | None = DEFAULT_CHUNKS,
    split: str = "test",
    text_file: Path | None = None,
    imatrix_chunks: int = QuantizeConfig.imatrix_chunks,
    imatrix_ctx: int = QuantizeConfig.imatrix_ctx,
    threads: int | None = None,
    speed: bool = True,
    speed_repetitions: int = 3,
    keep_logits: bool = False,
    mixes: list[str] | None = None,
    notify: Notify | None = None,
) -> dict:
    """Quantize, bench each file against the F16, write the table and plot; returns the report dict.

    ``mixes`` adds a per-tensor mix row per budget (``q4_K_M``: that type's size with the training
    imatrix; ``3.5bpw``; ``80MB``), measured on the same held-out text as every other row.
    """
    types = types or list(DEFAULT_TYPES)
    imatrix = imatrix or list(DEFAULT_IMATRIX)
    f16 = run.built_f16()
    tool_path("llama-quantize")
    tool_path("llama-perplexity")
    if any(s != "none" for s in imatrix):
        tool_path("llama-imatrix")
    text = prepare_text(f16, text_file=text_file, run=run if text_file is None else None, split=split, ctx=ctx)
    n_chunks = text.chunks_for(ctx, chunks)
    f16_id = bench.identify(f16)
    f16_described = run.describe_all([f16])[run.rel(f16)]
    logits = run.cache_dir / f"f16-{f16_described['sha256'][:12]}-logits-{text.sha256[:12]}-c{ctx}-n{n_chunks}.bin"
    chosen = variants(types, imatrix)
    mix_targets = [mix_build.parse_target(m) for m in mixes or []]
    # A type budget is that type's file with the training imatrix: make sure it is a row too.
    for target in mix_targets:
        if target.kind == "type" and Variant(target.value, "train") not in chosen:
            chosen.append(Variant(target.value, "train"))
    # Everything that will be written: the logits cache and one quant per variant (at most F16 size).
    check_disk(
        run.root,
        bench.logits_cache_bytes(f16_id.vocab_size, ctx, n_chunks) * (0 if logits.exists() else 1)
        + sum(0 if v.file(run).exists() else f16_id.file_size for v in chosen),
        f"{len(chosen)} quantized files and the F16 logits cache",
        "lower --chunks or pass fewer --types, or free some space / point --runs-dir at a larger disk",
    )
    started = time.monotonic()
    imatrix_files = {
        source: calibration.ensure_imatrix(
            run, source=source, chunks=imatrix_chunks, ctx=imatrix_ctx, threads=threads, notify=notify
        )
        for source in sorted({v.imatrix for v in chosen} - {"none"} | ({"train"} if mix_targets else set()))
    }
    # A row is measured once per (file, text, settings): a crashed or extended compare redoes
    # only what is missing.
    settings = {
        "text": text.sha256,
        "ctx": ctx,
        "chunks": n_chunks,
        "base": f16_described["sha256"],
        "speed": speed,
        "speed_repetitions": speed_repetitions if speed else None,
        "threads": threads,
        "tool": versions()["llama_cpp_python"],
    }
    measure: dict[str, Any] = {
        "ctx": ctx,
        "chunks": n_chunks,
        "threads": threads,
        "speed": speed,
        "speed_repetitions": speed_repetitions,
        "notify": notify,
    }

    def reference_row() -> dict:
        result = bench.bench_reference(f16, text, logits, label="f16", **measure)
        return {"row": {**result.to_dict(), "type": "F16", "imatrix": "none"}}

    def quant_row(quant: Path, variant: Variant) -> dict:
        result = bench.bench_model(
            quant, text, base=f16, base_logits=logits, label=variant.label, base_ppl=rows[0]["ppl"], **measure
        )
        return {"row": {**result.to_dict(), "type": variant.qtype, "imatrix": variant.imatrix}}

    def mix_row(quant: Path, label: str, mixed: dict) -> dict:
        result = bench.bench_model(
            quant, text, base=f16, base_logits=logits, label=label, base_ppl=rows[0]["ppl"], **measure
        )
        return {"row": {**result.to_dict(), "type": MIX_TYPE, "imatrix": "train", "mix": mix_summary(mixed)}}

    rows: list[dict] = []
    reused = 0
    try:
        reference = run.cached("compare-row-f16", {run.rel(f16): f16_described}, settings, reference_row)
        rows.append(reference.metrics["row"])
        reused += reference.skipped
        for index, variant in enumerate(chosen, 1):
            if notify:
                notify(f"quantize {variant.label} ({index}/{len(chosen)})", 0, 1)
            quant = ensure_quant(run, variant, f16_described, imatrix_files.get(variant.imatrix), threads)
            row = run.cached(
                f"compare-row-{variant.label}", [quant], settings, functools.partial(quant_row, quant, variant)
            )
            rows.append(row.metrics["row"])
            reused += row.skipped
        for target in mix_targets:
            label = mix_build.mix_label(target, "train")
            if notify:
                notify(f"mix {label}", 0, 1)
            mixed = mix_build.build_mix(
                run,
                target,
                imatrix_source="train",
                under="compare",
                imatrix_chunks=imatrix_chunks,
                imatrix_ctx=imatrix_ctx,
                threads=threads,
                notify=notify,
            )
            quant = run.root / mixed["file"]
            row = run.cached(f"compare-row-{label}", [quant], settings, functools.partial(mix_row, quant, label, mixed))
            rows.append(row.metrics["row"])
            reused += row.skipped
    finally:
        if not keep_logits:
            logits.unlink(missing_ok=True)
    if reused:
        log.info("reused %d of %d bench rows measured earlier with the same files and settings", reused, len(rows))
    mark_pareto(rows)
    report = {
        "run": run.name,
        "text": text.description,
        "text_tokens": text.tokens,
        "ctx": ctx,
        "chunks": n_chunks,
        "tokens_scored": n_chunks * (ctx - 1 - ctx // 2),
        "logits_cache_bytes": bench.logits_cache_bytes(f16_id.vocab_size, ctx, n_chunks),
        "imatrix": {
            s: {"file": run.rel(p), "chunks": imatrix_chunks, "ctx": imatrix_ctx} for s, p in imatrix_files.items()
        },
        "seconds": round(time.monotonic() - started, 1),
        "rows": rows,
        "imatrix_effect": imatrix_effect(rows),
    }
    write_outputs(run, report)
    return report


def mark_pareto(rows: list[dict], size_tolerance: float = 0.001) -> None:
    """``pareto`` is true for rows no other row beats on both file size and mean KLD.

    Sizes within ``size_tolerance`` count as equal: a file quantized with an imatrix carries a
    few hundred bytes more metadata, which must not keep its worse no-imatrix twin on the front.
    """

    def no_larger(a: dict, b: dict) -> bool:
        return a["file_size"] <= b["file_size"] * (1 + size_tolerance)

    def smaller(a: dict, b: dict) -> bool:
        return a["file_size"] < b["file_size"] * (1 - size_tolerance)

    for row in rows:
        row["pareto"] = not any(
            other is not row
            and no_larger(other, row)
            and other["kld_mean"] <= row["kld_mean"]
            and (smaller(other, row) or other["kld_mean"] < row["kld_mean"])
            for other in rows
        )


def imatrix_effect(rows: list[dict]) -> dict[str, dict]:
    """Per type: mean KLD without an imatrix, with each imatrix, and the relative change."""
    by_type: dict[str, dict] = {}
    for row in rows:
        if row["type"] in ("F16", MIX_TYPE):
            continue
        by_type.setdefault(row["type"], {})[row["imatrix"]] = row["kld_mean"]
    effect = {}
    for qtype, values in by_type.items():
        plain = values.get("none")
        entry = {"kld_none": plain}
        for source, value in values.items():
            if source != "none":
                entry[f"kld_{source}"] = value
                if plain:
                    entry[f"change_{source}_pct"] = round(100.0 * (value - plain) / plain, 1)
        effect[quant_types.file_label(qtype)] = entry
    return effect


def mix_summary(mixed: dict) -> dict:
    """What a mix row carries for the report: its budget, allocation table and the proxy's check."""
    keys = ("budget", "budget_source", "predicted_kld", "allocation_table", "illegal_types", "fallbacks")
    return {
        **{k: mixed[k] for k in keys},
        "correlation": mixed["sensitivity"]["correlation"],
        "sensitivity_seconds": mixed["sensitivity"]["seconds"],
        "llama_quantize_argv": mixed["llama_quantize_argv"],
    }


def write_outputs(run: RunDir, report: dict) -> None:
    atomic.write_json(run.report_file("compare.json"), report)
    atomic.write_text(run.report_file("compare.csv"), bench.to_csv(report["rows"]))
    plots.pareto(report["rows"], run.report_file("pareto.png"), title=f"{run.name}: size against KL-divergence")
    summary = {
        row["label"]: {
            "size": row["file_size"],
            "bpw": row["bits_per_weight"],
            "ppl": row["ppl"],
            "kld_mean": row["kld_mean"],
            "same_top_pct": row["same_top_pct"],
            "pareto": row["pareto"],
        }
        for row in report["rows"]
    }
    run.add_metrics(
        "compare",
        {
            "rows": summary,
            "imatrix_effect": report["imatrix_effect"],
            "text": report["text"],
            "ctx": report["ctx"],
            "chunks": report["chunks"],
        },
    )
