"""Quantize the run's F16 GGUF to a list of types, each without and with an importance matrix,
and bench every file against the F16 on the same held-out text.

Outputs (all in the run directory):
  compare/<run>-<type>[-imatrix-<source>].gguf   the quantized files
  reports/compare.json, reports/compare.csv        one row per file, F16 first
  reports/pareto.png                               file size against mean KLD, Pareto front marked
and a summary in the manifest (``run.add_metrics("compare", ...)``).
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from medgguf import atomic

from medgguf.llamacpp import build as native, tools
from medgguf.eval import bench, calibration
from medgguf.llamacpp import quant_types
from medgguf.errors import InputError
from medgguf.run import RunDir, StageRecord, check_disk, now

log = logging.getLogger(__name__)

DEFAULT_TYPES = ("Q8_0", "Q6_K", "Q5_K_M", "Q4_K_M", "Q4_K_S", "Q3_K_M", "IQ4_XS")
IMATRIX_CHOICES = ("none", "train", "generic")
DEFAULT_IMATRIX = ("none", "train")


@dataclass(frozen=True)
class Variant:
    qtype: str             # canonical llama-quantize name, Q4_K_M
    imatrix: str           # none | train | generic

    @property
    def label(self) -> str:
        base = quant_types.file_label(self.qtype)
        return base if self.imatrix == "none" else f"{base}+imatrix-{self.imatrix}"

    def file(self, run: RunDir) -> Path:
        suffix = "" if self.imatrix == "none" else f"-imatrix-{self.imatrix}"
        return run.path("compare", f"{run.name}-{quant_types.file_label(self.qtype)}{suffix}.gguf")


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


def ensure_quant(run: RunDir, variant: Variant, f16_described: dict, imatrix_file: Path | None,
                 threads: int | None) -> Path:
    """The variant's GGUF, quantized again only when the F16, the imatrix or the tool changed."""
    out = variant.file(run)
    stage = f"compare-quant-{variant.label}"
    inputs = {run.rel(run.gguf_file("f16")): f16_described}
    if imatrix_file is not None:
        inputs.update(run.describe_all([imatrix_file]))
    config = {"type": variant.qtype, "imatrix": variant.imatrix, "tool": native.versions()["llama_cpp_python"]}
    fingerprint = run.fingerprint(inputs, config)
    if out.exists() and run.is_fresh(stage, fingerprint):
        return out
    check_disk(out.parent, f16_described["size"], f"the {variant.label} GGUF")
    started_at = now()
    with atomic.atomic_path(out) as tmp:
        result = tools.quantize(run.gguf_file("f16"), tmp, variant.qtype, imatrix=imatrix_file, threads=threads)
    run.record(stage, StageRecord(fingerprint=fingerprint, inputs=inputs, outputs=run.describe_all([out]),
                                  config=config, started_at=started_at, seconds=round(result.seconds, 1)))
    return out


