#!/usr/bin/env bash
# What a GPU session should settle for the two open issues, in one go (after gpu_check.sh):
# 1. the default's spread over seeds on real news, and whether more epochs lift COMPANY (real-news
#    issue): 3 seeds x {the default (3 epochs, learning rate 2e-4), 6 epochs, learning rate 1e-4}, trained
#    side by side on the one GPU (benchmarks/ablation.py --parallel), each scored on both dev and both test sets;
# 2. whether the learned fact linker beats the rules once every layer trains for 8 epochs (money-facts
#    issue), on the seed-42 tagger, scored end to end on our test split and realnews-test.
# Usage: bash benchmarks/gpu_sweep.sh [OUT_DIR]   (writes OUT_DIR/sweep.md, OUT_DIR/linker.txt, logs)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/sweep}
mkdir -p "$out"
export PYTHONUNBUFFERED=1 OMP_NUM_THREADS=2 TOKENIZERS_PARALLELISM=false
python3 -m arabic_ie.cli prepare-base 2>&1 | tail -1
timeout 420 python3 benchmarks/ablation.py --config configs/e5-small.yaml --seeds 42,7,13 --parallel 9 --out "$out" \
  --variant default:export_onnx=false --variant epochs6:export_onnx=false,epochs=6 --variant lr1e-4:export_onnx=false,learning_rate=1e-4 \
  --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl --data data/realnews/test.jsonl \
  --data data/corpus/test.jsonl 2>&1 | grep -v "it/s\]" | tee "$out/sweep.md" | tail -12
tagger="$out/default-s42"
if [ -f "$tagger/metrics.json" ]; then
  timeout 240 python3 -m arabic_ie.cli train-linker --config configs/linker-e5-small.yaml base_model="$tagger" \
    train_layers=null epochs=8 output_dir="$out/linker" 2>&1 | grep -v "it/s\]" > "$out/linker-train.log"
  for data in data/corpus/test.jsonl data/realnews/test.jsonl; do
    for linker in rules "$out/linker"; do
      echo "== $data, linker $linker" | tee -a "$out/linker.txt"
      choice=(); [ "$linker" = rules ] || choice=(--linker "$linker")
      python3 -m arabic_ie.cli evaluate --facts --model "$tagger" --data "$data" "${choice[@]}" 2>&1 \
        | grep -v "it/s\]" | tail -12 | tee -a "$out/linker.txt"
    done
  done
fi
