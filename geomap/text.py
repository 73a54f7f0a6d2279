"""Text handling shared by every stage: reading articles, sentences, tokens, name keys.

Name keys are how a name in an article meets a name in the gazetteer. News
spells places many ways (Kyiv/Kiev, P'yŏngyang/Pyongyang, Komsomolsk-on-Amur,
Vostochny/Vostochnyy/Vostochni), so a key folds case, diacritics, hyphens,
apostrophes and punctuation; a *loose* key also folds the transliteration
variants of word endings. Both sides, gazetteer and article, go through the
same functions, so they cannot drift apart.

>>> name_key("P'yŏngyang"), name_key("Komsomolsk-on-Amur")
('pyongyang', 'komsomolsk on amur')
>>> loose_key("vostochnyy") == loose_key("vostochni") == loose_key("vostochny")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .errors import InputError

MAX_ARTICLE_BYTES = 5_000_000

_SPECIAL = str.maketrans(
    {
        "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE",
        "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "ð": "d", "ʻ": "", "ʼ": "", "’": "",
        "‘": "", "'": "", "`": "", "´": "", "ʹ": "", "″": "",
    }
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ENDING = re.compile(r"(?:iy|yy|yi|ii|ij|yj|y|i)$")


_ASCII_DROP = str.maketrans("", "", "'`")
# An ASCII name to its key's letters in one pass: apostrophes dropped (as fold does), capitals lowered, "&" read
# as "and", any other character not a letter or digit a space.
_ASCII_KEY = {
    code: (None if ch in "'`" else " and " if ch == "&" else ch.lower() if ch.isalnum() else " ")
    for code, ch in ((c, chr(c)) for c in range(128))
}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, diacritics removed, apostrophes dropped."""
    if text.isascii():
        return text.translate(_ASCII_DROP).lower()  # the common case, without Unicode normalisation
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The exact lookup key of a name: folded, punctuation to spaces, 'saint' to 'st'.

    >>> name_key("St. Petersburg") == name_key("Saint-Petersburg")
    True
    """
    if name.isascii():  # the common case in one pass: what fold, "&" and the regex below do, as one table
        words = name.translate(_ASCII_KEY).split()
    else:
        words = _NON_ALNUM.sub(" ", fold(name).replace("&", " and ")).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if "saint" in words or "ste" in words or "sainte" in words:
        words = ["st" if w in ("saint", "ste", "sainte") else w for w in words]
    return " ".join(words)


@lru_cache(maxsize=200_000)
def loose_key(key: str) -> str:
    """A key with transliteration variants of endings folded (-iy/-yy/-yi/-i/-y all become -y).

    Only words of five letters or more are changed, so short names keep their ends.
    """
    if _FOLDABLE_END.search(key) is None:  # most keys: no word long enough that ends as a variant can
        return " ".join(key.split())
    return " ".join(_ENDING.sub("y", w) if len(w) >= 5 and not w.isdigit() else w for w in key.split())


_FOLDABLE_END = re.compile(r"\S{4}[iyj](?!\S)")


# -- reading an article ---------------------------------------------------------------

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
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")) or re.search(r"<(html|body|head)[\s>]", head):
        raise InputError(f"{label}: looks like an HTML page; save the article's text (not the page) and try again")
    controls = sum(1 for c in text[:8192] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if controls > 8:
        raise InputError(f"{label}: looks binary ({controls} control characters); give a plain-text article")
    return text


# -- sentences and tokens ----------------------------------------------------------------

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "st", "mt", "ft", "lt", "col", "capt",
    "sgt", "jr", "sr", "inc", "co", "corp", "ltd", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun",
    "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ave", "blvd", "rd", "pres", "adm", "rev", "hon",
}
_NEXT_VISIBLE = re.compile(r"\S")
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)|\n\s*\n|\n")


class Span(NamedTuple):
    """A slice of the article: ``text[start:end] == span.text``.

    A named tuple rather than a dataclass: an article has thousands of tokens,
    and tuples are several times cheaper to make.
    """

    start: int
    end: int
    text: str


def sentences(text: str) -> list[Span]:
    """Split an article into sentences, keeping exact offsets.

    Line breaks end a sentence (news text puts headlines and captions on lines
    of their own); a full stop after a known abbreviation or an initial does not.

    >>> [s.text for s in sentences("Mr. Kim left. He arrived in Omsk.")]
    ['Mr. Kim left.', 'He arrived in Omsk.']
    """
    spans: list[Span] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group().startswith("."):
            before = text[start : match.start()].rsplit(None, 1)  # the last word only: sentences run long
            last = before[-1].lower().strip("\"'(“‘") if before else ""
            after = _NEXT_VISIBLE.search(text, end)  # not text[end:].lstrip(): that copies the rest each time
            following = after.group() if after else ""
            initialism = re.fullmatch(r"(?:[a-z]\.)+[a-z]", last) is not None
            if last in _ABBREVIATIONS or initialism or (len(last) == 1 and last.isalpha()) or following.islower():
                continue
            if last.isdigit() and len(before) == 1:
                continue  # "1. Panama City (February 1-2): ...": a numbered item, not a sentence of its own
        _add_sentence(text, start, end, spans)
        start = end
    _add_sentence(text, start, len(text), spans)
    return spans


_LINE = re.compile(r"[^\n]*\S[^\n]*")


def opening_lines(text: str, count: int = 4) -> list[Span]:
    """The first ``count`` lines that are not blank, each from its first visible character: where a headline,
    a date line and a dateline stand. Stops there, however long the article."""
    out: list[Span] = []
    for line in _LINE.finditer(text):
        start = line.start() + len(line.group()) - len(line.group().lstrip())
        out.append(Span(start, line.end(), text[start : line.end()]))
        if len(out) == count:
            break
    return out


def _add_sentence(text: str, start: int, end: int, spans: list[Span]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + len(chunk) - len(chunk.lstrip())
        spans.append(Span(offset, offset + len(stripped), stripped))


# How a word goes on past a hyphen or an apostrophe: not into a possessive 's, nor into "-based" ("Moscow-based").
WORD_JOINS = (r"(?:(?:-(?!(?:based|area|born|bred|led|backed|run|owned|made|style|bound|wide|era|speaking|registered"
              r"|flagged)\b)|['’](?![sS]\b))[^\W\d_]+)*")

TOKEN_PATTERN = _TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    r"|[A-Z]\.[A-Z][a-z]{1,2}\."  # W.Va., N.Mex.
    r"|[DRI](?=-(?:[A-Z]\.){2})"  # the party of "Clyburn, D-S.C.", so that S.C. reads as a state
    r"|[^\W\d_]+" + WORD_JOINS +  # words, hyphenated and with apostrophes
    r"|\d+(?:[.,]\d+)*"
    r"|[^\w\s]",
    re.UNICODE,
)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Words, numbers and punctuation marks of ``text[start:end]`` with absolute offsets.

    >>> [t.text for t in tokens("Kim left for the U.S. today.")]
    ['Kim', 'left', 'for', 'the', 'U.S.', 'today', '.']
    """
    end = len(text) if end is None else end
    return [Span(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, end)]
