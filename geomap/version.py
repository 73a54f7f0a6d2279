"""geomap's version, at the bottom of the package so that any layer may read it (the gazetteer stamps builds with it)."""

__version__ = "0.1.0"
