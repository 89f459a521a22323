"""``arabic-ie train-linker``: train the learned fact linker (:mod:`arabic_ie.inference.learned_linker`).

From the gold facts of the train split: one example per AMOUNT (its type and modality) and one per
candidate COMPANY or PERIOD (is it the fact's, compared by canonical name or dates). The encoder
starts from a trained tagger (it knows the entities already); only its top ``train_layers`` layers
and the heads train, so a CPU run takes minutes. Each epoch is scored on the dev facts with the gold
entities; the best epoch is saved, atomically.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import random
import shutil
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ConfigDict, TypeAdapter, ValidationError

from arabic_ie.inference.facts import FACT_TYPES, MODALITIES
from arabic_ie.inference.learned_linker import LINKER_FILE, LearnedLinker, amount_inputs, build_model, encode
from arabic_ie.training.config import ConfigError
from arabic_ie.training.fact_eval import FactDocument, company_key, fact_documents, period_key, score_facts
from arabic_ie.training.files import replace_dir, write_text_atomic
from arabic_ie.training.gold import load_records

logger = logging.getLogger(__name__)


@dataclass
class LinkerConfig:
    """The keys of ``configs/linker-*.yaml``."""

    base_model: str = "runs/e5-small"  # a trained tagger directory (its encoder is reused) or a base model
    train_file: str = "data/corpus/train.jsonl"
    dev_file: str = "data/corpus/dev.jsonl"
    max_length: int = 192
    batch_size: int = 16
    learning_rate: float = 5e-5
    epochs: int = 3
    train_layers: int | None = 4  # the top N encoder layers train; None: all of them
    seed: int = 42
    output_dir: str = "runs/linker-e5-small"


def load_linker_config(path: str | Path, overrides: list[str] | None = None) -> LinkerConfig:
    """Read and check a linker config; problems name the file and the key."""
    from arabic_ie.training.config import parse_override

    path = Path(path)
    try:
        values = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (FileNotFoundError, yaml.YAMLError) as err:
        raise ConfigError(f"{path}: cannot read the config: {err}") from None
    if not isinstance(values, dict):
        raise ConfigError(f"{path}: a config is a mapping of keys to values")
    values.update(parse_override(o) for o in overrides or [])
    known = {f.name for f in dataclasses.fields(LinkerConfig)}
    if unknown := sorted(set(values) - known):
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(known))}")
    hints = typing.get_type_hints(LinkerConfig)
    for name, value in values.items():
        try:
            values[name] = TypeAdapter(hints[name], config=ConfigDict(strict=True)).validate_python(value)
        except ValidationError as err:
            raise ConfigError(f"{path}: {name}: {err.errors()[0]['msg']}, got {value!r}") from None
    config = LinkerConfig(**values)
    for name in ("max_length", "batch_size", "epochs", "learning_rate"):
        if getattr(config, name) <= 0:
            raise ConfigError(f"{path}: {name} must be positive")
    return config


def examples(docs: list[FactDocument]) -> tuple[list[dict], list[dict]]:
    """Classification examples (one per gold fact) and pair examples (one per candidate)."""
    classify, pairs = [], []
    for doc in docs:
        gold = {(f.amount.start, f.amount.end): f for f in doc.facts}
        for x in amount_inputs(doc.text, doc.entities):
            fact = gold.get((x.amount.start, x.amount.end))
            if fact is None:
                continue
            classify.append({"first": x.sentence, "type": FACT_TYPES.index(fact.type),
                             "modality": MODALITIES.index(fact.modality)})
            for candidates, key, want in ((x.companies, company_key, fact.company), (x.periods, period_key, fact.period)):
                for c in candidates:
                    pairs.append({"first": c.first, "second": c.second, "marker": c.marker,
                                  "label": float(want is not None and key(c.entity) == key(want))})
    return classify, pairs


def _batches(items: list[dict], size: int, kind: str, rng: random.Random) -> list[tuple[str, list[dict]]]:
    order = items[:]
    rng.shuffle(order)
    return [(kind, order[i:i + size]) for i in range(0, len(order), size)]


def train_linker(config: LinkerConfig) -> dict[str, Any]:
    """Train, keep the best epoch by dev fact F1 (gold entities; ties by the slots' accuracy), save it;
    return the scores."""
    import torch
    import torch.nn.functional as F
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from tqdm.auto import tqdm
    from transformers import AutoModel, AutoTokenizer, get_scheduler

    from arabic_ie.training.train import _mixed_precision, progress_interval

    train_docs = fact_documents(load_records(config.train_file))
    dev_docs = fact_documents(load_records(config.dev_file))
    if not train_docs:
        raise ConfigError(f"{config.train_file}: no document has gold facts to train the linker on")
    set_seed(config.seed)
    accelerator = Accelerator(mixed_precision=_mixed_precision("auto"))
    try:
        tokenizer = AutoTokenizer.from_pretrained(config.base_model)
        encoder = AutoModel.from_pretrained(config.base_model)
    except OSError as err:
        raise ConfigError(f"base_model {config.base_model!r} cannot be loaded ({err}); train the tagger first "
                          "(`arabic-ie train --config configs/e5-small.yaml`) or name another model") from None
    model = build_model(encoder)
    if config.train_layers is not None:
        layers = encoder.encoder.layer
        for parameter in encoder.parameters():
            parameter.requires_grad = False
        for layer in layers[len(layers) - config.train_layers:]:
            for parameter in layer.parameters():
                parameter.requires_grad = True
    classify, pairs = examples(train_docs)
    rng = random.Random(config.seed)
    steps = config.epochs * (-(-len(classify) // config.batch_size) + -(-len(pairs) // config.batch_size))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.learning_rate)
    scheduler = get_scheduler("linear", optimizer, num_warmup_steps=int(0.1 * steps), num_training_steps=steps)
    model, optimizer = accelerator.prepare(model, optimizer)
    output = Path(config.output_dir)
    best: dict[str, Any] = {"f1": -1.0, "rank": (-1.0, -1.0)}
    logger.info("%d facts, %d candidate pairs, %d epochs, %d updates", len(classify), len(pairs), config.epochs, steps)
    with tqdm(total=steps, desc="training linker", mininterval=progress_interval(),
              disable=not accelerator.is_main_process) as progress:
        for epoch in range(config.epochs):
            model.train()
            batches = _batches(classify, config.batch_size, "classify", rng) + _batches(pairs, config.batch_size, "pair", rng)
            rng.shuffle(batches)
            for kind, batch in batches:
                seconds = None if kind == "classify" else [x["second"] for x in batch]
                markers = None if kind == "classify" else [x["marker"] for x in batch]
                inputs, positions = encode(tokenizer, [x["first"] for x in batch], seconds, config.max_length, markers)
                with accelerator.autocast():
                    types, modalities, pair = model(positions.to(accelerator.device), **inputs.to(accelerator.device))
                if kind == "classify":
                    loss = F.cross_entropy(types.float(), torch.tensor([x["type"] for x in batch], device=types.device)) \
                        + F.cross_entropy(modalities.float(), torch.tensor([x["modality"] for x in batch], device=types.device))
                else:
                    loss = F.binary_cross_entropy_with_logits(pair.float(), torch.tensor([x["label"] for x in batch],
                                                                                         device=pair.device))
                accelerator.backward(loss)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
                progress.update(1)
                progress.set_postfix(loss=f"{loss.item():.4f}", refresh=False)
            linker = LearnedLinker(accelerator.unwrap_model(model), tokenizer, config.max_length, str(accelerator.device))
            scores = score_facts([d.facts for d in dev_docs], [linker.link(d.text, d.entities) for d in dev_docs])
            model.train()
            logger.info("epoch %d: dev fact F1 %.4f (gold entities) %s", epoch + 1, scores["f1"],
                        {k: round(v, 3) for k, v in scores["slot_accuracy"].items()})
            # dev fact F1 decides; the sum of the slots' accuracies breaks a tie (the modality is not in the F1)
            rank = (scores["f1"], sum(scores["slot_accuracy"].values()))
            if rank > best["rank"]:
                best = {"f1": scores["f1"], "rank": rank, "epoch": epoch + 1, "dev": scores}
                _save(accelerator.unwrap_model(model), tokenizer, config, best, output)
    return best


def _save(model, tokenizer, config: LinkerConfig, best: dict, directory: Path) -> None:
    import torch

    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.encoder.save_pretrained(tmp / "encoder")
    tokenizer.save_pretrained(tmp)
    torch.save({"type": model.type_head.state_dict(), "modality": model.modality_head.state_dict(),
                "pair": model.pair_head.state_dict()}, tmp / "heads.pt")
    write_text_atomic(tmp / LINKER_FILE, json.dumps({"max_length": config.max_length, "config": dataclasses.asdict(config),
                                                     "best": best}, ensure_ascii=False, indent=2) + "\n")
    replace_dir(tmp, directory)
