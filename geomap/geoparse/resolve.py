"""Stage 2, resolve: recognised spans in, each span's chosen place with a confidence and a runner-up out.

A reader decides what "Georgia" or "Vostochny" means from the name's
prominence and from the rest of the article; the resolver scores each reading
with the same cues:

- prominence: the gazetteer's importance (countries, capitals, big cities first);
- match quality: the record's own name beats an alternate name beats a spelling variant;
- feature cues: "cosmodrome", "sea", "province" next to the name favour that kind;
- the countries and regions the article names, and the "Town, State" pattern;
- spatial coherence: readings near the article's other places win;
- one sense per discourse: every mention of the same name gets the same reading.

Input: ``list[Found]``; output: ``list[Mention]``.
"""

from __future__ import annotations

import math
import operator
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace

from geomap.gazetteer.store import ABBREVIATION, DEMONYM, GENERATED, GEONAMES_LAYERS, PRIMARY, Candidate, Gazetteer
from geomap.geometry import haversine_km
from geomap.geoparse.recognize import Found
from geomap.model import Mention, Place
from geomap.text import patterns
from geomap.text import wordlists as words
from geomap.text.keys import loose_key, name_key, spelled_out
from geomap.text.tokens import opening_lines

AREA_KINDS = frozenset({"country", "continent", "region", "admin1", "ocean", "sea"})
MAX_CANDIDATES = 60
RUNNER_UP_WEIGHT = 0.5  # how much a name's other readings count for coherence, against its best one
CONTEXT_CAP = 0.9  # the most the rest of the article can add to a reading
CAPITAL_OF_NAMED = 0.25  # a national capital whose country the article names


@dataclass(slots=True)
class _Reading:
    """One reading of a mention while it is being scored.

    ``base`` holds what the name and its neighbourhood say (prominence, match
    quality, feature cue, "Town, State"); ``context`` what the rest of the
    article suggests. Context is capped, so a dozen weak hints (Texas, Houston,
    the U.S.) cannot turn "China" into a Texan village.
    """

    place: Place
    name_score: float
    base: float = 0.0
    context: float = 0.0
    demonym: bool = False  # read through a demonym ("German troops" names Germany but is no location)
    borrowed: bool = False  # a county's reading lent to its bare name ("Suffolk" for Suffolk County)

    @property
    def score(self) -> float:
        context = self.context  # (no min(): the sorts of a corpus read this some 200,000 times)
        return self.base + (context if context < CONTEXT_CAP else CONTEXT_CAP)

    def hint(self, amount: float) -> None:
        self.context += amount


def _name_quality(cand: Candidate, how: str) -> float:
    if how == "loose":
        base = -0.15
    elif cand.flags & PRIMARY or cand.flags & ABBREVIATION or cand.flags & DEMONYM:
        base = 0.0
    elif cand.place.layer not in GEONAMES_LAYERS:
        base = 0.0  # a curated other name ("Gaza" for the Gaza Strip) was chosen on purpose
    elif cand.flags & GENERATED:
        base = -0.05
    elif cand.place.population >= 1_000_000 and name_key(cand.place.name).startswith(name_key(cand.name) + " "):
        base = 0.1  # a metropolis by its everyday short name: "New York" is New York City before the state
    else:
        base = -0.08
    return base


def _prior(place: Place) -> float:
    """Prominence on a common scale: importance plus a little for population."""
    bonus = 0.0
    if place.kind == "country":
        bonus += 0.05 * math.log10(1 + place.population) / 9  # "American" is the United States, not Samoa
    if place.kind == "capital":
        bonus += 0.12
    if place.kind == "airport":
        bonus -= 0.2
    return place.importance + bonus


_BASE = operator.attrgetter("base")  # sort keys without a Python call per reading (sorts stay stable when reversed)
_SCORE = operator.attrgetter("score")

BIG_KINDS = frozenset({"country", "continent", "ocean", "sea", "gulf", "region"})


def _own_big_name(cand: Candidate) -> bool:
    """True for a country or large feature matched by its own (or curated) name or demonym."""
    if cand.place.kind not in BIG_KINDS:
        return False
    return bool(cand.flags & (PRIMARY | ABBREVIATION | DEMONYM)) or cand.place.layer not in GEONAMES_LAYERS


_OWN = PRIMARY | ABBREVIATION | DEMONYM  # a place's own name, abbreviation or demonym


class _NameFacts:
    """What a name's readings say all together, worked out once per name for the rules of :data:`_NAME_RULES`."""

    __slots__ = (
        "key", "cue", "someone_primary", "big_own_name", "big_countries", "region_countries", "all_capitals",
        "city_countries", "city_regions", "primary_size", "as_written", "town_life", "rules",
    )  # fmt: skip

    def __init__(self, found: Found, town_life: bool = False) -> None:
        cands = found.candidates
        self.key, self.cue = found.key, found.cue
        # Somewhere in the article the name is followed by a word of a town's own life ("the Jordan city council").
        self.town_life = town_life
        # Some reading is a place's own name ("Salisbury" the English city's, though also an old name of Harare).
        self.someone_primary = any(c.flags & _OWN for c in cands)
        # Some reading is a country, sea or region called exactly this ("China", "Mexico", "Atlantic").
        self.big_own_name = any(_own_big_name(c) for c in cands)
        self.big_countries = {c.place.country for c in cands if _own_big_name(c) and c.place.kind == "country"}
        # The countries of a state or province called exactly this ("Florida").
        self.region_countries = {c.place.country for c in cands if c.place.kind == "admin1" and c.flags & _OWN}
        letters = found.text.replace(".", "")
        self.all_capitals = letters.isupper() and len(letters) > 1
        # The countries and regions of the big cities of this name ("Mecca", "Shanghai", "Hiroshima").
        big_cities = [c.place for c in cands if c.place.kind in ("city", "capital") and c.place.population >= 100_000]
        self.city_countries = {p.country for p in big_cities}
        self.city_regions = {(p.country, p.admin1) for p in big_cities}
        # The largest place that holds the name as its own.
        self.primary_size = max((c.place.population for c in cands if c.flags & _OWN), default=0)
        # A short form with full stops some place records exactly as written ("N.Y." the state's, not "NY").
        written = self.all_capitals and "." in found.text and any(_as_written(c, found.text) for c in cands)
        self.as_written = found.text if written else ""
        # The rules that can say something of this name (each would give 0.0 to every reading otherwise).
        self.rules = tuple(rule for rule in _NAME_RULES if _NAME_RULE_APPLIES[rule](self))


_NameRule = Callable[[Candidate, _NameFacts], float]


