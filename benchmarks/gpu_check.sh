#!/usr/bin/env bash
# The GPU checks, in one go: train the default with `accelerate launch` in bf16, score it
# (our test split and, where its text is here, the real-news yardstick), and time tagging
# (Tagger against the transformers pipeline). Usage: bash benchmarks/gpu_check.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/gpu-check}
mkdir -p "$out"
export PYTHONUNBUFFERED=1
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv | tee "$out/gpu.txt"
python3 -c "import torch, transformers, accelerate; print('torch', torch.__version__, 'transformers', transformers.__version__, 'accelerate', accelerate.__version__)" | tee -a "$out/gpu.txt"
python3 -m arabic_ie.cli prepare-base 2>&1 | tail -1
start=$(date +%s)
accelerate launch --config_file configs/accelerate/one-gpu.yaml -m arabic_ie.training --config configs/e5-small.yaml \
  output_dir=runs/e5-small-gpu 2>&1 | grep -v "it/s\]" | tee "$out/train.log" | tail -15
echo "accelerate launch wall time: $(( $(date +%s) - start )) s" | tee -a "$out/train.log"
cp runs/e5-small-gpu/metrics.json "$out/metrics.json"
for data in data/corpus/test.jsonl data/realnews/dev.jsonl data/realnews/test.jsonl; do
  python3 -m arabic_ie.cli evaluate --model runs/e5-small-gpu --data "$data" 2>&1 | tee -a "$out/evaluate.txt" || true
done
python3 benchmarks/tagging.py --model runs/e5-small-gpu --n 4096 --repeats 3 2>&1 | tee "$out/tagging-bf16.txt"
python3 benchmarks/tagging.py --model runs/e5-small-gpu --n 4096 --repeats 3 --dtype float32 2>&1 | tee "$out/tagging-fp32.txt"
