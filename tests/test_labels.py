from arabic_ie.inference.labels import Span, repair_tags, spans_to_tags, tags_to_spans
from arabic_ie.inference.words import split_words


def test_spans_and_tags_round_trip():
    text = "اشترت تينسنت رقائق H20 بقيمة 2.5 مليار دولار"
    words = split_words(text)
    spans = [Span(6, 12, "COMPANY"), Span(19, 22, "CHIP"), Span(29, 44, "AMOUNT")]
    tags = spans_to_tags(words, spans)
    assert tags == ["O", "B-COMPANY", "O", "B-CHIP", "O", "B-AMOUNT", "I-AMOUNT", "I-AMOUNT"]
    assert tags_to_spans(words, tags) == spans


def test_span_starting_inside_a_word_takes_the_whole_word():
    text = "وبايدو لعام 2025"
    words = split_words(text)
    assert spans_to_tags(words, [Span(1, 6, "COMPANY"), Span(8, 16, "PERIOD")]) == ["B-COMPANY", "B-PERIOD", "I-PERIOD"]


def test_repair_makes_valid_bio2():
    assert repair_tags(["I-CHIP", "I-CHIP", "O", "I-AMOUNT", "B-PERIOD", "I-COMPANY"]) == [
        "B-CHIP", "I-CHIP", "O", "B-AMOUNT", "B-PERIOD", "B-COMPANY"]


def test_adjacent_entities_of_one_label_stay_apart():
    text = "تينسنت علي بابا"
    words = split_words(text)
    tags = spans_to_tags(words, [Span(0, 6, "COMPANY"), Span(7, 15, "COMPANY")])
    assert tags == ["B-COMPANY", "B-COMPANY", "I-COMPANY"]
    assert len(tags_to_spans(words, tags)) == 2
