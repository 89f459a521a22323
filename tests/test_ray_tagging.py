"""`arabic-ie tag --engine ray`: two actors on a local Ray instance give, line for line, what local tagging gives."""

import pytest

ray = pytest.importorskip("ray", reason='needs the ray extra: pip install -e ".[ray]"')


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield
    ray.shutdown()


def test_ray_engine_writes_what_the_local_engine_writes(tmp_path, overfit_run, local_ray):
    """The sample article, the test split and a file with a bad record: the same lines either way."""
    from arabic_ie.cli import main
    from tests.conftest import REPO

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "نص أول"}\n{not json\n{"id": "b", "text": "نص ثان"}\n', encoding="utf-8")
    inputs = [str(REPO / "data" / "samples" / "news.txt"), str(REPO / "data" / "corpus" / "test.jsonl"), str(bad)]
    local, sharded = tmp_path / "local.jsonl", tmp_path / "ray"
    assert main(["tag", "--model", str(overfit_run), *inputs, "-o", str(local)]) == 0
    assert main(["tag", "--model", str(overfit_run), *inputs, "-o", str(sharded), "--engine", "ray",
                 "--workers", "2"]) == 0  # the bad record is reported with its line; the job goes on
    shards = sorted(sharded.glob("part-*.jsonl"))
    assert shards and not sharded.with_name("ray.tmp").exists()
    merged = "".join(p.read_text(encoding="utf-8") for p in shards)
    assert merged == local.read_text(encoding="utf-8")
    assert len(merged.splitlines()) == 1 + 1251 + 2


def test_ray_engine_needs_an_output_directory(overfit_run, tmp_path, capsys):
    from arabic_ie.cli import main

    source = tmp_path / "a.txt"
    source.write_text("نص\n", encoding="utf-8")
    assert main(["tag", "--model", str(overfit_run), str(source), "--engine", "ray"]) == 1
    assert "give -o DIR" in capsys.readouterr().err
