"""Stage 4, render: an :class:`Itinerary` in, a folium map (and its static HTML page) out.

Every piece of the map is a small folium ``MacroElement`` with its own
template, as folium's plugins are: numbered stops, route legs, context places,
the title box, the legend, the list of stops for screen readers and the
behaviour that keeps an embedded map from trapping the page's scroll.

Article text never reaches the page as markup. Strings go into scripts only
through folium's ``tojavascript`` filter (JSON with ``<``, ``>``, ``&`` and
``'`` escaped), and the scripts put them in the DOM with ``textContent``; the
HTML parts of the page escape them with Jinja's ``|e``. A ``<script>`` in an
article is shown as text and never runs.

The page is lean by default: Leaflet and nothing else (folium's jQuery,
Bootstrap and Font Awesome are left out). ``self_contained=True`` inlines
Leaflet from the ``xstatic-leaflet`` package, so the only requests the page
makes are for map tiles.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import folium
from branca.element import Element, Figure, MacroElement
from folium.template import Template
from geographiclib.geodesic import Geodesic

from geomap.model import Itinerary, Stop

LEAFLET_VERSION = "1.9.3"
LEAFLET_JS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.js"
LEAFLET_CSS = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist/leaflet.css"

MODE_STYLE = {
    "air": {"color": "#1f6feb", "dash": None, "label": "Flight (great-circle arc)"},
    "train": {"color": "#b3261e", "dash": None, "label": "Train"},
    "road": {"color": "#7a4b00", "dash": None, "label": "Road"},
    "sea": {"color": "#00796b", "dash": None, "label": "Sea"},
    None: {"color": "#444444", "dash": "6 6", "label": "Mode not stated"},
}
GEONAMES_CREDIT = 'Places: <a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)'


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

    def render(self, **kwargs: Any) -> None:
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


class LeanMap(folium.Map):
    """A folium Map that loads Leaflet only: no jQuery, Bootstrap or icon fonts."""

    default_js = [("leaflet", LEAFLET_JS)]
    default_css = [("leaflet_css", LEAFLET_CSS)]


class InlineLeaflet(SafeElement):
    """Puts Leaflet's script and stylesheet inside the page, from the xstatic-leaflet package."""

    _template = Template(
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


class SelfContainedMap(LeanMap):
    """A lean map whose Leaflet is inlined, so the page requests nothing but tiles."""

    default_js: list = []
    default_css: list = []


class PageStyle(SafeElement):
    """The stylesheet of the map's own pieces: numbered markers, arrows, title, legend, hidden list."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        .geomap-stop{display:flex;align-items:center;justify-content:center;width:26px;height:26px;border-radius:50%;
          background:#b3261e;color:#fff;font:700 13px/1 system-ui,sans-serif;border:2px solid #fff;
          box-shadow:0 1px 4px rgba(0,0,0,.45);box-sizing:border-box}
        .geomap-stop.origin{background:#555}
        .geomap-stop.inferred{background:#fff;color:#b3261e;border:2px dashed #b3261e}
        .leaflet-marker-icon:focus .geomap-stop,.leaflet-marker-icon:focus-visible .geomap-stop{outline:3px solid #ffbf47;outline-offset:2px}
        .geomap-arrow{width:0;height:0;border-left:7px solid transparent;border-right:7px solid transparent;
          border-bottom:14px solid currentColor;transform-origin:50% 50%}
        .geomap-box{background:rgba(255,255,255,.94);padding:6px 10px;border-radius:4px;box-shadow:0 1px 5px rgba(0,0,0,.35);
          font:13px/1.35 system-ui,sans-serif;color:#222;max-width:min(70vw,420px)}
        .geomap-box h1{font-size:15px;margin:0 0 2px}
        .geomap-box p{margin:0;color:#444}
        .geomap-legend .row{display:flex;align-items:center;gap:6px;margin:2px 0}
        .geomap-legend svg{flex:none}
        .geomap-popup h2{font:700 14px/1.3 system-ui,sans-serif;margin:0 0 4px}
        .geomap-popup p{margin:2px 0;font:12px/1.4 system-ui,sans-serif}
        .geomap-popup blockquote{margin:4px 0 0;padding-left:6px;border-left:3px solid #ccc;font:italic 12px/1.4 system-ui,sans-serif;max-height:9em;overflow:auto}
        .geomap-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
        .geomap-inset{position:absolute;right:10px;bottom:28px;width:150px;height:100px;z-index:800;
          border:2px solid #fff;box-shadow:0 1px 5px rgba(0,0,0,.4);background:#dde6ee}
        @media (max-width:600px){.geomap-inset{display:none}}
        .geomap-hint{position:absolute;left:50%;top:50%;transform:translate(-50%,-50%);z-index:1000;pointer-events:none;
          background:rgba(0,0,0,.7);color:#fff;padding:6px 10px;border-radius:4px;font:13px system-ui,sans-serif;display:none}
        @media (max-width:480px){.geomap-legend{display:none}.geomap-box{max-width:90vw}}
        @media (prefers-reduced-motion: reduce){.leaflet-fade-anim .leaflet-popup,.leaflet-zoom-anim .leaflet-zoom-animated{transition:none!important}}
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        var geomapText = function (tag, text, cls) {
            var el = document.createElement(tag);
            el.textContent = text;
            if (cls) { el.className = cls; }
            return el;
        };
        var geomapPopup = function (d) {
            var box = document.createElement("div");
            box.className = "geomap-popup";
            box.appendChild(geomapText("h2", d.title));
            d.lines.forEach(function (line) { box.appendChild(geomapText("p", line)); });
            d.quotes.forEach(function (q) { box.appendChild(geomapText("blockquote", q)); });
            return box;
        };
        {% endmacro %}
        """
    )


