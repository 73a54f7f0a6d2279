"""folium, with only the parts a geomap page uses loaded, and those without work done for what it never draws.

Importing folium whole cost more than everything else ``geomap map`` does: folium's package imports every
element it offers (GeoJSON, choropleths, vector layers, colour maps, with requests to fetch data from a URL),
branca's package loads its colour tables, xyzservices (folium's catalogue of tile providers) parses an 850 KB
file, folium imports pandas whenever it is installed, and folium and branca compile the Jinja template of every
element class they define, where a page of ours renders a handful. A page needs folium's ``Map``, its
``TileLayer`` (only with ``--tiles``) and ``Template``, and branca's ``Figure``, ``Element`` and ``MacroElement``.
So, while this module imports them:

- folium, branca and xyzservices are their packages with ``__init__`` not run: their submodules import from
  them as usual, and the first read of a name ``__init__`` sets (``folium.Marker`` in a notebook,
  ``xyzservices.providers`` for ``--tiles``) runs it, once, in the same module object, which then answers as if
  it had been imported whole. xyzservices has at once the two classes folium reads in a signature.
- A Jinja template is compiled when it is first rendered, to exactly the template it would have been.
- pandas is not imported: folium only asks whether a value is a data frame, and no value can be one before
  pandas is imported; once anyone imports it, folium's questions are answered by the real pandas.

Nothing about the pages changes, only what is loaded and when. Import folium's and branca's names from this
module, not from folium; once folium is imported whole (by a notebook, say), this module changes nothing.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import jinja2

from geomap.output import cache_folder

# Each package imported without its __init__, and the names its __init__ would bind that must be there at once.
BARE_PACKAGES: dict[str, dict[str, str]] = {
    "branca": {},
    "folium": {},
    "xyzservices": {"TileProvider": "xyzservices.lib", "Bunch": "xyzservices.lib"},
}


class _TemplateOnDemand:
    """Stands for a Jinja template until something asks it for anything; then it compiles the template,
    exactly as the constructor would have, and answers from it from then on."""

    __slots__ = ("_compile", "_template")

    def __init__(self, compile_: Callable[[], jinja2.Template]) -> None:
        self._compile = compile_
        self._template: jinja2.Template | None = None

    def __getattr__(self, name: str) -> Any:
        if self._template is None:
            self._template = self._compile()
        return getattr(self._template, name)


_ENVIRONMENTS: dict[type[jinja2.Environment], jinja2.Environment] = {}


def _environment(kind: type[jinja2.Environment]) -> jinja2.Environment:
    """One environment of this kind with jinja's defaults, as ``Template(source)`` makes for itself."""
    if kind not in _ENVIRONMENTS:
        _ENVIRONMENTS[kind] = kind()
    return _ENVIRONMENTS[kind]


@functools.cache
def _bytecode_cache() -> jinja2.FileSystemBytecodeCache | None:
    """Jinja's own cache of compiled templates, in the user's cache folder; None when it cannot be made."""
    folder = cache_folder() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def _compiled(cls: type[jinja2.Template], source: str) -> jinja2.Template:
    """``cls(source)``, its code read from jinja's bytecode cache when an earlier run compiled it.

    As a loader does for a template file: the cache file is named by the source's digest and holds the code
    with the source's checksum and jinja's and Python's bytecode versions, and is used only when all match.
    """
    environment = _environment(cls.environment_class)
    cache = _bytecode_cache()
    kind = f"{cls.environment_class.__module__}.{cls.environment_class.__qualname__}"
    name = f"{kind} jinja2-{jinja2.__version__} {hashlib.sha256(source.encode('utf-8')).hexdigest()}"
    bucket = None if cache is None else cache.get_bucket(environment, name, None, source)
    code = None if bucket is None else bucket.code
    if code is None:
        code = environment.compile(source)
        if cache is not None and bucket is not None:
            bucket.code = code
            try:
                cache.set_bucket(bucket)
            except OSError:
                pass  # a full or read-only cache folder: the next run compiles again
    return cls.from_code(environment, code, environment.make_globals(None), None)


def template(source: str) -> Any:
    """A template of folium's kind (with its ``tojavascript`` filter), compiled on first use, from jinja's
    bytecode cache when an earlier run compiled it: how geomap's map pieces define theirs."""
    return _TemplateOnDemand(lambda: _compiled(Template, source))


