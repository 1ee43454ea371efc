"""What a schema module declares: its name, the columns that identify it, and a row converter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from medgguf.data.records import Example


@dataclass(frozen=True)
class Schema:
    name: str
    column_sets: tuple[frozenset[str], ...]
    """Any one of these column sets identifies the schema (e.g. PubMedQA's file and hub forms)."""
    convert: Callable[[dict], Example]
    """Raw row -> Example, or RowDropped. Texts come back uncleaned; the stage cleans them."""
    description: str
    mcq: bool = False

    def matches(self, columns: set[str]) -> bool:
        return any(required <= columns for required in self.column_sets)

    def expects(self) -> str:
        return " or ".join("{" + ", ".join(sorted(s)) + "}" for s in self.column_sets)


def columns(*names: str) -> frozenset[str]:
    return frozenset(names)
