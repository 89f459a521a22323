"""Splitting a document's words into sentences for the model."""

from __future__ import annotations

from inference.words import Word

SENTENCE_END = {".", "؟", "?", "!", "…"}


def sentence_ranges(text: str, words: list[Word]) -> list[tuple[int, int]]:
    """Word index ranges ``[first, last)`` of the sentences of ``text``.

    A sentence ends after `.`, `؟`, `?`, `!` or `…`, and at every line break.
    Long sentences are cut into windows later, so this split can stay simple.
    """
    ranges = []
    first = 0
    for i, word in enumerate(words):
        last_word = i + 1 == len(words)
        newline_after = not last_word and "\n" in text[word.end:words[i + 1].start]
        if last_word or newline_after or word.text in SENTENCE_END:
            ranges.append((first, i + 1))
            first = i + 1
    return ranges
