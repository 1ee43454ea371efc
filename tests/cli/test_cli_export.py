"""`medgguf export` and `medgguf serve` on bad input: one line, exit code 2, and nothing written
under export/ (no folder, no .partial)."""
from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli.conftest import assert_one_line_error
from tests.unit.test_gguf_check import write_gguf

GEMMA = ("{{ bos_token }}{% for message in messages %}{{ '<start_of_turn>' + message['role'] + '\n' + "
         "message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}"
         "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}")


def make_run(root: Path, name: str = "trial", *, quants: dict[str, str | None] | None = None) -> Path:
    """A run directory with gguf/<name>-<label>.gguf files (tiny GGUFs, each with a chat template)."""
    run = root / "runs" / name
    (run / "gguf").mkdir(parents=True)
    (run / "manifest.json").write_text('{"stages": {}}')
    for label, template in (quants or {}).items():
        write_gguf(run / "gguf" / f"{name}-{label}.gguf", chat_template=template)
    return run


def assert_nothing_exported(run: Path) -> None:
    export = run / "export"
    leftovers = [p for p in export.rglob("*")] if export.exists() else []
    assert leftovers == [], leftovers


@pytest.mark.parametrize("target", ["ollama", "lmstudio", "release"])
def test_run_with_no_quant(cli, tmp_path, target):
    run = make_run(tmp_path, quants={"f16": GEMMA})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", target)
    assert_one_line_error(result, 2, "run trial has no quantized GGUF", "medgguf build --name trial")
    assert_nothing_exported(run)


def test_missing_run(cli, tmp_path):
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "nope", "--to", "ollama")
    assert_one_line_error(result, 2, "run directory", "does not exist", "--name")
    assert not (tmp_path / "runs").exists()


def test_unknown_quant(cli, tmp_path):
    run = make_run(tmp_path, quants={"q4_K_M": GEMMA})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", "ollama", "--quant", "q5_K_M")
    assert_one_line_error(result, 2, "run trial has no q5_K_M GGUF (it has q4_K_M)", "--quants Q5_K_M")
    assert_nothing_exported(run)


def test_unknown_template_family(cli, tmp_path):
    run = make_run(tmp_path, quants={"q4_K_M": GEMMA})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", "ollama")
    assert_one_line_error(result, 2, "trial-q4_K_M.gguf cannot be written as an Ollama TEMPLATE",
                          "ChatML and Llama 3", "--to lmstudio")
    assert_nothing_exported(run)


def test_quant_without_chat_template(cli, tmp_path):
    run = make_run(tmp_path, quants={"q4_K_M": None})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", "lmstudio")
    assert_one_line_error(result, 2, "has no chat template")
    assert_nothing_exported(run)


@pytest.mark.parametrize(("args", "fragment"), [
    (["--to", "ollama", "--push", "me/x"], "go with --to release"),
    (["--to", "release", "--dry-run"], "need --push REPO"),
    (["--to", "release", "--push", "not a repo"], "is not a hub repository id"),
    (["--to", "lora", "--quant", "q4_K_M"], "does not apply to --to lora"),
    (["--to", "lmstudio", "--publisher", "../up"], "is not a folder name"),
])
def test_bad_option_combinations(cli, tmp_path, args, fragment):
    run = make_run(tmp_path, quants={"q4_K_M": GEMMA})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", *args)
    assert_one_line_error(result, 2, fragment)
    assert_nothing_exported(run)


def test_push_offline_is_refused_before_anything_is_built(cli, tmp_path, monkeypatch):
    run = make_run(tmp_path, quants={"q4_K_M": GEMMA})
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", "release", "--push", "me/trial")
    assert_one_line_error(result, 2, "cannot push to me/trial: HF_HUB_OFFLINE is set", "--dry-run")
    assert_nothing_exported(run)


def test_lora_without_adapter(cli, tmp_path):
    run = make_run(tmp_path, quants={"q4_K_M": GEMMA})
    result = cli("export", "--runs-dir", tmp_path / "runs", "--name", "trial", "--to", "lora")
    assert_one_line_error(result, 2, "run trial has no PEFT adapter")
    assert_nothing_exported(run)


def test_serve_port_in_use(cli, tmp_path):
    model = write_gguf(tmp_path / "tiny.gguf")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = cli("serve", model, "--port", port)
    assert_one_line_error(result, 2, f"port {port} on 127.0.0.1 is in use", "--port")


def test_serve_without_a_model(cli):
    result = cli("serve")
    assert_one_line_error(result, 2, "no model given", "medgguf build --name demo")


def test_serve_rejects_a_bad_gguf(cli, tmp_path):
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    result = cli("serve", bad)
    assert_one_line_error(result, 2, "is not a GGUF file")


def test_serve_empty_api_key(cli, tmp_path):
    model = write_gguf(tmp_path / "tiny.gguf")
    result = cli("serve", model, "--api-key", " ", "--port", "0")
    assert_one_line_error(result, 2, "--api-key is empty")


def test_chat_rejects_a_non_adapter_lora(cli, tmp_path):
    model = write_gguf(tmp_path / "tiny.gguf")
    not_adapter = write_gguf(tmp_path / "other.gguf")
    result = cli("ask", "--model", model, "--lora", not_adapter, "what is a fever?")
    assert_one_line_error(result, 2, "other.gguf is not a LoRA adapter GGUF")
