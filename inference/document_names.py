"""One document, one reading of each company name (``document_names``).

Real news names a company many times in one article, and the model reads each mention on its
own: it finds `شركة "هواوي"` and misses `هاتف هواوي P9` three sentences later, or takes
`هواوي P9` for one CHIP. A company name the model is confident of (score ≥ ``CONFIDENT``)
anywhere in a document is therefore tagged at its other mentions there (with or without a
proclitic: `لهواوي`), where they overlap no other entity; and a CHIP that starts with such a
name is split into the maker and the chip, as ANNOTATION.md has it (`إنفيديا H20` → COMPANY +
CHIP). Measured on realnews-dev and our dev split (README, "Real news").
"""

from __future__ import annotations

from typing import Sequence

from arabic_ie.inference.arabic import fold, glued_proclitic, proclitic_variants
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.words import Word, split_words, words_inside

CONFIDENT = 0.9  # chosen on realnews-dev and our dev split (0.5, 0.8, 0.9 and 0.95 tried)

Key = tuple[str, ...]


def entity_key(text: str) -> Key:
    """The folded words of a found name, its first word without a glued proclitic."""
    words = [w.text for w in split_words(text)]
    if not words:
        return ()
    words[0] = words[0][len(glued_proclitic(words[0])):] or words[0]
    return tuple(fold(w) for w in words)


def _known_at(words: Sequence[Word], i: int, n: int, names: dict[Key, float]) -> Key | None:
    """The known name that ``words[i:i+n]`` is, its first word with or without a proclitic; else None."""
    first, *rest = (w.text for w in words[i:i + n])
    tail = tuple(fold(w) for w in rest)
    return next((key for f in [first, *proclitic_variants(first)] if (key := (fold(f),) + tail) in names), None)


def _split_chip(text: str, words: list[Word], chip: Entity, names: dict[Key, float]) -> list[Entity]:
    """``[COMPANY, CHIP]`` for a CHIP whose first words are a known name and whose rest starts with a
    letter or digit (`هواوي P9`, `Nvidia H100`); ``[chip]`` otherwise."""
    inside = words_inside(words, chip.start, chip.end)
    for n in range(len(inside) - 1, 0, -1):
        first, rest = inside[0], inside[n]
        if words[rest].text[0].isalnum() and _known_at(words, first, n, names):
            return [Entity.from_span("COMPANY", text, words[first].start, words[rest - 1].end, chip.score),
                    Entity.from_span("CHIP", text, words[rest].start, chip.end, chip.score)]
    return [chip]


def _mentions(text: str, words: list[Word], found: list[Entity], names: dict[Key, float],
              lengths: list[int]) -> list[Entity]:
    """The other mentions of the known names in ``text``, longest first, where no entity is; each
    scored as its name's most confident mention."""
    added: list[Entity] = []
    i = 0
    while i < len(words):
        hit = next(((n, key) for n in lengths if i + n <= len(words) and (key := _known_at(words, i, n, names))), None)
        if hit is None:
            i += 1
            continue
        n, key = hit
        start, end = words[i].start, words[i + n - 1].end
        if not any(start < e.end and e.start < end for e in found):
            added.append(Entity.from_span("COMPANY", text, start, end, names[key]))
        i += n
    return added


def document_names(texts: Sequence[str], entities: Sequence[Sequence[Entity]],
                   confident: float = CONFIDENT) -> list[list[Entity]]:
    """The entities of the texts of one document (its sentences, or one whole text) with every
    confident company name tagged at its other mentions and CHIPs that start with one split."""
    names: dict[Key, float] = {}
    for e in (e for found in entities for e in found if e.label == "COMPANY" and e.score >= confident):
        key = entity_key(e.text)
        if len("".join(key)) >= 2:
            names[key] = max(e.score, names.get(key, 0.0))
    if not names:
        return [list(found) for found in entities]
    lengths = sorted({len(key) for key in names}, reverse=True)
    results = []
    for text, found in zip(texts, entities):
        words = split_words(text)
        kept = [part for e in found for part in (_split_chip(text, words, e, names) if e.label == "CHIP" else [e])]
        results.append(sorted(kept + _mentions(text, words, kept, names, lengths), key=lambda e: e.start))
    return results
