"""Gold and silver JSONL files: validation against ANNOTATION.md, word tags, datasets and CoNLL.

A record is ``{"id", "text", "entities": [{"start", "end", "label"}]}``; any other
field (``doc_id``, ``unseen``, ``source``) is kept. A record with a ``sha1`` and no
``text`` is a real-news label: its text is joined from outside the repository
(:mod:`arabic_ie.training.realnews`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from arabic_ie.inference.labels import LABELS, TAGS, Span, spans_to_tags
from arabic_ie.inference.problems import InputError, Problem
from arabic_ie.inference.words import split_words


@dataclass
class Record:
    """A validated gold sentence: text, words, spans and where it came from."""

    id: str
    text: str
    spans: list[Span]
    path: str
    line: int
    extra: dict = field(default_factory=dict)

    @property
    def words(self) -> list[str]:
        return [w.text for w in split_words(self.text)]

    @property
    def tags(self) -> list[str]:
        return spans_to_tags(split_words(self.text), self.spans)


def record_problems(obj: object, path: str, line: int) -> list[Problem]:
    """Everything wrong with one parsed JSON line."""
    if not isinstance(obj, dict):
        return [Problem(path, line, "a line must hold a JSON object")]
    rid = obj.get("id") if isinstance(obj.get("id"), str) else None
    problems = []
    for key, kind in (("id", str), ("text", str), ("entities", list)):
        if key not in obj:
            problems.append(Problem(path, line, f"missing field {key!r}", rid))
        elif not isinstance(obj[key], kind):
            problems.append(Problem(path, line, f"field {key!r} must be a {kind.__name__}", rid))
    if problems:
        return problems
    text = obj["text"]
    words = split_words(text)
    starts, ends = {w.start for w in words}, {w.end for w in words}
    spans = []
    for n, ent in enumerate(obj["entities"]):
        if not isinstance(ent, dict) or not all(isinstance(ent.get(k), int) and not isinstance(ent.get(k), bool) for k in ("start", "end")) or "label" not in ent:
            problems.append(Problem(path, line, f"entity {n} needs integer 'start', 'end' and a 'label'", rid, json.dumps(ent, ensure_ascii=False)))
            continue
        start, end, label = ent["start"], ent["end"], ent["label"]
        if label not in LABELS:
            problems.append(Problem(path, line, f"entity {n}: unknown label {label!r} (expected one of {', '.join(LABELS)})", rid))
        if not 0 <= start < end <= len(text):
            problems.append(Problem(path, line, f"entity {n}: offsets {start}:{end} outside the text (length {len(text)}) or empty", rid))
            continue
        if start not in starts or end not in ends:
            problems.append(Problem(path, line, f"entity {n}: offsets {start}:{end} are not on word boundaries", rid, text[start:end]))
        spans.append((start, end, n))
    spans.sort()
    for (s1, e1, n1), (s2, e2, n2) in zip(spans, spans[1:]):
        if s2 < e1:
            problems.append(Problem(path, line, f"entities {n1} and {n2} overlap", rid, text[s1:max(e1, e2)]))
    return problems


def read_records(path: str | Path) -> tuple[list[Record], list[Problem]]:
    """Read one JSONL file; return the valid records and the problems of the others."""
    shown = str(path)
    records, problems = [], []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        return [], [Problem(shown, 0, f"cannot read file: {err}")]
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as err:
            problems.append(Problem(shown, number, f"bad JSON: {err.msg} at column {err.colno}", text=raw[:60]))
            continue
        if isinstance(obj, dict) and "sha1" in obj and "text" not in obj:
            from arabic_ie.training.realnews import RealTextMissing, join_text

            try:
                obj, found = join_text(obj, shown, number)
            except RealTextMissing as err:
                return records, problems + [Problem(shown, number, str(err))]
            if found:
                problems.extend(found)
                continue
        found = record_problems(obj, shown, number)
        if found:
            problems.extend(found)
            continue
        spans = [Span(e["start"], e["end"], e["label"]) for e in obj["entities"]]
        extra = {k: v for k, v in obj.items() if k not in ("id", "text", "entities")}
        records.append(Record(obj["id"], obj["text"], sorted(spans), shown, number, extra))
    return records, problems


def cross_file_problems(records: Iterable[Record]) -> list[Problem]:
    """Duplicate ids anywhere, and the same sentence in two files (splits)."""
    problems = []
    ids: dict[str, Record] = {}
    texts: dict[str, Record] = {}
    for rec in records:
        if rec.id in ids:
            first = ids[rec.id]
            problems.append(Problem(rec.path, rec.line, f"duplicate id (first at {first.path}:{first.line})", rec.id))
        ids.setdefault(rec.id, rec)
        key = " ".join(rec.text.split())
        first = texts.setdefault(key, rec)
        if first.path != rec.path:
            problems.append(Problem(rec.path, rec.line, f"the same sentence is in {first.path}:{first.line}", rec.id, key[:80]))
    return problems


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in the given JSONL files, checked together."""
    everything, problems = [], []
    for path in paths:
        records, found = read_records(path)
        everything.extend(records)
        problems.extend(found)
    return problems + cross_file_problems(everything)


def load_records(path: str | Path) -> list[Record]:
    """Read a JSONL file, raising :class:`InputError` if anything in it is wrong."""
    records, problems = read_records(path)
    if problems:
        raise InputError(problems)
    return records


def to_conll(records: Iterable[Record]) -> str:
    """CoNLL text for seqeval users: ``word<TAB>tag`` lines, a blank line between sentences."""
    blocks = ["\n".join(f"{w}\t{t}" for w, t in zip(r.words, r.tags)) for r in records]
    return "\n\n".join(b for b in blocks if b) + "\n"


def load_dataset_dict(files: dict[str, str | Path]):
    """A ``datasets.DatasetDict`` with ``id``, ``tokens`` and ``ner_tags`` (a ClassLabel sequence) per split.

    Needs the optional ``datasets`` package: ``pip install "arabic-ie[datasets]"``.
    """
    try:
        from datasets import ClassLabel, Dataset, DatasetDict, Features, Sequence, Value
    except ImportError:
        raise ImportError('load_dataset_dict needs the datasets package: pip install "arabic-ie[datasets]"') from None

    features = Features({
        "id": Value("string"),
        "tokens": Sequence(Value("string")),
        "ner_tags": Sequence(ClassLabel(names=list(TAGS))),
    })
    splits = {}
    for name, path in files.items():
        records = load_records(path)
        splits[name] = Dataset.from_dict(
            {"id": [r.id for r in records], "tokens": [r.words for r in records], "ner_tags": [r.tags for r in records]},
            features=features,
        )
    return DatasetDict(splits)
