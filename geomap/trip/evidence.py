"""Stage 3a, stop evidence: which places the traveller went to, read from the clause around each mention.

A place is evidence of a stop when the traveller is the one who acts in its clause, a word of movement or
presence links them ("arrived in", "will fly to", "a visit to", "talks at"), and nothing turns it into
something else: metonymy ("Moscow said"), another actor ("officials held talks in Riyadh"), a plan that was
called off, an earlier trip, a look across a border. Each piece of evidence carries its time cue (day, tense,
sequence words, part of day) and whether it tells a departure, a return or a transit.

Input: text, sentences, resolved mentions and people's references; output: ``list[Evidence]`` and the reasons
for the mentions that are no stops.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from geomap.geometry import haversine_km
from geomap.model import Mention, Place
from geomap.text import patterns
from geomap.text import wordlists as words
from geomap.text.quotes import inside, quoted_spans
from geomap.text.tokens import Span, tokens
from geomap.trip.people import Reference
from geomap.trip.timecues import (
    MONTHS,
    PARTS_OF_DAY,
    PAST_PERFECT,
    PRESENT_VERB,
    WEEKDAYS,
    TimeCue,
    is_range,
    part_of_day,
    time_cue,
    weekday_in_tense,
)

NON_STOP_KINDS = frozenset(
    {"sea", "ocean", "gulf", "bay", "strait", "river", "lake", "canal", "continent", "region", "border", "mountains"}
)
AREA_KINDS = frozenset({"country", "admin1", "admin2"})
MOVEMENT_NOUNS = frozenset(
    """visit visits trip trips tour tours arrival journey stay stopover stop summit talks negotiations meeting meetings flight
    tribute
    ceremony welcome reception parade tour inspection speech speeches remarks lecture
    tea lunch luncheon dinner breakfast banquet audience""".split()
)
PREPOSITIONS = frozenset("in to at into for from via through across inside toward towards onto".split())
CITY_KINDS = frozenset({"city", "capital"})
NEGATIONS = patterns.compile(
    r"\b(?:not|never|no longer|cancel(?:l?ed|s)?|postpone[ds]?|call(?:s|ed|ing)? off|scrapped|instead of|rather than|"
    r"except(?: for)?|apart from|other than|excluding|"
    # "there will be no visit to Gotha this time"
    r"no (?:visit|trip|stop|stopover|plans?)|"
    r"video link|by video|virtually|remotely|by phone)\b",
    re.I,
)
_SKIPPABLE = frozenset("the a an his her its their this that several some".split())
_APPOSITION_NOUNS = frozenset(
    "capital city town port island hometown home village region province state hub station settlement resort district".split()
)


# -- stop detection -------------------------------------------------------------------------


@dataclass
class Evidence:
    mention: Mention
    sentence: int
    text: str
    cue: TimeCue
    mode: str | None
    departure: bool  # "left X", "a flight from X": the traveller was at X before this sentence's event
    returning: bool = False  # "flew back to X", "returned to X"
    transit: bool = False  # "crossed X", "through X"
    shift: float = 0.0  # "after arriving at X": a little before the sentence's main event
    journey: bool = False  # the departure starts a journey: "left X", "a flight from X"
    perfect: bool = False  # told in the past perfect ("had discussed"): before the story's main events
    opener: bool = False  # "began the tour in Jakarta": the first stop, wherever it is told
    closer: bool = False  # "before ending the tour in Cairo": the last stop before home, wherever it is told
    after: Place | None = None  # "After Israel he is expected in Bahrain": the place this one follows
    precedes: Place | None = None  # "The visit to Ukraine comes hours after talks in Delhi": the place it came before
    from_line: bool = False  # given by the place line or the dateline, not by a sentence

    @property
    def headline(self) -> bool:
        """A title or caption line: no closing punctuation."""
        return not self.text.rstrip().endswith((".", "!", "?", '"', "”", "’", "'", "…"))

    @property
    def time(self) -> float:
        return _evidence_time(self.cue, self.shift - (0.05 if self.departure else 0.0))


@dataclass
class _Walk:
    """Walking back from a place to the word that introduces it: the tokens before it, where the walk stands
    (``k``), and how many words it has passed (``hops``)."""

    before: list[Span]
    mention: Mention
    k: int
    hops: int = 0

    def word(self, back: int = 0) -> str:
        """The word ``back`` tokens before the current one, lower-cased ('' before the sentence)."""
        i = self.k - back
        return self.before[i].text.lower() if i >= 0 else ""

    def raw(self, back: int = 0) -> str:
        i = self.k - back
        return self.before[i].text if i >= 0 else ""


class _Found(NamedTuple):
    """The walk ends: the place is introduced by this preposition (None: by none that makes it a stop)."""

    preposition: str | None


class _Step(NamedTuple):
    """The walk goes on: step back over ``back`` words, counting ``passed`` of them against the limit."""

    back: int
    passed: int


# A rule looks at the word the walk stands on and answers _Found, _Step, or None when it does not apply.
_Outcome = _Found | _Step | None


def _a_relation(w: _Walk) -> _Outcome:
    """ "a city with long ties to Russia", "the ambassador to China": a relation, not a move."""
    return _Found(None) if w.word() == "to" and w.word(1) in _RELATION_NOUNS else None


def _a_topic(w: _Walk) -> _Outcome:
    """ "a push for peace in Ukraine", "the war in Gaza": what is talked about, not where."""
    return _Found(None) if w.word() == "in" and w.word(1) in _TOPIC_NOUNS else None


def _a_target(w: _Walk) -> _Outcome:
    """ "remarks widely read as aimed at China", "a swipe at Washington": a target, not a place."""
    return _Found(None) if w.word() == "at" and w.word(1) in _AIMED else None


def _a_source(w: _Walk) -> _Outcome:
    """ "a trip that drew condemnation from Brussels": what came from there, not who."""
    return _Found(None) if w.word() == "from" and w.word(1) in _WORDS_FROM else None


def _a_day(w: _Walk) -> _Outcome:
    """ "visit Berlin on Wednesday and Leipzig on Thursday": the day of the list item before is passed over."""
    if w.word(1) == "on" and w.word() in WEEKDAYS:
        return _Step(2, 0)
    if w.word(2) == "on" and w.word().isdigit() and w.word(1).rstrip(".") in MONTHS:
        return _Step(3, 0)  # "on July 3"
    return None


def _a_preposition(w: _Walk) -> _Outcome:
    """'in', 'to', 'at', 'from', ...: the answer."""
    return _Found(w.word()) if w.word() in PREPOSITIONS and w.word() != "of" else None


def _on_an_island(w: _Walk) -> _Outcome:
    """ "spent five hours on the Greek island of Lesbos": one is on an island, not in it ("in Uniondale on Long
    Island" only locates Uniondale)."""
    island = w.mention.place is not None and w.mention.place.kind == "island"
    if w.word() != "on" or not (
        island or any(t.text.lower() in ("island", "islands", "isle") for t in w.before[w.k + 1 :])
    ):
        return None
    named_before = w.k > 0 and w.raw(1)[:1].isupper() and w.word(1) not in WEEKDAYS
    return _Found(None if named_before else "in")


def _a_direction_of(w: _Walk) -> _Outcome:
    """ "the palace in Bogor, south of Jakarta": Jakarta locates Bogor; but "a lithium plant south of Perth", a place
    with no name of its own, is as near as the story says the traveller was to Perth."""
    if w.word() != "of" or w.word(1) not in _DIRECTIONS:
        return None
    return _Found("near" if w.k > 1 and w.raw(2)[:1].islower() else None)


def _out_of(w: _Walk) -> _Outcome:
    """ "flew out of Sydney" (but "a tour that took him out of Ukraine" is no leg)."""
    return _Found("from") if w.word() == "of" and w.word(1) == "out" and w.word(2) in _OUT_OF_VERBS else None


def _near_or_outside(w: _Walk) -> _Outcome:
    """ "a dairy farm near Auckland" puts the traveller there; "Ben Gurion Airport near Tel Aviv" only locates another
    named place."""
    if w.word() not in ("near", "outside"):
        return None
    return _Found(None if w.k > 0 and w.raw(1)[:1].isupper() else w.word())


def _a_moving_verb(w: _Walk) -> _Outcome:
    """ "visited Kyiv", "left Moscow": a verb of movement that takes the place as its object; "arrived Manila late on
    Tuesday" (arrive with no preposition, as some English writes it) is "arrived in"."""
    if w.word() in _ARRIVE_FORMS and w.k == len(w.before) - 1:
        return _Found("in")
    if w.word() not in words.TRANSITIVE_MOVES:
        return None
    return _Found("from" if w.word() in words.DEPARTURE_VERBS else "object")


_ARRIVE_FORMS = frozenset("arrive arrives arrived arriving".split())


def _a_description_of(w: _Walk) -> _Outcome:
    """ "from the border town of Przemysl", "through the streets of Kyiv": skip the description."""
    if not (
        w.word() == "of"
        and w.k > 0
        and w.raw(1)[:1].islower()
        and w.word(1) not in words.ARRIVAL_VERBS
        and w.word(1) not in words.TRANSITIVE_MOVES
    ):
        return None
    back, hops = 2, w.hops + 2
    while w.k - back >= 0 and hops < 8 and _describes(w.before[w.k - back].text):
        back += 1
        hops += 1
    return _Step(back, back)


def _describes(token: str) -> bool:
    """A lower-case word of a description ("the border town"), not the word that would introduce the place."""
    lower = token.lower()
    return (
        token[:1].islower()
        and lower not in PREPOSITIONS
        and lower not in ("near", "outside", "and", "or")  # (a list's joint ends a description)
        and lower not in words.ARRIVAL_VERBS
        and lower not in words.TRANSITIVE_MOVES
    )


def _a_proper_name_of(w: _Walk) -> _Outcome:
    """ "at the Catholic University of Leuven", "the Castle of Laeken": one proper name."""
    return _Step(1, 1) if w.word() == "of" and w.raw(1)[:1].isupper() and w.raw(1) not in words.TITLES else None


def _a_possessive(w: _Walk) -> _Outcome:
    """ "at Trump's Mar-a-Lago resort": a person's place."""
    return _Step(3, 3) if w.word() == "s" and w.k > 1 and w.raw(1) in ("'", "’") and w.raw(2)[:1].isupper() else None


def _a_skippable(w: _Walk) -> _Outcome:
    """Articles, capitalised words, brackets and quotes between the preposition and the place."""
    return (
        _Step(1, 1)
        if w.word() in _SKIPPABLE or w.raw()[:1].isupper() or w.word() in ("(", ")", "“", '"', "‘", "-")
        else None
    )


def _a_list(w: _Walk) -> _Outcome:
    """ "stops in Libreville, Luanda, Brazzaville and Kinshasa", "to Papua New Guinea, Timor Leste, and Singapore",
    "depart for Kuwait and later Qatar": one preposition serves the list, whatever sequence word joins it."""
    if w.word() == "as" and w.word(1) == "well" and w.word(2) == "as":
        if w.raw(3)[:1].isupper() or (w.raw(3) == "," and w.raw(4)[:1].isupper()):
            return _Step(3, -1)  # "the city of Erbil, as well as Mosul and Qaraqosh"
    if w.word() not in (",", "and", "or"):
        return None
    if w.raw(1)[:1].isupper() or (w.word() == "and" and w.raw(1) == "," and w.raw(2)[:1].isupper()):
        return _Step(1, -w.hops)  # each item has its own words: "the port of Setubal and the northern city of Porto"
    if w.word(1).isdigit() and w.word(2).rstrip(".") in MONTHS and w.word(3) == "on":
        return _Step(1, -1)  # "Berlin on June 24 and Leipzig": the day is passed by _a_day
    return None


def _a_sequence_word(w: _Walk) -> _Outcome:
    """ "and later Qatar", "and then Oslo", "and finally Cairo": the list goes on past a word of sequence; and
    "toured Ghana for two days at the start of her swing and later Togo": the verb told before takes it too."""
    if not (w.word() in _SEQUENCE_WORDS and w.word(1) in (",", "and")):
        return None
    if w.word(1) == "and" and w.k == len(w.before) - 1 and not w.raw(2)[:1].isupper():
        verbs = [t.text.lower() for t in w.before[max(0, w.k - 16) : w.k - 1]]
        if any(v in words.TRANSITIVE_MOVES and v not in words.DEPARTURE_VERBS for v in verbs):
            return _Found("object")
    return _Step(1, 0)


_SEQUENCE_WORDS = frozenset("then later finally eventually afterwards next also".split())


def _an_inclusion(w: _Walk) -> _Outcome:
    """ "a Gulf tour that includes Qatar", "a trip including Kenya": what a journey includes is on it (but "leaders
    including Italy's Meloni" are people)."""
    if w.word() not in ("include", "includes", "included", "including", "covers", "cover", "covering"):
        return None
    nouns = {t.text.lower() for t in w.before[max(0, w.k - 5) : w.k]}
    return _Found("to") if nouns & _JOURNEY_NOUNS_OF_A_LIST else None


_JOURNEY_NOUNS_OF_A_LIST = frozenset("tour trip visit journey itinerary swing stops leg legs route".split())


def _an_apposition(w: _Walk) -> _Outcome:
    """ "flew to the capital, Washington", "land in the capital Islamabad": the name restates the noun."""
    owners = ("the", "its", "his", "her", "their")
    if w.word() == "," and w.k > 1 and w.word(1) in _APPOSITION_NOUNS and w.word(2) in owners:
        return _Step(3, 3)
    possessed = w.word(1) == "s" and w.raw(2) in ("'", "’")  # "Gabon's capital Libreville"
    if w.word() in _APPOSITION_NOUNS and w.word(2) in owners and w.raw(1)[:1].islower():
        return _Step(3, 3)  # "the economic hub Douala", "the northeastern city Annaba": any one describing word
    if w.word() in _APPOSITION_NOUNS and (w.word(1) in owners or w.word(2) in owners or possessed):
        return _Step(1, 1)  # (the owner or the adjective before it is passed by the rules that follow)
    return None


def _an_adjective(w: _Walk) -> _Outcome:
    """ "the Russian capital", "the remote north": adjectives before the place."""
    word = w.word()
    return _Step(1, 1) if word.endswith(("ern", "ian", "an", "ese")) or word in _PLACE_ADJECTIVES else None


_PLACE_ADJECTIVES = frozenset(
    "nearby northern southern eastern western remote coastal neighbouring neighboring".split()
)
# In order: the first rule that applies decides.
_PREPOSITION_RULES = (
    _a_relation,
    _a_topic,
    _a_target,
    _a_source,
    _a_day,
    _a_preposition,
    _on_an_island,
    _a_direction_of,
    _out_of,
    _near_or_outside,
    _a_moving_verb,
    _an_inclusion,
    _a_description_of,
    _a_proper_name_of,
    _a_possessive,
    _a_skippable,
    _a_list,
    _a_sequence_word,
    _an_apposition,
    _an_adjective,
)


def _governing_preposition(text: str, sent: Span, mention: Mention) -> str | None:
    """The preposition that introduces the place: 'in', 'to', 'at', … (skipping "the", adjectives, "city of").

    The words before the place are walked back one rule at a time (:data:`_PREPOSITION_RULES`); a word no rule
    knows ends the walk with no preposition, as do six words passed.
    """
    before = tokens(text, sent.start, mention.start)
    walk = _Walk(before, mention, len(before) - 1)
    while walk.k >= 0 and walk.hops < 6:
        outcome = next((o for rule in _PREPOSITION_RULES if (o := rule(walk)) is not None), None)
        if outcome is None:
            return None
        if isinstance(outcome, _Found):
            return outcome.preposition
        walk.k -= outcome.back
        walk.hops = max(0, walk.hops + outcome.passed)
    return None


# "the flight to eastern Santiago de Cuba is four hours": a journey's goal is no government acting
_GOVERNED = patterns.compile(
    r"\b(?:flights?|trip|journey|voyage|ride|drive|route|way|travel\w*|fl(?:y|ies|ew)|arriv\w*|land\w*|head\w*)\s+"
    r"(?:to|in|into|at)\s+(?:(?:the|eastern|western|northern|southern|central)\s+)?$",
    re.IGNORECASE,
)


def is_actor(text: str, mention: Mention) -> bool:
    """'Moscow said', 'Pyongyang launched': the place stands for its government (but not when a preposition governs
    it: "the flight to eastern Santiago de Cuba is four hours")."""
    if _GOVERNED.search(text, max(0, mention.start - 30), mention.start):
        return False
    after = tokens(text, mention.end, min(len(text), mention.end + 40))
    words_after = [t.text.lower() for t in after[:3]]
    if not words_after:
        return False
    if words_after[0] in ("has", "have", "had", "will", "would", "is", "was") and len(words_after) > 1:
        return words_after[1] not in ("been",) and not words_after[1].endswith("ing")
    return words_after[0] in words.ACTOR_VERBS


def _movement_between(text: str, start: int, end: int) -> bool:
    """True when text[start:end] holds a word of movement or presence ("arrived", "a visit", "left", "talks")."""
    return any(
        w in words.ARRIVAL_VERBS or w in MOVEMENT_NOUNS or w in words.DEPARTURE_VERBS
        for w in (t.text.lower() for t in tokens(text, start, end))
    )


SPECULATION = patterns.compile(
    r"\b(?:(?:could|might|may) (?:also |yet |still )?(?:visit|travel|go|stop|fly|head|come|make)|considering|considered|"
    r"mulling|invit(?:e|es|ed|ing|ation)|possible|possibly|rumou?red|would like to|hopes? to|was supposed to|"
    r"never took place|never happened|had (?:also |originally |initially )?been (?:due|expected|scheduled|set|planned|supposed) to|was to have|"
    # "had planned to leave for St Petersburg today" (and did not); "the preparations for his visit to the United States"
    r"had (?:planned|intended|hoped|meant) to|preparations? (?:of|for) (?:his|her|their|the|a) (?:[\w-]+ )?(?:visit|trip|tour))\b"
)
_OUT_OF_VERBS = frozenset(
    "fly flies flew flying drive drives drove driving sail sails sailed sailing ride rode pulled "
    "steamed headed walked moved slipped".split()
)
# (not across what a tour includes: "began the first leg of a tour that includes Spain" does not begin in Spain)
_OPENER = patterns.compile(
    r"\b(?:began|begun|begins|begin|started|starts|start|opened|opens|kicked off|kicks off)\b"
    r"(?:(?!\b(?:includ\w*|also)\b)[^.;])*$",
    re.I,
)
_CLOSER = patterns.compile(
    r"\b(?:end(?:s|ed|ing)?|wrap(?:s|ped|ping)? up|conclud(?:e|es|ed|ing)|finish(?:es|ed|ing)?)\s+"
    r"(?:the|his|her|its|their|a)\s+(?:\w+\s+){0,2}?(?:tour|trip|visit|journey|leg)\s+(?:in|at)\s+(?:the\s+)?$",
    re.I,
)
# Days counted from the story's last named day, not from the article's date ("On Monday ... the next day").
_NARRATIVE_RELATIVE = patterns.compile(
    r"\b(?:next|following|previous|preceding) (?:day|morning|afternoon|evening)\b|"
    r"\b(?:later that day|later the same day|that same day|the same day)\b|"
    r"\bday (?:after|before|later|earlier)\b|"
    r"\bdays (?:later|earlier|before)\b|\ba week (?:later|earlier|before)\b",
    re.I,
)
# Words said or sent to a country are no visit: "urged Zelensky to talk to Russia", "wrote to Beijing".
_SPOKEN_TO = patterns.compile(r"\b(?:" + "|".join(sorted(words.SPEECH_VERBS)) + r")\s+to\s+(?:the\s+)?$")
# A schedule line: "- Tuesday: Nairobi, ...", "Sept. 5 - arrive in Cairo"; its place is where the traveller is that day.
_SCHEDULE_LINE = patterns.compile(
    r"\s*[-–—•*]?\s*(?:(?:stop|leg|day)\s+\d{1,2}\b[^:.]{0,60}(?=:)|"
    # "Bolivia (July 8-10): ..."
    r"[A-Z][^:()\n]{1,40}\((?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+"
    r"\d{1,2}[^)\n]{0,12}\)(?=:)|"
    r"\d{1,2}[.)]\s+[A-Z][^:.\n]{0,60}(?=:)|(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:,?\s+(?:(?:jan|feb|mar|apr|may|jun|jul|"
    r"aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|"
    r"oct|nov|dec)[a-z]*))?|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}|"
    r"\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*)"
    r"(?:,\s*[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,3})?"  # "29 August, Tokyo: Arrival; ..."
    r"\s*[:–—-]\s*(?:arrive in\s+)?",
    re.I,
)
_UNKNOWN_PERSON = patterns.compile(
    r"\b[A-Z][\w-]+['’]s\s+(?:" + "|".join(sorted(words.ROLE_NOUNS - words.GROUP_NOUNS)) + r")\b"
)
# "The final leg is the United Arab Emirates": a stop named as what a leg or stop of the trip is.
_LEG_IS = patterns.compile(
    r"\b(?:leg|stop|destination|port of call)\s+(?:abroad\s+|there\s+)?"
    r"(?:of\s+(?:the|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:tour|trip|visit|journey)\s+)?"  # "leg of his tour is"
    r"(?:is|was|will be|would be|had been|has been)\s+(?:the\s+)?$"
)
# Being somewhere is evidence too: "On Sunday he was in Berlin", "by night he was back in Moscow".
_PRESENCE = patterns.compile(
    r"\b(?:was|is|were|are|will be)\s+(?:back\s+|already\s+|still\s+)?(?:in|at)\s+(?:the\s+)?$"
)
_OTHER_TRIP = patterns.compile(
    r"\b(?:last year|years ago|a year ago|previous(?:ly)? (?:visit|trip)|in the past|"
    # "his impressions of the recent G8 summit in Genoa", "the previous summit in Osaka"
    r"(?:recent|previous|last)\s+(?:[\w-]+\s+){0,2}?(?:summit|meeting|talks|visit|trip|tour|conference)|"
    r"last (?:week|month)|earlier (?:this|that) (?:month|year)|"
    # "they visited Britain last September", "a tour of Asia next spring"
    r"(?:last|next) (?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"spring|summer|autumn|fall|winter)|(?:a|one|two|three) (?:weeks?|months?) after|"
    # ... or a later one: "announced a trip to Cuba next year"
    r"next (?:year|month|spring|summer|autumn|fall|winter)|later this year|in the coming months|"
    r"later (?:in|this) (?:the )?month|"
    # "his 2019 visit to the United Arab Emirates"
    r"(?:his|her|their|its)\s+(?:19|20)\d\d\s+(?:visit|trip|tour|journey|state visit)|"
    # "a three-day tour to win support ahead of the NATO summit in Vilnius"
    r"ahead of (?:the|a|next week's|this week's)\s+(?:[\w-]+\s+){0,3}?(?:summit|meeting|talks|conference))\b",
    re.I,
)
_EARLIER_TERM = patterns.compile(
    r"\b(?:his|her|their)\s+(?:first|previous|earlier|last)\s+(?:term|presidency|tenure|mandate)\b"
)
# "In March he travelled to Beijing": a month named alone, without its day
_BARE_MONTH = patterns.compile(
    r"\bin\s+(january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\b(?!\s+\d{1,2}\b)",  # (not "in April 13"; "in April 2019" is a month named without its day)
    re.I,
)


