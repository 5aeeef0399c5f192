#!/usr/bin/env python3
"""Where held-out span predictions go wrong (a development aid, not in CI).

Reads PTC predictions (`id <TAB> technique <TAB> start <TAB> end`, as written
by `slant eval cv ... --predictions FILE`) and the gold split, merges
overlapping spans per article as the SI scorer does, and prints:
  * predicted spans by length (25-character buckets): how many, their mean
    precision, and the share that touch no gold span;
  * gold spans by length: mean recall and the share no prediction touches;
  * for predictions overlapping exactly one gold span, where they start and
    end relative to it;
  * predicted against gold spans per 1000 characters, by article.

usage: scripts/si-errors.py PREDICTIONS [--data ../shared/data/ptc/train]
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("predictions")
    ap.add_argument("--data", default="../shared/data/ptc/train")
    args = ap.parse_args()
    data = pathlib.Path(args.data)
    lengths = {
        re.search(r"article(\w+)\.txt", f.name).group(1): len(f.read_text(encoding="utf-8"))
        for f in (data / "articles").glob("article*.txt")
    }
    gold = {a: merge(s) for a, s in read_spans(data / "labels.tsv").items()}
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


if __name__ == "__main__":
    main()
