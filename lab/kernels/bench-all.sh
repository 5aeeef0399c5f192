#!/bin/sh
# Runs the bench example for every backend/precision/batch/thread setting
# and prints one line each (crates/slant-encoder/examples/bench.rs).
# usage: lab/kernels/bench-all.sh [SECONDS]
set -eu
cd "$(dirname "$0")/../.."
S=${1:-6}
cargo build --release -p slant-encoder --example bench >/dev/null 2>&1
B=target/release/examples/bench
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for t in 1 2; do
  for p in f32 bf16x3 bf16; do
    for b in 1 8 32; do
      RAYON_NUM_THREADS=$t $B --precision $p --batch $b --seconds "$S" 2>/dev/null
    done
  done
done
for b in 1 8; do
  $B --backend candle --batch $b --seconds "$S" 2>/dev/null
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
