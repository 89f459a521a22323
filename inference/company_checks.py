"""Names the model takes for companies that are not, read off after tagging (``company_checks``).

Real news names people and public bodies next to companies, and the model, trained on prose
denser in companies than the news is, runs into them. Two checks, each on a pattern that
ANNOTATION.md settles:

- **A person after a company**: a company name that ends in a given name before another word
  has run into a person (`مؤسس أمازون جيف بيزوس` → `أمازون`); a given name alone before another word is
  a person (`جايك ويليامز`), not a company.
- **A public body's abbreviation**: a name in parentheses, or in quotes after a comma, right
  after the full name of a public body that is not tagged (`منظمة الأغذية والزراعة (فاو)`,
  `وكالة الاستخبارات المركزية الأمريكية، "سي آي أي"`) is that body, and so is every other mention
  of it in the document.

Measured on realnews-dev and our dev split (README, "Real news").
"""

from __future__ import annotations

from typing import Sequence

from arabic_ie.inference.arabic import fold, proclitic_variants
from arabic_ie.inference.document_names import entity_key
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.rule_words import GIVEN_NAMES, PUBLIC_BODIES
from arabic_ie.inference.words import Word, split_words, words_inside

OPENERS = frozenset('("“«')
COMMAS = frozenset("،,")
REACH = 8  # words back from the bracket to a body's head word


def _is_body(word: str) -> bool:
    """Whether ``word`` is a body's head word, with or without a proclitic and the article."""
    forms = [fold(form) for form in [word, *proclitic_variants(word)]]
    return any(form in PUBLIC_BODIES or (form.startswith("ال") and form[2:] in PUBLIC_BODIES) for form in forms)


def without_people(text: str, words: Sequence[Word], found: Sequence[Entity]) -> list[Entity]:
    """``found`` with each company name that ends in a given name before another word cut before it
    (a given name alone is dropped)."""
    kept = []
    for e in found:
        inside = words_inside(words, e.start, e.end) if e.label == "COMPANY" else []
        before_a_word = bool(inside) and inside[-1] + 1 < len(words) and words[inside[-1] + 1].text[0].isalpha()
        if before_a_word and fold(words[inside[-1]].text) in GIVEN_NAMES:
            if len(inside) == 1:
                continue
            e = Entity.from_span("COMPANY", text, e.start, words[inside[-2]].end, e.score)
        kept.append(e)
    return kept


def _body_abbreviation(words: Sequence[Word], e: Entity, found: Sequence[Entity]) -> bool:
    """Whether company ``e`` is written in brackets right after the untagged full name of a public body."""
    inside = words_inside(words, e.start, e.end)
    if e.label != "COMPANY" or not inside or inside[0] == 0 or words[inside[0] - 1].text not in OPENERS:
        return False
    bracket = inside[0] - 1
    if words[bracket].text != "(":
        if bracket == 0 or words[bracket - 1].text not in COMMAS:
            return False
        bracket -= 1  # «…الأمريكية، "سي آي أي"»
    head = next((k for k in range(bracket - 2, max(-1, bracket - 1 - REACH), -1) if _is_body(words[k].text)),
                None)
    if head is None:
        return False
    start, end = words[head].start, words[bracket - 1].end
    return not any(o.label == "COMPANY" and o.start < end and start < o.end for o in found)


def _bare(key: tuple[str, ...]) -> tuple[str, ...]:
    """The key without an article on its first word (``السي اي اي`` is ``سي اي اي``)."""
    if key and key[0].startswith("ال") and len(key[0]) > 3:
        return (key[0][2:], *key[1:])
    return key


def company_checks(texts: Sequence[str], entities: Sequence[Sequence[Entity]]) -> list[list[Entity]]:
    """The entities of the texts of one document with the people and the public bodies' abbreviations
    taken for companies read off."""
    all_words = [split_words(text) for text in texts]
    checked = [without_people(text, words, found) for text, words, found in zip(texts, all_words, entities)]
    bodies = {_bare(entity_key(e.text)) for words, found in zip(all_words, checked)
              for e in found if _body_abbreviation(words, e, found)}
    if not bodies:
        return checked
    return [[e for e in found if not (e.label == "COMPANY" and _bare(entity_key(e.text)) in bodies)]
            for found in checked]
