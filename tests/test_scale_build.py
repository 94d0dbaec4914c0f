"""The build's write path: sinks take the workers' N-Triples text straight, atomically."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.build import ArticleGraph, FileSink, StoreSink, ntriples_to_nquads, parse_ntriples

G1 = URIRef("https://w3id.org/conflict-kg/graph/article/00000000000000a1")
G2 = URIRef("https://w3id.org/conflict-kg/graph/article/00000000000000a2")


def _graph(n: int) -> Graph:
    graph = Graph()
    for i in range(n):
        graph.add(
            (
                URIRef(f"https://w3id.org/conflict-kg/resource/event/x-{i}"),
                URIRef("https://w3id.org/conflict-kg/ontology#dateText"),
                Literal(f'line one\nline "two" \\ café {i}'),
            )
        )
    return graph


def _nt(graph: Graph) -> str:
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


def test_ntriples_become_quads_of_the_named_graph():
    graph = _graph(3)
    quads = ntriples_to_nquads(_nt(graph), str(G1))
    assert quads.count(f"<{G1}> .\n") == 3
    from kg.graphio import new_dataset

    dataset = new_dataset()
    dataset.parse(data=quads, format="nquads")
    assert isomorphic(dataset.graph(G1), graph)


def test_article_graph_carries_text_and_counts():
    from kg.namespace import CF

    graph = _graph(2)
    graph.add((URIRef("urn:e"), CF.datePrecision, CF.DayPrecision))
    graph.add((URIRef("urn:e"), CF.perpetrator, URIRef("urn:actor")))
    built = ArticleGraph.from_graph("a1", "a.txt", graph)
    assert built.triple_count == 4 and built.events == 1 and built.actors == {"urn:actor"}
    assert isomorphic(built.graph(), graph) and len(built.triples) == 4


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_file_sink_writes_every_graph_once_at_close(tmp_path, suffix):
    from kg.graphio import read_dataset

    path = tmp_path / f"out{suffix}"
    sink = FileSink(path)
    sink.put_ntriples(G1, _nt(_graph(2)))
    sink.put(G2, _graph(3))
    assert not path.exists(), "nothing is visible before close"
    sink.close()
    dataset = read_dataset(path)
    assert isomorphic(dataset.graph(G1), _graph(2)) and isomorphic(dataset.graph(G2), _graph(3))
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_an_aborted_file_sink_leaves_nothing(tmp_path, suffix):
    sink = FileSink(tmp_path / f"out{suffix}")
    sink.put_ntriples(G1, _nt(_graph(2)))
    sink.abort()
    assert list(tmp_path.iterdir()) == []


def test_a_file_sink_in_a_missing_folder_fails_before_building(tmp_path):
    from kg.errors import ExportError

    with pytest.raises(ExportError, match="does not exist"):
        FileSink(tmp_path / "nope" / "out.nq")


@pytest.mark.parametrize("location", ["oxigraph", "memory"])
def test_store_sink_fast_path_equals_replace_graph(tmp_path, location):
    from kg.store import open_store

    where = tmp_path / "store" if location == "oxigraph" else "memory"
    with open_store(where) as store:
        sink = StoreSink(store)
        sink.put_ntriples(G1, _nt(_graph(5)))
        sink.put_ntriples(G1, _nt(_graph(2)))  # replaces, never adds
        sink.put(G2, _graph(1))
        assert store.count() == 3
        assert isomorphic(store.named_graph(G1), _graph(2))


def test_parse_ntriples_of_nothing_is_an_empty_graph():
    assert len(parse_ntriples("")) == 0


def test_progress_total_counts_files_without_reading_them(tmp_path):
    from kg.cli.progress import estimate_total, progress_callback

    for i in range(3):
        (tmp_path / f"{i}.txt").write_text("x")
    assert estimate_total([tmp_path]) == 3
    on_article, finish = progress_callback(enabled=False, total=3)
    assert on_article is None
    finish()


def test_every_model_a_process_loads_is_frozen_out_of_the_collector(monkeypatch):
    """Regression: only a process's first model was frozen (``gc.freeze``), so in a notebook that
    loads a second one every full collection walked the second model again (5-15 % slower builds)."""
    import gc

    import kg.build as build
    from kg.nlp import DEFAULT_MODEL

    monkeypatch.setattr(build, "_LOCAL", {})
    build.local_extractor(DEFAULT_MODEL)
    first = gc.get_freeze_count()
    monkeypatch.setattr(build, "_LOCAL", {})  # as if another model were loaded
    build.local_extractor(DEFAULT_MODEL)
    second = gc.get_freeze_count()
    assert second > first
    build.local_extractor(DEFAULT_MODEL)  # the same model again: kept, not loaded nor frozen again
    assert gc.get_freeze_count() == second
