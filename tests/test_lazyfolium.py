"""folium imported through geomap.publish.lazyfolium: only the parts a page uses (the rest, pandas included,
whole on first use), templates compiled on first use to the same template and read back from jinja's bytecode
cache by the next run; nothing left patched afterwards."""

import json
import os
import re
import subprocess
import sys

import jinja2


def _run(code: str, env: dict | None = None) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout)


def test_drawing_a_page_loads_only_the_folium_it_uses_and_leaves_jinja_as_it_was():
    seen = _run(
        "import json, sys, jinja2\n"
        "new = jinja2.Template.__new__\n"
        "from geomap.model import Itinerary, Place, Stop\n"
        "from geomap.publish.page import render_html\n"
        "trip = Itinerary('A. Traveller', [Stop(1, Place('x:1', 'Omsk', 54.99, 73.37, 'RU', 'city'))])\n"
        "page = render_html(trip)\n"
        "unused = ['requests', 'pandas', 'xyzservices.providers', 'branca.colormap', 'folium.features',\n"
        "          'folium.vector_layers', 'folium.plugins', 'urllib.request', 'http.client', 'ssl']\n"
        "if 'shapely' not in sys.modules:  # numpy only for shapely, when the page's cuts were not kept\n"
        "    unused.append('numpy')\n"
        "print(json.dumps({'loaded': [m for m in unused if m in sys.modules],\n"
        "                  'restored': jinja2.Template.__new__ is new,\n"
        "                  'omsk': 'Omsk' in page, 'template': type(jinja2.Template('{{ 1 }}')).__name__}))\n"
    )
    assert seen == {"loaded": [], "restored": True, "omsk": True, "template": "Template"}


def test_the_whole_of_folium_is_there_when_asked_for():
    """A notebook that drew a map and then uses folium, branca, xyzservices and pandas gets all of them whole."""
    seen = _run(
        "import json, sys\n"
        "from geomap.model import Itinerary, Place, Stop\n"
        "from geomap.publish.page import render_html\n"
        "render_html(Itinerary('A. Traveller', [Stop(1, Place('x:1', 'Omsk', 54.99, 73.37, 'RU', 'city'))]))\n"
        "import folium, branca, xyzservices, folium.utilities as fu, branca.element as be, urllib, pathlib\n"
        "plain = fu.if_pandas_df_convert_to_numpy([[1.0, 2.0]])\n"
        "url = pathlib.Path(json.__file__).resolve().as_uri()\n"
        "fetched = [len(be.urlopen(url).read()) > 0, len(urllib.request.urlopen(url).read()) > 0]\n"
        "import numpy\n"
        "location = fu.validate_location(numpy.array([10.0, 20.0]))\n"
        "before = 'pandas' in sys.modules\n"
        "import pandas\n"
        "frame = fu.if_pandas_df_convert_to_numpy(pandas.DataFrame({'lat': [1.0], 'lon': [2.0]}))\n"
        "m = folium.Map(location=[10, 20], tiles='OpenStreetMap')\n"
        "folium.Marker([10, 20], tooltip='here').add_to(m)\n"
        "folium.GeoJson({'type': 'Point', 'coordinates': [20, 10]}).add_to(m)\n"
        "page = m.get_root().render()\n"
        "print(json.dumps({'plain': plain, 'pandas before': before, 'frame': type(frame).__name__,\n"
        "    'fetched': fetched, 'location': location, 'request': type(urllib.request).__name__,\n"
        "    'marker': 'L.marker' in page, 'geojson': 'L.geoJson' in page, 'osm': 'openstreetmap' in page,\n"
        "    'providers': xyzservices.providers.OpenStreetMap.Mapnik.name, 'colormap': hasattr(branca, 'colormap'),\n"
        "    'version': folium.__version__ != 'unknown'}))\n"
    )
    assert seen == {
        "plain": [[1.0, 2.0]],
        "pandas before": False,
        "frame": "ndarray",
        "fetched": [True, True],
        "location": [10.0, 20.0],
        "request": "module",
        "marker": True,
        "geojson": True,
        "osm": True,
        "providers": "OpenStreetMap.Mapnik",
        "colormap": True,
        "version": True,
    }


