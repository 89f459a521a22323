"""Shared fixtures: small gold files and a tiny base model built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# Eight sentences written for the tests (not in data/), covering every label.
SENTENCES = [
    ("أعلنت شركة [علي بابا](COMPANY) أنها ستنفق [380 مليار يوان](AMOUNT) خلال [السنوات الثلاث المقبلة](PERIOD) .", None),
    ("اشترت [تينسنت](COMPANY) رقائق [H20](CHIP) من [إنفيديا](COMPANY) في [الربع الثاني من 2024](PERIOD) .", None),
    ("وطلبت [بايدو](COMPANY) معالجات [كونلون بي800](CHIP) بقيمة [٢٫٥ مليار دولار](AMOUNT) .", None),
    ("قالت [هواوي](COMPANY) إن شريحة [أسند 910B](CHIP) ستشحن في [النصف الأول من 2025](PERIOD) .", None),
    ("ورفعت [مايكروسوفت](COMPANY) إنفاقها إلى [80 مليار دولار](AMOUNT) في [السنة المالية 2025](PERIOD) .", None),
    ("وباعت [إيه إم دي](COMPANY) رقائق [MI300X](CHIP) بأكثر من [5 مليارات دولار](AMOUNT) [العام الماضي](PERIOD) .", None),
    ("ونقلت [رويترز](COMPANY) أن [أرامكو](COMPANY) تدرس صفقة بقيمة [ملياري ريال](AMOUNT) .", None),
    ("وتتوقع [سامسونغ](COMPANY) نمو مبيعات ذاكرة HBM3E بنسبة 40% في [2026](PERIOD) .", None),
]


def write_source(path: Path, docs: dict[str, list[str]]) -> Path:
    """Write a ``data/source``-style file from doc id → marked-up lines."""
    lines = []
    for doc_id, sentences in docs.items():
        lines.append(f"## {doc_id}")
        lines.extend(sentences)
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def marked_records() -> list[dict]:
    """The test sentences as gold JSONL records."""
    from arabic_ie.training.corpus import parse_sentence

    rows = []
    for n, (markup, _) in enumerate(SENTENCES):
        sentence, problems = parse_sentence(markup, "conftest", n + 1)
        assert not problems, problems
        rows.append({"id": f"t-{n}", "text": sentence.text,
                     "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in sentence.spans]})
    return rows


@pytest.fixture(scope="session")
def gold_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("gold") / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in marked_records()), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory) -> Path:
    from arabic_ie.training.tiny import build_tiny_base

    texts = [r["text"] for r in marked_records()]
    return build_tiny_base(texts, tmp_path_factory.mktemp("base") / "tiny", vocab_size=400)


@pytest.fixture(scope="session")
def overfit_run(tmp_path_factory, tiny_base, gold_file) -> Path:
    """A tiny model trained until it fits the eight test sentences."""
    from arabic_ie.training.config import config_from_dict
    from arabic_ie.training.train import train

    out = tmp_path_factory.mktemp("runs") / "overfit"
    config = config_from_dict(overfit_config(tiny_base, gold_file, out))
    train(config)
    return out


@pytest.fixture()
def model_copy(overfit_run, tmp_path):
    """``model_copy(rule_amounts=True, ...)``: a copy of the overfit model with some of its saved settings
    changed, to try the tagger options that are model settings on a real model."""
    import shutil
    from dataclasses import replace

    from arabic_ie.inference.settings import SETTINGS_FILE, load_settings

    def make(**settings) -> Path:
        model = tmp_path / "model"
        shutil.copytree(overfit_run, model)
        (model / SETTINGS_FILE).write_text(replace(load_settings(model), **settings).to_json())
        return model
    return make


def overfit_config(base: Path, gold: Path, out: Path, **changes) -> dict:
    values = dict(base_model=str(base), train_file=str(gold), dev_file=str(gold), test_file=str(gold),
                  text_normalization="arabert", max_length=64, batch_size=4, learning_rate=3e-3, epochs=40,
                  warmup_ratio=0.0, early_stopping_patience=None, seed=7, output_dir=str(out))
    return values | changes
