"""Gazetteers of the rule baseline, built from the gold TRAIN split only.

:func:`build_gazetteers` reads one gold JSONL file (``data/corpus/train.jsonl``)
and writes ``company.txt`` and ``chip.txt``: one name a line, sorted, ``#``
comments on top. Only the file it is given is read: the dev and test splits,
``data/aliases.tsv`` and ``data/source`` hold test documents, and names taken
from them would leak test answers into the baseline.

Every COMPANY and CHIP mention gives one line: its surface form, or the form
without a glued proclitic (``وتينسنت`` → ``تينسنت``; the tagger matches the
glued form through the bare one). A name written with both labels keeps the one
it has more often. Names that the train text uses as ordinary words more often
than as that entity are dropped, and so are a few short common words
(:data:`COMMON_WORDS`).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from arabic_ie.inference.arabic import fold, glued_proclitic, proclitic_variants
from arabic_ie.inference.words import split_words
from arabic_ie.training.files import write_text_atomic
from arabic_ie.training.gold import load_records

LABEL_FILES = {"COMPANY": "company.txt", "CHIP": "chip.txt"}

# Ordinary words (folded) that are also short company or product names in the
# news, and the Arabic letter names: never listed alone.
COMMON_WORDS = frozenset(fold(w) for w in (
    "إكس", "جيو", "تيليكوم", "شارب", "بوش", "ألف", "ذا", "سي", "إل", "بي", "آي",
    "تي", "إيه", "إم", "واي", "كيه", "جي", "دي", "إس", "إن", "أو", "إي", "يو", "آر", "في", "ون",
    "X", "Sharp", "Jio",
))


def _word_keys(text: str) -> tuple[str, ...]:
    """The folded words of ``text``: the key a name is matched by."""
    return tuple(fold(w.text) for w in split_words(text))


def _variants(surface: str, known: set[tuple[str, ...]]) -> list[str]:
    """``surface``, or the form without the proclitic glued to its first word.

    The tagger matches a glued form through its bare one, so only the bare form is kept.

    The bare form is taken when it is itself a name of the train split, or when
    the letters make a clitic reading likely (:func:`arabic_ie.inference.arabic.glued_proclitic`).
    """
    words = surface.split(" ")
    proclitic = glued_proclitic(words[0], lambda stem: len(stem) >= 2 and _word_keys(" ".join([stem] + words[1:])) in known)
    return [" ".join([words[0][len(proclitic):]] + words[1:])] if proclitic else [surface]


def _plain_counts(records, longest: int = 6) -> Counter:
    """How often each run of up to ``longest`` folded words occurs outside every entity.

    A run also counts under the form without a proclitic on its first word, the
    way the tagger matches names.
    """
    plain: Counter = Counter()
    for rec in records:
        words = split_words(rec.text)
        keys = [fold(w.text) for w in words]
        free = [not any(w.start < s.end and w.end > s.start for s in rec.spans) for w in words]
        for i in range(len(words)):
            for j in range(i + 1, min(i + longest, len(words)) + 1):
                if not free[j - 1]:
                    break
                if not free[i]:
                    break
                key = tuple(keys[i:j])
                plain[key] += 1
                for bare in proclitic_variants(keys[i]):
                    plain[(bare,) + key[1:]] += 1
    return plain


def gazetteer_entries(records) -> dict[str, list[str]]:
    """The names of each gazetteer label found in ``records``, filtered and sorted."""
    plain = _plain_counts(records)
    names: dict[str, set[str]] = {label: set() for label in LABEL_FILES}
    mentions: Counter = Counter()  # (label, key) -> mentions of that name, proclitic or not
    surfaces = [(span.label, " ".join(rec.text[span.start:span.end].split()))
                for rec in records for span in rec.spans if span.label in names]
    known = {_word_keys(surface) for _, surface in surfaces}
    for label, surface in surfaces:
        for form in _variants(surface, known):
            names[label].add(form)
            mentions[(label, _word_keys(form))] += 1
    result = {}
    for label, forms in names.items():
        kept = set()
        for name in forms:
            key = _word_keys(name)
            if not key or len(key) == 1 and (key[0] in COMMON_WORDS or len(key[0]) < 2):
                continue
            # A name written with both labels keeps the one it has more often in train.
            if any(mentions[(other, key)] > mentions[(label, key)] for other in LABEL_FILES if other != label):
                continue
            if plain[key] > mentions[(label, key)]:
                continue  # used as an ordinary word more often than as this entity
            kept.add(name)
        result[label] = sorted(kept)
    return result


def build_gazetteers(train_jsonl: str | Path, out_dir: str | Path) -> dict[str, int]:
    """Write ``company.txt`` and ``chip.txt`` under ``out_dir`` from the gold file ``train_jsonl``.

    Returns the number of names written per label.
    """
    records = load_records(train_jsonl)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for label, names in gazetteer_entries(records).items():
        header = [
            f"# {label} gazetteer of the rule baseline (inference/rules.py), one name a line.",
            f"# Built by `arabic-ie build-gazetteers` from {Path(train_jsonl).name} ({len(records)} sentences): do not edit by hand.",
        ]
        write_text_atomic(out / LABEL_FILES[label], "".join(line + "\n" for line in header + names))
        counts[label] = len(names)
    return counts
