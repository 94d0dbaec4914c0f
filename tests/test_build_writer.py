"""The build's write path after issue 7's profiling: the background writer, the store's load-based
replace and the worker's N-Triples writer must change the speed, never the graph or the guarantees."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.background import BackgroundWriter
from kg.build import ArticleGraph, StoreSink, build_articles
from kg.errors import QueryError, StoreError
from kg.iris import article_graph_iri
from kg.ntriples import ntriples_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
G1 = URIRef("https://w3id.org/conflict-kg/graph/article/00000000000000b1")


def _text(n: int, tag: str = "x") -> str:
    return "".join(
        f'<https://w3id.org/conflict-kg/resource/event/{tag}-{i}> <urn:p> "v {i}" .\n' for i in range(n)
    )


# --- the worker's N-Triples text --------------------------------------------------------------


def test_ntriples_text_is_rdflib_serialisation_byte_for_byte():
    from rdflib.plugins.serializers.nt import _nt_row

    a, p = URIRef("https://x.org/a"), URIRef("https://x.org/p")
    objects = [
        a,
        BNode("b1"),
        Literal('quote " backslash \\ newline \n return \r tab \t'),
        Literal("café ✓ 𝄞"),
        Literal("Erbil", lang="en"),
        Literal("4", datatype=XSD.integer),
        Literal("2021-07-24", datatype=XSD.date),
        Literal(""),
    ]
    triples = [(a, p, o) for o in objects] + [(BNode("b1"), p, a), (a, p, a)]
    assert ntriples_text(triples) == "".join(_nt_row(t) for t in triples)


def test_ntriples_text_refuses_an_invalid_iri_as_rdflib_does():
    with pytest.raises(Exception, match="does not look like a valid URI"):
        ntriples_text([(URIRef("https://x.org/a b"), URIRef("urn:p"), Literal("x"))])


def test_article_graph_counts_match_the_graph_path():
    from kg.namespace import CF

    e1, e2 = URIRef("urn:e1"), URIRef("urn:e2")
    triples = [
        (e1, CF.datePrecision, CF.DayPrecision),
        (e1, CF.datePrecision, CF.DayPrecision),  # duplicates count once
        (e2, CF.datePrecision, CF.MonthPrecision),
        (e1, CF.perpetrator, URIRef("urn:actor/a")),
        (e2, CF.victim, URIRef("urn:actor/b")),
        (e1, CF.place, URIRef("urn:place/p")),
        (URIRef("urn:article"), CF.url, Literal("https://x.org/1")),
    ]
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    fast = ArticleGraph.from_triples("a", "s", triples)
    slow = ArticleGraph.from_graph("a", "s", graph)
    assert (fast.triple_count, fast.events, fast.actors, fast.places, fast.sources) == (
        slow.triple_count, slow.events, slow.actors, slow.places, slow.sources,
    )  # fmt: skip
    assert (fast.triple_count, fast.events, len(fast.actors)) == (6, 2, 2)


# --- the store's replace from N-Triples -------------------------------------------------------


def _quads(store: Any) -> set[str]:
    return {str(q) for q in store.ox}


def test_replace_graph_ntriples_loads_a_new_graph_and_replaces_an_existing_one(tmp_path):
    from kg.store import open_store

    with open_store(tmp_path / "fast") as fast, open_store(tmp_path / "update") as slow:
        for text in (_text(5), _text(2, "y")):  # the second call replaces: 2 quads, never 7
            fast.replace_graph_ntriples(G1, text)
            name = f"<{G1}>"
            slow.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{text}}} }}")
            assert _quads(fast) == _quads(slow)
        assert fast.count() == 2 and fast.graph_iris() == [G1]


def test_replace_graph_ntriples_with_bad_text_changes_nothing(tmp_path):
    from kg.store import open_store

    with open_store(tmp_path / "store") as store:
        store.replace_graph_ntriples(G1, _text(3))
        G2 = URIRef(str(G1) + "2")
        with pytest.raises(StoreError, match="not valid N-Triples"):
            store.replace_graph_ntriples(G2, _text(3) + "<urn:a> <urn:b> broken .\n")
        with pytest.raises(QueryError, match="does not parse"):  # an existing graph: the update path
            store.replace_graph_ntriples(G1, _text(1) + "<urn:a> <urn:b> broken .\n")
        assert store.count() == 3 and store.graph_iris() == [G1]


# --- the background writer ---------------------------------------------------------------------


def test_background_writer_writes_in_order_in_another_thread():
    seen: list[tuple[str, str]] = []
    writer = BackgroundWriter(lambda *args: seen.append((threading.current_thread().name, args[0])))
    for i in range(50):
        writer.put(str(i), "text")
    writer.close()
    assert [name for _thread, name in seen] == [str(i) for i in range(50)]
    assert {thread for thread, _name in seen} == {"kg-store-writer"}


def test_a_failed_write_is_raised_by_the_next_put_and_never_blocks():
    def write(name: str, text: str) -> None:
        raise StoreError(f"the store refused {name}")

    writer = BackgroundWriter(write, max_pending=2)
    writer.put("a", "")
    with pytest.raises(StoreError, match="refused a"):
        for name in "bcdefghijk":  # more than max_pending: the failed writer still drains the queue
            writer.put(name, "")
    with pytest.raises(StoreError, match="refused a"):
        writer.close()


def test_abort_writes_what_is_queued_and_keeps_the_build_error():
    release = threading.Event()
    seen: list[str] = []

    def write(name: str, text: str) -> None:
        release.wait(5)
        seen.append(name)
        if name == "c":
            raise StoreError("disk full")

    writer = BackgroundWriter(write)
    for name in "abcd":
        writer.put(name, "")
    release.set()
    writer.abort()  # never raises the write error: the build's own exception is the one reported
    assert seen == ["a", "b", "c"]


def _fake_extract(batches: Iterator[list[Any]], *, model: str, jobs: int) -> Iterator[ArticleGraph]:
    """The build without the model: each article's graph is a few triples of its own."""
    for batch in batches:
        for article in batch:
            yield ArticleGraph(article.id, article.source_path or "", _text(3, article.id), 3)


