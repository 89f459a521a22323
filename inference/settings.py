"""The settings a trained model needs at tagging time, saved beside it as ``arabic_ie.json``.

Training writes them (:func:`save_settings`) and the Tagger reads them
(:func:`load_settings`); nothing else decides how a model's input is prepared.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from arabic_ie.inference.labels import LABELS

SETTINGS_FILE = "arabic_ie.json"


@dataclass(frozen=True)
class ModelSettings:
    """How text reaches the model: per-word normalisation, the window it was trained with, its labels;
    whether its company names are checked against the rules' gazetteers, whether its AMOUNTs come from
    the rules (:mod:`arabic_ie.inference.combine`), and whether its confident company names are tagged
    throughout a document (:mod:`arabic_ie.inference.document_names`), and whether people and public bodies
    taken for companies are read off (:mod:`arabic_ie.inference.company_checks`)."""

    text_normalization: str = "marks"
    max_length: int = 512  # sub-tokens per window, special tokens included
    labels: tuple[str, ...] = field(default=LABELS)
    rule_names: bool = False
    rule_amounts: bool = False  # AMOUNTs found by the rules (the value readers' grammar) instead of the model
    document_names: bool = False  # confident company names tagged at their other mentions in the document
    rule_edges: bool = False  # a company or period inside a longer one the rules find takes the rules' edges
    company_checks: bool = False  # people and public bodies' abbreviations taken for companies read off

    def to_json(self) -> str:
        return json.dumps(asdict(self) | {"labels": list(self.labels)}, ensure_ascii=False, indent=2) + "\n"


def load_settings(model_dir: str | Path) -> ModelSettings:
    """The settings saved with a trained model; defaults for a plain model directory or hub id."""
    path = Path(model_dir) / SETTINGS_FILE
    if not path.is_file():
        return ModelSettings()
    raw = json.loads(path.read_text(encoding="utf-8"))
    known = {f.name for f in fields(ModelSettings)}
    values = {k: v for k, v in raw.items() if k in known}
    if "labels" in values:
        values["labels"] = tuple(values["labels"])
    return ModelSettings(**values)
