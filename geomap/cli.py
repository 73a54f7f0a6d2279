"""The ``geomap`` command line: a thin layer over the Python API.

Each command parses its arguments, calls one public function, and prints or
writes the result. Errors become one line on stderr and an exit status:
1 when nothing was found, 2 for bad input or usage (docs/JSON.md); never a traceback.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from geomap.errors import GazetteerError, GeomapError, InputError, NothingFound

app = typer.Typer(
    help="Turn a news article into a map of a traveller's itinerary, offline.\n\n"
    "Example: geomap map article.txt -o outputs/trip.html",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
gazetteer_app = typer.Typer(help="Build, inspect and grow the offline gazetteer.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure geomap on annotated corpora and write docs/EVALUATION.md.", no_args_is_help=True)
app.add_typer(gazetteer_app, name="gazetteer")
app.add_typer(eval_app, name="eval")

ArticleArg = Annotated[
    str, typer.Argument(help="Article text file (UTF-8), or - for standard input.", show_default=False)
]
GazetteerOpt = Annotated[
    Path | None,
    typer.Option(
        "--gazetteer",
        help="Gazetteer file to use (default: $GEOMAP_GAZETTEER or the user cache).",
        envvar="GEOMAP_GAZETTEER",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (the shapes in docs/JSON.md).")]
LeaderOpt = Annotated[str | None, typer.Option("--leader", help="Whose trip to follow (default: found from the text).")]
DateOpt = Annotated[str | None, typer.Option("--date", help="The article's date, YYYY-MM-DD, to date the stops.")]


def _fail(message: str, code: int) -> None:
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def handle_errors(func: Callable) -> Callable:
    """Turn geomap's errors into one stderr line and exit 1 (nothing found) or 2 (bad input)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            result = func(*args, **kwargs)
            sys.stdout.flush()  # a reader gone away shows here, among the handlers, not in click's at exit
            return result
        except BrokenPipeError:  # before Exception: "geomap itinerary a.txt | head" stopped reading; nothing failed
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # and the interpreter's last flush is quiet
            raise typer.Exit(0) from None
        except NothingFound as exc:
            _fail(str(exc), 1)
        except GeomapError as exc:
            _fail(str(exc), 2)
        except KeyboardInterrupt:
            _fail("interrupted", 130)
        except sqlite3.DatabaseError as exc:  # (the gazetteer wraps its own errors: this is a last resort)
            _fail(f"a database could not be read or written ({exc}); check the disk and the gazetteer's folder", 2)
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: still one line for the user, the traceback on request
            if os.environ.get("GEOMAP_DEBUG"):
                raise
            _fail(f"internal error ({type(exc).__name__}: {exc}); rerun with GEOMAP_DEBUG=1 and report it", 3)

    return wrapper


def _read(article: str) -> str:
    from geomap.text.read import read_article

    stdin = getattr(sys.stdin, "buffer", None)  # None when standard input is closed ("<&-")
    return read_article(article, stdin=stdin)


