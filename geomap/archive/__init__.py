"""Whole archives: a folder, JSONL, CSV or Parquet of articles in; places, itineraries, errors (and maps) out.

Sits above the pipeline and publish (it runs the one and writes with the other) and below the CLI and the
evaluation. ``run`` drives a batch on this process, local worker processes or a Dask cluster; ``work`` is
the per-article and per-chunk work every executor (Spark's ``mapPartitions`` too) runs; ``journal`` writes
the output folder so that any stop can be resumed; ``sources`` reads the archive.
"""

from geomap.archive.run import BatchSummary, batch
from geomap.archive.work import process_records

__all__ = ["batch", "BatchSummary", "process_records"]
