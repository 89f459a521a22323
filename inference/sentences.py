"""Splitting a document's words into sentences for the model (tagging and silver data share it)."""

from __future__ import annotations

from arabic_ie.inference.words import Word

SENTENCE_END = {".", "؟", "?", "!", "…"}
# Latin abbreviations that end with a dot without ending the sentence (`Nvidia Corp. said`).
ABBREVIATIONS = {"inc", "corp", "co", "ltd", "llc", "plc", "mr", "mrs", "ms", "dr", "jr", "sr", "st", "vs", "no", "nos"}


def _ends_sentence(text: str, words: list[Word], i: int) -> bool:
    """Whether word ``i``, a sentence-ending mark, really ends its sentence."""
    word = words[i]
    following = words[i + 1] if i + 1 < len(words) else None
    if following is None:
        return True
    if following.start == word.end:
        return False  # no space after it: `SiMa.ai`, `JD.com`, `U.S`, the first dots of `...`
    if word.text != ".":
        return True
    before = words[i - 1] if i > 0 else None
    if before is None or before.end != word.start:
        return True
    if before.text.lower() in ABBREVIATIONS:
        return False  # `Inc. قالت`
    # `U.S. Steel`: a single Latin letter after another dot, or a list number at a line start (`1. `)
    if len(before.text) == 1 and before.text.isascii() and before.text.isalpha() and i >= 2 and words[i - 2].text == ".":
        return False
    line_start = text.rfind("\n", 0, before.start) + 1
    return not (before.text.isdecimal() and not text[line_start:before.start].strip())


def sentence_ranges(text: str, words: list[Word]) -> list[tuple[int, int]]:
    """Word index ranges ``[first, last)`` of the sentences of ``text``.

    A sentence ends after `.`, `؟`, `?`, `!` or `…` followed by a space, and at every
    line break. A dot with no space after it stays inside (`SiMa.ai`, `JD.com`), and so
    does the dot of `Inc.`, `U.S.` or a numbered list item (`1. `). Long sentences are
    cut into windows later, so this split can stay simple.
    """
    ranges = []
    first = 0
    for i, word in enumerate(words):
        last_word = i + 1 == len(words)
        newline_after = not last_word and "\n" in text[word.end:words[i + 1].start]
        if last_word or newline_after or (word.text in SENTENCE_END and _ends_sentence(text, words, i)):
            ranges.append((first, i + 1))
            first = i + 1
    return ranges