def _region_named_like_city(cand: Candidate, facts: _NameFacts) -> float:
    """A region named after a big city, or known by the city's name only as another name, yields the name to the
    city unless a cue word asks for it: "Shanghai" is the city before Shanghai Municipality, "Mecca" before the
    Mecca Region, "Hiroshima" before its prefecture ("N.Y." is still the state)."""
    p = cand.place
    if p.kind != "admin1" or facts.cue is not None or (facts.as_written and _as_written(cand, facts.as_written)):
        return 0.0
    if not cand.flags & PRIMARY and "." not in cand.name and p.country in facts.city_countries:
        return -0.2
    return -0.1 if (p.country, p.admin1) in facts.city_regions else 0.0


def _small_beside_big_name(cand: Candidate, facts: _NameFacts) -> float:
    """A country, sea or region called exactly this is what a reader hears: a town of the same name needs much more
    context to win ("China", "Mexico"), a village named "Middle East" even more, and "Mexico" is not the State of
    Mexico either (a metropolis by its own name keeps its chance)."""
    if not facts.big_own_name or facts.town_life or _own_big_name(cand):
        return 0.0
    p = cand.place
    own = bool(cand.flags & (_OWN | GENERATED))
    if (p.kind in ("city", "capital", "admin2") and (p.population < 1_000_000 or not own)) or (
        p.kind == "admin1" and p.country in facts.big_countries
    ):
        return -0.5 if p.kind == "city" and p.population < 10_000 else -0.25
    return 0.0


def _town_beside_own_region(cand: Candidate, facts: _NameFacts) -> float:
    """A state or province called exactly this outranks a small town of its own country ("Florida" the state)."""
    p = cand.place
    return -0.25 if p.kind == "city" and p.country in facts.region_countries and p.population < 100_000 else 0.0


def _other_name_beside_own_name(cand: Candidate, facts: _NameFacts) -> float:
    """A name that is some place's own name means that place, not an old or foreign name of another ("Salisbury"
    is the English city, not Harare; "Berea" the Kentucky town, not Aleppo; "White House" is not Casablanca). A
    metropolis keeps its everyday short name ("New York" the city), and an island region's English name counts
    more than villages that own it ("Crete", "Corsica", "Madeira")."""
    p = cand.place
    if (
        not facts.someone_primary
        or cand.flags & (_OWN | GENERATED)
        or (facts.as_written and _as_written(cand, facts.as_written))
        or p.layer not in GEONAMES_LAYERS
        or not (p.population < 1_000_000 or facts.big_own_name or facts.key not in name_key(p.name))
    ):
        return 0.0
    if p.kind == "admin1" and p.population >= 200_000 and facts.primary_size < 20_000:
        return -0.1
    return -0.3 if p.population >= 100_000 else -0.5


def _as_written(cand: Candidate, text: str) -> bool:
    """Whether a reading's recorded name is the span as written, full stops included ("N.Y", "N.Y.")."""
    return "." in cand.name and cand.name.rstrip(".") == text.rstrip(".")


def _full_stops(cand: Candidate, facts: _NameFacts) -> float:
    """Full stops are evidence too: "N.Y." and "S.C." are how US news abbreviates a state (AP style), so a place
    recorded as "N.Y." is meant, not New York City, whose short form "NY" matches only once the stops are dropped."""
    return -0.5 if cand.flags & ABBREVIATION and "." not in cand.name else 0.0


def _local_life(cand: Candidate, facts: _NameFacts) -> float:
    """A country's name before a word of a town's own life is a town's: a country has no "Jordan resident", no
    "Jordan Elementary" and no city council (its people are "Jordanians"; a state's are still "Georgia residents").
    One sense per discourse: the town meant there is meant throughout, and the country's shadow that keeps a small
    town of its name down (:func:`_small_beside_big_name`) lifts."""
    return LOCAL_LIFE_COUNTRY if cand.place.kind == "country" else 0.0


def _letter_case(cand: Candidate, facts: _NameFacts) -> float:
    """Letter case is evidence: "EU" is the Union, not the French town of Eu."""
    return -0.3 if facts.all_capitals and not cand.name.replace(".", "").isupper() else 0.0


# What a name says of each of its readings, beyond how well it matched: asked in this order and added up. Each
# comes with the fact of the name it needs to say anything at all, so that a name asks only the rules that can.
_NAME_RULE_APPLIES: dict[_NameRule, Callable[[_NameFacts], bool]] = {
    _region_named_like_city: lambda facts: facts.cue is None and bool(facts.city_countries),
    _small_beside_big_name: lambda facts: facts.big_own_name and not facts.town_life,
    _town_beside_own_region: lambda facts: bool(facts.region_countries),
    _other_name_beside_own_name: lambda facts: facts.someone_primary,
    _full_stops: lambda facts: bool(facts.as_written),
    _local_life: lambda facts: facts.town_life,
    _letter_case: lambda facts: facts.all_capitals,
}
_NAME_RULES: tuple[_NameRule, ...] = tuple(_NAME_RULE_APPLIES)


def _readings(found: Found, town_life: bool = False) -> list[_Reading]:
    """A name's readings, one per place, scored by how the name matched and by :data:`_NAME_RULES`, best first."""
    facts = _NameFacts(found, town_life)
    rules = facts.rules
    best: dict[str, _Reading] = {}
    for cand in found.candidates:
        quality = _name_quality(cand, found.how)
        for rule in rules:
            quality += rule(cand, facts)
        have = best.get(cand.place.id)
        if have is None or quality > have.name_score:
            best[cand.place.id] = _Reading(cand.place, quality, demonym=bool(cand.flags & DEMONYM))
    readings = sorted(best.values(), key=lambda r: -(_prior(r.place) + r.name_score))
    return readings[:MAX_CANDIDATES]


def _all_readings(found: list[Found], towns: frozenset[str] = frozenset()) -> list[list[_Reading]]:
    """Every mention's readings; a name the article repeats is read once and its readings copied, since
    the readings of a name depend only on how it was found (news names its places again and again) and on
    whether the article tells of its town's own life (``towns``, see :func:`_town_life`)."""
    done: dict[tuple, list[_Reading]] = {}
    out = []
    for f in found:
        key = (f.text, f.key, f.how, f.cue, tuple(map(id, f.candidates)))
        first = done.get(key)
        if first is None:
            out.append(done.setdefault(key, _readings(f, f.key in towns)))
        else:
            out.append([_Reading(r.place, r.name_score, demonym=r.demonym) for r in first])
    return out


