"""Measuring geomap: annotated corpora in, scores and reports out.

Reads the shared corpora and the real-article gold files where they live; never
copies article text into the project.
"""
