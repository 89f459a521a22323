"""The real-news yardstick: labels for published sentences we may not copy, joined with their text at run time.

``data/realnews/{dev,test}.jsonl`` hold, per sentence, only ``id``, ``doc_id``, ``source``,
``section``, ``sha1`` (of the text) and ``entities`` (character offsets and labels). The text
lives outside the repository, in ``../shared/realtext/news.jsonl`` (or the file named by
``$ARABIC_IE_REALTEXT``), one ``{"id", "text", ...}`` object a line. :func:`join_text` puts
it back when a file is read (``arabic_ie.training.gold.read_records`` calls it for any record with a
``sha1`` and no ``text``) and refuses a sentence whose text hash differs from the label's.

Authoring goes through marked-up files kept outside the repository (``<id><TAB>[text](LABEL)``
lines under ``## <doc>`` headers): ``arabic-ie realnews build`` turns them into the annotation
files, ``arabic-ie realnews markup`` turns the annotation files back into markup for corrections.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from arabic_ie.inference.problems import InputError, Problem
from arabic_ie.training.corpus import Document
from arabic_ie.training.fact_lines import fact_line, resolve_facts

REPO = Path(__file__).resolve().parents[1]
REALNEWS_DIR = REPO / "data" / "realnews"
TEXT_ENV = "ARABIC_IE_REALTEXT"
DEFAULT_TEXT = REPO.parent / "shared" / "realtext" / "news.jsonl"
DEV_SHARE = 0.40  # of each section's sentences, by whole documents; the rest is realnews-test
SOURCES = (
    "ANT Corpus v1.1 (JawharaFM articles; GitHub repository antcorpus/antcorpus.data, cite Chouigui et al., AICCSA 2017) "
    "and the Arabic Wikinews sample WikiNewsTruth.txt of the GitHub repository kdarwish/Farasa (CC BY 2.5)"
)


def text_sha1(text: str) -> str:
    """The hash that ties a label to its sentence: SHA-1 of the UTF-8 text."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def text_path() -> Path:
    """Where the real-news text is read from: ``$ARABIC_IE_REALTEXT`` or ``../shared/realtext/news.jsonl``."""
    return Path(os.environ.get(TEXT_ENV) or DEFAULT_TEXT)


def text_available() -> bool:
    """Whether the real-news text can be joined on this machine."""
    return text_path().is_file()


class RealTextMissing(FileNotFoundError):
    """The text of the real-news yardstick is not on this machine."""


def missing_message(path: Path) -> str:
    return (f"the real-news text is not at {path} (set ${TEXT_ENV} to its news.jsonl). Its sentences are "
            f"published text and never stored in this repository; they come from {SOURCES}, one "
            '{"id", "text"} object a line as in ../shared/realtext/news.jsonl.')


