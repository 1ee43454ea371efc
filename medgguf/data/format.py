"""Chat formatting with the base model's own template, and response-only training labels.

The labels are -100 everywhere except the assistant's tokens *and the token that closes the
assistant's turn* (``<|im_end|>`` for ChatML, ``<|eot_id|>`` for Llama 3, ``</s>`` for Llama 2).
Learning that token is what makes the fine-tuned model stop instead of rambling into a new turn.
The closing token is found by rendering a probe conversation through the template, never
hard-coded.
"""

from __future__ import annotations

import contextlib
import re
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from medgguf.errors import InputError

IGNORE_INDEX = -100
_PROBE_ANSWER = "medgguf-probe-answer-7f3a"


class TooLong(ValueError):
    """The example has more tokens than ``max_length``; the data stage drops such rows."""

    def __init__(self, length: int, max_length: int):
        super().__init__(f"{length} tokens, more than max_length {max_length}")
        self.length = length
        self.max_length = max_length


@dataclass(frozen=True)
class TemplateFacts:
    """What the data stage needs to know about a tokenizer's chat template, probed once."""

    accepts_system: bool
    end_of_turn_id: int
    end_of_turn_text: str


_facts: weakref.WeakKeyDictionary[object, TemplateFacts] = weakref.WeakKeyDictionary()


def with_system(system_prompt: str | None, turns: Sequence[dict]) -> list[dict]:
    head = [{"role": "system", "content": system_prompt}] if system_prompt else []
    return head + [dict(t) for t in turns if t["role"] != "system"]


def render(tokenizer, messages: Sequence[dict], *, add_generation_prompt: bool = False) -> str:
    """The conversation as the model sees it. Templates that refuse a system role (Llama 2 style
    ones that raise) get the system prompt folded into the first user message."""
    messages = list(messages)
    if messages and messages[0]["role"] == "system" and not template_facts(tokenizer).accepts_system:
        messages = _fold_system(messages)
    return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=add_generation_prompt)


def encode(tokenizer, messages: Sequence[dict], *, add_generation_prompt: bool = False) -> tuple[str, dict]:
    """The rendered conversation and its ids with character offsets, tokenized as the chat
    engine tokenizes a prompt: the template's scaffolding with its control tokens, each
    message's content as plain text (``split_special_tokens``), so a "<|eot_id|>" typed in a
    training row is never learned as an end of turn."""
    from medgguf.chat.template import segments

    controls = tokenizer.convert_ids_to_tokens(sorted(special_ids(tokenizer)))
    pieces = segments(
        lambda msgs: render(tokenizer, msgs, add_generation_prompt=add_generation_prompt), messages, controls
    )
    ids: list[int] = []
    offsets: list[tuple[int, int]] = []
    start = 0
    for text, control in pieces:
        encoded = tokenizer(
            text, add_special_tokens=False, split_special_tokens=not control, return_offsets_mapping=True
        )
        ids += encoded["input_ids"]
        offsets += [(start + begin, start + end) for begin, end in encoded["offset_mapping"]]
        start += len(text)
    return "".join(text for text, _ in pieces), {"input_ids": ids, "offset_mapping": offsets}


def template_facts(tokenizer) -> TemplateFacts:
    try:
        return _facts[tokenizer]
    except (KeyError, TypeError):
        pass
    facts = _probe(tokenizer)
    with contextlib.suppress(TypeError):  # an object that cannot be weakly referenced: probe each time
        _facts[tokenizer] = facts
    return facts


def _probe(tokenizer) -> TemplateFacts:
    if not getattr(tokenizer, "chat_template", None):
        raise InputError(
            "the tokenizer has no chat template", "pass a model whose tokenizer has one, or set model.chat_template"
        )
    turns = [{"role": "user", "content": "Hello?"}, {"role": "assistant", "content": _PROBE_ANSWER}]
    try:
        text = tokenizer.apply_chat_template([{"role": "system", "content": "Be brief."}, *turns], tokenize=False)
        accepts_system = "Be brief." in text
    except Exception:
        accepts_system = False
        try:
            text = tokenizer.apply_chat_template(
                _fold_system([{"role": "system", "content": "Be brief."}, *turns]), tokenize=False
            )
        except Exception as exc:  # jinja2's errors, or whatever the template's own code raises
            raise InputError(
                f"the tokenizer's chat template fails on a plain user/assistant exchange ({type(exc).__name__}: {exc})",
                "fix the template, or pass a working one with --chat-template FILE.jinja",
            ) from None
    if _PROBE_ANSWER not in text:
        raise InputError("the chat template drops the assistant's message", "use a chat model's template")
    tail = text[text.index(_PROBE_ANSWER) + len(_PROBE_ANSWER) :]
    special = special_ids(tokenizer)
    for token_id in tokenizer(tail, add_special_tokens=False)["input_ids"]:
        if token_id in special:
            return TemplateFacts(accepts_system, token_id, tokenizer.decode([token_id]))
    marker = re.search(r"<[|｜][^<>]*[|｜]>|</s>|<end_of_turn>", tail)
    if marker:
        raise InputError(
            f"the chat template ends turns with {marker.group(0)!r}, which is not a special token "
            "in the tokenizer's vocabulary",
            "use the template that belongs to this tokenizer (--chat-template FILE.jinja)",
        )
    raise InputError(
        f"the chat template does not close the assistant's turn with a special token (it ends with {tail!r})",
        "use a template that ends each assistant turn with the end-of-turn/eos token, "
        "or the model will not learn to stop",
    )