class StopMarker(SafeElement):
    """One numbered stop: a CSS circle with its number, focusable, with a popup of its evidence."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.marker({{ this.location|tojavascript }}, {
            icon: L.divIcon({className: "", html: "", iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]}),
            title: {{ this.label|tojavascript }}, alt: {{ this.label|tojavascript }}, keyboard: true,
            zIndexOffset: {{ this.z }}
        }).addTo({{ this._parent.get_name() }});
        (function (marker) {
            var dot = geomapText("div", {{ this.number|tojavascript }}, {{ this.css_class|tojavascript }});
            dot.setAttribute("aria-hidden", "true");
            marker.on("add", function () { var el = marker.getElement(); if (el && !el.firstChild) { el.appendChild(dot); } });
            if (marker.getElement()) { marker.getElement().appendChild(dot); }
            marker.getElement().setAttribute("aria-label", {{ this.label|tojavascript }});
            marker.bindPopup(geomapPopup({{ this.popup|tojavascript }}), {maxWidth: 320});
        })({{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, stop: Stop, number: str) -> None:
        super().__init__()
        self._name = "GeomapStop"
        self.location = [stop.place.lat, stop.place.lon]
        self.number = number
        self.css_class = (
            "geomap-stop" + (" inferred" if stop.inferred else "") + (" origin" if stop.role == "origin" else "")
        )
        self.label = stop_label(stop)
        self.z = 1000 - stop.order
        lines = [line for line in (_when_line(stop), _mode_line(stop), stop.note) if line]
        if stop.inferred:
            lines.insert(0, "Inferred: the article implies this stop but never states it.")
        self.popup = {"title": f"{stop.order}. {stop.place.name}", "lines": lines, "quotes": list(stop.evidence[:3])}


class ContextMarker(SafeElement):
    """A place the article mentions but the traveller did not visit: a small grey dot with its reason."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.circleMarker({{ this.location|tojavascript }}, {
            radius: 5, color: "#777", weight: 1, fillColor: "#bbb", fillOpacity: 0.7, interactive: true
        }).addTo({{ this._parent.get_name() }});
        {{ this.get_name() }}.bindTooltip({{ this.name|tojavascript }});
        {{ this.get_name() }}.bindPopup(geomapPopup({{ this.popup|tojavascript }}));
        {% endmacro %}
        """
    )

    def __init__(self, name: str, lat: float, lon: float, reason: str) -> None:
        super().__init__()
        self._name = "GeomapContext"
        self.location = [lat, lon]
        self.name = name
        self.popup = {"title": name, "lines": [f"Context: {reason}"], "quotes": []}


class RouteLeg(SafeElement):
    """One leg between consecutive stops, styled by travel mode, with an arrow at its middle."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.polyline({{ this.path|tojavascript }}, {{ this.options|tojavascript }})
            .addTo({{ this._parent.get_name() }});
        (function () {
            var arrow = L.marker({{ this.mid|tojavascript }}, {
                icon: L.divIcon({className: "geomap-arrow-icon", html: "", iconSize: [14, 14], iconAnchor: [7, 7]}),
                interactive: false, keyboard: false
            });
            var draw = function () {
                var el = arrow.getElement();
                if (el && !el.firstChild) {
                    var a = document.createElement("div");
                    a.className = "geomap-arrow";
                    a.style.color = {{ this.options.color|tojavascript }};
                    a.style.transform = "rotate(" + {{ this.bearing|tojavascript }} + "deg)";
                    el.appendChild(a);
                }
            };
            arrow.on("add", draw);
            arrow.addTo({{ this._parent.get_name() }});
            draw();
        })();
        {% endmacro %}
        """
    )

    def __init__(self, a: Stop, b: Stop) -> None:
        super().__init__()
        self._name = "GeomapLeg"
        mode = b.mode
        style = MODE_STYLE.get(mode, MODE_STYLE[None])
        self.path = leg_path(a, b)
        dash = "4 6" if (a.inferred or b.inferred) else style["dash"]
        self.options = {"color": style["color"], "weight": 3, "opacity": 0.85, "dashArray": dash, "interactive": False}
        self.mid, self.bearing = _midpoint_and_bearing(self.path)


class InfoBox(SafeElement):
    """A Leaflet control holding page HTML that was rendered (and escaped) by the template."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="geomap-box {{ this.css_class }}" {{ this.attrs }}>{{ this.body }}</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var box = document.getElementById({{ this.get_name()|tojavascript }});
            var ctl = L.control({position: {{ this.position|tojavascript }}});
            ctl.onAdd = function () { L.DomEvent.disableClickPropagation(box); return box; };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, body: str, position: str, css_class: str, attrs: str = "") -> None:
        super().__init__()
        self._name = "GeomapBox"
        self.body = body
        self.position = position
        self.css_class = css_class
        self.attrs = attrs


