"""One reading of each company name per document (``document_names``)."""

from __future__ import annotations

from arabic_ie.inference.document_names import document_names
from arabic_ie.inference.entity import Entity
from arabic_ie.training.evaluate import documents
from arabic_ie.training.gold import Record


def found(text: str, label: str, surface: str, score: float = 0.97) -> Entity:
    start = text.index(surface)
    return Entity(label, surface, start, start + len(surface), score, None)


def spans(results: list[list[Entity]]) -> list[list[tuple[str, str]]]:
    return [[(e.label, e.text) for e in sentence] for sentence in results]


DOC = ["أعلنت شركة \"هواوي\" عن هاتف جديد .",
       "ويحمل هاتف لهواوي P9 كاميرا مزدوجة .",
       "وقالت هواوي إن مبيعاته ستبدأ في مارس 2017 ."]


def test_a_confident_name_is_tagged_at_its_other_mentions_with_or_without_a_proclitic():
    entities = [[found(DOC[0], "COMPANY", "هواوي")], [], [found(DOC[2], "PERIOD", "مارس 2017")]]
    got = document_names(DOC, entities)
    assert spans(got) == [[("COMPANY", "هواوي")], [("COMPANY", "لهواوي")],
                          [("COMPANY", "هواوي"), ("PERIOD", "مارس 2017")]]
    assert got[2][0].score == 0.97 and got[2][0].value == {"name": "Huawei"}


def test_a_chip_that_starts_with_a_known_name_is_split_into_maker_and_chip():
    entities = [[found(DOC[0], "COMPANY", "هواوي")], [found(DOC[1], "CHIP", "لهواوي P9", 0.8)], []]
    got = document_names(DOC, entities)
    assert spans(got)[1] == [("COMPANY", "لهواوي"), ("CHIP", "P9")]
    texts = ["قالت إنفيديا إن الطلب قوي .", "وباعت إنفيديا H20 للصين .", "وطلبت إنفيديا-H20 من المصنع ."]
    chips = [[found(texts[0], "COMPANY", "إنفيديا")], [found(texts[1], "CHIP", "إنفيديا H20")],
             [found(texts[2], "CHIP", "إنفيديا-H20")]]
    # the maker is split off where the rest starts with a letter or digit, not after a dash
    assert spans(document_names(texts, chips)) == [[("COMPANY", "إنفيديا")], [("COMPANY", "إنفيديا"), ("CHIP", "H20")],
                                                   [("CHIP", "إنفيديا-H20")]]


def test_unsure_names_and_mentions_inside_other_entities_are_left_alone():
    unsure = [[found(DOC[0], "COMPANY", "هواوي", 0.6)], [], []]
    assert spans(document_names(DOC, unsure)) == spans(unsure)
    text = "صندوق هواوي للاستثمار"
    inside = [[found(DOC[0], "COMPANY", "هواوي")], [found(text, "COMPANY", "صندوق هواوي للاستثمار", 0.5)]]
    assert spans(document_names([DOC[0], text], inside))[1] == [("COMPANY", "صندوق هواوي للاستثمار")]


def test_evaluation_reads_records_as_their_documents():
    def record(rid: str, doc: str | None) -> Record:
        return Record(rid, "x", [], "f", 1, {"doc_id": doc} if doc else {})

    records = [record("a-1", "a"), record("a-2", "a"), record("b-1", "b"), record("c", None), record("d", None)]
    assert [[r.id for r in doc] for doc in documents(records)] == [["a-1", "a-2"], ["b-1"], ["c"], ["d"]]


def test_the_tagger_reads_a_document_given_as_sentences_as_it_reads_the_whole_text(model_copy):
    from arabic_ie.inference.tagger import Tagger

    model = model_copy(document_names=True)
    tagger = Tagger.from_pretrained(model)
    assert tagger.document_names and not Tagger.from_pretrained(model, document_names=False).document_names
    first = "قالت هواوي إن شريحة أسند 910B ستشحن في النصف الأول من 2025 ."
    second = "ثم ذهب الوفد إلى هواوي وعاد ."
    whole = tagger.tag([first + "\n" + second])[0]
    by_sentence = tagger.tag_documents([[first, second]])[0]
    shift = len(first) + 1
    assert [(e.label, e.start, e.end) for e in whole] == \
        [(e.label, e.start, e.end) for e in by_sentence[0]] + [(e.label, e.start + shift, e.end + shift) for e in by_sentence[1]]
    assert ("COMPANY", "هواوي") in [(e.label, e.text) for e in by_sentence[1]]
    # without the document pass each text is read alone: tag_documents is tag on every sentence
    plain = Tagger.from_pretrained(model, document_names=False)
    assert plain.tag_documents([[first, second]])[0] == plain.tag([first, second])