def special_ids(tokenizer) -> set[int]:
    ids = set(getattr(tokenizer, "all_special_ids", []) or [])
    for token_id, token in (getattr(tokenizer, "added_tokens_decoder", {}) or {}).items():
        if getattr(token, "special", False):
            ids.add(int(token_id))
    return ids


def _fold_system(messages: list[dict]) -> list[dict]:
    system, rest = messages[0]["content"], [dict(m) for m in messages[1:]]
    if rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
    return rest


def assistant_spans(tokenizer, messages: Sequence[dict], text: str) -> list[tuple[int, int]]:
    """Character spans [start, end) in ``text`` of each assistant message plus its end-of-turn."""
    facts = template_facts(tokenizer)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for index, message in enumerate(messages):
        if message["role"] != "assistant":
            continue
        prefix = render(tokenizer, messages[:index], add_generation_prompt=True)
        search_from = max(cursor, len(prefix) if text.startswith(prefix) else cursor)
        content = message["content"].strip()
        start = text.find(content, search_from)
        if start < 0:
            raise InputError(
                "the chat template changes the assistant's text, so its tokens cannot be labelled",
                "use a template that copies message content through",
            )
        end = start + len(content)
        closing = text.find(facts.end_of_turn_text, end)
        if closing < 0 or text[end:closing].strip():
            raise InputError(
                f"the chat template does not put {facts.end_of_turn_text!r} right after the assistant's message",
                "use a template that closes every assistant turn",
            )
        spans.append((start, closing + len(facts.end_of_turn_text)))
        cursor = spans[-1][1]
    return spans


def encode_for_training(tokenizer, messages: list[dict], max_length: int | None = None) -> dict:
    """Token ids of the rendered conversation and labels that train only the assistant's turns.

    Raises TooLong (a ValueError) when the example is longer than ``max_length``: training never
    truncates, because truncation would cut off the end-of-turn token the model must learn.
    """
    text, encoded = encode(tokenizer, messages)
    input_ids: list[int] = list(encoded["input_ids"])
    if max_length is not None and len(input_ids) > max_length:
        raise TooLong(len(input_ids), max_length)
    spans = assistant_spans(tokenizer, messages, text)
    labels = [IGNORE_INDEX] * len(input_ids)
    for position, (start, end) in enumerate(encoded["offset_mapping"]):
        # A token belongs to the answer when it overlaps an answer span; SentencePiece tokens that
        # carry the answer's leading space begin one character early.
        if end > start and any(start < span_end and end > span_start for span_start, span_end in spans):
            labels[position] = input_ids[position]
    return {"input_ids": input_ids, "labels": labels}


def token_lengths(
    tokenizer, texts: Sequence[str], *, batch_size: int = 256, on_batch: Callable[[int], None] | None = None
) -> list[int]:
    """Token counts of already-rendered texts, in batches (the tokenizer's fast path)."""
    lengths: list[int] = []
    # The Rust tokenizer's encode_batch_fast skips the character offsets nobody needs here (~15% faster).
    backend = getattr(tokenizer, "backend_tokenizer", None)
    fast = getattr(backend, "encode_batch_fast", None)
    for first in range(0, len(texts), batch_size):
        batch = list(texts[first : first + batch_size])
        if fast is not None:
            lengths.extend(len(e.ids) for e in fast(batch, add_special_tokens=False))
        else:
            ids = tokenizer(batch, add_special_tokens=False, return_attention_mask=False)["input_ids"]
            lengths.extend(len(i) for i in ids)
        if on_batch:
            on_batch(len(batch))
    return lengths
