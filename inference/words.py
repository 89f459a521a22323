"""The word rule of ANNOTATION.md: the one place where text is split into words.

Every part of the project (corpus building, training, evaluation, inference)
splits text with :func:`split_words`, so that word boundaries, BIO tags and
character offsets agree everywhere.
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence

# The punctuation marks that ANNOTATION.md makes words of their own. We also split
# the Latin `?` and `;` and the en/em dashes: splitting more never removes a
# boundary the convention has, so gold offsets stay on word boundaries.
PUNCTUATION = ".,،؛؟!:()[]{}\"'“”«»/%-…?;–—"

_PUNCT_CLASS = re.escape(PUNCTUATION)
# A word is a run of characters that are neither space nor punctuation, where a
# `.` or `,` between two digits (decimal or thousands separator) stays inside.
# `٫` and `٬` (Arabic decimal and thousands signs) are not punctuation, so they
# always stay inside. Every punctuation mark is a word of its own.
_WORD_RE = re.compile(rf"(?:[^\s{_PUNCT_CLASS}]|(?<=\d)[.,](?=\d))+|[{_PUNCT_CLASS}]")


class Word(NamedTuple):
    """A word and its character offsets in the text (``end`` exclusive)."""

    text: str
    start: int
    end: int


def split_words(text: str) -> list[Word]:
    """Split ``text`` into words with character offsets, by ANNOTATION.md's rule."""
    return [Word(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def words_inside(words: Sequence[Word], start: int, end: int) -> list[int]:
    """The indices of the words that lie within ``start``..``end`` (an entity's words)."""
    return [k for k, w in enumerate(words) if w.start >= start and w.end <= end]


def word_boundaries(words: list[Word]) -> tuple[set[int], set[int]]:
    """Return the sets of character offsets where words start and where they end."""
    return {w.start for w in words}, {w.end for w in words}
