"""`Tagger`: a trained token-classification model wrapped for batch tagging of raw text.

    tagger = Tagger.from_pretrained("runs/e5-small")
    for entity in tagger.tag(["أعلنت علي بابا ..."])[0]:
        print(entity.label, entity.text, entity.value)

Texts of any length are split into words (the shared word rule), sentences and,
when a sentence is longer than the model's window, overlapping windows. All
windows of a chunk of texts are sorted by length and run in padded batches;
each word is decoded once, from its first sub-token, in the window that owns it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from arabic_ie.inference.combine import check_names, rule_edges, rule_spans
from arabic_ie.inference.decoding import DECODERS, decode
from arabic_ie.inference.devices import check_device, default_device, resolve_dtype
from arabic_ie.inference.company_checks import company_checks
from arabic_ie.inference.document_names import document_names
from arabic_ie.inference.encoding import EncodedSentence, encode_sentences, special_framing, windows
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.labels import OUTSIDE, tags_to_word_spans
from arabic_ie.inference.sentences import sentence_ranges
from arabic_ie.inference.settings import load_settings
from arabic_ie.inference.words import Word, split_words



CHUNK_SIZE = 2048  # texts read at a time by tag_stream and tag_documents: memory stays bounded


class ModelLoadError(RuntimeError):
    """A model directory or hub id that cannot be loaded, with advice."""


@dataclass
class _Piece:
    """One window of one sentence, ready for the model."""

    sentence: int  # index of the sentence in the batch being predicted
    input_ids: list[int]
    positions: list[int]  # position in input_ids of each owned word's first sub-token
    owned_words: list[int]  # sentence word indexes, parallel to positions


class BaseTagger:
    """What every tagger offers: ``tag`` is ``tag_stream`` collected into a list; subclasses tag a chunk."""

    def tag(self, texts: Sequence[str], batch_size: int = 32, reference_date: date | None = None) -> list[list[Entity]]:
        """Entities of each text, one list per input text, in input order."""
        if isinstance(texts, (str, bytes)):
            raise TypeError("tag() takes a list of texts, not one string: tag([text])")
        return list(self.tag_stream(texts, batch_size=batch_size, reference_date=reference_date))

    def tag_stream(self, texts: Iterable[str], batch_size: int = 32, chunk_size: int = CHUNK_SIZE,
                   reference_date: date | None = None) -> Iterator[list[Entity]]:
        """Like :meth:`tag`, lazily: reads ``chunk_size`` texts at a time, so memory stays bounded."""
        if isinstance(texts, (str, bytes)):
            raise TypeError("tag_stream() takes an iterable of texts, not one string: tag_stream([text])")
        for text, found in self._tagged(texts, batch_size, chunk_size, reference_date):
            yield self.document_pass([text], [found])[0]

    def tag_documents(self, documents: Sequence[Sequence[str]], batch_size: int = 32,
                      reference_date: date | None = None) -> list[list[list[Entity]]]:
        """Entities of each sentence of each document (a list of texts), tagged as :meth:`tag` tags one
        whole text: each sentence on its own, then the document pass over all of them
        (:func:`arabic_ie.inference.document_names.document_names` when the model has ``document_names``)."""
        if isinstance(documents, (str, bytes)) or any(isinstance(d, (str, bytes)) for d in documents):
            raise TypeError("tag_documents() takes a list of documents, each a list of texts: tag_documents([[text]])")
        sentences = (t for d in documents for t in d)
        tagged = [found for _, found in self._tagged(sentences, batch_size, CHUNK_SIZE, reference_date)]
        results, k = [], 0
        for doc in documents:
            results.append(self.document_pass(list(doc), tagged[k:k + len(doc)]))
            k += len(doc)
        return results

    def document_pass(self, texts: list[str], entities: list[list[Entity]]) -> list[list[Entity]]:
        """What a tagger does across the texts of one document once each is tagged: nothing here."""
        return entities

    def _tagged(self, texts: Iterable[str], batch_size: int, chunk_size: int,
                reference_date: date | None) -> Iterator[tuple[str, list[Entity]]]:
        """Each text with its entities before the document pass, ``chunk_size`` texts at a time."""
        for name, number in (("batch_size", batch_size), ("chunk_size", chunk_size)):
            if isinstance(number, bool) or not isinstance(number, int) or number < 1:
                raise ValueError(f"{name} must be a positive integer, got {number!r}")
        iterator = iter(texts)
        offset = 0
        while chunk := list(islice(iterator, chunk_size)):
            for i, text in enumerate(chunk):
                if not isinstance(text, str):
                    raise TypeError(f"text {offset + i} is a {type(text).__name__}, not a str")
            yield from zip(chunk, self._tag_chunk(chunk, batch_size, reference_date))
            offset += len(chunk)

    def extract(self, texts: Sequence[str], batch_size: int = 32, reference_date: date | None = None, linker=None):
        """Entities and money facts of each text (a document), linked by the rules or by ``linker``:
        see :class:`arabic_ie.inference.extract.FactExtractor`."""
        from arabic_ie.inference.extract import FactExtractor

        return FactExtractor(self, linker).extract(texts, batch_size=batch_size, reference_date=reference_date)

    def _tag_chunk(self, texts: list[str], batch_size: int, reference_date: date | None) -> list[list[Entity]]:
        raise NotImplementedError


class Tagger(BaseTagger):
    """Tag COMPANY, CHIP, AMOUNT and PERIOD entities in raw Arabic text."""

    def __init__(self, model, tokenizer, *, normalization: str = "marks", max_length: int = 512,
                 stride: int | None = None, device: str | None = None, decoding: str = "viterbi",
                 rule_names: bool = False, rule_amounts: bool = False, rule_edges: bool = False,
                 document_names: bool = False, company_checks: bool = False):
        import torch

        if decoding not in DECODERS:
            raise ValueError(f"unknown decoding {decoding!r}; expected one of {', '.join(DECODERS)}")
        self.decoding = decoding
        self.rule_names, self.rule_amounts, self.rule_edges = rule_names, rule_amounts, rule_edges
        self.document_names, self.company_checks = document_names, company_checks
        self.rules = None
        if rule_names or rule_amounts or rule_edges:  # the rules combined with the model (inference/combine.py)
            from arabic_ie.inference.rules import RuleTagger

            self.rules = RuleTagger()
        # The tokenizer's own thread pool fights torch's threads for the cores on CPU: with it on,
        # benchmarks/tagging.py measured 8.45 s instead of 7.49 s for 512 sentences. Users may still set it.
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        self.torch = torch
        self.device = device or default_device()
        self.model = model.to(self.device).eval()
        self.dtype = getattr(self.model, "dtype", None)  # a transformers model knows its dtype
        self.backend = getattr(self.model, "backend", "torch")  # "onnx-int8" for the ONNX export
        self.tokenizer = tokenizer
        self.normalization = normalization
        self.prefix, self.suffix = special_framing(tokenizer)
        limit = min(max_length, getattr(model.config, "max_position_embeddings", max_length))
        self.max_tokens = limit - len(self.prefix) - len(self.suffix)
        self.stride = self.max_tokens // 4 if stride is None else stride
        self.id2label = {int(i): label for i, label in model.config.id2label.items()}
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else 0

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path, device: str | None = None, dtype: str = "auto",
                        backend: str = "auto", **kwargs) -> "Tagger":
        """Load a trained model directory (or hub id); ``"rules"`` gives the rule baseline.

        ``dtype`` is ``auto`` (bfloat16 where the GPU or CPU computes it natively, see
        :mod:`arabic_ie.inference.devices`), ``float32`` or ``bfloat16``. ``backend`` is ``auto``
        (the int8 ONNX export on a CPU when the directory has one, see
        :mod:`arabic_ie.inference.onnx_backend`; else torch), ``torch`` or ``onnx``.
        """
        if str(name_or_path) == "rules":
            from arabic_ie.inference.rules import RuleTagger

            return RuleTagger()
        from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

        from arabic_ie.inference.onnx_backend import BACKENDS, ONNX_FILE, OnnxForward

        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}; expected one of {', '.join(BACKENDS)}")
        device = check_device(device or default_device())
        torch_dtype = resolve_dtype(device, dtype)
        exported = Path(name_or_path) / ONNX_FILE
        if backend == "onnx" and not exported.is_file():
            raise ModelLoadError(f"{name_or_path} has no ONNX export ({ONNX_FILE}): "
                                 f"run `arabic-ie export-onnx --model {name_or_path}`")
        use_onnx = backend == "onnx" or (backend == "auto" and device == "cpu" and dtype == "auto" and exported.is_file())
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(name_or_path))
            if use_onnx:
                model = OnnxForward(exported, AutoConfig.from_pretrained(str(name_or_path)))
            else:
                model = AutoModelForTokenClassification.from_pretrained(str(name_or_path), dtype=torch_dtype)
        except (OSError, ValueError) as err:
            raise ModelLoadError(
                f"cannot load a model from {name_or_path!s}: {err}\n"
                "No model hub is reachable here: pass a local directory made by `arabic-ie train`."
            ) from None
        settings = load_settings(name_or_path)
        options = {"normalization": settings.text_normalization, "max_length": settings.max_length,
                   "rule_names": settings.rule_names, "rule_amounts": settings.rule_amounts,
                   "rule_edges": settings.rule_edges, "document_names": settings.document_names,
                   "company_checks": settings.company_checks} \
            | {k: v for k, v in kwargs.items() if v is not None}
        return cls(model, tokenizer, device=device, **options)

    # -- internals -------------------------------------------------------------------

    def _tag_chunk(self, texts: list[str], batch_size: int, reference_date: date | None) -> list[list[Entity]]:
        all_words, sentences, owners = self._sentences(texts)
        results: list[list[Entity]] = [[] for _ in texts]
        for (t, first), (tags, scores) in zip(owners, self._predict(sentences, batch_size)):
            results[t].extend(self._entities(texts[t], all_words[t][first:], tags, scores, reference_date))
        if self.rules is not None:
            results = [self._with_rules(found, self.rules.tag_text(text, reference_date))
                       for text, found in zip(texts, results)]
        return results

    def document_pass(self, texts: list[str], entities: list[list[Entity]]) -> list[list[Entity]]:
        """With ``document_names``, each confident company name tagged at its other mentions in the document;
        with ``company_checks``, then the people and public bodies taken for companies read off."""
        if self.document_names:
            entities = document_names(texts, entities)
        if self.company_checks:
            entities = company_checks(texts, entities)
        return entities

    def _with_rules(self, found: list[Entity], rules: list[Entity]) -> list[Entity]:
        if self.rule_names:
            found = check_names(found, rules)
        if self.rule_amounts:
            found = rule_spans(found, rules, ("AMOUNT",))
        if self.rule_edges:
            found = rule_edges(found, rules)
        return found

    @staticmethod
    def _sentences(texts: list[str]) -> tuple[list[list[Word]], list[list[str]], list[tuple[int, int]]]:
        """Words of each text, the word lists of all sentences, and (text, first word) of each sentence."""
        all_words = [split_words(text) for text in texts]
        sentences, owners = [], []
        for t, (text, words) in enumerate(zip(texts, all_words)):
            for first, last in sentence_ranges(text, words):
                sentences.append([w.text for w in words[first:last]])
                owners.append((t, first))
        return all_words, sentences, owners

    def model_batches(self, texts: list[str], batch_size: int = 32):
        """The padded ``(input_ids, attention_mask)`` batches that tagging ``texts`` runs (for benchmarks)."""
        return [(ids, mask) for _, ids, mask in self._batches(self._pieces(self._sentences(texts)[1]), batch_size)]

    def _entities(self, text: str, words: list[Word], tags: list[str], scores: list[float],
                  reference_date: date | None) -> list[Entity]:
        found = []
        for span in tags_to_word_spans(tags):
            score = sum(scores[span.first:span.last + 1]) / (span.last - span.first + 1)
            found.append(Entity.from_span(span.label, text, words[span.first].start, words[span.last].end,
                                          round(score, 4), reference_date))
        return found

    def _pieces(self, sentences: list[list[str]]) -> list[_Piece]:
        encoded: list[EncodedSentence] = encode_sentences(self.tokenizer, sentences, self.normalization)
        pieces = []
        for s, enc in enumerate(encoded):
            for win in windows(enc, self.max_tokens, self.stride):
                owned = [w for w in range(win.own_start, win.own_end) if enc.word_starts[w] >= 0]
                ids = self.prefix + enc.ids[win.tok_start:win.tok_end] + self.suffix
                offset = len(self.prefix) - win.tok_start
                pieces.append(_Piece(s, ids, [offset + enc.word_starts[w] for w in owned], owned))
        return pieces

    def _batches(self, pieces: list[_Piece], batch_size: int):
        """Pieces sorted by length, padded batch by batch to their longest member."""
        torch = self.torch
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i].input_ids))
        for b in range(0, len(order), batch_size):
            batch = [pieces[i] for i in order[b:b + batch_size]]
            width = max(len(p.input_ids) for p in batch)
            ids = torch.full((len(batch), width), self.pad_id, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for row, piece in enumerate(batch):
                ids[row, :len(piece.input_ids)] = torch.tensor(piece.input_ids)
                mask[row, :len(piece.input_ids)] = 1
            yield batch, ids.to(self.device), mask.to(self.device)

    def _predict(self, sentences: list[list[str]], batch_size: int) -> list[tuple[list[str], list[float]]]:
        """Tags and scores per word of each sentence; words with no sub-token are O with score 1."""
        import numpy as np

        torch = self.torch
        tags = [self.id2label[i] for i in range(len(self.id2label))]
        outside = tags.index(OUTSIDE)
        probs = [np.zeros((len(words), len(tags)), dtype=np.float32) for words in sentences]
        for p in probs:
            p[:, outside] = 1.0
        with torch.inference_mode():
            for batch, ids, mask in self._batches(self._pieces(sentences), batch_size):
                rows = torch.tensor([row for row, p in enumerate(batch) for _ in p.positions], dtype=torch.long)
                cols = torch.tensor([pos for p in batch for pos in p.positions], dtype=torch.long)
                logits = self.model(input_ids=ids, attention_mask=mask).logits
                word_probs = logits[rows.to(self.device), cols.to(self.device)].float().softmax(-1).cpu().numpy()
                k = 0
                for piece in batch:
                    probs[piece.sentence][piece.owned_words] = word_probs[k:k + len(piece.owned_words)]
                    k += len(piece.owned_words)
        results = []
        for words, p in zip(sentences, probs):
            path = decode(p, tags, words, self.decoding)
            results.append(([tags[i] for i in path], [float(p[w, i]) for w, i in enumerate(path)]))
        return results
