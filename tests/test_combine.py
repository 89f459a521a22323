"""Checking a model's company names against the rules (``rule_names`` / ``--names checked``)."""

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
