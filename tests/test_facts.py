"""Money facts: the authoring lines, the rule linker, the extractor API, scoring and the CLI."""

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from arabic_ie import RuleTagger
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.facts import Fact
from arabic_ie.inference.linker import link_facts
from arabic_ie.training.corpus import parse_source, records
from arabic_ie.training.fact_eval import score_facts

DOC = """## t-alibaba
[علي بابا](COMPANY) ترفع إنفاقها على الذكاء الاصطناعي
أعلنت مجموعة [علي بابا](COMPANY) أنها ستنفق [380 مليار يوان](AMOUNT) خلال [السنوات الثلاث المقبلة](PERIOD) على رقائق [H20](CHIP).
> investment planned | 380 مليار يوان | علي بابا | السنوات الثلاث المقبلة | H20
وقالت الشركة إن إيراداتها بلغت [5 مليارات دولار](AMOUNT) بينما بلغ حجم السوق [50 مليار دولار](AMOUNT).
> revenue done | 5 مليارات دولار | علي بابا | - | -
> other reported | 50 مليار دولار | - | -
"""


def _parse(tmp_path, text):
    path = tmp_path / "x.md"
    path.write_text(text, encoding="utf-8")
    return parse_source(path)


def test_fact_lines_become_record_facts_with_references_to_earlier_sentences(tmp_path):
    docs, problems = _parse(tmp_path, DOC)
    assert problems == []
    rows = records(docs, {"t-alibaba": "train"})["train"]
    assert rows[0]["facts"] == []
    first = rows[1]["facts"][0]
    assert first["type"] == "investment" and first["modality"] == "planned"
    assert rows[1]["text"][first["amount"]["start"]:first["amount"]["end"]] == "380 مليار يوان"
    assert [c["id"] for c in first["chips"]] == ["t-alibaba-01"]
    revenue, market = rows[2]["facts"]
    assert revenue["company"]["id"] == "t-alibaba-01"  # «الشركة»: the company named a sentence before
    assert revenue["period"] is None and market["company"] is None and market["type"] == "other"


@pytest.mark.parametrize("line, message", [
    ("> revenu done | 5 مليارات دولار | علي بابا | - | -", "the first field is TYPE MODALITY"),
    ("> revenue done | 6 مليارات دولار | علي بابا | - | -", "no AMOUNT of the sentence above"),
    ("> revenue done | 5 مليارات دولار | تينسنت | - | -", "no COMPANY written like this"),
    ("> revenue done | 5 مليارات دولار", "a fact line is"),
])
def test_a_bad_fact_line_is_reported_with_its_file_and_line(tmp_path, line, message):
    text = DOC.replace("> revenue done | 5 مليارات دولار | علي بابا | - | -", line)
    _, problems = _parse(tmp_path, text)
    assert any(message in p.message and p.line == 6 and p.path.endswith("x.md") for p in problems), problems


def test_every_amount_of_a_document_with_facts_needs_a_fact_line(tmp_path):
    _, problems = _parse(tmp_path, DOC.replace("> other reported | 50 مليار دولار | - | -\n", ""))
    assert [(p.line, p.text) for p in problems if "has no fact line" in p.message] == [(5, "50 مليار دولار")]


def test_a_company_further_back_than_the_look_back_is_not_found(tmp_path):
    filler = "".join(f"وقال المتحدث إن العمل مستمر في المرحلة رقم {n}.\n" for n in range(7))
    text = DOC.replace("وقالت الشركة", filler + "وقالت الشركة").replace(
        "> revenue done | 5 مليارات دولار | علي بابا | - | -", "> revenue done | 5 مليارات دولار | علي بابا | - | -")
    _, problems = _parse(tmp_path, text)
    assert any("no COMPANY written like this in the sentence above or the 6 before it" in p.message for p in problems)


