"""folium imported through geomap.publish.lazyfolium: templates compiled on first use, to the same template;
requests imported only when folium reaches into it; nothing left patched afterwards."""

import json
import subprocess
import sys

import jinja2


def _run(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_drawing_a_page_imports_no_requests_and_leaves_jinja_as_it_was():
    seen = _run(
        "import json, sys, jinja2\n"
        "new = jinja2.Template.__new__\n"
        "from geomap.model import Itinerary, Place, Stop\n"
        "from geomap.publish.page import render_html\n"
        "trip = Itinerary('A. Traveller', [Stop(1, Place('x:1', 'Omsk', 54.99, 73.37, 'RU', 'city'))])\n"
        "page = render_html(trip)\n"
        "print(json.dumps({'requests': 'requests' in sys.modules, 'restored': jinja2.Template.__new__ is new,\n"
        "                  'omsk': 'Omsk' in page, 'template': type(jinja2.Template('{{ 1 }}')).__name__}))\n"
    )
    assert seen == {"requests": False, "restored": True, "omsk": True, "template": "Template"}


def test_folium_reaches_the_real_requests_when_it_needs_it():
    seen = _run(
        "import json, sys\n"
        "from geomap.publish.lazyfolium import folium\n"
        "import folium.features as f\n"
        "before = 'requests' in sys.modules\n"
        "get = f.requests.get\n"
        "import requests\n"
        "print(json.dumps({'before': before, 'same': get is requests.get,\n"
        "                  'real': type(sys.modules['requests']).__name__}))\n"
    )
    assert seen == {"before": False, "same": True, "real": "module"}


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
