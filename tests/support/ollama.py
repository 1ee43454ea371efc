"""Render an Ollama TEMPLATE with real Go (tests/support/ollama_render.go), as Ollama does."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

RENDERER = Path(__file__).with_name("ollama_render.go")


def go_binary() -> str:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI"):
            pytest.fail("`go` is not installed; .ci/run installs golang-go")
        pytest.skip("needs Go (apt-get install golang-go)")
    return go


def build_renderer(directory: Path) -> Path:
    """Compile the renderer once into ``directory`` (a few seconds), so each render is fast."""
    go = go_binary()
    binary = directory / "ollama_render"
    if not binary.exists():
        env = {**os.environ, "GOCACHE": str(directory / "gocache"), "GOPATH": str(directory / "gopath"),
               "GOFLAGS": "-mod=mod", "GO111MODULE": "off", "CGO_ENABLED": "0"}
        result = subprocess.run([go, "build", "-o", str(binary), str(RENDERER)], capture_output=True, text=True,
                                env=env, timeout=300, check=False)
        assert result.returncode == 0, result.stderr
    return binary


def render(binary: Path, template: str, messages: list[dict], system: str = "") -> str:
    result = subprocess.run([str(binary)], input=json.dumps({"template": template, "system": system,
                                                              "messages": messages}),
                            capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout
