"""Stage 3, itinerary: resolved mentions in, the traveller's ordered stops with their evidence out.

The method follows how a reader reconstructs a trip:

1. Find the people the article names, the role nouns that stand for them
   ("the North Korean leader") and the pronouns that carry them ("he").
2. Pick the traveller (the "leader"): given by the caller, or the person who is
   most often the actor of movement language next to a place.
3. A place is a *stop* when the traveller is the nearest actor to it in the
   sentence, a movement word links them ("arrived in", "will fly to", "a visit
   to", "talks at"), and the place is not a sea, not metonymy ("Moscow said"),
   and not negated. Every other resolved place becomes *context*, with a reason.
4. Order stops by time cues, not by order of mention: explicit dates and
   weekdays, relative days ("the day before"), tense (past, present, future)
   and sequence words ("then", "earlier").
5. Attach the mode of arrival (train, air, road, sea) and the date cue, and infer
   an unstated origin (the traveller's home capital) only when the text says
   they left for somewhere without saying from where; it is marked ``inferred``.

Input: text and ``list[Mention]``; output: :class:`Itinerary`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .gazetteer.store import Gazetteer
from .model import ContextPlace, Itinerary, Mention, Place, Stop
from .text import Span, fold, sentences, tokens
from .timecues import TimeCue, time_cue
from . import wordlists as words

NON_STOP_KINDS = frozenset({"sea", "ocean", "gulf", "bay", "strait", "river", "lake", "canal", "continent", "region", "border"})
AREA_KINDS = frozenset({"country", "admin1"})
MOVEMENT_NOUNS = frozenset(
    """visit visits trip trips tour tours arrival journey stay stopover stop summit talks negotiations meeting meetings
    ceremony welcome reception parade tour inspection""".split()
)
PREPOSITIONS = frozenset("in to at into for from via through across inside toward towards near outside".split())
NEGATIONS = re.compile(r"\b(?:not|never|no longer|cancel(?:l?ed|s)?|postpone[ds]?|called off|scrapped|instead of|rather than)\b", re.I)
_SKIPPABLE = frozenset("the a an his her its their this that several some".split())


@dataclass
class Person:
    """A person the article names: every way it is written and the tokens that stand for it alone."""

    key: str
    forms: Counter = field(default_factory=Counter)
    aliases: set[str] = field(default_factory=set)
    home: str | None = None  # country code from "North Korean leader Kim"
    role: str | None = None  # "leader" from the same apposition

    @property
    def display(self) -> str:
        form = max(self.forms, key=lambda f: (self.forms[f], -f.count("-"))) if self.forms else self.key
        # "Kim Jong-un" -> "Kim Jong Un": a lower-case syllable after a hyphen is a romanised given name.
        return " ".join(
            "-".join(part.capitalize() if i else part for i, part in enumerate(word.split("-"))).replace("-", " ")
            if re.fullmatch(r"[A-Z][a-z]+-[a-z]+", word) else word
            for word in form.split()
        )


@dataclass
class _Ref:
    pos: int  # character offset in the article
    end: int
    person: str


def _person_key(surface: str) -> str:
    return " ".join(fold(surface).replace("-", " ").split())


def _find_people(text: str, sents: list[Span], mentions: list[Mention]) -> dict[str, Person]:
    """Runs of two to four capitalised words that are not places and not organisations."""
    covered = [(m.start, m.end) for m in mentions]
    people: dict[str, Person] = {}

    def inside_place(start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in covered)

    for sent in sents:
        run: list[Span] = []
        toks = tokens(text, sent.start, sent.end)
        for tok in toks + [Span(sent.end, sent.end, "")]:
            w = tok.text
            good = (
                w[:1].isupper() and w[:1].isalpha() and not (w.isupper() and len(w) > 1)
                and w not in words.TITLES and w not in words.ORGANISATION_WORDS
                and w.lower() not in words.NEVER_ALONE and not inside_place(tok.start, tok.end)
                and w not in ("The", "A", "An", "In", "On", "At", "And", "But", "He", "She", "It", "We", "They")
            )
            if good and (not run or text[run[-1].end : tok.start] == " "):
                run.append(tok)
                if tok.text.endswith(("'s", "’s")):  # a possessive ends a name
                    run.pop()
                    _flush_person(text, run, people)
                    run = []
                continue
            if tok.text not in words.ORGANISATION_WORDS:  # "New York Times", "Navy's Pacific Fleet" are no people
                _flush_person(text, run, people)
                if len(run) == 1 and tok.text in words.PERSON_VERBS:
                    _flush_person(text, run, people, single=True)  # "Kim arrived ...": a one-word name
            run = [tok] if good else []
    # A one-word name that is part of a longer one ("Kim" of "Kim Jong Un") is that person, not another.
    for key in [k for k in people if " " not in k]:
        if any(key in other.aliases for other_key, other in people.items() if other_key != key):
            del people[key]
    return people


def _flush_person(text: str, run: list[Span], people: dict[str, Person], *, single: bool = False) -> None:
    if 2 <= len(run) <= 4 or (single and len(run) == 1):
        surface = text[run[0].start : run[-1].end]
        key = _person_key(surface)
        person = people.setdefault(key, Person(key))
        person.forms[surface] += 1
        parts = key.split()
        person.aliases.update({parts[0], parts[-1]})


def _refs(text: str, sents: list[Span], people: dict[str, Person], mentions: list[Mention]) -> dict[int, list[_Ref]]:
    """Every reference to a known person, per sentence: names, bare surnames, role nouns, pronouns."""
    alias_of: dict[str, set[str]] = defaultdict(set)
    for key, person in people.items():
        for alias in person.aliases:
            alias_of[alias].add(key)
    role_of: dict[str, str] = {}
    home_role_of: dict[tuple[str, str], str] = {}
    by_start = {m.start: m for m in mentions}

    refs: dict[int, list[_Ref]] = defaultdict(list)
    last: str | None = None
    for number, sent in enumerate(sents):
        toks = tokens(text, sent.start, sent.end)
        i = 0
        while i < len(toks):
            tok = toks[i]
            # A full name (longest run of capitalised tokens that is a known person).
            matched = None
            for j in range(min(len(toks), i + 4), i + 1, -1):
                key = _person_key(text[tok.start : toks[j - 1].end])
                if key in people and j - i >= 2:
                    matched = (key, j)
                    break
            if matched:
                key, j = matched
                refs[number].append(_Ref(tok.start, toks[j - 1].end, key))
                _learn_role(toks, i, key, people, by_start, role_of, home_role_of)
                last = key
                i = j
                continue
            low = _person_key(tok.text)
            if tok.text[:1].isupper() and not tok.text.isupper() and low in alias_of and len(alias_of[low]) == 1 and tok.start not in by_start:
                key = next(iter(alias_of[low]))
                refs[number].append(_Ref(tok.start, tok.end, key))
                last = key
            elif tok.text.lower() in words.ROLE_NOUNS:
                key = _role_reference(toks, i, role_of, home_role_of, by_start)
                if key:
                    refs[number].append(_Ref(tok.start, tok.end, key))
                    last = key
            elif tok.text.lower() in ("he", "she") and last:
                refs[number].append(_Ref(tok.start, tok.end, last))
            i += 1
    return refs


def _learn_role(toks: list[Span], i: int, key: str, people: dict[str, Person], by_start: dict[int, Mention],
                role_of: dict[str, str], home_role_of: dict[tuple[str, str], str]) -> None:
    """From "North Korean leader Kim Jong-un": 'leader' and (KP, 'leader') stand for Kim from now on."""
    if i == 0:
        return
    prev = toks[i - 1].text.lower()
    if prev not in words.ROLE_NOUNS:
        return
    role_of.setdefault(prev, key)
    people[key].role = people[key].role or prev
    for k in range(i - 2, max(-1, i - 5), -1):
        m = by_start.get(toks[k].start)
        if m and m.place and m.place.kind == "country":
            home_role_of.setdefault((m.place.country, prev), key)
            people[key].home = people[key].home or m.place.country
            break


def _role_reference(toks: list[Span], i: int, role_of: dict[str, str], home_role_of: dict[tuple[str, str], str],
                    by_start: dict[int, Mention]) -> str | None:
    noun = toks[i].text.lower()
    for k in range(i - 1, max(-1, i - 4), -1):
        m = by_start.get(toks[k].start)
        if m and m.place and m.place.kind == "country":
            return home_role_of.get((m.place.country, noun))
    # Only "the leader" (a definite description) refers back; "a leader" does not.
    if i > 0 and toks[i - 1].text.lower() in ("the", "(", ")") or (i > 1 and toks[i - 2].text.lower() == "the"):
        return role_of.get(noun)
    return None


# -- stop detection -------------------------------------------------------------------------

@dataclass
class _Evidence:
    mention: Mention
    sentence: int
    text: str
    cue: TimeCue
    mode: str | None
    departure: bool


def _governing_preposition(text: str, sent: Span, mention: Mention) -> str | None:
    """The preposition that introduces the place: 'in', 'to', 'at', … (skipping "the", adjectives, "city of")."""
    before = tokens(text, sent.start, mention.start)
    k = len(before) - 1
    hops = 0
    while k >= 0 and hops < 6:
        w = before[k].text.lower()
        if w in PREPOSITIONS and w != "of":
            return w
        if w in words.TRANSITIVE_MOVES:
            return "from" if w in words.DEPARTURE_VERBS else "object"
        if w == "of" and k > 0 and before[k - 1].text.lower() in ("city", "town", "port", "village", "capital", "region", "province", "island"):
            k -= 2
            hops += 2
            continue
        if w in _SKIPPABLE or before[k].text[:1].isupper() or w in ("(", ")", "“", '"', "‘", "-"):
            k -= 1
            hops += 1
            continue
        if w.endswith(("ern", "ian", "an", "ese")) or w in ("nearby", "northern", "southern", "eastern", "western", "remote", "coastal"):
            k -= 1
            hops += 1
            continue
        return None
    return None


def _is_actor(text: str, mention: Mention) -> bool:
    """'Moscow said', 'Pyongyang launched': the place stands for its government."""
    after = tokens(text, mention.end, min(len(text), mention.end + 40))
    words_after = [t.text.lower() for t in after[:3]]
    if not words_after:
        return False
    if words_after[0] in ("has", "have", "had", "will", "would", "is", "was") and len(words_after) > 1:
        return words_after[1] not in ("been",) and not words_after[1].endswith("ing")
    return words_after[0] in words.ACTOR_VERBS


def _movement_between(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(movement word present, departure word present) in text[start:end]."""
    window = [t.text.lower() for t in tokens(text, start, end)]
    moved = any(w in words.ARRIVAL_VERBS or w in MOVEMENT_NOUNS for w in window)
    left = any(w in words.DEPARTURE_VERBS for w in window)
    return moved or left, left


