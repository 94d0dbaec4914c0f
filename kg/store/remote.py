"""A remote SPARQL 1.1 endpoint: queries by the SPARQL Protocol, writes by SPARQL Update and the
Graph Store Protocol (N-Quads / N-Triples bodies), over httpx.

The endpoint URL is the query URL (``http://host:7878/query`` for Oxigraph; a bare
``http://host:7878`` is taken as an Oxigraph server and completed). Update and store URLs are
derived the Oxigraph way (``/update``, ``/store``) unless given.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Node

from kg.errors import QueryError, StoreError
from kg.store.base import QueryResult, Store
from kg.store.oxigraph import ntriples, rdf_format
from kg.store.terms import bind_values, to_rdflib

_CONTENT_TYPES = {
    ox.RdfFormat.N_QUADS: "application/n-quads",
    ox.RdfFormat.TRIG: "application/trig",
    ox.RdfFormat.N_TRIPLES: "application/n-triples",
    ox.RdfFormat.TURTLE: "text/turtle",
    ox.RdfFormat.JSON_LD: "application/ld+json",
}


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint reached over HTTP."""

    def __init__(self, url: str, *, read_only: bool = False, timeout: float = 60.0) -> None:
        base = url.rstrip("/")
        if base.endswith("/query") or base.endswith("/sparql"):
            root = base.rsplit("/", 1)[0]
            self.query_url = base
        else:
            root = base
            self.query_url = base + "/query"
        self.update_url = root + "/update"
        self.store_url = root + "/store"
        self.location = url
        self.read_only = read_only
        self.client = httpx.Client(timeout=timeout)

    def _request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.HTTPError as e:
            raise StoreError(f"cannot reach the SPARQL endpoint {url}: {e}; is the server running?") from e
        if response.status_code >= 400:
            detail = response.text.strip().splitlines()[0] if response.text.strip() else ""
            error = QueryError if response.status_code == 400 else StoreError
            raise error(f"the endpoint {url} answered {response.status_code}: {detail}")
        return response

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the endpoint {self.location} was opened read-only")

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> None:
        self._check_writable()
        # Graph Store Protocol PUT: the server replaces the graph in one request
        self._request(
            "PUT",
            self.store_url,
            params={"graph": str(graph_iri)},
            content=ntriples(graph).encode("utf-8"),
            headers={"Content-Type": "application/n-triples"},
        )

    def remove_graph(self, graph_iri: URIRef) -> None:
        self.update(f"DROP SILENT GRAPH <{graph_iri}>")

    def load_file(self, path: Path) -> int:
        self._check_writable()
        source = Path(path)
        fmt = rdf_format(source)
        if not fmt.supports_datasets:
            raise StoreError(f"cannot push {source}: a quad format (.nq or .trig) is needed for an endpoint")
        before = self.count()
        with source.open("rb") as handle:
            self._request(
                "POST", self.store_url, content=handle, headers={"Content-Type": _CONTENT_TYPES[fmt]}
            )
        return self.count() - before

    def update(self, sparql: str) -> None:
        self._check_writable()
        self._request(
            "POST",
            self.update_url,
            content=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update"},
        )

    def graph_iris(self) -> list[URIRef]:
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(URIRef(str(row[0])) for row in result.rows)

    def query(self, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
        text = bind_values(sparql, bindings or {})
        response = self._request(
            "POST",
            self.query_url,
            content=text.encode("utf-8"),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json, application/n-triples;q=0.9",
            },
        )
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        if content_type == "application/n-triples":
            graph = Graph()
            graph.parse(data=response.text, format="nt")
            return QueryResult("graph", graph=graph)
        parsed = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        if isinstance(parsed, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(parsed))
        variables = [v.value for v in parsed.variables]
        return QueryResult(
            "select", variables=variables, raw_rows=[tuple(s) for s in parsed], convert=to_rdflib
        )

    def to_dataset(self) -> Dataset:
        from kg.graphio import new_dataset

        response = self._request("GET", self.store_url, headers={"Accept": "application/n-quads"})
        from kg.store.rdfio import add_quads

        dataset = new_dataset()
        add_quads(dataset, ox.parse(response.content, format=ox.RdfFormat.N_QUADS))
        return dataset

    def count(self) -> int:
        result = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(str(result.rows[0][0]))

    def close(self) -> None:
        self.client.close()
