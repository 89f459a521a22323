"""Constrained decoding: valid BIO2, no entity that starts or ends on punctuation."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from arabic_ie.inference.decoding import decode, viterbi
from arabic_ie.inference.labels import TAGS, repair_tags

I = {t: n for n, t in enumerate(TAGS)}


def probs_for(*rows: dict[str, float]) -> np.ndarray:
    out = np.full((len(rows), len(TAGS)), 1e-3)
    for w, row in enumerate(rows):
        for tag, p in row.items():
            out[w, I[tag]] = p
    return out / out.sum(1, keepdims=True)


def test_an_opening_quote_does_not_start_a_company():
    words = ["شركة", "“", "أمازون", "”"]
    probs = probs_for({"O": 0.9}, {"B-COMPANY": 0.6, "O": 0.4}, {"I-COMPANY": 0.7, "B-COMPANY": 0.3}, {"O": 0.9})
    assert [TAGS[i] for i in decode(probs, TAGS, words, "argmax")] == ["O", "B-COMPANY", "I-COMPANY", "O"]
    assert [TAGS[i] for i in viterbi(probs, TAGS, words)] == ["O", "O", "B-COMPANY", "O"]


def test_an_entity_does_not_end_on_punctuation_but_may_hold_it():
    words = ["فبراير", "/", "شباط"]
    probs = probs_for({"B-PERIOD": 0.9}, {"I-PERIOD": 0.9}, {"I-PERIOD": 0.9})
    assert [TAGS[i] for i in viterbi(probs, TAGS, words)] == ["B-PERIOD", "I-PERIOD", "I-PERIOD"]
    ends = probs_for({"B-COMPANY": 0.9}, {"I-COMPANY": 0.6, "O": 0.4})
    assert [TAGS[i] for i in viterbi(ends, TAGS, ["أمازون", "»"])] == ["B-COMPANY", "O"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["كلمة", "H20", "«", "»", "\"", "/", "2025", "و"]), min_size=1, max_size=12), st.integers(0, 10_000))
def test_viterbi_paths_are_always_valid(words, seed):
    probs = np.random.default_rng(seed).dirichlet(np.ones(len(TAGS)) * 0.3, size=len(words))
    tags = [TAGS[i] for i in viterbi(probs, TAGS, words)]
    assert repair_tags(tags) == tags
    for n, (word, tag) in enumerate(zip(words, tags)):
        if word in "«»\"/":
            assert not tag.startswith("B-")
            ends_here = tag.startswith("I-") and (n + 1 == len(tags) or tags[n + 1] != tag)
            assert not ends_here


def test_viterbi_equals_argmax_when_argmax_is_valid():
    probs = probs_for({"B-AMOUNT": 0.8}, {"I-AMOUNT": 0.8}, {"O": 0.9}, {"B-PERIOD": 0.9})
    words = ["380", "مليار", "في", "2025"]
    assert viterbi(probs, TAGS, words) == decode(probs, TAGS, words, "argmax")
