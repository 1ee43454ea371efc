"""Commands of the config family.

medgguf config list                      the shipped presets with their descriptions
medgguf config show PRESET|FILE          the resolved config as YAML (stdout)
medgguf config validate FILE             "ok", or the one-line error naming key and allowed values
medgguf config memory PRESET|FILE        the memory plan on a GPU of --gpu-gb GiB
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from medgguf import config as config_module
from medgguf.cli.options import set_option


def _resolve(target: str, overrides: tuple[str, ...]) -> config_module.Config:
    """A preset name, or a YAML file (anything that ends in .yaml/.yml or exists as a file)."""
    path = Path(target)
    if path.suffix in (".yaml", ".yml") or path.is_file():
        return config_module.resolve(preset=None, config_file=path, overrides=overrides)
    return config_module.resolve(preset=target, overrides=overrides)


@click.group("config")
def config() -> None:
    """Presets and run configs: list, show, validate, and plan memory."""


@config.command("list")
def list_presets() -> None:
    """List the shipped presets with their descriptions."""
    names = config_module.list_presets()
    width = max(len(n) for n in names)
    for name in names:
        description = config_module.resolve(preset=name).description
        click.echo(f"{name:<{width}}  {description}")


@config.command("show")
@click.argument("target", metavar="PRESET|FILE")
@set_option
def show(target: str, overrides: tuple[str, ...]) -> None:
    """Print the resolved config of a preset or file as YAML."""
    click.echo(config_module.dump(_resolve(target, overrides)), nl=False)


@config.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@set_option
def validate(file: Path, overrides: tuple[str, ...]) -> None:
    """Check a run config file: every key known, every value of the right type and allowed."""
    config_module.resolve(preset=None, config_file=file, overrides=overrides)
    click.echo("ok")


@config.command("memory")
@click.argument("target", metavar="PRESET|FILE")
@click.option(
    "--gpu-gb",
    type=click.FloatRange(min=0, min_open=True),
    default=24.0,
    show_default=True,
    help='GPU memory in GiB (a "24 GB" card is 24 GiB).',
)
@set_option
@click.option("--json", "as_json", is_flag=True, help="Print the estimate as JSON.")
def memory_plan(target: str, gpu_gb: float, overrides: tuple[str, ...], as_json: bool) -> None:
    """Estimate the training peak memory of a recipe and whether it fits the GPU."""
    from medgguf import memory

    cfg = _resolve(target, overrides)
    plan = memory.estimate(cfg, memory.model_config_for(cfg.model.base, cfg.model.revision), int(gpu_gb * memory.GIB))
    if as_json:
        click.echo(json.dumps({"preset": cfg.preset, "base": cfg.model.base, **plan.to_dict()}, indent=2))
        return
    t = cfg.train
    click.echo(
        f"{cfg.model.base}: {t.method}, LoRA r{cfg.lora.r} on {_targets(cfg.lora.target_modules)}, "
        f"batch {t.batch_size} x {t.max_length} tokens, gradient checkpointing "
        f"{'on' if t.gradient_checkpointing else 'off'}, {t.optimizer}"
    )
    for part, size in plan.parts.items():
        click.echo(f"  {part:<12} {size / memory.GIB:6.2f} GiB")
    click.echo(f"  {'allocated':<12} {plan.allocated_bytes / memory.GIB:6.2f} GiB")
    click.echo(
        f"  {'peak':<12} {plan.total_bytes / memory.GIB:6.2f} GiB  (+{memory.ALLOCATOR_SLACK:.0%} "
        f"allocator, +{memory.CUDA_CONTEXT_BYTES / memory.GIB:.1f} GiB CUDA context)"
    )
    click.echo(plan.summary())
    for suggestion in plan.suggestions:
        click.echo(f"  to fit: {suggestion}")


def _targets(target_modules) -> str:
    return target_modules if isinstance(target_modules, str) else ",".join(target_modules)


COMMANDS = [config]
