"""The `arabic-ie` commands end to end: tag, evaluate, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
import torch

from tests.conftest import marked_records
from arabic_ie.cli import main


def test_tag_jsonl_keeps_fields_and_reports_bad_lines(overfit_run, tmp_path, capsys):
    records = marked_records()
    source = tmp_path / "in.jsonl"
    lines = [json.dumps({"text": records[0]["text"], "url": "u0"}, ensure_ascii=False), "{broken",
             json.dumps({"body": "no text field"}), json.dumps({"text": records[1]["text"], "url": "u1"}, ensure_ascii=False)]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}:2: bad JSON" in err and f"{source}:3: expected a JSON object" in err and "2 bad line(s)" in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["url"] for r in rows] == ["u0", "u1"]
    first = rows[0]
    assert [(e["start"], e["end"], e["label"]) for e in first["entities"]] == \
        [(e["start"], e["end"], e["label"]) for e in records[0]["entities"]]
    assert not list(tmp_path.glob("*.tmp"))


def test_tag_strict_stops_and_leaves_no_output(overfit_run, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text('{"text": "اشترت تينسنت رقائق"}\n{oops\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(out), "--strict"]) == 1
    assert f"{source}:2" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob("*.tmp"))


def test_tag_text_lines_as_csv_and_conll(overfit_run, tmp_path, capsys):
    records = marked_records()
    source = tmp_path / "news.txt"
    source.write_text("\n".join(r["text"] for r in records[:3]) + "\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["tag", "--model", str(overfit_run), str(source), "--lines", "--format", "csv", "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert {r["line"] for r in rows} == {"1", "2", "3"}
    assert sum(len(r["entities"]) for r in records[:3]) == len(rows)
    capsys.readouterr()
    assert main(["tag", "--model", str(overfit_run), str(source), "--format", "conll"]) == 0
    conll = capsys.readouterr().out
    assert "تينسنت\tB-COMPANY" in conll


def test_tag_missing_model_and_missing_file_fail_plainly(overfit_run, tmp_path, capsys):
    assert main(["tag", "--model", str(tmp_path / "nothing"), str(tmp_path / "x.txt")]) == 1
    assert "local directory" in capsys.readouterr().err
    assert main(["tag", "--model", str(overfit_run), str(tmp_path / "x.txt")]) == 1
    assert "x.txt:0: no such file" in capsys.readouterr().err


def test_evaluate_writes_json_and_markdown(overfit_run, gold_file, tmp_path, capsys):
    report, markdown = tmp_path / "r.json", tmp_path / "r.md"
    assert main(["evaluate", "--model", str(overfit_run), "--data", str(gold_file),
                 "--report", str(report), "--markdown", str(markdown)]) == 0
    scores = json.loads(report.read_text(encoding="utf-8"))
    assert scores["micro"]["f1"] == 1.0 and "strict" not in scores
    assert scores["n_gold"] == scores["n_pred"] == sum(len(r["entities"]) for r in marked_records())
    text = markdown.read_text(encoding="utf-8")
    assert "## missed (0)" in text and "| COMPANY |" in text


def test_evaluate_names_device_and_precision(overfit_run, gold_file, capsys):
    assert main(["evaluate", "--model", str(overfit_run), "--data", str(gold_file), "--device", "cpu",
                 "--dtype", "bfloat16"]) == 0
    assert f"{overfit_run} on cpu, bfloat16" in capsys.readouterr().out
    assert main(["evaluate", "--model", str(overfit_run), "--data", str(gold_file)]) == 0
    assert " float32\n" in capsys.readouterr().out  # the default: the same scores on every machine
    with pytest.raises(SystemExit):
        main(["evaluate", "--model", str(overfit_run), "--data", str(gold_file), "--dtype", "half"])
    assert main(["tag", "--model", str(overfit_run), str(gold_file), "--device", "gpu"]) == 1
    assert "unknown device 'gpu': use cpu, cuda or cuda:N" in capsys.readouterr().err
    if not torch.cuda.is_available():
        assert main(["tag", "--model", str(overfit_run), str(gold_file), "--device", "cuda"]) == 1
        assert "no usable CUDA GPU" in capsys.readouterr().err


def test_train_on_a_broken_gold_file_names_file_and_line(tmp_path, tiny_base, gold_file, capsys):
    broken = tmp_path / "train.jsonl"
    lines = gold_file.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace('"label": "COMPANY"', '"label": "ORG"', 1)
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = tmp_path / "c.yaml"
    config.write_text(f"base_model: {tiny_base}\ntrain_file: {broken}\ndev_file: {gold_file}\n"
                      f"output_dir: {tmp_path / 'out'}\n", encoding="utf-8")
    assert main(["train", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:3 [t-2]: entity 0: unknown label 'ORG'" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_validate_checks_authoring_files_as_one_writes(tmp_path, capsys):
    from tests.conftest import write_source

    good = write_source(tmp_path / "good.md", {"doc-1": ["[تينسنت](COMPANY) تشتري رقائق", "اشترت [تينسنت](COMPANY) رقائق [H20](CHIP) ."]})
    bad = write_source(tmp_path / "bad.md", {"doc-2": ["اشترت [تينسنت](COMPNY) رقائق ."]})
    assert main(["validate", str(good)]) == 0
    assert "1 source file(s) checked, 0 problem(s)" in capsys.readouterr().out
    assert main(["validate", str(bad)]) == 1
    assert f"{bad}:2" in capsys.readouterr().out


def test_names_checked_against_the_rules(overfit_run, gold_file, capsys):
    from arabic_ie.inference.tagger import Tagger

    assert Tagger.from_pretrained(overfit_run).rules is None  # as trained: rule_names false
    assert Tagger.from_pretrained(overfit_run, rule_names=True).rules is not None
    assert main(["evaluate", "--model", str(overfit_run), "--data", str(gold_file), "--names", "checked"]) == 0
    assert "micro" in capsys.readouterr().out
