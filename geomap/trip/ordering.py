"""Stage 3b, ordering: evidence grouped into candidate stops, then put in trip order.

A stated day keeps its day; a stop without one takes its place in the telling; "After Israel ..." and
"before ending the tour in Cairo" move undated stops; a venue or a small quarter folds into the city stop
beside it.

Input: ``list[Evidence]``; output: ``list[Candidate]`` in trip order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geomap.geometry import haversine_km
from geomap.model import Place
from geomap.text import patterns
from geomap.trip.evidence import AREA_KINDS, CITY_KINDS, NON_STOP_KINDS, TOUR_SO_FAR, Evidence


@dataclass
class Candidate:
    """One stop in the making: a place and the evidence for being there at one time."""

    place: Place
    evidence: list[Evidence]
    returning: bool = False

    @property
    def first(self) -> int:
        """Where the telling of this stop starts; a headline only summarises, so it counts last."""
        body = [e.mention.start for e in self.evidence if not e.headline]
        # (a stop named only in the headline is told after the whole body: "takes the long way to Washington")
        return min(body) if body else _HEADLINE_ONLY + min(e.mention.start for e in self.evidence)

    @property
    def origin_only(self) -> bool:
        return all(e.departure for e in self.evidence)

    @property
    def trip_start(self) -> bool:
        """Only ever left, and left at the start of a journey: "left Pyongyang", "a flight from Rome"."""
        return self.origin_only and any(e.journey for e in self.evidence)

    @property
    def dated(self) -> bool:
        return any(e.cue.day is not None for e in self.evidence)

    @property
    def time(self) -> float:
        """When the traveller was here: the earliest evidence, on a scale of days from the article's day.
        Evidence with a stated day outranks evidence that only has a tense."""
        return self._timing.time

    @property
    def told_at(self) -> int:
        """Where the evidence that gives the time is told: two stops of one day keep that telling's order
        ("went on to Tashkent and then to the Kazakh capital", though Astana led the story)."""
        return self._timing.mention.start

    @property
    def _timing(self) -> Evidence:
        dated = [e for e in self.evidence if e.cue.day is not None]
        return min(dated or self.evidence, key=lambda e: (e.time, e.mention.start))


_HEADLINE_ONLY = 10**9  # added to the telling position of a stop that only a headline names


def group_evidence(evidence: list[Evidence]) -> list[Candidate]:
    """Evidence per place; a return to a place seen earlier ("flew back to Rome") is a stop of its own."""
    by_place: dict[str, list[Evidence]] = {}
    for e in evidence:
        by_place.setdefault(e.mention.where.id, []).append(e)
    out = []
    for place_id, items in by_place.items():
        returns = [e for e in items if e.returning]
        others = [e for e in items if not e.returning]
        # Reached, left for another stop, and left again later: "flown to Poland on Saturday ... crossed into
        # Ukraine on Sunday ... From Poland, Austin travels to Germany on Tuesday" passes through Poland twice.
        arrivals = [e for e in others if not e.departure]
        departures = [e for e in others if e.departure]
        if arrivals and departures and not returns:
            first_in = min(e.time for e in arrivals)
            between = [
                o.time
                for o in evidence
                if o.mention.where.id != place_id
                and not o.departure
                and not o.transit
                and not o.returning
                and o.cue.day is not None
                and first_in < o.time < min(e.time for e in departures)
                and haversine_km(
                    o.mention.where.lat, o.mention.where.lon, items[0].mention.where.lat, items[0].mention.where.lon
                )
                > 50
            ]  # (not the palace in the same city)
            if between:
                out.append(Candidate(items[0].mention.where, arrivals))
                out.append(Candidate(items[0].mention.where, departures, returning=True))
                continue
        # (told later at the same time cue, "flew back to Rzeszow overnight", it is still a return)
        if (
            returns
            and others
            and min((e.time, e.mention.start) for e in others) < min((e.time, e.mention.start) for e in returns)
        ):
            out.append(Candidate(items[0].mention.where, others))
            out.append(Candidate(items[0].mention.where, returns, returning=True))
        else:
            out.append(Candidate(items[0].mention.where, items, returning=bool(returns) and not others))
    return out


def trip_order(cands: list[Candidate]) -> list[Candidate]:
    """Trip order: places only left from come first, then by time, then by order of mention.

    Each stop gets a time on one line: a stated day keeps its day (``_stated_times``); a stop
    without one takes its place in the telling (``_told_time``); then two kinds of words move
    undated stops: "After Israel ..." puts a stop after its anchor and "before ending the tour in
    Cairo" puts one last (``_after_anchors``, ``_closers_last``). Returns to an earlier stop anchor
    nothing: they are usually told first and happen last.
    """
    narrative = sorted(cands, key=lambda c: (c.first, c.returning))
    rank = {id(c): r for r, c in enumerate(narrative)}
    dated = _stated_times(narrative)
    times = {id(c): _told_time(i, c, narrative, dated) for i, c in enumerate(narrative)}
    _after_anchors(narrative, times)
    _before_anchors(narrative, times)
    _closers_last(narrative, times)
    # A place only left comes first, unless its day comes after another stop's ("on Friday he flew from Iwakuni to
    # Hiroshima" after Monday in Hanoi: left on the way, not at the start).
    starts = {
        id(c)
        for c in cands
        if c.trip_start
        and not (c.dated and any(x.dated and not x.trip_start and times[id(x)] < times[id(c)] - 0.5 for x in cands))
    }
    # On the same day, a return home comes after the other stops ("on his way back ... he will stop in Dubai").
    return sorted(
        cands, key=lambda c: (id(c) not in starts, times[id(c)], c.returning, c.told_at if c.dated else 0, rank[id(c)])
    )


_EARLIER_IN_WEEK = patterns.compile(r"\b[Ee]arlier (?:in|this) (?:the )?week\b")
_TRIP_NOUN = patterns.compile(r"\b(?:tour|trip|visit|journey)\b", re.IGNORECASE)


def _stated_times(narrative: list[Candidate]) -> dict[int, float]:
    """The stops whose time the text fixes: a stated day, or an opener ("began the tour in Jakarta").

    An undated opener, told perhaps after the last stop, comes before every dated stop.
    """
    dated = {id(c): c.time for c in narrative if c.dated and not c.returning}
    first = min([*dated.values(), *(c.time for c in narrative)], default=0.0) - 0.5
    openers = [c for c in narrative if id(c) not in dated and not c.returning and any(e.opener for e in c.evidence)]
    if len(openers) > 1:
        # "The tour began in New Zealand ... In Australia he started in Adelaide": the trip's opening, not a leg's
        of_trip = [c for c in openers if any(e.opener and _TRIP_NOUN.search(e.text) for e in c.evidence)]
        openers = of_trip or openers
    for c in openers:
        dated[id(c)] = first
    # "Her first stop will be Jeddah on Sunday": a dated opener, the earliest dated stop, goes before the undated
    # stops told ahead of it too ("Her tour includes Saudi Arabia, Kuwait and Qatar")
    earliest = min(dated.values(), default=0.0)
    for c in narrative:
        if c.dated and not c.returning and any(e.opener for e in c.evidence) and c.time <= earliest + 0.5:
            dated[id(c)] = first
    return dated


def _told_time(i: int, c: Candidate, narrative: list[Candidate], dated: dict[int, float]) -> float:
    """A stop's time: its stated day, or its place among the dated stops told around it.

    Without a stated day, a stop follows the nearest dated stop told before it ("then flew to
    Accra" after "began in Cairo"); told before every dated stop, it comes just ahead of the
    first one; with no dated stop at all, its tense decides. Small multiples of ``i`` keep the
    telling's order among stops that land on the same time.
    """
    if not dated and c.returning and not c.dated:
        return max(x.time for x in narrative) + 0.5  # "He flew back to Lake Tahoe that night": last, dated or not
    if id(c) in dated or not dated or (c.returning and c.dated):
        # a stated day wins, for a return home too ("return to London on Saturday"); an opener goes first
        return dated.get(id(c), c.time)
    told_with = _told_with_a_dated_stop(c, narrative, dated)
    if told_with is not None:
        return told_with
    before = [dated[id(x)] for x in narrative[:i] if id(x) in dated]
    after = [dated[id(x)] for x in narrative[i + 1 :] if id(x) in dated]
    time = _among_the_dated(i, c, narrative, dated, before, after)
    latest = max(dated.values())
    ending = [  # (a return home, not to a stop of the trip: "returned to Sydney the next day")
        x.time
        for x in narrative[:i]
        if x.returning
        and x.dated
        and x.time >= latest
        and not any(y.place.id == x.place.id and not y.returning for y in narrative)
    ]
    if ending and not c.returning and time >= min(ending):
        # "returned to Beijing on Sunday after state visits to ... During his stay in South Africa ...": a stop told
        # after the dated return that ends the trip came before it
        time = min(ending) - 0.05 + 0.001 * i
    if c.returning and (not after or not any(x.place.id == c.place.id and not x.returning for x in narrative)):
        # an undated return home ends the trip, told before a dated stop or not ("flew back to New York", told
        # before Sunday in Port-au-Prince); but "before returning to Baghdad for the night", told before the next
        # day's line, is a night back at an earlier stop
        time = max(time, max(dated.values()) + 0.5)
    return time


def _told_with_a_dated_stop(c: Candidate, narrative: list[Candidate], dated: dict[int, float]) -> float | None:
    """An undated place told in one sentence with a dated one, as where that one was left for or reached from:
    "reached Kyiv on an overnight train from Przemysl" (left just before), "departed Busan for Washington" (after);
    "had spent two days in Shanghai ... before flying to the Chinese capital" (just before the place flown to next).

    (of several in that sentence, the one told nearest: "who came to Santiago straight from ... Rio de Janeiro,
    had started the trip last Saturday in Buenos Aires" left Rio for Santiago, not for Buenos Aires)
    """
    at = {e.sentence: e.mention.start for e in c.evidence}
    partners = [
        (
            min(
                abs(e.mention.start - at[e.sentence])
                for e in x.evidence
                if e.sentence in at and e.departure != c.origin_only
            ),
            dated[id(x)],
        )
        for x in narrative
        if id(x) in dated and any(e.sentence in at and e.departure != c.origin_only for e in x.evidence)
    ]
    if partners:
        nearest = min(partners)[1]
        return nearest - 0.05 if c.origin_only else nearest + 0.05
    following = [
        dated[id(x)]
        for x in narrative
        if id(x) in dated and x is not c and any(e.sentence in at and e.shift > 0 for e in x.evidence)
    ]
    return min(following) - 0.05 if following else None


def _among_the_dated(
    i: int, c: Candidate, narrative: list[Candidate], dated: dict[int, float], before: list[float], after: list[float]
) -> float:
    """An undated stop's time from the dated stops told before and after it, its tense and its sequence words."""
    own = c.time  # its tense and sequence words: -0.5 past, 0 present, +0.5 future, +/-0.1 then/earlier
    # (and "after two days of talks at Ise-Shima", told after the stop it came before)
    earlier = any(e.cue.order < 0 or e.perfect or e.shift < 0 for e in c.evidence)
    done = [t for t in before if t <= 0.1]  # dated stops already made, not plans
    if earlier and done:
        # "Earlier, in Doha, he had discussed ...": just before
        # ("Earlier in the week Xi addressed parliament in London", told after Thursday and Friday: before them all)
        # ("a tour that has also taken him to Japan and China", told after today's stop: the legs before them all)
        anchor = (
            min(done)
            if any(_EARLIER_IN_WEEK.search(e.text) or TOUR_SO_FAR.search(e.text) for e in c.evidence)
            else max(done)
        )
        return anchor - 0.04 + 0.001 * i + min(0.0, min(e.shift for e in c.evidence))
    if own > 0 and any(e.cue.tense == "future" for e in c.evidence):
        return max([0.0] + before) + 0.3 + 0.01 * i  # a plan comes after all that is dated so far
    if before and before[-1] <= 0.1:
        # the telling goes on from the last dated stop, or from the latest when the last was a flashback ("had
        # arrived from Italy, where he spent three days in L'Aquila. After the speech he toured Cape Coast")
        last = [x for x in narrative[:i] if id(x) in dated][-1]
        return (max(done) if any(e.perfect for e in last.evidence) else before[-1]) + 0.01 * (i + 1)
    if before:
        return own + 0.01 * i  # told after a plan, but already happened
    if all(any(e.opener for e in x.evidence) for x in narrative[i + 1 :] if id(x) in dated):
        # only openers told after it ("flew on to Spain after Paris ... The first leg of her tour was in Lisbon"):
        # the opening comes first, and this stop keeps its tense's time after it
        return own + 0.01 * i
    return after[0] - 0.01 * (len(narrative) - i) + 0.1 * min(0.0, own + 0.5)


def _after_anchors(narrative: list[Candidate], times: dict[int, float]) -> None:
    """ "After Israel he is expected in the West Bank": an undated stop told after a place follows that
    place's stop (after a country, the last of its stops: "goes on to Jamaica following his Belize visit")."""
    for c in narrative:
        anchors = _anchor_times(c, [e.after for e in c.evidence], narrative, times)
        if not c.dated and not c.returning and anchors:
            times[id(c)] = max(times[id(c)], max(anchors) + 0.05)


def _before_anchors(narrative: list[Candidate], times: dict[int, float]) -> None:
    """ "The visit to Ukraine comes hours after his talks in Delhi": an undated stop measured back from a visit
    comes just before that visit's first stop (or the first stop inside it, when the place is a country)."""
    for c in narrative:
        anchors = _anchor_times(c, [e.precedes for e in c.evidence], narrative, times)
        if not c.dated and not c.returning and anchors:
            times[id(c)] = min(times[id(c)], min(anchors) - 0.05)


def _anchor_times(
    c: Candidate, places: list[Place | None], narrative: list[Candidate], times: dict[int, float]
) -> list[float]:
    """The times of the stops at (or inside) the first of ``places`` that is not ``c``'s own place."""
    anchor = next((p for p in places if p is not None and p.id != c.place.id), None)
    if anchor is None:
        return []
    return [
        times[id(x)]
        for x in narrative
        if not x.returning and x is not c and (x.place.id == anchor.id or contains(anchor, x.place)) and id(x) in times
    ]


def _closers_last(narrative: list[Candidate], times: dict[int, float]) -> None:
    """ "before ending the tour in Cairo": an undated closer comes after every other stop, before home."""
    closers = [c for c in narrative if not c.dated and not c.returning and any(e.closer for e in c.evidence)]
    if closers:
        others = [times[id(c)] for c in narrative if not c.returning and c not in closers]
        for k, c in enumerate(closers):
            times[id(c)] = max(others, default=times[id(c)]) + 0.05 + 0.001 * k


FAR_VENUES = frozenset({"airport", "spaceport", "airfield", "station"})


def _quarter_of(small: Place, city: Place) -> bool:
    """A small place named inside a big stop city is part of it ("Marina Bay", "Sentosa" in Singapore), and so is
    one within 3 km of any city ten times its size; a town beside a middling one is a stop of its own ("Knevichi
    airfield" the day before "Artyom station")."""
    if not (small.kind in CITY_KINDS and city.kind in CITY_KINDS and small.population < 50_000):
        return False
    near = haversine_km(small.lat, small.lon, city.lat, city.lon)
    if near <= 3 and city.population > 10 * small.population:
        return True  # "Jerusalem's Old City", 1 km from the centre (whatever country the record gives it)
    return (
        small.country == city.country
        and city.population >= 1_000_000
        and near <= (30 if city.population >= 3_000_000 else 15)
    )


def is_venue(place: Place) -> bool:
    """A place that is part of a city's visit when near it (a palace, an airport, a base, an island): not a town, not
    an area, not a sea or a river."""
    return place.kind not in CITY_KINDS and place.kind not in AREA_KINDS and place.kind not in NON_STOP_KINDS


def venue_reach(venue: Place, city: Place) -> float:
    """How far from a city a venue can be and still be part of a visit to it, in km.

    An airport serves a city from afar (40: the traveller lands there to visit the city); a palace, a hall or a
    military base is in it only within 30 km (Windsor Castle, 33 km out, and Yokota Air Base, 32 km, are stops of
    their own, as the real-article annotation guide measures them); a town under 50,000 holds only what is next
    to it (10: the White House is not part of a stop at Mount Vernon), though an island folds into any town on it.
    """
    if city.population < 50_000 and venue.kind != "island":
        return 10
    return 40 if venue.kind in FAR_VENUES else 30


def merge_venues(cands: list[Candidate]) -> list[Candidate]:
    """A venue or airport within 40 km of a stop city (or a small town inside it, :func:`_quarter_of`) is part of
    that city's visit when nothing farther away comes between them ("met at Vnukovo airport, then driven to the Kremlin" is Moscow)."""
    out = list(cands)
    changed = True
    while changed:
        changed = False
        for i, v in enumerate(out):
            if v.place.kind in AREA_KINDS or v.place.kind in NON_STOP_KINDS:
                continue  # (a venue, is_venue, or a town that may be a quarter of a bigger one)
            if v.place.kind in CITY_KINDS and not any(_quarter_of(v.place, c.place) for c in out):
                continue
            for j, c in sorted(enumerate(out), key=lambda jc: abs(jc[0] - i)):
                if c.place.kind not in CITY_KINDS or (c.returning != v.returning and abs(i - j) > 1):
                    continue  # (next to each other, a night back in Baghdad and its airport the morning after are one)
                if v.place.kind in CITY_KINDS and not _quarter_of(v.place, c.place):
                    continue
                reach = venue_reach(v.place, c.place)
                near = lambda x: haversine_km(x.place.lat, x.place.lon, c.place.lat, c.place.lon) <= reach  # noqa: B023, E731
                between = out[min(i, j) + 1 : max(i, j)]
                if near(v) and all(near(x) for x in between):
                    out[j] = Candidate(c.place, c.evidence + v.evidence, c.returning)
                    del out[i]
                    changed = True
                    break
            if changed:
                break
    return out


def contains(area: Place, place: Place) -> bool:
    if area.kind == "country":
        return place.country == area.country and place.id != area.id
    if area.kind == "admin1":
        if not place.admin1:  # an airport or a venue carries no region code: near the region's centre is inside
            return place.country == area.country and haversine_km(area.lat, area.lon, place.lat, place.lon) <= 250
        return place.country == area.country and place.admin1 == area.admin1 and place.id != area.id
    if area.kind == "admin2":  # a county: its towns are in its first-level region and near its centre
        # (and no bigger than the county: Dublin, 50 km from the centre of County Kildare, is not inside it)
        return (
            place.country == area.country
            and place.admin1 == area.admin1
            and place.id != area.id
            and haversine_km(area.lat, area.lon, place.lat, place.lon) <= 80
            and not (area.population and place.population > area.population)
        )
    return False
