"""Combining the model with the rules: company names checked (``rule_names``), amounts from the rules (``rule_amounts``)."""

from __future__ import annotations

from arabic_ie.inference.combine import check_names
from arabic_ie.inference.entity import Entity
from arabic_ie.inference.settings import ModelSettings, load_settings


def entity(label: str, start: int, end: int, score: float = 1.0) -> Entity:
    return Entity(label, "x" * (end - start), start, end, score, None)


def test_unconfirmed_unconfident_companies_go_and_rule_names_come_in():
    model = [entity("COMPANY", 0, 5, 0.95), entity("COMPANY", 10, 15, 0.6), entity("COMPANY", 20, 25, 0.5),
             entity("AMOUNT", 30, 40, 0.3)]
    rules = [entity("COMPANY", 20, 25), entity("CHIP", 50, 54), entity("COMPANY", 12, 18), entity("PERIOD", 60, 70)]
    kept = [(e.label, e.start) for e in check_names(model, rules)]
    # confident (0) and confirmed (20) companies stay, the others go; other labels are the model's;
    # a rule name is added where the model found nothing (50), never over a model entity (12), and
    # the rules' amounts and periods are not taken
    assert kept == [("COMPANY", 0), ("COMPANY", 20), ("AMOUNT", 30), ("CHIP", 50)]


def test_the_setting_is_saved_with_the_model(tmp_path):
    (tmp_path / "arabic_ie.json").write_text(ModelSettings(rule_names=True).to_json())
    assert load_settings(tmp_path).rule_names is True
    assert load_settings(tmp_path / "elsewhere").rule_names is False


def test_rule_amounts_replace_the_models_and_never_overlap_its_other_entities():
    from arabic_ie.inference.combine import rule_spans

    model = [entity("COMPANY", 0, 5), entity("AMOUNT", 10, 15), entity("PERIOD", 30, 40)]
    rules = [entity("AMOUNT", 8, 20), entity("AMOUNT", 35, 45), entity("COMPANY", 50, 55), entity("AMOUNT", 60, 70)]
    got = [(e.label, e.start, e.end) for e in rule_spans(model, rules, ("AMOUNT",))]
    # the model's AMOUNT goes, the rules' come in unless they overlap a kept model entity (the PERIOD at 30)
    assert got == [("COMPANY", 0, 5), ("AMOUNT", 8, 20), ("PERIOD", 30, 40), ("AMOUNT", 60, 70)]


def test_rule_amounts_is_a_saved_setting_the_tagger_follows(tmp_path, model_copy):
    from arabic_ie.inference.tagger import Tagger

    (tmp_path / "arabic_ie.json").write_text(ModelSettings(rule_amounts=True).to_json())
    assert load_settings(tmp_path).rule_amounts is True and load_settings(tmp_path / "x").rule_amounts is False
    model = model_copy(rule_amounts=True)
    text = "قالت الشركة إنها أنفقت مليار ونصف المليار دولار"
    assert [e.text for e in Tagger.from_pretrained(model).tag([text])[0] if e.label == "AMOUNT"] == ["مليار ونصف المليار دولار"]
    assert Tagger.from_pretrained(model, rule_amounts=False).rules is None


def test_rule_edges_widen_a_model_entity_to_the_longer_rule_entity_around_it():
    from arabic_ie.inference.combine import rule_edges

    model = [entity("PERIOD", 20, 28), entity("COMPANY", 0, 10), entity("COMPANY", 40, 45), entity("PERIOD", 60, 64)]
    rules = [entity("PERIOD", 10, 28), entity("COMPANY", 0, 14), entity("COMPANY", 38, 50), entity("AMOUNT", 55, 70),
             entity("PERIOD", 60, 64)]
    got = [(e.label, e.start, e.end) for e in rule_edges(model, rules)]
    # the period and the first company take the rules' edges; the second company's wider rule span would
    # swallow nothing else either, so it widens too; a rule span of another label or of the same size changes nothing
    assert got == [("PERIOD", 10, 28), ("COMPANY", 0, 14), ("COMPANY", 38, 50), ("PERIOD", 60, 64)]
    # a rule span that would also cover another model entity is not taken
    assert rule_edges([entity("PERIOD", 20, 28), entity("AMOUNT", 5, 12)], [entity("PERIOD", 0, 28)])[0].start == 20


def test_the_tagger_widens_a_period_to_the_anaphoric_phrase_the_grammar_reads(model_copy):
    from arabic_ie.inference.tagger import Tagger

    model = model_copy(rule_edges=True)
    text = "وتراجعت الصادرات مقارنة بنفس الفترة من العام الماضي ."
    widened = [e.text for e in Tagger.from_pretrained(model).tag([text])[0] if e.label == "PERIOD"]
    plain = [e.text for e in Tagger.from_pretrained(model, rule_edges=False).tag([text])[0] if e.label == "PERIOD"]
    assert plain == ["العام الماضي"]  # the model knows «العام الماضي» from its training sentences
    assert widened == ["بنفس الفترة من العام الماضي"]