TEXT = ("علي بابا ترفع إنفاقها\n"
        "أعلنت مجموعة علي بابا أنها ستنفق 380 مليار يوان خلال السنوات الثلاث المقبلة على رقائق H20.\n"
        "وقالت الشركة إن إيراداتها بلغت 5 مليارات دولار في الربع الثالث.\n"
        "وجمعت شركة بايدو مليار دولار في جولة تمويل قادتها تينسنت.\n"
        "وقدر محللون القيمة السوقية لشركة إنفيديا بنحو 4 تريليونات دولار.")


def test_the_rule_linker_finds_type_modality_company_period_and_chips():
    facts = RuleTagger().extract([TEXT])[0].facts
    got = [(f.type, f.modality, f.amount.text, f.company and f.company.text, f.period and f.period.text,
            [c.text for c in f.chips]) for f in facts]
    assert got[0] == ("investment", "planned", "380 مليار يوان", "علي بابا", "السنوات الثلاث المقبلة", ["H20"])
    assert got[1][:5] == ("revenue", "done", "5 مليارات دولار", "علي بابا", "الربع الثالث")  # from a sentence before
    assert got[2][:4] == ("funding", "done", "مليار دولار", "بايدو")  # the raiser, not its investor
    assert got[3][:2] == ("valuation", "reported") and got[3][3] == "إنفيديا"


def test_extract_takes_a_list_and_gives_entities_and_facts_per_text():
    tagger = RuleTagger()
    with pytest.raises(TypeError, match="not one string"):
        tagger.extract(TEXT)
    out = tagger.extract([TEXT, "لا شيء هنا"])
    assert len(out) == 2 and out[1].facts == [] and out[1].entities == []
    assert json.loads(json.dumps(out[0].to_dict(), ensure_ascii=False))["facts"][0]["amount"]["value"]["currency"] == "CNY"


def _fact(text, amount, company=None, fact_type="revenue"):
    def entity(label, surface):
        start = text.index(surface)
        return Entity.from_span(label, text, start, start + len(surface), 1.0)
    return Fact(entity("AMOUNT", amount), fact_type, "done", company and entity("COMPANY", company))


def test_facts_are_scored_by_canonical_name_not_by_surface():
    text = "بلغت إيرادات إنفيديا (Nvidia) 30 مليار دولار"
    gold = [[_fact(text, "30 مليار دولار", "إنفيديا")]]
    assert score_facts(gold, [[_fact(text, "30 مليار دولار", "Nvidia")]])["f1"] == 1.0
    wrong_type = score_facts(gold, [[_fact(text, "30 مليار دولار", "Nvidia", "deal")]])
    assert wrong_type["f1"] == 0.0 and wrong_type["slot_accuracy"]["type"] == 0.0
    assert wrong_type["slot_accuracy"]["company"] == 1.0
    assert score_facts(gold, [[]])["recall"] == 0.0


def _rule_facts(text):
    """The rule linker's facts of ``text`` over the rule tagger's entities."""
    return link_facts(text, RuleTagger().tag([text])[0])


def _linked(text):
    """(amount, type, company) of each rule fact of ``text``."""
    return [(f.amount.text, f.type, f.company and f.company.text) for f in _rule_facts(text)]


def test_an_other_amount_and_an_ownerless_revenue_have_no_company():
    # a price is nobody's fact, even with a company in the sentence
    assert _linked("قالت إنفيديا إن سعر الشريحة يبلغ 30 ألف دولار .") == [("30 ألف دولار", "other", None)]
    # a revenue with no company within reach is a sector figure: other
    assert _linked("وبلغت عائدات قطاع التمور 315 مليون دينار .") == [("315 مليون دينار", "other", None)]
    assert _linked("وبلغت عائدات أوريدو 315 مليون دينار .")[0][1:] == ("revenue", "أوريدو")


def test_a_round_is_the_raisers_and_a_sale_the_buyers():
    assert _linked("شاركت إنفيديا في جولة أنثروبيك التي بلغت 13 مليار دولار .")[0][1:] == ("funding", "أنثروبيك")
    assert _linked("وباعت مارفل وحدتها إلى إنفينيون مقابل 2.5 مليار دولار .")[0][1:] == ("deal", "إنفينيون")


