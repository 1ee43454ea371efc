"""The run report (``runs/<name>/report.md``) and the Hugging Face model card (``README.md``
beside the GGUF files), both made only from what the run directory already holds: the manifest,
the splits, the trainer's log, ``reports/compare.json`` and ``reports/quality.json``.

Each document is a Jinja template in ``eval/templates/`` that reads like the document it makes;
this module gathers the values and formats the tables. The model card's metadata is a
``huggingface_hub.ModelCardData``, and the card is checked as a ``ModelCard`` before it is written.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from medgguf import atomic, plots
from medgguf.config import DEMO_UPSTREAM, Config, dataset_ids, upstream_base
from medgguf.data.split import SPLIT_NAMES
from medgguf.errors import InputError
from medgguf.eval.bench import TABLE_COLUMNS, format_cell
from medgguf.run import RunDir, human_bytes, now

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "templates"
DISCLAIMER = (
    "**Medical disclaimer.** This model is a research and education artifact. It is not a medical "
    "device, has not been clinically validated, and can produce fluent, confident and wrong "
    "answers. Do not use it to diagnose, treat or make decisions about any person's health; "
    "always consult a qualified clinician. In an emergency, call your local emergency number."
)
QUALITY_NOTE = (
    "Values are point estimates with 95% intervals and sample counts: ROUGE as mean F1 "
    "(rouge-score, normal interval), BLEU-4 as corpus BLEU ×100 (sacrebleu, tokenizer 13a; bootstrap "
    "over answers), accuracies with Wilson intervals. Answers are greedy (argmax after the stated "
    "repetition penalty) under each GGUF's chat template. Held-out PPL is llama-perplexity's on the "
    "quantization table's held-out text. MedQA is scored by the log-likelihood of the answer letter "
    "after the lettered options (chance 0.25); PubMedQA by the log-likelihood of yes/no/maybe after "
    "the abstract (chance ≈ 0.33)."
)
COMPARE_COLUMNS = [*TABLE_COLUMNS, ("pareto", "Pareto")]


# --------------------------------------------------------------------------------------------
# Reading the run


def read_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return dict(json.loads(path.read_text()))
    except json.JSONDecodeError:
        log.warning("%s is not valid JSON; left out of the report", path)
        return None


def split_counts(run: RunDir) -> dict[str, int]:
    counts = {}
    for name in SPLIT_NAMES:
        path = run.split_file(name)
        if path.exists():
            with path.open() as handle:
                counts[name] = sum(1 for line in handle if line.strip())
    return counts


def training_log(run: RunDir) -> list[dict]:
    """The trainer's log_history from the newest trainer_state.json under the run."""
    states = sorted(run.root.rglob("trainer_state.json"), key=lambda p: p.stat().st_mtime)
    for candidate in reversed(states):
        data = read_json(candidate)
        if data and data.get("log_history"):
            return list(data["log_history"])
    data = read_json(run.report_file("train_log.json"))
    return data if isinstance(data, list) else []


def cleaning_counts(stats: dict) -> list[list[str]]:
    """stats.json's scalars, drops by reason and duplicates, as table rows."""
    rows = [[k, str(v)] for k, v in stats.items() if isinstance(v, (int, float, str))]
    rows += [
        [f"dropped: {reason}", str(d.get("count"))]
        for reason, d in (stats.get("drops") or {}).items()
        if isinstance(d, dict)
    ]
    rows += [
        [f"duplicates: {kind}", str(n)] for kind, n in (stats.get("duplicates") or {}).items() if isinstance(n, int)
    ]
    return rows


# --------------------------------------------------------------------------------------------
# Markdown tables


