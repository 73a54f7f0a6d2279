"""What a name can mean, and why: the readings `geomap gazetteer lookup` shows.

For each place a name reaches: the first-level region that tells homonyms apart ("Springfield, Illinois, US")
and how the name matched ("its own name", "an alternate name of Horishni Plavni", "a spelling variant of
Vostochnyy"). Input: a name and a :class:`~geomap.gazetteer.store.Gazetteer`; output: ``list[Reading]``.
"""

from __future__ import annotations

from dataclasses import dataclass

from geomap.gazetteer.store import ABBREVIATION, DEMONYM, GENERATED, PRIMARY, Candidate, Gazetteer
from geomap.model import Place
from geomap.text.keys import loose_key, name_key


@dataclass(frozen=True, slots=True)
class Reading:
    """One place a looked-up name can mean: the place, its region's name ("" if none), the stored name that
    matched, and why that name leads to the place."""

    place: Place
    region: str
    matched: str
    why: str

    @property
    def where(self) -> str:
        """'Springfield, Illinois, US': the name with its region and country, as homonyms are told apart."""
        return ", ".join(part for part in (self.place.name, self.region, self.place.country) if part)


def why(cand: Candidate, loose: bool) -> str:
    """How a stored name leads to its place, in words."""
    if loose:
        return f"a spelling variant of {cand.name}" + ("" if cand.name == cand.place.name else f" ({cand.place.name})")
    if cand.flags & PRIMARY:
        return "its own name"
    if cand.flags & ABBREVIATION:
        return f"an abbreviation of {cand.place.name}"
    if cand.flags & DEMONYM:
        return f"the demonym of {cand.place.name}"
    if cand.flags & GENERATED:
        return f"a form made from {cand.place.name}"
    return f"an alternate name of {cand.place.name}"


def readings(gazetteer: Gazetteer, name: str, *, limit: int = 10) -> list[Reading]:
    """The places ``name`` can mean, most important first (as :meth:`Gazetteer.lookup` orders them), each with
    its region and the reason it matches; an exact match first, else spelling variants.

    >>> from geomap import default_gazetteer
    >>> [(r.where, r.why) for r in readings(default_gazetteer(), "Komsomolsk", limit=2)]
    [('Komsomolsk-on-Amur, Khabarovsk Krai, RU', 'an alternate name of Komsomolsk-on-Amur'), \
('Horishni Plavni, Poltava Oblast, UA', 'an alternate name of Horishni Plavni')]
    """
    key = name_key(name)
    letters = name.replace(".", "")
    written_short = letters.isalpha() and letters.isupper() and 2 <= len(letters) <= 5  # "US", "DPRK", "N.Y."
    found, loose = (gazetteer.candidates(["=" + letters]).get("=" + letters) if written_short else None), False
    found = found or gazetteer.candidates([key]).get(key)
    if not found:
        found, loose = gazetteer.candidates([loose_key(key)], loose=True).get(loose_key(key), []), True
    best: dict[str, Candidate] = {}
    for cand in sorted(found, key=lambda c: (-c.place.importance, -c.place.population, -(c.flags & PRIMARY))):
        best.setdefault(cand.place.id, cand)
    out = []
    for cand in list(best.values())[:limit]:
        p = cand.place
        region = gazetteer.admin1(p.country, p.admin1) if p.admin1 and p.kind != "admin1" else None
        out.append(Reading(p, region.name if region else "", cand.name, why(cand, loose)))
    return out
