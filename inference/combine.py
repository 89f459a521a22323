"""Checking a model's company names against the rule baseline's gazetteers (``rule_names``).

On real news the model takes many person, place and institution names for companies, while the
rules' names (gazetteers of the train split, and their cues) are precise. A model COMPANY is kept
when the rules find the same span or the model is confident of it; a rule COMPANY or CHIP that
overlaps no model entity is added. Measured on realnews-dev and our dev split
(``python benchmarks/ensemble.py``; README, "Real news").
"""

from __future__ import annotations

from typing import Sequence

from arabic_ie.inference.entity import Entity

NAME_LABELS = ("COMPANY", "CHIP")
CONFIDENT = 0.9  # chosen on realnews-dev and our dev split (0.8, 0.9, 0.95, 0.99 tried)


def check_names(model: Sequence[Entity], rules: Sequence[Entity], confident: float = CONFIDENT) -> list[Entity]:
    """The model's entities with unconfirmed, unconfident COMPANYs dropped and the rules' other names added."""
    same = {(e.start, e.end, e.label) for e in rules}
    kept = [e for e in model if e.label != "COMPANY" or e.score >= confident or (e.start, e.end, e.label) in same]
    added = [r for r in rules if r.label in NAME_LABELS and not any(r.start < e.end and e.start < r.end for e in model)]
    return sorted(kept + added, key=lambda e: e.start)
