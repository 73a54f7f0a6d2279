"""Sentences and tokens with exact offsets: ``text[start:end] == span.text`` for every span."""

from __future__ import annotations

import re
from typing import NamedTuple

from geomap.text import patterns

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "gov",
    "sen",
    "rep",
    "st",
    "mt",
    "ft",
    "lt",
    "col",
    "capt",
    "sgt",
    "jr",
    "sr",
    "inc",
    "co",
    "corp",
    "ltd",
    "no",
    "vs",
    "etc",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ave",
    "blvd",
    "rd",
    "pres",
    "adm",
    "rev",
    "hon",
}
_NEXT_VISIBLE = patterns.compile(r"\S")
_SENTENCE_END = patterns.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)|\n\s*\n|\n")


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


_LINE = patterns.compile(r"[^\n]*\S[^\n]*")


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
WORD_JOINS = (
    r"(?:(?:-(?!(?:based|area|born|bred|led|backed|run|owned|made|style|bound|wide|era|speaking|registered"
    r"|flagged)\b)|['’](?![sS]\b))[^\W\d_]+)*"
)

TOKEN_PATTERN = _TOKEN = patterns.compile(
    r"(?:[A-Z]\.){2,}"  # U.S., U.K.
    r"|[A-Z]\.[A-Z][a-z]{1,2}\."  # W.Va., N.Mex.
    r"|[DRI](?=-(?:[A-Z]\.){2})"  # the party of "Clyburn, D-S.C.", so that S.C. reads as a state
    r"|[^\W\d_]+"
    + WORD_JOINS  # words, hyphenated and with apostrophes
    + r"|\d+(?:[.,]\d+)*"
    r"|[^\w\s]",
    re.UNICODE,
)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Words, numbers and punctuation marks of ``text[start:end]`` with absolute offsets.

    >>> [t.text for t in tokens("Kim left for the U.S. today.")]
    ['Kim', 'left', 'for', 'the', 'U.S.', 'today', '.']
    """
    end = len(text) if end is None else end
    new = tuple.__new__  # Span(...) without the named tuple's Python-level constructor: the trip stage asks for
    return [new(Span, (*m.span(), m.group())) for m in _TOKEN.finditer(text, start, end)]  # every sentence's
