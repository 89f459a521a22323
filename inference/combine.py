"""Combining the model with the rule baseline: company names checked against the rules' gazetteers
(``rule_names``), amounts taken from the rules (``rule_amounts``), or the rules' edges for a company or
period the model found a part of (``rule_edges``).

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


def rule_edges(model: Sequence[Entity], rules: Sequence[Entity],
               labels: Sequence[str] = ("COMPANY", "PERIOD")) -> list[Entity]:
    """The model's entities, each of ``labels`` that lies inside a longer rule entity of its label (which
    overlaps no other model entity) widened to the rule's edges: ``سنة 2015`` → ``لنفس الفترة من سنة 2015``
    (the period grammar reads the anaphoric phrase), ``البنك العربي`` → ``البنك العربي لتونس`` (a known name)."""
    out = []
    for e in model:
        if e.label in labels:
            wider = [r for r in rules if r.label == e.label and r.start <= e.start and e.end <= r.end
                     and r.end - r.start > e.end - e.start
                     and not any(o is not e and r.start < o.end and o.start < r.end for o in model)]
            if wider:
                e = max(wider, key=lambda r: r.end - r.start)
        out.append(e)
    return out


def rule_spans(model: Sequence[Entity], rules: Sequence[Entity], labels: Sequence[str] = ("AMOUNT",)) -> list[Entity]:
    """The model's entities with those of ``labels`` taken from the rules instead (a rule entity that
    overlaps a kept model entity is left out): the rules find amounts with the value readers' grammar."""
    kept = [e for e in model if e.label not in labels]
    added = [r for r in rules if r.label in labels and not any(r.start < e.end and e.start < r.end for e in kept)]
    return sorted(kept + added, key=lambda e: e.start)