def md_table(headers: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    headers = list(headers)
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _num(value: float | None, digits: int = 4) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def compare_table(report: dict) -> str:
    """One row per file, as `medgguf bench` formats it, the Pareto front starred."""
    rows = [
        [
            ("★" if r.get("pareto") and r["type"] != "F16" else "") if key == "pareto" else format_cell(key, r)
            for key, _ in COMPARE_COLUMNS
        ]
        for r in report["rows"]
    ]
    return md_table([header for _, header in COMPARE_COLUMNS], rows)


def mix_tables(report: dict) -> list[dict]:
    """Per mix row of the comparison: its budget, its check and its allocation (tensor -> type)."""
    out = []
    for row in report.get("rows", []):
        mix = row.get("mix")
        if not mix:
            continue
        correlation = mix.get("correlation") or {}
        table = md_table(
            ["tensor", "type", "bits/weight", "layers", "groups"],
            [[r["tensor"], r["type"], r["bits"], r["layers"], r["count"]] for r in mix["allocation_table"]],
        )
        out.append(
            {
                "label": row["label"],
                "size": row["file_size"],
                "budget": mix["budget"],
                "budget_source": mix["budget_source"],
                "predicted": _num(mix["predicted_kld"], 5),
                "measured": _num(row.get("kld_mean"), 5),
                "samples": correlation.get("samples"),
                "spearman_proxy": correlation.get("spearman_proxy"),
                "spearman_loo": correlation.get("spearman_calibrated_loo"),
                "kind_steps": correlation.get("kind_steps"),
                "spearman_kind_steps": correlation.get("spearman_proxy_kind_steps"),
                "fallbacks": len(mix.get("fallbacks") or []),
                "table": table,
            }
        )
    return out


def imatrix_table(report: dict) -> str:
    effect = report.get("imatrix_effect") or {}
    found = {k[len("kld_") :] for e in effect.values() for k in e if k.startswith("kld_")} - {"none"}
    sources = sorted(found, key=lambda s: (s != "train", s))  # the domain imatrix first
    if not sources:
        return ""
    headers = ["type", "KLD, no imatrix"] + [f"KLD, {s} imatrix (change)" for s in sources]
    rows = []
    for qtype, e in effect.items():
        cells = [qtype, _num(e.get("kld_none"), 5)]
        for s in sources:
            change = e.get(f"change_{s}_pct")
            cells.append(
                f"{_num(e.get(f'kld_{s}'), 5)} ({change:+.1f}%)" if change is not None else _num(e.get(f"kld_{s}"), 5)
            )
        rows.append(cells)
    return md_table(headers, rows)


def _ci(entry: dict | None, key: str, digits: int = 3, scale: float = 1.0) -> str:
    if not entry or entry.get(key) is None:
        return "–"
    low, high = entry["ci95"]
    return f"{entry[key] * scale:.{digits}f} [{low * scale:.{digits}f}, {high * scale:.{digits}f}] (n={entry['n']})"


def _ppl(entry: dict | None) -> str:
    if not entry:
        return "–"
    return f"{entry['ppl']:.4f} ± {entry['stderr']:.4f}"


def quality_table(quality: dict) -> str:
    headers = ["model", "held-out PPL", "ROUGE-1", "ROUGE-2", "ROUGE-L", "BLEU-4", "MedQA acc", "PubMedQA acc"]
    rows = []
    for label, result in quality["models"].items():
        answers = result.get("answers") or {}
        rows.append(
            [
                label,
                _ppl(result.get("perplexity")),
                _ci(answers.get("rouge1"), "mean"),
                _ci(answers.get("rouge2"), "mean"),
                _ci(answers.get("rougeL"), "mean"),
                _ci(answers.get("bleu4"), "bleu", 2, 100.0),
                _ci(result.get("medqa"), "acc"),
                _ci(result.get("pubmedqa"), "acc"),
            ]
        )
    return md_table(headers, rows)


def _share(entry: dict | None) -> str:
    if not entry or entry.get("value") is None:
        return "–"
    if entry.get("ci95") is None:
        return f"{100 * entry['value']:.1f}%"
    low, high = entry["ci95"]
    return f"{100 * entry['value']:.1f}% [{100 * low:.1f}, {100 * high:.1f}]"


def degeneration_results_table(first: str, results: dict[str, dict], bold: str | None = None) -> str:
    """One row per model or decoding setting: the degeneration measures of its sampled answers
    (medgguf.eval.degeneration.measure), each with its 95% interval."""
    headers = [first, "cut off", "repeated sentences", "rep-4", "distinct-2", "words", "ROUGE-L (sampled)"]
    rows = []
    for label, found in results.items():
        length = found["length"]
        rows.append(
            [
                f"**{label}**" if label == bold else label,
                _share(found["cut_off"]),
                _share(found["repeated_sentences"]),
                _share(found["rep_4"]),
                _share(found["distinct_2"]),
                f"{length['value']:.0f} [{length['ci95'][0]:.0f}, {length['ci95'][1]:.0f}]" if length["ci95"] else "–",
                _ci(found.get("rougeL"), "mean"),
            ]
        )
    return md_table(headers, rows) if rows else ""


def degeneration_table(quality: dict) -> str:
    """Answers sampled at the chat's defaults: how often each model runs on or repeats itself."""
    found = {label: r["degeneration"] for label, r in quality["models"].items() if r.get("degeneration")}
    return degeneration_results_table("model", found)


def sweep_table(sweep: dict) -> str:
    """The decoding sweep (reports/decoding-sweep.json), one row per setting, the chosen in bold."""
    return degeneration_results_table("setting", sweep["settings"], bold=sweep["chosen"])


# --------------------------------------------------------------------------------------------
# The two documents


@functools.lru_cache(maxsize=1)
def _templates() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.globals["table"] = md_table
    environment.filters["bytes"] = human_bytes
    return environment


def _render(template: str, **values: Any) -> str:
    return str(_templates().get_template(template).render(**values))


def _tables(run: RunDir) -> dict[str, Any]:
    """The comparison and quality reports with their tables, as both documents show them."""
    compare = read_json(run.report_file("compare.json"))
    quality = read_json(run.report_file("quality.json"))
    sweep = read_json(run.report_file("decoding-sweep.json"))
    return {
        "degeneration_table": degeneration_table(quality) if quality else "",
        "sweep": sweep,
        "sweep_table": sweep_table(sweep) if sweep else "",
        "compare": compare,
        "compare_table": compare_table(compare) if compare else "",
        "quality": quality,
        "quality_table": quality_table(quality) if quality else "",
        "quality_note": QUALITY_NOTE,
        "name": run.name,
    }


def build_report(run: RunDir) -> str:
    manifest = run.load()
    cfg = run.config()
    tables = _tables(run)
    history = training_log(run)
    curve = run.report_file("training_curve.png")
    data_metrics = (manifest.get("stages", {}).get("data") or {}).get("metrics")
    compare = tables["compare"] or {}
    imatrix_info = ", ".join(
        f"{s}: {v['chunks']} chunks of {v['ctx']} tokens"
        for s, v in sorted(compare.get("imatrix", {}).items(), key=lambda item: item[0] != "train")
    )
    stages = [
        [name, str(s.get("seconds", "–")), s.get("started_at", "–")]
        for name, s in manifest.get("stages", {}).items()
        if isinstance(s, dict) and "seconds" in s
    ]
    return _render(
        "report.md.j2",
        **tables,
        generated=now(),
        base=upstream_base(cfg),
        cfg=cfg,
        splits=split_counts(run),
        cleaning=cleaning_counts(read_json(run.stats_file) or {}),
        data_metrics=json.dumps(data_metrics, indent=2, default=str)[:4000] if data_metrics else None,
        curve=run.rel(curve) if plots.loss_curve(history, curve, f"{run.name}: training curve") else None,
        last_loss=next((h for h in reversed(history) if "loss" in h), None),
        evals=[h for h in history if "eval_loss" in h],
        imatrix_table=imatrix_table(compare) if compare else "",
        mix_tables=mix_tables(compare) if compare else [],
        imatrix_info=imatrix_info,
        stages=stages,
    )


def card_data(cfg: Config | None, *, tags: list[str]) -> Any:
    """The model card's metadata as the hub reads it: base model, license, language, tags, data sets."""
    from huggingface_hub import ModelCardData

    from medgguf.models import is_hub_id

    base = upstream_base(cfg)
    datasets = [d for d in dataset_ids(cfg) if is_hub_id(d)]
    return ModelCardData(
        base_model=base,
        library_name="gguf",
        license="apache-2.0" if base == DEMO_UPSTREAM else "other",
        language=["en"],
        pipeline_tag="text-generation",
        datasets=datasets or None,
        tags=tags,
    )


def recipe_rows(cfg: Config | None) -> list[tuple[str, Any]]:
    """The training recipe as (setting, value) rows."""
    lora, train = (cfg or Config()).lora, (cfg or Config()).train
    return [
        ("method", train.method),
        ("LoRA r / alpha / dropout", f"{lora.r} / {lora.alpha} / {lora.dropout}"),
        ("target modules", lora.target_modules),
        ("learning rate", train.lr),
        ("max steps / epochs", f"{train.max_steps} / {train.epochs}"),
        ("batch × accumulation", f"{train.batch_size} × {train.grad_accum}"),
        ("max length", train.max_length),
        ("precision", train.precision),
    ]


def build_model_card(run: RunDir) -> str:
    from huggingface_hub import ModelCard

    cfg = run.config()
    ggufs = sorted(run.gguf_dir.glob("*.gguf"))
    # The importance matrices and the base model's GGUF (made for the quality table) are not the release.
    files = [
        [p.name, human_bytes(p.stat().st_size)]
        for p in ggufs
        if not p.name.startswith("imatrix-") and p.name != run.gguf_file("base-f16").name
    ]
    shipped = next(
        (p.name for p in ggufs if "q4_K_M" in p.name), ggufs[0].name if ggufs else run.quant_file("Q4_K_M").name
    )
    content = _render(
        "model_card.md.j2",
        **_tables(run),
        cfg=cfg or Config(),
        base=upstream_base(cfg),
        card_data=card_data(cfg, tags=["medical", "gguf", "llama.cpp", "lora", "quantized"]).to_yaml(),
        datasets=dataset_ids(cfg),
        splits=split_counts(run),
        files=files,
        shipped=shipped,
        recipe=recipe_rows(cfg),
        disclaimer=DISCLAIMER,
    )
    return str(ModelCard(content))


def write_reports(run: RunDir) -> list[Path]:
    if not run.root.is_dir():
        raise InputError(f"run directory {run.root} does not exist", "check --name and --runs-dir")
    atomic.write_text(run.report_md, build_report(run))
    atomic.write_text(run.model_card, build_model_card(run))
    return [run.report_md, run.model_card]
