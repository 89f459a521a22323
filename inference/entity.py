"""The result type of tagging: one entity with its offsets, score and normalised value."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Entity:
    """An entity found in a text; ``text == input[start:end]`` always holds."""

    label: str
    text: str
    start: int
    end: int
    score: float
    value: dict[str, Any] | None = None

    @classmethod
    def from_span(cls, label: str, text: str, start: int, end: int, score: float,
                  reference_date: date | None = None) -> "Entity":
        """The entity ``text[start:end]`` with its value; invisible marks at its edges are left outside."""
        from arabic_ie.inference.arabic import trim_invisible
        from arabic_ie.inference.values import entity_value

        start, end = trim_invisible(text, start, end)
        surface = text[start:end]
        return cls(label, surface, start, end, score, entity_value(label, surface, reference_date))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)
