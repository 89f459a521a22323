import json

from arabic_ie.cli import main
from arabic_ie.training.gold import validate_files


def test_silver_from_rules_is_valid_gold_format(tmp_path, capsys):
    source = tmp_path / "feed.txt"
    source.write_text(
        "أعلنت شركة إنفيديا أنها باعت رقائق H20 بقيمة 4.6 مليار دولار في الربع الثاني من 2025. وقالت إن الطلب قوي.\n"
        "ارتفع السهم 5% يوم الخميس.\n", encoding="utf-8")
    out = tmp_path / "silver.jsonl"
    assert main(["silver", str(source), "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(r["source"] == "silver" for r in rows)
    assert len(rows) == 3  # three sentences
    first = rows[0]
    labels = {first["text"][e["start"]:e["end"]]: e["label"] for e in first["entities"]}
    assert labels["4.6 مليار دولار"] == "AMOUNT" and labels["H20"] == "CHIP"
    assert validate_files([out]) == []
    assert main(["silver", str(source), "-o", str(out), "--min-entities", "1"]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
