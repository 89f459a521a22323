"""The README's comparison table: every model (and the rules) scored on one gold file."""

from __future__ import annotations

import re
from pathlib import Path

from inference.labels import LABELS
from training.files import write_text_atomic

# Rows of the table: name, model directory (or "rules"), config that trains it.
MODELS = [
    ("rules (baseline)", "rules", None),
    ("tiny (2-layer BERT from scratch)", "runs/tiny", "configs/tiny.yaml"),
    ("e5-small (default)", "runs/e5-small", "configs/e5-small.yaml"),
    ("AraBERT v02 base", "runs/arabertv02", "configs/arabertv02.yaml"),
    ("CAMeLBERT-MSA base", "runs/camelbert-msa", "configs/camelbert-msa.yaml"),
]
HUB_MODELS = {"configs/arabertv02.yaml", "configs/camelbert-msa.yaml"}
START, END = "<!-- results:start -->", "<!-- results:end -->"


def comparison_table(data: str, models=MODELS, batch_size: int = 32) -> str:
    """A markdown table of micro, per-label and unseen-slice F1 for each model that exists."""
    from inference.devices import SCORE_DTYPE
    from inference.tagger import Tagger
    from training.evaluate import evaluate
    from training.gold import load_records

    records = load_records(data)
    header = ["model", "micro F1", *[f"{label} F1" for label in LABELS], "unseen F1", "strict micro F1"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, path, config in models:
        if path != "rules" and not (Path(path) / "config.json").is_file():
            where = "run on GPU with hub access" if config in HUB_MODELS else "not trained yet"
            how = f"`accelerate launch -m training --config {config}`" if config in HUB_MODELS else f"`arabic-ie train --config {config}`"
            lines.append(f"| {name} | {where}: {how} |" + " |" * (len(header) - 2))
            continue
        scores = evaluate(Tagger.from_pretrained(path, dtype=SCORE_DTYPE), records, batch_size)
        unseen = f"{scores['unseen']['micro']['f1']:.3f}" if "unseen" in scores else "–"
        cells = [name, f"{scores['micro']['f1']:.3f}", *[f"{scores['per_label'][l]['f1']:.3f}" for l in LABELS],
                 unseen, f"{scores['strict']['micro']['f1']:.3f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def update_readme(readme: Path, table: str) -> None:
    """Replace the table between the results markers of the README."""
    text = readme.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{readme}: no {START} … {END} markers to replace")
    new = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: f"{START}\n{table}\n{END}", text, flags=re.S)
    write_text_atomic(readme, new)
