"""Monetary amounts: ``و700 مليار يوان`` → 700000000000 CNY.

An amount is read as ``[symbol] quantity [range] [من] currency [qualifier]``:

- a quantity is a number in digits (Western or Arabic-Indic, ``2.5``, ``٢٫٥``,
  ``12,000``) or words (``ثلاثة``, ``نصف``), times its scale words (``ألف``,
  ``مليار``, ``bn``); a dual scale (``ملياري``, ``ملياران``) is 2× the scale;
  a plural scale without a number (``مليارات``, ``عشرات المليارات``) is vague;
- a range joins two quantities (``84 إلى 98``, ``600 و700``, ``12-13``) and the
  scale of the second applies to a first without one;
- the currency is a word (``دولار``, ``الدولارات``, ``يوانا``) with an optional
  nationality (``دولار تايواني``, ``ريال قطري``) or a symbol (``$``, ``€``).

The number parsing and the money words of the project live here:
:mod:`arabic_ie.inference.periods` reuses :func:`count_word` for the counts in
``السنوات الثلاث المقبلة``. One grammar finds and reads amounts: the rule baseline
(:mod:`arabic_ie.inference.rules`) finds its AMOUNT spans with :func:`match`, so every
span it finds has a value.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import NamedTuple, Sequence

from arabic_ie.inference.arabic import PROCLITICS, fold
from arabic_ie.inference.schemas import AmountValue, minor_unit_digits
from arabic_ie.inference.vocabulary import AND, OF, RANGE_WORDS, folded, word_set
from arabic_ie.inference.words import Word, split_words


# ---------------------------------------------------------------- number words
# Cardinals in every case and gender, folded (``ة`` → ``ه``, ``أ`` → ``ا``).
NUMBER_WORDS: dict[str, int] = folded({
    "واحد": 1, "واحدة": 1, "واحدا": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2,
    "أحد": 1, "إحدى": 1, "اثنا": 2, "اثني": 2, "اثنتا": 2, "اثنتي": 2,  # the units of «أحد عشر», «اثني عشر»
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9, "عشرة": 10, "عشر": 10,
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "أربعون": 40, "أربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
    "مئة": 100, "مائة": 100, "مئتا": 200, "مئتان": 200, "مئتين": 200, "مئتي": 200,
    "مائتان": 200, "مائتين": 200, "مائتي": 200,
    "ثلاثمئة": 300, "ثلاثمائة": 300, "أربعمئة": 400, "أربعمائة": 400, "خمسمئة": 500, "خمسمائة": 500,
    "ستمئة": 600, "ستمائة": 600, "سبعمئة": 700, "سبعمائة": 700, "ثمانمئة": 800, "ثمانمائة": 800,
    "تسعمئة": 900, "تسعمائة": 900,
})
FRACTIONS: dict[str, Decimal] = folded({"نصف": Decimal("0.5"), "ربع": Decimal("0.25"), "ثلث": Decimal(1) / 3,
                                        "half": Decimal("0.5"), "quarter": Decimal("0.25")})
_THOUSAND, _MILLION, _BILLION, _TRILLION = 10**3, 10**6, 10**9, 10**12
# Scale words after a number, or alone for 1× (``مليار دولار``). Accusative singulars
# (``مليونا``) are here too: after a number they are scales, first they are duals.
SCALES: dict[str, int] = folded({
    "ألف": _THOUSAND, "آلاف": _THOUSAND, "ألفا": _THOUSAND,
    "مليون": _MILLION, "ملايين": _MILLION, "مليونا": _MILLION,
    "مليار": _BILLION, "مليارات": _BILLION, "مليارا": _BILLION, "بليون": _BILLION, "بلايين": _BILLION,
    "تريليون": _TRILLION, "تريليونات": _TRILLION, "تريليونا": _TRILLION,
    "thousand": _THOUSAND, "k": _THOUSAND, "million": _MILLION, "millions": _MILLION, "mn": _MILLION,
    "mln": _MILLION, "m": _MILLION, "billion": _BILLION, "billions": _BILLION, "bn": _BILLION, "b": _BILLION,
    "trillion": _TRILLION, "trillions": _TRILLION, "tn": _TRILLION, "t": _TRILLION,
})
# Duals: two of the scale (``ملياري دولار`` = 2 000 000 000).
DUAL_SCALES: dict[str, int] = folded({
    "ألفي": _THOUSAND, "ألفان": _THOUSAND, "ألفين": _THOUSAND, "ألفا": _THOUSAND,
    "مليوني": _MILLION, "مليونان": _MILLION, "مليونين": _MILLION, "مليونا": _MILLION,
    "ملياري": _BILLION, "ملياران": _BILLION, "مليارين": _BILLION, "مليارا": _BILLION,
    "تريليوني": _TRILLION, "تريليونان": _TRILLION, "تريليونين": _TRILLION, "تريليونا": _TRILLION,
})
# Plural scales without a number: a vague amount (``مليارات الدولارات``).
PLURAL_SCALES: dict[str, str] = folded({
    "آلاف": "thousands", "الآلاف": "thousands", "ملايين": "millions", "الملايين": "millions",
    "مليارات": "billions", "المليارات": "billions", "بلايين": "billions",
    "تريليونات": "trillions", "التريليونات": "trillions",
})
# Vague multipliers before a plural scale (``عشرات المليارات``).
MULTIPLIERS: dict[str, str] = folded({"عشرات": "tens of", "مئات": "hundreds of", "آلاف": "thousands of",
                                      "بضعة": "a few", "بضع": "a few"})
# Every word that is a scale in some form: single, dual or plural.
SCALE_WORDS = frozenset(SCALES) | frozenset(DUAL_SCALES) | frozenset(PLURAL_SCALES)

# ---------------------------------------------------------------- currencies
class _Unit(NamedTuple):
    """A currency word: its kind (for qualifiers), default ISO code and factor (cents are 0.01)."""

    kind: str
    code: str | None
    factor: Decimal = Decimal(1)


def _forms(*stems: str) -> list[str]:
    """A currency noun with its accusative and definite forms (``دولار``, ``دولارا``, ``الدولار``)."""
    return [f for s in stems for f in (s, s + "ا", "ال" + s)]


_UNIT_FORMS: dict[_Unit, list[str]] = {
    _Unit("dollar", "USD"): _forms("دولار") + ["دولارات", "الدولارات", "دولاران", "دولارين"],
    _Unit("yuan", "CNY"): _forms("يوان", "رنمينبي") + ["يوانات", "اليوانات"],
    _Unit("euro", "EUR"): _forms("يورو", "أورو") + ["يوروهات", "اليوروهات", "أوروهات", "الأوروهات"],
    _Unit("yen", "JPY"): _forms("ين"),
    _Unit("won", "KRW"): _forms("وون"),
    _Unit("riyal", "SAR"): _forms("ريال") + ["ريالات", "الريالات", "ريالان", "ريالين"],
    _Unit("dirham", "AED"): _forms("درهم") + ["دراهم", "الدراهم", "درهمان", "درهمين"],
    _Unit("dinar", None): _forms("دينار") + ["دنانير", "الدنانير", "دينارات", "الدينارات", "ديناران", "دينارين"],
    _Unit("pound", "EGP"): _forms("جنيه") + ["جنيهات", "الجنيهات", "جنيهان", "جنيهين"],
    _Unit("sterling", "GBP"): _forms("إسترليني", "استرليني", "باوند"),
    _Unit("rupee", "INR"): _forms("روبية") + ["روبيات", "الروبيات"],
    _Unit("franc", "CHF"): _forms("فرنك") + ["فرنكات", "الفرنكات"],
    _Unit("krona", "SEK"): _forms("كرونة", "كرون") + ["كرونات", "الكرونات"],
    _Unit("lira", "TRY"): _forms("ليرة") + ["ليرات", "الليرات"],
    _Unit("ringgit", "MYR"): _forms("رينغيت", "رينجيت"),
    _Unit("rand", "ZAR"): _forms("راند"),
    _Unit("ruble", "RUB"): _forms("روبل") + ["روبلات"],
    _Unit("peso", None): _forms("بيزو") + ["بيزوات"],
    _Unit("dong", "VND"): _forms("دونغ"),
    _Unit("shekel", "ILS"): _forms("شيكل") + ["شواكل", "الشواكل"],
    _Unit("cent", "USD", Decimal("0.01")): _forms("سنت") + ["سنتات"],
    _Unit("fils", None): _forms("فلس") + ["فلوس"],
    # Minor units named on their own: the millime is Tunisia's, the baisa Oman's; a piastre or
    # centime does not say whose («قرش»: Egypt, Syria, Lebanon...; «سنتيم»: Algeria, Morocco).
    _Unit("millime", "TND", Decimal("0.001")): _forms("مليم") + ["مليمات", "المليمات"],
    _Unit("baisa", "OMR", Decimal("0.001")): _forms("بيسة") + ["بيسات"],
    _Unit("piastre", None, Decimal("0.01")): _forms("قرش") + ["قروش", "القروش"],
    _Unit("centime", None, Decimal("0.01")): _forms("سنتيم") + ["سنتيمات"],
}
_LATIN_UNITS: dict[str, _Unit] = {
    "dollar": _Unit("dollar", "USD"), "dollars": _Unit("dollar", "USD"), "usd": _Unit("dollar", "USD"),
    "euro": _Unit("euro", "EUR"), "euros": _Unit("euro", "EUR"), "eur": _Unit("euro", "EUR"),
    "yuan": _Unit("yuan", "CNY"), "rmb": _Unit("yuan", "CNY"), "cny": _Unit("yuan", "CNY"),
    "yen": _Unit("yen", "JPY"), "jpy": _Unit("yen", "JPY"), "won": _Unit("won", "KRW"), "krw": _Unit("won", "KRW"),
    "pound": _Unit("sterling", "GBP"), "pounds": _Unit("sterling", "GBP"), "gbp": _Unit("sterling", "GBP"),
    "riyal": _Unit("riyal", "SAR"), "riyals": _Unit("riyal", "SAR"), "sar": _Unit("riyal", "SAR"),
    "dirham": _Unit("dirham", "AED"), "dirhams": _Unit("dirham", "AED"), "aed": _Unit("dirham", "AED"),
    "rupee": _Unit("rupee", "INR"), "rupees": _Unit("rupee", "INR"), "inr": _Unit("rupee", "INR"),
    "cents": _Unit("cent", "USD", Decimal("0.01")), "cent": _Unit("cent", "USD", Decimal("0.01")),
}
# Abbreviations of the Maghreb press: «د» (dinar, after a number: Tunisia's wire style), «دج» (Algerian dinar).
_ABBREVIATIONS: dict[str, _Unit] = {"د": _Unit("dinar", "TND"), "دج": _Unit("dinar", "DZD")}
CURRENCY_WORDS: dict[str, _Unit] = ({fold(f): unit for unit, forms in _UNIT_FORMS.items() for f in forms}
                                    | _LATIN_UNITS | _ABBREVIATIONS)
# Scale and currency in one abbreviation: «600 م د» (million dinars), «5 أد» (thousand dinars).
_SCALED_ABBREVIATIONS: dict[tuple[str, ...], list[str]] = {("م", "د"): ["مليون", "د"], ("اد",): ["الف", "د"]}

# Nationality after a currency word, by currency kind (stems: ``تايوانيا`` → ``تايواني``).
QUALIFIERS: dict[str, dict[str, str]] = {kind: folded(table) for kind, table in {
    "dollar": {"أمريكي": "USD", "أميركي": "USD", "تايواني": "TWD", "كندي": "CAD", "سنغافوري": "SGD",
               "أسترالي": "AUD", "نيوزيلندي": "NZD", "هونغ كونغ": "HKD", "هونج كونج": "HKD", "هونغ كونغي": "HKD"},
    "yuan": {"صيني": "CNY"},
    "euro": {"أوروبي": "EUR"},
    "yen": {"ياباني": "JPY"},
    "won": {"كوري": "KRW", "كوري جنوبي": "KRW"},
    "riyal": {"سعودي": "SAR", "قطري": "QAR", "عماني": "OMR", "برازيلي": "BRL", "يمني": "YER", "إيراني": "IRR"},
    "dirham": {"إماراتي": "AED", "مغربي": "MAD"},
    "dinar": {"كويتي": "KWD", "بحريني": "BHD", "أردني": "JOD", "عراقي": "IQD", "تونسي": "TND", "جزائري": "DZD",
              "ليبي": "LYD"},
    "pound": {"مصري": "EGP", "إسترليني": "GBP", "استرليني": "GBP", "سوداني": "SDG"},
    "rupee": {"هندي": "INR", "باكستاني": "PKR", "إندونيسي": "IDR", "سريلانكي": "LKR"},
    "franc": {"سويسري": "CHF"},
    "krona": {"سويدي": "SEK", "نرويجي": "NOK", "دنماركي": "DKK"},
    "lira": {"تركي": "TRY", "لبناني": "LBP", "سوري": "SYP"},
    "ringgit": {"ماليزي": "MYR"},
    "rand": {"جنوب أفريقي": "ZAR", "جنوب إفريقي": "ZAR", "جنوب أفريقيا": "ZAR"},
    "ruble": {"روسي": "RUB"},
    "peso": {"مكسيكي": "MXN", "فلبيني": "PHP", "أرجنتيني": "ARS", "تشيلي": "CLP", "كولومبي": "COP"},
    "dong": {"فيتنامي": "VND"},
    "shekel": {"إسرائيلي": "ILS"},
    "cent": {"أمريكي": "USD", "أميركي": "USD"},
}.items()}
SYMBOLS: dict[str, str] = {"$": "USD", "us$": "USD", "hk$": "HKD", "nt$": "TWD", "s$": "SGD", "a$": "AUD",
                           "c$": "CAD", "€": "EUR", "£": "GBP", "¥": "JPY", "usd": "USD", "eur": "EUR"}
ONE = word_set("واحد", "واحدا", "واحدة")
# Dual currency nouns are two units on their own: «دولارين».
DUAL_CURRENCIES = word_set("دولاران", "دولارين", "ريالان", "ريالين", "درهمان", "درهمين", "ديناران",
                           "دينارين", "جنيهان", "جنيهين")

_GLUED_RE = re.compile(r"^((?:us|hk|nt|s|a|c)?[$€£¥])?(\d+(?:[.,]\d+)*)([a-z]+|[$€£¥])?$")


# ---------------------------------------------------------------- numbers
def parse_number(text: str) -> Decimal | None:
    """A number in digits: ``2.5``, ``٢٫٥``, ``12,000``, ``2,5``, ``1.234.567``, ``5ر2`` (2.5); None if it is not one.

    A ``,`` followed by groups of exactly three digits is a thousands separator,
    otherwise a decimal comma; with both signs the last one is the decimal point.
    """
    text = fold(text)
    if m := re.fullmatch(r"(\d+)ر(\d+)", text):
        # The Tunisian wire style writes the fraction first: «4ر0 بالمائة» is 0.4%, «3ر35851 م د» 35,851.3 MD.
        return Decimal(f"{m.group(2)}.{m.group(1)}")
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", text):
        return None
    if "," in text and "." in text:
        decimal_sign = "." if text.rfind(".") > text.rfind(",") else ","
        whole, _, fraction = text.rpartition(decimal_sign)
        return _grouped(whole, "," if decimal_sign == "." else ".", fraction)
    for sign in ",.":
        if sign in text:
            parts = text.split(sign)
            if len(parts) > 2 or (sign == "," and len(parts[1]) == 3):
                return _grouped(text, sign, "")  # thousands: 12,000 / 1.234.567
            return Decimal(parts[0] + "." + parts[1])
    return Decimal(text)


def _grouped(whole: str, sign: str, fraction: str) -> Decimal | None:
    """``whole`` with thousands separators ``sign`` (groups of three), plus a decimal fraction."""
    head, *groups = whole.split(sign)
    if any(len(g) != 3 for g in groups) or not head:
        return None
    try:
        return Decimal("".join([head, *groups]) + ("." + fraction if fraction else ""))
    except InvalidOperation:
        return None


def digit_number(word: str) -> tuple[Decimal, str | None] | None:
    """A word that is a number in digits → (value, code of its currency symbol or None); None if it is not one.

    The word may carry a proclitic (``و700``), a currency symbol (``$5``, ``5€``)
    or a Latin scale (``2.5bn``) glued on.
    """
    word = fold(word)
    for bare in (word, *(word[len(p):] for p in PROCLITICS if word.startswith(p))):
        m = _GLUED_RE.match(bare)
        number = parse_number(m.group(2)) if m else None
        if number is None:
            continue
        before, after = m.group(1), m.group(3)
        if after in SCALES:
            return number * SCALES[after], SYMBOLS.get(before)
        if after is None or after in SYMBOLS:
            return number, SYMBOLS.get(before or after)
    return None


TEENS = word_set("عشر", "عشرة")  # «الاثني عشر» = 12


def count_word(word: str) -> int | None:
    """A cardinal written in digits or as a word, with or without ``ال``: ``الثلاث`` → 3, ``5`` → 5.

    A teen is two words (``الاثني عشر``): add 10 when :data:`TEENS` follows.
    """
    word = fold(word)
    if word.isdecimal():
        return int(word)
    if word.startswith("ال") and word[2:] in NUMBER_WORDS:
        return NUMBER_WORDS[word[2:]]
    return NUMBER_WORDS.get(word)


# ---------------------------------------------------------------- tokens
# Words glued to a number by a missing space in published text (``حوالي4 ملايين دينار``, ``مقابل6727
# مليون دينار``): the approximator or preposition is read off; the span keeps the whole word (data/README,
# decision 50). An article before a number is read off too (``الـ180 ألف دينار``, the tatweel folded away).
GLUED_BEFORE_NUMBER = word_set("حوالي", "حوالى", "نحو", "قرابة", "مقابل", "بقيمة", "بمبلغ", "ال", "بال", "وال")
_GLUED_BEFORE_RE = re.compile("^(" + "|".join(sorted(GLUED_BEFORE_NUMBER, key=len, reverse=True)) + r")(?=\d)")


def _decimal_commas(words: list[Word]) -> list[str]:
    """The folded words, with ``digits،digits`` written without spaces joined into one decimal number
    (``117،901 مليون دينار`` → 117.901: the Arabic comma between digits is the decimal sign of wire
    text, the thousands sign being ``٬``)."""
    out: list[str] = []
    k = 0
    while k < len(words):
        w = words[k]
        if (k + 2 < len(words) and words[k + 1].text == "،" and w.text.isdecimal() and words[k + 2].text.isdecimal()
                and w.end == words[k + 1].start and words[k + 1].end == words[k + 2].start):
            out.append(fold(f"{w.text}.{words[k + 2].text}"))
            k += 3
        else:
            out.append(fold(w.text))
            k += 1
    return out


def _tokens(text: str) -> list[str]:
    """Folded words, with glued symbols, Latin scales and ``و`` before a digit split off."""
    tokens: list[str] = []
    for i, word in enumerate(_decimal_commas(split_words(text))):
        word = _GLUED_BEFORE_RE.sub("", word) if i == 0 else word
        if i > 0 and re.match(r"^و(?:\d|[$€£¥])", word):
            tokens.append(AND)
            word = word[1:]
        m = _GLUED_RE.match(word)
        if m and (m.group(1) or m.group(3)):
            tokens.extend(g for g in m.groups() if g)
        else:
            tokens.append(word)
    return _expand_abbreviations(tokens)


def _expand_abbreviations(tokens: list[str]) -> list[str]:
    """«م د» → «مليون د», «أد» → «ألف د» after a number (folded tokens)."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        for short, long in _SCALED_ABBREVIATIONS.items():
            if i > 0 and tuple(tokens[i:i + len(short)]) == short:
                out.extend(long)
                i += len(short)
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _without_proclitic(tokens: list[str]) -> list[str] | None:
    """The tokens with a proclitic (``و``, ``ب``, ``وب``...) removed from the first one, if it carries one."""
    first = tokens[0]
    for p in PROCLITICS:
        rest = first[len(p):]
        if first.startswith(p) and rest and (rest[0].isdecimal() or rest[0] in "$€£¥" or _is_number_word(rest)
                                                 or rest in CURRENCY_WORDS):
            return _tokens(rest) + tokens[1:]
    return None