class SourceCredit(SafeElement):
    """'Source: ...' in the attribution line, as text: the source is the caller's string, never markup."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.credit|tojavascript }});
        {% endmacro %}
        """
    )

    def __init__(self, source: str) -> None:
        super().__init__()
        self._name = "GeomapSource"
        self.credit = "Source: " + html.escape(source)


class StopList(SafeElement):
    """The text alternative: an ordered list of the stops, hidden visually but read by screen readers."""

    _template = Template(
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


class EmbedBehaviour(SafeElement):
    """Keeps an embedded map from hijacking the page: wheel zoom only after a click or focus,
    one-finger drag on touch screens only after a tap, no animation for reduced-motion users,
    and the page's height posted to a parent frame for auto-sizing iframes."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div class="geomap-hint" id="{{ this.get_name() }}" role="status">Click or tap the map to zoom and pan</div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (map) {
            var hint = document.getElementById({{ this.get_name()|tojavascript }});
            map.getContainer().parentNode.appendChild(hint);
            var touch = ("ontouchstart" in window) || (navigator.maxTouchPoints > 0);
            map.scrollWheelZoom.disable();
            if (touch) { map.dragging.disable(); if (map.tap) { map.tap.disable(); } }
            var on = function () { map.scrollWheelZoom.enable(); map.dragging.enable(); hint.style.display = "none"; };
            var off = function () { map.scrollWheelZoom.disable(); if (touch) { map.dragging.disable(); } };
            map.on("click focus", on);
            map.on("blur mouseout", off);
            map.getContainer().addEventListener("wheel", function () {
                if (!map.scrollWheelZoom.enabled()) { hint.style.display = "block"; setTimeout(function () { hint.style.display = "none"; }, 1200); }
            }, {passive: true});
            if (window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
                map.options.zoomAnimation = false; map.options.fadeAnimation = false; map.options.markerZoomAnimation = false;
                map.options.inertia = false;
            }
            map.getContainer().setAttribute("aria-label", {{ this.summary|tojavascript }});
            map.getContainer().setAttribute("role", "region");
            var post = function () {
                // A map has no natural height: ask the parent page for a 3:2 frame, within limits.
                if (window.parent && window.parent !== window) {
                    window.parent.postMessage({geomap: "height", id: {{ this.frame_id|tojavascript }},
                        height: Math.round(Math.max(320, Math.min(720, window.innerWidth * 0.66)))}, "*");
                }
            };
            window.addEventListener("load", post);
            window.addEventListener("resize", post);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, summary: str, frame_id: str) -> None:
        super().__init__()
        self._name = "GeomapEmbed"
        self.summary = summary
        self.frame_id = frame_id


class LocatorInset(SafeElement):
    """A small world map in a corner that shows where a compact route lies (decorative for screen readers)."""

    _template = Template(
        """
        {% macro html(this, kwargs) %}
        <div id="{{ this.get_name() }}" class="geomap-inset" aria-hidden="true"></div>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function (main) {
            var box = document.getElementById({{ this.get_name()|tojavascript }});
            main.getContainer().appendChild(box);
            L.DomEvent.disableClickPropagation(box);
            var inset = L.map(box, {zoomControl: false, attributionControl: false, dragging: false,
                scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
                zoomSnap: 0.25}).setView({{ this.center|tojavascript }}, {{ this.zoom|tojavascript }});
            L.tileLayer({{ this.tiles|tojavascript }}, {maxZoom: 5}).addTo(inset);
            L.rectangle({{ this.bounds|tojavascript }}, {color: "#b3261e", weight: 2, fill: false}).addTo(inset);
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], tiles: str) -> None:
        super().__init__()
        self._name = "GeomapInset"
        (s, w), (n, e) = bounds
        pad = 1.5
        self.bounds = [[s - pad, w - pad], [n + pad, e + pad]]
        self.center = [(s + n) / 2, (w + e) / 2]
        self.zoom = 1
        self.tiles = tiles


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


