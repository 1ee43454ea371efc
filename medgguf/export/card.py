"""The release's model card, built with ``huggingface_hub.ModelCard``: a metadata block the hub
reads (base model, license, tags, data sets), what the model is for and not for, the disclaimer,
the files with their sha256, and the run's quality and quantization tables."""

from __future__ import annotations

from pathlib import Path

from medgguf.llamacpp.gguf_check import GGUFInfo
from medgguf.run import RunDir, human_bytes


def build_card(
    run: RunDir,
    infos: list[GGUFInfo],
    imatrices: list[Path],
    sums: dict[str, str],
    *,
    has_modelfile: bool,
    repo_id: str | None = None,
):
    from huggingface_hub import ModelCard

    from medgguf.chat.triage import DISCLAIMER as CHAT_DISCLAIMER
    from medgguf.config import dataset_ids, upstream_base
    from medgguf.eval import report

    cfg = run.config()
    base = upstream_base(cfg)
    datasets = dataset_ids(cfg)
    data = report.card_data(
        cfg, tags=["medical", "gguf", "llama.cpp", "ollama", "lm-studio", "lora", "quantized", "medgguf"]
    )
    compare = report.read_json(run.report_file("compare.json"))
    quality = report.read_json(run.report_file("quality.json"))
    shipped = next((i.path.name for i in infos if "q4_K_M" in i.path.name), infos[0].path.name)
    repo = repo_id or f"YOUR-NAME/{run.name}-GGUF"
    files = [
        [
            f"`{i.path.name}`",
            i.file_type,
            human_bytes(i.size_bytes),
            f"{i.bits_per_weight:.2f}",
            f"`{sums.get(i.path.name, '')[:16]}…`",
        ]
        for i in infos
    ]
    files += [
        [f"`{p.name}`", "importance matrix", human_bytes(p.stat().st_size), "–", f"`{sums.get(p.name, '')[:16]}…`"]
        for p in imatrices
    ]

    parts = [
        f"# {run.name}: a medical Q&A fine-tune of {base} (GGUF)",
        "",
        f"A LoRA fine-tune of [{base}](https://huggingface.co/{base}) on medical question-answer "
        "conversations, merged into the base weights, converted to GGUF with llama.cpp and quantized, "
        "made with medgguf.",
        "",
        f"> {report.DISCLAIMER}",
        "",
        "## Intended use",
        "",
        "Research on small medical assistants, teaching, and offline experiments with quantized models "
        "on a laptop CPU.",
        "",
        "**Out of scope:** clinical use, diagnosis, triage, treatment decisions, or advice to patients. "
        "The training answers come from public consumer-health and Q&A sources and may be outdated or "
        "incomplete; the model inherits the base model's biases and can be fluently wrong.",
        "",
        f"Every way medgguf runs it shows this first: “{CHAT_DISCLAIMER}” Messages that describe an "
        "emergency (chest pain, stroke signs, severe bleeding, breathing trouble, ...) get an emergency "
        "notice before the answer, from a rule-based check that no model output can switch off.",
        "",
        "## Files",
        "",
        report.md_table(["file", "type", "size", "bits/weight", "sha256"], files),
        "",
        "`SHA256SUMS` lists the full hashes (`sha256sum -c SHA256SUMS`)."
        + (" `Modelfile` is for Ollama: its TEMPLATE equals the GGUF's chat template." if has_modelfile else ""),
        "",
    ]
    parts += [
        "## How to run",
        "",
        "```bash",
        f"huggingface-cli download {repo} {shipped} --local-dir .",
        f"llama-cli -m {shipped} -cnv                  # llama.cpp",
        f"medgguf serve {shipped}                      # OpenAI-compatible API and a chat page on 127.0.0.1:8080",
    ]
    if has_modelfile:
        parts.append(f"ollama create {run.name} -f Modelfile && ollama run {run.name}")
    parts += ["```", ""]
    parts += ["## Evaluation", ""]
    if quality:
        parts += [
            "Answer quality before and after fine-tuning:",
            "",
            report.quality_table(quality),
            "",
            report.QUALITY_NOTE,
            "",
        ]
    if compare:
        parts += [
            f"Quantization quality against the fine-tuned F16 on held-out text ({compare['text']}):",
            "",
            report.compare_table(compare),
            "",
        ]
        effect = report.imatrix_table(compare)
        if effect:
            parts += ["Mean KL-divergence with and without an importance matrix:", "", effect, ""]
    if not quality and not compare:
        parts += [
            f"Not evaluated yet: run `medgguf compare --name {run.name}` and export again to add the "
            "quality and quantization tables.",
            "",
        ]
    parts += [
        "## Training",
        "",
        report.md_table(["setting", "value"], report.recipe_rows(cfg)),
        "",
        f"Data: {', '.join(datasets) or 'see the run config'}.",
        "",
        f"> {report.DISCLAIMER}",
        "",
    ]
    return ModelCard(f"---\n{data.to_yaml()}\n---\n\n" + "\n".join(parts))
