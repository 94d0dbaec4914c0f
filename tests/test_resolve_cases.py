"""Resolution on hand-built article graphs (tests/data/resolve/cases/*.json): fast, no spaCy model.

Each case lists articles in the contract's shape (built by ``kg.resolve.synthetic``) and what
resolution must make of them: the clusters of article events, the canonical events' values, the
merges and near-misses of actors, and the number of distinct events and actors.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import OWL, RDF

from kg.iris import RESOURCE
from kg.namespace import CF
from kg.resolve import resolution_counts, resolution_report, resolve_dataset
from kg.resolve.core import canonical_event_iri
from kg.resolve.synthetic import dataset_from_spec
from kg.resolve.terms import RESOLVED_INTO, SOURCE_COUNT

CASES = sorted((Path(__file__).parent / "data" / "resolve" / "cases").glob("*.json"))


def _case(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _event(local: str) -> URIRef:
    return URIRef(f"{RESOURCE}event/{local}")


def _iri(local: str) -> URIRef:
    return URIRef(RESOURCE + local)


def _no_gazetteer() -> None:
    return None


@pytest.fixture(scope="module", params=CASES, ids=[p.stem for p in CASES])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Graph]:
    spec = _case(request.param)
    return spec, resolve_dataset(dataset_from_spec(spec), gazetteer=_no_gazetteer)


def _explain(expected: Graph, actual: Graph) -> str:
    _both, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    first, second = only_expected.serialize(format="nt"), only_actual.serialize(format="nt")
    return f"only in first:\n{first}\nonly in second:\n{second}"


def test_clusters(case: tuple[dict[str, Any], Graph]) -> None:
    spec, graph = case
    found: dict[URIRef, set[URIRef]] = {}
    for member, canonical in graph.subject_objects(RESOLVED_INTO):
        found.setdefault(canonical, set()).add(member)  # type: ignore[arg-type]
    expected = {frozenset(_event(m) for m in cluster) for cluster in spec["expect"]["clusters"]}
    assert {frozenset(v) for v in found.values()} == expected
    for canonical, members in found.items():
        assert canonical == canonical_event_iri(sorted(members))
        assert len(set(graph.objects(canonical, RDF.type))) == 1


def test_canonical_values(case: tuple[dict[str, Any], Graph]) -> None:
    spec, graph = case
    for member, want in spec["expect"].get("canonical", {}).items():
        canonical = graph.value(_event(member), RESOLVED_INTO)
        assert canonical is not None, member
        assert graph.value(canonical, RDF.type) == CF[want["class"]]
        assert str(graph.value(canonical, CF.date)) == want["date"]
        assert graph.value(canonical, CF.datePrecision) == CF[want["precision"]]
        assert graph.value(canonical, CF.place) == _iri(want["place"])
        assert int(graph.value(canonical, SOURCE_COUNT)) == want["sources"]  # type: ignore[arg-type]
        assert len(set(graph.objects(canonical, CF.hasMention))) >= want["sources"]
        assert len(set(graph.objects(canonical, CF.evidence))) >= want["sources"]
        conflicting = graph.value(canonical, CF.hasConflictingReports)
        assert bool(conflicting and conflicting.toPython()) == want["conflicting"]
        if "alleged" in want:
            assert set(graph.objects(canonical, CF.allegedPerpetrator)) == {_iri(a) for a in want["alleged"]}


def test_distinct_event_count(case: tuple[dict[str, Any], Graph]) -> None:
    spec, _graph = case
    counts = resolution_counts(dataset_from_spec(spec))
    assert counts["distinct_events"] == spec["expect"]["distinct_events"]


def test_actor_merges_and_near_misses(case: tuple[dict[str, Any], Graph]) -> None:
    spec, graph = case
    report = resolution_report(dataset_from_spec(spec), gazetteer=_no_gazetteer)
    merges = {(frozenset(m["entities"]), m["rule"]) for m in report.merges}
    for a, b, rule in spec["expect"].get("merges", []):
        assert (frozenset({f"cfr:{a}", f"cfr:{b}"}), rule) in merges, (a, b, rule, report.merges)
        assert (_iri(a), OWL.sameAs, _iri(b)) in graph or (_iri(b), OWL.sameAs, _iri(a)) in graph
    kept = {(frozenset(m["entities"]), m["reason"]) for m in report.kept_apart}
    for a, b, reason in spec["expect"].get("kept_apart", []):
        assert (frozenset({f"cfr:{a}", f"cfr:{b}"}), reason) in kept, (a, b, reason, report.kept_apart)
    if "kept_apart" in spec["expect"]:
        assert len(kept) == len(spec["expect"]["kept_apart"]), report.kept_apart
    if "merges" in spec["expect"]:
        assert len(merges) == len(spec["expect"]["merges"]), report.merges


def test_distinct_actor_count(case: tuple[dict[str, Any], Graph]) -> None:
    spec, graph = case
    if "distinct_actors" not in spec["expect"]:
        pytest.skip("the case does not count actors")
    same = dict(graph.subject_objects(OWL.sameAs))
    dataset = dataset_from_spec(spec)
    roles = (CF.perpetrator, CF.allegedPerpetrator, CF.target, CF.victim, CF.participant)
    actors = {same.get(o, o) for g in dataset.graphs() for p in roles for o in g.objects(None, p)}
    assert len(actors) == spec["expect"]["distinct_actors"], sorted(actors)


def test_ambiguous_reports_stay_alone(case: tuple[dict[str, Any], Graph]) -> None:
    spec, graph = case
    report = resolution_report(dataset_from_spec(spec), gazetteer=_no_gazetteer)
    assert sorted(e["event"] for e in report.ambiguous_events) == sorted(
        f"cfr:event/{e}" for e in spec["expect"].get("ambiguous", [])
    )
    for local in spec["expect"].get("ambiguous", []):
        assert graph.value(_event(local), RESOLVED_INTO) is None


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_any_article_order_gives_isomorphic_output(path: Path) -> None:
    spec = _case(path)
    reference = resolve_dataset(dataset_from_spec(spec), gazetteer=_no_gazetteer)
    n = len(spec["articles"])
    for order in itertools.islice(itertools.permutations(range(n)), 1, 6):
        other = resolve_dataset(dataset_from_spec(spec, order=list(order)), gazetteer=_no_gazetteer)
        assert isomorphic(reference, other), _explain(reference, other)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_existing_resolution_graph_is_ignored(path: Path) -> None:
    from kg.resolve import RESOLUTION_GRAPH

    spec = _case(path)
    dataset = dataset_from_spec(spec)
    first = resolve_dataset(dataset, gazetteer=_no_gazetteer)
    target = dataset.graph(RESOLUTION_GRAPH)
    for triple in first:
        target.add(triple)
    assert isomorphic(first, resolve_dataset(dataset, gazetteer=_no_gazetteer))


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_removing_one_report_keeps_the_other_source(path: Path) -> None:
    spec = _case(path)
    for cluster in spec["expect"]["clusters"]:
        if len(cluster) != 2:
            continue
        keep, drop = cluster
        dropped = drop.rsplit("-", 1)[0]
        smaller = {**spec, "articles": [a for a in spec["articles"] if a["id"] != dropped]}
        graph = resolve_dataset(dataset_from_spec(smaller), gazetteer=_no_gazetteer)
        assert graph.value(_event(keep), RESOLVED_INTO) is None  # alone again: its own event stands
        assert not any(str(s).endswith(drop) for s in graph.subjects(RESOLVED_INTO, None))
