"""The map as a static image without a browser: clean SVG a designer can open, and PNG through resvg.

The same map as the page (basemap, route by mode, numbered stops, labels, legend, title, credits), drawn with
shapely geometry in an azimuthal equidistant projection centred on the trip: distances from the centre are
true, and a flight's great-circle arc stays curved. The SVG's top-level groups are named for a designer's
layers (``basemap``, ``routes``, ``stops``, ``labels``, ``legend``, ``title``, ``credits``), and its
``<metadata>`` carries the itinerary as JSON (:mod:`geomap.publish.provenance`), so ``geomap map --itinerary
trip.svg`` reads it back. All outside text is XML-escaped; characters XML cannot hold are dropped.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from shapely import clip_by_rect, transform
from shapely.geometry.base import BaseGeometry

from geomap.model import Itinerary
from geomap.publish import basemap, layout
from geomap.publish.options import MapOptions
from geomap.publish.page import MODE_STYLE, heading_of, label_items, legend_rows, route_paths, stop_points
from geomap.publish.provenance import BLOCK_ID, Provenance, embedded_json, record

EARTH_KM = 6371.0
FONT = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class ImageSize:
    """An image's size in SVG units (pixels at 96 dpi) and the resolution its PNG is drawn at."""

    width: int = 1200
    height: int = 800
    dpi: int = 96

    def __post_init__(self) -> None:
        if not (200 <= self.width <= 6000 and 200 <= self.height <= 6000):
            raise ValueError(f"image size must be 200-6000 pixels each way, got {self.width}x{self.height}")


SIZES = {
    "web": ImageSize(1200, 800, 96),
    "social": ImageSize(1080, 1080, 96),
    "print": ImageSize(1200, 800, 300),  # 318 x 212 mm of drawing at 96 units an inch, rastered at 300 dpi
}


def text(value: str) -> str:
    """Outside text for an SVG element or attribute: escaped, without the characters XML 1.0 forbids.

    >>> text('<b a="1">&\\x07')
    '&lt;b a=&quot;1&quot;&gt;&amp;'
    """
    return html.escape(_NOT_XML.sub("", value), quote=True)


class Projection:
    """Azimuthal equidistant on a sphere, centred on (lat0, lon0), then scaled and shifted into the frame."""

    def __init__(self, lat0: float, lon0: float) -> None:
        self.phi0, self.lam0 = math.radians(lat0), math.radians(lon0)
        self.scale, self.dx, self.dy = 1.0, 0.0, 0.0

    def km(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        """Kilometres east and north of the centre (arrays or numbers)."""
        phi, dlam = np.radians(lat), np.radians(lon) - self.lam0
        cos_c = np.sin(self.phi0) * np.sin(phi) + np.cos(self.phi0) * np.cos(phi) * np.cos(dlam)
        c = np.arccos(np.clip(cos_c, -1.0, 1.0))
        k = np.where(c < 1e-9, 1.0, c / np.sin(np.where(c < 1e-9, 1.0, c)))
        x = k * np.cos(phi) * np.sin(dlam)
        y = k * (np.cos(self.phi0) * np.sin(phi) - np.sin(self.phi0) * np.cos(phi) * np.cos(dlam))
        return x * EARTH_KM, y * EARTH_KM

    def fit(self, points: list[list[float]], frame: layout.Box) -> None:
        """Scale and shift so the (lat, lon) points fill ``frame`` (x, y, width, height), north up."""
        xs, ys = self.km(np.array([p[1] for p in points]), np.array([p[0] for p in points]))
        span_x, span_y = max(float(xs.max() - xs.min()), 1.0), max(float(ys.max() - ys.min()), 1.0)
        self.scale = min(frame[2] / span_x, frame[3] / span_y)
        self.dx = frame[0] + frame[2] / 2 - self.scale * float(xs.max() + xs.min()) / 2
        self.dy = frame[1] + frame[3] / 2 + self.scale * float(ys.max() + ys.min()) / 2

    def px(self, lon: Any, lat: Any) -> tuple[Any, Any]:
        x, y = self.km(lon, lat)
        return self.dx + self.scale * x, self.dy - self.scale * y

    def geometry(self, geom: BaseGeometry) -> BaseGeometry:
        """A (lon, lat) geometry in the image's pixels."""

        def move(coords: Any) -> Any:
            x, y = self.px(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        return transform(geom, move)


def _path(geom: BaseGeometry, closed: bool) -> str:
    """SVG path data with one decimal: rings closed with Z, lines left open."""
    parts = []
    for g in getattr(geom, "geoms", [geom]):
        if g.is_empty:
            continue
        if g.geom_type == "Polygon":
            for ring in (g.exterior, *g.interiors):
                parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in ring.coords[:-1]) + "Z")
        elif g.geom_type == "LineString":
            parts.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in g.coords))
        elif hasattr(g, "geoms"):
            parts.append(_path(g, closed))
    return "".join(parts)


