"""The values that pass between pipeline stages.

Every seam of the pipeline (recognize -> resolve -> itinerary -> render) hands
over these frozen, slotted dataclasses. They are immutable so a stage can never
change what an earlier stage decided behind its back, and hashable so they can
be deduplicated and used as keys. Fields are validated once, where a value is
created, so a bad coordinate fails at its source rather than in the map.

>>> p = Place("geonames:2013348", "Vladivostok", 43.10562, 131.87353, "RU", "city")
>>> p.name, round(p.lat, 1)
('Vladivostok', 43.1)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from geomap.errors import InputError

ROLES = ("origin", "stop", "destination")
MODES = ("train", "air", "road", "sea")


def _check_coordinate(value: Any, low: float, high: float, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    if math.isnan(number) or not low <= number <= high:
        raise ValueError(f"{what} must be between {low:g} and {high:g}, got {value!r}")
    return number


# The values sit below every stage, so they cannot import the renderer or the gazetteer that two of their
# conveniences need (``to_map`` and ``add_stop("Name")``): the package registers them when it is imported
# (geomap/__init__.py), as pandas and shapely register their display hooks.
_HOOKS: dict[str, Callable[..., Any]] = {}


def register_hook(name: str, function: Callable[..., Any]) -> None:
    """Give the values a service of a higher layer: ``"map"`` (itinerary -> folium map) or ``"lookup"`` (name -> places)."""
    _HOOKS[name] = function


def _hook(name: str) -> Callable[..., Any]:
    try:
        return _HOOKS[name]
    except KeyError:
        raise RuntimeError(f"no {name!r} service registered: import geomap first") from None


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer record: where a name points on Earth.

    ``id`` keeps the gazetteer's identifier (``geonames:…`` or ``geomap:…``) so a
    result can always be traced back to its source row; ``layer`` names that source.

    >>> Place("geomap:sea/japan", "Sea of Japan", 40.0, 135.0, "", "sea").kind
    'sea'
    """

    id: str
    name: str
    lat: float
    lon: float
    country: str = ""
    kind: str = "place"
    admin1: str = ""
    population: int = 0
    importance: float = 0.0
    layer: str = ""

    def __post_init__(self) -> None:
        lat, lon, country = self.lat, self.lon, self.country
        # The common case, every gazetteer row: floats in range (NaN fails the comparisons) and a code in capitals.
        if not (type(lat) is float and type(lon) is float and -90 <= lat <= 90 and -180 <= lon <= 180):
            object.__setattr__(self, "lat", _check_coordinate(lat, -90, 90, "lat"))
            object.__setattr__(self, "lon", _check_coordinate(lon, -180, 180, "lon"))
        if not (type(country) is str and (country.isupper() or not country)):
            object.__setattr__(self, "country", (country or "").upper())

    @property
    def point(self) -> tuple[float, float]:
        """(lat, lon), the order folium and geopy expect."""
        return (self.lat, self.lon)

    def __repr__(self) -> str:
        where = f", {self.country}" if self.country else ""
        return f"<Place {self.name}{where} ({self.lat:.3f}, {self.lon:.3f}) {self.kind} {self.id}>"


