import pyarrow

from slant._slant import (
    SPAN_COLUMNS as SPAN_COLUMNS,
    __version__ as __version__,
    analyze as analyze,
    analyze_arrow as analyze_arrow,
    analyze_many as analyze_many,
    models as models,
    techniques as techniques,
)

SPAN_DDL: str
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

def span_schema() -> pyarrow.Schema: ...
