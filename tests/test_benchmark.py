"""The speed benchmark's 'first pass' must meet every name for the first time, or it measures a warm cache."""

from geomap.evaluation.speed import _forget_names
from geomap.gazetteer.store import open_gazetteer
from geomap.pipeline import geoparse
from geomap.text import keys as text


def test_a_forgotten_pass_starts_with_no_name_known(tiny_gazetteer_path):
    warm = open_gazetteer(tiny_gazetteer_path)
    geoparse("Kim left Omsk by train.", gazetteer=warm)
    assert warm._memo and text.name_key.cache_info().currsize > 0
    fresh = _forget_names(warm)
    assert fresh is not warm and not fresh._memo and not fresh._places
    assert all(f.cache_info().currsize == 0 for f in (text.fold, text.name_key, text.loose_key))
    # and it still answers: the connection is new, not broken
    assert [m.place.name for m in geoparse("Kim left Omsk by train.", gazetteer=fresh)] == ["Omsk"]


def test_the_long_article_is_the_news_joined_and_cut_to_size():
    from geomap.evaluation.speed import _long_article

    texts = ["Kim arrived in Vladivostok.", "Talks were held in Minsk — again."]
    article = _long_article(texts, 1_000)
    assert 996 <= len(article.encode("utf-8")) <= 1_000
    assert article.startswith("Kim arrived in Vladivostok.\n\nTalks were held in Minsk — again.\n\nKim arrived")