# "Lavrov will return to North Africa in February to visit Tunisia, ...": coming back in a later month or year is
# another trip (not "will return to Moscow on February 3", the end of this one)
_COMING_BACK_LATER = patterns.compile(
    r"\b(?:will|to|plans to|is expected to)\s+(?:return|come back|go back)\b[^.;]*?"
    r"\b(?:in\s+(?:january|february|march|april|may|june|july|august|september|october|november|december)\b(?!\s+\d)|"
    r"next\s+(?:month|year)|later\s+(?:this|in\s+the)\s+year)",
    re.I,
)


def _other_trip(clause: str, today: dt.date | None, latest_year: int | None) -> bool:
    """True when the clause is about an earlier or a later trip: "In 2019 he travelled to Vladivostok", "In March he
    travelled to Beijing" in a story dated June (``today`` only when the article's date is known, not a stand-in),
    "a visit to Cuba next year"."""
    if _EARLIER_TERM.search(clause):  # "who also visited Saudi Arabia at the start of his first term"
        return True
    if _OPENER.search(clause):  # "the tour began last week in Tokyo" is this trip
        return False
    if _OTHER_TRIP.search(clause) or _COMING_BACK_LATER.search(clause):
        return True
    if today is not None and any(MONTHS[m.group(1).lower()] < today.month for m in _BARE_MONTH.finditer(clause)):
        return True
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", clause)]
    return bool(years) and latest_year is not None and max(years) < latest_year


_JOURNEY = patterns.compile(
    r"\b(?:left|leaves|leaving|depart(?:s|ed|ing)?|set (?:off|out)|took off|takes off|taking off|journey|trip|flight|"
    r"flew|fly|flies|flying|flown|voyage|drive|ride|"
    r"travel(?:led|ed)?)\b[^.;]*$",
    re.I,
)
# "leaves Alaska ... and flies back to Moscow": a departure on the way home ends the trip, it does not start it
_BACK_HOME = patterns.compile(
    r"\b(?:fl(?:y|ies|ew|ying)|head(?:s|ed|ing)?|return(?:s|ed|ing)?|go(?:es|ing)?|went)\s+(?:back|home)\b"
)
_FOR_HOME = patterns.compile(r"(?:\s+[A-Z][\w-]*)*\s+(?:station\s+|airport\s+)?(?:for home|home|back home)\b")
_CLAUSE_EDGE = patterns.compile(r"[,;:]|\s(?:and|but|while|whereas)\s")


def _clause_start(text: str, sent: Span, m: Mention) -> int:
    start = sent.start
    for edge in _CLAUSE_EDGE.finditer(text, sent.start, m.start):
        start = edge.end()
    return start


def _clause_span(text: str, sent: Span, m: Mention) -> tuple[int, int]:
    """Where the clause holding a place starts and ends (commas, semicolons, "and", "but", "while").

    A comma that only adds where the place is ("in Juba, South Sudan on Friday") does not end its clause."""
    qualified = _QUALIFIER_AND_DAY.match(text, m.end, sent.end)
    edge = _CLAUSE_EDGE.search(text, qualified.end() if qualified else m.end, sent.end)
    return _clause_start(text, sent, m), (edge.start() if edge else sent.end)


