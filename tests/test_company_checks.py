"""People and public bodies taken for companies, read off after tagging (``company_checks``)."""

from __future__ import annotations

from arabic_ie.inference.company_checks import company_checks
from arabic_ie.inference.entity import Entity


def found(text: str, label: str, surface: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(label, surface, start, start + len(surface), 0.95, None)


def spans(results: list[list[Entity]]) -> list[list[tuple[str, str]]]:
    return [[(e.label, e.text) for e in sentence] for sentence in results]


def test_a_company_name_that_runs_into_a_given_name_is_cut_before_it():
    text = "وقال مؤسس أمازون جيف بيزوس إن الشركة ستنفق 100 مليار دولار ."
    entities = [[found(text, "COMPANY", "أمازون جيف"), found(text, "AMOUNT", "100 مليار دولار")]]
    assert spans(company_checks([text], entities)) == [[("COMPANY", "أمازون"), ("AMOUNT", "100 مليار دولار")]]


def test_a_given_name_alone_before_a_surname_is_a_person():
    text = "ونقلت الصحيفة عن جايك ويليامز أن الوثائق حقيقية ."
    assert company_checks([text], [[found(text, "COMPANY", "جايك")]]) == [[]]


def test_a_given_name_that_ends_the_sentence_or_a_clause_stays():
    text = "وتملك الأسهم مجموعة الحاج محمد، وهي شركة عائلية ."
    entities = [[found(text, "COMPANY", "مجموعة الحاج محمد")]]
    assert spans(company_checks([text], entities)) == [[("COMPANY", "مجموعة الحاج محمد")]]


def test_a_public_bodys_abbreviation_is_no_company_anywhere_in_the_document():
    first = "وأصدرت منظمة التجارة العالمية (WTO) تقريرا عن الرسوم الجمركية ."
    second = "وقالت WTO إن صادرات الرقائق نمت ، بينما قالت إنفيديا إنها لم تتأثر ."
    entities = [[found(first, "COMPANY", "WTO")], [found(second, "COMPANY", "WTO"), found(second, "COMPANY", "إنفيديا")]]
    assert spans(company_checks([first, second], entities)) == [[], [("COMPANY", "إنفيديا")]]


def test_an_abbreviation_in_quotes_after_a_comma_is_read_as_in_parentheses():
    text = 'ونشر الموقع وثائق وكالة الاستخبارات المركزية الأمريكية، "سي آي أي" .'
    later = 'وقالت "السي آي أي" إنها لا تعلق .'
    entities = [[found(text, "COMPANY", "سي آي أي")], [found(later, "COMPANY", "السي آي أي")]]
    assert company_checks([text, later], entities) == [[], []]


def test_a_company_named_in_a_bodys_phrase_keeps_its_brackets():
    # the company is tagged inside the phrase before the bracket, so the bracket holds its own name
    text = "وافتتح مركز البيانات التابع لشركة أرامكو (Aramco) في الرياض ."
    entities = [[found(text, "COMPANY", "لشركة أرامكو"), found(text, "COMPANY", "Aramco")]]
    assert spans(company_checks([text], entities)) == spans(entities)
    # a body word right before the quotes makes the quoted company its owner, not its abbreviation
    quoted = 'ومن ضمن المرافق مركز "هواوي" للأبحاث .'
    assert spans(company_checks([quoted], [[found(quoted, "COMPANY", "هواوي")]])) == [[("COMPANY", "هواوي")]]
    # a quoted company after a verb is no abbreviation of anything
    after_verb = 'وأضافت وزارة التجارة شركة "تشيبو" إلى قائمة القيود .'
    assert spans(company_checks([after_verb], [[found(after_verb, "COMPANY", "تشيبو")]])) == [[("COMPANY", "تشيبو")]]


def test_the_tagger_takes_the_setting_from_the_model_and_the_option(model_copy):
    from arabic_ie.inference.tagger import Tagger

    model = model_copy(company_checks=True)
    assert Tagger.from_pretrained(model).company_checks
    assert not Tagger.from_pretrained(model, company_checks=False).company_checks
