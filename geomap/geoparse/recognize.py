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
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from geomap.gazetteer.store import ABBREVIATION, DEMONYM, GENERATED, GEONAMES_LAYERS, PRIMARY, Candidate, Gazetteer
from geomap.geometry import PointGrid, haversine_km
from geomap.text import patterns
from geomap.text import wordlists as words
from geomap.text.keys import loose_key, name_key, spelled_out
from geomap.text.tokens import WORD_JOINS, sentences

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
_ELISION = patterns.compile(r"(?:d|l|dell|dall|nell|sull|all)['’][A-ZÀ-Ý]")
# TOKEN_PATTERN's tokens, written for the regex engine's search: every alternative starts by taking one character that
# is neither a space nor "_" (the first character of any token), then asks what it was, as TOKEN_PATTERN's alternatives
# do in the same order. A pattern that starts with one set of characters is searched by skipping the characters not in
# it, instead of trying every alternative at every space: a quarter of the tokenising work. A lower-case ASCII word
# is the first alternative, so a token that starts with a-z is one (tests hold the two patterns to the same tokens).
_ANNOTATE_PATTERN = patterns.compile(
    r"[^\s_](?:(?<=[a-z])[^\W\d_]*" + WORD_JOINS + r"|(?<=[A-Z])\.(?:[A-Z]\.)+"  # U.S., U.K.
    r"|(?<=[A-Z])\.[A-Z][a-z]{1,2}\."  # W.Va., N.Mex.
    r"|(?<=[DRI])(?=-(?:[A-Z]\.){2})"  # the party of "Clyburn, D-S.C."
    r"|(?<=[^\W\d_])[^\W\d_]*" + WORD_JOINS + r"|(?<=\d)\d*(?:[.,]\d+)*|(?<=[^\w\s]))",
    re.UNICODE,
)


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
            c = word[0]
            if "a" <= c <= "z":  # a lower-case ASCII word, most of any text: kept only as a connector, cue or verb
                if word in keep:
                    append(new(_Tok, (*m.span(), word, first, False, number)))
                elif ("-" in word and word.split("-", 1)[0] in _ARTICLES and word.split("-", 1)[1][:1].isupper()) or (
                    ("'" in word or "’" in word) and _ELISION.match(word)  # (the pattern only for the few with one)
                ):
                    # "el-Sheikh", "al-Ula": an Arabic article joined to a capitalised name is part of that name, and
                    # so is an elided French or Italian one: "Côte d'Ivoire", "L'Aquila" ... "dell'Ossola"
                    append(new(_Tok, (*m.span(), word, first, True, number)))
                first = False
                continue
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


# (a match: the index of its last token, its surface, its key, its readings, and how the name matched)
_Hit = tuple[int, str, str, tuple[Candidate, ...], str]
_Span = tuple[int, int, str, str]


def find_places(text: str, gazetteer: Gazetteer) -> list[Found]:
    """Spans of ``text`` that name places, longest match first, filtered for people and organisations.

    >>> from geomap import default_gazetteer
    >>> [f.text for f in find_places("Kim flew to Vladivostok.", default_gazetteer())]
    ['Vladivostok']
    """
    toks = _annotate(text)
    spans = _lookup_spans(toks, text)
    parts = _compound_parts(toks)  # looked up with the rest: one query per article
    exact, loose, abbreviations = _lookup(spans, parts, gazetteer)
    best = _best_matches(spans, abbreviations, exact, loose, toks, text)
    found, persons = _accepted(toks, best, text)
    # A name first seen as part of a person's name is a person everywhere in the article, but where the text
    # puts someone in it.
    _learn_persons(toks, persons, text)
    found = [f for f in found if not (f.text in persons and not f.is_demonym and not _placed_in(text, f))]
    found = _need_context(found, toks, text)
    return _with_listed_counties(_with_compound_parts(found, parts, exact), text, gazetteer)


_IN_BEFORE = (" in ", "\nin ", " near ", " outside ")


def _placed_in(text: str, f: Found) -> bool:
    """Whether the text puts something in the named place ("hospitals in Atlanta", "a farm near Franklin"): a
    place there, whatever another mention of the name was ("CDC Atlanta said", "Franklin scored"), unless
    possessive ("in Franklin's view")."""
    return text.endswith(_IN_BEFORE, max(0, f.start - 9), f.start) and text[f.end : f.end + 1] not in ("'", "’")


def _lookup_spans(toks: list[_Tok], text: str) -> list[_Span]:
    """The candidate spans worth a lookup: one-word spans that can never stand alone as places ("But", "Monday",
    "North") are left out, unless written in capitals, as an abbreviation, or as a town after a preposition."""
    never = words.NEVER_PLACES
    return [
        sp
        for sp in _spans(toks, text)
        if sp[0] != sp[1]
        or sp[3] not in never
        or sp[2].isupper()
        or text[toks[sp[1]].end : toks[sp[1]].end + 1] == "."  # "Wash." is an abbreviation, "Wash" a word
        or _common_word_town(toks, sp[0], sp[3])
    ]