@lru_cache(maxsize=4)
def _texts(path: Path) -> dict[str, str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise RealTextMissing(missing_message(path)) from None
    texts = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            texts[obj["id"]] = obj["text"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise InputError([Problem(str(path), number, "not a {\"id\", \"text\"} JSON object", text=raw[:60])]) from None
    return texts


def real_sentences(path: Path | None = None) -> dict[str, str]:
    """Every real-news sentence by id (raises :class:`RealTextMissing` when the file is absent)."""
    return _texts(path or text_path())


def join_text(obj: dict, path: str, line: int) -> tuple[dict | None, list[Problem]]:
    """``obj`` with its ``text`` put back, or the problems (unknown id, hash mismatch)."""
    rid, digest = obj.get("id"), obj.get("sha1")
    if not isinstance(rid, str) or not isinstance(digest, str):
        return None, [Problem(path, line, "an annotation-only record needs string 'id' and 'sha1'")]
    text = real_sentences().get(rid)
    if text is None:
        return None, [Problem(path, line, f"no sentence with this id in {text_path()}", rid)]
    if text_sha1(text) != digest:
        return None, [Problem(path, line, f"the text in {text_path()} has another hash (sha1 {text_sha1(text)[:12]}…, "
                                          f"label says {digest[:12]}…): the labels belong to another version of it", rid)]
    return {**obj, "text": text}, []


def annotation_only(record: dict) -> dict:
    """The storable form of a labelled real sentence: everything but the text, plus its hash."""
    out = {k: v for k, v in record.items() if k not in ("text", "entities", "_where")}
    out["sha1"] = text_sha1(record["text"])
    out["entities"] = record["entities"]
    return out


def assign_splits(sentences: dict[str, dict], fixed: dict[str, str] | None = None) -> dict[str, str]:
    """realnews-dev or realnews-test per document: within each section, documents ranked by the
    SHA-1 of their id fill dev up to 40% of the section's sentences, the rest go to test.

    Documents in ``fixed`` keep their split (a yardstick that grows never moves a document: dev was
    tuned on, test was reported); the others are split by the same rule among themselves."""
    fixed = fixed or {}
    by_section: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for meta in sentences.values():
        if meta["doc_id"] not in fixed:
            by_section[meta["section"]][meta["doc_id"]] += 1
    here = {meta["doc_id"] for meta in sentences.values()}
    split = {doc: name for doc, name in fixed.items() if doc in here}
    for docs in by_section.values():
        total, taken = sum(docs.values()), 0
        for doc in sorted(docs, key=lambda d: hashlib.sha1(d.encode()).hexdigest()):
            split[doc] = "dev" if taken + docs[doc] / 2 <= DEV_SHARE * total else "test"
            taken += docs[doc] if split[doc] == "dev" else 0
    return split


def parse_markup(paths: Iterable[Path]) -> tuple[list[dict], list[Problem]]:
    """Labelled records from marked-up files, checked against the real text (unchanged, whole words).

    Each record keeps where it was written under ``_where`` (path, line) for later reports.
    """
    from arabic_ie.training.corpus import parse_sentence
    from arabic_ie.training.gold import record_problems

    texts = real_sentences()
    meta = _metadata()
    records, problems = [], []
    for path in paths:
        doc: Document | None = None
        ids: list[str] = []
        for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
            if raw.startswith("## "):
                problems += _resolve(doc, ids, records)
                doc, ids = Document(raw[3:].strip(), str(path), number), []
                continue
            if not raw.strip() or raw.startswith("%"):
                continue
            if raw.startswith(">"):
                if doc is None or not doc.sentences:
                    problems.append(Problem(str(path), number, "a fact line must follow the sentence of its AMOUNT"))
                else:
                    doc.sentences[-1].fact_lines.append((number, raw))
                continue
            rid, tab, markup = raw.partition("\t")
            if not tab or rid not in texts:
                problems.append(Problem(str(path), number, "expected `<id><TAB><marked-up text>` with an id of the real text", text=raw[:40]))
                continue
            sentence, found = parse_sentence(markup, str(path), number)
            if sentence.text != texts[rid]:
                found.append(Problem(str(path), number, "the text differs from the real sentence (only markup may be added)", rid))
            record = {"id": rid, **meta[rid], "_where": (str(path), number), "text": sentence.text,
                      "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in sentence.spans]}
            found += record_problems(record, str(path), number)
            problems += found
            if doc is not None:
                doc.sentences.append(sentence)
                ids.append(rid)
            if not found:
                records.append(record)
        problems += _resolve(doc, ids, records)
    return records, problems


def _resolve(doc: "Document | None", ids: list[str], records: list[dict]) -> list[Problem]:
    """The facts of a marked-up document (its ``>`` lines) into its records' ``facts``."""
    if doc is None or not any(s.fact_lines for s in doc.sentences):
        return []
    problems = resolve_facts(doc, ids)
    by_id = {r["id"]: r for r in records}
    for rid, sentence in zip(ids, doc.sentences):
        if rid in by_id:
            by_id[rid]["facts"] = sentence.facts
    return problems


def _metadata() -> dict[str, dict]:
    """``doc_id``, ``source`` and ``section`` of each real sentence, from the text file's other fields."""
    out = {}
    for raw in text_path().read_text(encoding="utf-8").splitlines():
        if raw.strip():
            obj = json.loads(raw)
            out[obj["id"]] = {"doc_id": obj.get("doc", obj["id"].rsplit("-", 1)[0]),
                              "source": obj.get("source", ""), "section": obj.get("section", "")}
    return out


def _current_splits(out_dir: Path) -> dict[str, str]:
    """doc_id → split of the documents already in ``out_dir``'s ``dev.jsonl`` and ``test.jsonl``."""
    split = {}
    for name in ("dev", "test"):
        path = out_dir / f"{name}.jsonl"
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    split[json.loads(line)["doc_id"]] = name
    return split


def build(paths: Iterable[Path], out_dir: Path = REALNEWS_DIR) -> dict[str, int]:
    """Write ``dev.jsonl`` and ``test.jsonl`` (annotation only) from marked-up files; whole documents only.
    Documents already in ``out_dir`` stay in their split; new ones are split by :func:`assign_splits`."""
    from arabic_ie.training.corpus import write_jsonl

    records, problems = parse_markup(paths)
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_doc[r["doc_id"]].append(r)
    meta = _metadata()
    for doc, rows in by_doc.items():
        wanted = sorted(i for i, m in meta.items() if m["doc_id"] == doc)
        if sorted(r["id"] for r in rows) != wanted:
            problems.append(Problem(*rows[0]["_where"], f"document {doc} is incomplete: label all its {len(wanted)} sentences"))
    if problems:
        raise InputError(problems)
    split = assign_splits({r["id"]: r for r in records}, _current_splits(out_dir))
    order = {rid: n for n, rid in enumerate(meta)}
    counts = {}
    for name in ("dev", "test"):
        rows = sorted((r for r in records if split[r["doc_id"]] == name), key=lambda r: order[r["id"]])
        write_jsonl(out_dir / f"{name}.jsonl", [annotation_only(r) for r in rows])
        counts[name] = len(rows)
    return counts


def markup(paths: Iterable[Path], out: Path) -> int:
    """The inverse of :func:`build`: annotation files joined with their text, as editable markup."""
    from arabic_ie.training.files import atomic_open
    from arabic_ie.training.gold import load_records

    lines, count = [], 0
    texts: dict[str, str] = {}  # the sentences so far, for the surfaces of the facts' references
    for path in paths:
        doc = None
        for record in load_records(path):
            if record.extra.get("doc_id") != doc:
                doc = record.extra.get("doc_id")
                lines += ["", f"## {doc}"] if lines else [f"## {doc}"]
            pieces, pos = [], 0
            for span in record.spans:
                pieces += [record.text[pos:span.start], f"[{record.text[span.start:span.end]}]({span.label})"]
                pos = span.end
            lines.append(f"{record.id}\t{''.join(pieces)}{record.text[pos:]}")
            texts[record.id] = record.text
            lines += [fact_line(fact, texts, record.id) for fact in record.extra.get("facts", [])]
            count += 1
    with atomic_open(out) as f:
        f.write("\n".join(lines) + "\n")
    return count


def join(paths: Iterable[Path], out_dir: Path) -> dict[str, int]:
    """Write the annotation files with their text joined, for tools that read plain gold JSONL."""
    from arabic_ie.training.corpus import write_jsonl
    from arabic_ie.training.gold import load_records

    counts = {}
    out_dir.mkdir(parents=True, exist_ok=True)
    for path in paths:
        records = load_records(path)
        rows = [{"id": r.id, "text": r.text, "entities": [s._asdict() for s in r.spans],
                 **{k: v for k, v in r.extra.items() if k != "sha1"}} for r in records]
        target = out_dir / f"realnews-{Path(path).stem}.jsonl"
        write_jsonl(target, rows)
        counts[str(target)] = len(rows)
    return counts
