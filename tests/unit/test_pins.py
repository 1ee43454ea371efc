"""The Python packages that must match the vendored llama.cpp are pinned to it."""
from __future__ import annotations

import json
import re
import tomllib
from importlib import metadata

from medgguf import paths


def _requirement(name: str) -> str:
    pyproject = tomllib.loads((paths.REPO_DIR / "pyproject.toml").read_text())
    (spec,) = [r for r in pyproject["project"]["dependencies"] if re.match(rf"{re.escape(name)}\b", r)]
    return spec


def test_gguf_is_pinned_to_the_vendored_gguf_py():
    # convert_hf_to_gguf.py runs with the vendored gguf-py; gguf_check and convert's metadata keys
    # use the installed one. One version, or a pin could read what the other wrote differently.
    vendored = tomllib.loads((paths.LLAMA_CPP_SOURCE_DIR / "gguf-py" / "pyproject.toml").read_text())
    version = vendored["project"]["version"]
    assert _requirement("gguf") == f"gguf=={version}"
    assert metadata.version("gguf") == version


def test_the_binding_is_pinned_to_the_vendored_sdist():
    pin = json.loads(paths.PIN_FILE.read_text())["version"]
    assert _requirement("llama-cpp-python") == f"llama-cpp-python=={pin}"
