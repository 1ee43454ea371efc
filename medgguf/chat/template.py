"""The GGUF's own chat template, rendered in a sandbox: the one renderer behind chat, ask, serve,
verify, the quality table and export's checks, so every answer medgguf gives or reports came from
the prompt a user's chat sends.

Training renders through the HF tokenizer's template instead (data/format.py); verify proves
the two give the same ids.
"""

from __future__ import annotations

import json
import time
from typing import Any

from medgguf.errors import InputError


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
        return str(
            self._template.render(
                messages=messages,
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        )


def _raise_exception(message: str) -> None:
    raise InputError(
        f"the model's chat template refused the conversation: {message}",
        "check the roles: system first, then alternating user and assistant",
    )


def _tojson(value: Any, indent: int | None = None) -> str:
    return json.dumps(value, ensure_ascii=False, indent=indent)
