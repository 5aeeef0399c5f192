"""Held-out piece probabilities of frozen-feature probes on slant's own CV
folds (read from the held-out file `slant train --neural --held-out` wrote), for
mixing into the saved held-out blend.
usage: fit.py HELD_OUT SET [SET ...]   (SET: l6, l3, both; with PROBE_FEATS=feats-mpnet.npz
(mpnet.py's), layers joined by +, e.g. l6.2+l6.6, mp.4+mp.12)
Part of lab/encoder-probe (see run.sh)."""
import json, os, sys, time, warnings
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings('ignore')
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PTC = os.environ.get('SLANT_PTC_DIR', os.path.join(ROOT, '..', 'shared', 'data', 'ptc')) + '/train'
OUT = os.path.join(ROOT, '.cache', 'encoder-probe')
ids = sorted(f[7:-4] for f in os.listdir(f'{PTC}/articles'))
fold_of = {j['id']: j['fold'] for j in map(json.loads, open(sys.argv[1]))}
fold_of_article = [fold_of[a] for a in ids]
feats = os.environ.get('PROBE_FEATS', 'feats.npz')
d = np.load(os.path.join(OUT, feats))
X, Y, A = d['X'], d['Y'], d['A']
F = np.array(fold_of_article)[A]
if 'sets' in d:
    cols_of = json.loads(str(d['sets']))
    sets = {}
    for name in sys.argv[2:]:
        sets[name] = np.concatenate([np.arange(*cols_of[part]) for part in name.split('+')])
else:
    sets = {'l6': slice(0, 768), 'l3': slice(768, 1152), 'both': slice(0, 1152)}
out = {}
for name in sys.argv[2:]:
    Xs = X[:, sets[name]]
    t0 = time.time()
    p = np.zeros(len(Y), dtype=np.float32)
    for k in range(max(fold_of_article) + 1):
        tr, te = F != k, F == k
        Xtr = Xs[tr].astype(np.float32)
        mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
        clf = MLPClassifier(hidden_layer_sizes=(256,), max_iter=6, batch_size=512, alpha=1e-4, random_state=0)
        clf.fit((Xtr - mu) / sd, Y[tr])
        p[te] = clf.predict_proba((Xs[te].astype(np.float32) - mu) / sd)[:, 1]
        del Xtr
    del Xs
    out[name] = p
    print(f'{name} held-out piece AUC {roc_auc_score(Y, p):.4f} {time.time() - t0:.0f}s', flush=True)
    np.save(os.path.join(OUT, f'pieces_{name}.npy'), p)
print('articles', len(ids), 'fold sizes', np.bincount(fold_of_article))
