"""Batch tagging on Ray Data: one Tagger per actor, loaded once, fed batches of texts.

    import ray
    from arabic_ie.inference.ray_tagging import tag_dataset

    ds = ray.data.read_json("news/*.jsonl")               # any Dataset with a "text" column
    tagged = tag_dataset(ds, "runs/e5-small", concurrency=4, num_cpus=2)
    tagged.write_json("tagged/")                          # "entities" holds each text's entities as JSON

Needs the optional extra: ``pip install -e ".[ray]"``. On a cluster, start Ray (``ray start --head``
on one machine, ``ray start --address HEAD:6379`` on the others) and run with ``RAY_ADDRESS`` set;
``num_gpus=1`` gives each actor a GPU. ``arabic-ie tag --engine ray`` wraps this for files.
"""

from __future__ import annotations

import json
from typing import Any


class TaggerActor:
    """A callable class for ``Dataset.map_batches``: the model is loaded once per actor."""

    def __init__(self, model: str, batch_size: int = 32, device: str | None = None, dtype: str = "auto",
                 reference_date: str | None = None, facts: bool = False, **options):
        from datetime import date

        from arabic_ie.inference.tagger import Tagger

        self.tagger = Tagger.from_pretrained(model, device=device, dtype=dtype, **options)
        self.batch_size = batch_size
        self.reference = date.fromisoformat(reference_date) if reference_date else None
        self.facts = facts

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        texts = [str(t) for t in batch["text"]]
        out = dict(batch)
        if self.facts:
            found = self.tagger.extract(texts, batch_size=self.batch_size, reference_date=self.reference)
            out["entities"] = [json.dumps([e.to_dict() for e in x.entities], ensure_ascii=False) for x in found]
            out["facts"] = [json.dumps([f.to_dict() for f in x.facts], ensure_ascii=False) for x in found]
        else:
            found = self.tagger.tag(texts, batch_size=self.batch_size, reference_date=self.reference)
            out["entities"] = [json.dumps([e.to_dict() for e in entities], ensure_ascii=False) for entities in found]
        return out


def tag_dataset(dataset, model: str, *, concurrency: int = 2, num_cpus: float = 1, num_gpus: float = 0,
                batch_size: int = 32, rows_per_call: int = 256, dtype: str = "auto",
                reference_date: str | None = None, facts: bool = False, **options):
    """``dataset`` (a ``ray.data.Dataset`` with a ``text`` column) with ``entities`` (and ``facts``)
    added as JSON strings; ``concurrency`` actors of ``num_cpus``/``num_gpus`` each, ``rows_per_call``
    texts per actor call, ``batch_size`` windows per forward pass; ``options`` go to
    ``Tagger.from_pretrained`` (``backend``, ``decoding``, ``rule_names``, ``rule_amounts``, ``rule_edges``, ``document_names``,
    ``company_checks``)."""
    return dataset.map_batches(
        TaggerActor, fn_constructor_kwargs={"model": str(model), "batch_size": batch_size, "dtype": dtype,
                                            "device": "cuda" if num_gpus else "cpu",
                                            "reference_date": reference_date, "facts": facts, **options},
        batch_size=rows_per_call, concurrency=concurrency, num_cpus=num_cpus, num_gpus=num_gpus,
        batch_format="default")