def _lookup(
    spans: list[_Span], parts: list[tuple[int, str, str]], gazetteer: Gazetteer
) -> tuple[dict[str, list[Candidate]], dict[str, list[Candidate]], dict[tuple[int, int], str]]:
    """Every span's exact readings (with the abbreviation keys and the parts of compounds) in one query, and the
    loose readings of the keys that matched nothing in one more; with the abbreviation key of each span."""
    keys = {key for *_, key in spans}
    abbreviations = {}
    for a, b, surface, _key in spans:
        abbr = _abbreviation_key(surface) if surface.isupper() else None  # (full stops are uncased: "U.S." is upper)
        if abbr:
            abbreviations[(a, b)] = abbr
    # "Mt. Pleasant" is looked up as Mount Pleasant too, and reads as both (a slice first: this sees every key).
    longer = {key: full for key in keys if key[2:3] == " " and (full := spelled_out(key))}
    exact = gazetteer.candidates(keys | set(longer.values()) | set(abbreviations.values()) | {k for *_, k in parts})
    if longer:
        exact = dict(exact)
        for key, full in longer.items():
            if full in exact:
                exact[key] = exact.get(key, []) + exact[full]
    missing_loose = {loose_key(key) for key in keys if key not in exact and len(key) >= 5}
    loose = gazetteer.candidates(missing_loose, loose=True) if missing_loose else {}
    return exact, loose, abbreviations


def _best_matches(
    spans: list[_Span],
    abbreviations: dict[tuple[int, int], str],
    exact: dict[str, list[Candidate]],
    loose: dict[str, list[Candidate]],
    toks: list[_Tok],
    text: str,
) -> dict[int, _Hit]:
    """The longest span starting at each token that has readings left after the filters of letter case."""
    never = words.NEVER_PLACES
    best: dict[int, _Hit] = {}
    for a, b, surface, key in spans:
        if a in best:
            continue
        cands, how = _exact_readings(key, abbreviations.get((a, b)), exact), "exact"
        if not cands and loose_key(key) in loose:
            cands, how = _loose_readings(loose[loose_key(key)]), "loose"
        if not cands:
            continue
        if a == b and key in never and not surface.isupper() and not _common_word_town(toks, a, key):
            # A common word counts only as an abbreviation written with its stop ("Wash." for Washington).
            cands = [c for c in cands if c.name == surface + "." and text[toks[b].end : toks[b].end + 1] == "."]
            if not cands:
                continue
        if b > a and toks[b].text == "State" and _institution_after(toks, b):
            continue  # "Omsk State University": "State" is the university's word, "Omsk" the place
        if " " in key and all(w in words.COMMON_WORDS for w in key.split()):
            cands = _own_names(cands)
        cands = _as_written(cands, surface, _qualified(text, toks[b].end) if surface.isupper() else False)
        if cands:
            best[a] = (b, surface, key, tuple(cands), how)
    return best


_OWN = PRIMARY | ABBREVIATION | DEMONYM


def _own_names(cands: list[Candidate]) -> list[Candidate]:
    """The readings of a name made of common words, less a first-level region's other names and short forms: such
    words are a description ("the National Capital" is neither the National Capital Region nor the National Capital
    District, "the Federal District" of a Russian story no Distrito Federal); a region's own name stays ("West Bank").
    """
    return [c for c in cands if c.place.kind != "admin1" or c.flags & _OWN or c.place.layer not in GEONAMES_LAYERS]


_INSTITUTIONS = frozenset("University College Institute Academy School Conservatory Library Museum Theatre".split())


def _institution_after(toks: list[_Tok], b: int) -> bool:
    """Whether an institution's word comes right after token ``b``: "(Omsk) State University", "State Library"."""
    return b + 1 < len(toks) and toks[b + 1].text in _INSTITUTIONS and toks[b + 1].start - toks[b].end == 1


def _counted(c: Candidate) -> bool:
    """A reading worth having: an alternate name of a hamlet nobody counted is none ("Samsung" is not Samseung)."""
    return c.place.population > 0 or c.place.kind not in ("city", "capital") or not c.place.id.startswith("geonames:")