def resolve(found: list[Found], text: str, gazetteer: Gazetteer) -> list[Mention]:
    """Choose a place for every recognised span, using the whole article as context.

    >>> from geomap import default_gazetteer
    >>> from geomap.geoparse.recognize import find_places
    >>> text, gaz = "Kim arrived in Vladivostok.", default_gazetteer()
    >>> [m.place.country for m in resolve(find_places(text, gaz), text, gaz)]
    ['RU']
    """
    if not found:
        return []
    found = _listed_counties(found, text, gazetteer)
    readings = _all_readings(found, _town_life(found, text))
    _short_county_names(found, readings)
    _short_city_names(found, readings)
    # Context 1: countries and first-level regions the article names unambiguously enough.
    named = _NamedAreas(found, readings)
    # Context 2: "Gainesville, Georgia" / "Paris, Texas": a place followed by the region or country that holds it.
    governed = {i for i, f in enumerate(found) if _GOVERNED.match(text, f.end)}
    _what_the_name_says(found, readings, _containers(found, readings, text), governed)
    _named_area_hints(found, readings, named)
    # Context 2a: a town and a county around it, both named ("Paris" ... "Henry County"), read each other.
    _counties(found, readings, named.regions)
    # Context 2b: names listed together are alike ("Georgia, Armenia and Azerbaijan"; "Utah, Washington, Idaho").
    _lists(found, readings, text)
    # Context 3: spatial coherence with the other places' current best readings.
    _coherence(found, readings)
    # Context 3b: the article's focus. A local story's places cluster in one state or province; the
    # regions of the names that are already clear ("Gainesville, Ga." ... "Hall County") pull the
    # unclear ones ("Dublin", "Athens") toward them.
    _focus(found, readings)
    dateline_end = _standalone_dateline_end(text)
    _famous_dateline_city(found, readings, dateline_end)
    _same_place_other_name(found, readings)
    chosen = _one_sense(found, readings)
    # The article's own place, from names read whole (a piece such as "Marigny" of "Faubourg Marigny" is no evidence).
    focus = _dateline_place(found, chosen, dateline_end) or _focus_place(
        [chosen[i][0] for i in range(len(found)) if found[i].how != "piece"]
    )
    return [_mention(i, found, readings, chosen, focus, text) for i in range(len(found))]


class _NamedAreas:
    """The countries and first-level regions an article names clearly enough to be context for its other names.

    A name is no context for itself: "Paris" twice does not make a story French, nor "Mexico" Mexico City;
    ``by_name`` keeps what each name added so that it can be taken off again.
    """

    __slots__ = ("countries", "regions", "by_name", "named_countries", "named_areas")

    def __init__(self, found: list[Found], readings: list[list[_Reading]]) -> None:
        countries: dict[str, float] = defaultdict(float)
        regions: Counter[tuple[str, str]] = Counter()
        by_name: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        for f, rs in zip(found, readings):
            if not rs:
                continue
            top = rs[0].place
            if top.kind == "country" and (len(rs) == 1 or _prior(rs[1].place) < 0.9):
                countries[top.country] += 1
                by_name[f.key][top.country] += 1
            if top.kind == "admin1":
                regions[(top.country, top.admin1)] += 1
            if top.kind == "capital" and _prior(top) > 0.85:
                countries[top.country] += 0.5
                by_name[f.key][top.country] += 0.5
        self.countries, self.regions, self.by_name = countries, regions, by_name
        self.named_countries = sum(countries.values())
        self.named_areas = sum(regions.values()) + self.named_countries  # once per article, not per reading


CUE_BONUS = 0.45  # "Amur region", "Vostochny cosmodrome": a reading of the kind the cue word names
CUE_MISMATCH = -0.2  # a cue word inside the name ("Georgia state") against a reading of another kind
HOLDS_PREVIOUS = 0.5  # "N.Y." in "Albany, N.Y." is the state that holds Albany, not New York City
HELD_BY_COUNTRY = 0.6  # "Paris, Texas" / "Gainesville, Georgia": a reading inside the region or country named after it
HELD_BY_REGION = 0.9


_GOVERNED = patterns.compile(
    r"\s+(?:Lt\.\s+|Lieutenant\s+)?(?:Gov\.|Governor)\s"
)  # "New York Gov. ...", "Ohio Governor"


def _what_the_name_says(
    found: list[Found], readings: list[list[_Reading]], container: dict[int, Place], governed: set[int]
) -> None:
    """Each reading's base score: prominence and match, a cue word next to the name, and "Town, State" both ways.
    A governor's title right after the name is a cue for a state or province: "New York Gov." is no city's."""
    for i, (f, rs) in enumerate(zip(found, readings)):
        cue_kinds = words.CUE_KINDS.get(f.cue or "", ()) or (("admin1",) if i in governed else ())
        holds = container.get(i - 1)
        held_by = container.get(i)
        for r in rs:
            p = r.place
            s = _prior(p) + r.name_score
            if cue_kinds and p.kind in cue_kinds:
                s += CUE_BONUS
            elif cue_kinds and f.cue in f.text.lower().split() and p.kind not in cue_kinds:
                s += CUE_MISMATCH
            if holds is not None and holds.id == p.id:
                s += HOLDS_PREVIOUS
            if held_by is not None:
                if held_by.kind == "country" and p.country == held_by.country and p.kind != "country":
                    s += HELD_BY_COUNTRY
                elif held_by.kind == "admin1" and p.country == held_by.country and p.admin1 == held_by.admin1:
                    s += HELD_BY_REGION
            r.base = s


def _named_area_hints(found: list[Found], readings: list[list[_Reading]], named: _NamedAreas) -> None:
    """Hints from the countries and regions the article names: a reading in a named country, and a national
    capital whose country is named ("Washington" in a story that names the United States); a named state pulls its
    towns in as far as the article is about it ("Scranton, Pennsylvania" in a line of biography does not make
    Belfast the Pennsylvania village in a story set in Ireland)."""
    countries, regions = named.countries, named.regions
    for f, rs in zip(found, readings):
        names_country = any(r.place.kind == "country" for r in rs)  # "Mexico" is the country before its capital
        own = named.by_name[f.key]
        for r in rs:
            p = r.place
            if p.kind not in ("country", "continent") and p.country and countries:
                count = countries[p.country] - own[p.country]
                if count > 0:
                    share = count / max(1, named.named_countries)
                    r.hint(0.2 * min(1.0, count) + 0.15 * share)
                    if p.kind == "capital" and not names_country:
                        r.base += CAPITAL_OF_NAMED
            if p.kind not in ("country", "admin1", "continent") and (p.country, p.admin1) in regions:
                r.hint(0.3 * regions[(p.country, p.admin1)] / named.named_areas)


# Words of a town's own life after its name: "the Jordan resident", "Jordan Elementary", "the Lebanon school board".
_LOCAL_LIFE = patterns.compile(
    r" (?:residents?|natives?|schools?|[Ee]lementary|(?:[Hh]igh|[Mm]iddle) [Ss]chool|[Ll]eague|[Cc]ity [Cc]ouncil|"
    r"council|[Mm]ayor|[Pp]olice|firefighters|[Ff]ire [Dd]epartment|[Pp]ublic [Ll]ibrary|[Tt]ownship)\b"
)
LOCAL_LIFE_COUNTRY = -0.6


