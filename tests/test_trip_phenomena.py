"""Phenomena of real news that the itinerary reads, each with articles we wrote in the shapes real ones take.

Each test names the phenomenon; the real articles that show it are in tests/data/real (scored by
`geomap eval itinerary`, never quoted here).
"""

from __future__ import annotations

import pytest

from geomap.pipeline import itinerary


def stops(text: str, gazetteer, **kw) -> list[str]:
    return [s.place.name for s in itinerary(text, gazetteer=gazetteer, **kw).stops if not s.inferred]


# -- a place line under the headline locates the traveller ---------------------------------------------------------
PLACE_LINES = [
    pytest.param(
        "Talks with the Finnish president\n\nMarch 3, 2014, Turku\n\n"
        "Vladimir Putin held talks with the President of Finland. They discussed trade and energy.\n",
        ["Turku"],
        id="a_city_the_text_never_names_again",
    ),
    pytest.param(
        "Meeting on the timber industry\n\nApril 11, 2013, Bada, Ulan-Ude\n\n"
        "Vladimir Putin toured logging companies and later chaired a meeting on the timber sector.\n",
        ["Bada", "Ulan-Ude"],
        id="several_places_in_the_order_written",
    ),
    pytest.param(
        "Visit to a hunting estate\n\nJune 2, 2011, Zavidovo, Tver Region\n\n"
        "Dmitry Medvedev met forestry workers and inspected a new road.\n",
        ["Zavidovo"],
        id="a_region_only_locates_the_town",
    ),
]


@pytest.mark.parametrize("text, names", PLACE_LINES)
def test_a_place_line_puts_the_traveller_there(gazetteer, text, names):
    assert stops(text, gazetteer) == names


def test_a_place_line_at_the_seat_of_government_is_home_not_a_trip(gazetteer):
    text = (
        "Meeting with the Security Council\n\nFebruary 8, 2019, The Kremlin, Moscow\n\n"
        "Vladimir Putin held a meeting with permanent members of the Security Council.\n"
    )
    assert stops(text, gazetteer) == []


def test_a_place_line_gives_way_to_a_lead_that_puts_the_traveller_elsewhere(gazetteer):
    text = (
        "Kim's train reaches the border\n\nSeptember 12, 2023, London\n\n"
        "North Korean leader Kim Jong Un arrived in Khasan by armoured train on Tuesday.\n"
    )
    assert stops(text, gazetteer) == ["Khasan"]


# -- a stop named only as a country is shown at a city, never at the country's middle ------------------------------
def test_a_country_stop_goes_to_the_city_the_article_names_in_it(gazetteer):
    text = (
        "Vladimir Putin arrived in Armenia on Friday for a summit of former Soviet states. "
        "Yerevan's mayor said the city had closed its centre for the day.\n"
    )
    trip = itinerary(text, gazetteer=gazetteer, leader="Vladimir Putin")
    assert [s.place.name for s in trip.stops] == ["Yerevan"]
    assert "only the country, Armenia" in (trip.stops[0].note or "")


def test_a_country_stop_with_no_city_named_goes_to_the_capital(gazetteer):
    assert stops("Prime Minister Anna Berg arrived in Kenya on Monday for a three-day visit.", gazetteer) == ["Nairobi"]


# -- journeys that are someone else's, and places that are only talked about ---------------------------------------
def test_a_visit_with_its_own_traveller_named_is_not_the_leaders(gazetteer):
    text = (
        "Vladimir Putin had a telephone call with George Bush in the Kremlin on Monday. "
        "They reviewed what was agreed during Mr Bush's visit to Tashkent and the visit of the Chinese president "
        "to Bishkek."
    )
    assert not {"Tashkent", "Bishkek"} & set(stops(text, gazetteer, leader="Vladimir Putin"))


def test_a_place_that_talks_are_about_is_no_stop(gazetteer):
    text = (
        "Chancellor Anna Berg arrived in Oslo on Monday. She discussed the forthcoming summit in Rome and the "
        "situation in Syria with the Norwegian prime minister."
    )
    assert stops(text, gazetteer) == ["Oslo"]


# -- who travels ---------------------------------------------------------------------------------------------------
def test_a_guest_named_as_visiting_is_the_traveller(gazetteer):
    text = (
        "Vladimir Putin met at the Kremlin with President of Serbia Tomislav Nikolic, who is in Russia on a "
        "working visit. Vladimir Putin said relations were good. Vladimir Putin thanked him."
    )
    trip = itinerary(text, gazetteer=gazetteer)
    assert trip.leader == "Tomislav Nikolic"
    assert [s.place.country for s in trip.stops] == ["RU"]


def test_a_run_of_common_words_in_capitals_is_no_person(gazetteer):
    text = (
        "Meeting of the Commission for Military Technology Cooperation\n\nMay 5, 2015, Sochi\n\n"
        "Vladimir Putin chaired the meeting. Military technology cooperation with other states grew, and "
        "cooperation in technology will go on, Military Technology Cooperation officials said."
    )
    assert itinerary(text, gazetteer=gazetteer).leader == "Vladimir Putin"


# -- someone's own words --------------------------------------------------------------------------------------------
def test_places_in_a_quotation_are_what_the_speaker_speaks_of(gazetteer):
    text = (
        "Chancellor Anna Berg arrived in Oslo on Monday. “I flew to Madrid last spring and I will see Rome in "
        "autumn,” she told reporters."
    )
    assert stops(text, gazetteer) == ["Oslo"]


def test_a_transcript_after_the_report_is_the_speakers_words(gazetteer):
    text = (
        "Meeting with the Prime Minister of India\n\nMarch 26, 2013, Durban\n\n"
        "Vladimir Putin met with Prime Minister of India Manmohan Singh on the sidelines of the summit.\n\n"
        "* * *\n\n"
        "President of Russia Vladimir Putin: Mr Prime Minister, I recall my visit to Delhi with warmth.\n"
    )
    assert stops(text, gazetteer, leader="Vladimir Putin") == ["Durban"]


def test_a_caption_with_a_title_is_no_transcript():
    from geomap.text.quotes import quoted_spans

    text = "Ukrainian President Volodymyr Zelensky.Photo: EPA-EFE\nPresident Cyril Ramaphosa landed in Warsaw."
    assert quoted_spans(text) == []


def test_two_countries_joined_by_a_dash_name_a_meeting_not_a_stop(gazetteer):
    text = "Vladimir Putin will make a working visit to Brussels on Friday for the EU-Russia summit."
    assert stops(text, gazetteer) == ["Brussels"]


# -- lists of places and the words that carry a journey on ---------------------------------------------------------
def test_a_list_goes_on_past_a_word_of_sequence_and_an_oxford_comma(gazetteer):
    text = (
        "Prime Minister Anna Berg arrived in Jeddah on Sunday. She will then depart for Kuwait and later Qatar. "
        "A second tour will take her to Kenya, Uganda, and Rwanda next year."
    )
    assert stops(text, gazetteer)[:3] == ["Jeddah", "Kuwait City", "Doha"]


