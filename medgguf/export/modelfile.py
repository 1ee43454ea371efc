"""The Ollama Modelfile: FROM, TEMPLATE, PARAMETER stop, sampling, SYSTEM.

Ollama's Modelfile parser keeps a triple-quoted value verbatim (newlines included) and ends it at
the first ``\"\"\"``, so TEMPLATE and SYSTEM are written triple-quoted and must not contain three
double quotes in a row; `build_modelfile` refuses such text instead of writing a broken file.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from medgguf.errors import InputError
from medgguf.export.templates import ChatTemplate
from medgguf.llamacpp.binding import REPEAT_PENALTY_LAST_N as REPEAT_LAST_N


@dataclass(frozen=True)
class Sampling:
    """The recipe's sampling, as Ollama PARAMETERs (medgguf chat's defaults)."""

    temperature: float
    top_p: float
    top_k: int
    num_predict: int
    num_ctx: int
    repeat_penalty: float = 1.0  # written always: Ollama's own default (1.1) is not medgguf chat's
    dry_multiplier: float = 0.0  # medgguf chat's DRY; Ollama has no DRY parameter, so a comment says so


@dataclass(frozen=True)
class Modelfile:
    model_file: str  # FROM: a path relative to the Modelfile
    template: ChatTemplate
    stops: tuple[str, ...]
    sampling: Sampling
    system: str
    disclaimer: str
    title: str
    adapter_file: str | None = None
    comments: tuple[str, ...] = field(default_factory=tuple)

    def text(self) -> str:
        for what, value in (("TEMPLATE", self.template.go_template), ("SYSTEM", self.system)):
            if '"""' in value:
                raise InputError(
                    f"the Modelfile's {what} would contain three double quotes in a row, which "
                    "ends a Modelfile string early",
                    "remove them from the system prompt or template",
                )
        header = [
            f"# {self.title}",
            f"# Written by medgguf export on {time.strftime('%Y-%m-%d')}.",
            "#",
            *_comment_lines(f"Medical disclaimer: {self.disclaimer}"),
            "#",
            "# Create and run it:  ollama create MODEL -f Modelfile && ollama run MODEL",
            *_comment_lines(
                f"TEMPLATE: the GGUF's chat template ({self.template.family}) in Go template "
                "syntax, checked character for character against the GGUF's own rendering."
            ),
            *[line for note in self.template.notes for line in _comment_lines(note)],
            *[line for comment in self.comments for line in _comment_lines(comment)],
        ]
        body = [f"FROM ./{self.model_file}"]
        if self.adapter_file:
            body.append(f"ADAPTER ./{self.adapter_file}")
        body += ["", f'TEMPLATE """{self.template.go_template}"""', ""]
        for stop in self.stops:
            if '"' in stop or "\n" in stop:
                raise InputError(
                    f"the end-of-turn string {stop!r} cannot be written as a PARAMETER stop",
                    "write the Modelfile's stop parameters by hand",
                )
            body.append(f'PARAMETER stop "{stop}"')
        s = self.sampling
        body += [
            f"PARAMETER temperature {s.temperature:g}",
            f"PARAMETER top_p {s.top_p:g}",
            f"PARAMETER top_k {s.top_k}",
            f"PARAMETER num_predict {s.num_predict}",
            f"PARAMETER num_ctx {s.num_ctx}",
            f"PARAMETER repeat_penalty {s.repeat_penalty:g}",
            f"PARAMETER repeat_last_n {REPEAT_LAST_N}",
            *(
                _comment_lines(
                    f"medgguf chat also samples with DRY (multiplier {s.dry_multiplier:g}), which Ollama "
                    "does not offer: answers here may repeat themselves more than in medgguf chat."
                )
                if s.dry_multiplier
                else []
            ),
            "",
            f'SYSTEM """{self.system}"""',
            "",
        ]
        return "\n".join(header + [""] + body)


def _comment_lines(text: str, width: int = 98) -> list[str]:
    words, lines, line = text.split(), [], "#"
    for word in words:
        if len(line) + 1 + len(word) > width and line != "#":
            lines.append(line)
            line = "#"
        line += " " + word
    if line != "#":
        lines.append(line)
    return lines


def parse_modelfile(text: str) -> dict[str, list[str]]:
    """Commands and their values as Ollama's parser reads them (for tests and `--dry-run` checks):
    comments skipped, a triple-quoted value kept verbatim, a quoted one unquoted."""
    commands: dict[str, list[str]] = {}
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r\n":
            i += 1
        if i >= n:
            break
        if text[i] == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        j = i
        while j < n and text[j] not in " \t":
            j += 1
        name = text[i:j].upper()
        k = j
        while k < n and text[k] in " \t":
            k += 1
        if name == "PARAMETER":
            m = k
            while m < n and text[m] not in " \t":
                m += 1
            name = f"PARAMETER {text[k:m]}"
            k = m
            while k < n and text[k] in " \t":
                k += 1
        if text.startswith('"""', k):
            end = text.index('"""', k + 3)
            value, i = text[k + 3 : end], end + 3
        else:
            end = text.find("\n", k)
            end = n if end < 0 else end
            value, i = text[k:end].strip(), end
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
        commands.setdefault(name, []).append(value)
    return commands
