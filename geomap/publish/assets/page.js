// geomap's map pieces. Text from an article reaches the page only through textContent, never as markup.
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
var geomapDecode = function (data, line) {
    // Quantized, delta-encoded [x0, y0, dx1, dy1, ...] (geomap.publish.basemap.encoded) to [lat, lon] points.
    var out = [], x = 0, y = 0;
    for (var i = 0; i + 1 < line.length; i += 2) {
        x += line[i]; y += line[i + 1];
        out.push([data.origin[1] + y * data.step, data.origin[0] + x * data.step]);
    }
    return out;
};
var geomapBasemap = function (map, data, colours) {
    var pane = map.createPane("geomap-basemap");
    pane.style.zIndex = 150;  // under the tiles' pane (200): tiles, when asked for, cover it where they load
    pane.style.pointerEvents = "none";
    var renderer = L.svg({pane: "geomap-basemap", padding: 0.5});
    var land = data.land.map(function (poly) { return poly.map(function (r) { return geomapDecode(data, r); }); });
    L.polygon(land, {renderer: renderer, pane: "geomap-basemap", color: colours.coast, weight: 0.8, fillColor: colours.land,
        fillOpacity: 1, interactive: false, className: "geomap-land"}).addTo(map);
    L.polyline(data.borders.map(function (b) { return geomapDecode(data, b); }), {renderer: renderer,
        pane: "geomap-basemap", color: colours.border, weight: 1, interactive: false, className: "geomap-border"}).addTo(map);
    map.whenReady(function () {
        // Keep the view inside the area the page carries, so the edges of the cut never show.
        var area = L.latLngBounds(data.area);
        map.setMaxBounds(area);
        map.options.maxBoundsViscosity = 1;
        map.setMinZoom(Math.min(map.getZoom(), Math.ceil(map.getBoundsZoom(area, true) * 4) / 4));
    });
};
var geomapStop = function (map, at, number, cls, label, z, popup) {
    var marker = L.marker(at, {
        icon: L.divIcon({className: "", html: "", iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12]}),
        title: label, alt: label, keyboard: true, zIndexOffset: z
    }).addTo(map);
    var dot = geomapText("div", number, cls);
    dot.setAttribute("aria-hidden", "true");
    marker.on("add", function () { var el = marker.getElement(); if (el && !el.firstChild) { el.appendChild(dot); } });
    if (marker.getElement()) { marker.getElement().appendChild(dot); }
    marker.getElement().setAttribute("aria-label", label);
    marker.bindPopup(geomapPopup(popup), {maxWidth: 320});
    return marker;
};
var geomapContext = function (map, at, name, popup, tooltip) {
    var marker = L.marker(at, {
        icon: L.divIcon({className: "", html: "", iconSize: [10, 10], iconAnchor: [5, 5]}),
        title: name, alt: name, keyboard: true, zIndexOffset: -500
    }).addTo(map);
    var dot = geomapText("div", "", "geomap-dot");
    dot.setAttribute("aria-hidden", "true");
    marker.getElement().appendChild(dot);
    marker.getElement().setAttribute("aria-label", name);
    if (tooltip) { marker.bindTooltip(name, {direction: "top", offset: [0, -4]}); }  // shows on hover and on focus
    marker.bindPopup(geomapPopup(popup));
    return marker;
};
var geomapLeg = function (map, path, options, mid, bearing) {
    L.polyline(path, options).addTo(map);
    var arrow = L.marker(mid, {
        icon: L.divIcon({className: "geomap-arrow-icon", html: "", iconSize: [14, 14], iconAnchor: [7, 7]}),
        interactive: false, keyboard: false
    });
    var draw = function () {
        var el = arrow.getElement();
        if (el && !el.firstChild) {
            var a = document.createElement("div");
            a.className = "geomap-arrow";
            a.style.color = options.color;
            a.style.transform = "rotate(" + bearing + "deg)";
            el.appendChild(a);
        }
    };
    arrow.on("add", draw);
    arrow.addTo(map);
    draw();
};
var geomapControl = function (map, id, position) {
    var box = document.getElementById(id);
    var ctl = L.control({position: position});
    ctl.onAdd = function () { L.DomEvent.disableClickPropagation(box); return box; };
    ctl.addTo(map);
};
var geomapLegend = function (map, id) {
    var box = document.getElementById(id);
    var button = box.querySelector("button");
    button.addEventListener("click", function () {
        var open = !box.classList.contains("open");
        box.classList.toggle("open", open);
        button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    geomapControl(map, id, "bottomleft");
};
// -- labels: the eight positions around a point, the freest wins; crowded ones move out on a leader line --
var GEOMAP_DIRS = [[1, 0], [-1, 0], [1, -1], [-1, -1], [1, 1], [-1, 1], [0, -1], [0, 1]];
var geomapOverlap = function (a, b) {
    var w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    var h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
};
var geomapCandidate = function (p, d, dist, w, h) {
    var x = d[0] > 0 ? p.x + dist : d[0] < 0 ? p.x - dist - w : p.x - w / 2;
    var y = d[1] > 0 ? p.y + dist * 0.7 : d[1] < 0 ? p.y - dist * 0.7 - h : p.y - h / 2;
    if (d[0] !== 0 && d[1] !== 0) { x -= d[0] * dist * 0.3; }
    return {x: x, y: y, w: w, h: h};
};
var geomapScore = function (box, placed, marks, points, view) {
    var hard = 0, soft = 0, i;
    for (i = 0; i < placed.length; i++) { hard += geomapOverlap(box, placed[i]); }
    for (i = 0; i < marks.length; i++) {
        if (marks[i].soft) { soft += geomapOverlap(box, marks[i]) / 10; } else { hard += geomapOverlap(box, marks[i]); }
    }
    for (i = 0; i < points.length; i++) {
        var q = points[i];
        if (q.x > box.x - 2 && q.x < box.x + box.w + 2 && q.y > box.y - 2 && q.y < box.y + box.h + 2) { soft += 1; }
    }
    for (i = 0; i < view.blocks.length; i++) { soft += geomapOverlap(box, view.blocks[i]) / 40; }
    var inside = geomapOverlap(box, view.box);
    soft += (box.w * box.h - inside) / 20;
    return {hard: hard, soft: soft};
};
var geomapRoutePoints = function (map, routes) {
    var points = [];
    routes.forEach(function (path) {
        var prev = null;
        path.forEach(function (ll) {
            var p = map.latLngToLayerPoint(ll);
            if (prev) {
                var n = Math.min(200, Math.ceil(prev.distanceTo(p) / 6));
                for (var k = 1; k <= n; k++) { points.push(prev.add(p.subtract(prev).multiplyBy(k / n))); }
            } else { points.push(p); }
            prev = p;
        });
    });
    return points;
};
var geomapView = function (map) {
    var size = map.getSize(), origin = map.containerPointToLayerPoint([0, 0]);
    var rect = map.getContainer().getBoundingClientRect();
    var blocks = [];
    map.getContainer().querySelectorAll(".leaflet-control").forEach(function (c) {
        var r = c.getBoundingClientRect();
        if (r.width > 0) { blocks.push({x: origin.x + r.left - rect.left, y: origin.y + r.top - rect.top, w: r.width, h: r.height}); }
    });
    return {box: {x: origin.x, y: origin.y, w: size.x, h: size.y}, blocks: blocks};
};
var geomapLeader = function (pane, p, box, r) {
    var cx = Math.max(box.x, Math.min(p.x, box.x + box.w)), cy = Math.max(box.y, Math.min(p.y, box.y + box.h));
    var dx = cx - p.x, dy = cy - p.y, len = Math.sqrt(dx * dx + dy * dy);
    if (len <= r + 2) { return; }
    var line = document.createElement("div");
    line.className = "geomap-leader";
    line.style.width = (len - r) + "px";
    var a = Math.atan2(dy, dx);
    line.style.transform = "translate(" + (p.x + Math.cos(a) * r) + "px," + (p.y + Math.sin(a) * r) + "px) rotate(" + a + "rad)";
    pane.appendChild(line);
};
var geomapPlace = function (item, el, p, placed, marks, points, view) {
    var w = el.offsetWidth, h = el.offsetHeight, r = item.kind === "stop" ? 13 : 5, best = null;
    var rings = item.kind === "sea" ? [r + 3] : [r + 4, r + 26, r + 52, r + 84, r + 124, r + 170];
    var dirs = item.kind === "sea" ? [[0, 1], [0, -1], [1, 0], [-1, 0]] : GEOMAP_DIRS;
    for (var ri = 0; ri < rings.length && !(best && best.hard === 0 && best.soft === 0); ri++) {
        for (var di = 0; di < dirs.length; di++) {
            var box = geomapCandidate(p, dirs[di], rings[ri], w, h);
            var s = geomapScore(box, placed, marks, points, view);
            var cost = s.hard * 1000 + s.soft * 6 + di + ri * 40;
            if (!best || (s.hard === 0 && best.hard > 0) || ((s.hard === 0) === (best.hard === 0) && cost < best.cost)) {
                best = {box: box, hard: s.hard, soft: s.soft, cost: cost, ring: ri};
            }
        }
    }
    return best;
};
var geomapLabels = function (map, items, routes) {
    var pane = map.createPane("geomap-labels");
    pane.style.zIndex = 450;  // over the route (400), under the markers (600)
    pane.style.pointerEvents = "none";
    var els = items.map(function (item) {
        if (item.kind === "dot") { return null; }
        var el = document.createElement("div");
        el.className = "geomap-label " + item.kind;
        el.setAttribute("aria-hidden", "true");  // the ordered list and the markers' labels say the same
        el.appendChild(geomapText("span", item.name, "name"));
        if (item.date) { el.appendChild(geomapText("span", item.date, "date")); }
        pane.appendChild(el);
        return el;
    });
    var layout = function () {
        pane.querySelectorAll(".geomap-leader").forEach(function (l) { l.remove(); });
        var view = geomapView(map), points = geomapRoutePoints(map, routes), placed = [];
        var at = items.map(function (item) { return map.latLngToLayerPoint(item.at); });
        var marks = [];
        items.forEach(function (item, i) {
            var r = item.kind === "stop" ? 13 : 5;
            if (item.kind !== "sea") { marks.push({x: at[i].x - r, y: at[i].y - r, w: 2 * r, h: 2 * r, soft: item.kind === "dot"}); }
        });
        items.forEach(function (item, i) {
            if (!els[i]) { return; }
            var best = geomapPlace(item, els[i], at[i], placed, marks, points, view);
            var hide = item.kind !== "stop" && best.hard > 0;  // a context or sea name never covers a stop's
            els[i].style.display = hide ? "none" : "";
            if (hide) { return; }
            L.DomUtil.setPosition(els[i], L.point(best.box.x, best.box.y));
            placed.push(best.box);
            if (best.ring > 0) { geomapLeader(pane, at[i], best.box, item.kind === "stop" ? 13 : 5); }
        });
        pane.style.visibility = "";
    };
    map.on("zoomstart", function () { pane.style.visibility = "hidden"; });  // placed for one zoom only
    map.on("zoomend viewreset resize", layout);
    map.whenReady(layout);
    window.addEventListener("load", layout);  // again once fonts have their final sizes
};
var geomapEmbed = function (map, hintId, summary, frameId) {
    var hint = document.getElementById(hintId);
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
    map.getContainer().setAttribute("aria-label", summary);
    map.getContainer().setAttribute("role", "region");
    geomapFullscreen(map);
    var post = function () {
        // A map has no natural height: ask the parent page for a 3:2 frame, within limits.
        if (window.parent && window.parent !== window) {
            window.parent.postMessage({geomap: "height", id: frameId,
                height: Math.round(Math.max(320, Math.min(720, window.innerWidth * 0.66)))}, "*");
        }
    };
    window.addEventListener("load", post);
    window.addEventListener("resize", post);
};
var geomapFullscreen = function (map) {
    var box = map.getContainer();
    if (!box.requestFullscreen) { return; }
    var ctl = L.control({position: "topleft"});
    ctl.onAdd = function () {
        var bar = L.DomUtil.create("div", "leaflet-bar leaflet-control geomap-fullscreen");
        var a = L.DomUtil.create("a", "", bar);
        a.href = "#"; a.setAttribute("role", "button"); a.title = "Full screen"; a.setAttribute("aria-label", "Full screen");
        var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
        svg.setAttribute("aria-hidden", "true"); svg.style.verticalAlign = "middle";
        var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
        path.setAttribute("d", "M1 6V1h5M10 1h5v5M15 10v5h-5M6 15H1v-5");
        path.setAttribute("fill", "none"); path.setAttribute("stroke", "currentColor"); path.setAttribute("stroke-width", "2");
        svg.appendChild(path); a.appendChild(svg);
        L.DomEvent.on(a, "click", function (e) {
            L.DomEvent.preventDefault(e);
            if (document.fullscreenElement) { document.exitFullscreen(); } else { box.requestFullscreen(); }
        });
        L.DomEvent.disableClickPropagation(bar);
        return bar;
    };
    ctl.addTo(map);
    document.addEventListener("fullscreenchange", function () { map.invalidateSize(); });
};
var geomapInset = function (main, id, world, bounds, center, colours) {
    var box = document.getElementById(id);
    var ctl = L.control({position: "bottomright"});
    ctl.onAdd = function () { L.DomEvent.disableClickPropagation(box); return box; };
    ctl.addTo(main);
    var inset = L.map(box, {zoomControl: false, attributionControl: false, dragging: false,
        scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false,
        zoomSnap: 0.25}).setView(center, 0.5);
    var land = world.land.map(function (poly) { return poly.map(function (r) { return geomapDecode(world, r); }); });
    L.polygon(land, {stroke: false, fillColor: colours.land, fillOpacity: 1, interactive: false}).addTo(inset);
    L.rectangle(bounds, {color: colours.accent, weight: 2, fill: false}).addTo(inset);
};
