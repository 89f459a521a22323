"""The training loop: data → features → model → accelerate → evaluate on dev → keep the best.

Runs the same way from ``arabic-ie train`` and ``accelerate launch -m arabic_ie.training``,
on one CPU, one GPU or several. While it runs, everything lives in
``<output_dir>.work/`` (checkpoint for ``--resume``, best model so far, log); the
finished model directory appears at ``output_dir`` in one rename at the end, so
an interrupted run never leaves a directory that looks finished.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import random
import shutil
import time
from pathlib import Path

import yaml

from arabic_ie.inference.labels import TAG2ID, TAGS
from arabic_ie.inference.devices import SCORE_DTYPE, default_device, dtype_name, has_fast_bf16
from arabic_ie.inference.settings import SETTINGS_FILE, ModelSettings
from arabic_ie.inference.tagger import ModelLoadError, Tagger
from arabic_ie.training.align import build_features, collate
from arabic_ie.training.augment import Augmenter
from arabic_ie.training.config import ConfigError, TrainConfig
from arabic_ie.training.evaluate import evaluate
from arabic_ie.training.files import replace_dir, write_text_atomic
from arabic_ie.training.gold import Record, load_records

logger = logging.getLogger("arabic_ie.train")

STATE_FILE = "trainer_state.json"


def _write_json(path: Path, data: dict) -> None:
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def ensure_base_model(config: TrainConfig, train_records: list[Record]) -> str:
    """Build the base model when the config asks for one the project makes itself."""
    base = Path(config.base_model)
    if config.prepare_base is None or (base / "config.json").is_file():
        return config.base_model
    if config.prepare_base == "e5-small":
        from arabic_ie.training.prepare_base import prepare_base

        prepare_base(base)
    else:
        from arabic_ie.training.tiny import build_tiny_base

        build_tiny_base([r.text for r in train_records], base)
    return str(base)


def load_base(name: str, num_labels: int):
    """Tokenizer and token-classification model from a hub id or a local directory."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(name)
        model = AutoModelForTokenClassification.from_pretrained(
            name, num_labels=num_labels, id2label=dict(enumerate(TAGS)), label2id=dict(TAG2ID))
    except (OSError, ValueError) as err:
        raise ModelLoadError(
            f"cannot load base model {name!r}: {err}\nIf it is a hub id, the hub is not reachable from here: "
            "download it where you can and set base_model to the local directory."
        ) from None
    if not tokenizer.is_fast:
        raise ModelLoadError(f"base model {name!r} has no fast tokenizer; word alignment needs one")
    return tokenizer, model


def _encoder_layers(model, key: str, base: str):
    """The model's stack of encoder layers (``encoder.layer``); config ``key`` needs one."""
    layers = getattr(getattr(model.base_model, "encoder", None), "layer", None)
    if layers is None:
        raise ConfigError(f"{key} needs a BERT-style encoder (encoder.layer); {base} has none")
    return layers


def keep_lower_layers(model, count: int, base: str) -> None:
    """Cut the encoder to its lowest ``count`` layers; the model saves and loads as a ``count``-layer one."""
    layers = _encoder_layers(model, "encoder_layers", base)
    if count > len(layers):
        raise ConfigError(f"encoder_layers is {count}, but the base model has only {len(layers)} layers")
    del layers[count:]
    model.config.num_hidden_layers = count


class LengthGroupedBatches:
    """Batches of similar length (less padding), in an order fixed by seed and epoch.

    Features are shuffled, sorted by length within groups of 50 batches, cut into
    batches, and the batches shuffled again.
    """

    def __init__(self, lengths: list[int], batch_size: int, seed: int):
        self.lengths, self.batch_size, self.seed, self.epoch = lengths, batch_size, seed, 0

    def use_epoch(self, epoch: int) -> None:
        """Fix the order for ``epoch`` (not named set_epoch: accelerate would drive that with its own counter)."""
        self.epoch = epoch

    def _batches(self) -> list[list[int]]:
        rng = random.Random(self.seed * 1000 + self.epoch)
        order = list(range(len(self.lengths)))
        rng.shuffle(order)
        group = self.batch_size * 50
        batches = []
        for g in range(0, len(order), group):
            chunk = sorted(order[g:g + group], key=lambda i: self.lengths[i])
            batches += [chunk[b:b + self.batch_size] for b in range(0, len(chunk), self.batch_size)]
        rng.shuffle(batches)
        return batches

    def __iter__(self):
        return iter(self._batches())

    def __len__(self) -> int:
        return math.ceil(len(self.lengths) / self.batch_size)


