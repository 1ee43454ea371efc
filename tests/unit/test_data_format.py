"""Response-only labels on the demo tokenizer: exactly the answer plus the end-of-turn token."""
from __future__ import annotations

import copy

import pytest

from medgguf.data.format import IGNORE_INDEX, TooLong, encode_for_training, render, template_facts

SYSTEM = "If you are a doctor, please answer the medical questions based on the patient's description."

LLAMA3_STYLE = (
    "{{ bos_token }}{% for message in messages %}<|start_header_id|>{{ message['role'] }}<|end_header_id|>\n\n"
    "{{ message['content'] | trim }}<|eot_id|>{% endfor %}"
    "{% if add_generation_prompt %}<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}")
NO_SYSTEM = (
    "{% for message in messages %}{% if message['role'] == 'system' %}"
    "{{ raise_exception('System role not supported') }}{% endif %}"
    "{% if message['role'] == 'user' %}[INST] {{ message['content'] }} [/INST]"
    "{% else %} {{ message['content'] }}{{ eos_token }}{% endif %}{% endfor %}")


@pytest.fixture(scope="module")
def tokenizer(demo_model_dir):
    from medgguf.models import load_tokenizer

    return load_tokenizer(str(demo_model_dir))


def labelled_spans(tokenizer, encoded) -> list[str]:
    spans, current = [], []
    for token, label in zip(encoded["input_ids"], encoded["labels"]):
        if label != IGNORE_INDEX:
            assert label == token
            current.append(token)
        elif current:
            spans.append(tokenizer.decode(current))
            current = []
    if current:
        spans.append(tokenizer.decode(current))
    return spans


def test_end_of_turn_is_found_from_the_template(tokenizer):
    facts = template_facts(tokenizer)
    assert (facts.end_of_turn_id, facts.end_of_turn_text, facts.accepts_system) == (2, "<|im_end|>", True)


def test_labels_are_exactly_the_answer_and_im_end(tokenizer):
    answer = "Type 2 diabetes often starts with thirst, frequent urination and tiredness."
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": "What are the early symptoms of type 2 diabetes?"},
                {"role": "assistant", "content": answer}]
    encoded = encode_for_training(tokenizer, messages)
    assert len(encoded["input_ids"]) == len(encoded["labels"])
    assert tokenizer.decode(encoded["input_ids"]) == render(tokenizer, messages)
    assert labelled_spans(tokenizer, encoded) == [answer + "<|im_end|>"]
    labelled = [t for t, label in zip(encoded["input_ids"], encoded["labels"]) if label != IGNORE_INDEX]
    assert labelled[-1] == tokenizer.convert_tokens_to_ids("<|im_end|>") == 2
    # the closing newline after <|im_end|> and the whole prompt stay masked
    assert encoded["labels"][-1] == IGNORE_INDEX
    prompt_length = len(tokenizer(render(tokenizer, messages[:2], add_generation_prompt=True),
                                  add_special_tokens=False)["input_ids"])
    assert set(encoded["labels"][:prompt_length]) == {IGNORE_INDEX}


def test_every_assistant_turn_of_a_multi_turn_conversation_is_labelled(tokenizer):
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Is flu a virus?"},
                {"role": "assistant", "content": "Yes, influenza is a virus."},
                {"role": "user", "content": "yes"},  # a user turn equal to a word of the answer
                {"role": "assistant", "content": "Then rest and drink fluids."}]
    assert labelled_spans(tokenizer, encode_for_training(tokenizer, messages)) == [
        "Yes, influenza is a virus.<|im_end|>", "Then rest and drink fluids.<|im_end|>"]


def test_too_long_is_a_value_error_never_a_truncation(tokenizer):
    messages = [{"role": "user", "content": "word " * 50}, {"role": "assistant", "content": "ok " * 50}]
    full = len(encode_for_training(tokenizer, messages)["input_ids"])
    assert len(encode_for_training(tokenizer, messages, max_length=full)["input_ids"]) == full
    with pytest.raises(ValueError) as error:
        encode_for_training(tokenizer, messages, max_length=full - 1)
    assert isinstance(error.value, TooLong) and error.value.length == full


def test_llama3_style_template_labels_answer_and_eot_id(tokenizer):
    llama = copy.deepcopy(tokenizer)
    llama.add_special_tokens({"additional_special_tokens": ["<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"]})
    llama.chat_template = LLAMA3_STYLE
    assert template_facts(llama).end_of_turn_text == "<|eot_id|>"
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": "Q?"},
                {"role": "assistant", "content": "The answer."}]
    assert labelled_spans(llama, encode_for_training(llama, messages)) == ["The answer.<|eot_id|>"]


def test_template_without_system_role_gets_the_prompt_folded_into_the_user_turn(tokenizer):
    plain = copy.deepcopy(tokenizer)
    plain.chat_template = NO_SYSTEM
    facts = template_facts(plain)
    assert not facts.accepts_system and facts.end_of_turn_text == plain.eos_token
    messages = [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Q?"},
                {"role": "assistant", "content": "Fine."}]
    assert render(plain, messages) == f"[INST] Be kind.\n\nQ? [/INST] Fine.{plain.eos_token}"
    assert labelled_spans(plain, encode_for_training(plain, messages)) == [f" Fine.{plain.eos_token}"]
