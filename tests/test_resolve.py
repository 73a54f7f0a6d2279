import pytest

from geomap.geometry import distance_km
from geomap.geoparse import resolve as resolve_module
from geomap.geoparse.resolve import found_for_spans
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
    m = next(
        m for m in geoparse("Springfield voters went to the polls.", gazetteer=gazetteer) if m.text == "Springfield"
    )
    assert m.runner_up is not None and m.runner_up.id != m.place.id
    assert 0.0 < m.confidence < 1.0


def test_local_story_makes_a_name_its_own_states_reading(gazetteer):
    # No "state" next to Georgia and no France anywhere: the counties around the names decide.
    text = (
        "Deputies from Clarke County and Oconee County searched the Oconee River on Sunday. "
        "Georgia game wardens joined the search near Watkinsville and Bogart."
    )
    assert resolved(text, gazetteer)["Georgia"].admin1 == "GA"
    text = (
        "Paris firefighters were called to a barn fire on Sunday. The Edgar County sheriff said the "
        "blaze spread toward Chrisman and Kansas before crews from Paris contained it."
    )
    paris = resolved(text, gazetteer)["Paris"]
    assert (paris.country, paris.admin1) == ("US", "IL")


def test_a_name_repeated_is_no_evidence_for_its_own_reading(gazetteer):
    # Five mentions of Paris must not vote Paris into France against the article's Illinois places.
    text = " ".join(
        ["Paris council met on Monday."] * 5
        + ["Edgar County and Vermilion County officials attended, as did the mayor of Danville."]
    )
    paris = resolved(text, gazetteer)["Paris"]
    assert (paris.country, paris.admin1) == ("US", "IL")


def test_names_in_a_list_take_the_kind_their_neighbours_share(gazetteer):
    text = "Start-ups are leaving costly states such as California or Washington for cheaper ones."
    assert resolved(text, gazetteer)["Washington"].kind == "admin1"
    text = "The envoy toured Armenia, Georgia and Azerbaijan last week."
    assert resolved(text, gazetteer)["Georgia"].country == "GE"
    text = "Storms cut power across Alabama, Georgia and the Carolinas overnight."
    assert resolved(text, gazetteer)["Georgia"].country == "US"


def test_trinidad_and_tobago_by_its_short_forms(gazetteer):
    text = "The minister flew from Port of Spain to Tobago; T&T will host the summit."
    start = text.index("T&T")
    place = resolved(text, gazetteer, spans=[(start, start + 3)])["T&T"]
    assert place.country == "TT" and place.kind == "country"


