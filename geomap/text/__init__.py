"""The text stage, at the bottom of the pipeline: raw bytes in; checked text, sentences, tokens and name keys out.

- :mod:`geomap.text.read`: an article file or standard input in, UTF-8 text out (or one clear error).
- :mod:`geomap.text.tokens`: sentences and tokens with exact offsets.
- :mod:`geomap.text.keys`: the folded keys that let an article's spelling meet the gazetteer's.
- :mod:`geomap.text.wordlists`: the small English vocabularies the later stages share.

Imports nothing above it: only :mod:`geomap.errors`.
"""
