"""The export targets. Each one checks everything first, then builds its folder under a
``.partial`` name and renames it into place, so a failure leaves nothing half-written."""

from __future__ import annotations

import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from medgguf import atomic
from medgguf.errors import InputError, StageFailed
from medgguf.llamacpp.gguf_check import GGUFInfo, inspect_gguf
from medgguf.run import RunDir, human_bytes

log = logging.getLogger(__name__)

DEFAULT_QUANT = "q4_K_M"
NOT_QUANTS = ("f16", "base-f16")


@dataclass
class ExportResult:
    target: str
    folder: Path
    files: list[Path]
    hints: list[str] = field(default_factory=list)  # what to run next, printed after the listing
    facts: dict = field(default_factory=dict)  # recorded in the run manifest


# ---------------------------------------------------------------------------------------------
# Reading the run


def open_export_run(run: RunDir) -> RunDir:
    if not run.root.is_dir():
        raise InputError(
            f"run directory {run.root} does not exist",
            f"check --name and --runs-dir, or build it with `medgguf build --name {run.name}`",
        )
    return run


def run_quants(run: RunDir) -> dict[str, Path]:
    """The run's quantized GGUFs by label (q4_K_M, ...), the F16s and importance matrices left out."""
    prefix = f"{run.name}-"
    found = {}
    for path in sorted(run.gguf_dir.glob(f"{prefix}*.gguf")) if run.gguf_dir.is_dir() else []:
        label = path.name[len(prefix) : -len(".gguf")]
        if label not in NOT_QUANTS:
            found[label] = path
    return found


def choose_quants(run: RunDir, requested: list[str] | None, *, default_all: bool = False) -> list[Path]:
    available = run_quants(run)
    if not available:
        raise InputError(
            f"run {run.name} has no quantized GGUF in {run.gguf_dir}",
            f"run `medgguf build --name {run.name}` first (it writes {run.name}-q4_K_M.gguf)",
        )
    if not requested:
        if default_all:
            return list(available.values())
        if DEFAULT_QUANT in available:
            return [available[DEFAULT_QUANT]]
        if len(available) == 1:
            return list(available.values())
        raise InputError(
            f"run {run.name} has several quants and no q4_K_M ({', '.join(available)})", "choose one with --quant"
        )
    by_lower = {label.lower(): path for label, path in available.items()}
    chosen = []
    for label in requested:
        path = by_lower.get(label.strip().lower())
        if path is None:
            raise InputError(
                f"run {run.name} has no {label} GGUF (it has {', '.join(available)})",
                f"pick one of those with --quant, or build it: `medgguf build --name {run.name} "
                f"--quants {label.upper()}`",
            )
        if path not in chosen:
            chosen.append(path)
    return chosen


def vocab_facts(model: Path, token_ids: list[int | None]) -> tuple[bool, dict[int, str]]:
    """Whether llama.cpp adds BOS when it tokenizes for ``model``, and the text of ``token_ids``
    (read with the vocabulary only, through the same libllama as the chat)."""
    from medgguf.llamacpp.binding import Vocabulary

    vocabulary = Vocabulary(model)
    texts = {token: vocabulary.token_text(token) for token in token_ids if token is not None and token >= 0}
    return vocabulary.adds_bos(), texts


def chat_template_of(info: GGUFInfo):
    """The GGUF's template as a Go TEMPLATE, plus its end-of-turn strings (the family's marker and
    the texts of the GGUF's EOT and EOS tokens)."""
    from medgguf.export.templates import go_template_for, precheck

    precheck(info.chat_template or "", source=info.path.name)
    adds_bos, texts = vocab_facts(info.path, [info.bos_token_id, info.eos_token_id, info.eot_token_id])
    template = go_template_for(
        info.chat_template or "", bos_text=_text_of(texts, info.bos_token_id), adds_bos=adds_bos, source=info.path.name
    )
    stops = [template.end_of_turn]
    for token in (info.eot_token_id, info.eos_token_id):
        text = _text_of(texts, token)
        if text and text not in stops:
            stops.append(text)
    return template, tuple(stops)


def _text_of(texts: dict[int, str], token: int | None) -> str:
    return texts.get(token, "") if token is not None else ""


def system_prompt() -> str:
    """The system prompt exported models carry: medgguf chat's, then the disclaimer."""
    from medgguf.chat.session import DEFAULT_SYSTEM_PROMPT
    from medgguf.chat.triage import DISCLAIMER

    return f"{DEFAULT_SYSTEM_PROMPT}\n\n{DISCLAIMER}"


def recipe_sampling(info: GGUFInfo):
    """medgguf chat's defaults (medgguf.chat.sampling), as the Modelfile's PARAMETERs."""
    from medgguf.chat import sampling as chat
    from medgguf.export.modelfile import Sampling

    defaults = chat.Sampling()
    return Sampling(
        temperature=defaults.temperature,
        top_p=defaults.top_p,
        top_k=defaults.top_k,
        num_predict=defaults.max_tokens,
        num_ctx=min(chat.DEFAULT_CONTEXT, info.context_length or chat.DEFAULT_CONTEXT),
        repeat_penalty=defaults.repeat_penalty,
        dry_multiplier=defaults.dry_multiplier,
    )


