"""Resolution in stores: refresh after builds, idempotence, removal, the CLI and the report (fast)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from kg.iris import GAZETTEER_GRAPH, article_graph_iri
from kg.resolve import (
    RESOLUTION_GRAPH,
    find_articles,
    refresh_resolution,
    remove_articles,
    resolution_counts,
    resolution_report,
)
from kg.resolve.synthetic import article_graph, gazetteer_graph
from kg.resolve.terms import RESOLVED_INTO

CASE = Path(__file__).parent / "data" / "resolve" / "cases" / "erbil_reports.json"


@pytest.fixture(scope="module")
def spec() -> dict:
    return json.loads(CASE.read_text(encoding="utf-8"))


def _put_all(store, spec: dict, order: list[int] | None = None) -> None:
    store.replace_graph(GAZETTEER_GRAPH, gazetteer_graph(spec["gazetteer"]))
    articles = spec["articles"] if order is None else [spec["articles"][i] for i in order]
    for article in articles:
        store.replace_graph(article_graph_iri(article["id"]), article_graph(article))
    refresh_resolution(store)


@pytest.fixture(params=["memory", "oxigraph"])
def store(request, tmp_path):
    from kg.store import open_store

    location = "memory" if request.param == "memory" else str(tmp_path / "store")
    with open_store(location) as handle:
        yield handle


def test_refresh_writes_the_resolution_graph(store, spec):
    _put_all(store, spec)
    assert RESOLUTION_GRAPH in store.graph_iris()
    resolution = store.named_graph(RESOLUTION_GRAPH)
    assert len(set(resolution.objects(None, RESOLVED_INTO))) == len(spec["expect"]["clusters"])


def test_building_the_same_articles_twice_changes_nothing(store, spec):
    _put_all(store, spec)
    before = store.count()
    resolution = store.named_graph(RESOLUTION_GRAPH)
    _put_all(store, spec)
    assert store.count() == before
    assert isomorphic(resolution, store.named_graph(RESOLUTION_GRAPH))


def test_build_order_does_not_matter(spec):
    from kg.store import open_store

    with open_store("memory") as forward, open_store("memory") as backward:
        _put_all(forward, spec)
        _put_all(backward, spec, order=list(reversed(range(len(spec["articles"])))))
        assert forward.graph_iris() == backward.graph_iris()
        for iri in forward.graph_iris():
            assert isomorphic(forward.named_graph(iri), backward.named_graph(iri)), iri


def test_remove_keeps_what_other_articles_report(store, spec):
    _put_all(store, spec)
    # c3 and d4 both report the rockets on Ain al-Asad; remove d4
    report = remove_articles(store, ["d4d4d4d4d4d4d4d4"])
    assert report.removed == [article_graph_iri("d4d4d4d4d4d4d4d4")]
    resolution = store.named_graph(RESOLUTION_GRAPH)
    members = {str(s).rsplit("/", 1)[-1] for s in resolution.subjects(RESOLVED_INTO, None)}
    assert "c3c3c3c3c3c3c3c3-3" not in members  # alone again, with its own source
    assert "a1a1a1a1a1a1a1a1-1" in members  # the other clusters stand
    assert report.summary is not None and report.summary.canonical_events == 2
    # removing every source of a cluster removes its canonical event
    remove_articles(store, ["a1a1a1a1a1a1a1a1.txt", "c3c3c3c3c3c3c3c3"])
    assert report.summary is not None
    assert not list(store.named_graph(RESOLUTION_GRAPH).subjects(RESOLVED_INTO, None))


@pytest.mark.parametrize(
    "source",
    [
        "a1a1a1a1a1a1a1a1",
        "https://w3id.org/conflict-kg/resource/article/a1a1a1a1a1a1a1a1",
        "https://w3id.org/conflict-kg/graph/article/a1a1a1a1a1a1a1a1",
        "a1a1a1a1a1a1a1a1.txt",
        "some/folder/a1a1a1a1a1a1a1a1.txt",
        "https://www.example.com/news/one",
    ],
)
def test_find_articles_by_id_iri_url_or_file(spec, source):
    from kg.store import open_store

    with open_store("memory") as store:
        first = {**spec["articles"][0], "url": "https://www.example.com/news/one"}
        store.replace_graph(article_graph_iri(first["id"]), article_graph(first))
        assert find_articles(store, [source]) == {source: [article_graph_iri("a1a1a1a1a1a1a1a1")]}


def test_find_articles_names_every_unknown_source():
    from kg.errors import ConfigError
    from kg.store import open_store

    with open_store("memory") as store, pytest.raises(ConfigError, match=r"'x\.txt', 'y'"):
        find_articles(store, ["x.txt", "y"])


def test_report_and_counts(spec):
    from kg.store import open_store

    with open_store("memory") as store:
        _put_all(store, spec)
        report = resolution_report(store)
        counts = resolution_counts(store)
    assert counts["distinct_events"] == spec["expect"]["distinct_events"]
    assert counts["canonical_events"] == len(spec["expect"]["clusters"])
    assert report.summary.entity_merges == len(spec["expect"]["merges"])
    text = report.to_text()
    for heading in ("Merges", "Kept apart", "Events merged across articles", "single source"):
        assert heading in text
    data = json.loads(report.to_json())
    assert {m["rule"] for m in data["merges"]} >= {"transliteration", "acronym", "surname", "title-stripped"}
    assert {"ambiguous-surname", "different-first-names", "different-types"} <= {
        k["reason"] for k in data["kept_apart"]
    }
    single = {e["event"] for e in data["single_source_events"]}
    assert "cfr:event/d4d4d4d4d4d4d4d4-2" in single


def test_cli_resolve_and_remove(run_kg, spec, tmp_path):
    from kg.graphio import new_dataset, write_dataset

    dataset = new_dataset()
    for triple in gazetteer_graph(spec["gazetteer"]):
        dataset.graph(GAZETTEER_GRAPH).add(triple)
    for article in spec["articles"]:
        target = dataset.graph(article_graph_iri(article["id"]))
        for triple in article_graph(article):
            target.add(triple)
    path = tmp_path / "graph.trig"
    write_dataset(dataset, path)
    code, out, err = run_kg("resolve", str(path))
    assert code == 0, err
    assert "7 distinct events" in out
    code, out, err = run_kg("resolve", str(path), "--report", "--format", "json", "--dry-run")
    assert code == 0, err
    assert json.loads(out)["summary"]["canonical_events"] == 3
    code, out, err = run_kg("resolve", str(path), "--format", "yaml", "--report")
    assert code == 2 and "--format must be text or json" in err
    code, out, err = run_kg("remove", "d4d4d4d4d4d4d4d4", "--store", str(path))
    assert code == 0, err
    assert "Removed 1 article graph(s)" in out
    from kg.graphio import read_dataset

    after = read_dataset(path)
    assert URIRef(article_graph_iri("d4d4d4d4d4d4d4d4")) not in {
        g.identifier for g in after.graphs() if len(g)
    }
    resolution = Graph()
    resolution += after.graph(RESOLUTION_GRAPH)
    assert len(set(resolution.objects(None, RESOLVED_INTO))) == 2