def _is_number_word(word: str) -> bool:
    return any(word in t for t in (NUMBER_WORDS, FRACTIONS, SCALES, DUAL_SCALES, PLURAL_SCALES, MULTIPLIERS))


# ---------------------------------------------------------------- the grammar
class _Quantity(NamedTuple):
    value: Decimal | None  # None when vague
    scale: int | None  # the scale word's value, when one was written
    vague: str | None = None  # "billions", "tens of billions"


def _scales(tokens: list[str], i: int) -> tuple[int, int]:
    """The product of the scale words from ``i``, and where they end."""
    product = 1
    while i < len(tokens) and tokens[i] in SCALES:
        product *= SCALES[tokens[i]]
        i += 1
    return product, i


def _quantity(tokens: list[str], i: int) -> tuple[_Quantity, int] | None:
    """A number with its scale words starting at ``i``, and where it ends."""
    if i >= len(tokens):
        return None
    word = tokens[i]
    number = parse_number(word)
    j = i + 1
    if number is None and word in NUMBER_WORDS:
        number = Decimal(NUMBER_WORDS[word])
        if tokens[j:j + 1] and tokens[j] in TEENS and number < 10:
            number, j = number + 10, j + 1  # «اثنا عشر»
    if number is not None:
        start = j
        scale, j = _scales(tokens, j)
        return _Quantity(number * scale, scale if j > start else None), j
    if word in FRACTIONS and tokens[i + 1:i + 2] and tokens[i + 1] in SCALES:
        scale, j = _scales(tokens, i + 1)
        return _Quantity(FRACTIONS[word] * scale, scale), j
    if word in DUAL_SCALES:
        return _Quantity(Decimal(2 * DUAL_SCALES[word]), DUAL_SCALES[word]), i + 1
    if word in MULTIPLIERS and tokens[i + 1:i + 2] and tokens[i + 1] in PLURAL_SCALES:
        return _Quantity(None, None, f"{MULTIPLIERS[word]} {PLURAL_SCALES[tokens[i + 1]]}"), i + 2
    if word in PLURAL_SCALES:
        return _Quantity(None, None, PLURAL_SCALES[word]), i + 1
    if word in MULTIPLIERS and word not in SCALES and tokens[i + 1:i + 2] and tokens[i + 1] in CURRENCY_WORDS:
        return _Quantity(None, None, MULTIPLIERS[word].removesuffix(" of")), i + 1  # «مئات الدولارات»
    if word in SCALES:
        scale, j = _scales(tokens, i)
        return _Quantity(Decimal(scale), scale), j
    return None


