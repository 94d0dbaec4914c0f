"""The default store: an embedded on-disk Oxigraph database (pyoxigraph), one folder.

Queries go straight to pyoxigraph with the union of the named graphs as default graph and
parameters bound by ``substitutions`` (SEP-0007); result terms become rdflib terms only when a
caller reads ``QueryResult.rows``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import QueryResult, Store
from kg.store.terms import bind_values, to_rdflib

#: file extension -> pyoxigraph format, for load_file
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".ttl": ox.RdfFormat.TURTLE,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The pyoxigraph format of a file, from its extension."""
    try:
        return RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(RDF_FORMATS))
        raise StoreError(f"cannot load {path}: expected one of the extensions {known}") from None


def count_statements(path: Path, fmt: ox.RdfFormat | None = None) -> int:
    """The statements of an RDF file, read from the file alone (never from the store, whose ``len``
    is a full scan): for N-Quads/N-Triples its lines that are neither blank nor comments, for the
    other formats the statements pyoxigraph's parser yields.
    """
    fmt = fmt or rdf_format(path)
    if fmt not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        return sum(1 for _ in ox.parse(path=str(path), format=fmt))
    count = 0
    with path.open("rb") as handle:
        for line in handle:
            stripped = line.lstrip()
            if stripped and not stripped.startswith(b"#"):
                count += 1
    return count


def _is_lock_error(error: OSError) -> bool:
    text = str(error).lower()
    return "lock" in text or "resource temporarily unavailable" in text


def open_oxigraph(path: Path, *, read_only: bool) -> ox.Store:
    """Open the pyoxigraph store in ``path``, with our errors for a missing or busy folder."""
    try:
        if read_only:
            if not path.is_dir():
                raise StoreError(
                    f"no store at {path}; build one with `kg build ARTICLES` or give --store DIR"
                )
            return ox.Store.read_only(str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(path))
    except OSError as e:
        if _is_lock_error(e):
            raise StoreError(f"store {path} is in use by another kg process; wait for it to finish") from e
        raise StoreError(f"cannot open the store {path}: {e}") from e


def ntriples(graph: Graph) -> str:
    """A graph as N-Triples text (blank nodes kept as labels)."""
    return graph.serialize(format="nt", encoding="utf-8").decode("utf-8")


class OxigraphStore(Store):
    """An on-disk (or, with ``path=None``, in-memory) Oxigraph database."""

    def __init__(self, path: Path | None, *, read_only: bool = False) -> None:
        self.path = path
        self.location = str(path) if path is not None else "oxigraph:memory"
        self.read_only = read_only
        self.ox = open_oxigraph(path, read_only=read_only) if path is not None else ox.Store()

    # --- writing -------------------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store {self.location} was opened read-only; open it for writing")

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        self._check_writable()
        self._replace_by_update(graph_iri, ntriples(graph))

    def _replace_by_update(self, graph_iri: URIRef, text: str) -> None:
        # one SPARQL update = one transaction: readers see the old graph or the new one, never half
        name = f"<{graph_iri}>"
        self._update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{text}}} }}")

    def replace_graph_ntriples(self, graph_iri: URIRef, text: str) -> None:
        """Replace a named graph by N-Triples text (the build's write), in one transaction.

        A graph that holds nothing yet (the usual case in a build) is written with ``Store.load``,
        one transaction through the N-Triples parser, about a third cheaper than the SPARQL update
        ``DROP ; INSERT DATA`` that replacing an existing graph needs (measured on article graphs:
        7.0 against 10.4 ms of CPU each). Both mint fresh blank nodes per call, as before.
        """
        self._check_writable()
        name = ox.NamedNode(str(graph_iri))
        try:
            fresh = next(iter(self.ox.quads_for_pattern(None, None, None, name)), None) is None
            if fresh:
                self.ox.load(text, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        except SyntaxError as e:
            raise StoreError(f"the graph <{graph_iri}> is not valid N-Triples: {e}") from e
        except OSError as e:
            raise StoreError(f"the store {self.location} refused the graph <{graph_iri}>: {e}") from e
        if not fresh:
            self._replace_by_update(graph_iri, text)

    def remove_graph(self, graph_iri: URIRef) -> None:
        self._check_writable()
        self._update(f"DROP SILENT GRAPH <{graph_iri}>")

    def load_file(self, path: Path) -> int:
        """Bulk-load a file with pyoxigraph's ``Store.bulk_load`` (not one transaction: a failed load
        may leave part of the file; reload it). Returns the statements read, counted from the file
        (``count_statements``), never with ``len(store)``, a full scan of the store."""
        self._check_writable()
        source = Path(path)
        if not source.is_file():
            raise StoreError(f"cannot load {source}: no such file")
        fmt = rdf_format(source)
        try:
            self.ox.bulk_load(path=str(source), format=fmt)
        except (SyntaxError, ValueError) as e:
            raise StoreError(f"cannot load {source}: not valid RDF: {e}") from e
        except OSError as e:
            raise StoreError(f"cannot load {source}: {e}") from e
        return count_statements(source, fmt)

    def optimize(self) -> None:
        """Compact the RocksDB files under the store (pyoxigraph's ``Store.optimize``).

        ``bulk_load`` writes sorted files straight into the database without merging them, so
        after many loads a lookup probes many files and costs more the bigger the store. On the
        10 M-quad benchmark store (``benchmarks/README.md``, part d) it took about 70 s (83 files,
        2.9 GB -> 57 files, 2.6 GB) and a lookup-bound query then ran about 1.5x faster.
        """
        self._check_writable()
        try:
            self.ox.optimize()
        except OSError as e:
            raise StoreError(f"the store {self.location} could not be compacted: {e}") from e

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._update(sparql)

    def _update(self, sparql: str) -> None:
        try:
            self.ox.update(sparql)
        except SyntaxError as e:
            raise QueryError(f"the SPARQL update does not parse: {e}") from e
        except OSError as e:
            raise StoreError(f"the store {self.location} refused the update: {e}") from e

    # --- reading -------------------------------------------------------------------------------
    def graph_iris(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def raw_query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> object:
        """pyoxigraph's own result object (the hot path, no conversion)."""
        text = bind_values(sparql, bindings) if bindings else sparql
        try:
            return self.ox.query(text, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise QueryError(f"the SPARQL query does not parse: {e}") from e
        except OSError as e:
            raise StoreError(f"the store {self.location} failed to answer: {e}") from e

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        result = self.raw_query(sparql, bindings=bindings)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            try:
                rows = [tuple(solution) for solution in result]
            except OSError as e:
                raise QueryError(f"the query failed while running: {e}") from e
            return QueryResult("select", variables=variables, raw_rows=rows, convert=to_rdflib)
        try:  # pyoxigraph's own triples; rdflib terms only if a caller reads ``result.graph``
            triples = [(t.subject, t.predicate, t.object) for t in result]  # type: ignore[attr-defined]
        except OSError as e:
            raise QueryError(f"the query failed while running: {e}") from e
        return QueryResult("graph", raw_triples=triples, convert=to_rdflib)

    def to_dataset(self) -> Dataset:
        from kg.graphio import new_dataset
        from kg.store.rdfio import add_quads

        dataset = new_dataset()
        add_quads(dataset, self.ox.quads_for_pattern(None, None, None, None))
        return dataset

    def count(self) -> int:
        return len(self.ox)

    def close(self) -> None:
        if not hasattr(self, "ox"):
            return
        if not self.read_only and self.path is not None:
            self.ox.flush()
        # pyoxigraph releases the folder's lock when the object is collected
        del self.ox
        import gc

        gc.collect()