# -- text pieces ------------------------------------------------------------------------------------


def _when_line(stop: Stop) -> str | None:
    return f"When: {stop.when}" if stop.when else None


def _mode_line(stop: Stop) -> str | None:
    if stop.role == "origin":
        return "Start of the trip"
    return f"Arrived by {stop.mode}" if stop.mode else None


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


def summary_sentence(trip: Itinerary) -> str:
    """One sentence describing the map, usable as alt text."""
    who = trip.leader or "The traveller"
    names = [s.place.name + (" (inferred)" if s.inferred else "") for s in trip.stops]
    if not names:
        return f"Map of places mentioned in the article about {who}; no itinerary was found."
    route = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and then " + names[-1]
    return f"Map of the trip of {who}: {len(names)} stop{'s' if len(names) != 1 else ''} in order, {route}."


# -- the map -----------------------------------------------------------------------------------


def _tiles(name: str) -> tuple[str, str]:
    import xyzservices.providers as xyz

    try:
        provider = xyz.query_name(name)
    except ValueError:
        raise ValueError(f"unknown tile provider {name!r}; try OpenStreetMap.Mapnik or OpenTopoMap") from None
    url = provider.build_url(scale_factor="{r}") if "{r}" in provider.url else provider.build_url()
    return url, provider.html_attribution, provider.name