_CLAUSE_BREAK = re.compile(r"[;:]|,\s*(?:where|while|whereas|but|although|who|which)\b|\b(?:said|says|told|added|according)\b")


def _joint_actor(text: str, before: list[_Ref], m: Mention, leader: str) -> _Ref | None:
    """The leader's reference when the leader shares the clause with the place even if another
    person is named nearer: "Kim held talks with Putin at the cosmodrome" puts both there."""
    if not before or before[-1].person == leader:
        return None
    mine = [r for r in before if r.person == leader]
    if not mine:
        return None
    ref = mine[-1]
    between = text[ref.end : m.start]
    if _CLAUSE_BREAK.search(between) or not re.search(r"\b(?:with|and|alongside|together)\b", between):
        return None
    return ref


def _mode(sentence: str) -> str | None:
    modes = [words.MODE_WORDS[w] for w in re.findall(r"[a-z]+", sentence.lower()) if w in words.MODE_WORDS]
    if not modes:
        return None
    # A named vehicle ("armoured train", "flight") outranks a verb that only implies one.
    for strong in ("train", "sea", "road"):
        if strong in modes:
            return strong
    return modes[0]


def _stop_evidence(text: str, sents: list[Span], mentions: list[Mention], refs: dict[int, list[_Ref]], leader: str,
                   today: dt.date | None) -> tuple[list[_Evidence], dict[str, str]]:
    """Evidence that the leader went to a mentioned place, and reasons for the mentions that are not stops."""
    by_sentence: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        for number, s in enumerate(sents):
            if s.start <= m.start < s.end:
                by_sentence[number].append(m)
                break
    evidence: list[_Evidence] = []
    reasons: dict[str, str] = {}
    carried: str | None = None
    for number, sent in enumerate(sents):
        sent_refs = refs.get(number, [])
        cue = None
        for m in by_sentence.get(number, []):
            place = m.place
            if place is None or m.adjective:
                continue
            if _is_actor(text, m) and place.kind in ("country", "capital", "city", "palace", "admin1"):
                reasons.setdefault(place.id, "stands for its government (metonymy), not a visit")
                continue
            before = [r for r in sent_refs if r.end <= m.start]
            after = [r for r in sent_refs if r.pos >= m.end]
            joint = _joint_actor(text, before, m, leader)
            if joint is not None:
                actor, a_start, a_end = leader, joint.end, m.start
            elif before:
                actor, a_start, a_end = before[-1].person, before[-1].end, m.start
            elif after:
                actor, a_start, a_end = after[0].person, m.end, min(sent.end, after[0].end + 80)
            elif carried == leader and number > 0:
                actor, a_start, a_end = carried, sent.start, m.start
            else:
                continue
            if actor != leader:
                continue
            if re.match(r"\s+(?:city|town|port|region|province|capital|village|district) of\b", text[m.end : m.end + 30]):
                continue  # "the Amur city of Komsomolsk": the first name only describes the second
            prep = _governing_preposition(text, sent, m)
            if prep is None:
                continue
            moved, departing = _movement_between(text, a_start if before or not after else sent.start, a_end)
            if not moved:
                continue
            if NEGATIONS.search(text[min(a_start, m.start) : max(a_end, m.end)]):
                reasons.setdefault(place.id, "named in a visit that did not happen")
                continue
            if place.kind in NON_STOP_KINDS:
                continue
            departure = departing and prep in ("from",)
            cue = cue or time_cue(sent.text, today=today)
            evidence.append(_Evidence(m, number, sent.text, cue, _mode(sent.text), departure))
        if sent_refs:
            carried = sent_refs[-1].person
    return evidence, reasons


