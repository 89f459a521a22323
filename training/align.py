"""Aligning word-level BIO2 tags to sub-tokens: the training features."""

from __future__ import annotations

from typing import Sequence

from arabic_ie.inference.encoding import encode_sentences, special_framing, windows
from arabic_ie.inference.labels import TAG2ID

IGNORE = -100  # label id that the loss and the metrics skip


def _continuation(tag: str) -> str:
    return "I-" + tag[2:] if tag.startswith("B-") else tag


def build_features(tokenizer, sentences: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], *, scheme: str,
                   max_length: int, label_all_tokens: bool = False, weight: float = 1.0) -> list[dict]:
    """One feature per window: ``input_ids``, ``labels`` and a loss ``weight``.

    The label of a word goes on its first sub-token; the other sub-tokens get
    :data:`IGNORE`, or with ``label_all_tokens`` the word's I- tag. A sentence longer
    than ``max_length`` is cut into consecutive windows, never silently truncated.
    """
    prefix, suffix = special_framing(tokenizer)
    max_tokens = max_length - len(prefix) - len(suffix)
    features = []
    for enc, word_tags in zip(encode_sentences(tokenizer, sentences, scheme), tags):
        for win in windows(enc, max_tokens, stride=0):
            labels = [IGNORE] * (win.tok_end - win.tok_start)
            starts = enc.word_starts
            for w in range(win.own_start, win.own_end):
                if starts[w] < 0:
                    continue
                first = starts[w] - win.tok_start
                labels[first] = TAG2ID[word_tags[w]]
                if label_all_tokens:
                    following = [s for s in starts[w + 1:] if s >= 0]
                    stop = min(following[0] if following else win.tok_end, win.tok_end) - win.tok_start
                    for t in range(first + 1, stop):
                        labels[t] = TAG2ID[_continuation(word_tags[w])]
            features.append({
                "input_ids": prefix + enc.ids[win.tok_start:win.tok_end] + suffix,
                "labels": [IGNORE] * len(prefix) + labels + [IGNORE] * len(suffix),
                "weight": weight,
            })
    return features


def collate(features: list[dict], pad_id: int):
    """Pad a batch dynamically to its longest feature."""
    import torch

    width = max(len(f["input_ids"]) for f in features)
    ids = torch.full((len(features), width), pad_id, dtype=torch.long)
    labels = torch.full((len(features), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(features), width), dtype=torch.long)
    for row, f in enumerate(features):
        n = len(f["input_ids"])
        ids[row, :n] = torch.tensor(f["input_ids"])
        labels[row, :n] = torch.tensor(f["labels"])
        mask[row, :n] = 1
    weights = torch.tensor([f["weight"] for f in features], dtype=torch.float)
    return {"input_ids": ids, "attention_mask": mask, "labels": labels, "weights": weights}
