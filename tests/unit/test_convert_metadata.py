"""The general.* metadata the convert stage hands to convert_hf_to_gguf.py."""
from pathlib import Path

import gguf

from medgguf import config
from medgguf.stages import convert
from medgguf.run import RunDir


def test_demo_metadata_names_run_upstream_base_and_hub_dataset():
    metadata = convert.gguf_metadata(RunDir(Path("/runs/demo")), config.resolve("demo"))
    assert metadata[gguf.Keys.General.NAME] == "demo"
    assert metadata["general.base_models"] == [{
        "name": "SmolLM2-135M-Instruct", "organization": "HuggingFaceTB",
        "repo_url": "https://huggingface.co/HuggingFaceTB/SmolLM2-135M-Instruct"}]
    assert metadata["general.datasets"][0]["repo_url"].startswith("https://huggingface.co/datasets/")
    assert "medical" in metadata[gguf.Keys.General.TAGS]
    assert "LoRA fine-tune" in metadata[gguf.Keys.General.DESCRIPTION]


def test_local_base_and_local_data_get_no_hub_links(tmp_path):
    cfg = config.resolve("demo")
    cfg.model.base = str(tmp_path / "my-base")
    cfg.data.sources = [config.SourceConfig(path=str(tmp_path / "notes.jsonl"))]
    metadata = convert.gguf_metadata(RunDir(tmp_path / "ward"), cfg)
    assert metadata[gguf.Keys.General.NAME] == "ward"
    assert "general.base_models" not in metadata
    assert metadata["general.datasets"] == [{"name": "notes.jsonl"}]
