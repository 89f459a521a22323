"""Money facts: who spends, raises or earns how much, and when (the schema of ``data/README.md``).

A fact is one AMOUNT with its ``type``, its ``modality``, the COMPANY it belongs to, the PERIOD
it refers to and the CHIPs it is about. The company and the period may sit in an earlier
sentence of the same document, at most :data:`LOOKBACK` sentences before the amount's (the
headline counts as a sentence); the chips are those of the amount's sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from arabic_ie.inference.arabic import fold
from arabic_ie.inference.entity import Entity

# investment: capex, spending, budgets, investing in something; funding: money raised;
# revenue: revenue, profit, sales; deal: the value of a purchase, order, contract or acquisition;
# valuation: market value or valuation; other: any other amount (a price, a market size, a fine).
FACT_TYPES: tuple[str, ...] = ("investment", "funding", "revenue", "deal", "valuation", "other")
# planned: announced for the future; done: spent, raised or earned; reported: estimated or reported by others.
MODALITIES: tuple[str, ...] = ("planned", "done", "reported")
LOOKBACK = 6  # how many sentences before the amount's the company or period may be (the headline counts)


def company_key(entity: Entity | None) -> str | None:
    """How two companies are compared: the canonical name, folded (the text when it has none); None for none."""
    return None if entity is None else fold((entity.value or {}).get("name") or entity.text)


@dataclass(frozen=True)
class Fact:
    """One money fact of a text; entities carry their offsets in the text and their values."""

    amount: Entity
    type: str
    modality: str
    company: Entity | None = None
    period: Entity | None = None
    chips: tuple[Entity, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: each entity as :meth:`Entity.to_dict`, or None."""
        return {
            "type": self.type,
            "modality": self.modality,
            "amount": self.amount.to_dict(),
            "company": self.company.to_dict() if self.company else None,
            "period": self.period.to_dict() if self.period else None,
            "chips": [c.to_dict() for c in self.chips],
        }
