"""folium, imported without the work it does at import time for elements and features geomap never uses.

Importing folium costs more than everything else ``geomap map`` does: folium and branca compile the Jinja
template of every element class they define (some sixty, where a page of ours renders a handful of them),
and folium imports requests (with urllib3 and http.client, to fetch GeoJSON from a URL) whatever is drawn.
Here both are deferred to their first use: a template is compiled when it is first rendered, to exactly the
template it would have been, and requests is imported when folium first reaches into it. Nothing about the
pages changes, only when the work is done. (xyzservices, folium's catalogue of tile providers, cannot wait:
folium reads it in a signature at import.)

Import folium's and branca's names from this module, not from folium: once folium is imported (by a notebook,
say), this module changes nothing.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

import jinja2

DEFERRED_MODULES = ("requests",)


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


@contextmanager
def _templates_on_demand() -> Iterator[None]:
    """Jinja templates constructed inside are compiled on first use rather than at once."""
    original = jinja2.Template.__new__

    def deferred(cls: type[jinja2.Template], *args: Any, **kwargs: Any) -> Any:
        return _TemplateOnDemand(lambda: original(cls, *args, **kwargs))

    jinja2.Template.__new__ = deferred  # type: ignore[method-assign]
    try:
        yield
    finally:
        jinja2.Template.__new__ = original  # type: ignore[method-assign]


def _module_on_demand(name: str) -> ModuleType | None:
    """A stand-in for the module ``name`` that imports the real one the first time an attribute of it is read.

    (importlib's ``LazyLoader`` does not serve here: ``import name`` of a module already in ``sys.modules``
    reads its ``__spec__``, and that alone makes a lazy module load.) None when the module is not installed.
    """
    spec = importlib.util.find_spec(name)
    if spec is None:
        return None
    stand_in = ModuleType(name)
    stand_in.__spec__ = spec

    def real_attribute(attribute: str) -> Any:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attribute)

    stand_in.__getattr__ = real_attribute  # type: ignore[method-assign]  # module-level __getattr__ (PEP 562)
    return stand_in


@contextmanager
def _modules_on_demand(names: tuple[str, ...]) -> Iterator[None]:
    """Modules not imported yet are stand-ins inside (see :func:`_module_on_demand`); afterwards an import of
    one of them imports the real module."""
    placed = []
    for name in names:
        if name not in sys.modules:
            stand_in = _module_on_demand(name)
            if stand_in is not None:
                sys.modules[name] = stand_in
                placed.append((name, stand_in))
    try:
        yield
    finally:
        for name, stand_in in placed:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]


with _templates_on_demand(), _modules_on_demand(DEFERRED_MODULES):
    import folium
    import folium.template
    from branca import element as _branca_element

Element = _branca_element.Element
Figure = _branca_element.Figure
MacroElement = _branca_element.MacroElement
Template = folium.template.Template

__all__ = ["Element", "Figure", "MacroElement", "Template", "folium"]
