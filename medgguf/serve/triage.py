"""The red-flag check as serve calls it: the one place that names the rule module.

Every user message a request asks the model to answer goes through ``red_flag_notice``; when it
returns a Notice, the server sends that notice before any model token (a response field, the
first stream chunk, a box above the answer on the page). Only emergencies raise it:
the urgent level stays with the chat and ask commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from medgguf.chat import triage as _rules


@dataclass(frozen=True)
class Notice:
    headline: str
    text: str  # plain text, several lines: what the user should do now
    categories: tuple[str, ...]  # stable ids: chest_pain, stroke, ...

    def as_dict(self) -> dict:
        return {"emergency": True, "headline": self.headline, "notice": self.text, "categories": list(self.categories)}

    def markdown(self) -> str:
        """The notice as a Markdown block quote, for clients that show only the message content."""
        lines = self.text.splitlines()
        return "\n".join([f"> **⚠ {lines[0]}**", *[f"> {line}" for line in lines[1:]]]) + "\n\n"


def red_flag_notice(message: str) -> Notice | None:
    """The emergency notice for ``message``, or None when it describes no emergency."""
    result = _rules.triage(message)
    if not result.is_emergency:
        return None
    return Notice(headline=_rules.EMERGENCY_HEADLINE, text=_rules.notice(result), categories=tuple(result.categories))


def disclaimer() -> str:
    return _rules.DISCLAIMER
