"""Stage 1, recognize: article text in, spans that name places (with their gazetteer candidates) out.

Recognition is gazetteer-driven: every capitalised run of words (allowing the
small connectors of place names, "Sea *of* Japan", "Komsomolsk-*on*-Amur", and a
trailing feature word, "Amur *region*", "Vostochny *cosmodrome*") is looked up
in the gazetteer in one batched query, and the longest match wins. Then filters
remove what only looks like a place: people ("Vladimir Putin" is not the city
of Vladimir), organisations and titles ("the Gagarin factory", "Pacific
Fleet", "New York Times"), and capitalised common words at the start of a
sentence.

Input: ``str``; output: ``list[Found]``, in text order, not overlapping.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

from geomap.gazetteer.store import ABBREVIATION, DEMONYM, GENERATED, GEONAMES_LAYERS, PRIMARY, Candidate, Gazetteer
from geomap.geometry import PointGrid, haversine_km
from geomap.text import wordlists as words
from geomap.text.keys import loose_key, name_key
from geomap.text.tokens import TOKEN_PATTERN, WORD_JOINS, sentences

MAX_WORDS = 6


@dataclass(frozen=True, slots=True)
class Found:
    """A span that names a place, with every reading the gazetteer offers for it.

    ``how`` says how the name matched: "exact", "loose" (a spelling variant) or
    "given" (a span handed in by the caller, resolved even if it matched nothing).
    """

    start: int
    end: int
    text: str
    key: str
    candidates: tuple[Candidate, ...]
    how: str = "exact"
    cue: str | None = None

    @property
    def is_demonym(self) -> bool:
        return bool(self.candidates) and all(c.flags & DEMONYM for c in self.candidates)


class _Tok(NamedTuple):
    start: int
    end: int
    text: str
    sentence_start: bool
    capital: bool
    sentence: int


_ARTICLES = frozenset("el al ad as ar an es ash at az ed ud".split())
# TOKEN_PATTERN with a first alternative that names lower-case ASCII words: the same tokens, the same extents
# (the word alternative would match there, and no other can), so the loop below knows them without looking.
_ANNOTATE_PATTERN = re.compile(r"(?P<low>[a-z][^\W\d_]*" + WORD_JOINS + ")|" + TOKEN_PATTERN.pattern, re.UNICODE)


def _annotate(text: str) -> list[_Tok]:
    """Every token with its sentence number and whether it opens the sentence or is capitalised.

    One pass over each sentence: this runs on every token of every article, so it avoids
    building intermediate spans. Lower-case words matter only as connectors, cue words,
    prepositions or verbs next to a name; the rest are skipped, which leaves a gap that reads
    as "not adjacent", as it should.
    """
    out: list[_Tok] = []
    append = out.append
    keep = words.KEEP_LOWER
    finditer = _ANNOTATE_PATTERN.finditer
    new = tuple.__new__  # _Tok(...) without the named tuple's Python-level constructor: a million calls a corpus
    for number, sent in enumerate(sentences(text)):
        first = True
        for m in finditer(text, sent.start, sent.end):
            word = m.group()
            if m.lastgroup:  # a lower-case ASCII word, most of any text: kept only as a connector, cue or verb
                if word in keep:
                    append(new(_Tok, (*m.span(), word, first, False, number)))
                elif "-" in word and word.split("-", 1)[0] in _ARTICLES and word.split("-", 1)[1][:1].isupper():
                    # "el-Sheikh", "al-Ula": an Arabic article joined to a capitalised name is part of that name
                    append(new(_Tok, (*m.span(), word, first, True, number)))
                first = False
                continue
            c = word[0]
            if c.isalpha():  # (the words kept in lower case and the Arabic articles are all ASCII: read above)
                if c.isupper():
                    append(new(_Tok, (*m.span(), word, first, True, number)))
                first = False
            else:
                append(new(_Tok, (*m.span(), word, False, False, number)))
                if c.isdigit():
                    first = False
    return out


def _common_word_town(toks: list[_Tok], i: int, key: str) -> bool:
    """A capitalised common word right after a preposition of place, mid-sentence: it may be a town ("in Reading")."""
    return (
        key in words.COMMON_WORDS
        and i > 0
        and not toks[i].sentence_start
        and toks[i - 1].text in ("in", "from", "near", "to", "at")
        and toks[i - 1].sentence == toks[i].sentence
        and toks[i].start - toks[i - 1].end == 1
    )  # right after it: "to a Commonwealth country" skipped "a"


def _abbreviation_key(surface: str) -> str | None:
    letters = surface.replace(".", "")
    if 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper():
        return "=" + letters
    return None


def _spans(toks: list[_Tok], text: str):
    """Every candidate span: (i, j, surface, key), j inclusive, longest first for each i."""
    n = len(toks)
    cues, connectors = words.CUE_WORDS, words.CONNECTORS
    for i in [i for i, tok in enumerate(toks) if tok.capital and tok.text != "The"]:  # a name starts capitalised
        tok = toks[i]
        found = []
        j = i
        words_used = 0
        sentence = tok.sentence
        prev_end = tok.start
        while j < n and words_used < MAX_WORDS:
            t_start, t_end, w, _, capital, t_sentence = toks[j]  # unpacked once: this loop runs on every name
            if t_sentence != sentence:
                break
            if j > i:
                gap = t_start - prev_end
                if gap > 1 or (gap == 1 and text[prev_end] != " "):
                    break
            if capital or (j > i and w[0].isdigit()):
                found.append(j)
            elif j > i:
                low = w.lower()
                if low in cues:
                    found.append(j)
                elif (
                    low in connectors
                    or w in ("-", "'", "’")
                    or (w == "." and toks[j - 1].text.lower() in ("st", "ste", "mt", "ft"))
                    or (low == "s" and toks[j - 1].text in ("'", "’"))
                ):  # "Democratic People's Republic of Korea"
                    pass
                else:
                    break
            else:
                break
            if w[0].isalpha():
                words_used += 1
            prev_end = t_end
            j += 1
        start = tok.start
        for b in reversed(found):
            surface = text[start : toks[b].end]
            yield i, b, surface, name_key(surface)


def find_places(text: str, gazetteer: Gazetteer) -> list[Found]:
    """Spans of ``text`` that name places, longest match first, filtered for people and organisations.

    >>> from geomap import default_gazetteer
    >>> [f.text for f in find_places("Kim flew to Vladivostok.", default_gazetteer())]
    ['Vladivostok']
    """
    toks = _annotate(text)
    # One-word spans that can never stand alone as places ("But", "Monday", "North") are not looked up.
    never = words.NEVER_PLACES
    spans = [
        sp
        for sp in _spans(toks, text)
        if sp[0] != sp[1]
        or sp[3] not in never
        or sp[2].isupper()
        or text[toks[sp[1]].end : toks[sp[1]].end + 1] == "."  # "Wash." is an abbreviation, "Wash" a word
        or _common_word_town(toks, sp[0], sp[3])
    ]
    keys = {key for *_, key in spans}
    abbreviations = {}
    for a, b, surface, _key in spans:
        abbr = _abbreviation_key(surface) if surface.isupper() else None  # (full stops are uncased: "U.S." is upper)
        if abbr:
            abbreviations[(a, b)] = abbr
    parts = _compound_parts(toks)  # looked up with the rest: one query per article
    exact = gazetteer.candidates(keys | set(abbreviations.values()) | {key for _, _, key in parts})
    missing_loose = {loose_key(key) for key in keys if key not in exact and len(key) >= 5}
    loose = gazetteer.candidates(missing_loose, loose=True) if missing_loose else {}

    best: dict[int, tuple[int, str, str, tuple[Candidate, ...], str]] = {}
    for a, b, surface, key in spans:
        if a in best:
            continue
        abbr = abbreviations.get((a, b))
        cands: list[Candidate] = []
        how = "exact"
        if abbr and abbr in exact:
            cands = exact[abbr]
        if key in exact:
            # (an alternate name of a hamlet nobody counted is no reading: "Samsung's plant" is not Samseung)
            cands = cands + [
                c
                for c in exact[key]
                if not c.flags & ABBREVIATION
                and (
                    c.is_primary
                    or c.place.population > 0
                    or c.place.kind not in ("city", "capital")
                    or not c.place.id.startswith("geonames:")
                )
            ]
            head, _, last = key.rpartition(" ")
            if head and last in ("state", "province") and head in exact:
                # "Maryland State" is also Maryland with its cue word, not only Liberia's Maryland State
                have = {c.place.id for c in cands}
                cands += [c for c in exact[head] if c.place.id not in have and not c.flags & ABBREVIATION]
        if not cands and loose_key(key) in loose:
            # A spelling variant of a country's other name is too far from the country ("Jerry" ~ "Jèrri", Jersey).
            # A variant is a guess: one that reaches only a hamlet nobody counted is no place ("Samsung" ~ "Samseung").
            cands = [
                c
                for c in loose[loose_key(key)]
                if not c.flags & ABBREVIATION
                and (c.is_primary or c.place.kind != "country")
                and (
                    c.place.population > 0
                    or c.place.kind not in ("city", "capital")
                    or not c.place.id.startswith("geonames:")
                )
            ]
            how = "loose"
        if not cands:
            continue
        if a == b and key in never and not surface.isupper() and not _common_word_town(toks, a, key):
            # A common word counts only as an abbreviation written with its stop ("Wash." for Washington).
            cands = [c for c in cands if c.name == surface + "." and text[toks[b].end : toks[b].end + 1] == "."]
            if not cands:
                continue
        letters = surface.replace(".", "").replace(" ", "")
        # A name written in capitals in the gazetteer ("ACT", "DAC") is an abbreviation: "Act" is not it.
        cands = [
            c for c in cands if not (len(c.name) > 1 and c.name.replace(".", "").isupper() and not letters.isupper())
        ]
        if letters.isupper() and len(letters) >= 2:
            # An all-capitals word is an abbreviation ("US", "DPRK"), a dateline ("WASHINGTON") or a credit
            # line ("EFE"); only abbreviations and the own names of prominent places count.
            cands = [
                c
                for c in cands
                if c.flags & ABBREVIATION
                or c.name.isupper()
                or (len(letters) >= 4 and c.is_primary and _is_prominent(c))
            ]
        if cands:
            best[a] = (b, surface, key, tuple(cands), how)

    # Where each match ends, and whether a strong one ends there: _judge asks this of the token before a name.
    ends: dict[int, bool] = {}
    for b, _, _, cands, _ in best.values():
        ends[b] = ends.get(b, False) or _is_strong(cands)

    found: list[Found] = []
    taken_until = -1
    persons: set[str] = set()
    for a in sorted(best):
        if a <= taken_until:
            continue
        b, surface, key, cands, how = best[a]
        verdict = _judge(toks, a, b, cands, best, ends, text)
        if verdict == "person":
            persons.update(t.text for t in toks[a : b + 1] if t.capital)
            taken_until = b
            continue
        if verdict == "organisation":
            taken_until = b + 1  # the organisation word itself ("Fleet") is no place either
            continue
        if verdict != "place":
            taken_until = b
            continue
        cue = toks[b].text.lower() if toks[b].text.lower() in words.CUE_WORDS else None
        if (
            cue is None
            and b + 1 < len(toks)
            and toks[b + 1].text.lower() in words.CUE_WORDS
            and text[toks[b].end : toks[b + 1].start] == " "
        ):  # "Amur region", not "Washington for a state visit"
            cue = toks[b + 1].text.lower()
        end = toks[b].end
        if text[end : end + 1] == "." and any(c.name.endswith(".") and c.name[:-1] == surface for c in cands):
            end, surface = end + 1, surface + "."  # "Kan." is written with its full stop
        found.append(Found(toks[a].start, end, surface, key, cands, how, cue))
        taken_until = b
    # A name first seen as part of a person's name is a person everywhere in the article.
    _learn_persons(toks, persons, text)
    found = [f for f in found if not (f.text in persons and not f.is_demonym)]
    found = _need_context(found, toks, text)
    return _with_listed_counties(_with_compound_parts(found, parts, exact), text, gazetteer)


def _compound_parts(toks: list[_Tok]) -> list[tuple[int, str, str]]:
    """(offset, text, key) of the capitalised parts of hyphenated words ("Russia-Ukraine", "Egyptian-US")."""
    parts = []
    for tok in toks:
        if "-" not in tok.text or not tok.capital:
            continue
        offset = tok.start
        for piece in tok.text.split("-"):
            if len(piece) >= 2 and piece[0].isupper():
                parts.append((offset, piece, _abbreviation_key(piece) or name_key(piece)))  # "US" as an abbreviation
            offset += len(piece) + 1
    return parts


def _with_compound_parts(
    found: list[Found], parts: list[tuple[int, str, str]], exact: dict[str, list[Candidate]]
) -> list[Found]:
    """Countries, states and capitals joined by a hyphen: "the Russia-Ukraine war", "Egyptian-US relations".

    The tokenizer keeps "Guinea-Bissau" and "Baden-Württemberg" whole, and so they are found; a compound
    the gazetteer does not know is read part by part, keeping only parts that are areas or capitals by
    their own name (so "Arab" in "Arab-Israeli" is not Arab, Alabama, and "Coca-Cola" gives nothing).
    """
    if not parts:
        return found
    taken = _Taken([(f.start, f.end) for f in found])
    added = []
    for start, piece, key in parts:
        end = start + len(piece)
        cands = tuple(exact.get(key, ()))
        if cands and _own_area(cands) and not taken.overlaps(start, end):
            added.append(Found(start, end, piece, name_key(piece), cands))
    return _with_added(found, added)


class _Taken:
    """The spans of text already taken by names, to ask whether a new span overlaps one of them.

    Kept sorted by start with the furthest end reached so far, so the question is one bisection
    (a long article has thousands of names, and asks it for every compound part and listed county).
    """

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.reach: list[int] = []  # reach[i]: the furthest end of spans 0..i
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_right(self.starts, start)
        self.starts.insert(at, start)
        self.ends.insert(at, end)
        del self.reach[at:]
        for i in range(at, len(self.ends)):  # (spans come in text order: this is one step)
            self.reach.append(max(self.reach[i - 1], self.ends[i]) if i else self.ends[i])

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self.starts, end)  # the spans that start before this one ends
        return before > 0 and self.reach[before - 1] > start


def _with_added(found: list[Found], added: list[Found]) -> list[Found]:
    """Names found by a later pass, put in text order among the rest."""
    return sorted(found + added, key=lambda f: f.start) if added else found


_NAME = r"[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*)?"
_COUNTY_LIST = re.compile(
    rf"({_NAME}(?:(?:\s*[,/]\s*|,?\s+(?:and|or|&)\s+){_NAME})+)"
    r"\s+(?:count(?:y|ies)|parish(?:es)?)\b"
)
_LIST_ITEM = re.compile(_NAME)


def _with_listed_counties(found: list[Found], text: str, gazetteer: Gazetteer) -> list[Found]:
    """Add the names of a county list the gazetteer knows only in full: "Douglas, Sarpy and Lancaster counties".

    The plural noun says what every name in the list is, so names found nowhere else ("Sarpy") are
    places too; the resolver reads all of them as counties.
    """
    if "ounty" not in text and "ounties" not in text and "arish" not in text:  # (far cheaper than the pattern)
        return found
    items = []
    for match in _COUNTY_LIST.finditer(text):
        noun = " parish" if "parish" in text[match.end(1) : match.end()].lower() else " county"
        for item in _LIST_ITEM.finditer(text, match.start(1), match.end(1)):
            words_ = item.group().split(" ")
            # "In Becker, Clay ..." starts at a capitalised word that is not part of the name.
            forms = [(item.start(), item.group())]
            if len(words_) > 1:
                forms.append((item.end() - len(words_[-1]), words_[-1]))
            items.append([(start, surface, name_key(surface + noun)) for start, surface in forms])
    if not items:
        return found
    hits = gazetteer.candidates(key for forms in items for _, _, key in forms)
    taken, added_spans = _Taken([(f.start, f.end) for f in found]), _Taken([])  # (added in text order: appended)
    added = []
    for forms in items:
        for start, surface, key in forms:
            counties = tuple(c for c in hits.get(key, ()) if c.place.kind == "admin2")
            end = start + len(surface)
            if counties and not taken.overlaps(start, end) and not added_spans.overlaps(start, end):
                added.append(Found(start, end, surface, name_key(surface), counties))
                added_spans.add(start, end)
                break
    return _with_added(found, added)


def _need_context(found: list[Found], toks: list[_Tok], text: str) -> list[Found]:
    """Drop obscure one-word names that nothing in the article supports.

    A small town's name is more often a surname, a brand or a word. It stays
    when a preposition of place comes before it ("in Allendale"), when a region
    or country follows it ("Allendale, New Jersey"), or when one of its
    readings lies in a country the article names.
    """
    countries = set()
    for f in found:
        if any(c.place.kind in ("country", "admin1", "capital") or c.flags & DEMONYM for c in f.candidates):
            countries.update(c.place.country for c in f.candidates if c.place.kind in ("country", "admin1", "capital"))
    wanted = {f.start for f in found}
    neighbours: _Neighbours | None = None  # filed only when a name needs it
    starts = {t.start: i for i, t in enumerate(toks) if t.start in wanted}
    kept = []
    for n, f in enumerate(found):
        if _is_prominent_any(f.candidates) or " " in f.text or "-" in f.text:
            kept.append(f)
            continue
        i = starts.get(f.start)
        prev = toks[i - 1].text.lower() if i else ""
        follower = found[n + 1] if n + 1 < len(found) else None
        comma_region = (
            follower is not None
            and text[f.end : follower.start].strip() in (",", "(")
            and any(c.place.kind in ("admin1", "country") for c in follower.candidates)
        )
        if prev in words.PLACE_PREPOSITIONS or comma_region or any(c.place.country in countries for c in f.candidates):
            kept.append(f)
            continue
        neighbours = neighbours or _Neighbours(found)
        if neighbours.of(f):
            kept.append(f)
    return kept


NEIGHBOUR_KM = 50


class _Neighbours:
    """Whether another name of the article has a reading near one of a name's readings.

    "Bicester and Kidlington": two small towns 15 km apart support each other, as a
    surname and a town that happen to share a story rarely do. The readings are filed
    in a grid once per article (each name and place once), so a long article's names
    are not each compared with all the others.
    """

    def __init__(self, found: list[Found]) -> None:
        self.grid = PointGrid()
        self.answers: dict[tuple, bool] = {}
        seen = set()
        for g in found:
            for c in g.candidates[:10]:
                p = c.place
                if (p.lat, p.lon, g.text) not in seen:
                    seen.add((p.lat, p.lon, g.text))
                    self.grid.add(p.lat, p.lon, g.text)

    def of(self, f: Found) -> bool:
        mine = f.candidates[:10]
        memo = (f.text, tuple(map(id, mine)))
        answer = self.answers.get(memo)
        if answer is None:
            answer = self.answers[memo] = any(
                text != f.text and abs(lat - q.lat) < 0.5 and haversine_km(lat, lon, q.lat, q.lon) <= NEIGHBOUR_KM
                for q in (c.place for c in mine)
                for lat, lon, text in self.grid.near(q.lat, q.lon, NEIGHBOUR_KM)
            )
        return answer


def _is_prominent(c: Candidate) -> bool:
    """A reading that needs no support from the rest of the article: not a small town or an airport among
    thousands (a venue we curated, such as Vnukovo airport, was chosen because news names it)."""
    return (
        c.place.kind not in ("city", "airport")
        or c.place.population >= 50_000
        or bool(c.flags & DEMONYM)
        or c.place.layer not in GEONAMES_LAYERS
    )


def _is_prominent_any(cands: tuple[Candidate, ...]) -> bool:
    """A reading that needs no support: a prominent place matched by its own name (not an alternate)."""
    return any(
        _is_prominent(c)
        and (
            c.flags & (PRIMARY | ABBREVIATION | DEMONYM | GENERATED)
            or c.place.layer not in ("geonames-cities", "admin1", "admin2")
        )
        for c in cands
    )


_SHORT_TITLES = frozenset("Mr Mrs Ms Dr Prof Gen Gov Sen Rep Lt Col Capt Sgt Adm Rev Hon Pres".split())


_NAME_PARTICLES = frozenset("e y de da das do dos du van von der den bin ibn di del della la le".split())


def _learn_persons(toks: list[_Tok], persons: set[str], text: str) -> None:
    """The names right after a title ("President Lincoln", "Mr. Jackson") are people's names.

    A name runs on across its particles: "Prime Minister Ulisses Correia e Silva", "Lula da Silva".
    """
    for i, tok in enumerate(toks):
        if tok.text not in words.TITLES:
            continue
        j, end = i + 1, tok.end
        if j < len(toks) and toks[j].text == "." and toks[j].start == end and tok.text in _SHORT_TITLES:
            end, j = toks[j].end, j + 1
        while j < len(toks) and j - i <= 6 and toks[j].sentence == tok.sentence:
            t = toks[j]
            if t.capital and (t.start - end <= 1 or text[end : t.start].strip() in _NAME_PARTICLES):
                persons.add(t.text)
            elif not (
                t.text in _NAME_PARTICLES
                and t.start - end <= 1
                and j + 1 < len(toks)
                and toks[j + 1].capital
                and toks[j + 1].start - t.end <= 1
            ):
                break
            end = t.end
            j += 1


_ACTOR_GAP = re.compile(r" (?:(?:also|then|later|again|briefly|first|finally|personally|never|once) )?")
_PEOPLES_NOUN = re.compile(r"-?\s*(?:countries|nations|states|world|peoples)\b")
_PARTY_WORDS = frozenset("United Team Club Union Party".split())
# "St. Patrick's Day"; and a building named for a saint, "St George's Hall", "St. Mary's Hospital" (not Saint George, Utah)
_SAINTS_DAY = re.compile(r"['’]s\s+(?:Day|Hall|Cathedral|Church|Basilica|Chapel|Abbey|Hospital|College|School)\b")
_INDEFINITE = re.compile(r"(?:^|\W)[Aa]n? $")  # "a"/"an" right before (not a token of its own)
_BRAND_WORKS = re.compile(
    r"(?: [a-z]+)? (?:plant|factory|facility|dealership|assembly line|mill|works)\b"
    r"[^.;!?]{0,80}?\b(?:in|near|outside) [A-Z]"
)


_WORKS = frozenset("Plant Depot Arsenal Shipyard Refinery Mine Factory Airfield".split())


def _names_works(toks: list[_Tok], i: int) -> bool:
    """Whether the capitalised words from ``i`` on (up to four, one sentence) end in a word for works."""
    for j in range(i, min(i + 4, len(toks))):
        if not toks[j].capital or toks[j].sentence != toks[i].sentence:
            return False
        if toks[j].text in _WORKS:
            return True
    return False


_SHIP_PREFIXES = frozenset("USS HMS HMAS HMCS HMNZS USNS INS RFS".split())
_CREDIT_END = re.compile(r"\)\s*(?:--|[—–-])\s")


_STRONG_KINDS = frozenset({"country", "continent", "admin1", "capital", "region"})
_WIDE_KINDS = frozenset({"country", "continent", "region", "river", "lake", "gulf", "strait", "bay"})
_AREA_LAYERS = frozenset({"admin1", "admin2", "geonames-cities"})  # whose other names may be made-up short forms
_PLAIN_LAYERS = frozenset({"geonames-cities", "airports", "admin2", "geonames-import"})


def _strong_and_area(cands: tuple[Candidate, ...]) -> tuple[bool, bool]:
    """Whether some reading is strong (a country, capital or region by its own name, a city of a million, a
    curated record) and whether some reading is a wide area by its own name, in one pass over the readings.

    Strong by its own name: "Lewis" is an old name of St George's, Grenada, which makes it no capital here.
    An area by its own name: "Vladimir" is Vladimir Oblast only as a made-up short form.
    """
    strong = area = False
    for c in cands:
        p, flags = c.place, c.flags
        if not strong and (
            (
                p.kind in _STRONG_KINDS
                and (flags & (PRIMARY | ABBREVIATION | DEMONYM | GENERATED) or p.layer not in GEONAMES_LAYERS)
            )
            or p.population >= 1_000_000
            or p.layer not in _PLAIN_LAYERS
        ):
            strong = True
        if (
            not area
            and (p.kind in _WIDE_KINDS or (p.kind == "admin1" and p.population >= 500_000))
            and (flags & (PRIMARY | ABBREVIATION) or p.layer not in _AREA_LAYERS)
        ):
            area = True
        if strong and area:
            break
    return strong, area


def _judge(
    toks: list[_Tok], a: int, b: int, cands: tuple[Candidate, ...], best: dict, ends: dict[int, bool], text: str
) -> str:
    """'place', 'person' or 'drop' for the match toks[a..b]."""
    surface_tokens = [t.text for t in toks[a : b + 1]]
    demonym = all(c.flags & DEMONYM for c in cands)
    strong, area = _strong_and_area(cands)
    surface = text[toks[a].start : toks[b].end]
    if (
        text[toks[a].start - 1 : toks[a].start] == "("
        and _CREDIT_END.match(text, toks[b].end)
        and text[max(0, toks[a].start - 60) : toks[a].start - 1].split("\n")[-1].strip()
    ):
        # "BEIJING, May 3 (Xinhua) --": a news agency credited after the dateline, not a town ("(NEW YORK) -" is one)
        return "drop"
    country_name = any(
        c.place.kind in ("country", "capital") and (c.is_primary or c.flags & ABBREVIATION) and c.name == surface
        for c in cands
    )
    first = toks[a]
    prev = toks[a - 1] if a > 0 and toks[a - 1].sentence == first.sentence else None
    nxt = toks[b + 1] if b + 1 < len(toks) and toks[b + 1].sentence == first.sentence else None
    adjacent_prev = prev is not None and text[prev.end : first.start] == " "
    if adjacent_prev and prev.text in _SHIP_PREFIXES:
        return "drop"  # "the USS Arizona", "HMS Belfast": a ship named after the place
    adjacent_next = nxt is not None and text[toks[b].end : nxt.start] == " "
    single = a == b
    word = surface_tokens[0]

    # A noble title's place is part of the title: "the Duchess of Cambridge", "the Prince of Wales".
    if prev is not None and prev.text == "of" and a >= 2 and toks[a - 2].text in words.NOBLE_TITLES:
        return "drop"
    # A saint's or a holiday's day is a date: "St. Patrick's Day", "St. Andrew's Day"; "St George's Hall" a building.
    if _SAINTS_DAY.match(text, toks[b].end):
        return "drop"
    # A party or club named with a place: "United Russia", "Club Brugge" ("United Kingdom" is one name already).
    if adjacent_prev and prev.text in _PARTY_WORDS and not prev.sentence_start and not surface.isupper():
        return "drop"
    # Months, weekdays, and directions ("Western", "North") are never places on their own.
    if single and (word.lower() in words.NEVER_ALONE or word in words.PLACE_PREFIXES):
        return "drop"
    # A title before the name makes it a person: "President Lincoln", "Mr. Jackson".
    if prev is not None and (
        prev.text in words.TITLES or (prev.text == "." and a > 1 and toks[a - 2].text in words.TITLES)
    ):
        return "person" if not demonym else "place"
    # A lone name acting as a person: "Kim took his train", "Jackson said" (but "Moscow said" stays a place).
    if (
        single
        and not strong
        and nxt is not None
        and nxt.text in words.PERSON_VERBS
        and _ACTOR_GAP.fullmatch(text, toks[b].end, nxt.start)
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
    ):  # "who was from Dewsbury said"
        return "person"
    # A maker's name before its works, placed elsewhere in the same breath, is a brand: "a Toyota battery
    # plant near Greensboro" (a "Detroit plant" with no other place named is still in Detroit).
    if (
        single
        and not strong
        and _INDEFINITE.search(text, max(0, first.start - 4), first.start)
        and _BRAND_WORKS.match(text, toks[b].end)
    ):
        return "drop"
    # A small town's name before "countries", "states" or "world" is a people's adjective: "Arab countries",
    # "the Arab world" (not Arab, Alabama).
    if single and not strong and not demonym and _PEOPLES_NOUN.match(text, toks[b].end):
        return "drop"
    # Capitalised common words ("Will", "Hope", "Police", "No") are places only when they are a country's own name,
    # or a sizeable town after a preposition of place ("police in Reading", "a man from Bath").
    if (
        single
        and word.lower() in words.COMMON_WORDS
        and not country_name
        and not all(c.name == word + "." for c in cands)
        and not (
            _common_word_town(toks, a, word.lower())
            and any(
                c.place.kind in ("city", "capital") and c.place.population >= 50_000 and c.is_primary for c in cands
            )
        )
    ):
        return "drop"
    # Part of a longer proper name that is not a place: "Vladimir Putin", "Pacific Fleet", "New York Times".
    if adjacent_next and nxt.capital and not _strong_match(best, b + 1) and not demonym:
        if not single and surface_tokens[-1] in words.PLACE_SUFFIXES:
            return "place"  # "Laurel County Clerk", "Walker County Fairgrounds": a named division stays a place
        if nxt.text in ("College", "Hall") and not _is_strong(cands):
            return "drop"  # "Merton College" (in Oxford), "Carnegie Hall": named for someone, not the village of Merton
        if nxt.text == "House" and not any(c.place.kind in ("country", "admin1") for c in cands):
            return "drop"  # "Winfield House", "Lancaster House": a building named after somewhere ("Ohio House" is a state's)
        if nxt.text in words.CIVIC_WORDS and not any(c.place.kind in ("ocean", "sea") for c in cands):
            return "place"  # "Dublin City Council", "Ohio Department of Development": the place's own institutions
        if _names_works(toks, b + 1) or [t.text for t in toks[b + 1 : b + 3]] == ["National", "Park"]:
            return "place"  # "Scranton Army Ammunition Plant", "Nairobi National Park": they are where they are named
        if nxt.text in words.ORGANISATION_WORDS:
            return "organisation"
        if nxt.text in words.PLACE_SUFFIXES or nxt.text in words.STREET_WORDS:
            return "drop"  # "Morris County", "Washington Square": a longer place the gazetteer does not know
        if area or nxt.text in words.TITLES:
            return "place"  # "EU Aviation Strategy", "Russia Today", "London Mayor": the name is still the place
        spoken_to = (
            prev is not None and prev.text.lower() == "to" and a > 1 and toks[a - 2].text.lower() in words.SPEECH_VERBS
        )  # "spoke to Vladimir Putin" is no place
        if (
            prev is not None
            and prev.text.lower() in ("in", "at", "to", "from", "near", "into", "via")
            and _is_strong(cands)
            and any(c.is_primary for c in cands)
            and not spoken_to
            and word not in words.GIVEN_NAMES
        ):
            return "place"  # "in Vladivostok Kim will visit": a preposition of place outweighs the capital after it
        return "drop"  # "Gainesville Public Utilities", "Vladimir Putin": not a place here, and no proof of a person
    # A given name starts a person's name: "George Bush", "Jerry Hughes" (whatever towns are called George).
    if (
        single
        and word in words.GIVEN_NAMES
        and adjacent_next
        and nxt.capital
        and nxt.text not in words.CIVIC_WORDS
        and nxt.text not in words.PLACE_SUFFIXES
        and nxt.text not in words.STREET_WORDS
    ):
        return "person"
    if adjacent_prev and prev.text in words.GIVEN_NAMES and not demonym:
        # "George Washington": not the city here, but "Washington" elsewhere in the article may well be
        return "drop" if strong else "person"
    # The tail of a strong name before it: "National Park" in "Nairobi National Park" is no New Jersey town.
    if adjacent_prev and prev.capital and ends.get(a - 1, False) and not _own_area(cands):
        return "drop"
    # Two lone names side by side, neither a country, state or capital by its own name ("Marco Polo",
    # "Gainesville Greenway"): a person's or an organisation's name, not two places; both words go.
    # (A common given name first, "Bryan Harman", is a person everywhere: the rule above.)
    # ("in Vladivostok Kim will visit": after a preposition of place the first is the place.)
    if (
        single
        and adjacent_next
        and nxt.capital
        and not demonym
        and not _own_area(cands)
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
        and best.get(b + 1, (None,))[0] == b + 1
        and not _own_area(best[b + 1][3])
        and nxt.text not in words.CIVIC_WORDS
        and nxt.text not in words.PLACE_SUFFIXES
    ):
        return "organisation"
    # A middle initial before it: "Matthew D. Flores", "George W. Bush".
    if prev is not None and prev.text == "." and a >= 3 and not demonym and not country_name:
        initial, given = toks[a - 2], toks[a - 3]
        if (
            len(initial.text) == 1
            and initial.capital
            and given.capital
            and given.sentence == first.sentence
            and text[given.end : initial.start] == " "
            and text[prev.end : first.start] == " "
        ):
            return "person"
    # A first name before it: "John Kerry", "George Washington", "Kim Jong Un".
    if adjacent_prev and prev.capital and not prev.sentence_start and not demonym:
        prev_word = prev.text
        if prev_word in ("Station", "Base"):
            return "place"  # "Marine Corps Air Station Iwakuni", "Naval Station Rota": a base named for its town
        if prev_word not in words.PLACE_PREFIXES and not _adjectival(prev_word) and not ends.get(a - 1, False):
            return "person" if not strong else "place"
    if adjacent_prev and prev.capital and prev.sentence_start and not demonym and not strong:
        prev_word = prev.text
        if (
            prev_word not in words.PLACE_PREFIXES
            and prev_word.lower() not in words.COMMON_WORDS
            and not _adjectival(prev_word)
            and (a - 1) not in ends
        ):
            return "person"
    # An organisation or facility named after the place: "the Gagarin factory", "Elmendorf air base".
    after = text[toks[b].end : toks[b].end + 24].lower().split()[:2]
    if not demonym and any(w.strip(".,;") in words.ORGANISATION_NOUNS for w in after):
        if not any(c.place.kind in ("country", "admin1", "capital", "continent") for c in cands):
            # (a city may have a university or a team of its own; a person's name has an administration)
            political = after[0].strip(".,;") in ("administration", "presidency")
            if political or not any(c.place.population >= 100_000 for c in cands):
                return "drop"
    return "place"


def _own_area(cands: tuple[Candidate, ...]) -> bool:
    """A country, state, capital or region matched by its own name: a name that stands alone."""
    return any(
        c.place.kind in ("country", "continent", "admin1", "capital", "region")
        and (c.flags & (PRIMARY | ABBREVIATION | DEMONYM) or c.place.layer not in GEONAMES_LAYERS)
        for c in cands
    )


def _adjectival(word: str) -> bool:
    """'Southern', 'Eastern': a direction adjective before a name. Demonyms ('Russian') are gazetteer matches
    and count through ``ends``; a spelling rule such as '-an' would also take Bryan, Ryan and Morgan."""
    return word.endswith("ern")


def _is_strong(cands: tuple[Candidate, ...]) -> bool:
    """A reading a writer would not use as part of another name: a country, region, capital, big city or feature."""
    return any(
        c.place.kind not in ("city", "airport") or c.place.population >= 100_000 or c.flags & DEMONYM for c in cands
    )


def _strong_match(best: dict, index: int) -> bool:
    return index in best and _is_strong(best[index][3])
