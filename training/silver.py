"""Silver data: the rule baseline (or a model) run over the user's own text, written in the gold format."""

from __future__ import annotations

import hashlib
import json
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.sentences import sentence_ranges
from arabic_ie.inference.words import split_words
from arabic_ie.training.files import atomic_open


def silver_records(docs: Iterable[dict], tagger, batch_size: int = 32, min_entities: int = 0,
                   chunk: int = 512, min_score: float = 0.0, exclude: set[str] = frozenset()) -> Iterator[dict]:
    """One gold-format record per sentence of each document, marked ``"source": "silver"``.

    Sentence ids come from a hash of the text, so the same sentence gets the same
    id in every run and repeated sentences can be dropped with ``validate``. A sentence
    with an entity scored below ``min_score`` is dropped (self-training keeps the
    model's confident sentences only), and so is any document or sentence whose id or
    text is in ``exclude`` (e.g. the real-news yardstick: never train on what you report).
    """
    docs = (d for d in docs if d.get("id") not in exclude and d["text"] not in exclude)
    while batch := list(islice(docs, chunk)):
        results = tagger.tag([d["text"] for d in batch], batch_size=batch_size)
        for doc, entities in zip(batch, results):
            yield from _sentences(doc["text"], entities, min_entities, min_score, exclude)


def _sentences(text: str, entities: list[Entity], min_entities: int, min_score: float = 0.0,
               exclude: set[str] = frozenset()) -> Iterator[dict]:
    words = split_words(text)
    for first, last in sentence_ranges(text, words):
        start, end = words[first].start, words[last - 1].end
        inside = [e for e in entities if start <= e.start and e.end <= end]
        if len(inside) < min_entities or any(e.score < min_score for e in inside) or text[start:end] in exclude:
            continue
        sentence = text[start:end]
        yield {
            "id": "silver-" + hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:16],
            "text": sentence,
            "entities": [{"start": e.start - start, "end": e.end - start, "label": e.label} for e in inside],
            "source": "silver",
        }


def write_silver(records: Iterable[dict], path: Path) -> int:
    """Write records atomically, dropping repeated sentences; returns how many were written."""
    seen: set[str] = set()
    with atomic_open(path) as f:
        for record in records:
            if record["id"] not in seen:
                seen.add(record["id"])
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(seen)
