"""The named queries: each runs with its defaults and says something true about the sample graph;
the in-memory and the embedded Oxigraph stores give the same rows; parameters stay values."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from kg.errors import QueryError
from kg.query import (
    bind_params,
    format_result,
    list_queries,
    load_query,
    parse_header,
    plain,
    query_df,
    run_query,
    to_dataframe,
)
from kg.store import Store, open_store

SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"
CFR = "https://w3id.org/conflict-kg/resource/"
NET = "https://w3id.org/conflict-kg/network#"
CANONICAL = CFR + "event/c-0c6d5254ead632dd"  # the Erbil airport strike, reported by two articles
HARIR = CFR + "event/3f9a1c2b7d4e5a60-1"
INJECTION = 'x" } ; DROP ALL ; #'


def fill(store: Store) -> Store:
    """The sample graph plus the ontology graph (PLOVER codes and the class tree live there)."""
    from kg.iris import ONTOLOGY_GRAPH
    from kg.ontology import load_ontology

    store.load_file(SAMPLE)
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    return store


@pytest.fixture(scope="module")
def memory_store() -> Iterator[Store]:
    with open_store("memory") as store:
        yield fill(store)


@pytest.fixture(scope="module")
def oxigraph_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(tmp_path_factory.mktemp("ox") / "store") as store:
        yield fill(store)


@pytest.fixture(params=["memory", "oxigraph"])
def store(request: pytest.FixtureRequest, memory_store: Store, oxigraph_store: Store) -> Store:
    return memory_store if request.param == "memory" else oxigraph_store


def records(store: Store, name: str, **params: str) -> list[dict]:
    return to_dataframe(run_query(store, name, params)).to_dict("records")


def column(store: Store, name: str, col: str, **params: str) -> list:
    return [row[col] for row in records(store, name, **params)]


# --- every query, with its defaults: rows, and one fact each (tests as data) -----------------------
def _has(col: str, value: object):
    return lambda rows: any(row[col] == value for row in rows)


EXPECTED = {
    "events": lambda rows: len(rows) == 6 and CANONICAL in {r["event"] for r in rows},
    "timeline": lambda rows: rows[0]["date"].isoformat() == "2024-01-20" and rows[-1]["type"] == "Meeting",
    "attacks_by_perpetrator": lambda rows: (
        {(r["perpetratorLabel"], r["role"], r["modality"], r["attacks"]) for r in rows}
        >= {
            ("Kataib Hezbollah", "alleged perpetrator", "Blamed", 1),
            ("Islamic Resistance in Iraq", "perpetrator", "Claimed", 1),
            ("United States", "perpetrator", "Asserted", 1),
        }
    ),
    "attacks_on_place": lambda rows: {r["event"] for r in rows} == {HARIR, CANONICAL},
    "actor_events": lambda rows: (
        {(r["type"], r["role"]) for r in rows}
        == {("DroneStrike", "AllegedPerpetratorRole"), ("Threat", "PerpetratorRole")}
    ),
    "casualties_by_month": lambda rows: (
        {(r["month"], r["fatalities"], r["injuries"]) for r in rows}
        == {("2024-01", 0, 4), ("2024-02", 18, 0)}
    ),
    "casualties_by_type": lambda rows: (
        {(r["type"], r["plover"], r["fatalities"]) for r in rows}
        >= {("AirStrike", "ASSAULT", 18), ("Meeting", "CONSULT", 0), ("Threat", "THREATEN", 0)}
    ),
    "event_sources": lambda rows: (
        {r["article"] for r in rows if r["event"] == CANONICAL}
        == {CFR + "article/8c41d0e2b95f7a13", CFR + "article/d7e0f3a9c2b61854"}
    ),
    "blamed_by": lambda rows: any(
        r["actorLabel"] == "Kataib Hezbollah"
        and r["blamedByLabel"] == "United States"
        and r["modality"] == "Blamed"
        for r in rows
    ),
    "conflicting_reports": lambda rows: (
        {(r["aspect"], r["reported"]) for r in rows if r["event"] == CANONICAL}
        == {("class", "DroneStrike"), ("class", "RocketAttack"), ("InjuryCount", "0"), ("InjuryCount", "2")}
    ),
    "events_near": lambda rows: (
        [r["event"] for r in rows] == [CANONICAL, HARIR]
        and 5 < rows[0]["distanceKm"] < 9
        and 45 < rows[1]["distanceKm"] < 53
    ),
    "stats": lambda rows: (
        {(r["category"], r["type"], r["count"]) for r in rows}
        >= {("event", "DroneStrike", 2), ("article", "NewsArticle", 3), ("place", "MilitaryBase", 2)}
    ),
    "actors": lambda rows: any(r["label"] == "Kataib Hezbollah" and r["events"] == 2 for r in rows),
    "places": lambda rows: any(
        r["label"] == "Erbil International Airport" and r["locatedIn"] == "Erbil" and r["events"] == 1
        for r in rows
    ),
    "actor_network": lambda rows: (
        {(r["subject"], r["predicate"], r["object"]) for r in rows}
        >= {
            (CFR + "actor/joe-biden", NET + "met", CFR + "actor/mohammed-shia-al-sudani"),
            (CFR + "actor/kataib-hezbollah", NET + "allegedlyAttacked", CFR + "actor/us-armed-forces"),
            (CFR + "actor/kataib-hezbollah", NET + "threatened", CFR + "actor/us-armed-forces"),
        }
    ),
}


def test_every_named_query_has_an_expectation() -> None:
    assert sorted(q.name for q in list_queries()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_defaults(store: Store, name: str) -> None:
    rows = records(store, name)
    assert rows, f"{name} returned no rows"
    assert EXPECTED[name](rows), rows


def _canonical_rows(store: Store, name: str) -> list[tuple]:
    result = run_query(store, name)
    rows = []
    for row in result.rows:
        values = []
        for value in row:
            python = plain(value)
            if isinstance(python, str) and " | " in python:  # GROUP_CONCAT order is not defined
                python = " | ".join(sorted(python.split(" | ")))
            values.append(str(python))
        rows.append(tuple(values))
    return rows


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"actor_network"}))
def test_same_rows_on_memory_and_oxigraph(memory_store: Store, oxigraph_store: Store, name: str) -> None:
    on_memory = _canonical_rows(memory_store, name)
    on_oxigraph = _canonical_rows(oxigraph_store, name)
    ordered = "ORDER BY" in load_query(name).text
    assert (on_memory if ordered else sorted(on_memory)) == (on_oxigraph if ordered else sorted(on_oxigraph))


def test_same_network_on_memory_and_oxigraph(memory_store: Store, oxigraph_store: Store) -> None:
    a = run_query(memory_store, "actor_network").graph
    b = run_query(oxigraph_store, "actor_network").graph
    assert a is not None and b is not None and isomorphic(a, b)


# --- parameters -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("timeline", {"from": "2024-02-01", "to": "2024-02-28"}, 2),
        ("timeline", {"from": "2024-04-01"}, 1),
        ("attacks_on_place", {"place": "Anbar"}, 1),
        ("attacks_on_place", {"place": "harir base"}, 1),
        ("attacks_on_place", {"place": "cfr:place/erbil-international-airport"}, 1),
        ("attacks_on_place", {"place": "Syria"}, 1),
        ("actor_events", {"actor": "Joe Biden"}, 1),
        ("actor_events", {"actor": "KH"}, 2),
        ("actor_events", {"actor": "US forces"}, 3),
        ("event_sources", {"event": CANONICAL}, 2),
        ("events_near", {"km": "10"}, 1),
        ("events_near", {"lat": "33.8", "lon": "42.44", "km": "5"}, 1),
    ],
)
def test_parameters(store: Store, name: str, params: dict[str, str], expected: int) -> None:
    assert len(run_query(store, name, params)) == expected


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2024-02-30"}, "expects a date"),
        ({"from": "last week"}, "expects a date"),
        ({"since": "2024-01-01"}, "has no parameter 'since'"),
    ],
)
def test_bad_parameters(store: Store, params: dict[str, str], message: str) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(store, "timeline", params)


def test_unknown_actor_names_the_fix(store: Store) -> None:
    with pytest.raises(QueryError, match=r"unknown actor 'Nobody'; try `kg query actors`"):
        run_query(store, "actor_events", {"actor": "Nobody"})


def test_bad_number_and_iri(store: Store) -> None:
    with pytest.raises(QueryError, match="expects a number"):
        run_query(store, "events_near", {"km": "ten"})
    with pytest.raises(QueryError, match="expects an IRI"):
        run_query(store, "event_sources", {"event": "http://x.org/a> } ; DROP ALL ; #"})


@pytest.mark.parametrize("kind", ["label", "actor", "place", "string-binding"])
def test_injection_is_a_value(store: Store, kind: str) -> None:
    before = store.count()
    if kind == "string-binding":
        sparql = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?x WHERE { ?x rdfs:label ?l }"
        assert store.query(sparql, bindings={"l": Literal(INJECTION)}).rows == []
    elif kind == "label":
        query = parse_header(
            "# param: l string - a label\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT ?x WHERE { ?x rdfs:label ?l }"
        )
        assert len(run_query(store, query, {"l": INJECTION})) == 0
    else:
        with pytest.raises(QueryError, match="unknown"):
            run_query(store, "actor_events" if kind == "actor" else "attacks_on_place", {kind: INJECTION})
    assert store.count() == before
    assert len(run_query(store, "events")) == 6


def test_bindings_are_terms(store: Store) -> None:
    bindings = bind_params(store, load_query("events_near"), {"km": "10"})
    assert bindings["km"] == Literal("10", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal"))
    assert str(bind_params(store, load_query("attacks_on_place"))["place"]) == CFR + "place/erbil-governorate"


# --- formats and DataFrames -----------------------------------------------------------------------
def test_formats(oxigraph_store: Store) -> None:
    import csv
    import io
    import json

    result = run_query(oxigraph_store, "casualties_by_month")
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == ["month", "fatalities", "injuries", "events"]
    assert data["results"]["bindings"][1]["fatalities"]["value"] == "18"
    rows = list(csv.reader(io.StringIO(format_result(result, "csv"))))
    assert rows[0] == ["month", "fatalities", "injuries", "events"] and rows[2][:2] == ["2024-02", "18"]
    assert "| 2024-02 | 18 |" in format_result(result, "markdown")
    assert "2024-02" in format_result(result, "table")
    turtle = format_result(run_query(oxigraph_store, "actor_network"), "table")
    assert "net:met" in turtle


def test_query_df(oxigraph_store: Store) -> None:
    df = query_df("timeline", oxigraph_store, **{"from": "2024-02-01"})
    assert list(df.columns)[:3] == ["date", "event", "type"]
    assert len(df) == 3


def test_ask_and_inline(store: Store) -> None:
    assert run_query(store, "ASK WHERE { ?s ?p ?o }").boolean is True
    assert (
        format_result(run_query(store, "ASK WHERE { ?s ?p ?o }"), "json") == '{"head": {}, "boolean": true}'
    )


@pytest.mark.parametrize("name", ["events", "timeline"])
@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_a_place_labelled_in_many_articles_gives_one_row_per_event(
    tmp_path: Path, backend: str, name: str
) -> None:
    """A new place is labelled in every article graph that names it. The queries find one label per
    distinct place, once: joining every copy to every event row made them grow far faster than the
    store (events at 10 M quads: 148 s; 19 s after). Two spellings still give one row per event."""
    from rdflib import Graph
    from rdflib.namespace import RDF, RDFS, XSD

    from kg.iris import ONTOLOGY_GRAPH, article_graph_iri
    from kg.namespace import CF
    from kg.ontology import load_ontology

    place = URIRef(CFR + "place/al-azim")
    with open_store("memory" if backend == "memory" else tmp_path / "store") as store:
        store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
        for n, label in enumerate(["al-Azim", "Al-Azim district", "al-Azim"]):
            event = URIRef(f"{CFR}event/{n:016x}-1")
            graph = Graph()
            graph.add((event, RDF.type, CF.DroneStrike))
            graph.add((event, CF.date, Literal(f"2024-01-0{n + 1}", datatype=XSD.date)))
            graph.add((event, CF.place, place))
            graph.add((place, RDF.type, CF.AdminRegion))
            graph.add((place, RDFS.label, Literal(label)))
            store.replace_graph(article_graph_iri(f"{n:016x}"), graph)
        rows = records(store, name)
    assert len(rows) == 3 and len({row["event"] for row in rows}) == 3
    assert {row["placeLabel"] for row in rows} == {"Al-Azim district"}  # the same label for every event
