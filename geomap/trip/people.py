"""Who an article talks about, and which words refer to them.

The itinerary stage needs to know, sentence by sentence, who is acting: the
people named ("Kim Jong Un", "Putin"), the role nouns that stand for them
after an apposition ("North Korean leader Kim Jong Un" ... "the leader"), the
pronouns that carry the last subject ("he", "she", "they" after a group), and
the vehicles and groups that move with them ("his train", "the three leaders").

Input: text, sentences and resolved mentions; output: :class:`Person` records
and, per sentence, the :class:`Reference` spans that point to each of them.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from geomap.model import Mention
from geomap.text import patterns
from geomap.text import wordlists as words
from geomap.text.keys import fold
from geomap.text.tokens import Span, tokens


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
        """The fullest way the article writes the name ("Luiz Inacio Lula da Silva", not "Lula")."""
        form = (
            max(self.forms, key=lambda f: (len(f.replace("-", " ").split()), self.forms[f])) if self.forms else self.key
        )
        # "Kim Jong-un" -> "Kim Jong Un": a lower-case syllable after a hyphen is a romanised given name.
        return " ".join(
            "-".join(part.capitalize() if i else part for i, part in enumerate(word.split("-"))).replace("-", " ")
            if re.fullmatch(r"[A-Z][a-z]+-[a-z]+", word)
            else word
            for word in form.split()
        )


@dataclass
class Reference:
    pos: int  # character offset in the article
    end: int
    person: str


@functools.lru_cache(maxsize=8192)
def person_key(surface: str) -> str:
    """The folded form two spellings of a name share; cached, as an article keys the same names again and again."""
    surface = re.sub(r"['’]s$", "", surface)
    return " ".join(fold(surface).replace("-", " ").split())


# Capitalised at the start of a sentence, never part of a name: "There Zelensky met ..." is Zelensky.
_NOT_NAMES = frozenset(
    """The A An In On At And But He She It We They There Then Here This That These Those When Where While After
    Before Later Earlier Meanwhile Now Also His Her Their Its Our As If So Since Yet Still Once Even Only Both
    Some Many Most Such What Which Who Why How Instead Afterwards Overnight Today Yesterday Tomorrow Next Last
    Every Each Another From To For With By During Despite Station Base
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec January February March April June July August September
    October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split()
)


def find_people(text: str, sents: list[Span], mentions: list[Mention]) -> dict[str, Person]:
    """Runs of two to four capitalised words that are not places and not organisations."""
    covered = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in covered]
    reach = list(itertools.accumulate((e for _, e in covered), max))  # the furthest end of any place starting so far
    people: dict[str, Person] = {}

    def inside_place(start: int, end: int) -> bool:
        """Some place starts at or before ``start`` and ends at or after ``end``: two bisects, not a scan per token."""
        k = bisect.bisect_right(starts, start)
        return k > 0 and reach[k - 1] >= end

    for sent in sents:
        run: list[Span] = []
        toks = tokens(text, sent.start, sent.end)
        padded = toks + [Span(sent.end, sent.end, "")]
        for index, tok in enumerate(padded):
            w = tok.text
            if run and w in words.NAME_PARTICLES and index + 1 < len(padded) and padded[index + 1].text[:1].isupper():
                run.append(tok)  # "Lula da Silva", "Mohammed bin Salman"
                continue
            good = (
                w[:1].isupper()
                and w[:1].isalpha()
                and not (w.isupper() and len(w) > 1)
                and w not in words.TITLES
                and not _organisation_word(w)
                and w.lower() not in words.NEVER_ALONE
                and not inside_place(tok.start, tok.end)
                and w not in _NOT_NAMES
                and text[tok.start - 1 : tok.start] != "@"  # a social-media handle, read as its owner's alias
            )
            if good and (not run or text[run[-1].end : tok.start] == " "):
                run.append(tok)
                if tok.text.endswith(("'s", "’s")):  # a possessive ends a name: "Kim Jong Un's train"
                    _flush_person(text, run, people, single=_after_title(text, run))
                    run = []
                continue
            if not _organisation_word(tok.text):  # "New York Times", "Navy's Pacific Fleet" are no people
                _flush_person(text, run, people)
                if (
                    len(run) == 1
                    and (
                        tok.text in words.PERSON_VERBS or _after_title(text, run) or _auxiliary_and_move(padded, index)
                    )
                    and not _NOBLE_OF.search(text, max(0, run[0].start - 24), run[0].start)
                ):
                    _flush_person(text, run, people, single=True)  # "Kim arrived", "Pope Francis": a one-word name
            run = [tok] if good else []
    _drop_common_phrases(text, people)
    # A one-word name that is part of a longer one ("Kim" of "Kim Jong Un") is that person, not another; unless
    # every longer one is a spouse's ("President Lind ... first lady Maria Lind"): the surname is the titled one's.
    for key in [k for k in people if " " not in k]:
        longer = [other for other_key, other in people.items() if other_key != key and key in other.aliases]
        if longer and not (key in _titled_names(text) and all(_written_as_spouse(text, o) for o in longer)):
            del people[key]
    _people_known_by_title(text, people)
    return people


