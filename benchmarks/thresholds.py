"""Would a confidence threshold help? Tag gold files once, then drop entities scored below t.

    python benchmarks/thresholds.py --model runs/e5-small --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl

Prints micro and per-label F1 for each threshold (applied to one label or to all), so a
threshold is chosen on dev sets only. The score of an entity is the mean over its words of
the probability of the chosen tag.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.devices import SCORE_DTYPE  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.evaluate import entity_tags, seqeval_scores  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402

THRESHOLDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", action="append", required=True)
    parser.add_argument("--labels", default="COMPANY,ALL", help="labels to threshold, one at a time (ALL: every label)")
    args = parser.parse_args()
    tagger = Tagger.from_pretrained(args.model, dtype=SCORE_DTYPE)
    for path in args.data:
        records = load_records(path)
        found = tagger.tag([r.text for r in records])
        gold = [r.tags for r in records]
        print(f"\n{path}: {len(records)} sentences")
        print("| threshold on | t | micro F1 | COMPANY P | COMPANY R | COMPANY F1 |")
        print("|---|---|---|---|---|---|")
        for which in args.labels.split(","):
            for t in THRESHOLDS:
                pred = entity_tags(records, [[e for e in entities if e.score >= t or (which != "ALL" and e.label != which)]
                                             for entities in found])
                s = seqeval_scores(gold, pred)
                c = s["per_label"]["COMPANY"]
                print(f"| {which} | {t:.1f} | {s['micro']['f1']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} | {c['f1']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