def test_build_into_the_embedded_store_writes_in_the_background(tmp_path, monkeypatch):
    from kg.store import open_store

    monkeypatch.setattr("kg.build.extract_batches", _fake_extract)
    files = sorted(EXAMPLES.glob("*.txt"))[:4]
    threads: set[str] = set()
    with open_store(tmp_path / "store") as store:
        sink = StoreSink(store)
        assert sink.writes_in_background
        original = store.replace_graph_ntriples

        def spy(graph_iri: URIRef, text: str) -> None:
            threads.add(threading.current_thread().name)
            original(graph_iri, text)

        monkeypatch.setattr(store, "replace_graph_ntriples", spy)
        report = build_articles(files, sink=sink, jobs=1, batch_size=3)
        assert report.articles == 4 and store.count() == 12  # every article written before returning
    assert threads == {"kg-store-writer"}
    with open_store("memory") as memory:
        assert not StoreSink(memory).writes_in_background  # rdflib stores hold the GIL: written inline


def test_a_store_write_error_fails_the_build_with_the_store_message(tmp_path, monkeypatch):
    from kg.store import open_store

    monkeypatch.setattr("kg.build.extract_batches", _fake_extract)
    files = sorted(EXAMPLES.glob("*.txt"))[:3]
    with open_store(tmp_path / "store") as store:

        def broken(graph_iri: URIRef, text: str) -> None:
            raise StoreError(f"the store {store.location} refused the update: disk full")

        monkeypatch.setattr(store, "replace_graph_ntriples", broken)
        with pytest.raises(StoreError, match="refused the update: disk full"):
            build_articles(files, sink=StoreSink(store), jobs=1, batch_size=1)


def test_an_interrupted_build_keeps_every_article_handed_to_the_writer(tmp_path, monkeypatch):
    from kg.store import open_store

    monkeypatch.setattr("kg.build.extract_batches", _fake_extract)
    files = sorted(EXAMPLES.glob("*.txt"))[:5]
    handed: list[str] = []

    def interrupt(result: ArticleGraph, report: Any) -> None:
        handed.append(result.article_id)
        if len(handed) == 3:
            raise KeyboardInterrupt

    with open_store(tmp_path / "store") as store:
        with pytest.raises(KeyboardInterrupt):
            build_articles(files, sink=StoreSink(store), jobs=1, batch_size=5, on_article=interrupt)
        written = [g for g in store.graph_iris() if "/graph/article/" in str(g)]
        assert sorted(written) == sorted(article_graph_iri(a) for a in handed)
        assert store.count() == 3 * len(handed)


def test_the_writer_thread_starts_with_the_first_write():
    """No thread exists before the first article arrives, so the build's workers fork without one."""
    before = threading.active_count()
    writer = BackgroundWriter(lambda *args: None)
    assert threading.active_count() == before
    writer.put("a", "")
    writer.close()
    writer.close()  # closing twice is harmless
    assert threading.active_count() == before


@pytest.mark.slow
def test_a_build_freezes_the_loaded_model_out_of_the_garbage_collector_once(tmp_path):
    """The model's millions of objects were walked by every full collection of the build; after the
    first build of a process they sit in the collector's permanent generation."""
    import gc

    from kg.build import FileSink, build_articles

    article = tmp_path / "a.txt"
    article.write_text(" date 2024-01-02 \n\nRockets hit a base near Erbil on Monday.\n", encoding="utf-8")
    build_articles([article], sink=FileSink(tmp_path / "out.trig"), jobs=1)
    frozen = gc.get_freeze_count()
    assert frozen > 100_000
    build_articles([article], sink=FileSink(tmp_path / "again.trig"), jobs=1)
    assert (
        gc.get_freeze_count() <= frozen
    )  # once per process, not per build (frozen objects may still be freed)
