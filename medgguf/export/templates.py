"""A GGUF's Jinja chat template, written as an Ollama TEMPLATE in Go's text/template syntax.

Ollama renders a Modelfile's TEMPLATE with Go's ``text/template`` and these values: ``.Messages``
(every message of the conversation, the system message included, each with ``.Role`` and
``.Content``), ``.System`` (the system messages joined) and ``.Tools``. The system message is the
Modelfile's SYSTEM unless the request starts with its own.

medgguf never translates Jinja in general. It knows two template families, and for each one a
model with a few parameters that it reads off the GGUF's own template by rendering it:

- ChatML (SmolLM2, Qwen, ...): ``<|im_start|>ROLE\\nCONTENT<|im_end|>\\n`` per message, an optional
  default system message when the conversation has none;
- Llama 3 (3.0, 3.1, 3.2, 3.3): ``<|start_header_id|>ROLE<|end_header_id|>\\n\\nCONTENT<|eot_id|>``,
  a system block that may always be present and may begin with a fixed preamble (3.1+ write
  "Cutting Knowledge Date: ...\\nToday Date: ...\\n\\n" there).

The family's model is then checked against the GGUF's template on a set of probe conversations
(with and without a system message, several turns, Markdown, other scripts, inner newlines); a
single differing character and the export stops with a clear message instead of writing a wrong
template. The Go text is the same model written for text/template, and the test suite renders it
with a real Go toolchain and compares it with the Hugging Face rendering.

Known limits, each stated where it matters: Go's text/template has no string functions, so the
Llama 3 templates' ``| trim`` of each message cannot be reproduced (probes use trimmed text; a
message with leading or trailing whitespace keeps it under Ollama), and Llama 3.1+'s
"Today Date" line is fixed at the export date (Ollama's ``currentDate`` helper writes ISO dates,
not the template's "25 Nov 2026").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from medgguf.errors import InputError

SUPPORTED_FAMILIES = ("ChatML", "Llama 3")

# Probe conversations: what the family model must reproduce exactly, character for character.
_PROBES: tuple[tuple[dict, ...], ...] = (
    ({"role": "user", "content": "What is a fever?"},),
    (
        {"role": "system", "content": "You are a careful medical assistant."},
        {"role": "user", "content": "What is a fever?"},
    ),
    (
        {"role": "system", "content": "Answer briefly."},
        {"role": "user", "content": "I have a **headache**\nand a cough."},
        {"role": "assistant", "content": "Rest, drink fluids.\n\n- paracetamol 500 mg\n- see a doctor if it lasts"},
        {"role": "user", "content": "Und Fieber, 39 °C? 发烧怎么办"},
        {"role": "assistant", "content": "Call a doctor: 39 °C is high."},
        {"role": "user", "content": "Thanks!"},
    ),
    (
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello. How can I help?"},
        {"role": "user", "content": "Is ibuprofen safe with asthma?"},
    ),
)


@dataclass(frozen=True)
class ChatTemplate:
    """A supported family with the parameters read off a GGUF's template."""

    family: str  # "ChatML" or "Llama 3"
    go_template: str  # the Ollama TEMPLATE
    end_of_turn: str  # the string that closes every turn
    prefix: str = ""  # text the Go template writes first (a BOS the tokenizer does not add)
    notes: tuple[str, ...] = ()  # what a reader of the Modelfile should know (pinned date, trimming)
    render: Callable[[list[dict]], str] | None = None  # the family model: messages -> prompt text


