"""The publish stage: an :class:`~geomap.model.Itinerary` in; pages, images and exports out.

- :mod:`geomap.publish.page`: the folium map and its static HTML page.
- :mod:`geomap.publish.geojson`, :mod:`geomap.publish.storymap`: GeoJSON and StoryMapJS exports.
- :mod:`geomap.publish.shapes`: the JSON shapes other tools read, and reading an edited itinerary back.
- :mod:`geomap.publish.embed`: the iframe snippet for a CMS.
- :mod:`geomap.publish.browser`: headless Chromium for screenshots.

Takes values only; never parses articles. Outside text goes into pages as data (docs/SECURITY.md).
"""
