"""The package gives the CLI's records: same JSON, same spans, same options."""

import json

import pytest

import slant
from conftest import REPO, normalise, ptc_articles

EXAMPLE = REPO / "examples" / "harbour-tax.txt"


def cli_records(cli, *args):
    """{id: record} of `slant analyze -f jsonl ARGS`."""
    out = cli("analyze", "-f", "jsonl", *args).stdout.decode()
    records = [json.loads(line) for line in out.splitlines()]
    return {r["id"]: r for r in records}


def test_one_article_equals_the_cli_byte_for_byte(cli):
    expected = cli_records(cli, EXAMPLE)["harbour-tax"]
    from_str = slant.analyze(EXAMPLE.read_bytes().decode("utf-8"), id="harbour-tax")
    from_bytes = slant.analyze(EXAMPLE.read_bytes(), id="harbour-tax")
    assert normalise(from_str) == normalise(expected)
    assert normalise(from_bytes) == normalise(expected)
    assert expected["spans"], "the example has technique spans"
    assert {"spans", "attributions", "sources", "actors", "timexes", "timeline", "summary"} <= set(from_str)


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({"threshold": 0.8}, ["--threshold", "0.8"]),
        ({"readings": "techniques,time"}, ["--readings", "techniques,time"]),
        ({"readings": ["techniques"]}, ["--readings", "techniques"]),
        ({"published": "2019-03-01"}, ["--published", "2019-03-01"]),
        ({"model": "baseline"}, ["--model", "baseline"]),
    ],
)
def test_options_equal_the_cli_flags(cli, kwargs, flags):
    expected = cli_records(cli, *flags, EXAMPLE)["harbour-tax"]
    got = slant.analyze(EXAMPLE.read_bytes(), id="harbour-tax", **kwargs)
    assert normalise(got) == normalise(expected)


def test_published_takes_a_date():
    import datetime

    text = "Ministers met on Monday to discuss the plan."
    as_date = slant.analyze(text, published=datetime.date(2019, 3, 6))
    as_text = slant.analyze(text, published="2019-03-06")
    assert as_date == as_text
    assert as_date["published"]["date"] == "2019-03-06"


def test_title_overrides_the_first_line():
    record = slant.analyze("A plain first line\n\nBody text here.", title="Given title")
    assert record["title"] == "Given title"
    assert slant.analyze("A plain first line\n\nBody text here.")["title"] == "A plain first line"


def test_ptc_dev_equals_the_cli(cli, ptc_dir):
    articles = ptc_articles(ptc_dir / "dev")
    expected = cli_records(cli, ptc_dir / "dev" / "articles")
    ids = [i for i, _ in articles]
    got = slant.analyze_many([t for _, t in articles], ids=ids)
    assert len(got) == len(expected) == len(articles)
    for record in got:
        assert normalise(record) == normalise(expected[record["id"]])


def test_many_keeps_order_and_default_ids():
    texts = ["The evil regime lied.", "A calm and plain report.", "Shameful, shameful lies!"]
    records = slant.analyze_many(texts, threads=2)
    assert [r["id"] for r in records] == ["0", "1", "2"]
    assert records == [slant.analyze(t, id=str(i)) for i, t in enumerate(texts)]


def test_techniques_equal_the_cli(cli):
    expected = json.loads(cli("techniques", "--json").stdout)
    assert slant.techniques() == expected
    assert len(expected) == 14


def test_models_list_the_default():
    names = {m["name"]: m for m in slant.models()}
    assert names["default"]["ready"] is True
    assert "baseline" in names
