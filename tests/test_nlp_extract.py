"""Extraction with the real model: the traps of issue 3 on hand-built sentences, and the article cases
in ``tests/data/articles/nlp_*`` (article + expected events), one parametrized test for them all.

The model and the gazetteer are loaded once per session (the session-scoped fixtures below).
Set ``KG_UPDATE_EXPECTED=1`` to rewrite the expected files after a deliberate change (and review
the diff).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, XSD

from kg.article import Article
from kg.namespace import CF
from tests.conftest import article_from_text

pytestmark = [pytest.mark.slow]

CASES = sorted((Path(__file__).parent / "data" / "articles").glob("nlp_*"))
PUBLISHED = dt.date(2021, 7, 24)  # a Saturday


def make_article(text: str, *, published: dt.date = PUBLISHED) -> Article:
    return article_from_text(text, published=published)


def records_for(nlp: Any, gazetteer: Any, article: Article) -> tuple[Graph, list[dict]]:
    from kg.events import event_records
    from kg.extract import extract
    from kg.nlp import make_doc

    graph = extract(nlp(make_doc(nlp, article)), article, gazetteer=gazetteer)
    union = Graph()
    union += graph
    union += gazetteer.graph
    return graph, event_records(union)


def events_of(nlp: Any, gazetteer: Any, text: str, **kwargs: Any) -> list[dict]:
    return records_for(nlp, gazetteer, make_article(text, **kwargs))[1]


def labels(record: dict, key: str) -> list[str]:
    return sorted(item["label"] for item in record[key])


# ---------------------------------------------------------------------------- events and roles


def test_passive_voice_gives_the_agent_as_perpetrator(nlp, gazetteer):
    [event] = events_of(
        nlp,
        gazetteer,
        "A convoy of the Iraqi army was ambushed by Islamic State militants near Kirkuk on Monday.",
    )
    assert event["class"] == "ArmedClash"
    assert event["date"] == "2021-07-19"
    assert event["place"]["label"] == "Kirkuk"
    assert labels(event, "perpetrators") == ["Islamic State of Iraq and the Levant"]
    assert labels(event, "targets") == ["Iraqi Security Forces"]


def test_weapon_in_the_by_phrase_is_not_an_actor(nlp, gazetteer):
    [event] = events_of(nlp, gazetteer, "A military base near Erbil has been hit by a rocket attack.")
    assert event["class"] == "RocketAttack"
    assert event["perpetrators"] == []


def test_blamed_on_gives_an_alleged_perpetrator_not_a_target(nlp, gazetteer):
    [event] = events_of(
        nlp,
        gazetteer,
        "Rockets struck Balad air base on Thursday. Officials blamed the attack on Kataib Hezbollah.",
    )
    assert labels(event, "alleged_perpetrators") == ["Kataib Hezbollah"]
    assert event["perpetrators"] == [] and "Kataib Hezbollah" not in labels(event, "targets")


def test_claimed_responsibility_names_the_perpetrator_with_claimed_modality(nlp, gazetteer):
    text = (
        "A drone attack hit Erbil airport on Tuesday. "
        "Saraya Awliya al-Dam claimed responsibility for the attack."
    )
    graph, [event] = records_for(nlp, gazetteer, make_article(text))
    assert labels(event, "perpetrators") == ["Saraya Awliya al-Dam"]
    assert (None, CF.modality, CF.Claimed) in graph


def test_negated_attack_is_not_an_event(nlp, gazetteer):
    assert events_of(nlp, gazetteer, "Kataib Hezbollah said it did not attack the airport.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The militia could strike US bases in Syria.",
        "The group vowed to attack American forces.",
        "Officials fear that militants will attack the embassy.",
        "The militia plans to launch rockets at the base.",
        "If the talks fail, the faction would resume its attacks.",
    ],
)
def test_hypothetical_and_future_attacks_are_not_events(nlp, gazetteer, text):
    assert [e for e in events_of(nlp, gazetteer, text) if e["plover"] == "ASSAULT"] == []


def test_threatened_to_is_a_threat_and_not_an_attack(nlp, gazetteer):
    events = events_of(
        nlp,
        gazetteer,
        "The Iraqi Resistance Coordination Committee on Friday threatened to attack US forces "
        "unless they leave Iraq.",
    )
    assert [e["class"] for e in events] == ["Threat"]
    assert events[0]["date"] == "2021-07-23"
    assert labels(events[0], "perpetrators") == ["Iraqi Resistance Coordination Committee"]


def test_aggregates_are_not_specific_events(nlp, gazetteer):
    text = (
        "It was the latest in a series of attacks on US bases. "
        "The United States has carried out several airstrikes in recent months."
    )
    assert events_of(nlp, gazetteer, text) == []


def test_meeting_participants_from_subject_and_with(nlp, gazetteer):
    [event] = events_of(nlp, gazetteer, "Mustafa al-Kadhimi met with Joe Biden at the White House on Monday.")
    assert event["class"] == "Meeting"
    assert labels(event, "participants") == ["Joe Biden", "Mustafa al-Kadhimi"]
    assert event["place"]["label"] == "White House"


def test_days_before_monday_is_the_monday_after_the_attack(nlp, gazetteer):
    text = (
        "Rockets hit Harir air base in the early hours of Friday. "
        "This took place days before Mustafa al-Kadhimi met with Joe Biden at the White House on Monday."
    )
    dates = {e["class"]: e["date"] for e in events_of(nlp, gazetteer, text)}
    assert dates == {"RocketAttack": "2021-07-23", "Meeting": "2021-07-26"}


def test_two_reports_of_one_attack_are_one_event_with_conflicting_mentions(nlp, gazetteer):
    text = (
        "A rocket attack hit a base near al-Harir on Friday. "
        "A drone hit the Harir base on Friday, coalition spokesman Colonel Wayne Marotto said."
    )
    graph, events = records_for(nlp, gazetteer, make_article(text))
    assert [e["class"] for e in events] == ["DroneStrike"]  # the named official's report wins
    assert (None, CF.hasConflictingReports, Literal(True)) in graph
    assert len(set(graph.objects(None, CF.hasMention))) == 2


# ---------------------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("text", "fatalities", "injuries", "qualifier"),
    [
        ("An airstrike killed at least five fighters near Abu Kamal on Sunday.", 5, None, "at_least"),
        ("Two dozen rockets hit Ain al-Asad air base on Sunday, injuring two soldiers.", None, 2, None),
        ("A drone hit Erbil airport on Sunday. There were no casualties.", 0, 0, "exact"),
    ],
)
def test_casualties_attach_to_the_event(nlp, gazetteer, text, fatalities, injuries, qualifier):
    [event] = events_of(nlp, gazetteer, text)
    assert (event["fatalities"], event["injuries"]) == (fatalities, injuries)
    assert event["fatalities_qualifier"] == qualifier


def test_relative_month_has_month_precision(nlp, gazetteer):
    [event] = events_of(nlp, gazetteer, "Earlier this month, rockets were fired at Ain al-Asad air base.")
    assert (event["date"], event["date_precision"]) == ("2021-07", "month")


def test_no_date_in_text_falls_back_to_the_publication_date(nlp, gazetteer):
    graph, [event] = records_for(
        nlp, gazetteer, make_article("Rockets hit Balad air base, wounding a contractor.")
    )
    assert event["date"] == "2021-07-24"
    assert (None, CF.dateIsFallback, Literal(True)) in graph
    assert list(graph.objects(None, CF.dateFallbackReason))


# ---------------------------------------------------------------------------- graph shape


def test_evidence_offsets_point_into_the_article_text(nlp, gazetteer):
    article = make_article(
        "Rockets hit Balad air base on Friday.\n\nOfficials blamed the attack on Kataib Hezbollah."
    )
    graph, _ = records_for(nlp, gazetteer, article)
    evidence = list(graph.subjects(RDF.type, CF.Evidence))
    assert evidence
    for node in evidence:
        start = int(graph.value(node, CF.startOffset))
        end = int(graph.value(node, CF.endOffset))
        assert article.text[start:end] == str(graph.value(node, CF.text))
    for kind in (CF.Mention, CF.RoleAssignment):
        for node in graph.subjects(RDF.type, kind):
            assert graph.value(node, CF.evidence) is not None
    for event in graph.subjects(CF.hasMention, None):
        assert graph.value(event, CF.evidence) is not None


def test_every_event_has_one_type_and_gazetteer_entries_are_not_copied(nlp, gazetteer):
    graph, _ = records_for(
        nlp,
        gazetteer,
        make_article("Rockets hit Erbil airport on Friday, the Kurdistan Region government said."),
    )
    for event in set(graph.subjects(CF.hasMention, None)):
        assert len(list(graph.objects(event, RDF.type))) == 1
    for entry in gazetteer.entries:
        assert (entry.iri, RDF.type, None) not in graph


def test_new_person_is_typed_and_titles_are_stripped(nlp, gazetteer):
    graph, _ = records_for(
        nlp,
        gazetteer,
        make_article("Police spokesman Colonel Ahmed Karim Saleh said two rockets hit Basra airport."),
    )
    persons = {str(graph.value(p, RDFS.label)) for p in graph.subjects(RDF.type, CF.Person)}
    assert "Ahmed Karim Saleh" in persons


def test_extraction_is_deterministic(nlp, gazetteer):
    article = make_article(
        "Rockets hit Balad air base on Friday. Officials blamed the attack on Kataib Hezbollah."
    )
    first, _ = records_for(nlp, gazetteer, article)
    second, _ = records_for(nlp, gazetteer, article)
    assert set(first) == set(second)


def test_publication_date_is_typed_xsd_date(nlp, gazetteer):
    graph, _ = records_for(nlp, gazetteer, make_article("Nothing happened."))
    assert (None, CF.publicationDate, Literal("2021-07-24", datatype=XSD.date)) in graph


def test_docs_with_context_survive_pickling(nlp):
    from kg.nlp import make_doc

    doc = make_doc(nlp, make_article("Rockets hit a base."))
    copy = pickle.loads(pickle.dumps(doc))
    assert copy._.publication_date == PUBLISHED
    assert copy._.article_id == doc._.article_id


def test_pipe_with_docs_as_tuples(nlp):
    from kg.nlp import make_doc

    articles = [make_article("Rockets hit a base on Friday."), make_article("A drone hit Erbil airport.")]
    out = list(nlp.pipe(((make_doc(nlp, a), a) for a in articles), as_tuples=True, batch_size=2))
    assert [a.id for _, a in out] == [a.id for a in articles]
    assert all("triggers" in doc.spans for doc, _ in out)


# ---------------------------------------------------------------------------- the article cases


def summarise(records: list[dict]) -> list[dict]:
    keys = (
        "class",
        "date",
        "date_precision",
        "fatalities",
        "injuries",
        "fatalities_qualifier",
        "injuries_qualifier",
    )
    out = []
    for r in records:
        item = {k: r[k] for k in keys}
        item["place"] = r["place"]["label"] if r["place"] else None
        for role in ("perpetrators", "alleged_perpetrators", "targets", "participants"):
            item[role] = labels(r, role)
        out.append(item)
    return out


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_case(nlp, gazetteer, case):
    from loaders import iter_articles

    [article] = list(iter_articles([case / "article.txt"]))
    assert isinstance(article, Article), article
    _, records = records_for(nlp, gazetteer, article)
    got = summarise(records)
    expected_path = case / "expected.json"
    if os.environ.get("KG_UPDATE_EXPECTED") or not expected_path.exists():
        expected_path.write_text(json.dumps({"events": got}, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))["events"]
    assert got == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_article_case_conforms_to_the_shapes(nlp, gazetteer, case):
    from kg.validate import validate
    from loaders import iter_articles

    [article] = list(iter_articles([case / "article.txt"]))
    graph, _ = records_for(nlp, gazetteer, article)
    report = validate(graph, gazetteer=gazetteer)
    assert report.conforms, report.text


def test_an_attack_in_retaliation_for_another_is_a_second_event(nlp, gazetteer):
    text = (
        "The United States carried out airstrikes in Syria on Sunday in retaliation for a rocket attack "
        "on a base near Kirkuk."
    )
    events = {e["class"]: e for e in events_of(nlp, gazetteer, text)}
    assert set(events) == {"AirStrike", "RocketAttack"}
    assert events["AirStrike"]["place"]["label"] == "Syria"
    assert labels(events["AirStrike"], "perpetrators") == ["United States"]
    assert events["RocketAttack"]["place"]["label"] == "Kirkuk"


def test_a_dateline_is_not_the_place_of_the_event(nlp, gazetteer):
    [event] = events_of(nlp, gazetteer, "ERBIL, Iraq - A drone hit Harir air base north of Erbil on Friday.")
    assert event["place"]["label"] == "Harir Air Base"


def test_hosting_a_person_is_a_meeting_and_due_to_meet_is_not(nlp, gazetteer):
    text = (
        "President Donald Trump hosted Mustafa al-Kadhimi at the White House on Thursday. "
        "Kadhimi is due to meet oil executives in Houston on Friday."
    )
    [event] = events_of(nlp, gazetteer, text)
    assert (event["class"], event["date"]) == ("Meeting", "2021-07-22")
    assert labels(event, "participants") == ["Donald Trump", "Mustafa al-Kadhimi"]
