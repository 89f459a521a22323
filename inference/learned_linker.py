"""The learned linker: the project's encoder with entity markers, for the slots of each money fact.

For every AMOUNT, one pass over its sentence with the amount marked (``<< ... >>``) predicts the
``type`` and the ``modality`` from the encoder's vector at the amount's opening marker; one pass per
candidate COMPANY (``{{ ... }}``) or PERIOD (``|| ... ||``), with the candidate's sentence before
the amount's when they differ, scores whether it is the fact's from the vectors at the two opening
markers side by side (entity-marker pooling, as in Baldini Soares et al. 2019 and Zhong and Chen
2021; the first version read the first token only). The best candidate
above 0.5 wins, else none. Candidates: the companies of the amount's sentence and of the
:data:`~arabic_ie.inference.facts.LOOKBACK` sentences before (nearest mention of each name), the
periods of the amount's sentence and of the two before. Chips are the sentence's, as in the rule
linker. Trained by ``arabic-ie train-linker``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import FACT_TYPES, LOOKBACK, MODALITIES, Fact
from arabic_ie.inference.sentences import sentence_ranges
from arabic_ie.inference.tagger import ModelLoadError
from arabic_ie.inference.words import split_words

MARKERS = {"AMOUNT": ("<<", ">>"), "COMPANY": ("{{", "}}"), "PERIOD": ("||", "||")}
PERIOD_LOOKBACK = 2
MAX_COMPANIES = 5
LINKER_FILE = "linker.json"


@dataclass
class Candidate:
    """A pair to score: the amount's sentence, and the candidate's when it is another one."""

    first: str
    second: str | None
    entity: Entity

    @property
    def marker(self) -> str:
        """The candidate's opening marker (``{{`` or ``||``)."""
        return MARKERS[self.entity.label][0]


def _sentence_bounds(text: str) -> list[tuple[int, int]]:
    words = split_words(text)
    return [(words[a].start, words[b - 1].end) for a, b in sentence_ranges(text, words)]


def _marked(text: str, bounds: tuple[int, int], *entities: Entity) -> str:
    """The sentence ``text[bounds]`` with each entity between its label's markers."""
    start, end = bounds
    out, pos = [], start
    for entity in sorted(entities, key=lambda e: e.start):
        left, right = MARKERS[entity.label]
        out += [text[pos:entity.start], f"{left} {entity.text} {right}"]
        pos = entity.end
    out.append(text[pos:end])
    return "".join(out)


def _name(entity: Entity) -> str:
    return str((entity.value or {}).get("name") or (entity.value or {}).get("start") or entity.text)


@dataclass
class AmountInputs:
    """Everything the linker reads for one AMOUNT."""

    amount: Entity
    sentence: str
    companies: list[Candidate]
    periods: list[Candidate]
    chips: tuple[Entity, ...]


def amount_inputs(text: str, entities: Sequence[Entity]) -> list[AmountInputs]:
    """The marked sentence and the candidate pairs of every AMOUNT of ``text``, in text order."""
    bounds = _sentence_bounds(text)
    if not bounds:
        return []

    def sentence_of(entity: Entity) -> int:
        return next((k for k, (_, e) in enumerate(bounds) if entity.start < e), len(bounds) - 1)

    placed = [(sentence_of(e), e) for e in sorted(entities, key=lambda e: e.start)]
    out = []
    for k, amount in ((k, e) for k, e in placed if e.label == "AMOUNT"):
        def candidates(label: str, back: int, limit: int | None) -> list[Candidate]:
            found, names = [], set()
            near = sorted((e for j, e in placed if e.label == label and k - back <= j <= k),
                          key=lambda e: (sentence_of(e) != k, abs(e.start - amount.start)))
            for e in near:
                if _name(e) in names:
                    continue
                names.add(_name(e))
                j = sentence_of(e)
                if j == k:
                    found.append(Candidate(_marked(text, bounds[k], amount, e), None, e))
                else:
                    found.append(Candidate(_marked(text, bounds[j], e), _marked(text, bounds[k], amount), e))
            return found[:limit]

        chips = tuple(e for j, e in placed if j == k and e.label == "CHIP")
        out.append(AmountInputs(amount, _marked(text, bounds[k], amount), candidates("COMPANY", LOOKBACK, MAX_COMPANIES),
                                candidates("PERIOD", PERIOD_LOOKBACK, None), chips))
    return out


def _marker_position(batch, row: int, text: str | None, marker: str, sequence: int) -> int:
    """The token index of ``marker``'s first occurrence in ``text`` (sequence 0 or 1 of row ``row``);
    0 (the first token) when it was cut off or is missing."""
    at = text.find(marker) if text else -1
    token = batch.char_to_token(row, at, sequence_index=sequence) if at >= 0 else None
    return 0 if token is None else token