def _basemap_group(proj: Projection, bounds: basemap.Bounds, size: ImageSize, palette: dict[str, str]) -> str:
    piece = basemap.cut(bounds, pad=0.9, detail=1500.0)
    w, h = size.width, size.height
    land = clip_by_rect(proj.geometry(piece.land), -5, -5, w + 5, h + 5).simplify(0.35)
    borders = clip_by_rect(proj.geometry(piece.borders), -5, -5, w + 5, h + 5).simplify(0.35)
    return (
        f'<g id="basemap"><rect id="sea" width="{w}" height="{h}" fill="{palette["sea"]}"/>'
        f'<path id="land" d="{_path(land, True)}" fill="{palette["land"]}" stroke="{palette["coast"]}" '
        f'stroke-width="0.8" stroke-linejoin="round"/>'
        f'<path id="borders" d="{_path(borders, False)}" fill="none" stroke="{palette["border"]}" stroke-width="0.9" '
        f'stroke-linejoin="round"/></g>'
    )


def _routes_group(trip: Itinerary, proj: Projection) -> tuple[str, list[tuple[float, float]]]:
    """The legs by mode with an arrow at each middle, and the points along them (for the labels to avoid)."""
    parts, samples = [], []
    for (a, b), path in zip(zip(trip.stops, trip.stops[1:]), route_paths(trip)):
        style = MODE_STYLE.get(b.mode, MODE_STYLE[None])
        xs, ys = proj.px(np.array([p[1] for p in path]), np.array([p[0] for p in path]))
        pts = list(zip(xs.tolist(), ys.tolist()))
        dash = "4 6" if (a.inferred or b.inferred) else style["dash"]
        d = "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in pts)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(f'<path d="{d}" fill="none" stroke="{style["color"]}" stroke-width="3"{dash_attr} opacity="0.9"/>')
        parts.append(_arrow(pts, str(style["color"])))
        for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
            n = max(1, min(200, int(math.hypot(x2 - x1, y2 - y1) / 6)))
            samples += [(x1 + (x2 - x1) * k / n, y1 + (y2 - y1) * k / n) for k in range(n + 1)]
    return '<g id="routes">' + "".join(parts) + "</g>", samples


def _arrow(pts: list[tuple[float, float]], colour: str) -> str:
    """A small triangle at the middle of a leg, pointing the way the traveller went."""
    if len(pts) > 2:
        i = len(pts) // 2
        (x1, y1), (x2, y2), (mx, my) = pts[i - 1], pts[i + 1], pts[i]
    else:
        (x1, y1), (x2, y2) = pts[0], pts[-1]
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
    return f'<path d="M7 0L-6 -6L-6 6Z" fill="{colour}" transform="translate({mx:.1f} {my:.1f}) rotate({angle:.1f})"/>'


def _stops_group(trip: Itinerary, proj: Projection, palette: dict[str, str], options: MapOptions) -> str:
    parts = []
    if options.show_context:
        for c in trip.context:
            x, y = proj.px(c.place.lon, c.place.lat)
            parts.append(
                f'<circle cx="{float(x):.1f}" cy="{float(y):.1f}" r="4.5" fill="#bbbbbb" stroke="{palette["context"]}">'
                f"<title>{text(c.place.name)}</title></circle>"
            )
    for s, (lat, lon) in zip(trip.stops, stop_points(trip)):
        x, y = (float(v) for v in proj.px(lon, lat))
        fill, ink, dash = palette["accent"], "#ffffff", ""
        if s.inferred:
            fill, ink, dash = "#ffffff", palette["accent"], ' stroke-dasharray="3 2"'
        elif s.role == "origin":
            fill = "#555555"
        stroke = palette["accent"] if s.inferred else "#ffffff"
        parts.append(
            f'<g class="stop"><title>{text(f"{s.order}. {s.place.name}")}</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="12" fill="{fill}" stroke="{stroke}" stroke-width="2"{dash}/>'
            f'<text x="{x:.1f}" y="{y + 4.5:.1f}" text-anchor="middle" font-size="13" font-weight="700" '
            f'fill="{ink}">{s.order}</text></g>'
        )
    return '<g id="stops" font-family="' + FONT + '">' + "".join(parts) + "</g>"


def _text_size(name: str, date: str | None, kind: str) -> tuple[float, float]:
    """A label's box, estimated for DejaVu Sans: 0.7 em a character in bold, 0.6 in regular; a line for dates."""
    size = 14.0 if kind == "stop" else 13.0
    width = len(name) * size * (0.7 if kind == "stop" else 0.6)
    if date:
        width = max(width, len(date) * 12.0 * 0.6)
    return width + 4, size * 1.25 + (14.0 if date else 0.0)


