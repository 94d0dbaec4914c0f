"""The store backends behind one interface: choice by location, atomic graph replacement, locking,
file round trips, bulk loads and the reference graphs."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import StoreError
from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH
from kg.store import BACKENDS, Store, backend_for, open_store

SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"
ROOT = Path(__file__).resolve().parents[1]
ARTICLE_GRAPH = URIRef("https://w3id.org/conflict-kg/graph/article/3f9a1c2b7d4e5a60")


def test_registry_is_pinned() -> None:
    assert sorted(BACKENDS) == ["file", "memory", "oxigraph", "sparql"]


@pytest.mark.parametrize(
    ("location", "backend"),
    [
        (".kg/store", "oxigraph"),
        ("/data/kg", "oxigraph"),
        ("graph.trig", "file"),
        ("graph.NQ", "file"),
        ("out/graph.jsonld", "file"),
        ("http://127.0.0.1:7878/query", "sparql"),
        ("https://example.org/sparql", "sparql"),
        ("memory", "memory"),
    ],
)
def test_backend_for(location: str, backend: str) -> None:
    assert backend_for(location) == backend


def test_default_location_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KG_STORE", str(tmp_path / "env-store"))
    with open_store() as store:
        assert store.location == str(tmp_path / "env-store")
    assert (tmp_path / "env-store").is_dir()


@pytest.fixture(params=["memory", "oxigraph", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    location = {"memory": "memory", "oxigraph": str(tmp_path / "store"), "file": str(tmp_path / "g.trig")}
    opened = open_store(location[request.param])
    opened.load_file(SAMPLE)
    yield opened
    opened.close()


def _article_graph(store: Store) -> Graph:
    graph = store.named_graph(ARTICLE_GRAPH)
    assert len(graph) > 100
    return graph


def test_replace_twice_leaves_one_copy(store: Store) -> None:
    before = store.count()
    graph = _article_graph(store)
    store.replace_graph(ARTICLE_GRAPH, graph)
    store.replace_graph(ARTICLE_GRAPH, graph)
    assert store.count() == before
    assert store.graph_iris().count(ARTICLE_GRAPH) == 1


def test_replace_changes_only_that_graph(store: Store) -> None:
    before = store.count()
    small = Graph()
    small.add((URIRef("https://x.org/a"), URIRef("https://x.org/p"), Literal("new")))
    store.replace_graph(ARTICLE_GRAPH, small)
    assert len(store.named_graph(ARTICLE_GRAPH)) == 1
    assert store.count() == before - 154 + 1
    store.remove_graph(ARTICLE_GRAPH)
    assert ARTICLE_GRAPH not in store.graph_iris()


def test_to_dataset_holds_everything(store: Store) -> None:
    dataset = store.to_dataset()
    assert len(list(dataset.quads((None, None, None, None)))) == store.count() == 523


def test_read_only_refuses_writes(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        store.load_file(SAMPLE)
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.count() == 523
        with pytest.raises(StoreError, match="read-only"):
            store.remove_graph(ARTICLE_GRAPH)


def test_read_only_on_a_missing_store_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*kg build"):
        open_store(tmp_path / "nothing", read_only=True)


def test_file_store_saves_on_close(tmp_path: Path) -> None:
    target = tmp_path / "copy.trig"
    shutil.copy(SAMPLE, target)
    with open_store(target) as store:
        store.remove_graph(ARTICLE_GRAPH)
    with open_store(target) as store:
        assert store.count() == 523 - 154
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_file_store_writes_nquads(tmp_path: Path) -> None:
    with open_store(tmp_path / "out.nq") as store:
        assert store.load_file(SAMPLE) == 523
    assert len((tmp_path / "out.nq").read_text(encoding="utf-8").splitlines()) == 523


def test_a_second_writer_is_refused(tmp_path: Path) -> None:
    location = tmp_path / "store"
    with open_store(location) as store:
        store.load_file(SAMPLE)
        script = textwrap.dedent(
            f"""
            from kg.errors import StoreError
            from kg.store import open_store
            try:
                open_store({str(location)!r})
            except StoreError as e:
                print(e)
            """
        )
        result = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60
        )
    assert result.stdout.strip() == f"store {location} is in use by another kg process; wait for it to finish"


def test_bad_file_is_a_store_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with open_store(tmp_path / "store") as store, pytest.raises(StoreError, match=r"bad\.nq"):
        store.load_file(bad)


def test_reference_graphs_are_loaded_once(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        assert store.ensure_reference_graphs() == [ONTOLOGY_GRAPH, GAZETTEER_GRAPH]
        assert store.ensure_reference_graphs() == []
        assert {ONTOLOGY_GRAPH, GAZETTEER_GRAPH} <= set(store.graph_iris())
        store.remove_graph(GAZETTEER_GRAPH)
        assert store.ensure_reference_graphs() == [GAZETTEER_GRAPH]


def test_query_result_kinds(store: Store) -> None:
    assert store.query("ASK WHERE { ?s ?p ?o }").boolean is True
    construct = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": ARTICLE_GRAPH}
    )
    assert construct.kind == "graph" and len(construct) == 154
    select = store.query("SELECT ?g WHERE { GRAPH ?g { } }")
    assert select.variables == ["g"]


def test_public_surfaces_are_pinned() -> None:
    import kg.query
    import kg.store

    assert sorted(kg.store.__all__) == [
        "BACKENDS",
        "DEFAULT_STORE",
        "QueryResult",
        "Store",
        "backend_for",
        "open_store",
        "store_location",
    ]
    assert sorted(kg.query.__all__) == [
        "FORMATS",
        "NamedQuery",
        "PARAM_TYPES",
        "Param",
        "bind_params",
        "format_result",
        "format_table",
        "list_queries",
        "load_query",
        "parse_header",
        "query_df",
        "run_query",
        "to_dataframe",
    ]
    assert sorted(kg.query.PARAM_TYPES) == ["actor", "date", "decimal", "integer", "iri", "place", "string"]
    assert sorted(kg.query.FORMATS) == ["csv", "json", "markdown", "table"]