def encode(tokenizer, firsts: list[str], seconds: list[str | None] | None, max_length: int,
           markers: list[str] | None = None):
    """A padded batch (single sentences, or pairs with an empty second where a pair has none) and,
    per row, the token positions of the amount's opening marker and of the candidate's opening
    marker (``markers``, in the first text; position 0 without one)."""
    import torch

    if seconds is None:
        batch = tokenizer(firsts, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
    else:
        batch = tokenizer(firsts, [s or "" for s in seconds], truncation=True, max_length=max_length, padding=True,
                          return_tensors="pt")
    amount_open = MARKERS["AMOUNT"][0]
    positions = []
    for row, first in enumerate(firsts):
        second = seconds[row] if seconds is not None else None
        in_second = bool(second)  # a candidate of an earlier sentence comes first, the amount's sentence second
        amount = _marker_position(batch, row, second if in_second else first, amount_open, int(in_second))
        candidate = 0
        if markers is not None:
            candidate = _marker_position(batch, row, first, markers[row], 0)
        positions.append((amount, candidate))
    return batch, torch.tensor(positions, dtype=torch.long)


def build_model(encoder):
    """The encoder with a type head and a modality head on the amount's opening marker, and a pair head
    on the amount's and the candidate's opening markers."""
    import torch
    import torch.nn as nn

    class LinkerModel(nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder
            hidden = encoder.config.hidden_size
            self.dropout = nn.Dropout(0.1)
            self.type_head = nn.Linear(hidden, len(FACT_TYPES))
            self.modality_head = nn.Linear(hidden, len(MODALITIES))
            self.pair_head = nn.Linear(2 * hidden, 1)

        def forward(self, positions, **inputs):
            states = self.dropout(self.encoder(**inputs).last_hidden_state)
            rows = torch.arange(states.shape[0], device=states.device)
            amount = states[rows, positions[:, 0]]
            candidate = states[rows, positions[:, 1]]
            return (self.type_head(amount), self.modality_head(amount),
                    self.pair_head(torch.cat([amount, candidate], -1)).squeeze(-1))

    return LinkerModel(encoder)


class LearnedLinker:
    """Link facts with a trained linker directory (``arabic-ie train-linker``)."""

    def __init__(self, model, tokenizer, max_length: int, device: str = "cpu", batch_size: int = 32):
        self.model, self.tokenizer, self.max_length = model.eval(), tokenizer, max_length
        self.device, self.batch_size = device, batch_size

    @classmethod
    def from_pretrained(cls, directory: str | Path, device: str | None = None) -> "LearnedLinker":
        import torch
        from transformers import AutoModel, AutoTokenizer

        directory = Path(directory)
        settings_path = directory / LINKER_FILE
        if not settings_path.is_file():
            raise FileNotFoundError(f"{directory} is not a trained linker (no {LINKER_FILE}): "
                                    "train one with `arabic-ie train-linker --config configs/linker-e5-small.yaml`")
        settings = json.loads(settings_path.read_text(encoding="utf-8"))
        tokenizer = AutoTokenizer.from_pretrained(directory)
        model = build_model(AutoModel.from_pretrained(directory / "encoder"))
        heads = torch.load(directory / "heads.pt", map_location="cpu", weights_only=True)
        if heads["pair"]["weight"].shape[-1] != model.pair_head.in_features:
            raise ModelLoadError(f"{directory} was trained by an older version of the linker (its pair head reads the "
                             "first token, not the markers): retrain it with `arabic-ie train-linker --config "
                             "configs/linker-e5-small.yaml`")
        model.type_head.load_state_dict(heads["type"])
        model.modality_head.load_state_dict(heads["modality"])
        model.pair_head.load_state_dict(heads["pair"])
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        return cls(model.to(device), tokenizer, settings["max_length"], device)

    def _run(self, firsts: list[str], seconds: list[str | None] | None,
             markers: list[str] | None = None):
        import torch

        outputs = []
        for i in range(0, len(firsts), self.batch_size):
            batch, positions = encode(self.tokenizer, firsts[i:i + self.batch_size],
                                      None if seconds is None else seconds[i:i + self.batch_size], self.max_length,
                                      None if markers is None else markers[i:i + self.batch_size])
            with torch.inference_mode():
                outputs.append([t.float().cpu() for t in self.model(positions.to(self.device), **batch.to(self.device))])
        if not outputs:
            return None
        return [torch.cat([o[n] for o in outputs]) for n in range(3)]

    def link(self, text: str, entities: Sequence[Entity]) -> list[Fact]:
        """The facts of ``text``: one per AMOUNT of ``entities``."""
        inputs = amount_inputs(text, entities)
        if not inputs:
            return []
        types, modalities, _ = self._run([x.sentence for x in inputs], None)
        pairs = [(n, slot, c) for n, x in enumerate(inputs) for slot in ("company", "period")
                 for c in (x.companies if slot == "company" else x.periods)]
        scores = self._run([c.first for _, _, c in pairs], [c.second for _, _, c in pairs],
                           [c.marker for _, _, c in pairs]) if pairs else None
        best: dict[tuple[int, str], tuple[float, Entity]] = {}
        for (n, slot, c), score in zip(pairs, scores[2].sigmoid().tolist() if scores else []):
            if score > 0.5 and score > best.get((n, slot), (0.0, None))[0]:
                best[(n, slot)] = (score, c.entity)
        return [Fact(x.amount, FACT_TYPES[int(types[n].argmax())], MODALITIES[int(modalities[n].argmax())],
                     best.get((n, "company"), (0, None))[1], best.get((n, "period"), (0, None))[1], x.chips)
                for n, x in enumerate(inputs)]