_QUALIFIER_AND_DAY = patterns.compile(
    r",\s*(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},?(?=\s+(?:on\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)|(?:in\s+the|this)\s+(?:morning|afternoon|evening)|"
    r"tonight))",
    re.IGNORECASE,
)


_LOOKING = patterns.compile(
    r"\b(?:peer(?:s|ed|ing)?|look(?:s|ed|ing)? out|gaz(?:e|es|ed|ing)|star(?:e|es|ed|ing))\b[^,.;]*$"
)
_VISITED = patterns.compile(r"\b(?:visit(?:s|ed|ing)?|tour(?:s|ed|ing)?)\s+(?:the\s+)?$")
_MET_WITH = patterns.compile(r"\bwith\s+(?:\w+\s+){0,3}$")
_OBJECT_OF = patterns.compile(
    r"\b(?:of|for|by|to|meet|meets|meeting|met|see|sees|seeing|saw|greet|greets|greeting|greeted)\s+"
    r"(?:(?:the|former|late|then|[A-Z][\w.’'-]*)\s+){0,4}$"
)
_COUNT_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3}
_DAYS_AFTER = patterns.compile(
    r"\b(a|one|two|three) days? after\s+(?:(?:\w+\s+){0,2}?\w+ing|(?:he|she|they)\s+\w+ed)\b[^,;]*$", re.IGNORECASE
)  # "a day after addressing", "a day after he addressed"
NAMED_AREAS = frozenset({"country", "capital", "admin1", "continent", "region", "sea", "ocean"})
_TOPIC_NOUNS = frozenset(
    "peace war wars crisis conflict fighting violence situation elections election unrest "
    "ceasefire truce reforms investment investments interests operation operations invasion "
    "offensive attack attacks strikes disaster disasters earthquake tsunami flood floods bombing "
    "bombings shooting massacre accident intervention interventions jobs deals trade "
    "embassy embassies consulate consulates".split()
)
_RELATION_NOUNS = frozenset(
    "ties links relations connections ambassador ambassadors envoy envoys aid exports imports "
    "threat threats loyalty allegiance".split()
)
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west".split()
)
_WORDS_FROM = frozenset(
    "condemnation criticism praise support response reaction protest protests objections pressure "
    "calls call warning warnings letter message invitation approval opposition demands loan independence "
    "freedom separation".split()
)
# "hours after U.S. and Russian officials held talks in Riyadh": a group of others is the subject of the clause
_OTHER_SUBJECT = patterns.compile(
    r"\b(?:officials|diplomats|negotiators|delegations|delegates|ministers|envoys|lawmakers|"
    r"troops|forces|protesters|activists|investigators)\s+(?:\w+\s+){0,2}?(?:held|hold|holds|met|"
    r"meet|meets|gathered|gather|agreed|signed|were|are|will)\b[^.;]*$"
)
_AIMED = frozenset("aimed directed targeted pointed swipe jab dig jibe barb glance glanced angry furious".split())
# "let a convoy of aid trucks through the Rafah crossing", "sent troops to": what the verb's object does, not the traveller
_SENT_THING = patterns.compile(
    r"\b(?:(?:let|lets|letting|allow(?:s|ed|ing)?|send|sends|sent|sending|ship(?:s|ped|ping)?|"
    r"move|moves|moved|moving|relocat(?:e|es|ed|ing)|transfer(?:s|red|ring)?)\s+"
    r"(?!(?:him|her|them|us|me|himself|herself|themselves|back|home|off|out|on|over|"
    + "|".join(sorted(PREPOSITIONS))
    + r")\b)[\w-]+|"
    # "the delivery of aid through the Rafah crossing": what is delivered moves
    r"(?:delivery|deliveries|shipments?|transfers?|flows?|passage|supplies)\s+of\b)"
)
# "A stop in Goma ... has been dropped": the visit named, then called off later in the sentence
_LEG_BEFORE = patterns.compile(
    r"\b(?:stop|stops|stopover|visit|visits|trip|leg|tour|journey)\s+(?:[\w,-]+\s+){0,6}?(?:in|to|at)\s+(?:the\s+)?$",
    re.I,
)
# ... and the later names of a list after it: "stops in Indonesia and Malaysia were postponed"
_LEG_BEFORE_LIST = patterns.compile(
    r"\b(?:stop|stops|stopover|visit|visits|trip|leg|tour|journey)\s+(?:[\w,-]+\s+){0,6}?(?:in|to|at)\s+(?:the\s+)?"
    r"(?:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+))+$"
)
_CALLED_OFF_AFTER = patterns.compile(
    r"(?:(?!,\s*(?:where|when)\b)[^.;])*?\b(?:(?:has|have|had)\s+been|was|were|is|are)\s+(?:now\s+)?(?:dropped|cancell?ed|"
    r"scrapped|called off|postponed|shelved|axed)\b",
    re.I,
)
# "was originally meant to tour the market in X, but organisers moved it": a plan told as overtaken
_WAS_TO = patterns.compile(
    r"\b(?:was|were|had\s+been)\s+(?:\w+ly\s+)?(?:(?:scheduled|due|set|expected|supposed|planned|slated|meant)\s+)?"
    r"to\s+[^.;]*$",
    re.I,
)


def _overtaken_plan(text: str, sent: Span, m: Mention) -> bool:
    """ "was meant to tour X, but organisers moved it"; but a way home that slipped is still made ("was due to fly
    home to Ottawa on Sunday, but the plane broke down")."""
    plan = _WAS_TO.search(text, sent.start, m.start)
    return bool(plan and not _HOME_WAY.search(plan.group(0)) and _BUT_AFTER.match(text, m.end, sent.end))


_HOME_WAY = patterns.compile(r"\b(?:home|return\w*|back)\b", re.I)
_BUT_AFTER = patterns.compile(r"[^.;]*?(?:,\s*but\b|\bbut\s+(?:the|plans?|it|that|this|then)\b|\bhowever\b)", re.I)
_OFFICE_AFTER = patterns.compile(
    r"\s+(?:"
    + "|".join(
        sorted(
            words.ROLE_NOUNS
            | {"ambassador", "ambassadors", "embassy", "consulate", "consul", "government", "officials"}
        )
    )
    # a mission by its own name, written capitalised: "a rebuke from the United States Embassy in Hanoi"
    + r"|(?i:embassy|consulate|ambassador|government|mission)"
    + r")\b"
)
_QUARTER_AFTER = patterns.compile(r"\s+(?:neighbou?rhood|district|quarter|suburb|favela|borough)\b")
_HAS_VERB = patterns.compile(
    r"\b(?:"
    + "|".join(sorted(words.ARRIVAL_VERBS | words.DEPARTURE_VERBS))
    + r"|is|are|was|were|will|would|has|have|had|he|she|they|it)\b",
    re.IGNORECASE,
)
_WHERE_CLAUSE = patterns.compile(r",\s*where\s+([\w’'-]+)")
_PRONOUNS_AND_DETERMINERS = frozenset("he she they his her their the a an on in at".split())
_FROM_EVENT_IN = patterns.compile(
    r"\bfrom\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?(?:summit|talks|meeting|conference|forum|"
    r"visit|ceremony|games)\s+in\s+(?:the\s+)?$"
)
_FRAMED_BY = patterns.compile(r"(?:In|At|While in|Once in)\s+(?:the\s+)?", re.IGNORECASE)
_FRAME_END = patterns.compile(r"(?:\s+(?:on|this|last|late|early|that)\s+[\w,]+(?:\s+\w+)?)?,\s*")


def _verb_follows(text: str, start: int, end: int) -> bool:
    """Whether the word after a subject is its verb ("Obama announced", "he was"), not more of a noun phrase
    ("Monex shares were trading")."""
    word = re.match(r"\s+([a-z]+)\b", text[start:end])
    return word is not None and (
        word.group(1).endswith("ed")
        or word.group(1) in words.PERSON_VERBS
        or word.group(1) in words.ARRIVAL_VERBS
        or word.group(1) in words.AUXILIARIES
    )


# "flew back to X", "returned to X", "home in X" (but not "returned home, where he told reporters in X")
_RETURN_TO = patterns.compile(
    r"\b(?:back|return(?:s|ed|ing)?|home)\s+(?:(?!(?:he|she|they|we)\b)\w+\s+){0,2}?"
    r"(?:to|in|into)\s+(?:the\s+)?$"
)
# "arrived ... from Italy, where he spent three days at the summit in L'Aquila": where he was before he left
_FROM_WHERE = patterns.compile(r"\bfrom\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*,\s*where\b[^.;]*$")
_BACK_TO_THE_EVENT = patterns.compile(
    r"(?:After|Following)\s+the\s+(?:speech|talks|meeting|summit|ceremony|address|visit|"
    r"service|mass|Mass|funeral|dinner|lunch)\b"
)
# The main clause resumes after a relative one: "..., who called him 'my friend', and spent two days in ..."
_CLAUSE_RESUMES = patterns.compile(r"[,”\"’']\s+and\s+(?!(?:he|she|they|who|the|a|an)\b)[a-z]+\b")
_VENUE_IN = patterns.compile(r"\bat\s+(?:a|an|the)\s+(?:\w+\s+)?\w+\s+in\s+$")
_THAT_BEGAN = patterns.compile(r"\b(?:that|which)\s+(?:had\s+)?(?:began|begun|started|opened)\b")
_WITH_HIM = patterns.compile(r"\bwith\s+(?:him|her)\b")
_RELATIVE_WHO = patterns.compile(r",\s*(?:who|whose|whom)\b")
# "prayed for those who drowned crossing the Aegean from Turkey": others' own clause, without a comma
_GROUP_WHO = patterns.compile(
    r"\b(?:those|people|others|migrants|refugees|children|families|victims|residents|survivors|"
    r"soldiers|troops|civilians|workers|men|women|commanders|prisoners|hostages|fighters|captives)"
    r"(?:\s+of\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)?\s+who\b",
    re.IGNORECASE,
)  # "commanders of the garrison who"
# "After Israel he is expected in Bahrain", "After the speech in Ottawa, he ... travelled to Toronto"
# "After Israel", "after talks in Amman", "Following his Seoul trip", "after his visit to Cairo"
_AFTER_PLACE = patterns.compile(
    r"\b(?:[Aa]fter|[Ff]ollowing)\s+(?:(?:the|his|her|their|its)\s+)?(?:(?:\w+\s+){0,2}?(?:in|at|to)\s+)?$"
)
# (not a place it holds: "Kazakhstan's capital", "Moscow's Vnukovo airport" are still there)
_POSSESSOR_AFTER = patterns.compile(
    r"\s+(?:University|College|Institute|Academy)['’]s\s|['’]s\s+"
    r"(?!(?:capital|city|largest|second|biggest|main|region|province|coast|border|island|islands|"
    r"port|north|south|east|west|northern|southern|eastern|western|far|central)\b)[a-z]"
)
_MODIFIES_AFTER = patterns.compile(
    r"\s+(?:climate\s+|peace\s+|nuclear\s+|trade\s+)?(?:agreement|accords?|deal|process|format|"
    r"declaration|principles|protocol|treaty|consensus|communiqu[eé])\b"
)
_INSTITUTION_AFTER = patterns.compile(r"\s+(?:University|College|Institute|Academy|School)\b")
_ABOUT = patterns.compile(r"\b(?:dominated|overshadowed|focused|centred|centered|clouded)\s+(?:by|on)\b[^,;.]*$")
# "discussed the forthcoming summit in Rome", "briefed the President on his visit to the United States": what talks are
# about is no place the talkers go to (up to the place, with no verb of movement of their own in between).
_DISCUSSED = patterns.compile(
    r"\b(?:discuss(?:ed|es|ing)?|talked about|spoke about|speaks about|briefed\s+(?:\w+\s+){0,3}?(?:on|about)|"
    r"(?:talks|discussions|negotiations)\s+(?:on|about|over)|issues\s+(?:including|such as|like)|"
    r"exchanged (?:views|opinions) on|touched (?:on|upon)|agreed on|informed\s+(?:\w+\s+){0,3}?(?:of|about)|"
    # a stance on something: "expressed disdain for US interventions in Afghanistan", "condemned the strikes on Kyiv"
    r"expressed\s+(?:\w+\s+){0,2}?(?:for|about|over|at|with)|condemn(?:ed|s|ing)?|critici[sz](?:ed|es|ing)|"
    r"warned\s+(?:of|about|against)|called\s+for)\b"
    r"(?:(?!\b(?:arriv\w*|travel\w*|fl(?:y|ew|ies)|visit(?:ed|ing|s)?|went|go(?:es)?|land\w*|head\w*)\b)[^;.])*$"
)
_ATTRIBUTION_AROUND = patterns.compile(
    r",\s*(?:an?|the|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:official|officials|spokesman|spokeswoman|spokesperson|"
    r"source|sources|aide|aides|diplomat|diplomats|adviser|advisers|statement|ministry)\b[^,;]*$"
)
_SAID_AFTER = patterns.compile(r"[^,.;]{0,40}?\b(?:told|said|says|tells|reported|announced|confirmed)\b")
_AS_SOMETHING_HAPPENS = patterns.compile(
    r"\b(?:as|while|because|although|though|whereas)\s+(?:the\s+|a\s+|an\s+)?[a-z][\w-]*(?:\s+[a-z][\w-]*)?\s+"
    r"(?:grows?|mounts?|rises?|falls?|remains?|continues?|spreads?|looms?|runs?\s+high|deepens?|intensifies)\b[^.;]*$"
)
# "Mr Bush's visit to Moscow", "the visit of the Chinese President to Russia": a journey whose own traveller is named.
_OWN_JOURNEY_AFTER = patterns.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,3}?(?:visit|visits|trip|trips|tour|journey|stay|arrival)\s+(?:to|in|at)\s+(?:the\s+)?$"
)
_JOURNEY_OF = patterns.compile(r"\b(?:visit|visits|trip|trips|tour|journey|arrival)\s+(?:of|by)\s+$")
_JOURNEY_OF_A_ROLE = patterns.compile(
    r"\b(?:visit|visits|trip|trips|tour|journey|arrival)\s+(?:of|by)\s+(?:the\s+|a\s+|an\s+)?(?:[\w’'-]+\s+){0,3}?"
    r"(?:" + "|".join(sorted(words.ROLE_NOUNS)) + r")\s+(?:to|in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_THING_CLAUSE = patterns.compile(r",\s+which\s+(?!is\b|was\b|are\b|were\b)")
_TRAVELLING_THING = patterns.compile(r"\b(?:" + "|".join(sorted(words.JOURNEY_NOUNS | words.VEHICLE_NOUNS)) + r")$")
_NAMED_STOP = patterns.compile(r",\s+(?:the|its|his|her)\s+(?:[\w-]+\s+)?(?:stop|leg)\b", re.IGNORECASE)
_PAST_PLAN = patterns.compile(
    r"\b(?:was|were) (?:due|scheduled|supposed|meant|set|expected|planning) to\b", re.IGNORECASE
)
_AFTER_STAY = patterns.compile(
    r"\bafter (?:[\w-]+ ){0,3}(?:days?|nights?|weeks?|stays?|stops?|talks|visits?) "
    r"(?:in|at) (?:the )?$",
    re.IGNORECASE,
)
# A line that is only a day, heading the entries below it: "Wednesday, July 26", "Sept. 13", "Day 2 - Monday".
_DAY_HEADING = patterns.compile(
    r"\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|"
    r"oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|"
    r"sept|oct|nov|dec)[a-z]*\.?)?(?:,?\s+\d{4})?\s*[:.]?\s*",
    re.I,
)
_SAME_DAY_PART = patterns.compile(
    r"\b(?:that|the same|later that)\s+(morning|afternoon|evening|night)\b", re.IGNORECASE
)
_WEEKDAY_AND_DATE = patterns.compile(
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s+\d{4})?", re.IGNORECASE
)
_DAY_AFTER = patterns.compile(r"\s+on\s+((?:mon|tues|wednes|thurs|fri|satur|sun)day)\b", re.IGNORECASE)
# A date right after a weekday ("on Monday, June 3, 2019"): the date says which Monday
_DATE_AFTER = patterns.compile(r",?\s+(?:\d|[A-Z][a-z]+\.?\s+\d)", re.IGNORECASE)


