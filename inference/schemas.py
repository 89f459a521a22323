"""The value of each entity label: one fixed set of keys per kind, every key always present.

A key that does not apply to a span is None, so a consumer can read ``value["quarter"]``
without checking, and a JSONL column has the same keys on every row.
"""

from __future__ import annotations

from typing import Optional, TypedDict


class AmountValue(TypedDict):
    """AMOUNT: ``380 مليار يوان`` → amount 380000000000, currency "CNY"."""

    amount: Optional[float]  # units of the currency (int when whole), rounded to its minor unit; None for a range or a vague amount
    currency: Optional[str]  # ISO 4217; None when the text does not tell (a bare «دينار»)
    low: Optional[float]  # a range's ends («84 إلى 98 مليار دولار»)
    high: Optional[float]
    approximate: Optional[str]  # a vague amount: "billions", "tens of billions", ...
    unit: Optional[str]  # "fils" when counted in fils of an unnamed dinar


class PeriodValue(TypedDict):
    """PERIOD: ``الربع الثالث من 2025`` → 2025-07-01..2025-09-30, granularity "quarter", quarter 3."""

    start: Optional[str]  # ISO date; None when it cannot be resolved
    end: Optional[str]
    granularity: str  # day, month, quarter, half, year, decade, season, range, fiscal_year, hijri_month, ...
    relative: Optional[str]  # the expression as written (no proclitic or marks) when it needs a reference date
    anchor: Optional[str]  # "start", "middle" or "end" of the period («نهاية 2026»)
    quarter: Optional[int]  # 1-4 for a numbered quarter, calendar or fiscal
    half: Optional[int]  # 1-2 for a numbered half
    fiscal_year: Optional[int]  # the fiscal year named («السنة المالية 2026»)
    hijri_year: Optional[int]
    hijri_month: Optional[int]


class NameValue(TypedDict):
    """COMPANY and CHIP: the canonical name (``data/aliases.tsv``), or the text without proclitic."""

    name: str


AMOUNT_KEYS = tuple(AmountValue.__annotations__)
PERIOD_KEYS = tuple(PeriodValue.__annotations__)

# Digits after the decimal point of each currency's minor unit (ISO 4217); 2 when not listed.
MINOR_UNIT_DIGITS: dict[str, int] = {
    "JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "UGX": 0, "XOF": 0, "XAF": 0, "PYG": 0, "RWF": 0,
    "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}


def minor_unit_digits(currency: str | None) -> int:
    """Decimal places of ``currency``'s minor unit; an unknown currency (a bare dinar) keeps 3."""
    return 3 if currency is None else MINOR_UNIT_DIGITS.get(currency, 2)