def place_fields(p: Place) -> dict[str, Any]:
    """The fields every place carries in the JSON shapes (docs/JSON.md)."""
    return {
        "name": p.name,
        "lat": round(p.lat, 5),
        "lon": round(p.lon, 5),
        "country": p.country or None,
        "kind": p.kind,
        "id": p.id,
    }


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the article that names a place, and what it was resolved to.

    ``start``/``end`` are Python string offsets (end exclusive), so
    ``text[start:end] == mention.text``. ``runner_up`` is the second-best reading,
    kept so a reviewer can see what the resolver nearly chose.

    >>> Mention(0, 6, "Moscow").place is None
    True
    """

    start: int
    end: int
    text: str
    place: Place | None = None
    confidence: float = 0.0
    runner_up: Place | None = None
    candidates: int = 0
    adjective: bool = False  # a demonym or adjective ("Russian", "North Korean"): names the place, is no location

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"mention span must satisfy 0 <= start <= end, got ({self.start}, {self.end})")
        object.__setattr__(self, "confidence", max(0.0, min(1.0, float(self.confidence))))

    @property
    def where(self) -> Place:
        """The place of a resolved mention, for the stages that only handle resolved ones (raises if unresolved)."""
        if self.place is None:
            raise ValueError(f"the mention {self.text!r} at {self.start} is not resolved")
        return self.place

    def __repr__(self) -> str:
        target = self.place.name if self.place else "unresolved"
        return f"<Mention {self.text!r} [{self.start}:{self.end}] -> {target} ({self.confidence:.2f})>"


@dataclass(frozen=True, slots=True)
class Stop:
    """One place the traveller went to, in trip order, with the sentences that prove it.

    ``inferred`` marks a stop the text implies but never states (a departure city,
    a return home); the map draws it differently.

    >>> s = Stop(1, Place("x:1", "Kazan", 55.79, 49.12, "RU", "city"), evidence=["He landed in Kazan."])
    >>> s.role, s.evidence
    ('stop', ('He landed in Kazan.',))
    """

    order: int
    place: Place
    role: str = "stop"
    mode: str | None = None
    when: str | None = None
    inferred: bool = False
    evidence: tuple[str, ...] = ()
    note: str | None = None
    confidence: float | None = None  # 0-1: how sure the reading is that the traveller was here (None: not judged)

    def __post_init__(self) -> None:
        if self.confidence is not None:
            object.__setattr__(self, "confidence", _check_coordinate(self.confidence, 0, 1, "confidence"))
        if self.role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}, got {self.role!r}")
        if self.mode is not None and self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)} or null, got {self.mode!r}")
        object.__setattr__(self, "evidence", tuple(self.evidence))

    @property
    def name(self) -> str:
        return self.place.name

    def __repr__(self) -> str:
        extra = " (inferred)" if self.inferred else ""
        return f"<Stop {self.order}. {self.place.name} [{self.role}, {self.mode or 'mode ?'}]{extra}>"


@dataclass(frozen=True, slots=True)
class ContextPlace:
    """A place the article mentions that the traveller did not visit, and why it is shown.

    It forwards ``name``/``lat``/``lon``/``country``/``kind`` to its place so code
    that expects a ``Place`` can read it too.

    >>> ContextPlace(Place("geomap:sea/japan", "Sea of Japan", 40.0, 135.0, "", "sea")).name
    'Sea of Japan'
    """

    place: Place
    reason: str = "mentioned, not visited"
    mentions: tuple[str, ...] = ()

    name = property(lambda self: self.place.name)
    lat = property(lambda self: self.place.lat)
    lon = property(lambda self: self.place.lon)
    country = property(lambda self: self.place.country)
    kind = property(lambda self: self.place.kind)

    def __repr__(self) -> str:
        return f"<ContextPlace {self.place.name}: {self.reason}>"


@dataclass(frozen=True, slots=True)
class Itinerary:
    """The ordered trip of one traveller, plus the places mentioned around it.

    Build one with :func:`geomap.itinerary`, correct it with the editing methods
    (each returns a new itinerary), and draw it with :meth:`to_map`.

    >>> trip = Itinerary("A. Traveller", [Stop(1, Place("x:1", "Kazan", 55.79, 49.12, "RU", "city"))])
    >>> [s.name for s in trip.stops]
    ['Kazan']
    """

    leader: str | None
    stops: tuple[Stop, ...] = ()
    context: tuple[ContextPlace, ...] = ()
    title: str | None = None
    mentions: tuple[Mention, ...] = field(default=(), compare=False, repr=False)
    confidence: float | None = None  # 0-1: that the article tells this trip, times how sure its stops are
    date: str | None = None  # the article's date the stops were dated from (YYYY-MM-DD), if any
    date_source: str | None = None  # "given" by the caller, read from the "text", or None: no date, days relative

    def __post_init__(self) -> None:
        if self.confidence is not None:
            object.__setattr__(self, "confidence", _check_coordinate(self.confidence, 0, 1, "confidence"))
        object.__setattr__(self, "stops", tuple(self.stops))
        object.__setattr__(self, "context", tuple(self.context))
        object.__setattr__(self, "mentions", tuple(self.mentions))

    # -- editing: each returns a new Itinerary, numbered 1..n again --------------
    def _renumbered(self, stops: Iterable[Stop]) -> Itinerary:
        stops = list(stops)
        fixed = []
        for i, stop in enumerate(stops, 1):
            if i == 1 and stop.role == "origin":
                role = "origin"
            else:
                role = "destination" if i == len(stops) and i > 1 else "stop"
            fixed.append(replace(stop, order=i, role=role))
        return replace(self, stops=tuple(fixed))

    def drop(self, name_or_order: str | int) -> Itinerary:
        """Remove a stop, named or by its order number."""
        index = self._index(name_or_order)
        return self._renumbered(s for i, s in enumerate(self.stops) if i != index)

    def reorder(self, names_or_orders: Iterable[str | int]) -> Itinerary:
        """Put the stops in the given order; every stop must be listed once."""
        wanted = [self._index(x) for x in names_or_orders]
        if sorted(wanted) != list(range(len(self.stops))):
            raise InputError("reorder needs every stop exactly once")
        return self._renumbered(self.stops[i] for i in wanted)

    def pin(self, name_or_order: str | int, lat: float, lon: float) -> Itinerary:
        """Move a stop's marker to the given coordinates."""
        index = self._index(name_or_order)
        stop = self.stops[index]
        moved = replace(stop, place=replace(stop.place, lat=lat, lon=lon, id=stop.place.id + "#pinned"))
        return replace(self, stops=self.stops[:index] + (moved,) + self.stops[index + 1 :])

    def relabel(self, name_or_order: str | int, label: str) -> Itinerary:
        """Change the name a stop is shown with."""
        index = self._index(name_or_order)
        stop = self.stops[index]
        renamed = replace(stop, place=replace(stop.place, name=label))
        return replace(self, stops=self.stops[:index] + (renamed,) + self.stops[index + 1 :])

    def add_stop(self, place: Place | str, *, position: int | None = None, **fields: Any) -> Itinerary:
        """Insert a stop at 1-based ``position`` (default: the end); a name is looked up in the gazetteer."""
        if isinstance(place, str):
            found = _hook("lookup")(place)
            if not found:
                raise InputError(f"no place called {place!r} in the gazetteer; pass a Place with coordinates")
            place = found[0]
        assert isinstance(place, Place)
        stops = list(self.stops)
        where = len(stops) if position is None else max(0, position - 1)
        stops.insert(where, Stop(order=where + 1, place=place, **fields))
        return self._renumbered(stops)

    def _index(self, name_or_order: str | int) -> int:
        if isinstance(name_or_order, int):
            if 1 <= name_or_order <= len(self.stops):
                return name_or_order - 1
            raise InputError(f"there is no stop number {name_or_order}; the itinerary has {len(self.stops)}")
        for i, stop in enumerate(self.stops):
            if stop.place.name.casefold() == str(name_or_order).casefold():
                return i
        raise InputError(f"there is no stop named {name_or_order!r}")

    # -- outputs ------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/JSON.md, which other tools read (fields are only ever added)."""
        stops = []
        for s in self.stops:
            d = {
                "order": s.order,
                **place_fields(s.place),
                "role": s.role,
                "mode": s.mode,
                "when": s.when,
                "inferred": s.inferred,
                "evidence": list(s.evidence),
            }
            if s.note:
                d["note"] = s.note
            if s.confidence is not None:
                d["confidence"] = round(s.confidence, 2)
            stops.append(d)
        context = [{**place_fields(c.place), "reason": c.reason, "mentions": list(c.mentions)} for c in self.context]
        out: dict[str, Any] = {"leader": self.leader, "stops": stops, "context": context}
        if self.title:
            out["title"] = self.title
        if self.confidence is not None:
            out["confidence"] = round(self.confidence, 2)
        if self.date_source is not None or self.date is not None:
            out["date"] = self.date
            out["date_source"] = self.date_source
        return out

    def to_records(self) -> list[dict[str, Any]]:
        """One flat dict per stop, for tables and dataframes."""
        return [
            {
                "order": s.order,
                "name": s.place.name,
                "lat": s.place.lat,
                "lon": s.place.lon,
                "country": s.place.country,
                "kind": s.place.kind,
                "role": s.role,
                "mode": s.mode,
                "when": s.when,
                "inferred": s.inferred,
                "evidence": " ".join(s.evidence),
            }
            for s in self.stops
        ]

    def to_dataframe(self):
        """The stops as a pandas DataFrame (needs ``pip install pandas``)."""
        try:
            import pandas
        except ImportError as exc:
            raise ImportError("to_dataframe needs pandas: pip install pandas") from exc
        return pandas.DataFrame(self.to_records())

    def to_map(self, **options: Any) -> Any:
        """A folium Map of the trip; see :func:`geomap.publish.page.build_map` for options."""
        return _hook("map")(self, **options)

    def _repr_html_(self) -> str:
        return self.to_map()._repr_html_()

    def __repr__(self) -> str:
        route = " -> ".join(s.place.name + ("?" if s.inferred else "") for s in self.stops) or "no stops"
        return f"<Itinerary {self.leader or 'unknown traveller'}: {route}; {len(self.context)} context places>"
