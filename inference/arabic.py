"""Arabic character handling: diacritics, tatweel, letter variants, digits, clitics."""

from __future__ import annotations

import re
import unicodedata
from typing import Callable

TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, dagger alef and Quranic marks.
DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# Arabic-Indic and Extended (Persian) digits, and the Arabic decimal/thousands signs.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
# Proclitics that attach to names, longest first: و/ف + ب/ل/ك, then single letters.
PROCLITICS: tuple[str, ...] = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def strip_marks(text: str) -> str:
    """Remove diacritics, tatweel and invisible marks, fold presentation forms; every other character stays."""
    return DIACRITICS_RE.sub("", reading_form(text)).replace(TATWEEL, "")


def ascii_digits(text: str) -> str:
    """Map Arabic-Indic digits and the Arabic decimal/thousands signs to ASCII."""
    return text.translate(_DIGITS)


def fold(text: str) -> str:
    """A matching key: no marks, one alef/ya/ta marbuta form, ASCII digits, lowercase, single spaces."""
    folded = ascii_digits(strip_marks(text)).translate(_ALEF_VARIANTS).lower()
    return " ".join(folded.split())


# A regex group for a proclitic glued to a number or a Latin word: «و2024», «بـH100» without the tatweel.
PROCLITIC_PATTERN = "(?:" + "|".join(PROCLITICS) + ")"
_HAMZA_ALEF = "أإآ"
# After «ب» these first letters make the clitic reading likely («بتينسنت», «بمور ثريدز»);
# other letters are usually the name's own B («بلومبرغ», «بايدو»).
_AFTER_BA = _HAMZA_ALEF + "ءتثجحخدذزسشصضطظعغفقكم"


def proclitic_variants(word: str) -> list[str]:
    """The word without each proclitic it may carry (``وتينسنت`` → ``تينسنت``), longest strip first.

    Every reading, likely or not: for matching against a list of known names.
    """
    return [word[len(p):] for p in PROCLITICS if word.startswith(p) and len(word) - len(p) >= 2]


def glued_proclitic(word: str, known: Callable[[str], bool] = lambda stem: False) -> str:
    """The proclitic glued to the first word of a name, or ``""`` when its letters are the name's own.

    The one rule for names everywhere (values, gazetteers, rules): a proclitic is taken off when
    what remains is a Latin word or a number («وNebius»), a name ``known`` accepts, or an Arabic
    word of at least two letters whose first letter makes the clitic reading likely — «و» before
    any letter but «ا و ي ى» (those are a foreign W: «ويبو», «وينبوند», «وولفسبيد»), «ب» before the
    letters of ``_AFTER_BA``, «ل ك ف» before a hamza alef («لإيفيدن»). Longest proclitic first.
    """
    for p in PROCLITICS:
        stem = word[len(p):]
        if not word.startswith(p) or not stem:
            continue
        if stem[0].isascii() and stem[0].isalnum() or known(stem):
            return p
        if len(stem) < 2 or not "\u0621" <= stem[0] <= "\u064a":
            continue
        last = p[-1]
        if last == "و" and stem[0] not in "اويى" or last == "ب" and stem[0] in _AFTER_BA \
                or last in "لكف" and stem[0] in _HAMZA_ALEF:
            return p
    return ""


# Marks that change how text shows, never what it says: bidi controls (LRM, RLM, ALM, embeddings,
# isolates), zero-width (non-)joiners and spaces, the BOM, NUL.
INVISIBLE = frozenset("\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
                      "\u2066\u2067\u2068\u2069\ufeff\x00")
_INVISIBLE_RE = re.compile("[" + "".join(sorted(INVISIBLE)) + "]")
_PRESENTATION_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")


def reading_form(text: str) -> str:
    """The text a value reader sees: invisible marks dropped, Arabic presentation forms
    (``ﻋﻠﻲ``) folded to ordinary letters by NFKC; nothing else changes."""
    text = _INVISIBLE_RE.sub("", text)
    return _PRESENTATION_FORMS_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def trim_invisible(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``/``end`` moved inwards past invisible marks, so a span never starts or ends on one."""
    while start < end and text[start] in INVISIBLE:
        start += 1
    while end > start and text[end - 1] in INVISIBLE:
        end -= 1
    return start, end
