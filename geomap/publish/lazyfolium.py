"""folium, with only the parts a geomap page uses loaded, and those without work done for what it never draws.

Importing folium whole cost more than everything else ``geomap map`` does: folium's package imports every
element it offers (GeoJSON, choropleths, vector layers, colour maps, with requests to fetch data from a URL),
branca's package loads its colour tables, xyzservices (folium's catalogue of tile providers) parses an 850 KB
file, folium imports pandas whenever it is installed, and folium and branca compile the Jinja template of every
element class they define, where a page of ours renders a handful; folium imports numpy (a fifth of a map's
start) only to ask whether a location is an array, and branca ``urllib.request`` (with http, email and ssl) for
a function a page never calls. A page needs folium's ``Map``, its
``TileLayer`` (only with ``--tiles``) and ``Template``, and branca's ``Figure``, ``Element`` and ``MacroElement``.
So, while this module imports them:

- folium, branca and xyzservices are their packages with ``__init__`` not run: their submodules import from
  them as usual, and the first read of a name ``__init__`` sets (``folium.Marker`` in a notebook,
  ``xyzservices.providers`` for ``--tiles``) runs it, once, in the same module object, which then answers as if
  it had been imported whole. xyzservices has at once the two classes folium reads in a signature.
- A Jinja template is compiled when it is first rendered, to exactly the template it would have been.
- pandas, numpy and ``urllib.request`` are not imported: folium only asks whether a value is a data frame or an
  array, and no value can be one before pandas or numpy is imported; branca keeps ``urlopen`` for later, and
  gets one that imports ``urllib.request`` when called. Once anyone imports them, folium's and branca's
  questions are answered by the real modules (and any other use of them imports them).

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


class _NoArray:
    """What ``numpy.ndarray`` is before numpy is imported: a class no value is an instance of."""


def _urlopen(*args: Any, **kwargs: Any) -> Any:
    """``urllib.request.urlopen``, imported when called (branca binds the name when imported; no page calls it)."""
    from urllib.request import urlopen

    return urlopen(*args, **kwargs)


# Each module folium and branca import without using it on a page, and the names they read of it at once.
NOT_YET_IMPORTED: dict[str, dict[str, Any]] = {
    "pandas": {"DataFrame": _NoDataFrame},
    "numpy": {"ndarray": _NoArray},
    "urllib.request": {"urlopen": _urlopen},
}


class _OnceImported(ModuleType):
    """What folium and branca get for a module in :data:`NOT_YET_IMPORTED`: while nothing has imported the real
    module, the names in ``absent`` are answered without it (a class no value is an instance of, a function that
    imports the module when called); any other name imports the real module, and once anything has, every name
    comes from it."""

    def __init__(self, name: str, absent: dict[str, Any]) -> None:
        super().__init__(name)
        self._absent = absent

    def __getattr__(self, name: str) -> Any:
        real = sys.modules.get(self.__name__)
        if real is None or real is self:
            if name in self._absent:
                return self._absent[name]
            if name.startswith("__"):  # ``__path__``, which every ``from ... import`` asks for, imports nothing
                raise AttributeError(f"module {self.__name__!r} is not imported yet: it has no {name!r}")
            if real is self:  # asked while folium is being imported: the real module takes its place
                del sys.modules[self.__name__]
            real = importlib.import_module(self.__name__)
        return getattr(real, name)


@contextmanager
def _not_yet_imported(modules: dict[str, dict[str, Any]]) -> Iterator[None]:
    """Imports inside get an :class:`_OnceImported` for each of ``modules`` that is installed and not imported
    yet (one imported already is taken as it is; one not installed is left for folium to do without). A
    submodule's stand-in is also its package's attribute (``import urllib.request`` then ``urllib.request.x``)
    until the real one is imported and takes its place."""
    placed = [name for name in modules if name not in sys.modules and importlib.util.find_spec(name) is not None]
    for name in placed:
        sys.modules[name] = _OnceImported(name, modules[name])
        package, _, child = name.rpartition(".")
        if package and not hasattr(sys.modules[package], child):
            setattr(sys.modules[package], child, sys.modules[name])
    try:
        yield
    finally:
        for name in placed:
            if isinstance(sys.modules.get(name), _OnceImported):
                del sys.modules[name]


with _templates_on_demand(), _not_yet_imported(NOT_YET_IMPORTED), _bare_packages(BARE_PACKAGES):
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