def _town_life(found: list[Found], text: str) -> frozenset[str]:
    """The names the article follows, at least once, with a word of a town's own life (see :func:`_local_life`)."""
    return frozenset(f.key for f in found if len(f.candidates) > 1 and _LOCAL_LIFE.match(text, f.end))


def _famous_dateline_city(found: list[Found], readings: list[list[_Reading]], dateline_end: int | None) -> None:
    """Context 3c: a dateline city that needs no state or country after it ("GENEVA (AP) —", "TOKYO, May 24, 2022
    —") is the famous one, as wire style writes small towns with their region ("GENEVA, Ill. —"); every mention of
    that name follows it."""
    if dateline_end is None:
        return
    famous: dict[str, str] = {}  # name -> the place its dateline means
    for f, rs in zip(found, readings):
        towns = [r for r in rs if r.place.kind in ("city", "capital")]
        if f.start < dateline_end and towns:
            famous[f.key] = max(towns, key=lambda r: _prior(r.place)).place.id
    for f, rs in zip(found, readings):
        for r in rs:
            if famous.get(f.key) == r.place.id:
                r.base += 0.6


def _same_place_other_name(found: list[Found], readings: list[list[_Reading]]) -> None:
    """Context 4: a place chosen for one name is likely meant by another name that can mean it ("Vostochny
    cosmodrome" ... "Vostochni"; "Komsomolsk-on-Amur" ... "Komsomolsk"); but "Mexico" after "MEXICO CITY" still
    names the country, and a bare name follows its county's full name, never leads it."""
    chosen_by_key: dict[str, set[str]] = defaultdict(set)
    for f, rs in zip(found, readings):
        if rs:
            top = max(rs, key=_SCORE)
            if not top.borrowed:
                chosen_by_key[top.place.id].add(f.key)
    for f, rs in zip(found, readings):
        big = {c.place.id for c in f.candidates if _own_big_name(c)}
        for r in rs:
            if big and r.place.id not in big:
                continue
            if chosen_by_key.get(r.place.id, set()) - {f.key} and not _city_of_region(r.place, rs):
                r.base += 0.6  # the same place under another name is evidence, not a hint


def _city_of_region(region: Place, rs: list[_Reading]) -> bool:
    """Whether a region's name is also the name of a city inside it: "the Omsk Region" names the region, and the
    bare "Omsk" in the same story is still the city (news writes "the region" in full when it means one)."""
    if region.kind != "admin1":
        return False
    return any(
        r.place.kind in ("city", "capital") and (r.place.country, r.place.admin1) == (region.country, region.admin1)
        for r in rs
    )


_Choice = tuple[_Reading | None, _Reading | None, float]  # the chosen reading, the runner-up, the margin


def _one_sense(found: list[Found], readings: list[list[_Reading]]) -> dict[int, _Choice]:
    """One sense per discourse: the same name means the same place throughout the article, the place with the best
    score any of its mentions gives."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, f in enumerate(found):
        by_key[f.key].append(i)
    chosen: dict[int, _Choice] = {}
    for indexes in by_key.values():
        totals: dict[str, float] = defaultdict(float)
        holder: dict[str, _Reading] = {}
        for i in indexes:
            for r in readings[i]:
                totals[r.place.id] = max(totals[r.place.id], r.score)
                holder.setdefault(r.place.id, r)
        ranked = sorted(totals, key=totals.__getitem__, reverse=True)
        best = holder[ranked[0]] if ranked else None
        second = holder[ranked[1]] if len(ranked) > 1 else None
        margin = totals[ranked[0]] - totals[ranked[1]] if second else 1.0
        for i in indexes:
            chosen[i] = (best, second, margin)
    return chosen


def _mention(
    i: int,
    found: list[Found],
    readings: list[list[_Reading]],
    chosen: dict[int, _Choice],
    focus: Place | None,
    text: str,
) -> Mention:
    """The mention of ``found[i]``: its chosen place, or for a given span the gazetteer cannot read (or reads only as a
    far village through a piece of it) the place named right after it or the article's own place, as a guess."""
    f = found[i]
    best, second, margin = chosen[i]
    confidence = 1 / (1 + math.exp(-6 * margin)) if second else 0.95
    if best is not None and f.how == "loose":
        confidence *= 0.9
    place = best.place if best else None
    if (
        place is not None
        and f.how == "piece"
        and focus is not None
        and place.kind in ("city", "capital")
        and place.population < 50_000
        and haversine_km(place.lat, place.lon, focus.lat, focus.lon) > 300
    ):
        place = None  # "Brands Hatch" read as a far village "Hatch": the article's own place is a better guess
    if place is None and f.how in ("given", "piece"):
        # "Royal Street": most likely in the place named right after it ("Le Bernardin in New York", "Oulton Park,
        # Cheshire"), or else in the place the article is about; the confidence says it is a guess.
        host = _host(i, found, chosen, text)
        if host is not None:
            place, confidence = host, 0.2
        elif focus is not None:
            place, confidence = focus, 0.1
    demonym = f.is_demonym or (best is not None and best.demonym)
    runner_up = second.place if second else None
    return Mention(f.start, f.end, f.text, place, confidence if place else 0.0, runner_up, len(readings[i]), demonym)


_STANDALONE_DATELINE = patterns.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z](?:,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
    r"(?:,?\s+\d{4})?)?\s*(?:\([A-Za-z ]+\)\s*)?(?:--|[—–-])\s"
)


def _standalone_dateline_end(text: str) -> int | None:
    """Where a dateline of a city alone ends, on one of the article's first lines (after a headline)."""
    for line in opening_lines(text):
        m = _STANDALONE_DATELINE.match(text, line.start, line.end)
        if m:
            return m.end()
    return None


_COUNTY_AFTER = patterns.compile(r"\s+(count(?:y|ies)|parish(?:es)?)\b", re.IGNORECASE)


def _listed_counties(found: list[Found], text: str, gazetteer: Gazetteer) -> list[Found]:
    """Read the names before "counties" as counties: "Douglas, Sarpy and Lancaster counties".

    Local news names counties in lists with one plural noun, or as "the Grant/Wilkin county line";
    each name then means its county, which the gazetteer knows only by its full name.
    """
    wanted: dict[int, str] = {}
    for run in _runs(found, text, _LIST_JOINS | {"/"}):
        after = _COUNTY_AFTER.match(text, found[run[-1]].end)
        if after and (len(run) > 1 or not after.group(1).lower().endswith(("ies", "es"))):  # not "the Athens counties"
            noun = " parish" if after.group(1).lower().startswith("parish") else " county"
            wanted.update((i, name_key(found[i].text + noun)) for i in run)
    if not wanted:
        return found
    hits = gazetteer.candidates(wanted.values())
    out = list(found)
    for i, key in wanted.items():
        counties = tuple(c for c in hits.get(key, ()) if c.place.kind == "admin2")
        if counties:
            out[i] = replace(found[i], candidates=counties)
    return out


