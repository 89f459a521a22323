"""From words to model inputs: per-word text normalisation, sub-tokens and windows.

Training and inference both encode words here, so a word's first sub-token is
found the same way in both. Words are normalised one by one (never merged or
split), which keeps every prediction mappable to the original characters.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable, Sequence

from arabic_ie.inference.arabic import ascii_digits, strip_marks

# What each base model's tokenizer expects before it sees a word.
# "marks": diacritics and tatweel removed (the e5/XLM-R and scratch tokenizers,
#          whose NFKC would otherwise reorder Arabic diacritics);
# "arabert": the same plus Arabic-Indic digits mapped to 0-9 (AraBERT v2's preprocessing;
#          spaces around punctuation already come from the word rule);
# "none": words as written.
NORMALIZERS: dict[str, Callable[[str], str]] = {
    "none": lambda word: word,
    "marks": strip_marks,
    "arabert": lambda word: ascii_digits(strip_marks(word)),
}


def normalize_words(words: Sequence[str], scheme: str) -> list[str]:
    """Normalise each word; a word that would become empty (a lone tatweel) is kept as written."""
    if scheme not in NORMALIZERS:
        raise ValueError(f"unknown text normalisation {scheme!r}; choose one of {', '.join(NORMALIZERS)}")
    normalize = NORMALIZERS[scheme]
    return [normalize(w) or w for w in words]


@dataclass
class EncodedSentence:
    """Sub-token ids of one sentence (no special tokens) and each word's first sub-token."""

    ids: list[int]
    word_starts: list[int]  # index into ids of each word's first sub-token, -1 if it has none


def encode_sentences(tokenizer, sentences: Sequence[Sequence[str]], scheme: str) -> list[EncodedSentence]:
    """Tokenise many word lists in one fast-tokenizer call, without special tokens."""
    if not sentences:
        return []
    batch = tokenizer(
        [normalize_words(words, scheme) for words in sentences],
        is_split_into_words=True,
        add_special_tokens=False,
        truncation=False,
    )
    encoded = []
    for i, words in enumerate(sentences):
        starts = [-1] * len(words)
        previous = None
        for t, w in enumerate(batch.word_ids(i)):
            if w is not None and w != previous:
                starts[w] = t
            previous = w
        encoded.append(EncodedSentence(batch["input_ids"][i], starts))
    return encoded


@dataclass(frozen=True)
class Window:
    """Sub-tokens ``[tok_start, tok_end)`` of a sentence seen by the model at once.

    The window is responsible for words ``[own_start, own_end)``: those it sees with
    the most context on both sides, so overlapping windows never decode a word twice.
    """

    tok_start: int
    tok_end: int
    own_start: int
    own_end: int


def windows(sentence: EncodedSentence, max_tokens: int, stride: int) -> list[Window]:
    """Cover a sentence with windows of at most ``max_tokens`` sub-tokens.

    Windows are cut at word starts and overlap by about ``stride`` sub-tokens; each
    word is owned by exactly one window (the one where it sits furthest from a cut).
    A single word longer than a window is cut (its first sub-token is what counts).
    """
    n_tokens = len(sentence.ids)
    if n_tokens <= max_tokens:
        return [Window(0, n_tokens, 0, len(sentence.word_starts))]
    if not 0 <= stride < max_tokens:
        raise ValueError(f"stride ({stride}) must be smaller than the window ({max_tokens})")
    cuts = sorted({s for s in sentence.word_starts if s >= 0} | {n_tokens})
    spans: list[tuple[int, int]] = []
    start = 0
    while True:
        # End at the last word start that fits (or mid-word, for a word longer than a window).
        k = bisect_right(cuts, start + max_tokens) - 1
        end = cuts[k] if cuts[k] > start else min(start + max_tokens, n_tokens)
        spans.append((start, end))
        if end >= n_tokens:
            break
        # The next window starts at the first word start at most `stride` tokens before this end.
        nxt = cuts[bisect_left(cuts, end - stride)]
        start = nxt if nxt > start else end
    # Ownership: the boundary between two windows lies in the middle of their overlap.
    owner_cuts = [0] + [(s2 + e1) // 2 if s2 < e1 else s2 for (_, e1), (s2, _) in zip(spans, spans[1:])] + [n_tokens]
    # Word starts are increasing where present; words with no sub-token (-1) take the next word's start.
    starts = list(sentence.word_starts)
    following = n_tokens
    for w in range(len(starts) - 1, -1, -1):
        following = starts[w] = starts[w] if starts[w] >= 0 else following
    result = []
    for k, (s, e) in enumerate(spans):
        own_start = bisect_left(starts, owner_cuts[k]) if k else 0
        own_end = bisect_left(starts, owner_cuts[k + 1]) if k + 1 < len(spans) else len(starts)
        result.append(Window(s, e, own_start, own_end))
    return result


def special_framing(tokenizer) -> tuple[list[int], list[int]]:
    """The special token ids a tokenizer puts before and after one sequence (e.g. [CLS] … [SEP])."""
    encoded = tokenizer(["x"], is_split_into_words=True, add_special_tokens=True)
    word_ids = encoded.word_ids()
    first = word_ids.index(0)
    last = len(word_ids) - 1 - word_ids[::-1].index(0)
    return encoded["input_ids"][:first], encoded["input_ids"][last + 1:]
