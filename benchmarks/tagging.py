"""Tagging throughput: our Tagger against the transformers pipeline and the raw forward pass.

    python benchmarks/tagging.py --model runs/e5-small [--data data/corpus/test.jsonl] [--n 512]

All three run in the same process on the same model (same weights, same dtype) and the same sentences:
- tagger: ``Tagger.tag(texts)`` end to end (words, windows, batches, decoding, values);
- pipeline: ``pipeline("token-classification", aggregation_strategy="first")`` on the texts;
- forward: only the model's batched forward over the exact batches the Tagger builds
  (tokenisation and decoding excluded), the floor for any tagger on this model.
The last line reads ``tagger_vs_pipeline=X.XX overhead_vs_forward=Y.YY``: the Tagger's
throughput over the pipeline's, and the Tagger's time over the forward's time minus 1.
When the Tagger runs in bf16 (``--dtype auto`` on hardware with native bf16), a fourth row
times the pipeline as a user would build it from the directory (float32, transformers'
default) and ``tagger_vs_plain_float32_pipeline`` compares against that.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.inference.devices import dtype_name  # noqa: E402
from arabic_ie.inference.tagger import Tagger  # noqa: E402
from arabic_ie.training.gold import load_records  # noqa: E402


def best_of(repeats: int, run) -> float:
    """The fastest of ``repeats`` timed runs, in seconds (after one warm-up run)."""
    run()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", default="data/corpus/test.jsonl")
    parser.add_argument("--n", type=int, default=512, help="number of sentences (the data is repeated if shorter)")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--device", default=None)
    parser.add_argument("--dtype", default="auto", help="auto (bf16 where native), float32 or bfloat16")
    args = parser.parse_args()

    from transformers import pipeline

    records = load_records(args.data)
    texts = [records[i % len(records)].text for i in range(args.n)]
    tagger = Tagger.from_pretrained(args.model, device=args.device, dtype=args.dtype)
    model, tokenizer, device = tagger.model, tagger.tokenizer, tagger.device
    n_tokens = sum(len(ids) for ids in tokenizer(texts)["input_ids"])

    batches = tagger.model_batches(texts, args.batch_size)

    def forward_only():
        with torch.inference_mode():
            for ids, mask in batches:
                model(input_ids=ids, attention_mask=mask).logits.argmax(-1).cpu()

    pipe = pipeline("token-classification", model=model, tokenizer=tokenizer, aggregation_strategy="first",
                    device=torch.device(device))

    timings = {
        "tagger": best_of(args.repeats, lambda: tagger.tag(texts, batch_size=args.batch_size)),
        "pipeline": best_of(args.repeats, lambda: pipe(texts, batch_size=args.batch_size)),
        "forward": best_of(args.repeats, forward_only),
    }
    plain_name = "pipeline, loaded plainly (float32)"
    if tagger.dtype != torch.float32:
        # What a user who loads the directory into a pipeline themselves gets: float32, the default.
        plain = pipeline("token-classification", model=args.model, aggregation_strategy="first",
                         device=torch.device(device))
        timings[plain_name] = best_of(args.repeats, lambda: plain(texts, batch_size=args.batch_size))
    print(f"model {args.model} on {device} in {dtype_name(tagger.dtype)} "
          f"({torch.get_num_threads()} threads, {platform.processor() or platform.machine()}), "
          f"{args.n} sentences, {n_tokens} sub-tokens, batch {args.batch_size}, best of {args.repeats}")
    width = max(map(len, timings))
    for name, seconds in timings.items():
        print(f"{name:{width}} {seconds:8.3f} s  {args.n / seconds:9.1f} sentences/s  {n_tokens / seconds:10.1f} tokens/s")
    if plain_name in timings:
        print(f"tagger_vs_plain_float32_pipeline={timings[plain_name] / timings['tagger']:.2f}")
    print(f"tagger_vs_pipeline={timings['pipeline'] / timings['tagger']:.2f} "
          f"overhead_vs_forward={timings['tagger'] / timings['forward'] - 1:.2f}")


if __name__ == "__main__":
    main()
