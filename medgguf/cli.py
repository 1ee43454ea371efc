"""medgguf's command line. Commands stay thin: they parse options, call one stage function,
and print the result. MedggufError becomes a one-line message at the single edge below.

torch and transformers are imported only inside the commands that need them, so
``medgguf --help`` stays fast.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import click

from medgguf.errors import MedggufError

log = logging.getLogger("medgguf")


class CliError(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        from medgguf.console import console

        console.print(f"[bold red]error:[/] {self.format_message()}", highlight=False, soft_wrap=True)


class MedggufGroup(click.Group):
    """Turns domain errors into one line and exit code; --debug keeps the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except MedggufError as exc:
            if _debug(ctx):
                raise
            raise CliError(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            raise CliError("interrupted; outputs already written are kept, partial ones removed", 130) from None
        except Exception as exc:  # the last resort: still one line unless --debug
            if _debug(ctx):
                raise
            raise CliError(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)",
                           1) from None


def _debug(ctx: click.Context) -> bool:
    root = ctx.find_root()
    return bool((root.obj or {}).get("debug")) or os.environ.get("MEDGGUF_DEBUG") == "1"


@click.group(cls=MedggufGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="medgguf")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Fine-tune a Llama-family chat model on medical data and ship it as a quantized GGUF."""
    from medgguf.console import setup_logging

    ctx.obj = {"debug": debug}
    setup_logging(debug)


# ---------------------------------------------------------------------------------------------
# Shared options

def run_options(func):
    func = click.option("--runs-dir", type=click.Path(path_type=Path), envvar="MEDGGUF_RUNS",
                        default=Path("runs"), show_default=True, help="Where run directories live.")(func)
    func = click.option("--name", "run_name", default="demo", show_default=True,
                        help="Run name: artifacts go to RUNS_DIR/NAME.")(func)
    return func


def config_options(func):
    func = click.option("--set", "overrides", multiple=True, metavar="KEY=VALUE",
                        help="Override one config key, e.g. --set train.lr=1e-4 (repeatable).")(func)
    func = click.option("--config", "config_file", type=click.Path(path_type=Path),
                        help="A YAML run config (see `medgguf config show demo`).")(func)
    func = click.option("--preset", default=None, help="A shipped preset (`medgguf config list`).")(func)
    return func


def open_run(runs_dir: Path, run_name: str):
    from medgguf.run import RunDir

    return RunDir(runs_dir / run_name)


# ---------------------------------------------------------------------------------------------
# Command families that live in their own modules, each exporting COMMANDS.

def _register_families() -> None:
    import importlib

    for module_name in ("medgguf.cli_pipeline", "medgguf.cli_data", "medgguf.cli_chat",
                        "medgguf.cli_bench", "medgguf.cli_config", "medgguf.cli_triage",
                        "medgguf.cli_export"):
        for command in importlib.import_module(module_name).COMMANDS:
            main.add_command(command)


_register_families()
