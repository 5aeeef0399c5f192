#!/usr/bin/env python3
"""Writes the articles of PTC split folders as JSON Lines for the Spark job:
one {"id", "text"} object per article<ID>.txt, the id as the CLI
names it.

    python examples/spark/ptc_to_jsonl.py $SLANT_PTC_DIR/train $SLANT_PTC_DIR/dev > articles.jsonl
"""

import json
import pathlib
import sys


def articles(split_dirs):
    for split in split_dirs:
        folder = pathlib.Path(split)
        folder = folder / "articles" if (folder / "articles").is_dir() else folder
        for path in sorted(folder.glob("article*.txt")):
            yield {"id": path.stem.removeprefix("article"), "text": path.read_bytes().decode("utf-8")}


def main(argv):
    if not argv:
        sys.exit(__doc__)
    for row in articles(argv):
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
