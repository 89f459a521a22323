"""`FactExtractor`: entities and money facts of whole documents.

    extractor = FactExtractor(Tagger.from_pretrained("runs/e5-small"))   # or tagger.extract(texts)
    for fact in extractor.extract([article])[0].facts:
        print(fact.type, fact.amount.value, fact.company and fact.company.value)

A text is a document (sentences end at ``.``/``؟``/``!`` and at line breaks); the company or
period of a fact may be found in an earlier sentence of it (:mod:`arabic_ie.inference.linker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Sequence

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import Fact
from arabic_ie.inference.linker import link_facts

if TYPE_CHECKING:
    from arabic_ie.inference.tagger import BaseTagger


@dataclass(frozen=True)
class Extraction:
    """What one text holds: its entities and the money facts they make."""

    entities: list[Entity]
    facts: list[Fact]

    def to_dict(self) -> dict[str, Any]:
        return {"entities": [e.to_dict() for e in self.entities], "facts": [f.to_dict() for f in self.facts]}


class FactExtractor:
    """A tagger for the entities, a linker for the facts: the rule linker, or a trained one
    (:class:`arabic_ie.inference.learned_linker.LearnedLinker`, anything with ``link(text, entities)``)."""

    def __init__(self, tagger: "BaseTagger", linker=None):
        self.tagger = tagger
        self.linker = linker

    def link(self, text: str, entities: Sequence[Entity]) -> list[Fact]:
        """The facts that ``entities`` make in ``text``."""
        return self.linker.link(text, entities) if self.linker is not None else link_facts(text, entities)

    def extract(self, texts: Sequence[str], batch_size: int = 32, reference_date: date | None = None) -> list[Extraction]:
        """Entities and facts of each text, one :class:`Extraction` per input text, in input order."""
        if isinstance(texts, (str, bytes)):
            raise TypeError("extract() takes a list of texts, not one string: extract([text])")
        tagged = self.tagger.tag(texts, batch_size=batch_size, reference_date=reference_date)
        return [Extraction(entities, self.link(text, entities)) for text, entities in zip(texts, tagged)]
