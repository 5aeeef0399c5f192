#!/usr/bin/env python3
"""Independent float64 numpy forward pass of a BERT encoder, used to check
the Rust implementations. Reads model.safetensors directly (no torch, no
safetensors package) and writes slant-encoder's
crates/slant-encoder/tests/fixtures/minilm_reference.{json,bin}.

usage: lab/neural-reference/reference_forward.py MODEL_DIR [OUT_PREFIX]   (from the repository root)
"""
import json
import math
import struct
import sys

import numpy as np


def load_safetensors(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        blob = f.read()
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        arr = np.frombuffer(blob[start:end], dtype=dtypes[meta["dtype"]])
        out[name] = arr.reshape(meta["shape"]).astype(np.float64)
    return out


ERF = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1.0 + ERF(x / math.sqrt(2.0)).astype(np.float64))


def layer_norm(x, g, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * g + b


def forward(w, cfg, ids):
    eps = cfg["layer_norm_eps"]
    heads = cfg["num_attention_heads"]
    hidden = cfg["hidden_size"]
    d = hidden // heads
    n = len(ids)
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:n]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def lin(name, inp):
            return inp @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = lin("attention.self.query", x).reshape(n, heads, d).transpose(1, 0, 2)
        k = lin("attention.self.key", x).reshape(n, heads, d).transpose(1, 0, 2)
        v = lin("attention.self.value", x).reshape(n, heads, d).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(d)
        s = np.exp(s - s.max(-1, keepdims=True))
        s = s / s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(n, hidden)
        x = layer_norm(x + lin("attention.output.dense", ctx),
                       w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        h = gelu(lin("intermediate.dense", x))
        x = layer_norm(x + lin("output.dense", h),
                       w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x


def main():
    model_dir = sys.argv[1]
    prefix = sys.argv[2] if len(sys.argv) > 2 else "crates/slant-encoder/tests/fixtures/minilm_reference"
    cfg = json.load(open(f"{model_dir}/config.json"))
    w = load_safetensors(f"{model_dir}/model.safetensors")
    # "[CLS] this is a test. [SEP]" and a deterministic 256-token sequence.
    seqs = [
        [101, 2023, 2003, 1037, 3231, 1012, 102],
        [101] + [1000 + (i * 7919) % 29000 for i in range(254)] + [102],
    ]
    outs = [forward(w, cfg, s).astype(np.float32) for s in seqs]
    with open(prefix + ".bin", "wb") as f:
        for o in outs:
            f.write(o.astype("<f4").tobytes())
    json.dump({"hidden_size": cfg["hidden_size"], "ids": seqs}, open(prefix + ".json", "w"))
    print("wrote", prefix, [o.shape for o in outs], "norm[0][0] =", float(np.linalg.norm(outs[0][0])))


if __name__ == "__main__":
    main()
