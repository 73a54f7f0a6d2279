"""Stage 4, render: an :class:`Itinerary` in, a folium map (and its static HTML page) out.

Every piece of the map is a small folium ``MacroElement`` with its own template, as folium's plugins are:
the Natural Earth basemap, numbered stops and their labels, route legs, context places, the title box, the
legend, the list of stops, the itinerary as JSON, and the behaviour that keeps an embedded map from trapping
the page's scroll.

Article text never reaches the page as markup. Strings go into scripts only as escaped JSON (folium's
``tojavascript`` filter, or :func:`geomap.publish.provenance.embedded_json` for bulk data: ``<``, ``>``, ``&``
and ``'`` escaped), and the scripts put them in the DOM with ``textContent``; the HTML parts of the page escape
them with Jinja's ``|e``. A ``<script>`` in an article is shown as text and never runs.

The page is self-contained by default: Leaflet and the basemap are inside it, and it requests nothing, so it
shows real geography offline and in archives. ``self_contained=False`` (``--cdn``) loads Leaflet from its CDN;
if that fails the page shows its title, a one-line notice and the ordered list of stops. Tiles are an option
drawn over the basemap, which shows wherever a tile does not load.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, cast

from geographiclib.geodesic import Geodesic

from geomap.model import Itinerary, Stop
from geomap.publish import basemap
from geomap.publish.lazyfolium import Element, Figure, FitBounds, MacroElement, Map, TileLayer, template
from geomap.publish.options import MapOptions
from geomap.publish.provenance import BLOCK_ID, Provenance, embedded_json, record

LEAFLET_VERSION = "1.9.3"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"

MODE_STYLE: dict[str | None, dict[str, str | None]] = {
    "air": {"color": "#1f6feb", "dash": None, "label": "Flight (great-circle arc)"},
    "train": {"color": "#b3261e", "dash": None, "label": "Train"},
    "road": {"color": "#7a4b00", "dash": None, "label": "Road"},
    "sea": {"color": "#00796b", "dash": None, "label": "Sea"},
    None: {"color": "#444444", "dash": "6 6", "label": "Mode not stated"},
}
GEONAMES_CREDIT = 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'
BASEMAP_CREDIT = f"Basemap: {basemap.SOURCE_HTML} (public domain)"
NO_LEAFLET_NOTICE = "The interactive map could not load here; the stops, in order:"
_ASSETS = Path(__file__).parent / "assets"
WATER_KINDS = ("sea", "ocean", "gulf", "bay", "strait")  # named in italics on the water


class RenderedText(Element):
    """Markup that is already rendered: it goes into the page as it is, never through a template again.

    branca wraps each macro's output in ``Element(output)`` and renders it a second time as template
    source, so text an article put into the first rendering (``{{ 6*7 }}``, ``{% ... %}``) would be
    evaluated by the second. This element is what :class:`SafeElement` adds instead.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RenderedText"
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class SafeElement(MacroElement):
    """A map piece whose template is rendered exactly once, with article text only as escaped variables.

    Every geomap element derives from this. folium's own elements keep branca's second rendering, so no
    string from an article, an option or an itinerary file is ever handed to one of them.
    """

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # branca's elements return str; macros add
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can only be rendered inside a map page")
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = macros.get(part)
            if macro is not None:
                getattr(figure, part).add_child(RenderedText(macro(self, kwargs)), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class LeanMap(Map):
    """A folium Map that loads Leaflet only: no jQuery, Bootstrap or icon fonts."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


class SelfContainedMap(LeanMap):
    """A lean map whose Leaflet is inlined, so the page requests nothing (tiles only if asked for)."""

    default_js: list = []
    default_css: list = []


class InlineLeaflet(SafeElement):
    """Puts Leaflet's script and stylesheet inside the page, from the xstatic-leaflet package."""

    _template = template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        <script>{{ this.js }}</script>
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        import xstatic.pkg.leaflet as xs

        base = Path(xs.BASE_DIR)
        self.js = (base / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
        self.css = (base / "leaflet.css").read_text(encoding="utf-8").replace("</style", "<\\/style")


class PageStyle(SafeElement):
    """The stylesheet and shared script of the map's own pieces (geomap/publish/assets/page.css and page.js),
    with the theme's colours as CSS variables; the colours are our palettes and a checked ``--accent``."""

    _template = template(
        """
        {% macro header(this, kwargs) %}
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>:root{ {{- this.variables -}} }
        {{ this.css }}</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}
        <script>if (!window.L) { document.documentElement.className += " geomap-noleaflet"; }</script>
        <p class="geomap-notice" role="status">{{ this.notice|e }}</p>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}
        {% endmacro %}
        """
    )

    def __init__(self, options: MapOptions) -> None:
        super().__init__()
        self._name = "GeomapStyle"
        self.variables = "".join(f"--gm-{k}:{v};" for k, v in options.palette.items())
        self.css = (_ASSETS / "page.css").read_text(encoding="utf-8").replace("</style", "<\\/style")
        self.js = (_ASSETS / "page.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
        self.notice = NO_LEAFLET_NOTICE


class BasemapLayer(SafeElement):
    """Natural Earth land, coasts and borders under everything, in a pane below the tiles' pane; panning is
    kept inside the area the page carries, so the cut's edges never show."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        geomapBasemap({{ this._parent.get_name() }}, {{ this.data }}, {{ this.colours|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: basemap.Bounds, palette: dict[str, str]) -> None:
        super().__init__()
        self._name = "GeomapBasemap"
        (west, south, east, north), data = basemap.encoded_cut(bounds)
        data["area"] = [[round(south, 4), round(west, 4)], [round(north, 4), round(east, 4)]]
        self.data = embedded_json(data)
        self.colours = {k: palette[k] for k in ("land", "coast", "border")}


class StopMarker(SafeElement):
    """One numbered stop: a CSS circle with its number, focusable, with a popup of its evidence."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        geomapStop({{ this._parent.get_name() }}, {{ this.location|tojavascript }}, {{ this.number|tojavascript }},
            {{ this.css_class|tojavascript }}, {{ this.label|tojavascript }}, {{ this.z|tojavascript }},
            {{ this.popup|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, stop: Stop, number: str, point: list[float] | None = None) -> None:
        super().__init__()
        self._name = "GeomapStop"
        self.location = point or [stop.place.lat, stop.place.lon]
        self.number = number
        self.css_class = (
            "geomap-stop" + (" inferred" if stop.inferred else "") + (" origin" if stop.role == "origin" else "")
        )
        self.label = stop_label(stop)
        self.z = 1000 - stop.order
        lines = [line for line in (_when_line(stop), _mode_line(stop), stop.note, _confidence_line(stop)) if line]
        if stop.inferred:
            lines.insert(0, "Inferred: the article implies this stop but never states it.")
        self.popup = {"title": f"{stop.order}. {stop.place.name}", "lines": lines, "quotes": list(stop.evidence[:3])}


class ContextMarker(SafeElement):
    """A place the article mentions but the traveller did not visit: a small grey dot, focusable, whose name
    shows on hover or keyboard focus (or always, with ``labels="all"``, through the label layout)."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        geomapContext({{ this._parent.get_name() }}, {{ this.location|tojavascript }}, {{ this.name|tojavascript }},
            {{ this.popup|tojavascript }}, {{ this.tooltip|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, name: str, lat: float, lon: float, reason: str, *, tooltip: bool = True) -> None:
        super().__init__()
        self._name = "GeomapContext"
        self.location = [lat, lon]
        self.name = name
        self.tooltip = tooltip
        self.popup = {"title": name, "lines": [f"Context: {reason}"], "quotes": []}


class RouteLeg(SafeElement):
    """One leg between consecutive stops, styled by travel mode, with an arrow at its middle."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        geomapLeg({{ this._parent.get_name() }}, {{ this.path|tojavascript }}, {{ this.options|tojavascript }},
            {{ this.mid|tojavascript }}, {{ this.bearing|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, a: Stop, b: Stop, path: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "GeomapLeg"
        style = MODE_STYLE.get(b.mode, MODE_STYLE[None])
        self.path = path or leg_path(a, b)
        dash = "4 6" if (a.inferred or b.inferred) else style["dash"]
        self.options = {"color": style["color"], "weight": 3, "opacity": 0.85, "dashArray": dash, "interactive": False}
        self.mid, self.bearing = _midpoint_and_bearing(self.path)


class MapLabels(SafeElement):
    """Names on the map, placed in the page so they overlap neither each other, the markers nor the route:
    each tries the eight positions around its point and takes the freest, farther out with a leader line when
    all eight are taken. Stops first, in order; then context places (``labels="all"``); seas last, in italics,
    left out where no room is free."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        geomapLabels({{ this._parent.get_name() }}, {{ this.items }}, {{ this.routes }});
        {% endmacro %}
        """
    )

    def __init__(self, items: list[dict[str, Any]], routes: list[list[list[float]]]) -> None:
        super().__init__()
        self._name = "GeomapLabels"
        self.items = embedded_json(items)
        self.routes = embedded_json(routes)


class InfoBox(SafeElement):
    """A Leaflet control holding page HTML that was rendered (and escaped) by the template."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="geomap-box {{ this.css_class }}">{{ this.body }}</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geomapControl({{ this._parent.get_name() }}, {{ this.get_name()|tojavascript }}, {{ this.position|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, body: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "GeomapBox"
        self.body = body
        self.position = position
        self.css_class = css_class


class Legend(SafeElement):
    """The key to the line styles and markers. On a narrow screen it folds into a button that opens it."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="geomap-legend-control">
          <button type="button" class="geomap-legend-button" aria-expanded="false"
            aria-controls="{{ this.get_name() }}-body">Legend</button>
          <div id="{{ this.get_name() }}-body" class="geomap-box geomap-legend">{{ this.body }}</div>
        </div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geomapLegend({{ this._parent.get_name() }}, {{ this.get_name()|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "GeomapLegend"
        self.body = body


class Credits(SafeElement):
    """The attribution line: the basemap, GeoNames, the tiles' provider if any, and 'Source: ...' as text
    (``--source`` is the caller's string: escaped here, never markup)."""

    _template = template(
        """
        {% macro script(this, kwargs) %}
        {{ this.credits|tojavascript }}.forEach(function (c) { {{ this._parent.get_name() }}.attributionControl.addAttribution(c); });
        {% endmacro %}
        """
    )

    def __init__(self, source: str | None) -> None:
        super().__init__()
        self._name = "GeomapCredits"
        self.credits = [BASEMAP_CREDIT, GEONAMES_CREDIT] + (["Source: " + html.escape(source)] if source else [])


class StopList(SafeElement):
    """The text alternative: an ordered list of the stops, hidden visually but read by screen readers, and
    shown (after the notice) when the map library cannot load."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <p class="geomap-hidden geomap-summary">{{ this.summary|e }}</p>
        <ol class="geomap-stops geomap-hidden">
        {%- for item in this.items %}
          <li>{{ item|e }}</li>
        {%- endfor %}
        </ol>
        {% endmacro %}
        """
    )

    def __init__(self, trip: Itinerary) -> None:
        super().__init__()
        self._name = "GeomapStopList"
        self.summary = summary_sentence(trip)
        self.items = [stop_label(s) for s in trip.stops]


class ItineraryBlock(SafeElement):
    """The itinerary the map shows, as JSON, so a published page can be read back and corrected
    (``geomap map --itinerary page.html``); see :mod:`geomap.publish.provenance`."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <script type="application/json" id="{{ this.block_id }}">{{ this.json }}</script>
        {% endmacro %}
        """
    )

    def __init__(self, trip: Itinerary, provenance: Provenance | None) -> None:
        super().__init__()
        self._name = "GeomapItinerary"
        self.block_id = BLOCK_ID
        self.json = embedded_json(record(trip, provenance))


class EmbedBehaviour(SafeElement):
    """Keeps an embedded map from hijacking the page: wheel zoom only after a click or focus, one-finger drag
    on touch screens only after a tap, no animation for reduced-motion users, a fullscreen button, and the
    page's height posted to a parent frame for auto-sizing iframes."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <div class="geomap-hint" id="{{ this.get_name() }}" role="status">Click or tap the map to zoom and pan</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geomapEmbed({{ this._parent.get_name() }}, {{ this.get_name()|tojavascript }}, {{ this.summary|tojavascript }},
            {{ this.frame_id|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, summary: str, frame_id: str) -> None:
        super().__init__()
        self._name = "GeomapEmbed"
        self.summary = summary
        self.frame_id = frame_id


class LocatorInset(SafeElement):
    """A small world map in a corner that shows where a compact route lies (decorative for screen readers),
    drawn from the basemap's coarsest land, so it needs no tiles either."""

    _template = template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="geomap-inset" aria-hidden="true"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        geomapInset({{ this._parent.get_name() }}, {{ this.get_name()|tojavascript }}, {{ this.world }},
            {{ this.bounds|tojavascript }}, {{ this.center|tojavascript }}, {{ this.colours|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], palette: dict[str, str]) -> None:
        super().__init__()
        self._name = "GeomapInset"
        (s, w), (n, e) = bounds
        pad = 1.5
        self.bounds = [[s - pad, w - pad], [n + pad, e + pad]]
        self.center = [(s + n) / 2, (w + e) / 2]
        _, coarse = basemap.encoded_cut((-180.0, -60.0, 180.0, 84.0), pad=0.0, scale="110m", detail=180.0)
        self.world = embedded_json(coarse)
        self.colours = {k: palette[k] for k in ("sea", "land", "accent")}


# -- geometry of legs --------------------------------------------------------------------------


def leg_path(a: Stop, b: Stop, *, steps: int = 48) -> list[list[float]]:
    """Points of a leg: a great-circle arc for flights, a straight segment otherwise.

    Longitudes are unrolled (they may pass 180), so an arc across the
    antimeridian is drawn as one continuous line rather than across the world.
    """
    lat1, lon1, lat2, lon2 = a.place.lat, a.place.lon, b.place.lat, b.place.lon
    if b.mode == "air":
        line = Geodesic.WGS84.InverseLine(lat1, lon1, lat2, lon2)
        points = []
        for i in range(steps + 1):
            pos = line.Position(line.s13 * i / steps, Geodesic.STANDARD | Geodesic.LONG_UNROLL)
            points.append([round(pos["lat2"], 5), round(pos["lon2"], 5)])
        return points
    if lon2 - lon1 > 180:
        lon2 -= 360
    elif lon1 - lon2 > 180:
        lon2 += 360
    return [[lat1, lon1], [lat2, lon2]]


def _midpoint_and_bearing(path: list[list[float]]) -> tuple[list[float], float]:
    if len(path) > 2:
        i = len(path) // 2
        a, b = path[i - 1], path[i + 1]
        mid = path[i]
    else:
        a, b = path[0], path[-1]
        mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
    azimuth = Geodesic.WGS84.Inverse(a[0], a[1], b[0], b[1])["azi1"]
    return [round(mid[0], 5), round(mid[1], 5)], round(azimuth, 1)


def stop_points(trip: Itinerary) -> list[list[float]]:
    """Where each stop is drawn: its (lat, lon), with longitudes continued from the stop before across the
    antimeridian, so a trip from Sydney to Apia is one short line, not one across the world."""
    points: list[list[float]] = []
    for s in trip.stops:
        lon = s.place.lon
        if points:
            lon += 360 * round((points[-1][1] - lon) / 360)
        points.append([s.place.lat, lon])
    return points


def route_paths(trip: Itinerary) -> list[list[list[float]]]:
    """Every leg's points, starting where its first stop is drawn (see :func:`stop_points`)."""
    paths = []
    for (a, b), start in zip(zip(trip.stops, trip.stops[1:]), stop_points(trip)):
        path = leg_path(a, b)
        shift = start[1] - path[0][1]
        paths.append([[lat, round(lon + shift, 5)] for lat, lon in path])
    return paths


# -- text pieces ------------------------------------------------------------------------------------


def _when_line(stop: Stop) -> str | None:
    return f"When: {stop.when}" if stop.when else None


def _mode_line(stop: Stop) -> str | None:
    if stop.role == "origin":
        return "Start of the trip"
    return f"Arrived by {stop.mode}" if stop.mode else None


def _confidence_line(stop: Stop) -> str | None:
    """How sure the reading is of the stop, and a word to the editor when it is not very sure."""
    if stop.confidence is None:
        return None
    return f"Confidence {stop.confidence:.2f}" + (": check this stop" if stop.confidence < 0.6 else "")


def stop_label(stop: Stop) -> str:
    """'2. Vladivostok, Russia — 13 Sep, by train' style text for lists and screen readers."""
    parts = [f"{stop.order}. {stop.place.name}"]
    if stop.when:
        parts.append(stop.when)
    if stop.mode:
        parts.append(f"by {stop.mode}")
    if stop.inferred:
        parts.append("inferred, not stated in the article")
    return ", ".join(parts)


def short_date(when: str | None) -> str | None:
    """'13 Sep' for a stop dated 2023-09-13; None for no date or a relative cue ('the day before').

    >>> short_date("2023-09-13"), short_date("the day before")
    ('13 Sep', None)
    """
    if not when:
        return None
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        return None
    return f"{day.day} {day:%b}"


def summary_sentence(trip: Itinerary) -> str:
    """One sentence describing the map, usable as alt text."""
    who = trip.leader or "The traveller"
    names = [s.place.name + (" (inferred)" if s.inferred else "") for s in trip.stops]
    if not names:
        return f"Map of places mentioned in the article about {who}; no itinerary was found."
    route = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and then " + names[-1]
    return f"Map of the trip of {who}: {len(names)} stop{'s' if len(names) != 1 else ''} in order, {route}."


def heading_of(trip: Itinerary, options: MapOptions) -> tuple[str, str | None]:
    """The map's title and the line under it (by default the traveller and the dates of the stops)."""
    heading = options.title or trip.title or (f"The trip of {trip.leader}" if trip.leader else "Places in the article")
    return heading, options.subtitle or _date_range([s.when for s in trip.stops if s.when])


def label_items(trip: Itinerary, options: MapOptions) -> list[dict[str, Any]]:
    """What the label layout places: one label per stop location (a place visited twice is named once, with
    both dates), then each context place's dot (kept clear), its name when ``labels="all"``, and the seas the
    article names, in italics."""
    if options.labels == "none":
        return []
    items: list[dict[str, Any]] = []
    by_point: dict[tuple[float, float], dict[str, Any]] = {}
    for s, point in zip(trip.stops, stop_points(trip)):
        key = (round(point[0], 2), round(point[1], 2))
        date = short_date(s.when)
        if key in by_point:
            item = by_point[key]
            item["date"] = " · ".join(d for d in (item["date"], date) if d) or None
            continue
        by_point[key] = {"at": point, "name": s.place.name, "date": date, "kind": "stop"}
        items.append(by_point[key])
    if options.show_context:
        for c in trip.context:
            at, name = [c.place.lat, c.place.lon], c.place.name
            items.append({"at": at, "name": "", "date": None, "kind": "dot"})  # its dot: a label keeps off it
            if c.place.kind in WATER_KINDS:
                items.append({"at": at, "name": name, "date": None, "kind": "sea"})
            elif options.labels == "all" and c.place.kind != "continent":
                items.append({"at": at, "name": name, "date": None, "kind": "context"})
    return items


def _date_range(whens: list[str]) -> str | None:
    """'12–14 September 2023' from the stops' ISO dates; relative cues ('the day before') make no subtitle."""
    dates = []
    for w in whens:
        try:
            dates.append(dt.date.fromisoformat(w))
        except ValueError:
            continue
    if not dates:
        return None
    a, b = min(dates), max(dates)
    if a == b:
        return f"{a.day} {a:%B %Y}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day}\u2013{b.day} {a:%B %Y}"
    return (
        f"{a.day} {a:%B} \u2013 {b.day} {b:%B %Y}"
        if a.year == b.year
        else f"{a.day} {a:%B %Y} \u2013 {b.day} {b:%B %Y}"
    )


def legend_rows(trip: Itinerary) -> list[tuple[str, str]]:
    """(kind, text) of each legend row: the travel modes used, then stop, inferred stop and context dots."""
    used = {s.mode for s in trip.stops[1:]}
    rows = [
        (f"mode:{mode}", str(MODE_STYLE[mode]["label"]))
        for mode in ("air", "train", "road", "sea", None)
        if mode in used
    ]
    rows.append(("stop", "Stop, in order"))
    if any(s.inferred for s in trip.stops):
        rows.append(("inferred", "Inferred, not stated"))
    if trip.context:
        rows.append(("context", "Mentioned, not visited"))
    return rows


def _legend_html(trip: Itinerary) -> str:
    swatches = {
        "stop": '<circle cx="14" cy="8" r="7" fill="var(--gm-accent)"/>',
        "inferred": '<circle cx="14" cy="8" r="6" fill="#fff" stroke="var(--gm-accent)" stroke-dasharray="3 2" '
        'stroke-width="2"/>',
        "context": '<circle cx="14" cy="8" r="5" fill="#bbb" stroke="#777"/>',
    }
    rows = []
    for kind, text in legend_rows(trip):
        if kind.startswith("mode:"):
            style = MODE_STYLE[None if kind == "mode:None" else kind[5:]]
            dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
            swatch = f'<line x1="0" y1="8" x2="28" y2="8" stroke="{style["color"]}" stroke-width="3"{dash}/>'
        else:
            swatch = swatches[kind]
        rows.append(f'<div class="row"><svg width="28" height="16" aria-hidden="true">{swatch}</svg>{text}</div>')
    return "".join(rows)


# -- the map -----------------------------------------------------------------------------------


def tile_provider(name: str) -> tuple[str, str, str]:
    """(url, attribution, canonical name) of a tile provider that needs no key; ValueError says what is wrong."""
    from xyzservices import providers

    try:
        provider = providers.query_name(name)
    except ValueError:
        raise ValueError(f"unknown tile provider {name!r}; try OpenStreetMap.Mapnik or OpenTopoMap") from None
    if provider.requires_token():
        keys = [k for k, v in provider.items() if v == "<insert your api key here>" or "<" in str(v)]
        missing = ", ".join(keys) or "an API key"
        raise ValueError(
            f"tile provider {provider.name!r} needs {missing}, which geomap does not take; "
            "pick one that needs no key, e.g. OpenStreetMap.Mapnik"
        )
    url = provider.build_url(scale_factor="{r}") if "{r}" in provider.url else provider.build_url()
    return url, provider.html_attribution, provider.name


def _extent(trip: Itinerary, options: MapOptions) -> list[list[float]]:
    """The points the view must show: the stops and every point of their legs (a flight's arc may bulge far
    past its ends), or the context places of a trip of fewer than two stops."""
    points = stop_points(trip) + [p for path in route_paths(trip) for p in path]
    if options.show_context and len(trip.stops) < 2:
        points += [[c.place.lat, c.place.lon] for c in trip.context if c.place.kind not in ("continent", "ocean")]
    return points


def _new_map(points: list[list[float]], options: MapOptions) -> Map:
    cls = SelfContainedMap if options.self_contained else LeanMap
    m = cls(
        location=points[0] if points else [20.0, 0.0],
        zoom_start=4,
        tiles=None,
        control_scale=True,
        height=options.height,
        prefer_canvas=False,
        world_copy_jump=False,
        zoom_snap=0.25,
    )
    if options.self_contained:
        m.add_child(InlineLeaflet(), name="leaflet_inline", index=0)
    m.add_child(PageStyle(options), name="geomap_style")
    return m


def _add_geography(m: Map, points: list[list[float]], options: MapOptions) -> None:
    """The basemap around the points, tiles over it if asked for, and the credits."""
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        m.add_child(BasemapLayer((min(lons), min(lats), max(lons), max(lats)), options.palette))
    else:
        m.add_child(BasemapLayer((-180.0, -60.0, 180.0, 84.0), options.palette))
    if options.tiles:
        url, attribution, name = tile_provider(options.tiles)
        TileLayer(tiles=url, attr=attribution, name=name, max_zoom=18).add_to(m)  # provider's strings only
    m.add_child(Credits(options.source))


def _add_route(m: Map, trip: Itinerary, options: MapOptions) -> None:
    """Context places under the route, legs under the stops, then labels over the lines."""
    if options.show_context:
        for c in trip.context:
            m.add_child(
                ContextMarker(c.place.name, c.place.lat, c.place.lon, c.reason, tooltip=options.labels != "all")
            )
    paths = route_paths(trip)
    for (a, b), path in zip(zip(trip.stops, trip.stops[1:]), paths):
        m.add_child(RouteLeg(a, b, path))
    for s, point in zip(trip.stops, stop_points(trip)):
        m.add_child(StopMarker(s, str(s.order), point))
    items = label_items(trip, options)
    if items:
        m.add_child(MapLabels(items, paths))


def _add_boxes(m: Map, trip: Itinerary, options: MapOptions, provenance: Provenance | None) -> str:
    """Title, legend, the list of stops, the itinerary's JSON and the embedding behaviour; returns the title."""
    heading, sub = heading_of(trip, options)
    body = f"<h1>{html.escape(heading)}</h1>" + (f"<p>{html.escape(sub)}</p>" if sub else "")
    m.add_child(InfoBox(body, "topright", "geomap-title"))
    m.add_child(Legend(_legend_html(trip)))
    m.add_child(StopList(trip))
    m.add_child(ItineraryBlock(trip, provenance))
    m.add_child(EmbedBehaviour(summary_sentence(trip), heading))
    cast(Figure, m.get_root()).title = html.escape(heading)
    return heading


def _fit(m: Map, points: list[list[float]], options: MapOptions) -> None:
    """Fit the view to the points (room left for labels); a compact route also gets its place in the world."""
    if len(points) >= 2:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        fit = FitBounds(bounds, padding=(70, 50), max_zoom=9)
        # The page opens at its view: an animated zoom from folium's starting view would move the markers for
        # a quarter of a second after the labels were laid out, and a screenshot taken then shows them apart.
        fit.options["animate"] = False
        m.add_child(fit)
        if options.inset and max(lats) - min(lats) < 25 and max(lons) - min(lons) < 35:
            m.add_child(LocatorInset(bounds, options.palette))
    elif points:
        m.location = points[0]
        m.options["zoom"] = 7


def build_map(
    trip: Itinerary, *, provenance: Provenance | None = None, options: MapOptions | None = None, **settings: Any
) -> Map:
    """The folium map of an itinerary: basemap, numbered stops with their names, legs by mode, context places,
    title, legend, credits, and the itinerary itself as JSON. ``settings`` are :class:`MapOptions` fields
    (``title``, ``source``, ``tiles``, ``self_contained``, ``labels``, ``theme``, ``accent``, ...).

    >>> from geomap.model import Place
    >>> trip = Itinerary("A. Traveller", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37, "RU", "city"))])
    >>> "geomap-stops" in build_map(trip).get_root().render()
    True
    """
    options = options or MapOptions(**settings)
    points = _extent(trip, options)
    m = _new_map(points, options)
    _add_geography(m, points, options)
    _add_route(m, trip, options)
    _add_boxes(m, trip, options, provenance)
    _fit(m, points, options)
    return m


def render_html(trip: Itinerary, **options: Any) -> str:
    """The complete static HTML page of the map."""
    return build_map(trip, **options).get_root().render()


def write_html(trip: Itinerary, path: str | Path, **options: Any) -> Path:
    """Write the map page atomically: to a temporary file beside ``path``, then renamed into place."""
    from geomap.output import write_text_atomic

    return write_text_atomic(path, render_html(trip, **options))
