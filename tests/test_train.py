import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, overfit_config
from arabic_ie.training import train as train_module
from arabic_ie.training.config import config_from_dict


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
    """`accelerate launch -m arabic_ie.training --config ...` trains and saves like `arabic-ie train`."""
    import shutil

    import yaml

    config = tmp_path / "c.yaml"
    values = overfit_config(tiny_base, gold_file, tmp_path / "launched", epochs=2)
    values.pop("early_stopping_patience")
    config.write_text(yaml.safe_dump(values), encoding="utf-8")
    launcher = shutil.which("accelerate", path=str(Path(sys.executable).parent))
    assert launcher, "accelerate's launcher is installed with the package"
    done = subprocess.run([launcher, "launch", "--cpu", "--num_processes", "1", "--num_machines", "1",
                           "--mixed_precision", "no", "--dynamo_backend", "no", "-m", "arabic_ie.training", "--config", str(config)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1], timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "model saved to" in done.stdout
    assert (tmp_path / "launched" / "model.safetensors").is_file()


def test_tiny_base_is_the_same_on_every_build(tmp_path, tiny_base):
    """Built again in another process (hash seeds differ between processes), byte for byte the same."""
    again = tmp_path / "tiny"
    code = ("import sys; from tests.conftest import marked_records; from arabic_ie.training.tiny import build_tiny_base; "
            "build_tiny_base([r['text'] for r in marked_records()], sys.argv[1], vocab_size=400)")
    subprocess.run([sys.executable, "-c", code, str(again)], check=True, cwd=REPO, capture_output=True)
    for name in ("tokenizer.json", "model.safetensors", "config.json"):
        assert (again / name).read_bytes() == (tiny_base / name).read_bytes(), name


def test_wordpiece_vocab_keeps_every_character_and_ranks_by_coverage():
    from arabic_ie.training.tiny import SPECIAL_TOKENS, wordpiece_vocab

    vocab = wordpiece_vocab(["بابا", "بابا", "بابا", "بيت", "Q", "3"], size=40)  # pre-tokenised: «Q3» → Q, 3
    assert list(vocab)[:len(SPECIAL_TOKENS)] == SPECIAL_TOKENS
    for char in "ابيتQ3":
        assert char in vocab and "##" + char in vocab
    assert vocab["بابا"] < vocab["بيت"]  # 3 × 3 characters covered against 1 × 2
    assert len(wordpiece_vocab(["بابا"] * 5 + ["بيت"], size=14)) == 14
    assert list(vocab.values()) == list(range(len(vocab)))


def test_the_trained_window_is_saved_and_used(overfit_run):
    from arabic_ie.inference.settings import load_settings
    from arabic_ie.inference.tagger import Tagger

    assert load_settings(overfit_run).max_length == 64  # overfit_config trains with max_length=64
    tagger = Tagger.from_pretrained(overfit_run)
    assert tagger.max_tokens == 64 - len(tagger.prefix) - len(tagger.suffix)


def test_a_window_longer_than_the_model_is_a_config_error(tiny_base, gold_file, tmp_path):
    from arabic_ie.training.config import ConfigError
    from arabic_ie.training.train import train

    positions = json.loads((tiny_base / "config.json").read_text())["max_position_embeddings"]
    config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "out", max_length=positions + 1, epochs=1))
    with pytest.raises(ConfigError, match="positions"):
        train(config)


def test_frozen_layers_stay_as_they_were_and_too_many_is_a_config_error(tiny_base, gold_file, tmp_path):
    from transformers import AutoModelForTokenClassification

    from arabic_ie.training.config import ConfigError
    from arabic_ie.training.train import _optimizer

    def model():
        return AutoModelForTokenClassification.from_pretrained(tiny_base, num_labels=9)

    config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "out", freeze_layers=1))
    frozen = model()
    optimizer = _optimizer(frozen, config)
    trained = {id(p) for group in optimizer.param_groups for p in group["params"]}
    encoder = frozen.base_model.encoder.layer
    assert not any(id(p) in trained for p in [*frozen.base_model.embeddings.parameters(), *encoder[0].parameters()])
    assert all(id(p) in trained for p in encoder[1].parameters())
    # nothing below the first trained layer asks for a gradient, so the backward pass stops there
    assert not any(p.requires_grad for p in [*frozen.base_model.embeddings.parameters(), *encoder[0].parameters()])
    for wrong in (len(encoder) + 1, -1):
        config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "out", freeze_layers=wrong))
        with pytest.raises(ConfigError, match="freeze_layers"):
            _optimizer(model(), config)


