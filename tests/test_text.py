import pytest

from geomap.errors import InputError
from geomap.text.keys import loose_key, name_key
from geomap.text.read import decode_article, read_article
from geomap.text.tokens import sentences, tokens


@pytest.mark.parametrize(
    "a, b",
    [
        ("Kyiv", "KYIV"),
        ("P'yŏngyang", "Pyongyang"),
        ("Komsomolsk-on-Amur", "Komsomolsk on Amur"),
        ("São Paulo", "Sao Paulo"),
        ("St. Petersburg", "Saint Petersburg"),
        ("Łódź", "Lodz"),
    ],
)
def test_name_keys_fold_spelling_variants(a, b):
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize("variant", ["Vostochnyy", "Vostochnyi", "Vostochni", "Vostochniy"])
def test_loose_keys_fold_transliterated_endings(variant):
    assert loose_key(name_key(variant)) == loose_key(name_key("Vostochny"))


def test_loose_keys_keep_short_words():
    assert loose_key("mali") == "mali"


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = "Mr. Kim left the U.S. capital on Monday. He arrived in Omsk.\nA caption line"
    spans = sentences(text)
    assert [s.text for s in spans] == [
        "Mr. Kim left the U.S. capital on Monday.",
        "He arrived in Omsk.",
        "A caption line",
    ]
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_tokens_keep_initialisms_and_hyphens():
    assert [t.text for t in tokens("Kim Jong-un visited the U.S.")] == ["Kim", "Jong-un", "visited", "the", "U.S."]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02binary", "binary"),
        ("Caf\u00e9 in Omsk".encode("latin-1"), "not UTF-8"),
        (b"<!DOCTYPE html><html><body>Kim</body></html>", "HTML"),
        (b"<html lang='en'><head></head>", "HTML"),
        (b"x" * 5_000_001, "too large"),
    ],
)
def test_bad_articles_are_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        decode_article(data, "article.txt")


def test_read_article_refuses_missing_files_and_directories(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_article(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="directory"):
        read_article(tmp_path)


def test_read_article_accepts_utf8_with_bom(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffKim arrived in Omsk.".encode("utf-8"))
    assert read_article(path) == "Kim arrived in Omsk."


def test_mixed_case_state_abbreviations_are_one_token():
    from geomap.text.tokens import TOKEN_PATTERN

    tokens = [m.group() for m in TOKEN_PATTERN.finditer("Wheeling, W.Va., and Albany, N.Y.")]
    assert "W.Va." in tokens and "N.Y." in tokens


def test_a_numbered_item_is_not_a_sentence_of_its_own():
    assert [
        s.text for s in sentences("Stops:\n1. Panama City: talks.\n2. San Salvador: a meeting. He won 2. Then he left.")
    ] == ["Stops:", "1. Panama City: talks.", "2. San Salvador: a meeting.", "He won 2.", "Then he left."]
