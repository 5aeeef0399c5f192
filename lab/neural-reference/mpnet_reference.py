#!/usr/bin/env python3
"""Float64 numpy forward of all-mpnet-base-v2 (lab/encoder-probe/mpnet.py's,
itself checked against transformers' MPNetModel to 2.6e-6), the reference for
slant-encoder's MPNet tests. Writes
crates/slant-encoder/tests/fixtures/mpnet_reference.{json,bin}:
for a short and a long (300-piece) sequence, the ids and layers 4 and 12 of
some rows (every row of the short one, every 13th of the long one, whose
distances reach past the 128 where relative buckets stop growing).

usage: lab/neural-reference/mpnet_reference.py MPNET_DIR   (the
encoder-probe venv has what it needs: lab/encoder-probe/venv.sh)
"""
import json
import os
import sys

import numpy as np
from tokenizers import Tokenizer

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'encoder-probe'))
from mpnet import mp_forward, mp_params  # noqa: E402

SHORT = "This is a test."
LONG = (
    "The harbour board met on Tuesday to discuss the new tax on fishing boats, which the mayor called "
    "a disgrace and a betrayal of every family that has worked these waters for generations. "
)
LAYERS = [4, 12]


def main():
    mdir = sys.argv[1]
    tok = Tokenizer.from_file(os.path.join(mdir, 'tokenizer.json'))
    tok.no_truncation()
    tok.no_padding()
    short = tok.encode(SHORT).ids
    long_body = tok.encode(LONG * 20, add_special_tokens=False).ids[:298]
    long = [0] + long_body + [2]
    p = mp_params(mdir)
    p64 = {k: v for k, v in p.items() if k != 'layers'}
    p64 = {k: tuple(a.astype(np.float64) for a in v) if isinstance(v, tuple) else v.astype(np.float64)
           for k, v in p64.items()}
    p64['layers'] = [{k: tuple(a.astype(np.float64) for a in v) for k, v in l.items()} for l in p['layers']]
    seqs, rows, floats = [], [], []
    for ids, step in ((short, 1), (long, 13)):
        arr = np.array([ids])
        out = mp_forward(p64, arr, np.ones_like(arr), set(LAYERS), dtype=np.float64)
        keep = list(range(0, len(ids), step))
        seqs.append([int(i) for i in ids])
        rows.append(keep)
        floats.append(np.concatenate([out[k][0][keep] for k in LAYERS], 1).astype(np.float32))
    fix = os.path.join(HERE, '..', '..', 'crates', 'slant-encoder', 'tests', 'fixtures', 'mpnet_reference')
    with open(fix + '.json', 'w') as f:
        json.dump({'hidden_size': 768, 'layers': LAYERS, 'text': SHORT, 'ids': seqs, 'rows': rows}, f)
        f.write('\n')
    np.concatenate(floats).tofile(fix + '.bin')
    print('wrote', fix + '.{json,bin}', [len(s) for s in seqs], 'sequences,', sum(len(r) for r in rows), 'rows')


if __name__ == '__main__':
    main()