def modelfile_for(info: GGUFInfo, *, title: str, model_file: str | None = None, adapter_file: str | None = None):
    from medgguf.chat.triage import DISCLAIMER
    from medgguf.export.modelfile import Modelfile

    template, stops = chat_template_of(info)
    return Modelfile(
        model_file=model_file or info.path.name,
        template=template,
        stops=stops,
        sampling=recipe_sampling(info),
        system=system_prompt(),
        disclaimer=DISCLAIMER,
        title=title,
        adapter_file=adapter_file,
    )


# ---------------------------------------------------------------------------------------------
# Building a folder


def place(src: Path, dst: Path) -> Path:
    """``src`` at ``dst``: a hard link where the filesystem allows (GGUFs are never modified in
    place), else a copy."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)
    return dst


def write_sha256sums(folder: Path) -> Path:
    lines = [
        f"{atomic.sha256_file(p)}  {p.relative_to(folder).as_posix()}"
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "SHA256SUMS"
    ]
    path = folder / "SHA256SUMS"
    path.write_text("\n".join(lines) + "\n")
    return path


def _build(run: RunDir, target: str, fill) -> tuple[Path, list[Path]]:
    final = run.export_dir(target)
    with atomic.atomic_path(final) as tmp:
        tmp.mkdir(parents=True)
        fill(tmp)
    files = sorted(p for p in final.rglob("*") if p.is_file())
    return final, files


def _record(run: RunDir, result: ExportResult, started: float) -> None:
    manifest = run.load()
    manifest.setdefault("exports", {})[result.target] = {
        "folder": run.rel(result.folder),
        "at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds": round(time.monotonic() - started, 1),
        "files": {run.rel(p): {"size": p.stat().st_size} for p in result.files},
        **result.facts,
    }
    run.save(manifest)


# ---------------------------------------------------------------------------------------------
# The targets


def export_ollama(run: RunDir, quants: list[str] | None) -> ExportResult:
    started = time.monotonic()
    open_export_run(run)
    [quant] = _one(choose_quants(run, quants), "ollama")
    info = inspect_gguf(quant, require_chat_template=True)
    modelfile = modelfile_for(info, title=f"{run.name}: medgguf's medical fine-tune for Ollama")
    text = modelfile.text()

    def fill(tmp: Path) -> None:
        place(quant, tmp / quant.name)
        (tmp / "Modelfile").write_text(text)

    folder, files = _build(run, "ollama", fill)
    result = ExportResult(
        "ollama",
        folder,
        files,
        hints=[f"cd {folder} && ollama create {run.name} -f Modelfile && ollama run {run.name}"],
        facts={"quant": quant.name, "template_family": modelfile.template.family, "stops": list(modelfile.stops)},
    )
    _record(run, result, started)
    return result


def export_lmstudio(run: RunDir, quants: list[str] | None, publisher: str = "medgguf") -> ExportResult:
    started = time.monotonic()
    open_export_run(run)
    chosen = choose_quants(run, quants)
    for path in chosen:
        inspect_gguf(path, require_chat_template=True)
    _check_name(publisher, "--publisher")
    model_dir = f"{run.name}-GGUF"

    def fill(tmp: Path) -> None:
        for path in chosen:
            place(path, tmp / publisher / model_dir / path.name)

    folder, files = _build(run, "lmstudio", fill)
    result = ExportResult(
        "lmstudio",
        folder,
        files,
        hints=[f"cp -rl {folder / publisher} ~/.lmstudio/models/   (or: lms import {files[0]})"],
        facts={"publisher": publisher, "model": model_dir, "quants": [p.name for p in chosen]},
    )
    _record(run, result, started)
    return result


def export_release(
    run: RunDir, quants: list[str] | None, *, push: str | None = None, dry_run: bool = False, private: bool = False
) -> ExportResult:
    from medgguf.export import card as card_module
    from medgguf.export import hub

    started = time.monotonic()
    open_export_run(run)
    chosen = choose_quants(run, quants, default_all=True)
    infos = [inspect_gguf(path, require_chat_template=True) for path in chosen]
    imatrices = sorted(run.gguf_dir.glob("imatrix-*.gguf"))
    if push and not dry_run:
        hub.check_can_push(push)
    try:
        modelfile = modelfile_for(_preferred(infos), title=f"{run.name}: medgguf's medical fine-tune for Ollama")
        modelfile_text = modelfile.text()
    except InputError as exc:  # a template family without a Go template: the release goes without a Modelfile
        log.warning("no Ollama Modelfile in the release: %s", exc.problem)
        modelfile_text = None

    def fill(tmp: Path) -> None:
        for path in [*chosen, *imatrices]:
            place(path, tmp / path.name)
        if modelfile_text:
            (tmp / "Modelfile").write_text(modelfile_text)
        shipped = sorted(p for p in tmp.iterdir() if p.is_file())
        sums = {p.name: atomic.sha256_file(p) for p in shipped}
        card = card_module.build_card(run, infos, imatrices, sums, has_modelfile=bool(modelfile_text), repo_id=push)
        (tmp / "README.md").write_text(str(card))
        write_sha256sums(tmp)

    folder, files = _build(run, "release", fill)
    result = ExportResult(
        "release", folder, files, facts={"quants": [p.name for p in chosen], "imatrix": [p.name for p in imatrices]}
    )
    if push:
        if dry_run:
            result.hints.append(hub.dry_run_listing(folder, push))
        else:
            url = hub.push_folder(folder, push, private=private)
            result.hints.append(f"uploaded {len(files)} files to {url}")
            result.facts["pushed_to"] = url
    _record(run, result, started)
    return result


def export_lora(run: RunDir, *, threads: int | None = None, check: bool = True) -> ExportResult:
    from medgguf import models
    from medgguf.adapter import check_adapter, retrain_fix
    from medgguf.eval.quality import ensure_base_gguf
    from medgguf.export import lora
    from medgguf.llamacpp import tools

    started = time.monotonic()
    open_export_run(run)
    if not (run.adapter_dir / "adapter_config.json").is_file():
        raise InputError(
            f"run {run.name} has no PEFT adapter in {run.adapter_dir}",
            f"train it first: `medgguf build --name {run.name}`",
        )
    merged = run.gguf_file("f16")
    if check and not merged.exists():
        raise InputError(
            f"run {run.name} has no merged F16 GGUF ({merged.name}) to check the adapter against",
            f"run `medgguf build --name {run.name}`, or pass --no-check",
        )
    cfg = run.config()
    spec = cfg.model.base if cfg is not None else "demo"
    base_dir = Path(models.resolve_base(spec))
    if not base_dir.is_dir():
        raise InputError(
            f"the base model {spec!r} is a hub id, not a local directory",
            "download it (huggingface-cli download) and set model.base to the directory",
        )
    # Before anything is converted or written: the converter would ship an edited config's
    # alpha over another adapter's weights without a word.
    check_adapter(run.adapter_dir, base_dir, fix=retrain_fix(run))
    base_gguf = ensure_base_gguf(run, threads)
    base_info = inspect_gguf(base_gguf, require_chat_template=True)
    adapter_name = f"{run.name}-lora-f16.gguf"
    base_name = f"{base_info.name or base_dir.name}-f16.gguf".replace(" ", "-")
    facts: dict = {"base": spec, "base_gguf": base_name, "adapter_gguf": adapter_name}
    try:
        modelfile = modelfile_for(
            base_info,
            title=f"{run.name}: base model + medgguf's LoRA adapter for Ollama",
            model_file=base_name,
            adapter_file=adapter_name,
        )
    except InputError as exc:
        log.warning("no Ollama Modelfile for the adapter: %s", exc.problem)
        modelfile = None

    def fill(tmp: Path) -> None:
        adapter = tmp / adapter_name
        tools.convert_lora_to_gguf(run.adapter_dir, adapter, base_dir=base_dir, outtype="f16")
        base = place(base_gguf, tmp / base_name)
        lora.check_adapter(base_info, adapter)
        if check:
            result = lora.compare_logits(base, adapter, merged, threads=threads)
            facts["logits_check"] = result.as_dict()
            atomic.write_json(
                tmp / "lora-check.json",
                {"base": base_name, "adapter": adapter_name, "merged": merged.name, **result.as_dict()},
            )
            if result.top1_agreement < 0.99:
                raise StageFailed(
                    f"base + adapter disagree with the merged model on "
                    f"{(1 - result.top1_agreement) * 100:.1f}% of next tokens "
                    f"(max |logit diff| {result.max_abs_diff:.3g})",
                    "the adapter and the merged model differ: rebuild with --force merge",
                )
        if modelfile is not None:
            (tmp / "Modelfile").write_text(modelfile.text())
        write_sha256sums(tmp)

    folder, files = _build(run, "lora", fill)
    result = ExportResult(
        "lora",
        folder,
        files,
        facts=facts,
        hints=[
            f"medgguf chat {folder / base_name} --lora {folder / adapter_name}",
            f"llama-cli -m {folder / base_name} --lora {folder / adapter_name} -cnv",
        ],
    )
    _record(run, result, started)
    return result


def _one(paths: list[Path], target: str) -> list[Path]:
    if len(paths) != 1:
        raise InputError(f"--to {target} takes one quant, not {len(paths)}", "pass a single --quant")
    return paths


def _preferred(infos: list[GGUFInfo]) -> GGUFInfo:
    return next((i for i in infos if DEFAULT_QUANT in i.path.name), infos[0])


def _check_name(value: str, option: str) -> None:
    if not value or "/" in value or value.startswith(".") or value.strip() != value:
        raise InputError(f"{option} {value!r} is not a folder name", f"pass a plain name to {option}, e.g. medgguf")


def describe(result: ExportResult) -> list[str]:
    return [f"{p.relative_to(result.folder).as_posix()}  {human_bytes(p.stat().st_size)}" for p in result.files]
