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
import subprocess
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .gazetteer.store import Gazetteer
from .geometry import distance_km
from .itinerary import build_itinerary
from .recognize import find_places
from .text import fold
from .resolve import found_for_spans, resolve

def _project_root() -> Path:
    """The geomap checkout: this source tree when it is one (an editable install), else the working folder.

    Reports go to its docs/ folder and the shared corpora are looked for beside it; an installed
    (non-editable) geomap never writes into site-packages.
    """
    here = Path(__file__).resolve().parent.parent
    return here if (here / "pyproject.toml").exists() else Path.cwd()


ROOT = _project_root()
HALF_EARTH_KM = 20_037.5


def _shared() -> Path:
    return ROOT.parent / "shared"


def default_corpora() -> list[Path]:
    folder = _shared() / "eval" / "geoparse"
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def default_trips() -> Path:
    return ROOT / "tests" / "data" / "trips"


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
                result.note_error(f"resolved > 161 km away (chose a {hit.place.kind})", f"{g['name']} -> {hit.place.name}, {hit.place.country}")
        # Gold spans: the resolver alone.
        with_coords = [g for g in gold if g.get("lat") is not None]
        if with_coords:
            given = resolve(found_for_spans(text, [(g["start"], g["end"]) for g in with_coords], gazetteer), text, gazetteer)
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
        return (f"seed {self.article}: {'OK' if ok else 'NOT OK'}; found within 30 km: {', '.join(self.found) or '-'}; "
                f"missing: {', '.join(self.missing) or 'none'}; not-places returned: {', '.join(self.wrong_places) or 'none'}")


def check_seeds(gazetteer: Gazetteer) -> list[SeedCheck]:
    """Run geoparse on each ../shared/seed article and compare with its gold file."""
    from .pipeline import geoparse

    seed = _shared() / "seed"
    checks = []
    for gold_path in sorted(seed.glob("*.gold.json")) if seed.is_dir() else []:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (seed / gold["article"]).read_text(encoding="utf-8")
        mentions = [m for m in geoparse(text, gazetteer=gazetteer) if m.place is not None]
        check = SeedCheck(gold["article"])
        wanted = list(gold.get("stops_in_order", [])) + [c for c in gold.get("context_not_stops", []) if "lat" in c]
        for g in wanted:
            near = any(distance_km(m.place.point, (g["lat"], g["lon"])) <= 30 for m in mentions)
            (check.found if near else check.missing).append(g["name"])
        for entry in gold.get("not_places", []):
            name = entry.split(" (")[0]
            for variant in {name, name.replace(" Un", "-un"), name.replace(" Un", "-Un"), name.replace("Rossiya", "Rossia")}:
                for match in re.finditer(re.escape(variant), text):
                    if any(m.start < match.end() and match.start() < m.end for m in mentions):
                        check.wrong_places.append(name)
                        break
        check.wrong_places = sorted(set(check.wrong_places))
        checks.append(check)
    return checks


# -- itineraries --------------------------------------------------------------------------------

@dataclass
class ItineraryResult:
    label: str = ""
    articles: int = 0
    predicted: int = 0
    gold: int = 0
    matched: int = 0
    exact_order: int = 0
    leaders: int = 0
    taus: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def prf(self) -> tuple[float, float, float]:
        return _prf(self.matched, self.matched, self.predicted, self.gold)

    @property
    def mean_tau(self) -> float:
        return statistics.fmean(self.taus) if self.taus else 0.0

    def summary(self) -> str:
        p, r, f = self.prf
        tau = self.mean_tau
        return (f"itineraries ({self.label}): {self.articles} articles, {self.gold} gold stops\n"
                f"  stops P {p:.3f} R {r:.3f} F1 {f:.3f}; exact order {self.exact_order}/{self.articles} "
                f"({self.exact_order / max(1, self.articles):.0%}); mean Kendall tau {tau:.3f}; "
                f"leader named as in the gold {self.leaders}/{self.articles}")


def kendall_tau(order: list[int]) -> float:
    """Kendall's tau between 0..n-1 and ``order`` (1.0 when identical; 1.0 for fewer than two items)."""
    n = len(order)
    if n < 2:
        return 1.0
    concordant = discordant = 0
    for i in range(n):
        for j in range(i + 1, n):
            if order[i] < order[j]:
                concordant += 1
            else:
                discordant += 1
    return (concordant - discordant) / (n * (n - 1) / 2)


