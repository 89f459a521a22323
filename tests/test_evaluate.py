from arabic_ie.inference.labels import Span
from arabic_ie.training.evaluate import confusion, find_errors, score_predictions, seqeval_scores
from arabic_ie.training.gold import Record

TEXT = "اشترت تينسنت رقائق H20 بقيمة 2.5 مليار دولار في عام 2024"
GOLD = Record("r1", TEXT, [Span(6, 12, "COMPANY"), Span(19, 22, "CHIP"), Span(29, 44, "AMOUNT"), Span(48, 56, "PERIOD")],
              "mem", 1, {"unseen": True})


def test_perfect_prediction_scores_one():
    scores = score_predictions([GOLD], [GOLD.tags])
    assert scores["micro"]["f1"] == 1.0 and scores["unseen"]["micro"]["f1"] == 1.0
    assert "seen" not in scores  # every record is in the unseen slice
    assert scores["n_gold"] == scores["n_pred"] == 4


def test_each_error_kind_is_classified():
    # words: اشترت تينسنت رقائق H20 بقيمة 2.5 مليار دولار في عام 2024
    pred = ["O", "B-CHIP", "B-COMPANY", "B-CHIP", "O", "B-AMOUNT", "I-AMOUNT", "O", "O", "O", "B-PERIOD"]
    errors = find_errors([GOLD], [pred])
    assert [e["gold"] for e in errors["label"]] == ["تينسنت (COMPANY)"]
    assert [e["pred"] for e in errors["spurious"]] == ["رقائق (COMPANY)"]
    assert [(e["gold"], e["pred"]) for e in errors["boundary"]] == [
        ("2.5 مليار دولار (AMOUNT)", "2.5 مليار (AMOUNT)"), ("عام 2024 (PERIOD)", "2024 (PERIOD)")]
    assert errors["missed"] == [] and errors["label+boundary"] == []
    table = confusion([GOLD], [pred])
    assert table["COMPANY"]["CHIP"] == 1 and table["none"]["COMPANY"] == 1 and table["CHIP"]["CHIP"] == 1


def test_strict_mode_differs_on_invalid_bio():
    gold = [["B-CHIP", "I-CHIP", "O"]]
    pred = [["I-CHIP", "I-CHIP", "O"]]
    scores = seqeval_scores(gold, pred, strict=True)
    assert scores["micro"]["f1"] == 1.0 and scores["strict"]["micro"]["f1"] == 0.0
    assert "strict" not in seqeval_scores(gold, pred)


def test_seen_and_unseen_parts_are_scored_apart():
    seen = Record("r2", TEXT, GOLD.spans, "mem", 2, {})
    scores = score_predictions([GOLD, seen], [GOLD.tags, ["O"] * len(GOLD.tags)])
    assert scores["unseen"]["micro"]["f1"] == 1.0 and scores["seen"]["micro"]["f1"] == 0.0
    assert scores["unseen"]["n_gold"] == scores["seen"]["n_gold"] == 4
