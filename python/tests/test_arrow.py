"""analyze_arrow: Arrow batches in, one row per span out, equal to the CLI's
TSV; per-row errors as rows."""

import pytest

import slant
from conftest import REPO, ptc_articles

pa = pytest.importorskip("pyarrow")

EXAMPLE = REPO / "examples" / "harbour-tax.txt"


def span_keys(batch):
    """(id, technique, start, end) of every span row."""
    d = batch.to_pydict()
    return [(i, t, s, e) for i, t, s, e, err in zip(d["id"], d["technique"], d["start"], d["end"], d["error"]) if err is None]


def test_rows_equal_the_records():
    text = EXAMPLE.read_bytes().decode("utf-8")
    record = slant.analyze(text, id="harbour-tax")
    batch = pa.record_batch({"id": ["harbour-tax"], "text": [text]})
    out = slant.analyze_arrow(batch)
    assert out.schema == slant.span_schema()
    assert out.num_rows == len(record["spans"])
    d = out.to_pydict()
    for row, span in enumerate(record["spans"]):
        assert (d["technique"][row], d["start"][row], d["end"][row], d["text"][row]) == (
            span["technique"],
            span["start"],
            span["end"],
            span["text"],
        )
        assert d["score"][row] == pytest.approx(span["score"], abs=1e-7)
        voice = span["voice"]
        assert d["voice"][row] == ("narration" if voice == "narration" else "attribution")
        if voice != "narration":
            assert d["attribution"][row] == voice
            source = record["attributions"][voice].get("source")
            assert d["source"][row] == (source and source["text"])
    assert set(d["error"]) == {None}


def test_ptc_dev_equals_the_cli_tsv(cli, ptc_dir):
    articles = ptc_articles(ptc_dir / "dev")
    batch = pa.record_batch({"id": [i for i, _ in articles], "text": [t.decode() for _, t in articles]})
    got = sorted(span_keys(slant.analyze_arrow(batch, threads=2)))
    tsv = cli("analyze", "-f", "tsv", ptc_dir / "dev" / "articles").stdout.decode()
    expected = sorted((i, t, int(s), int(e)) for i, t, s, e in (line.split("\t") for line in tsv.splitlines()))
    assert got == expected
    assert len(expected) > 100


@pytest.mark.parametrize(
    "text_type, id_type",
    [
        (pa.string(), pa.string()),
        (pa.large_string(), pa.int64()),
        (pa.string_view(), pa.large_string()),
        (pa.binary(), pa.int32()),
        (pa.large_binary(), pa.string_view()),
    ],
)
def test_every_string_layout_reads_the_same(text_type, id_type):
    texts = ["The evil regime lied again and again.", "Shameful “lies” from a corrupt élite 🦊."]
    reference = slant.analyze_arrow(pa.record_batch({"id": ["7", "8"], "text": texts}))
    ids = pa.array([7, 8]).cast(id_type) if pa.types.is_integer(id_type) else pa.array(["7", "8"], id_type)
    data = [t.encode() for t in texts] if text_type in (pa.binary(), pa.large_binary()) else texts
    batch = pa.record_batch([ids, pa.array(data, text_type)], names=["id", "text"])
    assert slant.analyze_arrow(batch).equals(reference)


def test_bad_rows_become_error_rows():
    big = "word " * (4 * 1024 * 1024)
    batch = pa.record_batch(
        {
            "id": ["ok", "none", "empty", "big", None],
            "text": ["The evil regime lied again.", None, "", big, "A null id."],
        }
    )
    out = slant.analyze_arrow(batch, threshold=0.0)
    errors = [(i, e) for i, e in zip(out.column("id").to_pylist(), out.column("error").to_pylist()) if e]
    assert errors == [
        ("none", "the text is null"),
        ("empty", "the text is empty (0 bytes); give a file that holds the article's text"),
        ("big", "the text is 20971520 bytes, over the limit of 16777216 bytes; split it into articles of under 16777216 bytes"),
        (None, "the id is null"),
    ]
    assert any(i == "ok" for i, _, _, _ in span_keys(out))
    with pytest.raises(ValueError, match=r'^row 1 \(id "none"\): the text is null$'):
        slant.analyze_arrow(batch, errors="raise")


def test_records_output_carries_the_metadata():
    import datetime
    import json

    text = "Officials said on Monday that the plan would go ahead."
    batch = pa.record_batch(
        {
            "id": ["a", "b", "c"],
            "text": [text, text, None],
            "title": ["Given title", None, None],
            "published": pa.array([datetime.date(2022, 3, 4), None, None], pa.date32()),
        }
    )
    out = slant.analyze_arrow(batch, output="records")
    assert out.schema.names == ["id", "record", "error"]
    a, b, c = out.to_pylist()
    record = json.loads(a["record"])
    assert record["title"] == "Given title"
    assert record["published"]["date"] == "2022-03-04"
    assert json.loads(b["record"]) == slant.analyze(text, id="b")
    assert c == {"id": "c", "record": None, "error": "the text is null"}
    # The CLI's --published overrides the column.
    flagged = slant.analyze_arrow(batch, output="records", published="2020-01-01")
    assert json.loads(flagged.column("record")[0].as_py())["published"]["date"] == "2020-01-01"
    with pytest.raises(TypeError, match="column `published` holds Int64"):
        slant.analyze_arrow(pa.record_batch({"id": ["a"], "text": ["x y"], "published": [3]}))


def test_bad_batches_raise():
    with pytest.raises(ValueError, match="no `text` column"):
        slant.analyze_arrow(pa.record_batch({"id": ["a"], "body": ["x"]}))
    with pytest.raises(TypeError, match="column `text` holds Int64"):
        slant.analyze_arrow(pa.record_batch({"id": ["a"], "text": [3]}))
    with pytest.raises(TypeError, match="expected an Arrow record batch"):
        slant.analyze_arrow({"id": ["a"], "text": ["x"]})


def test_empty_batches_and_tables():
    empty = pa.record_batch({"id": pa.array([], pa.string()), "text": pa.array([], pa.string())})
    out = slant.analyze_arrow(empty)
    assert out.num_rows == 0 and out.schema == slant.span_schema()
    table = pa.table({"id": ["1", "2"], "text": ["The evil regime lied.", "Corrupt, corrupt, corrupt!"]})
    rows = pa.Table.from_batches([slant.analyze_arrow(b) for b in table.to_batches()], schema=slant.span_schema())
    assert rows.num_rows >= 1


def test_pandas_frames_go_through_arrow():
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"id": ["1", "2"], "text": ["The evil regime lied.", None]})
    out = slant.analyze_arrow(pa.RecordBatch.from_pandas(frame, preserve_index=False)).to_pandas()
    assert out.loc[out["id"] == "2", "error"].tolist() == ["the text is null"]
    mixed = pd.DataFrame({"id": ["1", "2"], "text": ["a text", 42]})
    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        pa.RecordBatch.from_pandas(mixed)


def test_the_ddl_names_the_schema():
    assert slant.SPAN_DDL.startswith("`id` string, `technique` string, `start` bigint, `end` bigint, `score` float")
    assert [f.name for f in slant.span_schema()] == [name for name, _ in slant.SPAN_COLUMNS]
