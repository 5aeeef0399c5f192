#!/usr/bin/env bash
# The committed neural recipe's 5-fold CV (fold seed 1), its held-out
# probabilities saved to OUT/held-out.jsonl, for the labs in lab/
# (encoder-probe/, mpnet-tier/, span-filter/). Builds slant and fetches the encoder and
# embeddings when missing; skips the CV (~40 min on 2 cores) when the file
# is already there. usage: lab/held-out-cv.sh OUT
set -euo pipefail
out="${1:?usage: lab/held-out-cv.sh OUT}"
root="$(cd "$(dirname "$0")/.." && pwd)"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
mkdir -p "$out"
cd "$root"
[ -x target/release/slant ] || cargo build --release --locked
scripts/fetch-minilm.sh
scripts/fetch-potion.sh
python3 -c "import json; print(json.dumps(json.load(open('models/neural.json'))['config']))" > "$out/config.json"
if [ ! -f "$out/held-out.jsonl" ]; then
  target/release/slant train --neural --cv 5 --seed 1 --data "$ptc/train" --embeddings .cache/potion-base-8M \
    --config "@$out/config.json" --cv-only --held-out "$out/held-out.jsonl.tmp"
  mv "$out/held-out.jsonl.tmp" "$out/held-out.jsonl"
fi
