"""Keep the ontology and gazetteer graphs of a store in step with the files in ``ontology/``."""

from __future__ import annotations

import decimal
from typing import TYPE_CHECKING

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH

if TYPE_CHECKING:
    from kg.store.base import Store


def reference_graphs() -> dict[URIRef, Graph]:
    """The reference graphs every store holds: ``cfg:ontology`` and ``cfg:gazetteer``."""
    from kg.ontology import load_ontology

    graphs = {ONTOLOGY_GRAPH: load_ontology()}
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer module is optional while it is being written
        return graphs
    graphs[GAZETTEER_GRAPH] = load_gazetteer().graph
    return graphs


def _canonical(graph: Graph) -> Graph:
    """The graph with each typed literal written in one lexical form per value: stores normalise
    literals differently (Oxigraph stores "42.0"^^xsd:decimal as "42")."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype is not None:
            value = o.toPython()
            if isinstance(value, decimal.Decimal):
                value = value.normalize()
            if not isinstance(value, Literal):
                o = Literal(str(value), datatype=o.datatype)
        out.add((s, p, o))
    return out


def ensure_reference_graphs(store: Store) -> list[URIRef]:
    """Write each reference graph that is missing from ``store`` or differs from its source."""
    written = []
    for graph_iri, graph in reference_graphs().items():
        stored = store.named_graph(graph_iri)
        if len(stored) == len(graph) and isomorphic(_canonical(stored), _canonical(graph)):
            continue
        store.replace_graph(graph_iri, graph)
        written.append(graph_iri)
    return written