@contextmanager
def _progress(title: str) -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress bar on stderr for long work: steps when their number is known, lines read when not.

    The bar is stopped however the work ends, so an error message never lands inside a live bar.
    rich's progress module is imported here, not at the top: most commands never build anything.
    """
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(), console=Console(stderr=True))
    task = None

    def report(step: str, done: int, total: int | None) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(title, total=total)
        description = f"{title}: {step}" if total is not None else f"{title}: {step}, line {done:,}"
        bar.update(task, completed=done, total=total, description=description)

    try:
        yield report
    finally:
        if task is not None:  # (a bar never started would still print an empty line)
            bar.stop()


def _gazetteer(path: Path | None):
    from geomap.gazetteer.fingerprint import needs_build, remove_stale_partials
    from geomap.gazetteer.store import default_path, open_gazetteer

    target = path or default_path()
    remove_stale_partials(Path(target))  # what a killed build left
    if needs_build(target):
        from geomap.gazetteer.build import build  # only now: the build's readers take a while to import

        typer.echo(
            f"geomap: building the offline gazetteer at {target} (once per geomap version, about 30 s)", err=True
        )
        with _progress("gazetteer") as report:
            build(target, progress=report)
    return open_gazetteer(target)


_STOP_COLUMNS = ("#", "place", "country", "role", "mode", "when", "lat", "lon")


def _stop_rows(trip) -> list[tuple[str, ...]]:
    return [
        (
            str(s.order),
            s.place.name + (" (inferred)" if s.inferred else ""),
            s.place.country or "",
            s.role,
            s.mode or "",
            s.when or "",
            f"{s.place.lat:.3f}",
            f"{s.place.lon:.3f}",
        )
        for s in trip.stops
    ]


def _print_stops(trip) -> None:
    """The stops as a table: rich's on a terminal; plain aligned columns when piped (rich takes 0.1 s to import,
    and a pipe's reader wants text, not box drawing)."""
    title = f"Itinerary of {trip.leader or 'unknown traveller'}"
    rows = _stop_rows(trip)
    if not sys.stdout.isatty():
        widths = [max(len(r[i]) for r in [_STOP_COLUMNS, *rows]) for i in range(len(_STOP_COLUMNS))]
        typer.echo(title)
        for row in [_STOP_COLUMNS, *rows]:
            typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in _STOP_COLUMNS:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError  # rich would exit 1, geomap's code for "nothing found": handle_errors decides

    _Console().print(table)


# -- commands ------------------------------------------------------------------------------------


@app.command("places")
@handle_errors
def places_cmd(article: ArticleArg, json_out: JsonOpt = False, gazetteer: GazetteerOpt = None) -> None:
    """List the places an article names, each resolved to coordinates.

    Example: geomap places article.txt --json
    """
    from geomap.pipeline import geoparse
    from geomap.publish.shapes import dumps, places_to_dict

    text = _read(article)
    mentions = [m for m in geoparse(text, gazetteer=_gazetteer(gazetteer)) if m.place is not None]
    if json_out:
        typer.echo(dumps(places_to_dict(mentions)))
    else:
        for m in mentions:
            p = m.place
            assert p is not None  # unresolved mentions were left out above
            typer.echo(
                f"{m.start:>6}  {m.text:<28} {p.name} ({p.country or '-'}, {p.kind}) "
                f"{p.lat:.3f},{p.lon:.3f}  conf {m.confidence:.2f}"
            )
    if not mentions:
        raise NothingFound("no places found in the article")