def _quantities(tokens: list[str], i: int) -> tuple[list[_Quantity], int] | None:
    """One quantity, or two joined as a range (``84 إلى 98 مليار``) or a sum (``مليار و200 مليون``)."""
    first = _quantity(tokens, i)
    if first is None:
        return None
    low, j = first
    if low.scale and low.value is not None and j < len(tokens) and tokens[j][:1] == AND \
            and tokens[j][1:] in FRACTIONS:  # «مليار ونصف [المليار]»: a fraction of the scale added
        fraction, j = FRACTIONS[tokens[j][1:]], j + 1
        if j < len(tokens) and tokens[j][:2] == "ال" and tokens[j][2:] in SCALES:
            j += 1
        return [_Quantity(low.value + fraction * low.scale, low.scale)], j
    if j < len(tokens) and tokens[j] in RANGE_WORDS and low.vague is None:
        second = _quantity(tokens, j + 1)
        if second is not None and second[0].vague is None:
            high, k = second
            if tokens[j] == AND and low.scale and high.scale and low.scale > high.scale:
                return [_Quantity(low.value + high.value, low.scale)], k  # «مليار و200 مليون»
            if low.scale is None and high.scale:
                low = _Quantity(low.value * high.scale, high.scale)  # «84 إلى 98 مليار»: the scale applies to both
            if low.value <= high.value:  # «2024 و1.6 مليار يوان» is a year and an amount, not a range
                return [low, high], k
    return [low], j


