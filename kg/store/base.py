"""The one interface every store backend implements, and the result type of its queries."""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

QueryKind = Literal["select", "ask", "graph"]


@dataclass
class QueryResult:
    """What a SPARQL query returns, the same on every backend.

    ``kind`` is ``"select"`` (``variables`` and ``rows``: tuples of rdflib terms, ``None`` where a
    variable is unbound), ``"ask"`` (``boolean``) or ``"graph"`` (CONSTRUCT/DESCRIBE: ``graph``).
    A backend may hand over its own terms in ``raw_rows`` (SELECT) or ``raw_triples`` (CONSTRUCT)
    with a ``convert`` function; they become rdflib terms only when ``rows`` or ``graph`` is first
    read, so a caller that only counts rows, or iterates the backend's own triples, pays nothing.

    >>> from rdflib import Literal, URIRef
    >>> result = QueryResult("select", variables=["n"], raw_rows=[(Literal(1),)])
    >>> len(result), result.rows[0][0].toPython()
    (1, 1)
    >>> a = URIRef("https://x.org/a")
    >>> built = QueryResult("graph", raw_triples=[(a, a, a), (a, a, a)])
    >>> len(built), len(built.graph)
    (1, 1)
    """

    kind: QueryKind
    variables: list[str] = field(default_factory=list)
    raw_rows: Sequence[tuple[Any, ...]] = field(default_factory=list)
    convert: Callable[[Any], Node | None] | None = None
    boolean: bool | None = None
    # ``graph`` is a property (below), built from raw_triples on first access and held in ``_graph``
    _graph: Graph | None = field(default=None, init=False, repr=False, compare=False)
    graph: Graph | None = None
    raw_triples: Sequence[tuple[Any, Any, Any]] | None = field(default=None, repr=False)
    _rows: list[tuple[Node | None, ...]] | None = field(default=None, repr=False)

    @property
    def rows(self) -> list[tuple[Node | None, ...]]:
        """The rows as tuples of rdflib terms (converted once, on first access)."""
        if self._rows is None:
            if self.convert is None:
                self._rows = [tuple(row) for row in self.raw_rows]
            else:
                convert = self.convert
                self._rows = [tuple(convert(term) for term in row) for row in self.raw_rows]
        return self._rows

    @property
    def vars(self) -> list[str]:
        """Alias of ``variables`` (the name rdflib's results use)."""
        return self.variables

    def __len__(self) -> int:
        if self.kind == "graph":
            if self._graph is None and self.raw_triples is not None:
                return len(set(self.raw_triples))  # a graph is a set: count each triple once
            return len(self.graph) if self.graph is not None else 0
        if self.kind == "ask":
            return 1
        return len(self.raw_rows)

    def __iter__(self) -> Iterator[tuple[Node | None, ...]]:
        return iter(self.rows)

    def dicts(self) -> list[dict[str, Node]]:
        """Each row as ``{variable: term}``, unbound variables left out."""
        return [
            {name: value for name, value in zip(self.variables, row, strict=True) if value is not None}
            for row in self.rows
        ]


def _graph(self: QueryResult) -> Graph | None:
    """The CONSTRUCT result as an rdflib Graph, converted from ``raw_triples`` on first access."""
    if self._graph is None and self.raw_triples is not None:
        from kg.namespace import bind_prefixes

        graph = Graph()
        bind_prefixes(graph)
        convert = self.convert or (lambda term: term)
        for s, p, o in self.raw_triples:
            graph.add((convert(s), convert(p), convert(o)))  # type: ignore[arg-type]
        self._graph = graph
    return self._graph


def _set_graph(self: QueryResult, value: Graph | None) -> None:
    self._graph = value if isinstance(value, Graph) else None


# ``graph`` stays an ordinary constructor argument (``QueryResult("graph", graph=g)``) while
# reading it converts lazily: the dataclass __init__ assigns through this property.
QueryResult.graph = property(_graph, _set_graph)  # type: ignore[assignment]


class Store(abc.ABC):
    """A quad store holding one named graph per article plus the reference graphs.

    Queries see the union of all named graphs as their default graph, on every backend.
    Use it as a context manager, or call ``close()``.
    """

    #: where the store lives, as the user gave it (folder, file, URL or "memory")
    location: str
    read_only: bool = False

    # --- writing -------------------------------------------------------------------------------
    @abc.abstractmethod
    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        """Replace the named graph ``graph_iri`` by ``graph`` in one transaction."""

    @abc.abstractmethod
    def remove_graph(self, graph_iri: URIRef) -> None:
        """Remove a named graph (nothing happens when it is absent)."""

    @abc.abstractmethod
    def load_file(self, path: Path) -> int:
        """Bulk-load an N-Quads/TriG (or other RDF) file; returns the number of quads added."""

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    # --- reading -------------------------------------------------------------------------------
    @abc.abstractmethod
    def graph_iris(self) -> list[URIRef]:
        """The named graphs present, sorted."""

    @abc.abstractmethod
    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        """Run a SPARQL query; ``bindings`` pre-bind variables to RDF terms (never text)."""

    @abc.abstractmethod
    def to_dataset(self) -> Dataset:
        """The whole content as an rdflib Dataset (for exporters)."""

    @abc.abstractmethod
    def count(self) -> int:
        """The number of quads."""

    def optimize(self) -> None:  # noqa: B027 - optional: only some backends can compact
        """Compact the storage after a bulk load so that queries read fewer files (a no-op here)."""

    def named_graph(self, graph_iri: URIRef) -> Graph:
        """One named graph's triples as an rdflib Graph."""
        result = self.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", bindings={"g": graph_iri}
        )
        return result.graph if result.graph is not None else Graph()

    def ensure_reference_graphs(self) -> list[URIRef]:
        """Load the ontology and the gazetteer into their named graphs when missing or changed.

        Returns the graphs that were (re)written.
        """
        from kg.store.reference import ensure_reference_graphs

        return ensure_reference_graphs(self)

    def close(self) -> None:  # noqa: B027 - optional for backends without resources
        """Release the store (and save it, for file-backed stores)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"
