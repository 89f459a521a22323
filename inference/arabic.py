"""Arabic character handling: diacritics, tatweel, letter variants, digits, clitics."""

from __future__ import annotations

import re

TATWEEL = "\u0640"
# Harakat, tanwin, shadda, sukun, dagger alef and Quranic marks.
DIACRITICS_RE = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_ALEF_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})
# Arabic-Indic and Extended (Persian) digits, and the Arabic decimal/thousands signs.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
# Proclitics that attach to names, longest first: و/ف + ب/ل/ك, then single letters.
PROCLITICS: tuple[str, ...] = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def strip_marks(text: str) -> str:
    """Remove diacritics and tatweel; every other character stays."""
    return DIACRITICS_RE.sub("", text).replace(TATWEEL, "")


def ascii_digits(text: str) -> str:
    """Map Arabic-Indic digits and the Arabic decimal/thousands signs to ASCII."""
    return text.translate(_DIGITS)


def fold(text: str) -> str:
    """A matching key: no marks, one alef/ya/ta marbuta form, ASCII digits, lowercase, single spaces."""
    folded = ascii_digits(strip_marks(text)).translate(_ALEF_VARIANTS).lower()
    return " ".join(folded.split())


def proclitic_variants(word: str) -> list[str]:
    """The word without each proclitic it may carry (``وتينسنت`` → ``تينسنت``), longest strip first."""
    return [word[len(p):] for p in PROCLITICS if word.startswith(p) and len(word) - len(p) >= 2]
