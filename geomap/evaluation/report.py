"""docs/EVALUATION.md: each run replaces its own section and keeps the others."""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

from geomap.evaluation.geoparse import GeoparseResult, SeedCheck, _within
from geomap.evaluation.itineraries import ItineraryResult
from geomap.evaluation.paths import ROOT
from geomap.evaluation.realtrips import RealResult


def _commit() -> str:
    try:
        return (
            subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT, timeout=5
            ).stdout.strip()
            or "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


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
    lines += [
        "",
        "Targets (issue 4): GeoWebNews F1 ≥ 0.75, acc@161 ≥ 0.94 end to end and on gold spans; "
        "LGL F1 ≥ 0.72, acc@161 ≥ 0.82 end to end, ≥ 0.83 on gold spans.",
        "",
    ]
    for r in results:
        lines += [
            f"### What remains wrong on {r.corpus}: the ten most frequent error types",
            "",
            "| error type | count | most frequent examples |",
            "|---|---|---|",
        ]
        for kind, count in r.error_types.most_common(10):
            examples = ", ".join(f"{ex} ({n})" for ex, n in r.examples[kind].most_common(4))
            lines.append(f"| {kind} | {count} | {examples.replace('|', '/')} |")
        lines.append("")
    for check in seeds or []:
        lines += [f"Seed check: {check.summary()}", ""]
    lines.append("Rerun: `geomap eval geoparse` (reads ../shared/eval/geoparse/*.jsonl and ../shared/seed).")
    return "\n".join(lines)


def _real_section(real: list[RealResult]) -> list[str]:
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{_commit()}` on real articles nobody on the project wrote "
        "(tests/data/real: Kremlin news items and articles from news sites, annotated by the project), split once "
        "by a hash of the id into dev (read, fitted on) and test (only scored). In-order stop F1 counts the stops "
        "within 30 km of a gold stop that keep the gold order; an itinerary is exact when its stops are the gold's, "
        "in order, with nothing more; a non-trip is right when it gives no stop. Inferred stops are not scored.",
        "",
        "| set | split | article date | trips | gold stops | in-order P | in-order R | in-order F1 | exact | traveller "
        "right | non-trips with no stop | texts missing |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in real:
        set_name, split, dated = r.label.split()
        p, rec, f = r.prf
        clean = f"{r.non_trips_clean}/{r.non_trips}" if r.non_trips else "-"
        lines.append(
            f"| {set_name} | {split} | {'given' if dated == 'dated' else 'from the text'} | {r.trips} | {r.gold} | "
            f"{p:.3f} | {rec:.3f} | **{f:.3f}** | **{r.exact / max(1, r.trips):.0%}** ({r.exact}/{r.trips}) | "
            f"{r.leaders}/{r.trips} | {clean} | {r.missing_texts} |"
        )
    lines += [
        "",
        "Targets (issue 17): test split (both sets) in-order F1 ≥ 0.90 and exact ≥ 70 %; dev split ≥ 0.95 and ≥ 80 %; "
        "non-trips with no stop ≥ 95 %.",
        "",
    ]
    return lines


def _itinerary_section(results: list[ItineraryResult], real: list[RealResult] | None = None) -> str:
    first = results[0]
    lines = ["## Itineraries (`geomap eval itinerary`)", ""]
    if real:
        lines += ["### Real articles", ""] + _real_section(real) + ["### The trip articles we wrote (regression)", ""]
    lines += [
        f"Measured {time.strftime('%Y-%m-%d')} at commit `{_commit()}` on {first.articles} trip articles "
        "(tests/data/trips, written by the team, plus the shared seed). A stop is right when within 30 km of a gold stop; "
        "inferred stops are not scored. They no longer measure progress: every rule was written for one of them.",
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
    lines += ["", "Targets (issue 5): stop F1 ≥ 0.95, exact order ≥ 90 %; all of them, as regression tests."]
    for result in results:
        if result.failures:
            lines += ["", f"Articles not exactly right ({result.label}):", ""] + [
                f"- {line}" for line in result.failures
            ]
    lines += ["", "Rerun: `geomap eval itinerary`."]
    return "\n".join(lines)


def write_report(
    *,
    geoparse: list[GeoparseResult] | None = None,
    itinerary: list[ItineraryResult] | None = None,
    real: list[RealResult] | None = None,
    seeds: list[SeedCheck] | None = None,
    decisions: str | None = None,
    path: Path | None = None,
) -> Path:
    """Replace this run's section(s) of docs/EVALUATION.md, keeping the others (``decisions``: the body of the
    scored decisions' section, as ``python -m geomap.evaluation.fit`` writes it)."""
    from geomap.output import write_text_atomic

    target = path or ROOT / "docs" / "EVALUATION.md"
    old = target.read_text(encoding="utf-8") if target.exists() else ""
    sections = {s.split("\n", 1)[0].strip(): s.rstrip() for s in re.findall(r"(?ms)^## .*?(?=^## |\Z)", old)}
    geo_key = "## Geoparsing (`geomap eval geoparse`)"
    iti_key = "## Itineraries (`geomap eval itinerary`)"
    if geoparse is not None:
        sections[geo_key] = _geoparse_section(geoparse, seeds)
    if itinerary is not None:
        sections[iti_key] = _itinerary_section(itinerary, real)
    fit_key = "## Scored decisions of the itinerary (`python -m geomap.evaluation.fit`)"
    if decisions is not None:
        sections[fit_key] = f"{fit_key}\n\nMeasured {time.strftime('%Y-%m-%d')} at commit `{_commit()}`.\n\n{decisions}"
    body = ["# Evaluation", "", "Generated by `geomap eval`; do not edit by hand.", ""]
    for key in (geo_key, iti_key, fit_key):
        if key in sections:
            body += [sections[key], ""]
    return write_text_atomic(target, "\n".join(body))