_TODAYS_PART = patterns.compile(
    r"\b(?:this|in the|later (?:this|in the))\s+(morning|afternoon|evening)\b|\b(tonight)\b", re.I
)


def _clause_cue(text: str, sent: Span, m: Mention, today: dt.date | None) -> TimeCue:
    """The time cue nearest a place: its own clause's, falling back on the sentence's for what the clause lacks.

    In "arrived in Kyiv on Tuesday, after talks in India the day before", Kyiv is Tuesday and India the day before;
    "arrived in Budapest on Wednesday night" comes after "met Vucic in Belgrade on Wednesday".
    """
    cue = _clause_day(text, sent, m, today)
    if cue.day is None and cue.tense != "past":
        start, end = _clause_span(text, sent, m)
        today_part = _TODAYS_PART.search(text, start, end)
        if today_part is not None:
            # "The president is going to Raleigh in the afternoon": later on the day the story is told
            within = PARTS_OF_DAY.get((today_part.group(1) or "night").lower(), 0.3)
            return TimeCue(0.0, today, today_part.group(0), cue.tense, cue.order, within_day=within)
    if cue.text is None or cue.day is None:
        return cue
    if _AFTER_STAY.search(text, max(sent.start, m.start - 48), m.start):
        # "arrived in Madrid on Tuesday evening after four days in Portugal": the stay came before that day's news
        return replace(cue, within_day=0.0, order=-1)
    part = part_of_day(sent.text, cue.text)
    if not part:
        # "spent Thursday in Luxembourg ... and arrived in Brussels that evening"
        start, end = _clause_span(text, sent, m)
        same = _SAME_DAY_PART.search(text, start, end)
        part = PARTS_OF_DAY[same.group(1).lower()] if same else 0.0
    return replace(cue, within_day=part) if part else cue


def _clause_day(text: str, sent: Span, m: Mention, today: dt.date | None) -> TimeCue:
    """The day a place's own clause names, read in the right tense; else the day of its 'where' clause or the day
    the sentence named before it."""
    start, end = _clause_span(text, sent, m)
    whole = time_cue(sent.text, today=today)
    holds = _WHAT_A_TOUR_HOLDS.search(text, sent.start, m.start)
    if holds is not None and time_cue(text[holds.start() : m.end], today=today).day is None:
        # "landed on Tuesday to open a tour that includes Qatar": what the tour holds has no day of its own
        return TimeCue(None, None, None, whole.tense, whole.order)
    clause = _clause_weekday(text, sent, start, end, whole, today)
    if clause.text and is_range(clause.text) and _LAST_OF_A_LIST.search(text, sent.start, m.start):
        # "will visit Ethiopia, Somalia, Tanzania and Lesotho from January 7 to 12": the span is the whole list's
        return TimeCue(None, None, None, clause.tense if clause.tense != "present" else whole.tense, clause.order)
    if clause.day is not None:
        # "talks on Thursday before returning to Beijing on Friday": a weekday right after the place is its own.
        own = _DAY_AFTER.match(text, m.end, end)
        if own is not None and _DATE_AFTER.match(text, own.end()):
            own = None  # "in Quito on Sunday, July 5, 2015" (looked for past the clause, which ends at the comma)
        if own is not None and own.group(1).lower() != (clause.text or "").lower():
            weekday = weekday_in_tense(own.group(0), clause.tense, today=today)
            if weekday is not None and weekday.day is not None:
                return TimeCue(weekday.day, weekday.date, weekday.text, clause.tense, clause.order)
        return clause
    tense = clause.tense if clause.tense != "present" else whole.tense
    # "stopped in Yakutsk, where he toured a technology park on Tuesday": what he did there says when.
    where = re.match(r",\s*where\b(?:(?!,\s+and\b)[^;])*", text[end : sent.end])  # (not "..., and on Monday he met")
    if where:
        at = time_cue(where.group(), today=today)
        if at.text and _NARRATIVE_RELATIVE.search(at.text):
            # "where the king greeted him on May 20 and where, a day later, he spoke": the day named first is its own
            first = time_cue(where.group()[: where.group().find(at.text)], today=today)
            at = first if first.day is not None else at
        if at.day is not None:
            return TimeCue(at.day, at.date, at.text, tense, clause.order or at.order)
    return _day_said_before(text, sent, m, start, end, whole, tense, clause.order, today)


def _clause_weekday(text: str, sent: Span, start: int, end: int, whole: TimeCue, today: dt.date | None) -> TimeCue:
    """The time cue of the clause ``text[start:end]``: a weekday with its date after the comma, a day a stay lasts
    until (no day of arrival), a weekday read in the sentence's tense when the clause has no verb of its own."""
    clause = time_cue(text[start:end], today=today)
    dated = (
        _WEEKDAY_AND_DATE.search(text, start, min(sent.end, end + 30))
        if clause.text and clause.text.split()[-1].lower().endswith("day")
        else None
    )
    if dated:  # "on Monday, June 3, 2019": the clause ends at the comma, the date after it is the day
        clause = replace(time_cue(dated.group(), today=today), tense=clause.tense, order=clause.order)
    if clause.text and re.search(r"\b(?:until|till)\s+(?:on\s+)?" + re.escape(clause.text), text[start:end], re.I):
        clause = TimeCue(None, None, None, clause.tense, clause.order)  # "to stay there until Friday": when it ends
    if clause.day is not None and clause.tense == "present" and whole.tense == "future":
        # "she travels on Wednesday to Dar es Salaam, and ... will arrive on Friday": a schedule, read as plans
        ahead = weekday_in_tense(text[start:end], "future", today=today)
        if ahead is not None and ahead.day is not None and ahead.text == clause.text:
            clause = TimeCue(ahead.day, ahead.date, ahead.text, "future", clause.order)
    if (
        clause.day is not None
        and clause.tense == "present"
        and whole.tense == "past"
        and not PRESENT_VERB.search(text, start, end)
    ):
        # "In Hanoi on Monday, Obama announced ...", "He then flew to Britain, attending a dinner at Blenheim Palace on
        # Thursday": a clause without a finite verb of its own is told in the sentence's tense
        back = weekday_in_tense(text[start:end], "past", today=today)
        if back is not None and back.day is not None and back.text == clause.text:
            clause = TimeCue(back.day, back.date, back.text, "past", clause.order)
    return clause


_LAST_OF_A_LIST = patterns.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*,?\s+and\s+(?:the\s+)?$")
_WHAT_A_TOUR_HOLDS = patterns.compile(
    r"\b(?:tour|trip|journey|visit|swing|leg)s?\s+(?:that|which)\s+(?:\w+\s+){0,3}?"
    r"(?:includes?|included|covers?|take|takes|took|will\s+take)\b[^.;]*$"
)


def _day_said_before(
    text: str,
    sent: Span,
    m: Mention,
    start: int,
    end: int,
    whole: TimeCue,
    tense: str,
    order: int,
    today: dt.date | None,
) -> TimeCue:
    """The sentence's day carries forward ("On Sunday he flew to Oslo and then Bergen"), not back: a day named after
    this clause belongs to the later one ("... to Accra, and ended in Maputo on Thursday")."""
    said_before = whole.text is not None and whole.text in text[sent.start : m.start]
    # "In Cairo, Lula met Sisi on Thursday": a place fronted before the subject frames the whole sentence.
    fronted = start == sent.start and len(text[start:end].split()) <= 4
    if not (said_before or fronted):
        return TimeCue(None, None, None, tense, order or whole.order)
    if said_before:
        # Of several days named before the place, the nearest carries forward: "On Saturday he flew to Crete,
        # and on Sunday he was in Jordan and Qatar, meeting King Abdullah in Amman" is Sunday in Amman.
        for edge in reversed([sent.start] + [e.end() for e in _CLAUSE_EDGE.finditer(text, sent.start, m.start)]):
            near = time_cue(text[edge : m.start], today=today)
            if near.day is None:
                continue
            weekday = weekday_in_tense(text[edge : m.start], whole.tense, today=today)
            if weekday is not None and weekday.text == near.text and weekday.day is not None:
                near = weekday  # a bare weekday takes the sentence's tense, not the fragment's
            return TimeCue(near.day, near.date, near.text, tense, order or whole.order)
    return TimeCue(whole.day, whole.date, whole.text, tense, order or whole.order)


_HOST_VERBS = "welcomed|welcomes|received|receives|hosted|hosts|greeted|greets"
# (and the verbs whose object is carried along: "a tour that has taken Trump to Japan, China and South Korea")
_HOSTED = patterns.compile(
    r"\b(?:" + _HOST_VERBS + r"|met|meets|escorted|took|takes|taken|taking|brought|brings|carried|carries)\b"
)
# "- Wednesday: King Charles III welcomes the couple at Windsor Castle": a host on the traveller's schedule line
_HOSTS_GUEST = patterns.compile(r"\s+(?:[IVX]+\s+)?(?:" + _HOST_VERBS + r")\b")
# (a colon breaks a clause, but not a clock's: "Y, at 14:40 local time, landed in")
_CLAUSE_BREAK = patterns.compile(
    r";|(?<!\d):(?!\d)|,\s*(?:where|while|whereas|but|although|who|which|as)\b|\b(?:said|says|told|added|according)\b"
)


def _joint_actor(text: str, before: list[Reference], m: Mention, leader: str) -> Reference | None:
    """The leader's reference when the leader shares the clause with the place even if another
    person is named nearer: "Kim held talks with Putin at the cosmodrome" puts both there."""
    if not before or before[-1].person == leader:
        return None
    mine = [r for r in before if r.person == leader]
    if not mine:
        return None
    ref = mine[-1]
    between = text[ref.end : m.start]
    if _CLAUSE_BREAK.search(between) or not re.search(
        r"\b(?:with|and|alongside|together|meet|met|meets|meeting|greet|greeted|greets|host|hosted|hosts|welcome|"
        r"welcomed|welcomes|receive|received|receives|join|joined|joins|see|sees|saw|seeing)\b",
        between,
    ):
        return None
    return ref