def score_trip(stops: list[tuple[str, float, float, str]], gold: list[dict], *, radius_km: float = 30.0) -> tuple[int, list[int]]:
    """(matched stops, gold indexes of the matched predictions in predicted order).

    A predicted stop (name, lat, lon, country) matches the nearest unused gold stop within
    ``radius_km``; a gold stop that gives a ``country`` (a stop the text names only as a
    country) matches any stop in that country.
    """
    used: set[int] = set()
    order = []
    for name, lat, lon, country in stops:
        best = None
        for gi, g in enumerate(gold):
            if gi in used:
                continue
            d = distance_km((lat, lon), (g["lat"], g["lon"]))
            if g.get("country") and country == g["country"]:
                d = min(d, radius_km)  # a stop named only as a country matches that country or a place in it
            if d <= radius_km and (best is None or d < best[1]):
                best = (gi, d)
        if best is not None:
            used.add(best[0])
            order.append(best[0])
    return len(order), order


def trip_cases(folder: Path) -> list[tuple[str, str, dict]]:
    """(name, text, gold) for every ``*.txt`` with a ``*.gold.json`` beside it, plus the shared seed when present."""
    cases = []
    for txt in sorted(Path(folder).glob("*.txt")):
        gold_path = txt.with_suffix(".gold.json")
        if gold_path.exists():
            cases.append((txt.stem, txt.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8"))))
    seed = _shared() / "seed"
    for txt in sorted(seed.glob("*.txt")) if seed.is_dir() else []:
        gold_path = txt.with_name(txt.stem + ".gold.json")
        if gold_path.exists():
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            cases.append((f"seed/{txt.stem}", txt.read_text(encoding="utf-8"),
                          {"leader": gold.get("leader"), "stops": gold["stops_in_order"]}))
    return cases


def evaluate_itineraries(folder: Path, gazetteer: Gazetteer, *, use_dates: bool = True) -> ItineraryResult:
    """Stop precision/recall (within 30 km of a gold stop), exact order and Kendall's tau over gold trips.

    Stops marked ``inferred`` are not scored: the gold lists what the text states.
    With ``use_dates`` the gold file's article date is passed as ``--date`` would;
    without, the itinerary works from the text alone, as most callers do.
    """
    from .pipeline import geoparse

    result = ItineraryResult(label="with the article's date" if use_dates else "from the text alone")
    cases = trip_cases(folder)
    if not cases:
        raise InputError(f"{folder}: holds no article with a .gold.json beside it")
    for name, text, gold in cases:
        trip = build_itinerary(text, geoparse(text, gazetteer=gazetteer), gazetteer, leader=gold.get("leader_given"),
                               date=_date(gold.get("date")) if use_dates else None)
        stops = [(s.place.name, s.place.lat, s.place.lon, s.place.country) for s in trip.stops if not s.inferred]
        matched, order = score_trip(stops, gold["stops"])
        result.articles += 1
        result.predicted += len(stops)
        result.gold += len(gold["stops"])
        result.matched += matched
        exact = matched == len(stops) == len(gold["stops"]) and order == sorted(order)
        result.exact_order += exact
        result.taus.append(kendall_tau(order))
        same = (lambda name: " ".join(fold(name or "").replace("-", " ").split()))
        result.leaders += same(trip.leader) == same(gold.get("leader"))
        if same(trip.leader) != same(gold.get("leader")):
            result.failures.append(f"{name}: leader {trip.leader!r}, want {gold.get('leader')!r}")
        if not exact:
            result.failures.append(f"{name}: got {[s[0] for s in stops]}, want {[g['name'] for g in gold['stops']]}")
    return result


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


# -- the report ------------------------------------------------------------------------------------

def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT,
                              timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _within(errors: list[float], km: float = 161) -> str:
    """'2042/2173': the count behind a rounded share, so 0.9397 is not read as meeting 0.94."""
    return f"{sum(e <= km for e in errors)}/{len(errors)}"


def _geoparse_section(results: list[GeoparseResult], seeds: list[SeedCheck] | None = None) -> str:
    lines = [
        "## Geoparsing (`geomap eval geoparse`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{_commit()}` on one core, gazetteer already open.",
        "",
        "| corpus | docs | gold | recognition P / R / F1 (exact) | F1 (lenient) | acc@161 end to end | median / mean km | acc@161 gold spans | median / mean km | docs/s | MB/s |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        p, rec, f = r.exact_prf
        a, med, mean = r.e2e
        ga, gmed, gmean = r.gold_spans
        lines.append(
            f"| {r.corpus} | {r.documents} | {r.gold} | {p:.3f} / {rec:.3f} / **{f:.3f}** | {r.lenient_prf[2]:.3f} | "
            f"**{a:.3f}** ({_within(r.e2e_errors)}) | {med:.0f} / {mean:.0f} | "
            f"**{ga:.3f}** ({_within(r.gold_span_errors)}) | {gmed:.0f} / {gmean:.0f} | "
            f"{r.documents / r.seconds:.0f} | {r.megabytes / r.seconds:.2f} |"
        )
    lines += ["", "Targets (issue 4): GeoWebNews F1 ≥ 0.75, acc@161 ≥ 0.94 end to end and on gold spans; "
              "LGL F1 ≥ 0.72, acc@161 ≥ 0.82 end to end, ≥ 0.83 on gold spans.", ""]
    for r in results:
        lines += [f"### What remains wrong on {r.corpus}: the ten most frequent error types", "",
                  "| error type | count | most frequent examples |", "|---|---|---|"]
        for kind, count in r.error_types.most_common(10):
            examples = ", ".join(f"{ex} ({n})" for ex, n in r.examples[kind].most_common(4))
            lines.append(f"| {kind} | {count} | {examples.replace('|', '/')} |")
        lines.append("")
    for check in seeds or []:
        lines += [f"Seed check: {check.summary()}", ""]
    lines.append("Rerun: `geomap eval geoparse` (reads ../shared/eval/geoparse/*.jsonl and ../shared/seed).")
    return "\n".join(lines)


def _itinerary_section(results: list[ItineraryResult]) -> str:
    first = results[0]
    lines = [
        "## Itineraries (`geomap eval itinerary`)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{_commit()}` on {first.articles} trip articles "
        "(tests/data/trips, written by the team, plus the shared seed). A stop is right when within 30 km of a gold stop; "
        "inferred stops are not scored.",
        "",
        "| run | articles | gold stops | stop P | stop R | stop F1 | exact order | mean Kendall tau | leader right |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        p, r, f = result.prf
        tau = result.mean_tau
        lines.append(
            f"| {result.label} | {result.articles} | {result.gold} | {p:.3f} | {r:.3f} | **{f:.3f}** | "
            f"**{result.exact_order / max(1, result.articles):.0%}** ({result.exact_order}/{result.articles}) | {tau:.3f} | "
            f"{result.leaders}/{result.articles} |"
        )
    lines += ["", "Targets (issue 5): stop F1 ≥ 0.95, exact order ≥ 90 %."]
    for result in results:
        if result.failures:
            lines += ["", f"Articles not exactly right ({result.label}):", ""] + [f"- {line}" for line in result.failures]
    lines += ["", "Rerun: `geomap eval itinerary`."]
    return "\n".join(lines)


def write_report(*, geoparse: list[GeoparseResult] | None = None, itinerary: list[ItineraryResult] | None = None,
                 seeds: list[SeedCheck] | None = None, path: Path | None = None) -> Path:
    """Replace this run's section(s) of docs/EVALUATION.md, keeping the other section."""
    from .output import write_text_atomic

    target = path or ROOT / "docs" / "EVALUATION.md"
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    sections = {s.split("\n", 1)[0].strip(): s.rstrip() for s in re.findall(r"(?ms)^## .*?(?=^## |\Z)", old)}
    geo_key = "## Geoparsing (`geomap eval geoparse`)"
    iti_key = "## Itineraries (`geomap eval itinerary`)"
    if geoparse is not None:
        sections[geo_key] = _geoparse_section(geoparse, seeds)
    if itinerary is not None:
        sections[iti_key] = _itinerary_section(itinerary)
    body = ["# Evaluation", "", "Generated by `geomap eval`; do not edit by hand.", ""]
    for key in (geo_key, iti_key):
        if key in sections:
            body += [sections[key], ""]
    return write_text_atomic(target, "\n".join(body))
