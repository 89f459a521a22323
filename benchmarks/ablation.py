"""Train config variants, over one seed or several, and score each run on the same gold files (an ablation table).

    python benchmarks/ablation.py --config configs/e5-small.yaml \\
        --variant none:augment_quotes=0,augment_quotes_other=0,augment_replace=0 \\
        --variant quotes:augment_quotes=0.3,augment_quotes_other=0.02 \\
        --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl

Each variant is the config with its ``key=value`` overrides (values read as YAML, so
``silver_files=[build/silver.jsonl]`` works), trained into ``--out/<name>`` (``--out/<name>-s<seed>``
with ``--seeds 42,7,13``, which trains every variant once per seed). Each run is its own
``python -m arabic_ie.training`` process, its log in ``--out/<run>.log``; ``--parallel N`` runs N of them
at once (on one GPU, small models leave most of it idle; on 2 CPU cores, keep 1). The table prints micro
and COMPANY F1 on every ``--data`` file, the dev F1 the run chose its checkpoint by and the training
time, then, with several seeds, each variant's mean and range. Each run is scored as soon as it is
trained and its row appended to ``--out/results.jsonl``, so a sweep cut short keeps what it finished.
Choose on dev sets only; report test once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.devices import SCORE_DTYPE  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.config import ConfigError, load_config  # noqa: E402
from arabic_ie.training.evaluate import evaluate  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402


def _runs(args) -> list[dict]:
    """One run per variant and seed: its name, overrides and output directory (the config checked first)."""
    seeds = [s for s in args.seeds.split(",") if s] if args.seeds else [None]
    runs = []
    for spec in args.variant:
        name, _, overrides = spec.partition(":")
        pairs = [o for o in overrides.split(",") if o]
        for seed in seeds:
            run = name if seed is None else f"{name}-s{seed}"
            output_dir = f"{args.out}/{run}"
            pairs_here = pairs + ([f"seed={seed}"] if seed is not None else []) + [f"output_dir={output_dir}"]
            load_config(args.config, pairs_here)  # a bad key or value stops here, before any training
            runs.append({"variant": name, "run": run, "seed": seed, "overrides": pairs_here, "output_dir": output_dir})
    return runs


def _train(config: str, run: dict, out: Path) -> dict:
    """Train one run in its own process; return its wall time and exit status."""
    log = out / f"{run['run']}.log"
    started = time.time()
    with log.open("w", encoding="utf-8") as stream:
        status = subprocess.run([sys.executable, "-m", "arabic_ie.training", "--config", config, *run["overrides"]],
                                stdout=stream, stderr=subprocess.STDOUT).returncode
    seconds = round(time.time() - started)
    print(f"{run['run']}: {'done' if status == 0 else f'FAILED (exit {status}, see {log})'} in {seconds} s", flush=True)
    return {"status": status, "seconds": seconds}


def _score(run: dict, sets: dict, decoding: str) -> dict:
    """The run's checkpoint dev F1, and its micro, COMPANY and per-label F1 on every gold file."""
    output_dir = run["output_dir"]
    metrics = json.loads((Path(output_dir) / "metrics.json").read_text(encoding="utf-8"))
    tagger = Tagger.from_pretrained(output_dir, dtype=SCORE_DTYPE, decoding=decoding)
    row = {"train_dev_f1": metrics["dev"]["micro"]["f1"]}
    for path, records in sets.items():
        scores = evaluate(tagger, records)
        row[path] = {"micro": scores["micro"]["f1"], "COMPANY": scores["per_label"]["COMPANY"]["f1"],
                     "per_label": {k: v["f1"] for k, v in scores["per_label"].items()}}
    return row


def _summary(rows: list[dict], paths: list[str]) -> str:
    """The markdown table: one line per run, then each variant's mean and range over its seeds."""
    header = "| run | " + " | ".join(f"{p} micro | {p} COMPANY" for p in paths) + " | dev F1 (checkpoint) | train s |"
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in rows:
        cells = [f"{row[p]['micro']:.3f} | {row[p]['COMPANY']:.3f}" for p in paths]
        lines.append(f"| {row['run']} | " + " | ".join(cells) + f" | {row['train_dev_f1']:.3f} | {row['seconds']} |")
    variants = {}
    for row in rows:
        variants.setdefault(row["variant"], []).append(row)
    for name, group in variants.items():
        if len(group) < 2:
            continue
        cells = []
        for p in paths:
            for key in ("micro", "COMPANY"):
                values = [r[p][key] for r in group]
                cells.append(f"{statistics.mean(values):.3f} ({min(values):.3f}–{max(values):.3f})")
        dev = statistics.mean(r["train_dev_f1"] for r in group)
        seconds = statistics.mean(r["seconds"] for r in group)
        lines.append(f"| **{name}**, mean of {len(group)} seeds (range) | " + " | ".join(cells)
                     + f" | {dev:.3f} | {seconds:.0f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--variant", action="append", required=True, help="name:key=value,key=value")
    parser.add_argument("--data", action="append", required=True, help="gold JSONL to score each run on")
    parser.add_argument("--seeds", help="comma-separated seeds: every variant is trained once per seed")
    parser.add_argument("--parallel", type=int, default=1, help="training processes at once (default 1)")
    parser.add_argument("--out", default="runs/ablation")
    parser.add_argument("--decoding", default="viterbi", choices=("viterbi", "argmax"))
    args = parser.parse_args()
    if args.parallel < 1:
        parser.error("--parallel must be a positive integer")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    try:
        runs = _runs(args)
    except ConfigError as err:
        parser.error(str(err))
    sets = {path: load_records(path) for path in args.data}
    lock = threading.Lock()

    def train_and_score(run: dict) -> dict | None:
        """Train one run, score it at once (a run cut short by a time limit keeps the rows before it)."""
        result = _train(args.config, run, out)
        if result["status"] != 0:
            return None
        with lock:  # one scoring at a time: transformers' lazy imports are not thread-safe
            row = {"variant": run["variant"], "run": run["run"], "seed": run["seed"], "overrides": run["overrides"],
                   "seconds": result["seconds"], "parallel": args.parallel, **_score(run, sets, args.decoding)}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            with (out / "results.jsonl").open("a", encoding="utf-8") as stream:
                stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row

    with ThreadPoolExecutor(max_workers=args.parallel) as pool:
        rows = [row for row in pool.map(train_and_score, runs) if row is not None]
    if rows:
        print("\n" + _summary(rows, args.data))
    failed = len(runs) - len(rows)
    if failed:
        print(f"{failed} of {len(runs)} runs failed; their logs are in {out}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