def leg_mode(sentence: str) -> str | None:
    return arrival_mode([words.MODE_WORDS[w] for w in re.findall(r"[a-z]+", sentence.lower()) if w in words.MODE_WORDS])


def acting_places(text: str, mentions: list[Mention]) -> frozenset[tuple[int, int]]:
    """The spans of the mentions that act as their government ("Moscow said").

    This does not depend on who travels, so it is found once, not again for every person weighed as the traveller.
    """
    return frozenset(
        (m.start, m.end) for m in mentions if m.place is not None and not m.adjective and is_actor(text, m)
    )


_ATTRIBUTIVE_BEFORE = patterns.compile(r"\b(?:the|a|an)\s+$", re.IGNORECASE)
_NEXT_WORD = patterns.compile(r"\s+([a-z][a-z-]*)\b")
_NOT_ATTRIBUTIVE = frozenset(
    "on and or as for with by but where which who that this next last since after before during while until when "
    "amid including ahead".split()  # ("his visit to the Netherlands during which he spoke")
)
_AN_EVENT_OF = patterns.compile(
    r"\b(?:Year|Years|Days|Day|Week|Season|Festival)\s+of\s+(?:the\s+)?(?:[A-Z][\w-]*\s+(?:[A-Z][\w-]*\s+)?in\s+)?$"
)  # ("the Year of Japan in Russia")
# One of two names joined by a hyphen or a dash before what they name together ("EU-Russia summit",
# "Russia – Islamic World group").
_PAIRED_AFTER = patterns.compile(r"\s?[-–—]\s?[A-Z][\w’'-]*")
_PAIRED_BEFORE = patterns.compile(r"\b[A-Z][\w’'.]*\s?[-–—]\s?$")


def _only_describes(text: str, m: Mention, others: list[Mention]) -> bool:
    """Whether the words right after a place make it a description rather than where the traveller went:
    "the Amur city of Komsomolsk" (the first name describes the second), "the US ambassador's residence" (an
    office), "in the Maracana neighbourhood" of a city named in the same sentence (a quarter of that city, not a
    town of the same name 2,500 km away); "Harvard University" (a small town's name on an institution elsewhere);
    "Russia's war" (a possessor); "the Paris climate agreement" (a name on a treaty)."""
    if re.match(r"\s+(?:city|town|port|region|province|capital|village|district) of\b", text[m.end : m.end + 30]):
        return True
    if m.where.kind == "country" and _ATTRIBUTIVE_BEFORE.search(text, max(0, m.start - 6), m.start):
        following = _NEXT_WORD.match(text, m.end)
        if following and following.group(1) not in PREPOSITIONS and following.group(1) not in _NOT_ATTRIBUTIVE:
            return True  # "the US military base in Ramstein", "a Russia summit": a country's name on a thing
    if _AN_EVENT_OF.search(text, max(0, m.start - 30), m.start):
        return True  # "the Year of Russia in Japan", "the Days of Japanese Culture": an event named after a country
    if m.where.kind in ("country", "region") and (
        _PAIRED_AFTER.match(text, m.end) or _PAIRED_BEFORE.search(text, max(0, m.start - 40), m.start)
    ):
        return True  # "the EU-Russia summit", "the Japan-China talks": a pair of countries names the meeting
    if _OFFICE_AFTER.match(text, m.end):
        return True
    if _ATTRIBUTED_TO.search(text, max(0, m.start - 30), m.start):
        return True  # "reached Oslo, according to Sweden's Foreign Ministry": who says it, not where
    if any(
        o.place is not None and o.end <= m.start and _LOCATES_THE_PLACE_BEFORE.fullmatch(text, o.end, m.start)
        for o in others
    ):
        return (
            True  # "Suzhou, a lakeside city west of Shanghai", "Suzhou, 100 km west of Shanghai": where the other lies
        )
    if _INSTITUTION_AFTER.match(text, m.end) and m.where.kind in CITY_KINDS and m.where.population < 100_000:
        return True  # "spoke at Harvard University": named after a town, not in it (Harvard is in Cambridge)
    if _POSSESSOR_AFTER.match(text, m.end):
        # "Chinese support for Russia's war", "New York University's Shanghai campus": the place owns something named
        # after it ("flew to Japan's capital, Tokyo" has its stop in the next name)
        return True
    if _MODIFIES_AFTER.match(text, m.end):
        return True  # "to stay in the Paris climate agreement": the name of an agreement, not a place visited
    return bool(_QUARTER_AFTER.match(text, m.end)) and any(
        o.place is not None
        and o.place.kind in CITY_KINDS
        and haversine_km(o.where.lat, o.where.lon, m.where.lat, m.where.lon) > 50
        for o in others
    )


def _another_actor_between(
    text: str,
    sent: Span,
    m: Mention,
    a_start: int,
    sent_refs: list[Reference],
    leader: str,
    acting: frozenset[tuple[int, int]],
) -> bool:
    """Whether, between the traveller's mention (ending at ``a_start``) and the place, someone or something else
    becomes the one who acts, so the place belongs to them.

    One question asked in the forms news uses: a look ("peering across the border into North Korea"); a group of
    others ("U.S. and Russian officials held talks in Riyadh"); a 'where' clause with its own subject ("to visit
    Maui, where wildfires killed 114 people in Lahaina"); another person's relative clause ("meets Kamla
    Persad-Bissessar, whose ancestors came from Bihar"; "prayed for those who drowned crossing from Turkey"); a government ("the summit that the UAE will host in
    Dubai"); the object of letting or sending ("let aid trucks through the Rafah crossing"); a thing's 'which'
    clause ("a memorial to the Kindertransport, which carried children to Britain"; but "his trip, which began at"); what an
    event was about ("a summit dominated by the trade in migrants in Libya").
    """
    if _LOOKING.search(text, max(sent.start, m.start - 80), m.start) or _OTHER_SUBJECT.search(text, a_start, m.start):
        return True
    where = None
    for where in _WHERE_CLAUSE.finditer(text, a_start, m.start):  # noqa: B007 (the last one is wanted)
        pass
    if (
        where is not None
        and where.group(1).lower() not in _PRONOUNS_AND_DETERMINERS
        and not any(r.person == leader and where.end() <= r.pos < m.start for r in sent_refs)
    ):
        return True
    who = _RELATIVE_WHO.search(text, a_start, m.start)
    if who and (_CLAUSE_RESUMES.search(text, who.end(), m.start) or _WITH_HIM.search(text, who.end(), m.start)):
        # "welcomed by Netanyahu, who called him 'my friend', and spent two days in Jerusalem"; "Harper, who then
        # flew with him to Toronto": the traveller goes along
        who = None
    whose = next((r.person for r in reversed(sent_refs) if r.end <= who.start()), None) if who else None
    if whose is not None and whose != leader:
        return True
    if _GROUP_WHO.search(text, a_start, m.start) and not _VENUE_IN.search(text, max(a_start, m.start - 40), m.start):
        return True  # (but "paid tribute to soldiers who died in the war at a cemetery in Haifa" was at the cemetery)
    if any(a_start <= start < m.start for start, _ in acting):
        return True
    if _SENT_THING.search(text, max(a_start, _clause_start(text, sent, m)), m.start):
        return True
    if _ABOUT.search(text, max(a_start, _clause_start(text, sent, m)), m.start):
        return True  # "a summit dominated by the trade in migrants in Libya": what the event was about
    if _ATTRIBUTION_AROUND.search(text, max(a_start, m.start - 60), m.start) and _SAID_AFTER.match(text, m.end):
        return True  # "..., an official from his office in Ankara told The National": the speaker's place
    if _AS_SOMETHING_HAPPENS.search(text, a_start, m.start):
        return True  # "the trip comes as alarm grows in Paris": a clause of its own, with its own subject
    if _DISCUSSED.search(text, a_start, m.start):
        return True  # "discussed the forthcoming summit in Rome": a topic of the talks
    if _someone_elses_journey(text, m, a_start, sent_refs, leader):
        return True
    thing = _THING_CLAUSE.search(text, a_start, m.start)
    return thing is not None and not _TRAVELLING_THING.search(text, max(a_start, thing.start() - 20), thing.start())


@dataclass
class _Story:
    """What the telling has reached, carried from one sentence to the next."""

    carried: str | None = None  # the person the last sentence referred to last
    day: float | None = None  # the day the telling has reached: "On Monday ... The next day ..."
    tense: str = "present"  # the tense of the last sentence that named a day, for schedule lines
    heading: TimeCue | None = None  # the day of the heading line above, in a day-by-day account
    flashback: TimeCue | None = None  # the day of a past-perfect sentence just told, for the sentences after it


@dataclass
class _Reading:
    """One reading of an article for one traveller: its fixed inputs, and the evidence and reasons found so far."""

    text: str
    sents: list[Span]
    refs: dict[int, list[Reference]]
    leader: str
    today: dt.date | None
    stand_in: bool
    acting: frozenset[tuple[int, int]]
    dateline: tuple[Place, int] | None
    by_sentence: dict[int, list[Mention]]
    latest_year: int | None
    headings: set[int]
    quotes: list[tuple[int, int]] = field(default_factory=list)  # spans of direct speech
    blog: bool = False  # entries stamped with their clock time: a live page
    evidence: list[Evidence] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    story: _Story = field(default_factory=_Story)


@dataclass
class _Actor:
    """Who acts on a place, and the stretches of text where that shows."""

    person: str
    start: int  # where the actor's mention ends: the clause between it and the place is theirs
    end: int  # where their movement word must end
    window: int  # where their movement word may start
    before: list[Reference]
    after: list[Reference]
    joint: Reference | None


def _someone_elses_journey(text: str, m: Mention, a_start: int, sent_refs: list[Reference], leader: str) -> bool:
    """ "Mr Bush's visit to Moscow", "the visit of the Chinese President to Russia": the journey to the place is named
    with its own traveller, who is not the leader (a possessor or the object of "of"/"by")."""
    role = _JOURNEY_OF_A_ROLE.search(text, a_start, m.start)
    if role is not None and not any(
        r.person == leader and role.start() <= r.pos for r in sent_refs if r.end <= m.start
    ):
        return True
    for r in sent_refs:
        if r.person == leader or not (a_start <= r.pos and r.end <= m.start):
            continue
        if _OWN_JOURNEY_AFTER.match(text[r.end : m.start]) or (
            _JOURNEY_OF.search(text, max(0, r.pos - 20), r.pos)
            and re.fullmatch(r"\s+(?:to|in|at)\s+(?:the\s+)?", text[r.end : m.start])
        ):
            return True
    return False


def stop_evidence(
    text: str,
    sents: list[Span],
    mentions: list[Mention],
    refs: dict[int, list[Reference]],
    leader: str,
    today: dt.date | None,
    stand_in: bool = False,
    *,
    acting: frozenset[tuple[int, int]],
    dateline: tuple[Place, int] | None,
) -> tuple[list[Evidence], dict[str, str]]:
    """Evidence that the leader went to a mentioned place, and reasons for the mentions that are not stops.

    ``stand_in`` says ``today`` was inferred from the text, so its year says nothing about earlier trips;
    ``acting`` is :func:`acting_places` and ``dateline`` :func:`dateline_city`, found once by the caller: they do
    not depend on who travels, and the caller weighs several people as the traveller.
    """
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    starts = [s.start for s in sents]
    for m in mentions:
        number = bisect.bisect_right(starts, m.start) - 1
        if number >= 0 and m.start < sents[number].end:
            by_sentence[number].append(m)
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", text)]
    refs = _headline_trip(text, sents, refs, leader)
    reading = _Reading(
        text,
        sents,
        refs,
        leader,
        today,
        stand_in,
        acting,
        dateline,
        by_sentence,
        latest_year=today.year if (today and not stand_in) else (max(years) if years else None),
        # (a day-by-day account has two headings or more; one date line is the article's own date)
        headings={n for n, sent in enumerate(sents) if sent.text.strip() and _DAY_HEADING.fullmatch(sent.text)},
        quotes=quoted_spans(text),
        blog=_live_page(text),
    )
    for number, sent in enumerate(sents):
        _read_sentence(reading, number, sent)
        _tell_on(reading, number, sent)
    if _cut_short(text, sents):
        # a copy that stops mid-sentence ("The first leg of her tour was in Lisbon, where she said both sides would sign a") tells
        # its last sentence in the body, not as a headline: it shows the cut
        last = len(sents) - 1
        reading.evidence = [replace(e, text=e.text + " …") if e.sentence == last else e for e in reading.evidence]
    return reading.evidence, reading.reasons


def _cut_short(text: str, sents: list[Span]) -> bool:
    """Whether the text stops in the middle of a sentence of its body: the last sentence runs to the very end, has no
    closing punctuation, and is a paragraph's continuation or a sentence's length (a headline is short and alone)."""
    if len(sents) < 3 or text[sents[-1].end :].strip():
        return False
    last = sents[-1].text
    return not last.endswith((".", "!", "?", '"', "”", "’", "'", ":")) and len(last.split()) >= 8


# "Trip to Kazan", "Working visit to Bashkortostan", "State Visit to the Republic of Cyprus": a headline that names a
# trip and no one is the story's own trip, the traveller's
_TRIP_HEADLINE = patterns.compile(r"\s*(?:[A-Z][a-z]+\s+)?(?P<trip>[Tt]rip|[Vv]isit|[Tt]our|[Jj]ourney)\s+to\s+(?=\w)")