@app.command("itinerary")
@handle_errors
def itinerary_cmd(
    article: ArticleArg,
    json_out: JsonOpt = False,
    leader: LeaderOpt = None,
    date: DateOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Print the ordered stops of the traveller the article follows, with the sentences that prove them.

    Example: geomap itinerary article.txt --json --leader "Kim Jong Un" > trip.json
    """
    from geomap.pipeline import itinerary
    from geomap.publish.shapes import dumps

    trip = itinerary(_read(article), leader, date=date, gazetteer=_gazetteer(gazetteer))
    if json_out:
        typer.echo(dumps(trip.to_dict()))
    else:
        _print_stops(trip)
        for s in trip.stops:
            for quote in s.evidence[:2]:
                typer.echo(f"  {s.order}. {s.place.name}: \u201c{quote}\u201d")
    if not trip.stops:
        raise NothingFound("no itinerary found: the article names no place the traveller went to")


MAX_ITINERARY_BYTES = 50_000_000  # a page with a basemap is a few hundred KB; an itinerary file far less


def _read_itinerary_file(path: Path):
    """An itinerary from an edited JSON file, or from the JSON block of a page or SVG geomap wrote; with the
    block's record (its article's source and date) when there is one."""
    from geomap.publish.provenance import read_embedded
    from geomap.publish.shapes import itinerary_from_dict

    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_ITINERARY_BYTES + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_ITINERARY_BYTES:
        raise InputError(f"{path}: is over {MAX_ITINERARY_BYTES // 1_000_000} MB; not an itinerary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text; give the JSON, page or SVG that geomap wrote") from None
    if text.lstrip().startswith("<"):
        found = read_embedded(text, str(path))
        return itinerary_from_dict(found["itinerary"]), found
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: is not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:
        raise InputError(f"{path}: is nested too deeply to be an itinerary") from None
    return itinerary_from_dict(data), {}


def _provenance(trip, gazetteer: Path | None, *, source, date, from_file: bool, carried: dict):
    """Where the map's itinerary came from: the gazetteer's build and sources, the article's source and date,
    and (for an itinerary read from a file) the stops that differ from the gazetteer's records."""
    from geomap.gazetteer.fingerprint import needs_build
    from geomap.gazetteer.store import default_path
    from geomap.publish.provenance import Provenance, edited_stops

    found = carried.get("article")
    article: dict = found if isinstance(found, dict) else {}
    source = source or (article.get("source") if isinstance(article.get("source"), str) else None)
    date = date or (article.get("date") if isinstance(article.get("date"), str) else None)
    target = gazetteer or default_path()
    if from_file and needs_build(target):  # do not build 125 MB only to compare a few stops
        return Provenance(article_source=source, article_date=date), source
    gaz = _gazetteer(gazetteer)
    info = gaz.about()  # (not info(): counting every place takes longer than drawing the map)
    sources = tuple(f"{layer['name']}: {layer['source']} ({layer['licence']})" for layer in info["layers"])
    edited = edited_stops(trip, gaz.by_id) if from_file else ()
    return Provenance(info.get("built"), sources, source, date, edited), source


def _check_outputs(output: Path, svg: Path | None, png: Path | None) -> None:
    if output.suffix.lower() not in (".html", ".htm"):
        hint = " (for an image use --png FILE or --svg FILE)" if output.suffix.lower() in (".png", ".svg") else ""
        raise InputError(f"-o {output}: the map page must be an .html file{hint}")
    if svg is not None and svg.suffix.lower() != ".svg":
        raise InputError(f"--svg {svg}: must end in .svg")
    if png is not None and png.suffix.lower() != ".png":
        raise InputError(f"--png {png}: must end in .png")


def _images(trip, options, provenance, svg: Path | None, png: Path | None, size: str, width, height) -> list:
    """The SVG and the PNG, drawn without a browser: (path, bytes) for each one asked for."""
    from geomap.publish.svg import SIZES, ImageSize, render_svg

    preset = SIZES[size]
    image = ImageSize(width or preset.width, height or preset.height, preset.dpi)
    drawing = render_svg(trip, size=image, provenance=provenance, options=options)
    files: list[tuple[Path, bytes]] = []
    if svg is not None:
        files.append((svg, drawing.encode("utf-8")))
    if png is not None:
        from geomap.publish.raster import png_from_svg
        from geomap.publish.svg import credit_line, summary_of

        texts = {
            "Title": options.title or trip.title or "",
            "Description": summary_of(trip),
            "Copyright": credit_line(options),
            "Source": options.source or "",
        }
        files.append((png, png_from_svg(drawing, dpi=image.dpi, texts=texts)))
    return files