def _qualifier(unit: _Unit, tokens: list[str], i: int) -> tuple[str, int] | None:
    """A nationality after the currency word (one or two words) → (code, end)."""
    table = QUALIFIERS.get(unit.kind, {})
    for length in (2, 1):
        words = tokens[i:i + length]
        if len(words) == length:
            key = " ".join(_adjective_stem(w) for w in words)
            if key in table:
                return table[key], i + length
    return None


def _adjective_stem(word: str) -> str:
    """``التايوانية`` → ``تايواني``: no article, no accusative ``ا``, no feminine ``ه``."""
    if word.startswith("ال") and len(word) > 4:
        word = word[2:]
    for ending in ("ا", "ه"):
        if word.endswith("ي" + ending):
            word = word[:-1]
    return word


def read_currency(tokens: list[str], i: int) -> tuple[_Unit, str | None, int] | None:
    """A currency word with its qualifier at ``i`` → (unit, ISO code, end)."""
    if i >= len(tokens) or tokens[i] not in CURRENCY_WORDS:
        return None
    unit = CURRENCY_WORDS[tokens[i]]
    qualified = _qualifier(unit, tokens, i + 1)
    if qualified:
        return unit, qualified[0], qualified[1]
    return unit, unit.code, i + 1


def _number_value(value: Decimal, currency: str | None) -> int | float:
    """Rounded to the currency's minor unit (``ثلث مليار دولار`` → 333333333.33); an int when whole."""
    value = value.quantize(Decimal(1).scaleb(-minor_unit_digits(currency)), rounding=ROUND_HALF_EVEN)
    return int(value) if value == value.to_integral_value() else float(value)


