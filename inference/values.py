"""Normalised values of entities: amounts, periods and canonical names.

    >>> entity_value("AMOUNT", "و700 مليار يوان")
    {'amount': 700000000000, 'currency': 'CNY', 'low': None, 'high': None, 'approximate': None, 'unit': None}
    >>> entity_value("COMPANY", "وتينسنت")
    {'name': 'Tencent'}

Each label has its reader: :mod:`arabic_ie.inference.amounts`, :mod:`arabic_ie.inference.periods`
and :mod:`arabic_ie.inference.names` (through ``data/aliases.tsv``); each kind has one fixed
schema, :mod:`arabic_ie.inference.schemas`.
"""

from __future__ import annotations

from datetime import date
from typing import Union

from arabic_ie.inference.amounts import amount_value
from arabic_ie.inference.arabic import reading_form
from arabic_ie.inference.names import name_value
from arabic_ie.inference.periods import period_value
from arabic_ie.inference.schemas import AmountValue, NameValue, PeriodValue

EntityValue = Union[AmountValue, PeriodValue, NameValue]


def entity_value(label: str, text: str, reference_date: date | None = None) -> EntityValue | None:
    """The normalised value of an entity span as tagged (proclitic included), or None when it cannot be read.

    - AMOUNT: :class:`~arabic_ie.inference.schemas.AmountValue`; ranges set ``low``/``high``
      and leave ``amount`` None (see :func:`arabic_ie.inference.amounts.amount_value`).
    - PERIOD: :class:`~arabic_ie.inference.schemas.PeriodValue`, ISO dates (see
      :func:`arabic_ie.inference.periods.period_value`); ``reference_date`` resolves relative expressions.
    - COMPANY, CHIP: :class:`~arabic_ie.inference.schemas.NameValue` ``{"name": canonical}``.

    Invisible marks (RLM, ZWJ, ...) are read through and presentation forms folded first.
    """
    text = reading_form(text)
    if not text or not text.strip():
        return None
    if label == "AMOUNT":
        return amount_value(text)
    if label == "PERIOD":
        return period_value(text, reference_date)
    if label in ("COMPANY", "CHIP"):
        return name_value(label, text)
    return None
