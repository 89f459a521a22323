"""The result type of tagging: one entity with its offsets, score and normalised value."""

from __future__ import annotations

from dataclasses import asdict, dataclass
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return asdict(self)