_COMPILES = (
    "import json, sys, jinja2\n"
    "compiled = []\n"
    "original = jinja2.Environment.compile\n"
    "def counted(self, source, *args, **kwargs):\n"
    "    compiled.append(source)\n"
    "    return original(self, source, *args, **kwargs)\n"
    "jinja2.Environment.compile = counted\n"
    "from geomap.model import Itinerary, Place, Stop\n"
    "from geomap.publish.page import render_html\n"
    "trip = Itinerary('A. Traveller', [Stop(1, Place('x:1', 'Omsk', 54.99, 73.37, 'RU', 'city')),\n"
    "                                  Stop(2, Place('x:2', 'Tomsk', 56.5, 84.97, 'RU', 'city'))])\n"
    "page = render_html(trip)\n"
    "print(json.dumps({'compiled': len(compiled), 'page': page}))\n"
)


def _normalized(page: str) -> str:
    return re.sub(r"_[0-9a-f]{32}\b", "_ID", page)


def test_templates_compiled_once_are_read_back_by_the_next_run(tmp_path):
    """jinja's bytecode cache in the cache folder: a second run compiles only what is new in each page (the
    second rendering of folium's own elements), and draws the same page."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    first, second = (_run(_COMPILES, env=env) for _ in range(2))
    assert list((tmp_path / "geomap" / "templates").iterdir())
    assert first["compiled"] >= second["compiled"] + 14 and second["compiled"] <= 6
    assert _normalized(second["page"]) == _normalized(first["page"])


def test_an_unwritable_cache_folder_still_draws_the_page(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = dict(os.environ, XDG_CACHE_HOME=str(blocker))
    first, second = (_run(_COMPILES, env=env) for _ in range(2))
    assert first["compiled"] == second["compiled"] >= 20
    assert _normalized(second["page"]) == _normalized(first["page"])


def test_a_deferred_template_renders_as_the_template_itself():
    from geomap.publish import lazyfolium

    source = "{% macro script(this, kwargs) %}var {{ this }} = {{ kwargs|tojavascript }};{% endmacro %}"
    with lazyfolium._templates_on_demand():
        deferred = lazyfolium.Template(source)
    eager = lazyfolium.Template(source)
    assert type(deferred).__name__ == "_TemplateOnDemand"
    assert isinstance(eager, jinja2.Template)
    payload = {"x": "</script><b>'&"}
    assert deferred.module.script("m", payload) == eager.module.script("m", payload)
    assert deferred.render(this="m", kwargs=payload) == eager.render(this="m", kwargs=payload)


def test_folium_elements_render_through_deferred_templates():
    from geomap.publish.lazyfolium import folium

    m = folium.Map(location=[10, 20], tiles=None)
    folium.PolyLine([[10, 20], [11, 21]], color="#123456").add_to(m)
    page = m.get_root().render()
    assert "L.polyline" in page and "#123456" in page


def test_a_stand_in_module_imports_the_real_one_only_when_used():
    seen = _run(
        "import json, sys\n"
        "from geomap.publish import lazyfolium\n"
        "import folium.utilities as fu, branca.utilities as bu\n"
        "before = [m for m in ('numpy', 'urllib.request') if m in sys.modules]\n"
        "fu.validate_location([1.0, 2.0])  # asks whether [1.0, 2.0] is an array\n"
        "path = hasattr(fu.np, '__path__')  # what 'from numpy import x' asks: no import\n"
        "quiet = [m for m in ('numpy', 'urllib.request') if m in sys.modules]\n"
        "png = bu.write_png([[0.5, 1.0]])  # branca's numpy, used: the real numpy is imported\n"
        "print(json.dumps({'before': before, 'path': path, 'quiet': quiet, 'png': png[:4].hex(),\n"
        "                  'numpy': 'numpy' in sys.modules, 'same': fu.np.ndarray is sys.modules['numpy'].ndarray}))\n"
    )
    assert seen == {"before": [], "path": False, "quiet": [], "png": "89504e47", "numpy": True, "same": True}
