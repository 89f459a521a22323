"""Gold money facts in the authoring format: one ``>`` line per AMOUNT, under its sentence.

    أعلنت [علي بابا](COMPANY) أنها ستنفق [380 مليار يوان](AMOUNT) خلال [السنوات الثلاث المقبلة](PERIOD).
    > investment planned | 380 مليار يوان | علي بابا | السنوات الثلاث المقبلة | -

Fields: ``TYPE MODALITY``, the AMOUNT as written in the sentence above, then the COMPANY,
the PERIOD and the CHIPs (comma-separated) as written, each ``-`` when there is none (the
chips field may be left out). The company and the period are entities of the amount's
sentence or of the :data:`LOOKBACK` sentences before it (nearest first); chips are entities
of the amount's sentence. A document with fact lines gives every AMOUNT one (an amount that
is no spending, raising or earning of anyone is ``other``, with ``-`` for what it lacks).
In the JSONL splits a sentence's facts are ``"facts": [{"type", "modality", "amount":
{"start", "end"}, "company": {"id", "start", "end"} | null, "period": ... | null,
"chips": [...]}]``, each reference naming the record (sentence) that holds it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from arabic_ie.inference.facts import FACT_TYPES, LOOKBACK, MODALITIES
from arabic_ie.inference.problems import Problem

if TYPE_CHECKING:
    from arabic_ie.training.corpus import Document

NONE = "-"
_CHIP_SEPARATORS = re.compile(r"\s*[,،]\s*")


def record_id(doc_id: str, n: int) -> str:
    """The JSONL id of sentence ``n`` of a document."""
    return f"{doc_id}-{n:02d}"


def resolve_facts(doc: "Document", ids: list[str] | None = None) -> list[Problem]:
    """Turn the ``>`` lines of ``doc`` into ``sentence.facts`` dicts; every problem with its file and line.

    ``ids`` are the record ids of the sentences (default ``<doc-id>-NN``)."""
    ids = ids or [record_id(doc.doc_id, n) for n in range(len(doc.sentences))]
    problems: list[Problem] = []
    has_facts = any(s.fact_lines for s in doc.sentences)
    for k, sentence in enumerate(doc.sentences):
        amounts = [span for span in sentence.spans if span.label == "AMOUNT"]
        done: set[int] = set()
        for line, raw in sentence.fact_lines:
            fact, found = _parse_line(doc, ids, k, raw, line, amounts, done)
            problems.extend(found)
            if fact is not None:
                sentence.facts.append(fact)
        if has_facts:
            for n, span in enumerate(amounts):
                if n not in done:
                    problems.append(Problem(doc.path, sentence.line, "AMOUNT has no fact line (a document with facts "
                                            "gives every AMOUNT a `>` line under its sentence)", record_id=doc.doc_id,
                                            text=sentence.text[span.start:span.end]))
    return problems


def _parse_line(doc: "Document", ids: list[str], k: int, raw: str, line: int, amounts: list, done: set[int]):
    def problem(message: str, text: str = raw) -> tuple[None, list[Problem]]:
        return None, [Problem(doc.path, line, message, record_id=doc.doc_id, text=text)]

    fields = [f.strip() for f in raw.lstrip(">").split("|")]
    if len(fields) not in (4, 5):
        return problem("a fact line is `> TYPE MODALITY | amount | company | period | chips` (use - for none)")
    head = fields[0].split()
    if len(head) != 2 or head[0] not in FACT_TYPES or head[1] not in MODALITIES:
        return problem(f"the first field is TYPE MODALITY: TYPE one of {', '.join(FACT_TYPES)}, "
                       f"MODALITY one of {', '.join(MODALITIES)}", fields[0])
    sentence = doc.sentences[k]
    matches = [n for n, span in enumerate(amounts) if sentence.text[span.start:span.end] == fields[1] and n not in done]
    if not matches:
        return problem("no AMOUNT of the sentence above is written like this (or it has a fact line already)", fields[1])
    n = matches[0]
    done.add(n)
    fact = {"type": head[0], "modality": head[1],
            "amount": {"start": amounts[n].start, "end": amounts[n].end}, "company": None, "period": None, "chips": []}
    for key, label, surface in (("company", "COMPANY", fields[2]), ("period", "PERIOD", fields[3])):
        if surface == NONE:
            continue
        ref = _find(doc, ids, k, label, surface, LOOKBACK)
        if ref is None:
            return problem(f"no {label} written like this in the sentence above or the {LOOKBACK} before it", surface)
        fact[key] = ref
    chips = fields[4] if len(fields) == 5 else NONE
    for surface in ([] if chips in (NONE, "") else _CHIP_SEPARATORS.split(chips)):
        ref = _find(doc, ids, k, "CHIP", surface, 0)
        if ref is None:
            return problem("no CHIP written like this in the sentence above", surface)
        fact["chips"].append(ref)
    return fact, []


def _find(doc: "Document", ids: list[str], k: int, label: str, surface: str, lookback: int) -> dict | None:
    """The nearest ``label`` entity written as ``surface`` in sentence ``k`` or the ``lookback`` before it."""
    for j in range(k, max(-1, k - lookback - 1), -1):
        sentence = doc.sentences[j]
        for span in sentence.spans:
            if span.label == label and sentence.text[span.start:span.end] == surface:
                return {"id": ids[j], "start": span.start, "end": span.end}
    return None


def fact_line(fact: dict, texts: dict[str, str], own_id: str) -> str:
    """The ``>`` line of a record's fact (the inverse of the parser); ``texts`` maps record ids to texts."""
    def surface(ref: dict | None) -> str:
        return NONE if ref is None else texts[ref.get("id", own_id)][ref["start"]:ref["end"]]

    chips = ", ".join(surface(c) for c in fact["chips"]) or NONE
    return (f"> {fact['type']} {fact['modality']} | {surface(fact['amount'])} | {surface(fact['company'])} | "
            f"{surface(fact['period'])} | {chips}")