@app.command("map")
@handle_errors
def map_cmd(
    article: Annotated[
        str | None, typer.Argument(help="Article text file, or - for standard input.", show_default=False)
    ] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the HTML map (.html).")] = Path(
        "outputs/map.html"
    ),
    itinerary_file: Annotated[
        Path | None,
        typer.Option(
            "--itinerary",
            help="Draw this itinerary instead of reading an article: an edited JSON file, or a page or SVG "
            "geomap wrote (its itinerary is read back).",
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Map title (default: the traveller's name).")] = None,
    subtitle: Annotated[
        str | None, typer.Option("--subtitle", help="Line under the title (default: the dates).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Credit for the source article, shown on the map.")
    ] = None,
    tiles: Annotated[
        str | None,
        typer.Option(
            "--tiles",
            help="Also draw map tiles from this provider (xyzservices name, no API key), over "
            "the Natural Earth basemap; the page then requests them.",
            show_default=False,
        ),
    ] = None,
    cdn: Annotated[
        bool, typer.Option("--cdn", help="A lean page that loads Leaflet from its CDN (default: Leaflet inlined).")
    ] = False,
    self_contained: Annotated[bool, typer.Option("--self-contained", hidden=True)] = False,
    labels: Annotated[
        str, typer.Option("--labels", help="Names on the map: none, stops, or all (context places too).")
    ] = "stops",
    theme: Annotated[str, typer.Option("--theme", help="light, dark or print.")] = "light",
    accent: Annotated[str, typer.Option("--accent", help="Colour of the stops, like #b3261e or teal.")] = "#b3261e",
    no_context: Annotated[bool, typer.Option("--no-context", help="Leave out places only mentioned.")] = False,
    no_inset: Annotated[bool, typer.Option("--no-inset", help="No locator map in the corner.")] = False,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also write the map as SVG here (no browser).")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Also write the map as PNG here (no browser).")] = None,
    size: Annotated[
        str, typer.Option("--size", help="Image size: web (1200x800), social (1080x1080) or print (300 dpi).")
    ] = "web",
    width: Annotated[int | None, typer.Option("--width", min=200, max=6000, help="Image width in pixels.")] = None,
    height: Annotated[int | None, typer.Option("--height", min=200, max=6000, help="Image height in pixels.")] = None,
    geojson: Annotated[
        Path | None, typer.Option("--geojson", help="Also write the itinerary as GeoJSON (RFC 7946) here.")
    ] = None,
    storymap: Annotated[
        Path | None, typer.Option("--storymap", help="Also write a Knight Lab StoryMapJS document here.")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the itinerary drawn as JSON (as `geomap itinerary --json`).")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace output files that are read-only (they stay read-only).")
    ] = False,
    leader: LeaderOpt = None,
    date: DateOpt = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Write a map of the traveller's ordered stops (a page that works offline; SVG and PNG on request), and
    print them as a table.

    Example: geomap map article.txt -o outputs/trip.html --png outputs/trip.png --title "Kim's train trip"
    """
    from geomap.output import check_target, write_all_atomic
    from geomap.publish.options import MapOptions
    from geomap.publish.page import render_html
    from geomap.publish.shapes import dumps

    _check_outputs(output, svg, png)
    for target in (output, svg, png, geojson, storymap):
        if target is not None:
            check_target(target, force=force)  # before the work: a read-only -o fails at once
    if size not in ("web", "social", "print"):
        raise InputError(f"--size must be web, social or print, got {size!r}")
    carried: dict = {}
    if itinerary_file is not None:
        trip, carried = _read_itinerary_file(itinerary_file)
    elif article is None:
        raise InputError("give an ARTICLE file (or - for standard input), or --itinerary FILE")
    else:
        from geomap.pipeline import itinerary

        trip = itinerary(_read(article), leader, date=date, gazetteer=_gazetteer(gazetteer))
    if not trip.stops and not trip.context:
        raise NothingFound("no places found in the article; no map written")
    provenance, source = _provenance(
        trip, gazetteer, source=source, date=date, from_file=itinerary_file is not None, carried=carried
    )
    try:
        options = MapOptions(
            title=title, subtitle=subtitle, source=source, tiles=tiles, self_contained=not cdn,
            show_context=not no_context, inset=not no_inset, labels=labels, theme=theme, accent=accent,
        )  # fmt: skip
        files = [(output, render_html(trip, provenance=provenance, options=options).encode("utf-8"))]
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if svg is not None or png is not None:
        files += _images(trip, options, provenance, svg, png, size, width, height)
    files += _exports(trip, title, geojson, storymap)
    path = write_all_atomic(files, force=force)[0]  # all of them or, on any error, none replaced
    if json_out:
        typer.echo(dumps(trip.to_dict()))
    else:
        _print_stops(trip)
    typer.echo(f"wrote {path}", err=True)
    if not trip.stops:
        raise NothingFound(f"no itinerary found; {path} shows the places mentioned")


def _exports(trip, title: str | None, geojson: Path | None, storymap: Path | None) -> list:
    """The GeoJSON and StoryMapJS documents asked for, as (path, bytes)."""
    from geomap.output import json_text

    files = []
    if geojson is not None:
        from geomap.publish.geojson import itinerary_to_geojson

        files.append((geojson, json_text(itinerary_to_geojson(trip), indent=1).encode("utf-8")))
    if storymap is not None:
        from geomap.publish.storymap import itinerary_to_storymap

        document = itinerary_to_storymap(trip, title=title)
        files.append((storymap, json_text(document, indent=1).encode("utf-8")))
    return files


@app.command("embed")
@handle_errors
def embed_cmd(
    src: Annotated[str, typer.Argument(help="Where the map page will be published (its URL or relative path).")],
    title: Annotated[str, typer.Option("--title", help="What the map shows, for screen readers.")] = "Itinerary map",
    height: Annotated[int, typer.Option("--height", min=200, max=2000, help="Starting height in pixels.")] = 480,
) -> None:
    """Print the HTML snippet that embeds a published map: a lazy, titled iframe that sizes itself.

    Example: geomap embed https://news.example/maps/kim.html --title "Kim's train trip"
    """
    from geomap.publish.embed import embed_snippet

    try:
        typer.echo(embed_snippet(src, title=title, height=height))
    except ValueError as exc:
        raise InputError(str(exc)) from None


@app.command("screenshot")
@handle_errors
def screenshot_cmd(
    page: Annotated[Path, typer.Argument(help="A map page written by geomap map.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="PNG file to write.")] = Path("outputs/map.png"),
    width: Annotated[int, typer.Option("--width", min=200, max=4000)] = 1000,
    height: Annotated[int, typer.Option("--height", min=200, max=4000)] = 650,
) -> None:
    """Save a PNG of a map page with headless Chromium (needs the 'browser' extra and Debian's chromium).

    Fails (exit 1, no file written) when the page shows no map: a --cdn page without network, say. For an image
    without a browser, use `geomap map ... --png`.

    Example: geomap screenshot outputs/trip.html -o outputs/trip.png
    """
    from geomap.publish.browser import screenshot

    if not page.is_file():
        raise InputError(f"{page}: no such file")
    if output.suffix.lower() != ".png":
        raise InputError(f"-o {output}: the screenshot is a PNG; give a .png file")
    typer.echo(f"wrote {screenshot(page, output, width=width, height=height)}", err=True)


@contextmanager
def _rate_bar(title: str) -> Iterator[Callable[[int, int | None], None]]:
    """A progress bar on stderr with the count, the rate and the time left, for a batch run."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    bar = Progress(
        TextColumn(title),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
    )
    task = None
    started = 0.0

    def report(done: int, total: int | None) -> None:
        nonlocal task, started
        import time

        if task is None:
            bar.start()
            task = bar.add_task(title, total=total, rate="")
            started = time.perf_counter()
        elapsed = time.perf_counter() - started
        rate = f"{done / elapsed:,.1f} articles/s" if elapsed > 0 else ""
        bar.update(task, completed=done, total=total, rate=rate)

    try:
        yield report
    finally:
        bar.stop()


