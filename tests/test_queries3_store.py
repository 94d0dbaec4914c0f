"""Regression tests for the query path on the embedded store (issue 7, part "queries and bulk load"):
parameters bound inside subqueries, the lazy CONSTRUCT result, the one-pass ``actor_network``,
name lookups that do not join labels with types, counting loaded statements without scanning the
store, and compaction."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from kg.errors import StoreError
from kg.query import list_queries, load_query, run_query
from kg.store import Store, open_store
from kg.store.oxigraph import OxigraphStore, count_statements
from kg.store.terms import bind_values
from tests.sample_store import SAMPLE, fill

CFR = "https://w3id.org/conflict-kg/resource/"
NET = "https://w3id.org/conflict-kg/network#"

# The network as it was computed before it became one pass (commit d24e1bc): the edges once in a
# subquery, the labels in a second one that computes the edges again. The named query must build the
# same graph (tests as data: the reference is the old text itself).
_EDGES = """
      {
        ?class rdfs:subClassOf* cf:Attack .
        ?event a ?class ; cf:perpetrator ?source ; cf:target|cf:victim ?target .
        BIND(net:attacked AS ?relation)
      } UNION {
        ?class rdfs:subClassOf* cf:Attack .
        ?event a ?class ; cf:allegedPerpetrator ?source ; cf:target|cf:victim ?target .
        BIND(net:allegedlyAttacked AS ?relation)
      } UNION {
        ?class rdfs:subClassOf* cf:Meeting .
        ?event a ?class ; cf:participant ?source , ?target .
        FILTER (STR(?source) < STR(?target))
        BIND(net:met AS ?relation)
      } UNION {
        ?class rdfs:subClassOf* cf:Threat .
        ?event a ?class ; cf:perpetrator ?source ; cf:target|cf:victim ?target .
        BIND(net:threatened AS ?relation)
      }
      FILTER (?source != ?target)
      FILTER NOT EXISTS { ?event cf:resolvedInto ?canonical }
