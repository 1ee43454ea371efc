"""``python -m medgguf.llamacpp build`` compiles the tools once per machine; ``... where`` prints
the build directory. scripts/setup runs both."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from medgguf.errors import SetupError, StageFailed
from medgguf.llamacpp.build import build_dir, ensure_built

log = logging.getLogger("medgguf.llamacpp")


def _build_main(argv: Sequence[str]) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if list(argv[:1]) == ["where"]:
        print(build_dir())
        return 0
    if (build_dir() / "build-info.json").exists():
        log.info("llama.cpp tools already built: %s", build_dir())
        return 0
    log.info("compiling llama.cpp (once per machine, ~8 min on 2 cores) into %s", build_dir())
    try:
        from rich.progress import Progress
    except ImportError:  # scripts/setup starts the build before it installs medgguf's dependencies
        ensure_built(on_output=sys.stderr.write)
        return 0
    if not sys.stderr.isatty():  # scripts/setup reads the compiler's [n/N] lines from its log
        ensure_built(on_output=sys.stderr.write)
        return 0
    with Progress(transient=True) as bar:
        task = bar.add_task("compiling llama.cpp", total=None)
        ensure_built(lambda done, total: bar.update(task, completed=done, total=total))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_build_main(sys.argv[1:]))
    except (SetupError, StageFailed) as exc:
        sys.exit(f"error: {exc}")
