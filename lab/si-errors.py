#!/usr/bin/env python3
"""Where held-out span predictions go wrong (a development aid, not in CI).

Reads PTC predictions (`id <TAB> technique <TAB> start <TAB> end`, as written
by `slant eval cv ... --predictions FILE`, or `id <TAB> start <TAB> end`, as
`slant lab decode --output FILE` writes) and the gold split, merges
overlapping spans per article as the SI scorer does, and prints:
  * predicted spans by length (25-character buckets): how many, their mean
    precision, and the share that touch no gold span;
  * gold spans by length: mean recall and the share no prediction touches;
  * for predictions overlapping exactly one gold span, where they start and
    end relative to it;
  * predicted against gold spans per 1000 characters, by article;
  * how consistently the gold marks the same short phrase across the split,
    and how many false predictions are phrases it marks elsewhere.

usage: lab/si-errors.py PREDICTIONS [--data ../shared/data/ptc/train]
Only the standard library is needed.
"""

import argparse
import collections
import pathlib
import re
import statistics


def merge(spans):
    out = []
    for s, e in sorted(set(spans)):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return out


def read_spans(path):
    spans = collections.defaultdict(list)
    for line in open(path, encoding="utf-8"):
        p = line.rstrip("\n").split("\t")
        if len(p) >= 4 and p[2].isdigit() and p[3].isdigit():
            spans[p[0]].append((int(p[2]), int(p[3])))
        elif len(p) == 3 and p[1].isdigit() and p[2].isdigit():
            spans[p[0]].append((int(p[1]), int(p[2])))
    return spans


def overlap(s, e, spans):
    return sum(max(0, min(e, b) - max(s, a)) for a, b in spans)


def by_length(spans_of, other_of, arts, title):
    rows = collections.defaultdict(lambda: [0, 0.0, 0])
    for a in arts:
        other = other_of.get(a, [])
        for s, e in spans_of.get(a, []):
            o = overlap(s, e, other)
            row = rows[min((e - s) // 25, 8)]
            row[0] += 1
            row[1] += o / (e - s)
            row[2] += o == 0
    print(title)
    for b in sorted(rows):
        n, share, none = rows[b]
        label = f"{b * 25}+" if b == 8 else f"{b * 25}-{b * 25 + 24}"
        print(f"  {label:>8} chars  {n:5}  {share / n:.3f}  {none / n:.3f}")


def normalised(text):
    return re.sub(r"\W+", " ", text.lower()).strip()


def consistency(texts, gold, pred):
    """How consistently the gold marks the same short phrase, and how many
    false predictions are phrases the gold marks elsewhere."""
    phrases = collections.Counter(normalised(texts[a][s:e]) for a, spans in gold.items() if a in texts for s, e in set(spans))
    touches = lambda s, e, spans: any(s < b and a < e for a, b in spans)
    false = [(a, s, e) for a, spans in pred.items() if a in texts for s, e in spans if not touches(s, e, gold.get(a, []))]
    short = [(a, s, e) for a, s, e in false if len(normalised(texts[a][s:e]).split()) <= 4]
    elsewhere = sum(phrases[normalised(texts[a][s:e])] > 0 for a, s, e in short)
    if short:
        print(f"predicted spans touching no gold: {len(false)}; of the {len(short)} of at most 4 words, "
              f"{elsewhere / len(short):.3f} are the text of a gold span somewhere in the split")
    marked = unmarked = 0
    for phrase in phrases:
        if len(phrase) < 4 or len(phrase.split()) > 4:
            continue
        pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b", re.I)
        for a, text in texts.items():
            for m in pattern.finditer(text):
                if touches(m.start(), m.end(), gold.get(a, [])):
                    marked += 1
                else:
                    unmarked += 1
    if marked + unmarked:
        print(f"occurrences of the split's short gold phrases (at most 4 words): {marked + unmarked}, "
              f"{marked / (marked + unmarked):.3f} of them inside a gold span")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("predictions")
    ap.add_argument("--data", default="../shared/data/ptc/train")
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    texts = {
        re.search(r"article(\w+)\.txt", f.name).group(1): f.read_text(encoding="utf-8")
        for f in (data / "articles").glob("article*.txt")
    }
    lengths = {a: len(t) for a, t in texts.items()}
    raw_gold = read_spans(data / "labels.tsv")
    gold = {a: merge(s) for a, s in raw_gold.items()}
    pred = {a: merge(s) for a, s in read_spans(args.predictions).items()}
    by_length(pred, gold, lengths, "predicted spans by length: count, mean precision, share touching no gold span")
    by_length(gold, pred, lengths, "gold spans by length: count, mean recall, share no prediction touches")
    starts, ends = [], []
    for a, spans in pred.items():
        for s, e in spans:
            hit = [(gs, ge) for gs, ge in gold.get(a, []) if min(e, ge) > max(s, gs)]
            if len(hit) == 1:
                starts.append(s - hit[0][0])
                ends.append(e - hit[0][1])
    if starts:
        print(f"predictions overlapping one gold span: {len(starts)}; median start offset {statistics.median(starts)}, "
              f"median end offset {statistics.median(ends)}; start earlier {sum(x < 0 for x in starts) / len(starts):.2f}, "
              f"later {sum(x > 0 for x in starts) / len(starts):.2f}; end later {sum(x > 0 for x in ends) / len(ends):.2f}, "
              f"earlier {sum(x < 0 for x in ends) / len(ends):.2f}")
    g = [len(gold.get(a, [])) * 1000 / n for a, n in lengths.items() if n]
    p = [len(pred.get(a, [])) * 1000 / n for a, n in lengths.items() if n]
    print(f"spans per 1000 characters, by article: correlation of predicted with gold {statistics.correlation(g, p):.2f}")
    rows = collections.defaultdict(lambda: [0, 0.0, 0.0])
    for x, y in zip(g, p):
        row = rows[min(int(x), 8)]
        row[0] += 1
        row[1] += x
        row[2] += y
    for b in sorted(rows):
        n, x, y = rows[b]
        print(f"  gold density {b}{'+' if b == 8 else ''}: {n:3} articles, gold {x / n:.2f}, predicted {y / n:.2f}")
    consistency(texts, raw_gold, pred)


if __name__ == "__main__":
    main()