def amount_value(text: str) -> AmountValue | None:
    """The value of an AMOUNT span, or None when it cannot be read.

    An :class:`arabic_ie.inference.schemas.AmountValue` (every key always present): ``amount`` is
    the number of currency units (``33 سنتا`` → 0.33 USD), rounded to the currency's minor
    unit. A range gives ``low`` and ``high`` with the scale applied to both, and ``amount``
    None. A vague amount (``مليارات الدولارات``, ``عشرات المليارات من الين``) has ``amount``
    None and ``"approximate": "billions"`` / ``"tens of billions"``. A currency whose code
    the text does not tell (a bare ``دينار``, ``فلسا``) gives ``currency`` None;
    ``فلس`` amounts have ``"unit": "fils"``. No currency word or symbol, or words
    left unread (``نحو``, an unknown nationality) → None.
    """
    tokens = _tokens(text)
    if not tokens:
        return None
    value = _read_amount(tokens)
    if value is None:
        stripped = _without_proclitic(tokens)
        value = _read_amount(stripped) if stripped else None
    return value


def _read_amount(tokens: list[str]) -> AmountValue | None:
    i, symbol = 0, None
    if tokens[0] in SYMBOLS:
        i, symbol = 1, SYMBOLS[tokens[0]]
    elif tokens[0] in CURRENCY_WORDS:
        return _unit_amount(tokens)
    found = _quantities(tokens, i)
    if found is None:
        return None
    quantities, j = found
    if j < len(tokens) and tokens[j] in SYMBOLS and symbol is None:  # «5$»
        symbol, j = SYMBOLS[tokens[j]], j + 1
    if j < len(tokens) and tokens[j] == OF and quantities[0].vague:
        j += 1  # «عشرات المليارات من الدولارات»
    currency = read_currency(tokens, j)
    if currency is not None:
        unit, code, j = currency
    elif symbol is not None:
        unit, code = _Unit("symbol", symbol), symbol
    else:
        return None
    if j != len(tokens):
        return None
    return _result(quantities, unit, code)


