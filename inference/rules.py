"""`RuleTagger`: the rule baseline, with the same interface as the model `Tagger`.

    tagger = Tagger.from_pretrained("rules")      # or RuleTagger()
    for entity in tagger.tag(["أعلنت إنفيديا ..."])[0]:
        print(entity.label, entity.text, entity.value)

It works on the words of the shared word rule (:func:`arabic_ie.inference.words.split_words`)
and follows ANNOTATION.md's span rules:

- AMOUNT and PERIOD: the value readers' grammar (:func:`arabic_ie.inference.amounts.match`,
  :func:`arabic_ie.inference.periods.match`), so every span found has a value: numbers,
  ranges, currencies; years, months, days, quarters and halves, fiscal and Hijri years,
  relative expressions and weekdays, with their anchors (``نهاية``, ``مطلع``) inside and
  the leading prepositions (``في``, ``خلال``, ``منذ``) outside. A few context rules drop a
  lone ambiguous month name (``مارس``), a year that is a quantity or a plan's name
  (``رؤية 2030``) and a Hijri year without its era sign.
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
from arabic_ie.inference.arabic import PROCLITIC_PATTERN, fold, proclitic_variants, strip_marks
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.paths import DATA_DIR
from arabic_ie.inference.rule_words import (
    AMBIGUOUS_MONTHS, TIME_PREPOSITIONS, ERA_SIGNS, NOT_AFTER_YEAR, NOT_BEFORE_YEAR, CHIP_CODE_RE, NOT_CHIP_PREFIXES, NOT_CHIP_CODES,
    DEVICE_WORDS, CHIP_FAMILIES_ALONE, CHIP_FAMILIES, CHIP_SUFFIXES, CHIP_CUES, CHIP_WORDS,
    NAME_CUES, PERSON_TITLES, PLACE_WORDS, NATIONALITY_RE, STOPWORDS, ARABIC_LETTERS,
    COMMON_LETTER_WORDS, LETTER_PREPOSITIONS, LETTER_TERMS, CORPORATE_SUFFIXES, NAME_SUFFIXES, NOT_BEFORE_NAME,
    COMPANY_HEADS, LATIN_TERMS, LETTER_NAMES, ARABIC_SOUNDS, LATIN_SOUNDS,
)
from arabic_ie.inference.tagger import BaseTagger
from arabic_ie.inference.vocabulary import word_set
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
        self.placed = [Word(r, w.start, w.end) for r, w in zip(self.raw, words)]  # and where they stood
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

    # ---- amounts and periods: the value readers' grammar ----------------------------------
    @staticmethod
    def amount(s: _Sentence, i: int) -> int | None:
        """An amount: what :func:`arabic_ie.inference.amounts.match` reads from ``i``."""
        found = amounts.match(s.placed, i)
        return None if found is None else found[1]

    @staticmethod
    def period(s: _Sentence, i: int) -> int | None:
        """A period: what :func:`arabic_ie.inference.periods.match` reads from ``i``, where the context
        says it is one: a lone ambiguous month name (``مارس``, ``آب``) needs a time word before it,
        a year is not a quantity (``2025 ميغاواط``) or a plan's name (``رؤية 2030``), and a Hijri
        year needs its era sign."""
        found = periods.match(s.raw, i)
        if found is None:
            return None
        value, end = found
        if end == i + 1 and s.is_(i, AMBIGUOUS_MONTHS, first=True) and s.key(i - 1) not in TIME_PREPOSITIONS:
            return None
        if re.search(r"\d$", s.key(end - 1)) and s.key(end) in NOT_AFTER_YEAR:
            return None
        if re.search(r"\d", s.key(i)) and (s.is_(i - 1, NOT_BEFORE_YEAR, True) or s.is_(i - 2, NOT_BEFORE_YEAR, True)):
            return None
        if value["hijri_year"] is not None and not any(k in ERA_SIGNS or re.fullmatch(r"\d{4}(ه|هـ)", k)
                                                       for k in s.keys[i:end]):
            return None
        return end

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
