"""`RuleTagger`: the rule baseline, with the same interface as the model `Tagger`.

    tagger = Tagger.from_pretrained("rules")      # or RuleTagger()
    for entity in tagger.tag(["أعلنت إنفيديا ..."])[0]:
        print(entity.label, entity.text, entity.value)

It works on the words of the shared word rule (:func:`inference.words.split_words`)
and follows ANNOTATION.md's span rules:

- AMOUNT: a small grammar over words, number (digits, number words, scale words)
  → optional range → currency → optional qualifier. No currency, no AMOUNT.
- PERIOD: years, months, days, quarters and halves, fiscal and Hijri years,
  relative expressions (``العام الماضي``, ``السنوات الثلاث المقبلة``) and
  weekdays, with their anchors (``نهاية``, ``مطلع``) inside and the leading
  prepositions (``في``, ``خلال``, ``منذ``) outside.
- COMPANY and CHIP: gazetteers built from the train split
  (``arabic-ie build-gazetteers``), chip model codes (``H100``, ``أسند 910B``),
  Latin names in brackets and the Arabic name written just before them.

At every word the longest match of all rules wins; a match never starts inside
an earlier one. Every word may carry a proclitic (``وإنفيديا``, ``لعام 2025``)
when it starts an entity: the whole word belongs to the entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from itertools import islice
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from inference.arabic import fold, proclitic_variants, strip_marks
from inference.entity import Entity
from inference.values import entity_value
from inference.words import Word, split_words

GAZETTEER_DIR = Path(__file__).resolve().parents[1] / "data" / "gazetteers"
GAZETTEER_FILES = {"COMPANY": "company.txt", "CHIP": "chip.txt"}


class GazetteerError(FileNotFoundError):
    """The gazetteer files of the rule baseline are missing."""


def _folded(*words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words)


# ---------------------------------------------------------------- lexicon: amounts
NUMBER_WORDS = _folded(
    "واحد", "واحدة", "اثنان", "اثنين", "اثنتان", "اثنتين", "ثلاثة", "ثلاث", "أربعة", "أربع", "خمسة", "خمس",
    "ستة", "ست", "سبعة", "سبع", "ثمانية", "ثماني", "ثمان", "تسعة", "تسع", "عشرة", "عشر",
    "عشرين", "عشرون", "ثلاثين", "ثلاثون", "أربعين", "أربعون", "خمسين", "خمسون", "مئة", "مائة", "مئتي", "مائتي",
)
FRACTIONS = _folded("نصف", "ربع", "ثلث")
MANY = _folded("عشرات", "مئات", "مئات", "آلاف", "بضع", "بضعة")  # «عشرات المليارات من الدولارات»
SCALES = _folded(
    "ألف", "ألفا", "آلاف", "ألفي", "ألفان", "مليون", "مليونا", "ملايين", "مليوني", "مليونان",
    "مليار", "مليارا", "مليارات", "ملياري", "ملياران", "بليون", "بلايين",
    "تريليون", "تريليونا", "تريليونات", "تريليوني", "تريليونان",
    "المليارات", "الملايين", "التريليونات", "الآلاف",
    "thousand", "million", "billion", "trillion", "bn", "mn",
)
PLURAL_SCALES = _folded("آلاف", "ملايين", "مليارات", "تريليونات", "المليارات", "الملايين", "التريليونات", "الآلاف")
CURRENCIES = _folded(
    "دولار", "دولارا", "دولارات", "الدولار", "الدولارات", "دولاران", "دولارين",
    "يوان", "اليوان", "يوانات", "اليوانات", "رنمينبي", "يورو", "اليورو", "ين", "ينا", "الين", "وون", "الوون",
    "ريال", "ريالا", "ريالات", "الريال", "الريالات", "درهم", "درهما", "دراهم", "الدرهم", "دينار", "دينارا", "دنانير",
    "جنيه", "جنيها", "جنيهات", "الجنيه", "روبية", "روبيات", "الروبية", "فرنك", "فرنكا", "فرنكات", "الفرنك",
    "كرونة", "كرونات", "كرون", "رينغيت", "رينجيت", "راند", "ليرة", "ليرات", "الليرة", "بيزو", "روبل", "روبلا",
    "سنت", "سنتا", "سنتات", "dollars", "dollar", "usd", "euros", "yuan", "yen",
)
CURRENCY_SYMBOLS = "$€£¥"
# Nationality adjectives after a currency (folded stems; ``ا`` and ``ه`` endings added).
_QUALIFIER_STEMS = (
    "أمريكي", "أميركي", "صيني", "سعودي", "إماراتي", "قطري", "كويتي", "بحريني", "عماني", "مصري", "أردني",
    "إسترليني", "استرليني", "هندي", "تايواني", "كوري", "ياباني", "سويسري", "سنغافوري", "ماليزي", "برازيلي",
    "سويدي", "نرويجي", "دنماركي", "كندي", "أسترالي", "نيوزيلندي", "مكسيكي", "روسي", "تركي", "إندونيسي",
    "جنوبي", "أفريقي", "إفريقي", "مغربي", "جزائري", "تونسي", "ليبي", "عراقي", "لبناني", "سوري", "باكستاني",
)
QUALIFIERS = frozenset(f for s in _QUALIFIER_STEMS for f in (fold(s), fold(s) + "ا", fold(s) + "ه"))
TWO_WORD_QUALIFIERS = {(fold("هونغ"), fold("كونغ")), (fold("هونج"), fold("كونج")), (fold("جنوب"), fold("أفريقي")),
                       (fold("جنوب"), fold("إفريقي"))}
RANGE_WORDS = _folded("إلى", "و", "أو", "-", "–", "حتى")
_NUMBER_RE = re.compile(r"^(?:وب|ول|فب|و|ف|ب|ل)?([$€£¥]?)\d+(?:[.,]\d+)*([$€£¥]?)$")

# ---------------------------------------------------------------- lexicon: periods
MONTHS = _folded(
    "يناير", "فبراير", "مارس", "أبريل", "إبريل", "ابريل", "مايو", "يونيو", "يونيه", "يوليو", "يوليه", "أغسطس",
    "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
    "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول",
    "جانفي", "فيفري", "أفريل", "ماي", "جوان", "جويلية", "أوت",
    "محرم", "صفر", "رجب", "شعبان", "رمضان", "شوال",
)
TWO_WORD_MONTHS = {tuple(fold(w) for w in m.split()) for m in (
    "تشرين الأول", "تشرين الثاني", "كانون الأول", "كانون الثاني", "ربيع الأول", "ربيع الآخر", "ربيع الثاني",
    "جمادى الأولى", "جمادى الآخرة", "جمادى الثانية", "ذو القعدة", "ذي القعدة", "ذو الحجة", "ذي الحجة",
)}
# Month names that are also common words or names: a month only next to a day,
# a year, another month name or a preposition of time.
AMBIGUOUS_MONTHS = _folded("مارس", "ماي", "آب", "أوت", "نيسان", "صفر", "رجب", "شعبان", "محرم", "رمضان", "شوال")
TIME_PREPOSITIONS = _folded("في", "منذ", "حتى", "خلال", "بحلول", "قبل", "بعد", "من", "إلى", "مطلع", "نهاية", "بداية",
                            "منتصف", "أوائل", "أواخر", "شهر", "وفي", "ومنذ", "حلول")
WEEKDAYS = _folded("الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد")
ANCHORS = _folded("نهاية", "بداية", "مطلع", "أوائل", "أواخر", "منتصف", "أواسط", "بدايات", "نهايات", "مستهل",
                  "ختام", "أول", "آخر", "مطالع")
YEAR_HEADS = _folded("عام", "العام", "سنة", "السنة", "عامي", "العامين")
SEASONS = _folded("صيف", "شتاء", "خريف", "ربيع")
UNITS = _folded("العام", "السنة", "الشهر", "الأسبوع", "الربع", "العقد", "الصيف", "الشتاء", "الخريف", "الربيع",
                "النصف")
MODIFIERS = _folded(
    "الماضي", "المقبل", "الجاري", "الحالي", "القادم", "السابق", "المنصرم", "الفائت", "نفسه", "ذاته", "المقابل",
    "المماثل", "التالي", "الأخير", "الأول", "الثاني", "الثالث", "الرابع",
    "الماضية", "المقبلة", "الجارية", "الحالية", "القادمة", "السابقة", "المنصرمة", "الفائتة", "نفسها", "ذاتها",
    "المقابلة", "المماثلة", "التالية", "الأخيرة", "الأولى", "الثانية",
)
# modifiers that make a period of a bare unit (``العام`` alone is not one; ``العام الماضي`` is)
QUARTER_UNITS = _folded("الربع", "النصف")
ORDINALS = _folded("الأول", "الثاني", "الثالث", "الرابع", "الأخير", "الأولى", "الثانية", "الثالثة", "الرابعة",
                   "الأخيرة")
DEMONSTRATIVES = _folded("هذا", "هذه", "ذلك", "تلك")
DUAL_UNITS = _folded("العامين", "السنتين", "الشهرين", "الأسبوعين", "الربعين", "العقدين", "عامي")
DUAL_MODIFIERS = _folded("الماضيين", "المقبلين", "الأخيرين", "القادمين", "السابقين", "الأولين", "الماضيتين",
                         "المقبلتين", "الأخيرتين", "القادمتين", "الأوليين", "المنصرمين")
PLURAL_UNITS = _folded("الأشهر", "الشهور", "السنوات", "السنين", "الأعوام", "الأسابيع", "الأيام", "الأرباع",
                       "العقود", "الفصول")
PLURAL_MODIFIERS = _folded("المقبلة", "الماضية", "الأولى", "الأخيرة", "القادمة", "السابقة", "المنصرمة",
                           "الفائتة", "التالية", "المتبقية")
DEFINITE_NUMBERS = _folded(
    "الثلاث", "الثلاثة", "الأربع", "الأربعة", "الخمس", "الخمسة", "الست", "الستة", "السبع", "السبعة", "الثماني",
    "الثمانية", "التسع", "التسعة", "العشر", "العشرة", "القليلة", "الاثني", "الاثنتي", "عشر", "عشرة", "العشرين",
)
FISCAL_HEADS = _folded("السنة", "العام", "سنتها", "سنته", "عامها", "عامه", "سنتنا", "عامنا")
FISCAL_WORDS = _folded("المالية", "المالي")
SAME_PERIOD = _folded("الفترة")  # «الفترة نفسها من العام الماضي»
DAY_ORDINALS = _folded("الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
                       "العاشر")
ENDING = _folded("المنتهية", "المنتهي")
ERA_SIGNS = _folded("هـ", "ه", "م", "هجرية", "هجري", "ميلادية", "ميلادي")
# a year number followed by one of these is a quantity, not a year
NOT_AFTER_YEAR = SCALES | CURRENCIES | _folded("%", "بالمئة", "بالمائة", "ميغاواط", "غيغاواط", "ميغاوات")
NOT_BEFORE_YEAR = _folded("رؤية", "رؤيتها", "رؤيته", "Vision", "أجندة", "مئوية")

# ---------------------------------------------------------------- lexicon: chips and companies
CHIP_CODE_RE = re.compile(r"^[A-Z]{1,4}\d{2,4}[A-Z]{0,2}$")
# memory standards, process nodes, systems and event names that look like codes
NOT_CHIP_PREFIXES = ("HBM", "DDR", "LPDDR", "GDDR", "NVL", "DGX", "HGX", "FY", "CY", "COP", "PCIE", "USB", "UFS",
                     "LTE", "ISO", "CES", "MWC", "GTC", "SKU", "WWDC")
NOT_CHIP_CODES = frozenset({"G20", "G7", "X86", "ARM64", "AI100"})
DEVICE_WORDS = _folded(
    "Galaxy", "Pixel", "iPhone", "iPad", "Mate", "Pura", "Xbox", "PlayStation", "Model", "Atlas", "CloudMatrix",
    "DGX", "HGX", "Grok", "GPT", "Llama", "Qwen", "Gemini", "Claude", "Kimi", "ERNIE", "Flip", "Fold",
    "جالاكسي", "غالاكسي", "جالكسي", "آيفون", "ايفون", "بيكسل", "هاتف", "هواتف", "هاتفي", "طراز",
)
# Chip families: a family word followed by a model token (``أسند 910B``, ``Snapdragon 8 Elite``);
# the first group also stands alone as a CHIP.
CHIP_FAMILIES_ALONE = _folded(
    "Ascend", "أسند", "اسند", "Xeon", "زيون", "EPYC", "إيبيك", "Ryzen", "رايزن", "Snapdragon", "سنابدراغون",
    "سنابدراجون", "Dimensity", "ديمنسيتي", "Exynos", "إكسينوس", "Kirin", "كيرين", "Gaudi", "غاودي", "Trainium",
    "ترينيوم", "Inferentia", "Graviton", "غرافيتون", "Hanguang", "هانغوانغ", "Kunlun", "كونلون",
)
CHIP_FAMILIES = CHIP_FAMILIES_ALONE | _folded(
    "Instinct", "Tensor", "تنسور", "Maia", "مايا", "Cobalt", "TPU", "MTT", "RTX", "GeForce", "Cortex", "Neoverse",
    "MLU", "Dojo", "Loongson", "لونغسون", "Jetson", "Tegra", "Apple", "Core", "Atom", "Helio", "Tiangang",
)
CHIP_SUFFIXES = _folded("Pro", "Max", "Ultra", "Plus", "Elite", "Gen", "Mini", "Lite", "CPX", "X", "AI", "Ultra",
                        "إيليت", "برو", "ماكس", "ألترا", "Heavy", "Extreme", "Premium")
COMPANY_HEADS = _folded("شركة", "مجموعة", "بنك", "لشركة", "وشركة", "بشركة", "لمجموعة", "ومجموعة", "بمجموعة",
                        "شركتا", "شركتي", "مصرف", "وكالة", "صحيفة", "موقع", "منصة")
# Latin words in brackets that are terms, not names
LATIN_TERMS = _folded(
    "AI", "GPU", "GPUs", "CPU", "NPU", "TPU", "ASIC", "HBM", "DRAM", "NAND", "SRAM", "CoWoS", "EUV", "DUV", "IPO",
    "CEO", "CFO", "LLM", "API", "SoC", "FPGA", "RISC", "RISC-V", "x86", "Arm", "AGI", "IoT", "5G", "6G", "ESG",
    "PC", "PCs", "OEM", "ODM", "R&D", "M&A", "ETF", "GDP", "CHIPS", "Act", "EU", "US", "USA", "UK", "UAE",
    "Foundry", "Data", "Center", "Cloud", "AI Factory", "Gigafactory", "OpenRAN",
)

# Arabic letter names of the Latin letters (acronyms: ``إتش بي إي`` = HPE)
LETTER_NAMES = {
    "A": ("ايه", "اي"), "B": ("بي",), "C": ("سي",), "D": ("دي",), "E": ("اي", "ايه"), "F": ("اف",), "G": ("جي",),
    "H": ("اتش", "اتشه"), "I": ("اي",), "J": ("جيه", "جاي", "جي"), "K": ("كيه", "كي"), "L": ("ال",), "M": ("ام",),
    "N": ("ان",), "O": ("او",), "P": ("بي",), "Q": ("كيو",), "R": ("ار",), "S": ("اس",), "T": ("تي",),
    "U": ("يو",), "V": ("في",), "W": ("دبليو",), "X": ("اكس",), "Y": ("واي",), "Z": ("زد", "زي"),
}
# Consonant skeletons, to pair a Latin name with its Arabic transliteration.
_ARABIC_SOUNDS = str.maketrans({
    "ب": "b", "ت": "t", "ث": "s", "ج": "g", "ح": "h", "خ": "k", "د": "d", "ذ": "z", "ر": "r", "ز": "s", "س": "s",
    "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l",
    "م": "m", "ن": "n", "ه": "h", "و": "", "ي": "", "ا": "", "ء": "", "پ": "b", "ڤ": "f", "گ": "g", "چ": "S",
    " ": "",
})
_LATIN_SOUNDS = [("sch", "S"), ("ch", "S"), ("sh", "S"), ("ph", "f"), ("th", "t"), ("ck", "k"), ("qu", "k"),
                 ("x", "ks"), ("c(?=[eiy])", "s"), ("c", "k"), ("q", "k"), ("p", "b"), ("v", "f"), ("j", "g"),
                 ("z", "s"), ("[aeiouwy]", ""), ("[^a-zS]", "")]


def _skeleton_arabic(text: str) -> str:
    text = fold(text).replace("تش", "ش")
    return re.sub(r"(.)\1+", r"\1", text.translate(_ARABIC_SOUNDS))


def _skeleton_latin(text: str) -> str:
    text = text.lower()
    for pattern, sound in _LATIN_SOUNDS:
        text = re.sub(pattern, sound, text)
    return re.sub(r"(.)\1+", r"\1", text)


def _is_latin(word: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9&.+\-]*", word))


# ---------------------------------------------------------------- the matcher
@dataclass
class _Sentence:
    """The words of one text with the keys the rules look at."""

    words: list[Word]
    raw: list[str]  # marks removed, case kept
    keys: list[str]  # folded

    def __len__(self) -> int:
        return len(self.words)

    def key(self, i: int) -> str:
        return self.keys[i] if 0 <= i < len(self.keys) else ""

    def forms(self, i: int, first: bool) -> list[str]:
        """The folded word at ``i``; at the start of an entity also without its proclitic."""
        if not 0 <= i < len(self.keys):
            return []
        word = self.keys[i]
        if not first:
            return [word]
        forms = [word] + proclitic_variants(word)
        forms += ["ال" + f[2:] for f in forms if f.startswith("لل") and len(f) > 3]  # للربع → الربع
        return forms

    def is_(self, i: int, lexicon, first: bool = False) -> bool:
        return any(f in lexicon for f in self.forms(i, first))


Matcher = Callable[[_Sentence, int], "int | None"]


class _Rules:
    """Each method takes a start word and returns the end (exclusive) of its match, or None."""

    def __init__(self, gazetteer: dict[tuple[str, ...], str]):
        self.gazetteer = gazetteer
        self.longest_name = max((len(k) for k in gazetteer), default=0)

    # ---- numbers and amounts ----------------------------------------------------
    @staticmethod
    def _number(s: _Sentence, i: int, first: bool) -> tuple[int, bool] | None:
        """A number (digits, number word, fraction + scale, scale alone): (end, carries a currency symbol)."""
        raw = s.raw[i] if i < len(s) else ""
        m = _NUMBER_RE.match(fold(raw)) if raw else None
        if m and (first or not re.match(r"^[بلف]", fold(raw))):
            j = i + 1
            while s.key(j) in SCALES:
                j += 1
            return j, bool(m.group(1) or m.group(2))
        if s.is_(i, NUMBER_WORDS, first) and s.key(i + 1) in SCALES:
            return i + 2, False
        if s.is_(i, FRACTIONS, first) and s.key(i + 1) in SCALES:
            return i + 2, False
        if s.is_(i, MANY, first) and s.key(i + 1) in PLURAL_SCALES:
            return i + 2, False
        if s.is_(i, SCALES, first):
            return i + 1, False
        return None

    def amount(self, s: _Sentence, i: int) -> int | None:
        number = self._number(s, i, first=True)
        if number is None:
            return None
        j, symbol = number
        if s.key(j) not in CURRENCIES:
            # a range: «84 إلى 98 مليار دولار», «600 و700 مليار يوان»
            nxt = None
            if j == i + 1 and re.fullmatch(r"(?:\D*)(?:19|20)\d\d", s.key(i)):
                pass  # a year before a number is not a range: «في 2024 و1.6 مليار يوان»
            elif s.key(j) in RANGE_WORDS:
                nxt = self._number(s, j + 1, first=False)
            elif s.key(j).startswith("و") and _NUMBER_RE.match(s.key(j)):
                nxt = self._number(s, j, first=True)
            if nxt is not None:
                j, symbol = nxt[0], symbol or nxt[1]
        if s.key(j) == fold("من") and s.key(j - 1) in PLURAL_SCALES and s.key(j + 1) in CURRENCIES:
            j += 1  # «عشرات المليارات من الدولارات»
        if s.key(j) in CURRENCIES:
            j += 1
            if (s.key(j), s.key(j + 1)) in TWO_WORD_QUALIFIERS:
                j += 2
            elif s.key(j) in QUALIFIERS:
                j += 1
                if s.key(j) in QUALIFIERS:  # «وون كوري جنوبي»
                    j += 1
            return j
        return j if symbol else None

    def unit_amount(self, s: _Sentence, i: int) -> int | None:
        """A currency with «واحد»: «سنت واحد», «دولارا واحدا»."""
        if s.is_(i, CURRENCIES, first=True) and s.key(i + 1) in _folded("واحد", "واحدا", "واحدة"):
            return i + 2
        return None

    # ---- periods --------------------------------------------------------------------
    @staticmethod
    def _year_word(s: _Sentence, i: int, first: bool, hijri: bool = False) -> int | None:
        """A year number (19xx, 20xx; 14xx only with an era sign), with a glued or separate era sign."""
        if not 0 <= i < len(s):
            return None
        word = s.keys[i]
        m = re.match(r"^(?:وب|ول|فب|فل|و|ف|ب|ل)?((?:19|20|14)\d\d)(ه|م)?$", word)
        if not m or (not first and re.match(r"^[بلف]", word)):
            return None
        j = i + 1
        era = bool(m.group(2))
        if not era and s.key(j) in ERA_SIGNS:
            j, era = j + 1, True
        if m.group(1).startswith("14") and not era:
            return None
        if s.key(j) in NOT_AFTER_YEAR or s.key(i - 1) in NOT_BEFORE_YEAR or s.key(i - 2) in NOT_BEFORE_YEAR:
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
        if s.is_(i, YEAR_HEADS, first) or s.is_(i, SEASONS, first):
            j = self._years(s, i + 1, first=False)
            if j is not None:
                return j
        return self._years(s, i, first)

    def _month_name(self, s: _Sentence, i: int, first: bool) -> int | None:
        for form in s.forms(i, first):
            if (form, s.key(i + 1)) in TWO_WORD_MONTHS:
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
        if s.is_(j, WEEKDAYS, first):
            j += 1
            first = False
        day = False
        if re.fullmatch(r"(?:وب|ول|و|ب|ل|ف)?(?:[1-9]|[12]\d|3[01])", s.key(j)) and (first or j > i or
                                                                                   s.key(j).isdigit()):
            if first or s.key(j).isdigit():
                j += 1
                day = True
        elif s.is_(j, DAY_ORDINALS, first and j == i) and s.key(j + 1) == fold("من"):
            j += 2
            day = True
        months = self._months(s, j, first and j == i)
        if months is None:
            return None
        end, safe = months
        context = s.key(i - 1) in TIME_PREPOSITIONS or day
        year = self.year_phrase(s, end, first=False)
        if year is None and s.key(end) == fold("من"):
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
        if s.key(i) in _folded("العام", "السنة", "عامها", "سنتها"):
            return i + 1
        return None

    def _continuation(self, s: _Sentence, j: int) -> int:
        """«... من 2025», «... المنتهية في سبتمبر/أيلول» after a period head."""
        if s.key(j) == fold("من"):
            ref = self.year_ref(s, j + 1)
            if ref is not None:
                return ref
        has_year = any(re.search(r"(?:19|20)\d\d", k) for k in s.keys[max(j - 8, 0):j])
        if s.key(j) in ENDING and s.key(j + 1) == fold("في") and not has_year:
            # «السنة المالية المنتهية في مارس/آذار 2026»; after a year the date is a period of its own
            end = self.month_phrase(s, j + 2, first=False)
            if end is not None:
                return end
        return j

    def fiscal(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«السنة المالية 2026», «العام المالي 2025/2026», «سنتها المالية الحالية»."""
        if not (s.is_(i, FISCAL_HEADS, first) and s.key(i + 1) in FISCAL_WORDS):
            return None
        j = i + 2
        year = self._years(s, j, first=False)
        if year is not None:
            j = year
        elif s.key(j) in MODIFIERS:
            j += 1
        return self._continuation(s, j)

    def quarter(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«الربع الثالث [من 2025]», «النصف الأول من العام», «بالربع الأخير»."""
        if not s.is_(i, QUARTER_UNITS, first):
            return None
        if s.key(i + 1) in MODIFIERS:
            return self._continuation(s, i + 2)
        if s.key(i + 1) in ENDING:  # «الربع المنتهي في سبتمبر/أيلول»
            end = self._continuation(s, i + 1)
            return end if end > i + 1 else None
        return None

    def relative(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        """«العام الماضي», «هذا العام», «العامين المقبلين», «السنوات الثلاث المقبلة», «الفترة نفسها من ...»."""
        if s.is_(i, UNITS, first) and s.key(i + 1) in MODIFIERS:
            if s.key(i) in QUARTER_UNITS or s.is_(i, QUARTER_UNITS, first):
                return self._continuation(s, i + 2)
            return self._continuation(s, i + 2)
        if s.is_(i, DEMONSTRATIVES, first) and s.key(i + 1) in UNITS:
            return i + 2
        if s.is_(i, DUAL_UNITS, first) and s.key(i + 1) in DUAL_MODIFIERS:
            return i + 2
        if s.is_(i, PLURAL_UNITS, first):
            j = i + 1
            while s.key(j) in DEFINITE_NUMBERS:
                j += 1
            if j > i + 1 and s.key(j) == fold("إلى") and s.key(j + 1) in DEFINITE_NUMBERS:
                j += 2
            if s.key(j) in PLURAL_MODIFIERS:
                if s.key(j) == fold("القليلة"):
                    j += 1
                return self._continuation(s, j + 1)
            if s.key(j) == fold("القليلة") and s.key(j + 1) in PLURAL_MODIFIERS:
                return self._continuation(s, j + 2)
            if j > i + 1 and s.key(j) in ENDING:
                k = self._continuation(s, j)
                return k if k > j else None
        if s.is_(i, SAME_PERIOD, first) and s.key(i + 1) in MODIFIERS and s.key(i + 2) == fold("من"):
            k = self._continuation(s, i + 2)
            return k if k > i + 2 else None
        return None

    def weekday(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        return i + 1 if s.is_(i, WEEKDAYS, first) else None

    def period_core(self, s: _Sentence, i: int, first: bool = True) -> int | None:
        found = [m(s, i, first) for m in (self.fiscal, self.quarter, self.relative, self.month_phrase,
                                          self.year_phrase, self.weekday)]
        return max((f for f in found if f is not None), default=None)

    def period(self, s: _Sentence, i: int) -> int | None:
        """A period, with an anchor in front: «نهاية 2026», «بنهاية العام», «أوائل العام الجاري»."""
        if s.is_(i, ANCHORS, first=True):
            core = self.period_core(s, i + 1, first=False)
            if core is not None:
                return core
            if s.key(i + 1) in UNITS | _folded("العقد", "الشهر", "الأسبوع"):
                return i + 2
            return None
        return self.period_core(s, i, first=True)

    # ---- chips --------------------------------------------------------------------
    @staticmethod
    def _bare_latin(s: _Sentence, i: int) -> str:
        """The word at ``i`` (case kept) without an Arabic proclitic glued to a Latin word (``وB200``)."""
        raw = s.raw[i] if 0 <= i < len(s) else ""
        m = re.match(r"^(?:وب|ول|و|ف|ب|ل)([A-Za-z].*)$", raw)
        return m.group(1) if m else raw

    def _chip_code(self, s: _Sentence, i: int) -> bool:
        word = self._bare_latin(s, i)
        if not CHIP_CODE_RE.match(word) or word in NOT_CHIP_CODES:
            return False
        if word.upper().startswith(NOT_CHIP_PREFIXES):
            return False
        return s.key(i - 1) not in DEVICE_WORDS

    def _model_tokens(self, s: _Sentence, j: int) -> int:
        """The end of the model tokens after a chip family or code: «910B», «8 Gen 3», «Pro», «v5e»."""
        start = j
        while j < len(s) and j - start < 4:
            word, key = self._bare_latin(s, j), s.key(j)
            if any(c.isdigit() for c in word) and not word.upper().startswith(NOT_CHIP_PREFIXES) and \
                    re.fullmatch(r"[A-Za-z\u0600-\u06ff]{0,4}\d+(?:\.\d+)?[A-Za-z]{0,3}", word):
                j += 1
            elif key in CHIP_SUFFIXES and j > start or key in CHIP_SUFFIXES and key in _folded("Ultra", "AI", "X"):
                j += 1
            else:
                break
        return j

    def chip(self, s: _Sentence, i: int) -> int | None:
        """A chip code «H100», a family with a model «أسند 910B», «Snapdragon 8 Elite»."""
        if s.is_(i, CHIP_FAMILIES, first=True) or self._bare_latin(s, i).lower() in CHIP_FAMILIES:
            j = self._model_tokens(s, i + 1)
            if j > i + 1:
                if s.key(i + 1) in _folded("X", "AI") and j == i + 2:
                    return None
                return j
            if s.is_(i, CHIP_FAMILIES_ALONE, first=True) or self._bare_latin(s, i).lower() in CHIP_FAMILIES_ALONE:
                return i + 1
            return None
        if self._chip_code(s, i):
            j = i + 1
            while s.key(j) in CHIP_SUFFIXES and j < i + 3:
                j += 1
            return j
        return None

    # ---- names ----------------------------------------------------------------------
    def name(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """The longest gazetteer name at ``i`` (its first word may carry a proclitic)."""
        for length in range(min(self.longest_name, len(s) - i), 0, -1):
            rest = tuple(s.keys[i + 1:i + length])
            for form in s.forms(i, first=True):
                label = self.gazetteer.get((form,) + rest)
                if label:
                    return i + length, label
        return None

    @staticmethod
    def _latin_run(s: _Sentence, i: int) -> int:
        j = i
        while j < len(s) and _is_latin(s.raw[j]) and j - i < 5:
            j += 1
        return j

    def bracketed(self, s: _Sentence, i: int) -> tuple[int, str] | None:
        """A Latin name alone in brackets after an Arabic word: «إنفيديا (Nvidia)»."""
        if s.key(i - 1) != "(" or not s.raw[i][:1].isupper():
            return None
        j = self._latin_run(s, i)
        if j == i or s.key(j) != ")" or " ".join(s.raw[i:j]).lower() in LATIN_TERMS or s.key(i) in LATIN_TERMS:
            return None
        if self.chip(s, i) == j:
            return j, "CHIP"
        known = self.name(s, i)
        if known and known[0] == j:
            return known
        return j, "COMPANY"

    def after_head(self, s: _Sentence, i: int) -> int | None:
        """A Latin name after «شركة», «مجموعة», «بنك»: «شركة Nebius»."""
        if s.key(i - 1) in COMPANY_HEADS and s.raw[i][:1].isupper() and _is_latin(s.raw[i]) \
                and s.key(i) not in LATIN_TERMS:
            return self._latin_run(s, i)
        return None

    def transliteration(self, s: _Sentence, latin: tuple[int, int], taken: list[bool]) -> int | None:
        """The start of the Arabic name written just before a bracketed Latin name, if one matches it.

        ``latin`` is the word range of the Latin name; «(» is the word before it.
        """
        first, last = latin
        open_at = first - 1
        name = " ".join(s.raw[first:last])
        best, best_score = None, 0.0
        letters = re.sub(r"[^A-Za-z]", "", name)
        for k in range(1, 6):
            start = open_at - k
            if start < 0 or taken[start] or not re.search(r"[\u0600-\u06ff]", s.raw[start]) \
                    or s.key(start) in COMPANY_HEADS:
                break
            words = s.keys[start:open_at]
            bare = [words[0]] + words[1:]
            # an acronym spelled with letter names: «إتش بي إي» (HPE)
            if letters.isupper() and len(letters) == k and len(letters) <= 6:
                for lead in [bare[0]] + proclitic_variants(bare[0]):
                    if all(w in LETTER_NAMES.get(c, ()) for w, c in zip([lead] + bare[1:], letters)):
                        return start
            latin_skeleton = _skeleton_latin(name)
            for lead in [bare[0]] + proclitic_variants(bare[0]):
                arabic_skeleton = _skeleton_arabic(" ".join([lead] + bare[1:]))
                if len(latin_skeleton) < 2 or len(arabic_skeleton) < 2:
                    continue
                score = SequenceMatcher(None, latin_skeleton, arabic_skeleton).ratio()
                if score > best_score + 0.01:
                    best, best_score = start, score
        return best if best_score >= 0.75 else None


class RuleTagger:
    """Tag COMPANY, CHIP, AMOUNT and PERIOD entities with rules; the interface of :class:`inference.tagger.Tagger`."""

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

    def tag(self, texts: Sequence[str], batch_size: int = 32, reference_date: date | None = None) -> list[list[Entity]]:
        """Entities of each text, one list per input text, in input order (``batch_size`` is ignored)."""
        return list(self.tag_stream(texts, batch_size=batch_size, reference_date=reference_date))

    def tag_stream(self, texts: Iterable[str], batch_size: int = 32, chunk_size: int = 2048,
                   reference_date: date | None = None) -> Iterator[list[Entity]]:
        """Like :meth:`tag`, lazily, ``chunk_size`` texts at a time."""
        iterator = iter(texts)
        while chunk := list(islice(iterator, chunk_size)):
            for text in chunk:
                yield self.tag_text(text, reference_date)

    def tag_text(self, text: str, reference_date: date | None = None) -> list[Entity]:
        """The entities of one text."""
        words = split_words(text)
        found = []
        for first, last, label in self.word_spans(words):
            start, end = words[first].start, words[last - 1].end
            surface = text[start:end]
            found.append(Entity(label, surface, start, end, 1.0, entity_value(label, surface, reference_date)))
        return found

    def word_spans(self, words: Sequence[Word]) -> list[tuple[int, int, str]]:
        """Entity word ranges ``(first, end, label)`` (``end`` exclusive), in text order."""
        raw = [strip_marks(w.text) for w in words]
        s = _Sentence(list(words), raw, [fold(r) for r in raw])
        rules = self.rules
        spans: list[tuple[int, int, str]] = []
        taken = [False] * len(s)
        i = 0
        while i < len(s):
            candidates: list[tuple[int, int, str]] = []  # (end, -priority, label)
            for priority, (label, match) in enumerate((
                    ("AMOUNT", rules.amount), ("AMOUNT", rules.unit_amount), ("PERIOD", rules.period))):
                end = match(s, i)
                if end is not None and end > i:
                    candidates.append((end, -priority, label))
            for priority, match in enumerate((rules.name, rules.bracketed), start=3):
                hit = match(s, i)
                if hit is not None:
                    candidates.append((hit[0], -priority, hit[1]))
            end = rules.chip(s, i)
            if end is not None:
                candidates.append((end, -5, "CHIP"))
            end = rules.after_head(s, i)
            if end is not None and end > i:
                candidates.append((end, -6, "COMPANY"))
            if not candidates:
                i += 1
                continue
            end, _, label = max(candidates)
            if label in ("COMPANY", "CHIP") and s.key(i - 1) == "(" and s.key(end) == ")":
                start = rules.transliteration(s, (i, end), taken)
                if start is not None and spans and spans[-1][1] > start:
                    start = None
                if start is not None:
                    spans.append((start, i - 1, label))
            spans.append((i, end, label))
            for k in range(i, end):
                taken[k] = True
            i = end
        return sorted(spans)
