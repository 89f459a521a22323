"""From per-word tag probabilities to a tag sequence: argmax, or Viterbi over allowed BIO2 paths.

Argmax picks each word's best tag on its own and can produce ``O I-COMPANY`` or an
entity that starts on an opening quote. :func:`viterbi` picks the most probable
sequence among those that are valid BIO2 and whose entities neither start nor end
on a punctuation word (ANNOTATION.md: quotes and brackets stay outside; marks such
as ``/`` or ``-`` may still sit inside, as in ``فبراير/شباط`` or ``2016-2017``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from arabic_ie.inference.words import PUNCTUATION

DECODERS = ("viterbi", "argmax")


def _tag_parts(tags: Sequence[str]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    begins = np.array([t.startswith("B-") for t in tags])
    insides = np.array([t.startswith("I-") for t in tags])
    return begins, insides, [t[2:] for t in tags]


def transition_mask(tags: Sequence[str]) -> np.ndarray:
    """``mask[i, j]``: tag ``j`` may follow tag ``i`` in BIO2 (``I-X`` only after ``B-X`` or ``I-X``)."""
    _, insides, labels = _tag_parts(tags)
    n = len(tags)
    mask = np.ones((n, n), dtype=bool)
    for j in range(n):
        if insides[j]:
            mask[:, j] = [tags[i] != "O" and labels[i] == labels[j] for i in range(n)]
    return mask


def viterbi(probs: np.ndarray, tags: Sequence[str], words: Sequence[str]) -> list[int]:
    """The most probable valid tag index path for ``probs`` (words × tags)."""
    n_words, n_tags = probs.shape
    if n_words == 0:
        return []
    begins, insides, labels = _tag_parts(tags)
    log = np.log(np.clip(probs, 1e-12, None))
    punct = [w in PUNCTUATION for w in words]
    base = transition_mask(tags)
    # An entity may not end on a punctuation word: after I-X there, only I-X of the same label.
    continues = np.array([[insides[j] and labels[j] == labels[i] for j in range(n_tags)] for i in range(n_tags)])
    score = np.where(insides | (begins & punct[0]), -np.inf, log[0])
    back = np.zeros((n_words, n_tags), dtype=int)
    for w in range(1, n_words):
        allowed = base.copy()
        if punct[w - 1]:
            allowed[insides] &= continues[insides]
        cand = np.where(allowed, score[:, None], -np.inf)
        back[w] = cand.argmax(0)
        score = cand.max(0) + log[w]
        if punct[w]:
            score = np.where(begins, -np.inf, score)
    if punct[-1]:
        score = np.where(insides, -np.inf, score)
    path = [int(score.argmax())]
    for w in range(n_words - 1, 0, -1):
        path.append(int(back[w, path[-1]]))
    return path[::-1]


def decode(probs: np.ndarray, tags: Sequence[str], words: Sequence[str], method: str = "viterbi") -> list[int]:
    """Tag indexes for each word by ``method`` (``viterbi`` or ``argmax``)."""
    if method == "argmax":
        return [int(i) for i in probs.argmax(-1)] if len(probs) else []
    if method == "viterbi":
        return viterbi(probs, tags, words)
    raise ValueError(f"unknown decoding {method!r}; expected one of {', '.join(DECODERS)}")
