"""geomap: a news article in, the traveller's itinerary on a map out, with no network."""
__version__ = "0.1.0"
