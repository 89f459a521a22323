"""`RuleTagger`: the rule baseline, with the same interface as the model `Tagger`.

    tagger = Tagger.from_pretrained("rules")      # or RuleTagger()
    for entity in tagger.tag(["أعلنت إنفيديا ..."])[0]:
        print(entity.label, entity.text, entity.value)

It works on the words of the shared word rule (:func:`arabic_ie.inference.words.split_words`)
and follows ANNOTATION.md's span rules:

- AMOUNT: a small grammar over words, number (digits, number words, scale words)
  → optional range → currency → optional qualifier. No currency, no AMOUNT.
- PERIOD: years, months, days, quarters and halves, fiscal and Hijri years,
  relative expressions (``العام الماضي``, ``السنوات الثلاث المقبلة``) and
  weekdays, with their anchors (``نهاية``, ``مطلع``) inside and the leading
  prepositions (``في``, ``خلال``, ``منذ``) outside.
- COMPANY and CHIP: gazetteers built from the train split
  (``arabic-ie build-gazetteers``, longest match), chip model codes and families
  (``H100``, ``أسند 910B``, ``Snapdragon 8 Elite``; not ``HBM3E``, ``NVL72``), and
  cues for names the gazetteers lack: a Latin name in brackets and the Arabic
  spelling just before it (``أدفانتست (Advantest)``), names spelled in letter
  names (``يو بي إس``), a name after ``محللو``/``صحيفة``/``وكالة``, before a
  nationality adjective (``هيوماين السعودية``) or a corporate word (``كابيتال``),
  joined by ``و`` to a company, a Latin name near a chip word (``المعالج المركزي
  Vera``) and any other capitalised Latin name (a company). A name found by a cue
  is found again elsewhere in the same text.

The word lists the rules look at are in :mod:`arabic_ie.inference.rule_words`; this module holds the
rules. At every word the longest match of all rules wins (ties: the order above); a
match never starts inside an earlier one. A word may carry a proclitic
(``وإنفيديا``, ``لعام 2025``) when it starts an entity: the whole word belongs
to the entity.
"""

from __future__ import annotations

import re
from datetime import date
from difflib import SequenceMatcher
from pathlib import Path
from typing import Callable, Sequence

from arabic_ie.inference import amounts, periods
from arabic_ie.inference.amounts import digit_number, read_currency
from arabic_ie.inference.arabic import PROCLITIC_PATTERN, fold, proclitic_variants, strip_marks
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.paths import DATA_DIR
from arabic_ie.inference.rule_words import (
    MONTHS, AMBIGUOUS_MONTHS, TIME_PREPOSITIONS, UNITS, QUARTER_UNITS, QUARTER_ORDINALS,
    MODIFIERS, DUAL_MODIFIERS, PLURAL_UNITS, PLURAL_MODIFIERS, DEFINITE_NUMBERS, COUNTED_UNITS,
    ERA_SIGNS, NOT_AFTER_YEAR, NOT_BEFORE_YEAR, CHIP_CODE_RE, NOT_CHIP_PREFIXES, NOT_CHIP_CODES,
    DEVICE_WORDS, CHIP_FAMILIES_ALONE, CHIP_FAMILIES, CHIP_SUFFIXES, CHIP_CUES, CHIP_WORDS,
    NAME_CUES, PERSON_TITLES, PLACE_WORDS, NATIONALITY_RE, STOPWORDS, ARABIC_LETTERS,
    COMMON_LETTER_WORDS, LETTER_PREPOSITIONS, LETTER_TERMS, CORPORATE_SUFFIXES, NAME_SUFFIXES, NOT_BEFORE_NAME,
    COMPANY_HEADS, LATIN_TERMS, LETTER_NAMES, ARABIC_SOUNDS, LATIN_SOUNDS,
)
from arabic_ie.inference.tagger import BaseTagger
from arabic_ie.inference.vocabulary import AND, IN, OF, RANGE_WORDS, word_set
from arabic_ie.inference.words import Word, split_words

GAZETTEER_DIR = DATA_DIR / "gazetteers"
GAZETTEER_FILES = {"COMPANY": "company.txt", "CHIP": "chip.txt"}


class GazetteerError(FileNotFoundError):
    """The gazetteer files of the rule baseline are missing."""


def _skeleton_arabic(text: str) -> str:
    text = fold(text).replace("تش", "ش")
    return re.sub(r"(.)\1+", r"\1", text.translate(ARABIC_SOUNDS))


def _skeleton_latin(text: str) -> str:
    text = text.lower()
    for pattern, sound in LATIN_SOUNDS:
        text = re.sub(pattern, sound, text)
    return re.sub(r"(.)\1+", r"\1", text)


def _is_latin(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&.+\-]*", word))


