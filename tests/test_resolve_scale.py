"""Resolution reads stores by SPARQL and writes only what changed: same graphs as before, faster.

The reference is the old path, ``resolve`` over ``store.to_dataset()`` (every quad in rdflib).
"""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.iris import GAZETTEER_GRAPH, article_graph_iri
from kg.resolve import RESOLUTION_GRAPH, refresh_resolution, remove_articles
from kg.resolve.core import default_gazetteer, resolve
from kg.resolve.fetch import reads_by_query
from kg.resolve.maintain import write_resolution
from kg.resolve.synthetic import article_graph, gazetteer_graph, synthetic_spec
from kg.store.oxigraph import OxigraphStore

#: (events, seed): synthetic sets of article events, each real event reported by 1..3 articles
SETS = [(300, 7), (600, 11)]


def _fill(store, spec: dict) -> None:
    store.replace_graph(GAZETTEER_GRAPH, gazetteer_graph(spec["gazetteer"]))
    for article in spec["articles"]:
        store.replace_graph(article_graph_iri(article["id"]), article_graph(article))


def _by_dataset(store) -> Graph:
    return _stored(resolve(store.to_dataset(), gazetteer=default_gazetteer).graph)


def _stored(graph: Graph) -> Graph:
    """A graph as Oxigraph holds it (it keeps xsd:nonNegativeInteger values as xsd:integer)."""
    with OxigraphStore(None) as scratch:
        scratch.replace_graph(RESOLUTION_GRAPH, graph)
        return scratch.named_graph(RESOLUTION_GRAPH)


@pytest.mark.parametrize(("events", "seed"), SETS)
def test_sparql_reading_gives_the_dataset_result(events, seed):
    spec = synthetic_spec(events, seed=seed)
    with OxigraphStore(None) as store:
        _fill(store, spec)
        assert reads_by_query(store)
        expected = _by_dataset(store)
        assert len(expected) > 0
        assert isomorphic(_stored(resolve(store, gazetteer=default_gazetteer).graph), expected)
        refresh_resolution(store)
        # the stored graph is now ignored by resolution, and equals the fresh result
        assert isomorphic(store.named_graph(RESOLUTION_GRAPH), expected)
        assert isomorphic(_stored(resolve(store, gazetteer=default_gazetteer).graph), expected)


def test_writing_the_difference_keeps_the_store_equal_to_the_result():
    spec = synthetic_spec(300, seed=3)
    with OxigraphStore(None) as store:
        _fill(store, spec)
        refresh_resolution(store)
        graph = resolve(store, gazetteer=default_gazetteer).graph
        assert write_resolution(store, graph) == 0  # nothing changed: nothing written
        ids = [a["id"] for a in spec["articles"][:40]]
        remove_articles(store, ids)
        assert isomorphic(store.named_graph(RESOLUTION_GRAPH), _by_dataset(store))
        for article in spec["articles"][:40]:
            store.replace_graph(article_graph_iri(article["id"]), article_graph(article))
        refresh_resolution(store)
        assert isomorphic(store.named_graph(RESOLUTION_GRAPH), _stored(graph))


def test_an_empty_result_removes_the_graph():
    spec = synthetic_spec(60, seed=5)
    with OxigraphStore(None) as store:
        _fill(store, spec)
        refresh_resolution(store)
        assert RESOLUTION_GRAPH in store.graph_iris()
        write_resolution(store, Graph())
        assert RESOLUTION_GRAPH not in store.graph_iris()


def test_rdflib_stores_and_datasets_are_read_directly():
    from kg.graphio import new_dataset
    from kg.store import open_store

    with open_store("memory") as store:
        assert not reads_by_query(store)
    assert not reads_by_query(new_dataset())
    assert not reads_by_query(Graph())
