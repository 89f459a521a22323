"""Train config variants one after another and score each on the same gold files (an ablation table).

    python benchmarks/ablation.py --config configs/e5-small.yaml \\
        --variant none:augment_quotes=0,augment_quotes_other=0,augment_replace=0 \\
        --variant quotes:augment_quotes=0.3,augment_quotes_other=0.02 \\
        --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl

Each variant is the config with its ``key=value`` overrides (values read as YAML, so
``silver_files=[build/silver.jsonl]`` works), trained into ``--out/<name>``. The table
prints micro and COMPANY F1 on every ``--data`` file, the dev F1 the run chose its
checkpoint by, and the training time. Choose on dev sets only; report test once.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.devices import SCORE_DTYPE  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.config import load_config  # noqa: E402
from arabic_ie.training.evaluate import evaluate  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402
from arabic_ie.training.train import train  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--variant", action="append", required=True, help="name:key=value,key=value")
    parser.add_argument("--data", action="append", required=True, help="gold JSONL to score each variant on")
    parser.add_argument("--out", default="runs/ablation")
    parser.add_argument("--decoding", default="viterbi", choices=("viterbi", "argmax"))
    args = parser.parse_args()
    sets = {path: load_records(path) for path in args.data}
    rows = []
    for spec in args.variant:
        name, _, overrides = spec.partition(":")
        pairs = [o for o in overrides.split(",") if o]
        config = load_config(args.config, pairs + [f"output_dir={args.out}/{name}"])
        started = time.time()
        metrics = train(config)
        seconds = time.time() - started
        tagger = Tagger.from_pretrained(config.output_dir, dtype=SCORE_DTYPE, decoding=args.decoding)
        row = {"variant": name, "overrides": pairs, "train_dev_f1": metrics["dev"]["micro"]["f1"], "seconds": round(seconds)}
        for path, records in sets.items():
            scores = evaluate(tagger, records)
            row[path] = {"micro": scores["micro"]["f1"], "COMPANY": scores["per_label"]["COMPANY"]["f1"],
                         "per_label": {k: v["f1"] for k, v in scores["per_label"].items()}}
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    header = "| variant | " + " | ".join(f"{p} micro | {p} COMPANY" for p in args.data) + " | dev F1 (checkpoint) | train s |"
    print("\n" + header + "\n|" + "---|" * (header.count("|") - 1))
    for row in rows:
        cells = [f"{row[p]['micro']:.3f} | {row[p]['COMPANY']:.3f}" for p in args.data]
        print(f"| {row['variant']} | " + " | ".join(cells) + f" | {row['train_dev_f1']:.3f} | {row['seconds']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
