"""Options shared by several commands, and the run-config resolution behind them."""

from __future__ import annotations

from pathlib import Path

import click

runs_dir_option = click.option(
    "--runs-dir",
    type=click.Path(path_type=Path),
    envvar="MEDGGUF_RUNS",
    default=Path("runs"),
    show_default=True,
    help="Where run directories live.",
)
set_option = click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="Override one config key, e.g. --set train.lr=1e-4 (repeatable).",
)
threads_option = click.option(
    "--threads", type=click.IntRange(min=1), default=None, help="CPU threads [default: physical cores]."
)


def run_options(func):
    func = runs_dir_option(func)
    func = click.option(
        "--name", "run_name", default="demo", show_default=True, help="Run name: artifacts go to RUNS_DIR/NAME."
    )(func)
    return func


def config_options(func):
    func = set_option(func)
    func = click.option(
        "--config",
        "config_file",
        type=click.Path(path_type=Path),
        help="A YAML run config (see `medgguf config show demo`).",
    )(func)
    func = click.option("--preset", default=None, help="A shipped preset (`medgguf config list`).")(func)
    return func


def open_run(runs_dir: Path, run_name: str):
    from medgguf.run import RunDir

    return RunDir(runs_dir / run_name)


def stage_options(func):
    func = threads_option(func)
    func = click.option("--resume", is_flag=True, help="Continue training from the last checkpoint.")(func)
    func = click.option(
        "--force",
        "force",
        multiple=True,
        metavar="STAGE",
        help="Redo STAGE even if its inputs are unchanged (repeatable).",
    )(func)
    func = click.option(
        "--imatrix/--no-imatrix", default=None, help="Quantize with a domain importance matrix from the training split."
    )(func)
    func = click.option(
        "--quants",
        default=None,
        metavar="TYPES",
        help="Comma-separated llama.cpp types, e.g. Q4_K_M,Q5_K_M (default Q4_K_M).",
    )(func)
    func = click.option(
        "--data",
        "data_files",
        multiple=True,
        type=click.Path(path_type=Path),
        help="A data file to train on instead of the preset's sources (repeatable).",
    )(func)
    func = click.option(
        "--chat-template",
        type=click.Path(path_type=Path),
        default=None,
        help="A Jinja chat template file, for a tokenizer that has none.",
    )(func)
    func = click.option("--base", default=None, help="Base model: HF hub id or local HF directory.")(func)
    func = click.option(
        "--rehearse",
        is_flag=True,
        help="Rehearse the preset on CPU in minutes: its model's shape with random weights, "
        "the real tokenizer and template, its recipe, a few steps.",
    )(func)
    return config_options(run_options(func))


def preset_or_demo(preset: str | None, config_file: Path | None) -> str | None:
    """A config file names its own preset (or none); without either, the demo preset applies."""
    return preset if preset or config_file else "demo"


def resolve_config(
    run,
    preset,
    config_file,
    overrides,
    *,
    base=None,
    chat_template=None,
    data_files=(),
    quants=None,
    imatrix=None,
    rehearse=False,
):
    """The preset/file/--set resolution, plus the convenience flags, as one Config.

    A command on an existing run directory, without --preset or --config, reuses that run's
    config (``RunDir.config``).
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
    saved = run.config(overrides) if config_file is None and preset is None else None
    cfg = saved or config_mod.resolve(preset_or_demo(preset, config_file), config_file, overrides)
    if data_files:
        for data_file in data_files:
            if not data_file.exists():
                raise InputError(
                    f"data file {data_file} does not exist",
                    "check the path, or use a hub id in the config's data.sources",
                )
        cfg.data.sources = [config_mod.SourceConfig(path=str(p.resolve()), schema="auto") for p in data_files]
    if rehearse and cfg.rehearsal.preset is None:
        from medgguf.rehearsal import rehearse as rehearsal_of

        cfg = rehearsal_of(cfg)
    return cfg
