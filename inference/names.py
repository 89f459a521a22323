"""Canonical names of companies and chips: ``وتينسنت`` → ``Tencent``, ``كونلون بي800`` → ``Kunlun P800``.

Names go through the alias table ``data/aliases.tsv`` (``label<TAB>canonical<TAB>alias``),
matched on :func:`arabic_ie.inference.arabic.fold` keys, so spelling variants of hamza,
alef, ya, ta marbuta and Latin case need one line. An attached proclitic
(``و``, ``ب``, ``ل``...) is removed when the rest is a known alias; names that
themselves start with those letters (``بايدو``, ``لينوفو``, ``وولفسبيد``) are
known aliases and win.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import NamedTuple

from arabic_ie.inference.arabic import fold, glued_proclitic, proclitic_variants, strip_marks
from arabic_ie.inference.paths import DATA_DIR
from arabic_ie.inference.schemas import NameValue
from arabic_ie.inference.words import split_words

ALIASES_PATH = DATA_DIR / "aliases.tsv"
NAME_LABELS = ("COMPANY", "CHIP")
# Quotes and brackets around a name are not part of it: «“علي بابا”».
_WRAPPERS = "\"'“”«»()[]{}"


class AliasError(ValueError):
    """A line of the alias table that cannot be read."""


class AliasRow(NamedTuple):
    """One line of the alias table."""

    line: int
    label: str
    canonical: str
    alias: str


def name_key(text: str) -> str:
    """The matching key of a name: its words (the shared word rule) joined by spaces, folded."""
    return fold(" ".join(w.text for w in split_words(text)))


def read_aliases(path: Path = ALIASES_PATH) -> list[AliasRow]:
    """The rows of an alias table; a malformed line raises :class:`AliasError` naming the file and line."""
    rows: list[AliasRow] = []
    header_seen = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            raise AliasError(f"{path}:{number}: expected label<TAB>canonical<TAB>alias, got {line!r}")
        if not header_seen:
            header_seen = True
            if fields == ["label", "canonical", "alias"]:
                continue
        label, canonical, alias = (f.strip() for f in fields)
        if label not in NAME_LABELS:
            raise AliasError(f"{path}:{number}: label {label!r} is not one of {', '.join(NAME_LABELS)}")
        rows.append(AliasRow(number, label, canonical, alias))
    return rows


@cache
def alias_table(path: Path = ALIASES_PATH) -> dict[tuple[str, str], str]:
    """``(label, name_key(alias))`` → canonical, read once; two canonicals for one alias raise :class:`AliasError`."""
    table: dict[tuple[str, str], str] = {}
    for row in read_aliases(path):
        key = (row.label, name_key(row.alias))
        if table.setdefault(key, row.canonical) != row.canonical:
            raise AliasError(f"{path}:{row.line}: {row.alias!r} already names {table[key]!r}, not {row.canonical!r}")
    return table


def _clean(text: str) -> str:
    """No marks or tatweel, single spaces, no quotes or brackets around."""
    return " ".join(strip_marks(text).split()).strip(_WRAPPERS + " ")


def _bare_first_words(first: str) -> list[str]:
    """The first word without each proclitic it may carry (``للاتصالات`` → also ``الاتصالات``)."""
    bare = proclitic_variants(first)
    if first.startswith("لل") and len(first) > 3:
        bare.append("ال" + first[2:])
    return bare


def _known(label: str, words: list[str]) -> str | None:
    """The canonical name of ``words``, with or without a proclitic on the first word."""
    table = alias_table()
    for first in [words[0], *_bare_first_words(words[0])]:
        canonical = table.get((label, name_key(" ".join([first, *words[1:]]))))
        if canonical is not None:
            return canonical
    return None


def _chip_family(words: list[str]) -> str | None:
    """A known chip family with a Latin or numeric model: ``أسند 910D`` → ``Ascend 910D``."""
    if len(words) < 2 or not all(re.fullmatch(r"[A-Za-z0-9.\-+]+", w) for w in words[1:]):
        return None
    family = _known("CHIP", words[:1])  # the family word may carry the proclitic
    return f"{family} {' '.join(words[1:])}" if family else None


def _proclitic_length(word: str) -> int:
    """How many letters of an unknown name's first word are a proclitic (the shared rule of
    :func:`arabic_ie.inference.arabic.glued_proclitic`)."""
    return len(glued_proclitic(word))


def name_value(label: str, text: str) -> NameValue | None:
    """``{"name": canonical}`` for a COMPANY or CHIP span; unknown names keep their text without proclitic."""
    clean = _clean(text)
    words = [w.text for w in split_words(clean)]
    if not words:
        return None
    canonical = _known(label, words)
    if canonical is None and label == "CHIP":
        canonical = _chip_family(words)
    if canonical is None:
        canonical = clean[_proclitic_length(words[0]):].strip()
    return NameValue(name=canonical)
