"""Entity labels, BIO2 tags and the conversions between spans and word tags."""

from __future__ import annotations

from typing import Iterable, NamedTuple, Sequence

from arabic_ie.inference.words import Word

LABELS: tuple[str, ...] = ("COMPANY", "CHIP", "AMOUNT", "PERIOD")
OUTSIDE = "O"
# The fixed tag inventory: index 0 is O, then B-/I- per label. Models and
# datasets use these ids.
TAGS: tuple[str, ...] = (OUTSIDE,) + tuple(f"{p}-{label}" for label in LABELS for p in "BI")
TAG2ID: dict[str, int] = {tag: i for i, tag in enumerate(TAGS)}


class Span(NamedTuple):
    """A labelled character span (``end`` exclusive)."""

    start: int
    end: int
    label: str


class WordSpan(NamedTuple):
    """A labelled run of words ``[first, last]`` (both inclusive)."""

    first: int
    last: int
    label: str


def spans_to_tags(words: Sequence[Word], spans: Iterable[Span]) -> list[str]:
    """BIO2 tags for ``words`` from character spans.

    A word belongs to a span when they overlap, so a span that starts or ends
    inside a word takes the whole word (ANNOTATION.md: clitics stay attached).
    """
    tags = [OUTSIDE] * len(words)
    for span in sorted(spans):
        inside = [i for i, w in enumerate(words) if w.start < span.end and w.end > span.start]
        for n, i in enumerate(inside):
            tags[i] = f"{'B' if n == 0 else 'I'}-{span.label}"
    return tags


def repair_tags(tags: Sequence[str]) -> list[str]:
    """Make a tag sequence valid BIO2: an ``I-X`` that does not continue an X starts one."""
    fixed: list[str] = []
    for tag in tags:
        if tag.startswith("I-") and (not fixed or fixed[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        fixed.append(tag)
    return fixed


def tags_to_word_spans(tags: Sequence[str]) -> list[WordSpan]:
    """Entity word runs from BIO2 tags (repaired first, so any sequence decodes)."""
    spans: list[WordSpan] = []
    for i, tag in enumerate(repair_tags(tags)):
        if tag.startswith("B-"):
            spans.append(WordSpan(i, i, tag[2:]))
        elif tag.startswith("I-"):
            spans[-1] = spans[-1]._replace(last=i)
    return spans


def tags_to_spans(words: Sequence[Word], tags: Sequence[str]) -> list[Span]:
    """Character spans from word tags."""
    return [Span(words[s.first].start, words[s.last].end, s.label) for s in tags_to_word_spans(tags)]
