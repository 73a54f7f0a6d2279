"""The geoparse stage: text in; :class:`~geomap.model.Mention` values (spans resolved to places) out.

- :mod:`geomap.geoparse.recognize`: which spans of the text name places, with their gazetteer candidates.
- :mod:`geomap.geoparse.resolve`: which candidate each span means, with a confidence and the runner-up.

Reads the gazetteer (:mod:`geomap.gazetteer`) and the text stage; knows nothing of trips or maps.
"""