def _organisation_word(word: str) -> bool:
    """A word that makes a capitalised run an organisation's or a building's name, alone or as a part of a
    compound: "Museum-Preserve", "Theatre-Studio" end an institution's name as "Museum" does."""
    return any(part in words.ORGANISATION_WORDS for part in word.split("-"))


# what stands before a spouse's name: "first lady Maria Lind", "his wife, Maria Lind", "her husband Tom Lind"
_SPOUSE_BEFORE = patterns.compile(
    r"(?i:\bfirst\s+(?:lady|gentleman)|\b(?:his|her|the)\s+(?:wife|husband|spouse))\s*,?\s*$"
)


@functools.lru_cache(maxsize=4)
def _titled_names(text: str) -> frozenset[str]:
    """The keys of one-word names the text writes after a title ("President Lind")."""
    return frozenset(
        person_key(m.group(2))
        for m in re.finditer(r"\b([A-Z][a-z]+)\.?\s+([A-Z][a-z]+)\b", text)
        if m.group(1) in words.TITLES
    )


def _written_as_spouse(text: str, person: Person) -> bool:
    """Whether the text writes this person's full name, each time, after a spouse's title or relation."""
    full = [f for f in person.forms if " " in f]
    return bool(full) and all(
        _SPOUSE_BEFORE.search(text, max(0, m.start() - 30), m.start())
        for form in full
        for m in re.finditer(re.escape(form), text)
    )


def _people_known_by_title(text: str, people: dict[str, Person]) -> None:
    """ "The King and Queen land at ...", "The president flew to Vladivostok": a monarch, pope, president or minister
    the story never names is a person all the same, unless someone named holds that title ("King Charles ... the
    King", "President Biden ... the president"); it is found when it travels."""
    for title in dict.fromkeys(m.group(1) for m in _TITLE_ONLY.finditer(text)):
        if any(form.split()[0] == title for person in people.values() for form in person.forms):
            continue
        if re.search(r"\b(?i:" + re.escape(title) + r")\s+(?:[A-Z]\.\s+)?[A-Z][a-z]", text):
            continue
        key = person_key(f"The {title}")
        people.setdefault(key, Person(key, role=title.lower())).forms[f"The {title}"] += 1


def _drop_common_phrases(text: str, people: dict[str, Person]) -> None:
    """ "Military Technology Cooperation", "Tall Ships Regatta": a run of capitals whose words the article mostly also
    writes in lower case is a thing's name, not a person's (a name's words are not common words: "Theresa May" keeps
    one of two)."""
    lower = set(re.findall(r"\b[a-z][a-z'’-]+\b", text))
    for key in list(people):
        parts = [p for p in re.split(r"[\s-]+", key) if p and p not in words.NAME_PARTICLES]
        if len(parts) >= 2 and sum(p in lower for p in parts) * 2 > len(parts):
            del people[key]


# ... when it moves as a subject ("The King and Queen land", "the Pope travels"), not when it hosts ("The Queen
# received him")
# (and a president or minister the story names only by title: "The president flew to Vladivostok on Monday")
_TITLE_ONLY = patterns.compile(
    r"\b[Tt]he (King|Queen|Pope|Emperor|(?i:president|prime minister|premier|chancellor|foreign minister|"
    r"secretary of state|secretary-general|crown prince))(?:\s+and\s+(?:the\s+)?(?:King|Queen|Empress))?\s+"
    r"(?:will\s+|has\s+|had\s+|then\s+|is\s+due\s+to\s+|is\s+expected\s+to\s+)?"
    r"(?:land|arriv|travel|fl[iy]|flew|visit|leav|left|depart|tour|head|return)\w*"
)
_NO_OWNERS: frozenset[str] = frozenset()
_PLACE_ENDS = (
    words.PLACE_SUFFIXES
    | words.STREET_WORDS
    | frozenset(
        "Stadium Arena Hall Cathedral Church Basilica Abbey Palace Castle Museum Memorial Cemetery Temple Mosque Shrine "
        "Gardens Garden Bridge Airport Airfield Station Base Camp Hospital Centre Center "
        # a railway, a road or a line is no person either: "the Maya Train", "the Pacific Highway"
        "Train Railway Railroad Express Metro Highway Expressway Motorway Canal Pipeline".split()
    )
)
_HOSTED_PRONOUN = patterns.compile(
    r"\b(?:welcom|receiv|greet|host|meet|met)\w*\s+(?:him|her)\b[^.;]*[;,]\s*"
    r"(?:and\s+)?(?:then\s+)?$"
)
# (and a storm's or an operation's name is no person: "Super Typhoon Haiyan", "Hurricane Helene")
_PLACE_STARTS = frozenset(
    "Mount Mt Lake Cape Fort Port Camp Super Typhoon Hurricane Cyclone Storm Tropical Operation Flight".split()
)


