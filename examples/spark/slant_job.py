#!/usr/bin/env python3
"""slant over a corpus on Apache Spark.

Reads articles (JSON Lines or Parquet with an ``id`` and a ``text`` column,
and optionally ``title``, ``published``, ``outlet``, ``url``, ``language``),
runs ``slant.analyze_arrow`` on each Arrow batch through
``DataFrame.mapInArrow``, and writes one row per technique span as Parquet
(the columns of ``slant.span_schema()``). An article that cannot be analysed
(no text, over 16 MiB, binary) gives one row with its ``error`` set; the job
goes on. See python/README.md, section "Spark".

    spark-submit --master 'local[*]' examples/spark/slant_job.py articles.jsonl spans.parquet
"""

import argparse
import sys
import time

METADATA = ("title", "published", "outlet", "url", "language")


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="articles: a .jsonl/.json file or folder, or Parquet")
    p.add_argument("output", help="the Parquet folder to write the spans to (replaced)")
    p.add_argument("--format", choices=["jsonl", "parquet"], help="input format (default: from the input's name)")
    p.add_argument("--output-kind", choices=["spans", "records"], default="spans",
                   help="one row per span (default) or per article with its JSON record")
    p.add_argument("--model", default="default", help="a model `slant models` lists (default: default)")
    p.add_argument("--threshold", type=float, help="minimum span confidence, 0 to 1 (default: the model's)")
    p.add_argument("--readings", default="all", help="e.g. techniques,voices (default: all)")
    p.add_argument("--partitions", type=int,
                   help="repartition the articles into N partitions (default: at least one per core)")
    return p.parse_args(argv)


def analyze_batches(options, seconds):
    """The function mapInArrow runs in each Python worker: one analyzer per
    worker (slant caches it), each Arrow batch in and out without copying.
    `seconds` (an accumulator) sums the time spent in slant itself."""

    def run(batches):
        import slant

        for batch in batches:
            start = time.perf_counter()
            spans = slant.analyze_arrow(batch, **options)
            seconds.add(time.perf_counter() - start)
            yield spans

    return run


def main(argv=None):
    args = parse_args(argv)
    import slant
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.appName("slant").getOrCreate()
    fmt = args.format or ("parquet" if args.input.rstrip("/").endswith(".parquet") else "jsonl")
    articles = spark.read.parquet(args.input) if fmt == "parquet" else spark.read.json(args.input)
    missing = {"id", "text"} - set(articles.columns)
    if missing:
        sys.exit(f"slant_job: error: {args.input}: no column {', '.join(sorted(missing))} (columns: {articles.columns})")
    keep = [F.col("id").cast("string").alias("id"), F.col("text")]
    keep += [F.col(c) for c in METADATA if c in articles.columns]
    articles = articles.select(*keep)
    cores = spark.sparkContext.defaultParallelism
    partitions = args.partitions or (cores if articles.rdd.getNumPartitions() < cores else None)
    if partitions:
        articles = articles.repartition(partitions)

    # One task per core: each Python worker analyses with spark.task.cpus
    # threads, so the cluster's cores are used once, not oversubscribed.
    options = {
        "output": args.output_kind,
        "threads": int(spark.conf.get("spark.task.cpus", "1")),
        "model": args.model,
        "threshold": args.threshold,
        "readings": args.readings,
    }
    schema = slant.SPAN_DDL if args.output_kind == "spans" else "`id` string, `record` string, `error` string"
    in_slant = spark.sparkContext.accumulator(0.0)
    start = time.perf_counter()
    articles.mapInArrow(analyze_batches(options, in_slant), schema).write.mode("overwrite").parquet(args.output)
    seconds = time.perf_counter() - start

    written = spark.read.parquet(args.output)
    counts = written.agg(
        F.count(F.when(F.col("error").isNull(), 1)).alias("rows"),
        F.count("error").alias("errors"),
    ).first()
    # On a cluster this line is in the driver's log; spark-submit in client
    # mode prints it on its standard output.
    print(
        f"slant_job: {articles.count()} articles, {counts['rows']} {args.output_kind} rows, "
        f"{counts['errors']} articles not analysed (see the error column), {seconds:.1f}s, into {args.output} "
        f"({in_slant.value:.1f}s in slant.analyze_arrow, summed over tasks)",
        file=sys.stderr,
    )
    spark.stop()


if __name__ == "__main__":
    main()