def build_map(
    trip: Itinerary,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    source: str | None = None,
    tiles: str = "OpenStreetMap.Mapnik",
    self_contained: bool = False,
    show_context: bool = True,
    height: str = "100%",
    inset: bool = True,
) -> folium.Map:
    """The folium map of an itinerary: numbered stops, legs by mode, context places, title, legend, credits.

    >>> from geomap.model import Place
    >>> trip = Itinerary("A. Traveller", [Stop(1, Place("x:1", "Omsk", 54.99, 73.37, "RU", "city"))])
    >>> "geomap-stops" in build_map(trip).get_root().render()
    True
    """
    tile_url, tile_attr, tile_name = _tiles(tiles)
    attribution = f"{tile_attr} | {GEONAMES_CREDIT}"  # the provider's and ours: no outside text reaches folium
    cls = SelfContainedMap if self_contained else LeanMap
    points = [[s.place.lat, s.place.lon] for s in trip.stops]
    if show_context and len(points) < 2:
        points += [[c.place.lat, c.place.lon] for c in trip.context if c.place.kind not in ("continent", "ocean")]
    center = points[0] if points else [20.0, 0.0]
    m = cls(
        location=center,
        zoom_start=4,
        tiles=None,
        control_scale=True,
        height=height,
        prefer_canvas=False,
        world_copy_jump=False,
    )
    folium.TileLayer(tiles=tile_url, attr=attribution, name=tile_name, max_zoom=18).add_to(m)
    root = m.get_root()
    if self_contained:
        m.add_child(InlineLeaflet(), name="leaflet_inline", index=0)
    m.add_child(PageStyle(), name="geomap_style")
    if source:
        m.add_child(SourceCredit(source))
    if show_context:
        for c in trip.context:
            m.add_child(ContextMarker(c.place.name, c.place.lat, c.place.lon, c.reason))
    stops = list(trip.stops)
    for a, b in zip(stops, stops[1:]):
        m.add_child(RouteLeg(a, b))
    for s in stops:
        number = str(s.order)
        m.add_child(StopMarker(s, number))
    heading = title or trip.title or (f"The trip of {trip.leader}" if trip.leader else "Places in the article")
    sub = subtitle or _date_range([s.when for s in stops if s.when])
    body = f"<h1>{html.escape(heading)}</h1>" + (f"<p>{html.escape(sub)}</p>" if sub else "")
    m.add_child(InfoBox(body, "topright", "geomap-title"))
    m.add_child(InfoBox(_legend_html(trip), "bottomleft", "geomap-legend", 'aria-hidden="true"'))
    m.add_child(StopList(trip))
    m.add_child(EmbedBehaviour(summary_sentence(trip), heading))
    root.title = html.escape(heading)
    if len(points) >= 2:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        m.fit_bounds(bounds, padding=(40, 40), max_zoom=9)
        if inset and max(lats) - min(lats) < 25 and max(lons) - min(lons) < 35:
            m.add_child(LocatorInset(bounds, tile_url))  # a compact route needs its place in the world shown
    elif points:
        m.location = points[0]
        m.options["zoom"] = 7
    return m


def _date_range(whens: list[str]) -> str | None:
    """'12–14 September 2023' from the stops' ISO dates; relative cues ('the day before') make no subtitle."""
    import datetime as dt

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


def _legend_html(trip: Itinerary) -> str:
    used = {s.mode for s in trip.stops[1:]}
    rows = []
    for mode in ("air", "train", "road", "sea", None):
        if mode in used:
            style = MODE_STYLE[mode]
            dash = f' stroke-dasharray="{style["dash"]}"' if style["dash"] else ""
            rows.append(
                f'<div class="row"><svg width="28" height="8"><line x1="0" y1="4" x2="28" y2="4" stroke="{style["color"]}" '
                f'stroke-width="3"{dash}/></svg>{style["label"]}</div>'
            )
    rows.append(
        '<div class="row"><svg width="28" height="16"><circle cx="14" cy="8" r="7" fill="#b3261e"/></svg>Stop, in order</div>'
    )
    if any(s.inferred for s in trip.stops):
        rows.append(
            '<div class="row"><svg width="28" height="16"><circle cx="14" cy="8" r="6" fill="#fff" stroke="#b3261e" '
            'stroke-dasharray="3 2" stroke-width="2"/></svg>Inferred, not stated</div>'
        )
    if trip.context:
        rows.append(
            '<div class="row"><svg width="28" height="12"><circle cx="14" cy="6" r="5" fill="#bbb" stroke="#777"/></svg>'
            "Mentioned, not visited</div>"
        )
    return "".join(rows)


def render_html(trip: Itinerary, **options: Any) -> str:
    """The complete static HTML page of the map."""
    return build_map(trip, **options).get_root().render()


def write_html(trip: Itinerary, path: str | Path, **options: Any) -> Path:
    """Write the map page atomically: to a temporary file beside ``path``, then renamed into place."""
    from geomap.output import write_text_atomic

    return write_text_atomic(path, render_html(trip, **options))
