"""Where medgguf keeps things: the repository checkout and the per-machine cache."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent
VENDOR_DIR = REPO_DIR / "vendor"
LLAMA_CPP_SOURCE_DIR = Path(os.environ.get("MEDGGUF_LLAMA_CPP_SOURCE", VENDOR_DIR / "llama.cpp"))
PIN_FILE = VENDOR_DIR / "llama-cpp-python.json"
SHARED_DATA_DIR = Path(os.environ.get("MEDGGUF_SHARED_DATA", REPO_DIR.parent / "shared" / "data"))


def cache_root() -> Path:
    """The per-machine cache shared by every clone: compiled llama.cpp, sdist, demo model."""
    explicit = os.environ.get("MEDGGUF_CACHE")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "medgguf"


def runs_root() -> Path:
    return Path(os.environ.get("MEDGGUF_RUNS", "runs"))