def _optimizer(model, config: TrainConfig):
    import torch

    if config.freeze_embeddings:
        model.get_input_embeddings().weight.requires_grad_(False)
    if config.freeze_layers:
        layers = _encoder_layers(model, "freeze_layers", config.base_model)
        if not 0 < config.freeze_layers <= len(layers):
            raise ConfigError(f"freeze_layers must be between 0 and the {len(layers)} layers of the model, "
                              f"got {config.freeze_layers}")
        # The whole embedding block too, so that the backward pass stops at the first trained layer.
        model.base_model.embeddings.requires_grad_(False)
        for layer in layers[:config.freeze_layers]:
            layer.requires_grad_(False)
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if param.requires_grad:
            (no_decay if param.ndim < 2 or "LayerNorm" in name or "layernorm" in name else decay).append(param)
    groups = [{"params": decay, "weight_decay": config.weight_decay}, {"params": no_decay, "weight_decay": 0.0}]
    return torch.optim.AdamW(groups, lr=config.learning_rate)


def _mixed_precision(requested: str) -> str:
    """``auto``: what ``accelerate launch`` set, else bf16 autocast where the device computes bf16 natively
    (see inference.devices); an explicit value that contradicts the launcher is refused.

    On an x86 CPU with AVX512-BF16 this trains the default model in 339 s instead of 512 s.
    """
    from accelerate.utils import parse_flag_from_env

    launched = os.environ.get("ACCELERATE_MIXED_PRECISION")  # set by `accelerate launch [--mixed_precision X]`
    if launched and requested not in ("auto", launched):
        raise ConfigError(f"the config asks for mixed_precision {requested} but accelerate launch set {launched}; "
                          "make them agree, or set mixed_precision: auto to follow the launcher")
    if requested != "auto":
        return requested
    if launched:
        return launched
    device = "cpu" if parse_flag_from_env("ACCELERATE_USE_CPU") else default_device()  # `accelerate launch --cpu`
    return "bf16" if has_fast_bf16(device) else "no"


def _save_model(model, tokenizer, config: TrainConfig, directory: Path) -> None:
    """Save a loadable model directory (transformers layout plus our settings), atomically."""
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp)
    tokenizer.save_pretrained(tmp)
    settings = ModelSettings(config.text_normalization, config.max_length, tuple(config.labels), config.rule_names,
                             config.rule_amounts, config.document_names, config.rule_edges,
                             config.company_checks)
    write_text_atomic(tmp / SETTINGS_FILE, settings.to_json())
    replace_dir(tmp, directory)


