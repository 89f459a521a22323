"""Entity-level evaluation with seqeval, through the same tagging path users get."""

from __future__ import annotations

from typing import Sequence

from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from arabic_ie.inference.labels import LABELS, Span, repair_tags, spans_to_tags, tags_to_word_spans
from arabic_ie.inference.words import split_words
from arabic_ie.training.gold import Record


def _scores(gold: list[list[str]], pred: list[list[str]], strict: bool) -> dict:
    """Micro, macro and per-label precision/recall/F1 in one seqeval mode."""
    options = {"mode": "strict", "scheme": IOB2} if strict else {}
    report = classification_report(gold, pred, output_dict=True, zero_division=0, **options)

    def pick(row: dict) -> dict:
        return {"precision": float(row["precision"]), "recall": float(row["recall"]),
                "f1": float(row["f1-score"]), "support": int(row["support"])}

    empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
    return {
        "micro": pick(report["micro avg"]) if "micro avg" in report else empty,
        "macro": pick(report["macro avg"]) if "macro avg" in report else empty,
        "per_label": {label: pick(report[label]) if label in report else empty for label in LABELS},
    }


def seqeval_scores(gold: list[list[str]], pred: list[list[str]], strict: bool = False) -> dict:
    """seqeval scores in default mode; with ``strict``, the same in strict IOB2 mode under ``strict``.

    Strict mode only differs on invalid BIO2 predictions (an ``I-X`` that starts an entity).
    Our taggers return entities, and their word tags are valid BIO2 by construction (Viterbi
    decoding, see :mod:`arabic_ie.inference.decoding`), so the evaluation of a tagger does not ask for it;
    it is there for tag sequences from elsewhere (``export-conll``, other systems).
    """
    scores = _scores(gold, pred, strict=False)
    if strict:
        scores["strict"] = _scores(gold, pred, strict=True)
    scores["n_sentences"] = len(gold)
    scores["n_gold"] = sum(t.startswith("B-") for tags in gold for t in tags)
    scores["n_pred"] = sum(t.startswith("B-") for tags in pred for t in repair_tags(tags))
    return scores


def documents(records: Sequence[Record]) -> list[list[Record]]:
    """The records grouped into their documents: runs of one ``doc_id`` (a record without one is alone)."""
    groups: list[list[Record]] = []
    for record in records:
        doc = record.extra.get("doc_id")
        if groups and doc is not None and groups[-1][-1].extra.get("doc_id") == doc:
            groups[-1].append(record)
        else:
            groups.append([record])
    return groups


def predict_tags(tagger, records: Sequence[Record], batch_size: int = 32) -> list[list[str]]:
    """Tag the gold texts as a user tags articles (each sentence read alone, then the tagger's document pass
    over the sentences of its document, ``tagger.tag_documents``) and turn the entities into word tags."""
    tagged = tagger.tag_documents([[r.text for r in doc] for doc in documents(records)], batch_size=batch_size)
    return entity_tags(records, [found for doc in tagged for found in doc])


def entity_tags(records: Sequence[Record], entities: Sequence[Sequence]) -> list[list[str]]:
    """The word tags of each record's found entities (anything with ``start``, ``end``, ``label``)."""
    return [spans_to_tags(split_words(r.text), [Span(e.start, e.end, e.label) for e in found])
            for r, found in zip(records, entities)]


def score_predictions(records: Sequence[Record], pred: list[list[str]]) -> dict:
    """Scores against the records; with an unseen slice, that slice and the rest again under ``unseen`` and ``seen``."""
    gold = [r.tags for r in records]
    scores = seqeval_scores(gold, pred)
    unseen = [i for i, r in enumerate(records) if r.extra.get("unseen")]
    if unseen:
        seen = [i for i, r in enumerate(records) if not r.extra.get("unseen")]
        scores["unseen"] = seqeval_scores([gold[i] for i in unseen], [pred[i] for i in unseen])
        if seen:
            scores["seen"] = seqeval_scores([gold[i] for i in seen], [pred[i] for i in seen])
    return scores


