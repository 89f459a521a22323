"""Time expressions: ``النصف الأول من 2024`` → 2024-01-01..2024-06-30, granularity ``half``.

A PERIOD span is read as one of these shapes (a proclitic on the first word is
removed: ``لعام 2025``, ``بالربع الأخير من 2024``):

- years and year ranges: ``2025``, ``عام 2025``, ``2024 و2030``, ``2024 إلى 2026``;
- Hijri years and months: ``1446 هـ``, ``ذي القعدة 1446 هـ`` (tabular Islamic calendar);
- parts of a year: ``الربع الثالث من 2025``, ``النصف الأول``, ``الأشهر التسعة الأولى من 2025``,
  ``Q3 2025``; of a fiscal year: ``الربع الأول من السنة المالية 2026``;
- fiscal years: ``السنة المالية 2025``, ``العام المالي 2025/2026``,
  ``السنة المالية المنتهية في مارس/آذار 2026``;
- dates and months: ``15 مارس 2025``, ``فبراير/شباط``, ``الجمعة 5 ديسمبر``, ``يوليو إلى سبتمبر``;
- periods ending at a date: ``الربع المنتهي في 30 سبتمبر``, ``الأشهر الثلاثة المنتهية في سبتمبر``;
- relative expressions: ``العام الماضي``, ``هذا الأسبوع``, ``العامين المقبلين``,
  ``السنوات الثلاث المقبلة``, ``الخميس``, seasons ``هذا الصيف``, ``خريف 2026``;
- any of these after an anchor: ``نهاية 2026``, ``أوائل العام الجاري``, ``منتصف أغسطس``.

Values are :class:`arabic_ie.inference.schemas.PeriodValue` (every key always present, None
where it does not apply): ``start``/``end`` ISO dates and ``granularity``, with
``quarter``/``half``, ``fiscal_year``, ``hijri_year``/``hijri_month`` and ``anchor``
where the text names them. Expressions that depend on the reference date (relative
ones, a month or day without a year) have ``"relative": <the text as written, without
proclitic, diacritics and tatweel>`` and ``start``/``end`` None without a reference date. Whole calendar units count: ``السنوات الثلاث المقبلة`` on
2026-11-23 is 2027-01-01..2029-12-31; weeks run Monday to Sunday; a weekday is
its latest occurrence on or before the reference date.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from typing import Any, NamedTuple, Sequence

from arabic_ie.inference.amounts import NUMBER_WORDS, TEENS, count_word
from arabic_ie.inference.arabic import fold, proclitic_variants, strip_marks
from arabic_ie.inference.schemas import PERIOD_KEYS, PeriodValue
from arabic_ie.inference.vocabulary import IN, OF, RANGE_WORDS, folded, word_set
from arabic_ie.inference.words import split_words


# ---------------------------------------------------------------- lexicon
MONTHS: dict[str, int] = folded({
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يونيه": 6,
    "يوليو": 7, "يوليه": 7, "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    # Maghreb
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    # Levant and Iraq
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8,
    "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11, "كانون الأول": 12,
    # Latin
    # Morocco
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
})
HIJRI_MONTHS: dict[str, int] = folded({
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الآخر": 4, "ربيع الثاني": 4, "جمادى الأولى": 5,
    "جمادى الآخرة": 6, "جمادى الثانية": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10,
    "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
})
WEEKDAYS: dict[str, int] = folded({"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3,
                                   "الجمعة": 4, "السبت": 5, "الأحد": 6})
DAYS: dict[str, int] = folded({"اليوم": 0, "أمس": -1, "البارحة": -1, "غدا": 1})
# «العاشر من سبتمبر»: ordinal days (11–19 are «الحادي عشر» .. «التاسع عشر»).
DAY_ORDINALS: dict[str, int] = folded({
    "الأول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7, "الثامن": 8,
    "التاسع": 9, "العاشر": 10, "الحادي": 1, "العشرين": 20, "الثلاثين": 30,
})
ORDINALS: dict[str, int] = folded({"الأول": 1, "الأولى": 1, "الثاني": 2, "الثانية": 2, "الثالث": 3,
                                   "الثالثة": 3, "الرابع": 4, "الرابعة": 4})
LAST = word_set("الأخير", "الأخيرة")
YEAR_HEADS = word_set("عام", "العام", "سنة", "السنة", "عامي", "العامين", "سنتي")
GREGORIAN_ERA = word_set("م", "ميلادي", "ميلادية")
HIJRI_ERA = word_set("ه", "هـ", "هجري", "هجرية")
SLASH = "/"
ENDING = word_set("المنتهي", "المنتهية")

# Units of relative expressions («العام الماضي», «العامين المقبلين», «السنوات الثلاث المقبلة»).
UNITS: dict[str, str] = folded({"العام": "year", "السنة": "year", "الشهر": "month", "الأسبوع": "week",
                                "الربع": "quarter", "النصف": "half", "العقد": "decade", "اليوم": "day",
                                # Tunisia: «الثلاثي الأول» is the first quarter, «السداسي الثاني» the second half
                                "الثلاثي": "quarter", "السداسي": "half"})
DUAL_UNITS: dict[str, str] = folded({"العامين": "year", "السنتين": "year", "الشهرين": "month",
                                     "الأسبوعين": "week", "الربعين": "quarter", "العقدين": "decade",
                                     "اليومين": "day", "عامي": "year"})
PLURAL_UNITS: dict[str, str] = folded({"السنوات": "year", "السنين": "year", "الأعوام": "year",
                                       "الأشهر": "month", "الشهور": "month", "الأسابيع": "week",
                                       "الأيام": "day", "الأرباع": "quarter", "العقود": "decade"})
# Month-based units: (months in one unit, month offset of the cycle); weeks and days are counted in days.
BLOCKS: dict[str, tuple[int, int]] = {"month": (1, 0), "quarter": (3, 0), "half": (6, 0), "year": (12, 0),
                                      "decade": (120, 0)}
# Modifier → offset in units; None for «نفسه» (the unit named earlier in the text).
MODIFIERS: dict[str, int | None] = folded({
    "الماضي": -1, "الماضية": -1, "السابق": -1, "السابقة": -1, "المنصرم": -1, "المنصرمة": -1, "الفائت": -1,
    "الفائتة": -1, "الأخيرة": -1, "الفارط": -1, "الفارطة": -1, "المنقضي": -1, "المنقضية": -1,
    "الجاري": 0, "الجارية": 0, "الحالي": 0, "الحالية": 0,
    "المقبل": 1, "المقبلة": 1, "القادم": 1, "القادمة": 1, "التالي": 1, "التالية": 1,
    "نفسه": None, "نفسها": None, "ذاته": None, "ذاتها": None,
})
DUAL_MODIFIERS: dict[str, int] = folded({
    "الماضيين": -1, "الماضيتين": -1, "الفارطين": -1, "المنقضيين": -1, "الأخيرين": -1, "الأخيرتين": -1, "السابقين": -1, "المنصرمين": -1,
    "المقبلين": 1, "المقبلتين": 1, "القادمين": 1, "القادمتين": 1, "التاليين": 1,
})
DEMONSTRATIVES: dict[str, int | None] = folded({"هذا": 0, "هذه": 0, "ذلك": None, "تلك": None})
# Units after a count of them: «الـ12 شهرا الماضية», «الاثني عشر شهرا الماضية».
COUNTED_UNITS: dict[str, str] = folded({"شهرا": "month", "شهر": "month", "عاما": "year", "عام": "year",
                                        "سنة": "year", "أسبوعا": "week", "يوما": "day"})
FEW = word_set("القليلة")  # «السنوات القليلة المقبلة»
WHOLE = word_set("كاملا", "كاملة", "بأكمله", "بأكملها", "كله", "كلها", "بكامله")  # «العام كاملا»
SPANNING = word_set("الممتد", "الممتدة")  # «الربع الممتد من يوليو إلى سبتمبر»
FIRST = word_set("الأولى", "الأول")
SAME = word_set("نفسه", "نفسها", "ذاته", "ذاتها", "المماثل", "المماثلة", "المقابل", "المقابلة")
SAME_HEADS: dict[str, str] = folded({"الفترة": "same_period", "الربع": "quarter", "النصف": "half",
                                     "الشهر": "month"})
SEASONS: dict[str, int] = folded({"الربيع": 3, "ربيع": 3, "الصيف": 6, "صيف": 6, "الخريف": 9, "خريف": 9,
                                  "الشتاء": 12, "شتاء": 12, "الصائفة": 6, "صائفة": 6})  # «الصائفة»: Maghreb
ANCHORS: dict[str, str] = folded({
    "بداية": "start", "مطلع": "start", "أوائل": "start", "مستهل": "start", "بدايات": "start", "مطالع": "start",
    "أول": "start",
    "منتصف": "middle", "أواسط": "middle",
    "نهاية": "end", "أواخر": "end", "ختام": "end", "نهايات": "end", "آخر": "end",
    "غرة": "start", "موفى": "end",  # Maghreb: «غرة جوان» (1 June), «موفى السنة» (end of the year)
})
# Words before a period that name its kind or a time of day, not another period: «شهر مارس»,
# «يوم الخميس», «صباح الأربعاء», «مساء اليوم», «ليلة أمس», «الفترة 2024-2028». The value is the period's.
HEADS = word_set("شهر", "يوم", "يومي", "صباح", "مساء", "ليلة", "ظهر", "عشية", "فجر", "الفترة", "فترة")
# «نفس الفترة من العام الماضي», «ذات الفترة»: «نفس»/«ذات» before the head mean «نفسها» after it.
SAME_BEFORE = word_set("نفس", "ذات")
# «نفس الفترة من السنة الماضية», and in wire text «نفس الفترة خلال سنة 2016»
SAME_LINKS = word_set("من", "خلال")
FISCAL_HEADS = word_set("السنة", "العام", "سنتها", "سنته", "عامها", "عامه", "سنتنا", "عامنا")
FISCAL_WORDS = word_set("المالية", "المالي")
_LATIN_PART_RE = re.compile(r"^([qh])([1-4])$")


# ---------------------------------------------------------------- dates
def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_start(months: int) -> date:
    """The first day of the month ``months`` after January of year 0 (``2025 * 12 + 2`` = March 2025)."""
    return date(months // 12, months % 12 + 1, 1)


def _months_span(first: int, count: int) -> tuple[date, date]:
    """``count`` whole months from the month index ``first`` (``year * 12 + month - 1``)."""
    last = _month_start(first + count - 1)
    return _month_start(first), _month_end(last.year, last.month)


# Islamic calendar, tabular (arithmetic) form: 30-year cycle of 354/355-day years,
# epoch 1 Muharram 1 AH = 16 July 622 (Julian) = 19 July 622 (proleptic Gregorian).
_HIJRI_EPOCH = date(622, 7, 19).toordinal()


def hijri_to_gregorian(year: int, month: int = 1, day: int = 1) -> date:
    """The Gregorian date of a Hijri date by the tabular calendar (within a day or two of sighting)."""
    days = (year - 1) * 354 + (3 + 11 * year) // 30 + (295 * (month - 1) + 9) // 10 + day - 1
    return date.fromordinal(_HIJRI_EPOCH + days)


def _hijri_span(year: int, month: int | None = None) -> tuple[date, date]:
    if month is None:
        return hijri_to_gregorian(year), hijri_to_gregorian(year + 1) - timedelta(days=1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return hijri_to_gregorian(year, month), hijri_to_gregorian(*following) - timedelta(days=1)


# ---------------------------------------------------------------- results
class _Context(NamedTuple):
    """What every reader needs: the reference date and the text for ``relative``."""

    reference: date | None
    text: str


def _period(start: date | None, end: date | None, granularity: str, **extra: Any) -> PeriodValue:
    """A :class:`PeriodValue` with every key: the ones not given are None."""
    value = dict.fromkeys(PERIOD_KEYS) | {"start": start.isoformat() if start else None,
                                          "end": end.isoformat() if end else None, "granularity": granularity}
    unknown = set(extra) - set(PERIOD_KEYS)
    assert not unknown, f"not in the PERIOD value schema: {unknown}"
    value.update({k: v for k, v in extra.items() if v is not None})
    return PeriodValue(**value)


def _relative(ctx: _Context, span: tuple[date, date] | None, granularity: str, **extra: Any) -> dict[str, Any]:
    """A value that depends on the reference date (or on the text before it when ``span`` is None)."""
    start, end = span if span is not None else (None, None)
    return _period(start, end, granularity, relative=ctx.text, **extra)


# ---------------------------------------------------------------- years
class _Year(NamedTuple):
    """What a part of a year belongs to: a calendar year, a year relative to the reference, or unknown."""

    year: int | None = None  # a calendar year
    offset: int | None = None  # years from the reference date's year
    known: bool = True  # False for «العام نفسه»: a year named earlier in the text


def _year_number(word: str) -> int | None:
    """A Gregorian year in digits (1800–2199)."""
    return int(word) if re.fullmatch(r"1[89]\d\d|2[01]\d\d", word) else None


def _hijri_number(word: str) -> int | None:
    return int(word) if re.fullmatch(r"1[345]\d\d", word) else None


def _year_phrase(tokens: list[str], i: int) -> tuple[int, bool, int] | None:
    """``[عام] 2025 [م]`` or ``1446 هـ`` at ``i`` → (year, is Hijri, end)."""
    if i < len(tokens) and tokens[i] in YEAR_HEADS:
        i += 1
    if i >= len(tokens):
        return None
    era = tokens[i + 1] if i + 1 < len(tokens) else ""
    if era in HIJRI_ERA and _hijri_number(tokens[i]):
        return int(tokens[i]), True, i + 2
    if _year_number(tokens[i]):
        return int(tokens[i]), False, i + 2 if era in GREGORIAN_ERA else i + 1
    if _hijri_number(tokens[i]):  # «عام 1446»: a 14th–15th century year in news is Hijri
        return int(tokens[i]), True, i + 1
    return None


def _relative_year(tokens: list[str], i: int) -> tuple[_Year, int] | None:
    """``العام الماضي``, ``هذا العام``, ``العام نفسه``, bare ``العام`` (the current one) at ``i``."""
    word = tokens[i] if i < len(tokens) else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    if word in DEMONSTRATIVES and UNITS.get(nxt) == "year":
        offset = DEMONSTRATIVES[word]
        return _Year(offset=offset, known=offset is not None), i + 2
    if UNITS.get(word) == "year":
        if nxt in MODIFIERS:
            offset = MODIFIERS[nxt]
            return _Year(offset=offset, known=offset is not None), i + 2
        return _Year(offset=0), i + 1
    return None


def _year_of(year: _Year, ctx: _Context) -> int | None:
    if year.year is not None:
        return year.year
    if year.known and ctx.reference is not None:
        return ctx.reference.year + (year.offset or 0)
    return None


# ---------------------------------------------------------------- fiscal years
class _Fiscal(NamedTuple):
    """A fiscal year: its number (``2025/2026`` → 2026), a relative offset, and the month it ends in."""

    year: int | None = None
    offset: int | None = None
    end_month: int | None = None
    end_year: int | None = None


def _fiscal(tokens: list[str], i: int) -> tuple[_Fiscal, int] | None:
    """``السنة المالية 2025``, ``العام المالي 2025/2026``, ``سنتها المالية الحالية``, ``FY2025`` at ``i``."""
    if tokens[i:i + 1] == ["fy"] and i + 1 < len(tokens) and re.fullmatch(r"\d\d|\d{4}", tokens[i + 1]):
        number = int(tokens[i + 1])
        return _Fiscal(year=number + 2000 if number < 100 else number), i + 2
    if not (tokens[i:i + 1] and tokens[i] in FISCAL_HEADS and tokens[i + 1:i + 2]
            and tokens[i + 1] in FISCAL_WORDS):
        return None
    j, fiscal = i + 2, _Fiscal()
    if j < len(tokens) and _year_number(tokens[j]):
        year, j = int(tokens[j]), j + 1
        if tokens[j:j + 1] == [SLASH] and j + 1 < len(tokens) and _year_number(tokens[j + 1]):
            year, j = int(tokens[j + 1]), j + 2  # a fiscal year is named by the year it ends in
        fiscal = _Fiscal(year=year)
    elif j < len(tokens) and tokens[j] in MODIFIERS and MODIFIERS[tokens[j]] is not None:
        fiscal, j = _Fiscal(offset=MODIFIERS[tokens[j]]), j + 1
    if tokens[j:j + 2] and tokens[j] in ENDING and tokens[j + 1:j + 2] == [IN]:
        month = _month_phrase(tokens, j + 2)
        if month is not None:
            (end_month, end_year, _), j = month
            fiscal = fiscal._replace(end_month=end_month, end_year=end_year)
    return fiscal, j


def _fiscal_start(fiscal: _Fiscal) -> int | None:
    """The month index (``year * 12 + month - 1``) where a fiscal year starts, when its end month is known."""
    end_year = fiscal.end_year or fiscal.year
    if fiscal.end_month is None or end_year is None:
        return None
    return end_year * 12 + fiscal.end_month - 12


def _fiscal_value(fiscal: _Fiscal, ctx: _Context, part: _Part | None = None) -> dict[str, Any]:
    start = _fiscal_start(fiscal)
    first, count = (1, 12) if part is None else (part.first, part.count)
    span = _months_span(start + first - 1, count) if start is not None else (None, None)
    granularity = "fiscal_year" if part is None else f"fiscal_{part.granularity}"
    number = {part.granularity: part.number} if part is not None and part.number else {}
    year = fiscal.year or fiscal.end_year
    relative = ctx.text if year is None else None  # «السنة المالية الحالية», «سنتها المالية»
    return _period(*span, granularity, fiscal_year=year, relative=relative, **number)


# ---------------------------------------------------------------- parts of a year
class _Part(NamedTuple):
    """Months ``first`` .. ``first + count - 1`` of a year (1-based), e.g. the third quarter = (7, 3)."""

    first: int
    count: int
    granularity: str
    number: int | None = None  # which quarter or half


def _part(tokens: list[str], i: int) -> tuple[_Part, int] | None:
    """``الربع الثالث``, ``النصف الأول``, ``الأشهر التسعة الأولى``, ``الأرباع الثلاثة الأولى``, ``Q3``."""
    word = tokens[i] if i < len(tokens) else ""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    latin = _LATIN_PART_RE.match(word)
    if latin:
        size, n = (3, int(latin.group(2))) if latin.group(1) == "q" else (6, int(latin.group(2)))
        if size * n <= 12:
            return _Part(size * (n - 1) + 1, size, "quarter" if size == 3 else "half", n), i + 1
        return None
    if UNITS.get(word) in ("quarter", "half"):
        size = 3 if UNITS[word] == "quarter" else 6
        n = ORDINALS.get(nxt) or (12 // size if nxt in LAST else None)
        if n and size * n <= 12:
            return _Part(size * (n - 1) + 1, size, UNITS[word], n), i + 2
    if PLURAL_UNITS.get(word) in ("month", "quarter"):
        n = count_word(nxt)
        if n and tokens[i + 2:i + 3] and tokens[i + 2] in FIRST:
            size = 1 if PLURAL_UNITS[word] == "month" else 3
            if size * n <= 12:
                return _Part(1, size * n, PLURAL_UNITS[word] + "s"), i + 3
    return None


def _part_of_year(part: _Part, year: _Year, ctx: _Context) -> dict[str, Any]:
    number = {part.granularity: part.number} if part.number else {}
    calendar_year = _year_of(year, ctx)
    if year.year is not None:
        return _period(*_months_span(year.year * 12 + part.first - 1, part.count), part.granularity, **number)
    if calendar_year is None:
        return _relative(ctx, None, part.granularity, **number)
    return _relative(ctx, _months_span(calendar_year * 12 + part.first - 1, part.count), part.granularity, **number)


def _year_ref(tokens: list[str], i: int) -> tuple[_Year | _Fiscal, int] | None:
    """What a part belongs to: ``2025``, ``عام 2025``, ``العام الجاري``, ``السنة المالية 2026``."""
    for reader in (_fiscal, _relative_year):
        found = reader(tokens, i)
        if found is not None:
            return found
    year = _year_phrase(tokens, i)
    if year is not None and not year[1]:
        return _Year(year=year[0]), year[2]
    return None


def _read_part(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """A part of a year, of a fiscal year, or of the current year: ``الربع الثالث من 2025``."""
    found = _part(tokens, 0)
    if found is None:
        return None
    part, j = found
    if j == len(tokens):
        return _part_of_year(part, _Year(offset=0), ctx)
    ref = _year_ref(tokens, j + 1 if tokens[j] == OF else j)
    if ref is None or ref[1] != len(tokens):
        return None
    if isinstance(ref[0], _Fiscal):
        return _fiscal_value(ref[0], ctx, part)
    return _part_of_year(part, ref[0], ctx)


def _read_fiscal(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    found = _fiscal(tokens, 0)
    if found is None or found[1] != len(tokens):
        return None
    return _fiscal_value(found[0], ctx)


# ---------------------------------------------------------------- years and ranges of years
def _read_years(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``2025``, ``عام 2025``, ``1446 هـ``, ``2024 و2030``, ``2024 إلى 2026``, ``عامي 2026 و2027``."""
    first = _year_phrase(tokens, 0)
    if first is None:
        return None
    year, hijri, j = first
    if j == len(tokens):
        if hijri:
            return _period(*_hijri_span(year), "hijri_year", hijri_year=year)
        return _period(date(year, 1, 1), date(year, 12, 31), "year")
    if tokens[j] not in RANGE_WORDS:
        return None
    second = _year_phrase(tokens, j + 1)
    if second is None or second[2] != len(tokens) or second[0] < year:
        return None
    if hijri != second[1]:
        return None
    if hijri:
        return _period(_hijri_span(year)[0], _hijri_span(second[0])[1], "range")
    return _period(date(year, 1, 1), date(second[0], 12, 31), "range")


