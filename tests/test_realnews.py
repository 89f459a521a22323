"""The real-news yardstick: labels without text, joined at run time, refused when the text changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from arabic_ie.training import realnews
from arabic_ie.cli import main
from arabic_ie.training.gold import load_records, read_records, validate_files

TEXTS = {  # written for the tests, in the shape of ../shared/realtext/news.jsonl
    "doc-a-1": "أعلنت شركة \"أوريدو\" أنها ستستثمر 20 مليون دينار في جانفي 2027 .",
    "doc-a-2": "وقال وزير الاتصالات إن الشبكة ستغطي كل الولايات .",
    "doc-b-1": "ذكرت وكالة رويترز أن الطلب تراجع أمس .",
}


@pytest.fixture()
def realtext(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"id": i, "source": "test", "section": "economy", "doc": i.rsplit("-", 1)[0],
                                        "text": t}, ensure_ascii=False) + "\n" for i, t in TEXTS.items()), encoding="utf-8")
    monkeypatch.setenv(realnews.TEXT_ENV, str(path))
    realnews._texts.cache_clear()
    yield path
    realnews._texts.cache_clear()


def markup_file(tmp_path: Path) -> Path:
    path = tmp_path / "batch.md"
    path.write_text("## doc-a\n"
                    "doc-a-1\tأعلنت شركة \"[أوريدو](COMPANY)\" أنها ستستثمر [20 مليون دينار](AMOUNT) في [جانفي 2027](PERIOD) .\n"
                    "> investment planned | 20 مليون دينار | أوريدو | جانفي 2027 | -\n"
                    "doc-a-2\tوقال وزير الاتصالات إن الشبكة ستغطي كل الولايات .\n\n"
                    "## doc-b\n"
                    "doc-b-1\tذكرت وكالة [رويترز](COMPANY) أن الطلب تراجع [أمس](PERIOD) .\n", encoding="utf-8")
    return path


def test_build_stores_no_text_and_join_puts_it_back(tmp_path, realtext):
    out = tmp_path / "realnews"
    counts = realnews.build([markup_file(tmp_path)], out)
    assert sum(counts.values()) == 3
    stored = "".join((out / f"{name}.jsonl").read_text(encoding="utf-8") for name in ("dev", "test"))
    assert "أوريدو" not in stored and "رويترز" not in stored and '"text"' not in stored
    records = [r for name in ("dev", "test") for r in load_records(out / f"{name}.jsonl")]
    by_id = {r.id: r for r in records}
    assert by_id["doc-a-1"].text == TEXTS["doc-a-1"]
    assert [by_id["doc-a-1"].text[s.start:s.end] for s in by_id["doc-a-1"].spans] == ["أوريدو", "20 مليون دينار", "جانفي 2027"]
    assert {r.extra["doc_id"] for r in records if r.id.startswith("doc-a")} == {"doc-a"}
    assert validate_files(list(out.glob("*.jsonl"))) == []


def test_a_changed_text_is_refused_by_its_hash(tmp_path, realtext):
    out = tmp_path / "realnews"
    realnews.build([markup_file(tmp_path)], out)
    changed = dict(TEXTS, **{"doc-b-1": TEXTS["doc-b-1"].replace("أمس", "اليوم")})
    realtext.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in changed.items()),
                        encoding="utf-8")
    realnews._texts.cache_clear()
    problems = [p for name in ("dev", "test") for p in read_records(out / f"{name}.jsonl")[1]]
    assert len(problems) == 1 and problems[0].record_id == "doc-b-1" and "another hash" in problems[0].message


def test_missing_text_gives_a_clear_error(tmp_path, realtext, monkeypatch, capsys):
    out = tmp_path / "realnews"
    realnews.build([markup_file(tmp_path)], out)
    monkeypatch.setenv(realnews.TEXT_ENV, str(tmp_path / "nowhere.jsonl"))
    realnews._texts.cache_clear()
    assert main(["evaluate", "--model", "rules", "--data", str(out / "test.jsonl")]) == 1
    err = capsys.readouterr().err
    assert "real-news text is not at" in err and "antcorpus" in err and "Traceback" not in err


def test_build_refuses_edited_text_and_incomplete_documents(tmp_path, realtext):
    edited = tmp_path / "edited.md"
    edited.write_text("## doc-b\ndoc-b-1\tذكرت وكالة [رويترز](COMPANY) أن الطلب تراجع كثيرا [أمس](PERIOD) .\n", encoding="utf-8")
    with pytest.raises(Exception, match="differs from the real sentence"):
        realnews.build([edited], tmp_path / "out")
    partial = tmp_path / "partial.md"
    partial.write_text("## doc-a\ndoc-a-2\tوقال وزير الاتصالات إن الشبكة ستغطي كل الولايات .\n", encoding="utf-8")
    with pytest.raises(Exception, match="incomplete"):
        realnews.build([partial], tmp_path / "out")


def test_facts_are_stored_as_offsets_and_joined_back(tmp_path, realtext):
    out = tmp_path / "realnews"
    realnews.build([markup_file(tmp_path)], out)
    records = {r.id: r for name in ("dev", "test") for r in load_records(out / f"{name}.jsonl")}
    fact = records["doc-a-1"].extra["facts"][0]
    assert (fact["type"], fact["modality"]) == ("investment", "planned")
    assert records["doc-a-1"].text[fact["company"]["start"]:fact["company"]["end"]] == "أوريدو"
    assert records["doc-a-2"].extra["facts"] == [] and "facts" not in records["doc-b-1"].extra
    bad = tmp_path / "bad.md"
    bad.write_text(markup_file(tmp_path).read_text(encoding="utf-8").replace("| أوريدو |", "| رويترز |"), encoding="utf-8")
    with pytest.raises(Exception, match="no COMPANY written like this"):
        realnews.build([bad], tmp_path / "out")


def test_markup_round_trip(tmp_path, realtext):
    out = tmp_path / "realnews"
    realnews.build([markup_file(tmp_path)], out)
    edit = tmp_path / "again.md"
    realnews.markup([out / "dev.jsonl", out / "test.jsonl"], edit)
    again = tmp_path / "again"
    realnews.build([edit], again)
    for name in ("dev", "test"):
        assert (again / f"{name}.jsonl").read_text(encoding="utf-8") == (out / f"{name}.jsonl").read_text(encoding="utf-8")


def test_shipped_yardstick_is_whole_documents_split_40_60():
    dev, test = (realnews.REALNEWS_DIR / "dev.jsonl"), (realnews.REALNEWS_DIR / "test.jsonl")
    rows = {name: [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] for name, path in
            (("dev", dev), ("test", test))}
    assert all("text" not in r and len(r["sha1"]) == 40 for rs in rows.values() for r in rs)
    assert not {r["doc_id"] for r in rows["dev"]} & {r["doc_id"] for r in rows["test"]}
    total = len(rows["dev"]) + len(rows["test"])
    assert total >= 700 and 0.35 <= len(rows["dev"]) / total <= 0.45
    for name in ("dev", "test"):
        assert {r["source"] for r in rows[name]} == {"antcorpus/antcorpus.data", "kdarwish/Farasa"}
    if realnews.text_available():
        assert validate_files([dev, test]) == []


def test_a_growing_yardstick_never_moves_a_document(tmp_path, realtext):
    out = tmp_path / "realnews"
    realnews.build([markup_file(tmp_path)], out)
    before = {name: {r.extra["doc_id"] for r in load_records(out / f"{name}.jsonl")} for name in ("dev", "test")}
    # move each document to the other split by hand: a rebuild must keep them where the files say
    swapped = {"dev": before["test"], "test": before["dev"]}
    for name, docs in swapped.items():
        rows = [json.loads(line) for other in ("dev", "test") for line in (out / f"{other}.jsonl").read_text(encoding="utf-8").splitlines()]
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows
                                                        if r["doc_id"] in docs), encoding="utf-8")
    for name in ("dev", "test"):
        (out / f"{name}.jsonl").write_text((tmp_path / f"{name}.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    realnews.build([markup_file(tmp_path)], out)
    after = {name: {r.extra["doc_id"] for r in load_records(out / f"{name}.jsonl")} for name in ("dev", "test")}
    assert after == swapped
    assert realnews.assign_splits({"x-1": {"doc_id": "x", "section": "economy"}}, {"doc-a": "dev"}) == {"x": "test"}