def _unit_amount(tokens: list[str]) -> AmountValue | None:
    """A currency word that is its own number: «سنت واحد», «دولارا واحدا», «دولارين»."""
    unit = CURRENCY_WORDS[tokens[0]]
    if tokens[0] in DUAL_CURRENCIES and len(tokens) == 1:
        return _result([_Quantity(Decimal(2), None)], unit, unit.code)
    if tokens[1:] and tokens[1] in ONE and len(tokens) == 2:
        return _result([_Quantity(Decimal(1), None)], unit, unit.code)
    return None


def _result(quantities: list[_Quantity], unit: _Unit, code: str | None) -> AmountValue:
    value = AmountValue(amount=None, currency=code, low=None, high=None, approximate=None, unit=None)
    scaled = [None if q.value is None else _number_value(q.value * unit.factor, code) for q in quantities]
    if len(scaled) == 2:
        value["low"], value["high"] = scaled
    else:
        value["amount"] = scaled[0]
    if quantities[0].vague:
        value["approximate"] = quantities[0].vague
    if unit.kind == "fils":
        value["unit"] = "fils"
    return value


# ---------------------------------------------------------------- finding amounts in text
MAX_WORDS = 10  # the longest amount the matcher looks for: «ما بين 84 و98 مليار دولار أمريكي»


