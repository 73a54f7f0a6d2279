"""Properties that must hold for any text, checked on generated inputs (hypothesis)."""

import pytest

hypothesis = pytest.importorskip("hypothesis", reason="needs the test extras: pip install -e '.[test]'")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from geomap.pipeline import geoparse, itinerary  # noqa: E402

WORDS = st.sampled_from(
    "Kim arrived in Vladivostok Moscow Paris Texas the U.S. he she will then fly to from on Monday , . ' - "
    "Georgia Sea of Japan President Putin said visited left for “ ” ( ) St. 2019 é ß 東京".split()
)
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=60).map(" ".join))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_mentions_are_exact_slices_in_order(gazetteer, text):
    mentions = geoparse(text, gazetteer=gazetteer)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:]))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_itinerary_never_fails_and_quotes_the_text(gazetteer, text):
    trip = itinerary(text, gazetteer=gazetteer)
    assert [s.order for s in trip.stops] == list(range(1, len(trip.stops) + 1))
    for stop in trip.stops:
        assert all(quote in text for quote in stop.evidence)
