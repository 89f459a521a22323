"""The README's comparison table: every model (and the rules) scored on one gold file."""

from __future__ import annotations

import re
from pathlib import Path

from arabic_ie.inference.labels import LABELS
from arabic_ie.training.files import write_text_atomic

# Rows of the table: name, model directory (or "rules"), config that trains it.
MODELS = [
    ("rules (baseline)", "rules", None),
    ("tiny (2-layer BERT from scratch)", "runs/tiny", "configs/tiny.yaml"),
    ("e5-small (default)", "runs/e5-small", "configs/e5-small.yaml"),
    ("e5-small + self-training on real news", "runs/e5-small-selftrain", "configs/e5-small-selftrain.yaml"),
    ("AraBERT v02 base", "runs/arabertv02", "configs/arabertv02.yaml"),
    ("CAMeLBERT-MSA base", "runs/camelbert-msa", "configs/camelbert-msa.yaml"),
]
HUB_MODELS = {"configs/arabertv02.yaml", "configs/camelbert-msa.yaml"}
START, END = "<!-- results:start -->", "<!-- results:end -->"


def comparison_table(data: str, models=MODELS, batch_size: int = 32, real: str | None = None) -> str:
    """A markdown table of micro, per-label and unseen-slice F1 for each model that exists,
    with real-news micro and COMPANY F1 on ``real`` (default: realnews-test, when its text is here)."""
    from arabic_ie.inference.devices import SCORE_DTYPE
    from arabic_ie.inference.tagger import Tagger
    from arabic_ie.training.evaluate import evaluate
    from arabic_ie.training.gold import load_records
    from arabic_ie.training.realnews import REALNEWS_DIR, text_available

    records = load_records(data)
    if real is None and text_available() and (REALNEWS_DIR / "test.jsonl").is_file():
        real = str(REALNEWS_DIR / "test.jsonl")
    real_records = load_records(real) if real else None
    header = ["model", "micro F1", *[f"{label} F1" for label in LABELS], "unseen F1",
              "real-news micro F1", "real-news COMPANY F1"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, path, config in models:
        if path != "rules" and not (Path(path) / "config.json").is_file():
            where = "run on GPU with hub access" if config in HUB_MODELS else "not trained yet"
            how = f"`accelerate launch -m arabic_ie.training --config {config}`" if config in HUB_MODELS else f"`arabic-ie train --config {config}`"
            lines.append(f"| {name} | {where}: {how} |" + " |" * (len(header) - 2))
            continue
        tagger = Tagger.from_pretrained(path, dtype=SCORE_DTYPE)
        scores = evaluate(tagger, records, batch_size)
        unseen = f"{scores['unseen']['micro']['f1']:.3f}" if "unseen" in scores else "–"
        cells = [name, f"{scores['micro']['f1']:.3f}", *[f"{scores['per_label'][l]['f1']:.3f}" for l in LABELS],
                 unseen]
        if real_records:
            real_scores = evaluate(tagger, real_records, batch_size)
            cells += [f"{real_scores['micro']['f1']:.3f}", f"{real_scores['per_label']['COMPANY']['f1']:.3f}"]
        else:
            cells += ["–", "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_readme(readme: Path, table: str) -> None:
    """Replace the table between the results markers of the README."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{readme}: no {START} … {END} markers to replace")
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: f"{START}\n{table}\n{END}", text, flags=re.S)
    write_text_atomic(readme, new)