def run_compare(run: RunDir, *, types: list[str] | None = None, imatrix: list[str] | None = None,
                ctx: int = bench.DEFAULT_CTX, chunks: int | None = bench.DEFAULT_CHUNKS, split: str = "test",
                text_file: Path | None = None, imatrix_chunks: int = 32, imatrix_ctx: int = 512,
                threads: int | None = None, speed: bool = True, speed_repetitions: int = 3,
                keep_logits: bool = False, notify: bench.Notify | None = None) -> dict:
    """Quantize, bench each file against the F16, write the table and plot; returns the report dict."""
    types = types or list(DEFAULT_TYPES)
    imatrix = imatrix or list(DEFAULT_IMATRIX)
    f16 = run.gguf_file("f16")
    if not f16.exists():
        raise InputError(f"the run {run.name!r} has no F16 GGUF ({f16})",
                         f"build it first with `medgguf build --name {run.name}`, or check --name/--runs-dir")
    native.tool_path("llama-quantize")
    native.tool_path("llama-perplexity")
    if any(s != "none" for s in imatrix):
        native.tool_path("llama-imatrix")
    text = bench.prepare_text(f16, text_file=text_file, run=run if text_file is None else None, split=split, ctx=ctx)
    n_chunks = text.chunks_for(ctx, chunks)
    f16_id = bench.identify(f16)
    f16_described = run.describe_all([f16])[run.rel(f16)]
    logits = run.path("cache", f"f16-{f16_described['sha256'][:12]}-logits-{text.sha256[:12]}-c{ctx}-n{n_chunks}.bin")
    chosen = variants(types, imatrix)
    # Everything that will be written: the logits cache and one quant per variant (at most F16 size).
    check_disk(run.root, bench.logits_cache_bytes(f16_id.vocab_size, ctx, n_chunks) * (0 if logits.exists() else 1)
               + sum(0 if v.file(run).exists() else f16_id.file_size for v in chosen),
               f"{len(chosen)} quantized files and the F16 logits cache",
               "lower --chunks or pass fewer --types, or free some space / point --runs-dir at a larger disk")
    started = time.monotonic()
    imatrix_files: dict[str, Path] = {}
    for source in sorted({v.imatrix for v in chosen} - {"none"}):
        if notify:
            notify(f"imatrix ({source} text)", 0, imatrix_chunks)
        imatrix_files[source] = calibration.ensure_imatrix(
            run, source=source, chunks=imatrix_chunks, ctx=imatrix_ctx, threads=threads,
            on_progress=(lambda d, t, s=source: notify(f"imatrix ({s} text)", d, t)) if notify else None)
    # A row is measured once per (file, text, settings): a crashed or extended compare redoes
    # only what is missing.
    rows_cache = RowCache(run, {"text": text.sha256, "ctx": ctx, "chunks": n_chunks, "base": f16_described["sha256"],
                                "speed": speed, "speed_repetitions": speed_repetitions if speed else None,
                                "threads": threads, "tool": native.versions()["llama_cpp_python"]})
    rows: list[dict] = []
    try:
        reference_row = rows_cache.get("f16", f16_described)
        if reference_row is None:
            reference = bench.bench_reference(f16, text, logits, ctx=ctx, chunks=n_chunks, threads=threads,
                                              speed=speed, speed_repetitions=speed_repetitions, label="f16",
                                              notify=notify)
            reference_row = {**reference.to_dict(), "type": "F16", "imatrix": "none"}
            if reference_row["ppl"] == reference_row["ppl"]:   # not NaN: this run made the logits
                rows_cache.put("f16", f16_described, reference_row)
        rows.append(reference_row)
        known = reference_row["ppl"] if reference_row["ppl"] == reference_row["ppl"] else None
        for index, variant in enumerate(chosen, 1):
            if notify:
                notify(f"quantize {variant.label} ({index}/{len(chosen)})", 0, 1)
            quant = ensure_quant(run, variant, f16_described, imatrix_files.get(variant.imatrix), threads)
            quant_described = run.describe_all([quant])[run.rel(quant)]
            row = rows_cache.get(variant.label, quant_described)
            if row is None:
                result = bench.bench_model(quant, text, ctx=ctx, chunks=n_chunks, base=f16, base_logits=logits,
                                           threads=threads, speed=speed, speed_repetitions=speed_repetitions,
                                           label=variant.label, base_ppl=known, notify=notify)
                row = {**result.to_dict(), "type": variant.qtype, "imatrix": variant.imatrix}
                rows_cache.put(variant.label, quant_described, row)
            rows.append(row)
    finally:
        if not keep_logits:
            logits.unlink(missing_ok=True)
    if rows_cache.reused:
        log.info("reused %d of %d bench rows measured earlier with the same files and settings (%s)",
                 rows_cache.reused, len(rows), run.rel(run.path("compare", "rows")))
    if rows[0]["ppl"] != rows[0]["ppl"] and len(rows) > 1:  # NaN: the logits cache was reused
        rows[0]["ppl"], rows[0]["ppl_base"] = rows[1]["ppl_base"], rows[1]["ppl_base"]
        rows_cache.put("f16", f16_described, rows[0])
    mark_pareto(rows)
    report = {"run": run.name, "text": text.description, "text_tokens": text.tokens, "ctx": ctx,
              "chunks": n_chunks, "tokens_scored": n_chunks * (ctx - 1 - ctx // 2),
              "logits_cache_bytes": bench.logits_cache_bytes(f16_id.vocab_size, ctx, n_chunks),
              "imatrix": {s: {"file": run.rel(p), "chunks": imatrix_chunks, "ctx": imatrix_ctx}
                          for s, p in imatrix_files.items()},
              "seconds": round(time.monotonic() - started, 1), "rows": rows,
              "imatrix_effect": imatrix_effect(rows)}
    write_outputs(run, report)
    return report


class RowCache:
    """One bench row per file in ``compare/rows/<label>.json``, valid while the file's hash and
    the shared settings (text, context, chunks, base, speed runs, threads, tool) are unchanged."""

    def __init__(self, run: RunDir, settings: dict):
        self.run = run
        self.settings = settings
        self.reused = 0

    def _path(self, label: str) -> Path:
        return self.run.path("compare", "rows", f"{label}.json")

    def _fingerprint(self, described: dict) -> str:
        return self.run.fingerprint({"model": described}, self.settings)

    def get(self, label: str, described: dict) -> dict | None:
        path = self._path(label)
        try:
            saved = json.loads(path.read_text())
        except (FileNotFoundError, ValueError):
            return None
        if saved.get("fingerprint") != self._fingerprint(described):
            return None
        log.debug("%s: reusing the bench row measured at %s", label, saved.get("measured_at"))
        self.reused += 1
        return saved["row"]

    def put(self, label: str, described: dict, row: dict) -> None:
        atomic.write_json(self._path(label), {"fingerprint": self._fingerprint(described), "measured_at": now(),
                                              "row": row})


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
            other is not row and no_larger(other, row) and other["kld_mean"] <= row["kld_mean"]
            and (smaller(other, row) or other["kld_mean"] < row["kld_mean"])
            for other in rows)


