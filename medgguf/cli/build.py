"""Commands of the build pipeline: ``build``, and each of its stages alone."""

from __future__ import annotations

from pathlib import Path

import click

from medgguf.cli.options import open_run, resolve_config, stage_options


def _run(stage_names, *, runs_dir, run_name, preset, config_file, overrides, force, resume, threads, **flags):
    """Resolve the config (``flags``: --base, --data, --quants, --imatrix, --rehearse, ...), check
    it, run the stages and print what each did, then the run directory."""
    run = open_run(runs_dir, run_name)
    with run.lock():  # before the config is read or written: a second build refuses at once
        _build(run, stage_names, preset, config_file, overrides, force, resume, threads, flags)


def _build(run, stage_names, preset, config_file, overrides, force, resume, threads, flags) -> None:
    from medgguf import stages
    from medgguf.console import console, notifier

    cfg = resolve_config(run, preset, config_file, overrides, **flags)
    if cfg.rehearsal.swaps:
        console.print(
            f"[bold]rehearsal of {cfg.rehearsal.preset or 'the config'}[/]: what differs from the recipe",
            highlight=False,
        )
        for swap in cfg.rehearsal.swaps:
            console.print(f"  - {swap}", highlight=False, soft_wrap=True)
    _preflight(cfg, stage_names or stages.STAGES)
    with notifier() as notify:
        options = stages.StageOptions(resume=resume, threads=threads, notify=notify)
        outcomes = stages.run_stages(run, cfg, only=stage_names, force=force, options=options)
    for outcome in outcomes:
        state = "skipped (unchanged)" if outcome.skipped else f"{outcome.seconds:.1f} s"
        console.print(f"  [bold]{outcome.name:<9}[/] {state}", highlight=False)
    click.echo(str(run.root))


def _preflight(cfg, stages) -> None:
    """Bad input fails in seconds, before any stage starts, not after an hour of training."""
    from medgguf import models
    from medgguf.llamacpp import tools
    from medgguf.llamacpp.build import convert_script, library_dir, tool_path
    from medgguf.stages import quantize, train

    base = models.resolve_base(cfg.model.base)
    models.load_config(base, cfg.model.revision)
    if "train" in stages or "merge" in stages:
        models.check_weights(base, allow_pickle=cfg.model.allow_pickle)
    if "data" in stages or "merge" in stages:
        tokenizer = models.load_tokenizer(base, cfg.model.chat_template, cfg.model.revision)
        if "convert" in stages and Path(base).is_dir():
            tools.check_pre_tokenizer(tokenizer, base)
    if "train" in stages:
        train.check_method(cfg)
    if "quantize" in stages or "verify" in stages:
        quantize.requested_types(cfg)
    if "quantize" in stages:
        tool_path("llama-quantize")
    if "verify" in stages:
        library_dir()
    if "convert" in stages:
        convert_script()


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


@click.command("quantize")
@stage_options
@click.option(
    "--mix",
    is_flag=True,
    help="Choose a type per tensor group by measured sensitivity, under a size budget (default: the "
    "size of q4_K_M with the same imatrix).",
)
@click.option("--target-size", metavar="SIZE", help="The mix's file-size budget: 80MB, 76.5MiB or bytes.")
@click.option("--target-bpw", type=float, metavar="BITS", help="The mix's budget in bits per weight, e.g. 4.5.")
@click.option(
    "--mix-types",
    metavar="TYPES",
    help="Comma-separated tensor types the mix may use (default: every 32-block type and, where rows "
    "allow them, the K-quants and IQ4_XS).",
)
def quantize(mix, target_size, target_bpw, mix_types, **kwargs):
    """Quantize the F16 GGUF (Q4_K_M by default; --quants for others; --mix for a per-tensor mix)."""
    from medgguf.errors import InputError

    if not mix:
        if target_size or target_bpw is not None or mix_types:
            raise InputError("--target-size, --target-bpw and --mix-types go with --mix", "add --mix")
        _run(["quantize"], **kwargs)
        return
    _run_mix(target_size, target_bpw, mix_types, **kwargs)


def _run_mix(
    target_size, target_bpw, mix_types, *, runs_dir, run_name, preset, config_file, overrides, threads, **flags
):
    from medgguf.console import console, notifier
    from medgguf.errors import InputError
    from medgguf.mix import allocate
    from medgguf.mix import build as mix_build

    if target_size and target_bpw is not None:
        raise InputError("--target-size and --target-bpw both given", "give one budget")
    run = open_run(runs_dir, run_name)
    cfg = resolve_config(run, preset, config_file, overrides, imatrix=flags.get("imatrix"))
    source = "train" if cfg.quantize.imatrix else "none"
    if target_size:
        target = mix_build.Target("size", target_size)
        allocate.parse_size(target_size)
    elif target_bpw is not None:
        target = mix_build.bpw_target(target_bpw)
    else:
        target = mix_build.Target("type", "Q4_K_M")
    types = allocate.parse_types(mix_types, imatrix=source != "none") if mix_types else None
    run.built_f16()
    with notifier() as notify:
        result = mix_build.build_mix(
            run,
            target,
            imatrix_source=source,
            types=types,
            imatrix_chunks=cfg.quantize.imatrix_chunks,
            imatrix_ctx=cfg.quantize.imatrix_ctx,
            threads=threads,
            notify=notify,
        )
    console.print(mix_build.summary(result), highlight=False, soft_wrap=True)
    click.echo(str(run.root / result["file"]))


verify = _single_stage("verify", "Check the quantized GGUF: chat template, end-of-turn id, and that it stops.")


COMMANDS = [build, train, merge, convert, quantize, verify]
