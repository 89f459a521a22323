"""Would the rule baseline's names help the model? Combine the two taggers' entities and score.

    python benchmarks/ensemble.py --model runs/e5-small --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl

Each text is tagged once by the model and once by the rules; the combinations below are
scored with seqeval on every ``--data`` file (choose on dev sets only):

- ``model``: the model alone; ``rules``: the rules alone;
- ``model + rule names``: the model's entities plus the rules' COMPANY and CHIP entities that
  overlap none of the model's;
- ``model names confirmed``: a model COMPANY is kept only when the rules find the same span or the
  model scores it at least ``--confident``; the rules' non-overlapping names are added;
- ``model + rule amounts`` (``and periods``): the model's entities with its AMOUNTs (and PERIODs)
  replaced by the rules' (which find them with the value readers' grammar).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.combine import check_names, rule_spans  # noqa: E402
from arabic_ie.inference.devices import SCORE_DTYPE  # noqa: E402
from arabic_ie.inference.rules import RuleTagger  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.evaluate import entity_tags, seqeval_scores  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402



def combine(model, rules, how: str, confident: float):
    if how == "model":
        return model
    if how == "rules":
        return rules
    if how == "model + rule amounts":
        return rule_spans(model, rules, ("AMOUNT",))
    if how == "model + rule amounts and periods":
        return rule_spans(model, rules, ("AMOUNT", "PERIOD"))
    if how == "model names confirmed + rule amounts":
        return rule_spans(check_names(model, rules, confident), rules, ("AMOUNT",))
    # every model COMPANY is confident at 0: the model's entities plus the rules' other names
    return check_names(model, rules, 0.0 if how == "model + rule names" else confident)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", action="append", required=True)
    parser.add_argument("--confident", type=float, default=0.9)
    args = parser.parse_args()
    tagger, rules = Tagger.from_pretrained(args.model, dtype=SCORE_DTYPE), RuleTagger()
    for path in args.data:
        records = load_records(path)
        texts = [r.text for r in records]
        by_model, by_rules = tagger.tag(texts), rules.tag(texts)
        gold = [r.tags for r in records]
        print(f"\n{path}: {len(records)} sentences")
        print("| combination | micro F1 | COMPANY P | COMPANY R | COMPANY F1 | AMOUNT F1 | PERIOD F1 |")
        print("|---|---|---|---|---|---|---|")
        for how in ("model", "rules", "model + rule names", "model names confirmed", "model + rule amounts",
                    "model + rule amounts and periods", "model names confirmed + rule amounts"):
            pred = entity_tags(records, [combine(m, g, how, args.confident) for m, g in zip(by_model, by_rules)])
            s = seqeval_scores(gold, pred)
            c = s["per_label"]["COMPANY"]
            print(f"| {how} | {s['micro']['f1']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} | "
                  f"{s['per_label']['AMOUNT']['f1']:.3f} | {s['per_label']['PERIOD']['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
