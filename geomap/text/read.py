"""Reading an article: bytes from a file or standard input in, checked text out.

A news article is plain UTF-8 text of at most 5 MB; anything else (binary data, an HTML page, an empty
file) is refused with one sentence that names the input.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from geomap.errors import InputError

MAX_ARTICLE_BYTES = 5_000_000


def read_article(path: str | Path, *, stdin_bytes: bytes | None = None) -> str:
    """Read an article as text, refusing what is not a plain-text article.

    Raises :class:`InputError` with one sentence naming the file for: a missing
    file, a directory, an empty or whitespace-only file, binary data, bytes that
    are not UTF-8, an HTML page, and anything over 5 MB.
    """
    label = "standard input" if str(path) == "-" else str(path)
    if str(path) == "-":
        data = stdin_bytes if stdin_bytes is not None else b""
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{label}: no such file")
        if p.is_dir():
            raise InputError(f"{label}: is a directory, not an article file")
        if p.stat().st_size > MAX_ARTICLE_BYTES:
            raise InputError(f"{label}: too large ({p.stat().st_size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{label}: cannot be read ({exc.strerror or exc})") from None
    return decode_article(data, label)


def decode_article(data: bytes, label: str = "input") -> str:
    """Check raw bytes and decode them; see :func:`read_article` for what is refused.

    >>> decode_article("Kim arrived in Vladivostok.".encode())
    'Kim arrived in Vladivostok.'
    """
    if len(data) > MAX_ARTICLE_BYTES:
        raise InputError(f"{label}: too large ({len(data):,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
    if not data.strip():
        raise InputError(f"{label}: is empty; give the text of a news article")
    if b"\x00" in data[:8192]:
        raise InputError(f"{label}: looks binary (it contains NUL bytes); give a plain-text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: is not UTF-8 text (bad byte at offset {exc.start}); convert it to UTF-8") from None
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
