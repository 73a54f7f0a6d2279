"""Reading an archive: a folder of .txt files, JSONL, CSV or Parquet in; one :class:`Article` per record out.

Records are read lazily, one at a time, so an archive of millions of articles never sits in memory. A record
that cannot be used (no id, a line that is not JSON, text that is not a string) still comes out, as an
article with ``problem`` set, so the run records it in errors.jsonl and goes on: a bad line is a fact about
the archive, not a reason to stop.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geomap.errors import InputError
from geomap.text.read import MAX_ARTICLE_BYTES

FORMATS = {".txt": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv", ".parquet": "parquet"}
FIELDS = ("id", "text", "date", "leader", "url", "title")
MAX_ID = 512  # characters: an id names a file of the --maps output and is kept in memory for resuming


@dataclass(frozen=True, slots=True)
class Article:
    """One record of an archive: its id, its text (bytes for a .txt file, decoded by the worker) and options.

    ``problem`` says why the record cannot be processed (the worker records it instead of reading the text).
    """

    id: str
    text: str | bytes
    date: str | None = None
    leader: str | None = None
    url: str | None = None
    title: str | None = None
    problem: str | None = None


def input_kind(path: Path) -> str:
    """'folder', 'txt', 'jsonl', 'csv' or 'parquet'; :class:`InputError` for anything else."""
    if path.is_dir():
        return "folder"
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputError(f"{path}: not an archive geomap reads (a folder of .txt, .jsonl, .csv or .parquet)")
    return kind


def read_articles(paths: list[Path]) -> Iterator[Article]:
    """Every record of every input, in order."""
    for path in paths:
        kind = input_kind(path)
        if kind == "folder":
            yield from _folder(path)
        elif kind == "txt":
            yield _txt(path, path.stem)
        elif kind == "jsonl":
            yield from _jsonl(path)
        elif kind == "csv":
            yield from _csv(path)
        else:
            yield from _parquet(path)


def count_articles(paths: list[Path]) -> int:
    """How many records the inputs hold, for the progress bar's total (a quick pass, no JSON parsed)."""
    total = 0
    for path in paths:
        kind = input_kind(path)
        if kind == "folder":
            total += sum(1 for _ in _txt_files(path))
        elif kind == "txt":
            total += 1
        elif kind == "jsonl":
            total += _count_lines(path)
        elif kind == "csv":
            with open(path, encoding="utf-8", errors="replace", newline="") as fh:
                _raise_csv_limit()
                total += max(0, sum(1 for _ in csv.reader(fh)) - 1)
        else:
            total += _parquet_file(path).metadata.num_rows
    return total


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            count += block.count(b"\n")  # blank lines too: a total for the progress bar, not a count of records
            last = block[-1:]
    return count + (last != b"\n")


def _txt_files(folder: Path) -> Iterator[Path]:
    return (p for p in sorted(folder.rglob("*.txt")) if p.is_file())


def _folder(folder: Path) -> Iterator[Article]:
    for path in _txt_files(folder):
        yield _txt(path, path.relative_to(folder).with_suffix("").as_posix())


def _txt(path: Path, article_id: str) -> Article:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return Article(article_id, b"", problem=f"too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
        return Article(article_id, path.read_bytes())
    except OSError as exc:
        return Article(article_id, b"", problem=f"cannot be read ({exc.strerror or exc})")


def from_record(record: object, where: str) -> Article:
    """An :class:`Article` from one JSON object or CSV row, or one whose ``problem`` says what is wrong with it.

    >>> from_record({"id": 7, "text": "Talks in Minsk.", "date": "2023-05-01"}, "a.jsonl:1").date
    '2023-05-01'
    >>> from_record({"text": "Talks in Minsk."}, "a.jsonl:3").problem
    'no id (a.jsonl:3)'
    """
    if not isinstance(record, dict):
        return Article(where, "", problem=f"not an object with id and text ({where})")
    raw_id = record.get("id")
    if raw_id is None or raw_id == "" or isinstance(raw_id, dict | list | bool):
        return Article(where, "", problem=f"no id ({where})")
    article_id = str(raw_id)
    if len(article_id) > MAX_ID:
        return Article(article_id[:MAX_ID], "", problem=f"id longer than {MAX_ID} characters ({where})")
    text = record.get("text")
    extra = {}
    for key in ("date", "leader", "url", "title"):
        value = record.get(key)
        extra[key] = str(value) if value not in (None, "") else None
    if not isinstance(text, str):
        return Article(article_id, "", problem=f"no text ({where})", **extra)
    return Article(article_id, text, **extra)


def _jsonl(path: Path) -> Iterator[Article]:
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            where = f"{path.name}:{number}"
            try:
                record = json.loads(line)
            except (ValueError, UnicodeDecodeError) as exc:
                yield Article(where, "", problem=f"not valid JSON ({where}: {exc})")
                continue
            yield from_record(record, where)


def _raise_csv_limit() -> None:
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # an article is one field, larger than csv's 128 KB default


def _csv(path: Path) -> Iterator[Article]:
    _raise_csv_limit()
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as fh:
        reader = csv.DictReader(fh)
        if not reader.fieldnames or "id" not in reader.fieldnames or "text" not in reader.fieldnames:
            raise InputError(f"{path}: a CSV archive needs a header row with the columns id and text")
        for number, row in enumerate(reader, 2):
            yield from_record(row, f"{path.name}:{number}")


def _parquet_file(path: Path):
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{path}: reading Parquet needs pyarrow: pip install 'geomap[parquet]'") from None
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # pyarrow's own errors: a damaged or foreign file
        raise InputError(f"{path}: is not a readable Parquet file ({exc})") from None


def _parquet(path: Path) -> Iterator[Article]:
    pf = _parquet_file(path)
    columns = [c for c in FIELDS if c in pf.schema_arrow.names]
    if "id" not in columns or "text" not in columns:
        raise InputError(f"{path}: a Parquet archive needs the columns id and text")
    row = 0
    for batch in pf.iter_batches(batch_size=256, columns=columns):
        for record in batch.to_pylist():
            yield from_record(record, f"{path.name}:row {row}")
            row += 1
