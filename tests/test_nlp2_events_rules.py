"""Event boundaries, event classes and dates (area nlp2_events), on hand-built sentences.

Each case names the general rule of news English it pins: paragraph breaks end sentences, a report
with its own date or place is its own event, anaphoric dates hang on the event named before them,
irrealis and habitual clauses are not events, compounds are not triggers, and spaCy's own
multiprocessing works. The model and the gazetteer are loaded once per session.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kg.article import Article, Paragraph
from kg.nlp.timex import is_anaphoric, resolve_time_expression
from tests.conftest import article_from_text

PUBLISHED = dt.date(2024, 1, 12)  # a Friday


# ---------------------------------------------------------------------------- fast: no model


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("on Christmas Day", dt.date(2024, 1, 12), "2023-12-25"),
        ("Christmas Eve", dt.date(2023, 12, 30), "2023-12-24"),
        ("New Year's Eve", dt.date(2024, 1, 12), "2023-12-31"),
        ("New Year's Day", dt.date(2024, 1, 12), "2024-01-01"),
        ("during Nowruz", dt.date(2023, 4, 2), "2023-03-21"),
        ("on Eid al-Fitr", dt.date(2023, 5, 1), "2023-04-21"),
        ("Eid al-Adha 2022", dt.date(2024, 1, 12), "2022-07-09"),
    ],
)
def test_holidays_resolve_to_their_day(text: str, anchor: dt.date, expected: str) -> None:
    value = resolve_time_expression(text, anchor=anchor)
    assert value is not None and value.iso() == expected


@pytest.mark.parametrize(
    ("text", "anchor", "expected"),
    [
        ("minutes later", dt.date(2023, 11, 21), "2023-11-21"),
        ("Hours after", dt.date(2023, 12, 25), "2023-12-25"),
        ("early the next morning", dt.date(2023, 11, 21), "2023-11-22"),
        ("the following evening", dt.date(2023, 11, 21), "2023-11-22"),
        ("a day later", dt.date(2024, 1, 4), "2024-01-05"),
        ("two days earlier", dt.date(2024, 1, 4), "2024-01-02"),
    ],
)
def test_anaphoric_expressions_move_from_their_anchor(text: str, anchor: dt.date, expected: str) -> None:
    assert is_anaphoric(text)
    value = resolve_time_expression(text, anchor=anchor, direction="nearest")
    assert value is not None and value.iso() == expected


def test_holidays_are_not_anaphoric() -> None:
    assert not is_anaphoric("Christmas Day") and not is_anaphoric("two days ago")


def test_sentence_hints_on_a_blank_pipeline() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("conflict_sentences")
    doc = nlp("Drone hits base\n\nAn MQ-9 Reaper struck at 3 p.m. on Friday. It left.\n13:05 - More blasts")
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Drone", "An", "More"] or starts == ["Drone", "An", "13:05"]
    reaper = next(t for t in doc if t.text == "Reaper")
    on = next(t for t in doc if t.text == "on")
    assert reaper.is_sent_start is False and on.is_sent_start is False


# ---------------------------------------------------------------------------- with the model


def make_article(text: str, *, published: dt.date = PUBLISHED) -> Article:
    return article_from_text(text, published=published)


def events_of(nlp: Any, gazetteer: Any, text: str, **kwargs: Any) -> list[dict]:
    from rdflib import Graph

    from kg.events import event_records
    from kg.extract import extract
    from kg.nlp import make_doc

    article = make_article(text, **kwargs)
    graph = extract(nlp(make_doc(nlp, article)), article, gazetteer=gazetteer)
    union = Graph()
    union += graph
    union += gazetteer.graph
    return event_records(union)


def summary(events: list[dict]) -> list[tuple[str, str | None]]:
    return sorted((e["class"], e["date"]) for e in events)


def place_label(event: dict) -> str | None:
    return event["place"]["label"] if event.get("place") else None


@pytest.mark.slow
def test_a_paragraph_break_ends_a_headline(nlp: Any) -> None:
    from kg.nlp import make_doc

    article = make_article(
        "Rockets strike Erbil base\n\nThree rockets hit the base on Tuesday, officials said."
    )
    doc = nlp(make_doc(nlp, article))
    assert [s.text.strip() for s in doc.sents] == [
        "Rockets strike Erbil base",
        "Three rockets hit the base on Tuesday, officials said.",
    ]


@pytest.mark.slow
def test_no_sentence_break_after_a_designator_or_before_a_lower_case_word(nlp: Any) -> None:
    from kg.nlp import make_doc

    article = make_article("Early the next morning, F-15E Strike Eagles hit two depots at 2 a.m. on Sunday.")
    doc = nlp(make_doc(nlp, article))
    assert len(list(doc.sents)) == 1


@pytest.mark.slow
def test_the_headline_joins_the_lead_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Drone strike kills two in Baghdad\n\n"
        "A drone struck a car on Palestine Street in eastern Baghdad on Thursday, killing two men."
    )
    events = events_of(nlp, gazetteer, text)
    assert summary(events) == [("DroneStrike", "2024-01-11")]


@pytest.mark.slow
def test_reports_with_their_own_dates_are_separate_events(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A drone hit a militia headquarters in Baghdad on Jan. 4, killing two commanders.\n\n"
        "The last such attack came on Christmas Day, when a drone hit Erbil air base and wounded three "
        "soldiers."
    )
    events = events_of(nlp, gazetteer, text)
    assert summary(events) == [("DroneStrike", "2023-12-25"), ("DroneStrike", "2024-01-04")]


@pytest.mark.slow
def test_anaphoric_dates_hang_on_the_event_before_them(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Militants fired a ballistic missile at Ain al-Asad air base on Nov. 21, wounding eight people.\n\n"
        "Early the next morning, US jets struck two militia depots near Jurf al-Sakhar, killing six fighters."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 12, 4))
    assert summary(events) == [("AirStrike", "2023-11-22"), ("MissileAttack", "2023-11-21")]


@pytest.mark.slow
def test_an_event_dated_after_publication_is_dropped(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The foreign minister met the prime minister in Baghdad on Tuesday. "
        "He will meet the president on 20 January."
    )
    events = events_of(nlp, gazetteer, text)
    assert all(e["date"] <= PUBLISHED.isoformat() for e in events)


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "His security forces usually announce investigations and occasionally arrest suspects.",
        "The minister said Iraq would not allow its soil to be used to attack its neighbours.",
        "The group is the state-sanctioned umbrella of several armed factions.",
        "Officials said the attack helicopter was grounded for repairs.",
        "The number of people killed since the clashes began on August 27 has risen to 96.",
        "The outpost lies near the point where the borders of Jordan, Syria and Iraq meet.",
    ],
)
def test_non_events(nlp: Any, gazetteer: Any, text: str) -> None:
    assert events_of(nlp, gazetteer, text) == []


@pytest.mark.slow
def test_the_first_attack_since_is_one_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Mortar rounds were fired at the embassy in Baghdad on Friday, the first attack on it since October."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 12, 9))
    assert [e["date"] for e in events] == ["2023-12-08"]


@pytest.mark.slow
def test_a_main_clause_and_its_after_clause_are_two_events(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Warplanes pounded militant positions in northern Iraq on Saturday after nine soldiers were killed "
        "at a base near Metina."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 14))
    assert len(events) == 2
    strike = next(e for e in events if e["class"] == "AirStrike")
    assert strike["date"] == "2024-01-13"


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Gunmen infiltrated an army post near Tarmiyah on Tuesday.",
        "Fighters stormed a police checkpoint near Kirkuk on Tuesday.",
        "Jets pounded militant positions near Sinjar on Tuesday.",
    ],
)
def test_violent_verbs_are_triggers(nlp: Any, gazetteer: Any, text: str) -> None:
    events = events_of(nlp, gazetteer, text)
    assert len(events) == 1 and events[0]["date"] == "2024-01-09"


@pytest.mark.slow
def test_pipe_with_two_processes_keeps_dates_and_numbers(nlp: Any) -> None:
    from kg.nlp import make_doc

    texts = (
        "Rockets hit the base on Friday, killing two soldiers.",
        "A drone struck a convoy near Kirkuk on 3 December 2023, wounding four people.",
    )
    docs = [
        make_doc(
            nlp, Article(id=f"{n:016x}", text=t, paragraphs=(Paragraph(0, len(t)),), published=PUBLISHED)
        )
        for n, t in enumerate(texts)
    ]

    def plain(doc: Any) -> tuple[list, list]:
        return (
            [(s.text, s._.date_value) for s in doc.spans["timex"]],
            [s._.quantity for s in doc.spans["quantities"]],
        )

    single = [plain(d) for d in nlp.pipe(docs)]
    multi = [plain(d) for d in nlp.pipe(docs, n_process=2, batch_size=1)]
    assert multi == single
    assert single[0][0][0][1].date == dt.date(2024, 1, 12)
    assert single[1][0][0][1].date == dt.date(2023, 12, 3)
    assert [q.value for q in single[0][1]] == [2] and [q.value for q in single[1][1]] == [4]


@pytest.mark.slow
def test_a_report_dated_after_another_event_is_a_new_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Turkish jets bombed militant positions in northern Iraq on Friday night.\n\n"
        "Hours after the air raids, a Turkish drone struck a car near Sinjar, killing two fighters."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 14))
    assert len(events) == 2
    drone = next(e for e in events if e["class"] == "DroneStrike")
    assert drone["place"]["label"] == "Sinjar" and drone["fatalities"] == 2


@pytest.mark.slow
def test_an_airstrike_told_after_the_attack_it_answers_joins_the_airstrike(nlp: Any, gazetteer: Any) -> None:
    text = (
        "US jets struck militia sites in Iraq and Syria on Sunday in retaliation for a rocket attack that "
        "killed a contractor near Kirkuk.\n\n"
        "The jets struck three facilities of Kataib Hezbollah in western Iraq, the Pentagon said.\n\n"
        "On Friday, more than 30 rockets were fired at the K1 base in Kirkuk province."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2019, 12, 30))
    strike = next(e for e in events if e["class"] == "AirStrike")
    assert "Kataib Hezbollah" in [t["label"] for t in strike["targets"]]
    rockets = [e for e in events if e["class"] == "RocketAttack"]
    assert [e["date"] for e in rockets] == ["2019-12-27"]


@pytest.mark.slow
def test_an_attack_in_an_after_clause_does_not_take_the_main_clauses_day(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The toll from the US strikes in eastern Syria rose to 19 on Saturday, a monitor said, after a drone "
        "attack blamed on Iran killed a contractor at a coalition base near Hasakah.\n\n"
        "The drone struck a maintenance facility at the base in Hasakah on Thursday."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 3, 26))
    drone = next(e for e in events if e["class"] == "DroneStrike")
    assert drone["date"] == "2023-03-23"
    assert [a["label"] for a in drone["alleged_perpetrators"]] == ["Iran"]


@pytest.mark.slow
def test_intercepted_missiles_are_part_of_the_attack_and_injuries_add_up(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Ballistic missiles struck Ain al-Asad air base in Anbar province late Saturday.\n\n"
        "Most of the missiles were intercepted by air defences, but others hit the base, officials said.\n\n"
        "Two American soldiers suffered minor injuries and an Iraqi interpreter was wounded."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 21))
    assert len(events) == 1
    assert events[0]["injuries"] == 3


@pytest.mark.slow
def test_a_category_is_shown_in_the_articles_words_and_linked_to_the_category(
    nlp: Any, gazetteer: Any
) -> None:
    from rdflib import Graph

    from kg.extract import extract
    from kg.namespace import CF
    from kg.nlp import make_doc

    text = "Rockets hit the airport in Erbil on Monday. Officials blamed Iran-backed militias for the attack."
    article = make_article(text)
    graph = extract(nlp(make_doc(nlp, article)), article, gazetteer=gazetteer)
    words = {str(o) for o in graph.objects(None, CF.mentionText)}
    assert "Iran-backed militias" in words
    union = Graph()
    union += graph
    union += gazetteer.graph
    from kg.events import event_records

    (event,) = event_records(union)
    (alleged,) = event["alleged_perpetrators"]
    assert alleged == {
        "iri": "https://w3id.org/conflict-kg/resource/actor/pro-iran-armed-groups",
        "label": "Iran-backed militias",
    }


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "On Sunday, the United States struck five sites in Iraq belonging to Kataib Hezbollah.",
            "Kataib Hezbollah",
        ),
        (
            "A drone hit a car carrying members of Kataib Hezbollah near al-Qaim on Friday.",
            "Kataib Hezbollah",
        ),
    ],
)
def test_the_group_a_hit_site_or_vehicle_belongs_to_is_a_target(
    nlp: Any, gazetteer: Any, text: str, target: str
) -> None:
    (event,) = events_of(nlp, gazetteer, text)
    assert target in [t["label"] for t in event["targets"]]


@pytest.mark.slow
def test_the_airport_is_the_airport_named_before(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A drone hit Erbil International Airport on Wednesday, officials said.\n\n"
        "Hours earlier, a roadside bomb hit a supply convoy near Diwaniyah.\n\n"
        "The airport was last targeted in February, when rockets fired at the base also hit homes."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 4, 15))
    february = next(e for e in events if e["date"] == "2021-02")
    assert place_label(february) == "Erbil International Airport"


@pytest.mark.slow
def test_the_town_is_the_town_named_so_before(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Clashes between tribal gunmen and the SDF in Theyban town in the countryside of Deir ez-Zor killed "
        "six people on Saturday. Gunmen attacked SDF checkpoints in the town on Saturday."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 9, 2))
    assert {place_label(e) for e in events} == {"Theyban"}


@pytest.mark.slow
def test_a_dateline_is_not_where_it_happened_unless_nothing_else_is_said(nlp: Any, gazetteer: Any) -> None:
    text = (
        "ERBIL, Kurdistan Region - A drone struck a gas field on Friday, killing four workers of a UAE-based "
        "company.\n\n"
        "Separately, rockets hit a base near Kirkuk on Friday."
    )
    events = events_of(nlp, gazetteer, text)
    places = sorted(place_label(e) or "" for e in events)
    assert places[0] == "Kirkuk" and places[1] in ("Erbil", "Kurdistan Region"), places


@pytest.mark.slow
def test_a_blame_in_a_relative_clause_goes_to_the_event_told_before_it(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The strikes were the first response to the drone attack on Jan. 28 that killed three soldiers at "
        "Tower 22, an outpost in Jordan, which Washington blamed on Kataib Hezbollah."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 2, 3))
    drone = next(e for e in events if e["class"] == "DroneStrike")
    assert [a["label"] for a in drone["alleged_perpetrators"]] == ["Kataib Hezbollah"]


@pytest.mark.slow
def test_attacks_claimed_on_two_places_are_two_events(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The Islamic Resistance in Iraq claimed drone attacks on Tuesday on Harir air base and on the "
        "al-Tanf garrison in Syria."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 10, 25))
    assert sorted(place_label(e) or "" for e in events) == ["Harir Air Base", "al-Tanf"]
    for event in events:
        assert [p["label"] for p in event["perpetrators"]] == ["Islamic Resistance in Iraq"]


@pytest.mark.slow
def test_a_tally_of_many_attacks_is_no_event_and_gives_no_class(nlp: Any, gazetteer: Any) -> None:
    text = (
        "An explosion hit a logistics depot at Camp Taji on Monday, officials said.\n\n"
        "The attacks were the latest in more than 60 rocket attacks on bases hosting US troops since October."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 16))
    assert [e["class"] for e in events] == ["Attack"]


@pytest.mark.slow
def test_the_attack_a_group_was_blamed_for_is_not_the_strike_on_that_group(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Monday's barrage came days after US jets struck Kataib Hezbollah, the militia that Washington "
        "blamed for an earlier attack on Taji.\n\n"
        "The US strikes, carried out late on Thursday, hit five weapons depots, the Pentagon said."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2020, 3, 17))
    strikes = [e for e in events if "Kataib Hezbollah" in [t["label"] for t in e["targets"]]]
    assert len(strikes) == 1
    assert strikes[0]["date"] == "2020-03-12" and place_label(strikes[0]) != "Taji"


@pytest.mark.slow
def test_the_date_a_toll_was_revised_is_not_the_date_of_the_strikes(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The death toll from US strikes in eastern Syria rose to 12 on Sunday, a monitor said.\n\n"
        "US F-16 jets struck depots in Deir ez-Zor province used by Iran-backed groups late on Friday, the "
        "Pentagon said."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 6, 19))
    assert [(e["class"], e["date"]) for e in events] == [("AirStrike", "2023-06-16")]
    assert events[0]["fatalities"] == 12


@pytest.mark.slow
def test_a_date_on_another_noun_is_not_the_events_date(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Air defences shot down a drone that was heading for Erbil International Airport late on Monday, the "
        "second attempt this week, officials said."
    )
    (event,) = events_of(nlp, gazetteer, text, published=dt.date(2023, 11, 15))
    assert event["date"] == "2023-11-13"


@pytest.mark.slow
def test_an_event_an_hours_after_clause_measures_from_keeps_its_own_date(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Two US soldiers were wounded on Friday when rockets hit a base in eastern Syria, hours after US "
        "jets bombed depots used by Iran-backed groups in Deir ez-Zor.\n\n"
        "The raids began late on Thursday, when US jets hit depots in Deir ez-Zor, officials said."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2022, 8, 27))
    strikes = [e for e in events if e["class"] == "AirStrike"]
    assert [e["date"] for e in strikes] == ["2022-08-25"]


@pytest.mark.slow
def test_a_response_is_an_event_of_its_own(nlp: Any, gazetteer: Any) -> None:
    text = (
        "US jets struck depots in Deir ez-Zor province on Tuesday, officials said.\n\n"
        "Rockets hit the Green Village base on Wednesday. US helicopters responded by striking the launch "
        "sites, killing three militants."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2022, 8, 25))
    assert len(events) == 3
    response = next(e for e in events if e["fatalities"] == 3)
    assert response["date"] == "2022-08-24"


@pytest.mark.slow
def test_the_time_of_a_claim_or_an_inquiry_is_not_the_attacks(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A drone hit the airport in Erbil late on Wednesday, officials said.\n\n"
        "No group claimed the attack by Friday. The prime minister ordered a committee on Thursday to "
        "investigate the attack."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 4, 16))
    assert [(e["date"], e["perpetrators"]) for e in events] == [("2021-04-14", [])]


@pytest.mark.slow
def test_setting_fire_to_houses_is_an_attack(nlp: Any, gazetteer: Any) -> None:
    text = "Armed men set fire to houses and shops in Muqdadiya on Wednesday, police said."
    (event,) = events_of(nlp, gazetteer, text, published=dt.date(2021, 10, 28))
    assert event["class"] == "Attack" and event["date"] == "2021-10-27"


@pytest.mark.slow
def test_an_attack_that_followed_others_is_not_them(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Militants attacked a Turkish base near Metina on Friday, killing six soldiers.\n\n"
        "The attack followed three PKK raids in the area last month that killed 10 Turkish soldiers."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 14))
    assert sorted((e["date"], e["fatalities"]) for e in events) == [("2023-12", 10), ("2024-01-12", 6)]


@pytest.mark.slow
def test_a_purpose_clause_names_other_events(nlp: Any, gazetteer: Any) -> None:
    text = (
        "US jets hit depots in Deir ez-Zor late on Tuesday, officials said.\n\n"
        "President Joe Biden ordered those strikes, a spokesman said, to protect US forces from attacks like "
        "one on Aug. 15."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2022, 8, 25))
    ordered = next(e for e in events if "Joe Biden" in [p["label"] for p in e["perpetrators"]])
    assert ordered["date"] == "2022-08-23"


@pytest.mark.slow
def test_the_dead_of_an_after_clause_are_not_the_strikes_victims(nlp: Any, gazetteer: Any) -> None:
    text = "Turkish jets bombed PKK positions in Duhok on Sunday after four soldiers were killed at a base."
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 15))
    strike = next(e for e in events if e["class"] == "AirStrike")
    assert "soldiers" not in [t["label"] for t in strike["targets"]] and strike["fatalities"] is None


@pytest.mark.slow
def test_a_place_naming_a_spokesmans_office_is_not_where_it_happened(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Rockets struck Ain al-Asad air base on Wednesday, the coalition said.\n\n"
        "Pentagon press secretary John Kirby said the United States would respond if it found who was behind "
        "Wednesday's attack."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 3, 4))
    assert [place_label(e) for e in events] == ["Ain al-Asad air base"]


@pytest.mark.slow
def test_the_killing_of_a_named_person_is_not_the_event_told_just_before(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Last week, US aircraft bombed facilities used by Kataib Hezbollah on the Syrian side of the "
        "border.\n\n"
        "Ain al-Asad was struck by Iranian missiles in January 2020 in retaliation for the US killing of "
        "Qassem Soleimani in Baghdad. No one was killed in that strike, but 110 US troops were later "
        "treated for brain injuries."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 3, 3))
    missiles = next(e for e in events if e["class"] == "MissileAttack")
    assert (missiles["fatalities"], missiles["injuries"]) == (0, 110)
    killing = next(e for e in events if "Qassem Soleimani" in [t["label"] for t in e["targets"]])
    assert "Kataib Hezbollah" not in [t["label"] for t in killing["targets"]]


@pytest.mark.slow
def test_in_that_attack_is_the_attack_named_last_with_that_word(nlp: Any, gazetteer: Any) -> None:
    text = (
        "US jets hit depots in Deir ez-Zor late on Tuesday.\n\n"
        "Biden ordered those strikes, a spokesman said, to protect US forces from attacks like one on "
        "Aug. 15. In that attack, several drones were launched at the al-Tanf garrison."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2022, 8, 25))
    tanf = next(e for e in events if place_label(e) == "al-Tanf")
    assert tanf["date"] == "2022-08-15"


@pytest.mark.slow
def test_the_event_a_first_since_phrase_tells_with_when_is_an_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Wednesday's drone strike in Baghdad was the first US action in the capital since a wave of raids "
        "last Friday, when US aircraft hit 40 targets at five sites near al-Qaim.\n\n"
        "Officials said 12 people were killed in those raids."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 2, 8))
    raids = next(e for e in events if e["date"] == "2024-02-02")
    assert raids["class"] == "AirStrike" and raids["fatalities"] == 12


@pytest.mark.slow
def test_a_crowds_storming_a_day_before_is_a_protest_dated_a_day_before(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Protesters left the area outside the US embassy in Baghdad on Thursday, a day after hundreds of "
        "them broke through a gate and stormed the compound.\n\n"
        "Guards fired tear gas and stun grenades to push the crowd back. No American staff were hurt."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2020, 1, 2))
    assert not [e for e in events if e["plover"] == "ASSAULT"]
    protest = next(e for e in events if e["class"] == "Protest")
    assert protest["date"] == "2020-01-01" and protest["injuries"] == 0
    assert "US embassy" in [t["label"] for t in protest["targets"]]


@pytest.mark.slow
def test_two_sources_disagreeing_on_a_toll_give_the_lower_figure(nlp: Any, gazetteer: Any) -> None:
    text = (
        "An Israeli missile strike on a depot near Damascus on Sunday killed three Syrian soldiers, the "
        "Syrian army said.\n\n"
        "A Britain-based war monitor gave a higher toll, saying seven people had been killed."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 1, 2))
    assert [e["fatalities"] for e in events] == [3]


@pytest.mark.slow
def test_a_toll_the_text_revises_stays_the_largest(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A car bomb killed four people in Tuz Khurmatu on Sunday, police said.\n\n"
        "On Monday a hospital official said the toll had risen to nine."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 1, 3))
    assert [e["fatalities"] for e in events] == [9]


@pytest.mark.slow
def test_the_explosion_at_a_place_the_gazetteer_does_not_know_is_the_blast_told_before(
    nlp: Any, gazetteer: Any
) -> None:
    text = (
        "A blast ripped through Kalsu military base, south of Baghdad, late Friday, killing one member of "
        "the Popular Mobilization Forces, officials said.\n\n"
        "The explosion hit a depot at the base in Babil province used by the PMF, the PMF said."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 4, 20))
    assert len(events) == 1 and events[0]["fatalities"] == 1


@pytest.mark.slow
def test_a_relative_clause_the_parser_lost_tells_of_the_noun_before_that(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The shelling came days after a Turkish drone strike near Sinjar that, according to local officials, "
        "killed three fighters."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 14))
    strike = next(e for e in events if e["class"] == "DroneStrike")
    assert strike["fatalities"] == 3 and "Turkey" in [p["label"] for p in strike["perpetrators"]]


@pytest.mark.slow
def test_a_raid_called_a_cowardly_attack_is_one_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Gunmen killed four policemen in a raid on a checkpoint in the al-Saadiya district north of Baaquba "
        "late on Sunday.\n\n"
        'The governor called the raid a "cowardly attack" on Monday.'
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 16))
    assert [(e["date"], place_label(e), e["fatalities"]) for e in events] == [("2024-01-14", "al-Saadiya", 4)]


@pytest.mark.slow
def test_a_demonstrative_with_its_own_date_still_points_back(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Rockets hit Camp Taji on Saturday, the second attack on the base in four days.\n\n"
        "The strike came after US jets bombed the militia that Washington blamed for the first attack on "
        "Taji. That barrage of 15 rockets on Wednesday evening killed two soldiers."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2020, 3, 14))
    wednesday = next(e for e in events if e["date"] == "2020-03-11")
    assert place_label(wednesday) == "Taji" and wednesday["fatalities"] == 2


@pytest.mark.slow
def test_a_barrage_of_criticism_is_no_attack(nlp: Any, gazetteer: Any) -> None:
    text = "The minister faced a barrage of criticism in parliament on Monday."
    assert events_of(nlp, gazetteer, text) == []


@pytest.mark.slow
def test_a_weekend_named_as_a_modifier_dates_the_event(nlp: Any, gazetteer: Any) -> None:
    text = (
        "The two leaders met in Baghdad on Monday, days after Iran's weekend missile barrage against Israel."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 4, 16))
    barrage = next(e for e in events if e["plover"] == "ASSAULT")
    assert barrage["date"] == "2024-04-13"


@pytest.mark.slow
def test_the_same_area_is_where_the_attack_told_before_happened(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Militants attacked a base near Sinjar on Friday, killing six soldiers.\n\n"
        "The president chaired a security meeting in Ankara on Saturday.\n\n"
        "The attack followed two raids in the same area last month that killed 12 soldiers."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 14))
    raids = next(e for e in events if e["date"] == "2023-12")
    assert place_label(raids) == "Sinjar"


@pytest.mark.slow
def test_conjoined_clauses_at_two_places_are_two_events(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Two drones were launched at the Conoco gas field on Friday, without causing injuries, and the "
        "coalition shot down another drone near the al-Omar oil field."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2023, 3, 25))
    conoco = next(e for e in events if place_label(e) == "Conoco gas field")
    assert conoco["class"] == "DroneStrike" and (conoco["fatalities"], conoco["injuries"]) == (0, 0)
    assert any(place_label(e) == "al-Omar oil field" for e in events if e is not conoco)


@pytest.mark.slow
def test_the_president_ordering_strikes_joins_his_states_strikes(nlp: Any, gazetteer: Any) -> None:
    text = (
        "Rockets hit two US bases in eastern Syria on Wednesday. Apache helicopters and AC-130 gunships "
        "responded by striking the launch sites, killing four militants.\n\n"
        "Late on Tuesday, US aircraft hit bunkers in Deir ez-Zor. President Joe Biden ordered those strikes, "
        "a spokesman said, to protect US troops from further attacks. A war monitor said Tuesday's raids "
        "killed six fighters."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2022, 8, 25))
    tuesday = next(e for e in events if e["date"] == "2022-08-23")
    assert place_label(tuesday) == "Deir ez-Zor" and tuesday["fatalities"] == 6
    assert {"Joe Biden", "United States"} <= {p["label"] for p in tuesday["perpetrators"]}


@pytest.mark.slow
def test_an_attack_that_hurt_no_one_killed_no_one(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A roadside bomb hit a fuel convoy near Diwaniyah on Wednesday, damaging one truck without "
        "causing injuries."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 4, 15))
    assert [(e["fatalities"], e["injuries"]) for e in events] == [(0, 0)]


@pytest.mark.slow
def test_a_count_of_dead_outweighs_no_injuries(nlp: Any, gazetteer: Any) -> None:
    text = (
        "A roadside bomb killed two soldiers near Diwaniyah on Wednesday. There were no injuries among "
        "the crew."
    )
    events = events_of(nlp, gazetteer, text, published=dt.date(2021, 4, 15))
    assert [e["fatalities"] for e in events] == [2]


@pytest.mark.slow
def test_a_named_area_is_typed_as_a_place_in_the_graph(nlp: Any, gazetteer: Any) -> None:
    from rdflib import RDF, RDFS, Literal

    from kg.extract import extract
    from kg.namespace import CF
    from kg.nlp import make_doc

    article = make_article("Gunmen opened fire on soldiers in the al-Saadiya district on Sunday.")
    graph = extract(nlp(make_doc(nlp, article)), article, gazetteer=gazetteer)
    (node,) = graph.subjects(RDFS.label, Literal("al-Saadiya", lang="en"))
    assert set(graph.objects(node, RDF.type)) == {CF.AdminRegion}


@pytest.mark.slow
def test_summoning_an_envoy_to_protest_is_a_formal_complaint_not_a_demonstration(
    nlp: Any, gazetteer: Any
) -> None:
    text = "Iraq's foreign ministry summoned the Turkish envoy on Sunday to protest against the shelling."
    events = events_of(nlp, gazetteer, text, published=dt.date(2024, 1, 15))
    assert not [e for e in events if e["plover"] == "PROTEST"]
    event = next(e for e in events if e["class"] == "Accusation")
    assert (event["plover"], event["acled_event_type"]) == ("ACCUSE", None)
    assert [t["label"] for t in event["targets"]] == ["Turkey"]
