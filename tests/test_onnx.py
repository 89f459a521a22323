"""The int8 ONNX export (`arabic-ie export-onnx`) and the Tagger's backend choice."""

import shutil

import pytest

from arabic_ie.inference.tagger import ModelLoadError, Tagger


@pytest.fixture(scope="module")
def exported(tmp_path_factory, overfit_run):
    from arabic_ie.inference.onnx_backend import ONNX_FILE, export_onnx

    model = tmp_path_factory.mktemp("onnx") / "model"
    shutil.copytree(overfit_run, model)
    assert export_onnx(model) == model / ONNX_FILE
    assert not [p for p in model.iterdir() if p.name.startswith("tmp") or p.suffix == ".tmp"]
    return model


def test_the_export_tags_like_the_torch_model(exported):
    from tests.conftest import marked_records

    texts = [r["text"] for r in marked_records()]
    onnx, plain = Tagger.from_pretrained(exported), Tagger.from_pretrained(exported, backend="torch")
    assert (onnx.backend, plain.backend) == ("onnx-int8", "torch")
    a = [(e.label, e.start, e.end) for entities in onnx.tag(texts) for e in entities]
    b = [(e.label, e.start, e.end) for entities in plain.tag(texts) for e in entities]
    assert len(set(a) & set(b)) >= 0.9 * len(b)  # int8 weights may move a borderline word, not the model


def test_backend_choice(exported, overfit_run):
    assert Tagger.from_pretrained(exported, dtype="float32").backend == "torch"  # scoring precision: torch
    assert Tagger.from_pretrained(overfit_run).backend == "torch"  # no export: torch
    with pytest.raises(ModelLoadError, match="export-onnx"):
        Tagger.from_pretrained(overfit_run, backend="onnx")
    with pytest.raises(ValueError, match="unknown backend"):
        Tagger.from_pretrained(exported, backend="tensorrt")