def _auxiliary_and_move(toks: list[Span], index: int) -> bool:
    """'Trump will travel', 'Trump was welcomed', 'Modi has arrived': an auxiliary and, at most one word later, a
    verb of travel or welcome after a lone name make it a person (a place would be the subject of other verbs)."""
    if toks[index].text not in words.AUXILIARIES:
        return False
    following = [t.text.lower() for t in toks[index + 1 : index + 3]]
    return any(w in _MOVES_AFTER_AUXILIARY for w in following)


# (not "been", "held" or "signed": "the Sandhills have been", "a memorandum would be signed")
_MOVES_AFTER_AUXILIARY = frozenset(
    """travel travelled traveled travelling traveling arrive arrived arriving land landed landing fly flown flying visit
    visited visiting leave left leaving depart departed departing head headed heading return returned returning
    tour toured touring join joined joining welcomed greeted received""".split()
)


def _alias_owner(owners: set[str] | frozenset[str], seen: Counter[str], people: dict[str, Person]) -> str | None:
    """Who a bare name means: its only owner, or of several ("Trump" after "Donald Trump" and "Melania Trump") the
    one the story names most so far, or holding a role ("President Donald Trump", not a headline's "Namaste Trump"),
    if one leads; otherwise nobody."""
    if len(owners) == 1:
        return next(iter(owners))
    if not owners:
        return None

    def weight(k: str) -> tuple[int, bool, int]:  # (named so far, holds a role such as 'president', named at all)
        return seen[k], people[k].role is not None, sum(people[k].forms.values())

    ranked = sorted(owners, key=weight, reverse=True)
    return ranked[0] if weight(ranked[0]) > weight(ranked[1]) else None


_ROYAL_AND_CHURCH_TITLES = frozenset(
    "King Queen Prince Princess Pope Emperor Empress Sheikh Emir Sultan Cardinal".split()
)


def _after_title(text: str, run: list[Span]) -> bool:
    """True when the run follows a title: "King Harald", "Pope Francis", "President Biden"."""
    before = text[max(0, run[0].start - 20) : run[0].start].split()
    return bool(before) and before[-1].rstrip(".") in words.TITLES


_REGNAL_NUMBER = patterns.compile(r"\s([IVX]{1,5})\b(?![\w'’-])")


def _flush_person(text: str, run: list[Span], people: dict[str, Person], *, single: bool = False) -> None:
    if not run or text[max(0, run[0].start - 4) : run[0].start].lower() == "the ":
        return  # "the International Import Expo": people's names take no article
    while run and run[0].text in words.TITLE_PARTS:
        run = run[1:]  # "Secretary of State Antony Blinken": "State" ends the title, not starts the name
    while len(run) > 1 and re.fullmatch(r"[IVXL]+", run[-1].text):
        run = run[:-1]  # a regnal number: "King Frederik X" is King Frederik
    if len(run) > 1 and _opens_a_dateline(text, run):
        return  # "Puerto Zelan, Q.R. — The president ...": a place the gazetteer does not know, on a dateline
    if len(run) > 1 and (run[-1].text in _PLACE_ENDS or run[0].text in _PLACE_STARTS):
        # "Bellahouston Park", "Croke Park", "Mount Nebo": a place the gazetteer does not know, not a person
        return
    named = [t for t in run if t.text not in words.NAME_PARTICLES]  # "Luiz Inacio Lula da Silva" has four names
    if 2 <= len(named) <= 4 or (len(run) == 1 and (single or _after_title(text, run))):
        surface = re.sub(r"['’]s$", "", text[run[0].start : run[-1].end])
        key = person_key(surface)
        person = people.setdefault(key, Person(key))
        if len(run) == 1 and _after_title(text, run):
            # A one-word name is shown with its title: "King Charles", "Pope Francis".
            title = text[max(0, run[0].start - 20) : run[0].start].split()[-1].rstrip(".")
            if title in _ROYAL_AND_CHURCH_TITLES:
                surface = f"{title} {surface}"
                # and with the regnal number the text gives it ("Pope Benedict XVI", "King Mohammed VI"), which
                # the key leaves out so that "King Mohammed" is the same person
                numeral = _REGNAL_NUMBER.match(text, run[-1].end)
                surface += f" {numeral.group(1)}" if numeral else ""
        person.forms[surface] += 1
        parts = key.split()
        # Any part of the name may stand for the person alone ("Lula" of "Luiz Inacio Lula da Silva").
        person.aliases.update(part for part in parts if part not in words.NAME_PARTICLES and len(part) > 1)


