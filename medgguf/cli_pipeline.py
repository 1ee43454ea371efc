"""Commands of the build pipeline: ``build`` and each of its stages alone, plus ``doctor``."""
from __future__ import annotations

import json
from pathlib import Path

import click

from medgguf.cli import config_options, open_run, run_options


def stage_options(func):
    func = click.option("--threads", type=click.IntRange(min=1), default=None,
                        help="CPU threads (default: physical cores).")(func)
    func = click.option("--resume", is_flag=True, help="Continue training from the last checkpoint.")(func)
    func = click.option("--force", "force", multiple=True, metavar="STAGE",
                        help="Redo STAGE even if its inputs are unchanged (repeatable).")(func)
    func = click.option("--imatrix/--no-imatrix", default=None,
                        help="Quantize with a domain importance matrix from the training split.")(func)
    func = click.option("--quants", default=None, metavar="TYPES",
                        help="Comma-separated llama.cpp types, e.g. Q4_K_M,Q5_K_M (default Q4_K_M).")(func)
    func = click.option("--data", "data_files", multiple=True, type=click.Path(path_type=Path),
                        help="A data file to train on instead of the preset's sources (repeatable).")(func)
    func = click.option("--chat-template", type=click.Path(path_type=Path), default=None,
                        help="A Jinja chat template file, for a tokenizer that has none.")(func)
    func = click.option("--base", default=None, help="Base model: HF hub id or local HF directory.")(func)
    func = click.option("--rehearse", is_flag=True,
                        help="Rehearse the preset on CPU in minutes: its model's shape with random weights, "
                             "the real tokenizer and template, its recipe, a few steps.")(func)
    return config_options(run_options(func))


def resolve_config(run, preset, config_file, overrides, *, base=None, chat_template=None,
                   data_files=(), quants=None, imatrix=None, rehearse=False):
    """The preset/file/--set resolution, plus the convenience flags, as one Config.

    A stage run alone on an existing run directory reuses that run's config.yaml.
    """
    from medgguf import config as config_mod
    from medgguf.errors import InputError

    overrides = list(overrides)
    if base:
        overrides.append(f"model.base={base}")
    if chat_template:
        if not chat_template.is_file():
            raise InputError(f"chat template file {chat_template} does not exist", "check the path")
        overrides.append(f"model.chat_template={chat_template.resolve()}")
    if quants:
        overrides.append(f"quantize.types=[{quants}]")
    if imatrix is not None:
        overrides.append(f"quantize.imatrix={'true' if imatrix else 'false'}")
    saved = run.path("config.yaml")
    if config_file is None and preset is None and saved.exists():
        cfg = config_mod.resolve(None, saved, overrides)
    else:
        cfg = config_mod.resolve(preset or ("demo" if config_file is None else None), config_file, overrides)
    if data_files:
        for data_file in data_files:
            if not data_file.exists():
                raise InputError(f"data file {data_file} does not exist",
                                 "check the path, or use a hub id in the config's data.sources")
        cfg.data.sources = [config_mod.SourceConfig(path=str(p.resolve()), schema="auto") for p in data_files]
    if rehearse and cfg.rehearsal.preset is None:
        from medgguf.rehearsal import rehearse as rehearsal_of

        cfg = rehearsal_of(cfg)
    return cfg


def _run(stage_names, runs_dir, run_name, preset, config_file, overrides, base, chat_template, data_files,
         quants, imatrix, force, resume, threads, rehearse):
    from medgguf import pipeline
    from medgguf.console import console

    run = open_run(runs_dir, run_name)
    cfg = resolve_config(run, preset, config_file, overrides, base=base, chat_template=chat_template,
                         data_files=data_files, quants=quants, imatrix=imatrix, rehearse=rehearse)
    if cfg.rehearsal.swaps:
        console.print(f"[bold]rehearsal of {cfg.rehearsal.preset or 'the config'}[/]: what differs from the recipe",
                      highlight=False)
        for swap in cfg.rehearsal.swaps:
            console.print(f"  - {swap}", highlight=False, soft_wrap=True)
    _preflight(cfg, stage_names or pipeline.STAGES)
    outcomes = pipeline.run_stages(run, cfg, only=stage_names, force=force,
                                   options=pipeline.StageOptions(resume=resume, threads=threads))
    for outcome in outcomes:
        state = "skipped (unchanged)" if outcome.skipped else f"{outcome.seconds:.1f} s"
        console.print(f"  [bold]{outcome.name:<9}[/] {state}", highlight=False)
    click.echo(str(run.root))


def _preflight(cfg, stages) -> None:
    """Bad input fails in seconds, before any stage starts, not after an hour of training."""
    from medgguf import llamacpp, models, quantize, train

    base = models.resolve_base(cfg.model.base)
    models.load_config(base, cfg.model.revision)
    if "data" in stages or "merge" in stages:
        tokenizer = models.load_tokenizer(base, cfg.model.chat_template, cfg.model.revision)
        if "convert" in stages and Path(base).is_dir():
            llamacpp.check_pre_tokenizer(tokenizer, base)
    if "train" in stages:
        train.check_method(cfg)
    if "quantize" in stages or "verify" in stages:
        quantize.requested_types(cfg)
    if "quantize" in stages:
        llamacpp.tool_path("llama-quantize")
    if "verify" in stages:
        llamacpp.library_dir()
    if "convert" in stages:
        llamacpp.convert_script()


@click.command()
@stage_options
def build(**kwargs):
    """Run every stage: data, train, merge, convert, quantize, verify.

    Stages whose inputs and config are unchanged are skipped; --force STAGE redoes one.
    Prints the run directory.
    """
    _run(None, **kwargs)


def _single_stage(name: str, doc: str):
    @click.command(name=name, help=doc)
    @stage_options
    def command(**kwargs):
        _run([name], **kwargs)

    return command


train = _single_stage("train", "Train the LoRA/QLoRA adapter on the run's training split.")
merge = _single_stage("merge", "Merge the adapter into the base model, saved as FP16 safetensors.")
convert = _single_stage("convert", "Convert the merged model to an F16 GGUF (vendored convert_hf_to_gguf.py).")
quantize = _single_stage("quantize", "Quantize the F16 GGUF (Q4_K_M by default; --quants for others).")
verify = _single_stage("verify", "Check the quantized GGUF: chat template, end-of-turn id, and that it stops.")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def doctor(as_json: bool):
    """Check the installation: versions, llama.cpp tools, CPU, GPU, disk."""
    from medgguf.doctor import collect, render

    report = collect()
    if as_json:
        click.echo(json.dumps(report, indent=2, default=str))
    else:
        render(report)
    if report["problems"]:
        raise click.exceptions.Exit(2)


COMMANDS = [build, train, merge, convert, quantize, verify, doctor]