_COUNTY_WORDS = (" county", " parish")
SHORT_COUNTY_NAME = -0.3  # a bare name means its county only when the county's full name chose that county


def _short_county_names(found: list[Found], readings: list[list[_Reading]]) -> None:
    """Let a bare name mean the county the article names in full ("Suffolk County" ... "Suffolk police").

    The gazetteer keeps no bare alias for a county ("Hall" would shadow every town called Hall), so
    the article supplies it: the county's readings join the bare name's, weaker than its own, and
    context 4 (the same place under another name) lifts the one the full name chose.
    """
    full: dict[str, dict[str, Place]] = {}  # bare name -> its counties, each once, in the order first named
    for f, rs in zip(found, readings):
        lower = f.text.lower()
        for word in _COUNTY_WORDS:
            if lower.endswith(word) and len(lower) > len(word):
                counties = full.setdefault(name_key(f.text[: -len(word)]), {})
                for r in rs:
                    if r.place.kind == "admin2":
                        counties.setdefault(r.place.id, r.place)
    if not full:
        return
    for f, rs in zip(found, readings):
        lent = full.get(name_key(f.text))
        if lent and not f.text.lower().endswith(_COUNTY_WORDS):
            have = {r.place.id for r in rs}
            rs.extend(_Reading(c, SHORT_COUNTY_NAME, borrowed=True) for pid, c in lent.items() if pid not in have)


_HOST_LINKS = frozenset({" in ", ", ", " near ", " at ", " outside "})


def _short_city_names(found: list[Found], readings: list[list[_Reading]]) -> None:
    """A city's first word standing alone for the city the article names in full ("In Rio, Modi met ..." after
    "Rio de Janeiro"): the full name's place joins the short name's readings, and the step that links names of
    one place (Context 4) weighs it. Not for a name that is a country's or a state's own ("Mexico", "Kansas").
    """
    full: dict[str, Place] = {}
    for f, rs in zip(found, readings):
        cities = [r.place for r in rs if r.place.kind in ("city", "capital") and r.place.population >= 100_000]
        if cities and " " in f.key:
            full.setdefault(f.key.split()[0], max(cities, key=_prior))
    if not full:
        return
    for f, rs in zip(found, readings):
        place = full.get(f.key)
        if place is None or any(
            r.place.id == place.id or r.place.kind in BIG_KINDS or r.place.kind == "admin1" for r in rs
        ):
            continue
        rs.append(_Reading(place, 0.0))


def _host(i: int, found: list[Found], chosen: dict, text: str) -> Place | None:
    """The town or county named right after mention ``i`` as where it is ("X in Y", "X, Y"), if any.

    "X, Y" inside a list ("Columbus, Pleasant Township, Madison Township and Grove City") is no such pair.
    """
    if i + 1 >= len(found):
        return None
    link = text[found[i].end : found[i + 1].start]
    if link not in _HOST_LINKS:
        return None
    if link == ", ":
        before = text[found[i - 1].end : found[i].start] if i > 0 else ""
        after = text[found[i + 1].end : found[i + 2].start] if i + 2 < len(found) else ""
        if before.strip() in _LIST_JOINS or after.strip() in _LIST_JOINS:
            return None
    best = chosen[i + 1][0]
    if best is None or best.place.kind in AREA_KINDS:
        return None  # a state or country is too wide to stand for a building in it
    return best.place


def _dateline_place(found: list[Found], chosen: dict, dateline_end: int | None) -> Place | None:
    """The city of a standalone dateline ("CAIRO (Reuters) -"): where the story was reported from, so where
    its unknown places most likely are, however often it names somewhere else (a footballer's club, say)."""
    if dateline_end is None:
        return None
    for i, f in enumerate(found):
        if f.start >= dateline_end:
            break
        best = chosen[i][0]
        if best is not None and best.place.kind in ("city", "capital"):
            return best.place
    return None


def _focus_place(chosen: list[_Reading | None]) -> Place | None:
    """The place an article is about: its most mentioned town in its most mentioned state or province.

    The region comes first: a story naming Centreville, Gainesville and "Va." once each and
    Charleston once is a Virginia story, and its unknown places ("Lake Manassas") are near there.
    """
    places = [r.place for r in chosen if r is not None]
    regions = Counter(
        (p.country, p.admin1) for p in places if p.admin1 and p.kind in ("city", "capital", "admin2", "admin1")
    )
    if regions:
        region = regions.most_common(1)[0][0]
        inside = [p for p in places if (p.country, p.admin1) == region]
        towns = Counter(p.id for p in inside if p.kind in ("city", "capital", "admin2"))
        if towns:
            top = towns.most_common(1)[0][0]
            return next(p for p in inside if p.id == top)
        return inside[0]
    for kinds in (("city", "capital", "admin2"), ("admin1",), ("country",)):
        counts = Counter(p.id for p in places if p.kind in kinds)
        if counts:
            top = counts.most_common(1)[0][0]
            return next(p for p in places if p.id == top)
    return None


def _containers(found: list[Found], readings: list[list[_Reading]], text: str) -> dict[int, Place]:
    held: dict[int, Place] = {}
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        between = text[a.end : b.start]
        if between.strip() not in (",", "(") or len(between) > 3:
            continue
        for r in readings[i + 1]:
            if r.place.kind in ("admin1", "country"):
                # Accept the container only if some reading of the first name lies inside it.
                if any(
                    (r.place.kind == "country" and x.place.country == r.place.country)
                    or (
                        r.place.kind == "admin1"
                        and (x.place.country, x.place.admin1) == (r.place.country, r.place.admin1)
                    )
                    for x in readings[i]
                    if x.place.kind not in ("country", "admin1")
                ):
                    held[i] = r.place
                    break
    return held


COUNTY_REACH_KM = 45.0  # a county's towns lie this close to its centre (US counties are some 50 km across)
COUNTY_BONUS = 0.4
COUNTY_MARGIN = 0.15  # how far below its name's best reading a county may score and still count


