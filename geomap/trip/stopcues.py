"""Is this candidate a stop of the trip? The cues of one place's evidence, as named features of one scored decision.

The cascade of :mod:`geomap.trip.evidence` finds places the traveller is said to move to or be at; what it finds
is not always a stop (the home country named in passing, a country told only in a headline, a place only left).
Each feature reads one cue of a candidate stop; the logistic regression ``stop`` of :mod:`geomap.trip.scoring`,
fitted on the real articles' dev split, weighs them into the probability the map and the JSON show as a stop's
confidence, and a candidate below :data:`KEEP` is dropped.

>>> features = stop_features(StopCues(sentences=2, first_sentence=1, headline_only=False, kind="city",
...     stand_in=False, place_line_only=False, departure_only=False, returning=False, dated=True,
...     future=False, home_country=False, home_capital=False, mentions=3))
>>> features["kind:city"], features["time:dated"]
(1.0, 1.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# The families of features, for the ablation report: each name starts with its family.
FAMILIES = ("telling", "kind", "source", "direction", "time", "home")
KEEP = 0.2  # below this probability a candidate is no stop

_KINDS = {"city": "city", "capital": "city", "country": "country", "admin1": "region", "admin2": "region"}


@dataclass(frozen=True)
class StopCues:
    """What the stop decision reads of one candidate stop."""

    sentences: int  # distinct sentences of evidence
    first_sentence: int  # where its telling starts (0: the first sentence of the article)
    headline_only: bool  # told only in a headline or caption
    kind: str  # the place's kind in the gazetteer
    stand_in: bool  # a city shown for a country the article names alone
    place_line_only: bool  # given only by a place line or a dateline
    departure_only: bool  # only ever left ("left Pyongyang")
    returning: bool  # a return ("flew back to Rome")
    dated: bool  # some evidence names its day
    future: bool  # all its evidence is told in the future tense
    home_country: bool  # the traveller's own country, named as such
    home_capital: bool  # within 40 km of the traveller's home capital
    mentions: int  # how often the article names the place


def stop_features(cues: StopCues) -> dict[str, float]:
    """The named features of the stop decision (1.0 or 0.0, except counts, on a log scale)."""
    kind = _KINDS.get(cues.kind, "venue" if cues.kind not in ("continent", "region") else "area")
    return {
        "bias": 1.0,
        "telling:sentences": math.log1p(cues.sentences),
        "telling:early": float(cues.first_sentence <= 2),
        "telling:headline_only": float(cues.headline_only),
        "telling:mentions": math.log1p(cues.mentions),
        f"kind:{kind}": 1.0,
        "kind:stand_in": float(cues.stand_in),
        "source:place_line_only": float(cues.place_line_only),
        "direction:departure_only": float(cues.departure_only),
        "direction:returning": float(cues.returning),
        "time:dated": float(cues.dated),
        "time:future": float(cues.future),
        "home:country": float(cues.home_country),
        "home:capital": float(cues.home_capital),
    }
