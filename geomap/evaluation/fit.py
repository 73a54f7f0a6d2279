"""Fitting the trip stage's scored decisions on real articles, and what each family of features adds.

``python -m geomap.evaluation.fit`` reads the dev split of tests/data/real (never the test split) and the trip
articles we wrote, computes each decision's features as the pipeline does, fits a logistic regression with an L2
penalty (Newton's method: a few dozen rows of features need nothing more), writes geomap/trip/weights.json, and
prints a five-fold cross-validated accuracy with every feature family and without each one.

The classes keep their real weights: refusing a trip loses all its stops, so the decision refuses an article only
on cues that outweigh the many trips the data holds (a call, a message, a visit called off in the headline).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from geomap.evaluation.itineraries import trip_cases
from geomap.evaluation.paths import default_trips
from geomap.evaluation.real import all_cases
from geomap.gazetteer.store import Gazetteer
from geomap.trip.gate import FAMILIES, trip_features
from geomap.trip.scoring import WEIGHTS, probability
from geomap.trip.stopcues import FAMILIES as STOP_FAMILIES
from geomap.trip.stopcues import KEEP

PENALTY = 0.1


def fit_logistic(
    rows: list[dict[str, float]], labels: list[int], *, penalty: float = PENALTY, balanced: bool = False
) -> dict[str, float]:
    """Weights of a logistic regression over named features (with ``balanced``, the classes weighted to count
    equally).

    >>> w = fit_logistic([{"bias": 1, "x": 1}, {"bias": 1, "x": 0}] * 5, [1, 0] * 5)
    >>> w["x"] > 0
    True
    """
    names = sorted({name for row in rows for name in row})
    x = np.array([[row.get(name, 0.0) for name in names] for row in rows])
    y = np.array(labels, dtype=float)
    positives = max(1.0, y.sum())
    negatives = max(1.0, len(y) - y.sum())
    sample = np.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives)) if balanced else np.ones(len(y))
    w = np.zeros(len(names))
    ridge = penalty * np.eye(len(names))
    ridge[names.index("bias"), names.index("bias")] = 0.0 if "bias" in names else ridge[0, 0]
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(x @ w, -50, 50)))
        gradient = x.T @ (sample * (p - y)) + ridge @ w
        hessian = (x.T * (sample * p * (1 - p))) @ x + ridge + 1e-9 * np.eye(len(names))
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return {name: round(float(v), 4) for name, v in zip(names, w)}


def _texts(*, ours: bool = False) -> Iterator[tuple[str, str, str | None, bool]]:
    """(name, text, date, is a trip) of the real dev articles the decisions learn from, or with ``ours`` of the trip
    articles we wrote, which only check that a fit keeps them right."""
    for _set, split, gold, text in () if ours else all_cases():
        if split == "dev" and text is not None:
            yield gold["id"], text, gold.get("date"), bool(gold["trip"])
    if ours:
        for name, text, gold in trip_cases(default_trips()):
            yield name, text, gold.get("date"), True


def trip_rows(gazetteer: Gazetteer, *, ours: bool = False) -> tuple[list[dict[str, float]], list[int], list[str]]:
    """The trip decision's features and labels for every learning article, read without the article's date."""
    import geomap
    from geomap.trip.itinerary import cues_for_the_trip_decision

    rows, labels, names = [], [], []
    for name, text, _date, trip in _texts(ours=ours):
        mentions = geomap.geoparse(text, gazetteer=gazetteer)
        cues = cues_for_the_trip_decision(text, mentions, gazetteer)
        if cues.stop_places == 0:
            continue  # nothing for the decision to keep or refuse: an article with no evidence of a stop gives none
        rows.append(trip_features(cues))
        labels.append(int(trip))
        names.append(name)
    return rows, labels, names


def stop_rows(gazetteer: Gazetteer) -> tuple[list[dict[str, float]], list[int], list[str]]:
    """The stop decision's features for every candidate stop of the real dev trips, labelled by the gold: a stop
    when within 30 km of a gold stop (or in the country of a country-only one); optional gold stops are left out."""
    import geomap
    from geomap.geometry import distance_km
    from geomap.trip.itinerary import cues_for_the_stop_decision
    from geomap.trip.stopcues import stop_features

    rows, labels, names = [], [], []
    for _set, split, gold, text in all_cases():
        if split != "dev" or text is None or not gold["trip"]:
            continue
        date = dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
        for cues, place in cues_for_the_stop_decision(
            text, geomap.geoparse(text, gazetteer=gazetteer), gazetteer, date=date
        ):
            near = [
                g
                for g in gold["stops"]
                if distance_km((place.lat, place.lon), (g["lat"], g["lon"])) <= 30
                or (g.get("country_only") and g.get("country") == place.country)
            ]
            if near and all(g.get("optional") for g in near):
                continue
            rows.append(stop_features(cues))
            labels.append(int(bool(near)))
            names.append(f"{gold['id']}:{place.name}")
    return rows, labels, names


def cross_validated(
    rows: list[dict[str, float]],
    labels: list[int],
    *,
    drop: str | None = None,
    folds: int = 5,
    threshold: float = 0.5,
) -> tuple[float, float]:
    """(share of positives kept, share of negatives refused) over ``folds`` folds, without the family ``drop``,
    refusing below ``threshold``."""
    kept = [{k: v for k, v in row.items() if drop is None or not k.startswith(drop + ":")} for row in rows]
    right = {0: [0, 0], 1: [0, 0]}
    for fold in range(folds):
        train = [i for i in range(len(rows)) if i % folds != fold]
        weights = fit_logistic([kept[i] for i in train], [labels[i] for i in train])
        for i in range(fold, len(rows), folds):
            p = probability(weights, kept[i])
            right[labels[i]][0] += int((p >= threshold) == bool(labels[i]))
            right[labels[i]][1] += 1
    return right[1][0] / max(1, right[1][1]), right[0][0] / max(1, right[0][1])


def cross_validated_brier(
    rows: list[dict[str, float]], labels: list[int], *, drop: str | None = None, folds: int = 5
) -> float:
    """The mean squared error of the predicted probabilities over ``folds`` folds (lower: better calibrated and
    sharper), without the family ``drop``: what a confidence shown to an editor is worth."""
    kept = [{k: v for k, v in row.items() if drop is None or not k.startswith(drop + ":")} for row in rows]
    total = 0.0
    for fold in range(folds):
        train = [i for i in range(len(rows)) if i % folds != fold]
        weights = fit_logistic([kept[i] for i in train], [labels[i] for i in train])
        total += sum((probability(weights, kept[i]) - labels[i]) ** 2 for i in range(fold, len(rows), folds))
    return total / max(1, len(rows))


def constant_brier(labels: list[int]) -> float:
    """The Brier score of always answering the share of positives."""
    share = sum(labels) / max(1, len(labels))
    return sum((share - y) ** 2 for y in labels) / max(1, len(labels))


def main(argv: list[str]) -> int:
    from geomap.gazetteer.default import default_gazetteer

    gaz = default_gazetteer()
    lines, fitted = _fit_and_report(gaz)
    print("\n".join(lines))
    if "--write" in argv:
        from geomap.evaluation.report import write_report

        Path(WEIGHTS).write_text(json.dumps(fitted, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS} and {write_report(decisions=chr(10).join(lines))}")
    return 0


def _fit_and_report(gaz: Gazetteer) -> tuple[list[str], dict[str, dict[str, float]]]:
    """Both decisions fitted on the real dev split, with five-fold figures for every family left out, as Markdown."""
    rows, labels, _names = trip_rows(gaz)
    lines = [
        "Both decisions are logistic regressions over named features, fitted on the dev split of the real articles "
        "(never the test split). Each row refits the model without one family of features, five-fold.",
        "",
        f"**Is the article about a trip?** {len(rows)} dev articles with any evidence of a stop, "
        f"{labels.count(0)} of them non-trips.",
        "",
        "| features | trips kept | non-trips refused |",
        "|---|---|---|",
    ]
    for drop in (None, *FAMILIES):
        trips, non_trips = cross_validated(rows, labels, drop=drop)
        lines.append(f"| {'all' if drop is None else 'without ' + drop} | {trips:.3f} | {non_trips:.3f} |")
    fitted = {"trip": fit_logistic(rows, labels)}
    ours, _our_labels, our_names = trip_rows(gaz, ours=True)
    refused = [n for row, n in zip(ours, our_names) if probability(fitted["trip"], row) < 0.5]
    lines += ["", f"Trip articles we wrote that the fitted decision refuses: {len(refused)} of {len(ours)}.", ""]
    stops, stop_labels, _ = stop_rows(gaz)
    lines += [
        f"**Is this candidate a stop?** {len(stops)} candidate stops of the dev trips, {stop_labels.count(0)} of them "
        f"not gold stops; its probability is the stop's confidence, and a candidate under {KEEP} is dropped.",
        "",
        "| features | Brier score | stops kept | others dropped |",
        "|---|---|---|---|",
    ]
    for drop in (None, *STOP_FAMILIES):
        kept, dropped = cross_validated(stops, stop_labels, drop=drop, threshold=KEEP)
        brier = cross_validated_brier(stops, stop_labels, drop=drop)
        lines.append(f"| {'all' if drop is None else 'without ' + drop} | {brier:.4f} | {kept:.3f} | {dropped:.3f} |")
    lines += ["", f"A constant probability scores Brier {constant_brier(stop_labels):.4f}.", ""]
    fitted["stop"] = fit_logistic(stops, stop_labels)
    lines.append("Refit: `python -m geomap.evaluation.fit --write` (weights in geomap/trip/weights.json).")
    return lines, fitted


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
