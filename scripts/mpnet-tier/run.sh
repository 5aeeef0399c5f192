#!/usr/bin/env bash
# Heads on all-mpnet-base-v2 in Rust: the committed recipe's heads (no tuned
# layers: they are BERT layers without MPNet's relative bias) trained on
# MPNet's frozen layers 4 and 12 by `slant train-neural`, cross-validated on
# the committed recipe's folds, alone (blended with the classical model as
# configured) and mixed into the committed blend's held-out probabilities.
#   1. scripts/fetch-mpnet.sh; the committed recipe's held-out CV
#      (scripts/held-out-cv.sh, skipped when its file exists; ~40 min);
#   2. the MPNet heads' CV (encoding ~8 min in f32, then ~15 min);
#   3. mix.py at MIX_WEIGHTS (default 0.2,0.3,0.4,0.5,0.6,0.7), each scored by
#      `slant eval decode` at the committed decoding.
# Results: README, "Neural tier", "MPNet in Rust". Not part of CI.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
base="$root/.cache/encoder-probe"
out="$root/.cache/mpnet-tier"
cd "$root"
"$root/scripts/held-out-cv.sh" "$base"
scripts/fetch-mpnet.sh "$base"
mkdir -p "$out"
python3 -c "import json; c = json.load(open('models/neural.json'))['config']; c['layers'] = [4, 12]; c['tune'] = None; print(json.dumps(c))" > "$out/config.json"
if [ ! -f "$out/held-out.jsonl" ]; then
  SLANT_MINILM_DIR="$base/all-mpnet-base-v2" target/release/slant train-neural --cv 5 --seed 1 --data "$ptc/train" \
    --embeddings .cache/potion-base-8M --config "@$out/config.json" --cv-only --held-out "$out/held-out.jsonl.tmp" \
    2>&1 | tee "$out/cv.log"
  mv "$out/held-out.jsonl.tmp" "$out/held-out.jsonl"
fi
score() { target/release/slant eval decode --held-out "$1" --data "$ptc/train" | grep F1 | tr '\n' ' '; echo; }
echo "committed blend: $(score "$base/held-out.jsonl")"
echo "MPNet heads blended with the classical model: $(score "$out/held-out.jsonl")"
for w in $(echo "${MIX_WEIGHTS:-0.2,0.3,0.4,0.5,0.6,0.7}" | tr , ' '); do
  python3 scripts/mpnet-tier/mix.py "$base/held-out.jsonl" "$out/held-out.jsonl" "$w" "$out/mixed-$w.jsonl"
  echo "committed blend + MPNet neural side at $w: $(score "$out/mixed-$w.jsonl")"
done
