"""Reading an article: bytes from a file or standard input in, checked text out.

A news article is plain UTF-8 text of at most 5 MB; anything else (binary data, an HTML page, an empty
file) is refused with one sentence that names the input.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path
from typing import BinaryIO

from geomap.errors import InputError

MAX_ARTICLE_BYTES = 5_000_000


def read_article(path: str | Path, *, stdin_bytes: bytes | None = None, stdin: BinaryIO | None = None) -> str:
    """Read an article as text, refusing what is not a plain-text article.

    Raises :class:`InputError` with one sentence naming the file for: a missing
    file, a directory, an empty or whitespace-only file, binary data, bytes that
    are not UTF-8 (UTF-16 is read when it starts with its byte-order mark), an
    HTML page, and anything over 5 MB. ``-`` reads ``stdin`` (or the bytes given);
    from any source at most the limit and one byte more are read, so a device or
    an endless pipe (``/dev/zero``) costs 5 MB, not all the memory there is.
    """
    label = "standard input" if str(path) == "-" else str(path)
    if str(path) == "-":
        data = stdin_bytes if stdin_bytes is not None else read_limited(stdin, label)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{label}: no such file")
        if p.is_dir():
            raise InputError(f"{label}: is a directory, not an article file")
        try:
            with open(p, "rb") as fh:
                data = read_limited(fh, label)
        except OSError as exc:
            raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    return decode_article(data, label)


def read_limited(stream: BinaryIO | None, label: str, limit: int = MAX_ARTICLE_BYTES) -> bytes:
    """At most ``limit`` + 1 bytes of ``stream``: one byte more than allowed says "too large" without reading on.

    A closed or missing stream (``geomap places - <&-``) is an input error, not a crash.
    """
    if stream is None:
        raise InputError(f"{label}: is closed; give an article file, or pipe the article in")
    chunks, size = [], 0
    try:
        while size <= limit:
            chunk = stream.read(min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except (OSError, ValueError) as exc:  # (ValueError: a closed file object)
        raise InputError(f"{label}: cannot be read ({getattr(exc, 'strerror', None) or exc})") from None
    if size > limit:
        raise InputError(f"{label}: too large (over {limit:,} bytes, the limit)")
    return b"".join(chunks)


def decode_article(data: bytes, label: str = "input") -> str:
    """Check raw bytes and decode them; see :func:`read_article` for what is refused.

    >>> decode_article("Kim arrived in Vladivostok.".encode())
    'Kim arrived in Vladivostok.'
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{label}: too large ({len(data):,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
    if not data.strip():
        raise InputError(f"{label}: is empty; give the text of a news article")
    text = _decode(data, label)
    if not text.strip():
        raise InputError(f"{label}: is empty; give the text of a news article")
    return check_text(text, label, checked_size=True)


def check_text(text: str, label: str = "input", *, checked_size: bool = False) -> str:
    """Refuse text that is no article (empty, too large, HTML, binary), as :func:`decode_article` does for bytes.

    Text that arrives already decoded (a JSONL, CSV or Parquet archive) passes the same checks as a file.

    >>> check_text("   ")
    Traceback (most recent call last):
    ...
    geomap.errors.InputError: input: is empty; give the text of a news article
    """
    if not checked_size:
        if len(text) * 4 > MAX_ARTICLE_BYTES and len(text.encode("utf-8")) > MAX_ARTICLE_BYTES:
            size = len(text.encode("utf-8"))
            raise InputError(f"{label}: too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
        if not text.strip():
            raise InputError(f"{label}: is empty; give the text of a news article")
        if "\x00" in text[:8192]:
            raise InputError(f"{label}: looks binary (it contains NUL bytes); give a plain-text article")
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(html|body|head)[\s>]", head):
        raise InputError(f"{label}: looks like an HTML page; save the article's text (not the page) and try again")
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > 8:
        raise InputError(f"{label}: looks binary ({controls} control characters); give a plain-text article")
    return text


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)  # (UTF-32's little-endian mark starts with UTF-16's: it is tried first)


def _decode(data: bytes, label: str) -> str:
    """UTF-8, or UTF-16/32 that says so with its byte-order mark (Windows editors save "Unicode" so)."""
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    if encoding == "utf-8" and b"\x00" in data[:8192]:
        if _looks_utf16(data[:8192]):
            raise InputError(f"{label}: looks like UTF-16 text without a byte-order mark; save it as UTF-8")
        raise InputError(f"{label}: looks binary (it contains NUL bytes); give a plain-text article")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding != "utf-8":
            raise InputError(
                f"{label}: is not UTF-8 text, nor the {encoding.upper()} its first bytes announce ({exc.reason}); "
                "convert it to UTF-8"
            ) from None
        raise InputError(f"{label}: is not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8") from None
    if "\x00" in text[:8192]:
        raise InputError(f"{label}: looks binary (it contains NUL characters); give a plain-text article")
    return text


def _looks_utf16(head: bytes) -> bool:
    """Mostly NUL in every other byte and text in the rest: UTF-16 of Latin text, little- or big-endian."""
    pairs = len(head) // 2
    if pairs < 2:
        return False
    for zeros, letters in ((head[1::2], head[0::2]), (head[0::2], head[1::2])):
        if zeros.count(0) >= 0.9 * pairs and sum(32 <= b < 127 or b in (9, 10, 13) for b in letters) >= 0.9 * pairs:
            return True
    return False
