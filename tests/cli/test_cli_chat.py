"""`medgguf chat` and `medgguf ask` on bad input: one line, exit code 2, before llama.cpp runs."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import assert_one_line_error
from tests.unit.test_gguf_check import write_gguf


@pytest.mark.parametrize("command", [["chat"], ["ask", "what is a fever?"]])
def test_no_model_and_no_run(cli, command):
    result = cli(*command)
    assert_one_line_error(result, 2, "no model given", "runs/demo/gguf/demo-q4_K_M.gguf does not exist",
                          "medgguf build --name demo")


def test_named_run_without_model(cli, tmp_path):
    result = cli("chat", "--runs-dir", tmp_path / "elsewhere", "--name", "trial")
    assert_one_line_error(result, 2, "trial-q4_K_M.gguf does not exist", "medgguf build --name trial")


def _bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.gguf"
    empty.touch()
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("this is a text file, not a model\n")
    truncated = write_gguf(tmp_path / "truncated.gguf")
    truncated.write_bytes(truncated.read_bytes()[:-64])
    return {
        "missing": (tmp_path / "missing.gguf", "does not exist"),
        "empty": (empty, "is empty (0 bytes)"),
        "not_gguf": (not_gguf, "is not a GGUF file"),
        "truncated": (truncated, "is truncated"),
        "architecture": (write_gguf(tmp_path / "arch.gguf", arch="mystery"), "an architecture llama.cpp cannot run"),
        "no_template": (write_gguf(tmp_path / "base.gguf", chat_template=None), "has no chat template"),
    }


@pytest.mark.parametrize("case", ["missing", "empty", "not_gguf", "truncated", "architecture", "no_template"])
def test_chat_rejects_bad_gguf(cli, tmp_path, case):
    path, fragment = _bad_files(tmp_path)[case]
    result = cli("chat", path)
    message = assert_one_line_error(result, 2, fragment)
    assert str(path.name) in message
    # Nothing was started: no disclaimer banner, no transcript.
    assert "disclaimer" not in result.output
    assert not list((tmp_path / "home").rglob("chat-*.jsonl"))


@pytest.mark.parametrize("case", ["missing", "empty", "not_gguf", "truncated", "architecture", "no_template"])
def test_ask_rejects_bad_gguf(cli, tmp_path, case):
    path, fragment = _bad_files(tmp_path)[case]
    result = cli("ask", "--model", path, "what is a fever?")
    assert_one_line_error(result, 2, fragment)
    assert result.stdout == ""


def test_ask_empty_stdin(cli, tmp_path):
    from click.testing import CliRunner

    from medgguf.cli import main

    result = CliRunner().invoke(main, ["ask", "--model", str(tmp_path / "x.gguf"), "-"], input="   \n")
    assert_one_line_error(result, 2, "the question is empty")


@pytest.mark.parametrize("option,value,fragment", [
    ("--temp", "9", "--temp"), ("--top-p", "0", "--top-p"), ("--max-tokens", "0", "--max-tokens"),
    ("--threads", "0", "--threads"),
])
def test_sampling_options_are_checked(cli, tmp_path, option, value, fragment):
    result = cli("ask", "--model", tmp_path / "x.gguf", option, value, "hi")
    assert result.exit_code == 2
    assert fragment in result.stderr