def imatrix_effect(rows: list[dict]) -> dict[str, dict]:
    """Per type: mean KLD without an imatrix, with each imatrix, and the relative change."""
    by_type: dict[str, dict] = {}
    for row in rows:
        if row["type"] == "F16":
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


def write_outputs(run: RunDir, report: dict) -> None:
    atomic.write_json(run.reports_dir / "compare.json", report)
    atomic.write_text(run.reports_dir / "compare.csv", bench.to_csv(report["rows"]))
    plot_pareto(report["rows"], run.reports_dir / "pareto.png", title=f"{run.name}: size against KL-divergence")
    summary = {row["label"]: {"size": row["file_size"], "bpw": row["bits_per_weight"], "ppl": row["ppl"],
                              "kld_mean": row["kld_mean"], "same_top_pct": row["same_top_pct"],
                              "pareto": row["pareto"]} for row in report["rows"]}
    run.add_metrics("compare", {"rows": summary, "imatrix_effect": report["imatrix_effect"],
                                "text": report["text"], "ctx": report["ctx"], "chunks": report["chunks"]})


def plot_pareto(rows: list[dict], out: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    styles = {"none": ("o", "tab:blue", "no imatrix"), "train": ("s", "tab:green", "domain imatrix (train split)"),
              "generic": ("^", "tab:orange", "generic imatrix")}
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=120)
    quants = [r for r in rows if r["type"] != "F16"]
    for source, (marker, color, name) in styles.items():
        points = [r for r in quants if r["imatrix"] == source]
        if points:
            ax.scatter([r["file_size"] / 2**20 for r in points], [r["kld_mean"] for r in points],
                       marker=marker, color=color, label=name, zorder=3)
    front = sorted((r for r in quants if r["pareto"]), key=lambda r: r["file_size"])
    if front:
        ax.step([r["file_size"] / 2**20 for r in front], [r["kld_mean"] for r in front], where="post",
                color="black", linewidth=1, linestyle="--", label="Pareto front", zorder=2)
        ax.scatter([r["file_size"] / 2**20 for r in front], [r["kld_mean"] for r in front], s=140,
                   facecolors="none", edgecolors="black", zorder=4)
    # One label per type, beside its worst variant: the markers already say which imatrix.
    for qtype in dict.fromkeys(r["type"] for r in quants):
        worst = max((r for r in quants if r["type"] == qtype), key=lambda r: r["kld_mean"])
        ax.annotate(quant_types.file_label(qtype), (worst["file_size"] / 2**20, worst["kld_mean"]), fontsize=8,
                    xytext=(5, 3), textcoords="offset points")
    ax.set_yscale("log")
    ax.set_xlabel("file size (MiB)")
    ax.set_ylabel("mean KL-divergence vs F16 (log scale)")
    ax.set_title(title)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    with atomic.atomic_path(out) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)


# --------------------------------------------------------------------------------------------
# Answer quality across models


def ensure_base_gguf(run: RunDir, threads: int | None = None) -> Path:
    """The run's base model as an F16 GGUF (``<run>-base-f16.gguf``), converted once from HF."""
    out = run.gguf_file("base-f16")
    if out.exists():
        return out
    from medgguf import config as config_module, models

    spec = run_setting(run, "model", "base", config_module.DEMO_BASE_MODEL)
    reference = models.resolve_base(spec)
    if not Path(reference).is_dir():
        raise InputError(f"the base model {spec!r} is a hub id, not a local directory",
                         "download it and convert it to GGUF yourself, then pass --base-gguf FILE")
    check_disk(out.parent, run.gguf_file("f16").stat().st_size if run.gguf_file("f16").exists() else 0,
               "the base model's F16 GGUF")
    log.info("converting the base model %s to GGUF for the quality table", spec)
    with atomic.atomic_path(out) as tmp:
        tools.convert_hf_to_gguf(Path(reference), tmp, "f16")
    return out


def check_repeat_penalty(value: float) -> None:
    if not 0 < value <= 2:
        raise InputError(f"repeat penalty {value} is out of range", "use a value in (0, 2]; 1 is off")


def run_setting(run: RunDir, section: str, key: str, default):
    """One value of the run's config.yaml, or ``default`` where the run has none."""
    from medgguf import config as config_module

    config_file = run.path("config.yaml")
    if not config_file.exists():
        return default
    value = (config_module.read_yaml(config_file).get(section) or {}).get(key)
    return default if value is None else value


def quality_models(run: RunDir, report: dict | None, wanted: list[str], base_gguf: Path | None) -> dict[str, Path]:
    """label -> GGUF for the quality table: the base, the fine-tuned F16 and the chosen quants."""
    available: dict[str, Path] = {"f16": run.gguf_file("f16")}
    for row in (report or {}).get("rows", []):
        if row["type"] != "F16":
            available[row["label"]] = Path(row["model"])
    for label in ("q4_K_M",):
        if label not in available and run.gguf_file(label).exists():
            available[label] = run.gguf_file(label)
    chosen: dict[str, Path] = {}
    if "base" in wanted or "all" in wanted:
        chosen["base"] = base_gguf or ensure_base_gguf(run)
    for label, path in available.items():
        if "all" in wanted or label in wanted:
            chosen[label] = path
    missing = [w for w in wanted if w not in ("all", "base") and w not in chosen]
    if missing:
        raise InputError(f"no model labelled {', '.join(missing)} in this run",
                         f"choose from: base, {', '.join(available)}, all")
    return chosen


def run_quality(run: RunDir, models: dict[str, Path], *, answers_n: int = 30, max_tokens: int = 128,
                mcq_n: int = 100, repeat_penalty: float = 1.0, heldout: bench.HeldOutText | None = None,
                ctx: int = bench.DEFAULT_CTX, chunks: int | None = bench.DEFAULT_CHUNKS,
                threads: int | None = None, notify: bench.Notify | None = None) -> dict:
    """Answer quality of each model on the same questions (and, given ``heldout``, each model's
    perplexity on the same held-out text); writes reports/quality.json."""
    from medgguf.eval import quality

    check_repeat_penalty(repeat_penalty)
    rows = calibration.read_split(run.data_dir / "test.jsonl")[:answers_n] if answers_n > 0 else []
    n_chunks = heldout.chunks_for(ctx, chunks) if heldout is not None else None
    results = {}
    for index, (label, path) in enumerate(models.items(), 1):
        log.info("answer quality %d/%d: %s", index, len(models), label)
        tagged = (lambda d, done, total, lb=label: notify(f"{lb}: {d}", done, total)) if notify else None
        results[label] = quality.evaluate_model(path, answer_rows=rows, max_tokens=max_tokens, mcq_n=mcq_n,
                                                repeat_penalty=repeat_penalty,
                                                heldout=heldout.path if heldout is not None else None,
                                                heldout_ctx=ctx, heldout_chunks=n_chunks, threads=threads,
                                                notify=tagged)
    report = {"run": run.name, "answers_from": f"{run.name} test split (first {len(rows)} rows)",
              "max_tokens": max_tokens, "repeat_penalty": repeat_penalty, "mcq_n": mcq_n,
              "heldout": ({"text": heldout.description, "ctx": ctx, "chunks": n_chunks}
                          if heldout is not None else None),
              "models": results}
    atomic.write_json(run.reports_dir / "quality.json", report)
    run.add_metrics("quality", {label: quality_summary(r) for label, r in results.items()})
    return report


def quality_summary(result: dict) -> dict:
    summary = {}
    answers = result.get("answers")
    if answers:
        for key in ("rouge1", "rouge2", "rougeL"):
            summary[key] = answers[key]["mean"]
        summary["bleu4"] = answers["bleu4"]["bleu"]
        summary["answers_n"] = answers["rouge1"]["n"]
    if "perplexity" in result:
        summary["heldout_ppl"] = result["perplexity"]["ppl"]
    for task in ("medqa", "pubmedqa"):
        if task in result:
            summary[f"{task}_acc"] = result[task]["acc"]
            summary[f"{task}_n"] = result[task]["n"]
    return summary
