"""The trip stage: text and its resolved mentions in; an :class:`~geomap.model.Itinerary` out.

- :mod:`geomap.trip.people`: the people an article names, role nouns and pronouns, and who they refer to.
- :mod:`geomap.trip.timecues`: dates, weekdays, tense and sequence words.
- :mod:`geomap.trip.evidence`: which mentions are stops of the traveller, read from their clause.
- :mod:`geomap.trip.ordering`: evidence grouped into stops and put in trip order.
- :mod:`geomap.trip.itinerary`: runs them and builds the itinerary (areas that hold a stop, inferred origins).

Reads the geoparse output and the gazetteer; knows nothing of maps or files.
"""
