"""networkx views of the graph: shapes, plain attribute values, the registry, docstring examples."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError, KGError
from kg.export import EXPORTERS, exporter, format_for_path, to_networkx, view_names
from kg.export.sample import sample_dataset

CFR = "https://w3id.org/conflict-kg/resource/"
SHARED_SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"
VIEWS = ["full", "actors", "actor-event", "event-place"]
MODULES = [
    "kg.export",
    "kg.export.plain",
    "kg.export.views",
    "kg.export.style",
    "kg.export.gexf",
    "kg.export.graphml",
    "kg.export.tables",
    "kg.export.html",
    "kg.export.sample",
    "kg.export.plots",
]


@pytest.fixture(scope="module")
def dataset():
    return sample_dataset()


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) of {name} failed"


def test_registry_is_pinned():
    import kg.cli
    import kg.export

    assert kg.export.__all__ == [
        "EXPORTERS",
        "VIEWS",
        "Exporter",
        "export",
        "export_graph",
        "exporter",
        "format_for_path",
        "to_networkx",
        "view_names",
    ]
    assert "kg.cli.export_cmd" in kg.cli.COMMAND_MODULES
    assert list(EXPORTERS) == ["gexf", "graphml", "csv", "html"]
    assert view_names() == ["full", "actors", "actor-event", "event-place", "query:NAME"]
    for e in EXPORTERS.values():
        assert callable(e.load())


def test_unknown_names_fail_clearly(dataset):
    with pytest.raises(ExportError, match="unknown view 'nope'"):
        to_networkx(dataset, view="nope")
    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        exporter("pdf")
    with pytest.raises(ExportError, match="cannot tell the export format"):
        format_for_path("out.png")


def _attribute_types(G: nx.MultiDiGraph) -> tuple[dict[str, set[type]], dict[str, set[type]]]:
    nodes: dict[str, set[type]] = {}
    edges: dict[str, set[type]] = {}
    for _, data in G.nodes(data=True):
        for k, v in data.items():
            nodes.setdefault(k, set()).add(type(v))
    for *_, data in G.edges(keys=True, data=True):
        for k, v in data.items():
            edges.setdefault(k, set()).add(type(v))
    return nodes, edges


@pytest.mark.parametrize("view", VIEWS)
def test_every_attribute_is_plain_with_one_type(dataset, view):
    G = to_networkx(dataset, view=view)
    assert isinstance(G, nx.MultiDiGraph) and G.number_of_nodes() > 0
    for table in _attribute_types(G):
        for key, kinds in table.items():
            assert len(kinds) == 1, f"{view}: attribute {key} has types {kinds}"
            assert kinds <= {str, int, float, bool}, f"{view}: attribute {key} has types {kinds}"
    for node, data in G.nodes(data=True):
        assert isinstance(node, str) and data["id"] == node
        assert {"label", "type", "kind"} <= set(data)
        assert data["kind"] in {"actor", "event", "place", "article", "other"}
        assert None not in data.values()


def test_actors_view_aggregates_attacks(dataset):
    G = to_networkx(dataset, view="actors")
    kh, us_forces = CFR + "actor/kataib-hezbollah", CFR + "actor/us-armed-forces"
    attacked = G.edges[kh, us_forces, "attacked"]
    assert (attacked["count"], attacked["first_date"], attacked["last_date"]) == (
        2,
        "2024-01-22",
        "2024-01-27",
    )
    assert "four rockets" in attacked["evidence"]
    relations = {k for *_, k in G.edges(keys=True)}
    assert relations == {"attacked", "allegedly_attacked", "met", "threatened"}
    assert {d["kind"] for _, d in G.nodes(data=True)} == {"actor"}
    assert G.nodes[kh]["event_count"] == 3


def test_actors_view_keeps_an_edge_of_an_undated_event():
    from rdflib import Graph

    graph = Graph().parse(
        data=f"""
        @prefix cf: <https://w3id.org/conflict-kg/ontology#> .
        <{CFR}event/x-1> a cf:RocketAttack ; cf:perpetrator <{CFR}actor/a> ; cf:target <{CFR}actor/b> .
        <{CFR}actor/a> a cf:NonStateArmedGroup . <{CFR}actor/b> a cf:ArmedForces .
        """,
        format="turtle",
    )
    edge = to_networkx(graph, view="actors").edges[CFR + "actor/a", CFR + "actor/b", "attacked"]
    assert edge["count"] == 1
    assert "first_date" not in edge


def test_event_attributes(dataset):
    G = to_networkx(dataset, view="actor-event")
    strike = G.nodes[CFR + "event/00000000000000a1-1"]
    assert strike["type"] == "DroneStrike" and strike["kind"] == "event"
    assert strike["plover"] == "ASSAULT"
    assert strike["acled_event_type"] == "Explosions/Remote violence"
    assert strike["acled_sub_event_type"] == "Air/drone strike"
    assert strike["date"] == strike["start"] == strike["end"] == "2024-01-20"
    assert strike["date_precision"] == "day"
    assert strike["injuries"] == 3 and "fatalities" not in strike
    threat = G.nodes[CFR + "event/00000000000000a1-2"]
    assert (threat["start"], threat["end"]) == ("2024-01-01", "2024-01-31")
    assert "acled_event_type" not in threat
    roles = {(s.rsplit("/", 1)[-1], k) for s, _, k in G.edges(keys=True)}
    assert ("00000000000000a1-1", "alleged_perpetrator") in roles
    modality = G.edges[CFR + "event/00000000000000a1-1", CFR + "actor/us-armed-forces", "target"]["modality"]
    assert modality == "Asserted"


def test_event_place_view_follows_located_in(dataset):
    G = to_networkx(dataset, view="event-place")
    harir, erbil, iraq = (CFR + f"place/{p}" for p in ("harir-air-base", "erbil-governorate", "iraq"))
    assert G.has_edge(harir, erbil, "located_in") and G.has_edge(erbil, iraq, "located_in")
    assert G.nodes[iraq]["type"] == "Country"  # typed State and Country: the place class wins here
    assert (G.nodes[harir]["lat"], G.nodes[harir]["lon"]) == (36.54, 44.35)
    assert G.nodes[harir]["event_count"] == 2


def test_full_view_keeps_literals_and_object_properties(dataset):
    G = to_networkx(dataset, view="full")
    kh = G.nodes[CFR + "actor/kataib-hezbollah"]
    assert kh["alt_label"] == "KH; Kata'ib Hizballah" and kh["wikidata"] == "Q1739460"
    assert G.has_edge(CFR + "actor/kataib-hezbollah", CFR + "actor/popular-mobilization-forces", "member_of")
    assert not any(n.startswith("https://w3id.org/conflict-kg/ontology") for n in G)


def test_control_and_zero_width_characters_are_stripped(dataset):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDFS

    dataset.graph(URIRef("urn:x:test")).add(
        (URIRef(CFR + "actor/kataib-hezbollah"), RDFS.label, Literal("Kataib\x00\u200b Hezbollah\x1b"))
    )
    try:
        G = to_networkx(dataset, view="actors")
    finally:
        dataset.remove_graph(URIRef("urn:x:test"))
    assert all(ch not in G.nodes[CFR + "actor/kataib-hezbollah"]["label"] for ch in "\x00\u200b\x1b")


def test_query_views(dataset):
    G = to_networkx(dataset, view="query:actor_network")
    assert G.graph["view"] == "query:actor_network" and G.number_of_edges() > 0
    assert all(isinstance(n, str) and "label" in d for n, d in G.nodes(data=True))
    with pytest.raises(ExportError, match="needs a CONSTRUCT query"):
        to_networkx(dataset, view="query:timeline")
    with pytest.raises(KGError):
        to_networkx(dataset, view="query:no-such-query-name")


@pytest.mark.parametrize("view", VIEWS)
def test_views_of_the_shared_sample(view):
    G = to_networkx(SHARED_SAMPLE, view=view)
    for table in _attribute_types(G):
        assert all(len(kinds) == 1 for kinds in table.values())