def test_what_a_tour_includes_is_on_it_but_not_what_a_meeting_includes(gazetteer):
    text = (
        "President Anna Berg landed in Riyadh on Tuesday to open a Gulf tour that includes Qatar. "
        "She held meetings with leaders including Italy's prime minister."
    )
    assert stops(text, gazetteer) == ["Riyadh", "Doha"]


def test_the_final_leg_of_a_tour_is_a_stop(gazetteer):
    text = "Pope Francis arrived in Jakarta on Tuesday. The final leg of his tour is Singapore."
    assert stops(text, gazetteer) == ["Jakarta", "Singapore"]


# -- order ----------------------------------------------------------------------------------------------------------
def test_a_return_home_told_first_ends_the_trip(gazetteer):
    text = (
        "President Anna Berg returned to Oslo on Sunday after state visits to Senegal, Rwanda and South Africa. "
        "During her stay in South Africa she attended a summit in Johannesburg."
    )
    assert stops(text, gazetteer, date="2018-07-30") == ["Dakar", "Kigali", "Johannesburg", "Oslo"]


def test_a_comma_that_only_says_where_a_town_is_keeps_its_day(gazetteer):
    text = (
        "Pope Francis landed in Juba, South Sudan on Friday, February 3. "
        "After bidding farewell to Kinshasa, the pope had flown north."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2023-02-03")
    assert [(s.place.name, s.when) for s in trip.stops][-1] == ("Juba", "2023-02-03")


def test_a_year_fronting_a_clause_makes_it_another_trip(gazetteer):
    text = (
        "Pope Francis arrived in Juba on Friday. In April 2019, the pope hosted a retreat in Nairobi for its leaders."
    )
    assert stops(text, gazetteer, date="2023-02-03") == ["Juba"]


def test_hours_or_days_after_put_a_place_before(gazetteer):
    text = (
        "Prime Minister Anna Berg arrived in Moscow on Friday for talks. The visit comes only days after Berg made a "
        "similar trip to Kyiv."
    )
    assert stops(text, gazetteer, date="2024-07-05") == ["Kyiv", "Moscow"]


# -- dates and ranges -----------------------------------------------------------------------------------------------
def test_a_range_of_days_is_where_a_stay_begins():
    from geomap.trip.timecues import _calendar_date, is_range

    assert _calendar_date("on 15-16 June 2025", None)[0].isoformat() == "2025-06-15"
    assert _calendar_date("from 15 to 19 June 2025", None)[0].isoformat() == "2025-06-15"
    assert _calendar_date("June 8-10, 2024", None)[0].isoformat() == "2024-06-08"
    assert is_range("July 2 and 3") and not is_range("July 2")


def test_a_range_after_a_list_of_countries_dates_none_of_them(gazetteer):
    text = "Foreign Minister Anna Berg will visit Ethiopia, Somalia, Tanzania and Lesotho from January 7 to 12."
    assert stops(text, gazetteer, date="2026-01-07") == ["Addis Ababa", "Mogadishu", "Dodoma", "Maseru"]


def test_what_a_tour_holds_takes_no_day_from_the_landing(gazetteer):
    text = (
        "President Anna Berg touched down in Oslo on Tuesday to open a tour that includes Bergen. "
        "She flew to Stockholm on Wednesday."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2025-05-13")
    assert dict((s.place.name, s.when) for s in trip.stops)["Bergen"] is None


def test_the_capital_before_its_name_introduces_it(gazetteer):
    text = "Crown Prince Mohammed bin Salman is expected to land in the capital Islamabad on Sunday."
    assert stops(text, gazetteer) == ["Islamabad"]


# -- confidence and the article's date ------------------------------------------------------------------------------
def test_stops_and_the_itinerary_carry_a_confidence_and_say_how_they_were_dated(gazetteer):
    text = (
        "Talks with the Finnish president\n\nMarch 3, 2014, Turku\n\n"
        "Vladimir Putin held talks with the President of Finland. He later flew to Helsinki and arrived in Helsinki "
        "in the evening.\n"
    )
    trip = itinerary(text, gazetteer=gazetteer)
    by_name = {s.place.name: s.confidence for s in trip.stops}
    assert set(by_name) == {"Turku", "Helsinki"} and all(0 < c <= 1 for c in by_name.values())
    assert trip.date == "2014-03-03" and trip.date_source == "text"
    assert 0 < trip.confidence <= 1
    undated = itinerary("Vladimir Putin arrived in Turku on Monday.", gazetteer=gazetteer)
    assert undated.date is None and undated.date_source is None
    assert undated.to_dict().get("date_source") is None


def test_confidence_survives_the_json_round_trip(gazetteer):
    from geomap.publish.shapes import itinerary_from_dict

    trip = itinerary("Chancellor Anna Berg arrived in Oslo on Monday. She flew to Bergen.", gazetteer=gazetteer)
    again = itinerary_from_dict(trip.to_dict())
    assert again.to_dict() == trip.to_dict()


def test_a_traveller_named_only_by_title_is_the_traveller(gazetteer):
    text = "The president flew to Vladivostok on Monday. He then travelled by train to Khabarovsk."
    trip = itinerary(text, gazetteer=gazetteer)
    assert trip.leader == "The president" and [s.place.name for s in trip.stops] == ["Vladivostok", "Khabarovsk"]
    assert itinerary(text, "president", gazetteer=gazetteer).leader == "The president"


def test_a_title_of_a_named_traveller_stays_theirs(gazetteer):
    text = (
        "Li Qiang arrived in Berlin on Monday on his first trip abroad as Chinese premier. "
        "After talks the premier travelled to Munich."
    )
    trip = itinerary(text, gazetteer=gazetteer)
    assert trip.leader == "Li Qiang" and [s.place.name for s in trip.stops] == ["Berlin", "Munich"]


# -- more places that are no stops ----------------------------------------------------------------------------------
def test_an_event_named_after_a_country_is_no_stop(gazetteer):
    text = (
        "Vladimir Putin arrived in Osaka on Friday. He will open the Year of Russia in Japan and the Year of Japan "
        "in Russia with the prime minister."
    )
    assert stops(text, gazetteer) == ["Osaka"]


def test_a_place_left_out_is_no_stop(gazetteer):
    text = (
        "President Anna Berg arrived in Yerevan on Monday. All member states will attend, except for Kazakhstan, "
        "which sends its prime minister."
    )
    assert stops(text, gazetteer) == ["Yerevan"]


def test_a_recent_summit_is_another_trip(gazetteer):
    text = "President Anna Berg arrived in Vitebsk on Monday. She shared her impressions of the recent summit in Genoa."
    assert stops(text, gazetteer) == ["Vitebsk"]


def test_a_sentence_about_a_thing_does_not_carry_the_traveller(gazetteer):
    text = (
        "Vladimir Putin opened an exhibition in Amsterdam on Monday. The museum is a branch of the Hermitage "
        "in St Petersburg."
    )
    assert stops(text, gazetteer) == ["Amsterdam"]


def test_a_clause_with_its_own_subject_and_a_life_story_are_no_stops(gazetteer):
    text = (
        "President Anna Berg landed in Gabon's capital Libreville on Wednesday. Her trip comes as alarm grows in "
        "Paris over rising influence. Another 3,000 soldiers are in the Sahel region. Berg spent decades as a "
        "teacher in Peru before politics."
    )
    assert stops(text, gazetteer) == ["Libreville"]


def test_a_countrys_name_on_a_thing_a_speakers_place_and_a_home_dateline_are_no_stops(gazetteer):
    text = (
        "SEOUL, Sept. 20 (UPI) -- South Korean President Moon Jae-in landed in Nairobi after a refuelling stop at "
        "the US military base in Ramstein, Germany. He will visit Doha on Tuesday, an official from his office in "
        "Busan told reporters."
    )
    assert stops(text, gazetteer) == ["Ramstein Air Base", "Nairobi", "Doha"]


def test_a_wire_dateline_is_a_stop_only_when_its_lead_puts_the_traveller_there(gazetteer):
    assert stops("YOKOTA AIR BASE, Japan: President Joe Biden landed in Japan on Sunday.", gazetteer) == [
        "Yokota Air Base"
    ]
    leaving = "WASHINGTON - Secretary of State Antony Blinken leaves on Sunday for a tour, holding talks in Praia."
    assert stops(leaving, gazetteer) == ["Praia"]
    elsewhere = "MOSCOW (Reuters) - Vladimir Putin visited the port city of Mariupol, the Kremlin said on Sunday."
    assert "Moscow" not in stops(elsewhere, gazetteer)


def test_scare_quotes_around_a_name_are_no_speech_and_as_well_as_goes_on_with_a_list(gazetteer):
    text = (
        "Pope Francis arrived in Najaf on Saturday. Later, he will visit “Nasiriyah” in the south. In the coming "
        "days he will visit the city of Erbil, as well as Mosul."
    )
    assert stops(text, gazetteer) == ["Najaf", "Nasiriyah", "Erbil", "Mosul"]


def test_the_stop_decisions_features_are_named_by_family():
    from geomap.trip.stopcues import FAMILIES, StopCues, stop_features

    cues = StopCues(1, 0, False, "country", True, False, False, False, False, True, True, False, 2)
    features = stop_features(cues)
    assert features["kind:country"] == 1.0 and features["home:country"] == 1.0 and features["kind:stand_in"] == 1.0
    assert all(name == "bias" or name.split(":")[0] in FAMILIES for name in features)


def test_a_plan_that_did_not_happen_and_a_visit_being_prepared_are_no_stops(gazetteer):
    text = (
        "President Anna Berg arrived in Oslo on Monday. She had planned to leave for Bergen today. "
        "An aide briefed her about the preparations for her visit to Stockholm."
    )
    assert stops(text, gazetteer) == ["Oslo"]


def test_what_talks_are_on_and_an_embassys_city_are_no_stops(gazetteer):
    text = (
        "President Anna Berg arrived in Delhi on Monday. She will hold talks on a wide range of issues including "
        "trade, security and Afghanistan. She promised to move the embassy in Tel Aviv to Jerusalem."
    )
    assert stops(text, gazetteer) == ["Delhi"]


def test_later_today_dates_a_place_to_the_day_of_the_story(gazetteer):
    text = (
        "President Anna Berg is in Oslo on Wednesday. She will also travel to Bergen on Thursday. "
        "The president is going to Tromso, Norway, in the afternoon."
    )
    assert stops(text, gazetteer, date="2024-10-02") == ["Oslo", "Tromsø", "Bergen"]


def test_a_verb_that_carries_the_traveller_puts_the_traveller_there(gazetteer):
    text = (
        "President Anna Berg landed in Manila on Sunday, the last leg of a tour that has taken Berg to Tokyo and Seoul."
    )
    assert set(stops(text, gazetteer)) == {"Manila", "Tokyo", "Seoul"}


def test_a_storms_or_an_operations_name_is_no_person():
    from geomap.text.tokens import sentences
    from geomap.trip.people import find_people

    text = (
        "President Anna Berg flew to Tacloban on Monday. Super Typhoon Haiyan hit the city last year, "
        "and Hurricane Helene struck Florida. Operation Desert Storm ended long ago."
    )
    people = find_people(text, sentences(text), [])
    assert list(people) == ["anna berg"]


def test_a_countrys_capitalised_mission_is_no_stop(gazetteer):
    text = (
        "President Anna Berg arrived in Hanoi on Thursday. The trip has resulted in a sharp rebuke from the "
        "United States Embassy in Hanoi."
    )
    assert stops(text, gazetteer) == ["Hanoi"]


def test_a_trip_measured_from_an_earlier_one_is_no_stop(gazetteer):
    text = (
        "Prime Minister Anna Berg arrived in Kyiv on Friday. Her visit to Kyiv comes weeks after her trip to "
        "Moscow. The talks came eight months after their summit in Singapore."
    )
    assert stops(text, gazetteer) == ["Kyiv"]


def test_every_stop_of_a_postponed_list_is_dropped(gazetteer):
    text = (
        "President Anna Berg landed in Islamabad on Sunday. Two short stops initially planned for Monday in "
        "Indonesia and Malaysia were postponed. She then flies to Beijing."
    )
    assert stops(text, gazetteer) == ["Islamabad", "Beijing"]


def test_what_the_traveller_takes_a_stance_on_is_no_stop(gazetteer):
    text = (
        "President Anna Berg arrived in Riyadh on Tuesday. Berg, who also visited Egypt at the start of her first "
        "term, expressed disdain for US military interventions in the Middle East, particularly in Afghanistan and Iraq."
    )
    assert stops(text, gazetteer) == ["Riyadh"]


def test_a_place_in_an_after_clause_came_first(gazetteer):
    text = (
        "Prime Minister Anna Berg has arrived in Moscow for talks with the president. "
        "She has come to the Russian capital after she met with the Ukrainian president in Kyiv."
    )
    assert stops(text, gazetteer) == ["Kyiv", "Moscow"]


def test_an_undated_return_home_told_early_still_ends_the_trip(gazetteer):
    text = (
        "The UN chief toured the ruined city. Secretary-General Anna Berg flew back to New York bearing the "
        "bodies of staff killed in the quake. Berg had visited the collapsed mission in Port-au-Prince on Sunday."
    )
    assert stops(text, gazetteer, date="2010-01-18") == ["Port-au-Prince", "New York City"]


def test_a_counted_crowd_is_not_the_traveller_carried_on(gazetteer):
    text = (
        "President Anna Berg arrived in Seoul on Wednesday. On Tuesday about 150 Japanese politicians "
        "angered China by visiting a shrine in Tokyo that honours the war dead, including 14 leaders hanged for war "
        "crimes. Thousands of protesters marched in Busan."
    )
    assert stops(text, gazetteer, date="2014-04-23") == ["Seoul"]


def test_the_goal_of_a_departure_takes_no_day_from_it(gazetteer):
    text = (
        "Leader Anna Berg has left Oslo railway station on the first leg of her journey to Rome, state media said "
        "on Saturday. The overland trip will see Berg travel by special train to Berlin, where she is expected to "
        "change trains."
    )
    assert stops(text, gazetteer, date="2019-02-23") == ["Oslo", "Berlin", "Rome"]


def test_an_institutions_hyphenated_name_is_no_person():
    from geomap.text.tokens import sentences
    from geomap.trip.people import find_people

    text = (
        "Chancellor Anna Berg opened the show. Works came from the State History and Art Museum-Reserve and from "
        "the Northern Drama and Puppet Theatre-Studio, as well as from private collections."
    )
    assert list(find_people(text, sentences(text), [])) == ["anna berg"]


@pytest.mark.parametrize(
    ("headline", "place"),
    [("Trip to Turku", "Turku"), ("Working visit to Tampere", "Tampere"), ("State Visit to Lisbon", "Lisbon")],
)
def test_a_headline_naming_a_trip_and_no_one_is_the_travellers_trip(gazetteer, headline, place):
    text = (
        f"{headline}\n\nMay 4, 2011\n\n"
        "Chancellor Anna Berg inspected a new shipyard and met the staff. She later chaired a meeting on shipbuilding.\n"
    )
    assert stops(text, gazetteer) == [place]


def test_the_articles_own_date_line_is_no_day_the_story_reached(gazetteer):
    # "the same day" counts from the day the story told last (the headline's), not from the date the item was written
    text = (
        "On March 5, Anna Berg will visit Turku and Tampere\n\nMarch 3, 2016\n\n"
        "The Chancellor will open a shipyard in Turku. On the same day, Anna Berg will visit Tampere to meet students.\n"
    )
    assert stops(text, gazetteer) == ["Turku", "Tampere"]


@pytest.mark.parametrize("described", ["The Libertarian leader", "The veteran leader", "The visiting leader"])
def test_a_described_head_role_is_the_main_traveller(gazetteer, described):
    text = (
        "President Anna Berg arrived in Lisbon on Monday. On Tuesday, Berg and Prime Minister Luis Costa will sign "
        f"an accord. {described} will also give a lecture at the university before departing for Madrid."
    )
    assert stops(text, gazetteer, date="2025-06-09") == ["Lisbon", "Madrid"]


def test_arrived_from_puts_the_origin_just_before_the_arrival(gazetteer):
    text = (
        "LISBON - President Anna Berg arrived in Lisbon on Sunday for a summit. Berg arrived from Spain, where she "
        "attended a forum in Madrid and met the king."
    )
    assert stops(text, gazetteer, date="2017-11-12")[-1] == "Lisbon"


def test_the_legs_a_tour_has_taken_so_far_come_before_the_stop_of_the_day(gazetteer):
    text = (
        "LISBON - President Anna Berg arrived in Lisbon on Sunday for a summit. Portugal will be the last leg of a "
        "tour that has also taken Berg to Athens and Rome."
    )
    assert stops(text, gazetteer, date="2017-11-12") == ["Athens", "Rome", "Lisbon"]


def test_a_journeys_goal_before_is_is_no_government_acting(gazetteer):
    text = (
        "A plane took Pope Leo to Cuba from the airport of Guanajuato on Monday. The flight to eastern Santiago de "
        "Cuba is four hours."
    )
    assert stops(text, gazetteer, date="2012-03-26")[-1] == "Santiago de Cuba"


def test_others_waiting_ahead_of_the_visit_put_no_stop(gazetteer):
    text = (
        "A man walks past a poster of Prime Minister Anna Berg, ahead of the prime minister's arrival, in Porto on "
        "Friday. Berg is expected to land in Lisbon on Sunday."
    )
    assert stops(text, gazetteer, date="2019-02-17") == ["Lisbon"]
    text = "Ahead of her three-day trip to Lisbon, Porto and Madrid, Prime Minister Anna Berg said she was glad to go."
    assert stops(text, gazetteer, date="2019-02-17") == ["Lisbon", "Porto", "Madrid"]


def test_coming_back_in_a_later_month_is_another_trip_for_every_place_listed(gazetteer):
    text = (
        "Foreign Minister Anna Berg was in Lisbon on Monday (Jan. 23) for talks. She also visited Madrid on Tuesday. "
        "Berg will return to the region in February to visit Rome, Athens, Valletta and Nicosia."
    )
    assert stops(text, gazetteer, date="2023-01-25") == ["Lisbon", "Madrid"]


def test_people_of_the_place_opening_a_caption_are_not_the_traveller(gazetteer):
    text = (
        "Berg visits flood area\n\nFlood victims receive bags of rice from volunteers in Braga, Portugal.\n\n"
        "LISBON - President Anna Berg arrived in Porto on Sunday to review relief efforts."
    )
    assert stops(text, gazetteer, date="2013-11-17") == ["Porto"]


def test_what_comes_after_a_return_home_is_the_next_trip(gazetteer):
    text = (
        "President Anna Berg returned home to Lisbon on Tuesday after a four-day state visit to Japan and will leave "
        "again this weekend for Britain. On Friday she will address graduates at the academy. Then she arrives in "
        "London on Monday."
    )
    assert stops(text, gazetteer, date="2019-05-28") == ["Tokyo", "Lisbon"]


def test_a_monarch_or_pope_is_named_with_the_regnal_number_the_text_gives(gazetteer):
    from geomap.pipeline import itinerary as read

    text = "King Harald V flew to Lisbon on Monday. King Harald met the president, and the King then went to Porto."
    assert read(text, gazetteer=gazetteer).leader == "King Harald V"


def test_the_place_of_an_event_is_no_stop(gazetteer):
    text = (
        "President Anna Berg arrived in Lisbon on Monday for a two-day state visit and flew on to Madrid on Tuesday. "
        "Before the talks in Madrid, Berg expressed her sympathy in connection with the fire in Porto."
    )
    assert stops(text, gazetteer, date="2018-03-27") == ["Lisbon", "Madrid"]


def test_before_heading_on_after_a_stay_of_days_comes_after_the_stay(gazetteer):
    text = (
        "Pope Leo, who has a busy three-day itinerary in Spain starting on Thursday, before heading on to Portugal, "
        "will land in Madrid. After Madrid, he is scheduled to fly on Friday to Barcelona."
    )
    assert stops(text, gazetteer, date="2025-11-26") == ["Madrid", "Barcelona", "Lisbon"]


def test_the_final_leg_named_early_comes_last(gazetteer):
    text = (
        "Pope Leo has arrived in Lisbon for the start of a tour of four countries. The final leg of his tour is "
        "Malta, where he will meet the president. He will also travel to Madrid. The next leg of his tour will "
        "take him to Rome."
    )
    assert stops(text, gazetteer)[-1] == "Valletta"


def test_a_place_line_town_outside_the_region_it_names_is_not_that_town(gazetteer):
    # "Gorki, Moscow Region" names a village near Moscow the gazetteer does not hold, not Gorky (Nizhny Novgorod)
    text = (
        "Meeting on the harvest\n\nOctober 1, 2012, Gorki, Moscow Region\n\n"
        "President Anna Berg chaired a meeting with regional governors on the harvest.\n"
    )
    assert stops(text, gazetteer) == []


def test_only_leaving_a_place_is_no_trip(gazetteer):
    assert stops("President Anna Berg left Lisbon on Monday. She signed a decree before leaving.", gazetteer) == []
    text = "President Anna Berg left Lisbon on Monday and arrived in Madrid in the evening."
    assert stops(text, gazetteer) == ["Lisbon", "Madrid"]


def test_the_day_a_country_is_reached_is_the_day_of_its_first_town(gazetteer):
    # the country becomes context once its town is named; the day told of reaching it goes to that town
    text = (
        "President Anna Berg touched down in Portugal early on Tuesday to begin a week-long tour that includes Spain "
        "and France. A band played as she landed in the capital Lisbon."
    )
    assert stops(text, gazetteer, date="2025-05-13") == ["Lisbon", "Madrid", "Paris"]
    text = (
        "Prime Minister Ian Hale arrived in Japan on Monday for three days of talks and flew to South Korea on Thursday. "
        "In Seoul he met the president. Hale had been greeted in Osaka by the governor."
    )
    assert stops(text, gazetteer, date="2019-06-14") == ["Osaka", "Seoul"]


@pytest.mark.parametrize("stamp", ["", "date 2023-03-26 ", "Published: 26 March 2023 "])
def test_a_dateline_after_a_page_date_stamp_is_still_the_dateline(gazetteer, stamp):
    # Bernama's dateline carries its date in brackets; the reporter's city is no stop of a trip told as a preview
    text = stamp + (
        "KUALA LUMPUR (March 26): Prime Minister Anna Berg will pay a short working visit to Cambodia tomorrow. "
        "Her plane is due at the Phnom Penh International Airport in the morning."
    )
    assert stops(text, gazetteer, date="2023-03-26") == ["Phnom Penh"]
    text = stamp + "HIROSHIMA, Japan (AP) - President Anna Berg landed in Japan on Saturday for the summit."
    assert stops(text, gazetteer, date="2023-05-20") == ["Hiroshima"]


@pytest.mark.parametrize(
    "after", ["Following his Seoul talks, Hale goes on to Japan.", "After his visit to Seoul, Hale goes on to Japan."]
)
def test_a_stop_told_first_but_said_to_follow_another_comes_after_it(gazetteer, after):
    text = (
        "WELLINGTON, Jan. 23 - Prime Minister Ian Hale will travel to South Korea next week on an Asian tour that also "
        "includes Japan. Hale is due in Seoul on Sunday for two days of talks. " + after
    )
    assert stops(text, gazetteer, date="2023-01-23") == ["Seoul", "Tokyo"]


def test_left_for_a_place_after_a_visit_to_another_comes_after_it(gazetteer):
    text = "President Anna Berg flew on to Spain on Friday after her visit to Lisbon. Crowds had lined the streets."
    assert stops(text, gazetteer, date="2023-07-28") == ["Lisbon", "Madrid"]


@pytest.mark.parametrize(
    "opening",
    ["The first stop of her tour was Lisbon.", "She spent the first leg of her tour in Lisbon, with the president."],
)
def test_the_first_leg_told_last_comes_first(gazetteer, opening):
    text = (
        "President Anna Berg flew on to Spain on Friday after her visit to Paris. Crowds had lined the streets of the "
        "French capital. " + opening
    )
    assert stops(text, gazetteer, date="2023-07-28") == ["Lisbon", "Paris", "Madrid"]


def test_a_text_cut_mid_sentence_still_tells_its_last_sentence(gazetteer):
    # copies of pages often stop mid-sentence; that sentence is the body's, not a headline's
    text = (
        "President Anna Berg flew on to Spain on Friday after her visit to Paris.\n\nCrowds had lined the streets of "
        "the French capital.\n\nThe first leg of her tour was in Lisbon, where Berg told reporters that both sides "
        "would sign a"
    )
    assert stops(text, gazetteer, date="2023-07-28") == ["Lisbon", "Paris", "Madrid"]


def test_the_person_the_lead_opens_with_is_the_traveller(gazetteer):
    # a thing's title named twice ("Quiet Harbour") reads like a person's name; the lead opens with the traveller
    text = (
        "At the exhibition Quiet Harbour: Forty Years On\n\nJanuary 18, 2020, St Petersburg\n\n"
        "Vladimir Putin toured the exhibition Quiet Harbour: Forty Years On, in an old warehouse in St Petersburg.\n\n"
        "Its halls follow the port from the 1940s, through Luga and Stalingrad, to today."
    )
    assert itinerary(text, gazetteer=gazetteer).leader == "Vladimir Putin"


def test_a_role_told_before_anyone_is_named_is_the_one_person_named_without_a_title(gazetteer):
    text = (
        "The President to attend the regional summit in Dushanbe\n\n"
        "September 26, 2018\n\n"
        "On September 27-28, the President will attend a summit of regional leaders in Dushanbe, Tajikistan.\n\n"
        "Leaders are expected to adopt several agreements.\n\n"
        "Vladimir Putin will also meet Prime Minister Anna Berg of Portugal on the sidelines."
    )
    trip = itinerary(text, gazetteer=gazetteer)
    assert trip.leader == "Vladimir Putin" and [s.place.name for s in trip.stops] == ["Dushanbe"]


def test_dated_stops_weeks_away_from_the_tour_are_other_trips(gazetteer):
    text = (
        "Pope Leo will tour Algeria and Cameroon next month. First the pope will fly to Monaco for a day on March 28. "
        "He will visit Algiers on April 13 and fly on to Yaounde on April 15. Once home, he will travel to "
        "Madrid on June 6 for a week in Spain."
    )
    assert stops(text, gazetteer, date="2026-03-01") == ["Algiers", "Yaoundé"]
    # a long tour keeps its stops
    text = (
        "Pope Leo arrived in Algiers on April 1 and flew to Yaounde on April 9, ending the tour in Luanda on April 20."
    )
    assert stops(text, gazetteer, date="2026-04-20") == ["Algiers", "Yaoundé", "Luanda"]


@pytest.mark.parametrize(
    "other",
    [
        "The emperor flew to Britain last September for a coronation.",
        "They will visit Britain next spring.",
        "Earlier, in May 2019, on a trip to Britain, the emperor opened a garden.",
    ],
)
def test_a_trip_in_another_month_or_season_is_no_stop(gazetteer, other):
    text = "Emperor Naruhito arrived in Jakarta on Saturday for a state visit with the empress. " + other
    assert stops(text, gazetteer, date="2023-06-19") == ["Jakarta"]


@pytest.mark.parametrize("where", ["a lakeside city west of Shanghai", "100 km west of Shanghai", "near Shanghai"])
def test_a_place_that_only_locates_another_is_no_stop(gazetteer, where):
    text = f"Prime Minister Ian Hale visited Suzhou, {where}, on Friday and flew to Beijing on Saturday."
    assert stops(text, gazetteer, date="2014-11-09") == ["Suzhou", "Beijing"]


@pytest.mark.parametrize(
    "source", ["according to Portugal's Foreign Ministry", "as reported by Portugal's state radio"]
)
def test_who_reports_a_visit_is_no_stop(gazetteer, source):
    text = f"LISBON - Foreign Minister Anna Berg reached Havana on Friday for talks with her counterpart, {source}."
    assert stops(text, gazetteer, date="2020-11-06") == ["Havana"]


@pytest.mark.parametrize("then", ["during which he held talks", "while his aides stayed on", "amid protests"])
def test_a_country_with_the_followed_by_a_clause_word_is_still_a_place(gazetteer, then):
    # "the Maldives during ..." is no "Maldives summit": the word after the name does not make it an attribute
    text = f"Foreign Minister Ian Hale landed in Colombo on Sunday after ending his visit to the Maldives {then}."
    assert stops(text, gazetteer, date="2022-03-28") == ["Male", "Colombo"]


def test_a_dated_first_stop_comes_before_the_list_told_ahead_of_it(gazetteer):
    text = (
        "President Anna Berg sets off on Sunday on a short Gulf tour. Her tour includes Saudi Arabia, Kuwait and "
        "Qatar. Her first stop will be Jeddah on Sunday, where she will meet the king. "
        "Berg then goes on to Kuwait and later Qatar."
    )
    assert stops(text, gazetteer, date="2017-07-21") == ["Jeddah", "Kuwait City", "Doha"]


@pytest.mark.parametrize(
    "listed, want",
    [
        ("Angola, Gabon and the neighbouring Democratic Republic of Congo", ["Luanda", "Libreville", "Kinshasa"]),
        ("Angola, where she will visit the capital Luanda and the busy port Lobito", ["Luanda", "Lobito"]),
    ],
)
def test_list_items_with_a_describing_word_stay_in_the_list(gazetteer, listed, want):
    text = f"President Anna Berg landed in Lisbon on Wednesday and will later head to {listed}."
    assert stops(text, gazetteer, date="2023-03-01") == ["Lisbon"] + want


def test_a_page_stamp_run_into_a_plan_is_not_the_plans_day(gazetteer):
    text = (
        "date 2020-10-20 Foreign Minister Anna Berg will travel to Sri Lanka and the Maldives before the month is out."
        "\n\nBerg is due for talks in Colombo on October 28, her office said. Her office said Berg would stop in "
        "the Maldives on the same day."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2020-10-20")
    assert [s.place.name for s in trip.stops] == ["Colombo", "Male"] and trip.stops[0].when == "2020-10-28"
    # a lead that reports keeps the stamp's day: the day's news
    text = "date 2018-07-23 Xi Jinping was greeted at Kigali airport by a band.\n\nXi opened his tour in Dakar on Saturday."
    assert stops(text, gazetteer, date="2018-07-23") == ["Dakar", "Kigali International Airport"]


def test_a_time_opening_the_sentence_frames_its_later_clauses(gazetteer):
    text = (
        "June 6, 2019, St Petersburg\n\nVladimir Putin attended a ceremony at the university.\n\n"
        "Earlier, in May 2017, on a trip to China, Vladimir Putin planted a tree at Tsinghua University in Beijing."
    )
    assert stops(text, gazetteer, date="2019-06-06") == ["Saint Petersburg"]


@pytest.mark.parametrize("way", ["On his way from Vladivostok to Moscow", "On the way back to Moscow"])
def test_a_stop_made_on_the_way_comes_before_the_ways_end(gazetteer, way):
    text = (
        f"September 6, 2019, Khabarovsk\n\n{way}, Vladimir Putin stopped over in Khabarovsk to open a new terminal "
        "at its airport."
    )
    got = stops(text, gazetteer, date="2019-09-06")
    assert got.index("Khabarovsk") < got.index("Moscow")


def test_no_visit_to_a_place_is_no_stop(gazetteer):
    text = (
        "Queen Mary will visit Berlin on Wednesday and Leipzig on Thursday. There will be no visit to Gotha this "
        "time, a palace spokesman said."
    )
    assert stops(text, gazetteer, date="2015-06-22") == ["Berlin", "Leipzig"]


@pytest.mark.parametrize("first, second", [("Wednesday", "Leipzig on Thursday"), ("June 24", "Leipzig on June 25")])
def test_a_list_item_after_another_items_day_is_still_a_stop(gazetteer, first, second):
    text = f"Queen Mary will visit Berlin on {first} and {second}."
    assert stops(text, gazetteer, date="2015-06-22") == ["Berlin", "Leipzig"]


@pytest.mark.parametrize(
    "told, want",
    [
        (
            "Pope Francis was the last pontiff to tour Kenya. Day four sends Pope Leo east to Kenya, where he will "
            "visit Nairobi and Mombasa.",
            ["Nairobi", "Mombasa"],
        ),
        (
            "King Harald hosted the last such tour in 2019. Her programme then moves Queen Mary north to Norway, "
            "where she will visit Bergen.",
            ["Bergen"],
        ),
    ],
)
def test_he_after_where_is_the_person_the_sentence_carried_there(gazetteer, told, want):
    """With no person as the sentence's subject ("the last leg takes X to ..."), "where he" is X, not the last
    sentence's subject."""
    trip = itinerary(told, gazetteer=gazetteer, date="2026-05-01")
    assert trip.leader in ("Pope Leo", "Queen Mary") and [s.place.name for s in trip.stops] == want


@pytest.mark.parametrize(
    "listed, want",
    [
        ("the port of Setubal and the northern city of Porto", ["Setúbal", "Porto"]),
        (
            "the capital Lisbon, the port city Setubal, and the old university town of Coimbra in the centre",
            ["Lisbon", "Setúbal", "Coimbra"],
        ),
    ],
)
def test_each_list_item_may_have_its_own_description(gazetteer, listed, want):
    """The words that describe one item ("the northern city of") do not count against the next item's."""
    text = f"Queen Mary will tour Portugal in May. From May 3-5 she will visit {listed}."
    assert stops(text, gazetteer, date="2026-04-01") == want


def test_a_lead_ahead_of_a_trip_does_not_give_the_page_stamps_day(gazetteer):
    """ "Ahead of her trip to ..., the minister said": the trip is still to come, whatever the verb's tense."""
    text = (
        "date 2022-05-01 Ahead of her Nordic tour to Denmark, Norway and Finland, Prime Minister Anna Berg told "
        "reporters that energy prices top her agenda.\n\nBerg lands in Oslo on May 3; Copenhagen follows on May 4."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2022-05-01")
    assert {s.place.name: s.when for s in trip.stops}["Helsinki"] is None


def test_she_in_the_next_sentence_is_the_main_person_met_by_a_host(gazetteer):
    """ "The governor met with Ruiz at the base. On Sunday she flew on": the story follows its traveller, told as
    the object of a host's meeting, not the host."""
    text = (
        "President Ana Ruiz arrived in Chetumal on Saturday. Ruiz toured the port. Governor Jorge Leal greeted Ruiz "
        "outside the harbour office. On Sunday she flew on to Merida."
    )
    assert stops(text, gazetteer, date="2024-03-24") == ["Chetumal", "Mérida"]


@pytest.mark.parametrize("line", ["two new Maya Train stations", "the new Pacific Highway"])
def test_a_railway_or_a_road_is_no_person(gazetteer, line):
    """A capitalised run ending in a line's word ("Maya Train", "Pacific Highway") names no person who could be the
    actor of the sentence's journey."""
    text = (
        "President Ana Ruiz arrived in Chetumal on Saturday. She met the governor on Sunday. After lunch she "
        f"inspected {line} before returning to Mexico City."
    )
    assert stops(text, gazetteer, date="2024-03-24") == ["Chetumal", "Mexico City"]


@pytest.mark.parametrize("dateline", ["Puerto Zelan, Q.R. —", "Villa Serena —"])
def test_a_place_on_a_dateline_the_gazetteer_does_not_know_is_no_person(gazetteer, dateline):
    """A two-word name opening the first line before a dateline's dash is the reporter's place, not a traveller who
    could take the story (or stand for "Zelan" later on)."""
    name = dateline.split()[1].strip(",")
    text = (
        f"{dateline} President Ana Ruiz paid a visit to Chetumal on Saturday.\n\nShe met the governor on Sunday. "
        f"After lunch she inspected the {name} marina before returning to Mexico City."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2024-03-24")
    assert trip.leader == "Ana Ruiz" and [s.place.name for s in trip.stops] == ["Chetumal", "Mexico City"]


@pytest.mark.parametrize(
    "plans",
    [
        "opens her tour in Norway on Tuesday, a spokesman said on Monday. She will then go on to Stockholm "
        "for talks starting June 21.",
        "is to fly to Norway on Tuesday. Berg will go on to Stockholm on June 19 for two days of talks.",
    ],
)
def test_an_undated_preview_is_told_just_before_its_first_planned_day(gazetteer, plans):
    """Without the article's date, a preview that dates only its plans is read from the day before them: "June 19"
    and "Tuesday" are days of one trip, not half a year apart."""
    text = f"Foreign Minister Anna Berg {plans}"
    assert stops(text, gazetteer) == ["Oslo", "Stockholm"]


@pytest.mark.parametrize(
    "role, title, name",
    [
        ("President", "President of Russia Vladimir Putin:", "Vladimir Putin"),
        ("Chancellor", "Federal Chancellor Olaf Scholz:", "Olaf Scholz"),
    ],
)
def test_a_role_told_first_is_the_one_person_later_written_with_it(gazetteer, role, title, name):
    """ "the President met with veterans ... residents A and B ... President of Russia Vladimir Putin: ...": several
    people are named without a title, so the role is the one person the text writes with it."""
    text = (
        f"Opening of a school\n\nMarch 3, 2021, Kazan\n\nThe {role} opened a new school and talked to its "
        "teachers. Two pupils, Anna Petrova and Ivan Sokolov, showed the guests round.\n\n* * *\n\n"
        f"{title} Dear teachers, thank you."
    )
    assert itinerary(text, gazetteer=gazetteer, date="2021-03-03").leader == name


def test_the_royals_are_the_storys_royal_pair_not_their_host(gazetteer):
    """ "The royals' visit", after a sentence whose subject was the host: the royal pair, not the host."""
    text = (
        "Queen Mary of Norland and her husband reached Lisbon on Monday. President Rui Costa spoke warmly of the "
        "bond between the two nations. The royals go on to Porto on Thursday."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2016-01-26")
    assert trip.leader == "Queen Mary" and [s.place.name for s in trip.stops] == ["Lisbon", "Porto"]


@pytest.mark.parametrize(
    "plan",
    [
        "He was originally meant to tour the market in San Antonio, but organisers moved the event indoors.",
        "He was to fly on to San Antonio on Sunday but the stop was dropped.",
    ],
)
def test_a_plan_told_as_overtaken_is_no_stop(gazetteer, plan):
    text = f"Prince Carl landed in Belize City on Saturday. {plan}"
    assert stops(text, gazetteer, date="2022-03-19") == ["Belize City"]


def test_places_after_a_countrys_trip_come_after_all_its_stops(gazetteer):
    """ "goes on to Jamaica and Haiti following his Belize visit": every item of the list, after the last stop in
    Belize, told later or not."""
    text = (
        "Prince Carl landed in Belize City on Saturday. The prince goes on to Jamaica and Haiti following his Belize "
        "visit. On Monday he will tour San Ignacio."
    )
    assert stops(text, gazetteer, date="2022-03-19") == ["Belize City", "San Ignacio", "Kingston", "Port-au-Prince"]


def test_a_way_home_that_slipped_is_still_made(gazetteer):
    text = (
        "Prime Minister Anna Berg left Oslo on Tuesday. She was due to fly home to Lisbon on Sunday, but the plane "
        "broke down."
    )
    assert stops(text, gazetteer, date="2023-09-12")[-1] == "Lisbon"


@pytest.mark.parametrize("arrived", ["arrived Manila late on Tuesday", "arrives Manila on Tuesday"])
def test_arrive_with_no_preposition_is_arrive_in(gazetteer, arrived):
    """ "arrived Manila" (arrive with no preposition, as some English writes it) is an arrival."""
    text = f"Queen Mary of Norland {arrived}, opening a week of talks. She will go on to Cebu on Friday."
    assert stops(text, gazetteer, date="2016-01-26") == ["Manila", "Cebu City"]


@pytest.mark.parametrize("clock", ["2:40 pm", "14:40"])
def test_a_clock_time_between_the_traveller_and_the_verb_breaks_no_clause(gazetteer, clock):
    """ "X and his wife Y, at 14:40 local time, landed in Manila": a clock's colon is no clause break, so the pair
    arrive together and the story's first-named person is the traveller."""
    text = (
        f"King Olav of Norland and his wife Queen Sonja, at {clock} local time, landed in Manila after a long flight."
    )
    trip = itinerary(text, gazetteer=gazetteer, date="2016-01-26")
    assert trip.leader == "King Olav" and [s.place.name for s in trip.stops] == ["Manila"]


@pytest.mark.parametrize(
    "told, want",
    [
        ("toured Ghana for two days at the start of her West Africa swing and later Togo", ["Accra", "Lomé"]),
        ("toured Kenya on a three-day state visit and then Uganda", ["Nairobi", "Kampala"]),
    ],
)
def test_a_verb_of_visit_takes_a_place_added_with_and_later(gazetteer, told, want):
    """ "visited A for ... and later B": B is the verb's object too, after what the first object's phrase says."""
    assert stops(f"On Jan. 26, President Anna Berg {told}.", gazetteer, date="2020-01-26") == want


@pytest.mark.parametrize("stamps", [("2234", "2230", "1405"), ("10:34pm", "10:30pm", "2:05pm")])
def test_a_live_pages_entries_are_ordered_by_their_clock_times(gazetteer, stamps):
    """A live page runs newest first: the entries' clock times, not the telling, order the day's stops."""
    late, evening, afternoon = stamps
    text = (
        f"Live: Queen Mary in Norway\n\n{late} That is all from us tonight; the Queen is now resting.\n\n"
        f"{evening} She ended the day with a concert in Drammen.\n\n{afternoon} Queen Mary arrived in Bergen this "
        "afternoon."
    )
    got = stops(text, gazetteer, date="2015-06-22")
    assert got.index("Bergen") < got.index("Drammen")


@pytest.mark.parametrize(
    "told, want",
    [
        ("He also visited the railway station Esto-Sadok.", "Estosadok"),
        ("He then toured the mountain resort Krasnaya Polyana.", "Krasnaya Polyana"),
    ],
)
def test_a_kind_of_place_named_before_its_name_is_an_apposition(gazetteer, told, want):
    """ "the railway station X", "the mountain resort X": the noun and its describing word restate the place."""
    text = f"President Jon Berg arrived in Sochi on Monday. {told}"
    assert stops(text, gazetteer, date="2013-06-03") == ["Sochi", want]


@pytest.mark.parametrize(
    "told, want",
    [
        (
            "President Anna Berg was seen boarding a ferry bound for Oslo. Her trip to Norway comes only hours after "
            "her lunch with the Swedish king in Stockholm.",
            ["Stockholm", "Oslo"],
        ),
        (
            "Chancellor Jon Berg rode an overnight train towards Kyiv, officials said. The journey to Ukraine comes "
            "only hours after his speech at a forum in Warsaw.",
            ["Warsaw", "Kyiv"],
        ),
    ],
)
def test_what_a_visit_comes_hours_after_comes_before_it(gazetteer, told, want):
    """ "The trip to X comes only hours after his speech in Y": Y comes just before the stop of the visit to X, told
    earlier in the article and in another tense."""
    assert stops(told, gazetteer, date="2023-03-21") == want


@pytest.mark.parametrize(
    "name, role, own",
    [("Anna Berg", "NATO secretary-general", "her"), ("Jon Berg", "IMF chairman", "his")],
)
def test_a_role_told_between_commas_after_the_name_is_the_persons(gazetteer, name, role, own):
    """ "Anna Berg, the NATO secretary-general, landed ...": "the NATO secretary-general" later is Berg, whoever was
    named in between."""
    pronoun = "she" if own == "her" else "he"
    text = (
        f"{name}, the {role}, landed in Oslo on Monday. Prime Minister Olav Lie said Norway stood ready. The {role}, "
        f"who thanked {own} hosts and said {pronoun} would return soon, then flew on to Bergen."
    )
    assert stops(text, gazetteer, date="2012-04-30") == ["Oslo", "Bergen"]


@pytest.mark.parametrize(
    "spouse",
    ["first lady Maria Lind", "his wife, Maria Lind,", "First Lady Maria Lind"],
)
def test_a_spouse_with_the_surname_is_not_the_titled_traveller(gazetteer, spouse):
    """ "President Lind ... joined by first lady Maria Lind": the bare surname is the president, who travels; the
    spouse's full name does not swallow it (a wrong traveller's name would head the map)."""
    text = (
        "President Lind landed in Havana on Sunday, where he was met by the foreign minister. "
        f"Lind was joined by {spouse} and their sons. On Monday Lind flew on to Santiago."
    )
    trip = itinerary(text, date="2026-03-03")
    assert trip.leader == "Lind"
    assert [s.place.name for s in trip.stops] == ["Havana", "Santiago"]


@pytest.mark.parametrize(
    "text, traveller",
    [
        (
            "President Anna Berg laid a wreath at the naval memorial\n\nMay 9, 2011, Tallinn\n\nThe anthems of both "
            "countries were played at the start. Mayor Jon Lind, who led the ceremony, spoke of the sailors lost at "
            "sea. Lind said the city honoured them. Lind thanked the guests. Berg signed the memorial book.",
            "Anna Berg",
        ),
        (
            "Prime Minister Tomas Ek opened the new bridge\n\nJune 9, 2015, Kaunas\n\nThe bridge over the river took "
            "four years to build. Mayor Ona Vaitkute, who chairs the city's works board, thanked the builders. "
            "Vaitkute said the city had waited for decades. Vaitkute cut the ribbon with the guest. Ek praised the "
            "builders.",
            "Tomas Ek",
        ),
    ],
)
def test_a_headline_opening_with_a_person_names_the_traveller_when_the_body_does_not(gazetteer, text, traveller):
    """A headline puts its main actor first; when the body's first sentence opens with something else (the
    ceremony, the bridge), the host who speaks most is not the traveller."""
    assert itinerary(text, date=None).leader == traveller


def test_a_guest_described_between_commas_is_still_the_visitor(gazetteer):
    """ "Jon Lind, the leader of the Farmers' Party, who is in Oslo on a three-day visit": the apposition between the
    name and "who is in ... on a visit" does not hide the visitor from a host named more often."""
    text = (
        "President Anna Berg met with Jon Lind, the leader of the Farmers' Party, who is in Oslo on a three-day visit"
        "\n\nMay 3, 2011, Oslo\n\nPresident Berg opened the talks by saying ties were strong. Ms Berg thanked Mr Lind "
        "for his party's support. Berg also spoke of trade. Later Berg met students, and Berg answered their questions."
    )
    trip = itinerary(text, date=None)
    assert trip.leader == "Jon Lind"
    assert [s.place.name for s in trip.stops] == ["Oslo"]


@pytest.mark.parametrize(
    "quote",
    [
        "“President @TomasEkLT departs Vilnius for Sochi to attend the summit on trade.”",
        "“President Ek leaves Vilnius today for Sochi, where he attends the summit on trade.”",
    ],
)
def test_a_quoted_line_telling_the_travellers_move_is_a_report(gazetteer, quote):
    """An aide's tweet or a ministry's line in quotation marks that opens with the traveller and tells the move
    ("President @TomasEkLT departs Vilnius for Sochi ...") reports the trip; a handle holding the surname is the
    traveller, not another person."""
    text = (
        "President Tomas Ek on Monday left for a three-day summit on trade.\n\n"
        f"His spokesman wrote on Twitter, {quote}\n\nEk is joined by two ministers."
    )
    trip = itinerary(text, date="2019-10-21")
    assert trip.leader == "Tomas Ek"
    assert [s.place.name for s in trip.stops] == ["Vilnius", "Sochi"]


def test_a_quoted_speaker_naming_a_place_still_speaks_of_it(gazetteer):
    """The exception above is narrow: a quote in which the traveller speaks of a place is not a report of a visit."""
    text = (
        "President Tomas Ek arrived in Riga on Monday.\n\n“I remember my first visit to Oslo as a student,” Ek told "
        "reporters. “President Ek will never forget Bergen,” his aide added."
    )
    assert stops(text, gazetteer, date="2019-10-21") == ["Riga"]