# what follows the place of a dateline: ", Q.R. —", ", Mo. (AP) —", " –"
_DATELINE_TAIL = patterns.compile(r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\s*(?:\([A-Za-z ]+\)\s*)?[—–-]\s")


def _opens_a_dateline(text: str, run: list[Span]) -> bool:
    """The run opens a line and a dateline's tail follows it."""
    start = run[0].start
    return (start == 0 or text[start - 1] == "\n") and bool(_DATELINE_TAIL.match(text, run[-1].end))


_NOT_OBJECT_BEFORE = frozenset(
    'and but that when as while where after before because since if though although , ; : “ " ( —'.split()
    # sentence adverbs leave the subject a subject: "Hours later Putin flew on to Riyadh"
    + "later earlier then meanwhile also now today yesterday afterwards finally first next "
    "again instead soon there here overnight "
    # ... and so do time phrases: "the next day the Japanese leader addressed Congress"
    "day morning afternoon evening night week weekend month year".split()
)
_DETERMINERS = frozenset("the a an his her its their".split())
_HONORIFICS = frozenset("Mr Mrs Ms Dr Shri Sri Smt".split())
_PAIRS = frozenset("couple pair".split())
# "The Duke and Duchess of Cambridge flew home": a title's place is no person, and the title is the royal traveller's
_NOBLE_OF = patterns.compile(r"\b(?:" + "|".join(sorted(words.NOBLE_TITLES | {"Prince", "Princess"})) + r")\s+of\s+$")
# Aircraft known by name that carry one leader: they travel for the person the story is about.
_NAMED_AIRCRAFT = patterns.compile(r"(?:Air Force One|Marine One)\b")
_HEAD_ROLES = frozenset("president chancellor premier king queen pope pontiff monarch leader".split())
# A sentence may open with the preposition: "With Foreign Minister Cavusoglu he boarded a helicopter".
_OPENING_PREPOSITIONS = frozenset("with alongside beside unlike like without for".split())
_NP_WORDS = frozenset(
    "the a an his her its their ( ) former new two three four five six several both all visiting".split()
)


_COUNTS = frozenset("two three four both".split())
_GROUP_VERBS = frozenset(
    "had have has were are will would met meet held hold flew fly travelled traveled went arrived "
    "signed visited toured".split()
)


_PRESS_ABOARD = patterns.compile(
    r"\b(?:pool report|press pool|travell?ing press|reporters travell?ing|our plane|aboard Air Force)\b", re.IGNORECASE
)


def _inside_quote(text: str, start: int, at: int) -> bool:
    """Whether ``at`` lies inside a quotation opened since ``start`` (straight or curly double quotes)."""
    before = text[start:at]
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _counted_group(toks: list[Span], i: int) -> bool:
    """ "the two presidents", "both men": a counted group of people, the traveller among them when it is the subject."""
    word = toks[i].text.lower()
    people_word = word in ("men", "women") or (word.endswith("s") and word[:-1] in words.ROLE_NOUNS)
    if people_word and i > 0 and toks[i - 1].text.lower() in _COUNTS:
        return True
    # "The two had flown to Poland": the count alone, as the subject of a verb
    return (
        word in ("two", "three")
        and i > 0
        and toks[i - 1].text.lower() == "the"
        and i + 1 < len(toks)
        and toks[i + 1].text.lower() in _GROUP_VERBS
    )


def _is_object(toks: list[Span], i: int, by_start: dict[int, Mention]) -> bool:
    """True when the reference at toks[i] follows a verb or preposition: "met Abbas", "with Putin"."""
    k = i - 1
    while k >= 0 and (
        (toks[k].text[:1].isupper() and toks[k].text.lower() not in _OPENING_PREPOSITIONS)
        or toks[k].text.lower() in _NP_WORDS
        or toks[k].start in by_start
        or toks[k].text.isdigit()  # "including 14 leaders hanged for war crimes"
        or (k > 0 and toks[k - 1].text.lower() in _DETERMINERS)
    ):  # "the royal couple"
        k -= 1
    if k < 0:
        return False
    word = toks[k].text.lower()
    return word[:1].isalpha() and word not in _NOT_OBJECT_BEFORE


@dataclass
class _Scan:
    """Reading an article's references token by token: what is known of its people, what the story carries from
    one sentence to the next, and the sentence being read."""

    text: str
    people: dict[str, Person]
    by_start: dict[int, Mention]
    alias_of: dict[str, set[str]]
    name_starts: set[str]  # every beginning of every name's first word ("k", "ki", "kim" for "kim jong un")
    press_aboard: bool  # a pool report: "we" are the reporters travelling along
    refs: dict[int, list[Reference]] = field(default_factory=lambda: defaultdict(list))
    role_of: dict[str, str] = field(default_factory=dict)
    home_role_of: dict[tuple[str, str], str] = field(default_factory=dict)
    previous_subject: str | None = None
    previous_group: bool = False
    vehicle_of: str | None = None
    seen: Counter[str] = field(default_factory=Counter)  # references so far, by person: the main one is most named
    number: int = 0
    sent: Span = Span(0, 0, "")
    toks: list[Span] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)  # references in this sentence that are not objects, in order

    def add(self, i: int, end: int, key: str) -> None:
        self.refs[self.number].append(Reference(self.toks[i].start, end, key))
        if not _is_object(self.toks, i, self.by_start):
            self.subjects.append(key)

    def main(self) -> str:
        """The story's main person so far: the most referred to."""
        return self.seen.most_common(1)[0][0]