def train(config: TrainConfig, resume: bool = False) -> dict:
    """Train, keep the best dev-F1 model, score it on dev and test; return the metrics."""
    import torch.nn.functional as F
    from accelerate import Accelerator
    from accelerate.utils import set_seed
    from torch.utils.data import DataLoader
    from tqdm.auto import tqdm
    from transformers import get_scheduler

    train_records = load_records(config.train_file)
    if not train_records:
        raise ConfigError(f"{config.train_file}: no sentences to train on")
    accelerator = Accelerator(mixed_precision=_mixed_precision(config.mixed_precision),
                              gradient_accumulation_steps=config.gradient_accumulation_steps)
    set_seed(config.seed)
    output_dir = Path(config.output_dir)
    work = output_dir.with_name(output_dir.name + ".work")
    if accelerator.is_main_process:
        if work.exists() and not resume:
            shutil.rmtree(work)
        work.mkdir(parents=True, exist_ok=True)
        _setup_log(work / "train.log")
    accelerator.wait_for_everyone()

    dev_records = load_records(config.dev_file)
    silver = [load_records(path) for path in config.silver_files]
    if accelerator.is_main_process:
        ensure_base_model(config, train_records)
    accelerator.wait_for_everyone()
    tokenizer, model = load_base(config.base_model, len(TAGS))
    if config.encoder_layers:
        keep_lower_layers(model, config.encoder_layers, config.base_model)
    _check_labels(train_records, config)
    positions = getattr(model.config, "max_position_embeddings", None)
    if positions and config.max_length > positions:
        raise ConfigError(f"max_length {config.max_length} is more than {config.base_model} has positions for "
                          f"({positions}); set max_length to at most {positions}")

    def features(records: list[Record], weight: float = 1.0) -> list[dict]:
        return build_features(tokenizer, [r.words for r in records], [r.tags for r in records],
                              scheme=config.text_normalization, max_length=config.max_length,
                              label_all_tokens=config.label_all_tokens, weight=weight)

    per_record = [features([r]) for r in train_records]
    train_features = [f for fs in per_record for f in fs] + [f for s in silver for f in features(s, config.silver_weight)]
    augmenter = Augmenter.from_records(train_records, quote_prob=config.augment_quotes, quote_other_prob=config.augment_quotes_other,
                                       replace_prob=config.augment_replace, seed=config.seed)

    def augment_epoch(epoch: int) -> None:
        """Put this epoch's augmented gold features in place (the loader reads the list as it goes)."""
        if not augmenter.active:
            return
        rewritten = []
        for original, record in zip(per_record, augmenter.epoch(train_records, epoch)):
            new = features([record])
            rewritten += new if len(new) == len(original) else original  # a window more or less would shift every index
        train_features[:len(rewritten)] = rewritten

    sampler = LengthGroupedBatches([len(f["input_ids"]) for f in train_features], config.batch_size, config.seed)
    loader = DataLoader(train_features, batch_sampler=sampler,
                        collate_fn=lambda batch: collate(batch, tokenizer.pad_token_id or 0))
    optimizer = _optimizer(model, config)
    # The scheduler counts global updates (accelerate steps it once per process per update).
    global_updates = math.ceil(len(loader) / config.gradient_accumulation_steps) * config.epochs
    scheduler = get_scheduler(config.lr_scheduler, optimizer, num_warmup_steps=int(config.warmup_ratio * global_updates),
                              num_training_steps=global_updates)
    model, optimizer, loader, scheduler = accelerator.prepare(model, optimizer, loader, scheduler)
    updates_per_epoch = math.ceil(len(loader) / config.gradient_accumulation_steps)  # per process, after sharding
    total_updates = updates_per_epoch * config.epochs

    fingerprint = run_fingerprint(config, accelerator.num_processes)
    state = {"update": 0, "epoch": 0, "epoch_start": 0, "best_f1": -1.0, "best_update": 0, "evals_without_gain": 0,
             "history": [], "fingerprint": fingerprint}
    checkpoint = work / "checkpoint"
    if resume and (checkpoint / STATE_FILE).is_file():
        saved = json.loads((checkpoint / STATE_FILE).read_text(encoding="utf-8"))
        changed = sorted(k for k in fingerprint if saved.get("fingerprint", {}).get(k) != fingerprint[k])
        if changed:
            raise ConfigError(f"cannot resume from {checkpoint}: it was made with other {', '.join(changed)} "
                              f"(its batches would not line up); start afresh without --resume")
        accelerator.load_state(str(checkpoint))
        state = saved
        logger.info("resumed from %s at update %d (epoch %d)", checkpoint, state["update"], state["epoch"])
    elif resume:
        logger.info("no checkpoint in %s: starting from the beginning", work)

    eval_every = config.eval_steps
    logger.info("%d training features, %d updates an epoch, %d epochs, evaluation %s, on %s, mixed precision %s",
                len(train_features), updates_per_epoch, config.epochs,
                f"every {eval_every} updates and at each epoch's end" if eval_every else "at each epoch's end",
                accelerator.device, accelerator.mixed_precision)
    started = time.time()
    stop = state["evals_without_gain"] >= (config.early_stopping_patience or math.inf)
    progress = tqdm(total=total_updates, initial=state["update"], desc="training", mininterval=progress_interval(),
                    disable=not accelerator.is_local_main_process)
    last_loss = math.nan

    def evaluate_now() -> bool:
        return _evaluate_and_checkpoint(accelerator, model, tokenizer, config, dev_records, state, work,
                                        last_loss, time.time() - started)

    while not stop and state["epoch"] < config.epochs:
        sampler.use_epoch(state["epoch"])
        augment_epoch(state["epoch"])
        done_in_epoch = state["update"] - state["epoch_start"]
        batches = accelerator.skip_first_batches(loader, done_in_epoch * config.gradient_accumulation_steps) if done_in_epoch else loader
        model.train()
        for batch in batches:
            with accelerator.accumulate(model):
                weights = batch.pop("weights")
                labels = batch.pop("labels")
                logits = model(**batch).logits
                token_loss = F.cross_entropy(logits.transpose(1, 2).float(), labels, ignore_index=-100, reduction="none")
                counted = (labels != -100).float()
                loss = (token_loss * counted * weights[:, None]).sum() / counted.sum().clamp(min=1)
                accelerator.backward(loss)
                if accelerator.sync_gradients:
                    accelerator.clip_grad_norm_(model.parameters(), config.max_grad_norm)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad()
            if not accelerator.sync_gradients:
                continue
            state["update"] += 1
            last_loss = loss.item()
            progress.update(1)
            progress.set_postfix(loss=f"{last_loss:.4f}", refresh=False)  # shown at the next refresh
            if eval_every and state["update"] % eval_every == 0:
                stop = evaluate_now()
                model.train()
                if stop:
                    break
        if stop:
            break
        # The loader is exhausted: that, not a batch count (which sharding can change), ends the epoch.
        state["epoch"] += 1
        state["epoch_start"] = state["update"]
        if not (state["history"] and state["history"][-1]["update"] == state["update"]):
            stop = evaluate_now()
    progress.close()

    accelerator.wait_for_everyone()
    metrics = {}
    if accelerator.is_main_process:
        metrics = _finish(config, work, output_dir, state, dev_records, time.time() - started)
    accelerator.wait_for_everyone()
    return metrics


