"""Corrupt and hostile inputs, each a one-line error (exit 2) or a working command, and no
partial file: broken base weights, pickle checkpoints, chat templates that raise, a chat /load
of something that is not a transcript, a transcripts "directory" that is a file, paths with
spaces and non-ASCII characters, and a LoRA adapter whose config does not match its weights.
Real files, the real demo model, PEFT and llama.cpp."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from medgguf import models
from medgguf.chat.template import ChatTemplate
from medgguf.errors import InputError
from tests.cli.conftest import assert_one_line_error


def _base_copy(tmp_path: Path, name: str = "base") -> Path:
    """The demo base model's config and tokenizer, with no weights yet."""
    demo = models.ensure_demo_model()
    target = tmp_path / name
    target.mkdir()
    for child in demo.iterdir():
        if child.suffix != ".safetensors":
            shutil.copy(child, target / child.name)
    return target


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_broken_safetensors_base_is_refused_before_any_stage(cli, tmp_path, tiny_data, damage):
    base = _base_copy(tmp_path)
    weights = next(models.ensure_demo_model().glob("*.safetensors"))
    with weights.open("rb") as source:
        prefix = source.read(1 << 20)
    (base / weights.name).write_bytes({"truncated": prefix, "garbage": os.urandom(4096), "empty": b""}[damage])
    result = cli("build", "--base", base, "--data", tiny_data)
    assert_one_line_error(result, 2, "is not a complete safetensors file", "download or save the model again")
    assert not (tmp_path / "runs").exists()


def test_a_pickle_only_base_is_refused_unless_the_user_opts_in(cli, tmp_path, tiny_data):
    base = _base_copy(tmp_path)
    # Never unpickled: the refusal comes from the file name alone, before anything loads it.
    (base / "pytorch_model.bin").write_bytes(b"\x80\x04not really a pickle")
    result = cli("build", "--base", base, "--data", tiny_data)
    assert_one_line_error(result, 2, "only pickle checkpoints (pytorch_model.bin)", "model.allow_pickle: true")
    models.check_weights(str(base), allow_pickle=True)  # the opt-in passes the check


def test_a_base_whose_chat_template_raises_is_one_line(cli, tmp_path, tiny_data):
    base = _base_copy(tmp_path)
    os.link(next(models.ensure_demo_model().glob("*.safetensors")), base / "model.safetensors")
    config = json.loads((base / "tokenizer_config.json").read_text())
    config["chat_template"] = "{% for m in messages %}{{ m['content'] }}{% endfor %}{{ 1 / 0 }}"
    (base / "tokenizer_config.json").write_text(json.dumps(config))
    (base / "chat_template.jinja").unlink(missing_ok=True)
    result = cli("build", "--base", base, "--data", tiny_data)
    assert_one_line_error(result, 2, "chat template fails", "ZeroDivisionError")
    assert not list(tmp_path.rglob("*.partial"))


@pytest.mark.parametrize("source", ["{{ messages[7]['content'] }}", "{% set x = 1 / 0 %}", "{{ messages.pop() }}"])
def test_a_gguf_chat_template_that_raises_is_an_input_error(source):
    with pytest.raises(InputError, match="chat template fails to render"):
        ChatTemplate(source).render([{"role": "user", "content": "hi"}])


@pytest.fixture(scope="module")
def session():
    from medgguf.chat.engine import Engine
    from medgguf.chat.session import ChatSession

    engine = Engine(models.demo_gguf(), n_ctx=512, threads=1, threadpool=False)
    yield ChatSession(engine)
    engine.close()


@pytest.mark.parametrize(("content", "fragment"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "is not a text file"),
    (b'{"instruction": "a training row", "output": "not a chat"}\n', "is not a medgguf chat transcript"),
    (b"[1, 2, 3]\n", "is not a JSON object"),
    (b"not json at all\n", "line 1 is not JSON"),
    (b'{"type": "loaded", "messages": ["oops"]}\n', "malformed messages"),
    (b"", "is not a medgguf chat transcript"),
])
def test_chat_load_of_a_non_transcript_is_one_line_and_keeps_the_conversation(session, tmp_path, content, fragment):
    from medgguf.chat.session import handle_command

    session.messages = [{"role": "user", "content": "kept"}, {"role": "assistant", "content": "yes"}]
    path = tmp_path / "other file.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=fragment) as caught:
        handle_command(session, f"/load {path}")
    assert "\n" not in str(caught.value)
    assert session.messages[0]["content"] == "kept"


def test_a_transcripts_directory_under_a_file_is_one_line_before_the_model_loads(cli, tmp_path):
    blocker = tmp_path / "transcripts"
    blocker.write_text("a file where a directory should be")
    result = cli("chat", models.demo_gguf(), "--transcripts-dir", blocker / "mine")
    assert_one_line_error(result, 2, f"transcripts cannot be written in {blocker / 'mine'}", "--transcripts-dir")
    assert "medical disclaimer" not in result.output  # refused before the chat started


