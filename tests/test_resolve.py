from geomap.geometry import distance_km
from geomap.pipeline import geoparse


def resolved(text, gaz, spans=None):
    return {m.text: m.place for m in geoparse(text, spans, gazetteer=gaz)}


def test_context_country_decides_between_homonyms(gazetteer):
    us = resolved("Atlanta is the largest city in Georgia, a state of the United States.", gazetteer)
    caucasus = resolved("Tbilisi is the capital of Georgia, a country between Russia and Turkey.", gazetteer)
    assert us["Georgia"].country == "US" and caucasus["Georgia"].country == "GE"


def test_town_comma_state_pattern(gazetteer):
    places = resolved("The fire started near Paris, Texas, late on Monday.", gazetteer)
    assert places["Paris"].country == "US" and places["Paris"].admin1 == "TX"


def test_one_sense_per_discourse_links_spelling_variants(gazetteer):
    text = "Kim visited the Vostochny cosmodrome. He had arrived in Vostochni by train."
    places = resolved(text, gazetteer)
    assert places["Vostochni"].kind == "spaceport"
    assert distance_km(places["Vostochni"].point, (51.884, 128.334)) < 5


def test_gold_spans_are_resolved_even_when_recognition_would_not_find_them(gazetteer):
    text = "Tunisian officials met in the capital."
    mentions = geoparse(text, spans=[(0, 8)], gazetteer=gazetteer)
    assert mentions[0].text == "Tunisian" and mentions[0].place.country == "TN"


def test_runner_up_and_confidence_are_kept(gazetteer):
    m = next(m for m in geoparse("Springfield voters went to the polls.", gazetteer=gazetteer) if m.text == "Springfield")
    assert m.runner_up is not None and m.runner_up.id != m.place.id
    assert 0.0 < m.confidence < 1.0
