"""Does silver data help? A controlled experiment on our own corpus.

    python benchmarks/silver_experiment.py [--gold-share 0.3] [--epochs 5] [--config configs/e5-small.yaml]

The train split is cut by document into a small "gold" part and a "silver" part
whose labels are thrown away and replaced by the rule baseline's output (its
gazetteers built from the gold part only, as a user with little gold data would
have). Then the same config trains on: gold only; gold + silver at weight 0.5;
gold + silver at weight 1.0; and silver first, then gold (a pre-training stage).
Every run is scored on the real dev and test splits. It prints one table row per run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.rules import RuleTagger  # noqa: E402
from arabic_ie.training.config import load_config  # noqa: E402
from arabic_ie.training.corpus import write_jsonl  # noqa: E402
from arabic_ie.training.gazetteers import build_gazetteers  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402
from arabic_ie.training.silver import silver_records  # noqa: E402
from arabic_ie.training.train import train  # noqa: E402


def record_row(record) -> dict:
    return {"id": record.id, "text": record.text,
            "entities": [{"start": s.start, "end": s.end, "label": s.label} for s in record.spans]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/e5-small.yaml")
    parser.add_argument("--gold-share", type=float, default=0.3)
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--work", default=None, help="folder for the runs (default: a temporary one)")
    parser.add_argument("--corpus", default="data/corpus", help="folder with train/dev/test.jsonl")
    args = parser.parse_args()

    work = Path(args.work or tempfile.mkdtemp(prefix="silver-exp-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = Path(args.corpus)
    files = [f"train_file={corpus / 'train.jsonl'}", f"dev_file={corpus / 'dev.jsonl'}", f"test_file={corpus / 'test.jsonl'}"]
    base = load_config(args.config, files)
    train_records = load_records(base.train_file)
    docs = sorted({r.extra["doc_id"] for r in train_records}, key=lambda d: hashlib.sha1(d.encode()).hexdigest())
    gold_docs = set(docs[:round(args.gold_share * len(docs))])
    gold = [r for r in train_records if r.extra["doc_id"] in gold_docs]
    rest = [r for r in train_records if r.extra["doc_id"] not in gold_docs]
    write_jsonl(work / "gold.jsonl", [record_row(r) for r in gold])
    build_gazetteers(work / "gold.jsonl", work / "gazetteers")
    rules = RuleTagger(work / "gazetteers")
    silver = list(silver_records(({"text": r.text} for r in rest), rules))
    write_jsonl(work / "silver.jsonl", silver)
    print(f"gold: {len(gold)} sentences from {len(gold_docs)} documents; silver: {len(silver)} sentences "
          f"labelled by rules with gazetteers from the gold part", flush=True)

    common = files + [f"epochs={args.epochs}"]
    runs = {
        "gold only": [f"train_file={work / 'gold.jsonl'}"],
        "gold + silver (weight 0.5)": [f"train_file={work / 'gold.jsonl'}", f"silver_files=[{work / 'silver.jsonl'}]", "silver_weight=0.5"],
        "gold + silver (weight 1.0)": [f"train_file={work / 'gold.jsonl'}", f"silver_files=[{work / 'silver.jsonl'}]", "silver_weight=1.0"],
        "silver, then gold": None,
    }
    results = {}
    for name, overrides in runs.items():
        if overrides is None:  # two stages: silver alone, then gold from the silver model
            stage = load_config(args.config, common + [f"train_file={work / 'silver.jsonl'}", "test_file=null",
                                                       f"output_dir={work / 'stage1'}"])
            train(stage)
            overrides = [f"train_file={work / 'gold.jsonl'}", f"base_model={work / 'stage1'}", "prepare_base=null"]
        config = load_config(args.config, common + overrides + [f"output_dir={work / name.replace(' ', '_')}"])
        metrics = train(config)
        results[name] = metrics
        print(f"{name}: dev {metrics['dev']['micro']['f1']:.4f} test {metrics['test']['micro']['f1']:.4f} "
              f"unseen {metrics['test'].get('unseen', {}).get('micro', {}).get('f1', float('nan')):.4f}", flush=True)
    print("\n| training data | dev micro F1 | test micro F1 | unseen F1 |\n|---|---|---|---|")
    for name, m in results.items():
        print(f"| {name} | {m['dev']['micro']['f1']:.3f} | {m['test']['micro']['f1']:.3f} | "
              f"{m['test'].get('unseen', {}).get('micro', {}).get('f1', float('nan')):.3f} |")
    (work / "results.json").write_text(json.dumps({k: {"dev": v["dev"]["micro"], "test": v["test"]["micro"]}
                                                    for k, v in results.items()}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