def progress_interval() -> float:
    """Seconds between progress-bar redraws: live on a terminal, a line every 30 s in a log file."""
    import sys

    return 0.1 if sys.stderr.isatty() else 30.0


def run_fingerprint(config: TrainConfig, processes: int) -> dict:
    """What decides which batches a run sees, in which order; a resumed run must match it exactly."""
    keys = ("batch_size", "gradient_accumulation_steps", "epochs", "seed", "max_length", "label_all_tokens", "encoder_layers",
            "text_normalization", "silver_weight", "augment_quotes", "augment_quotes_other", "augment_replace")
    digest = hashlib.sha1()
    for path in [config.train_file, *config.silver_files]:
        digest.update(Path(path).read_bytes())
    return {k: getattr(config, k) for k in keys} | {"data": digest.hexdigest(), "processes": processes}


def _evaluate_and_checkpoint(accelerator, model, tokenizer, config, dev_records, state, work, loss, elapsed) -> bool:
    """Score dev, keep the best model, save a resumable checkpoint; True means stop early."""
    from accelerate.utils import broadcast_object_list

    unwrapped = accelerator.unwrap_model(model)
    scores = [None]
    if accelerator.is_main_process:  # one process scores dev; every rank then takes the same decisions
        tagger = Tagger(unwrapped, tokenizer, normalization=config.text_normalization, max_length=config.max_length,
                        device=str(accelerator.device))
        scores = [evaluate(tagger, dev_records, config.eval_batch_size)]
    if accelerator.num_processes > 1:
        broadcast_object_list(scores)
    scores = scores[0]
    f1 = scores["micro"]["f1"]
    improved = f1 > state["best_f1"]
    if improved:
        state.update(best_f1=f1, best_update=state["update"], evals_without_gain=0)
        if accelerator.is_main_process:
            _save_model(unwrapped, tokenizer, config, work / "best")
    else:
        state["evals_without_gain"] += 1
    entry = {"update": state["update"], "epoch": state["epoch"], "loss": round(loss, 5), "dev_f1": round(f1, 4),
             "dev_per_label": {k: round(v["f1"], 4) for k, v in scores["per_label"].items()},
             "elapsed_s": round(elapsed, 1)}
    state["history"].append(entry)
    logger.info("update %d epoch %d: loss %.4f dev F1 %.4f%s", state["update"], state["epoch"], loss, f1,
                " (best)" if improved else "")
    accelerator.wait_for_everyone()
    tmp = work / "checkpoint.tmp"
    if accelerator.is_main_process:
        shutil.rmtree(tmp, ignore_errors=True)
    accelerator.wait_for_everyone()
    accelerator.save_state(str(tmp))
    if accelerator.is_main_process:
        _write_json(tmp / STATE_FILE, state)
        replace_dir(tmp, work / "checkpoint")
    accelerator.wait_for_everyone()
    patience = config.early_stopping_patience
    if patience and state["evals_without_gain"] >= patience:
        logger.info("no dev F1 gain in %d evaluations: stopping early", patience)
        return True
    return False