def references(
    text: str, sents: list[Span], people: dict[str, Person], mentions: list[Mention]
) -> dict[int, list[Reference]]:
    """Every reference to a known person, per sentence: names, bare surnames, role nouns, pronouns,
    and the vehicles and groups that carry them ("his train", "the royal couple").

    Each token is tried against :data:`_REFERENCE_RULES` in order; the first that reads it as a reference decides.
    """
    alias_of: dict[str, set[str]] = defaultdict(set)
    for key, person in people.items():
        for alias in person.aliases:
            alias_of[alias].add(key)
    name_starts = {first[:n] for key in people for first in key.split()[:1] for n in range(1, len(first) + 1)}
    scan = _Scan(text, people, {m.start: m for m in mentions}, alias_of, name_starts, bool(_PRESS_ABOARD.search(text)))
    for number, sent in enumerate(sents):
        scan.number, scan.sent, scan.toks, scan.subjects = number, sent, tokens(text, sent.start, sent.end), []
        i = 0
        while i < len(scan.toks):
            i = next((j for rule in _REFERENCE_RULES if (j := rule(scan, i)) is not None), i + 1)
        _end_of_sentence(scan)
    return scan.refs


def _end_of_sentence(scan: _Scan) -> None:
    """Who the next sentence's "he" most likely is, and whether a group was the subject."""
    number, subjects, refs, seen = scan.number, scan.subjects, scan.refs, scan.seen
    if subjects:
        # Of several subjects, "he" in the next sentence is most likely the story's main person
        # ("Biden welcomed him ..., and the next day the Japanese leader addressed Congress. He then flew home").
        # The main person told as an object counts too ("The governor greeted Ruiz at the harbour. On Sunday she
        # flew on": the story follows its traveller, not the host).
        pool = subjects + [r.person for r in refs[number] if seen and r.person == scan.main()]
        scan.previous_subject = max(
            pool, key=lambda k: (seen[k] + sum(r.person == k for r in refs[number]), -pool.index(k))
        )
        scan.previous_group = len({r.person for r in refs[number]}) > 1 or any(
            t.text.lower() in words.GROUP_NOUNS and (t.text.lower().endswith("s") or t.text.lower() in _PAIRS)
            for t in scan.toks
        )  # "The couple began the tour in Belize ... They flew on to Jamaica"
    elif refs.get(number) is None:
        scan.previous_group = False
    seen.update(r.person for r in refs.get(number, ()))


# A rule reads the token at ``i`` and returns where reading goes on when it took it as a reference, else None.
def _full_name(scan: _Scan, i: int) -> int | None:
    """A name of two words or more that the article gives a person ("Kim Jong Un", "President Lula")."""
    toks, text = scan.toks, scan.text
    head = fold(toks[i].text).replace("-", " ").split()
    # A name can start here only if its first word begins with this token's: most tokens end the search.
    if head and head[0] not in scan.name_starts:
        return None
    for j in range(min(len(toks), i + 6), i + 1, -1):
        key = person_key(text[toks[i].start : toks[j - 1].end])
        if key in scan.people and j - i >= 2 and not _titled_stand_in(scan, key):
            scan.add(i, toks[j - 1].end, key)
            _learn_role(toks, i, key, scan.people, scan.by_start, scan.role_of, scan.home_role_of)
            _learn_apposed_role(toks, j, key, scan)
            return j
    return None


def _learn_apposed_role(toks: list[Span], j: int, key: str, scan: _Scan) -> None:
    """ "Ban Ki-moon, the UN secretary-general, has arrived": a role told after the name, between commas, is the
    person's too ("the UN secretary-general" later is Ban)."""
    words_after = [t.text for t in toks[j : j + 5]]
    if len(words_after) < 3 or words_after[0] != "," or words_after[1].lower() != "the":
        return
    for k, word in enumerate(words_after[2:5], start=2):
        if word.lower() in words.ROLE_NOUNS and (k + 1 == len(words_after) or words_after[k + 1] == ","):
            scan.role_of.setdefault(word.lower(), key)
            scan.people[key].role = scan.people[key].role or word.lower()
            return
        if not word[:1].isupper():
            return


