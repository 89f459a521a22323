"""Training-time augmentation keeps every span on word boundaries and valid by ANNOTATION.md."""

from __future__ import annotations

import random

from tests.conftest import marked_records
from arabic_ie.training.augment import QUOTE_STYLES, Augmenter, quoted_ranges, spans_in_quotes
from arabic_ie.training.gold import Record, record_problems
from arabic_ie.inference.labels import Span


def records() -> list[Record]:
    return [Record(r["id"], r["text"], [Span(e["start"], e["end"], e["label"]) for e in r["entities"]], "t", n)
            for n, r in enumerate(marked_records(), start=1)]


def as_json(r: Record) -> dict:
    return {"id": r.id, "text": r.text, "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in r.spans]}


def test_augmented_records_validate_and_keep_quotes_outside():
    augmenter = Augmenter.from_records(records(), quote_prob=1.0, quote_other_prob=0.2, replace_prob=0.5, seed=3)
    for epoch in range(20):
        for r in augmenter.epoch(records(), epoch):
            assert record_problems(as_json(r), "augmented", 1) == []
            for s in r.spans:
                surface = r.text[s.start:s.end]
                assert surface == surface.strip() and surface[0] not in "\"“«'" and surface[-1] not in "\"”»'"


def test_names_are_quoted_and_the_count_sees_them():
    augmenter = Augmenter.from_records(records(), quote_prob=1.0, seed=1)
    out = augmenter.epoch(records(), 0)
    names = sum(s.label in ("COMPANY", "CHIP") for r in out for s in r.spans)
    assert sum(spans_in_quotes(r.text, r.spans) for r in out) == names
    assert [r.text for r in records()] != [r.text for r in out]


def test_same_seed_and_epoch_same_rewrite_and_zero_probability_changes_nothing():
    a = Augmenter.from_records(records(), quote_prob=0.5, replace_prob=0.5, seed=9)
    assert [r.text for r in a.epoch(records(), 2)] == [r.text for r in a.epoch(records(), 2)]
    assert [r.text for r in a.epoch(records(), 2)] != [r.text for r in a.epoch(records(), 3)]
    off = Augmenter.from_records(records())
    assert not off.active and off.epoch(records(), 0) == records()


def test_replacement_keeps_a_glued_proclitic():
    base = Record("x", "وقالت وهواوي إن هواوي تنمو .", [Span(6, 12, "COMPANY"), Span(16, 21, "COMPANY")], "t", 1)
    augmenter = Augmenter(pool={"COMPANY": ["إنفيديا", "هواوي"]}, replace_prob=1.0)
    for seed in range(10):
        out = augmenter.rewrite(base, random.Random(seed))
        first, second = (out.text[s.start:s.end] for s in out.spans)
        assert first[0] == "و" and first[1:] in augmenter.pool["COMPANY"] and second in augmenter.pool["COMPANY"]


def test_quoted_ranges_pair_every_style():
    for opening, closing in QUOTE_STYLES:
        text = f"شركة {opening}سوني{closing} اليابانية"
        (a, b), = quoted_ranges(text)
        assert text[a:b].strip() == "سوني"