def evaluate(tagger, records: Sequence[Record], batch_size: int = 32) -> dict:
    """Tag the records' texts with ``tagger`` and score the result."""
    return score_predictions(records, predict_tags(tagger, records, batch_size))


ERROR_KINDS = ("missed", "spurious", "boundary", "label", "label+boundary")


def _span_text(record: Record, words, span) -> str:
    return f"{record.text[words[span.first].start:words[span.last].end]} ({span.label})"


def find_errors(records: Sequence[Record], pred: list[list[str]]) -> dict[str, list[dict]]:
    """Every wrong entity, by kind: missed, spurious, wrong boundary, wrong label, or both."""
    errors: dict[str, list[dict]] = {kind: [] for kind in ERROR_KINDS}
    for record, tags in zip(records, pred):
        words = split_words(record.text)
        gold_spans = set(tags_to_word_spans(record.tags))
        pred_spans = set(tags_to_word_spans(tags))
        found = []  # (kind, gold span, predicted span)
        for g in sorted(gold_spans - pred_spans):
            overlapping = [p for p in pred_spans if p.first <= g.last and g.first <= p.last]
            if not overlapping:
                found.append(("missed", g, None))
            for p in overlapping:
                if (p.first, p.last) == (g.first, g.last):
                    found.append(("label", g, p))
                else:
                    found.append(("boundary" if p.label == g.label else "label+boundary", g, p))
        for p in sorted(pred_spans - gold_spans):
            if not any(p.first <= g.last and g.first <= p.last for g in gold_spans):
                found.append(("spurious", None, p))
        for kind, g, p in found:
            errors[kind].append({"id": record.id, "sentence": record.text,
                                 "gold": _span_text(record, words, g) if g else None,
                                 "pred": _span_text(record, words, p) if p else None})
    return errors


def confusion(records: Sequence[Record], pred: list[list[str]]) -> dict[str, dict[str, int]]:
    """Gold label × predicted label over overlapping spans; ``none`` marks a missed or spurious entity."""
    names = list(LABELS) + ["none"]
    table = {g: {p: 0 for p in names} for g in names}
    for record, tags in zip(records, pred):
        gold_spans, pred_spans = tags_to_word_spans(record.tags), tags_to_word_spans(tags)
        for g in gold_spans:
            hits = [p for p in pred_spans if p.first <= g.last and g.first <= p.last]
            for p in hits:
                table[g.label][p.label] += 1
            if not hits:
                table[g.label]["none"] += 1
        for p in pred_spans:
            if not any(p.first <= g.last and g.first <= p.last for g in gold_spans):
                table["none"][p.label] += 1
    return table


def markdown_report(title: str, scores: dict, errors: dict[str, list[dict]], table: dict[str, dict[str, int]]) -> str:
    """The report a person reads: scores, the confusion table, then every error by kind."""
    lines = [f"# {title}", "", f"{scores['n_sentences']} sentences, {scores['n_gold']} gold entities, "
             f"{scores['n_pred']} predicted.", "", "| | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    rows = [("micro", scores["micro"]), ("macro", scores["macro"])] + list(scores["per_label"].items())
    rows += [(name, scores[key]["micro"]) for key, name in (("seen", "seen names, micro"), ("unseen", "unseen slice, micro"))
             if key in scores]
    lines += [f"| {name} | {r['precision']:.4f} | {r['recall']:.4f} | {r['f1']:.4f} | {r['support']} |" for name, r in rows]
    names = list(table)
    lines += ["", "## Confusion (rows gold, columns predicted; overlapping spans)", "",
              "| gold \\ pred | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines += [f"| {g} | " + " | ".join(str(table[g][p]) for p in names) + " |" for g in names]
    for kind in ERROR_KINDS:
        lines += ["", f"## {kind} ({len(errors[kind])})", ""]
        for e in errors[kind]:
            detail = " → ".join(x for x in (f"gold «{e['gold']}»" if e["gold"] else "", f"predicted «{e['pred']}»" if e["pred"] else "") if x)
            lines.append(f"- `{e['id']}` {detail}: {e['sentence']}")
    return "\n".join(lines) + "\n"
