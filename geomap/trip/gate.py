"""Is the article about a trip at all? The cues a reader uses, as named features of one scored decision.

News about leaders is full of travel words that tell no journey: a telephone call about an upcoming visit, a
message of condolence, a video link to a factory, a visit postponed, a trip only hoped for, a meeting at home.
Each feature below reads one such cue in the headline or the lead; with the evidence of stops the cascade found,
they feed the logistic regression ``trip`` of :mod:`geomap.trip.scoring`, fitted on the real articles' dev split.

>>> trip_features(TripCues(title="Putin spoke by telephone with Hu Jintao", lead="", stop_places=0,
...     lead_stop=False, home_line=False, traveller=True))["remote:title"]
1.0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from geomap.text import patterns

# The families of features, for the ablation report: each name starts with its family.
FAMILIES = ("remote", "called_off", "hedged", "travel_words", "evidence", "home")

_REMOTE = patterns.compile(
    r"\b(?:tele)?phone(?:d|s)?\b|\bcall(?:s|ed)?\s+(?:with|to)\b|\bspoke\s+(?:by|on the)\s+(?:tele)?phone\b|"
    r"\bvideo\s*(?:link|conference|call|address|message)s?\b|\bvideoconferenc\w*|\bvia video\b|\bvirtual(?:ly)?\b|"
    r"\bremotely\b|\bmessages?\b|\bgreetings?\b|\bcondolences?\b|\bcongratulat\w+|\btelegram\b|\bletter\b",
    re.IGNORECASE,
)
_JOURNEY = r"(?:visit|visits|trip|trips|tour|travel|journey|attend|attendance)"
_STOPPED = r"(?:postpon\w+|cancel\w*|call(?:s|ed|ing)?\s+off|scrap(?:s|ped|ping)?|shelv\w+|delay(?:s|ed)?|put\s+off)"
# A journey called off: the word that stops it within a few words of the journey, either way round, or a refusal.
_CALLED_OFF = patterns.compile(
    rf"\b(?:{_STOPPED}\W+(?:\w+\W+){{0,4}}?{_JOURNEY}|{_JOURNEY}\W+(?:\w+\W+){{0,4}}?{_STOPPED}|"
    r"(?:will|would|does|did)\s+not\s+(?:attend|travel|go|visit|come)|won['’]t\s+(?:attend|travel|go|visit)|"
    r"no longer\s+(?:attend|travel|go|visit)|pull(?:s|ed)?\s+out\s+of|skip(?:s|ped|ping)?\s+the)\b",
    re.IGNORECASE,
)
# A journey only possible: a modal or a verb of weighing right before the journey, or an invitation to make it.
_HEDGED = patterns.compile(
    r"\b(?:(?:may|might|could)\s+(?:also\s+|still\s+|yet\s+)?(?:visit|travel|go|come|attend|make|stop|fly)|"
    r"(?:consider|considering|considers|mull|mulls|mulling|weigh|weighs|weighing|explore|exploring)\s+(?:a\s+|an\s+)?"
    r"(?:possible\s+)?(?:visit|trip|travel|tour)|possible\s+(?:visit|trip|tour)|invit(?:ed|es|ation)\b[^.]{0,40}?"
    r"\bto\s+visit|hopes?\s+to\s+(?:visit|travel))\b",
    re.IGNORECASE,
)
_TRAVEL = patterns.compile(
    r"\b(?:arriv(?:e|es|ed|ing|al)|visit(?:s|ed|ing)?|trip|tour(?:s|ed|ing)?|travel(?:s|led|ed|ling|ing)?|"
    r"fl(?:y|ies|ew|own|ying)|land(?:s|ed|ing)|depart(?:s|ed|ing|ure)?|journey|leaves\s+for|left\s+for|"
    r"head(?:s|ed)\s+(?:to|for)|stopover)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TripCues:
    """What the gate reads of an article: its headline and lead, and what the cascade found in it."""

    title: str  # the headline (the first line, when it is one)
    lead: str  # the first sentences of the body
    stop_places: int  # distinct places with evidence of a stop of the traveller
    lead_stop: bool  # evidence of a stop in the headline or the lead
    home_line: bool  # the place line or dateline is the traveller's home base
    traveller: bool  # the article has a traveller at all


def trip_features(cues: TripCues) -> dict[str, float]:
    """The named features of the trip decision (1.0 or 0.0, except the count of places, on a log scale)."""
    features = {"bias": 1.0}
    for part, words in (("title", cues.title), ("lead", cues.lead)):
        features[f"{part}_remote"] = float(bool(_REMOTE.search(words)))
        features[f"{part}_called_off"] = float(bool(_CALLED_OFF.search(words)))
        features[f"{part}_hedged"] = float(bool(_HEDGED.search(words)))
        features[f"{part}_travel_words"] = float(bool(_TRAVEL.search(words)))
    features["evidence_places"] = math.log1p(cues.stop_places)
    features["evidence_in_lead"] = float(cues.lead_stop)
    features["evidence_no_traveller"] = float(not cues.traveller)
    features["home_line"] = float(cues.home_line)
    return {_family_first(name): value for name, value in features.items()}


def _family_first(name: str) -> str:
    """'title_remote' -> 'remote:title': features are named family first, so an ablation can drop a family."""
    for family in FAMILIES:
        if name.endswith(family):
            return f"{family}:{name[: -len(family) - 1]}"
        if name.startswith(family):
            return f"{family}:{name[len(family) + 1 :]}"
    return name
