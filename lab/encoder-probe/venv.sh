#!/usr/bin/env bash
# The encoder probes' Python environment in OUT/venv (pinned; ~400 MB), made
# once. usage: lab/encoder-probe/venv.sh OUT
set -euo pipefail
out="${1:?usage: venv.sh OUT}"
if [ ! -x "$out/venv/bin/python" ]; then
  python3 -m venv "$out/venv"
  "$out/venv/bin/pip" install -q numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 onnx==1.23.2 \
    onnxruntime==1.32.0 tokenizers==0.23.3 safetensors==0.8.0
fi