def _headline_trip(
    text: str, sents: list[Span], refs: dict[int, list[Reference]], leader: str
) -> dict[int, list[Reference]]:
    """The references with the traveller added to a headline that names a trip with no traveller, when the
    headline stands alone on the article's first line (a copy: the caller weighs several people on the same refs)."""
    if not sents or refs.get(0):
        return refs
    first = sents[0]
    headline = _TRIP_HEADLINE.match(text, first.start, first.end)
    if (
        not headline
        or "\n" not in text[first.end : first.end + 3]
        or text[first.start : first.end].rstrip()[-1:] in ".!?"
    ):
        return refs
    # (an empty reference just before the noun: the noun itself is the movement word, "visit to", "trip to")
    return {**refs, 0: [Reference(headline.start("trip"), headline.start("trip"), leader)]}


def _read_sentence(reading: _Reading, number: int, sent: Span) -> None:
    """The evidence of one sentence, after the heading or flashback it sits under is known."""
    text, story, leader = reading.text, reading.story, reading.leader
    if number in reading.headings and len(reading.headings) > 1:
        heading = time_cue(sent.text, today=reading.today)
        story.heading = heading if heading.day is not None else None
    if _BACK_TO_THE_EVENT.match(sent.text):
        story.flashback = None  # "After the speech he toured ...": back from the flashback to the story's own day
    sent_refs = reading.refs.get(number, [])
    # A person in a prepositional object is not who acts: "the funeral of former Prime Minister Shinzo
    # Abe in Tokyo" leaves the traveller as the subject (judged once per sentence, not per place).
    # (nor is a possessor: "spent two days at Trump's Mar-a-Lago resort")
    subjects = [
        r
        for r in sent_refs
        if r.person == leader
        or not (_OBJECT_OF.search(text, max(sent.start, r.pos - 50), r.pos) or text[r.end : r.end + 2] in ("'s", "’s"))
    ]
    # (a dateline is no line of a schedule: "KUALA LUMPUR (March 26): The prime minister flies to Hanoi tomorrow")
    dateline = reading.dateline is not None and sent.start < reading.dateline[1]
    schedule = None if dateline else _SCHEDULE_LINE.match(sent.text)
    for m in reading.by_sentence.get(number, []):
        place = m.place
        if place is None or m.adjective:
            continue
        if inside(reading.quotes, m.start) and not _quote_tells_the_move(reading, m, subjects):
            # "during my speech in Guatemala": a place in someone's own words is what they speak of
            reading.reasons.setdefault(place.id, "named in someone's own words, not a report of a visit")
            continue
        if (m.start, m.end) in reading.acting and place.kind in ("country", "capital", "city", "palace", "admin1"):
            reading.reasons.setdefault(place.id, "stands for its government (metonymy), not a visit")
            continue
        before = [r for r in subjects if r.end <= m.start]
        if schedule and _on_schedule_line(reading, sent, m, schedule, before):
            _schedule_evidence(reading, number, sent, m, schedule, sent_refs)
            continue
        actor = _actor_of(reading, number, sent, m, before, sent_refs)
        if actor is not None and actor.person == leader:
            _weigh(reading, number, sent, m, actor, sent_refs)


def _quote_tells_the_move(reading: _Reading, m: Mention, subjects: list[Reference]) -> bool:
    """An aide's or a ministry's quoted line that tells the traveller's movement in the third person ("President Ek
    departs Vilnius for Sochi to attend ..."): a report of the trip in quotation marks, not what a speaker talks
    about. The quote opens with the traveller's name (after a title at most), and a movement word comes between the
    name and the place."""
    start = next(a for a, b in reading.quotes if a <= m.start < b)
    return any(
        r.person == reading.leader
        and start <= r.pos < m.start
        and _QUOTE_OPENS_WITH_TITLE.fullmatch(reading.text, start, r.pos) is not None
        and _movement_between(reading.text, r.end, m.start)
        for r in subjects
    )


_QUOTE_OPENS_WITH_TITLE = patterns.compile(r"\s*(?:[A-Z][\w.]*\s+){0,3}@?")


def _on_schedule_line(reading: _Reading, sent: Span, m: Mention, schedule: re.Match, before: list[Reference]) -> bool:
    """Whether a place is an entry of a schedule line, with no subject but the people the traveller meets.

    (a person the traveller meets on that day is no subject: "Sept. 13 - Talks with Vladimir Putin at ...")
    """
    text = reading.text
    return (
        m.start < sent.start + schedule.end() + 60 or _movement_between(text, sent.start + schedule.end(), m.start)
    ) and all(_MET_WITH.search(text, sent.start, r.pos) or _HOSTS_GUEST.match(text, r.end) for r in before)


def _schedule_evidence(
    reading: _Reading, number: int, sent: Span, m: Mention, schedule: re.Match, sent_refs: list[Reference]
) -> None:
    """ "- Tuesday: Nairobi, visit to a geothermal plant": a line of the traveller's schedule, its weekday read in the
    tense of the sentence that announced the schedule ("will leave on Saturday")."""
    text, today = reading.text, reading.today
    cue = weekday_in_tense(schedule.group(), reading.story.tense, today=today) or _clause_cue(text, sent, m, today)
    if m.where.kind in NON_STOP_KINDS:
        return  # "A flight to Erbil in the Kurdistan region": the region is where, not a stop
    if _another_actor_between(text, sent, m, sent.start + schedule.end(), sent_refs, reading.leader, reading.acting):
        return  # "May 9: Mount Nebo, where Moses is said to have seen the Promised Land"
    # "Friday, March 5: The pope flies from Rome to Baghdad ... Monday: return flight to Rome"
    departure = _governing_preposition(text, sent, m) == "from"
    returning = bool(_RETURN_TO.search(text[max(sent.start, m.start - 60) : m.start].lower()))
    reading.evidence.append(Evidence(m, number, sent.text, cue, None, departure, returning))


# "The museum is a branch of the Hermitage in St Petersburg": a sentence about a thing, its own subject
_A_THING_AS_SUBJECT = patterns.compile(
    r"\s*(?:(?:The|This|That|Its|A|An)\s+(?!(?:"
    + "|".join(sorted(words.ROLE_NOUNS | words.GROUP_NOUNS | words.JOURNEY_NOUNS | words.VEHICLE_NOUNS))
    + r")\b)[a-z][\w-]*"
    # "Another 3,000 are in the Sahel": a number of others
    + r"|(?:Another|Some|About|Around|Over|Nearly|More than)?\s*\d[\d,.]*(?:\s+[a-z]+)?)"
    + r"\s+(?:is|was|are|were|has|had|opened|stands|lies)\b"
)

# "On Tuesday about 150 Japanese politicians risked ... by visiting Yasukuni": a counted crowd is the subject
_A_COUNTED_CROWD = patterns.compile(
    r"\s*(?:(?:On|By|Late|Early)\s+\w+(?:\s+\w+)?,?\s+)?"
    r"(?:(?:about|some|around|over|nearly|more than|at least|another|almost|roughly)\s+)?"
    r"(?:\d[\d,.]*|dozens|hundreds|thousands|tens of thousands)\s+(?:of\s+)?(?:[A-Z][\w-]*\s+|[a-z][\w-]*\s+)?[a-z]+s\b",
    re.IGNORECASE,
)


# "Super Typhoon Haiyan victims receive bags of rice in San Remigio" (a photo caption): people of the place, not the
# traveller, open the sentence
_OTHERS_AS_SUBJECT = patterns.compile(
    r"\s*(?:(?:The|Some|Many|Hundreds of|Thousands of)\s+)?(?:[A-Z][\w-]*\s+){0,4}(?:[a-z][\w-]*\s+)?"
    r"(?:victims|residents|survivors|villagers|locals|protesters|demonstrators|supporters|crowds|pilgrims|worshippers|"
    r"workers|rescuers|volunteers|soldiers|troops|children|families|students|refugees|fans|people)\b"
    r"(?!\s+(?:of|for|to|from)\b)"
)


def _actor_of(
    reading: _Reading, number: int, sent: Span, m: Mention, before: list[Reference], sent_refs: list[Reference]
) -> _Actor | None:
    """Who acts on the place, and where their movement word may stand; None when nobody does."""
    text, leader = reading.text, reading.leader
    after = [r for r in sent_refs if r.pos >= m.end]
    # Who acts on this place, and the stretch of text where their movement word must be.
    joint = _joint_actor(text, before, m, leader)
    if joint is not None:
        return _Actor(leader, joint.end, m.start, joint.end, before, after, joint)
    if before:
        last = before[-1]
        person, window = last.person, last.end
        if person != leader and any(r.person == leader for r in before) and _WITH_HIM.search(text, last.end, m.start):
            person = leader  # "Stephen Harper, who then flew with him to Toronto": the traveller went along
        if text[last.pos : last.end].lower() in words.JOURNEY_NOUNS:
            window = last.pos  # "had started the trip last Saturday in Buenos Aires": the trip is the move
        host = _HOSTED.search(text, max(sent.start, last.pos - 40), last.pos)
        if host:  # "Sisi welcomed Modi in Cairo": the verb before the guest puts the guest there
            window = host.start()
        return _Actor(person, last.end, m.start, window, before, after, None)
    if after:  # "in Vladivostok Kim will visit ...": the verb may come after the actor
        return _Actor(after[0].person, m.end, min(sent.end, after[0].end + 80), sent.start, before, after, None)
    if (
        reading.story.carried == leader
        and number > 0
        and not _UNKNOWN_PERSON.search(text, sent.start, m.start)
        and not _A_THING_AS_SUBJECT.match(text, sent.start, m.start)
        and not _A_COUNTED_CROWD.match(text, sent.start, m.start)
        and not _OTHERS_AS_SUBJECT.match(text, sent.start, m.start)
    ) or _LEG_IS.search(text, max(sent.start, m.start - 40), m.start):
        # the traveller of the last sentence goes on, unless another country's leader is the subject
        # here ("Iran's president is expected in the Russian capital"); and "The last stop was Phnom Penh"
        # is a leg of the trip, the traveller's whoever was named last
        return _Actor(leader, sent.start, m.start, sent.start, before, after, None)
    return None


def _weigh(reading: _Reading, number: int, sent: Span, m: Mention, actor: _Actor, sent_refs: list[Reference]) -> None:
    """The traveller acts on the place: keep it as evidence unless its clause makes it something else."""
    text = reading.text
    if _another_actor_between(text, sent, m, actor.start, sent_refs, reading.leader, reading.acting):
        return
    if _only_describes(text, m, reading.by_sentence[number]):
        return
    prep = _preposition(reading, number, sent, m)
    if prep is None or _SPOKEN_TO.search(text, max(sent.start, m.start - 40), m.start):
        return
    if not _framed(text, sent, m, actor) and not _movement_or_presence(text, m, actor):
        return
    reason = _not_this_visit(reading, sent, m, actor)
    if reason is not None:
        reading.reasons.setdefault(m.where.id, reason)
        return
    if _not_a_stop_kind(text, sent, m, prep):
        return  # a sea or a border is no stop, but "visited the Demilitarized Zone" is
    near = text[max(sent.start, m.start - 60) : m.start].lower()
    if re.search(r"\b(?:flight|flights|flew|fly|flies|flying)\s+over\b[^,.;]*$", near):
        reading.reasons.setdefault(m.where.id, "flown over, not a stop")  # "a helicopter flight over the quake zone"
        return
    reading.evidence.append(_evidence(reading, number, sent, m, prep))


def _preposition(reading: _Reading, number: int, sent: Span, m: Mention) -> str | None:
    """How the place is introduced ('in', 'to', 'from', ...); a lead in the dateline's city counts as 'in'."""
    text, dateline = reading.text, reading.dateline
    # "PARIS, Jan. 8 - Blinken held his last meeting ...": a lead naming no other place happens in the dateline's city
    lead = (
        dateline is not None
        and m.start < dateline[1]
        and m.where.id == dateline[0].id
        and not any(
            o.start >= dateline[1]
            and o.place is not None
            and not o.adjective
            and o.place.kind not in ("continent", "region")
            and not (o.place.kind == "country" and o.place.country == dateline[0].country)
            for o in reading.by_sentence.get(number, [])
        )
    )  # ("a state visit to Chile" under SANTIAGO)
    if m.text == "here" or lead or _LEG_IS.search(text, max(sent.start, m.start - 40), m.start):
        return "in"
    return _governing_preposition(text, sent, m)


def _framed(text: str, sent: Span, m: Mention, actor: _Actor) -> bool:
    """ "In Hanoi on Monday, Obama announced ...": a place fronted before the traveller as subject is where the
    traveller was, whatever the verb."""
    return (
        not actor.before
        and actor.joint is None
        and bool(actor.after)
        and bool(_FRAMED_BY.fullmatch(text, sent.start, m.start))
        and bool(_FRAME_END.fullmatch(text, m.end, actor.after[0].pos))
        and _verb_follows(text, actor.after[0].end, sent.end)
    )


def _movement_or_presence(text: str, m: Mention, actor: _Actor) -> bool:
    return _movement_between(text, actor.window, actor.end) or bool(
        _PRESENCE.search(text, max(actor.window, m.start - 40), m.start)
    )


