"""The run report (``runs/<name>/report.md``) and the Hugging Face model card (``README.md``
beside the GGUF files), both made only from what the run directory already holds: the manifest,
the splits, the trainer's log, ``reports/compare.json`` and ``reports/quality.json``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from medgguf import atomic
from medgguf.config import DEMO_UPSTREAM, dataset_ids, upstream_base
from medgguf.errors import InputError
from medgguf.run import RunDir, human_bytes, now

log = logging.getLogger(__name__)

DISCLAIMER = ("**Medical disclaimer.** This model is a research and education artifact. It is not a medical "
              "device, has not been clinically validated, and can produce fluent, confident and wrong "
              "answers. Do not use it to diagnose, treat or make decisions about any person's health; "
              "always consult a qualified clinician. In an emergency, call your local emergency number.")


# --------------------------------------------------------------------------------------------
# Reading the run


def run_config(run: RunDir) -> dict:
    path = run.path("config.yaml")
    if path.exists():
        from medgguf.config import read_yaml

        return read_yaml(path)
    return run.load().get("config", {}) or {}


def read_json(path: Path) -> dict | None:
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text())
    except json.JSONDecodeError:
        log.warning("%s is not valid JSON; left out of the report", path)
        return None


def split_counts(run: RunDir) -> dict[str, int]:
    counts = {}
    for name in ("train", "val", "test"):
        path = run.data_dir / f"{name}.jsonl"
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
            return data["log_history"]
    metrics_file = run.reports_dir / "train_log.json"
    data = read_json(metrics_file)
    return data if isinstance(data, list) else []


def plot_training(history: list[dict], out: Path) -> bool:
    train = [(h["step"], h["loss"]) for h in history if "loss" in h and "step" in h]
    evals = [(h["step"], h["eval_loss"]) for h in history if "eval_loss" in h and "step" in h]
    if not train and not evals:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    if train:
        ax.plot(*zip(*train), label="training loss", marker=".")
    if evals:
        ax.plot(*zip(*evals), label="validation loss", marker="o")
    ax.set_xlabel("step")
    ax.set_ylabel("loss")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    with atomic.atomic_path(out) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
    return True


# --------------------------------------------------------------------------------------------
# Markdown pieces


def md_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _num(value, digits: int = 4, sign: bool = False) -> str:
    if value is None:
        return "–"
    return f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"


def compare_table(report: dict) -> str:
    headers = ["model", "size", "bpw", "PPL ± se", "ΔPPL ± se", "KLD mean ± se", "KLD median", "KLD p99",
               "KLD max", "same top % ± se", "prompt t/s", "gen t/s", "Pareto"]
    rows = []
    for r in report["rows"]:
        rows.append([
            r["label"], human_bytes(r["file_size"]), _num(r["bits_per_weight"], 2),
            f"{_num(r['ppl'])} ± {_num(r['ppl_stderr'])}",
            f"{_num(r.get('delta_ppl'), 4, True)} ± {_num(r.get('delta_ppl_stderr'))}",
            f"{_num(r.get('kld_mean'), 5)} ± {_num(r.get('kld_mean_stderr'), 5)}",
            _num(r.get("kld_median"), 5), _num(r.get("kld_p99"), 5), _num(r.get("kld_max"), 4),
            f"{_num(r.get('same_top_pct'), 2)} ± {_num(r.get('same_top_pct_stderr'), 2)}",
            _num(r.get("pp_tps"), 1), _num(r.get("tg_tps"), 1), "★" if r.get("pareto") and r["type"] != "F16" else "",
        ])
    return md_table(headers, rows)


def imatrix_table(report: dict) -> str:
    effect = report.get("imatrix_effect") or {}
    found = {k[len("kld_"):] for e in effect.values() for k in e if k.startswith("kld_")} - {"none"}
    sources = sorted(found, key=lambda s: (s != "train", s))   # the domain imatrix first
    if not sources:
        return ""
    headers = ["type", "KLD, no imatrix"] + [f"KLD, {s} imatrix (change)" for s in sources]
    rows = []
    for qtype, e in effect.items():
        cells = [qtype, _num(e.get("kld_none"), 5)]
        for s in sources:
            change = e.get(f"change_{s}_pct")
            cells.append(f"{_num(e.get(f'kld_{s}'), 5)} ({change:+.1f}%)" if change is not None else
                         _num(e.get(f"kld_{s}"), 5))
        rows.append(cells)
    return md_table(headers, rows)


def _ci(entry: dict | None, key: str, digits: int = 3, scale: float = 1.0) -> str:
    if not entry or entry.get(key) is None:
        return "–"
    low, high = entry["ci95"]
    return (f"{entry[key] * scale:.{digits}f} [{low * scale:.{digits}f}, {high * scale:.{digits}f}] "
            f"(n={entry['n']})")


def _ppl(entry: dict | None) -> str:
    if not entry:
        return "–"
    return f"{entry['ppl']:.4f} ± {entry['stderr']:.4f}"


def quality_table(quality: dict) -> str:
    headers = ["model", "held-out PPL", "ROUGE-1", "ROUGE-2", "ROUGE-L", "BLEU-4", "MedQA acc", "PubMedQA acc"]
    rows = []
    for label, result in quality["models"].items():
        answers = result.get("answers") or {}
        rows.append([label, _ppl(result.get("perplexity")), _ci(answers.get("rouge1"), "mean"),
                     _ci(answers.get("rouge2"), "mean"),
                     _ci(answers.get("rougeL"), "mean"), _ci(answers.get("bleu4"), "bleu", 2, 100.0),
                     _ci(result.get("medqa"), "acc"), _ci(result.get("pubmedqa"), "acc")])
    return md_table(headers, rows)


QUALITY_NOTE = ("Values are point estimates with 95% intervals and sample counts: ROUGE as mean F1 "
                "(normal interval), BLEU-4 as corpus BLEU ×100 (bootstrap over answers), accuracies with "
                "Wilson intervals. Answers are greedy (argmax after the stated repetition penalty) under each "
                "GGUF's chat template. Held-out PPL is llama-perplexity's on the quantization table's held-out "
                "text. MedQA is scored by "
                "the log-likelihood of the answer letter after the lettered options (chance 0.25); "
                "PubMedQA by the log-likelihood of yes/no/maybe after the abstract (chance ≈ 0.33).")


# --------------------------------------------------------------------------------------------
# The two documents


def build_report(run: RunDir) -> str:
    manifest = run.load()
    config = run_config(run)
    compare = read_json(run.reports_dir / "compare.json")
    quality = read_json(run.reports_dir / "quality.json")
    parts = [f"# Run report: {run.name}", "",
             f"Generated {now()} by `medgguf report`. Base model: `{upstream_base(config)}`.", ""]

    parts += ["## Data", ""]
    counts = split_counts(run)
    if counts:
        parts += [md_table(["split", "rows"], [[k, str(v)] for k, v in counts.items()]), ""]
    stats = read_json(run.data_dir / "stats.json") or {}
    scalars = [[k, str(v)] for k, v in stats.items() if isinstance(v, (int, float, str))]
    scalars += [[f"dropped: {reason}", str(d.get("count"))] for reason, d in (stats.get("drops") or {}).items()
                if isinstance(d, dict)]
    scalars += [[f"duplicates: {kind}", str(n)] for kind, n in (stats.get("duplicates") or {}).items()
                if isinstance(n, int)]
    if scalars:
        parts += [md_table(["data cleaning", "count"], scalars), ""]
    data_metrics = (manifest.get("stages", {}).get("data") or {}).get("metrics")
    if data_metrics:
        parts += ["Data stage metrics:", "", "```json", json.dumps(data_metrics, indent=2, default=str)[:4000],
                  "```", ""]
    if not counts and not data_metrics:
        parts += ["No data split in this run.", ""]

    parts += ["## Training", ""]
    history = training_log(run)
    if plot_training(history, run.reports_dir / "training_curve.png"):
        final = [h for h in history if "loss" in h]
        evals = [h for h in history if "eval_loss" in h]
        parts += ["![training curve](reports/training_curve.png)", ""]
        if final:
            parts.append(f"Last training loss {final[-1]['loss']:.4f} at step {final[-1].get('step')}.")
        if evals:
            parts.append(f"Validation loss {evals[0]['eval_loss']:.4f} → {evals[-1]['eval_loss']:.4f}.")
        parts.append("")
    else:
        parts += ["No trainer log found in this run.", ""]
    train_config = config.get("train") or {}
    lora_config = config.get("lora") or {}
    if train_config:
        parts += [f"Recipe: {train_config.get('method', 'lora')} r={lora_config.get('r')} "
                  f"alpha={lora_config.get('alpha')}, lr {train_config.get('lr')}, "
                  f"max_steps {train_config.get('max_steps')}, batch {train_config.get('batch_size')}"
                  f"×{train_config.get('grad_accum')}, max length {train_config.get('max_length')}.", ""]

    parts += ["## Quantization comparison", ""]
    if compare:
        parts += [f"Held-out text: {compare['text']} ({compare['text_tokens']} tokens); "
                  f"{compare['chunks']} chunks of {compare['ctx']} tokens, {compare['tokens_scored']} scored "
                  f"tokens (second half of each chunk). Every file is compared with the F16 through "
                  f"llama-perplexity's KL-divergence mode; the F16 logits cache took "
                  f"{human_bytes(compare['logits_cache_bytes'])}.", "",
                  compare_table(compare), "", "![size against KLD](reports/pareto.png)", ""]
        table = imatrix_table(compare)
        if table:
            imatrix_info = ", ".join(f"{s}: {v['chunks']} chunks of {v['ctx']} tokens"
                                     for s, v in sorted(compare.get("imatrix", {}).items(),
                                                        key=lambda item: item[0] != "train"))
            parts += ["### Importance matrix effect on mean KLD", "",
                      f"Importance matrices ({imatrix_info}); `train` is the run's training split, "
                      "`generic` non-medical text (llama.cpp's documentation) of the same token count.", "",
                      table, ""]
    else:
        parts += [f"Not measured yet: run `medgguf compare --name {run.name}`.", ""]

    parts += ["## Answer quality", ""]
    if quality:
        heldout = quality.get("heldout")
        parts += [f"Answers: {quality['answers_from']}, at most {quality['max_tokens']} tokens, greedy with "
                  f"repetition penalty {quality.get('repeat_penalty', 1.0)}. "
                  f"Multiple choice: {quality['mcq_n']} items per task."
                  + (f" Held-out PPL: {heldout['text']}, {heldout['chunks']} chunks of {heldout['ctx']}."
                     if heldout else ""), "", quality_table(quality), "",
                  QUALITY_NOTE, ""]
    else:
        parts += [f"Not measured yet: run `medgguf compare --name {run.name}` (with --quality).", ""]

    stages = manifest.get("stages", {})
    timed = [[name, str(s.get("seconds", "–")), s.get("started_at", "–")] for name, s in stages.items()
             if isinstance(s, dict) and "seconds" in s]
    if timed:
        parts += ["## Stages", "", md_table(["stage", "seconds", "started"], timed), ""]
    return "\n".join(parts)


def build_model_card(run: RunDir) -> str:
    config = run_config(run)
    compare = read_json(run.reports_dir / "compare.json")
    quality = read_json(run.reports_dir / "quality.json")
    base = upstream_base(config)
    datasets = dataset_ids(config)
    license_id = "apache-2.0" if base == DEMO_UPSTREAM else "other"
    front = ["---", f"base_model: {base}", "library_name: gguf", f"license: {license_id}", "language:", "- en",
             "pipeline_tag: text-generation", "tags:", "- medical", "- gguf", "- llama.cpp", "- lora",
             "- quantized"]
    if datasets:
        front += ["datasets:"] + [f"- {d}" for d in datasets]
    front.append("---")
    ggufs = sorted(run.gguf_dir.glob("*.gguf"))
    # The importance matrices and the base model's GGUF (made for the quality table) are not the release.
    not_shipped = {run.gguf_file("base-f16").name}
    files = [[p.name, human_bytes(p.stat().st_size)] for p in ggufs
             if not p.name.startswith("imatrix-") and p.name not in not_shipped]
    data = config.get("data") or {}
    train = config.get("train") or {}
    lora = config.get("lora") or {}
    counts = split_counts(run)
    shipped = next((p.name for p in ggufs if "q4_K_M" in p.name), ggufs[0].name if ggufs else f"{run.name}-q4_K_M.gguf")
    parts = front + ["", f"# {run.name}: a medical Q&A fine-tune of {base} (GGUF)", "",
                     f"A LoRA fine-tune of [{base}](https://huggingface.co/{base}) on medical question-answer "
                     "conversations, merged into the base weights, converted to GGUF with llama.cpp and quantized. "
                     "Made with medgguf.", "", DISCLAIMER, "", "## Files", ""]
    parts += [md_table(["file", "size"], files) if files else "No GGUF files yet.", ""]
    parts += ["## Data", "",
              f"Sources: {', '.join(datasets) or 'see the run config'}. "
              + (f"Splits: {', '.join(f'{k} {v}' for k, v in counts.items())} rows. " if counts else "")
              + f"System prompt: “{data.get('system_prompt', '')}”.", ""]
    parts += ["## Training recipe", "",
              md_table(["setting", "value"], [[k, str(v)] for k, v in [
                  ("method", train.get("method")), ("LoRA r / alpha / dropout",
                                                    f"{lora.get('r')} / {lora.get('alpha')} / {lora.get('dropout')}"),
                  ("target modules", lora.get("target_modules")), ("learning rate", train.get("lr")),
                  ("max steps / epochs", f"{train.get('max_steps')} / {train.get('epochs')}"),
                  ("batch × accumulation", f"{train.get('batch_size')} × {train.get('grad_accum')}"),
                  ("max length", train.get("max_length")), ("precision", train.get("precision"))]]), ""]
    parts += ["## Evaluation", ""]
    if compare:
        parts += [f"Quantization quality against the fine-tuned F16 on held-out text ({compare['text']}):", "",
                  compare_table(compare), ""]
    if quality:
        parts += ["Answer quality:", "", quality_table(quality), "", QUALITY_NOTE, ""]
    if not compare and not quality:
        parts += ["Not evaluated yet (`medgguf compare`).", ""]
    parts += ["## Intended use", "",
              "Research on small medical assistants, teaching, and offline experiments with quantized "
              "models. Not for clinical use, triage, or advice to patients. The training answers come from "
              "public consumer-health and Q&A sources and may be outdated or incomplete; the model inherits "
              "the base model's biases and can hallucinate.", "",
              "## How to run", "", "```bash", f"medgguf chat --model {shipped}",
              f"llama-cli -m {shipped} -cnv", "```", "", DISCLAIMER, ""]
    return "\n".join(parts)


def write_reports(run: RunDir) -> list[Path]:
    if not run.root.is_dir():
        raise InputError(f"run directory {run.root} does not exist", "check --name and --runs-dir")
    report_path = run.path("report.md")
    atomic.write_text(report_path, build_report(run))
    card_path = run.gguf_dir / "README.md"
    atomic.write_text(card_path, build_model_card(run))
    return [report_path, card_path]
