"""Direct speech: the spans of an article that are someone's own words, not the reporter's.

A place named inside a quotation is where the speaker's thoughts are ("during my speech in Guatemala"), not a
report of where anyone went. Three shapes: text between curly quotes (“...”); text between straight double
quotes paired within a paragraph; and a transcript, from the first paragraph that opens with a speaker's label
("President of Russia Vladimir Putin: Good afternoon ...") to the end of the article or a section mark.

>>> text = 'He landed in Oslo. “I will see Rome next year,” he said.'
>>> [text[a:b] for a, b in quoted_spans(text)]
['I will see Rome next year,']
"""

from __future__ import annotations

import bisect

from geomap.text import patterns
from geomap.text.wordlists import TITLES

_CURLY = patterns.compile(r"“([^”]*)”")
_STRAIGHT = patterns.compile(r'"([^"\n]*)"')
# A speaker's label opening a paragraph: a few capitalised words (titles, names, "(retranslated)"), then a colon.
_SPEAKER = patterns.compile(
    r"(?m)^(?:[A-Z][\w.'’-]*(?:\s+(?:of|the|and|de|da|von|bin|[A-Z][\w.'’-]*|\([a-z ]+\)))*)\s*:\s+(?=\S)"
)
_SECTION_MARK = patterns.compile(r"(?m)^\s*(?:\*\s*){3}\s*$")


def _a_speaker(label: str) -> bool:
    """A speaker's label names a person by title ("President of Russia Vladimir Putin:"), not a dateline in
    capitals ("NEW DELHI:") or a day of a schedule ("Tuesday:")."""
    words_ = label.rstrip(": ").split()
    plain = not any(c.isdigit() or c in "./|" for c in label)  # (not a caption: "Zelensky.Photo: EPA")
    return plain and len(words_) >= 2 and any(w.strip("()") in TITLES for w in words_)


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of direct speech, in order and not overlapping."""
    # (a name or two in quotation marks is a name, not speech: 'he will visit “Ur” Archaeological City')
    spans = [(m.start(1), m.end(1)) for m in _CURLY.finditer(text) if len(m.group(1).split()) > 3]
    spans += [(m.start(1), m.end(1)) for m in _STRAIGHT.finditer(text) if len(m.group(1).split()) > 3]
    transcript = next((m for m in _SPEAKER.finditer(text) if _a_speaker(m.group())), None)
    if transcript is not None:
        mark = _SECTION_MARK.search(text, transcript.end())
        spans.append((transcript.start(), mark.start() if mark else len(text)))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls inside one of the (sorted, disjoint) ``spans``."""
    k = bisect.bisect_right(spans, (position, 10**12)) - 1
    return k >= 0 and spans[k][0] <= position < spans[k][1]