@contextmanager
def _templates_on_demand() -> Iterator[None]:
    """Jinja templates constructed inside are compiled on first use rather than at once (from jinja's bytecode
    cache when they are given just their source, as folium's and branca's are)."""
    original = jinja2.Template.__new__

    def deferred(cls: type[jinja2.Template], *args: Any, **kwargs: Any) -> Any:
        if len(args) == 1 and not kwargs and isinstance(args[0], str):
            source = args[0]
            return _TemplateOnDemand(lambda: _compiled(cls, source))
        return _TemplateOnDemand(lambda: original(cls, *args, **kwargs))

    jinja2.Template.__new__ = deferred  # type: ignore[method-assign]
    try:
        yield
    finally:
        jinja2.Template.__new__ = original  # type: ignore[method-assign]


def _bare_package(name: str, names: dict[str, str]) -> ModuleType | None:
    """The package ``name`` with its ``__init__`` not run, holding ``names`` (name -> the submodule it comes
    from); the first read of any other name it lacks runs ``__init__`` in it. None when it is not installed.

    (importlib's ``LazyLoader`` does not serve here: importing a submodule reads the package's ``__path__``,
    and that alone would run the whole ``__init__``.)
    """
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None or spec.submodule_search_locations is None:
        return None
    package = importlib.util.module_from_spec(spec)
    loader = spec.loader

    def run_init(attribute: str) -> Any:
        if "__getattr__" in package.__dict__:  # once: from now on the package is the whole package
            del package.__dict__["__getattr__"]
            loader.exec_module(package)
        try:
            return package.__dict__[attribute]
        except KeyError:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}") from None

    package.__getattr__ = run_init  # type: ignore[method-assign]  # module-level __getattr__ (PEP 562)
    sys.modules[name] = package
    for attribute, module in names.items():
        setattr(package, attribute, getattr(importlib.import_module(module), attribute))
    return package


@contextmanager
def _bare_packages(packages: dict[str, dict[str, str]]) -> Iterator[None]:
    """Packages not imported yet are bare inside (see :func:`_bare_package`); they stay so afterwards, whole on
    first use. A package that failed to load part way is taken out again, so a later import starts afresh."""
    placed = []
    try:
        for name, names in packages.items():
            if name not in sys.modules:
                placed.append(name)
                _bare_package(name, names)
        yield
    except BaseException:
        for name in placed:
            sys.modules.pop(name, None)
        raise


class _NoDataFrame:
    """What ``pandas.DataFrame`` is before pandas is imported: a class no value is an instance of."""


class _PandasOnceImported(ModuleType):
    """folium's ``pd``: answers ``pd.DataFrame`` without importing pandas while nothing has imported it (so no
    value can be a data frame), and from the real pandas once anything has."""

    def __getattr__(self, name: str) -> Any:
        pandas = sys.modules.get("pandas")
        if pandas is None:
            if name == "DataFrame":
                return _NoDataFrame
            pandas = importlib.import_module("pandas")
        return getattr(pandas, name)


@contextmanager
def _without_pandas() -> Iterator[None]:
    """Imports inside see no pandas; folium.utilities, imported inside, gets :class:`_PandasOnceImported`."""
    if "pandas" in sys.modules or importlib.util.find_spec("pandas") is None:
        yield  # imported already (folium takes it as it is), or not installed (folium does without)
        return
    sys.modules["pandas"] = None  # type: ignore[assignment]  # "import pandas" raises ImportError
    try:
        yield
    finally:
        del sys.modules["pandas"]
        utilities = sys.modules.get("folium.utilities")
        if utilities is not None and getattr(utilities, "pd", True) is None:
            utilities.pd = _PandasOnceImported("pandas")  # type: ignore[attr-defined]


with _templates_on_demand(), _without_pandas(), _bare_packages(BARE_PACKAGES):
    import folium.folium
    import folium.raster_layers
    import folium.template
    from branca import element as _branca_element

Element = _branca_element.Element
Figure = _branca_element.Figure
MacroElement = _branca_element.MacroElement
Map = folium.folium.Map
FitBounds = folium.map.FitBounds
TileLayer = folium.raster_layers.TileLayer
Template = folium.template.Template

__all__ = ["Element", "FitBounds", "Figure", "MacroElement", "Map", "TileLayer", "Template", "folium", "template"]
