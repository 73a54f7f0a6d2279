"""Itineraries against gold trips: stop precision and recall within 30 km, exact order, Kendall's tau."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import InputError
from geomap.evaluation.geoparse import _prf
from geomap.evaluation.paths import _shared
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import distance_km
from geomap.text.keys import fold
from geomap.trip.itinerary import build_itinerary


@dataclass
class ItineraryResult:
    label: str = ""
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    exact_order: int = 0
    leaders: int = 0
    taus: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def prf(self) -> tuple[float, float, float]:
        return _prf(self.matched, self.matched, self.predicted, self.gold)

    @property
    def mean_tau(self) -> float:
        return statistics.fmean(self.taus) if self.taus else 0.0

    def summary(self) -> str:
        p, r, f = self.prf
        tau = self.mean_tau
        return (
            f"itineraries ({self.label}): {self.articles} articles, {self.gold} gold stops\n"
            f"  stops P {p:.3f} R {r:.3f} F1 {f:.3f}; exact order {self.exact_order}/{self.articles} "
            f"({self.exact_order / max(1, self.articles):.0%}); mean Kendall tau {tau:.3f}; "
            f"leader named as in the gold {self.leaders}/{self.articles}"
        )


def kendall_tau(order: list[int]) -> float:
    """Kendall's tau between 0..n-1 and ``order`` (1.0 when identical; 1.0 for fewer than two items)."""
    n = len(order)
    if n < 2:
        return 1.0
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if order[i] < order[j]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (n * (n - 1) / 2)


def score_trip(
    stops: list[tuple[str, float, float, str]], gold: list[dict], *, radius_km: float = 30.0
) -> tuple[int, list[int]]:
    """(matched stops, gold indexes of the matched predictions in predicted order).

    A predicted stop (name, lat, lon, country) matches the nearest unused gold stop within
    ``radius_km``; a gold stop that gives a ``country`` (a stop the text names only as a
    country) matches any stop in that country.
    """
    used: set[int] = set()
    order = []
    for _name, lat, lon, country in stops:
        best = None
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            d = distance_km((lat, lon), (g["lat"], g["lon"]))
            if g.get("country") and country == g["country"]:
                d = min(d, radius_km)  # a stop named only as a country matches that country or a place in it
            if d <= radius_km and (best is None or d < best[1]):
                best = (gi, d)
        if best is not None:
            used.add(best[0])
            order.append(best[0])
    return len(order), order


def trip_cases(folder: Path) -> list[tuple[str, str, dict]]:
    """(name, text, gold) for every ``*.txt`` with a ``*.gold.json`` beside it, plus the shared seed when present."""
    cases = []
    for txt in sorted(Path(folder).glob("*.txt")):
        gold_path = txt.with_suffix(".gold.json")
        if gold_path.exists():
            cases.append((txt.stem, txt.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8"))))
    seed = _shared() / "seed"
    for txt in sorted(seed.glob("*.txt")) if seed.is_dir() else []:
        gold_path = txt.with_name(txt.stem + ".gold.json")
        if gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            cases.append(
                (
                    f"seed/{txt.stem}",
                    txt.read_text(encoding="utf-8"),
                    {"leader": gold.get("leader"), "stops": gold["stops_in_order"]},
                )
            )
    return cases


def evaluate_itineraries(folder: Path, gazetteer: Gazetteer, *, use_dates: bool = True) -> ItineraryResult:
    """Stop precision/recall (within 30 km of a gold stop), exact order and Kendall's tau over gold trips.

    Stops marked ``inferred`` are not scored: the gold lists what the text states.
    With ``use_dates`` the gold file's article date is passed as ``--date`` would;
    without, the itinerary works from the text alone, as most callers do.
    """
    from geomap.pipeline import geoparse

    result = ItineraryResult(label="with the article's date" if use_dates else "from the text alone")
    cases = trip_cases(folder)
    if not cases:
        raise InputError(f"{folder}: holds no article with a .gold.json beside it")
    for name, text, gold in cases:
        trip = build_itinerary(
            text,
            geoparse(text, gazetteer=gazetteer),
            gazetteer,
            leader=gold.get("leader_given"),
            date=_date(gold.get("date")) if use_dates else None,
        )
        stops = [(s.place.name, s.place.lat, s.place.lon, s.place.country) for s in trip.stops if not s.inferred]
        matched, order = score_trip(stops, gold["stops"])
        result.articles += 1
        result.predicted += len(stops)
        result.gold += len(gold["stops"])
        result.matched += matched
        exact = matched == len(stops) == len(gold["stops"]) and order == sorted(order)
        result.exact_order += exact
        result.taus.append(kendall_tau(order))
        result.leaders += same(trip.leader) == same(gold.get("leader"))
        if same(trip.leader) != same(gold.get("leader")):
            result.failures.append(f"{name}: leader {trip.leader!r}, want {gold.get('leader')!r}")
        if not exact:
            result.failures.append(f"{name}: got {[s[0] for s in stops]}, want {[g['name'] for g in gold['stops']]}")
    return result


def same(name: str | None) -> str:
    """A name as compared with the gold's: folded, hyphens as spaces."""
    return " ".join(fold(name or "").replace("-", " ").split())


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None
