#!/usr/bin/env bash
# Heads on all-mpnet-base-v2 in Rust: the committed recipe's heads (no tuned
# layers: they are BERT layers without MPNet's relative bias) trained on
# MPNet's frozen layers 4 and 12 by `slant train --neural`, cross-validated on
# the committed recipe's folds, alone (blended with the classical model as
# configured) and mixed into the committed blend's held-out probabilities.
#   1. scripts/fetch-mpnet.sh (.cache/mpnet); the committed recipe's held-out CV
#      (lab/held-out-cv.sh, skipped when its file exists; ~40 min);
#   2. the MPNet heads' CV (encoding ~8 min in f32, then ~15 min);
#   3. mix.py at MIX_WEIGHTS (default 0.2,0.3,0.4,0.5,0.6,0.7), each scored by
#      `slant lab decode` at the committed decoding.
# Results: docs/experiments.md, "MPNet in Rust". Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
base="$root/.cache/encoder-probe"
out="$root/.cache/mpnet-tier"
cd "$root"
"$root/lab/held-out-cv.sh" "$base"
scripts/fetch-mpnet.sh
mkdir -p "$out"
# --encoder mpnet without --config: the committed recipe on layers 4 and 12
# without tuned layers (HeadsConfig::mpnet_recipe).
if [ ! -f "$out/held-out.jsonl" ]; then
  target/release/slant train --neural --encoder mpnet --cv 5 --seed 1 --data "$ptc/train" --precision "${PRECISION:-f32}" \
    --embeddings .cache/potion-base-8M --cv-only --held-out "$out/held-out.jsonl.tmp" \
    2>&1 | tee "$out/cv.log"
  mv "$out/held-out.jsonl.tmp" "$out/held-out.jsonl"
fi
score() { target/release/slant lab decode --held-out "$1" --data "$ptc/train" | grep F1 | tr '\n' ' '; echo; }
echo "committed blend: $(score "$base/held-out.jsonl")"
echo "MPNet heads blended with the classical model: $(score "$out/held-out.jsonl")"
for w in $(echo "${MIX_WEIGHTS:-0.2,0.3,0.4,0.5,0.6,0.7}" | tr , ' '); do
  python3 lab/mpnet-tier/mix.py "$base/held-out.jsonl" "$out/held-out.jsonl" "$w" "$out/mixed-$w.jsonl"
  echo "committed blend + MPNet neural side at $w: $(score "$out/mixed-$w.jsonl")"
done
