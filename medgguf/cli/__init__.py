"""medgguf's command line: the group, its one error edge, and the command families.

Commands stay thin: they parse options, call one library function, and print the result.
MedggufError becomes a one-line message at the single edge below.

torch and transformers are imported only inside the commands that need them, so
``medgguf --help`` stays fast.
"""

from __future__ import annotations

import errno
import logging
import os

import click

from medgguf import interrupts
from medgguf.cli import bench, build, chat, config, data, doctor, export, serve, triage
from medgguf.errors import MedggufError

log = logging.getLogger("medgguf")


class CliError(click.ClickException):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click declares it on the class; each error has its own

    def show(self, file=None) -> None:
        from rich.markup import escape

        from medgguf.console import console

        # Escaped: a message quoting a file's bytes or a user's text may hold "[/...]", which Rich
        # would read as markup and fail on (found by the GGUF fuzzer).
        console.print(f"[bold red]error:[/] {escape(self.format_message())}", highlight=False, soft_wrap=True)


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
            if interrupts.pending():
                raise _interrupted() from None
            raise CliError(str(exc), exc.exit_code) from None
        except KeyboardInterrupt:
            if _debug(ctx):
                raise
            raise _interrupted() from None
        except OSError as exc:
            if _debug(ctx):
                raise
            if interrupts.pending():
                raise _interrupted() from None
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise _unexpected(exc) from None
            where = f" writing {exc.filename}" if exc.filename else ""
            raise CliError(
                f"the disk is full{where}; outputs already written are kept, partial ones removed. "
                "Free some space (or use --runs-dir on a larger disk) and run the same command again",
                2,
            ) from None
        except Exception as exc:  # the last resort: still one line unless --debug
            if _debug(ctx):
                raise
            if interrupts.pending():
                raise _interrupted() from None
            raise _unexpected(exc) from None


def _interrupted() -> CliError:
    return CliError("interrupted; outputs already written are kept, partial ones removed", 130)


def _unexpected(exc: Exception) -> CliError:
    return CliError(f"unexpected {type(exc).__name__}: {exc} (rerun with --debug for the traceback)", 1)


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
    interrupts.install()


# ---------------------------------------------------------------------------------------------
# The command families, one module each; options they share live in cli/options.py.

for _family in (build, data, chat, bench, config, doctor, triage, export, serve):
    for _command in _family.COMMANDS:
        main.add_command(_command)
