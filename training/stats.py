"""The corpus figures of ``data/README.md``, recomputed from the files (``arabic-ie data-stats``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from arabic_ie.inference.labels import LABELS
from arabic_ie.inference.values import entity_value
from arabic_ie.training.augment import has_quotes, spans_in_quotes
from arabic_ie.training.corpus import SPLITS, distinct_entities, load_sources
from arabic_ie.training.gold import load_records

ARABIC_INDIC = set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
REAL_REGISTER_PREFIX = "rn-"  # documents written in the register of real news (data/source/rn-*.md)


def corpus_stats(source_dir: Path, corpus_dir: Path) -> dict:
    """Counts per split and label, distinct names, currencies, digit forms and source size."""
    docs, _ = load_sources(sorted(source_dir.glob("*.md")))
    splits = {name: load_records(corpus_dir / f"{name}.jsonl") for name in SPLITS}
    stats: dict = {"source_files": len(list(source_dir.glob("*.md"))), "splits": {}}
    mentions = []
    for name, records in splits.items():
        labels = Counter(s.label for r in records for s in r.spans)
        row = {
            "documents": len({r.extra.get("doc_id") for r in records}),
            "sentences": len(records),
            "words": sum(len(r.words) for r in records),
            "entities": sum(labels.values()),
            "per_label": {label: labels[label] for label in LABELS},
            "sentences_without_entity": sum(not r.spans for r in records),
            "sentences_with_quotes": sum(has_quotes(r.text) for r in records),
            "entities_in_quotes": sum(spans_in_quotes(r.text, r.spans) for r in records),
        }
        unseen = [r for r in records if r.extra.get("unseen")]
        if unseen:
            row["unseen_documents"] = len({r.extra.get("doc_id") for r in unseen})
            row["unseen_sentences"] = len(unseen)
        stats["splits"][name] = row
        mentions += [(s.label, r.text[s.start:s.end]) for r in records for s in r.spans]
    totals = Counter()
    for row in stats["splits"].values():
        totals.update({k: row[k] for k in ("documents", "sentences", "words", "entities")})
        totals.update(row["per_label"])
    stats["total"] = dict(totals)
    stats["split_share"] = {n: round(stats["splits"][n]["documents"] / max(1, totals["documents"]), 3) for n in SPLITS}
    distinct = distinct_entities(mentions)
    stats["distinct_company_forms"] = len(distinct["COMPANY"])
    stats["distinct_chip_forms"] = len(distinct["CHIP"])
    for label, key in (("COMPANY", "distinct_companies"), ("CHIP", "distinct_chips")):
        names = {(entity_value(label, surface) or {}).get("name") for lab, surface in mentions if lab == label}
        stats[key] = len(names - {None})
    amounts = [surface for label, surface in mentions if label == "AMOUNT"]
    currencies = Counter((entity_value("AMOUNT", a) or {}).get("currency") or "unread" for a in amounts)
    stats["amount_currencies"] = dict(currencies.most_common())
    stats["amounts_with_arabic_indic_digits"] = sum(bool(set(a) & ARABIC_INDIC) for a in amounts)
    stats["source_documents"] = len(docs)
    real = [r for records in splits.values() for r in records if str(r.extra.get("doc_id", "")).startswith(REAL_REGISTER_PREFIX)]
    stats["real_register"] = {
        "documents": len({r.extra["doc_id"] for r in real}), "sentences": len(real),
        "entities": sum(len(r.spans) for r in real), "words": sum(len(r.words) for r in real),
        "sentences_without_entity": sum(not r.spans for r in real),
    }
    stats["facts"] = fact_stats(splits)
    return stats


def fact_stats(splits: dict[str, list]) -> dict:
    """Gold money facts per split, type and modality; how many reach back to an earlier sentence."""
    out: dict = {"splits": {}, "per_type": Counter(), "per_modality": Counter(), "from_earlier_sentence": 0,
                 "without_company": 0}
    for name, records in splits.items():
        facts = [(r, f) for r in records for f in r.extra.get("facts", [])]
        out["splits"][name] = {"facts": len(facts), "documents": len({r.extra.get("doc_id") for r, _ in facts})}
        for r, f in facts:
            out["per_type"][f["type"]] += 1
            out["per_modality"][f["modality"]] += 1
            out["from_earlier_sentence"] += any(f[k] and f[k].get("id", r.id) != r.id for k in ("company", "period"))
            out["without_company"] += f["company"] is None
    out["per_type"], out["per_modality"] = dict(out["per_type"]), dict(out["per_modality"])
    return out


def format_stats(stats: dict) -> str:
    """A plain-text table of :func:`corpus_stats`."""
    lines = [f"{'split':8} {'docs':>5} {'sents':>6} {'words':>7} {'ents':>6} " + " ".join(f"{l:>8}" for l in LABELS)]
    rows = list(stats["splits"].items()) + [("total", stats["total"] | {"per_label": {l: stats["total"].get(l, 0) for l in LABELS}})]
    for name, row in rows:
        lines.append(f"{name:8} {row['documents']:5d} {row['sentences']:6d} {row['words']:7d} {row['entities']:6d} "
                     + " ".join(f"{row['per_label'][l]:8d}" for l in LABELS))
    test = stats["splits"]["test"]
    lines += [
        f"document share train/dev/test: {stats['split_share']['train']:.2f} / {stats['split_share']['dev']:.2f} / {stats['split_share']['test']:.2f}",
        f"unseen slice (test): {test.get('unseen_documents', 0)} documents, {test.get('unseen_sentences', 0)} sentences",
        f"distinct companies: {stats['distinct_companies']} canonical names ({stats['distinct_company_forms']} spellings)",
        f"distinct chips: {stats['distinct_chips']} canonical names ({stats['distinct_chip_forms']} spellings)",
        "amount currencies: " + ", ".join(f"{c} {n}" for c, n in stats["amount_currencies"].items()),
        f"amounts written with Arabic-Indic digits: {stats['amounts_with_arabic_indic_digits']}",
    ]
    for name, row in stats["splits"].items():
        n = max(1, row["sentences"])
        lines.append(f"{name}: {row['sentences_without_entity'] / n:.1%} of sentences without an entity, "
                     f"{row['sentences_with_quotes'] / n:.1%} with quote marks, {row['entities_in_quotes']} entities inside quotes, "
                     f"{row['entities'] / max(1, row['words']):.3f} entities per word")
    real = stats["real_register"]
    lines.append(f"real-news register (rn-* documents): {real['documents']} documents, {real['sentences']} sentences, "
                 f"{real['sentences_without_entity']} without an entity, {real['entities'] / max(1, real['words']):.3f} entities per word")
    facts = stats["facts"]
    lines.append("money facts: " + ", ".join(f"{n} {row['facts']} in {row['documents']} documents"
                                             for n, row in facts["splits"].items())
                 + f"; {facts['from_earlier_sentence']} with the company or period in an earlier sentence, "
                   f"{facts['without_company']} without a company")
    lines.append("  per type: " + ", ".join(f"{k} {v}" for k, v in sorted(facts["per_type"].items()))
                 + "; per modality: " + ", ".join(f"{k} {v}" for k, v in sorted(facts["per_modality"].items())))
    return "\n".join(lines)
