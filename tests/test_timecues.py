import datetime as dt
import operator

import pytest

from geomap.text.tokens import sentences
from geomap.trip.timecues import part_of_day, reference_day, tense_of, time_cue

MONDAY = dt.date(2023, 2, 20)


@pytest.mark.parametrize(
    "sentence, day",
    [
        ("He arrived the day before.", -1),
        ("She will fly on tomorrow.", 1),
        ("He landed on Sunday morning.", -1),
        ("He will meet Duda on Tuesday.", 1),
        ("The talks on 22 February went well.", 2),
        ("Talks began Feb. 18.", -2),
        ("He left last week.", -7),
        ("The summit opened 2023-02-21.", 1),
        ("He flew in last night.", -1),
        ("He spent the last night of the trip in Paris.", None),
    ],
)
def test_day_offsets_from_the_article_date(sentence, day):
    assert time_cue(sentence, today=MONDAY).day == day


def test_weekday_without_article_date_has_no_offset_but_keeps_its_words():
    cue = time_cue("He arrived on Wednesday.")
    assert cue.day is None and cue.text == "Wednesday"


@pytest.mark.parametrize(
    "sentence, tense",
    [
        ("He will then travel to Omsk.", "future"),
        ("He is expected to visit Omsk.", "future"),
        ("He had flown to Omsk.", "past"),
        ("He arrived in Omsk.", "past"),
        ("He is in Omsk.", "present"),
        ("Biden to visit storm-hit towns in Florida, Georgia", "future"),
        ("Pope Leo to travel to Lebanon", "future"),
        ("Despite being scheduled to travel home, he flew to Omsk.", "past"),
        ("He wanted to visit Omsk.", "past"),
    ],
)
def test_tense(sentence, tense):
    assert tense_of(sentence) == tense


@pytest.mark.parametrize(
    "sentence, order", [("He then flew to Omsk.", 1), ("Earlier, he was in Omsk.", -1), ("He is in Omsk.", 0)]
)
def test_sequence_words(sentence, order):
    assert time_cue(sentence).order == order


def test_a_date_without_a_year_takes_a_year_that_agrees_with_the_weekdays():
    text = "HANOI, June 20 - The president wrapped up his tour on Thursday. He had landed late on Wednesday, June 19."
    day = reference_day(sentences(text))
    assert (day.month, day.day) == (6, 20) and day.strftime("%A") == "Thursday"
    assert reference_day(sentences("The summit opened on 3 March 2021.")) == dt.date(2021, 3, 3)


def test_a_preview_is_told_before_its_first_day():
    text = (
        "The president will leave on Thursday for the summit, the White House said. "
        "After the summit ends on Sunday, he will fly to Hanoi."
    )
    assert reference_day(sentences(text)).strftime("%A") == "Wednesday"


def test_the_day_a_trip_began_is_not_the_day_it_is_told_from():
    text = (
        "He began a week-long visit on Sunday at a plant. On Tuesday he spoke in New York, and on Wednesday "
        "he addressed the assembly. On Thursday he was in Washington, and on Friday he met Trump."
    )
    assert reference_day(sentences(text)).strftime("%A") == "Friday"


def test_is_due_back_is_a_plan():
    assert tense_of("He is due back in Israel on Saturday.") == "future"
    assert tense_of("He is due in Paris on Monday.") == "future"


def test_the_final_stop_is_the_day_the_story_is_told_from():
    text = (
        "He arrived in Moscow on Tuesday, the final stop of a tour. His itinerary so far:\n"
        "- Wednesday: Paris\n- Thursday: Rome\n- Saturday: Munich\n- Monday: Budapest"
    )
    assert reference_day(sentences(text)).strftime("%A") == "Tuesday"


def test_a_date_with_its_year_past_a_comma_and_the_weekdays_after_it():
    text = (
        "On Tuesday, December 20, 2022, he was in Bakhmut. He landed in Washington on Wednesday. "
        "He met Duda in Rzeszow on Thursday."
    )
    assert reference_day(sentences(text)) == dt.date(2022, 12, 22)


def test_a_name_ending_in_ed_is_no_past_tense():
    assert tense_of("On Saturday he heads to Addis Ababa for talks with Abiy Ahmed.") == "present"
    assert tense_of("He toured the port.") == "past"


# Where in its day an event falls, from the words around the day: each case names what it checks.
PARTS_OF_DAY_CASES = [
    pytest.param("He arrived in Budapest on Wednesday night.", "Wednesday", ">", 0, id="night-after-the-day"),
    pytest.param("On Monday morning he flew out.", "Monday", "<", 0, id="morning-before-the-day"),
    pytest.param("He met Vucic on Wednesday, a day after the anniversary.", "Wednesday", "==", 0, id="no-part-named"),
    pytest.param("He flew from there to Ulaanbaatar late on Monday.", "Monday", ">", 0, id="late-on"),
    pytest.param("Early on Friday the convoy left.", "Friday", "<", 0, id="early-on"),
    pytest.param(
        "Monday 20 February, 08:00 - Biden arrives in Kyiv.", "20 February", "<", 0, id="live-blog-morning-clock"
    ),
    pytest.param(
        "Monday 20 February, 22:00 - Biden reaches Warsaw.", "20 February", ">", 0.3, id="live-blog-night-clock"
    ),
]


@pytest.mark.parametrize("sentence, said, relation, bound", PARTS_OF_DAY_CASES)
def test_the_part_of_the_day_places_an_event_within_its_day(sentence, said, relation, bound):
    compare = {">": operator.gt, "<": operator.lt, "==": operator.eq}[relation]
    assert compare(part_of_day(sentence, said), bound)
