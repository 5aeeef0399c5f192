#!/bin/sh
# Side-by-side encoder speed: slant's Rust fast path against PyTorch on the
# same model (all-MiniLM-L6-v2) and the same inputs (batch × 256 synthetic
# word-piece ids), 1 and 2 threads. Not part of CI: PyTorch needs a 5.7 GB
# virtual environment (PyPI serves only the CUDA build here):
#   python3 -m venv .venv && .venv/bin/pip install torch numpy safetensors
# usage: scripts/bench-neural.sh [SECONDS] [BATCH]
set -eu
cd "$(dirname "$0")/.."
S=${1:-5}
B=${2:-8}
PY=${PYTHON:-.venv/bin/python}
cargo build --release -q -p slant-neural --example bench
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
  for p in f32 bf16x3 bf16; do
    RAYON_NUM_THREADS=$t target/release/examples/bench --precision $p --batch "$B" --seconds "$S" 2>/dev/null
  done
  if [ -x "$PY" ] && "$PY" -c 'import torch' 2>/dev/null; then
    for d in fp32 bf16; do
      "$PY" scripts/bench-torch.py --threads $t --dtype $d --batch "$B" --seconds "$S"
    done
  else
    echo "PyTorch not installed in $PY: skipped (see the comment at the top of this script)"
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
