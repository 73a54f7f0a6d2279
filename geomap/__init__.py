"""geomap: a news article in, the traveller's itinerary on a map out, with no network.

>>> import geomap
>>> trip = geomap.itinerary("Kim arrived in Vladivostok by train. He will then fly to Khabarovsk.")
>>> [s.place.name for s in trip.stops]
['Vladivostok', 'Khabarovsk']
>>> [m.text for m in geomap.geoparse("Talks in Kyiv and Warsaw.")]
['Kyiv', 'Warsaw']

The pieces: :func:`geoparse` (places named, resolved), :func:`itinerary`
(ordered stops with evidence), :meth:`Itinerary.to_map` (a folium map),
:class:`LocalGazetteer` (the offline gazetteer as a geopy geocoder), :func:`batch` (a whole archive
into places, itineraries and maps, resumable, on local processes or a Dask cluster).
"""

from geomap.errors import GazetteerError, GeomapError, InputError, NothingFound
from geomap.model import ContextPlace, Itinerary, Mention, Place, Stop, register_hook
from geomap.pipeline import default_gazetteer, geoparse, itinerary, places_table
from geomap.version import __version__ as __version__

__all__ = [
    "geoparse",
    "itinerary",
    "places_table",
    "batch",
    "default_gazetteer",
    "LocalGazetteer",
    "Place",
    "Mention",
    "Stop",
    "ContextPlace",
    "Itinerary",
    "GeomapError",
    "InputError",
    "GazetteerError",
    "NothingFound",
]


def _draw(trip: Itinerary, **options):
    # folium takes half a second to import: only code that draws a map pays.
    from geomap.publish.page import build_map

    return build_map(trip, **options)


def _look_up(name: str) -> list[Place]:
    return default_gazetteer().lookup(name, limit=1)


# The values (geomap.model) sit below every stage; they reach the renderer and the gazetteer through these.
register_hook("map", _draw)
register_hook("lookup", _look_up)


def __getattr__(name: str):
    # geopy's geocoder machinery takes a tenth of a second to import: only code that asks for it pays.
    if name == "LocalGazetteer":
        from geomap.gazetteer.geocoder import LocalGazetteer

        return LocalGazetteer
    if name == "batch":  # whole archives (geomap.archive); one article's commands do not import it
        from geomap.archive import batch

        return batch
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