def _counties(found: list[Found], readings: list[list[_Reading]], states: Counter[tuple[str, str]]) -> None:
    """Raise a town's reading that lies in a county the article also names, and that county's reading.

    A local story names its town and its county: "Paris" beside "Henry County" is Paris, Tennessee,
    though both names have namesakes in a dozen states; two ambiguous names rarely agree by chance.
    Only a county among its name's best readings ("Henry County" may be any of ten) counts, and if
    one of those lies in a state the article names, only those ("McLean County" in a Kentucky story
    is not Illinois').
    """
    # Per state, each county reading grouped by the county and the name that reads it (a name repeated is one group).
    counties: dict[tuple[str, str], dict[tuple[str, str], tuple[Place, list[_Reading]]]] = defaultdict(dict)
    for j, rs in enumerate(readings):
        if rs:
            best = max(r.base for r in rs)
            plausible = [r for r in rs if r.place.kind == "admin2" and r.base >= best - COUNTY_MARGIN]
            named = [r for r in plausible if (r.place.country, r.place.admin1) in states]
            for r in named or plausible:
                entry = counties[(r.place.country, r.place.admin1)].setdefault(
                    (r.place.id, found[j].key), (r.place, [])
                )
                entry[1].append(r)
    if not counties:
        return
    near: dict[tuple[str, str], list[tuple[str, str]]] = {}  # (town, name) -> the county groups that vouch for it
    raised: set[tuple[str, str]] = set()
    for i, rs in enumerate(readings):
        own: set[str] | None = None
        for r in rs:
            if r.place.kind not in ("city", "capital"):
                continue
            if r.name_score < -0.1:
                # A town known by this name only as another name ("Youngstown" for Mount Gilead) is too far-fetched;
                # but a town's own name stays its own beside a country's ("Palestine" near "Anderson County").
                own = own if own is not None else {c.place.id for c in found[i].candidates if c.flags & _OWN}
                if r.place.id not in own:
                    continue
            key = (r.place.id, found[i].key)
            if key not in near:
                near[key] = _nearby_counties(r.place, found[i].key, counties.get((r.place.country, r.place.admin1), {}))
            if near[key]:
                r.base += COUNTY_BONUS
                state = counties[(r.place.country, r.place.admin1)]
                for group in near[key]:
                    if group not in raised:
                        raised.add(group)
                        for c in state[group][1]:
                            c.base += COUNTY_BONUS / 2


def _nearby_counties(town: Place, key: str, state: dict[tuple[str, str], tuple[Place, list[_Reading]]]) -> list:
    """The county groups of the town's state whose county lies near it and whose name is not the town's own
    ("Madison" in a "Madison County" is no clue: many such counties hold such a town)."""
    return [
        group
        for group, (county, _) in state.items()
        if not group[1].startswith(key) and haversine_km(town.lat, town.lon, county.lat, county.lon) <= COUNTY_REACH_KM
    ]


_LIST_JOINS = frozenset({",", "and", ", and", "or", ", or", "&"})
LIST_BONUS = 0.4


def _runs(found: list[Found], text: str, joins: frozenset[str]) -> list[list[int]]:
    """Indexes of consecutive names joined only by list words ("Douglas, Sarpy and Lancaster"), one run each."""
    runs: list[list[int]] = []
    for i in range(len(found)):
        if runs and runs[-1][-1] == i - 1 and text[found[i - 1].end : found[i].start].strip() in joins:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


_LINE_ITEM = patterns.compile(r"(?:^|\n)[ \t]*(?:[-–—•*]|\d{1,2}[.)])?[ \t]*$")


def _line_items(found: list[Found], text: str) -> list[list[int]]:
    """The names that open the items of a bulleted or numbered list, one line each ("1. Panama City (February
    1-2): ...", "2. San Salvador ..."): a list too, if three or more."""
    items = [
        i
        for i, f in enumerate(found)
        if _LINE_ITEM.search(text, max(0, f.start - 8), f.start)
        and re.match(r"\s*(?:\(|:|,|\s[-–—])", text[f.end : f.end + 3])
    ]
    return [items] if len(items) >= 3 else []


class _Votes:
    """What the names of a list are (their kinds), to ask for each name in turn which the others share most,
    as ``Counter(the others).most_common(1)`` would answer (ties to the one named first), without counting
    the others again for every name: a list can run to thousands of names."""

    def __init__(self, votes: list[tuple[int, tuple[str, str]]]) -> None:
        self.label = dict(votes)
        self.count: Counter[tuple[str, str]] = Counter()
        self.firsts: dict[tuple[str, str], list[tuple[int, int]]] = {}  # label -> its first two (position, index)
        for position, (i, label) in enumerate(votes):
            self.count[label] += 1
            firsts = self.firsts.setdefault(label, [])
            if len(firsts) < 2:
                firsts.append((position, i))
        self.leaders = sorted(self.count, key=lambda label: (-self.count[label], self.firsts[label][0][0]))[:2]

    def most_common_without(self, i: int) -> tuple[tuple[str, str], int] | None:
        own = self.label.get(i)
        best = next(((lb, self.count[lb], self.firsts[lb][0][0]) for lb in self.leaders if lb != own), None)
        if own is not None and self.count[own] > 1:
            first, second = self.firsts[own]
            mine = (own, self.count[own] - 1, second[0] if first[1] == i else first[0])
            if best is None or (mine[1], -mine[2]) > (best[1], -best[2]):
                best = mine
        return (best[0], best[1]) if best else None


def _lists(found: list[Found], readings: list[list[_Reading]], text: str) -> None:
    """In a list of names, a name takes the kind its neighbours clearly share.

    A reader hears "Georgia" in "Armenia, Georgia and Azerbaijan" as a country, in
    "Alabama, Georgia and Florida" as a state, and "Washington" in "states such as
    California or Washington" as the state, before weighing anything else.
    """
    runs = [r for r in _runs(found, text, _LIST_JOINS) if len(r) > 1] + _line_items(found, text)
    for run in runs:
        tops = {i: max(readings[i], key=_BASE).place for i in run if readings[i]}
        votes = _Votes(
            [
                (i, (p.kind, p.country if p.kind == "admin1" else ""))
                for i, p in tops.items()
                if p.kind in ("country", "admin1", "capital")
            ]
        )
        for i in run:
            top = votes.most_common_without(i)
            if top is None:
                continue
            (kind, country), count = top
            if count * 3 < (len(run) - 1) * 2:
                continue  # fewer than two thirds of the other names agree
            for r in readings[i]:
                if r.place.kind == kind and (kind in ("country", "capital") or r.place.country == country):
                    r.base += LIST_BONUS


