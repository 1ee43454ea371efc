"""The one module that touches llama-cpp-python: it loads the binding against this machine's
libllama (the same llama.cpp source as the tools)."""
from __future__ import annotations

import logging
import os

from medgguf.errors import SetupError
from medgguf.llamacpp.build import SETUP_HINT, library_dir, load_pin


def load():
    """Import llama_cpp bound to this build's libllama (the same source as the tools).

    The binding is installed with -DLLAMA_BUILD=OFF, so it carries no library of its own and
    LLAMA_CPP_LIB_PATH must point at ours before the first import.
    """
    os.environ.setdefault("LLAMA_CPP_LIB_PATH", str(library_dir()))
    try:
        import llama_cpp
    except ImportError as exc:
        raise SetupError(f"the llama-cpp-python binding cannot be loaded ({exc})",
                         "run `scripts/setup`") from exc
    except (OSError, RuntimeError) as exc:  # the ctypes load of libllama itself
        raise SetupError(f"libllama could not be loaded ({exc})", SETUP_HINT) from exc
    # The binding relays libllama's log through this logger; unset, it prints every loader line.
    binding_log = logging.getLogger("llama-cpp-python")
    if binding_log.level == logging.NOTSET:
        binding_log.setLevel(logging.DEBUG if logging.getLogger("medgguf").isEnabledFor(logging.DEBUG)
                             else logging.ERROR)
    pinned = load_pin()["version"]
    if getattr(llama_cpp, "__version__", pinned) != pinned:
        raise SetupError(f"llama-cpp-python {llama_cpp.__version__} is installed but the pin is {pinned}",
                         "run `scripts/setup` to install the pinned binding")
    return llama_cpp