def _titled_stand_in(scan: _Scan, key: str) -> bool:
    """A person known only by a title ("The premier") while the story has a named main person: the title is theirs
    ("Li Qiang arrived ... the premier travelled to Munich"), read by the role rule."""
    person = scan.people[key]
    return (
        key.startswith("the ")
        and bool(person.forms)
        and all(form.startswith("The ") for form in person.forms)
        and bool(scan.seen)
        and scan.main() != key
    )


def _royal_pair(scan: _Scan, i: int) -> int | None:
    """ "The Duke and Duchess of Cambridge flew home", after "Prince William": the royal the story is about."""
    tok = scan.toks[i]
    if not (tok.text in ("Duke", "Duchess") and i > 0 and scan.toks[i - 1].text.lower() == "the" and scan.seen):
        return None
    main = scan.main()
    if not any(form.split()[0] in _ROYAL_AND_CHURCH_TITLES for form in scan.people[main].forms):
        return None
    scan.add(i, tok.end, main)
    return i + 1


def _own_aircraft(scan: _Scan, i: int) -> int | None:
    """ "Air Force One leaves Joint Base Andrews ... It lands in Rzeszow": the leader's own aircraft."""
    aircraft = _NAMED_AIRCRAFT.match(scan.text, scan.toks[i].start)
    if not (aircraft and scan.seen):
        return None
    key = (scan.subjects[-1] if scan.subjects else None) or scan.main()
    scan.vehicle_of = key
    scan.add(i, aircraft.end(), key)
    while i < len(scan.toks) and scan.toks[i].start < aircraft.end():
        i += 1
    return i


def _alias(scan: _Scan, i: int) -> int | None:
    """A surname or another word a person goes by ("Putin"), written with a capital and not a place."""
    tok = scan.toks[i]
    if not (tok.text[:1].isupper() and not tok.text.isupper() and tok.start not in scan.by_start):
        return None
    low = person_key(tok.text)
    owners = scan.alias_of.get(low, _NO_OWNERS)
    if not owners and scan.text[tok.start - 1 : tok.start] == "@":
        # "@MBuhari", "@AnnaBergPM": a handle holding a person's surname is that person's
        owners = {k for alias, keys in scan.alias_of.items() if len(alias) > 3 and alias in low for k in keys}
    owner = _alias_owner(owners, scan.seen, scan.people)
    if owner is None:
        return None
    scan.add(i, tok.end, owner)
    if low in scan.people:
        _learn_role(scan.toks, i, owner, scan.people, scan.by_start, scan.role_of, scan.home_role_of)
    return i + 1


def _role_or_group(scan: _Scan, i: int) -> int | None:
    """ "the leader", "the president", "the three leaders": a role noun or a counted group stands for a person."""
    toks, word = scan.toks, scan.toks[i].text.lower()
    if not (word in words.ROLE_NOUNS or _counted_group(toks, i)):
        return None
    key = _role_reference(toks, i, scan.role_of, scan.home_role_of, scan.by_start) if word in words.ROLE_NOUNS else None
    if key is None and word in _HEAD_ROLES and word not in scan.role_of and scan.seen and i > 0:
        if toks[i - 1].text.lower() == "the" or _the_described(toks, i, scan.by_start):
            # "The president had flown into Mamoudzou" in a story that never wrote "President Macron":
            # the story's main person, if no other role is known for them
            main = scan.main()
            # ("leader" is any head's: "President Milei ... The Libertarian leader")
            key = main if scan.people[main].role in (None, word) or word == "leader" else None
    elif key is None and word in _HEAD_ROLES and not scan.seen and i > 0 and toks[i - 1].text.lower() == "the":
        # "On September 27-28, the President will take part in the summit in Dushanbe ... Vladimir Putin will hold
        # talks": told before anyone is named, the role is the one person the story names with no title at all
        key = _untitled_person(scan.text, scan.people) or _the_one_titled(scan.text, scan.people, word)
    royal_group = word == "royals" or (word in _PAIRS and i > 0 and toks[i - 1].text.lower() in ("royal", "imperial"))
    if key is None and royal_group and scan.seen:
        key = _the_royal(scan)  # "The royals go on to Porto", after a sentence whose subject was their host
    if (
        key is None
        and (word in words.GROUP_NOUNS or _counted_group(toks, i))
        and not _is_object(toks, i, scan.by_start)
    ):
        key = scan.previous_subject  # "the three leaders travelled"; not "addressed EU leaders"
    if key:
        scan.add(i, toks[i].end, key)
    return i + 1


