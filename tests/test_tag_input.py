"""`arabic-ie tag` and the Tagger API on bad input: clear errors with file and line, no lost work."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from arabic_ie.inference.rules import RuleTagger
from tests.conftest import REPO, marked_records
from arabic_ie.cli import main
from arabic_ie.training.files import atomic_open


def _jsonl(*rows) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def test_output_equal_to_an_input_is_refused(overfit_run, tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(_jsonl({"text": marked_records()[0]["text"]}) + "{broken\n", encoding="utf-8")
    before = source.read_bytes()
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(source)]) == 1
    assert "the output file is also an input" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_bom_keeps_the_first_record_and_bad_lines_are_named(overfit_run, tmp_path, capsys):
    text = marked_records()[1]["text"]
    source = tmp_path / "in.jsonl"
    good = _jsonl({"text": text, "n": 1}).encode("utf-8")
    bad_bytes = b'{"text": "\xff\xfe broken"}\n'
    surrogate = b'{"text": "a \\ud800 b"}\n'
    source.write_bytes(b"\xef\xbb\xbf" + good + bad_bytes + surrogate + _jsonl({"text": text, "n": 4}).encode("utf-8"))
    out = tmp_path / "out.jsonl"
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert f"{source}:2: not UTF-8 text" in err and f"{source}:3: the text holds a lone surrogate" in err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["n"] for r in rows] == [1, 4] and rows[0]["entities"]


def test_non_utf8_bytes_on_stdin_are_reported_and_never_reach_the_output(gazetteer_dir, monkeypatch, capsys):
    import arabic_ie.inference.rules

    monkeypatch.setattr(arabic_ie.inference.rules, "GAZETTEER_DIR", gazetteer_dir)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("اشترت تينسنت رقائق\n".encode() + b"bad \xff line\n")))
    assert main(["tag", "--model", "rules", "-"]) == 0
    captured = capsys.readouterr()
    assert "<stdin>:2: not UTF-8 text" in captured.err
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["line"] for r in rows] == [1]


def test_a_non_utf8_text_file_names_its_line(overfit_run, tmp_path, capsys):
    source = tmp_path / "doc.txt"
    source.write_bytes("سطر أول\nسطر ثان\n".encode() + b"\xc3\x28\n")
    assert main(["tag", "--model", str(overfit_run), str(source)]) == 1
    assert f"{source}:3: not UTF-8 text" in capsys.readouterr().err


@pytest.mark.parametrize("size", ["0", "-1", "two"])
@pytest.mark.parametrize("command", ["tag", "evaluate"])
def test_batch_size_must_be_positive(overfit_run, gold_file, command, size, capsys):
    extra = [str(gold_file)] if command == "tag" else ["--data", str(gold_file)]
    with pytest.raises(SystemExit) as exit_:
        main([command, "--model", str(overfit_run), "--batch-size", size] + extra)
    assert exit_.value.code == 2 and "--batch-size" in capsys.readouterr().err


@pytest.fixture(scope="module")
def gazetteer_dir(tmp_path_factory):
    from arabic_ie.training.gazetteers import build_gazetteers

    gold = tmp_path_factory.mktemp("gold") / "train.jsonl"
    gold.write_text(_jsonl(*marked_records()), encoding="utf-8")
    out = tmp_path_factory.mktemp("gazetteers")
    build_gazetteers(gold, out)
    return out


def test_the_api_refuses_a_string_a_non_string_item_and_a_bad_batch_size(gazetteer_dir):
    tagger = RuleTagger(gazetteer_dir)
    with pytest.raises(TypeError, match="not one string"):
        tagger.tag("اشترت تينسنت رقائق")
    with pytest.raises(TypeError, match="text 1 is a int"):
        tagger.tag(["نص", 3])
    for size in (0, -1, 2.5):
        with pytest.raises(ValueError, match="batch_size must be a positive integer"):
            tagger.tag(["نص"], batch_size=size)


def test_the_model_tagger_refuses_the_same(overfit_run):
    from arabic_ie.inference.tagger import Tagger

    tagger = Tagger.from_pretrained(overfit_run, dtype="float32")
    with pytest.raises(TypeError):
        tagger.tag("نص")
    with pytest.raises(ValueError):
        tagger.tag(["نص"], batch_size=0)


def test_two_writers_of_one_path_never_share_a_temporary_file(tmp_path):
    target = tmp_path / "out.jsonl"
    with atomic_open(target) as first, atomic_open(target) as second:
        first.write("one\n")
        second.write("two\n")
        assert len(list(tmp_path.iterdir())) == 2
    assert target.read_text() == "one\n"  # the last to finish wins, whole
    assert list(tmp_path.iterdir()) == [target]
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_sigterm_leaves_no_temporary_file(tmp_path):
    script = textwrap.dedent(f"""
        import os, signal
        from arabic_ie.cli import _exit_on_sigterm
        from arabic_ie.training.files import atomic_open
        _exit_on_sigterm()
        with atomic_open({str(tmp_path / 'out.jsonl')!r}) as f:
            f.write("partial")
            os.kill(os.getpid(), signal.SIGTERM)
            f.write("never")
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert list(tmp_path.iterdir()) == []


def test_validate_with_nothing_to_check_fails(tmp_path, monkeypatch, capsys):
    import arabic_ie.cli

    monkeypatch.setattr(arabic_ie.cli, "DATA", tmp_path)
    assert main(["validate"]) == 1
    assert "nothing to validate" in capsys.readouterr().err
