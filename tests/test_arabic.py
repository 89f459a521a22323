"""The Arabic character helpers: one proclitic rule for names everywhere."""

from __future__ import annotations

import pytest

from arabic_ie.inference.arabic import glued_proclitic, proclitic_variants
from arabic_ie.inference.names import name_value

# word, the proclitic glued to it ("" when the letters are the name's own)
TABLE = [
    ("وتينسنت", "و"), ("وهيتاشي", "و"), ("ولينوفو", "و"), ("وبايدو", "و"),
    ("ويبو", ""), ("وينبوند", ""), ("وولفسبيد", ""), ("واي", ""), ("ويسترون", ""),  # a foreign W
    ("بتينسنت", "ب"), ("بإنفيديا", "ب"), ("بلومبرغ", ""), ("بايدو", ""),
    ("لإيفيدن", "ل"), ("ولإنفيديا", "ول"), ("لينوفو", ""), ("فوكسكون", ""), ("كوالكوم", ""),
    ("وNebius", "و"), ("بH100", "ب"), ("و2024", "و"),
    ("هواوي", ""), ("وي", ""), ("و", ""),
]


@pytest.mark.parametrize("word, proclitic", TABLE)
def test_glued_proclitic(word, proclitic):
    assert glued_proclitic(word) == proclitic


def test_a_known_stem_is_taken_off_whatever_its_letters():
    assert glued_proclitic("بلومبرغ", known=lambda stem: stem == "لومبرغ") == "ب"
    assert glued_proclitic("ويبو") == ""


@pytest.mark.parametrize("word, name", [("ويبو", "ويبو"), ("وينبوند", "وينبوند"), ("وزيفيرا", "زيفيرا"), ("وNebius", "Nebius")])
def test_unknown_names_keep_their_own_letters(word, name):
    assert name_value("COMPANY", word) == {"name": name}


def test_variants_list_every_reading_for_matching_known_names():
    assert proclitic_variants("ولإنفيديا") == ["إنفيديا", "لإنفيديا"]