def test_backers_partners_and_objects_are_not_the_company_of_the_money():
    # the round's lead investor is not its raiser: the company the money goes into is
    assert _linked("قادت إنفيديا جولة بملياري دولار في ريفليكشن .")[0][1:] == ("funding", "ريفليكشن")
    # with no subject before the amount, the document's company comes before an object after it
    doc = "أعلنت أوراكل نتائجها .\nوسجلت الشركة إيرادات بلغت 5 مليارات دولار من عقود مع أوبن إيه آي ."
    assert _linked(doc)[0][1:] == ("revenue", "أوراكل")
    # a relative clause's money is its antecedent's
    doc = "وتنافس ديل في هذه السوق سوبر مايكرو، التي تتوقع إيرادات بقيمة 36 مليار دولار ."
    assert _linked(doc)[0][1:] == ("revenue", "سوبر مايكرو")
    # a partner named after «مع» is not the subject
    doc = "أعلنت هيوماين خطتها .\nووقعت مع إيه إم دي اتفاقا بقيمة 10 مليارات دولار ."
    assert _linked(doc)[0][1:] == ("deal", "هيوماين")


def test_cue_words_of_orders_valuations_loans_and_trade():
    def kind(text):
        return [f.type for f in _rule_facts(text)]

    assert kind("وبلغت الطلبيات المتراكمة لدى ديل 55 مليار دولار .") == ["revenue"]  # orders booked: revenue
    assert kind("وكانت الصفقة تقيّم إنتل بنحو 116 مليار دولار .") == ["valuation"]
    # a loan to a state keeps its type with no company; a country's imports are other
    assert kind("وافق صندوق النقد الدولي على إقراض تونس 2.8 مليار دولار .") == ["funding"]
    assert kind("وبلغت قيمة الواردات الغذائية 798 مليون دينار .") == ["other"]
    # a headline's present tense announces a plan
    text = "هونر تخصص 10 مليارات دولار للذكاء الاصطناعي"
    assert [f.modality for f in _rule_facts(text)] == ["planned"]


def test_a_run_of_statistics_continues_its_period_and_media_own_no_money():
    def owner_and_period(text):
        return [(f.amount.text, f.company and f.company.text, f.period and f.period.text)
                for f in _rule_facts(text)]

    text = ("بلغت قيمة الصادرات 500 مليون دينار خلال الأشهر السبعة الأولى من 2016 .\n"
            "وبلغت قيمة الواردات 700 مليون دينار .")
    assert owner_and_period(text)[1] == ("700 مليون دينار", None, "الأشهر السبعة الأولى من 2016")
    # a sentence of its own subject does not continue the one before
    text = "بلغت قيمة الصادرات 500 مليون دينار خلال 2016 .\nوبلغت إيرادات أوريدو 700 مليون دينار ."
    assert owner_and_period(text)[1][2] is None
    # a radio station or an agency, with a proclitic on its name, reports the figure: it does not raise it
    assert owner_and_period("وقال لوكالة تونس أفريقيا للأنباء إن الشركة جمعت 5 ملايين دينار .")[0][1] is None
    assert owner_and_period("وأفاد مراسل الجوهرة أف أم بأن الشركة جمعت 5 ملايين دينار .")[0][1] is None


def test_linking_gold_entities_of_no_amount_gives_no_fact():
    text = "أعلنت إنفيديا عن رقائق H20"
    entities = RuleTagger().tag([text])[0]
    assert link_facts(text, entities) == []


def test_tag_writes_facts_as_jsonl_and_csv(tmp_path):
    source = tmp_path / "doc.txt"
    source.write_text(TEXT, encoding="utf-8")
    run = [sys.executable, "-m", "arabic_ie.cli", "tag", "--model", "rules", str(source)]
    lines = subprocess.run(run + ["--facts"], check=True, capture_output=True, text=True).stdout
    doc = json.loads(lines)
    assert len(doc["facts"]) == 4 and doc["facts"][0]["company"]["value"] == {"name": "Alibaba"}
    table = subprocess.run(run + ["--format", "facts-csv"], check=True, capture_output=True, text=True).stdout
    rows = list(csv.DictReader(io.StringIO(table)))
    assert [r["type"] for r in rows] == [f["type"] for f in doc["facts"]]
    assert rows[0]["value"] == "380000000000" and rows[0]["currency"] == "CNY" and rows[0]["chips"] == "H20"
    assert Path(source).read_text(encoding="utf-8") == TEXT