class _ClearVotes:
    """The countries and regions an article's clear names lie in (see :func:`_focus`), with each name's own votes."""

    __slots__ = ("nations", "regions", "own_nation", "own_region")

    def __init__(self, found: list[Found], readings: list[list[_Reading]]) -> None:
        self.nations: Counter[str] = Counter()
        self.regions: Counter[tuple[str, str]] = Counter()
        self.own_nation: dict[str, Counter[str]] = defaultdict(Counter)
        self.own_region: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for f, rs in zip(found, readings):
            if rs:
                self._vote(f.key, rs)

    def _vote(self, key: str, rs: list[_Reading]) -> None:
        ranked = sorted(rs, key=_SCORE, reverse=True)
        top = ranked[0]
        if top.place.kind in ("country", "continent", "region") or not top.place.country or top.borrowed:
            return
        # A runner-up close in score but a village beside the top's city ("Atlanta", Texas) leaves it clear.
        close = [r for r in ranked[1:] if top.score - r.score <= 0.3 and r.place.population * 20 > top.place.population]
        if all(r.place.country == top.place.country for r in close):
            self.nations[top.place.country] += 1
            self.own_nation[key][top.place.country] += 1
        if top.place.admin1 and all(
            (r.place.country, r.place.admin1) == (top.place.country, top.place.admin1) for r in close
        ):
            region = (top.place.country, top.place.admin1)
            self.regions[region] += 1
            self.own_region[key][region] += 1


HOME_SHARE = 0.5  # the share of the other clear names' regions that makes one state the story's home
HOME_VOTES = 3  # ... counted over at least this many clear names
HOME_BONUS = 0.5  # a town in the home state, times that share, past the cap on context


def _famous(f: Found, rs: list[_Reading]) -> bool:
    """A famous national capital, or a country, sea or region called exactly this: no local homonym for a home
    state's town to take the name from."""
    return any(r.place.kind == "capital" and _prior(r.place) > 0.85 for r in rs) or any(
        _own_big_name(c) for c in f.candidates
    )


def _focus(found: list[Found], readings: list[list[_Reading]]) -> None:
    """Pull unclear names toward the country and state or province the article's other names lie in.

    A local story's places cluster: "Clarke County", "Oconee County" and "Athens" make "Georgia" the
    state and "Paris" near "Henry County" the Tennessee town. Each name votes with its clear reading
    (its runner-up elsewhere trails by a margin) for a region, and with the country all its close
    readings share for a country; a name never votes for its own readings ("Paris" five times is no
    evidence that Paris is French).

    Where most of the other clear names lie in one state (a local paper's home region), that state's town of an
    unclear name is what a reader takes, however big its namesakes elsewhere: "Madison" in a Nebraska story of
    Omaha, Kearney and Wayne is Nebraska's, not New Jersey's, even when Wayne and Bloomfield have New Jersey
    namesakes that vouch for one another. That pull is added past the cap on context (every reading near other
    places saturates it); a famous national capital ("Washington", "Paris") keeps its prominence, and a village
    named like a country or region ("Middle East", Maryland) still needs more (:func:`_small_beside_big_name`).
    """
    votes = _ClearVotes(found, readings)
    if not votes.nations:
        return
    all_n, all_r = sum(votes.nations.values()), sum(votes.regions.values())
    for f, rs in zip(found, readings):
        if len(rs) < 2:
            continue
        mine_n, mine_r = votes.own_nation.get(f.key), votes.own_region.get(f.key)
        total_n = all_n - (sum(mine_n.values()) if mine_n else 0)
        total_r = all_r - (sum(mine_r.values()) if mine_r else 0)
        if total_n <= 0:
            continue
        famous: bool | None = None  # (asked only where a home state could pull: most names never need it)
        for r in rs:
            p = r.place
            nation = (votes.nations[p.country] - (mine_n[p.country] if mine_n else 0)) / total_n
            if p.kind == "country":
                # A story full of Mexican places makes "Mexico" the country, as surely as it makes
                # "Guadalajara" the Mexican one.
                r.hint(0.5 * nation)
                continue
            if p.kind in ("continent", "region"):
                continue
            share = 0.0
            if total_r > 0 and p.admin1:
                region = (p.country, p.admin1)
                share = (votes.regions[region] - (mine_r[region] if mine_r else 0)) / total_r
            if p.kind == "admin1":
                # "Georgia" among Clarke and Oconee counties is the state; and a story all of American places makes
                # it the state as surely as a story of Caucasian places makes it the country (the same 0.5 x nation).
                abroad = any(x.place.kind == "country" and x.place.country != p.country for x in rs)  # "Georgia"
                r.hint(0.5 * share + (0.5 if abroad else 0.2) * nation)
            else:
                r.hint(0.35 * share + 0.2 * nation)
                if share >= HOME_SHARE and total_r >= HOME_VOTES:
                    famous = _famous(f, rs) if famous is None else famous
                    if not famous:
                        r.base += HOME_BONUS * share  # the home state's town, past the cap on context


