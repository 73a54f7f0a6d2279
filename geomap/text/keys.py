"""Name keys: how a name in an article meets a name in the gazetteer.

Name keys are how a name in an article meets a name in the gazetteer. News
spells places many ways (Kyiv/Kiev, P'yŏngyang/Pyongyang, Komsomolsk-on-Amur,
Vostochny/Vostochnyy/Vostochni), so a key folds case, diacritics, hyphens,
apostrophes and punctuation; a *loose* key also folds the transliteration
variants of word endings. Both sides, gazetteer and article, go through the
same functions, so they cannot drift apart.

>>> name_key("P'yŏngyang"), name_key("Komsomolsk-on-Amur")
('pyongyang', 'komsomolsk on amur')
>>> loose_key("vostochnyy") == loose_key("vostochni") == loose_key("vostochny")
True
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from geomap.text import patterns

_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "‘": "",
        "'": "",
        "`": "",
        "´": "",
        "ʹ": "",
        "″": "",
    }
)
_NON_ALNUM = patterns.compile(r"[^0-9a-z]+")
_ENDING = patterns.compile(r"(?:iy|yy|yi|ii|ij|yj|y|i)$")


_ASCII_DROP = str.maketrans("", "", "'`")
# An ASCII name to its key's letters in one pass: apostrophes dropped (as fold does), capitals lowered, "&" read
# as "and", any other character not a letter or digit a space.
_ASCII_KEY = {
    code: (None if ch in "'`" else " and " if ch == "&" else ch.lower() if ch.isalnum() else " ")
    for code, ch in ((c, chr(c)) for c in range(128))
}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case ASCII letters and digits, diacritics removed, apostrophes dropped."""
    if text.isascii():
        return text.translate(_ASCII_DROP).lower()  # the common case, without Unicode normalisation
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=200_000)
def name_key(name: str) -> str:
    """The exact lookup key of a name: folded, punctuation to spaces, 'saint' to 'st'.

    >>> name_key("St. Petersburg") == name_key("Saint-Petersburg")
    True
    """
    if name.isascii():  # the common case in one pass: what fold, "&" and the regex below do, as one table
        words = name.translate(_ASCII_KEY).split()
    else:
        words = _NON_ALNUM.sub(" ", fold(name).replace("&", " and ")).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    if "saint" in words or "ste" in words or "sainte" in words:
        words = ["st" if w in ("saint", "ste", "sainte") else w for w in words]
    return " ".join(words)


_SHORT_FIRST_WORDS = {"mt": "mount", "ft": "fort"}


def spelled_out(key: str) -> str | None:
    """The key with a first word news shortens written in full ("mt pleasant" -> "mount pleasant"), else None.

    GeoNames records "Mt. Pleasant" as another name of some Mount Pleasants only, so the short form alone reaches
    a few of them (and a British Columbia place that holds it as its own name). Name keys already read "St." as
    Saint, so that "St. Louis" and "Saint Louis" meet; "Mt." and "Ft." are looked up both ways instead, since a
    changed key would rebuild every user's gazetteer.

    >>> spelled_out("mt pleasant"), spelled_out("ft worth"), spelled_out("mtwara")
    ('mount pleasant', 'fort worth', None)
    """
    if key[2:3] != " ":  # (asked of every span recognition looks up: most keys answer here)
        return None
    full = _SHORT_FIRST_WORDS.get(key[:2])
    return f"{full}{key[2:]}" if full and len(key) > 3 else None


@lru_cache(maxsize=200_000)
def loose_key(key: str) -> str:
    """A key with transliteration variants of endings folded (-iy/-yy/-yi/-i/-y all become -y).

    Only words of five letters or more are changed, so short names keep their ends.
    """
    if _FOLDABLE_END.search(key) is None:  # most keys: no word long enough that ends as a variant can
        return " ".join(key.split())
    return " ".join(_ENDING.sub("y", w) if len(w) >= 5 and not w.isdigit() else w for w in key.split())


_FOLDABLE_END = patterns.compile(r"\S{4}[iyj](?!\S)")