_AN_EVENT_IN = patterns.compile(
    r"\b(?:fire|blaze|attack|attacks|blast|explosion|bombing|shooting|earthquake|quake|flood|floods|flooding|crash|"
    r"disaster|tragedy|massacre|fighting|clashes|riots?|unrest)\s+(?:in|at|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

_WENT = patterns.compile(
    r"\b(?:visit\w*|tour\w*|arriv\w*|went|came|travel\w*|flew|fl(?:y|ies)|landed|stopp\w*)\b", re.I
)

_AHEAD_OF_THE_VISIT = patterns.compile(
    r"\b(?:ahead of|awaiting|in anticipation of|in preparation for|preparations for)\s+(?:the\s+|his\s+|her\s+|their\s+)?"
    r"(?:(?:[\w-]+\s+)?[\w-]+(?:'s|’s)\s+)?(?:[\w-]+\s+)?(?:arrival|visit|trip)\b",
    re.IGNORECASE,
)


# a name of capitalised words, as a list writes its items (a lower-case "of" ends it)
_A_NAME = r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
# " to Denmark, Germany and ": the places a trip goes to, up to the one weighed
_GOAL_LIST = patterns.compile(r"\s+(?:in|to|at)\s+(?:" + _A_NAME + r"\s*(?:,|,?\s+and)\s+)*(?:the\s+)?")


_ATTRIBUTED_TO = patterns.compile(
    r"\b(?:according to|quoted by|cited by|told by|reported by)\s+(?:the\s+)?$", re.IGNORECASE
)
# what an appositive puts between a place and the place that locates it: ", a town 100 km east of ", ", near "
_LOCATES_THE_PLACE_BEFORE = patterns.compile(
    r"\s*,\s*(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?)?(?:(?:about|some|roughly|just)\s+)?"
    r"(?:\d[\d,.]*\s*(?:km|kilometers|kilometres|miles)\s+)?"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ern)?\s+of|near|outside|not far from|close to|"
    r"on the outskirts of)\s+(?:the\s+)?",
    re.IGNORECASE,
)


def _not_this_visit(reading: _Reading, sent: Span, m: Mention, actor: _Actor) -> str | None:
    """Why a place the traveller acts on is still not a stop of this trip: called off, only possible, another trip."""
    text = reading.text
    clause_start = max(text.rfind(",", sent.start, m.start), text.rfind(";", sent.start, m.start), sent.start)
    lead = text[clause_start : m.start]
    between = text[min(actor.start, m.end) : max(actor.end, m.start)]
    if (
        NEGATIONS.search(lead)
        or NEGATIONS.search(between)
        or (
            (_LEG_BEFORE.search(lead) or _LEG_BEFORE_LIST.search(text, sent.start, m.start))
            and _CALLED_OFF_AFTER.match(text, m.end, sent.end)
        )
        or _overtaken_plan(text, sent, m)
    ):
        return "named in a visit that did not happen"
    if SPECULATION.search(lead) or SPECULATION.search(between):
        return "a possible or proposed visit, not a stop"
    if _AN_EVENT_IN.search(text, max(sent.start, m.start - 40), m.start) and not _WENT.search(
        text, min(actor.start, m.start), m.start
    ):
        # "expressed his condolences in connection with the fire in Kemerovo": where something happened, not where
        # the traveller went (but "visited the victims of the flood in Krymsk" is a visit)
        return "mentioned, not visited"
    ahead = _AHEAD_OF_THE_VISIT.search(text, sent.start, m.start)
    if ahead and not _GOAL_LIST.fullmatch(text, ahead.end(), m.start):
        # "A man rides past a billboard of the prince, ahead of the prince's arrival, in Lahore": others wait there
        return "mentioned, not visited"
    told_from = _told_from(text, sent, m)
    if _other_trip(
        text[told_from : m.end] + text[m.end : min(sent.end, m.end + 40)],
        None if reading.stand_in else reading.today,
        reading.latest_year,
    ):
        return "told of another trip, earlier or later"
    if _AFTER_AN_EARLIER.search(text, told_from, m.start):
        return "told of another trip, earlier or later"
    if _A_LIFE.search(text, told_from, m.start):
        return "told of the traveller's life, not of this trip"
    return None


_FRONTED_TIME = patterns.compile(  # ("Earlier, in May 2017, on a trip to China, he ...")
    r"\s*(?:(?:earlier|previously)\s*,?\s*)?(?:(?:in|by|during|since|back in|until)\s+(?:(?:early|late|mid)[- ])?(?:[A-Z][a-z]+\s+)?(?:19|20)\d\d|"
    r"last\s+(?:year|month|week)|years?\s+ago|in\s+the\s+past|previously|earlier\s+this\s+year)\s*,\s*",
    re.IGNORECASE,
)


# A trip measured from another one, told before the place: "comes weeks after his trip to Moscow", "eight months
# after their summit in Singapore", "a month before her visit to Paris" (days are too near: "two days after
# arriving in Tokyo" is this trip).
_AFTER_AN_EARLIER = patterns.compile(
    r"\b(?:weeks|months|years|(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|"
    r"\d+)\s+(?:weeks?|months?|years?))\s+(?:after|before|since)\s+(?:his|her|their|its|the|a)\s+[^.;]*$",
    re.I,
)


# A life, not this trip, told before the place: "spent decades as a missionary in Peru", "was born in Chicago"
_A_LIFE = patterns.compile(
    r"\b(?:spent\s+(?:\w+\s+)?(?:years|decades)\s+as\b|(?:was|were)\s+born\b|grew\s+up\b|"
    r"(?:his|her)\s+(?:native|home\s*town|birthplace)\b)[^.;]*$"
)


# what a list puts between two commas before the place: "Mauritania, ", "Algeria and "
_LIST_ITEM = patterns.compile(r"(?:\s*" + _A_NAME + r"\s*(?:,|\s+and|\s+or)?\s*)*")


def _told_from(text: str, sent: Span, m: Mention) -> int:
    """Where the clause that tells a place begins, for judging which trip it is."""
    own_clause = _clause_start(text, sent, m)
    # "first travelled there in May 2022, when he visited Senegal": the 'when' clause is dated by the one before
    told_from = sent.start if re.search(r"\b(?:when|during which)\b[^;]*$", text[sent.start : m.start]) else own_clause
    if own_clause > sent.start and _FRONTED_TIME.match(text, sent.start, own_clause):
        # "In April 2019, the Pope hosted a retreat in the Vatican": the year frames the clause (and the clauses
        # after more fronted phrases: "Earlier, in May 2017, on a trip to China, he planted a tree at Tsinghua")
        return sent.start
    if told_from == own_clause and own_clause > sent.start and not _HAS_VERB.search(text, own_clause, m.start):
        # "last travelled to China in 2018, for an informal summit in Wuhan": a clause with no verb of its
        # own belongs to the one before it
        # own (and so does each item of a list before it: "to visit Tunisia, Mauritania, Algeria and Morocco")
        edges = [sent.start] + [
            e.end() for e in _CLAUSE_EDGE.finditer(text, sent.start, own_clause) if e.end() < own_clause
        ]
        told_from = edges.pop()
        while (
            edges
            and not _HAS_VERB.search(text, told_from, own_clause)
            and _LIST_ITEM.fullmatch(text, told_from, own_clause)
        ):
            told_from = edges.pop()
    return told_from


def _not_a_stop_kind(text: str, sent: Span, m: Mention, prep: str) -> bool:
    """A sea, a river, a border: no stop (but "visited the Demilitarized Zone", "a holiday at Lake Tahoe" are)."""
    place = m.where
    return (
        place.kind in NON_STOP_KINDS
        and not (place.kind == "border" and _VISITED.search(text, max(sent.start, m.start - 30), m.start))
        and not (place.kind == "lake" and prep in ("to", "at"))
    )


def _direction(
    text: str, sent: Span, m: Mention, prep: str, own_clause: int, near: str
) -> tuple[bool, bool, bool, bool]:
    """(departure, returning, transit, journey): whether the place was left, returned to, passed through, and left
    at the start of a journey."""
    # "from Singapore, the second stop of an Asian trip": named a stop, it was more than a point of departure;
    # "came to Santiago straight from the G20 summit in Rio de Janeiro": the summit's city was left
    departure = (
        (prep == "from" and not _NAMED_STOP.match(text, m.end))
        or (prep == "in" and bool(_FROM_EVENT_IN.search(text, max(sent.start, m.start - 60), m.start)))
        or (bool(_FROM_WHERE.search(text, max(sent.start, m.start - 150), m.start)))
    )
    # (not "on her way home she stopped in Los Angeles": a stop on the way back)
    returning = bool(_RETURN_TO.search(near))
    transit = bool(re.search(r"\b(?:cross(?:es|ed|ing)?|through|via|over)\s+(?:the\s+)?$", near))
    # "leaves from Artyom station for home" ends a journey: a departure home is no trip start
    journey = (
        departure
        and bool(_JOURNEY.search(text[own_clause : m.start]))
        and not _FOR_HOME.match(text, m.end)
        and not _BACK_HOME.search(text, m.end, sent.end)
    )
    return departure, returning, transit, journey


# "the last leg of a tour that has also taken Trump to Japan, China and South Korea": the legs made so far
TOUR_SO_FAR = patterns.compile(
    r"\b(?:tour|trip|journey|swing)\s+(?:that\s+|which\s+)?(?:has|have)\s+(?:also\s+|already\s+)?"
    r"(?:taken|brought|led)\b"
)

# "arrived from Vietnam", "arrived from Spain, where she attended a forum in Madrid": the place the arrival came from
_ARRIVED_FROM = patterns.compile(
    r"\b(?:arrived|arrives|arriving|landed|lands|came|comes)\s+(?:here\s+|there\s+)?from\s+"
    r"(?:(?:the\s+)?|[^.;]*?,\s+where\b[^.;]*)$",
    re.IGNORECASE,
)

