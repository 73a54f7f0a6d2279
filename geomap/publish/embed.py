"""The snippet a CMS pastes to embed a map page: an iframe plus a tiny auto-height listener.

The map page posts ``{geomap: "height", id, height}`` to its parent (see
render.EmbedBehaviour); the listener sizes the matching iframe. No third-party
service is involved, and the iframe is lazy-loaded and titled for screen readers.
"""

from __future__ import annotations

import html
from urllib.parse import urlsplit

_LISTENER = """<script>
(function () {
  if (window.__geomapHeights) { return; }
  window.__geomapHeights = true;
  window.addEventListener("message", function (e) {
    var d = e.data;
    if (!d || d.geomap !== "height" || typeof d.height !== "number") { return; }
    var frames = document.querySelectorAll("iframe[data-geomap]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === e.source) {
        frames[i].style.height = Math.max(320, Math.min(900, Math.round(d.height))) + "px";
      }
    }
  });
})();
</script>"""


def embed_snippet(src: str, *, title: str, height: int = 480) -> str:
    """HTML to paste into an article: a responsive, lazy, titled iframe that sizes itself.

    >>> print(embed_snippet("https://example.org/trip.html", title="Kim's trip").splitlines()[0])
    <iframe data-geomap src="https://example.org/trip.html" title="Map: Kim&#x27;s trip" loading="lazy" style="width:100%;height:480px;border:0" allowfullscreen></iframe>
    """
    if urlsplit(src).scheme.lower() not in ("", "http", "https"):  # "javascript:", "data:" would run in the page
        raise ValueError(f"the map's address must be http(s) or a relative path, got {src!r}")
    tag = (
        f'<iframe data-geomap src="{html.escape(src)}" title="{html.escape("Map: " + title)}" loading="lazy" '
        f'style="width:100%;height:{int(height)}px;border:0" allowfullscreen></iframe>'
    )
    return tag + "\n" + _LISTENER
