import json
from pathlib import Path

import pytest

from arabic_ie.inference.problems import InputError
from tests.conftest import write_source
from arabic_ie.training.corpus import assign_splits, build_corpus, load_sources, parse_sentence

REPO = Path(__file__).resolve().parents[1]


def test_markup_becomes_text_and_word_spans():
    sentence, problems = parse_sentence("اشترت [وتينسنت](COMPANY) رقائق [H20](CHIP) .", "f.md", 3)
    assert not problems
    assert sentence.text == "اشترت وتينسنت رقائق H20 ."
    assert [(sentence.text[s.start:s.end], s.label) for s in sentence.spans] == [("وتينسنت", "COMPANY"), ("H20", "CHIP")]


def test_markup_problems_name_file_and_line():
    _, problems = parse_sentence("و[تينسنت](COMPANY) [“H20”](CHIP) [x](FIRM) [y", "f.md", 9)
    messages = [str(p) for p in problems]
    assert all(m.startswith("f.md:9") for m in messages)
    assert any("word boundaries" in m for m in messages)
    assert any("punctuation" in m for m in messages)
    assert any("unknown label 'FIRM'" in m for m in messages)
    assert any("stray markup" in m for m in messages)


def test_span_inside_a_word_is_widened():
    sentence, _ = parse_sentence("و[تينسنت](COMPANY) تشتري", "f.md", 1)
    assert sentence.text[sentence.spans[0].start:sentence.spans[0].end] == "وتينسنت"


def test_build_writes_splits_and_keeps_unseen_documents_in_test(tmp_path):
    docs = {f"doc-{i}": [f"عنوان [شركة{i}](COMPANY) رقم {i}", f"جملة عن [رقاقة{i}](CHIP) في [عام 20{i:02d}](PERIOD) ."] for i in range(20)}
    write_source(tmp_path / "a.md", docs)
    (tmp_path / "b.md").write_text("## new-thing unseen\nعنوان عن [سوفغو](COMPANY)\nجملة عن [SG2380](CHIP) .\n", encoding="utf-8")
    counts = build_corpus(tmp_path, tmp_path / "out")
    assert sum(counts.values()) == 42
    test = [json.loads(line) for line in (tmp_path / "out" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in test if r.get("unseen")} == {"new-thing"}
    split = assign_splits(load_sources([tmp_path / "a.md", tmp_path / "b.md"])[0])
    assert sum(v == "dev" for v in split.values()) == 2 and sum(v == "test" for v in split.values()) == 4


def test_build_refuses_an_unseen_document_that_leaks_a_train_name(tmp_path):
    write_source(tmp_path / "a.md", {f"doc-{i}": [f"عنوان {i}", f"اشترت [إنفيديا](COMPANY) شيئا رقم {i} ."] for i in range(10)})
    (tmp_path / "b.md").write_text("## leak unseen\nعنوان آخر\nقالت [وإنفيديا](COMPANY) ذلك .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_corpus(tmp_path, tmp_path / "out")
    assert "unseen document mentions a COMPANY" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_repeated_sentences_and_ids_are_refused(tmp_path):
    write_source(tmp_path / "a.md", {"one": ["عنوان", "جملة مكررة ."], "two": ["عنوان ثان", "جملة مكررة ."]})
    (tmp_path / "b.md").write_text("## one\nعنوان ثالث\nجملة ما .\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        build_corpus(tmp_path, tmp_path / "out")
    text = str(err.value)
    assert "sentence repeated" in text and "duplicate document id" in text


def test_shipped_corpus_is_built_from_the_sources(tmp_path):
    """data/corpus/*.jsonl is exactly what the sources build (no hand edits, no stale files)."""
    build_corpus(REPO / "data" / "source", tmp_path)
    for name in ("train", "dev", "test"):
        assert (tmp_path / f"{name}.jsonl").read_text(encoding="utf-8") == \
            (REPO / "data" / "corpus" / f"{name}.jsonl").read_text(encoding="utf-8"), name
