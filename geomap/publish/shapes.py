"""JSON in and out: the shapes of docs/JSON.md, and reading back an itinerary a journalist edited.

Other tools read these shapes, so fields are only ever added, never renamed.
Reading validates every field and reports errors by path ("stops[2].lat: …"),
because the file was written by hand.
"""

from __future__ import annotations

import json
from typing import Any

from geomap.errors import InputError
from geomap.model import MODES, ROLES, ContextPlace, Itinerary, Mention, Place, Stop, place_fields
from geomap.output import json_text

_PLACE_KEYS = ("name", "lat", "lon", "country", "kind", "id")


def mention_to_dict(m: Mention) -> dict[str, Any]:
    p = m.place
    out: dict[str, Any] = {"text": m.text, "start": m.start, "end": m.end}
    out.update(place_fields(p) if p is not None else dict.fromkeys(_PLACE_KEYS))
    out["confidence"] = round(m.confidence, 3)
    if m.runner_up is not None:
        out["runner_up"] = {
            "name": m.runner_up.name,
            "id": m.runner_up.id,
            "country": m.runner_up.country or None,
            "lat": round(m.runner_up.lat, 5),
            "lon": round(m.runner_up.lon, 5),
        }
    return out


def places_to_dict(mentions: list[Mention]) -> dict[str, Any]:
    return {"places": [mention_to_dict(m) for m in mentions if m.place is not None]}


def itinerary_to_dict(trip: Itinerary) -> dict[str, Any]:
    return trip.to_dict()


def dumps(data: dict[str, Any]) -> str:
    """The JSON shapes as geomap prints them: readable, with controls escaped (so a file reads back as written)."""
    return json_text(data, indent=2)


# -- reading an edited itinerary back --------------------------------------------------------------


def _need(obj: dict, key: str, path: str, kinds: tuple[type, ...], errors: list[str], *, optional: bool = False) -> Any:
    if key not in obj or obj[key] is None:
        if not optional:
            errors.append(f"{path}.{key}: is required")
        return None
    value = obj[key]
    if bool in kinds and isinstance(value, bool):
        return value
    if isinstance(value, bool) or not isinstance(value, kinds):
        names = " or ".join(k.__name__.replace("str", "text").replace("float", "number") for k in kinds)
        errors.append(f"{path}.{key}: expected {names}, got {_preview(value)}")
        return None
    return value


def _preview(value: Any) -> str:
    """A short view of a wrong value for an error message: never the whole of a list or an object, which an
    edited file may nest a hundred thousand deep."""
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "an object"
    return json.dumps(value, ensure_ascii=False)[:40]


def _read_place(obj: dict, path: str, errors: list[str]) -> Place | None:
    name = _need(obj, "name", path, (str,), errors)
    lat = _need(obj, "lat", path, (int, float), errors)
    lon = _need(obj, "lon", path, (int, float), errors)
    if lat is not None and not -90 <= lat <= 90:
        errors.append(f"{path}.lat: must be between -90 and 90, got {lat}")
        lat = None
    if lon is not None and not -180 <= lon <= 180:
        errors.append(f"{path}.lon: must be between -180 and 180, got {lon}")
        lon = None
    country = _need(obj, "country", path, (str,), errors, optional=True) or ""
    kind = _need(obj, "kind", path, (str,), errors, optional=True) or "place"
    pid = _need(obj, "id", path, (str,), errors, optional=True) or f"edited:{name}"
    if name is None or lat is None or lon is None:
        return None
    return Place(pid, name, lat, lon, country, kind)


def _objects(data: dict, key: str, errors: list[str], *, required: bool):
    """(path, object) for each entry of the list ``data[key]``, noting what is not a list or not an object."""
    items = data.get(key, None if required else [])
    if not isinstance(items, list):
        errors.append(f"{key}: expected a list")
        return
    for i, obj in enumerate(items):
        if isinstance(obj, dict):
            yield f"{key}[{i}]", obj
        else:
            errors.append(f"{key}[{i}]: expected an object")


def itinerary_from_dict(data: Any) -> Itinerary:
    """An :class:`Itinerary` from the JSON shape, with every problem listed by field.

    >>> itinerary_from_dict({"leader": "X", "stops": [{"name": "Omsk", "lat": 55, "lon": 73.4}]}).stops[0].name
    'Omsk'
    """
    errors: list[str] = []
    if not isinstance(data, dict):
        raise InputError("itinerary file: expected a JSON object with 'leader', 'stops' and 'context'")
    leader = data.get("leader")
    if leader is not None and not isinstance(leader, str):
        errors.append("leader: expected text or null")
        leader = None
    stops: list[Stop] = []
    for path, obj in _objects(data, "stops", errors, required=True):
        place = _read_place(obj, path, errors)
        role = obj.get("role") or "stop"
        if role not in ROLES:
            errors.append(f"{path}.role: must be one of {', '.join(ROLES)}, got {_preview(role)}")
        mode = obj.get("mode")
        if mode is not None and mode not in MODES:
            errors.append(f"{path}.mode: must be one of {', '.join(MODES)} or null, got {_preview(mode)}")
        when = _need(obj, "when", path, (str,), errors, optional=True)
        inferred = obj.get("inferred", False)
        if not isinstance(inferred, bool):
            errors.append(f"{path}.inferred: expected true or false, got {_preview(inferred)}")
        evidence = obj.get("evidence", [])
        if isinstance(evidence, str):
            evidence = [evidence]
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            errors.append(f"{path}.evidence: expected a list of sentences")
            evidence = []
        note = _need(obj, "note", path, (str,), errors, optional=True)
        confidence = _share(obj, "confidence", path, errors)
        if place is not None and role in ROLES and (mode is None or mode in MODES) and isinstance(inferred, bool):
            stops.append(Stop(len(stops) + 1, place, role, mode, when, inferred, tuple(evidence), note, confidence))
    context: list[ContextPlace] = []
    for path, obj in _objects(data, "context", errors, required=False):
        place = _read_place(obj, path, errors)
        reason = _need(obj, "reason", path, (str,), errors, optional=True) or "mentioned, not visited"
        mentions = obj.get("mentions") or []
        if not isinstance(mentions, list) or not all(isinstance(m, str) for m in mentions):
            errors.append(f"{path}.mentions: expected a list of texts, got {_preview(mentions)}")
            mentions = []
        if place is not None:
            context.append(ContextPlace(place, reason, tuple(mentions)))
    if errors:
        shown = "; ".join(errors[:8]) + (f"; and {len(errors) - 8} more" if len(errors) > 8 else "")
        raise InputError(f"itinerary file has {len(errors)} error(s): {shown}")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    confidence = _share(data, "confidence", "itinerary", [])
    date = data.get("date") if isinstance(data.get("date"), str) else None
    source = data.get("date_source") if data.get("date_source") in ("given", "text") else None
    return Itinerary(
        leader, tuple(stops), tuple(context), title=title, confidence=confidence, date=date, date_source=source
    )


def _share(obj: dict, key: str, path: str, errors: list[str]) -> float | None:
    """A number from 0 to 1, or None when absent."""
    value = _need(obj, key, path, (int, float), errors, optional=True)
    if value is not None and not 0 <= value <= 1:
        errors.append(f"{path}.{key}: must be between 0 and 1, got {value}")
        return None
    return None if value is None else float(value)
