"""The Spark example, run as python/README.md says, in local[2] over a few
hundred PTC articles: its Parquet output equals the CLI's TSV."""

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from conftest import REPO

JOB = REPO / "examples" / "spark" / "slant_job.py"
TO_JSONL = REPO / "examples" / "spark" / "ptc_to_jsonl.py"


@pytest.fixture(scope="module")
def spark_submit():
    try:
        import pyspark
    except ImportError:
        pytest.skip("PySpark is not installed (pip install pyspark); skipping the Spark test")
    if not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java (java on PATH or JAVA_HOME); skipping the Spark test")
    script = pathlib.Path(pyspark.__file__).parent / "bin" / "spark-submit"
    return str(script) if script.exists() else shutil.which("spark-submit")


def test_the_job_in_local_2_equals_the_cli_tsv(spark_submit, cli, ptc_dir, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    splits = [ptc_dir / "train", ptc_dir / "dev"]
    articles = tmp_path / "articles.jsonl"
    with articles.open("w", encoding="utf-8") as out:
        subprocess.run([sys.executable, TO_JSONL, *splits], stdout=out, check=True)
    # A bad article among them: the job must go on and report it.
    with articles.open("a", encoding="utf-8") as out:
        out.write('{"id": "empty", "text": ""}\n{"id": "missing"}\n')
    output = tmp_path / "spans.parquet"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    run = subprocess.run(
        [spark_submit, "--master", "local[2]", JOB, articles, output],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    # spark-submit passes the driver's stderr on to its stdout.
    assert "articles not analysed" in run.stdout + run.stderr

    table = pq.read_table(output).to_pylist()
    errors = {r["id"]: r["error"] for r in table if r["error"] is not None}
    assert errors == {"empty": "the text is empty (0 bytes); give a file that holds the article's text", "missing": "the text is null"}
    got = sorted((r["id"], r["technique"], r["start"], r["end"]) for r in table if r["error"] is None)

    expected = []
    for split in splits:
        tsv = cli("analyze", "-f", "tsv", split / "articles").stdout.decode()
        expected += [(i, t, int(s), int(e)) for i, t, s, e in (line.split("\t") for line in tsv.splitlines())]
    assert len({i for i, *_ in expected}) > 200, "a few hundred articles with spans"
    assert got == sorted(expected)