def _go_string(text: str, *, trim_left: bool = False) -> str:
    """``text`` as a Go template action that prints it verbatim (a quoted string constant), so no
    character of it is read as template syntax and no newline of it can be trimmed away."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    )
    return ("{{- " if trim_left else "{{ ") + '"' + escaped + '" }}'


# ---------------------------------------------------------------------------------------------
# ChatML


def _chatml(default_system: str | None, prefix: str) -> ChatTemplate:
    def render(messages: list[dict]) -> str:
        out = [prefix]
        if default_system is not None and (not messages or messages[0]["role"] != "system"):
            out.append(f"<|im_start|>system\n{default_system}<|im_end|>\n")
        out += [f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages]
        out.append("<|im_start|>assistant\n")
        return "".join(out)

    lines = [_go_string(prefix, trim_left=True)] if prefix else []
    if default_system is not None:
        lines += [
            '{{- $hasSystem := false }}{{ if .Messages }}{{ if eq (index .Messages 0).Role "system" }}'
            "{{ $hasSystem = true }}{{ end }}{{ end }}",
            "{{- if not $hasSystem }}<|im_start|>system\n" + _go_string(default_system) + "<|im_end|>\n{{ end }}",
        ]
    lines += [
        "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n"
    ]
    return ChatTemplate(
        family="ChatML", go_template="\n".join(lines), end_of_turn="<|im_end|>", prefix=prefix, render=render
    )


def _derive_chatml(render_gguf: Callable[[list[dict]], str], prefix: str) -> ChatTemplate | None:
    alone = render_gguf([{"role": "user", "content": "What is a fever?"}])
    default_system = None
    head = "<|im_start|>system\n"
    if alone.startswith(head):
        end = alone.find("<|im_end|>\n", len(head))
        if end < 0:
            return None
        default_system = alone[len(head) : end]
    return _chatml(default_system, prefix)


# ---------------------------------------------------------------------------------------------
# Llama 3

_HEADER = "<|start_header_id|>{role}<|end_header_id|>\n\n"
_EOT = "<|eot_id|>"


def _llama3(preamble: str, always_system: bool, prefix: str, notes: tuple[str, ...]) -> ChatTemplate:
    def render(messages: list[dict]) -> str:
        out = [prefix]
        rest = list(messages)
        system = None
        if rest and rest[0]["role"] == "system":
            system = rest.pop(0)["content"]
        if always_system or system is not None:
            out.append(_HEADER.format(role="system") + preamble + (system or "") + _EOT)
        out += [_HEADER.format(role=m["role"]) + m["content"] + _EOT for m in rest]
        out.append(_HEADER.format(role="assistant"))
        return "".join(out)

    first_is_system = (
        '{{- $start := 0 }}{{ $system := "" }}{{ if .Messages }}'
        '{{ if eq (index .Messages 0).Role "system" }}'
        "{{ $start = 1 }}{{ $system = (index .Messages 0).Content }}{{ end }}{{ end }}"
    )
    system_block = (
        "<|start_header_id|>system<|end_header_id|>\n\n"
        + (_go_string(preamble) if preamble else "")
        + "{{ $system }}<|eot_id|>"
    )
    lines = [first_is_system]
    if prefix:
        lines.append(_go_string(prefix, trim_left=True))
    if always_system:
        lines.append("{{- /* this template always writes the system block */}}" + system_block)
    else:
        lines.append("{{- if eq $start 1 }}" + system_block + "{{ end }}")
    lines.append(
        "{{- range $i, $m := .Messages }}{{ if ge $i $start }}"
        "<|start_header_id|>{{ $m.Role }}<|end_header_id|>\n\n{{ $m.Content }}<|eot_id|>"
        "{{ end }}{{ end }}<|start_header_id|>assistant<|end_header_id|>\n\n"
    )
    return ChatTemplate(
        family="Llama 3", go_template="\n".join(lines), end_of_turn=_EOT, prefix=prefix, notes=notes, render=render
    )


def _derive_llama3(render_gguf: Callable[[list[dict]], str], prefix: str) -> ChatTemplate | None:
    system_header = _HEADER.format(role="system")
    alone = render_gguf([{"role": "user", "content": "What is a fever?"}])
    if alone.startswith(system_header):
        always_system = True
        end = alone.find(_EOT, len(system_header))
        if end < 0:
            return None
        preamble = alone[len(system_header) : end]
    else:
        always_system = False
        marker = "You are a careful medical assistant."
        with_system = render_gguf(
            [{"role": "system", "content": marker}, {"role": "user", "content": "What is a fever?"}]
        )
        if not with_system.startswith(system_header) or marker not in with_system:
            return None
        preamble = with_system[len(system_header) : with_system.index(marker)]
    notes = [
        "Llama 3 templates strip whitespace around each message; Go templates cannot, so send "
        "messages without leading or trailing whitespace (Ollama's clients do)."
    ]
    today = time.strftime("%d %b %Y")
    if today in preamble:
        notes.append(
            f"The template writes today's date into the system block; Ollama cannot format a date "
            f"that way, so this TEMPLATE pins the export date ({today}). Export again to renew it."
        )
    return _llama3(preamble, always_system, prefix, tuple(notes))


# ---------------------------------------------------------------------------------------------
# Detection


def precheck(chat_template: str, *, source: str = "the GGUF") -> None:
    """Refuse at once a template that has no marker of a supported family (before anything is loaded)."""
    if "<|im_start|>" not in chat_template and "<|start_header_id|>" not in chat_template:
        raise _unsupported(source, "it is neither ChatML nor Llama 3")


def go_template_for(
    chat_template: str, *, bos_text: str = "", adds_bos: bool = True, source: str = "the GGUF"
) -> ChatTemplate:
    """The Ollama TEMPLATE equivalent to ``chat_template`` (Jinja), or an InputError.

    ``bos_text`` is the BOS token's text; when the tokenizer adds BOS itself (``adds_bos``, the
    GGUF's tokenizer.ggml.add_bos_token), a template's leading BOS is left to the tokenizer, as
    llama.cpp does, and the Go template does not write it.
    """
    from medgguf.chat.template import compile_template  # the chat engine's sandboxed Jinja, with HF's helpers

    compiled = compile_template(chat_template)
    # The template's bos_token is rendered as a sentinel, so a BOS the template writes through the
    # variable is told apart from a literal that happens to be the same text (SmolLM2's BOS is
    # <|im_start|>, which also opens every ChatML turn).
    sentinel = "\x00medgguf-bos\x00"

    def render_raw(messages: list[dict]) -> str:
        return compiled.render(
            messages=[dict(m) for m in messages], add_generation_prompt=True, bos_token=sentinel, eos_token=""
        )

    try:
        first = render_raw([{"role": "user", "content": "What is a fever?"}])
    except Exception as exc:
        raise _unsupported(source, f"it does not render a plain question ({exc})") from None
    # A leading BOS is the tokenizer's to add when the GGUF says so (as llama.cpp and Ollama do);
    # otherwise the Go template writes it.
    prefix = bos_text if first.startswith(sentinel) and not adds_bos else ""

    def render_gguf(messages: list[dict]) -> str:
        text = render_raw(messages)
        if text.startswith(sentinel):
            text = text[len(sentinel) :]
        if sentinel in text:
            raise ValueError("the template writes BOS inside the conversation")
        return text

    candidates = []
    if "<|im_start|>" in chat_template:
        candidates.append(lambda: _derive_chatml(render_gguf, prefix))
    if "<|start_header_id|>" in chat_template:
        candidates.append(lambda: _derive_llama3(render_gguf, prefix))
    for derive in candidates:
        try:
            candidate = derive()
        except Exception:
            candidate = None
        if candidate is not None and _matches(candidate, render_gguf, prefix):
            return candidate
    raise _unsupported(
        source, "it is neither ChatML nor Llama 3, or it differs from them in a way a Go template cannot reproduce"
    )


def _matches(candidate: ChatTemplate, render_gguf: Callable[[list[dict]], str], prefix: str) -> bool:
    for probe in _PROBES:
        messages = [dict(m) for m in probe]
        try:
            expected = render_gguf(messages)
        except Exception:
            return False
        assert candidate.render is not None
        # The family model writes the prefix itself; render_gguf stripped the BOS it started with.
        if candidate.render(messages) != prefix + expected:
            return False
    return True


def _unsupported(source: str, why: str) -> InputError:
    return InputError(
        f"the chat template of {source} cannot be written as an Ollama TEMPLATE: {why}; medgguf writes "
        f"Go templates for {' and '.join(SUPPORTED_FAMILIES)} only, never a guessed one",
        "export with --to lmstudio or --to release (they use the GGUF's own template), or write the "
        "Modelfile's TEMPLATE by hand",
    )