def _labels_group(
    items: list[dict[str, Any]],
    proj: Projection,
    samples: list[tuple[float, float]],
    size: ImageSize,
    palette: dict[str, str],
) -> str:
    marks: list[layout.Box] = []
    placed: list[layout.Box] = []
    parts: list[str] = []
    points = [tuple(float(v) for v in proj.px(i["at"][1], i["at"][0])) for i in items]
    for item, (x, y) in zip(items, points):
        r = 12.0 if item["kind"] == "stop" else 5.0
        if item["kind"] not in ("sea", "dot"):
            marks.append((x - r, y - r, 2 * r, 2 * r))
    frame = (0.0, 0.0, float(size.width), float(size.height))
    for item, (x, y) in zip(items, points):
        if item["kind"] == "dot":
            continue
        w, h = _text_size(item["name"], item["date"], item["kind"])
        r = 12.0 if item["kind"] == "stop" else 5.0
        spot = layout.place(
            (x, y),
            (w, h),
            radius=r,
            placed=placed,
            marks=marks,
            route=samples,
            frame=frame,
            water=item["kind"] == "sea",
        )
        if not spot.shown:
            continue
        placed.append(spot.box)
        parts.append(_label(item, spot, (x, y), r, palette))
    return (
        f'<g id="labels" font-family="{FONT}" stroke="{palette["halo"]}" stroke-width="3" stroke-linejoin="round" '
        f'paint-order="stroke">' + "".join(parts) + "</g>"
    )


_LABEL_STYLE = {
    "stop": ('font-size="14" font-weight="700"', "text"),
    "context": ('font-size="13"', "muted"),
    "sea": ('font-size="13" font-style="italic" letter-spacing="0.5"', "coast"),
}


def _label(
    item: dict[str, Any], spot: layout.Placed, at: tuple[float, float], r: float, palette: dict[str, str]
) -> str:
    """One label: its name, the date on a second line, and a leader line when it sits away from its point."""
    bx, by, w, h = spot.box
    style, ink = _LABEL_STYLE[item["kind"]]
    out = []
    if spot.ring > 0:
        cx, cy = min(max(at[0], bx), bx + w), min(max(at[1], by), by + h)
        angle = math.atan2(cy - at[1], cx - at[0])
        sx, sy = at[0] + math.cos(angle) * r, at[1] + math.sin(angle) * r
        out.append(
            f'<line x1="{sx:.1f}" y1="{sy:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" stroke="{palette["text"]}" '
            'stroke-width="0.8" opacity="0.6"/>'
        )
    x, y = bx + 2, by + (14 if item["kind"] == "stop" else 13)
    out.append(f'<text x="{x:.1f}" y="{y:.1f}" {style} fill="{palette[ink]}">{text(item["name"])}')
    if item["date"]:
        out.append(
            f'<tspan x="{x:.1f}" dy="15" font-size="12" font-weight="400" fill="{palette["muted"]}">'
            f"{text(item['date'])}</tspan>"
        )
    out.append("</text>")
    return f'<g class="label {item["kind"]}">' + "".join(out) + "</g>"


def _legend_group(trip: Itinerary, size: ImageSize, palette: dict[str, str]) -> str:
    """The key, in the bottom-left corner: a row per travel mode used, then stops and context dots."""
    rows = legend_rows(trip)
    top = size.height - 34 - 20 * len(rows)
    parts = [
        f'<rect x="14" y="{top - 8}" width="210" height="{20 * len(rows) + 12}" rx="4" fill="{palette["halo"]}" '
        f'opacity="0.92"/>'
    ]
    for i, (kind, label) in enumerate(rows):
        y = top + 20 * i + 8
        if kind.startswith("mode:"):
            style = MODE_STYLE[None if kind == "mode:None" else kind[5:]]
            dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
            swatch = f'<line x1="24" y1="{y}" x2="50" y2="{y}" stroke="{style["color"]}" stroke-width="3"{dash}/>'
        elif kind == "stop":
            swatch = f'<circle cx="37" cy="{y}" r="7" fill="{palette["accent"]}"/>'
        elif kind == "inferred":
            swatch = (
                f'<circle cx="37" cy="{y}" r="6" fill="#fff" stroke="{palette["accent"]}" stroke-width="2" '
                'stroke-dasharray="3 2"/>'
            )
        else:
            swatch = f'<circle cx="37" cy="{y}" r="4.5" fill="#bbbbbb" stroke="{palette["context"]}"/>'
        parts.append(f'{swatch}<text x="60" y="{y + 4.5}" font-size="13" fill="{palette["text"]}">{text(label)}</text>')
    return f'<g id="legend" font-family="{FONT}">' + "".join(parts) + "</g>"


