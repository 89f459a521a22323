import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, marked_records, overfit_config
from training import train as train_module
from training.config import config_from_dict


def test_tiny_model_overfits_a_handful_of_sentences(overfit_run):
    metrics = json.loads((overfit_run / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["dev"]["micro"]["f1"] == 1.0
    assert metrics["test"]["micro"]["f1"] == 1.0
    assert set(metrics["test"]["per_label"]) == {"COMPANY", "CHIP", "AMOUNT", "PERIOD"}
    assert metrics["scored_on"]["dtype"] == "float32"


def test_output_directory_loads_with_plain_transformers(overfit_run):
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    model = AutoModelForTokenClassification.from_pretrained(overfit_run)
    tokenizer = AutoTokenizer.from_pretrained(overfit_run)
    assert model.config.id2label[1] == "B-COMPANY" and model.config.label2id["O"] == 0
    assert tokenizer.is_fast
    for name in ("training_config.yaml", "train.log", "arabic_ie.json"):
        assert (overfit_run / name).is_file(), name
    assert not Path(str(overfit_run) + ".work").exists()


def _weights(directory: Path) -> dict:
    from safetensors.torch import load_file

    return load_file(str(directory / "model.safetensors"))


def test_resume_after_interruption_matches_an_uninterrupted_run(tmp_path, tiny_base, gold_file, monkeypatch):
    import torch

    def config(name):
        return config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / name, epochs=4, keep_checkpoints=False))

    train_module.train(config("straight"))

    original = train_module._evaluate_and_checkpoint
    calls = {"n": 0}

    def interrupt_after_two(*args, **kwargs):
        result = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return result

    monkeypatch.setattr(train_module, "_evaluate_and_checkpoint", interrupt_after_two)
    with pytest.raises(KeyboardInterrupt):
        train_module.train(config("resumed"))
    assert not (tmp_path / "resumed").exists(), "an interrupted run must not look finished"
    assert (tmp_path / "resumed.work" / "checkpoint").is_dir()

    monkeypatch.setattr(train_module, "_evaluate_and_checkpoint", original)
    train_module.train(config("resumed"), resume=True)
    straight, resumed = _weights(tmp_path / "straight"), _weights(tmp_path / "resumed")
    assert straight.keys() == resumed.keys()
    for key in straight:
        assert torch.allclose(straight[key], resumed[key], atol=1e-6), key
    history = json.loads((tmp_path / "resumed" / "metrics.json").read_text(encoding="utf-8"))["history"]
    assert [h["update"] for h in history] == [2, 4, 6, 8]


def test_accelerate_launch_runs_the_same_entry_point(tmp_path, tiny_base, gold_file):
    """`accelerate launch -m training --config ...` trains and saves like `arabic-ie train`."""
    import shutil

    import yaml

    config = tmp_path / "c.yaml"
    values = overfit_config(tiny_base, gold_file, tmp_path / "launched", epochs=2)
    values.pop("early_stopping_patience")
    config.write_text(yaml.safe_dump(values), encoding="utf-8")
    launcher = shutil.which("accelerate", path=str(Path(sys.executable).parent))
    assert launcher, "accelerate's launcher is installed with the package"
    done = subprocess.run([launcher, "launch", "--cpu", "--num_processes", "1", "--num_machines", "1",
                           "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "training", "--config", str(config)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "model saved to" in done.stdout
    assert (tmp_path / "launched" / "model.safetensors").is_file()


def test_tiny_base_is_the_same_on_every_build(tmp_path, tiny_base):
    """Built again in another process (hash seeds differ between processes), byte for byte the same."""
    again = tmp_path / "tiny"
    code = ("import sys; from tests.conftest import marked_records; from training.tiny import build_tiny_base; "
            "build_tiny_base([r['text'] for r in marked_records()], sys.argv[1], vocab_size=400)")
    subprocess.run([sys.executable, "-c", code, str(again)], check=True, cwd=REPO, capture_output=True)
    for name in ("tokenizer.json", "model.safetensors", "config.json"):
        assert (again / name).read_bytes() == (tiny_base / name).read_bytes(), name


def test_wordpiece_vocab_keeps_every_character_and_ranks_by_coverage():
    from training.tiny import SPECIAL_TOKENS, wordpiece_vocab

    vocab = wordpiece_vocab(["بابا", "بابا", "بابا", "بيت", "Q", "3"], size=40)  # pre-tokenised: «Q3» → Q, 3
    assert list(vocab)[:len(SPECIAL_TOKENS)] == SPECIAL_TOKENS
    for char in "ابيتQ3":
        assert char in vocab and "##" + char in vocab
    assert vocab["بابا"] < vocab["بيت"]  # 3 × 3 characters covered against 1 × 2
    assert len(wordpiece_vocab(["بابا"] * 5 + ["بيت"], size=14)) == 14
    assert list(vocab.values()) == list(range(len(vocab)))
