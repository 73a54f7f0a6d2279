"""Itineraries on real articles (tests/data/real): in-order stop F1, exact itineraries, non-trips left alone.

Scoring, per article:

* Predicted stops marked ``inferred`` are not scored (the gold lists what the text states).
* A predicted stop matches the nearest unused gold stop within 30 km; a gold stop marked ``country_only``
  matches any predicted stop in its country. The gold is kept at the level of localities (venues in or next to
  a city fold into its stop), so consecutive predicted stops within 30 km of the same gold stop (an airport,
  then a palace in the same city) are one visit to it and count once. Gold stops marked ``optional`` are scored neither way: a
  prediction that matches one is dropped from the count, and the optional stop is not expected.
* **In order**: the matched stops that keep the gold order (the longest run of matches whose gold positions
  increase) count; in-order precision, recall and F1 come from that count. An itinerary is **exact** when
  every gold stop is matched, nothing else is predicted, and the order is the gold's.
* A **non-trip** item (``"trip": false``) is right when no stop is predicted at all.

The test split is scored, never read: its failures are counted, not listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from geomap.evaluation.real import all_cases
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import distance_km
from geomap.text.keys import fold

RADIUS_KM = 30.0


@dataclass
class RealResult:
    """The scores of one group of real articles (a set and a split, with or without the date)."""

    label: str
    trips: int = 0
    predicted: int = 0
    gold: int = 0
    in_order: int = 0
    exact: int = 0
    non_trips: int = 0
    non_trips_clean: int = 0
    leaders: int = 0
    missing_texts: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def prf(self) -> tuple[float, float, float]:
        p = self.in_order / self.predicted if self.predicted else 0.0
        r = self.in_order / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def add(self, other: RealResult) -> None:
        for name in (
            "trips",
            "predicted",
            "gold",
            "in_order",
            "exact",
            "non_trips",
            "non_trips_clean",
            "leaders",
            "missing_texts",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.failures += other.failures

    def summary(self) -> str:
        p, r, f = self.prf
        clean = f"{self.non_trips_clean}/{self.non_trips}" if self.non_trips else "-"
        missing = f"; {self.missing_texts} text(s) missing" if self.missing_texts else ""
        return (
            f"{self.label}: {self.trips} trips, {self.gold} gold stops; in-order P {p:.3f} R {r:.3f} F1 {f:.3f}; "
            f"exact {self.exact}/{self.trips} ({self.exact / max(1, self.trips):.0%}); "
            f"traveller right {self.leaders}/{self.trips}; non-trips with no stop {clean}{missing}"
        )


def longest_increasing(values: list[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting, n log n).

    >>> longest_increasing([0, 2, 1, 3]), longest_increasing([2, 1, 0]), longest_increasing([])
    (3, 1, 0)
    """
    import bisect

    tails: list[int] = []
    for v in values:
        i = bisect.bisect_left(tails, v)
        tails[i : i + 1] = [v]
    return len(tails)


def match_stops(predicted: list[tuple[float, float, str]], gold: list[dict[str, Any]]) -> tuple[list[int], int]:
    """(gold index of each matched prediction in predicted order, predictions that matched an optional stop)."""
    used: set[int] = set()
    order: list[int] = []
    optional_hits = 0
    for lat, lon, country in _one_per_visit(predicted, gold):
        best: tuple[int, float] | None = None
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            d = distance_km((lat, lon), (g["lat"], g["lon"]))
            if g.get("country_only") and country and country == g.get("country"):
                d = min(d, RADIUS_KM)
            if d <= RADIUS_KM and (best is None or d < best[1]):
                best = (gi, d)
        if best is None:
            continue
        used.add(best[0])
        if gold[best[0]].get("optional"):
            optional_hits += 1
        else:
            order.append(best[0])
    return order, optional_hits


