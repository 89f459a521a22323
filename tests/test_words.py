from hypothesis import given, strategies as st

from arabic_ie.inference.words import split_words


def texts(text: str) -> list[str]:
    return [w.text for w in split_words(text)]


def test_whitespace_and_punctuation_are_word_boundaries():
    assert texts("قالت «علي بابا»، إن (H20) ارتفع 12%.") == [
        "قالت", "«", "علي", "بابا", "»", "،", "إن", "(", "H20", ")", "ارتفع", "12", "%", "."]


def test_separators_between_digits_stay_inside_numbers():
    assert texts("بلغ 2.5 و12,000 و٣٫٥ و36.6.") == ["بلغ", "2.5", "و12,000", "و٣٫٥", "و36.6", "."]
    assert texts("عام 2024، ثم 2025.") == ["عام", "2024", "،", "ثم", "2025", "."]


def test_clitics_stay_attached():
    assert texts("وتينسنت لشركة و700 بي800") == ["وتينسنت", "لشركة", "و700", "بي800"]


def test_slash_and_hyphen_are_words():
    assert texts("فبراير/شباط GPT-4") == ["فبراير", "/", "شباط", "GPT", "-", "4"]


def test_offsets_point_into_the_text():
    text = "  أعلنت\tإنفيديا\n(Nvidia)…"
    for w in split_words(text):
        assert text[w.start:w.end] == w.text


@given(st.text(alphabet=st.sampled_from(list("ابتثجحخ ٠١٢3 4.,،()\n\t-/%ـًH1") ), max_size=60))
def test_words_cover_every_non_space_character(text):
    words = split_words(text)
    covered = "".join(w.text for w in words)
    assert covered == "".join(text.split())
    assert all(text[w.start:w.end] == w.text for w in words)
