"""What tagging costs per text on Ray Data against the local Tagger, on this machine.

    python benchmarks/ray_tagging.py --model runs/e5-small --data data/corpus/test.jsonl --workers 2

Local: one Tagger in this process. Ray: a local Ray instance (or ``RAY_ADDRESS``), ``--workers``
actors with the CPUs shared out, the texts as a Ray dataset, results collected in order. Both tag
the same texts; the Ray time includes starting the actors and loading a model in each (Ray Data
starts a new actor pool for each run), so it falls per text as the input grows.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    import ray

    from arabic_ie.inference.ray_tagging import tag_dataset

    texts = [r.text for r in load_records(args.data)]
    tagger = Tagger.from_pretrained(args.model)
    tagger.tag(texts[:32], batch_size=args.batch_size)
    start = time.perf_counter()
    local = tagger.tag(texts, batch_size=args.batch_size)
    local_s = time.perf_counter() - start
    del tagger

    ray.init(address=os.environ.get("RAY_ADDRESS"), include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().execution_options.preserve_order = True
    ray.data.DataContext.get_current().enable_progress_bars = False
    cpus = max(0.5, (ray.cluster_resources().get("CPU", 1) - 1) / args.workers)  # as `arabic-ie tag --engine ray`
    dataset = ray.data.from_items([{"text": t} for t in texts]).materialize()
    start = time.perf_counter()
    rows = tag_dataset(dataset, args.model, concurrency=args.workers, num_cpus=cpus,
                       batch_size=args.batch_size, rows_per_call=128).take_all()
    ray_s = time.perf_counter() - start
    same = sum(len(json_entities(r["entities"])) == len(e) for r, e in zip(rows, local))
    print(f"{len(texts)} texts of {args.data}; {os.cpu_count()} cores")
    print("| engine | seconds | ms per text |")
    print("|---|---|---|")
    print(f"| local Tagger | {local_s:.1f} | {1000 * local_s / len(texts):.1f} |")
    print(f"| Ray, {args.workers} actors × {cpus:g} CPU (actors start and load the model inside) | {ray_s:.1f} | "
          f"{1000 * ray_s / len(texts):.1f} |")
    print(f"texts with the same number of entities as local: {same}/{len(texts)}")
    ray.shutdown()
    return 0


def json_entities(text: str) -> list:
    import json

    return json.loads(text)


if __name__ == "__main__":
    sys.exit(main())