def _the_royal(scan: _Scan) -> str | None:
    """The story's royal (a person written with a royal title), the most referred to: "the royals" and "the royal
    couple" are the royal pair, whoever was the last sentence's subject."""
    royals = [
        k
        for k, p in scan.people.items()
        if scan.seen[k] and any(f.split()[0] in _ROYAL_AND_CHURCH_TITLES for f in p.forms)
    ]
    return max(royals, key=lambda k: scan.seen[k]) if royals else None


@functools.lru_cache(maxsize=4)  # (one article's people at a time: a cache of many would hold many long texts)
def _untitled_in(text: str, forms: tuple[str, ...]) -> bool:
    """Whether every time the text writes one of a person's names, no title or role noun stands just before it."""
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            before = text[max(0, m.start() - 40) : m.start()].split()[-3:]
            if any(w.rstrip(".,") in words.TITLES or w.lower().rstrip(".,") in words.ROLE_NOUNS for w in before):
                return False
    return True


def _untitled_person(text: str, people: dict[str, Person]) -> str | None:
    """The one person of several words the article never writes with a title or a role ("Vladimir Putin" on the
    Kremlin's site, where guests are "Prime Minister X"), if there is exactly one."""
    found = [k for k, p in people.items() if " " in k and p.forms and _untitled_in(text, tuple(p.forms))]
    return found[0] if len(found) == 1 else None


def _the_one_titled(text: str, people: dict[str, Person], role: str) -> str | None:
    """The one person the article writes with this role before the name ("President of Russia Vladimir Putin", in a
    transcript after a report that only said "the President"), if there is exactly one."""
    found = [k for k, p in people.items() if " " in k and p.forms and _titled_in(text, tuple(p.forms), role)]
    return found[0] if len(found) == 1 else None


@functools.lru_cache(maxsize=4)
def _titled_in(text: str, forms: tuple[str, ...], role: str) -> bool:
    """Whether the text writes one of a person's names with ``role`` among the four words before it."""
    for form in forms:
        for m in re.finditer(re.escape(form), text):
            before = text[max(0, m.start() - 40) : m.start()].split()[-4:]
            if any(w.lower().rstrip(".,") == role for w in before):
                return True
    return False


# "the former president", "the host leader": another person than the story's main one
_OTHER_ROLE_WORDS = frozenset("former late other host previous outgoing incoming ex then new deposed ousted".split())


def _the_described(toks: list[Span], i: int, by_start: dict[int, Mention]) -> bool:
    """ "the Libertarian leader", "the veteran president": one describing word, not a place or a word that makes
    the role another person's, between "the" and the role."""
    return (
        i > 1
        and toks[i - 2].text.lower() == "the"
        and toks[i - 1].start not in by_start
        and toks[i - 1].text.lower() not in _OTHER_ROLE_WORDS
        and toks[i - 1].text[:1].isalpha()
    )


def _pronoun(scan: _Scan, i: int) -> int | None:
    """ "he", "she"; "they" after a group the traveller is part of ("the three leaders ... they were taken to")."""
    tok, word = scan.toks[i], scan.toks[i].text.lower()
    if not (word in ("he", "she") or (word == "they" and scan.previous_group and not scan.subjects)):
        return None
    key = scan.subjects[-1] if scan.subjects else _carried_into_where(scan, i) or scan.previous_subject
    if scan.subjects and scan.seen and _HOSTED_PRONOUN.search(scan.text, scan.sent.start, tok.start):
        # "Evo Morales welcomes him in La Paz; he then moves to Santa Cruz": the guest goes on
        key = scan.main()
    if key:
        scan.add(i, tok.end, key)
    return i + 1


def _carried_into_where(scan: _Scan, i: int) -> str | None:
    """ "Day four sends the Pope east to Kenya, where he will visit Nairobi": in a sentence whose subject is no person,
    "he" after "where" is the person the sentence carried there, not the last sentence's subject."""
    if i == 0 or scan.toks[i - 1].text.lower() != "where":
        return None
    carried = scan.refs.get(scan.number)
    return carried[-1].person if carried else None


def _press_we(scan: _Scan, i: int) -> int | None:
    """ "In the evening we flew on to Mexico City": outside quotes, "we" is the press travelling with the story's main
    person."""
    tok = scan.toks[i]
    if tok.text.lower() == "we" and scan.press_aboard and scan.seen:
        if not _inside_quote(scan.text, scan.sent.start, tok.start):
            scan.add(i, tok.end, scan.main())
            return i + 1
    return None


def _vehicle_or_journey(scan: _Scan, i: int) -> int | None:
    """ "his train", "the tour": what carries the traveller moves with them."""
    toks, word = scan.toks, scan.toks[i].text.lower()
    if not ((word in words.VEHICLE_NOUNS or word in words.JOURNEY_NOUNS) and i > 0):
        return None
    if toks[i - 1].text.lower() not in ("his", "her", "the", "its", "whose"):
        return None
    key = (scan.subjects[-1] if scan.subjects else None) or scan.previous_subject
    if word in words.JOURNEY_NOUNS and toks[i - 1].text.lower() == "the" and not scan.subjects and scan.seen:
        key = scan.main()  # "The tour began in Abuja": the story's trip, not the last host's
    if key:
        scan.vehicle_of = key
        if not scan.subjects:
            scan.add(i, toks[i].end, key)
    return i + 1


