"""How itineraries are scored against the real-article gold (geomap.evaluation.realtrips): with made-up stops."""

from geomap.evaluation.realtrips import score_article

JERUSALEM = {"name": "Jerusalem", "lat": 31.769, "lon": 35.216, "country": "IL"}
BETHLEHEM = {"name": "Bethlehem", "lat": 31.705, "lon": 35.202, "country": "PS"}
AIRPORT = (31.99, 34.88, "IL")  # Ben Gurion airport, 40 km from both


def test_two_gold_stops_close_together_are_two_visits():
    gold = {"stops": [JERUSALEM, BETHLEHEM]}
    stops = [(31.77, 35.21, "IL"), (31.70, 35.20, "PS")]
    assert score_article(stops, gold) == (2, 2, 2, True)
    assert score_article(list(reversed(stops)), gold) == (2, 2, 1, False)


def test_venues_of_one_gold_stop_in_a_row_count_once():
    gold = {"stops": [JERUSALEM]}
    stops = [(31.77, 35.21, "IL"), (31.78, 35.23, "IL")]  # the city, then a venue in it
    assert score_article(stops, gold) == (1, 1, 1, True)


def test_a_stop_far_from_every_gold_stop_counts_against_precision():
    gold = {"stops": [JERUSALEM]}
    assert score_article([AIRPORT, (31.77, 35.21, "IL")], gold) == (2, 1, 1, False)
