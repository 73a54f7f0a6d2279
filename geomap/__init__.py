"""geomap: a news article in, the traveller's itinerary on a map out, with no network.

>>> import geomap
>>> trip = geomap.itinerary("Kim arrived in Vladivostok by train. He will then fly to Khabarovsk.")
>>> [s.place.name for s in trip.stops]
['Vladivostok', 'Khabarovsk']
>>> [m.text for m in geomap.geoparse("Talks in Kyiv and Warsaw.")]
['Kyiv', 'Warsaw']

The pieces: :func:`geoparse` (places named, resolved), :func:`itinerary`
(ordered stops with evidence), :meth:`Itinerary.to_map` (a folium map),
:class:`LocalGazetteer` (the offline gazetteer as a geopy geocoder).
"""

from .errors import GazetteerError, GeomapError, InputError, NothingFound
from .model import ContextPlace, Itinerary, Mention, Place, Stop
from .pipeline import default_gazetteer, geoparse, itinerary, places_table

__version__ = "0.1.0"

__all__ = [
    "geoparse", "itinerary", "places_table", "default_gazetteer", "LocalGazetteer",
    "Place", "Mention", "Stop", "ContextPlace", "Itinerary",
    "GeomapError", "InputError", "GazetteerError", "NothingFound",
]


def __getattr__(name: str):
    # geopy's geocoder machinery takes a tenth of a second to import: only code that asks for it pays.
    if name == "LocalGazetteer":
        from .gazetteer.geocoder import LocalGazetteer

        return LocalGazetteer
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
