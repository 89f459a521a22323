"""Scoring money facts end to end: documents from gold JSONL, facts from raw text, compared by value.

A document is its sentences joined by line breaks (the tagger's sentence rule ends a sentence
there). A predicted fact counts when its amount span, type, company and period all match a gold
fact's: the company compared by canonical name, the period by its dates (or, for a relative
period without a reference date, by its text), never by surface. Per-slot accuracy is over the
gold facts whose amount the prediction found.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from arabic_ie.inference.arabic import fold
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import Fact, company_key
from arabic_ie.inference.linker import link_facts
from arabic_ie.training.gold import Record

SLOTS = ("type", "modality", "company", "period", "chips")


@dataclass
class FactDocument:
    """One gold document: its text, gold entities and gold facts, offsets in the joined text."""

    doc_id: str
    text: str
    entities: list[Entity]
    facts: list[Fact]


def fact_documents(records: Iterable[Record]) -> list[FactDocument]:
    """The documents whose records carry ``facts`` (the others have no fact labels), in file order."""
    grouped: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if "facts" in record.extra:
            grouped[record.extra.get("doc_id", record.id)].append(record)
    return [_document(doc_id, group) for doc_id, group in grouped.items()]


def _document(doc_id: str, records: list[Record]) -> FactDocument:
    text = "\n".join(r.text for r in records)
    base, pos = {}, 0
    for r in records:
        base[r.id] = pos
        pos += len(r.text) + 1
    entities = {}
    for r in records:
        for span in r.spans:
            start, end = base[r.id] + span.start, base[r.id] + span.end
            entities[(start, end)] = Entity.from_span(span.label, text, start, end, 1.0)

    def ref(rid: str, obj: dict[str, Any] | None) -> Entity | None:
        return None if obj is None else entities[(base[obj.get("id", rid)] + obj["start"], base[obj.get("id", rid)] + obj["end"])]

    facts = [Fact(ref(r.id, f["amount"]), f["type"], f["modality"], ref(r.id, f["company"]), ref(r.id, f["period"]),
                  tuple(ref(r.id, c) for c in f["chips"]))
             for r in records for f in r.extra["facts"]]
    return FactDocument(doc_id, text, sorted(entities.values(), key=lambda e: e.start), facts)


def period_key(entity: Entity | None) -> tuple | None:
    if entity is None:
        return None
    value = entity.value or {}
    if value.get("start") or value.get("end"):
        return value.get("start"), value.get("end"), value.get("granularity")
    return "relative", fold(value.get("relative") or entity.text)


def _slots(fact: Fact) -> dict[str, Any]:
    return {"type": fact.type, "modality": fact.modality, "company": company_key(fact.company),
            "period": period_key(fact.period), "chips": sorted(company_key(c) for c in fact.chips)}


def _key(fact: Fact) -> tuple:
    slots = _slots(fact)
    return fact.amount.start, fact.amount.end, slots["type"], slots["company"], slots["period"]


def score_facts(gold: Sequence[Sequence[Fact]], predicted: Sequence[Sequence[Fact]]) -> dict[str, Any]:
    """Fact P/R/F1 (amount span, type, company and period all right) and per-slot accuracy."""
    tp = n_gold = n_pred = found = 0
    right = dict.fromkeys(SLOTS, 0)
    for gold_facts, pred_facts in zip(gold, predicted):
        gold_keys = [_key(f) for f in gold_facts]
        pred_keys = [_key(f) for f in pred_facts]
        n_gold, n_pred = n_gold + len(gold_keys), n_pred + len(pred_keys)
        remaining = list(pred_keys)
        for key in gold_keys:
            if key in remaining:
                remaining.remove(key)
                tp += 1
        by_amount = {(f.amount.start, f.amount.end): f for f in pred_facts}
        for fact in gold_facts:
            guess = by_amount.get((fact.amount.start, fact.amount.end))
            if guess is None:
                continue
            found += 1
            want, got = _slots(fact), _slots(guess)
            for slot in SLOTS:
                right[slot] += want[slot] == got[slot]
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred,
            "amounts_found": found, "slot_accuracy": {s: right[s] / found if found else 0.0 for s in SLOTS}}


def evaluate_facts(tagger, records: Iterable[Record], batch_size: int = 32, linker=None) -> dict[str, Any]:
    """End to end (the tagger's entities, from raw text) and with the gold entities given; the rule
    linker, or ``linker`` (anything with ``link(text, entities)``)."""
    docs = fact_documents(records)
    gold = [d.facts for d in docs]
    link = linker.link if linker is not None else link_facts
    tagged = tagger.tag([d.text for d in docs], batch_size=batch_size) if docs else []
    return {
        "documents": len(docs),
        "end_to_end": score_facts(gold, [link(d.text, entities) for d, entities in zip(docs, tagged)]),
        "gold_entities": score_facts(gold, [link(d.text, d.entities) for d in docs]),
    }