# ---------------------------------------------------------------- months and days
def _month_name(tokens: list[str], i: int, names: dict[str, int]) -> tuple[int, int] | None:
    """A month name of one or two words at ``i``, and a second name after ``/`` (``فبراير/شباط``)."""
    for length in (2, 1):
        key = " ".join(tokens[i:i + length])
        if len(tokens[i:i + length]) == length and key in names:
            month, j = names[key], i + length
            if tokens[j:j + 1] == [SLASH] or tokens[j:j + 1] == ["("]:
                other = _month_name(tokens, j + 1, names)
                if other is not None and other[0] == month:
                    j = other[1] + (1 if tokens[j] == "(" and tokens[other[1]:other[1] + 1] == [")"] else 0)
            return month, j
    return None


def _month_phrase(tokens: list[str], i: int) -> tuple[tuple[int, int | None, _Year | None], int] | None:
    """``مارس/آذار [من] [عام] 2026`` at ``i`` → ((month, calendar year or None, year reference or None), end)."""
    month = _month_name(tokens, i, MONTHS)
    if month is None:
        return None
    number, j = month
    if j < len(tokens):
        ref = _year_ref(tokens, j + 1 if tokens[j] == OF else j)
        if ref is not None and isinstance(ref[0], _Year):
            year = ref[0]
            return (number, year.year, year), ref[1]
    return (number, None, None), j


