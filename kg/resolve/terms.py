"""The ontology terms resolution writes, and what it needs to know about classes.

The resolution terms (``cf:resolvedInto``, ``cf:MergeDecision`` ...) come from the closed namespace
``CF``, like every other ontology term.
"""

from __future__ import annotations

from functools import lru_cache

from rdflib import URIRef
from rdflib.namespace import RDF

from kg.iris import GRAPH
from kg.namespace import CF

#: The named graph resolution writes: ``cfg:resolution``.
RESOLUTION_GRAPH = URIRef(GRAPH + "resolution")

#: The terms resolution needs in ``ontology/conflict.ttl`` (tests/test_resolve_terms.py checks them).
RESOLUTION_TERMS: tuple[str, ...] = (
    "resolvedInto",
    "MergeDecision",
    "KeptApartDecision",
    "mergedEntity",
    "mergeRule",
    "mergedNames",
    "sourceCount",
    "hasConflictingReports",
)


RESOLVED_INTO = CF.resolvedInto
MERGE_DECISION = CF.MergeDecision
KEPT_APART_DECISION = CF.KeptApartDecision
MERGED_ENTITY = CF.mergedEntity
MERGE_RULE = CF.mergeRule
MERGED_NAMES = CF.mergedNames
SOURCE_COUNT = CF.sourceCount
HAS_CONFLICTING_REPORTS = CF.hasConflictingReports


class ClassInfo:
    """What resolution needs about classes (ancestors, depth, PLOVER code), from ``kg.ontology``."""

    def __init__(self) -> None:
        self._depth: dict[URIRef, int] = {}
        self._plover: dict[URIRef, str | None] = {}

    def ancestors(self, cls: URIRef) -> list[URIRef]:
        from kg.ontology import superclasses

        return superclasses(cls)

    def depth(self, cls: URIRef) -> int:
        """Number of ontology classes above ``cls`` (DroneStrike > AirStrike > Attack).

        >>> from kg.namespace import CF
        >>> info = class_info()
        >>> info.depth(CF.DroneStrike) > info.depth(CF.AirStrike) > info.depth(CF.Attack)
        True
        """
        depth = self._depth.get(cls)
        if depth is None:
            depth = self._depth[cls] = sum(1 for a in self.ancestors(cls) if str(a).startswith(str(CF)))
        return depth

    def plover_code(self, cls: URIRef) -> str | None:
        """The PLOVER code of an event class, inherited through rdfs:subClassOf."""
        try:
            return self._plover[cls]
        except KeyError:
            from kg.ontology import plover_code

            code = self._plover[cls] = plover_code(cls)
            return code

    def is_a(self, cls: URIRef, other: URIRef) -> bool:
        from kg.ontology import is_subclass

        return is_subclass(cls, other)


@lru_cache(maxsize=1)
def class_info() -> ClassInfo:
    """The one ``ClassInfo`` of the process."""
    return ClassInfo()


__all__ = [
    "HAS_CONFLICTING_REPORTS",
    "KEPT_APART_DECISION",
    "MERGED_ENTITY",
    "MERGED_NAMES",
    "MERGE_DECISION",
    "MERGE_RULE",
    "RDF",
    "RESOLUTION_GRAPH",
    "RESOLUTION_TERMS",
    "RESOLVED_INTO",
    "SOURCE_COUNT",
    "ClassInfo",
    "class_info",
]
