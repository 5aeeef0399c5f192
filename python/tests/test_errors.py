"""Bad input raises Python exceptions with the CLI's messages; nothing
crashes the interpreter."""

import pytest

import slant

LIMIT = 16 * 1024 * 1024

BAD_TEXTS = {
    "empty": b"",
    "blank": b"  \n\t \n",
    "binary": b"Some words\x00 and a NUL",
    "invalid-utf8": b"caf\xe9 au lait",
    "over-16MiB": b"x" * (LIMIT + 1),
}


def cli_message(cli, data):
    """The CLI's message for `data` on standard input, without its
    `slant: error: <stdin>: ` prefix."""
    run = cli("analyze", "-f", "jsonl", stdin=data, check=False)
    assert run.returncode == 2
    first = run.stderr.decode().splitlines()[0]
    prefix = "slant: error: <stdin>: "
    assert first.startswith(prefix), first
    return first[len(prefix) :]


@pytest.mark.parametrize("data", BAD_TEXTS.values(), ids=BAD_TEXTS.keys())
def test_refused_bytes_raise_the_cli_message(cli, data):
    expected = cli_message(cli, data)
    with pytest.raises(ValueError) as raised:
        slant.analyze(data)
    assert str(raised.value) == expected


@pytest.mark.parametrize("name", [name for name in BAD_TEXTS if name != "invalid-utf8"])
def test_refused_strings_raise_the_cli_message(cli, name):
    text = BAD_TEXTS[name].decode()
    expected = cli_message(cli, BAD_TEXTS[name])
    with pytest.raises(ValueError) as raised:
        slant.analyze(text)
    assert str(raised.value) == expected


def test_a_20_megabyte_string_is_refused_quickly():
    text = "word " * (4 * 1024 * 1024)  # 20 MiB
    with pytest.raises(ValueError, match=r"the text is 20971520 bytes, over the limit of 16777216 bytes"):
        slant.analyze(text)


@pytest.mark.parametrize("value", [None, 3, 2.5, ["a list"], bytearray(b"mutable")])
def test_non_texts_raise_type_error(value):
    with pytest.raises(TypeError, match="expected str or bytes"):
        slant.analyze(value)


def test_lone_surrogates_raise_a_unicode_error():
    with pytest.raises(UnicodeEncodeError):
        slant.analyze("half a pair: \ud800")
    assert slant.analyze_many(["half a pair: \ud800", "A whole text."], errors="none")[0] is None


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"threshold": 1.5}, "threshold must be between 0 and 1, got 1.5"),
        ({"threshold": float("nan")}, "threshold must be between 0 and 1, got NaN"),
        ({"readings": "techniques,tone"}, 'readings: unknown reading "tone"'),
        ({"published": "11/03/2016"}, "published: "),
        ({"model": "no-such-model"}, "no-such-model: "),
    ],
)
def test_bad_options_raise_value_error(kwargs, message):
    with pytest.raises(ValueError) as raised:
        slant.analyze("The evil regime lied.", **kwargs)
    assert str(raised.value).startswith(message)


def test_a_pandas_column_with_none_numbers_and_a_huge_text():
    pd = pytest.importorskip("pandas")
    column = pd.Series(["The evil regime lied again.", None, 42, "x" * (20 * 1024 * 1024), "", "Fine text."])
    with pytest.raises(TypeError, match=r"^texts\[1\]: expected str or bytes, got NoneType$"):
        slant.analyze_many(column)
    records = slant.analyze_many(column, errors="none")
    assert [r is None for r in records] == [False, True, True, True, True, False]
    # Only refused texts left: the first in order is named.
    with pytest.raises(ValueError, match=r"^texts\[1\]: the text is 20971520 bytes, over the limit of 16777216 bytes; split it into articles of under 16777216 bytes$"):
        slant.analyze_many(column[column.map(lambda v: isinstance(v, str))])


def test_many_checks_its_arguments():
    with pytest.raises(TypeError, match="iterable of texts"):
        slant.analyze_many("one text")
    with pytest.raises(ValueError, match="2 ids for 1 texts"):
        slant.analyze_many(["a text"], ids=["a", "b"])
    with pytest.raises(ValueError, match="errors must be"):
        slant.analyze_many(["a text"], errors="ignore")
