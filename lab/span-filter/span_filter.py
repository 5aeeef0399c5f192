#!/usr/bin/env python3
"""Would a span-level filter lift SI F1? (A development aid, not in CI.)

Reads what `slant train --neural --cv 5 ... --held-out H.jsonl` and `slant eval
decode --held-out H.jsonl --words W.jsonl --output P.tsv` wrote: each
held-out article's word and sentence probabilities with its fold, each
word's span and sentence, and the decoded spans. Describes every decoded span
by 22 span-level features (length, the blended, neural and classical word
probabilities inside it: max, mean, min; its sentence's three
probabilities; how much of the sentence it covers; where the sentence is;
the words just outside; the article's mean word and sentence probabilities
and how many spans it got), then fits a gradient-boosted classifier of
"the span touches a gold span" on four folds' spans and drops the fifth
fold's spans it scores under a threshold also chosen on the four folds.
SI is scored as `slant lab decode` scores it (spans merged per article,
partial overlap), and the unfiltered figure is checked against that
command's.

usage: span_filter.py H.jsonl W.jsonl P.tsv LABELS.tsv [EXPECTED_SI_F1]
"""

import collections
import json
import sys

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

FEATURES = (
    "words chars blend_max blend_mean blend_min neural_max neural_mean classical_max classical_mean "
    "sentence neural_sentence classical_sentence article_word_mean spans_per_100_words article_spans "
    "sentence_share sentence_place in_title word_before word_after article_sentence_mean article_sentence_max"
).split()


def merge(spans):
    out = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def covered(a, spans):
    return sum(max(0, min(a[1], b[1]) - max(a[0], b[0])) for b in spans) / max(1, a[1] - a[0])


def score(pred, gold, articles):
    """SI F1, precision and recall over `articles`: spans merged per article,
    each span credited with the share of it the other side covers."""
    p_num = p_den = r_num = r_den = 0.0
    for a in articles:
        g, p = merge(gold.get(a, [])), merge(pred.get(a, []))
        p_den += len(p)
        r_den += len(g)
        p_num += sum(covered(x, g) for x in p)
        r_num += sum(covered(x, p) for x in g)
    precision = p_num / p_den if p_den else 0.0
    recall = r_num / r_den if r_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def read(held_path, words_path, pred_path, labels_path):
    held = {h["id"]: h for h in map(json.loads, open(held_path, encoding="utf-8"))}
    words = {w["id"]: w["words"] for w in map(json.loads, open(words_path, encoding="utf-8"))}
    pred = collections.defaultdict(list)
    for line in open(pred_path, encoding="utf-8"):
        a, s, e = line.rstrip("\n").split("\t")
        pred[a].append((int(s), int(e)))
    gold = collections.defaultdict(list)
    for line in open(labels_path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 4:
            gold[parts[0]].append((int(parts[2]), int(parts[3])))
    return held, words, pred, gold


def features(held, words, pred):
    """One row per decoded span, and (article, fold, span) beside it."""
    rows, meta = [], []
    for a, h in held.items():
        ws, bw, nw, cw = words[a], h["words"], h["neural_words"], h["classical_words"]
        per_sentence = collections.Counter(w[2] for w in ws)
        sentences = h["sentences"]
        for s, e in pred.get(a, []):
            idx = [i for i, w in enumerate(ws) if w[0] < e and s < w[1]]
            if not idx:
                continue
            first, last = idx[0], idx[-1]
            sent = ws[first][2]
            inside = [bw[i] for i in idx]
            rows.append([
                len(idx), e - s,
                max(inside), float(np.mean(inside)), min(inside),
                max(nw[i] for i in idx), float(np.mean([nw[i] for i in idx])),
                max(cw[i] for i in idx), float(np.mean([cw[i] for i in idx])),
                sentences[sent], h["neural_sentences"][sent], h["classical_sentences"][sent],
                float(np.mean(bw)), len(pred[a]) / max(1, len(ws)) * 100, len(pred[a]),
                len(idx) / per_sentence[sent], sent / max(1, len(sentences)), float(sent == 0),
                bw[first - 1] if first > 0 else 0.0, bw[last + 1] if last + 1 < len(ws) else 0.0,
                float(np.mean(sentences)), max(sentences),
            ])
            meta.append((a, h["fold"], (s, e)))
    return np.array(rows), meta


def main():
    if len(sys.argv) not in (5, 6):
        sys.exit(__doc__)
    held, words, pred, gold = read(*sys.argv[1:5])
    articles = list(held)
    fold_of = {a: held[a]["fold"] for a in articles}
    base = score(pred, gold, articles)
    print(f"unfiltered: SI F1 {base[0]:.6f} (P {base[1]:.6f}, R {base[2]:.6f})")
    if len(sys.argv) == 6 and abs(base[0] - float(sys.argv[5])) > 1e-6:
        sys.exit(f"this scorer gives {base[0]:.6f} where slant lab decode gave {sys.argv[5]}: not the same scoring")

    x, meta = features(held, words, pred)
    touches = np.array([covered(sp, merge(gold.get(a, []))) > 0 for a, _, sp in meta])
    folds = np.array([f for _, f, _ in meta])
    print(f"{len(meta)} decoded spans, {touches.mean():.3f} of them touch a gold span")
    oracle = collections.defaultdict(list)
    for (a, _, sp), t in zip(meta, touches):
        if t:
            oracle[a].append(sp)
    f1, p, r = score(oracle, gold, articles)
    print(f"oracle (only the spans that touch gold kept): SI F1 {f1:.4f} (P {p:.4f}, R {r:.4f})")
    print("held-out span ROC AUC of each feature alone (touches gold):")
    print("  " + ", ".join(f"{n} {roc_auc_score(touches, x[:, j]):.3f}" for j, n in enumerate(FEATURES)))

    prob = np.zeros(len(meta))
    for k in sorted(set(folds)):
        train = folds != k
        model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15, min_samples_leaf=40, random_state=1)
        model.fit(x[train], touches[train])
        prob[~train] = model.predict_proba(x[~train])[:, 1]
    print(f"classifier's held-out ROC AUC {roc_auc_score(touches, prob):.4f} (the span's strongest blended word alone: "
          f"{roc_auc_score(touches, x[:, FEATURES.index('blend_max')]):.4f})")

    def kept(threshold, in_fold=lambda f: True):
        out = collections.defaultdict(list)
        for (a, f, sp), q in zip(meta, prob):
            if q >= threshold and in_fold(f):
                out[a].append(sp)
        return out

    grid = [round(float(t), 3) for t in np.arange(0.0, 0.6, 0.01)]
    nested, chosen = {}, []
    for k in sorted(set(folds)):
        others = [a for a in articles if fold_of[a] != k]
        best = max(grid, key=lambda t: score(kept(t, lambda f: f != k), gold, others)[0])
        chosen.append(best)
        nested.update(kept(best, lambda f: f == k))
    f1, p, r = score(nested, gold, articles)
    by_fold = [score(nested, gold, [a for a in articles if fold_of[a] == k])[0] for k in sorted(set(folds))]
    print(f"filtered, nested (threshold chosen on the other folds: {chosen}): SI F1 {f1:.4f} (P {p:.4f}, R {r:.4f})")
    print("  by fold " + " ".join(f"{v:.4f}" for v in by_fold))
    for t in (0.2, 0.25, 0.3, 0.35):
        f1, p, r = score(kept(t), gold, articles)
        print(f"  every fold at threshold {t}: SI F1 {f1:.4f} (P {p:.4f}, R {r:.4f})")


if __name__ == "__main__":
    main()