def _one_per_visit(
    predicted: list[tuple[float, float, str]], gold: list[dict[str, Any]]
) -> list[tuple[float, float, str]]:
    """The predictions with each run of consecutive stops near one and the same gold stop (not country-only) kept
    once: venues of one city told as separate moments are one visit at the gold's level."""
    out: list[tuple[float, float, str]] = []
    last_near: int | None = None
    for lat, lon, country in predicted:
        # (the nearest gold stop, not the first within reach: Bethlehem is 8 km from Jerusalem, a stop of its own)
        reach = [
            (distance_km((lat, lon), (g["lat"], g["lon"])), gi)
            for gi, g in enumerate(gold)
            if not g.get("country_only")
        ]
        near = min(((d, gi) for d, gi in reach if d <= RADIUS_KM), default=(0.0, None))[1]
        if near is not None and near == last_near:
            continue
        out.append((lat, lon, country))
        last_near = near
    return out


def score_article(stops: list[tuple[float, float, str]], gold: dict[str, Any]) -> tuple[int, int, int, bool]:
    """(scored predictions, scored gold stops, in-order matches, exact) for one trip article."""
    gold_stops = gold["stops"]
    order, optional_hits = match_stops(stops, gold_stops)
    # Renumber the required gold stops 0..n-1 so that optional ones leave no gaps in the order.
    required = [i for i, g in enumerate(gold_stops) if not g.get("optional")]
    rank = {gi: k for k, gi in enumerate(required)}
    ranks = [rank[gi] for gi in order]
    predicted = len(_one_per_visit(stops, gold_stops)) - optional_hits
    in_order = longest_increasing(ranks)
    exact = in_order == len(required) == predicted
    return predicted, len(required), in_order, exact


def _same_person(name: str | None, gold: dict[str, Any]) -> bool:
    def key(text: str | None) -> str:
        return " ".join(fold(text or "").replace("-", " ").split())

    wanted = {key(gold.get("traveller"))} | {key(a) for a in gold.get("traveller_aliases", [])}
    got = key(name)
    return bool(got) and (got in wanted or any(got in w.split() or w in got for w in wanted if w))


def evaluate_real(
    gazetteer: Gazetteer,
    *,
    split: str,
    use_dates: bool,
    sets: Iterable[str] = ("kremlin", "news"),
    list_failures: bool | None = None,
) -> dict[str, RealResult]:
    """Scores by set for one split (``dev`` or ``test``), with or without each article's date."""
    from geomap.pipeline import geoparse
    from geomap.trip.itinerary import build_itinerary

    list_failures = (split == "dev") if list_failures is None else list_failures
    results: dict[str, RealResult] = {}
    wanted = set(sets)
    for set_name, article_split, gold, text in all_cases():
        if set_name not in wanted or article_split != split:
            continue
        result = results.setdefault(set_name, RealResult(f"{set_name} {split} {'dated' if use_dates else 'undated'}"))
        if text is None:
            result.missing_texts += 1
            continue
        date = dt.date.fromisoformat(gold["date"]) if use_dates and gold.get("date") else None
        trip = build_itinerary(text, geoparse(text, gazetteer=gazetteer), gazetteer, date=date)
        stops = [(s.place.lat, s.place.lon, s.place.country) for s in trip.stops if not s.inferred]
        names = [s.place.name for s in trip.stops if not s.inferred]
        if not gold["trip"]:
            result.non_trips += 1
            result.non_trips_clean += not stops
            if stops and list_failures:
                result.failures.append(f"{gold['id']} (non-trip): got {names} for {trip.leader!r}")
            continue
        predicted, gold_count, in_order, exact = score_article(stops, gold)
        result.trips += 1
        result.predicted += predicted
        result.gold += gold_count
        result.in_order += in_order
        result.exact += exact
        right_person = _same_person(trip.leader, gold)
        result.leaders += right_person
        if list_failures and not (exact and right_person):
            want = [g["name"] + ("?" if g.get("optional") else "") for g in gold["stops"]]
            who = "" if right_person else f" traveller {trip.leader!r}, want {gold.get('traveller')!r};"
            result.failures.append(f"{gold['id']}:{who} got {names}, want {want}")
    return results


def combined(results: dict[str, RealResult], label: str) -> RealResult:
    """One result adding up several sets."""
    total = RealResult(label)
    for result in results.values():
        total.add(result)
    return total
