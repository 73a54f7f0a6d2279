"""The Parquet shapes of a batch run's output: the JSON shapes of docs/JSON.md as typed, nested columns.

A fixed schema, not one inferred from the rows: every part file of a dataset must agree, and an optional
field (``runner_up``, ``note``) absent from every row of one part would otherwise change its type.
Needs pyarrow (``pip install 'geomap[parquet]'``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

_PLACE = [
    ("name", pa.string()),
    ("lat", pa.float64()),
    ("lon", pa.float64()),
    ("country", pa.string()),
    ("kind", pa.string()),
    ("id", pa.string()),
]
_RUNNER_UP = pa.struct(
    [("name", pa.string()), ("id", pa.string()), ("country", pa.string()), ("lat", pa.float64()), ("lon", pa.float64())]
)
_MENTION = pa.struct(
    [("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), *_PLACE]
    + [("confidence", pa.float64()), ("runner_up", _RUNNER_UP)]
)
_STOP = pa.struct(
    [("order", pa.int64()), *_PLACE, ("role", pa.string()), ("mode", pa.string()), ("when", pa.string())]
    + [("inferred", pa.bool_()), ("evidence", pa.list_(pa.string())), ("note", pa.string())]
)
_CONTEXT = pa.struct([*_PLACE, ("reason", pa.string()), ("mentions", pa.list_(pa.string()))])

PLACES_SCHEMA = pa.schema([("id", pa.string()), ("places", pa.list_(_MENTION))])
ITINERARY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("leader", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("url", pa.string()),
        ("stops", pa.list_(_STOP)),
        ("context", pa.list_(_CONTEXT)),
    ]
)


def write_part(path: Path, rows: list[Any], schema: pa.Schema) -> Path:
    """Write one part file whole, or not at all: to a hidden temporary name, then renamed into place."""
    tmp = path.with_name(f".{path.name}.part")
    try:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp, compression="zstd")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
