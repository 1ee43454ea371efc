"""The red-flag check as serve calls it: the one place that names the rule module.

Every user message a request asks the model to answer goes through ``red_flag_notice``; when it
returns a Notice, the server sends that notice before any model token (a response field, the
first stream chunk, a box above the answer on the page). To move to another rule module, change
the import below: nothing else in medgguf.serve knows where the rules live.
"""
from __future__ import annotations

from dataclasses import dataclass

from medgguf import safety as _rules   # the one line to change when the triage module moves


@dataclass(frozen=True)
class Notice:
    headline: str
    text: str                     # plain text, several lines: what the user should do now
    categories: tuple[str, ...]   # stable ids: chest_pain, stroke, ...

    def as_dict(self) -> dict:
        return {"emergency": True, "headline": self.headline, "notice": self.text,
                "categories": list(self.categories)}

    def markdown(self) -> str:
        """The notice as a Markdown block quote, for clients that show only the message content."""
        lines = self.text.splitlines()
        return "\n".join([f"> **⚠ {lines[0]}**", *[f"> {line}" for line in lines[1:]]]) + "\n\n"


def red_flag_notice(message: str) -> Notice | None:
    """The emergency notice for ``message``, or None when it describes no emergency."""
    flags = _rules.detect_red_flags(message)
    if not flags:
        return None
    return Notice(headline=_rules.EMERGENCY_HEADLINE, text=_rules.emergency_notice(flags),
                  categories=tuple(flag.category for flag in flags))


def disclaimer() -> str:
    return _rules.DISCLAIMER
