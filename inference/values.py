"""Normalised values of entities (amounts, periods, canonical names)."""

from __future__ import annotations

from datetime import date
from typing import Any


def entity_value(label: str, text: str, reference_date: date | None = None) -> dict[str, Any] | None:
    """The normalised value of an entity, or None when it cannot be read."""
    return None