# -- ordering -------------------------------------------------------------------------------

@dataclass
class _Candidate:
    place: Place
    evidence: list[_Evidence]

    @property
    def first(self) -> int:
        return min(e.mention.start for e in self.evidence)


def _tense_offset(tense: str) -> float:
    return {"past": -0.5, "present": 0.0, "future": 0.5}[tense]


def _order(cands: list[_Candidate]) -> list[_Candidate]:
    """Sort stops by their time cues; mention order breaks ties, 'then'/'earlier' adjust it."""
    def when(c: _Candidate) -> float:
        days = [e.cue.day for e in c.evidence if e.cue.day is not None]
        if days:
            return min(days)
        tenses = [_tense_offset(e.cue.tense) for e in c.evidence]
        return max(tenses) if all(t > 0 for t in tenses) else min(tenses)

    keyed = []
    mention_rank = {id(c): r for r, c in enumerate(sorted(cands, key=lambda c: c.first))}
    for c in cands:
        keyed.append([when(c), mention_rank[id(c)], c])
    keyed.sort(key=lambda x: (x[0], x[1]))
    # "earlier" / "before that" in a stop's only evidence moves it before the stop mentioned just before it.
    for i in range(1, len(keyed)):
        c = keyed[i][2]
        if all(e.cue.order < 0 for e in c.evidence) and keyed[i - 1][0] == keyed[i][0]:
            keyed[i - 1], keyed[i] = keyed[i], keyed[i - 1]
    return [k[2] for k in keyed]