def test_an_unknown_given_place_is_put_in_the_region_the_article_is_about(gazetteer):
    text = (
        "Charleston sent two crews north after the storm. Roads flooded in Centreville on Tuesday; "
        "schools in Gainesville, Va., closed early, and a shelter opened at Maple Leaf Community Hall."
    )
    names = ["Charleston", "Centreville", "Gainesville", "Va.", "Maple Leaf Community Hall"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    hall = resolved(text, gazetteer, spans=spans)["Maple Leaf Community Hall"]
    assert (hall.country, hall.admin1) == ("US", "VA")
    assert distance_km(hall.point, (38.84, -77.43)) < 150  # Centreville, Virginia


def test_state_abbreviations_follow_the_country_around_them(gazetteer):
    perth = resolved("Heat records fell in Perth, WA, and in Kalgoorlie on Sunday.", gazetteer)
    seattle = resolved("Ferries were cancelled in Seattle, WA, and in Tacoma on Sunday.", gazetteer)
    assert (perth["WA"].country, perth["WA"].kind) == ("AU", "admin1")
    assert (seattle["WA"].country, seattle["WA"].kind) == ("US", "admin1")
    nsw = resolved("Flooding closed roads near Newcastle, NSW, on Friday.", gazetteer)
    assert nsw["NSW"].country == "AU" and nsw["Newcastle"].country == "AU"


def test_town_comma_state_abbreviation_reads_the_state(gazetteer):
    text = "Officials in Albany, N.Y., and Wheeling, W.Va., agreed on Monday."
    places = resolved(text, gazetteer)
    assert places["N.Y."].kind == "admin1" and places["N.Y."].admin1 == "NY"
    assert places["W.Va."].admin1 == "WV" and places["Wheeling"].admin1 == "WV"


def test_an_old_name_of_a_metropolis_does_not_beat_a_town_of_that_name(gazetteer):
    # GeoNames lists "Berea" among Aleppo's historical names; news means the town.
    place = resolved("Berea police closed the road on Monday after the storm.", gazetteer)["Berea"]
    assert place.name == "Berea" and place.country != "SY"
    text = "Berea police closed the highway on Monday; crews from Richmond, Ky., cleared it by noon."
    assert resolved(text, gazetteer)["Berea"].admin1 == "KY"


def test_airports_named_alone_are_the_airports(gazetteer):
    places = resolved("Flights resumed at Heathrow on Monday; Putin flew out of Vnukovo the same day.", gazetteer)
    assert places["Heathrow"].kind == "airport" and places["Heathrow"].country == "GB"
    assert places["Vnukovo"].kind == "airport" and distance_km(places["Vnukovo"].point, (55.59, 37.26)) < 5


def test_ambiguous_names_do_not_pull_each_other_abroad(gazetteer):
    # Sunderland and Norwich both have New England namesakes 100 km apart; Fulham is clearly London.
    text = "Fulham beat Sunderland on Saturday, while Norwich drew and Fulham fans celebrated."
    assert resolved(text, gazetteer)["Sunderland"].country == "GB"


def test_a_small_towns_other_name_does_not_take_a_towns_own_name(gazetteer):
    # GeoNames lists "Youngstown" among Mount Gilead's other names; the city of Youngstown is meant.
    text = "Youngstown police said the crash happened on Route 7 in Mount Gilead, Ohio; Youngstown crews helped."
    assert resolved(text, gazetteer)["Youngstown"].name == "Youngstown"


def test_a_village_named_like_a_country_or_region_needs_more_than_local_context(gazetteer):
    text = "Senators in Washington and Baltimore, Maryland, debated the crisis in the Middle East on Monday."
    assert resolved(text, gazetteer)["Middle East"].kind == "region"
    text = "Fans from Dallas, Houston and Waxahachie, Texas, flew to Italy for the match."
    assert resolved(text, gazetteer)["Italy"].kind == "country"


def test_a_city_with_only_village_namesakes_is_clear_enough_to_set_the_region(gazetteer):
    # Atlanta, Texas (5,000 people) is close to Atlanta, Georgia in score, not in size.
    text = "Georgia lawmakers met in Atlanta on Tuesday; traffic from Atlanta backed up toward Lake Lanier."
    assert resolved(text, gazetteer)["Georgia"].country == "US"


def test_a_cue_word_counts_only_right_after_the_name(gazetteer):
    # "state" three words on is no "Washington State".
    assert resolved("Modi flew to Washington for a state visit on Thursday.", gazetteer)["Washington"].kind == "capital"
    assert resolved("Fires spread across Washington State on Thursday.", gazetteer)["Washington State"].kind == "admin1"


def test_a_state_named_in_passing_does_not_pull_a_city_abroad(gazetteer):
    text = (
        "Biden, who grew up in Scranton, Pennsylvania, landed in Belfast on Tuesday and then crossed the border "
        "to County Louth, visiting a pub in Dundalk, before driving to Dublin and on to County Mayo."
    )
    places = resolved(text, gazetteer)
    assert places["Belfast"].country == "GB" and places["County Louth"].country == "IE"
    assert resolved("Pilgrims flocked to Mecca this week.", gazetteer)["Mecca"].kind == "city"
    assert resolved("On Tuesday Meloni travels to Shanghai.", gazetteer)["Shanghai"].kind == "city"


def test_english_counties_that_were_split_or_are_historic_are_still_counties(gazetteer):
    # Cheshire and Berkshire became unitary authorities and Yorkshire is four counties, so the packaged
    # divisions lack them; without gazetteer/uk_areas.tsv they read as towns in Connecticut and New York.
    text = "The series visits Thruxton, Hampshire, then Oulton Park, Cheshire, and Croft, Yorkshire, before Norfolk."
    places = resolved(text, gazetteer)
    assert places["Cheshire"].country == "GB" and places["Cheshire"].kind == "admin2"
    assert places["Yorkshire"].country == "GB" and distance_km(places["Yorkshire"].point, (53.96, -1.08)) < 80
    text = "Volunteers drive patients from Reading, Berkshire, to hospitals in Greater Manchester and County Tyrone."
    places = resolved(text, gazetteer)
    assert [places[n].country for n in ("Berkshire", "Greater Manchester", "County Tyrone")] == ["GB"] * 3


def test_a_town_and_the_county_around_it_read_each_other(gazetteer):
    # Paris is the seat of Henry County, Tennessee; either name alone could be in a dozen states (or France).
    text = "Paris council members met Tuesday. Henry County deputies closed two roads outside Paris after the storm."
    places = resolved(text, gazetteer)
    assert (places["Paris"].country, places["Paris"].admin1) == ("US", "TN")
    assert (places["Henry County"].country, places["Henry County"].admin1) == ("US", "TN")
    # "Paris" repeated, with no county, is still the French capital: a name is no context for itself.
    assert (
        resolved("Paris reopened its museums. Paris police said crowds were calm.", gazetteer)["Paris"].country == "FR"
    )


def test_a_county_in_a_named_state_outranks_its_namesakes(gazetteer):
    # McLean County is in Kentucky and Illinois; Atlanta, Illinois lies beside the Illinois one.
    text = (
        "Kentucky officials said Louisville and McLean County will share the grant; the company moved from "
        "Atlanta last year and Kentucky expects more jobs."
    )
    assert resolved(text, gazetteer)["Atlanta"].admin1 == "GA"


def test_a_bare_name_can_mean_the_county_named_in_full(gazetteer):
    text = (
        "Suffolk County legislators met in Riverhead on Tuesday to debate ferry fares to Shelter Island. "
        "Suffolk officials expect a vote next month."
    )
    places = resolved(text, gazetteer)
    assert places["Suffolk County"].admin1 == "NY"
    assert places["Suffolk"].id == places["Suffolk County"].id


def test_names_listed_before_counties_are_counties(gazetteer):
    # "Sarpy" is known only as "Sarpy County"; "Douglas" and "Lancaster" are also towns elsewhere.
    text = "Nebraska's census figures show Douglas, Sarpy and Lancaster counties grew again last year."
    places = {m.text: m.place for m in geoparse(text, gazetteer=gazetteer)}
    assert {n: (places[n].kind, places[n].admin1) for n in ("Douglas", "Sarpy", "Lancaster")} == {
        n: ("admin2", "NE") for n in ("Douglas", "Sarpy", "Lancaster")
    }
    # One name before a plural is a description, not a county list: "the metro Athens counties".
    assert "Athens" not in {
        m.text
        for m in geoparse("Jobs grew in the four metro Athens counties.", gazetteer=gazetteer)
        if m.place and m.place.kind == "admin2"
    }


def test_a_street_named_after_a_place_is_not_in_that_place(gazetteer):
    text = "Baltimore police closed Charlotte Avenue on Sunday after a water main broke near the harbor."
    names = ["Baltimore", "Charlotte Avenue"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    street = resolved(text, gazetteer, spans=spans)["Charlotte Avenue"]
    assert street.admin1 == "MD" and distance_km(street.point, (39.29, -76.61)) < 50


def test_a_capital_of_a_named_country_beats_a_town_near_the_story(gazetteer):
    # Washington, Tyne and Wear is a real English town; in a London story about the United States it is not meant.
    text = (
        "LONDON (AP) - Britain expelled 23 diplomats on Monday. Officials said Washington had been told in "
        "advance; the United States backed the move and U.S. envoys met Russian diplomats."
    )
    assert resolved(text, gazetteer)["Washington"].kind == "capital"
    # The capital does not take its country's own name: "Mexico" in a story naming Mexicans is Mexico.
    assert resolved("Mexican officials said Mexico would reply.", gazetteer)["Mexico"].kind == "country"


def test_an_unknown_given_place_is_in_the_town_named_right_after_it(gazetteer):
    text = (
        "New Orleans chefs cooked all week. One of them trained at Le Bernardin in New York before "
        "returning to New Orleans, where the festival opened at Jackson Square on Friday."
    )
    names = ["New Orleans", "Le Bernardin", "New York", "Jackson Square"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = resolved(text, gazetteer, spans=spans)
    assert distance_km(places["Le Bernardin"].point, (40.71, -74.01)) < 50
    assert places["Jackson Square"].admin1 == "LA"  # no town after it: the article's own place
    # In a list, "X, Y" is no building and its town: "Columbus, Pleasant Township, Madison Township".
    text = "Sirens go up in Columbus, Pleasant Township, Madison Township and Grove City this year."
    names = ["Columbus", "Pleasant Township", "Madison Township", "Grove City"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = resolved(text, gazetteer, spans=spans)
    assert places["Pleasant Township"].name == "Columbus"  # the article's own place, not "Madison"


def test_a_cue_word_after_a_given_span_counts_as_in_recognition(gazetteer):
    text = "The cooperative serves customers from the Kentucky border to the Georgia state line."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Kentucky", "Georgia")]
    assert resolved(text, gazetteer, spans=spans)["Georgia"].kind == "admin1"


def test_a_state_named_with_the_word_state_is_still_the_us_state(gazetteer):
    # Liberia has a county called "Maryland" whose other name is "Maryland State"; the Annapolis story means the US.
    places = resolved("Maryland State police closed roads around Annapolis and Baltimore on Monday.", gazetteer)
    assert places["Maryland State"].country == "US" and places["Maryland State"].kind == "admin1"


def test_a_dateline_city_standing_alone_is_the_famous_one(gazetteer):
    text = (
        "Summit ends\n\nGENEVA, June 16, 2021 — Joe Biden met Vladimir Putin on Wednesday. "
        "The White House said the United States would keep talking. Air Force One left Geneva for Washington."
    )
    assert resolved(text, gazetteer)["Geneva"].country == "CH"
    small = resolved("GENEVA, Ill. — The Kane County board met on Tuesday in Geneva.", gazetteer)
    assert small["Geneva"].country == "US"


def test_a_city_short_name_after_its_full_name(gazetteer):
    places = resolved("Modi flew in from Rio de Janeiro on Tuesday. In Rio, he had met Giorgia Meloni.", gazetteer)
    assert places["Rio"] == places["Rio de Janeiro"] and places["Rio"].country == "BR"


def test_a_region_named_after_the_big_city_in_it_yields_the_name_to_the_city(gazetteer):
    places = resolved(
        "Macron flew in from Hiroshima, where he had attended the summit, to Mongolia, "
        "which lies between Russia and China.",
        gazetteer,
    )
    assert places["Hiroshima"].kind == "city"


def test_the_items_of_a_numbered_list_of_capitals_read_as_capitals(gazetteer):
    text = (
        "1. Panama City (February 1-2): talks with President Mulino.\n"
        "2. San Salvador (February 3): a meeting with President Bukele.\n"
        "3. San Jose (February 4): talks with Costa Rican President Rodrigo Chaves.\n"
        "4. Santo Domingo (February 6): the last stop."
    )
    assert resolved(text, gazetteer)["Santo Domingo"].country == "DO"


def test_a_regions_english_name_outweighs_villages_that_own_it(gazetteer):
    # GeoNames files Crete as Kríti, Corsica as Corse and Normandy as Normandie; the name itself belongs only to
    # small towns in Illinois, South Dakota and Missouri. A reader hears the regions, unless the story is local.
    places = resolved(
        "The ferry sails from Piraeus to Crete, and on Friday the minister flies to Corsica. "
        "Veterans gathered in Normandy for the anniversary.",
        gazetteer,
    )
    assert (places["Crete"].country, places["Corsica"].country, places["Normandy"].country) == ("GR", "FR", "FR")
    local = resolved("Crete, Illinois, voted to repave Main Street; the Will County board agreed.", gazetteer)
    assert (local["Crete"].country, local["Crete"].admin1) == ("US", "IL")


def test_islands_are_places_of_their_own_not_their_small_namesakes(gazetteer):
    # GeoNames' populated places give these names to a Georgian village (Java), a Bahamian district (Long Island)
    # and an Australian suburb (Rhodes), or to nothing at all (Maui, Lesvos); gazetteer/islands.tsv holds the islands.
    places = resolved(
        "The minister toured Maui after the fires, then flew on to Long Island. A week later she was "
        "in Lesvos and Rhodes, and her last stop was Java.",
        gazetteer,
    )
    expected = {
        "Maui": (20.8, -156.33),
        "Long Island": (40.8, -73.2),
        "Lesvos": (39.2, 26.3),
        "Rhodes": (36.2, 28.0),
        "Java": (-7.5, 110.0),
    }
    for name, point in expected.items():
        assert places[name].kind == "island" and distance_km(places[name].point, point) < 50, name


def test_an_unknown_given_place_is_in_the_dateline_city_however_often_another_town_is_named(gazetteer):
    # A Cairo story about a footballer: his club's city is named more often than Cairo, but the story was
    # reported from Cairo and the new suburb it describes is there, not in England.
    text = (
        "CAIRO (Reuters) - A Liverpool striker opened a football pitch in Ardvarrow Park on Sunday. "
        "Liverpool fans in Egypt cheered; Liverpool had given him the week off, and a Liverpool coach came too."
    )
    names = ["CAIRO", "Liverpool", "Ardvarrow Park", "Liverpool", "Egypt", "Liverpool", "Liverpool"]
    spans, at = [], 0
    for n in names:
        at = text.index(n, at)
        spans.append((at, at + len(n)))
        at += len(n)
    suburb = resolved(text, gazetteer, spans=spans)["Ardvarrow Park"]
    assert distance_km(suburb.point, (30.04, 31.24)) < 50  # Cairo
    # Without a dateline, the most named town is the article's place.
    text = text.removeprefix("CAIRO (Reuters) - ")
    spans = [(s - len("CAIRO (Reuters) - "), e - len("CAIRO (Reuters) - ")) for s, e in spans[1:]]
    assert resolved(text, gazetteer, spans=spans)["Ardvarrow Park"].country == "GB"


# Every rule of what a name says of its readings, by name: (rule, text, name, a reading it lowers, the place chosen).
NAME_RULES = [
    ("region_named_like_city", "Crowds gathered in Shanghai on Sunday.", "Shanghai", "Shanghai Municipality", "city"),
    ("small_beside_big_name", "Trade with Mexico grew last year.", "Mexico", "Mexico City", "country"),
    ("town_beside_own_region", "Storms hit Florida on Sunday.", "Florida", "Florida", "admin1"),
    ("other_name_beside_own_name", "The council in Canton met on Monday.", "Canton", "Guangzhou", "city"),
    ("local_life", "The Lebanon city council met on Monday.", "Lebanon", "Lebanon", "city"),
    ("full_stops", "The bill's sponsor, Rep. Dana Ortiz, D-N.Y., spoke on Friday.", "N.Y.", "New York City", "admin1"),
    ("letter_case", "Ministers of the EU met in Brussels.", "EU", "Eu", "region"),
]


@pytest.mark.parametrize(("rule", "text", "name", "lowered", "kind"), NAME_RULES, ids=[c[0] for c in NAME_RULES])
def test_each_rule_of_what_a_name_says_lowers_its_own_case(gazetteer, rule, text, name, lowered, kind):
    start = text.index(name)
    found = found_for_spans(text, [(start, start + len(name))], gazetteer)[0]
    facts = resolve_module._NameFacts(found)
    lowers = getattr(resolve_module, "_" + rule)
    lowered_ids = {c.place.id for c in found.candidates if c.place.name == lowered and lowers(c, facts) < 0}
    chosen = resolved(text, gazetteer)[name]
    assert lowered_ids and chosen.id not in lowered_ids and chosen.kind == kind


def test_every_rule_of_what_a_name_says_has_a_case():
    assert {r.__name__.lstrip("_") for r in resolve_module._NAME_RULES} == {c[0] for c in NAME_RULES}
    assert all(r.__doc__ for r in resolve_module._NAME_RULES)


def test_a_state_abbreviation_with_full_stops_is_the_state_on_given_spans_too(gazetteer):
    # AP style writes the state "N.Y." (also without its last stop); "NY" alone stays New York City's short form.
    text = "A ferry from Staten Island, N.Y. docked late. The shop in Buffalo, N.Y opened on Monday."
    spans = [(text.index("N.Y."), text.index("N.Y.") + 4), (text.index("N.Y "), text.index("N.Y ") + 3)]
    assert [m.place.kind for m in geoparse(text, spans, gazetteer=gazetteer)] == ["admin1", "admin1"]
    text = "A rally in NY drew crowds on Monday."
    assert geoparse(text, [(11, 13)], gazetteer=gazetteer)[0].place.kind == "city"


def test_a_town_told_by_its_own_life_once_is_the_town_at_every_mention(gazetteer):
    # One sense per discourse: the school after the second "Lebanon" says the first is the town as well, and the
    # country no longer keeps a small town of its name down.
    text = "The Lebanon swim team won again on Saturday. Coaches at Lebanon Elementary praised the swimmers."
    first, second = text.index("Lebanon"), text.index("Lebanon", 10)
    places = [m.place for m in geoparse(text, [(first, first + 7), (second, second + 7)], gazetteer=gazetteer)]
    assert places[0].kind == "city" and places[0].id == places[1].id


def test_given_spans_read_a_county_by_its_bare_name_and_townsfolk_by_their_town(gazetteer):
    # Local news drops the word "County" ("Preble deputies", "Platte Co."), and names people after their town.
    text = (
        "Preble deputies closed the road, and the Platte Co. fair opened. "
        "A Londoner and two Ontarians watched; Brooklynites and Ohioans cheered."
    )
    names = ["Preble", "Platte Co.", "Londoner", "Ontarians", "Brooklynites", "Ohioans"]
    spans = [(text.index(n), text.index(n) + len(n)) for n in names]
    places = {m.text: m.place for m in geoparse(text, spans, gazetteer=gazetteer)}
    assert (places["Preble"].name, places["Preble"].kind) == ("Preble County", "admin2")
    assert (places["Platte Co."].name, places["Platte Co."].kind) == ("Platte County", "admin2")
    assert places["Londoner"].name == "London" and places["Ontarians"].name == "Ontario"
    assert places["Brooklynites"].name == "Brooklyn" and places["Ohioans"].name == "Ohio"


def test_a_governors_title_after_a_name_makes_it_the_state(gazetteer):
    # "New York" alone is the city; a governor governs a state.
    assert resolved("New York Gov. Dana Miles said the state would help.", gazetteer)["New York"].kind == "admin1"
    assert resolved("Washington Governor Lee Park spoke on Friday.", gazetteer)["Washington"].admin1 == "WA"
    assert resolved("Crowds lined the streets of New York on Friday.", gazetteer)["New York"].kind == "city"


def test_russias_federal_districts_are_regions_of_russia(gazetteer):
    places = resolved("On a trip to the Ural Federal District he stopped in the Siberian Federal District.", gazetteer)
    assert {p.country for p in places.values()} == {"RU"}
    assert places["Siberian Federal District"].kind == "region"
    assert distance_km(places["Ural Federal District"].point, (56.84, 60.61)) < 1000  # Yekaterinburg, its centre


def test_a_university_named_after_a_city_is_in_the_city_not_its_region(gazetteer):
    places = resolved("He met students of St Petersburg State University and of Tomsk State University.", gazetteer)
    assert places["St Petersburg"].kind == "city" and places["Tomsk"].kind == "city"


def test_the_bare_name_of_a_regional_capital_stays_the_city_beside_its_region(gazetteer):
    text = "The governor of the Tomsk Region met the president, who flew on to Tomsk to open a hospital."
    places = resolved(text, gazetteer)
    assert places["Tomsk Region"].kind == "admin1" and places["Tomsk"].kind == "city"


def test_a_town_named_like_a_country_is_the_town_beside_its_county(gazetteer):
    # Lebanon, Indiana is the seat of Boone County, Indiana: the two ambiguous names vouch for each other,
    # though "Lebanon" alone is the country.
    places = resolved(
        "Officers in Lebanon arrested a driver on Friday; he was booked into the Boone County jail.", gazetteer
    )
    assert (places["Lebanon"].country, places["Lebanon"].admin1) == ("US", "IN")
    assert (places["Boone County"].country, places["Boone County"].admin1) == ("US", "IN")
    assert resolved("Refugees from Lebanon crossed into Jordan.", gazetteer)["Lebanon"].kind == "country"


def test_a_border_after_a_name_is_the_states_or_the_countrys(gazetteer):
    assert resolved("Traffic backed up near the New York border.", gazetteer)["New York"].kind == "admin1"
    assert resolved("He crossed the Mexico border at dawn.", gazetteer)["Mexico"].kind == "country"
    # A town with no state or country of its name keeps its reading.
    assert resolved("Families fled to the Rafah border crossing.", gazetteer)["Rafah"].kind == "city"


def test_a_capitals_dateline_with_its_region_is_the_small_town_there(gazetteer):
    # Wire style writes a small town's region after it; the qualifier wins over the famous namesake.
    kentucky = resolved("EDMONTON, Ky. (AP) — A storm tore the roof off a barn on Sunday.", gazetteer)
    assert (kentucky["EDMONTON"].country, kentucky["EDMONTON"].admin1) == ("US", "KY")
    missouri = resolved("PARIS, Mo. — The county fair opened on Friday.", gazetteer)
    assert (missouri["PARIS"].country, missouri["PARIS"].admin1) == ("US", "MO")
    # A date after the comma is no qualifier: the dateline stays the capital.
    assert resolved("PARIS, May 4 — Ministers met on Friday.", gazetteer)["PARIS"].country == "FR"


def test_a_countrys_name_before_a_word_of_a_towns_life_is_the_town(gazetteer):
    # Issue 20, a state (or country) versus its city: a country has no residents, elementary school or police of
    # its name in English news; its people are "Jordanians".
    places = resolved(
        "The Jordan resident was flown to a hospital in Minneapolis after the crash near Shakopee.", gazetteer
    )
    assert (places["Jordan"].kind, places["Jordan"].admin1) == ("city", "MN")
    lebanon = resolved("Lebanon police said the driver was taken to a hospital in Harrisburg.", gazetteer)["Lebanon"]
    assert (lebanon.country, lebanon.admin1) == ("US", "PA")
    # The country named as one, and a state's residents, keep their readings.
    assert resolved("King Abdullah of Jordan met the envoy in Amman.", gazetteer)["Jordan"].kind == "country"
    assert resolved("Georgia residents lined up to vote in Atlanta.", gazetteer)["Georgia"].kind == "admin1"


def test_a_town_of_the_storys_home_state_beats_its_bigger_namesakes(gazetteer):
    # Issue 20, local homonyms with a clue: most of the article's clear places lie in one state (a local paper's home
    # region), so its "Madison" is that state's, though New Jersey's Wayne, Bloomfield and Madison vouch for each other.
    text = (
        "Snow closed schools across Nebraska on Monday, from Omaha to Kearney and Grand Island. "
        "Buses in Wayne, Bloomfield and Madison ran late."
    )
    places = resolved(text, gazetteer)
    assert {(places[n].country, places[n].admin1) for n in ("Wayne", "Bloomfield", "Madison")} == {("US", "NE")}
    # A famous national capital keeps its prominence in the same story.
    places = resolved(text + " The governor flew to Washington for talks.", gazetteer)
    assert places["Washington"].kind == "capital" and places["Madison"].admin1 == "NE"
    # Without a home state (places of several states), the bigger namesake stays.
    mixed = resolved("Crews drove from Omaha to Chicago, Trenton and Atlanta, then on to Madison.", gazetteer)
    assert mixed["Madison"].admin1 != "NE"


def test_a_state_named_like_a_foreign_country_is_the_state_in_a_story_of_its_country(gazetteer):
    # Issue 20, a state versus a country: a story all of American places makes "Georgia" the state as surely as a
    # story of Caucasian places makes it the country.
    text = "Voters in Columbus and Phenix City waited less than an hour. Alabama has no early voting like Georgia."
    georgia = resolved(text, gazetteer)["Georgia"]
    assert (georgia.kind, georgia.country) == ("admin1", "US")
    caucasus = resolved("Voters in Tbilisi and Batumi waited less than an hour, unlike voters in Georgia.", gazetteer)
    assert caucasus["Georgia"].kind == "country"


def test_a_shortened_mount_or_fort_reaches_every_place_of_the_full_name(gazetteer):
    # Issue 20, an explicit qualifier wins: GeoNames notes "Mt. Pleasant" and "Mt. Vernon" as other names of only some
    # Mount Pleasants and Mount Vernons, so the Ohio town of "Mt. Vernon, Ohio" was not among its readings at all.
    places = resolved("The band played in Mt. Vernon, Ohio, last week.", gazetteer)
    assert (places["Mt. Vernon"].name, places["Mt. Vernon"].admin1) == ("Mount Vernon", "OH")
    # On given spans too, and the Iowa story's own Mount Pleasant wins over a British Columbia place called so.
    text = "Flooding closed the highway between Mt. Pleasant and Fairfield on Tuesday, Iowa officials said."
    spans = [(text.index(n), text.index(n) + len(n)) for n in ("Mt. Pleasant", "Fairfield", "Iowa")]
    pleasant = geoparse(text, spans, gazetteer=gazetteer)[0].place
    assert (pleasant.country, pleasant.admin1) == ("US", "IA")