def test_a_cut_encoder_trains_saves_and_loads_with_its_own_layer_count(tiny_base, gold_file, tmp_path):
    from transformers import AutoModelForTokenClassification

    from arabic_ie.inference.tagger import Tagger
    from arabic_ie.training.config import ConfigError
    from arabic_ie.training.train import train

    layers = json.loads((tiny_base / "config.json").read_text())["num_hidden_layers"]
    assert layers >= 2
    train(config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "cut", encoder_layers=1, epochs=1)))
    model = AutoModelForTokenClassification.from_pretrained(tmp_path / "cut")
    assert model.config.num_hidden_layers == 1 and len(model.base_model.encoder.layer) == 1
    assert len(Tagger.from_pretrained(tmp_path / "cut").tag(["أعلنت إنفيديا أرباحها."])) == 1
    config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "more", encoder_layers=layers + 1))
    with pytest.raises(ConfigError, match=f"only {layers} layers"):
        train(config)


def test_resume_refuses_a_checkpoint_of_another_config(tmp_path, tiny_base, gold_file, monkeypatch):
    from arabic_ie.training.config import ConfigError

    original = train_module._evaluate_and_checkpoint

    def interrupt(*args, **kwargs):
        original(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(train_module, "_evaluate_and_checkpoint", interrupt)
    with pytest.raises(KeyboardInterrupt):
        train_module.train(config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "run", epochs=3)))
    monkeypatch.setattr(train_module, "_evaluate_and_checkpoint", original)
    other = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "run", epochs=3, batch_size=2))
    with pytest.raises(ConfigError, match="batch_size"):
        train_module.train(other, resume=True)


def test_an_empty_train_file_is_refused_before_anything_is_built(tmp_path, tiny_base, gold_file):
    from arabic_ie.training.config import ConfigError

    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "out", train_file=str(empty)))
    with pytest.raises(ConfigError, match="no sentences to train on"):
        train_module.train(config)
    assert not (tmp_path / "out.work").exists()


def test_mixed_precision_follows_the_launcher_and_refuses_a_conflict(monkeypatch):
    from arabic_ie.training.config import ConfigError

    monkeypatch.setenv("ACCELERATE_MIXED_PRECISION", "fp16")
    assert train_module._mixed_precision("auto") == "fp16"
    assert train_module._mixed_precision("fp16") == "fp16"
    with pytest.raises(ConfigError, match="accelerate launch set fp16"):
        train_module._mixed_precision("bf16")


def test_two_cpu_ranks_train_to_the_end_and_save_a_model_that_scores(tmp_path, tiny_base, gold_file):
    """Two processes (torchrun, gloo on CPU), uneven shards: the run ends, one model is saved and loads."""
    import os

    import yaml

    from arabic_ie.inference.tagger import Tagger
    from arabic_ie.training.evaluate import evaluate
    from arabic_ie.training.gold import load_records

    out = tmp_path / "two-ranks"
    config = tmp_path / "two.yaml"
    config.write_text(yaml.safe_dump(overfit_config(tiny_base, gold_file, out, epochs=4, batch_size=3)), encoding="utf-8")
    env = dict(os.environ, ACCELERATE_USE_CPU="true", OMP_NUM_THREADS="1")
    result = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
                             "-m", "arabic_ie.training", "--config", str(config)],
                            cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["history"][-1]["epoch"] == 4
    scores = evaluate(Tagger.from_pretrained(out, dtype="float32"), load_records(gold_file))
    assert scores["n_sentences"] == 8 and 0.0 <= scores["micro"]["f1"] <= 1.0


def test_progress_in_a_log_file_is_a_few_lines_not_one_per_step(tmp_path, tiny_base, gold_file, capfd):
    """Outside a terminal the bar refreshes every 30 s, not at every step (a log file stays readable)."""
    config = config_from_dict(overfit_config(tiny_base, gold_file, tmp_path / "run", epochs=20))
    train_module.train(config)
    err = capfd.readouterr().err
    assert err.count("training:") <= 10, err.count("training:")  # 40 updates