"""
REFERENCE_NETWORK = f"""
PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX net: <{NET}>
CONSTRUCT {{
  ?source ?relation ?target .
  _:edge a ?edgeClass ; net:source ?source ; net:target ?target ; net:relation ?relation ; net:count ?n .
  ?actor rdfs:label ?actorLabel .
}}
WHERE {{
  {{
    SELECT ?source ?target ?relation (COUNT(DISTINCT ?event) AS ?n) (net:Edge AS ?edgeClass)
    WHERE {{ {_EDGES} }}
    GROUP BY ?source ?target ?relation
  }}
  UNION
  {{
    SELECT DISTINCT ?actor ?actorLabel
    WHERE {{
      {{ SELECT DISTINCT ?source ?target WHERE {{ {_EDGES} }} }}
      VALUES ?end {{ 1 2 }}
      BIND(IF(?end = 1, ?source, ?target) AS ?actor)
      ?actor rdfs:label ?actorLabel .
    }}
  }}
}}
"""


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Store]]:
    workdir = tmp_path_factory.mktemp("q3")
    with open_store("memory") as memory, open_store(workdir / "store") as oxigraph:
        yield {"memory": fill(memory, workdir), "oxigraph": fill(oxigraph, workdir, copies=3)}


# --- parameters reach subqueries --------------------------------------------------------------------
SUBQUERY_PARAM = """
PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?event WHERE {
  { SELECT DISTINCT ?event WHERE { ?event cf:hasRole ?assignment . ?assignment cf:actor ?actor } }
}
"""


def test_a_parameter_restricts_a_subquery_on_every_backend(stores: dict[str, Store]) -> None:
    actor = {"actor": URIRef(CFR + "actor/joe-biden")}
    memory = {row[0] for row in stores["memory"].query(SUBQUERY_PARAM, bindings=actor).rows}
    oxigraph = {row[0] for row in stores["oxigraph"].query(SUBQUERY_PARAM, bindings=actor).rows}
    everyone = {row[0] for row in stores["memory"].query(SUBQUERY_PARAM).rows}
    assert memory and len(memory) < len(everyone)
    assert {str(e)[-4:] for e in oxigraph} == {str(e)[-4:] for e in memory}  # same events, 3 copies


def test_values_open_every_where_group_but_not_comments() -> None:
    text = "# WHERE { not this\nSELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?x } } }"
    bound = bind_values(text, {"x": Literal("v")})
    assert bound.count('VALUES (?x) { ("v") }') == 2
    assert bound.splitlines()[0] == "# WHERE { not this"


# --- actor_network: one pass, same graph -----------------------------------------------------------
@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_actor_network_is_the_reference_graph(stores: dict[str, Store], backend: str) -> None:
    store = stores[backend]
    ours = run_query(store, "actor_network").graph
    reference = store.query(REFERENCE_NETWORK).graph
    assert ours is not None and reference is not None and len(ours) > 0
    assert isomorphic(ours, reference)


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_every_edge_node_is_whole_and_labels_belong_to_edge_ends(
    stores: dict[str, Store], backend: str
) -> None:
    graph = run_query(stores[backend], "actor_network").graph
    assert graph is not None
    nodes = {s for s in graph.subjects() if isinstance(s, BNode)}
    assert nodes
    for node in nodes:  # the rows that carry an actor must not leave half an edge behind
        predicates = Counter(p for p, _ in graph.predicate_objects(node))
        assert predicates == Counter(
            {RDF.type: 1, URIRef(NET + "source"): 1, URIRef(NET + "target"): 1,
             URIRef(NET + "relation"): 1, URIRef(NET + "count"): 1}
        )  # fmt: skip
    ends = {o for n in nodes for p in ("source", "target") for o in graph.objects(n, URIRef(NET + p))}
    assert set(graph.subjects(RDFS.label, None)) <= ends
    assert not any(isinstance(s, Literal) for s in graph.subjects())


# --- the CONSTRUCT result converts lazily ----------------------------------------------------------
def test_construct_keeps_pyoxigraph_triples_until_graph_is_read(stores: dict[str, Store]) -> None:
    result = stores["oxigraph"].query("CONSTRUCT { ?s ?p ?o } WHERE { ?s a ?o BIND(RDF:type AS ?p) }".replace(
        "RDF:type", f"<{RDF.type}>"))  # fmt: skip
    assert result.kind == "graph" and result.raw_triples is not None
    count = len(result)  # counted on pyoxigraph's triples, each once
    graph = result.graph
    assert isinstance(graph, Graph) and len(graph) == count and result.graph is graph


# --- name lookups ----------------------------------------------------------------------------------
def test_a_name_resolves_the_same_with_many_graphs_naming_it(stores: dict[str, Store]) -> None:
    for backend in ("memory", "oxigraph"):
        rows = run_query(stores[backend], "actor_events", {"actor": "kataib hezbollah"}).rows
        assert {str(r[3]) for r in rows} == {"AllegedPerpetratorRole", "PerpetratorRole"}


# --- loading and compaction ------------------------------------------------------------------------
class _NoLen:
    """A pyoxigraph store whose ``len`` (a full scan) must not be called."""

    def __init__(self, inner: object) -> None:
        self.inner = inner

    def __len__(self) -> int:
        raise AssertionError("len(store) scans the whole store")

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)


def test_load_file_counts_from_the_file_not_the_store(tmp_path: Path) -> None:
    with OxigraphStore(tmp_path / "store") as store:
        store.load_file(SAMPLE)
        store.ox = _NoLen(store.ox)  # type: ignore[assignment]
        assert store.load_file(SAMPLE) == count_statements(SAMPLE) == 523
        store.ox = store.ox.inner  # type: ignore[attr-defined]


def test_optimize_keeps_the_answers(tmp_path: Path) -> None:
    with open_store(tmp_path / "store") as store:
        fill(store, tmp_path)
        before = Counter(run_query(store, "events").rows)
        store.optimize()
        assert Counter(run_query(store, "events").rows) == before
    with (
        open_store(tmp_path / "store", read_only=True) as store,
        pytest.raises(StoreError, match="read-only"),
    ):
        store.optimize()
    with open_store("memory") as memory:
        memory.optimize()  # nothing to compact


# --- MINUS for the resolved duplicates: the rows FILTER NOT EXISTS gave ----------------------------
_MINUS = re.compile(r"MINUS \{ \?(\w+) cf:resolvedInto \?canonical \}")
MINUS_QUERIES = [q.name for q in list_queries() if _MINUS.search(q.text)]


def test_the_whole_store_queries_use_minus() -> None:
    assert {"events", "stats", "actors", "actor_network", "conflicting_reports"} <= set(MINUS_QUERIES)


@pytest.mark.parametrize("name", MINUS_QUERIES)
@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_minus_drops_the_resolved_duplicates(stores: dict[str, Store], backend: str, name: str) -> None:
    """``MINUS { ?event cf:resolvedInto ?c }`` (one hash anti-join) replaced ``FILTER NOT EXISTS``
    (one lookup per row); with ``?event`` always bound they keep the same rows. The sample graph has
    events resolved into canonical ones, so the difference would show."""
    store = stores[backend]
    query = load_query(name)
    filtered = _MINUS.sub(r"FILTER NOT EXISTS { ?\1 cf:resolvedInto ?canonical }", query.text)
    ours, reference = run_query(store, query), store.query(filtered)
    if ours.kind == "graph":
        assert ours.graph is not None and reference.graph is not None
        assert isomorphic(ours.graph, reference.graph)
    else:
        assert Counter(ours.rows) == Counter(reference.rows) and ours.rows
