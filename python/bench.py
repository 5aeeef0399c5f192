#!/usr/bin/env python3
"""Articles per second of slant from Python and on Spark, beside the CLI on
the same articles, in one run.

    python python/bench.py                       # PTC train + dev from $SLANT_PTC_DIR
    python python/bench.py --repeat 4 --spark    # 4 copies of them, and the Spark job in local[2]

Rows (best of --rounds, each on the same articles):

* `slant analyze -f tsv --threads T`: the CLI over the article files
  (process start, model load, reading, analysis, writing TSV);
* `analyze_arrow(threads=T)`: one Arrow batch of the same texts in, span
  rows out (the model is loaded before timing);
* `analyze_many(threads=T)`: the same texts as a list of str, dicts out;
* `spark local[2]`: examples/spark/slant_job.py through spark-submit, JSONL
  in, Parquet out: the whole run (JVM and workers starting) and the job's
  own write action.

Needs the `slant` binary (SLANT_BIN, or target/release/slant) and the
package installed. Prints a Markdown table and the CPU.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ptc = os.environ.get("SLANT_PTC_DIR")
    default_data = [f"{ptc}/train", f"{ptc}/dev"] if ptc else []
    p.add_argument("--data", nargs="*", default=default_data, help="PTC split folders (default: $SLANT_PTC_DIR train, dev)")
    p.add_argument("--repeat", type=int, default=1, help="copies of the articles (default 1)")
    p.add_argument("--threads", default="1,2", help="thread counts to compare (default 1,2)")
    p.add_argument("--rounds", type=int, default=3, help="runs of each, best taken (default 3)")
    p.add_argument("--spark", action="store_true", help="also run the Spark job in local[2]")
    p.add_argument("--cli", default=os.environ.get("SLANT_BIN") or find_cli(), help="the slant binary")
    args = p.parse_args()
    if not args.data:
        p.error("no articles: set SLANT_PTC_DIR or pass --data")
    if not args.cli:
        p.error("no slant binary: set SLANT_BIN or build target/release/slant")
    return args


def find_cli():
    for target in filter(None, [os.environ.get("CARGO_TARGET_DIR"), REPO / "target"]):
        path = pathlib.Path(target) / "release" / "slant"
        if path.is_file():
            return str(path)
    return shutil.which("slant")


def load(dirs, repeat):
    articles = []
    for d in dirs:
        folder = pathlib.Path(d)
        folder = folder / "articles" if (folder / "articles").is_dir() else folder
        articles += [(f.stem.removeprefix("article"), f.read_bytes().decode()) for f in sorted(folder.glob("article*.txt"))]
    return [(f"{i}{copy:02d}" if repeat > 1 else i, text) for copy in range(repeat) for i, text in articles]


def best(rounds, fn):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    args = parse_args()
    import pyarrow as pa

    import slant

    articles = load(args.data, args.repeat)
    n = len(articles)
    chars = sum(len(t) for _, t in articles)
    work = pathlib.Path(tempfile.mkdtemp(prefix="slant-bench-"))
    folder = work / "articles"
    folder.mkdir()
    for i, text in articles:
        (folder / f"article{i}.txt").write_bytes(text.encode())
    batch = pa.record_batch({"id": [i for i, _ in articles], "text": [t for _, t in articles]})
    texts = [t for _, t in articles]
    ids = [i for i, _ in articles]
    slant.analyze_arrow(batch.slice(0, 1))  # load the model outside the timings

    rows = []
    for threads in [int(t) for t in args.threads.split(",")]:
        cmd = [args.cli, "analyze", "-f", "tsv", "--threads", str(threads), str(folder), "-o", os.devnull]
        cli = best(args.rounds, lambda: subprocess.run(cmd, check=True))
        arrow = best(args.rounds, lambda: slant.analyze_arrow(batch, threads=threads))
        many = best(args.rounds, lambda: slant.analyze_many(texts, ids=ids, threads=threads))
        rows += [
            (f"`slant analyze -f tsv --threads {threads}`", cli, cli),
            (f"`analyze_arrow(threads={threads})`", arrow, cli),
            (f"`analyze_many(threads={threads})`", many, cli),
        ]
        if args.spark and threads == 2:
            rows += spark_rows(articles, work, cli)

    print(f"{n} articles ({chars / 1e6:.2f} M characters), best of {args.rounds}")
    print()
    print("| run | seconds | articles/s | against the CLI, same threads |")
    print("|---|---:|---:|---:|")
    for name, seconds, cli in rows:
        print(f"| {name} | {seconds:.2f} | {n / seconds:.0f} | {cli / seconds - 1:+.1%} |")
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next((line.split(":", 1)[1].strip() for line in cpu.splitlines() if line.startswith("Model name")), "?")
    print()
    print(f"CPU: {model}, {os.cpu_count()} logical cores; Python {sys.version.split()[0]}, slant {slant.__version__}")
    shutil.rmtree(work)


def spark_rows(articles, work, cli):
    """The Spark job in local[2]: (whole run, the job's own action)."""
    import json

    import pyspark

    jsonl = work / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for i, text in articles:
            out.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    submit = pathlib.Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    cmd = [str(submit), "--master", "local[2]", str(REPO / "examples" / "spark" / "slant_job.py"), str(jsonl), str(work / "spans.parquet")]
    start = time.perf_counter()
    run = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    whole = time.perf_counter() - start
    # spark-submit passes the driver's stderr on to its stdout.
    line = next(line for line in (run.stdout + run.stderr).splitlines() if line.startswith("slant_job:"))
    action = float(re.search(r"([0-9.]+)s, into ", line).group(1))
    in_slant = float(re.search(r"([0-9.]+)s in slant.analyze_arrow", line).group(1))
    print(f"spark local[2]: {in_slant:.2f}s in slant.analyze_arrow summed over the tasks, "
          f"{action:.2f}s for the job's action, {whole:.2f}s for the whole spark-submit", file=sys.stderr)
    return [("spark-submit local[2], whole run", whole, cli), ("spark local[2], the job's action", action, cli)]


if __name__ == "__main__":
    main()
