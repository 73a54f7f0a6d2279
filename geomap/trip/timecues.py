"""When something happened, from the words of one sentence: dates, weekdays, relative days and tense.

The itinerary orders stops by these cues, not by where they are mentioned,
because news tells trips out of order ("arrived the day before", "will then
travel to"). Each sentence gets a :class:`TimeCue`: a day offset from the
article's own day when the text says one, and a tense when it does not.

>>> cue = time_cue("The leader arrived in Omsk the day before.")
>>> cue.day, cue.text, cue.tense
(-1.0, 'the day before', 'past')
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from geomap.text import patterns
from geomap.text.tokens import opening_lines

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        1,
    )
    for m in names
}

_RELATIVE = [
    (r"\bthe day before yesterday\b", -2.0),
    (r"\b(?:the )?day after tomorrow\b", 2.0),
    (r"\b(?:the (?:previous|preceding) day|the day before|a day earlier|yesterday|(?<!the )last night)\b", -1.0),
    (r"\b(?:the (?:next|following) (?:day|morning|afternoon|evening)|the day after|a day later|tomorrow)\b", 1.0),
    (r"\b(?:later that day|later the same day|that same day|the same day)\b", 0.0),
    (r"\b(?:today|tonight|this (?:morning|afternoon|evening)|on arrival)\b", 0.0),
    (r"\b(?:two|2) days (?:earlier|before|ago)\b", -2.0),
    (r"\b(?:two|2) days later\b", 2.0),
    (r"\b(?:three|3) days (?:earlier|before|ago)\b", -3.0),
    (r"\b(?:three|3) days later\b", 3.0),
    (r"\b(?:last week|a week (?:earlier|before))\b", -7.0),
    (r"\b(?:next week|a week later)\b", 7.0),
]
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE_MD = patterns.compile(rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DATE_DM = patterns.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
# A range of days is where a stay begins: "15-16 June", "from 15 to 19 June", "June 8-10", "July 2 and 3"
_RANGE_TO = r"\s*(?:-|–|—|to|and|until|through)\s*"
_RANGE_DM = patterns.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?{_RANGE_TO}\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b\.?(?:,?\s+(\d{{4}}))?",
    re.I,
)
_RANGE_MD = patterns.compile(
    rf"\b({_MONTH_NAMES})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?{_RANGE_TO}\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?",
    re.I,
)
_ISO = patterns.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = patterns.compile(
    r"\b(?:(this|last|next|on|on the|since)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I
)

_FUTURE = patterns.compile(
    r"\b(?:will|shall|'ll|is (?:due|set|expected|scheduled|going|planning) to|are (?:due|set|expected|scheduled|going) to|"
    r"(?:is|are) (?:due|expected) (?:back|home|in|at)\b|"
    r"(?:is|are) to (?!have\b)|"
    r"plans? to|planned to visit|intends? to|"
    # a headline's infinitive is its future: "Biden to visit sites hit by Helene in Florida, Georgia"
    r"^\s*(?-i:(?:[A-Z][\w.'’-]*\s+){1,4})to\s+(?:visit|travel|tour|fly|go|head|make|attend|meet|hold|open|embark)|"
    r"would (?:then |instead |later |also )?(?:travel|go|fly|visit|head|move|proceed|return|leave|arrive))\b",
    re.I,
)
PAST_PERFECT = _PAST_PERFECT = patterns.compile(
    r"\bhad\s+(?:\w+\s+)?(?:\w+ed|left|gone|been|flown|come|made|met|spent|driven|taken|begun)\b", re.I
)
_PAST = patterns.compile(
    # (an "-ed" word in lower case: "Abiy Ahmed" and "Mohammed" are names, not verbs)
    r"\b(?:[a-z]\w*ed|(?i:arrived|left|went|came|flew|met|held|made|spent|drove|rode|took|began|was|were|had|"
    r"did|crossed|toured|visited|spoke|told|said|gave|saw|stood|led|brought|sent|paid|laid|wrote|heard|became|"
    r"so far))\b"
)  # "Wang's itinerary so far:" announces days already past
PRESENT_VERB = patterns.compile(
    r"\b(?:is|are|am)\s+\w+ing\b|\b(?:arrives|visits|tours|lands|meets|travels|heads|"
    r"flies|leaves)\b",
    re.I,
)

SEQUENCE_AFTER = patterns.compile(
    r"\b(?:then|later|afterwards|afterward|after that|next|subsequently|from (?:here|there)|onward|onwards|"
    r"went on to|moved on to|continued (?:on )?to|before (?:heading|flying|travelling|traveling|returning|leaving)|"
    r"final stop|last stop|wraps? up|ends? (?:his|her|the) (?:trip|tour|visit))\b",
    re.I,
)
SEQUENCE_BEFORE = patterns.compile(
    r"\b(?:earlier|previously|before that|prior to (?:that|this)|had (?:already )?(?:been|visited|stopped|arrived)|"
    r"first stop|(?:began|started) (?:his|her|their|the|a|an) (?:[\w-]+ ){0,2}(?:trip|tour|visit|journey)|"
    r"(?:trip|tour|visit|journey) (?:began|begins|started|starts|opened|opens))\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class TimeCue:
    """What one sentence says about time.

    ``day`` is an offset in days from the article's day (None when unknown);
    ``date`` is the calendar date when it can be worked out; ``text`` is the
    words that said it; ``tense`` is "past", "present" or "future";
    ``order`` is +1 for "then/later", -1 for "earlier/before that", else 0;
    ``within_day`` places the event in its day when the text says ("Wednesday night").
    """

    day: float | None = None
    date: dt.date | None = None
    text: str | None = None
    tense: str = "present"
    order: int = 0
    within_day: float = 0.0  # "Wednesday night" comes after "on Wednesday": morning -0.2 ... night +0.3


PARTS_OF_DAY = {"morning": -0.2, "afternoon": 0.1, "evening": 0.3, "night": 0.3}
_PART_AFTER = patterns.compile(r"\s+(morning|afternoon|evening|night)\b", re.IGNORECASE)


_EARLY_LATE = patterns.compile(r"\b(early|late)\s+(?:on\s+)?$", re.IGNORECASE)


def part_of_day(sentence: str, said: str) -> float:
    """The part of the day named around a day's words ("on Wednesday night", "late on Monday"), as a fraction
    of a day."""
    at = sentence.find(said)
    if at < 0:
        return 0.0
    m = _PART_AFTER.match(sentence, at + len(said))
    if m:
        return PARTS_OF_DAY[m.group(1).lower()]
    m = _EARLY_LATE.search(sentence, max(0, at - 12), at)
    if m:
        return PARTS_OF_DAY["night"] if m.group(1).lower() == "late" else PARTS_OF_DAY["morning"]
    # "Monday 20 February, 08:00 - ...": a clock time right after the day's words (a live blog's entry)
    m = _CLOCK_AFTER.match(sentence, at + len(said))
    return (int(m.group(1)) * 60 + int(m.group(2))) / 1440 - 0.5 if m else 0.0


_CLOCK_AFTER = patterns.compile(r"[,\s]*(?:at\s+)?([01]?\d|2[0-3])[:.]([0-5]\d)\b(?!\s*(?:a\.?m|p\.?m))")


def _weekday_offset(word: str, qualifier: str | None, today: dt.date | None, tense: str) -> float | None:
    target = WEEKDAYS.index(word.lower())
    if today is None:
        return None
    diff = target - today.weekday()
    qualifier = (qualifier or "").lower()
    if qualifier == "next":
        return float(diff + 7 if diff <= 0 else diff)
    if qualifier == "last":
        return float(diff - 7 if diff >= 0 else diff)
    if tense == "future":
        return float(diff if diff >= 0 else diff + 7)
    if tense == "past" or qualifier == "since":
        return float(diff if diff <= 0 else diff - 7)
    # "this Wednesday" or a bare weekday in the present: the nearest such day, and of two equally near the
    # coming one - the present with a day is mostly a schedule ("she travels on Wednesday").
    return float(diff if -3 < diff <= 3 else (diff - 7 if diff > 0 else diff + 7))


def weekday_in_tense(fragment: str, tense: str, *, today: dt.date | None = None) -> TimeCue | None:
    """The last weekday named in ``fragment``, read in the tense of the sentence it comes from.

    "flew to Washington, addressing Congress on Thursday and attending a dinner": the fragment has no
    verb of its own to say whether Thursday is past or coming; the sentence does.
    """
    found = list(_WEEKDAY.finditer(fragment))
    if not found:
        return None
    m = found[-1]
    offset = _weekday_offset(m.group(2), m.group(1), today, tense)
    date = today + dt.timedelta(days=offset) if (today and offset is not None) else None
    return TimeCue(offset, date, m.group(2), tense, 0)


def tense_of(sentence: str) -> str:
    """'future', 'past' or 'present' for a sentence, from its auxiliaries and verb forms.

    >>> tense_of("He will then travel to Omsk."), tense_of("He had left Minsk."), tense_of("He flew home.")
    ('future', 'past', 'past')
    """
    future, perfect = _FUTURE.search(sentence), _PAST_PERFECT.search(sentence)
    if future and not (perfect and perfect.start() < future.start()):
        return "future"  # (but "had dined ... over subsidies that Europeans fear will hurt them" is past)
    if perfect:
        return "past"
    past, present = _PAST.search(sentence), PRESENT_VERB.search(sentence)
    if past and not (present and present.start() < past.start()):
        return "past"  # (but "Lula travels to Paris for a summit called by Macron": the main verb comes first)
    return "present"


@functools.lru_cache(maxsize=4096)
def time_cue(sentence: str, *, today: dt.date | None = None) -> TimeCue:
    """The time cue of one sentence; ``today`` is the article's date when known.

    Cached: the itinerary asks for each sentence's cue once per place in it, and again for
    every person it weighs as the traveller.
    """
    tense = tense_of(sentence)
    order = 1 if SEQUENCE_AFTER.search(sentence) else -1 if SEQUENCE_BEFORE.search(sentence) else 0
    for pattern, days in _RELATIVE:
        m = re.search(pattern, sentence, re.I)
        if m:
            date = today + dt.timedelta(days=days) if today else None
            return TimeCue(days, date, m.group(0), tense, order)
    calendar = _calendar_date(sentence, today)
    if calendar is not None:
        found, words = calendar
        day = float((found - today).days) if today else None
        return TimeCue(day, found, words, tense, order)
    m = _WEEKDAY.search(sentence)
    if m:
        offset = _weekday_offset(m.group(2), m.group(1), today, tense)
        date = today + dt.timedelta(days=offset) if (today and offset is not None) else None
        return TimeCue(offset, date, m.group(2), tense, order)
    return TimeCue(None, None, None, tense, order)


def is_range(words: str) -> bool:
    """Whether the words of a date name a span of days ("15-16 June", "June 8 to 10") rather than one day."""
    return bool(_RANGE_DM.search(words) or _RANGE_MD.search(words))


def _calendar_date(sentence: str, today: dt.date | None) -> tuple[dt.date, str] | None:
    m = _ISO.search(sentence)
    if m:
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))), m.group(0)
        except ValueError:
            return None
    for pattern, month_group, day_group in ((_RANGE_DM, 2, 1), (_RANGE_MD, 1, 2), (_DATE_MD, 1, 2), (_DATE_DM, 2, 1)):
        m = pattern.search(sentence)
        if not m:
            continue
        month = MONTHS[m.group(month_group).lower().rstrip(".")]
        day = int(m.group(day_group))
        if m.group(month_group).lower() == "may" and not m.group(3) and month_group == 1 and day > 31:
            continue
        year = int(m.group(3)) if m.group(3) else (today.year if today else 2000)
        try:
            found = dt.date(year, month, day)
        except ValueError:
            continue
        if today and not m.group(3) and (found - today).days > 180:
            found = found.replace(year=year - 1)
        return found, m.group(0).strip()
    return None


# A date with its year heading the article: a line of its own ("May 27, 2017", "Monday, July 24, 2023") or a dateline
# ("TEL AVIV, Oct. 18, 2023 —", "New Delhi, August 22, 2023:").
_HEAD_DATE = patterns.compile(
    rf"(?:[A-Z][\w.'’ -]*,\s*){{0,3}}(?P<date>(?i:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|"
    rf"\d{{1,2}}\s+(?i:{_MONTH_NAMES})\.?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*(?:\([^)]*\)\s*)?(?:[:—–-]|$)"
)


def dateline_date(text: str) -> dt.date | None:
    """The article's own date, when one of its first lines states it with the year.

    Such a date says when the story is told, whatever the tense of its sentence ("VATICAN CITY, Jan. 30, 2023 —
    The pope will fly ..."), so it is the article's date, not a stand-in.

    >>> dateline_date("Pope to visit Congo\\nVATICAN CITY, Jan. 30, 2023 — The pope will fly to Kinshasa.")
    datetime.date(2023, 1, 30)
    >>> dateline_date("He met Macri on March 23, 2016 in Buenos Aires.") is None
    True
    """
    for line in opening_lines(text):
        m = _HEAD_DATE.match(line.text.rstrip())
        if m:
            found = _calendar_date(m.group("date"), None)
            if found is not None:
                return found[0]
    return None


_CLAUSES = patterns.compile(r"[,;]|\s(?:and|but|while|whereas)\s")

# A Monday in a year that is not a leap year: the stand-in week and year for articles without a date.
_STAND_IN_MONDAY = dt.date(2001, 1, 1)


def reference_day(sentences) -> dt.date | None:
    """A stand-in for the article's date when none is given, so weekdays and dates can still be ordered.

    An article is written on or after the last day it reports in the simple past
    or present tense (a past perfect, "had left", tells of earlier days). For calendar dates that is the latest one. Weekdays go round
    in a circle, so the latest is the one just before the widest gap between the
    days mentioned (a trip fills part of a week; the gap is the rest); on a tie,
    the first day the story names wins. Only offsets between days are used from
    the result, never the date itself.

    >>> from geomap.text.tokens import sentences
    >>> reference_day(sentences("He arrived in Oslo on Monday. On Tuesday he flew to Bergen.")).strftime("%A")
    'Tuesday'
    >>> reference_day(sentences("Mass in Lisbon on Sunday. He had landed on Wednesday.")).strftime("%A")
    'Sunday'
    """
    told = _days_told(sentences)
    if told.planned and not told.past and not told.dates:
        # A preview ("will leave on Thursday ... after the summit ends on Sunday"): told before its first day.
        if told.plans:
            return _before_the_plans(told, None)
        return _STAND_IN_MONDAY + dt.timedelta(days=(told.planned[0] - 1) % 7)
    weekday = told.closing[0] if told.closing else (_latest_weekday(told.days, told.opening) if told.days else None)
    if told.plans and not told.dates:
        return _before_the_plans(told, weekday)
    if told.dates:
        latest, with_year = max(told.dates)
        if weekday is not None and with_year and latest not in told.ending:
            # "On Tuesday, December 20, 2022 ... on Wednesday ... on Thursday": the week runs on past the date
            return latest + dt.timedelta(days=(weekday - latest.weekday()) % 7)
        if weekday is not None and not with_year:
            # "June 20" without a year: take a year in which it falls on the weekday the story reports last
            # ("wrapped up on Thursday"), so "June 19" and "Wednesday" name the same day.
            for year in range(latest.year, latest.year + 28):
                if _same_day_in(year, latest).weekday() == weekday:
                    return _same_day_in(year, latest)
        return latest
    if weekday is None:
        return None
    return _STAND_IN_MONDAY + dt.timedelta(days=weekday)


def _before_the_plans(told: _DaysTold, weekday: int | None) -> dt.date:
    """A preview that dates only its plans ("will be in Hanoi on June 19", "starting Tuesday"): it is told before the
    first planned day, on the weekday it reports (else the day before). A date without its year takes a year in
    which it falls on a weekday the plans name, so "June 18" and "starting Tuesday" can be one day."""
    first, with_year = min(told.plans)
    if not with_year and told.planned:
        first = next(
            (
                d
                for year in range(first.year, first.year + 28)
                if (d := _same_day_in(year, first)).weekday() in told.planned
            ),
            first,
        )
    back = (first.weekday() - weekday) % 7 or 7 if weekday is not None else 1
    return first - dt.timedelta(days=back)


@dataclass
class _DaysTold:
    """The dates and weekdays an article tells, sorted by what they say of the day it is told from."""

    dates: list[tuple[dt.date, bool]] = field(default_factory=list)  # (date, written with its year)
    ending: set[dt.date] = field(default_factory=set)  # dates of sentences that end the trip
    days: list[int] = field(default_factory=list)
    opening: set[int] = field(default_factory=set)  # weekdays a trip "began" on: the first day, never the latest
    closing: list[int] = field(default_factory=list)  # weekdays of its "final stop": the latest
    planned: list[int] = field(default_factory=list)  # weekdays of plans, in the order told
    past: bool = False  # some weekday told in the past tense
    plans: list[tuple[dt.date, bool]] = field(default_factory=list)  # dates of plans: "will visit Hanoi on June 19"


def _days_told(sentences) -> _DaysTold:
    told = _DaysTold()
    for sentence in sentences:
        edges = [0] + [e.end() for e in _CLAUSES.finditer(sentence.text)]
        for text, at in zip(_CLAUSES.split(sentence.text), edges):
            tense = tense_of(text)
            told.past = told.past or (tense == "past" and _WEEKDAY.search(text) is not None)  # a day the story reports
            if tense == "future":
                told.planned += [
                    WEEKDAYS.index(m.group(2).lower())
                    for m in _WEEKDAY.finditer(text)
                    if (m.group(1) or "").lower() not in ("last", "next")
                ]
            if tense == "future" and (plan := _calendar_date(text, None)) is not None:
                told.plans.append((plan[0], bool(re.search(r"\b\d{4}\b", plan[1]))))
            if tense == "future" or _PAST_PERFECT.search(text):
                continue  # plans, and what "had" happened before, are not the day the story is told from
            found = _calendar_date(text, None)
            if found is not None:
                # "On Tuesday, December 20, 2022, he was in Bakhmut": the year is past the comma that ends the clause
                found = _calendar_date(sentence.text[at:], None) or found
                told.dates.append((found[0], bool(re.search(r"\b\d{4}\b", found[1]))))
                if _ENDED.search(sentence.text):
                    told.ending.add(found[0])  # "ended their state visit on Friday, June 28": the story's last day
            named = [
                WEEKDAYS.index(m.group(2).lower())
                for m in _WEEKDAY.finditer(text)
                if (m.group(1) or "").lower() not in ("last", "next")
            ]
            told.days += named
            if named and SEQUENCE_BEFORE.search(text):
                told.opening.update(named)
            if named and _FINAL_STOP.search(sentence.text):
                told.closing += named
    return told


_ENDED = patterns.compile(
    r"\b(?:ended|ends|wrapped up|wraps up|concluded|concludes|returned home|flew home|final day|last day)\b", re.I
)
# "arrived in Moscow on Tuesday, the final stop of a tour": the day of the last stop is the story's latest.
_FINAL_STOP = patterns.compile(r"\b(?:final|last)\s+(?:stop|leg)\b", re.I)


def _same_day_in(year: int, day: dt.date) -> dt.date:
    return day.replace(year=year, day=28) if (day.month, day.day) == (2, 29) and year % 4 else day.replace(year=year)


def _latest_weekday(days: list[int], opening: set[int] | frozenset[int] = frozenset()) -> int:
    """Weekdays go round: the latest is the one just before the widest gap; on a tie, the first named,
    unless the trip began that day ("began a visit on Sunday ... on Friday" was told on Friday)."""
    distinct = sorted(set(days))
    gaps = {d: (distinct[(i + 1) % len(distinct)] - d) % 7 or 7 for i, d in enumerate(distinct)}
    widest = max(gaps.values())
    latest = [d for d in distinct if gaps[d] == widest]
    if len(latest) > 1 and set(latest) - opening:
        latest = [d for d in latest if d not in opening]
    return days[0] if days[0] in latest else latest[0]