def _day(tokens: list[str], i: int) -> tuple[int, int] | None:
    """``15``, ``العاشر من``, ``الحادي عشر من`` at ``i`` → (day, end)."""
    word = tokens[i] if i < len(tokens) else ""
    if re.fullmatch(r"[1-9]|[12]\d|3[01]|0[1-9]", word):
        return int(word), i + 1
    if word in DAY_ORDINALS:
        day, j = DAY_ORDINALS[word], i + 1
        if tokens[j:j + 1] and tokens[j] in TEENS:
            day, j = day + 10, j + 1
        if tokens[j:j + 1] == [OF]:
            return day, j + 1
    return None


def _read_date(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``[الجمعة] [15] مارس[/آذار] [2025]``, ``يوليو إلى سبتمبر [2025]``, ``ذي القعدة 1446 هـ``."""
    hijri = _read_hijri_month(tokens, 0)
    if hijri is not None:
        return hijri
    i = 1 if tokens[0] in WEEKDAYS and len(tokens) > 1 else 0
    day = _day(tokens, i)
    found = _month_phrase(tokens, day[1] if day else i)
    if found is None:
        return None
    (month, _, year), j = found
    if j + 1 == len(tokens) and year is None and MODIFIERS.get(tokens[j]) is not None:
        return _nearest_month(month, day[0] if day else None, MODIFIERS[tokens[j]], ctx)
    if j < len(tokens) and tokens[j] in RANGE_WORDS and day is None and i == 0:
        return _month_range(month, tokens, j + 1, ctx)
    if j != len(tokens):
        return None
    return _dated(month, day[0] if day else None, year, ctx)


def _read_spanning(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``الربع الممتد من يوليو/تموز إلى سبتمبر/أيلول``: a range of months named by its unit."""
    if len(tokens) < 5 or tokens[0] not in UNITS | SAME_HEADS or tokens[1] not in SPANNING or tokens[2] != OF:
        return None
    found = _month_phrase(tokens, 3)
    if found is None or found[1] >= len(tokens) or tokens[found[1]] not in RANGE_WORDS:
        return None
    value = _month_range(found[0][0], tokens, found[1] + 1, ctx)
    granularity = UNITS.get(tokens[0]) or SAME_HEADS[tokens[0]]
    return value and value | {"granularity": "range" if granularity == "same_period" else granularity}


def _dated(month: int, day: int | None, year: _Year | None, ctx: _Context) -> dict[str, Any] | None:
    """A month or a day of ``year``; without a year, of the reference date's year."""
    granularity = "day" if day else "month"
    number = _year_of(year or _Year(offset=0), ctx)
    if number is None:
        return _relative(ctx, None, granularity)
    try:
        span = (date(number, month, day),) * 2 if day else (date(number, month, 1), _month_end(number, month))
    except ValueError:
        return None  # «31 فبراير»
    return _period(*span, granularity) if year is not None and year.year else _relative(ctx, span, granularity)


def _nearest_month(month: int, day: int | None, offset: int, ctx: _Context) -> dict[str, Any] | None:
    """``ديسمبر الماضي``: the last such month before the reference month, the next one after it, or this year's."""
    if ctx.reference is None:
        return _relative(ctx, None, "day" if day else "month")
    year = ctx.reference.year
    if offset < 0 and month >= ctx.reference.month:
        year -= 1
    elif offset > 0 and month <= ctx.reference.month:
        year += 1
    return _dated(month, day, _Year(offset=year - ctx.reference.year), ctx)


def _month_range(first: int, tokens: list[str], i: int, ctx: _Context) -> dict[str, Any] | None:
    """``يوليو إلى سبتمبر [2025]``: the first month to the last, in the year of the last."""
    found = _month_phrase(tokens, i)
    if found is None or found[1] != len(tokens):
        return None
    last, _, year = found[0]
    number = _year_of(year or _Year(offset=0), ctx)
    if number is None:
        return _relative(ctx, None, "range")
    start_year = number if first <= last else number - 1
    span = (date(start_year, first, 1), _month_end(number, last))
    return _period(*span, "range") if year is not None and year.year else _relative(ctx, span, "range")


def _read_hijri_month(tokens: list[str], i: int) -> dict[str, Any] | None:
    """``ذي القعدة 1446 هـ`` at ``i``; a Hijri month needs its year."""
    month = _month_name(tokens, i, HIJRI_MONTHS)
    if month is None:
        return None
    number, j = month
    year = _year_phrase(tokens, j)
    if year is None or year[2] != len(tokens) or not _hijri_number(str(year[0])):
        return None
    return _period(*_hijri_span(year[0], number), "hijri_month", hijri_year=year[0], hijri_month=number)


# ---------------------------------------------------------------- periods ending at a date
def _read_ending(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``الربع المنتهي في 30 سبتمبر``, ``الأشهر التسعة المنتهية في سبتمبر/أيلول 2025``."""
    word = tokens[0]
    if UNITS.get(word) in ("quarter", "half", "year") and tokens[1:2] and tokens[1] in ENDING:
        count, granularity, j = BLOCKS[UNITS[word]][0], UNITS[word], 1
    elif PLURAL_UNITS.get(word) == "month" and len(tokens) > 2 and count_word(tokens[1]) and tokens[2] in ENDING:
        count, granularity, j = count_word(tokens[1]), "months", 2
    else:
        return None
    if tokens[j + 1:j + 2] != [IN]:
        return None
    day = _day(tokens, j + 2)
    k = day[1] if day else j + 2
    found = _month_phrase(tokens, k)
    if found is None or found[1] != len(tokens):
        return None
    month, _, year = found[0]
    end_day = day[0] if day else None
    if year is not None and year.year is not None:
        return _ended(year.year, month, end_day, count, granularity, None)
    if ctx.reference is None:
        return _relative(ctx, None, granularity)
    latest = ctx.reference.year  # the latest such end on or before the reference date
    if (month, end_day or 31) > (ctx.reference.month, ctx.reference.day):
        latest -= 1
    return _ended(latest, month, end_day, count, granularity, ctx.text)


def _ended(year: int, month: int, day: int | None, count: int, granularity: str,
           relative: str | None) -> dict[str, Any] | None:
    try:
        end = date(year, month, day) if day else _month_end(year, month)
    except ValueError:
        return None
    start = _month_start(year * 12 + month - count)
    return _period(start, end, granularity, relative=relative)


# ---------------------------------------------------------------- relative expressions
def _shift(unit: str, reference: date, steps: int) -> tuple[date, date]:
    """The unit that contains ``reference``, moved by ``steps`` units."""
    if unit == "day":
        day = reference + timedelta(days=steps)
        return day, day
    if unit == "week":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=steps)
        return monday, monday + timedelta(days=6)
    size, offset = BLOCKS[unit]
    index = (reference.year * 12 + reference.month - 1 - offset) // size + steps
    return _months_span(index * size + offset, size)


def _counted(unit: str, offset: int, count: int | None, ctx: _Context) -> dict[str, Any]:
    """``count`` whole units before (offset -1) or after (+1) the current one; count None: open-ended."""
    granularity = unit + "s"
    if ctx.reference is None:
        return _relative(ctx, None, granularity)
    if offset > 0:
        start = _shift(unit, ctx.reference, 1)[0]
        end = _shift(unit, ctx.reference, count)[1] if count else None
    else:
        start = _shift(unit, ctx.reference, -count)[0] if count else None
        end = _shift(unit, ctx.reference, -1)[1]
    return _period(start, end, granularity, relative=ctx.text)


def _one_unit(unit: str, offset: int | None, ctx: _Context) -> dict[str, Any]:
    if offset is None or ctx.reference is None:
        return _relative(ctx, None, unit)
    return _relative(ctx, _shift(unit, ctx.reference, offset), unit)


def _read_relative(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``العام الماضي``, ``هذا الأسبوع``, ``العامين المقبلين``, ``السنوات الثلاث المقبلة``, ``اليوم``,
    ``الـ12 شهرا الماضية``."""
    first, rest = tokens[0], tokens[1:]
    if len(tokens) == 1 and first in DAYS or len(tokens) == 2 and first in DAYS and rest[0] in WEEKDAYS:
        return _one_unit("day", DAYS[first], ctx)  # «اليوم», «أمس الأحد» (the weekday only confirms it)
    if len(tokens) == 2 and first in UNITS and rest[0] in MODIFIERS:
        return _one_unit(UNITS[first], MODIFIERS[rest[0]], ctx)
    if len(tokens) == 2 and first in UNITS and rest[0] in WHOLE:
        return _one_unit(UNITS[first], 0, ctx)
    if len(tokens) == 2 and first in DEMONSTRATIVES and rest[0] in UNITS:
        return _one_unit(UNITS[rest[0]], DEMONSTRATIVES[first], ctx)
    if len(tokens) == 2 and first in DUAL_UNITS and rest[0] in DUAL_MODIFIERS:
        return _counted(DUAL_UNITS[first], DUAL_MODIFIERS[rest[0]], 2, ctx)
    if first in PLURAL_UNITS and rest:
        return _plural(PLURAL_UNITS[first], rest, ctx)
    count = int(first[2:]) if first[:2] == "ال" and first[2:].isdecimal() else count_word(first)
    teen = int(rest[:1] != [] and rest[0] in TEENS and bool(count) and count < 10)
    if count and len(rest) == 2 + teen and rest[teen] in COUNTED_UNITS and MODIFIERS.get(rest[teen + 1]) in (-1, 1):
        # «الـ12 شهرا الماضية», «الاثني عشر شهرا الماضية»
        return _counted(COUNTED_UNITS[rest[teen]], MODIFIERS[rest[teen + 1]], count + 10 * teen, ctx)
    return None


def _plural(unit: str, rest: list[str], ctx: _Context) -> dict[str, Any] | None:
    """After a plural unit: ``[الثلاث [إلى الخمس]] [القليلة] المقبلة``."""
    count = count_word(rest[0])
    i = 1 if count else 0
    if count and rest[1:2] and rest[1] in TEENS:
        count, i = count + 10, 2  # «الاثني عشر»
    if count and rest[i:i + 1] and rest[i] in RANGE_WORDS and rest[i + 1:i + 2] and count_word(rest[i + 1]):
        count, i = max(count, count_word(rest[i + 1])), i + 2  # «الثلاث إلى الخمس»: up to the larger
    if rest[i:i + 1] and rest[i] in FEW:
        i += 1
    if i + 1 != len(rest) or MODIFIERS.get(rest[i]) not in (-1, 1):
        return None
    return _counted(unit, MODIFIERS[rest[i]], count, ctx)


def _read_same(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``الفترة نفسها من العام الماضي``, ``الربع المماثل من 2024``: a period named earlier in the text."""
    if tokens[:1] and tokens[0] in SAME_BEFORE and tokens[1:2] and tokens[1] in SAME_HEADS:
        tokens = [tokens[1], fold("نفسها"), *tokens[2:]]  # «نفس الفترة من ...» = «الفترة نفسها من ...»
    if len(tokens) == 2 and tokens[0] in SAME_HEADS and tokens[1] in SAME:
        return _relative(ctx, None, SAME_HEADS[tokens[0]])  # «الفترة نفسها»: named earlier in the text
    if len(tokens) < 4 or tokens[0] not in SAME_HEADS or tokens[1] not in SAME or tokens[2] not in SAME_LINKS:
        return None
    ref = _year_ref(tokens, 3)
    if ref is None or ref[1] != len(tokens):
        return None
    return _relative(ctx, None, SAME_HEADS[tokens[0]])


def _read_season(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``خريف 2026``, ``صيف العام الماضي``, ``هذا الصيف``, ``الصيف المقبل``."""
    if tokens[0] in DEMONSTRATIVES and len(tokens) == 2 and tokens[1] in SEASONS:
        season, offset = SEASONS[tokens[1]], DEMONSTRATIVES[tokens[0]]
        return _season_near(season, offset, ctx)
    if tokens[0] not in SEASONS:
        return None
    season = SEASONS[tokens[0]]
    if len(tokens) == 2 and tokens[1] in MODIFIERS:
        return _season_near(season, MODIFIERS[tokens[1]], ctx)
    ref = _year_ref(tokens, 1)
    if ref is None or ref[1] != len(tokens) or not isinstance(ref[0], _Year):
        return None
    year = _year_of(ref[0], ctx)
    span = _season_span(season, year) if year is not None else None
    return _period(*span, "season") if ref[0].year else _relative(ctx, span, "season")


def _season_span(first_month: int, year: int) -> tuple[date, date]:
    """The three months from ``first_month`` of ``year`` (winter runs from December into the next year)."""
    return _months_span(year * 12 + first_month - 1, 3)


def _season_near(season: int, offset: int | None, ctx: _Context) -> dict[str, Any]:
    """This season (the one of the reference year), the last one that ended, or the next to start."""
    if offset is None or ctx.reference is None:
        return _relative(ctx, None, "season")
    ref = ctx.reference
    spans = [_season_span(season, y) for y in (ref.year - 2, ref.year - 1, ref.year, ref.year + 1)]
    if offset < 0:
        span = [s for s in spans if s[1] < ref][-1]
    elif offset > 0:
        span = [s for s in spans + [_season_span(season, ref.year + 2)] if s[0] > ref][0]
    else:
        span = next((s for s in spans if s[0] <= ref <= s[1]), _season_span(season, ref.year))
    return _relative(ctx, span, "season")


def _read_weekday(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``الخميس``: its latest occurrence on or before the reference date; ``الأحد المقبل`` the next
    one after it, ``الأحد الماضي`` the latest one before it."""
    if not tokens or tokens[0] not in WEEKDAYS or len(tokens) > 2:
        return None
    offset = 0
    if len(tokens) == 2:
        offset = MODIFIERS.get(tokens[1])
        if offset not in (-1, 1):
            return None
    if ctx.reference is None:
        return _relative(ctx, None, "day")
    back = (ctx.reference.weekday() - WEEKDAYS[tokens[0]]) % 7
    if offset < 0:
        back = back or 7
    day = ctx.reference - timedelta(days=back) if offset <= 0 else \
        ctx.reference + timedelta(days=(WEEKDAYS[tokens[0]] - ctx.reference.weekday() - 1) % 7 + 1)
    return _relative(ctx, (day, day), "day")


# ---------------------------------------------------------------- anchors and the entry point
_READERS = (_read_fiscal, _read_part, _read_ending, _read_same, _read_spanning, _read_relative, _read_season,
            _read_date, _read_years, _read_weekday)
_MONTH_WORDS = frozenset(w for name in MONTHS for w in name.split()[:1])


def _read(tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    if not tokens:
        return None
    if tokens[0] in ANCHORS and len(tokens) > 1:
        return _read_anchored(ANCHORS[tokens[0]], tokens[1:], ctx)
    for reader in _READERS:
        value = reader(tokens, ctx)
        if value is not None:
            return value
    if tokens[0] in HEADS and len(tokens) > 1:
        value = _read(tokens[1:], ctx)
        if value is not None and value["relative"] is not None:
            value["relative"] = ctx.text
        return value
    return None


def _read_anchored(anchor: str, tokens: list[str], ctx: _Context) -> dict[str, Any] | None:
    """``نهاية 2026``, ``أوائل العام الجاري``, ``بنهاية العقد``: the period with ``"anchor"`` start/middle/end."""
    value = _read(tokens, ctx)
    if value is None and len(tokens) == 1 and tokens[0] in UNITS:
        value = _one_unit(UNITS[tokens[0]], 0, ctx)  # «نهاية العام»: of the current one
    if value is None:
        return None
    if value["relative"] is not None:
        value["relative"] = ctx.text
    return value | {"anchor": anchor}


def _tokens(text: str) -> list[str]:
    """Folded words, with a glued era sign, ``FY`` or ``و`` before digits split off."""
    tokens: list[str] = []
    for i, word in enumerate(fold(w.text) for w in split_words(text)):
        if i > 0 and (re.fullmatch(r"و\d+", word) or word[:1] == "و" and word[1:] in _MONTH_WORDS):
            tokens += ["و", word[1:]]  # «2024 و2030», «مايو ويوليو»
        elif m := re.fullmatch(r"(\d{4})(ه|م)", word):
            tokens += [m.group(1), m.group(2)]
        elif m := re.fullmatch(r"(fy)(\d+)", word):
            tokens += [m.group(1), m.group(2)]
        else:
            tokens.append(word)
    return tokens


def period_value(text: str, reference_date: date | None = None) -> PeriodValue | None:
    """The value of a PERIOD span (see the module docstring), or None when it cannot be read.

    A proclitic on the first word (``لعام 2025``, ``بالعام الماضي``) is tried off
    when the text as written cannot be read; ``relative`` is the text as written
    without it, its diacritics and tatweel.
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    folded = fold(text)
    shown = " ".join(strip_marks(text).split())  # as written, aligned character by character with `folded`
    if len(shown) != len(folded):
        shown = folded
    first = tokens[0]
    bare = proclitic_variants(first) + (["ال" + first[2:]] if first.startswith("لل") else [])
    for reading in [first, *bare]:
        if not folded.startswith(first):
            relative = shown
        elif first.endswith(reading):  # no proclitic, or one taken off: «بالعام الماضي» → «العام الماضي»
            relative = shown[len(first) - len(reading):]
        else:  # «للعام» read as «العام»
            relative = "ال" + shown[2:]
        value = _read([*_tokens(reading), *tokens[1:]], _Context(reference_date, relative))
        if value is not None:
            return value
    return None


# ---------------------------------------------------------------- finding periods in text
MAX_WORDS = 12  # the longest period the matcher looks for: «الأشهر الثلاثة المنتهية في 30 سبتمبر/أيلول 2025»
# Every word the grammar above knows (its tables, the words it compares with, multi-word names split):
# a period is a run of these, of numbers and of «من», «في», «و», «/».
_LEXICON = frozenset(
    word
    for table in list(globals().values()) + [RANGE_WORDS, NUMBER_WORDS, TEENS, (OF, IN)]
    if isinstance(table, (dict, frozenset, tuple)) and all(isinstance(k, str) for k in table)
    for key in table for word in key.split()
)


def _known(word: str) -> bool:
    return word in _LEXICON or any(c.isdecimal() for c in word) or word[2:] in NUMBER_WORDS \
        or (word[:1] == "و" and word[1:] in _LEXICON)


def match(words: Sequence[str], i: int, reference_date: date | None = None) -> tuple[PeriodValue, int] | None:
    """The longest period that starts at ``words[i]``: ``(value, end)`` with ``end`` exclusive, or None.

    ``words`` are the words of a text (:func:`arabic_ie.inference.words.split_words`). What this
    finds is exactly what :func:`period_value` reads, so a span found here always has a value.
    """
    if not 0 <= i < len(words):
        return None
    first = fold(words[i])
    if not (_known(first) or any(_known(w) for w in proclitic_variants(first))
            or first.startswith("لل") and _known("ال" + first[2:])):
        return None
    end = i + 1
    while end < min(len(words), i + MAX_WORDS) and _known(fold(words[end])):
        end += 1
    for end in range(end, i, -1):
        value = period_value(" ".join(words[i:end]), reference_date)
        if value is not None:
            return value, end
    return None
