"""One graph from many articles: entity resolution and event deduplication (docs/data-model.md).

Article graphs are never rewritten. Resolution derives one more named graph, ``cfg:resolution``,
recomputed deterministically from all article graphs: ``owl:sameAs`` links explained by
``cf:MergeDecision`` nodes (and near-misses as ``cf:KeptApartDecision``), and one canonical event
per cluster of article events that report the same real event, whose members get
``cf:resolvedInto``.

>>> from kg.graphio import new_dataset
>>> len(resolve_dataset(new_dataset()))
0

Modules: ``normalise`` (name rules as tables), ``collect`` (one pass over the quads), ``actors``,
``events``, ``core`` (the graph), ``report``, ``maintain`` (stores: refresh, remove).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rdflib import Graph

from kg.resolve.maintain import RemovalReport, find_articles, refresh_resolution, remove_articles
from kg.resolve.report import ResolutionReport, ResolutionSummary, build_report, summarise
from kg.resolve.terms import RESOLUTION_GRAPH, RESOLUTION_TERMS

__all__ = [
    "RESOLUTION_GRAPH",
    "RESOLUTION_TERMS",
    "RemovalReport",
    "ResolutionReport",
    "ResolutionSummary",
    "find_articles",
    "refresh_resolution",
    "remove_articles",
    "resolution_counts",
    "resolution_report",
    "resolve_dataset",
]


def _data(source: Any) -> Any:
    """What ``collect`` reads: stores are queried directly, except in-memory rdflib ones."""
    from kg.resolve.fetch import reads_by_query

    if reads_by_query(source):
        return source
    return source.to_dataset() if hasattr(source, "to_dataset") and not isinstance(source, Graph) else source


def resolve_dataset(data: Any, *, gazetteer: Graph | Callable[[], Graph | None] | None = None) -> Graph:
    """The content of ``cfg:resolution`` for all article graphs of ``data``.

    ``data`` is an rdflib Dataset (its ``cfg:resolution`` graph, if any, is ignored) or a store.
    The gazetteer is read from the dataset's ``cfg:gazetteer`` graph, else from ``gazetteer`` (a
    graph or a function returning one), else from the packaged gazetteer. Pure and deterministic:
    the same article graphs in any order give isomorphic output.
    """
    from kg.resolve.core import default_gazetteer, resolve

    return resolve(_data(data), gazetteer=gazetteer or default_gazetteer).graph


def resolution_report(
    source: Any, *, gazetteer: Graph | Callable[[], Graph | None] | None = None
) -> ResolutionReport:
    """Merges (names, rule), near-misses kept apart (why), merged and single-source events.

    ``source`` is a store or a Dataset; the report is recomputed from its article graphs, so it
    matches the stored ``cfg:resolution`` after ``refresh_resolution``.
    """
    from kg.resolve.core import default_gazetteer, resolve

    return build_report(resolve(_data(source), gazetteer=gazetteer or default_gazetteer))


def resolution_counts(source: Any) -> dict[str, int | float]:
    """Summary counts for ``kg stats``: articles, events, distinct_events, canonical_events, ...

    >>> from kg.graphio import new_dataset
    >>> resolution_counts(new_dataset())["distinct_events"]
    0
    """
    from kg.resolve.core import default_gazetteer, resolve

    return summarise(resolve(_data(source), gazetteer=default_gazetteer)).as_dict()
