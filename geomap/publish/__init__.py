"""The publish stage: an :class:`~geomap.model.Itinerary` in; pages, images and exports out.

- :mod:`geomap.publish.page`: the folium map and its static HTML page (script and style in ``assets/``).
- :mod:`geomap.publish.lazyfolium`: only the parts of folium a page uses, its templates compiled once per machine.
- :mod:`geomap.publish.options`: the map's options, checked once, shared by the page and the images.
- :mod:`geomap.publish.basemap`: Natural Earth land and borders (``data/``), cut and simplified for a map.
- :mod:`geomap.publish.svg`, :mod:`geomap.publish.raster`, :mod:`geomap.publish.layout`: SVG and PNG without a
  browser, and where their labels go.
- :mod:`geomap.publish.provenance`: the itinerary a page or SVG carries, and reading it back.
- :mod:`geomap.publish.geojson`, :mod:`geomap.publish.storymap`: GeoJSON and StoryMapJS exports.
- :mod:`geomap.publish.shapes`: the JSON shapes other tools read, and reading an edited itinerary back.
- :mod:`geomap.publish.embed`: the iframe snippet for a CMS.
- :mod:`geomap.publish.browser`: headless Chromium for screenshots (refused when the page shows no map).

Takes values only; never parses articles. Outside text goes into pages as data (docs/SECURITY.md).
"""
