from pathlib import Path

import pytest

from arabic_ie.cli import main
from arabic_ie.training.config import ConfigError, config_from_dict, load_config

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "configs").glob("*.yaml")))
def test_shipped_configs_load(name):
    if name.startswith("linker-"):  # the fact linker's configs (training/linker_train.py)
        from arabic_ie.training.linker_train import load_linker_config

        assert load_linker_config(REPO / "configs" / name).base_model
    else:
        assert load_config(REPO / "configs" / name).base_model


@pytest.mark.parametrize("values, message", [
    ({"base_model": "x", "learning_rte": 1e-4}, "unknown key(s) learning_rte"),
    ({"learning_rate": 1e-4}, "base_model is required"),
    ({"base_model": "x", "epochs": "three"}, "epochs must be int"),
    ({"base_model": "x", "epochs": 0}, "epochs must be positive"),
    ({"base_model": "x", "lr_scheduler": "wavy"}, "lr_scheduler must be one of"),
    ({"base_model": "x", "mixed_precision": "fp8"}, "mixed_precision must be one of"),
    ({"base_model": "x", "labels": ["COMPANY", "PERSON"]}, "unknown label(s) PERSON"),
    ({"base_model": "x", "warmup_ratio": 1.5}, "warmup_ratio must be in"),
    ({"base_model": "x", "text_normalization": "farasa"}, "text_normalization must be one of"),
])
def test_bad_values_are_rejected_by_name(values, message):
    with pytest.raises(ConfigError) as err:
        config_from_dict(values, "my.yaml")
    assert message in str(err.value) and "my.yaml" in str(err.value)


def test_overrides_and_yaml_numbers(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("base_model: x\nlearning_rate: 2e-4\n", encoding="utf-8")
    config = load_config(path, ["epochs=2", "learning_rate=3e-4", "silver_files=[a.jsonl]"])
    assert (config.epochs, config.learning_rate, config.silver_files) == (2, 3e-4, ["a.jsonl"])


def test_train_command_reports_config_errors_plainly(tmp_path, capsys):
    path = tmp_path / "bad.yaml"
    path.write_text("base_model: x\nbatch_size: [1\n", encoding="utf-8")
    assert main(["train", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:" in err and "not valid YAML" in err and "Traceback" not in err


def test_unreachable_hub_model_gives_advice(tmp_path, capsys, gold_file):
    path = tmp_path / "hub.yaml"
    path.write_text(f"base_model: no-such-org/no-such-model\ntrain_file: {gold_file}\ndev_file: {gold_file}\n"
                    f"output_dir: {tmp_path / 'out'}\n", encoding="utf-8")
    assert main(["train", "--config", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no-such-org/no-such-model" in err and "local directory" in err