def _vehicle_it(scan: _Scan, i: int) -> int | None:
    """ "It lands in Rzeszow": the vehicle just named."""
    if scan.toks[i].text.lower() == "it" and scan.vehicle_of and not scan.subjects:
        scan.add(i, scan.toks[i].end, scan.vehicle_of)
        return i + 1
    return None


_REFERENCE_RULES = (
    _full_name,
    _royal_pair,
    _own_aircraft,
    _alias,
    _role_or_group,
    _pronoun,
    _press_we,
    _vehicle_or_journey,
    _vehicle_it,
)


def _learn_role(
    toks: list[Span],
    i: int,
    key: str,
    people: dict[str, Person],
    by_start: dict[int, Mention],
    role_of: dict[str, str],
    home_role_of: dict[tuple[str, str], str],
) -> None:
    """From "North Korean leader Kim Jong-un": 'leader' and (KP, 'leader') stand for Kim from now on."""
    if i == 0:
        return
    while i > 1 and toks[i - 1].text.rstrip(".") in _HONORIFICS:
        i -= 1  # "Prime Minister Shri Narendra Modi": the role stands before the honorific
    if _role_of_country(toks, i, key, people, by_start, role_of, home_role_of):
        return
    prev = toks[i - 1].text.lower()
    if prev not in words.ROLE_NOUNS and toks[i - 1].text not in words.TITLES:
        # "Secretary of State Antony Blinken", "Foreign Minister X": the role noun stands before the title's other words
        k = i - 1
        while k > 0 and i - k <= 3 and (toks[k].text in words.TITLE_PARTS or toks[k].text == "of"):
            k -= 1
        if k == i - 1 or toks[k].text.lower() not in words.ROLE_NOUNS:
            return
        prev = toks[k].text.lower()
    role_of.setdefault(prev, key)
    people[key].role = people[key].role or prev
    for k in range(i - 2, max(-1, i - 5), -1):
        if toks[k].text in (":", ";", "—", "–", "-", "(", ")"):
            break  # ("YOKOTA AIR BASE, Japan: President Joe Biden": a dateline's country is not his)
        m = by_start.get(toks[k].start)
        # "the Japanese leader"; "the Kremlin leader" (a seat of government stands for its country)
        if m and m.place and (m.place.kind == "country" or (m.place.kind in ("palace", "capital") and k == i - 1)):
            home_role_of.setdefault((m.place.country, prev), key)
            people[key].home = people[key].home or m.place.country
            break


def _role_of_country(
    toks: list[Span],
    i: int,
    key: str,
    people: dict[str, Person],
    by_start: dict[int, Mention],
    role_of: dict[str, str],
    home_role_of: dict[tuple[str, str], str],
) -> bool:
    """ "President of Russia Vladimir Putin", "Prime Minister of India Manmohan Singh": the role and the home country
    stand before the name the other way round."""
    if i < 3 or toks[i - 2].text != "of" or toks[i - 3].text.lower() not in words.ROLE_NOUNS:
        return False
    m = by_start.get(toks[i - 1].start)
    if m is None or m.place is None or m.place.kind != "country":
        return False
    role = toks[i - 3].text.lower()
    role_of.setdefault(role, key)
    people[key].role = people[key].role or role
    home_role_of.setdefault((m.place.country, role), key)
    people[key].home = people[key].home or m.place.country
    return True


def _role_reference(
    toks: list[Span],
    i: int,
    role_of: dict[str, str],
    home_role_of: dict[tuple[str, str], str],
    by_start: dict[int, Mention],
) -> str | None:
    noun = toks[i].text.lower()
    for k in range(i - 1, max(-1, i - 4), -1):
        m = by_start.get(toks[k].start)
        # "the Japanese leader"; "the Kremlin leader" (a seat of government stands for its country)
        if m and m.place and (m.place.kind == "country" or (m.place.kind in ("palace", "capital") and k == i - 1)):
            key = home_role_of.get((m.place.country, noun))
            if key is None and noun == "leader":
                # "the Japanese leader" after "Japanese Prime Minister Fumio Kishida": any head of that country
                heads = {v for (country, _), v in home_role_of.items() if country == m.place.country}
                key = heads.pop() if len(heads) == 1 else None
            return key
    # Only "the leader" (a definite description) refers back; "a leader" does not.
    if i > 0 and toks[i - 1].text.lower() in ("the", "(", ")") or (i > 1 and toks[i - 2].text.lower() == "the"):
        return role_of.get(noun)
    return None
