"""Measuring geomap: geoparsing on annotated corpora, itineraries on gold trips; writes docs/EVALUATION.md.

The corpora are read where they are (../shared/eval/geoparse by default) and
never copied into the project. Metrics follow the definitions in
../shared/eval/README.md so the numbers compare with published ones:
recognition precision/recall/F1 on exact spans (and on any overlap), resolution
accuracy within 161 km end to end (over recognised gold toponyms) and on gold
spans (every gold toponym with coordinates; unresolved counts as wrong).
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from geomap.errors import InputError
from geomap.evaluation.paths import _shared
from geomap.gazetteer.store import Gazetteer
from geomap.geometry import distance_km
from geomap.geoparse.recognize import find_places
from geomap.geoparse.resolve import found_for_spans, resolve

HALF_EARTH_KM = 20_037.5


def _within(errors: list[float], km: float = 161) -> str:
    """'2042/2173': the count behind a rounded share, so 0.9397 is not read as meeting 0.94."""
    return f"{sum(e <= km for e in errors)}/{len(errors)}"


def _prf(tp_p: int, tp_g: int, pred: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; lenient matching counts true positives on each side separately."""
    p = tp_p / pred if pred else 0.0
    r = tp_g / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class GeoparseResult:
    corpus: str
    documents: int = 0
    megabytes: float = 0.0
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    lenient_pred: int = 0
    lenient_gold: int = 0
    e2e_errors: list[float] = field(default_factory=list)
    gold_span_errors: list[float] = field(default_factory=list)
    seconds: float = 0.0
    peak_mb: float = 0.0
    error_types: Counter = field(default_factory=Counter)
    examples: dict[str, Counter] = field(default_factory=dict)

    @property
    def exact_prf(self) -> tuple[float, float, float]:
        return _prf(self.exact, self.exact, self.predicted, self.gold)

    @property
    def lenient_prf(self) -> tuple[float, float, float]:
        return _prf(self.lenient_pred, self.lenient_gold, self.predicted, self.gold)

    @staticmethod
    def _acc(errors: list[float]) -> tuple[float, float, float]:
        if not errors:
            return 0.0, 0.0, 0.0
        return sum(e <= 161 for e in errors) / len(errors), statistics.median(errors), statistics.fmean(errors)

    @property
    def e2e(self) -> tuple[float, float, float]:
        return self._acc(self.e2e_errors)

    @property
    def gold_spans(self) -> tuple[float, float, float]:
        return self._acc(self.gold_span_errors)

    def note_error(self, kind: str, example: str) -> None:
        self.error_types[kind] += 1
        self.examples.setdefault(kind, Counter())[example] += 1

    def summary(self) -> str:
        p, r, f = self.exact_prf
        lp, lr, lf = self.lenient_prf
        a, med, mean = self.e2e
        ga, gmed, gmean = self.gold_spans
        return (
            f"{self.corpus}: {self.documents} docs, {self.gold} gold toponyms\n"
            f"  recognition exact   P {p:.3f} R {r:.3f} F1 {f:.3f}   lenient P {lp:.3f} R {lr:.3f} F1 {lf:.3f}\n"
            f"  resolution e2e      acc@161 {a:.4f} ({_within(self.e2e_errors)})  median {med:.1f} km  mean {mean:.1f} km\n"
            f"  resolution gold     acc@161 {ga:.4f} ({_within(self.gold_span_errors)})  median {gmed:.1f} km  mean {gmean:.1f} km\n"
            f"  speed               {self.documents / self.seconds:.0f} docs/s, {self.megabytes / self.seconds:.2f} MB/s, "
            f"peak RSS {self.peak_mb:.0f} MB"
        )


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate_corpus(path: Path, gazetteer: Gazetteer, *, limit: int | None = None) -> GeoparseResult:
    """Score one JSONL corpus (see ../shared/eval/README.md for the format)."""
    if not path.is_file():
        raise InputError(f"{path}: no such corpus file")
    docs = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError:
                raise InputError(f"{path}:{number}: not a JSON line") from None
            if limit and len(docs) >= limit:
                break
    result = GeoparseResult(path.stem, documents=len(docs))
    result.megabytes = sum(len(d["text"].encode("utf-8")) for d in docs) / 1e6

    started = time.perf_counter()
    predictions = []
    for d in docs:
        text = d["text"]
        predictions.append(resolve(find_places(text, gazetteer), text, gazetteer))
    result.seconds = time.perf_counter() - started

    for d, mentions in zip(docs, predictions):
        gold = d["toponyms"]
        text = d["text"]
        pred_spans = [(m.start, m.end) for m in mentions]
        gold_spans = [(g["start"], g["end"]) for g in gold]
        result.gold += len(gold)
        result.predicted += len(mentions)
        result.exact += len(set(pred_spans) & set(gold_spans))
        result.lenient_pred += sum(any(_overlaps(p, g) for g in gold_spans) for p in pred_spans)
        result.lenient_gold += sum(any(_overlaps(g, p) for p in pred_spans) for g in gold_spans)
        for m in mentions:
            if not any(_overlaps((m.start, m.end), g) for g in gold_spans):
                result.note_error(f"false positive: {m.place.kind if m.place else 'unresolved'}", m.text)
        for g in gold:
            hit = next((m for m in mentions if _overlaps((m.start, m.end), (g["start"], g["end"]))), None)
            if hit is None:
                shape = "lower-case" if g["name"][:1].islower() else "multi-word" if " " in g["name"] else "single word"
                result.note_error(f"missed toponym ({g.get('type') or shape})", g["name"])
                continue
            if g.get("lat") is None:
                continue
            if hit.place is None:
                result.e2e_errors.append(HALF_EARTH_KM)
                continue
            err = distance_km((hit.place.lat, hit.place.lon), (g["lat"], g["lon"]))
            result.e2e_errors.append(err)
            if err > 161:
                result.note_error(
                    f"resolved > 161 km away (chose a {hit.place.kind})",
                    f"{g['name']} -> {hit.place.name}, {hit.place.country}",
                )
        # Gold spans: the resolver alone.
        with_coords = [g for g in gold if g.get("lat") is not None]
        if with_coords:
            given = resolve(
                found_for_spans(text, [(g["start"], g["end"]) for g in with_coords], gazetteer), text, gazetteer
            )
            for g, m in zip(with_coords, given):
                if m.place is None:
                    result.gold_span_errors.append(HALF_EARTH_KM)
                else:
                    result.gold_span_errors.append(distance_km((m.place.lat, m.place.lon), (g["lat"], g["lon"])))
    result.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def evaluate_geoparse(paths: list[Path], gazetteer: Gazetteer, *, limit: int | None = None) -> list[GeoparseResult]:
    return [evaluate_corpus(Path(p), gazetteer, limit=limit) for p in paths]


