"""Training-time augmentation of gold sentences: quote wrapping and mention replacement.

Real Arabic news puts names in quotes of every style (``شركة "هواوي"``, ``“أمازون”``,
``«سوني»``, the Maghrebi ``" أوريدو "``); our prose rarely does. Each epoch, every
train sentence may be rewritten:

- **quote wrapping**: a COMPANY or CHIP (probability ``quote_prob``) or a plain word
  (``quote_other_prob``) is put in quotes of a random style; the quotes stay outside
  the span, as ANNOTATION.md says;
- **mention replacement**: an entity's surface (probability ``replace_prob``) is
  swapped for another surface of the same label from the train split, keeping a
  glued proclitic (``وهواوي`` → ``وإنفيديا``).

Offsets are recomputed from the pieces, so every span of the result is on word
boundaries (``validate`` accepts augmented records; a test checks it).
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Sequence

from arabic_ie.inference.arabic import PROCLITICS
from arabic_ie.inference.labels import Span
from arabic_ie.inference.words import PUNCTUATION, split_words
from arabic_ie.training.gold import Record

# (opening, closing) marks; a space inside the marks is the Maghrebi habit (`" أوريدو "`).
QUOTE_STYLES: tuple[tuple[str, str], ...] = (
    ('"', '"'), ("“", "”"), ("«", "»"), ('" ', ' "'), ("« ", " »"),
)
QUOTE_MARKS = frozenset('"“”«»„')
QUOTED_LABELS = ("COMPANY", "CHIP")  # real news quotes names, hardly ever amounts or dates


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges between matching quote marks (`"…"`, `“…”`, `«…»`), marks excluded."""
    ranges, open_at = [], {}
    for i, ch in enumerate(text):
        if ch == '"':
            if '"' in open_at:
                ranges.append((open_at.pop('"'), i))
            else:
                open_at['"'] = i + 1
        elif ch in "“«„":
            open_at[ch] = i + 1
        elif ch in "”»":
            opener = "«" if ch == "»" else next((o for o in "“„" if o in open_at), None)
            if opener in open_at:
                ranges.append((open_at.pop(opener), i))
    return ranges


def has_quotes(text: str) -> bool:
    """Whether the text has any quote mark."""
    return any(ch in QUOTE_MARKS for ch in text)


def spans_in_quotes(text: str, spans: Sequence[Span]) -> int:
    """How many spans lie inside a quoted stretch of the text."""
    ranges = quoted_ranges(text)
    return sum(any(a <= s.start and s.end <= b for a, b in ranges) for s in spans)


@dataclass(frozen=True)
class Augmenter:
    """Rewrites train records for one epoch; the same seed and epoch give the same rewrite."""

    pool: dict[str, list[str]]  # bare mention surfaces per label, from the train split
    quote_prob: float = 0.0
    quote_other_prob: float = 0.0
    replace_prob: float = 0.0
    seed: int = 0

    @classmethod
    def from_records(cls, records: Sequence[Record], **options) -> "Augmenter":
        surfaces: dict[str, set[str]] = defaultdict(set)
        for r in records:
            for s in r.spans:
                surfaces[s.label].add(r.text[s.start:s.end])
        # A surface that is a proclitic plus another surface (وهواوي = و + هواوي) is not bare.
        pool = {label: sorted(x for x in forms if _proclitic(x, forms) is None) for label, forms in surfaces.items()}
        return cls(pool=pool, **options)

    @property
    def active(self) -> bool:
        return any((self.quote_prob, self.quote_other_prob, self.replace_prob))

    def epoch(self, records: Sequence[Record], epoch: int) -> list[Record]:
        """The records as seen in ``epoch``; unchanged when every probability is 0."""
        if not self.active:
            return list(records)
        rng = random.Random(f"{self.seed}-{epoch}")
        return [self.rewrite(r, rng) for r in records]

    def rewrite(self, record: Record, rng: random.Random) -> Record:
        """One augmented copy of ``record`` (quotes and replacements drawn from ``rng``)."""
        text, out, spans, pos = record.text, [], [], 0
        for span in record.spans:
            out += self._plain(text[pos:span.start], rng)
            surface = text[span.start:span.end]
            if self.replace_prob and self.pool.get(span.label) and rng.random() < self.replace_prob:
                surface = self._replacement(surface, span.label, rng)
            quoted = span.label in QUOTED_LABELS and rng.random() < self.quote_prob
            opening, closing = rng.choice(QUOTE_STYLES) if quoted else ("", "")
            start = sum(map(len, out)) + len(opening)
            out += [opening, surface, closing]
            spans.append(Span(start, start + len(surface), span.label))
            pos = span.end
        out += self._plain(text[pos:], rng)
        return replace(record, text="".join(out), spans=spans)

    def _plain(self, chunk: str, rng: random.Random) -> list[str]:
        """Text between entities, with a plain word put in quotes now and then."""
        if not self.quote_other_prob:
            return [chunk]
        out, pos = [], 0
        for word in split_words(chunk):
            if word.text in PUNCTUATION or rng.random() >= self.quote_other_prob:
                continue
            opening, closing = rng.choice(QUOTE_STYLES)
            out += [chunk[pos:word.start], opening, word.text, closing]
            pos = word.end
        return out + [chunk[pos:]]

    def _replacement(self, surface: str, label: str, rng: random.Random) -> str:
        new = rng.choice(self.pool[label])
        clitic = _proclitic(surface, set(self.pool[label]))
        return clitic + new if clitic else new


def _proclitic(surface: str, forms) -> str | None:
    """The glued proclitic of ``surface`` when the rest of it is itself a known form."""
    for clitic in PROCLITICS:
        if surface.startswith(clitic) and surface[len(clitic):] in forms:
            return clitic
    return None
