"""Stage 3, itinerary: resolved mentions in, the traveller's ordered stops with their evidence out.

The method follows how a reader reconstructs a trip:

1. Find the people the article names, the role nouns that stand for them
   ("the North Korean leader") and the pronouns that carry them ("he")
   (:mod:`geomap.trip.people`).
2. Pick the traveller (the "leader"): given by the caller, or the person who is
   most often the actor of movement language next to a place.
3. A place is a *stop* when the traveller is the nearest actor to it in the
   sentence, a movement word links them ("arrived in", "will fly to", "a visit
   to", "talks at"), and the place is not a sea, not metonymy ("Moscow said"),
   and not negated (:mod:`geomap.trip.evidence`). Every other resolved place becomes
   *context*, with a reason.
4. Order stops by time cues, not by order of mention: explicit dates and
   weekdays, relative days ("the day before"), tense (past, present, future)
   and sequence words ("then", "earlier") (:mod:`geomap.trip.ordering`).
5. Attach the mode of arrival (train, air, road, sea) and the date cue, and infer
   an unstated origin or return (the traveller's home capital) only when the text
   says they left for somewhere, or went home, without naming it; such a stop is
   marked ``inferred``.

Input: text and ``list[Mention]``; output: :class:`Itinerary`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from geomap.gazetteer.store import Gazetteer
from geomap.geometry import haversine_km
from geomap.model import ContextPlace, Itinerary, Mention, Place, Stop
from geomap.text import patterns
from geomap.text.keys import name_key
from geomap.text.tokens import Span, opening_lines, sentences
from geomap.trip.dateline import PlaceLine, dateline_city, place_line, wire_dateline, without_a_plans_stamp
from geomap.trip.evidence import (
    AREA_KINDS,
    CITY_KINDS,
    NAMED_AREAS,
    NEGATIONS,
    Evidence,
    acting_places,
    arrival_mode,
    is_actor,
    leg_mode,
    stop_evidence,
)
from geomap.trip.gate import TripCues, trip_features
from geomap.trip.ordering import Candidate, contains, group_evidence, is_venue, merge_venues, trip_order, venue_reach
from geomap.trip.people import Person, Reference, find_people, person_key, references
from geomap.trip.scoring import decide, weights
from geomap.trip.stopcues import KEEP, StopCues, stop_features
from geomap.trip.timecues import TimeCue, dateline_date, reference_day


def _given_leader(people: dict[str, Person], wanted: str) -> str:
    """The person the caller named; added to ``people`` when the text names them too rarely to be found."""
    target = set(person_key(wanted).split())
    scored = [(len(target & set(k.split())), k) for k in people]
    scored = [s for s in scored if s[0] > 0]
    if scored:
        return max(scored)[1]
    key = person_key(wanted)
    parts = key.split()
    people[key] = Person(key, Counter({wanted: 1}), {parts[0], parts[-1]} if parts else set())
    return key


# "..., who is in Russia on a state visit", "..., who has come to Russia on a working visit", "..., who is on an
# official visit to Japan": the person just named is the one visiting.
# (after an apposition too: "Ali Demir, the leader of the ruling party, who is in Oslo on a visit")
_VISITOR = patterns.compile(
    r"(?:,\s*the\s+[^,.;]{1,80})?,\s*who\s+(?:is|was|has|had|have)\s+(?:been\s+|come\s+|arrived\s+|travelled\s+|traveled\s+)?"
    r"(?:(?:in|to)\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*\s+(?:on|for)|on|making|paying)\s+"
    r"(?:a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?visit"
)


def _likeliest_leader(
    people: dict[str, Person],
    refs: dict[int, list[Reference]],
    text: str,
    sents: list[Span],
    mentions: list[Mention],
    acting: frozenset[tuple[int, int]],
    dateline: tuple[Place, int] | None,
) -> str | None:
    counts: Counter[str] = Counter()
    for _number, rs in refs.items():
        for r in rs:
            counts[r.person] += 1
    best, best_score = None, 0.0
    subject = _lead_subject(text, sents, refs)
    # The traveller is among the most referred-to people; scoring only those keeps long articles fast.
    for key in sorted(people, key=lambda k: -counts[k])[:8]:
        evidence, _ = stop_evidence(text, sents, mentions, refs, key, None, acting=acting, dateline=dateline)
        score = 3 * len({e.mention.place.id for e in evidence if e.mention.place}) + 0.5 * counts[key]
        if any(_VISITOR.match(text, r.end) for rs in refs.values() for r in rs if r.person == key):
            score += 4  # "Xi Jinping, who is in Russia on a state visit": the article names its visitor as such
        if key == subject:
            score += 2  # the lead opens with the traveller (weight fitted on the dev split: traveller right 177 -> 181)
        if score > best_score:
            best, best_score = key, score
    return best


def _lead_subject(text: str, sents: list[Span], refs: dict[int, list[Reference]]) -> str | None:
    """The person the first sentence of the body opens with ("Vladimir Putin visited ...", "President Ruto left ..."):
    the body's first sentence is the first one that ends with a full stop. When that sentence opens with no one
    ("Talks set for Berlin were moved ..."), the person a headline above it opens with ("President Ruto met
    with ..."): a headline, too, puts its main actor first."""
    headline = None
    for n, sent in enumerate(sents):
        if not sent.text.rstrip().endswith((".", "!", "?")):
            headline = _opening_person(text, sent, refs.get(n, ())) if headline is None and n == 0 else headline
            continue
        return _opening_person(text, sent, refs.get(n, ())) or headline
    return None


def _opening_person(text: str, sent: Span, refs: Sequence[Reference]) -> str | None:
    """The person a sentence opens with, after nothing but capitalised words (a title)."""
    first = min(refs, key=lambda r: r.pos, default=None)
    if first is None:
        return None
    return first.person if _OPENING_TITLE.fullmatch(text[sent.start : first.pos]) else None


_OPENING_TITLE = patterns.compile(r"(?:[A-Z][\w.'’-]*\s+){0,5}")


@dataclass
class _Article:
    """An article read for its traveller: its sentences, places, people, the traveller and the evidence of stops."""

    text: str
    sents: list[Span]
    resolved: list[Mention]
    people: dict[str, Person]
    refs: dict[int, list[Reference]]
    key: str | None
    dateline: tuple[Place, int] | None
    date: dt.date | None
    evidence: list[Evidence]
    reasons: dict[str, str]
    line: PlaceLine | None = None  # the place line or dateline under the headline
    home: Place | None = None  # the traveller's home capital, when the article says where they are from
    seat_line: bool = False  # the place line names a seat of government: a palace near its country's capital
    stand_ins: dict[str, Place] = field(default_factory=dict)  # a city's id -> the country it is shown for
    stop_probability: dict[int, float] = field(default_factory=dict)  # id(candidate) -> the stop decision's
    date_source: str | None = None  # "given", "text", or None when the article's date is not known
    trip: float = 1.0  # the probability that the article tells a trip at all


def build_itinerary(
    text: str,
    mentions: list[Mention],
    gazetteer: Gazetteer,
    *,
    leader: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
) -> Itinerary:
    """The traveller's ordered stops and the context places of an article whose places are resolved."""
    article = _read(text, mentions, gazetteer, leader, date)
    trip = article.trip = decide("trip", trip_features(trip_cues(article)))
    if trip < 0.5:
        for e in article.evidence:
            article.reasons.setdefault(
                e.mention.where.id, "the article tells no trip (a call, a message, a visit called off)"
            )
        article.evidence = []
    cands = _candidates(article, gazetteer)
    ordered = _ordered(article, cands, gazetteer)
    ordered = _likely_stops(article, ordered)
    stops = _stops(article, ordered, gazetteer)
    person = article.people.get(article.key) if article.key else None
    display = person.display if person else (leader or None)
    context = _context(article, stops)
    stated = [s.confidence for s in stops if not s.inferred and s.confidence is not None]
    return Itinerary(
        display,
        tuple(stops),
        context,
        title=title,
        mentions=tuple(mentions),
        confidence=round(trip * (sum(stated) / len(stated) if stated else 1.0), 2),
        date=article.date.isoformat() if article.date else None,
        date_source=article.date_source,
    )


def _read(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, leader: str | None, date: dt.date | None
) -> _Article:
    """Sentences, places, people and their references, the traveller, the article's date, the evidence of stops."""
    text = without_a_plans_stamp(text)
    sents = sentences(text)
    resolved = _with_capitals(text, [m for m in mentions if m.place is not None], gazetteer)
    people = find_people(text, sents, resolved)
    # A word of a person's full name is that person, not a town: "Wang's itinerary" after "Wang Yi" (but
    # "Jordan" stays the country and "Washington" the capital whoever else bears the name).
    name_words = {a for p in people.values() if len(p.key.split()) > 1 for a in p.aliases}
    resolved = [m for m in resolved if not (person_key(m.text) in name_words and m.where.kind not in NAMED_AREAS)]
    # A given leader is added to the people first: the text may name them only once.
    key = _given_leader(people, leader) if leader else None
    refs = references(text, sents, people, resolved)
    acting = acting_places(text, resolved)
    dateline = dateline_city(text, resolved)
    if not leader:
        key = _likeliest_leader(people, refs, text, sents, resolved, acting, dateline)
    # Without the article's date, the day the story is told from still orders weekdays and dates.
    source = "given" if date else None
    if date is None:
        date = dateline_date(text) or (line.date if (line := place_line(text, resolved)) else None)
        source = "text" if date else None
    reference = date or reference_day(sents)
    evidence, reasons = (
        stop_evidence(text, sents, resolved, refs, key, reference, date is None, acting=acting, dateline=dateline)
        if key
        else ([], {})
    )
    traveller = people.get(key) if key else None
    evidence = _venues_in_named_cities(
        [_capital_of_home(e, text, gazetteer, traveller) for e in evidence], resolved, sents
    )
    home = gazetteer.capital(traveller.home) if traveller is not None and traveller.home else None
    if dateline is not None and home is not None:
        # "SEOUL, Sept. 20 (UPI) -- The summit headed to Mount Paektu": a dateline in the traveller's own capital is
        # where the reporter files from, not a stop
        evidence = [e for e in evidence if not (e.mention.start < dateline[1] and _near(e.mention.where, home, 40))]
    line = place_line(text, resolved, gazetteer) or wire_dateline(text, resolved)
    article = _Article(text, sents, resolved, people, refs, key, dateline, date, evidence, reasons, line, home)
    article.date_source = source
    article.seat_line = line is not None and any(_a_seat(m.where, gazetteer) for m in line.places)
    if line is not None and key is not None:
        article.evidence += _placed_by_the_line(article, line, reference)
    return article


def cues_for_the_stop_decision(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, *, date: dt.date | None = None
) -> list[tuple[StopCues, Place]]:
    """What the stop decision reads of each candidate stop of an article, before it is made: for fitting it."""
    article = _read(text, mentions, gazetteer, None, date)
    ordered = _ordered(article, _candidates(article, gazetteer), gazetteer)
    return [(stop_cues(article, c), c.place) for c in ordered]


def cues_for_the_trip_decision(
    text: str, mentions: list[Mention], gazetteer: Gazetteer, *, date: dt.date | None = None
) -> TripCues:
    """What the trip decision reads of an article, before it is made: for fitting its weights."""
    return trip_cues(_read(text, mentions, gazetteer, None, date))


def trip_cues(article: _Article) -> TripCues:
    """What the trip decision reads of an article: headline, lead, the stops found, the place line at home."""
    sents, line = article.sents, article.line
    first = opening_lines(article.text, 1)
    title = first[0].text if first and len(first[0].text) <= 250 else (sents[0].text if sents else "")
    body = [
        n
        for n, s in enumerate(sents)
        if (not first or s.start > first[0].end) and not (line and s.start < line.line.end)
    ]
    lead = body[:2]
    places = {e.mention.where.id for e in article.evidence}
    lead_stop = any(e.sentence <= (lead[-1] if lead else 0) for e in article.evidence)
    home_line = _line_at_home(article)
    return TripCues(
        title, " ".join(sents[n].text for n in lead), len(places), lead_stop, home_line, article.key is not None
    )


def _line_at_home(article: _Article) -> bool:
    """The place line is the traveller's home base: within 40 km of their home capital, or, when the article does
    not say where they are from, a seat of government ("The Kremlin, Moscow": a palace near its capital)."""
    line, home = article.line, article.home
    if line is None:
        return False
    if home is not None:
        return all(haversine_km(home.lat, home.lon, m.where.lat, m.where.lon) <= 40 for m in line.places)
    return article.seat_line


def _a_seat(place: Place, gazetteer: Gazetteer) -> bool:
    """A palace within 40 km of its country's capital: a seat of government or a leader's residence."""
    capital = gazetteer.capital(place.country) if place.kind == "palace" and place.country else None
    return capital is not None and haversine_km(capital.lat, capital.lon, place.lat, place.lon) <= 40


def _placed_by_the_line(article: _Article, line: PlaceLine, reference: dt.date | None) -> list[Evidence]:
    """Evidence from the place line under the headline ("June 15, 2003, St Petersburg"): its places are where the
    traveller was during the lead's events, when the headline or the lead names the traveller, the lead puts them
    nowhere else, and the place is not their home base (the home capital and what lies within 40 km of it).

    A region or country that holds another place of the line only locates it ("Zavidovo, Tver Region"), and a
    venue next to a city of the line is that city's ("The Kremlin, Moscow").
    """
    sents = article.sents
    if _line_at_home(article):
        return []
    after = (n for n, s in enumerate(sents) if (s.end > line.line.end if line.inline else s.start >= line.line.end))
    lead = next(after, None)
    if lead is None or not _told_of_at_the_top(article, lead):
        return []
    if line.inline and _LEAVING_OR_AHEAD.search(sents[lead].text):
        return []  # "WASHINGTON - Blinken leaves on Sunday for Africa": the dateline is where the trip starts from
    home = article.home
    lead_evidence = [e for e in article.evidence if e.sentence == lead]
    found = [e.mention.where for e in article.evidence]
    out = []
    for m in _line_stops(line.places):
        place = m.where
        if home is not None and haversine_km(home.lat, home.lon, place.lat, place.lon) <= 40:
            continue  # (a trip that ends at home: "Bada, Ulan-Ude, Moscow" keeps its other places)
        if any(not _same_locality(e.mention.where, place) for e in lead_evidence):
            continue  # the lead tells the traveller somewhere else: the line is where the story was filed
        if line.inline and not lead_evidence:
            continue  # a wire dateline counts only when its lead puts the traveller there ("landed in Japan")
        if any(haversine_km(p.lat, p.lon, place.lat, place.lon) <= 30 for p in found):
            continue  # the text tells this stop already
        # ("ANCHORAGE, Alaska (AP) - Xi made a stop in Alaska on Saturday": the lead's day for the lead's place)
        cue = next((e.cue for e in lead_evidence if e.cue.day is not None), None) or _line_cue(line, reference)
        told = sents[lead].text if line.inline else line.line.text
        out.append(Evidence(m, lead, told, cue, None, False, from_line=True))
    return out


_LEAVING_OR_AHEAD = patterns.compile(
    r"\b(?:leaves|left|leaving|departs|departed|sets off|set off|heads|headed|will|is due to|is to|plans to|"
    r"is scheduled to|is expected to)\b"
)


def _told_of_at_the_top(article: _Article, lead: int) -> bool:
    """Whether the headline or the first three sentences under the place line name the traveller, or call them by
    their role ("the President met veterans ...")."""
    key = article.key
    person = article.people.get(key) if key else None
    for n in range(min(len(article.sents), lead + 3)):
        if any(r.person == key for r in article.refs.get(n, ())):
            return True
        if person is not None and person.role and re.search(rf"\b[Tt]he {person.role}\b", article.sents[n].text, re.I):
            return True
    return False


def _line_stops(places: tuple[Mention, ...]) -> list[Mention]:
    """The places of a line that are stops of their own: not an area holding another, not a venue of a listed city."""
    kept = [m for m in places if not any(o is not m and contains(m.where, o.where) for o in places)]
    if len(places) == 2 and places[1].where.kind == "admin1" and not contains(places[1].where, places[0].where):
        # "Gorki, Moscow Region" with Gorki read as a town of another region: the line names a place the gazetteer
        # does not hold there, and the region only says where it is
        return []
    return [
        m
        for m in kept
        if not (
            is_venue(m.where)
            and any(
                o is not m
                and o.where.kind in CITY_KINDS
                and venue_reach(m.where, o.where) >= haversine_km(m.where.lat, m.where.lon, o.where.lat, o.where.lon)
                for o in kept
            )
        )
    ]


def _near(a: Place, b: Place, km: float) -> bool:
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= km


def _same_locality(a: Place, b: Place) -> bool:
    """The same place for a trip: within 30 km, or one an area that holds the other."""
    return haversine_km(a.lat, a.lon, b.lat, b.lon) <= 30 or contains(a, b) or contains(b, a)


def _line_cue(line: PlaceLine, reference: dt.date | None) -> TimeCue:
    """The day the place line gives, counted from the article's day."""
    if line.date is None:
        return TimeCue(None, None, None, "past", 0)
    day = float((line.date - reference).days) if reference else None
    return TimeCue(day, line.date, f"{line.date:%B} {line.date.day}, {line.date.year}", "past", 0)


def _candidates(article: _Article, gazetteer: Gazetteer) -> list[Candidate]:
    """The evidence grouped by place, with what areas say moved onto the towns inside them."""
    cands = group_evidence(article.evidence)
    _arrivals_to_the_city_left(cands)
    _departures_to_the_only_city(cands)
    # A county or province named like its seat, holding no other stop, is the town ("travel to Ravenna": the city,
    # not the province; but "County Louth" around Dundalk stays the county); named like a city of 100,000 or more,
    # it is the city whatever else it holds ("by helicopter to Mosul" is the city, not Mosul District).
    towns = [c.place for c in cands if c.place.kind not in AREA_KINDS]
    return [
        Candidate(seat, c.evidence, c.returning)
        if (seat := _seat_of(c.place, gazetteer)) is not None
        and (seat.population >= 100_000 or not any(contains(c.place, t) for t in towns))
        else c
        for c in cands
    ]


def _arrivals_to_the_city_left(cands: list[Candidate]) -> None:
    """ "had come to India from Singapore ... finally left New Delhi": a city only left, in a country the traveller is
    said to have reached, was a stop, not where the trip began. (Only when that city is all the traveller is said to
    have done there: "crossed into Russia ... left from Artyom for home" has its Russian stops.)"""
    for area in [c for c in cands if c.place.kind in AREA_KINDS and not c.origin_only and not c.returning]:
        inside = [k for k, c in enumerate(cands) if c.place.kind not in AREA_KINDS and contains(area.place, c.place)]
        if len(inside) == 1 and cands[inside[0]].origin_only:
            c = cands[inside[0]]
            arrivals = [e for e in area.evidence if not e.departure]
            cands[inside[0]] = Candidate(c.place, c.evidence + arrivals, c.returning)


def _departures_to_the_only_city(cands: list[Candidate]) -> None:
    """ "flew to Turkey from the United Arab Emirates ... In Abu Dhabi he met": the city was left when its country
    was."""
    for area in [c for c in cands if c.place.kind in AREA_KINDS and c.origin_only and not c.returning]:
        inside = [
            k
            for k, c in enumerate(cands)
            if c.place.kind not in AREA_KINDS and contains(area.place, c.place) and not c.origin_only and not c.dated
        ]
        if len(inside) == 1:
            c = cands[inside[0]]
            cands[inside[0]] = Candidate(c.place, c.evidence + area.evidence, c.returning)


def _ordered(article: _Article, cands: list[Candidate], gazetteer: Gazetteer) -> list[Candidate]:
    """The stops in trip order: areas that hold a more specific stop become context, an opening told of a country
    goes to its first town, a country with no town named in its passage is kept as the country."""
    # (a venue that will join a city's stop is that city's: "a state dinner in Dublin Castle" puts no stop in Kildare)
    specific = [c for c in cands if c.place.kind not in AREA_KINDS and not _joins_a_city(c, cands)]
    specific = _openings_to_first_town(cands, specific)
    specific = _dated_arrivals_to_first_town(cands, specific, article.text)
    reasons = article.reasons
    provinces = [c for c in cands if c.place.kind == "admin1"]  # a country holding a province stop is context too
    kept: list[Candidate] = []
    for c in cands:
        inside = specific + (provinces if c.place.kind == "country" else [])
        if c.place.kind in AREA_KINDS and any(contains(c.place, s.place) for s in inside):
            reasons.setdefault(c.place.id, "region that holds a stop")
            continue
        if c.place.kind in AREA_KINDS and all(e.transit for e in c.evidence):
            reasons.setdefault(c.place.id, "crossed on the way, not a stop")
            continue
        if c.place.kind in AREA_KINDS:
            city = _city_named_near(c, article.resolved, article.sents, article.text)
            if city is None and c.place.kind == "country":
                city = _city_of_the_country(article, c.place, gazetteer)
            if city is not None and c.place.kind == "country":
                article.stand_ins[city.id] = c.place
            if city is not None:
                reasons.setdefault(c.place.id, "region that holds a stop")
                c = Candidate(city, c.evidence, c.returning)
        kept.append(c)
    ordered = _until_back_home(merge_venues(trip_order(_one_trip(kept, reasons))), reasons)
    if ordered and all(c.origin_only for c in ordered):
        # "Before leaving the Kremlin, the first Russian president handed over ...": only left, nowhere reached
        for c in ordered:
            reasons.setdefault(c.place.id, "only left, no stop reached")
        return []
    for c in kept:  # a venue folded into its city's stop says so ("Al Udeid Air Base": part of the stop at Doha)
        host = next(
            (
                o
                for o in ordered
                if o is not c and o.place.id != c.place.id and any(e in o.evidence for e in c.evidence)
            ),
            None,
        )
        if host is not None and all(o.place.id != c.place.id for o in ordered):
            reasons.setdefault(c.place.id, f"part of the stop at {host.place.name}")
    return ordered


_TOLD_AS_HOME = patterns.compile(r"\bhome\b")
_TRIP_GAP_DAYS = 14.0  # (a week lost a gold stop of the dev split; long tours leave a week between stops)


def _one_trip(cands: list[Candidate], reasons: dict[str, str]) -> list[Candidate]:
    """The stops of one trip: dated stops two weeks or more apart from the rest are another trip ("a day trip to Monaco
    on March 28" before an African tour of April 13-23; "he will travel to Spain from June 6-12" after it). Of the
    runs of days the dated stops make, the trip is the one with the most stops (on a tie, the one nearest the
    article's day); undated stops stay where the telling puts them."""
    dated = sorted((c for c in cands if c.dated and not c.returning), key=lambda c: c.time)
    runs: list[list[Candidate]] = []
    for c in dated:
        if runs and c.time - runs[-1][-1].time <= _TRIP_GAP_DAYS:
            runs[-1].append(c)
        else:
            runs.append([c])
    if len(runs) < 2:
        return cands
    main = max(runs, key=lambda run: (len(run), -min(abs(c.time) for c in run)))
    others = {id(c) for run in runs if run is not main for c in run}
    for c in cands:
        if id(c) in others:
            reasons.setdefault(c.place.id, "told of another trip, earlier or later")
    return [c for c in cands if id(c) not in others]


def _until_back_home(ordered: list[Candidate], reasons: dict[str, str]) -> list[Candidate]:
    """The trip ends at a return home the story tells as done, on a stated day: "returned home to the White House on
    Tuesday after a four-day state visit to Japan and will leave again this weekend to head for the United Kingdom";
    what is ordered after it is the next trip. (Home: told as home, and no other stop of the trip; "went back to
    Oxford" is a return to an old haunt, not the end.)"""
    stops_so_far: set[str] = set()
    for k, c in enumerate(ordered[:-1]):
        if (
            k
            and c.returning
            and c.dated
            and c.time <= 0.0
            and c.place.id not in stops_so_far
            and any(_TOLD_AS_HOME.search(e.text) for e in c.evidence if e.returning)
        ):
            for later in ordered[k + 1 :]:
                if later.place.id != c.place.id:
                    reasons.setdefault(later.place.id, "told of another trip, earlier or later")
            return ordered[: k + 1]
        if not c.returning:
            stops_so_far.add(c.place.id)
    return ordered


def _openings_to_first_town(cands: list[Candidate], specific: list[Candidate]) -> list[Candidate]:
    """ "The tour began in New Zealand, where he held talks in Wellington": the country's opening goes to its first
    stop (the first stop told from the opening sentence on: "began a state visit to the United States on Monday in
    Atlanta", not Washington in the headline)."""
    for area in [c for c in cands if c.place.kind in AREA_KINDS and any(e.opener for e in c.evidence)]:
        opening = [e for e in area.evidence if e.opener]
        first = _first_town_told_from(area, specific, min(e.sentence for e in opening))
        if first is not None:
            specific = _handed_to(first, opening, cands, specific)
    return specific


def _dated_arrivals_to_first_town(cands: list[Candidate], specific: list[Candidate], text: str) -> list[Candidate]:
    """ "touched down in Portugal on Tuesday ... landed in the capital Lisbon": the day told of reaching a
    country is the day of its first town told from there on, when that town has no day of its own (the country
    becomes context, and its day would be lost with it). Not a country of a list ("returned on Sunday after a trip
    to Egypt, Ghana and Kenya": the day is the sentence's, not each country's)."""
    countries = [c for c in cands if c.place.kind == "country"]
    told = [e.mention for c in countries for e in c.evidence]
    for area in countries:
        dated = [
            e
            for e in area.evidence
            if e.cue.day is not None
            and not (e.departure or e.returning or e.headline)
            and not _listed(e.mention, told, text)
        ]
        first = _first_town_told_from(area, specific, min(e.sentence for e in dated)) if dated else None
        if first is not None and not (first.dated or first.origin_only):
            specific = _handed_to(first, dated, cands, specific)
    return specific


def _first_town_told_from(area: Candidate, specific: list[Candidate], since: int) -> Candidate | None:
    """The stop inside an area that the telling reaches first from sentence ``since`` on."""
    inside = [c for c in specific if contains(area.place, c.place) and any(e.sentence >= since for e in c.evidence)]
    if not inside:
        return None
    return min(inside, key=lambda c: min((e.sentence, e.mention.start) for e in c.evidence if e.sentence >= since))


def _handed_to(
    first: Candidate, evidence: list[Evidence], cands: list[Candidate], specific: list[Candidate]
) -> list[Candidate]:
    """``first`` with the area's ``evidence`` added, in place in ``cands``; ``specific`` with it replaced."""
    k = next(k for k, c in enumerate(cands) if c is first)
    cands[k] = Candidate(first.place, first.evidence + evidence, first.returning)
    return [cands[k] if c is first else c for c in specific]


def _listed(m: Mention, others: list[Mention], text: str) -> bool:
    """Whether a place is an item of a list of places ("Egypt, Ghana and Kenya")."""
    return any(
        _LIST_JOIN.fullmatch(text[min(m.end, o.end) : max(m.start, o.start)]) for o in others if o.start != m.start
    )


_LIST_JOIN = patterns.compile(r"\s*(?:,|and|&|,\s*and)\s*")


def _stops(article: _Article, ordered: list[Candidate], gazetteer: Gazetteer) -> list[Stop]:
    """The numbered stops: an origin the text implies, the ordered candidates, a return home it implies."""
    stops = _implied_origin(article, ordered, gazetteer)
    for c in ordered:
        stops.append(_stop(article, c, len(stops) + 1, first=not stops))
    person = article.people.get(article.key) if article.key else None
    going_home = _going_home_unnamed(article.text, article.sents, article.refs, article.key)
    if going_home and person is not None and person.home and stops and stops[-1].place.country != person.home:
        home = gazetteer.capital(person.home)
        if home is not None:
            stops.append(
                Stop(
                    len(stops) + 1,
                    home,
                    role="destination",
                    mode=leg_mode(going_home[0]),
                    inferred=True,
                    evidence=tuple(going_home),
                    note=f"not stated; the home capital of the {person.role or 'traveller'}",
                )
            )
    if len(stops) > 1 and stops[-1].role == "stop":
        stops[-1] = replace(stops[-1], role="destination")
    return stops


def _implied_origin(article: _Article, ordered: list[Candidate], gazetteer: Gazetteer) -> list[Stop]:
    """The stop before the first one, when the text says the traveller left for somewhere without naming where from:
    the dateline's city, else the traveller's home capital (marked inferred)."""
    text, sents, dateline, key = article.text, article.sents, article.dateline, article.key
    person = article.people.get(key) if key else None
    left_for = _left_for_without_origin(text, sents, article.refs, key)
    explicit_origin = bool(ordered) and ordered[0].origin_only
    opening = next((sent.text for sent in sents if dateline and sent.start <= dateline[1] < sent.end), None)
    if not explicit_origin and dateline and opening in left_for and ordered and ordered[0].place.id != dateline[0].id:
        # "New Delhi, August 22, 2023: Modi departed for South Africa": the dateline says where from
        note = "the dateline's city, which the traveller left"
        return [Stop(1, dateline[0], role="origin", inferred=True, evidence=(opening,), note=note)]
    if not explicit_origin and left_for and person is not None and person.home and ordered:
        home = gazetteer.capital(person.home)
        if home and ordered[0].place.country != person.home:  # (the trip may end at home: "then to Bengaluru")
            note = f"not stated; the home capital of the {person.role or 'traveller'}"
            return [Stop(1, home, role="origin", inferred=True, evidence=tuple(left_for), note=note)]
    return []


def _stop(article: _Article, c: Candidate, order: int, *, first: bool) -> Stop:
    """One stated stop: its evidence sentences, how it was reached, its day."""
    texts = list(dict.fromkeys(e.text for e in sorted(c.evidence, key=lambda e: e.mention.start)))
    arrivals = [e for e in c.evidence if not e.departure] or c.evidence
    modes = [e.mode for e in arrivals if e.mode]
    dated = [e for e in c.evidence if e.cue.text]
    earliest = min(dated, key=lambda e: (e.cue.day is None, (e.cue.day or 0) + round(e.shift)), default=None)
    when = None
    if earliest is not None:
        cue, back = earliest.cue, round(earliest.shift)  # "a day after addressing a summit in Jeddah": the day before
        if cue.date and article.date:
            when = (cue.date + dt.timedelta(days=back)).isoformat()
        else:
            when = cue.text if not back else f"{'the day' if back == -1 else f'{-back} days'} before {cue.text}"
    note = None
    stood_for = article.stand_ins.get(c.place.id)
    if stood_for is not None:
        note = f"the article names only the country, {stood_for.name}; shown at {c.place.name}"
    elif c.place.kind in AREA_KINDS:
        note = f"the article names only the {'country' if c.place.kind == 'country' else 'region'}; shown at its centre"
    role = "origin" if first and c.origin_only else "stop"
    mode = None if role == "origin" else arrival_mode(modes)
    confidence = _stop_confidence(article, c, texts)
    return Stop(
        order, c.place, role=role, mode=mode, when=when, evidence=tuple(texts), note=note, confidence=confidence
    )


def _likely_stops(article: _Article, ordered: list[Candidate]) -> list[Candidate]:
    """The candidates the stop decision keeps (:mod:`geomap.trip.stopcues`), each with its probability noted."""
    kept = []
    for c in ordered:
        p = decide("stop", stop_features(stop_cues(article, c)))
        article.stop_probability[id(c)] = p
        if p >= KEEP:
            kept.append(c)
        else:
            article.reasons.setdefault(c.place.id, "named, but too unlike a stop of this trip")
    return kept


def stop_cues(article: _Article, c: Candidate) -> StopCues:
    """What the stop decision reads of one candidate."""
    home = article.home
    near_home = home is not None and _near(c.place, home, 40)
    told = [e for e in c.evidence if not e.from_line]
    return StopCues(
        sentences=len({e.sentence for e in c.evidence}),
        first_sentence=min(e.sentence for e in c.evidence),
        headline_only=all(e.headline for e in c.evidence),
        kind=c.place.kind,
        stand_in=c.place.id in article.stand_ins,
        place_line_only=not told,
        departure_only=c.origin_only,
        returning=c.returning,
        dated=c.dated,
        future=all(e.cue.tense == "future" for e in c.evidence),
        home_country=home is not None and c.place.kind == "country" and c.place.country == home.country,
        home_capital=near_home,
        mentions=sum(1 for m in article.resolved if m.where.id == c.place.id),
    )


def _stop_confidence(article: _Article, c: Candidate, texts: list[str]) -> float:
    """How sure the reading is of a stop, for an editor to see which to check: the stop decision's probability
    (fitted on real articles) times the trip decision's. Without fitted weights, a heuristic scale: more sentences
    telling it, more sure; a place line alone, or a country shown at a city, less."""
    fitted = article.stop_probability.get(id(c))
    if fitted is not None and weights().get("stop"):
        return round(fitted * article.trip, 2)  # the stop decision's probability, fitted on real articles
    line = article.line.line.text if article.line else None
    told = [t for t in texts if t != line]
    sure = min(0.95, 0.65 + 0.1 * len(told)) if told else 0.7
    if c.place.id in article.stand_ins:
        sure *= 0.8
    elif c.place.kind in AREA_KINDS:
        sure *= 0.7
    return round(sure * article.trip, 2)


def _context(article: _Article, stops: list[Stop]) -> tuple[ContextPlace, ...]:
    """Every resolved place that is no stop, once, with the reason and the words the article used for it."""
    stop_ids = {s.place.id for s in stops}
    context: dict[str, ContextPlace] = {}
    surfaces: dict[str, list[str]] = defaultdict(list)
    for m in article.resolved:
        if m.where.id not in stop_ids:
            surfaces[m.where.id].append(m.text)
    for m in article.resolved:
        pid = m.where.id
        if pid in stop_ids or pid in context:
            continue
        reason = article.reasons.get(pid, "mentioned, not visited")
        if m.where.kind in AREA_KINDS and pid not in article.reasons and any(contains(m.where, s.place) for s in stops):
            reason = "region that holds a stop"
        context[pid] = ContextPlace(m.where, reason, tuple(dict.fromkeys(surfaces[pid])))
    return tuple(context.values())


def _city_of_the_country(article: _Article, country: Place, gazetteer: Gazetteer) -> Place | None:
    """Where a stop named only as a country is shown: a city of the place line in it, else the first city in it the
    article names as a place (not as an actor, not as an adjective), else its capital. Never the country's middle."""
    in_line = [m.where for m in (article.line.places if article.line else ()) if contains(country, m.where)]
    cities = [p for p in in_line if p.kind in CITY_KINDS]
    if cities:
        return cities[0]
    named = next(
        (
            m.where
            for m in article.resolved
            if not m.adjective
            and m.where.kind in CITY_KINDS
            and contains(country, m.where)
            and not is_actor(article.text, m)
        ),
        None,
    )
    return named or gazetteer.capital(country.country)


def _city_named_near(c: Candidate, mentions: list[Mention], sents: list[Span], text: str) -> Place | None:
    """The first city inside a country stop that its own evidence sentence, or the one after it, names as a
    place, not as an actor ("flew on to Saudi Arabia, where the crown prince received him in Riyadh";
    "flying to the United Arab Emirates ... The plane touched down in Abu Dhabi"); else a province the
    evidence sentence names inside it ("the island of Sal in Cape Verde")."""
    numbers = {e.sentence + step for e in c.evidence for step in (0, 1)}
    own = {e.sentence for e in c.evidence}
    province = None
    for m in mentions:
        if m.adjective or not contains(c.place, m.where) or is_actor(text, m):
            continue
        if m.where.kind in CITY_KINDS and any(
            sents[n].start <= m.start < sents[n].end for n in numbers if n < len(sents)
        ):
            return m.place
        if (
            province is None
            and c.place.kind == "country"
            and m.where.kind == "admin1"
            and any(sents[n].start <= m.start < sents[n].end for n in own)
        ):
            province = m.place  # "a stop on the island of Sal in Cape Verde": the province, if no town is named
    return province


_BACK_TO_THE_CAPITAL = patterns.compile(
    r"\b(?:returned|returning|returns|flew back|went back|travelled back|headed back)\s+"
    r"to\s+(the capital)\b(?!\s*(?:,|of)\s)"
)


def _with_capitals(text: str, mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Add the places news names without a name: "the Portuguese capital" (Lisbon), "returned to the capital" (of the
    country named last before it), and "here" in an article with a dateline ("HIROSHIMA, Japan (AP) — ... arrived
    here")."""
    out = list(mentions)
    for m in mentions:
        if not (m.adjective and m.where.kind == "country"):
            continue
        follow = re.match(r"\s+capital\b", text[m.end : m.end + 12])
        capital = gazetteer.capital(m.where.country) if follow else None
        if follow is not None and capital is not None:
            end = m.end + follow.end()
            out.append(Mention(m.start, end, text[m.start : end], capital, 0.8))
    # "He later returned to the capital": the capital of the country of the place named last before it
    for back in _BACK_TO_THE_CAPITAL.finditer(text):
        last = next(
            (
                m
                for m in reversed(mentions)
                if m.end <= back.start() and m.where.country and m.where.kind != "continent"
            ),
            None,
        )
        capital = gazetteer.capital(last.where.country) if last is not None else None
        if capital is not None:
            start = back.start(1)
            out.append(Mention(start, back.end(), text[start : back.end()], capital, 0.6))
    dateline = dateline_city(text, mentions)
    if dateline:
        place = dateline[0]
        if place is not None:
            for here in re.finditer(r"\b(?:arrived|landed|came|flew in|travelled|traveled|is) here\b", text):
                at = here.end() - 4
                out.append(Mention(at, here.end(), "here", place, 0.6))
    return sorted(out, key=lambda x: x.start)


_REACHED = patterns.compile(r"\b(?:arriv\w*|land\w*|touch\w* down|greeted|welcomed|received)\b", re.IGNORECASE)


def _venues_in_named_cities(evidence: list[Evidence], mentions: list[Mention], sents: list[Span]) -> list[Evidence]:
    """A venue with no stop city near it is part of a visit to the city its sentence names near it.

    "She arrived at Casement Aerodrome outside Dublin": the article names Dublin only to place the aerodrome, yet
    Dublin is the stop; the venue joins it, as it would join a city that is a stop of its own
    (:func:`ordering.merge_venues`, with the same reach, :func:`ordering.venue_reach`).
    """
    stop_cities = [e.mention.where for e in evidence if e.mention.where.kind in CITY_KINDS]
    out = []
    for e in evidence:
        place = e.mention.where
        sent = sents[e.sentence]
        # (reached: "boarded a plane at Joint Base Andrews outside Washington" is where the trip began, and stays)
        if is_venue(place) and not e.departure and _REACHED.search(e.text[: e.mention.start - sent.start]):

            def within(city: Place) -> bool:
                return haversine_km(place.lat, place.lon, city.lat, city.lon) <= venue_reach(place, city)  # noqa: B023

            hosts = [
                m.where
                for m in mentions
                if sent.start <= m.start < sent.end
                and m.where.kind in CITY_KINDS
                and not m.adjective
                and within(m.where)
            ]
            if hosts and not any(within(c) for c in stop_cities):
                e = replace(e, mention=replace(e.mention, place=max(hosts, key=lambda c: c.population)))
        out.append(e)
    return out


def _joins_a_city(c: Candidate, cands: list[Candidate]) -> bool:
    """Whether a venue lies within the reach of a city that is a stop (:func:`ordering.merge_venues` folds it in)."""
    if not is_venue(c.place):
        return False
    return any(
        o.place.kind in CITY_KINDS
        and haversine_km(o.place.lat, o.place.lon, c.place.lat, c.place.lon) <= venue_reach(c.place, o.place)
        for o in cands
    )


def _capital_of_home(e: Evidence, text: str, gazetteer: Gazetteer, traveller: Person | None) -> Evidence:
    """A trip that ends or starts in a town named like a national capital ends or starts in the capital.

    The article's other places pull a name toward their country: after a day in Texas "flew back to Paris" reads
    as Paris, Texas, and after Portsmouth "home to Washington" as an English village. A leader leaving or going back
    is leaving or going back home, to the capital (of their own country when the article says which), unless the
    name is written with its region ("returned to Paris, Texas").
    """
    place = e.mention.where
    if (
        not (e.returning or e.departure)
        or place.kind != "city"
        or place.population >= 100_000
        or re.match(r",\s*[A-Z]", text[e.mention.end : e.mention.end + 3])
    ):
        return e
    key = name_key(e.mention.text)
    home = traveller.home if traveller is not None else None
    capitals = [
        c.place
        for c in gazetteer.candidates([key]).get(key, [])
        if c.place.kind == "capital"
        and c.is_primary
        and c.place.population >= 500_000
        and (home is None or c.place.country == home)
    ]
    if not capitals:
        return e
    return replace(e, mention=replace(e.mention, place=max(capitals, key=lambda p: p.population)))


def _seat_of(area: Place, gazetteer: Gazetteer) -> Place | None:
    """The town a second-level division is named after, within 60 km of its centre, or None."""
    if area.kind != "admin2":
        return None
    return next(
        (
            p
            for p in gazetteer.lookup(area.name)
            if p.kind in CITY_KINDS
            and p.country == area.country
            and p.admin1 == area.admin1
            and haversine_km(p.lat, p.lon, area.lat, area.lon) <= 60
        ),
        None,
    )


_HOME = patterns.compile(
    r"\b(?:return(?:s|ed|ing)?|fl(?:y|ies|ew|ying)|head(?:s|ed|ing)?|travel(?:s|led|ed|ling)?|go(?:es|ing)?|went|"
    r"sail(?:s|ed|ing)?)\s+(?:back\s+)?home\b(?!\s+(?:to|in)\b)",
    re.I,
)


def _going_home_unnamed(
    text: str, sents: list[Span], refs: dict[int, list[Reference]], leader: str | None
) -> list[str]:
    """Sentences where the leader goes home without the text naming home ("before heading home")."""
    return [
        sent.text
        for number, sent in enumerate(sents)
        if any(r.person == leader for r in refs.get(number, []))
        and _HOME.search(sent.text)
        and not NEGATIONS.search(sent.text)
    ]


def _left_for_without_origin(
    text: str, sents: list[Span], refs: dict[int, list[Reference]], leader: str | None
) -> list[str]:
    """Sentences where the leader leaves for somewhere and no 'from X' says where from."""
    out = []
    for number, sent in enumerate(sents):
        if not any(r.person == leader for r in refs.get(number, [])):
            continue
        if re.search(
            r"\b(?:leav(?:e|es|ing)|left|depart(?:s|ed|ing)?|set off|set out)\s+(?:\w+\s+){0,3}?(?:for|to)\b",
            sent.text,
            re.I,
        ) and not re.search(r"\bfrom\b", sent.text):
            out.append(sent.text)
    return out