def _exact_readings(key: str, abbr: str | None, exact: dict[str, list[Candidate]]) -> list[Candidate]:
    """The readings of a span's own key (and of its abbreviation key, when it is written in capitals)."""
    cands: list[Candidate] = []
    if abbr and abbr in exact:
        cands = exact[abbr]
    if key in exact:
        cands = cands + [  # (_counted written out: this runs on every reading of every name)
            c
            for c in exact[key]
            if not c.flags & ABBREVIATION
            and (
                c.flags & PRIMARY
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
    return cands


def _loose_readings(cands: list[Candidate]) -> list[Candidate]:
    """The readings of a spelling variant: a guess, so not a country's other name ("Jerry" ~ "Jèrri", Jersey)
    and not a hamlet nobody counted ("Samsung" ~ "Samseung")."""
    return [
        c for c in cands if not c.flags & ABBREVIATION and (c.is_primary or c.place.kind != "country") and _counted(c)
    ]


_QUALIFIER = r",\s+([A-Z][a-z]{1,11})\.?(?=[\s,(—–-])"  # compiled on first use (re's cache): a rare path


def _qualified(text: str, end: int) -> bool:
    """Whether a name is followed by the region or country it lies in, as wire datelines write small towns
    ("PARIS, Mo. (AP) —", "EDMONTON, Ky."), not by a date ("WASHINGTON, March 3 —")."""
    m = re.compile(_QUALIFIER).match(text, end)
    return m is not None and m.group(1).lower() not in words.NEVER_ALONE


def _as_written(cands: list[Candidate], surface: str, qualified: bool = False) -> list[Candidate]:
    """The readings letter case allows.

    A name written in capitals in the gazetteer ("ACT", "DAC") is an abbreviation: "Act" is not it. An
    all-capitals word is an abbreviation ("US", "DPRK"), a dateline ("WASHINGTON") or a credit line ("EFE"):
    only abbreviations and the own names of prominent places count, and any town by its own name when the
    dateline names its region ("PARIS, Mo.": the qualifier is there because the town is small).
    """
    letters = surface.replace(".", "").replace(" ", "")
    upper = letters.isupper()
    cands = [c for c in cands if not (len(c.name) > 1 and c.name.replace(".", "").isupper() and not upper)]
    if upper and len(letters) >= 2:
        cands = [
            c
            for c in cands
            if (
                c.flags & ABBREVIATION
                or c.name.isupper()
                or (len(letters) >= 4 and c.is_primary and (qualified or _is_prominent(c)))
            )
            and not _airport_code(c, letters)
        ]
    elif "'" in surface or "’" in surface:
        cands = [c for c in cands if not c.name.endswith(".")]  # "I'll" is no "Ill." (Illinois)
    return cands


def _airport_code(c: Candidate, letters: str) -> bool:
    """Whether a city's three-letter abbreviation is an airport code rather than its initials: "DAC" (Dhaka),
    "NGO" (Nagoya) and "TNA" (Jinan) are a charity, a body and an agency in news, while "NYC" spells New York City."""
    if len(letters) != 3 or c.place.kind not in ("city", "capital") or c.is_primary:
        return False
    return "".join(w[0] for w in c.place.name.replace("-", " ").split()).upper() != letters


def _accepted(
    toks: list[_Tok], best: dict[int, _Hit], text: str, trace: list | None = None
) -> tuple[list[Found], set[str]]:
    """The matches judged places, in text order, and the words of the names judged people's.

    ``trace``, when given, receives (surface, verdict, rule) for every match judged: what
    :func:`judgements` shows.
    """
    ends = _ends(best)
    found: list[Found] = []
    taken_until = -1
    persons: set[str] = set()
    for a in sorted(best):
        if a <= taken_until:
            continue
        b, surface, key, cands, how = best[a]
        verdict, rule = _judge(_Match(toks, a, b, cands, best, ends, text))
        if trace is not None:
            trace.append((surface, verdict, rule))
        taken_until = b
        if verdict == "person":
            persons.update(t.text for t in toks[a : b + 1] if t.capital)
        elif verdict == "organisation":
            taken_until = b + 1  # the organisation word itself ("Fleet") is no place either
        elif verdict == "place":
            found.append(_found(toks, a, b, surface, key, cands, how, text))
    return found, persons


def _ends(best: dict[int, _Hit]) -> dict[int, bool]:
    """Where each match ends, and whether a strong one ends there: _judge asks this of the token before a name."""
    ends: dict[int, bool] = {}
    for b, _, _, cands, _ in best.values():
        ends[b] = ends.get(b, False) or _is_strong(cands)
    return ends


def _found(
    toks: list[_Tok], a: int, b: int, surface: str, key: str, cands: tuple[Candidate, ...], how: str, text: str
) -> Found:
    """The place toks[a..b] names, with the cue word in it or right after it ("Amur region", not
    "Washington for a state visit"), and its abbreviation's full stop ("Kan.")."""
    cue = toks[b].text.lower() if toks[b].text.lower() in words.CUE_WORDS else None
    if (
        cue is None
        and b + 1 < len(toks)
        and toks[b + 1].text.lower() in words.CUE_WORDS
        and text[toks[b].end : toks[b + 1].start] == " "
    ):
        cue = None if _institution_after(toks, b + 1) else toks[b + 1].text.lower()  # "St Petersburg State University"
    end = toks[b].end
    if text[end : end + 1] == "." and any(c.name.endswith(".") and c.name[:-1] == surface for c in cands):
        end, surface = end + 1, surface + "."
    return Found(toks[a].start, end, surface, key, cands, how, cue)


def judgements(text: str, gazetteer: Gazetteer) -> list[tuple[str, str, str]]:
    """(surface, verdict, rule) for every gazetteer match recognition judged, in text order: which named rule
    made each match a place, a person's name, an organisation's or nothing (for tests and for debugging).

    >>> from geomap import default_gazetteer
    >>> judgements("President Lincoln flew to Vladivostok.", default_gazetteer())[-2:]
    [('Lincoln', 'person', 'title_before'), ('Vladivostok', 'place', 'default')]
    """
    toks = _annotate(text)
    spans = _lookup_spans(toks, text)
    exact, loose, abbreviations = _lookup(spans, _compound_parts(toks), gazetteer)
    trace: list[tuple[str, str, str]] = []
    _accepted(toks, _best_matches(spans, abbreviations, exact, loose, toks, text), text, trace)
    return trace


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
_COUNTY_LIST = patterns.compile(
    rf"({_NAME}(?:(?:\s*[,/]\s*|,?\s+(?:and|or|&)\s+){_NAME})+)"
    r"\s+(?:count(?:y|ies)|parish(?:es)?)\b"
)
_LIST_ITEM = patterns.compile(_NAME)


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
    hits = gazetteer.candidates(key for keyed in items for _, _, key in keyed)
    taken, added_spans = _Taken([(f.start, f.end) for f in found]), _Taken([])  # (added in text order: appended)
    added = []
    for keyed in items:
        for start, surface, key in keyed:
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
    readings lies in a country the article names (unless the article also
    writes the name in lower case, as a word: see :func:`_word_of_the_text`).
    """
    countries: set[str] = set()
    for f in found:
        if any(c.place.kind in ("country", "admin1", "capital") or c.flags & DEMONYM for c in f.candidates):
            countries.update(c.place.country for c in f.candidates if c.place.kind in ("country", "admin1", "capital"))
    wanted = {f.start for f in found}
    neighbours: _Neighbours | None = None  # filed only when a name needs it
    text_words: set[str] = set()  # the article's words, read once when a name needs them
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
        if prev in words.PLACE_PREPOSITIONS or comma_region:
            kept.append(f)
            continue
        if any(c.place.country in countries for c in f.candidates) and not _word_of_the_text(f, text, text_words):
            kept.append(f)
            continue
        neighbours = neighbours or _Neighbours(found)
        if neighbours.of(f):
            kept.append(f)
    return kept


NEIGHBOUR_KM = 50
_OWN_OR_MADE = PRIMARY | ABBREVIATION | DEMONYM | GENERATED


_ONE_WORD = patterns.compile(r"\w+")


def _word_of_the_text(f: Found, text: str, text_words: set[str]) -> bool:
    """Whether a name is only another name of small towns and the article writes it in lower case too: "Transit",
    "Settlement" and "Democrat" are the article's words ("the transit agency"), whatever towns they once named.

    ``text_words`` is filled with the article's words on the first call that needs them: one pass over a long
    article, not one search of the whole text per name.
    """
    if not all(c.place.kind == "city" and not c.flags & _OWN_OR_MADE and c.name[-1] != "." for c in f.candidates):
        return False
    word = f.text.lower()
    if not _ONE_WORD.fullmatch(word):  # ("o'neill": the few names a split into words would not find)
        return re.search(rf"\b{re.escape(word)}\b", text) is not None
    if not text_words:
        text_words.update(_ONE_WORD.findall(text))
    return word in text_words


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


_ACTOR_GAP = patterns.compile(r" (?:(?:also|then|later|again|briefly|first|finally|personally|never|once) )?")
_PEOPLES_NOUN = patterns.compile(r"-?\s*(?:countries|nations|states|world|peoples)\b")
_PARTY_WORDS = frozenset("United Team Club Union Party".split())
# "St. Patrick's Day"; and a building named for a saint, "St George's Hall", "St. Mary's Hospital" (not Saint George, Utah)
_SAINTS_DAY = patterns.compile(
    r"['’]s\s+(?:Day|Hall|Cathedral|Church|Basilica|Chapel|Abbey|Hospital|College|School|Square|Park|Gardens|Palace)\b"
)
# A square, station, stadium or palace named "of" a place in a Romance language is in some other town: the Stade de
# France, the Gare de Lyon (in Paris), the Plaza de Mayo, the Piazza di Spagna (a palace's own town, as the Château
# de Versailles, is left out: it is where the building is).
_FACILITIES = frozenset(
    "Stade Gare Palais Parc Place Porte Pont Musée Jardin Estadio Stadio Palacio Museo Teatro Plaza Puerta Parque "
    "Praça Palazzo Piazza".split()
)
_PARTICLE = r"\s+(?:de la|del|della|des|dos|das|do|du|de|di|d['’])\s*"
_FACILITY_OF = r"(\w+)" + _PARTICLE + "$"  # (compiled on first use, in re's cache: rare paths)
_OF_NAME = _PARTICLE + "[A-ZÀ-Ý]"
_PARTICLE_ENDS = (" la ", " del ", " della ", " des ", " dos ", " das ", " do ", " du ", " de ", " di ", " d'", " d’")
_INDEFINITE = patterns.compile(r"(?:^|\W)[Aa]n? $")  # "a"/"an" right before (not a token of its own)
_BRAND_WORKS = patterns.compile(
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
_CREDIT_END = patterns.compile(r"\)\s*(?:--|[—–-])\s")


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


class _Match:
    """A match being judged, with what the rules read of it and of its neighbours, worked out once."""

    __slots__ = (
        "toks", "a", "b", "cands", "best", "ends", "text", "first", "prev", "nxt", "adjacent_prev", "adjacent_next",
        "has_prev", "single", "word", "surface", "demonym", "strong", "area", "before_name",
    )  # fmt: skip

    def __init__(
        self,
        toks: list[_Tok],
        a: int,
        b: int,
        cands: tuple[Candidate, ...],
        best: dict[int, _Hit],
        ends: dict[int, bool],
        text: str,
    ) -> None:
        self.toks, self.a, self.b, self.cands, self.best, self.ends, self.text = toks, a, b, cands, best, ends, text
        first = self.first = toks[a]
        prev = self.prev = toks[a - 1] if a > 0 and toks[a - 1].sentence == first.sentence else None
        nxt = self.nxt = toks[b + 1] if b + 1 < len(toks) and toks[b + 1].sentence == first.sentence else None
        self.has_prev = prev is not None
        self.adjacent_prev = prev is not None and text[prev.end : first.start] == " "
        self.adjacent_next = nxt is not None and text[toks[b].end : nxt.start] == " "
        self.single = a == b
        self.word = first.text
        self.surface = text[first.start : toks[b].end]
        demonym = self.demonym = all(c.flags & DEMONYM for c in cands)
        self.strong, self.area = _strong_and_area(cands)
        # Right before another capitalised word that is no strong name of its own: "Vladimir Putin", "Pacific Fleet".
        self.before_name = (
            self.adjacent_next
            and nxt is not None
            and nxt.capital
            and not _strong_match(best, b + 1)
            and not demonym
            and nxt.text.lower() not in words.NEVER_ALONE  # "in Toronto Saturday night": a day is no part of a name
            and not (
                first.sentence_start and len(self.surface) >= 4 and self.surface.isupper() and not nxt.text.isupper()
            )
        )  # (nor a sentence after a dateline with no dash: "DETROIT The automaker said ...")

    def country_name(self) -> bool:
        """Whether the match is written exactly as a country's or a capital's own name or abbreviation."""
        surface = self.surface
        return any(
            c.place.kind in ("country", "capital") and (c.is_primary or c.flags & ABBREVIATION) and c.name == surface
            for c in self.cands
        )


_Rule = Callable[[_Match], "str | None"]
_SHAPE = ("single", "adjacent_prev", "has_prev")  # the facts of a match that rules may declare they need
_NEEDS: dict[_Rule, frozenset[str]] = {}


def _needs(*facts: str) -> Callable[[_Rule], _Rule]:
    """Declare the facts of a match (of :data:`_SHAPE`) without which a rule has nothing to say: the judge asks a
    rule only of the matches that have them (a rule still tests everything it reads)."""

    def mark(rule: _Rule) -> _Rule:
        _NEEDS[rule] = frozenset(facts)
        return rule

    return mark


def _by_shape(rules: tuple[_Rule, ...]) -> dict[tuple[bool, ...], tuple[_Rule, ...]]:
    """For each shape of a match (which facts of :data:`_SHAPE` hold), the rules in order that may speak."""
    return {
        shape: tuple(r for r in rules if _NEEDS.get(r, frozenset()) <= {f for f, v in zip(_SHAPE, shape) if v})
        for shape in itertools.product((False, True), repeat=len(_SHAPE))
    }


def _judge(m: _Match) -> tuple[str, str]:
    """('place', 'person', 'organisation' or 'drop', the name of the rule that decided) for a match.

    The rules of :data:`_RULES` are asked in order and the first with a verdict decides; a name right
    before another capitalised name ("Vladimir Putin", "Dublin City Council") is then judged by the rules
    of :data:`_BEFORE_NAME_RULES`, and is no place if none speaks for it; then :data:`_LATER_RULES`.
    A match no rule speaks against is a place.
    """
    shape = (m.single, m.adjacent_prev, m.has_prev)
    decided = _first_verdict(_RULES_BY_SHAPE[shape], m)
    if decided is None and m.before_name:
        decided = _first_verdict(_BEFORE_NAME_BY_SHAPE[shape], m) or ("drop", "before_another_name")
    return decided or _first_verdict(_LATER_BY_SHAPE[shape], m) or ("place", "default")


def _first_verdict(rules: tuple[_Rule, ...], m: _Match) -> tuple[str, str] | None:
    """The verdict of the first rule that has one, with the rule's name (without its underscore)."""
    for rule in rules:
        verdict = rule(m)
        if verdict is not None:
            return verdict, rule.__name__.lstrip("_")
    return None


# -- the rules, in the order they are asked ---------------------------------------------------------------


def _agency_credit(m: _Match) -> str | None:
    """A news agency credited in brackets after a dateline is no town: "BEIJING, May 3 (Xinhua) --" (but
    "(NEW YORK) -", with nothing before the bracket on its line, is a dateline of its own)."""
    start, text = m.first.start, m.text
    if (
        text[start - 1 : start] == "("
        and _CREDIT_END.match(text, m.toks[m.b].end)
        and text[max(0, start - 60) : start - 1].split("\n")[-1].strip()
    ):
        return "drop"
    return None


@_needs("adjacent_prev")
def _ship_prefix(m: _Match) -> str | None:
    """A ship named after the place is no place: "the USS Arizona", "HMS Belfast"."""
    return "drop" if m.adjacent_prev and m.prev is not None and m.prev.text in _SHIP_PREFIXES else None


_CRAFT_AFTER = patterns.compile(
    r"(?: [a-z][a-z-]+)? (?:rockets?|frigates?|cruisers?|destroyers?|corvettes?|submarines?|icebreakers?|warships?"
    r"|missiles?|launchers?|spacecraft|boosters?)\b(?! (?:attacks?|strikes?|fire|barrages?|defen[cs]e|alerts?|sirens?))"
)


def _craft_name(m: _Match) -> str | None:
    """A name right before the noun of a vessel, rocket or missile names the craft: "the Nadezhda frigate", "Angara
    heavy-lift rockets", "the Kursk submarine"; but "a Kharkiv missile strike" happened in Kharkiv, and a country,
    state or capital by its own name stays the place ("the Ukraine missile deal")."""
    if m.demonym or _own_area(m.cands) or not _CRAFT_AFTER.match(m.text, m.toks[m.b].end):
        return None
    return "drop"


@_needs("has_prev")
def _noble_title(m: _Match) -> str | None:
    """A noble title's place is part of the title: "the Duchess of Cambridge", "the Prince of Wales"."""
    if m.prev is not None and m.prev.text == "of" and m.a >= 2 and m.toks[m.a - 2].text in words.NOBLE_TITLES:
        return "drop"
    return None


def _facility_of_a_place(m: _Match) -> str | None:
    """The words of a Romance facility's name are not its places: "Stade" and "France" of "the Stade de France",
    "Lyon" of "the Gare de Lyon" (a Paris station), "Mayo" of "the Plaza de Mayo". A gazetteer name that covers
    the whole facility ("Palais des Nations") is the facility."""
    start, text = m.first.start, m.text
    if (
        m.word in _FACILITIES and m.single and re.compile(_OF_NAME).match(text, m.first.end)
    ):  # "Stade" of "Stade de France"
        return "drop"
    if text.endswith(_PARTICLE_ENDS, 0, start):
        of = re.compile(_FACILITY_OF).search(text, max(0, start - 18), start)
        if of is not None and of.group(1) in _FACILITIES:
            return "drop"
    return None


def _saints_day(m: _Match) -> str | None:
    """A saint's or a holiday's day is a date ("St. Patrick's Day", "St. Andrew's Day"), and "St George's Hall"
    or "St. Mary's Hospital" a building (not Saint George, Utah)."""
    return "drop" if _SAINTS_DAY.match(m.text, m.toks[m.b].end) else None


# A company's legal form after its name: "Nestlé S.A.", "Siemens AG" (SA is also South Africa's abbreviation).
_LEGAL_FORMS = frozenset("SA AG NV SE AB ASA SpA PLC Plc BV".split())


@_needs("adjacent_prev")
def _legal_form(m: _Match) -> str | None:
    """A company's legal form right after a capitalised name mid-sentence is no place: "Banco Santander SA", "Nestlé
    S.A." ("post-apartheid SA" and a sentence's "That SA holds" keep South Africa)."""
    prev = m.prev
    if (
        m.single
        and prev is not None
        and prev.capital
        and not prev.sentence_start
        and m.surface.replace(".", "") in _LEGAL_FORMS
        and m.text[prev.end : m.first.start] == " "
    ):
        return "drop"
    return None


@_needs("adjacent_prev")
def _party_or_club(m: _Match) -> str | None:
    """A party or club named with a place: "United Russia", "Club Brugge" ("United Kingdom" is one name already)."""
    prev = m.prev
    if (
        m.adjacent_prev
        and prev is not None
        and prev.text in _PARTY_WORDS
        and not prev.sentence_start
        and not m.surface.isupper()
    ):
        return "drop"
    return None


@_needs("single")
def _never_alone(m: _Match) -> str | None:
    """Months, weekdays and directions ("Western", "North") are never places on their own."""
    if m.single and (m.word.lower() in words.NEVER_ALONE or m.word in words.PLACE_PREFIXES):
        return "drop"
    return None


@_needs("has_prev")
def _title_before(m: _Match) -> str | None:
    """A title before the name makes it a person: "President Lincoln", "Mr. Jackson" (a demonym stays one)."""
    prev = m.prev
    # The title must touch the name: lower-case words are not tokens, so "The President will visit Paris" has
    # "President" just before "Paris", with a gap between them.
    if prev is not None and (
        (prev.text in words.TITLES and m.adjacent_prev)
        or (
            prev.text == "."
            and m.a > 1
            and m.toks[m.a - 2].text in words.TITLES
            and m.toks[m.a - 2].end == prev.start
            and m.text[prev.end : m.first.start] == " "
        )
    ):
        return "place" if m.demonym else "person"
    return None


@_needs("single")
def _acting_as_person(m: _Match) -> str | None:
    """A lone name acting as a person: "Kim took his train", "Jackson said" (but "Moscow said" stays a place, and
    so does "who was from Dewsbury said")."""
    nxt, prev = m.nxt, m.prev
    if (
        m.single
        and not m.strong
        and nxt is not None
        and nxt.text in words.PERSON_VERBS
        and _ACTOR_GAP.fullmatch(m.text, m.toks[m.b].end, nxt.start)
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
    ):
        return "person"
    return None


@_needs("single")
def _brand_before_works(m: _Match) -> str | None:
    """A maker's name before its works, placed elsewhere in the same breath, is a brand: "a Toyota battery plant
    near Greensboro" (a "Detroit plant" with no other place named is still in Detroit)."""
    start = m.first.start
    if (
        m.single
        and not m.strong
        and _INDEFINITE.search(m.text, max(0, start - 4), start)
        and _BRAND_WORKS.match(m.text, m.toks[m.b].end)
    ):
        return "drop"
    return None


@_needs("single")
def _peoples_adjective(m: _Match) -> str | None:
    """A small town's name before "countries", "states" or "world" is a people's adjective: "Arab countries",
    "the Arab world" (not Arab, Alabama)."""
    if m.single and not m.strong and not m.demonym and _PEOPLES_NOUN.match(m.text, m.toks[m.b].end):
        return "drop"
    return None


@_needs("single")
def _common_word(m: _Match) -> str | None:
    """Capitalised common words ("Will", "Hope", "Police", "No") are places only when they are a country's own
    name, an abbreviation with its stop, or a sizeable town after a preposition of place ("police in Reading",
    "a man from Bath")."""
    word = m.word
    if (
        m.single
        and word.lower() in words.COMMON_WORDS
        and not m.country_name()
        and not all(c.name == word + "." for c in m.cands)
        and not (
            _common_word_town(m.toks, m.a, word.lower())
            and any(
                c.place.kind in ("city", "capital") and c.place.population >= 50_000 and c.is_primary for c in m.cands
            )
        )
    ):
        return "drop"
    return None


# -- a name right before another capitalised word (m.before_name): no place unless one of these speaks for it --


# What follows a person's full name and no place's or company's: an apposition ("Georgia Smith, a teacher,", "Jordan
# Lee, 34,"), a relative pronoun ("Virginia Woolf, who").
_AFTER_PERSON = r",?\s+(?:(?<=,\s)(?:a|an|the|\d{1,3})|who|whose)\b"  # (compiled on first use: a rare path)


@_needs("single")
def _area_as_first_name(m: _Match) -> str | None:
    """A state's or country's name that is also a given name, before a surname and then what follows a person
    ("Georgia Smith, a teacher, said", "Virginia Woolf, who wrote"), is a person's name, not a place; after a
    preposition of place it is still the place. The given name alone elsewhere is still the place."""
    nxt, prev = m.nxt, m.prev
    if (
        m.single
        and m.word in words.AREA_GIVEN_NAMES
        and nxt is not None
        and nxt.text[1:].islower()
        and nxt.text not in words.CIVIC_WORDS
        and nxt.text not in words.ORGANISATION_WORDS
        and nxt.text not in words.STREET_WORDS
        and nxt.text.lower() not in words.CUE_WORDS
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
        and re.compile(_AFTER_PERSON).match(m.text, nxt.end)
    ):
        return "drop"  # (not "person": the state's other mentions stay places, "Georgia Smith" is no "Georgia" alone)
    return None


def _named_division(m: _Match) -> str | None:
    """A named division before a title or venue stays a place: "Laurel County Clerk", "Walker County Fairgrounds"."""
    return "place" if not m.single and m.toks[m.b].text in words.PLACE_SUFFIXES else None


def _college_or_hall(m: _Match) -> str | None:
    """ "Merton College" (in Oxford), "Carnegie Hall": named for someone, not the village of Merton."""
    assert m.nxt is not None
    return "drop" if m.nxt.text in ("College", "Hall") and not _is_strong(m.cands) else None


def _house_named_after(m: _Match) -> str | None:
    """ "Winfield House", "Lancaster House": a building named after somewhere ("Ohio House" is a state's)."""
    assert m.nxt is not None
    if m.nxt.text == "House" and not any(c.place.kind in ("country", "admin1") for c in m.cands):
        return "drop"
    return None


def _civic_institution(m: _Match) -> str | None:
    """The place's own institutions: "Dublin City Council", "Ohio Department of Development" (not a sea's)."""
    assert m.nxt is not None
    if m.nxt.text in words.CIVIC_WORDS and not any(c.place.kind in ("ocean", "sea") for c in m.cands):
        return "place"
    return None


def _works_or_park(m: _Match) -> str | None:
    """Works and parks are where they are named: "Scranton Army Ammunition Plant", "Nairobi National Park"."""
    b = m.b
    if _names_works(m.toks, b + 1) or [t.text for t in m.toks[b + 1 : b + 3]] == ["National", "Park"]:
        return "place"
    return None


def _organisation_word(m: _Match) -> str | None:
    """An organisation named after the place, its word included: "Pacific Fleet", "New York Times"."""
    assert m.nxt is not None
    return "organisation" if m.nxt.text in words.ORGANISATION_WORDS else None


def _longer_place_name(m: _Match) -> str | None:
    """A longer place the gazetteer does not know: "Morris County", "Washington Square"."""
    assert m.nxt is not None
    return "drop" if m.nxt.text in words.PLACE_SUFFIXES or m.nxt.text in words.STREET_WORDS else None


def _area_or_title_after(m: _Match) -> str | None:
    """A wide area, or a title after the name, leaves the name the place: "EU Aviation Strategy", "Russia Today",
    "London Mayor"."""
    assert m.nxt is not None
    return "place" if m.area or m.nxt.text in words.TITLES else None


@_needs("has_prev")
def _place_preposition_before(m: _Match) -> str | None:
    """A preposition of place outweighs the capital after the name: "in Vladivostok Kim will visit" (but "spoke to
    Vladimir Putin" is no place, nor a given name after "to")."""
    prev, toks, a = m.prev, m.toks, m.a
    if prev is None or prev.text.lower() not in ("in", "at", "to", "from", "near", "into", "via"):
        return None
    spoken_to = prev.text.lower() == "to" and a > 1 and toks[a - 2].text.lower() in words.SPEECH_VERBS
    if _is_strong(m.cands) and any(c.is_primary for c in m.cands) and not spoken_to and m.word not in words.GIVEN_NAMES:
        return "place"
    return None


# -- the rules asked after those ------------------------------------------------------------------------------


@_needs("single")
def _given_name_first(m: _Match) -> str | None:
    """A given name starts a person's name: "George Bush", "Jerry Hughes" (whatever towns are called George)."""
    nxt = m.nxt
    if (
        m.single
        and m.word in words.GIVEN_NAMES
        and m.adjacent_next
        and nxt is not None
        and nxt.capital
        and nxt.text not in words.CIVIC_WORDS
        and nxt.text not in words.PLACE_SUFFIXES
        and nxt.text not in words.STREET_WORDS
    ):
        return "person"
    return None


@_needs("adjacent_prev")
def _after_given_name(m: _Match) -> str | None:
    """After a given name, a surname: "George Washington" is not the city here (though "Washington" elsewhere in
    the article may well be), and a weaker name is a person's everywhere."""
    prev = m.prev
    if m.adjacent_prev and prev is not None and prev.text in words.GIVEN_NAMES and not m.demonym:
        return "drop" if m.strong else "person"
    return None


@_needs("adjacent_prev")
def _tail_of_strong_name(m: _Match) -> str | None:
    """The tail of a strong name before it: "National Park" in "Nairobi National Park" is no New Jersey town. A
    lone weak word after a lone strong one is a surname after a first name that is also a city's ("Kobe Bryant",
    "Paris Hilton"): a person, here and wherever the surname comes alone ("Bryant scored 30")."""
    prev = m.prev
    if m.adjacent_prev and prev is not None and prev.capital and m.ends.get(m.a - 1, False) and not _own_area(m.cands):
        head = m.best.get(m.a - 1)
        if (
            m.single
            and not m.strong
            and head is not None
            and head[0] == m.a - 1
            and not m.demonym
            and prev.text not in words.PLACE_PREFIXES  # "South Arlington", "East Oxford"
        ):
            return "person"
        return "drop"
    return None


@_needs("single")
def _two_lone_names(m: _Match) -> str | None:
    """Two lone names side by side, neither a country, state or capital by its own name ("Marco Polo", "Gainesville
    Greenway"): a person's or an organisation's name, not two places; both words go. (After a preposition of place
    the first is the place: "in Vladivostok Kim will visit".)"""
    nxt, prev, b = m.nxt, m.prev, m.b
    if (
        m.single
        and m.adjacent_next
        and nxt is not None
        and nxt.capital
        and not m.demonym
        and not _own_area(m.cands)
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
        and b + 1 in m.best
        and m.best[b + 1][0] == b + 1
        and not _own_area(m.best[b + 1][3])
        and nxt.text not in words.CIVIC_WORDS
        and nxt.text not in words.PLACE_SUFFIXES
    ):
        return "organisation"
    return None


@_needs("has_prev")
def _middle_initial(m: _Match) -> str | None:
    """A middle initial before the name makes a person: "Matthew D. Flores", "George W. Bush"."""
    prev, toks, a, text = m.prev, m.toks, m.a, m.text
    if prev is None or prev.text != "." or a < 3 or m.demonym or m.country_name():
        return None
    initial, given = toks[a - 2], toks[a - 3]
    if (
        len(initial.text) == 1
        and initial.capital
        and given.capital
        and given.sentence == m.first.sentence
        and text[given.end : initial.start] == " "
        and text[prev.end : m.first.start] == " "
    ):
        return "person"
    return None


@_needs("adjacent_prev")
def _base_named_for_town(m: _Match) -> str | None:
    """A base named for its town: "Marine Corps Air Station Iwakuni", "Naval Station Rota"."""
    prev = m.prev
    if m.adjacent_prev and prev is not None and prev.capital and not prev.sentence_start and not m.demonym:
        return "place" if prev.text in ("Station", "Base") else None
    return None


@_needs("adjacent_prev")
def _after_first_name(m: _Match) -> str | None:
    """A first name before the name, mid-sentence: "John Kerry", "Kim Jong Un" (a strong name stays a place; a
    direction, an adjective or another match before it is no first name)."""
    prev = m.prev
    if m.adjacent_prev and prev is not None and prev.capital and not prev.sentence_start and not m.demonym:
        if prev.text not in words.PLACE_PREFIXES and not _adjectival(prev.text) and not m.ends.get(m.a - 1, False):
            return "place" if m.strong else "person"
    return None


@_needs("adjacent_prev")
def _after_sentence_opener(m: _Match) -> str | None:
    """A capitalised first word of the sentence before a weak name, when it is no common word, direction or match:
    a first name ("Kerry Smith said")."""
    prev = m.prev
    if m.adjacent_prev and prev is not None and prev.capital and prev.sentence_start and not m.demonym and not m.strong:
        if (
            prev.text not in words.PLACE_PREFIXES
            and prev.text.lower() not in words.COMMON_WORDS
            and not _adjectival(prev.text)
            and (m.a - 1) not in m.ends
        ):
            return "person"
    return None


def _organisation_noun_after(m: _Match) -> str | None:
    """An organisation or facility named after the place: "the Gagarin factory", "Elmendorf air base" (a city of
    100,000 may have a university or a team of its own; a person's name has an administration)."""
    if m.demonym:
        return None
    after = m.text[m.toks[m.b].end : m.toks[m.b].end + 24].lower().split()[:2]
    if any(w.strip(".,;") in words.ORGANISATION_NOUNS for w in after):
        if not any(c.place.kind in ("country", "admin1", "capital", "continent") for c in m.cands):
            political = after[0].strip(".,;") in ("administration", "presidency")
            if political or not any(c.place.population >= 100_000 for c in m.cands):
                return "drop"
    return None


@_needs("single")
def _lone_given_name(m: _Match) -> str | None:
    """A given name alone ("said Frank", "Patrick and Paul said") is a person's unless it follows a preposition of
    place or names a big place: "Frank" and "James" are other names of small American towns."""
    prev = m.prev
    if (
        m.single
        and m.word in words.GIVEN_NAMES
        and not (prev is not None and prev.text.lower() in words.PLACE_PREPOSITIONS)
        and not any(c.place.population >= 100_000 or c.place.kind in ("country", "capital") for c in m.cands)
    ):
        return "drop"
    return None


_RULES: tuple[_Rule, ...] = (
    _agency_credit,
    _ship_prefix,
    _craft_name,
    _noble_title,
    _facility_of_a_place,
    _saints_day,
    _legal_form,
    _party_or_club,
    _never_alone,
    _title_before,
    _acting_as_person,
    _brand_before_works,
    _peoples_adjective,
    _common_word,
)
_BEFORE_NAME_RULES: tuple[_Rule, ...] = (
    _area_as_first_name,
    _named_division,
    _college_or_hall,
    _house_named_after,
    _civic_institution,
    _works_or_park,
    _organisation_word,
    _longer_place_name,
    _area_or_title_after,
    _place_preposition_before,
)
_LATER_RULES: tuple[_Rule, ...] = (
    _given_name_first,
    _after_given_name,
    _tail_of_strong_name,
    _two_lone_names,
    _middle_initial,
    _base_named_for_town,
    _after_first_name,
    _after_sentence_opener,
    _organisation_noun_after,
    _lone_given_name,
)
_RULES_BY_SHAPE = _by_shape(_RULES)
_BEFORE_NAME_BY_SHAPE = _by_shape(_BEFORE_NAME_RULES)
_LATER_BY_SHAPE = _by_shape(_LATER_RULES)


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
