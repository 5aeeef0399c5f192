"""Type stubs of the compiled module ``slant._slant`` (re-exported by ``slant``)."""

import datetime
from collections.abc import Iterable
from typing import Any, Literal, Sequence

import pyarrow

#: ``(name, arrow type)`` of each column :func:`analyze_arrow` returns.
SPAN_COLUMNS: list[tuple[str, str]]
__version__: str
__all__ = ["SPAN_COLUMNS", "__version__", "analyze", "analyze_arrow", "analyze_many", "models", "techniques"]

_Readings = str | Sequence[str] | None
_Date = datetime.date | str | None

def analyze(
    text: str | bytes,
    *,
    id: str | None = None,
    title: str | None = None,
    published: _Date = None,
    threshold: float | None = None,
    model: str = "default",
    readings: _Readings = None,
) -> dict[str, Any]:
    """Analyse one article; returns its JSON article record (as ``slant analyze
    --format jsonl`` writes it) as a dict.

    Raises ``ValueError`` with the CLI's message for a text it refuses (empty,
    blank, binary, invalid UTF-8, over 16 MiB) or a bad option, ``TypeError``
    for a text that is not ``str`` or ``bytes``."""

def analyze_many(
    texts: Iterable[str | bytes],
    *,
    ids: Iterable[object] | None = None,
    threads: int | None = None,
    errors: Literal["raise", "none"] = "raise",
    published: _Date = None,
    threshold: float | None = None,
    model: str = "default",
    readings: _Readings = None,
) -> list[dict[str, Any] | None]:
    """Analyse many articles in parallel without the GIL; their records, in order.

    With ``errors="raise"`` a bad item raises ``TypeError``/``ValueError`` naming
    its position (``texts[3]: the text is empty``); with ``errors="none"`` its
    entry is ``None``."""

def analyze_arrow(
    batch: Any,
    *,
    output: Literal["spans", "records"] = "spans",
    threads: int | None = None,
    errors: Literal["row", "raise"] = "row",
    published: _Date = None,
    threshold: float | None = None,
    model: str = "default",
    readings: _Readings = None,
) -> pyarrow.RecordBatch:
    """Articles in (columns ``id``, ``text``; optional ``title``, ``published``,
    ``outlet``, ``url``, ``language``), read in place; one row per technique span
    out (columns of :func:`slant.span_schema`), or with ``output="records"`` one
    row per article (``id``, ``record`` as JSON, ``error``). An article that
    cannot be analysed gives one row with ``error`` set (``errors="row"``) or
    raises ``ValueError`` (``errors="raise"``)."""

def techniques() -> list[dict[str, Any]]:
    """The 14 techniques, as ``slant techniques --json`` lists them."""

def models() -> list[dict[str, Any]]:
    """The models ``model=`` takes, whether each is ready here, and where it is
    or what is missing."""
