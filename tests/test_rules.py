"""The rule baseline: span boundaries per label, negatives, interface parity with Tagger, gazetteer builder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from arabic_ie.inference.rules import GazetteerError, RuleTagger
from arabic_ie.inference.values import entity_value
from arabic_ie.training.corpus import parse_sentence
from arabic_ie.training.gazetteers import build_gazetteers

# The train split of the tests: the names the gazetteers learn.
TRAIN = [
    "أعلنت [إنفيديا](COMPANY) أن رقائق [Blackwell](CHIP) نفدت [هذا العام](PERIOD) .",
    "واستثمرت [سوفت بنك](COMPANY) [وتينسنت](COMPANY) في [علي بابا](COMPANY) .",
    "وقالت صحيفة [نيكي](COMPANY) إن [روبن](CHIP) يصل في [2026](PERIOD) .",
    "وذكرت [الأمل](COMPANY) أن الأمل كبير وأن الأمل قائم .",
    "وكتبت [إكس](COMPANY) عن ذلك .",
]
# Names that only other splits hold: the builder must never see them.
DEV = ["وطرحت [كروزو](COMPANY) أسهمها ."]
TEST = ["وباعت [سيريبراس](COMPANY) رقائق [WSE-3](CHIP) ."]


def _write_split(path: Path, lines: list[str]) -> Path:
    rows = []
    for n, markup in enumerate(lines):
        sentence, problems = parse_sentence(markup, str(path), n + 1)
        assert not problems, problems
        rows.append({"id": f"{path.stem}-{n}", "text": sentence.text,
                     "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in sentence.spans]})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    _write_split(root / "train.jsonl", TRAIN)
    _write_split(root / "dev.jsonl", DEV)
    _write_split(root / "test.jsonl", TEST)
    return root


@pytest.fixture(scope="module")
def gazetteer_dir(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gazetteers")
    build_gazetteers(corpus / "train.jsonl", out)
    return out


@pytest.fixture(scope="module")
def tagger(gazetteer_dir) -> RuleTagger:
    return RuleTagger(gazetteer_dir)


def found(tagger: RuleTagger, text: str, label: str | None = None) -> list[str]:
    """The surfaces tagged in ``text`` (of one label, or all as ``LABEL:text``)."""
    entities = tagger.tag([text])[0]
    for e in entities:
        assert text[e.start:e.end] == e.text
    if label is None:
        return [f"{e.label}:{e.text}" for e in entities]
    return [e.text for e in entities if e.label == label]


# ---------------------------------------------------------------- AMOUNT
@pytest.mark.parametrize("text, expected", [
    ("ستنفق أكثر من 380 مليار يوان", ["380 مليار يوان"]),  # approximator outside
    ("تبلغ نحو 7 مليارات دولار", ["7 مليارات دولار"]),
    ("تصل ما يصل إلى ملياري دولار سنويا", ["ملياري دولار"]),
    ("صفقة بقيمة 50 مليار يوان صيني", ["50 مليار يوان صيني"]),  # qualifier inside
    ("بلغت 5 مليارات دولار هونغ كونغ", ["5 مليارات دولار هونغ كونغ"]),
    ("نطاق 84 إلى 98 مليار دولار", ["84 إلى 98 مليار دولار"]),  # a range is one span
    ("بين 600 و700 مليار يوان", ["600 و700 مليار يوان"]),
    ("بين 12 ألف دولار و13 ألف دولار", ["12 ألف دولار", "و13 ألف دولار"]),  # two currencies, two spans
    ("دفعت ب5 مليارات دولار", ["ب5 مليارات دولار"]),  # glued clitic inside
    ("دفعت بـ 5 مليارات دولار", ["5 مليارات دولار"]),  # separate proclitic outside
    ("أنفقت مليارات الدولارات", ["مليارات الدولارات"]),
    ("جمعت عشرات المليارات من الدولارات", ["عشرات المليارات من الدولارات"]),
    ("فاقت $5 billion في 2024", ["$5 billion"]),
    ("بلغ السعر 77.11 دولار للبرميل", ["77.11 دولار"]),  # unit outside
    ("ربح ٤٥٢٫٣ مليار دولار تايواني", ["٤٥٢٫٣ مليار دولار تايواني"]),
    ("رفعت الإنفاق مليار دولار إضافية", ["مليار دولار"]),
    ("بلغت نصف مليار دولار", ["نصف مليار دولار"]),
])
def test_amounts(tagger, text, expected):
    assert found(tagger, text, "AMOUNT") == expected


@pytest.mark.parametrize("text", [
    "ارتفعت الإيرادات 12% إلى 9.4 مليار",  # percentage, implied currency
    "شحنت الشركة مليون معالج و10 آلاف خادم",  # counts of things
    "باعت 300 وحدة في 45 دقيقة",  # bare numbers
    "ارتفع السهم بنسبة ١٢٣٪",
])
def test_no_amount_without_a_currency(tagger, text):
    assert found(tagger, text, "AMOUNT") == []


# ---------------------------------------------------------------- PERIOD
@pytest.mark.parametrize("text, expected", [
    ("تأسست في عام 2020 في بكين", ["عام 2020"]),  # preposition outside, «عام» inside
    ("رفعت توقعاتها ولعام 2025 أيضا", ["ولعام 2025"]),  # glued clitic inside
    ("نمت خلال النصف الأول من 2024", ["النصف الأول من 2024"]),
    ("تراجعت بالربع الأخير من 2024", ["بالربع الأخير من 2024"]),
    ("وقعت في فبراير/شباط 2025", ["فبراير/شباط 2025"]),
    ("في السنة المالية الحالية", ["السنة المالية الحالية"]),
    ("خلال العام المالي 2025/2026", ["العام المالي 2025/2026"]),
    ("استثمرت خلال عام 1446 هـ", ["عام 1446 هـ"]),
    ("ارتفع هذا الأسبوع بعد تراجعه العام الماضي", ["هذا الأسبوع", "العام الماضي"]),
    ("ستنفق خلال السنوات الثلاث المقبلة", ["السنوات الثلاث المقبلة"]),
    ("بين 2024 و2030", ["2024 و2030"]),
    ("من 2024 إلى 2026", ["2024 إلى 2026"]),
    ("وارتفع السهم الخميس", ["الخميس"]),
    ("أعلنت في 15 مارس", ["15 مارس"]),
    ("يبدأ الإنتاج بنهاية 2025", ["بنهاية 2025"]),
    ("في أوائل العام الجاري", ["أوائل العام الجاري"]),
    ("في السنة المالية 2025 المنتهية في 31 أغسطس", ["السنة المالية 2025", "31 أغسطس"]),
    ("في السنة المالية المنتهية في مارس/آذار 2026", ["السنة المالية المنتهية في مارس/آذار 2026"]),
])
def test_periods(tagger, text, expected):
    assert found(tagger, text, "PERIOD") == expected


@pytest.mark.parametrize("text", [
    "ضمن رؤية 2030 السعودية",  # a year inside a name
    "وقعت عقدا لمدة 10 سنوات",  # a duration
    "نمت 5% على أساس سنوي",  # a rate
    "استغرق الأمر 30 دقيقة لفترة طويلة في الوقت الحالي",
    "مارس ضغوطا على الموردين",  # «مارس» the verb
])
def test_not_periods(tagger, text):
    assert found(tagger, text, "PERIOD") == []


# ---------------------------------------------------------------- CHIP
@pytest.mark.parametrize("text, expected", [
    ("اشترت رقائق H100 وH20 وB200", ["H100", "وH20", "وB200"]),  # glued «و» inside
    ("أطلقت MI300X وحاسوب Instinct MI350X", ["MI300X", "Instinct MI350X"]),
    ("تستخدم كونلون بي800 وأسند 910B", ["كونلون بي800", "وأسند 910B"]),
    ("تعتمد على أسند 910B (Ascend 910B)", ["أسند 910B", "Ascend 910B"]),
    ("جربت TPU v5e و Gaudi 3 و Xeon 6 و Snapdragon 8 Elite", ["TPU v5e", "Gaudi 3", "Xeon 6", "Snapdragon 8 Elite"]),
    ("تجمع خزائن GB200 NVL72", ["GB200"]),  # the rack system is a device
])
def test_chips(tagger, text, expected):
    assert found(tagger, text, "CHIP") == expected


@pytest.mark.parametrize("text", [
    "ذاكرة HBM3E وDDR5 وLPDDR5X وGDDR7",  # memory standards
    "بتقنية 3 نانومتر وعقدة N2",  # process nodes
    "أنظمة DGX وHGX وهاتف iPhone وGalaxy S25",  # devices
])
def test_not_chips(tagger, text):
    assert found(tagger, text, "CHIP") == []


def test_maker_and_chip_are_two_entities(tagger):
    assert found(tagger, "باعت إنفيديا H20 في الصين") == ["COMPANY:إنفيديا", "CHIP:H20"]


# ---------------------------------------------------------------- COMPANY
@pytest.mark.parametrize("text, expected", [
    ("وتنافس وتينسنت", ["وتينسنت"]),  # clitic inside
    ("أعلنت تينسنت نتائجها", ["تينسنت"]),  # learnt from «وتينسنت»: the bare form is in the gazetteer
    ("قالت مجموعة علي بابا إن", ["علي بابا"]),  # generic head outside
    ("قالت “علي بابا” إن", ["علي بابا"]),  # quotes outside
    ("أعلنت إنفيديا (Nvidia) أرباحها", ["إنفيديا", "Nvidia"]),  # brackets outside, two spans
    ("رفعت أدفانتست (Advantest) توقعاتها", ["أدفانتست", "Advantest"]),  # unknown name, by its Latin spelling
    ("ويتوقع بنك يو بي إس نموا", ["يو بي إس"]),  # spelled with letter names
    ("ويحذر محللو نومورا من أن القيود", ["نومورا"]),
])
def test_companies(tagger, text, expected):
    assert found(tagger, text, "COMPANY") == expected


@pytest.mark.parametrize("text", [
    "وقال الرئيس التنفيذي روبن لي إن",  # a person named like a chip of the gazetteer
    "وقال جنسن هوانغ إن الطلب قوي",  # people
    "وتراجع مؤشر نيكي 225 بنسبة 2%",  # an index, not the newspaper
])
def test_no_entities_in_people_and_indices(tagger, text):
    assert found(tagger, text) == []


# ---------------------------------------------------------------- interface
def test_one_list_per_text_with_exact_offsets(tagger):
    texts = ["", "   \n\t ", "The quick brown fox, 2024.", "١٢٣ ... !!!", "ـــ",
             "أعلنت إنفيديا أنها باعت رقائق H20 بقيمة 5 مليارات دولار في الربع الثاني من 2025."]
    results = tagger.tag(texts, batch_size=2)
    assert len(results) == len(texts)
    assert results[0] == [] and results[1] == []
    for text, entities in zip(texts, results):
        for e in entities:
            assert text[e.start:e.end] == e.text and e.score == 1.0
    assert [e.label for e in results[-1]] == ["COMPANY", "CHIP", "AMOUNT", "PERIOD"]


def test_values_come_from_entity_value(tagger):
    reference = date(2025, 6, 1)
    entities = tagger.tag(["أنفقت 5 مليارات دولار العام الماضي"], reference_date=reference)[0]
    assert entities
    for e in entities:
        assert e.value == entity_value(e.label, e.text, reference)


def test_tag_stream_is_lazy(tagger):
    read = []

    def texts():
        for n in range(10):
            read.append(n)
            yield f"في عام {2000 + n}"

    stream = tagger.tag_stream(texts(), chunk_size=3)
    first = next(stream)
    assert [e.text for e in first] == ["عام 2000"] and len(read) == 3  # reads one chunk ahead, no more
    assert len(list(stream)) == 9


def test_from_pretrained_rules_gives_the_rule_tagger(monkeypatch, gazetteer_dir):
    import arabic_ie.inference.rules
    from arabic_ie.inference.tagger import Tagger

    monkeypatch.setattr(arabic_ie.inference.rules, "GAZETTEER_DIR", gazetteer_dir)
    assert isinstance(Tagger.from_pretrained("rules"), RuleTagger)


def test_missing_gazetteers_say_how_to_build_them(tmp_path):
    with pytest.raises(GazetteerError, match="arabic-ie build-gazetteers"):
        RuleTagger(tmp_path / "nowhere")


def test_evaluation_runs_through_tag(tagger, corpus):
    from arabic_ie.training.evaluate import evaluate
    from arabic_ie.training.gold import load_records

    scores = evaluate(tagger, load_records(corpus / "train.jsonl"))
    assert scores["n_sentences"] == len(TRAIN)
    assert scores["per_label"]["PERIOD"]["f1"] == 1.0


PIECES = list("ابتدرسكلمنوي إH ٢٠24%$.،()/-وـ") + [" مليار ", " دولار ", " عام ", " إنفيديا ", " (", "H100", "هـ"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_offsets_hold_on_any_text(tagger, text):
    for e in tagger.tag([text])[0]:
        assert text[e.start:e.end] == e.text and e.start < e.end


# ---------------------------------------------------------------- gazetteer builder
def test_builder_reads_only_the_train_file(corpus, gazetteer_dir):
    company = (gazetteer_dir / "company.txt").read_text(encoding="utf-8").splitlines()
    chip = (gazetteer_dir / "chip.txt").read_text(encoding="utf-8").splitlines()
    names = [line for line in company + chip if not line.startswith("#")]
    assert "كروزو" not in names and "سيريبراس" not in names and "WSE-3" not in names  # dev and test names
    assert {"إنفيديا", "سوفت بنك", "علي بابا", "نيكي", "تينسنت"} <= set(names)
    assert "وتينسنت" not in names  # the clitic-free form replaces the glued one
    assert "الأمل" not in names  # used more often as a plain word than as a name
    assert "إكس" not in names  # an ambiguous common word
    assert {"Blackwell", "روبن"} <= set(chip)
    assert [n for n in company if not n.startswith("#")] == sorted(n for n in company if not n.startswith("#"))
    assert not list(gazetteer_dir.glob("*.tmp"))


def test_build_gazetteers_command(corpus, tmp_path, capsys):
    from arabic_ie.cli import main

    assert main(["build-gazetteers", "--train", str(corpus / "train.jsonl"), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "company.txt").is_file() and (tmp_path / "chip.txt").is_file()
    assert main(["build-gazetteers", "--train", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path)]) == 1
