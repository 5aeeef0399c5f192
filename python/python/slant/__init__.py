"""slant: how news articles try to persuade, from Python.

The same analysis as the ``slant`` command-line tool, run in-process:

>>> import slant
>>> record = slant.analyze("The corrupt regime lied again, said the minister.")
>>> sorted(record)[:4]
['actors', 'attributions', 'chars', 'id']

* :func:`analyze` -- one text, its JSON article record as a dict;
* :func:`analyze_many` -- many texts in parallel, without the GIL;
* :func:`analyze_arrow` -- an Arrow record batch of articles in, one row per
  technique span out (for pandas, Polars, DuckDB and Spark's ``mapInArrow``);
* :func:`techniques` and :func:`models` -- what slant detects and with what.

Texts are refused exactly as the CLI refuses a file (empty, blank, binary,
invalid UTF-8, over 16 MiB), with ``ValueError`` and the CLI's message.
"""

from slant._slant import (
    SPAN_COLUMNS,
    __version__,
    analyze,
    analyze_arrow,
    analyze_many,
    models,
    techniques,
)

__all__ = [
    "SPAN_COLUMNS",
    "SPAN_DDL",
    "__version__",
    "analyze",
    "analyze_arrow",
    "analyze_many",
    "models",
    "span_schema",
    "techniques",
]

_SQL_TYPES = {"utf8": "string", "int64": "bigint", "int32": "int", "float32": "float"}

#: The columns of :func:`analyze_arrow`'s output as a Spark SQL schema, for
#: ``DataFrame.mapInArrow(fn, slant.SPAN_DDL)``.
SPAN_DDL = ", ".join(f"`{name}` {_SQL_TYPES[kind]}" for name, kind in SPAN_COLUMNS)


def span_schema():
    """The ``pyarrow.Schema`` of :func:`analyze_arrow`'s output (every column
    nullable: an article that could not be analysed gives a row with only
    ``id`` and ``error``)."""
    import pyarrow as pa

    types = {"utf8": pa.string(), "int64": pa.int64(), "int32": pa.int32(), "float32": pa.float32()}
    return pa.schema([pa.field(name, types[kind]) for name, kind in SPAN_COLUMNS])