def _may_start(word: str) -> bool:
    """Whether an amount can start with the (folded) ``word``: a number, a scale, a symbol or a currency."""
    def starts(token: str) -> bool:
        return token[:1].isdecimal() or token in SYMBOLS or _is_number_word(token) or token in CURRENCY_WORDS \
            or _GLUED_RE.match(token) is not None
    return starts(word) or any(word.startswith(p) and starts(word[len(p):]) for p in PROCLITICS) \
        or _GLUED_BEFORE_RE.match(word) is not None


def span_text(words: Sequence[str | Word], i: int, end: int) -> str:
    """The text of ``words[i:end]``: joined by one space, or as they stood where they are
    :class:`~arabic_ie.inference.words.Word` s (``117،901`` stays one number)."""
    parts = [words[i] if isinstance(words[i], str) else words[i].text]
    for k in range(i + 1, end):
        w, before = words[k], words[k - 1]
        glued = not isinstance(w, str) and not isinstance(before, str) and before.end == w.start
        parts.append(("" if glued else " ") + (w if isinstance(w, str) else w.text))
    return "".join(parts)


def match(words: Sequence[str | Word], i: int) -> tuple[AmountValue, int] | None:
    """The longest amount that starts at ``words[i]``: ``(value, end)`` with ``end`` exclusive, or None.

    ``words`` are the words of a text (:func:`arabic_ie.inference.words.split_words`), as strings
    or as :class:`~arabic_ie.inference.words.Word` s (which keep where the text had no space). What
    this finds is exactly what :func:`amount_value` reads, so a span found here always has a value.
    """
    if not 0 <= i < len(words) or not _may_start(fold(span_text(words, i, i + 1))):
        return None
    for end in range(min(len(words), i + MAX_WORDS), i, -1):
        value = amount_value(span_text(words, i, end))
        if value is not None:
            return value, end
    return None
