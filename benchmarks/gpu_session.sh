#!/usr/bin/env bash
# What a lent GPU should measure, in phases, on the bare machine the device tool lends.
#
# Here, first:  python benchmarks/gpu_kit.py    (packs .gpu/: the wheels that machine lacks, the cut e5 file;
#               with the real-news text as ARABIC_IE_REALTEXT or ../shared/realtext/news.jsonl, a copy of it,
#               joined at run time there as everywhere; .gpu is git-ignored and never committed)
# There, carrying .gpu:  bash benchmarks/gpu_session.sh OUT_DIR [PHASE...]
#
# Phases, in the order given (default: all five); setup runs first whatever is asked and is skipped when done.
# Each phase writes one file into OUT_DIR as it goes (the device tool returns at most 8), so a call cut off by
# its time limit keeps what finished; each has its own time limit (seconds, GPU_<PHASE>_S to change).
#   setup    install the carried wheels and this package (pip, no index), convert the base model         120
#   check    train the default with `accelerate launch` in bf16 (time, dev F1), score it on our test split and
#            both real-news splits                                                                      240
#   tagging  benchmarks/tagging.py: Tagger against the transformers pipeline, bf16 and float32             150
#   sweep    the real-news issue: the default over seeds 42, 7, 13 in bf16, and learning rate 1e-4 over the same
#            seeds, trained side by side (benchmarks/ablation.py --parallel 6), scored on both dev and both
#            test sets (4 epochs and 3e-4 lost on realnews-dev on CPU; README, "Real news")                420
#   linker   the money-facts issue: the learned linker, every layer trained for 8 epochs on the check's
#            model, against the rules, end to end on our test split and realnews-test                   300
# The device tool gives a session 15 minutes in all, its start included, and 10 a call: run
# `setup check tagging` first, read its times, then `sweep linker` at once (a warm machine keeps setup).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: bash benchmarks/gpu_session.sh OUT_DIR [setup|check|tagging|sweep|linker ...]}
shift
phases=("$@")
[ ${#phases[@]} -gt 0 ] || phases=(check tagging sweep linker)
mkdir -p "$out" runs/gpu
export PYTHONUNBUFFERED=1 TOKENIZERS_PARALLELISM=false
[ -f .gpu/news.jsonl ] && export ARABIC_IE_REALTEXT="$PWD/.gpu/news.jsonl"
quiet() { grep --line-buffered -v -E "it/s\]|s/it\]|Loading weights"; }

setup() {
  if python3 -c "import arabic_ie.training.train, seqeval, pydantic" 2>/dev/null && [ -f models/e5-small/config.json ]; then
    echo "setup: already done"; return 0
  fi
  [ -d .gpu/wheels ] || { echo "setup: no .gpu/wheels here; run python benchmarks/gpu_kit.py and carry .gpu"; return 1; }
  python3 -m pip install -q --no-index --no-deps --no-compile --upgrade .gpu/wheels/*.whl &&
  python3 -m pip install -q --no-index --no-deps --no-build-isolation -e . &&
  python3 -c "import lzma; open('.gpu/e5-small.bin', 'wb').write(lzma.decompress(open('.gpu/e5-small.bin.xz', 'rb').read()))" &&
  python3 -m arabic_ie.cli prepare-base --source .gpu/e5-small.bin || return 1
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv || echo "no nvidia-smi here"
  python3 -c "import torch, transformers, accelerate; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'transformers', transformers.__version__, 'accelerate', accelerate.__version__)"
}

check() {
  local start=$SECONDS
  accelerate launch --config_file configs/accelerate/one-gpu.yaml -m arabic_ie.training --config configs/e5-small.yaml \
    output_dir=runs/gpu/e5-small 2>&1 | quiet | tail -20
  echo "accelerate launch wall time: $((SECONDS - start)) s"
  for data in data/corpus/test.jsonl data/realnews/dev.jsonl data/realnews/test.jsonl; do
    python3 -m arabic_ie.cli evaluate --model runs/gpu/e5-small --data "$data" 2>&1 | quiet | head -12
  done
}

tagging() {
  python3 benchmarks/tagging.py --model runs/gpu/e5-small --n 2048 --repeats 3 2>&1 | quiet
  python3 benchmarks/tagging.py --model runs/gpu/e5-small --n 2048 --repeats 3 --dtype float32 2>&1 | quiet
}

sweep() {
  OMP_NUM_THREADS=2 python3 benchmarks/ablation.py --config configs/e5-small.yaml --seeds 42,7,13 --parallel 6 \
    --out runs/gpu/sweep --variant default:export_onnx=false --variant lr1e-4:export_onnx=false,learning_rate=1e-4 \
    --data data/realnews/dev.jsonl --data data/corpus/dev.jsonl --data data/realnews/test.jsonl \
    --data data/corpus/test.jsonl 2>&1 | quiet
  cat runs/gpu/sweep/results.jsonl
}

linker() {
  [ -f runs/gpu/e5-small/metrics.json ] || { echo "linker: no runs/gpu/e5-small (run the check phase first)"; return 1; }
  python3 -m arabic_ie.cli train-linker --config configs/linker-e5-small.yaml base_model=runs/gpu/e5-small \
    train_layers=null epochs=8 output_dir=runs/gpu/linker 2>&1 | quiet | tail -12
  for data in data/corpus/test.jsonl data/realnews/test.jsonl; do
    for linker in rules runs/gpu/linker; do
      echo "== $data, linker $linker"
      choice=(); [ "$linker" = rules ] || choice=(--linker "$linker")
      python3 -m arabic_ie.cli evaluate --facts --model runs/gpu/e5-small --data "$data" "${choice[@]}" 2>&1 | quiet | tail -12
    done
  done
}

run_phase() {
  local name=$1 limit_var="GPU_${1^^}_S" default=$2
  local limit=${!limit_var:-$default} start=$SECONDS
  echo "== $name (limit ${limit} s)"
  # `timeout` runs a child bash with the phase's function exported into it
  export -f "$name" quiet
  timeout "$limit" bash -c "$name" > "$out/$name.txt" 2>&1
  local rc=$?
  echo "== $name: exit $rc after $((SECONDS - start)) s" | tee -a "$out/$name.txt"
  return $rc
}

declare -A limits=([setup]=120 [check]=240 [tagging]=150 [sweep]=420 [linker]=300)
run_phase setup "${limits[setup]}" || { cat "$out/setup.txt"; exit 1; }
for phase in "${phases[@]}"; do
  [ "$phase" = setup ] && continue
  [ -n "${limits[$phase]:-}" ] || { echo "unknown phase $phase (setup, check, tagging, sweep, linker)"; exit 2; }
  run_phase "$phase" "${limits[$phase]}"
done
