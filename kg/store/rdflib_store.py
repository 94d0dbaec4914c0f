"""An in-memory rdflib Dataset, empty ("memory") or loaded from and saved back to an RDF file."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import QueryResult, Store
from kg.store.rdfio import quiet_rdflib, read_into, write_from


@functools.lru_cache(maxsize=128)
def prepared(sparql: str) -> Query:
    """Parse and translate a query once; later calls with the same text reuse it."""
    try:
        return prepareQuery(sparql)
    except Exception as e:  # pyparsing and rdflib raise many types
        raise QueryError(f"the SPARQL query does not parse: {str(e).splitlines()[0]}") from e


class RdflibStore(Store):
    """The whole graph in memory; ``path`` (optional) is read on open and written on ``close()``."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        from kg.graphio import new_dataset

        self.path = path
        self.location = str(path) if path is not None else "memory"
        self.read_only = read_only
        self.dirty = False
        self.dataset = new_dataset()
        if path is not None and path.exists():
            with quiet_rdflib():
                read_into(self.dataset, path)
        elif path is not None and read_only:
            raise StoreError(f"no graph file at {path}; build one with `kg build ARTICLES -o {path}`")

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} was opened read-only; open it for writing")

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        self._check_writable()
        fresh = Graph(identifier=graph_iri)
        for triple in graph:
            fresh.add(triple)
        with quiet_rdflib():
            self.dataset.remove_graph(graph_iri)
            target = self.dataset.graph(graph_iri)
            target += fresh
        self.dirty = True

    def remove_graph(self, graph_iri: URIRef) -> None:
        self._check_writable()
        with quiet_rdflib():
            self.dataset.remove_graph(graph_iri)
        self.dirty = True

    def load_file(self, path: Path) -> int:
        self._check_writable()
        before = self.count()
        with quiet_rdflib():
            read_into(self.dataset, Path(path))
        self.dirty = True
        return self.count() - before

    def update(self, sparql: str) -> None:
        self._check_writable()
        try:
            with quiet_rdflib():
                self.dataset.update(sparql)
        except Exception as e:
            raise QueryError(f"the SPARQL update failed: {str(e).splitlines()[0] if str(e) else e!r}") from e
        self.dirty = True

    def graph_iris(self) -> list[URIRef]:
        from kg.graphio import graph_names

        with quiet_rdflib():
            return [URIRef(name) for name in graph_names(self.dataset)]

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        query = prepared(sparql)
        init = {Variable(name): term for name, term in (bindings or {}).items()}
        try:
            with quiet_rdflib():
                return self._run(query, init)
        except QueryError:
            raise
        except Exception as e:
            raise QueryError(f"the SPARQL query failed: {str(e).splitlines()[0] if str(e) else e!r}") from e

    def _run(self, query: Query, init: dict[Variable, Node]) -> QueryResult:
        result = self.dataset.query(query, initBindings=init)  # type: ignore[arg-type]
        if result.type == "ASK":
            return QueryResult("ask", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            variables = [str(v) for v in result.vars or []]
            return QueryResult("select", variables=variables, raw_rows=[tuple(row) for row in result])  # type: ignore[arg-type]
        graph = Graph()
        from kg.namespace import bind_prefixes

        bind_prefixes(graph)
        for triple in result:
            graph.add(triple)  # type: ignore[arg-type]
        return QueryResult("graph", graph=graph)

    def to_dataset(self) -> Dataset:
        return self.dataset

    def count(self) -> int:
        with quiet_rdflib():
            return sum(1 for _ in self.dataset.quads((None, None, None, None)))

    def save(self) -> None:
        """Write the dataset back to its file, atomically (a no-op for "memory")."""
        if self.path is not None and self.dirty and not self.read_only:
            with quiet_rdflib():
                write_from(self.dataset, self.path)
            self.dirty = False

    def close(self) -> None:
        self.save()