@app.command("batch")
@handle_errors
def batch_cmd(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            help="Folders of .txt files, or .jsonl, .csv or .parquet files of articles (id, text; optional date, "
            "leader, url, title).",
            show_default=False,
        ),
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (a rerun resumes it).")],
    fmt: Annotated[
        str, typer.Option("--format", help="jsonl (places.jsonl, itineraries.jsonl) or parquet (datasets of parts).")
    ] = "jsonl",
    maps: Annotated[
        bool, typer.Option("--maps", help="Also write one HTML map per article and an index.html.")
    ] = False,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes (this machine, or --dask local).")
    ] = 1,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="Run on a Dask cluster: its scheduler address, or 'local' for one here."),
    ] = None,
    ship_gazetteer: Annotated[
        bool,
        typer.Option("--ship-gazetteer", help="With --dask: copy the gazetteer to every worker (no shared disk)."),
    ] = False,
    chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="Articles per task handed to a worker.")] = 32,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Geoparse a whole archive: places, itineraries and errors per article, resumable after any stop.

    Every article's places and itinerary are one line each (the shapes of docs/JSON.md with its "id"); an
    article that cannot be read goes to errors.jsonl with the reason. Run the same command again after Ctrl-C,
    a crash or a full disk: the ids done are skipped, and each id ends up in the output exactly once.

    Example: geomap batch archive.jsonl -o out/ --workers 2 --maps
    """
    from geomap.archive import batch

    _gazetteer(gazetteer)  # built here, with its progress bar, if missing
    with _rate_bar("articles") as report:
        summary = batch(
            list(inputs), output, format=fmt, maps=maps, workers=workers, dask=dask,
            ship_gazetteer=ship_gazetteer, gazetteer=gazetteer, chunk_size=chunk_size, progress=report,
        )  # fmt: skip
    typer.echo(summary.summary())
    if summary.interrupted:
        raise KeyboardInterrupt


# -- gazetteer commands --------------------------------------------------------------------------

PathOpt = Annotated[
    Path | None,
    typer.Option(
        "--path",
        "--gazetteer",
        help="Gazetteer file (default: $GEOMAP_GAZETTEER or the user cache).",
        envvar="GEOMAP_GAZETTEER",
        show_default=False,
    ),
]


@gazetteer_app.command("build")
@handle_errors
def gazetteer_build(
    path: PathOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if the file exists.")] = False,
) -> None:
    """Build the offline gazetteer from packaged GeoNames data and the curated layers.

    Example: geomap gazetteer build --force
    """
    from geomap.gazetteer.build import build
    from geomap.gazetteer.store import default_path

    target = path or default_path()
    if Path(target).exists() and not force:
        typer.echo(f"{target} already exists; use --force to rebuild it")
        return
    with _progress("gazetteer") as report:
        built = build(target, progress=report)
    typer.echo(f"built {built} ({built.stat().st_size / 1e6:.1f} MB)")


_CHECKSUM_HINTS = {
    "mismatch": " (the file changed since it was built: it may be damaged; run `geomap gazetteer build --force`)",
    "not recorded": " (built by an older geomap: `geomap gazetteer build --force` records one)",
}


@gazetteer_app.command("info")
@handle_errors
def gazetteer_info(path: PathOpt = None, json_out: JsonOpt = False) -> None:
    """Show counts per kind, file size, build date, and the sources and licences of every layer.

    Example: geomap gazetteer info
    """
    from geomap.gazetteer.build import verify_checksum

    gaz = _gazetteer(path)
    info = gaz.info()
    verified = verify_checksum(gaz.path)
    info["checksum"] = {True: "ok", False: "mismatch", None: "not recorded"}[verified]
    if json_out:
        typer.echo(json.dumps(info, indent=2))
    else:
        _print_info(info)
    if verified is False:
        raise GazetteerError(f"gazetteer {gaz.path} does not match the checksum recorded when it was built")


def _print_info(info: dict) -> None:
    typer.echo(f"file:   {info['path']} ({info['size_bytes'] / 1e6:.1f} MB)")
    typer.echo(f"built:  {info['built']}   places: {info['places']:,}   names: {info['names']:,}")
    typer.echo(f"checksum: {info['checksum']}" + _CHECKSUM_HINTS.get(info["checksum"], ""))
    typer.echo("kinds:  " + ", ".join(f"{k} {v:,}" for k, v in info["kinds"].items()))
    typer.echo("layers:")
    for layer in info["layers"]:
        typer.echo(f"  {layer['name']:<16} {layer['records']:>8,}  {layer['source']}  [{layer['licence']}]")


@gazetteer_app.command("lookup")
@handle_errors
def gazetteer_lookup(
    name: Annotated[str, typer.Argument(help="A place name, in any common spelling.")],
    path: PathOpt = None,
    json_out: JsonOpt = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many places to list.")] = 5,
) -> None:
    """Look a name up in the gazetteer, most important readings first, each with its region (to tell homonyms
    apart) and why the name matches it (its own name, an alternate name, a spelling variant ...).

    Example: geomap gazetteer lookup "East Sea" --json
    """
    from geomap.gazetteer.explain import readings

    found = readings(_gazetteer(path), name, limit=limit)
    if json_out:
        typer.echo(
            json.dumps(
                [
                    {
                        "id": r.place.id,
                        "name": r.place.name,
                        "kind": r.place.kind,
                        "lat": r.place.lat,
                        "lon": r.place.lon,
                        "country": r.place.country or None,
                        "admin1": r.place.admin1 or None,
                        "region": r.region or None,
                        "population": r.place.population,
                        "layer": r.place.layer,
                        "matched": r.matched,
                        "why": r.why,
                    }
                    for r in found
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for r in found:
            p = r.place
            typer.echo(f"{p.id:<28} {r.where} ({p.kind}) {p.lat:.4f},{p.lon:.4f} pop {p.population:,}: {r.why}")
    if not found:
        raise NothingFound(f"no place called {name!r} in the gazetteer")


@gazetteer_app.command("import")
@handle_errors
def gazetteer_import(
    dump: Annotated[
        Path, typer.Argument(help="A GeoNames dump: allCountries.txt, cities1000.txt, RU.txt, or a .zip of one.")
    ],
    path: PathOpt = None,
) -> None:
    """Add the places of a GeoNames dump to the gazetteer (streamed; re-importing is harmless).

    Example: geomap gazetteer import RU.zip
    """
    from geomap.gazetteer.build import import_dump
    from geomap.gazetteer.store import default_path

    with _progress("import") as report:
        counts = import_dump(dump, path or default_path(), progress=report)
    rejected = counts["rejected"]
    typer.echo(f"imported {counts['imported']:,} places from {dump}")
    if rejected:
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in rejected.items())
        typer.echo(f"rejected {sum(rejected.values()):,} rows that cannot be places: {reasons}", err=True)


# -- evaluation ------------------------------------------------------------------------------------


@eval_app.command("geoparse")
@handle_errors
def eval_geoparse(
    corpora: Annotated[
        list[Path] | None,
        typer.Argument(help="JSONL corpora (default: ../shared/eval/geoparse/*.jsonl).", show_default=False),
    ] = None,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write docs/EVALUATION.md.")] = True,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N documents of each corpus.")] = None,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Score recognition and resolution on annotated corpora (P/R/F1, accuracy@161 km, speed).

    Example: geomap eval geoparse ../shared/eval/geoparse/lgl.jsonl
    """
    from geomap.evaluation.geoparse import check_seeds, evaluate_geoparse
    from geomap.evaluation.paths import default_corpora
    from geomap.evaluation.report import write_report

    paths = corpora or default_corpora()
    if not paths:
        raise InputError("no corpora given and ../shared/eval/geoparse holds none")
    gaz = _gazetteer(gazetteer)
    results = evaluate_geoparse(paths, gaz, limit=limit)
    for r in results:
        typer.echo(r.summary())
    seeds = check_seeds(gaz)
    for check in seeds:
        typer.echo(check.summary())
    if write:
        typer.echo(f"wrote {write_report(geoparse=results, seeds=seeds)}", err=True)


