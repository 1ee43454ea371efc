"""`medgguf export --to release` on a finished run's files (tiny GGUFs, the run's report JSONs):
the folder, SHA256SUMS, the model card read back with huggingface_hub, and --push --dry-run."""
from __future__ import annotations

import hashlib
import json

import pytest
from click.testing import CliRunner

from medgguf.cli import main
from tests.cli.test_cli_bench import _finished_run
from tests.unit.test_gguf_check import write_gguf


@pytest.fixture
def finished_run(tmp_path):
    run = _finished_run(tmp_path)
    write_gguf(run / "gguf" / "demo-q4_K_M.gguf")
    write_gguf(run / "gguf" / "demo-q8_0.gguf")
    (run / "gguf" / "imatrix-train.gguf").write_bytes(b"imatrix bytes")
    return run


def export(tmp_path, *args):
    result = CliRunner().invoke(main, ["export", "--name", "demo", "--runs-dir", str(tmp_path / "runs"),
                                       "--to", "release", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def test_release_folder(tmp_path, finished_run):
    result = export(tmp_path, "--quant", "q4_K_M", "--push", "someone/demo-GGUF", "--dry-run")
    folder = finished_run / "export" / "release"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["README.md", "SHA256SUMS", "demo-q4_K_M.gguf", "imatrix-train.gguf"]
    # SHA256SUMS in sha256sum's format, covering every other file.
    listed = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(listed) == ["README.md", "demo-q4_K_M.gguf", "imatrix-train.gguf"]
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    # --dry-run lists what it would upload and uploads nothing.
    assert "dry run: would upload 4 files" in result.output and "https://huggingface.co/someone/demo-GGUF" in result.output
    assert "demo-q4_K_M.gguf" in result.output
    manifest = json.loads((finished_run / "manifest.json").read_text())
    assert manifest["exports"]["release"]["quants"] == ["demo-q4_K_M.gguf"]
    assert "pushed_to" not in manifest["exports"]["release"]
    assert not list(finished_run.rglob("*.partial"))


def test_model_card_reads_back_with_huggingface_hub(tmp_path, finished_run):
    from huggingface_hub import ModelCard

    export(tmp_path)       # every quant by default
    folder = finished_run / "export" / "release"
    assert (folder / "demo-q8_0.gguf").exists() and (folder / "demo-q4_K_M.gguf").exists()
    card = ModelCard.load(folder / "README.md")
    assert card.data.base_model == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert card.data.license == "apache-2.0" and card.data.library_name == "gguf"
    assert {"medical", "gguf", "llama.cpp"} <= set(card.data.tags)
    assert card.data.datasets == ["keivalya/MedQuAD-MedicalQnADataset"]
    text = card.text
    for section in ("## Intended use", "**Out of scope:**", "## Files", "## How to run", "## Evaluation", "## Training"):
        assert section in text
    assert text.count("Medical disclaimer.") >= 2                          # at the top and at the end
    assert "| q4_K_M+imatrix-train |" in text and "0.03150 (-38.2%)" in text  # compare and imatrix tables
    assert "| f16 | 9.0867 ± 0.3000 |" in text                             # the quality table
    assert "`demo-q8_0.gguf`" in text and "`imatrix-train.gguf`" in text


def test_exporting_again_replaces_the_folder(tmp_path, finished_run):
    export(tmp_path)
    export(tmp_path, "--quant", "q8_0")
    names = sorted(p.name for p in (finished_run / "export" / "release").iterdir())
    assert "demo-q4_K_M.gguf" not in names and "demo-q8_0.gguf" in names
    assert sorted(p.name for p in (finished_run / "export").iterdir()) == ["release"]