LINKER_DOCS = """## l-alibaba
[علي بابا](COMPANY) ترفع إنفاقها
أعلنت [علي بابا](COMPANY) أنها ستنفق [380 مليار يوان](AMOUNT) خلال [السنوات الثلاث المقبلة](PERIOD).
> investment planned | 380 مليار يوان | علي بابا | السنوات الثلاث المقبلة | -
وقالت الشركة إن إيراداتها بلغت [5 مليارات دولار](AMOUNT) في [الربع الثالث](PERIOD).
> revenue done | 5 مليارات دولار | علي بابا | الربع الثالث | -

## l-moonshot
[مون شوت](COMPANY) تجمع [مليار دولار](AMOUNT) من [تينسنت](COMPANY)
> funding done | مليار دولار | مون شوت | - | -
وقدرت مصادر قيمة [مون شوت](COMPANY) بنحو [4 مليارات دولار](AMOUNT) في [2025](PERIOD).
> valuation reported | 4 مليارات دولار | مون شوت | 2025 | -
"""


def test_the_learned_linker_trains_saves_reloads_and_links(tmp_path):
    """Fits a handful of facts on a tiny encoder: the loop, the candidates, saving and loading work."""
    from arabic_ie.inference.learned_linker import LearnedLinker
    from arabic_ie.training.fact_eval import fact_documents
    from arabic_ie.training.gold import load_records
    from arabic_ie.training.linker_train import LinkerConfig, train_linker
    from arabic_ie.training.tiny import build_tiny_base

    docs, problems = _parse(tmp_path, LINKER_DOCS)
    assert problems == []
    gold = tmp_path / "facts.jsonl"
    rows = records(docs, {d.doc_id: "train" for d in docs})["train"]
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    base = build_tiny_base([r["text"] for r in rows], tmp_path / "tiny", vocab_size=300)
    out = tmp_path / "linker"
    best = train_linker(LinkerConfig(base_model=str(base), train_file=str(gold), dev_file=str(gold), max_length=64,
                                     batch_size=4, learning_rate=3e-3, epochs=25, train_layers=None, output_dir=str(out)))
    assert best["f1"] == 1.0
    linker = LearnedLinker.from_pretrained(out, device="cpu")
    document = fact_documents(load_records(gold))[0]
    facts = linker.link(document.text, document.entities)
    assert [(f.type, f.modality, f.company.text, f.period.text) for f in facts] == [
        ("investment", "planned", "علي بابا", "السنوات الثلاث المقبلة"), ("revenue", "done", "علي بابا", "الربع الثالث")]
    assert not (tmp_path / "linker.tmp").exists()
    # a linker saved by the first version (its pair head read the first token) is refused with advice
    import torch

    from arabic_ie.inference.tagger import ModelLoadError

    heads = torch.load(out / "heads.pt", weights_only=True)
    hidden = heads["pair"]["weight"].shape[-1] // 2
    heads["pair"] = {"weight": torch.zeros(1, hidden), "bias": torch.zeros(1)}
    torch.save(heads, out / "heads.pt")
    with pytest.raises(ModelLoadError, match="older version.*train-linker"):
        LearnedLinker.from_pretrained(out, device="cpu")


def test_a_bad_linker_config_names_the_file_and_key(tmp_path):
    from arabic_ie.training.config import ConfigError
    from arabic_ie.training.linker_train import load_linker_config

    path = tmp_path / "linker.yaml"
    path.write_text("epochs: three\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="linker.yaml: epochs"):
        load_linker_config(path)
    path.write_text("epoch: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key"):
        load_linker_config(path)
    from tests.conftest import REPO

    assert load_linker_config(REPO / "configs" / "linker-e5-small.yaml").train_layers == 4