@eval_app.command("itinerary")
@handle_errors
def eval_itinerary(
    folder: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of trip articles with .gold.json files (default: tests/data/trips).", show_default=False
        ),
    ] = None,
    real: Annotated[
        bool, typer.Option("--real/--no-real", help="Also score the real articles of tests/data/real.")
    ] = True,
    failures: Annotated[
        bool,
        typer.Option("--failures", help="List the dev articles not exactly right (the test split is never listed)."),
    ] = False,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write docs/EVALUATION.md.")] = True,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Score itineraries: real articles (dev and test splits) and the trip articles we wrote, with and without dates.

    Real articles whose text is not on this machine (news texts live in a git-ignored cache) are counted as
    missing, not scored.

    Example: geomap eval itinerary --failures
    """
    from geomap.evaluation.itineraries import evaluate_itineraries
    from geomap.evaluation.paths import default_trips
    from geomap.evaluation.report import write_report

    gaz = _gazetteer(gazetteer)
    rows = _real_rows(gaz, failures) if real else []
    results = [evaluate_itineraries(folder or default_trips(), gaz, use_dates=flag) for flag in (True, False)]
    for result in results:
        typer.echo(result.summary())
        for line in result.failures:
            typer.echo(f"  {line}")
    if write:
        typer.echo(f"wrote {write_report(itinerary=results, real=rows)}", err=True)


def _real_rows(gaz, failures: bool) -> list:
    """Score the real sets, split by split, dated and undated, printing each row (and the dev failures if asked)."""
    from geomap.evaluation.realtrips import combined, evaluate_real

    rows = []
    for split in ("dev", "test"):
        for dated in (True, False):
            by_set = evaluate_real(gaz, split=split, use_dates=dated, list_failures=failures and split == "dev")
            both = combined(by_set, f"both {split} {'dated' if dated else 'undated'}")
            for row in [*by_set.values(), both]:
                typer.echo(row.summary())
                rows.append(row)
            for line in both.failures if dated else []:
                typer.echo(f"  {line}")
    return rows


@eval_app.command("speed")
@handle_errors
def eval_speed(
    build: Annotated[bool, typer.Option("--build/--no-build", help="Also time a full gazetteer build.")] = True,
    write: Annotated[bool, typer.Option("--write/--no-write", help="Write docs/BENCHMARKS.md.")] = True,
    archive: Annotated[
        int, typer.Option("--archive", min=0, help="Articles in the batch benchmark's archive (0: skip it).")
    ] = 100_000,
    gazetteer: GazetteerOpt = None,
) -> None:
    """Time the gazetteer (build, open, lookup), geoparsing beside flashgeotext, the CLI's cold start, the page
    sizes, and a batch run over a generated archive (killed halfway and resumed; memory; 1 worker against 2).

    Example: geomap eval speed --no-build
    """
    from geomap.evaluation.speed import run

    _gazetteer(gazetteer)
    run(build=build, write=write, archive=archive)


def main() -> None:
    """Entry point of the ``geomap`` script: the command line of :func:`only_the_command_asked_for`."""
    narrow = only_the_command_asked_for(sys.argv[1:])
    if narrow is app:
        app()
    else:  # a group even of one command, as typer would make a lone command the whole program
        typer.main.get_group(narrow)()


def only_the_command_asked_for(args: list[str]) -> typer.Typer:
    """The app with just the command or group that ``args`` name, as a group of one.

    typer builds the click command of every command before it reads the arguments (each signature read, each
    option made): a tenth of the work of a cold ``geomap itinerary``. A command line that names a command gets
    the same command, help and errors from the group of that one; any other (``--help``, a typo that click
    answers with the names it knows) gets the whole app.
    """
    first = args[0] if args else None
    commands = [c for c in app.registered_commands if c.name == first]
    groups = [g for g in app.registered_groups if g.name == first]
    if not commands and not groups:
        return app
    narrow = copy.copy(app)
    narrow.registered_commands, narrow.registered_groups = commands, groups
    return narrow


if __name__ == "__main__":  # pragma: no cover
    main()
