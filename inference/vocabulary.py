"""Word tables that amounts, periods and the rule baseline share, and the helpers that fold them.

Every table holds folded keys (:func:`arabic_ie.inference.arabic.fold`), so a folded word
looks them up directly. The tables of one reader live in its module
(:mod:`arabic_ie.inference.amounts`, :mod:`arabic_ie.inference.periods`); here are only those that
belong to none of them.
"""

from __future__ import annotations

from typing import TypeVar

from arabic_ie.inference.arabic import fold

V = TypeVar("V")


def word_set(*items: str) -> frozenset[str]:
    """The folded set of ``items``."""
    return frozenset(fold(w) for w in items)


def folded(table: dict[str, V]) -> dict[str, V]:
    """``table`` with folded keys."""
    return {fold(k): v for k, v in table.items()}


# Words that join the two ends of a range: «84 إلى 98 مليار», «2024 و2030», «الثلاث أو الخمس».
RANGE_WORDS = word_set("إلى", "حتى", "و", "أو", "-", "–", "—", "/", "to")
AND = fold("و")
OF = fold("من")
IN = fold("في")
