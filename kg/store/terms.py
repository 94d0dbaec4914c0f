"""Convert RDF terms between rdflib and pyoxigraph, at the boundary only."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError

_XSD_STRING = str(XSD.string)
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: Any) -> Node | None:
    """A pyoxigraph term as the rdflib term that rdflib's own parser would produce.

    >>> to_rdflib(ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))
    rdflib.term.Literal('4', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#integer'))
    >>> to_rdflib(ox.Literal("Erbil"))
    rdflib.term.Literal('Erbil')
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise QueryError(f"cannot convert the result term {term!r} to rdflib (RDF-star terms are not supported)")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    """An rdflib term as a pyoxigraph term.

    >>> to_oxigraph(URIRef("https://w3id.org/conflict-kg/resource/place/erbil"))
    <NamedNode value=https://w3id.org/conflict-kg/resource/place/erbil>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise QueryError(f"cannot bind {term!r}: expected an IRI, a literal or a blank node")


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(sparql: str, bindings: Mapping[str, Node]) -> str:
    """Bind variables with a ``VALUES`` block opening each ``WHERE`` group of the query.

    For Oxigraph (whose ``substitutions`` only accept projected variables) and SPARQL endpoints
    (no binding API): the values travel as inline data, serialised by pyoxigraph as escaped RDF
    terms (never pasted text), and the block is joined first, as a pre-binding would be. Every
    ``WHERE {`` gets the block, sub-SELECTs included, so a parameter restricts a subquery that uses
    it, as rdflib's ``initBindings`` do (a subquery that does not use it joins one row, a no-op);
    a query must therefore not use a parameter's name for anything else.

    >>> from rdflib import Literal
    >>> print(bind_values("SELECT ?e WHERE { ?e ?p ?x }", {"x": Literal('a" } DROP ALL #')}))
    SELECT ?e WHERE { VALUES (?x) { ("a\\" } DROP ALL #") }  ?e ?p ?x }
    >>> print(bind_values("SELECT ?e WHERE { { SELECT ?e WHERE { ?e ?p ?x } } }", {"x": Literal("b")}))
    SELECT ?e WHERE { VALUES (?x) { ("b") }  { SELECT ?e WHERE { VALUES (?x) { ("b") }  ?e ?p ?x } } }
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{name}" for name in bindings)
    values = " ".join(str(to_oxigraph(term)) for term in bindings.values())
    block = f" VALUES ({names}) {{ ({values}) }} "
    out: list[str] = []
    found = False
    for line in sparql.splitlines(keepends=True):
        if not line.lstrip().startswith("#"):
            line, count = _WHERE.subn(lambda match: match.group(0) + block, line)
            found = found or count > 0
        out.append(line)
    if not found:
        raise QueryError("parameters on a SPARQL endpoint need a query with an explicit `WHERE {`")
    return "".join(out)