def _title_group(trip: Itinerary, options: MapOptions, palette: dict[str, str]) -> str:
    heading, sub = heading_of(trip, options)
    width = max(len(heading) * 11.5, len(sub or "") * 7.5) + 28
    height = 60 if sub else 40
    parts = [
        f'<rect x="14" y="14" width="{width:.0f}" height="{height}" rx="4" fill="{palette["halo"]}" opacity="0.92"/>',
        f'<text x="28" y="42" font-size="20" font-weight="700" fill="{palette["text"]}">{text(heading)}</text>',
    ]
    if sub:
        parts.append(f'<text x="28" y="63" font-size="14" fill="{palette["muted"]}">{text(sub)}</text>')
    return f'<g id="title" font-family="{FONT}">' + "".join(parts) + "</g>"


def credit_line(options: MapOptions) -> str:
    """The image's credits: the basemap, GeoNames, the source article when given."""
    parts = ["Basemap: Natural Earth (public domain)", "Places: GeoNames (CC BY 4.0)"]
    if options.source:
        parts.append(f"Source: {options.source}")
    return " · ".join(parts) + " · Made with geomap"


def _credits_group(options: MapOptions, size: ImageSize, palette: dict[str, str]) -> str:
    return (
        f'<g id="credits" font-family="{FONT}"><text x="{size.width - 12}" y="{size.height - 10}" text-anchor="end" '
        f'font-size="11" fill="{palette["muted"]}" stroke="{palette["halo"]}" stroke-width="3" paint-order="stroke">'
        f"{text(credit_line(options))}</text></g>"
    )


def _projection(trip: Itinerary, options: MapOptions, size: ImageSize) -> tuple[Projection, basemap.Bounds]:
    """A projection centred on the trip that fits its stops and legs, leaving room for title, labels and key."""
    points = stop_points(trip) + [p for path in route_paths(trip) for p in path]
    if options.show_context and len(trip.stops) < 2:
        points += [[c.place.lat, c.place.lon] for c in trip.context if c.place.kind not in ("continent", "ocean")]
    if not points:
        points = [[-50.0, -170.0], [70.0, 170.0]]
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    if max(lats) - min(lats) < 1.0 and max(lons) - min(lons) < 1.0:  # one place: show the country around it
        lats, lons = lats + [min(lats) - 2.0, max(lats) + 2.0], lons + [min(lons) - 3.0, max(lons) + 3.0]
        points = [[a, b] for a, b in zip(lats, lons)]
    proj = Projection((min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2)
    proj.fit(points, (120.0, 110.0, size.width - 240.0, size.height - 200.0))
    return proj, (min(lons), min(lats), max(lons), max(lats))


def render_svg(
    trip: Itinerary,
    *,
    size: ImageSize | None = None,
    provenance: Provenance | None = None,
    options: MapOptions | None = None,
    **settings: Any,
) -> str:
    """The map as an SVG document; ``settings`` are :class:`MapOptions` fields, as for the page.

    >>> from geomap.model import Place, Stop
    >>> trip = Itinerary("X", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37)), Stop(2, Place("x:2", "Tomsk", 56.5, 84.97))])
    >>> '<g id="labels"' in render_svg(trip)
    True
    """
    options = options or MapOptions(**settings)
    size = size or SIZES["web"]
    palette = options.palette
    proj, bounds = _projection(trip, options, size)
    routes, samples = _routes_group(trip, proj)
    items = label_items(trip, options)
    heading, _ = heading_of(trip, options)
    inches = (
        f'width="{size.width / 96:.3f}in" height="{size.height / 96:.3f}in"'
        if size.dpi != 96
        else (f'width="{size.width}" height="{size.height}"')
    )
    return "".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>\n',
            f'<svg xmlns="http://www.w3.org/2000/svg" {inches} viewBox="0 0 {size.width} {size.height}">\n',
            f"<title>{text(heading)}</title><desc>{text(summary_of(trip))}</desc>\n",
            f'<metadata id="{BLOCK_ID}"><![CDATA[{embedded_json(record(trip, provenance))}]]></metadata>\n',
            _basemap_group(proj, bounds, size, palette) + "\n",
            routes + "\n",
            _stops_group(trip, proj, palette, options) + "\n",
            _labels_group(items, proj, samples, size, palette) + "\n",
            _legend_group(trip, size, palette) + "\n",
            _title_group(trip, options, palette) + "\n",
            _credits_group(options, size, palette) + "\n",
            "</svg>\n",
        ]
    )


def summary_of(trip: Itinerary) -> str:
    from geomap.publish.page import summary_sentence

    return summary_sentence(trip)