def _finish(config: TrainConfig, work: Path, output_dir: Path, state: dict, dev_records, elapsed: float) -> dict:
    """Score the best model on dev and test and move it into ``output_dir``."""
    best = work / "best"
    if not (best / "config.json").is_file():
        raise RuntimeError(f"no model was saved in {best}: training did not reach an evaluation")
    if config.export_onnx:
        from arabic_ie.inference.onnx_backend import export_onnx

        logger.info("int8 ONNX export → %s", export_onnx(best))
    tagger = Tagger.from_pretrained(best, dtype=SCORE_DTYPE)
    metrics = {"best_update": state["best_update"], "train_seconds": round(elapsed, 1),
               "scored_on": {"device": tagger.device, "dtype": dtype_name(tagger.dtype)},
               "dev": evaluate(tagger, dev_records, config.eval_batch_size), "history": state["history"]}
    if config.test_file:
        metrics["test"] = evaluate(tagger, load_records(config.test_file), config.eval_batch_size)
    _write_json(best / "metrics.json", metrics)
    (best / "training_config.yaml").write_text(yaml.safe_dump(config.resolved(), allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
    if (work / "train.log").is_file():
        shutil.copy(work / "train.log", best / "train.log")
    _close_log()
    replace_dir(best, output_dir)
    if not config.keep_checkpoints:
        shutil.rmtree(work, ignore_errors=True)
    return metrics


def _setup_log(path: Path) -> None:
    """Log to the console and to a human-readable file in the work directory."""
    root = logging.getLogger("arabic_ie")
    root.setLevel(logging.INFO)
    root.propagate = False  # its own handlers; the CLI's root handler would print every line twice
    _close_log()
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S")
    for handler in (logging.StreamHandler(), logging.FileHandler(path, encoding="utf-8")):
        handler.setFormatter(formatter)
        root.addHandler(handler)


def _close_log() -> None:
    root = logging.getLogger("arabic_ie")
    for handler in list(root.handlers):
        handler.close()
        root.removeHandler(handler)


def _check_labels(records: list[Record], config: TrainConfig) -> None:
    """Refuse data with labels the config leaves out (a silent mismatch would cost F1)."""
    extra = sorted({s.label for r in records for s in r.spans} - set(config.labels))
    if extra:
        raise ConfigError(f"{config.train_file}: labels {', '.join(extra)} are not in the config's labels")