@dataclass
class SeedCheck:
    """The shared seed article against its gold: every gold place found near its point, no 'not_places'."""

    article: str
    found: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    wrong_places: list[str] = field(default_factory=list)

    def summary(self) -> str:
        ok = not self.missing and not self.wrong_places
        return (
            f"seed {self.article}: {'OK' if ok else 'NOT OK'}; found within 30 km: {', '.join(self.found) or '-'}; "
            f"missing: {', '.join(self.missing) or 'none'}; not-places returned: {', '.join(self.wrong_places) or 'none'}"
        )


def check_seeds(gazetteer: Gazetteer) -> list[SeedCheck]:
    """Run geoparse on each ../shared/seed article and compare with its gold file."""
    from geomap.pipeline import geoparse

    seed = _shared() / "seed"
    checks = []
    for gold_path in sorted(seed.glob("*.gold.json")) if seed.is_dir() else []:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (seed / gold["article"]).read_text(encoding="utf-8")
        mentions = [m for m in geoparse(text, gazetteer=gazetteer) if m.place is not None]
        check = SeedCheck(gold["article"])
        wanted = list(gold.get("stops_in_order", [])) + [c for c in gold.get("context_not_stops", []) if "lat" in c]
        for g in wanted:
            near = any(m.place and distance_km(m.place.point, (g["lat"], g["lon"])) <= 30 for m in mentions)
            (check.found if near else check.missing).append(g["name"])
        for entry in gold.get("not_places", []):
            name = entry.split(" (")[0]
            for variant in {
                name,
                name.replace(" Un", "-un"),
                name.replace(" Un", "-Un"),
                name.replace("Rossiya", "Rossia"),
            }:
                for match in re.finditer(re.escape(variant), text):
                    if any(m.start < match.end() and match.start() < m.end for m in mentions):
                        check.wrong_places.append(name)
                        break
        check.wrong_places = sorted(set(check.wrong_places))
        checks.append(check)
    return checks
