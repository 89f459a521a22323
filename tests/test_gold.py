import json
import subprocess
import sys
from pathlib import Path

import pytest

from arabic_ie.inference.labels import TAGS
from arabic_ie.cli import main
from arabic_ie.training.gold import load_dataset_dict, load_records, to_conll, validate_files

REPO = Path(__file__).resolve().parents[1]
GOOD = {"id": "a", "text": "اشترت تينسنت رقائق H20", "entities": [{"start": 6, "end": 12, "label": "COMPANY"}]}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("line, message", [
    ('{"id": "x", "text": "abc"', "bad JSON"),
    ('["not", "an", "object"]', "JSON object"),
    ('{"id": "x", "entities": []}', "missing field 'text'"),
    ('{"id": "x", "text": "abc", "entities": [{"start": 0, "end": 9, "label": "CHIP"}]}', "outside the text"),
    ('{"id": "x", "text": "اشترت تينسنت", "entities": [{"start": 7, "end": 12, "label": "COMPANY"}]}', "not on word boundaries"),
    ('{"id": "x", "text": "اشترت تينسنت", "entities": [{"start": 6, "end": 12, "label": "ORG"}]}', "unknown label 'ORG'"),
    ('{"id": "x", "text": "اشترت تينسنت", "entities": [{"start": 0, "end": 12, "label": "COMPANY"}, {"start": 6, "end": 12, "label": "CHIP"}]}', "overlap"),
    ('{"id": "x", "text": "abc", "entities": [{"start": "0", "end": 3, "label": "CHIP"}]}', "integer"),
])
def test_each_problem_is_reported_with_file_and_line(tmp_path, line, message):
    path = write_lines(tmp_path / "bad.jsonl", [json.dumps(GOOD, ensure_ascii=False), line])
    problems = validate_files([path])
    assert problems, message
    assert str(problems[0]).startswith(f"{path}:2") and message in str(problems[0])


def test_duplicate_ids_and_sentences_across_splits(tmp_path):
    a = write_lines(tmp_path / "train.jsonl", [json.dumps(GOOD, ensure_ascii=False)])
    b = write_lines(tmp_path / "test.jsonl", [json.dumps(GOOD, ensure_ascii=False)])
    messages = [str(p) for p in validate_files([a, b])]
    assert any("duplicate id" in m for m in messages)
    assert any("same sentence" in m and str(a) in m for m in messages)


def test_shipped_data_validates(capsys):
    """Every JSONL file under data/ follows ANNOTATION.md, and no sentence is in two splits
    (data/realnews/ too where its text is here; the command says when it skips it)."""
    status = main(["validate"])
    out = capsys.readouterr().out
    assert status == 0, out[-3000:]
    assert "0 problem(s)" in out


def test_validate_command_fails_on_a_corrupted_copy(tmp_path, capsys):
    corpus = REPO / "data" / "corpus" / "dev.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[3])
    record["entities"][0]["start"] += 1
    lines[3] = json.dumps(record, ensure_ascii=False)
    bad = write_lines(tmp_path / "dev.jsonl", lines)
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4 [{record['id']}]" in out and "word boundaries" in out
    assert main(["validate", str(corpus)]) == 0


def test_validate_as_a_console_command(tmp_path):
    bad = write_lines(tmp_path / "x.jsonl", ["{oops"])
    done = subprocess.run([sys.executable, "-m", "arabic_ie.cli", "validate", str(bad)], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 1 and f"{bad}:1" in done.stdout and "Traceback" not in done.stderr


def test_dataset_dict_and_conll(gold_file):
    dataset = load_dataset_dict({"train": gold_file})
    features = dataset["train"].features
    assert features["ner_tags"].feature.names == list(TAGS)
    first = dataset["train"][1]
    names = [TAGS[i] for i in first["ner_tags"]]
    assert first["tokens"][1] == "تينسنت" and names[1] == "B-COMPANY"
    conll = to_conll(load_records(gold_file))
    assert conll.splitlines()[0].split("\t") == ["أعلنت", "O"]
    assert conll.count("\n\n") == len(load_records(gold_file)) - 1
