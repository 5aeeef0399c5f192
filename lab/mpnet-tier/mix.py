#!/usr/bin/env python3
"""Mixes two held-out files of `slant train --neural --held-out` (same folds,
same articles): the base blend's word and sentence probabilities take in the
other run's neural side at weight W, and the result is written as a
held-out file `slant lab decode` scores.

usage: mix.py BASE.jsonl OTHER.jsonl W OUT.jsonl
Standard library only. Part of lab/mpnet-tier (see run.sh)."""
import json
import sys


def read(path):
    return {h['id']: h for h in map(json.loads, open(path, encoding='utf-8')) if h}


def main():
    base_path, other_path, w, out_path = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
    if not 0.0 <= w <= 1.0:
        raise SystemExit(f'mix.py: weight {w} outside 0..1')
    base, other = read(base_path), read(other_path)
    if base.keys() != other.keys():
        raise SystemExit(f'mix.py: the two files hold different articles ({len(base)} and {len(other)})')
    with open(out_path, 'w', encoding='utf-8') as out:
        for aid, b in base.items():
            o = other[aid]
            if b['fold'] != o['fold']:
                raise SystemExit(f'mix.py: article {aid} is in fold {b["fold"]} and {o["fold"]}: different folds')
            line = dict(b)
            for blended, neural in (('words', 'neural_words'), ('sentences', 'neural_sentences')):
                if len(b[blended]) != len(o[neural]):
                    raise SystemExit(f'mix.py: article {aid}: {blended} differ in length')
                line[blended] = [(1 - w) * x + w * y for x, y in zip(b[blended], o[neural])]
            out.write(json.dumps(line) + '\n')


if __name__ == '__main__':
    main()
