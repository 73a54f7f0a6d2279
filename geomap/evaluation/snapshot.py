"""Every output of the pipeline on every text we have, in files to compare before and after a change.

A refactoring must leave these byte-identical: the mentions of every document of the shared geoparsing
corpora (end to end and on gold spans), the itinerary of every trip article (with and without the
article's date) and of every real article present, and the map page of the seed (element ids made stable).

    python -m geomap.evaluation.snapshot /tmp/before
    ... change the code ...
    python -m geomap.evaluation.snapshot /tmp/after && diff -r /tmp/before /tmp/after
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import geomap
from geomap.evaluation.real import all_cases

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED = ROOT.parent / "shared"


def _mention_line(m: geomap.Mention) -> str:
    place = m.place.id if m.place else None
    runner = m.runner_up.id if m.runner_up else None
    return json.dumps([m.start, m.end, m.text, place, round(m.confidence, 6), runner, m.adjective], ensure_ascii=False)


def snapshot_geoparse(out: Path) -> int:
    count = 0
    for corpus in sorted((SHARED / "eval" / "geoparse").glob("*.jsonl")):
        lines = []
        with corpus.open(encoding="utf-8") as docs:
            for raw in docs:
                doc = json.loads(raw)
                spans = [(t["start"], t["end"]) for t in doc["toponyms"]]
                lines.append(f"# {doc['id']} end to end")
                lines += [_mention_line(m) for m in geomap.geoparse(doc["text"])]
                lines.append(f"# {doc['id']} gold spans")
                lines += [_mention_line(m) for m in geomap.geoparse(doc["text"], spans)]
                count += 1
        (out / f"geoparse-{corpus.stem}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return count


def _trip_json(text: str, date: str | None, leader: str | None = None) -> str:
    try:
        trip = geomap.itinerary(text, leader, date=date)
    except geomap.GeomapError as exc:
        return json.dumps({"error": str(exc)})
    return json.dumps(trip.to_dict(), ensure_ascii=False, sort_keys=True)


def snapshot_trips(out: Path) -> int:
    lines = []
    texts = sorted((ROOT / "tests" / "data" / "trips").glob("*.txt")) + sorted((SHARED / "seed").glob("*.txt"))
    for path in texts:
        gold_path = path.with_suffix(".gold.json")
        gold = json.loads(gold_path.read_text(encoding="utf-8")) if gold_path.exists() else {}
        text = path.read_text(encoding="utf-8")
        lines.append(f"{path.name} dated {_trip_json(text, gold.get('date'), gold.get('leader_given'))}")
        lines.append(f"{path.name} undated {_trip_json(text, None, gold.get('leader_given'))}")
    for set_name, _split, gold, article in all_cases():
        if article is not None:
            lines.append(f"{set_name}/{gold['id']} dated {_trip_json(article, gold.get('date'))}")
            lines.append(f"{set_name}/{gold['id']} undated {_trip_json(article, None)}")
    (out / "itineraries.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def snapshot_page(out: Path) -> None:
    seed = next(iter(sorted((SHARED / "seed").glob("*.txt"))), None)
    if seed is None:
        return
    page = geomap.itinerary(seed.read_text(encoding="utf-8")).to_map().get_root().render()
    ids: dict[str, str] = {}
    page = re.sub(
        r"\b([a-z_]+)_([0-9a-f]{32})\b", lambda m: f"{m.group(1)}_{ids.setdefault(m.group(2), str(len(ids)))}", page
    )
    (out / "seed-page.html").write_text(page, encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m geomap.evaluation.snapshot OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    docs = snapshot_geoparse(out)
    trips = snapshot_trips(out)
    snapshot_page(out)
    print(f"{out}: {docs} corpus documents, {trips} itinerary lines, the seed page")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