def _coherence(found: list[Found], readings: list[list[_Reading]]) -> None:
    """Raise readings that lie near some reading of another name in the article.

    Places in one story cluster: "Athens" near a "Clarke County" is the town in
    Georgia, even when neither name is clear on its own. Each reading looks for
    other names (not the same name again) with a plausible reading within 100 km;
    a name's best reading counts in full, its runners-up by half, so a handful of
    ambiguous English town names ("Sunderland", "Norwich", "Reading") cannot pull
    one another to their small New England namesakes as strongly as a clear name
    pulls them home. A 1-degree grid keeps this linear in the number of readings.
    """
    # Each (place, name) once per cell, with its best weight: a name repeated a thousand times is one neighbour.
    grid: dict[tuple[int, int], dict[tuple[float, float, str], float]] = defaultdict(dict)
    ranked = [sorted(rs, key=_BASE, reverse=True) for rs in readings]  # (hints change no base score)
    for f, rs in zip(found, ranked):
        for rank, r in enumerate(rs[:5]):
            if r.place.kind in AREA_KINDS or r.borrowed:  # a borrowed county would vouch for its own lender
                continue
            weight = 1.0 if rank == 0 else RUNNER_UP_WEIGHT
            cell = grid[(int(r.place.lat // 1), int(r.place.lon // 1))]
            point = (r.place.lat, r.place.lon, f.key)
            if cell.get(point, 0.0) < weight:
                cell[point] = weight
    if len(grid) < 2:
        return
    memo: dict[tuple[str, str], float] = {}
    for f, rs in zip(found, ranked):
        if len(rs) < 2:
            continue
        for r in rs[:12]:
            if r.place.kind in AREA_KINDS:
                continue
            key = (r.place.id, f.key)
            got = memo.get(key)
            if got is None:
                got = memo[key] = 0.25 * min(COHERENCE_CAP, _neighbour_weight(grid, r.place, f.key))
            r.hint(got)


COHERENCE_CAP = 3.0  # neighbours' weight beyond this adds nothing


def _neighbour_weight(grid: dict, place: Place, key: str) -> float:
    """The other names with a reading within 100 km of ``place``, each by its best such reading's weight
    (weights are halves, so the sum is exact in any order); it stops at the cap, where more adds nothing."""
    lat0, lon0 = place.lat, place.lon
    cy, cx = int(lat0 // 1), int(lon0 // 1)
    near: dict[str, float] = {}
    total = 0.0
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for (lat, lon, other), weight in grid.get((cy + dy, cx + dx), {}).items():
                had = near.get(other, 0.0)
                if other != key and had < weight and haversine_km(lat0, lon0, lat, lon) <= 100:
                    near[other] = weight
                    total += weight - had
                    if total >= COHERENCE_CAP:
                        return total
    return total


# -- the "gold spans" setting: resolve spans the caller gives ---------------------------------

_WEAK_PIECES = (
    frozenset(w.lower() for w in words.PLACE_PREFIXES)
    | words.COMMON_WORDS
    | frozenset(w.lower() for w in words.STREET_WORDS | words.ORGANISATION_WORDS)
)

# Streets, squares and churches are named after people and other places more often than after the town they are in.
_THOROUGHFARES = frozenset(
    w.lower()
    for w in (
        "Street",
        "Avenue",
        "Road",
        "Boulevard",
        "Lane",
        "Drive",
        "Square",
        "Plaza",
        "Tower",
        "Chapel",
        "Basilica",
        "Cathedral",
        "Church",
    )
)


_WORD_AFTER = patterns.compile(r" ([A-Za-z]+)")


def found_for_spans(text: str, spans: list[tuple[int, int]], gazetteer: Gazetteer) -> list[Found]:
    """Look up given spans (no recognition), with fallbacks for forms the gazetteer lacks.

    Fallbacks, in order: the exact key, the loose key, the key without a leading
    "the" or a possessive "'s", a demonym's country ("Tunisian" -> Tunisia), and
    the span's last words ("downtown Chicago" -> Chicago). All spans' forms go to
    the gazetteer in one query (and the misses in one more), as in recognition.
    """
    forms = [_span_forms(text[start:end]) for start, end in spans]
    longer = {key: full for key, _, _ in forms if (full := spelled_out(key))}  # "Mt. Pleasant": Mount Pleasant too
    exact = gazetteer.candidates([v for _, variants, _ in forms for v in variants] + list(longer.values()))
    chosen: list[tuple[list[Candidate], str]] = []
    for (start, end), (key, variants, pieces) in zip(spans, forms):
        hit = next((v for v in variants if v in exact), None)
        cands = exact[hit] if hit else []
        if hit and hit[0] == "=" and key in exact and "." in text[start:end]:
            cands = cands + exact[key]  # "N.Y.": the state written so, as well as "NY" (recognition reads both too)
        full = longer.get(key)
        if full in exact and (hit is None or hit == key or hit in pieces):
            cands, hit = (cands if hit == key else []) + exact[full], full  # not only the Mount Pleasants noted so
        chosen.append((cands, "piece" if hit in pieces else "given") if hit else ([], "given"))
    _full_forms(forms, chosen, gazetteer)
    misses = [
        [loose_key(v) for v in variants if len(v) >= 5]
        for (_, variants, _), (cands, _) in zip(forms, chosen)
        if not cands
    ]
    loose = gazetteer.candidates((k for lk in misses for k in lk), loose=True) if misses else {}
    out: list[Found] = []
    for (start, end), (key, variants, _), (cands, how) in zip(spans, forms, chosen):
        if not cands:
            hit = next((k for k in (loose_key(v) for v in variants if len(v) >= 5) if k in loose), None)
            if hit:
                cands, how = loose[hit], "loose"
        cue = next((w for w in key.split() if w in words.CUE_WORDS), None)
        after = _WORD_AFTER.match(text, end)
        if cue is None and after and after.group(1).lower() in words.CUE_WORDS:
            cue = after.group(1).lower()  # "the Georgia state line", as recognition reads it
        out.append(Found(start, end, text[start:end], key, tuple(cands), how, cue))
    return out


# How English names the people of a town or region after its name: "a Londoner", "New Yorkers", "Ontarians",
# "Ohioans", "Brooklynites".
_TOWNSFOLK = (("ers", ""), ("er", ""), ("ians", "io"), ("ans", ""), ("an", ""), ("ites", ""), ("ite", ""))
_COUNTY_NOUNS = frozenset({"county", "parish", "counties", "parishes"})


def _full_forms(forms: list[tuple[str, list[str], list[str]]], chosen: list, gazetteer: Gazetteer) -> None:
    """Given spans that matched nothing, or only a piece of themselves, looked up once more (in one query) as the
    names the gazetteer holds in full: the people of a town by the town ("Londoners"), and a county by its bare
    name, as local news writes it ("Preble deputies", "Pointe Coupee")."""
    wanted: dict[int, list[str]] = {}
    for i, (cands, how) in enumerate(chosen):
        if not cands or how == "piece":
            key = forms[i][0]
            full = [
                key[: len(key) - len(end)] + repl
                for end, repl in _TOWNSFOLK
                if key.endswith(end) and len(key) > len(end) + 3
            ]
            if key.rpartition(" ")[2] not in _COUNTY_NOUNS:
                full += [key + " county", key + " parish"]
            wanted[i] = full
    if not wanted:
        return
    more = gazetteer.candidates(k for full in wanted.values() for k in full)
    for i, full in wanted.items():
        hit = next((k for k in full if k in more), None)
        if hit:
            chosen[i] = (more[hit], "given")


def _span_forms(surface: str) -> tuple[str, list[str], list[str]]:
    """The span's key, the keys to try in order, and which of them are only pieces of the span."""
    key = name_key(surface)
    variants = [key]
    stripped = surface.removesuffix("'s").removesuffix("’s")
    variants.append(name_key(stripped))
    letters = surface.replace(".", "")
    if letters.isalpha() and letters.isupper() and len(letters) <= 5:
        variants.insert(0, "=" + letters)
    for suffix, repl in (
        ("ians", "ia"),
        ("ian", "ia"),
        ("ans", "a"),
        ("an", "a"),
        ("ese", ""),
        ("ish", ""),
        ("i", ""),
        ("n", ""),
    ):
        if key.endswith(suffix) and len(key) > len(suffix) + 3:
            variants.append(key[: len(key) - len(suffix)] + repl)
    parts = key.split()
    if parts[-1] == "co" and len(parts) > 1:
        variants.append(" ".join(parts[:-1]) + " county")  # "Platte Co.", before its piece "Platte"
    pieces = [" ".join(parts[k:]) for k in range(1, len(parts))]
    if parts[-1] not in _THOROUGHFARES:  # "Hampton Avenue" is named after Hampton, not in it; "Jackson Square" too
        pieces += [" ".join(parts[:k]) for k in range(len(parts) - 1, 0, -1)]
    # A piece stands for the whole only when it is a name, not a feature or direction word ("River", "South").
    variants += [p for p in pieces if len(p) >= 4 and p not in words.CUE_WORDS and p not in _WEAK_PIECES]
    return key, variants, pieces
