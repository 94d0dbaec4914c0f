"""Resolution on really extracted articles (the spaCy model, loaded once per session).

Article sets in tests/data/resolve/articles/<set>/ report the same events in different words,
with different spellings, vaguer and more precise dates, another attack at the same place on
another day, and two people sharing a surname (the sentences are written for these tests).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL

from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, article_graph_iri
from kg.namespace import CF
from kg.resolve import RESOLUTION_GRAPH, refresh_resolution
from kg.resolve.terms import RESOLVED_INTO
from tests.conftest import EXAMPLES, GOLD, shared_or_skip

pytestmark = [pytest.mark.slow]

SETS = Path(__file__).parent / "data" / "resolve" / "articles"


@pytest.fixture(scope="session")
def resolve_extracted(nlp: Any, gazetteer: Any) -> dict[str, dict[str, tuple[URIRef, Graph]]]:
    """Our article sets and the bundled examples, extracted once: {"sets"|"examples": {file: ...}}."""
    import loaders
    from kg.extract import extract
    from kg.nlp import make_doc

    out: dict[str, dict[str, tuple[URIRef, Graph]]] = {}
    for key, files in (("sets", sorted(SETS.glob("*/*.txt"))), ("examples", sorted(EXAMPLES.glob("*.txt")))):
        articles = [a for a in loaders.iter_articles([str(f) for f in files]) if not isinstance(a, Exception)]
        assert len(articles) == len(files)
        out[key] = {}
        for doc, article in nlp.pipe(((make_doc(nlp, a), a) for a in articles), as_tuples=True):
            graph = extract(doc, article, gazetteer=gazetteer)
            out[key][Path(article.source_path or "").name] = (article_graph_iri(article.id), graph)
    return out


@pytest.fixture(scope="session")
def resolve_article_graphs(resolve_extracted) -> dict[str, tuple[URIRef, Graph]]:
    return resolve_extracted["sets"]


@pytest.fixture(scope="session")
def resolve_example_graphs(resolve_extracted) -> dict[str, tuple[URIRef, Graph]]:
    return resolve_extracted["examples"]


def _fill(store: Any, graphs: Iterable[tuple[URIRef, Graph]]) -> None:
    store.ensure_reference_graphs()
    for iri, graph in graphs:
        store.replace_graph(iri, graph)
    refresh_resolution(store)


def _set(graphs: dict[str, tuple[URIRef, Graph]], name: str) -> list[tuple[URIRef, Graph]]:
    wanted = {p.name for p in (SETS / name).glob("*.txt")}
    return [graphs[f] for f in sorted(wanted)]


def _distinct(store: Any) -> list[dict[str, Any]]:
    """Event records counting each real event once (members of a canonical event skipped)."""
    from kg.events import event_records

    resolved = {str(s) for s in _dataset_graph(store, RESOLUTION_GRAPH).subjects(RESOLVED_INTO, None)}
    return [r for r in event_records(store) if r["id"] not in resolved]


def _dataset_graph(store: Any, iri: URIRef) -> Graph:
    return store.named_graph(iri)


def _at(records: list[dict[str, Any]], place_label: str, plover: str = "ASSAULT") -> list[dict[str, Any]]:
    return sorted(
        (
            r
            for r in records
            if r["plover"] == plover and (r["place"] or {}).get("label", "").startswith(place_label)
        ),
        key=lambda r: r["date"] or "",
    )


def test_erbil_airport_reports_give_one_event_per_real_event(resolve_article_graphs):
    from kg.store import open_store

    with open_store("memory") as store:
        _fill(store, _set(resolve_article_graphs, "erbil-hangar"))
        events = _at(_distinct(store), "Erbil International Airport")
        assert [(r["date"], len(r["sources"])) for r in events] == [("2022-03-08", 3), ("2022-03-20", 1)], (
            events
        )
        assert events[0]["class"] == "DroneStrike"
        assert len(events[0]["evidence"]) >= 3
        # two people sharing a surname stay two people, and the report says so
        from kg.resolve import resolution_report

        report = resolution_report(store)
        barzanis = [k for k in report.kept_apart if all("barzani" in e for e in k["entities"])]
        assert barzanis and barzanis[0]["reason"] == "different-first-names"


def test_spelling_variants_become_one_actor_and_one_event(resolve_article_graphs):
    from kg.store import open_store

    with open_store("memory") as store:
        _fill(store, _set(resolve_article_graphs, "anbar-rockets"))
        events = _at(_distinct(store), "Ain al-Asad")
        assert [(r["date"], len(r["sources"])) for r in events] == [("2023-06-11", 2), ("2023-06-18", 1)], (
            events
        )
        resolution = store.named_graph(RESOLUTION_GRAPH)
        same = {(str(s), str(o)) for s, o in resolution.subject_objects(OWL.sameAs)}
        assert any("qabdat" in s and "qabdat" in o for s, o in same), same
        perpetrators = {p["iri"] for p in events[0]["perpetrators"]}
        assert len(perpetrators) == 1, events[0]


def _all_graphs(store: Any) -> dict[URIRef, Graph]:
    return {iri: store.named_graph(iri) for iri in store.graph_iris()}


def test_two_build_orders_give_isomorphic_graphs(resolve_article_graphs):
    from kg.store import open_store

    items = sorted(resolve_article_graphs.values(), key=lambda item: str(item[0]))
    with open_store("memory") as forward, open_store("memory") as backward:
        _fill(forward, items)
        _fill(backward, list(reversed(items)))
        a, b = _all_graphs(forward), _all_graphs(backward)
        assert sorted(a) == sorted(b)
        for iri in a:
            assert isomorphic(a[iri], b[iri]), iri
        assert len(a[RESOLUTION_GRAPH]) > 0


def test_building_twice_leaves_the_triple_count_unchanged(resolve_article_graphs, tmp_path):
    from kg.store import open_store

    items = list(resolve_article_graphs.values())
    with open_store(tmp_path / "store") as store:  # embedded Oxigraph, the default backend
        _fill(store, items)
        first = store.count()
        _fill(store, items)
        assert store.count() == first


def test_removing_one_article_of_a_pair_keeps_the_other_source(resolve_article_graphs, run_kg, tmp_path):
    from kg.store import open_store

    location = tmp_path / "store"
    with open_store(location) as store:
        _fill(store, _set(resolve_article_graphs, "anbar-rockets"))
    code, out, err = run_kg("remove", "01_desert-herald.txt", "--store", str(location))
    assert code == 0, err
    assert "Removed 1 article graph" in out
    with open_store(location, read_only=True) as store:
        events = _at(_distinct(store), "Ain al-Asad")
        assert [(r["date"], len(r["sources"])) for r in events] == [("2023-06-11", 1), ("2023-06-18", 1)], (
            events
        )
        assert events[0]["sources"] == [
            "https://www.river-news.example/en/2023/06/13/group-claims-rockets-on-ain-al-assad"
        ]
        assert not list(store.named_graph(RESOLUTION_GRAPH).subjects(RESOLVED_INTO, None))


def test_remove_an_unknown_source_is_a_usage_error(run_kg, tmp_path):
    code, _out, err = run_kg("remove", "no-such-article.txt", "--store", str(tmp_path / "empty"))
    assert code == 2
    assert "no article in the store matches" in err


def test_kg_build_twice_then_resolve_is_idempotent(run_kg, tmp_path):
    location = str(tmp_path / "store")
    articles = str(SETS / "erbil-hangar")
    counts = []
    for _ in range(2):
        code, _out, err = run_kg("build", articles, "--store", location, "--jobs", "1", "--quiet")
        assert code == 0, err
        code, out, err = run_kg("resolve", "--store", location)
        assert code == 0, err
        assert "distinct events" in out
        from kg.store import open_store

        with open_store(location, read_only=True) as store:
            counts.append(store.count())
    assert counts[0] == counts[1]
    code, out, err = run_kg("resolve", "--store", location, "--report", "--format", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["summary"]["canonical_events"] >= 1
    assert {"merges", "kept_apart", "single_source_events"} <= set(report)


# --- the bundled examples --------------------------------------------------------------------


def test_examples_twice_and_in_two_orders(resolve_example_graphs):
    from kg.store import open_store

    items = sorted(resolve_example_graphs.values(), key=lambda item: str(item[0]))
    with open_store("memory") as forward, open_store("memory") as backward:
        _fill(forward, items)
        count = forward.count()
        _fill(forward, items)
        assert forward.count() == count
        _fill(backward, list(reversed(items)))
        a, b = _all_graphs(forward), _all_graphs(backward)
        assert sorted(a) == sorted(b)
        for iri in a:
            if iri not in (GAZETTEER_GRAPH, ONTOLOGY_GRAPH):
                assert isomorphic(a[iri], b[iri]), iri


def _score(scorer: Path, pairs: list[tuple[Path, list[dict[str, Any]]]], tmp_path: Path) -> dict[str, Any]:
    from kg.events import to_jsonl

    tmp_path.mkdir(parents=True, exist_ok=True)
    args = [sys.executable, str(scorer), "--json"]
    for i, (gold, records) in enumerate(pairs):
        pred = tmp_path / f"pred-{i}.jsonl"
        pred.write_text(to_jsonl(records), encoding="utf-8")
        args += ["--gold", str(gold), "--pred", str(pred)]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def test_one_graph_does_not_lower_event_precision(resolve_example_graphs, tmp_path):
    """The issue's check: all examples in one resolved graph vs each article alone."""
    from kg.events import event_records
    from kg.store import open_store

    scorer = shared_or_skip("eval", "score_events.py")
    golds = sorted(GOLD.glob("*.gold.json"))
    alone: list[tuple[Path, list[dict[str, Any]]]] = []
    with open_store("memory") as store:
        store.ensure_reference_graphs()
        gazetteer = store.named_graph(GAZETTEER_GRAPH)
    for gold in golds:
        _iri, graph = resolve_example_graphs[gold.name.replace(".gold.json", ".txt")]
        one = Graph()
        one += graph
        one += gazetteer
        alone.append((gold, event_records(one)))
    with open_store("memory") as store:
        _fill(store, resolve_example_graphs.values())
        records = _distinct(store)
    together = []
    for gold in golds:
        _iri, graph = resolve_example_graphs[gold.name.replace(".gold.json", ".txt")]
        names = {str(o) for o in graph.objects(None, CF.url)} | {
            str(s) for s in graph.subjects(CF.fileName, None)
        }
        together.append((gold, [r for r in records if names & set(r["sources"])]))
    before = _score(scorer, alone, tmp_path / "alone")
    after = _score(scorer, together, tmp_path / "together")
    assert after["event_precision"] >= before["event_precision"], (before["counts"], after["counts"])
    assert after["event_recall"] >= before["event_recall"] - 0.05, (before["counts"], after["counts"])


@pytest.mark.parametrize("key", ["sets", "examples"])
def test_sparql_reading_matches_the_dataset_path(resolve_extracted, key):
    """Oxigraph stores are read by a few SELECTs: the same resolution as from the whole dataset."""
    from kg.resolve.core import default_gazetteer, resolve
    from kg.store.oxigraph import OxigraphStore

    with OxigraphStore(None) as store, OxigraphStore(None) as scratch:
        _fill(store, resolve_extracted[key].values())
        expected = resolve(store.to_dataset(), gazetteer=default_gazetteer).graph
        got = resolve(store, gazetteer=default_gazetteer).graph
        assert len(expected) > 0
        assert isomorphic(got, expected)
        scratch.replace_graph(RESOLUTION_GRAPH, expected)  # as Oxigraph holds it
        assert isomorphic(store.named_graph(RESOLUTION_GRAPH), scratch.named_graph(RESOLUTION_GRAPH))
