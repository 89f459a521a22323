"""`arabic-ie tag --engine ray`: two actors on a local Ray instance give, line for line, what local tagging gives."""

import json

import pytest

ray = pytest.importorskip("ray", reason='needs the ray extra: pip install -e ".[ray]"')


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def test_ray_engine_writes_what_the_local_engine_writes(tmp_path, overfit_run, local_ray):
    from arabic_ie.cli import main
    from tests.conftest import marked_records

    texts = [r["text"] for r in marked_records()]
    source = tmp_path / "news.jsonl"
    rows = [{"id": f"doc-{n}", "text": texts[n % len(texts)] + f" ({n})"} for n in range(240)]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines.insert(7, "{not json")  # a bad record is reported with its line and does not stop the job
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    local, sharded = tmp_path / "local.jsonl", tmp_path / "ray"
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(local)]) == 0
    assert main(["tag", "--model", str(overfit_run), str(source), "-o", str(sharded), "--engine", "ray",
                 "--workers", "2", "--batch-size", "8"]) == 0
    shards = sorted(sharded.glob("part-*.jsonl"))
    assert shards and not sharded.with_name("ray.tmp").exists()
    merged = "".join(p.read_text(encoding="utf-8") for p in shards)
    assert merged == local.read_text(encoding="utf-8")
    assert len(merged.splitlines()) == 240


def test_ray_engine_needs_an_output_directory(overfit_run, tmp_path, capsys):
    from arabic_ie.cli import main

    source = tmp_path / "a.txt"
    source.write_text("نص\n", encoding="utf-8")
    assert main(["tag", "--model", str(overfit_run), str(source), "--engine", "ray"]) == 1
    assert "give -o DIR" in capsys.readouterr().err
