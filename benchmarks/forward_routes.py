"""Cheaper forward passes for the Tagger, measured side by side in one run: speed and F1.

    python benchmarks/forward_routes.py --model runs/e5-small --data data/corpus/test.jsonl \
        --data data/realnews/dev.jsonl

Every route runs the same Tagger code (words, windows, decoding, values); only the model's forward
changes: torch in float32 and bfloat16, torch dynamic int8 quantisation of the Linear layers,
ONNX Runtime in float32, and ONNX Runtime with dynamic int8 quantisation (per channel; MatMul
weights only, so embeddings, layer norms and the classifier stay in float). Throughput is
sentences per second tagging the first ``--data`` file (the test split; words, windows, forward,
decoding and values, scored from that same run), after a warm-up; F1 is entity-level micro F1 on
each ``--data`` file. Amounts are the tagger's as the model was trained (``rule_amounts``), the same
for every route. A route is worth shipping only at 1.5x the
bf16 Tagger's throughput or more, with at most 0.5 points of F1 lost (issue 12).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.onnx_backend import OnnxForward, export_float32, quantize_int8  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.evaluate import evaluate, predict_tags, score_predictions  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402


def measure(name: str, tagger: Tagger, data: list[Path], batch_size: int) -> dict:
    """Speed of tagging the first file (scored from the same run) and F1 on every file."""
    records = [load_records(p) for p in data]
    tagger.tag([r.text for r in records[0][:64]], batch_size=batch_size)  # warm-up
    start = time.perf_counter()
    first = score_predictions(records[0], predict_tags(tagger, records[0], batch_size))
    seconds = time.perf_counter() - start
    scores = [first["micro"]["f1"]] + [evaluate(tagger, rs, batch_size)["micro"]["f1"] for rs in records[1:]]
    return {"route": name, "sentences/s": len(records[0]) / seconds, "f1": scores}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", action="append", required=True, type=Path)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--routes", default="float32,bfloat16,torch-int8,onnx-float32,onnx-int8")
    args = parser.parse_args()
    import torch

    threads = torch.get_num_threads()
    routes = args.routes.split(",")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for route in routes:
            if route in ("float32", "bfloat16"):
                tagger = Tagger.from_pretrained(args.model, device="cpu", dtype=route)
            elif route == "torch-int8":
                tagger = Tagger.from_pretrained(args.model, device="cpu", dtype="float32")
                tagger.model = torch.ao.quantization.quantize_dynamic(tagger.model, {torch.nn.Linear}, dtype=torch.qint8)
                tagger.model.classifier = Tagger.from_pretrained(args.model, device="cpu", dtype="float32").model.classifier
            else:
                tagger = Tagger.from_pretrained(args.model, device="cpu", dtype="float32")
                fp32 = Path(tmp) / "model.onnx"
                if not fp32.exists():
                    export_float32(tagger.model, fp32)
                path = fp32
                if route == "onnx-int8":
                    path = Path(tmp) / "model-int8.onnx"
                    quantize_int8(fp32, path)
                tagger.model = OnnxForward(path, tagger.model.config, threads)
            rows.append(measure(route, tagger, args.data, args.batch_size))
            print(f"{route}: {rows[-1]['sentences/s']:.1f} sentences/s, F1 " + ", ".join(f"{f:.4f}" for f in rows[-1]["f1"]),
                  file=sys.stderr)
    base = next((r for r in rows if r["route"] == "bfloat16"), rows[0])
    print(f"\n{args.model}, {threads} threads, {os.cpu_count()} cores, batch {args.batch_size}; "
          f"speed on {args.data[0]}")
    print("| route | sentences/s | × bf16 Tagger | " + " | ".join(f"F1 {p.parent.name}/{p.stem}" for p in args.data) + " |")
    print("|---|---|---|" + "---|" * len(args.data))
    for r in rows:
        print(f"| {r['route']} | {r['sentences/s']:.1f} | {r['sentences/s'] / base['sentences/s']:.2f} | "
              + " | ".join(f"{f:.4f}" for f in r["f1"]) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