def test_a_read_only_transcripts_directory_is_one_line(cli, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("as root (CI) a read-only mount is the only directory root cannot write; not root here")
    directory = tmp_path / "read-only"
    directory.mkdir()
    assert os.system(f"mount --bind '{directory}' '{directory}' && mount -o remount,bind,ro '{directory}'") == 0
    try:
        result = cli("chat", models.demo_gguf(), "--transcripts-dir", directory)
        assert_one_line_error(result, 2, "transcripts cannot be written", "Read-only file system")
    finally:
        os.system(f"umount '{directory}'")


def test_paths_with_spaces_and_non_ascii_work(cli, tmp_path):
    folder = tmp_path / "mes modèles médicaux" / "модель 1"
    folder.mkdir(parents=True)
    model = folder / "démo q4 ✓.gguf"
    os.link(models.demo_gguf(), model)
    result = cli("ask", "--model", model, "--max-tokens", "4", "--temp", "0", "--threads", "1", "What is a fever?")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()


@pytest.mark.parametrize("name", ["model[/red].gguf", "a [bold]b[/bold] [/] c.gguf"])
def test_an_error_quoting_markup_like_text_prints_it_verbatim(cli, tmp_path, name):
    """Rich markup in a message (a path, bytes quoted from a corrupt file) is text, not markup:
    "[/red]" once broke the error edge itself (found by the GGUF fuzzer)."""
    result = cli("ask", "--model", tmp_path / name, "hi")
    assert_one_line_error(result, 2, f"{tmp_path / name} does not exist")


def test_allow_pickle_is_outside_every_fingerprint():
    """Opting in permits a load and changes no result: finished runs must not retrain for it."""
    from medgguf.config import Config

    plain, opted = Config(), Config()
    opted.model.allow_pickle = True
    assert plain.model_identity() == opted.model_identity()
    assert "allow_pickle" not in plain.model_identity() and "base" in plain.model_identity()


@pytest.fixture(scope="module")
def saved_adapters(tmp_path_factory) -> Path:
    """Two real PEFT LoRA adapters on the demo base, saved as training saves them (no training
    needed: the checks read shapes and names): r=8 on every projection, and r=4 on q/v."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    root = tmp_path_factory.mktemp("adapters")
    every = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
    for name, rank, targets in (("all-r8", 8, every), ("qv-r4", 4, ["q_proj", "v_proj"])):
        model = AutoModelForCausalLM.from_pretrained(models.ensure_demo_model(), dtype=torch.float32)
        get_peft_model(model, LoraConfig(r=rank, lora_alpha=2 * rank, target_modules=targets)).save_pretrained(
            root / name
        )
    return root


def _run_with_adapter(tmp_path: Path, saved: Path, damage: str) -> Path:
    """runs/demo with the demo config and the all-r8 adapter, damaged as ``damage`` says."""
    from medgguf import config
    from medgguf.run import RunDir

    run = RunDir(tmp_path / "runs" / "demo")
    run.root.mkdir(parents=True)
    run.save_config(config.resolve("demo"))
    shutil.copytree(saved / "all-r8", run.adapter_dir)
    settings = json.loads((run.adapter_dir / "adapter_config.json").read_text())
    if damage == "rank edited":
        settings["r"] = 16
    elif damage == "targets edited":
        settings["target_modules"] = ["q_proj", "v_proj"]
    elif damage == "weights of another adapter":
        shutil.copy(saved / "qv-r4" / "adapter_model.safetensors", run.adapter_dir / "adapter_model.safetensors")
    (run.adapter_dir / "adapter_config.json").write_text(json.dumps(settings))
    return run.root


MISMATCHES = {
    "rank edited": "says r=16 for model.layers.0",
    "targets edited": "targets q_proj, v_proj, but adapter_model.safetensors also adapts",
    "weights of another adapter": "says r=8 for model.layers.0",
}


@pytest.mark.parametrize("damage", list(MISMATCHES))
@pytest.mark.parametrize("command", [("merge",), ("export", "--to", "lora", "--no-check")])
def test_an_adapter_config_that_does_not_match_its_weights_is_one_line(cli, tmp_path, saved_adapters, damage,
                                                                        command):
    """Without the check, PEFT merges the target-edited adapter without a word (its k/o/MLP weights
    skipped) and fails on a rank edit deep in load_state_dict."""
    root = _run_with_adapter(tmp_path, saved_adapters, damage)
    result = cli(*command, "--name", "demo")
    assert_one_line_error(result, 2, MISMATCHES[damage], "the config and the weights are from different adapters",
                          "medgguf build --name demo --force train")
    # Refused before the base loaded: no merged model, no GGUF, no export, no partial.
    assert {p.name for p in root.iterdir()} <= {"config.yaml", "manifest.json", "adapter"}
    assert not list(root.rglob("*.partial"))

    debug = cli("--debug", *command, "--name", "demo")
    assert isinstance(debug.exception, InputError) and MISMATCHES[damage] in str(debug.exception)


def test_a_matching_adapter_passes_the_check(saved_adapters):
    from medgguf.adapter import check_adapter

    facts = check_adapter(saved_adapters / "qv-r4", models.ensure_demo_model())
    assert (facts.rank, facts.modules) == (4, 2 * 30)  # q and v in each of the demo's 30 layers
