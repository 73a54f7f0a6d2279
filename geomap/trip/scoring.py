"""Scored decisions of the trip stage: named cues in, a probability out, with weights fitted on real articles.

A decision that weighs many cues (is this article about a trip at all?) is a logistic regression over named
features, each a small function of the article that a test names, rather than a cascade of special cases. The
weights live in ``weights.json`` beside this module; ``python -m geomap.evaluation.fit`` refits them on the dev
split of the real articles (tests/data/real) and on the trip articles we wrote, and reports how the scores change
when each feature family is left out.

>>> round(probability({"bias": 0.0}, {"bias": 1.0}), 2)
0.5
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

WEIGHTS = Path(__file__).with_name("weights.json")


@lru_cache(maxsize=1)
def weights() -> dict[str, dict[str, float]]:
    """Every decision's fitted weights, by decision name (read once)."""
    return json.loads(WEIGHTS.read_text(encoding="utf-8")) if WEIGHTS.exists() else {}


def probability(weight: dict[str, float], features: dict[str, float]) -> float:
    """The logistic regression's probability for the features (a feature without a weight counts zero)."""
    z = sum(weight.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def decide(decision: str, features: dict[str, float]) -> float:
    """The probability that a decision is yes, with the weights fitted for it; 1.0 when none are fitted yet."""
    fitted = weights().get(decision)
    return probability(fitted, features) if fitted else 1.0
