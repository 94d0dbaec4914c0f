"""The figures of ``kg stats``, from the ``stats`` named query plus the store's own counts."""

from __future__ import annotations

from typing import Any

from kg.store.base import Store


def graph_stats(store: Store) -> dict[str, Any]:
    """Counts of articles, events (total and by class), actors, places, sources, triples, graphs.

    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     graph_stats(store)["events"]
    0
    """
    from kg.query import plain, run_query

    by_category: dict[str, dict[str, int]] = {}
    for category, kind, count in run_query(store, "stats").rows:
        by_category.setdefault(str(category), {})[str(kind)] = int(plain(count))
    distinct = run_query(
        store,
        """PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?category (COUNT(DISTINCT ?thing) AS ?count) WHERE {
  ?thing a ?class .
  { ?class rdfs:subClassOf* cf:Actor . BIND("actor" AS ?category) }
  UNION { ?class rdfs:subClassOf* cf:Place . BIND("place" AS ?category) }
} GROUP BY ?category""",
    )
    totals = {str(category): int(plain(count)) for category, count in distinct.rows}
    resolution = run_query(
        store,
        """PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?figure (COUNT(DISTINCT ?x) AS ?count) WHERE {
  { ?x cf:resolvedInto ?canonical . BIND("reports_merged" AS ?figure) }
  UNION { ?report cf:resolvedInto ?x . BIND("events_from_several_sources" AS ?figure) }
  UNION { ?x a cf:MergeDecision . BIND("entity_merges" AS ?figure) }
  UNION { ?x a cf:KeptApartDecision . BIND("kept_apart" AS ?figure) }
} GROUP BY ?figure""",
    )
    merged = {str(figure): int(plain(count)) for figure, count in resolution.rows}
    events = by_category.get("event", {})
    return {
        "store": store.location,
        "triples": store.count(),
        "named_graphs": len(store.graph_iris()),
        "articles": sum(by_category.get("article", {}).values()),
        "events": sum(events.values()),
        "events_by_class": dict(sorted(events.items(), key=lambda kv: (-kv[1], kv[0]))),
        "actors": totals.get("actor", 0),
        "places": totals.get("place", 0),
        "sources": sum(by_category.get("source", {}).values()),
        "resolution": {
            key: merged.get(key, 0)
            for key in ("reports_merged", "events_from_several_sources", "entity_merges", "kept_apart")
        },
    }
