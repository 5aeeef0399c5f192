#!/usr/bin/env bash
# Would a span-level filter lift SI F1? The committed neural recipe's CV
# saves its held-out probabilities, `slant lab decode` decodes them as the
# model does, and span_filter.py learns (on four folds, tested on the fifth)
# which decoded spans to drop from 22 span-level features. Not part of CI:
# a Python environment (numpy, scikit-learn, ~150 MB) and the CV's ~40 min
# on 2 cores. Results: docs/experiments.md, "A span filter".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.cache/span-filter"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
"$root/lab/held-out-cv.sh" "$out"
cd "$root"
if [ ! -x "$out/venv/bin/python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1
fi
target/release/slant lab decode --held-out "$out/held-out.jsonl" --data "$ptc/train" \
  --words "$out/words.jsonl" --output "$out/decoded.tsv" | tee "$out/decode.txt"
f1="$(sed -n 's/^SI  precision .* F1 \([0-9.]*\)$/\1/p' "$out/decode.txt")"
"$out/venv/bin/python" lab/span-filter/span_filter.py "$out/held-out.jsonl" "$out/words.jsonl" \
  "$out/decoded.tsv" "$ptc/train/labels.tsv" "$f1"
