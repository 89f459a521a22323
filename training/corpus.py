"""The authoring format of the gold corpus (``data/source/*.md``) and the build of its splits.

A source file holds documents written with inline markup, ``[علي بابا](COMPANY)``,
and money facts as ``>`` lines under their sentences (:mod:`arabic_ie.training.fact_lines`;
see ``data/AUTHORING.md``). :func:`build_corpus` parses every file, widens spans
to whole words, assigns documents to train/dev/test and writes the JSONL splits.
Check source files while writing with ``arabic-ie validate data/source/FILE.md``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from arabic_ie.inference.arabic import fold, proclitic_variants
from arabic_ie.inference.labels import LABELS, Span
from arabic_ie.inference.problems import Problem
from arabic_ie.inference.words import PUNCTUATION, split_words
from arabic_ie.training.fact_lines import record_id, resolve_facts
from arabic_ie.training.files import atomic_open

MARKUP_RE = re.compile(r"\[([^\[\]]*)\]\(([A-Za-z_]+)\)")
HEADER_RE = re.compile(r"^##\s+(\S+)(?:\s+(\S+))?\s*$")
DOC_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SPLITS = ("train", "dev", "test")
DEV_SHARE, TEST_SHARE = 0.10, 0.20


@dataclass
class Sentence:
    """One sentence: plain text, character spans and where it was written."""

    text: str
    spans: list[Span]
    line: int
    fact_lines: list[tuple[int, str]] = field(default_factory=list)  # the `>` lines under it: (line, text)
    facts: list[dict] = field(default_factory=list)  # resolved by training/fact_lines.py


@dataclass
class Document:
    """A headline and its sentences, as written in one source file."""

    doc_id: str
    path: str
    line: int
    unseen: bool = False
    sentences: list[Sentence] = field(default_factory=list)


def parse_sentence(markup: str, path: str, line: int) -> tuple[Sentence, list[Problem]]:
    """Turn one marked-up line into plain text and spans, reporting markup problems."""
    problems: list[Problem] = []
    text_parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = 0
    for match in MARKUP_RE.finditer(markup):
        before = markup[pos:match.start()]
        text_parts.append(before)
        length += len(before)
        surface, label = match.group(1), match.group(2)
        if label not in LABELS:
            problems.append(Problem(path, line, f"unknown label {label!r} (expected one of {', '.join(LABELS)})", text=match.group()))
        stripped = surface.strip()
        if not stripped:
            problems.append(Problem(path, line, "empty entity", text=match.group()))
        lead = len(surface) - len(surface.lstrip())
        text_parts.append(surface)
        if stripped and label in LABELS:
            spans.append(Span(length + lead, length + lead + len(stripped), label))
        length += len(surface)
        pos = match.end()
    text_parts.append(markup[pos:])
    text = "".join(text_parts)
    for stray in re.finditer(r"[\[\]]|\]\(", text):
        problems.append(Problem(path, line, "stray markup bracket (entities are written [text](LABEL))", text=text[max(0, stray.start() - 20):stray.end() + 20]))
    sentence = Sentence(text, spans, line)
    problems.extend(_span_problems(sentence, path))
    sentence.spans = _widen_to_words(sentence)
    return sentence, problems


def _span_problems(sentence: Sentence, path: str) -> list[Problem]:
    """Spans off word boundaries, or with punctuation at their edges."""
    words = split_words(sentence.text)
    starts, ends = {w.start for w in words}, {w.end for w in words}
    problems = []
    for span in sentence.spans:
        surface = sentence.text[span.start:span.end]
        if span.start not in starts or span.end not in ends:
            problems.append(Problem(path, sentence.line, f"{span.label} span does not fall on word boundaries (put clitics inside the brackets)", text=surface))
        elif surface[0] in PUNCTUATION or surface[-1] in PUNCTUATION:
            problems.append(Problem(path, sentence.line, f"{span.label} span starts or ends with punctuation (quotes and brackets stay outside)", text=surface))
    return problems


def _widen_to_words(sentence: Sentence) -> list[Span]:
    """Spans widened to whole words (an entity that starts inside a word takes the word)."""
    words = split_words(sentence.text)
    widened = []
    for span in sentence.spans:
        inside = [w for w in words if w.start < span.end and w.end > span.start]
        widened.append(Span(inside[0].start, inside[-1].end, span.label) if inside else span)
    return widened


def parse_source(path: Path) -> tuple[list[Document], list[Problem]]:
    """Parse one ``data/source/*.md`` file into documents."""
    docs: list[Document] = []
    problems: list[Problem] = []
    shown = str(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return [], [Problem(shown, 0, f"cannot read file: {err}")]
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if line.startswith("#"):
            header = HEADER_RE.match(line)
            if not header or not DOC_ID_RE.match(header.group(1)) or header.group(2) not in (None, "unseen"):
                problems.append(Problem(shown, number, "bad document header (expected `## doc-id` or `## doc-id unseen`, id in lowercase ASCII, digits and -)", text=line))
                continue
            docs.append(Document(header.group(1), shown, number, unseen=header.group(2) == "unseen"))
            continue
        if not docs:
            problems.append(Problem(shown, number, "text before the first `## doc-id` header", text=line[:60]))
            continue
        if line.startswith(">"):
            if not docs[-1].sentences:
                problems.append(Problem(shown, number, "a fact line must follow the sentence of its AMOUNT", text=line[:60]))
            else:
                docs[-1].sentences[-1].fact_lines.append((number, line))
            continue
        sentence, found = parse_sentence(line, shown, number)
        docs[-1].sentences.append(sentence)
        problems.extend(found)
    for doc in docs:
        if len(doc.sentences) < 2:
            problems.append(Problem(shown, doc.line, "a document needs a headline and at least one sentence", record_id=doc.doc_id))
        problems.extend(resolve_facts(doc))
    return docs, problems


def entity_key(surface: str, known: set[str] | None = None) -> str:
    """A folded key for an entity surface; a proclitic is dropped when the bare form is known."""
    key = fold(surface)
    if known:
        for bare in proclitic_variants(key):
            if bare in known:
                return bare
    return key


def distinct_entities(mentions: Iterable[tuple[str, str]], labels: tuple[str, ...] = ("COMPANY", "CHIP")) -> dict[str, Counter]:
    """Per label, how often each distinct entity (folded, proclitic dropped) is mentioned.

    ``mentions`` are ``(label, surface)`` pairs.
    """
    mentions = [(label, surface) for label, surface in mentions if label in labels]
    folded = {label: {fold(surface) for lab, surface in mentions if lab == label} for label in labels}
    keys = {label: Counter() for label in labels}
    for label, surface in mentions:
        keys[label][entity_key(surface, folded[label])] += 1
    return keys


def entity_keys(docs: list[Document], labels: tuple[str, ...] = ("COMPANY", "CHIP")) -> dict[str, Counter]:
    """Per label, the count of each distinct entity key over ``docs``."""
    return distinct_entities(((label, surface) for _, _, label, surface in _mentions(docs, labels)), labels)


def _mentions(docs: list[Document], labels: tuple[str, ...]):
    for doc in docs:
        for sentence in doc.sentences:
            for span in sentence.spans:
                if span.label in labels:
                    yield doc, sentence, span.label, sentence.text[span.start:span.end]


def assign_splits(docs: list[Document]) -> dict[str, str]:
    """Map each document id to a split: unseen documents go to test, the rest by a stable hash order.

    Dev takes 10% of all documents and test 20% (the unseen slice counted in), so
    adding a document moves at most one document across each boundary.
    """
    ranked = sorted((d.doc_id for d in docs if not d.unseen), key=lambda i: hashlib.sha1(i.encode()).hexdigest())
    n_dev = round(DEV_SHARE * len(docs))
    n_test = max(0, round(TEST_SHARE * len(docs)) - sum(d.unseen for d in docs))
    split = {doc_id: "dev" for doc_id in ranked[:n_dev]}
    split |= {doc_id: "test" for doc_id in ranked[n_dev:n_dev + n_test]}
    split |= {doc_id: "train" for doc_id in ranked[n_dev + n_test:]}
    split |= {d.doc_id: "test" for d in docs if d.unseen}
    return split


def corpus_problems(docs: list[Document], split: dict[str, str] | None = None) -> list[Problem]:
    """Problems across documents: duplicate ids, repeated sentences, unseen-slice leaks."""
    problems = []
    seen_ids: dict[str, Document] = {}
    for doc in docs:
        if doc.doc_id in seen_ids:
            problems.append(Problem(doc.path, doc.line, f"duplicate document id (first at {seen_ids[doc.doc_id].path}:{seen_ids[doc.doc_id].line})", record_id=doc.doc_id))
        seen_ids.setdefault(doc.doc_id, doc)
    first_seen: dict[str, tuple[str, int]] = {}
    for doc in docs:
        for sentence in doc.sentences:
            key = " ".join(sentence.text.split())
            if key in first_seen:
                problems.append(Problem(doc.path, sentence.line, f"sentence repeated (first at {first_seen[key][0]}:{first_seen[key][1]})", record_id=doc.doc_id, text=key[:80]))
            first_seen.setdefault(key, (doc.path, sentence.line))
    split = split or assign_splits(docs)
    known = entity_keys([d for d in docs if split[d.doc_id] != "test"])
    for doc in docs:
        if not doc.unseen:
            continue
        for _, sentence, label, surface in _mentions([doc], ("COMPANY", "CHIP")):
            key = entity_key(surface, set(known[label]))
            if key in known[label]:
                problems.append(Problem(doc.path, sentence.line, f"unseen document mentions a {label} that train/dev documents use", record_id=doc.doc_id, text=surface))
    return problems


def load_sources(paths: list[Path]) -> tuple[list[Document], list[Problem]]:
    """Parse every source file; problems of all files together."""
    docs, problems = [], []
    for path in paths:
        found_docs, found = parse_source(path)
        docs.extend(found_docs)
        problems.extend(found)
    return docs, problems


def records(docs: list[Document], split: dict[str, str]) -> dict[str, list[dict]]:
    """The JSONL records of each split: one sentence a line, in document order."""
    out: dict[str, list[dict]] = {name: [] for name in SPLITS}
    for doc in docs:
        for n, sentence in enumerate(doc.sentences):
            record = {
                "id": record_id(doc.doc_id, n),
                "doc_id": doc.doc_id,
                "text": sentence.text,
                "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in sentence.spans],
            }
            if doc.unseen:
                record["unseen"] = True
            if any(s.fact_lines for s in doc.sentences):
                record["facts"] = sentence.facts
            out[split[doc.doc_id]].append(record)
    return out


def write_jsonl(path: Path, rows: list[dict]) -> None:
    """Write JSON Lines atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_open(path) as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def build_corpus(source_dir: Path, out_dir: Path) -> dict[str, int]:
    """Build ``train/dev/test.jsonl`` in ``out_dir`` from every ``*.md`` in ``source_dir``.

    Raises :class:`arabic_ie.inference.problems.InputError` listing every problem found; writes nothing then.
    """
    from arabic_ie.inference.problems import InputError

    docs, problems = load_sources(sorted(source_dir.glob("*.md")))
    split = assign_splits(docs)
    problems += corpus_problems(docs, split)
    if problems:
        raise InputError(problems)
    rows = records(docs, split)
    for name in SPLITS:
        write_jsonl(out_dir / f"{name}.jsonl", rows[name])
    return {name: len(rows[name]) for name in SPLITS}


def summary(docs: list[Document]) -> str:
    """Counts for the authors: documents, sentences, entities per label, distinct names."""
    labels = Counter(span.label for d in docs for s in d.sentences for span in s.spans)
    keys = entity_keys(docs)
    lines = [
        f"documents: {len(docs)}  sentences: {sum(len(d.sentences) for d in docs)}  entities: {sum(labels.values())}",
        "per label: " + "  ".join(f"{label}={labels[label]}" for label in LABELS),
        f"distinct companies: {len(keys['COMPANY'])}  distinct chips: {len(keys['CHIP'])}",
    ]
    return "\n".join(lines)
