"""Training configuration: one YAML file in ``configs/``, checked before anything runs."""

from __future__ import annotations

import dataclasses
import functools
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, TypeAdapter, ValidationError

from arabic_ie.inference.encoding import NORMALIZERS
from arabic_ie.inference.labels import LABELS

BUILT_BASES = ("e5-small", "tiny")  # base models the project builds itself (`prepare_base`)


class ConfigError(ValueError):
    """A configuration problem, reported with the file and the key."""


@dataclass
class TrainConfig:
    """Everything a training run needs; every key is documented in ``configs/README.md``."""

    base_model: str
    train_file: str = "data/corpus/train.jsonl"
    dev_file: str = "data/corpus/dev.jsonl"
    test_file: str | None = "data/corpus/test.jsonl"
    silver_files: list[str] = field(default_factory=list)
    silver_weight: float = 0.5
    rule_names: bool = False  # tag with the model's company names checked against the rules' gazetteers
    rule_amounts: bool = False  # tag with the rules' AMOUNTs (the value readers' grammar) instead of the model's
    document_names: bool = False  # tag a confident company name at its other mentions in the document
    rule_edges: bool = False  # widen a company or period to a longer one the rules find around it
    company_checks: bool = False  # read off people and public bodies' abbreviations taken for companies
    export_onnx: bool = False  # write the int8 ONNX export beside the model (fast CPU tagging)
    prepare_base: str | None = None
    text_normalization: str = "marks"
    labels: list[str] = field(default_factory=lambda: list(LABELS))
    max_length: int = 256
    label_all_tokens: bool = False
    batch_size: int = 16
    eval_batch_size: int = 64
    gradient_accumulation_steps: int = 1
    learning_rate: float = 5e-5
    lr_scheduler: str = "linear"
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    epochs: int = 5
    seed: int = 42
    mixed_precision: str = "auto"
    eval_steps: int | None = None
    early_stopping_patience: int | None = 3
    freeze_embeddings: bool = False
    freeze_layers: int = 0  # keep the lowest N encoder layers fixed (cheaper backward pass)
    encoder_layers: int | None = None  # keep only the lowest N encoder layers of the base model (smaller, faster)
    augment_quotes: float = 0.0
    augment_quotes_other: float = 0.0
    augment_replace: float = 0.0
    output_dir: str = "runs/model"
    keep_checkpoints: bool = False

    def resolved(self) -> dict[str, Any]:
        """The config as a plain dict, as saved beside the trained model."""
        return dataclasses.asdict(self)


_CHOICES = {
    "text_normalization": tuple(NORMALIZERS),
    "lr_scheduler": ("linear", "cosine", "constant", "constant_with_warmup"),
    "mixed_precision": ("auto", "no", "bf16", "fp16"),
    "prepare_base": (None,) + BUILT_BASES,
}
_POSITIVE = ("encoder_layers", "max_length", "batch_size", "eval_batch_size", "gradient_accumulation_steps", "epochs",
             "eval_steps", "early_stopping_patience", "learning_rate")


@functools.cache
def _adapter(name: str) -> TypeAdapter:
    """pydantic's strict validator for the type of one config field (any type a field may have)."""
    return TypeAdapter(typing.get_type_hints(TrainConfig)[name], config=ConfigDict(strict=True))


def _check_type(name: str, value: Any, hint: str, where: str) -> Any:
    """``value`` checked against the field's type by pydantic (strict: no ``"3"`` for 3, no bool for
    a number); our own message names the file, the key and the expected type."""
    if value is None and "None" not in hint:
        raise ConfigError(f"{where}: {name} must not be empty")
    if isinstance(value, str) and hint.replace(" | None", "") == "float":
        try:
            value = float(value)  # YAML 1.1 reads 2e-4 (no dot) as a string
        except ValueError:
            pass
    try:
        value = _adapter(name).validate_python(value)
    except ValidationError:
        kind = hint.replace(" | None", "")
        raise ConfigError(f"{where}: {name} must be {kind if kind != 'list[str]' else 'a list of strings'}, got {value!r}") from None
    return float(value) if isinstance(value, int) and hint.replace(" | None", "") == "float" else value


def config_from_dict(values: dict[str, Any], where: str = "config") -> TrainConfig:
    """Build and check a config; unknown keys and bad values raise :class:`ConfigError`."""
    fields = {f.name: f for f in dataclasses.fields(TrainConfig)}
    unknown = sorted(set(values) - set(fields))
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(fields)}")
    if "base_model" not in values:
        raise ConfigError(f"{where}: base_model is required (a hub id or a local model directory)")
    checked = {name: _check_type(name, value, fields[name].type, where) for name, value in values.items()}
    config = TrainConfig(**checked)
    for name, choices in _CHOICES.items():
        if getattr(config, name) not in choices:
            raise ConfigError(f"{where}: {name} must be one of {', '.join(map(str, choices))}, got {getattr(config, name)!r}")
    for name in _POSITIVE:
        value = getattr(config, name)
        if value is not None and value <= 0:
            raise ConfigError(f"{where}: {name} must be positive, got {value!r}")
    if not 0 <= config.warmup_ratio < 1:
        raise ConfigError(f"{where}: warmup_ratio must be in [0, 1), got {config.warmup_ratio!r}")
    for name in ("augment_quotes", "augment_quotes_other", "augment_replace"):
        if not 0 <= getattr(config, name) <= 1:
            raise ConfigError(f"{where}: {name} must be a probability in [0, 1], got {getattr(config, name)!r}")
    if not 0 < config.silver_weight <= 1:
        raise ConfigError(f"{where}: silver_weight must be in (0, 1], got {config.silver_weight!r}")
    if unknown_labels := sorted(set(config.labels) - set(LABELS)):
        raise ConfigError(f"{where}: unknown label(s) {', '.join(unknown_labels)}; the scheme has {', '.join(LABELS)}")
    if config.max_length < 8:
        raise ConfigError(f"{where}: max_length must be at least 8, got {config.max_length}")
    return config


def parse_override(text: str) -> tuple[str, Any]:
    """``key=value`` from the command line; the value is read as YAML (``lr=3e-4``, ``epochs=2``)."""
    if "=" not in text:
        raise ConfigError(f"override {text!r} must look like key=value")
    key, raw = text.split("=", 1)
    return key.strip(), yaml.safe_load(raw) if raw else None


def load_config(path: str | Path, overrides: list[str] | None = None) -> TrainConfig:
    """Read a YAML config, apply ``key=value`` overrides and check the result."""
    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {getattr(err, 'problem', err)}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: a config is a mapping of keys to values")
    for override in overrides or []:
        key, value = parse_override(override)
        values[key] = value
    return config_from_dict(values, str(path))