# "The final leg of his tour is Singapore", "his last stop will be in Dili": reached after the other stops
_THEN_AFTER = patterns.compile(
    r",?\s+(?:after|following)\s+(?:(?:the|his|her|their|its|a)\s+)?(?:[\w-]+\s+){0,2}?(?:in|at|to)\s+(?:the\s+)?",
    re.IGNORECASE,
)
_AFTER_OWN = patterns.compile(
    r"(?:\s*(?:,|,?\s+and|,?\s+or)\s+(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)*"  # (the rest of a list)
    r",?\s+(?:after|following)\s+(?:his|her|their|its|the)\s+"
)
_A_TRIP = patterns.compile(r"\s+(?:trip|visit|tour|leg|stay|stop|stopover)\b", re.IGNORECASE)
# "She spent the first leg of her tour in Lisbon", "The first stop will be Cairo": the trip's opening
_FIRST_LEG = patterns.compile(
    r"\b(?:first|opening)\s+(?:leg|stop|destination)\s+(?:of\s+(?:the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:tour|trip|visit|journey)\s+)?(?:(?:is|was|will\s+be)\s+)?(?:in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)
_FINAL_LEG = patterns.compile(
    r"\b(?:final|last)\s+(?:leg|stop|destination)\s+(?:of\s+(?:the|his|her|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:tour|trip|visit|journey)\s+)?(?:is|was|will\s+be)\s+(?:in\s+)?(?:the\s+)?$",
    re.IGNORECASE,
)

_GOAL_OF_A_DEPARTURE = patterns.compile(
    r"\b(?:left|leaves|leaving|departed|departs|set (?:off|out)|sets (?:off|out))\b[^.;]*"
    r"\b(?:trip|journey|voyage|way|flight|ride)\s+to\s+(?:the\s+)?$|"
    # "On his way from Vladivostok to Moscow, he stopped over in Khabarovsk": the way's end comes after the stop
    r"\b[Oo]n\s+(?:his|her|their|the)\s+way\s+(?:back\s+)?(?:from\s+[^,.;]{1,60}?\s+)?to\s+(?:the\s+)?$"
)


def _opening(text: str, sent: Span, m: Mention, own_clause: int, cue: TimeCue) -> tuple[bool, TimeCue]:
    """Whether the place opens the trip ("began the tour in Jakarta", "the first leg of her tour in Lisbon"), and
    its cue: "on the last day of a state visit that began with a carriage ride to Buckingham Palace" names the last
    day, not the opening's."""
    opener = bool(_OPENER.search(text[own_clause : m.start]) or _FIRST_LEG.search(text, sent.start, m.start))
    if opener and cue.day is not None and _THAT_BEGAN.search(text, sent.start, m.start):
        return opener, TimeCue(None, None, None, cue.tense, cue.order)
    return opener, cue


def _told_as_done_before(text: str, sent: Span, m: Mention, own_clause: int) -> bool:
    """A place told in a perfect: "had flown to Oslo", "had taken him to Jeddah and Mecca" (the auxiliary may stand
    before the list the place is in), "a tour that has also taken him to Japan and China"."""
    return (
        bool(PAST_PERFECT.search(text[own_clause : sent.end]))
        or bool(re.search(r"\bhad\s+(?:\w+\s+){0,2}?\w+(?:ed|en|ne|wn|ft|ok|ght)\b[^.;]*$", text[sent.start : m.start]))
        or bool(TOUR_SO_FAR.search(text, sent.start, m.start))
    )


def _evidence(reading: _Reading, number: int, sent: Span, m: Mention, prep: str) -> Evidence:
    """The evidence of a stop: its direction (departure, return, transit), its time cue, its mode and its role."""
    text = reading.text
    own_clause = _clause_start(text, sent, m)
    near = text[max(sent.start, m.start - 60) : m.start].lower()
    departure, returning, transit, journey = _direction(text, sent, m, prep, own_clause, near)
    cue = _story_cue(reading, sent, m, own_clause)
    perfect = _told_as_done_before(text, sent, m, own_clause)
    # The mode of this leg: from the place's own clause, else from what leads up to it in the sentence
    # ("his convoy went on to Kharkiv ... before he returned by train" is a road leg).
    c_start, c_end = _clause_span(text, sent, m)
    mode = leg_mode(text[c_start:c_end]) or leg_mode(text[sent.start : m.start])
    opener, cue = _opening(text, sent, m, own_clause, cue)
    closer = bool(_CLOSER.search(text[own_clause : m.start]) or _FINAL_LEG.search(text, sent.start, m.start))
    if (
        departure
        and cue.day is None
        and reading.story.day is not None
        and _ARRIVED_FROM.search(text, sent.start, m.start)
    ):
        # "Trump arrived from Vietnam, where ...", told after "arrived in Manila on Sunday": left on the day of the
        # arrival the story has reached, just before it
        cue = TimeCue(reading.story.day, None, None, cue.tense, cue.order, within_day=-0.05)
    if _GOAL_OF_A_DEPARTURE.search(text, sent.start, m.start):
        # "left Pyongyang on the first leg of his trip to Hanoi, state media said on Saturday": the journey's goal is
        # reached last, not on the day it was left for
        cue, closer = TimeCue(None, None, None, cue.tense, cue.order), True
    follows = next(
        (
            o.place
            for o in reading.by_sentence.get(number, [])
            if o.place is not None
            and (
                (o.end <= m.start and _AFTER_PLACE.search(text[max(sent.start, o.start - 40) : o.start]))
                # "flew on to Spain after her visit to Lisbon": told first, reached after
                or (o.start > m.end and _THEN_AFTER.fullmatch(text, m.end, o.start))
                # "goes on to Jamaica and Haiti following his Belize visit"
                or (o.start > m.end and _AFTER_OWN.fullmatch(text, m.end, o.start) and _A_TRIP.match(text, o.end))
            )
        ),
        None,
    )
    shift = _shift(text, sent, m, near)
    return Evidence(
        m,
        number,
        sent.text,
        cue,
        mode,
        departure,
        returning,
        transit,
        shift,
        journey,
        perfect,
        opener,
        closer,
        follows,
        precedes=_visit_it_came_before(reading, number, sent, m) if shift < 0 else None,
    )


def _visit_it_came_before(reading: _Reading, number: int, sent: Span, m: Mention) -> Place | None:
    """ "The visit to Ukraine comes just hours after his meeting with Modi in New Delhi": the place of the visit the
    sentence measures from, told before the "after"."""
    since = _SOME_TIME_AFTER.search(reading.text, max(sent.start, m.start - 200), m.start)
    if since is None:
        return None
    return next(
        (
            o.place
            for o in reading.by_sentence.get(number, [])
            if o.place is not None
            and o.end <= since.start()
            and _GOVERNED_BY_A_VISIT.search(reading.text, sent.start, o.start)
        ),
        None,
    )


_GOVERNED_BY_A_VISIT = patterns.compile(
    r"\b(?:visit|trip|tour|journey|stop)\s+(?:\w+\s+){0,3}?(?:to|in)\s+(?:the\s+)?$"
)


# "after state visits to the United Arab Emirates, Senegal, Rwanda and South Africa": every place of the list
_AFTER_VISITS_TO_A_LIST = patterns.compile(
    r"\bafter\s+(?:[\w-]+\s+){0,3}?(?:stops?|visits?|talks|trips?|tours?|meetings?)\s+(?:in|to|at)\s+"
    r"(?:(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*\s*(?:,|,?\s+and|,?\s+or)\s+)*(?:the\s+)?$"
)


_SOME_TIME_AFTER = patterns.compile(
    r"\b(?:(?:just|only|mere|a\s+few|several|some|two|three)\s+)?(hours|days|weeks)\s+after\b[^;.]*$", re.IGNORECASE
)
_SOME_TIME = {"hours": -0.05, "days": -2.0, "weeks": -7.0}


_AFTER_SHE_DID = patterns.compile(r"\bafter\s+(?:he|she|they)\s+(?:had\s+)?[a-z]+\b[^,;.]*$")


_A_STAY_OF_DAYS = patterns.compile(
    r"\b(one|two|three)-day\s+(?:[\w-]+\s+)?(?:itinerary|stay|visit|tour|trip|programme|program)\b",
    re.IGNORECASE,
)


def _shift(text: str, sent: Span, m: Mention, near: str) -> float:
    """How far before or after the sentence's main event the place comes, in days."""
    days_after = _DAYS_AFTER.search(text, max(sent.start, m.start - 200), m.start)
    if days_after:  # "landed in Hiroshima on Saturday, a day after addressing a summit in Jeddah"
        return -float(_COUNT_WORDS[days_after.group(1).lower()])
    some_time_after = _SOME_TIME_AFTER.search(text, max(sent.start, m.start - 200), m.start)
    if some_time_after:  # "comes just hours after his meeting with Modi in New Delhi"; "days after a trip to Ukraine"
        return _SOME_TIME[some_time_after.group(1).lower()]
    if (
        re.search(r"\bafter\s+(?:\w+\s+){0,2}?\w+ing\b[^,;]*$", text[max(sent.start, m.start - 200) : m.start])
        or _AFTER_SHE_DID.search(text, max(sent.start, m.start - 200), m.start)
        or re.search(
            r"\bafter\s+(?:[\w-]+\s+){0,3}?"
            r"(?:stops?|visits?|talks|trips?|tours?|meetings?)\s+(?:in|to|at)\b[^;.]*$",
            near,
        )
        or _AFTER_VISITS_TO_A_LIST.search(text, max(sent.start, m.start - 200), m.start)
        or re.search(
            r"\bafter\s+(?:a|an|two|three|several)\s+days?\s+of\s+(?:talks|meetings)\b[^;.,]*\s(?:in|at)\s+$",
            text[max(sent.start, m.start - 120) : m.start],
        )
    ):
        # "after arriving at X", "after he met Zelensky in Kiev", "after stops in Jordan and Qatar", "after two days
        # of talks with leaders of the Group of Seven at Ise-Shima"
        return -0.05
    if re.search(r"\bbefore\s+(?:\w+\s+){0,2}?\w+ing\b[^,;]*$", near):
        stay = _A_STAY_OF_DAYS.search(text, sent.start, m.start)
        # "a three-day itinerary in Turkiye starting on Thursday, before heading on to Lebanon": after the stay
        return float(_COUNT_WORDS[stay.group(1).lower()]) if stay else 0.05
    if re.match(r"\s*Before\s+\w+ing\b[^,;.]*,", text[sent.start : m.start]):
        return -0.1  # "Before arriving in the United States, Xi made a state visit to Finland"
    return 0.0


def _story_cue(reading: _Reading, sent: Span, m: Mention, own_clause: int) -> TimeCue:
    """The place's time cue, read in the story told so far: schedules go forward, headings and flashbacks date the
    lines below them, a plan that slipped has no day, "the next day" counts from the day reached."""
    text, today, story = reading.text, reading.today, reading.story
    cue = _clause_cue(text, sent, m, today)
    if (
        cue.tense == "present"
        and cue.day is not None
        and story.day is not None
        and cue.day < story.day
        and story.tense != "past"
        and cue.text
        and cue.text.lower() in WEEKDAYS
    ):
        # "On Thursday Trump flies to France ... He flies home to Washington on Friday": a schedule told on
        # from the days before it goes forward, not back to last Friday
        cue = replace(cue, day=cue.day + 7, date=cue.date + dt.timedelta(days=7) if cue.date else None)
    schedule = _SCHEDULE_LINE.match(sent.text)
    if cue.day is None and schedule:
        # "Sunday, March 7: A flight to Erbil ..., before returning to Baghdad for the night": the line's day
        lined = weekday_in_tense(schedule.group(), story.tense, today=today) or time_cue(schedule.group(), today=today)
        if lined.day is not None:
            cue = TimeCue(lined.day, lined.date, lined.text, cue.tense, cue.order)
    if cue.day is None and story.heading is not None:
        cue = TimeCue(story.heading.day, story.heading.date, story.heading.text, cue.tense, cue.order)
    elif cue.day is None and story.flashback is not None and cue.tense == "past":
        cue = TimeCue(story.flashback.day, story.flashback.date, story.flashback.text, "past", cue.order)
    if cue.day is not None and _PAST_PLAN.search(text, own_clause, m.start):
        # "He was due to fly home to Ottawa on Sunday, but ...": the day of a plan that slipped
        cue = TimeCue(None, None, None, "future", cue.order)
    if cue.text and _NARRATIVE_RELATIVE.search(cue.text):
        cue = _counted_from_story(reading, sent, cue)
    stamp = _BLOG_STAMP.match(text, sent.start) if reading.blog else None
    if stamp is not None:
        cue = _at_the_entrys_time(cue, stamp, reading.story.day)
    return cue


# A live page's entry opens with its clock time: "2234 The Queen is at ...", "22:30 - She ended the day ...",
# "10.15am: The plane lands"
_BLOG_STAMP = patterns.compile(
    r"(?m)^[ \t]*([01]?\d|2[0-3])[:.]?([0-5]\d)(?:\s*([ap])\.?m\.?)?(?:\s*(?:GMT|BST|UTC|CET|local time))?"
    r"\s*[:\-–—]?[ \t]+(?=[A-Z\"“])",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4)  # (asked again for each person weighed as the traveller; the key is the text)
def _live_page(text: str) -> bool:
    """Three entries or more open with a clock time."""
    return len(_BLOG_STAMP.findall(text)) >= 3


def _at_the_entrys_time(cue: TimeCue, stamp: re.Match, day: float | None) -> TimeCue:
    """The entry's clock time places it in its day (the story's day when it names none): entries of a live page run
    newest first, so the telling's order is no guide."""
    hours, meridiem = int(stamp.group(1)), (stamp.group(3) or "").lower()
    if meridiem:
        hours = hours % 12 + (12 if meridiem == "p" else 0)
    within = ((hours * 60 + int(stamp.group(2))) / 1440 - 0.5) * 0.8
    at = cue.day if cue.day is not None else (day if day is not None else 0.0)
    return replace(cue, day=at, within_day=within)


def _counted_from_story(reading: _Reading, sent: Span, cue: TimeCue) -> TimeCue:
    """ "the next day": after the day the telling has reached; "travels to Istanbul on November 28, and the same day
    joins ... at Iznik": after the day named earlier in the same sentence."""
    text = reading.text
    if cue.text is None or cue.day is None:
        return cue
    at = text.find(cue.text, sent.start, sent.end)  # (told after the place: "in Guayaquil the next day")
    earlier = time_cue(text[sent.start : at], today=reading.today) if at > sent.start else None
    base = (
        earlier.day
        if earlier is not None and earlier.text and not _NARRATIVE_RELATIVE.search(earlier.text)
        else reading.story.day
    )
    return TimeCue(base + cue.day, None, cue.text, cue.tense, cue.order) if base is not None else cue


def _tell_on(reading: _Reading, number: int, sent: Span) -> None:
    """Carry the story past a sentence: who was named last, the day reached, a flashback, the schedule's tense."""
    story, sent_refs = reading.story, reading.refs.get(number, [])
    if sent_refs:
        story.carried = sent_refs[-1].person
    said = time_cue(sent.text, today=reading.today)
    own_date_line = number in reading.headings and len(reading.headings) == 1
    if said.day is not None and said.text and not _NARRATIVE_RELATIVE.search(said.text) and not own_date_line:
        # (the article's own date line under the headline is when it was written, not a day the story reached:
        # "On January 23, X will visit A and B" / "January 22, 2020" / "On the same day, X will visit B")
        story.day = said.day
    # "The president had spent Friday visiting two disaster zones. Air Force One landed first at Asheville ...":
    # the sentences after a dated flashback tell that day, until one names a day or leaves the past
    if said.day is not None and PAST_PERFECT.search(sent.text):
        story.flashback = said
    elif said.day is not None or said.tense != "past":
        story.flashback = None
    if said.text and not _SCHEDULE_LINE.match(sent.text):
        story.tense = said.tense


_TENSE_OFFSET = {"past": -0.5, "present": 0.0, "future": 0.5}


def _evidence_time(cue: TimeCue, shift: float) -> float:
    base = cue.day if cue.day is not None else _TENSE_OFFSET[cue.tense]
    return base + cue.within_day + 0.1 * cue.order + shift


def arrival_mode(modes: list[str]) -> str | None:
    """The travel mode the words show; a named vehicle ("armoured train", "ship") outranks a verb that only implies one."""
    if not modes:
        return None
    for strong in ("train", "sea", "road"):
        if strong in modes:
            return strong
    return modes[0]
