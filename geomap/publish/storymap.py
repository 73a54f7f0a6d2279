"""The itinerary as a Knight Lab StoryMapJS document, so a newsroom can open it in that tool too.

StoryMapJS renders slide text as HTML, so every string from the article is
escaped here.
"""

from __future__ import annotations

import html
from typing import Any

from geomap.model import Itinerary
from geomap.publish.page import stop_label, summary_sentence


def itinerary_to_storymap(trip: Itinerary, *, title: str | None = None) -> dict[str, Any]:
    """A StoryMapJS JSON document: an overview slide, then one slide per stop in order.

    >>> from geomap.model import Place, Stop
    >>> doc = itinerary_to_storymap(Itinerary("X", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37))]))
    >>> [s["type"] for s in doc["storymap"]["slides"]], doc["storymap"]["slides"][1]["location"]["lat"]
    (['overview', ''], 54.99)
    """
    heading = title or trip.title or (f"The trip of {trip.leader}" if trip.leader else "Places in the article")
    slides: list[dict[str, Any]] = [
        {
            "type": "overview",
            "text": {"headline": html.escape(heading), "text": f"<p>{html.escape(summary_sentence(trip))}</p>"},
        }
    ]
    for stop in trip.stops:
        quotes = "".join(f"<blockquote>{html.escape(q)}</blockquote>" for q in stop.evidence[:3])
        slides.append(
            {
                "type": "",
                "text": {
                    "headline": html.escape(f"{stop.order}. {stop.place.name}"),
                    "text": f"<p>{html.escape(stop_label(stop))}</p>{quotes}",
                },
                "location": {"lat": stop.place.lat, "lon": stop.place.lon, "zoom": 7, "line": True},
                "media": {"url": "", "caption": "", "credit": ""},
            }
        )
    return {
        "storymap": {
            "language": "en",
            "map_type": "osm:standard",
            "map_as_image": False,
            "attribution": "Places: GeoNames (CC BY 4.0)",
            "slides": slides,
        }
    }
