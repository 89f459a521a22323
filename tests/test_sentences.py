"""Sentence splitting: a dot inside a name or an abbreviation does not end the sentence."""

import pytest

from arabic_ie.inference.sentences import sentence_ranges
from arabic_ie.inference.words import split_words


def sentences(text: str) -> list[str]:
    words = split_words(text)
    return [text[words[a].start:words[b - 1].end] for a, b in sentence_ranges(text, words)]


@pytest.mark.parametrize("name", ["SiMa.ai", "JD.com", "Pony.ai", "Char.AI"])
def test_a_dot_inside_a_name_stays_inside(name):
    assert sentences(f"استثمرت {name} في رقائق جديدة. وقالت الشركة إنها ستتوسع.") == [
        f"استثمرت {name} في رقائق جديدة.", "وقالت الشركة إنها ستتوسع."]


def test_abbreviations_lists_and_ellipses():
    assert sentences("اشترت U.S. Steel أسهما. ثم باعت") == ["اشترت U.S. Steel أسهما.", "ثم باعت"]
    assert sentences("قالت Nvidia Corp. إنها ستبيع") == ["قالت Nvidia Corp. إنها ستبيع"]
    assert sentences("1. شراء رقائق\n2. بناء مركز") == ["1. شراء رقائق", "2. بناء مركز"]
    assert sentences("وانتظر الجميع... ثم جاء القرار.") == ["وانتظر الجميع...", "ثم جاء القرار."]
    assert sentences("ربحت 5 مليارات في 2025. ثم تراجعت") == ["ربحت 5 مليارات في 2025.", "ثم تراجعت"]
    assert sentences("هل تنجح؟ نعم!") == ["هل تنجح؟", "نعم!"]


def test_the_tagger_keeps_a_dotted_name_in_one_sentence():
    from arabic_ie.inference.tagger import Tagger

    words = split_words("أطلقت SiMa.ai رقاقة. ثم")
    _, found, _ = Tagger._sentences(["أطلقت SiMa.ai رقاقة. ثم"])
    assert found[0] == ["أطلقت", "SiMa", ".", "ai", "رقاقة", "."] and len(words) == 7
