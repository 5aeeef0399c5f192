"""Checks mpnet.py's numpy forward against transformers' MPNetModel, then
times MPNetModel in PyTorch (2 threads, batch 8 x 256 pieces, fp32 and bf16,
all 12 layers and the first 4) for the speed comparison in docs/experiments.md. Needs torch
and transformers, which the probe's own environment leaves out.
usage: mpnet_check.py MPNET_DIR   Part of lab/encoder-probe (see mpnet.sh)."""
import os, sys, time
import numpy as np, torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mpnet import mp_params, mp_forward
from transformers import MPNetModel
d = sys.argv[1]
m = MPNetModel.from_pretrained(d).eval()
rng = np.random.default_rng(0)
ids = rng.integers(5, 30000, size=(2, 300)); ids[:, 0] = 0; ids[0, -1] = 2; ids[1, 200] = 2; ids[1, 201:] = 1
mask = (ids != 1).astype(np.int64)
with torch.no_grad():
    hs = m(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask), output_hidden_states=True).hidden_states
mine = mp_forward(mp_params(d), ids, mask, {0, 4, 8, 12})
for k in (0, 4, 8, 12):
    r = hs[k].numpy(); valid = mask.astype(bool)
    diff = float(np.abs(r[valid] - mine[k][valid]).max())
    print(f'MPNet check: layer {k} max abs diff {diff:.2e} (largest value {float(np.abs(r[valid]).max()):.2f})')
    assert diff < 1e-4, 'the numpy MPNet forward does not match transformers'

torch.set_num_threads(2)
ids = torch.randint(5, 30000, (8, 256), generator=torch.Generator().manual_seed(0))
for dt in (torch.float32, torch.bfloat16):
    for layers in (12, 4):
        mm = MPNetModel.from_pretrained(d).eval().to(dt)
        mm.encoder.layer = mm.encoder.layer[:layers]
        with torch.no_grad():
            mm(input_ids=ids)
            t, n = time.time(), 0
            while time.time() - t < 8:
                mm(input_ids=ids)
                n += 1
        print(f'MPNet speed: {dt} {layers} layers {n * ids.numel() / (time.time() - t):.0f} pieces/s', flush=True)
