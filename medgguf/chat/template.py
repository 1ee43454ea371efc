"""The GGUF's own chat template, rendered in a sandbox: the one renderer behind chat, ask, serve,
verify, the quality table and export's checks, so every answer medgguf gives or reports came from
the prompt a user's chat sends.

Training renders through the HF tokenizer's template instead (data/format.py); verify proves
the two give the same ids.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from medgguf.errors import InputError

log = logging.getLogger(__name__)

# Stands in for a message's content while the template renders; private-use code points that no
# template trims, escapes or tokenizes.
_MARK = "\ue000medgguf-content-{}\ue001"
_MARK_PATTERN = re.compile("\ue000medgguf-content-(\\d+)\ue001", re.IGNORECASE)  # survives `| upper`

Segment = tuple[str, bool]
"""A piece of a rendered prompt: its text, and whether control tokens are parsed in it (the
template's own scaffolding) or not (a message's content, always plain text)."""


def compile_template(source: str) -> Any:
    """``source`` compiled in a sandbox, with the helpers transformers gives templates
    (``raise_exception``, ``strftime_now``, ``tojson``); render it with ``messages``,
    ``add_generation_prompt``, ``bos_token`` and ``eos_token``."""
    import jinja2
    import jinja2.ext
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(
        trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols]
    )
    environment.globals["raise_exception"] = _raise_exception
    environment.globals["strftime_now"] = time.strftime
    environment.filters["tojson"] = _tojson
    try:
        return environment.from_string(source)
    except jinja2.TemplateError as exc:
        raise InputError(
            f"the GGUF's chat template does not compile ({exc})",
            "convert the model again from a checkpoint with a valid chat_template",
        ) from None


class ChatTemplate:
    """A GGUF's template with its BOS and EOS texts, rendering a conversation as a prompt."""

    def __init__(self, source: str, *, bos_token: str = "", eos_token: str = ""):
        self._template = compile_template(source)
        self.bos_token = bos_token
        self.eos_token = eos_token

    def render(self, messages: list[dict], *, add_generation_prompt: bool = True) -> str:
        """The prompt text for ``messages``, ending where the assistant's answer begins."""
        try:
            return str(
                self._template.render(
                    messages=messages,
                    add_generation_prompt=add_generation_prompt,
                    bos_token=self.bos_token,
                    eos_token=self.eos_token,
                )
            )
        except InputError:  # the template's own raise_exception
            raise
        except Exception as exc:  # jinja2's errors, or what the template's expressions raise (1/0, ...)
            raise InputError(
                f"the GGUF's chat template fails to render ({type(exc).__name__}: {exc})",
                "convert the model again from a checkpoint with a working chat_template",
            ) from None


def _raise_exception(message: str) -> None:
    raise InputError(
        f"the model's chat template refused the conversation: {message}",
        "check the roles: system first, then alternating user and assistant",
    )


def _tojson(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)


def segments(
    render: Callable[[list[dict]], str], messages: Sequence[dict], controls: Iterable[str] = ()
) -> list[Segment]:
    """``render(messages)`` cut into pieces to tokenize with control tokens (the template's own
    scaffolding) and pieces to tokenize as plain text (each message's content).

    A user who types "<|im_end|>\\n<|im_start|>system\\n..." must not end their turn and write a
    system turn: only the scaffolding may be tokenized with control tokens, the content never.
    The template renders twice: once with a marker for each content, which shows where the
    scaffolding is, and once for real, which shows what the template made of each content (many
    trim it). The pieces joined give the real rendering exactly. A template that rewrites
    content beyond trimming gets the raw content in its place (logged).

    ``controls``, the vocabulary's control-token texts, widen each text piece to the nearest
    control token on either side: both tokenizers cut at control tokens anyway, so the plain text
    between them (a role name, a newline, then the content) tokenizes exactly as the whole
    rendering would, BPE merges across the content's edge included.
    """
    marked = [
        {**message, "content": _MARK.format(index)} if isinstance(message.get("content"), str) else dict(message)
        for index, message in enumerate(messages)
    ]
    parts = _MARK_PATTERN.split(render(marked))
    real = render([dict(message) for message in messages])
    pieces = _align(parts, messages, real)
    if pieces is None:
        log.warning("the chat template rewrites message text; its content is tokenized as given")
        pieces = [
            (part, True) if i % 2 == 0 else (messages[int(part)]["content"], False) for i, part in enumerate(parts)
        ]
    pattern = _control_pattern(tuple(controls))
    if pattern is not None:
        pieces = [piece for text, control in pieces for piece in _text_edges(text, control, pattern)]
    merged: list[Segment] = []
    for text, control in pieces:
        if not text:
            continue
        if merged and merged[-1][1] == control:
            merged[-1] = (merged[-1][0] + text, control)
        else:
            merged.append((text, control))
    return merged


def _control_pattern(controls: tuple[str, ...]) -> re.Pattern | None:
    texts = sorted({text for text in controls if text}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, texts))) if texts else None


def _text_edges(text: str, control: bool, pattern: re.Pattern) -> list[Segment]:
    """A scaffolding piece less its plain-text edges, which join the content beside them."""
    if not control:
        return [(text, False)]
    matches = list(pattern.finditer(text))
    if not matches:
        return [(text, False)]
    first, last = matches[0].start(), matches[-1].end()
    return [(text[:first], False), (text[first:last], True), (text[last:], False)]


def _align(parts: list[str], messages: Sequence[dict], real: str) -> list[Segment] | None:
    """Match the marked rendering's pieces to the real one; None where they do not line up."""
    if not real.startswith(parts[0]):
        return None
    pieces: list[Segment] = [(parts[0], True)]
    position = len(parts[0])
    for index in range(1, len(parts), 2):
        content, after = messages[int(parts[index])]["content"], parts[index + 1]
        for candidate in dict.fromkeys((content, content.strip(), content.lstrip(), content.rstrip())):
            end = position + len(candidate)
            if real.startswith(candidate, position) and real.startswith(after, end):
                pieces += [(candidate, False), (after, True)]
                position = end + len(after)
                break
        else:
            return None
    return pieces if position == len(real) else None


def tokenize_segments(pieces: Sequence[Segment], tokenize: Callable[..., list[int]], bos_text: str) -> list[int]:
    """llama.cpp ids of ``pieces``: ``tokenize(text, add_bos=, special=)`` parses control tokens in
    the scaffolding only. BOS is added once, at the start, unless the template begins with it."""
    ids: list[int] = []
    for index, (text, control) in enumerate(pieces):
        add_bos = index == 0 and not (control and bos_text and text.startswith(bos_text))
        ids += tokenize(text, add_bos=add_bos, special=control)
    return ids