# -- the stage -------------------------------------------------------------------------------

def _pick_leader(people: dict[str, Person], refs: dict[int, list[_Ref]], text: str, sents: list[Span],
                 mentions: list[Mention], wanted: str | None) -> str | None:
    if wanted:
        target = set(_person_key(wanted).split())
        scored = [(len(target & set(k.split())), k) for k in people]
        scored = [s for s in scored if s[0] > 0]
        if scored:
            return max(scored)[1]
        key = _person_key(wanted)
        parts = key.split()
        people[key] = Person(key, Counter({wanted: 1}), {parts[0], parts[-1]} if parts else set())
        return key
    counts: Counter[str] = Counter()
    for number, rs in refs.items():
        for r in rs:
            counts[r.person] += 1
    best, best_score = None, 0.0
    for key in people:
        evidence, _ = _stop_evidence(text, sents, mentions, refs, key, None)
        score = 3 * len({e.mention.place.id for e in evidence if e.mention.place}) + 0.5 * counts[key]
        if score > best_score:
            best, best_score = key, score
    return best


def build_itinerary(text: str, mentions: list[Mention], gazetteer: Gazetteer, *, leader: str | None = None,
                    date: dt.date | None = None, title: str | None = None) -> Itinerary:
    """The traveller's ordered stops and the context places of an article whose places are resolved."""
    sents = sentences(text)
    resolved = [m for m in mentions if m.place is not None]
    people = _find_people(text, sents, resolved)
    refs = _refs(text, sents, people, resolved)
    if leader:
        key = _pick_leader(people, refs, text, sents, resolved, leader)
        refs = _refs(text, sents, people, resolved)
    else:
        key = _pick_leader(people, refs, text, sents, resolved, None)
    evidence, reasons = _stop_evidence(text, sents, resolved, refs, key, date) if key else ([], {})

    grouped: dict[str, _Candidate] = {}
    for e in evidence:
        grouped.setdefault(e.mention.place.id, _Candidate(e.mention.place, [])).evidence.append(e)
    cands = list(grouped.values())

    # Countries and regions that hold a more specific stop are context, not stops.
    specific = [c for c in cands if c.place.kind not in AREA_KINDS]
    kept: list[_Candidate] = []
    for c in cands:
        if c.place.kind in AREA_KINDS and any(_contains(c.place, s.place) for s in specific):
            reasons.setdefault(c.place.id, "region that holds a stop")
            continue
        kept.append(c)
    ordered = _order(kept)

    stops: list[Stop] = []
    person = people.get(key) if key else None
    departures = [e for e in evidence if e.departure]
    origin_place = None
    if departures:
        origin_place = departures[0].mention.place
    if ordered and ordered[0].place.id == (origin_place.id if origin_place else None):
        ordered = ordered[1:]
    left_for = _left_for_without_origin(text, sents, refs, key)
    if origin_place is None and left_for and person is not None and person.home and ordered:
        home = gazetteer.capital(person.home)
        if home and all(c.place.country != person.home for c in ordered):
            stops.append(Stop(1, home, role="origin", inferred=True, evidence=tuple(left_for),
                              note=f"not stated; the home capital of the {person.role or 'traveller'}"))
    elif origin_place is not None:
        stops.append(Stop(1, origin_place, role="origin", evidence=tuple(e.text for e in departures[:2])))

    for c in ordered:
        texts = list(dict.fromkeys(e.text for e in sorted(c.evidence, key=lambda e: e.mention.start)))
        modes = [e.mode for e in c.evidence if e.mode]
        cue = next((e.cue for e in c.evidence if e.cue.text), None)
        when = None
        if cue is not None:
            when = cue.date.isoformat() if cue.date else cue.text
        note = None
        if c.place.kind in AREA_KINDS:
            note = f"the article names only the {'country' if c.place.kind == 'country' else 'region'}; shown at its centre"
        stops.append(Stop(len(stops) + 1, c.place, role="stop", mode=_arrival_mode(modes), when=when,
                          evidence=tuple(texts), note=note))
    if len(stops) > 1 and stops[-1].role == "stop":
        last = stops[-1]
        stops[-1] = Stop(last.order, last.place, "destination", last.mode, last.when, last.inferred, last.evidence, last.note)

    stop_ids = {s.place.id for s in stops}
    context: dict[str, ContextPlace] = {}
    surfaces: dict[str, list[str]] = defaultdict(list)
    for m in resolved:
        if m.place.id in stop_ids:
            continue
        surfaces[m.place.id].append(m.text)
    for m in resolved:
        pid = m.place.id
        if pid in stop_ids or pid in context:
            continue
        reason = reasons.get(pid, "mentioned, not visited")
        if m.place.kind in AREA_KINDS and pid not in reasons and any(_contains(m.place, s.place) for s in stops):
            reason = "region that holds a stop"
        context[pid] = ContextPlace(m.place, reason, tuple(dict.fromkeys(surfaces[pid])))
    display = person.display if person else (leader or None)
    return Itinerary(display, tuple(stops), tuple(context.values()), title=title, mentions=tuple(mentions))


def _arrival_mode(modes: list[str]) -> str | None:
    if not modes:
        return None
    for strong in ("train", "sea", "road"):
        if strong in modes:
            return strong
    return modes[0]


def _contains(area: Place, place: Place) -> bool:
    if area.kind == "country":
        return place.country == area.country and place.id != area.id
    if area.kind == "admin1":
        return place.country == area.country and place.admin1 == area.admin1 and place.id != area.id
    return False


def _left_for_without_origin(text: str, sents: list[Span], refs: dict[int, list[_Ref]], leader: str | None) -> list[str]:
    """Sentences where the leader leaves for somewhere and no 'from X' says where from."""
    out = []
    for number, sent in enumerate(sents):
        if not any(r.person == leader for r in refs.get(number, [])):
            continue
        if re.search(r"\b(?:leav(?:e|es|ing)|left|depart(?:s|ed|ing)?|set off|set out)\s+(?:\w+\s+){0,3}?(?:for|to)\b", sent.text, re.I) and not re.search(r"\bfrom\b", sent.text):
            out.append(sent.text)
    return out
