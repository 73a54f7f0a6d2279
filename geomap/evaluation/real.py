"""Real trip articles for the itinerary stage: where their texts live, how they split, how gold files look.

Two sets, both annotated by this project in ``tests/data/real/``:

* ``kremlin``: items of ../shared/eval/trips-kremlin/kremlin-news.jsonl (CC BY 4.0), keyed by their id.
  The text stays in ../shared; the article a reader would paste is composed from the item's title,
  its date and place line, and its body (:func:`kremlin_article`).
* ``news``: articles from news sites found with the project's search tool. Only the gold file (with the
  query and the url) is committed; the retrieved text is kept in the git-ignored ``tests/data/real/.cache/``
  and must be retrieved again on a machine that lacks it (tests/data/real/README.md says how).

Each set is split once, by a hash of the article's id, into *dev* (two thirds: read it, fit on it) and
*test* (one third: score it, never read it to write a rule).

Run ``python -m geomap.evaluation.real show ID`` to print the article exactly as the evaluation reads it,
and ``python -m geomap.evaluation.real check`` to validate every gold file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent.parent
REAL = ROOT / "tests" / "data" / "real"
CACHE = REAL / ".cache"
KREMLIN_CORPUS = ROOT.parent / "shared" / "eval" / "trips-kremlin" / "kremlin-news.jsonl"
SETS = ("kremlin", "news")


def split_of(article_id: str) -> str:
    """'test' for one id in three, 'dev' for the others, fixed by the id alone.

    >>> split_of("kremlin-28839") in ("dev", "test")
    True
    """
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:4], "big") % 3 == 0 else "dev"


@lru_cache(maxsize=1)
def kremlin_items() -> dict[str, dict[str, Any]]:
    """The shared Kremlin items by id (empty when ../shared is not beside the checkout)."""
    if not KREMLIN_CORPUS.exists():
        return {}
    with KREMLIN_CORPUS.open(encoding="utf-8") as lines:
        items = (json.loads(line) for line in lines if line.strip())
        return {item["id"]: item for item in items}


def kremlin_article(item: dict[str, Any]) -> str:
    """The item as a reader copies it from the page: title, then 'Month D, YYYY, Place', then the body."""
    date = dt.date.fromisoformat(item["date"])
    when = f"{date:%B} {date.day}, {date.year}"
    place_line = f"{when}, {item['dateline']}" if item.get("dateline") else when
    return f"{item['title']}\n\n{place_line}\n\n{item['text']}"


def news_cache_path(article_id: str) -> Path:
    return CACHE / "news" / f"{article_id}.txt"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_text(set_name: str, article_id: str) -> str | None:
    """The text the evaluation reads for an article, or None when it is not on this machine."""
    if set_name == "kremlin":
        item = kremlin_items().get(article_id)
        return kremlin_article(item) if item else None
    path = news_cache_path(article_id)
    return path.read_text(encoding="utf-8") if path.exists() else None


def gold_files(set_name: str) -> list[Path]:
    return sorted((REAL / set_name).glob("*.gold.json"))


def load_gold(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


STOP_FIELDS = {"name", "lat", "lon", "country", "as_written", "when", "country_only", "optional", "role", "note"}
GOLD_FIELDS = {
    "id",
    "set",
    "trip",
    "kind",
    "traveller",
    "traveller_aliases",
    "date",
    "stops",
    "implied_origin",
    "not_stops",
    "phenomena",
    "notes",
    "url",
    "query",
    "outlet",
    "retrieved",
    "text_sha256",
    "chars",
    "language",
    "annotator",
}


def check_gold(gold: dict[str, Any], set_name: str) -> list[str]:
    """What is wrong with one gold file (empty when it is valid)."""
    problems = [f"unknown field {k!r}" for k in gold if k not in GOLD_FIELDS]
    for key in ("id", "trip", "traveller", "date", "stops", "kind"):
        if key not in gold:
            problems.append(f"missing {key!r}")
    if gold.get("set") != set_name:
        problems.append(f"'set' must be {set_name!r}")
    try:
        dt.date.fromisoformat(gold.get("date") or "")
    except ValueError:
        problems.append("'date' must be YYYY-MM-DD")
    if set_name == "news":
        for key in ("url", "query", "outlet", "text_sha256"):
            if not gold.get(key):
                problems.append(f"news gold needs {key!r}")
    if (
        gold.get("trip") is False
        and any(not s.get("optional") for s in gold.get("stops", []))
        and gold.get("kind") != "foreign-visitor"
    ):
        problems.append("a non-trip lists stops")
    for i, stop in enumerate(gold.get("stops", [])):
        problems += [f"stops[{i}]: unknown field {k!r}" for k in stop if k not in STOP_FIELDS]
        if not isinstance(stop.get("name"), str):
            problems.append(f"stops[{i}]: needs a name")
        lat, lon = stop.get("lat"), stop.get("lon")
        if not (
            isinstance(lat, (int, float)) and -90 <= lat <= 90 and isinstance(lon, (int, float)) and -180 <= lon <= 180
        ):
            problems.append(f"stops[{i}]: lat/lon missing or out of range")
        if stop.get("when"):
            try:
                dt.date.fromisoformat(stop["when"])
            except ValueError:
                problems.append(f"stops[{i}]: 'when' must be YYYY-MM-DD or null")
    return problems


def all_cases() -> Iterator[tuple[str, str, dict[str, Any], str | None]]:
    """(set, split, gold, text or None) for every real gold file."""
    for set_name in SETS:
        for path in gold_files(set_name):
            gold = load_gold(path)
            yield set_name, split_of(gold["id"]), gold, article_text(set_name, gold["id"])


def _main(argv: list[str]) -> int:
    if argv[:1] == ["show"] and len(argv) == 2:
        article_id = argv[1]
        set_name = "kremlin" if article_id.startswith("kremlin-") else "news"
        text = article_text(set_name, article_id)
        if text is None:
            print(f"{article_id}: text not on this machine", file=sys.stderr)
            return 1
        print(f"[{set_name} {split_of(article_id)}]", file=sys.stderr)
        print(text)
        return 0
    if argv[:1] == ["check"]:
        bad = 0
        counts: dict[tuple[str, str, bool], int] = {}
        for set_name in SETS:
            for path in gold_files(set_name):
                try:
                    gold = load_gold(path)
                except ValueError as exc:
                    print(f"{path}: not JSON ({exc})")
                    bad += 1
                    continue
                problems = check_gold(gold, set_name)
                if path.name != f"{gold.get('id')}.gold.json":
                    problems.append("file name must be ID.gold.json")
                if set_name == "news" and gold.get("text_sha256"):
                    text = article_text("news", gold["id"])
                    if text is None:
                        problems.append("text missing from the cache (retrieve it again)")
                    elif text_sha256(text) != gold["text_sha256"]:
                        problems.append("cached text differs from the annotated one (text_sha256)")
                for p in problems:
                    print(f"{path.relative_to(ROOT)}: {p}")
                bad += bool(problems)
                key = (set_name, split_of(gold.get("id", "")), bool(gold.get("trip")))
                counts[key] = counts.get(key, 0) + 1
        for (set_name, split, trip), n in sorted(counts.items()):
            print(f"{set_name:8} {split:5} {'trip' if trip else 'non-trip':9} {n}")
        print(f"{bad} file(s) with problems")
        return 1 if bad else 0
    if argv[:1] == ["sha"] and len(argv) == 2:
        print(text_sha256(Path(argv[1]).read_text(encoding="utf-8")))
        return 0
    print("usage: python -m geomap.evaluation.real show ID | check | sha FILE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
