"""The data stage on the real data sets in ../shared/data, with the demo tokenizer."""
from __future__ import annotations

import json

import pytest

from medgguf.config import DataConfig, SourceConfig
from medgguf.data.format import IGNORE_INDEX, encode_for_training
from medgguf.data.prepare import prepare_splits

pytestmark = [pytest.mark.slow, pytest.mark.data]


@pytest.fixture(scope="module")
def tokenizer(demo_model_dir):
    from medgguf.models import load_tokenizer

    return load_tokenizer(str(demo_model_dir))


@pytest.mark.parametrize("relative, schema, rows_read, mcq", [
    ("chatdoctor/chatdoctor5k.json", "chatdoctor", 4952, False),
    ("pubmedqa/ori_pqal.json", "pubmedqa", 500, True),
    ("medqa/US_4_options_sample.jsonl", "medqa", 273, True),
])
def test_shared_data_sets_prepare_and_train_on_every_row(shared_data, tokenizer, tmp_path, relative, schema,
                                                         rows_read, mcq):
    cfg = DataConfig(sources=[SourceConfig(path=str(shared_data / relative))], max_tokens=1024, rows=300,
                     splits=[0.8, 0.1, 0.1])
    stats = prepare_splits(cfg, tokenizer, tmp_path)
    (source,) = stats["sources"]
    assert (source["schema"], source["rows_read"]) == (schema, rows_read)
    assert source["rows_kept"] + sum(d["count"] for d in source["drops"].values()) + sum(
        d["count"] for d in source["duplicates"].values()) == rows_read  # every row accounted for
    assert stats["rows_written"] == min(300, source["rows_kept"]) and stats["leakage"]["questions_in_two_splits"] == 0
    for split in ("train", "val", "test"):
        for line in (tmp_path / f"{split}.jsonl").read_text().splitlines():
            row = json.loads(line)
            assert ("mcq" in row) == mcq
            encoded = encode_for_training(tokenizer, row["messages"], max_length=1024)
            labelled = [t for t, label in zip(encoded["input_ids"], encoded["labels"]) if label != IGNORE_INDEX]
            assert labelled[-1] == tokenizer.convert_tokens_to_ids("<|im_end|>")
            assert tokenizer.decode(labelled) == row["messages"][-1]["content"] + "<|im_end|>"


def test_medquad_duplicates_and_repeated_questions_stay_in_one_split(shared_data, tokenizer, tmp_path):
    cfg = DataConfig(sources=[SourceConfig(path=str(shared_data / "medquad/medquad.jsonl"))], max_tokens=512)
    stats = prepare_splits(cfg, tokenizer, tmp_path)
    (source,) = stats["sources"]
    assert source["rows_read"] == 15578
    assert source["duplicates"]["exact"]["count"] > 0
    assert stats["leakage"]["questions_in_two_splits"] == 0
    questions = {}
    for split in ("train", "val", "test"):
        for line in (tmp_path / f"{split}.jsonl").read_text().splitlines():
            question = json.loads(line)["messages"][1]["content"].casefold()
            assert questions.setdefault(question, split) == split