# ---------------------------------------------------------------- the matcher
class _Sentence:
    """The words of one text with the keys the rules look at."""

    def __init__(self, words: Sequence[Word]):
        self.raw = [strip_marks(w.text) for w in words]  # marks removed, case kept
        self.keys = [fold(r) for r in self.raw]  # folded
        self._forms: dict[int, list[str]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def forms(self, i: int, first: bool) -> list[str]:
        """The folded word at ``i``; at the start of an entity also without its proclitic."""
        if not 0 <= i < len(self.keys):
            return []
        if not first:
            return [self.keys[i]]
        if i not in self._forms:
            forms = [self.keys[i]] + proclitic_variants(self.keys[i])
            forms += ["ال" + f[2:] for f in forms if f.startswith("لل") and len(f) > 3]  # للربع → الربع
            self._forms[i] = forms
        return self._forms[i]

    def is_(self, i: int, lexicon, first: bool = False) -> bool:
        return any(f in lexicon for f in self.forms(i, first))


class _Rules:
    """The rules. Each public method takes a sentence and a start word and returns the
    end (exclusive) of its match, or ``(end, label)`` for the name rules, or None."""

    def __init__(self, gazetteer: dict[tuple[str, ...], str]):
        self.gazetteer = gazetteer
        self.longest_name = max((len(k) for k in gazetteer), default=0)

    # ---- numbers and amounts ----------------------------------------------------
    @staticmethod
    def _number(s: _Sentence, i: int, first: bool) -> tuple[int, bool] | None:
        """A number (digits, number word, fraction + scale, scale alone): (end, carries a currency symbol)."""
        digits = digit_number(s.key(i))
        if digits and (first or not re.match(r"^[بلف]", s.key(i))):
            j = i + 1
            while s.key(j) in amounts.SCALE_WORDS:
                j += 1
            return j, digits[1] is not None
        if s.is_(i, amounts.NUMBER_WORDS, first) and s.key(i + 1) in amounts.SCALE_WORDS:
            return i + 2, False
        if s.is_(i, amounts.NUMBER_WORDS, first) and s.key(i + 1) in amounts.CURRENCY_WORDS:  # «ثلاثة دولارات»
            return i + 1, False
        if s.is_(i, amounts.FRACTIONS, first) and s.key(i + 1) in amounts.SCALE_WORDS:
            return i + 2, False
        if s.is_(i, amounts.MULTIPLIERS, first) and s.key(i + 1) in amounts.PLURAL_SCALES:
            return i + 2, False
        if s.is_(i, amounts.SCALE_WORDS, first):
            return i + 1, False
        return None

    def amount(self, s: _Sentence, i: int) -> int | None:
        number = self._number(s, i, first=True)
        if number is None:
            return None
        j, symbol = number
        if s.key(j - 1) in amounts.SCALE_WORDS and s.key(j)[:1] == AND and s.key(j)[1:] in amounts.FRACTIONS:
            # «مليار ونصف المليار دولار»
            j += 2 if s.key(j + 1)[:2] == "ال" and s.key(j + 1)[2:] in amounts.SCALE_WORDS else 1
        if s.key(j) not in amounts.CURRENCY_WORDS and not symbol:
            # a range: «84 إلى 98 مليار دولار», «600 و700 مليار يوان»
            nxt = None
            if j == i + 1 and re.fullmatch(r"(?:\D*)(?:19|20)\d\d", s.key(i)):
                pass  # a year before a number is not a range: «في 2024 و1.6 مليار يوان»
            elif s.key(j) in RANGE_WORDS:
                nxt = self._number(s, j + 1, first=False)
            elif s.key(j).startswith(AND) and digit_number(s.key(j)):
                nxt = self._number(s, j, first=True)
            if nxt is not None:
                j, symbol = nxt[0], symbol or nxt[1]
        if s.key(j) == OF and s.key(j - 1) in amounts.PLURAL_SCALES and s.key(j + 1) in amounts.CURRENCY_WORDS:
            j += 1  # «عشرات المليارات من الدولارات»
        currency = read_currency(s.keys, j)  # with its nationality: «دولار تايواني», «وون كوري جنوبي»
        if currency is not None:
            return currency[2]
        return j if symbol else None

    def unit_amount(self, s: _Sentence, i: int) -> int | None:
        """A currency with «واحد»: «سنت واحد», «دولارا واحدا»."""
        if s.is_(i, amounts.CURRENCY_WORDS, first=True) and s.key(i + 1) in amounts.ONE:
            return i + 2
        return None

    # ---- periods --------------------------------------------------------------------
    @staticmethod
    def _year_word(s: _Sentence, i: int, first: bool) -> int | None:
        """A year number (19xx, 20xx; 14xx only with an era sign), with a glued or separate era sign."""
        if not 0 <= i < len(s):
            return None
        word = s.keys[i]
        m = re.match(rf"^{PROCLITIC_PATTERN}?((?:19|20|14)\d\d)(ه|م)?$", word)
        if not m or (not first and re.match(r"^[بلف]", word)):
            return None
        j = i + 1
        era = bool(m.group(2))
        if not era and s.key(j) in ERA_SIGNS:
            j, era = j + 1, True
        if m.group(1).startswith("14") and not era:
            return None
        if s.key(j) in NOT_AFTER_YEAR or s.is_(i - 1, NOT_BEFORE_YEAR, True) or s.is_(i - 2, NOT_BEFORE_YEAR, True):
            return None
        if s.key(j) in ("/", "-") and re.fullmatch(r"(?:19|20)\d\d", s.key(j + 1)):  # 2025/2026
            j += 2
        return j

    def _years(self, s: _Sentence, i: int, first: bool) -> int | None:
        """A year or a range of years: «2024», «2024 إلى 2026», «2024 و2030»."""
        j = self._year_word(s, i, first)
        if j is None:
            return None
        if s.key(j) in RANGE_WORDS:
            k = self._year_word(s, j + 1, first=False)
            if k is not None:
                return k
        if s.key(j).startswith("و"):
            k = self._year_word(s, j, first=True)
            if k is not None:
                return k
        return j

    def year_phrase(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«عام 2024», «لعام 2025», «عامي 2026 و2027», «2023»."""
        if s.is_(i, periods.YEAR_HEADS, first) or s.is_(i, periods.SEASONS, first):
            j = self._years(s, i + 1, first=False)
            if j is not None:
                return j
        return self._years(s, i, first)

    def _month_name(self, s: _Sentence, i: int, first: bool) -> int | None:
        for form in s.forms(i, first):
            if f"{form} {s.key(i + 1)}" in MONTHS:
                return i + 2
            if form in MONTHS:
                return i + 1
        return None

    def _months(self, s: _Sentence, i: int, first: bool) -> tuple[int, bool] | None:
        """A month name or pair «فبراير/شباط»: (end, safe) where safe means not an ambiguous single name."""
        j = self._month_name(s, i, first)
        if j is None:
            return None
        safe = j - i == 2 or not s.is_(i, AMBIGUOUS_MONTHS, first)
        if s.key(j) == "/":
            k = self._month_name(s, j + 1, first=False)
            if k is not None:
                return k, True
        return j, safe

    def month_phrase(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """[weekday] [day] month[/month] [year | من العام ...], and ranges of months."""
        j = i
        if s.is_(j, periods.WEEKDAYS, first):
            j += 1
            first = False
        day = False
        if re.fullmatch(rf"{PROCLITIC_PATTERN}?(?:[1-9]|[12]\d|3[01])", s.key(j)) and (first or j > i or
                                                                                   s.key(j).isdecimal()):
            if first or s.key(j).isdecimal():
                j += 1
                day = True
        elif s.is_(j, periods.DAY_ORDINALS, first and j == i) and s.key(j + 1) == OF:
            j += 2
            day = True
        months = self._months(s, j, first and j == i)
        if months is None:
            return None
        end, safe = months
        context = s.key(i - 1) in TIME_PREPOSITIONS or day
        year = self.year_phrase(s, end, first=False)
        if year is None and s.key(end) == OF:
            ref = self.year_ref(s, end + 1)
            if ref is not None:
                year = ref
        if year is not None:
            end, safe = year, True
        elif s.key(end) in RANGE_WORDS:  # «أبريل إلى يونيو»
            other = self.month_phrase(s, end + 1, first=False)
            if other is not None:
                end, safe = other, True
        if not (safe or context):
            return None
        return end

    def year_ref(self, s: _Sentence, i: int) -> int | None:
        """What may follow «من» in «الربع الأول من ...»: a year, «العام [الجاري]», a fiscal year."""
        best = max((m for m in (self.fiscal(s, i, first=False), self.year_phrase(s, i, first=False),
                                self.relative(s, i, first=False)) if m is not None), default=None)
        if best is not None:
            return best
        if s.key(i) in word_set("العام", "السنة", "عامها", "سنتها"):
            return i + 1
        return None

    def _continuation(self, s: _Sentence, j: int, start: int) -> int:
        """«... من 2025», «... 2025», «... المنتهية في سبتمبر/أيلول» after the period head ``s[start:j]``."""
        if s.key(j) == OF:
            ref = self.year_ref(s, j + 1)
            if ref is not None:
                return ref
        if s.key(j - 1) in QUARTER_ORDINALS:  # «الربع الأول 2025»
            year = self._years(s, j, first=False)
            if year is not None:
                return year
        has_year = any(re.search(r"(?:19|20)\d\d", k) for k in s.keys[start:j])
        if s.key(j) in periods.ENDING and s.key(j + 1) == IN and not has_year:
            # «السنة المالية المنتهية في مارس/آذار 2026»; after a year the date is a period of its own
            end = self.month_phrase(s, j + 2, first=False)
            if end is not None:
                return end
        return j

    def fiscal(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«السنة المالية 2026», «العام المالي 2025/2026», «سنتها المالية الحالية»."""
        if not (s.is_(i, periods.FISCAL_HEADS, first) and s.key(i + 1) in periods.FISCAL_WORDS):
            return None
        j = i + 2
        year = self._years(s, j, first=False)
        if year is not None:
            j = year
        elif s.key(j) in MODIFIERS:
            j += 1
        return self._continuation(s, j, i)

    def quarter(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«الربع الثالث [من 2025]», «النصف الأول من العام», «بالربع الأخير»."""
        if not s.is_(i, QUARTER_UNITS, first):
            return None
        if s.key(i + 1) in periods.FISCAL_WORDS and s.key(i + 2) in MODIFIERS:  # «الربع المالي الثالث»
            return self._continuation(s, i + 3, i)
        if s.key(i + 1) in MODIFIERS:
            j = i + 2 + (s.key(i + 2) in periods.FISCAL_WORDS)  # «الربع الثالث المالي»
            return self._continuation(s, j, i)
        if s.key(i + 1) in periods.ENDING:  # «الربع المنتهي في سبتمبر/أيلول»
            end = self._continuation(s, i + 1, i)
            return end if end > i + 1 else None
        return None

    def relative(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«العام الماضي», «هذا العام», «العامين المقبلين», «السنوات الثلاث المقبلة», «الفترة نفسها من ...»."""
        if s.is_(i, UNITS, first) and s.key(i + 1) in MODIFIERS - QUARTER_ORDINALS:
            return self._continuation(s, i + 2, i)
        if s.is_(i, periods.DEMONSTRATIVES, first) and s.key(i + 1) in UNITS - word_set("العقد"):
            return i + 2  # not «هذا العقد»: a contract
        if s.is_(i, periods.DUAL_UNITS, first) and s.key(i + 1) in DUAL_MODIFIERS:
            return i + 2
        if s.is_(i, PLURAL_UNITS, first):
            j = i + 1
            while s.key(j) in DEFINITE_NUMBERS:
                j += 1
            if j > i + 1 and s.key(j) in RANGE_WORDS and s.key(j + 1) in DEFINITE_NUMBERS:
                j += 2
            if s.key(j) in PLURAL_MODIFIERS:
                if s.key(j) in periods.FEW:
                    j += 1
                return self._continuation(s, j + 1, i)
            if s.key(j) in periods.FEW and s.key(j + 1) in PLURAL_MODIFIERS:
                return self._continuation(s, j + 2, i)
            if j > i + 1 and s.key(j) in periods.ENDING:
                k = self._continuation(s, j, i)
                return k if k > j else None
        if (re.fullmatch(r"(?:و|ب|ل|ف)?ال\d+", s.key(i)) or s.is_(i, DEFINITE_NUMBERS, first)) \
                and s.key(i + 1) in COUNTED_UNITS and s.key(i + 2) in PLURAL_MODIFIERS | MODIFIERS:
            return i + 3  # «الـ12 شهرا الماضية»
        if s.is_(i, DEFINITE_NUMBERS, first) and s.key(i + 1) in DEFINITE_NUMBERS \
                and s.key(i + 2) in COUNTED_UNITS and s.key(i + 3) in PLURAL_MODIFIERS | MODIFIERS:
            return i + 4  # «الاثني عشر شهرا الماضية»
        if s.is_(i, periods.SAME_HEADS, first) and s.key(i + 1) in MODIFIERS and s.key(i + 2) == OF:
            k = self._continuation(s, i + 2, i)
            return k if k > i + 2 else None
        return None

    def weekday(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«الخميس», «الثلاثاء الماضي»."""
        if not s.is_(i, periods.WEEKDAYS, first):
            return None
        return i + 2 if periods.MODIFIERS.get(s.key(i + 1)) in (-1, 1) else i + 1

    def period_core(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        found = [m(s, i, first) for m in (self.fiscal, self.quarter, self.relative, self.month_phrase,
                                          self.year_phrase, self.weekday)]
        return max((f for f in found if f is not None), default=None)

    def period(self, s: _Sentence, i: int) -> int | None:
        """A period, with an anchor in front: «نهاية 2026», «بنهاية العام», «أوائل العام الجاري»."""
        if s.is_(i, periods.ANCHORS, first=True):
            core = self.period_core(s, i + 1, first=False)
            if core is not None:
                return core
            if s.key(i + 1) in UNITS:
                return i + 2
            return None
        return self.period_core(s, i, first=True)

    # ---- chips --------------------------------------------------------------------
    @staticmethod
    def _bare_latin(s: _Sentence, i: int) -> str:
        """The word at ``i`` (case kept) without an Arabic proclitic glued to a Latin word (``وB200``)."""
        raw = s.raw[i] if 0 <= i < len(s) else ""
        m = re.match(rf"^{PROCLITIC_PATTERN}([A-Za-z].*)$", raw)
        return m.group(1) if m else raw

    @staticmethod
    def _not_chip_code(word: str) -> bool:
        return word in NOT_CHIP_CODES or word.upper().startswith(NOT_CHIP_PREFIXES)

    def _chip_code(self, s: _Sentence, i: int) -> bool:
        word = self._bare_latin(s, i)
        if not CHIP_CODE_RE.match(word) or self._not_chip_code(word):
            return False
        return not s.is_(i - 1, DEVICE_WORDS, first=True)

    def _model_tokens(self, s: _Sentence, j: int) -> int:
        """The end of the model tokens after a chip family or code: «910B», «8 Gen 3», «Pro», «v5e»."""
        start = j
        while j < len(s) and j - start < 4:
            word, key = s.raw[j], s.key(j)
            if re.fullmatch(r"(?:[A-Za-z]{0,4}|[\u0621-\u064a]{1,3})\d+(?:\.\d+)?[A-Za-z]{0,3}", word) \
                    and not self._not_chip_code(word) and not re.match(r"^و\d", word):
                j += 1
            elif key in CHIP_SUFFIXES and (j > start or key in word_set("Ultra", "AI", "X")):
                j += 1
            else:
                break
        return j

    def chip(self, s: _Sentence, i: int) -> int | None:
        """A chip code «H100», a family with a model «أسند 910B», «Snapdragon 8 Elite»."""
        latin = self._bare_latin(s, i)
        if s.is_(i, CHIP_FAMILIES, first=True) or latin.lower() in CHIP_FAMILIES:
            j = self._model_tokens(s, i + 1)
            if j > i + 1 and not (s.key(i + 1) in word_set("X", "AI") and j == i + 2):
                return j
            if s.is_(i, CHIP_FAMILIES_ALONE, first=True) or latin.lower() in CHIP_FAMILIES_ALONE:
                return i + 1
            return None
        if self._chip_code(s, i):
            j = i + 1
            while s.key(j) in CHIP_SUFFIXES and j < i + 3:
                j += 1
            return j
        return None

    def _latin_name(self, s: _Sentence, i: int, longest: int = 4) -> int:
        """The end of a run of Latin words at ``i``, hyphenated parts included («MN-Core 2», «Ara-2»)."""
        j = i
        while j < len(s) and j - i < longest:
            word = self._bare_latin(s, j) if j == i else s.raw[j]
            if _is_latin(word) or (j > i and re.fullmatch(r"\d+[A-Za-z]{0,3}", word)):
                j += 1
            elif word == "-" and j > i and j + 1 < len(s) and re.fullmatch(r"[A-Za-z0-9]+", s.raw[j + 1]):
                j += 1
            elif word == "." and j > i and s.raw[j + 1:j + 2] in (["com"], ["ai"], ["io"], ["net"]):
                j += 1  # «JD.com»
            else:
                break
        return j

    def chip_after_cue(self, s: _Sentence, i: int) -> int | None:
        """A Latin name after a chip word: «معالج Rhea», «بشريحة Bow IPU», «معالج MN-Core 2»."""
        if not self._chip_word(s.key(i - 1)):
            return None
        word = self._bare_latin(s, i)
        if not word[:1].isupper() or word.lower() in LATIN_TERMS or self._not_chip_code(word) \
                or word.lower() in DEVICE_WORDS:
            return None
        j = self._latin_name(s, i)
        while j > i + 1 and (s.raw[j - 1].lower() in LATIN_TERMS or self._not_chip_code(s.raw[j - 1])):
            j -= 1
        return j if j > i else None

    # ---- names ----------------------------------------------------------------------
    def name(self, s: _Sentence, i: int, extra: dict | None = None) -> tuple[int, str] | None:
        """The longest gazetteer name at ``i`` (its first word may carry a proclitic)."""
        if s.key(i - 1) in PERSON_TITLES | NOT_BEFORE_NAME:
            return None  # «الرئيس التنفيذي روبن لي» is a person, «مؤشر نيكي» an index
        extra = extra or {}
        longest = max(self.longest_name, max(map(len, extra), default=0))
        for length in range(min(longest, len(s) - i), 0, -1):
            rest = tuple(s.keys[i + 1:i + length])
            for form in s.forms(i, first=True):
                label = self.gazetteer.get((form,) + rest) or extra.get((form,) + rest)
                if label:
                    return i + length, label
        return None

    def bracketed(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A Latin name alone in brackets: «إنفيديا (Nvidia)»."""
        if s.key(i - 1) != "(" or not s.raw[i][:1].isupper():
            return None
        j = self._latin_name(s, i, longest=5)
        if j == i or s.key(j) != ")" or " ".join(s.raw[i:j]).lower() in LATIN_TERMS or s.key(i) in LATIN_TERMS:
            return None
        if self.chip(s, i) == j or s.key(i - 2) and self.chip(s, i - 2):
            return j, "CHIP"
        known = self.name(s, i)
        if known and known[0] == j:
            return known
        return j, "COMPANY"

    def after_head(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A Latin name after «شركة», «مجموعة», «بنك»: «شركة Nebius»."""
        if s.key(i - 1) in COMPANY_HEADS and s.raw[i][:1].isupper() and _is_latin(s.raw[i]) \
                and s.key(i) not in LATIN_TERMS:
            return self._latin_name(s, i), "COMPANY"
        return None

    def latin_name(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """Any other capitalised Latin name in Arabic text: a CHIP near a chip word, else a COMPANY.

        «أبرمت Lambda اتفاقا» is a company; «المعالج المركزي Vera», «Trainium2» and
        «Rubin Ultra» are chips. Not when a model number follows (a product: «Galaxy
        S25», «Grok 4»), nor after a device or model word («نموذج PLaMo»).
        """
        word = self._bare_latin(s, i)
        if len(word) < 2 or not re.match(r"[A-Z]|[a-z]{1,2}[A-Z]", word) or not _is_latin(word) \
                or word.lower() in LATIN_TERMS or s.is_(i - 1, DEVICE_WORDS, first=True) \
                or word.lower() in DEVICE_WORDS | CHIP_SUFFIXES or s.key(i - 1) == ":" \
                or self._not_chip_code(word) or _is_latin(s.raw[i - 1] if i else ""):
            return None
        j = self._latin_name(s, i)
        if s.key(j) == "-":
            return None
        if re.fullmatch(r"[A-Z][a-z]+\d", word) and j == i + 1 or s.key(j - 1) in CHIP_SUFFIXES:
            return j, "CHIP"  # «Trainium2», «Rubin Ultra»
        if any(any(c.isdecimal() for c in w) for w in s.raw[i:j + 1]):
            return None
        for k in range(i - 1, max(i - 4, -1), -1):
            if self._chip_word(s.key(k)):
                return j, "CHIP"
            if not re.search(r"[\u0621-\u064a]", s.key(k)) or s.key(k) in STOPWORDS:
                break
        return j, "COMPANY"

    @staticmethod
    def _chip_word(key: str) -> bool:
        """Whether ``key`` is a chip word, with or without «ال», a proclitic or a possessive («معالجها»)."""
        forms = {key, *proclitic_variants(key)}
        forms |= {f[2:] for f in forms if f.startswith("ال")}
        forms |= {re.sub(r"(?:ها|هما|هم|ه)$", "", f) for f in forms}
        forms |= {f[:-1] + "ه" for f in forms if f.endswith("ت")}  # «رقاقت» of «رقاقتها»
        return bool(forms & CHIP_WORDS)

    def before_suffix(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """An unknown word before a corporate word of a Latin name: «مبادلة كابيتال», «إكويتي بارتنرز»."""
        if self._arabic_name_run(s, i) is None or s.key(i + 1) not in NAME_SUFFIXES:
            return None
        k = i + 2
        while s.key(k) in NAME_SUFFIXES:
            k += 1
        return k, "COMPANY"

    def coordinated(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """An unknown word joined by «و» to a company just before it: «هايغون وسوغون», «إنسبور ولينوفو»."""
        key = s.key(i)
        stem = key[1:]
        if not key.startswith("و") or len(stem) < 3 or not re.fullmatch(r"[\u0621-\u064a]+", stem) \
                or stem.startswith(("ال", "ي")) or re.match(r"ت[^يشاو]", stem) or stem in STOPWORDS \
                or stem.endswith(("ها", "هم", "ه", "ات", "ون", "ين")) \
                or s.key(i + 1).startswith("ال") and not NATIONALITY_RE.match(s.key(i + 1)):
            return None
        return i + 1, "COMPANY"

    def letter_run(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A name spelled with Arabic letter names: «إيه بي بي» (ABB), «يو بي إس» (UBS), «إن إكس بي»."""
        if s.key(i) in LETTER_PREPOSITIONS or s.key(i - 1) in PERSON_TITLES \
                or s.key(i) in ARABIC_LETTERS and s.key(i - 1) in ARABIC_LETTERS - LETTER_PREPOSITIONS:
            return None  # «في» and «أو» start no name; a run is taken from its first letter
        lead = [s.key(i)] + ([s.key(i)[1:]] if s.key(i).startswith("و") else [])
        if not any(f in ARABIC_LETTERS for f in lead):
            return None
        j = i + 1
        while s.key(j) in ARABIC_LETTERS:
            j += 1
        while j > i and s.key(j - 1) in LETTER_PREPOSITIONS | word_set("إن"):
            j -= 1
        common = sum(k in COMMON_LETTER_WORDS for k in s.keys[i:j])
        if j - i < 2 or j - i - common < 2 or tuple(s.keys[i:j]) in LETTER_TERMS:
            return None
        return j, "COMPANY"

    def _arabic_name_run(self, s: _Sentence, i: int) -> int | None:
        """One to three unknown Arabic words at ``i`` that end where a function word, «ال» word or mark follows."""
        def plain(k: int) -> bool:
            key = s.key(k)
            return bool(key) and bool(re.search(r"[\u0621-\u064a]", key)) and not key.startswith("ال") \
                and key not in STOPWORDS and not any(c.isdecimal() for c in key)
        if not plain(i) or len(s.key(i)) < 3:
            return None
        j = i + 1
        while j < i + 4 and plain(j):
            j += 1
        return j if not plain(j) or j == i + 1 else i + 1

    def after_cue(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A name after «محللو», «صحيفة», «وكالة»: «محللو نومورا أن», «صحيفة نيكي»."""
        if not s.is_(i - 1, NAME_CUES, first=True):
            return None
        if s.raw[i][:1].isupper():
            return self._latin_name(s, i), "COMPANY"
        j = self._arabic_name_run(s, i)
        if j is not None and s.key(j) in STOPWORDS | {",", "،", ".", "(", ")", ""} or j is not None and j == i + 1:
            return j, "COMPANY"
        return None

    def before_nationality(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A name just before a feminine nationality or ownership adjective: «هيوماين السعودية»."""
        if not NATIONALITY_RE.match(s.key(i + 1)) or s.key(i - 1) in PLACE_WORDS:
            return None
        before = s.key(i - 1)
        if re.fullmatch(r"[\u0621-\u064a]{3,}", before) and not before.startswith("ال") and before not in STOPWORDS:
            return None  # «تيك توك المملوكة»: the name may begin earlier
        key = s.key(i)
        if not re.search(r"[\u0621-\u064a]{3}", key) or key.startswith(("ال", "لل", "وال", "بال")) \
                or key.endswith(("ها", "هم", "هما", "ه")) or key in STOPWORDS:
            return None
        return i + 1, "COMPANY"

    def transliteration(self, s: _Sentence, latin: tuple[int, int], taken: list[bool]) -> int | None:
        """The start of the Arabic name written just before a bracketed Latin name, if one matches it.

        ``latin`` is the word range of the Latin name; «(» is the word before it.
        """
        first, last = latin
        open_at = first - 1
        name = " ".join(s.raw[first:last])
        best, best_score = None, 0.0
        letters = re.sub(r"[^A-Za-z]", "", name)
        latin_skeleton = _skeleton_latin(name)
        for k in range(1, 6):
            start = open_at - k
            if start < 0 or taken[start] or not re.search(r"[\u0600-\u06ff]", s.raw[start]) \
                    or s.key(start) in COMPANY_HEADS | CHIP_CUES | STOPWORDS:
                break
            words = s.keys[start:open_at]
            for lead in [words[0]] + proclitic_variants(words[0]):
                spelled = [lead] + words[1:]
                # an acronym spelled with letter names: «إتش بي إي» (HPE)
                if letters.isupper() and len(letters) == k and \
                        all(w in LETTER_NAMES.get(c, ()) for w, c in zip(spelled, letters)):
                    return start
                arabic_skeleton = _skeleton_arabic(" ".join(spelled))
                if len(latin_skeleton) < 2 or len(arabic_skeleton) < 2:
                    continue
                score = SequenceMatcher(None, latin_skeleton, arabic_skeleton).ratio()
                if score > best_score + 0.01:
                    best, best_score = start, score
        return best if best_score >= 0.75 else None


class RuleTagger(BaseTagger):
    """Tag COMPANY, CHIP, AMOUNT and PERIOD entities with rules; the interface of :class:`arabic_ie.inference.tagger.Tagger`."""

    def __init__(self, gazetteer_dir: str | Path | None = None):
        directory = Path(gazetteer_dir) if gazetteer_dir is not None else GAZETTEER_DIR
        gazetteer: dict[tuple[str, ...], str] = {}
        for label, filename in GAZETTEER_FILES.items():
            path = directory / filename
            if not path.is_file():
                raise GazetteerError(
                    f"the rule baseline needs its gazetteer {path}, which does not exist: "
                    "run `arabic-ie build-gazetteers` (it builds data/gazetteers/ from data/corpus/train.jsonl)")
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    key = tuple(fold(w.text) for w in split_words(line))
                    gazetteer.setdefault(key, label)
        self.gazetteer_dir = directory
        self.rules = _Rules(gazetteer)

    def _tag_chunk(self, texts: list[str], batch_size: int, reference_date: date | None) -> list[list[Entity]]:
        return [self.tag_text(text, reference_date) for text in texts]  # batch_size does not apply

    def tag_text(self, text: str, reference_date: date | None = None) -> list[Entity]:
        """The entities of one text."""
        words = split_words(text)
        found = []
        for first, last, label in self.word_spans(words):
            found.append(Entity.from_span(label, text, words[first].start, words[last - 1].end, 1.0, reference_date))
        return found

    def word_spans(self, words: Sequence[Word]) -> list[tuple[int, int, str]]:
        """Entity word ranges ``(first, end, label)`` (``end`` exclusive), in text order.

        Names that the cue rules find (a bracketed Latin name, its Arabic spelling,
        a name after «محللو» ...) are looked for again in the rest of the text.
        """
        s = _Sentence(words)
        spans = self._scan(s, {})
        learned = {}
        for first, end, label in spans:
            if label in ("COMPANY", "CHIP"):
                key = tuple(s.keys[first:end])
                bare = [f for f in s.forms(first, first=True)[1:] if len(f) >= 3]
                if key not in self.rules.gazetteer and (not bare or (bare[0],) + key[1:] not in self.rules.gazetteer):
                    learned[key] = label
        return self._scan(s, learned) if learned else spans

    def _scan(self, s: _Sentence, extra: dict[tuple[str, ...], str]) -> list[tuple[int, int, str]]:
        rules = self.rules
        matchers: list[Callable[[_Sentence, int], tuple[int, str] | None]] = [
            lambda s, i: _labelled(rules.amount(s, i), "AMOUNT"),
            lambda s, i: _labelled(rules.unit_amount(s, i), "AMOUNT"),
            lambda s, i: _labelled(rules.period(s, i), "PERIOD"),
            lambda s, i: rules.name(s, i, extra),
            rules.bracketed,
            lambda s, i: _labelled(rules.chip(s, i), "CHIP"),
            lambda s, i: _labelled(rules.chip_after_cue(s, i), "CHIP"),
            rules.letter_run,
            rules.after_cue,
            rules.after_head,
            rules.before_nationality,
            rules.latin_name,
            rules.before_suffix,
        ]
        spans: list[tuple[int, int, str]] = []
        taken = [False] * len(s)
        i = 0
        while i < len(s):
            best = None  # (end, -priority, label): the longest match, then the earliest rule
            for priority, match in enumerate(matchers):
                hit = match(s, i)
                if hit is not None and hit[0] > i and (best is None or (hit[0], -priority) > best[:2]):
                    best = (hit[0], -priority, hit[1])
            if best is None and spans and spans[-1][1] == i and spans[-1][2] == "COMPANY":
                hit = rules.coordinated(s, i)
                best = None if hit is None else (hit[0], 0, hit[1])
            if best is None:
                i += 1
                continue
            end, _, label = best
            suffixes = CORPORATE_SUFFIXES if label == "COMPANY" else CHIP_SUFFIXES if label == "CHIP" else ()
            while end < len(s) and end - best[0] < 2 and s.key(end) in suffixes:
                end += 1  # «ميكرون تكنولوجي», «Rubin CPX»
            if label in ("COMPANY", "CHIP") and s.key(i - 1) == "(" and s.key(end) == ")":
                if spans and spans[-1][1] == i - 1 and spans[-1][2] == "CHIP":
                    label = "CHIP"  # «EPYC 9005 (Turin)»
                start = rules.transliteration(s, (i, end), taken)
                if start is not None:
                    if s.key(start - 1) in CHIP_CUES:
                        label = "CHIP"  # «معالج ريا (Rhea)»
                    spans.append((start, i - 1, label))
            if label == "CHIP" and spans and spans[-1][1] == i and spans[-1][2] == "CHIP" \
                    and _is_latin(s.raw[i]) and _is_latin(s.raw[i - 1]):
                i = spans.pop()[0]  # «Grace Hopper GH200» is one chip
            spans.append((i, end, label))
            for k in range(i, end):
                taken[k] = True
            i = end
        return sorted(spans)


def _labelled(end: int | None, label: str) -> tuple[int, str] | None:
    return None if end is None else (end, label)
