"""Keep ``cfg:resolution`` in step with a store: refresh after a build, remove articles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from kg.article import make_article_id
from kg.errors import ConfigError
from kg.iris import GRAPH, RESOURCE, article_graph_iri
from kg.resolve.core import default_gazetteer, resolve
from kg.resolve.report import ResolutionSummary, summarise
from kg.resolve.terms import RESOLUTION_GRAPH

_ARTICLES = """
PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
SELECT ?g ?id ?url ?file WHERE {
  GRAPH ?g { ?a a cf:NewsArticle . OPTIONAL { ?a cf:articleId ?id } OPTIONAL { ?a cf:url ?url }
             OPTIONAL { ?a cf:fileName ?file } }
}"""
_HEX_ID = re.compile(r"^[0-9a-f]{16}$")
_ARTICLE_PREFIXES = (RESOURCE + "article/", GRAPH + "article/")


@dataclass
class RemovalReport:
    """What ``remove_articles`` did: the article graphs removed and the refreshed resolution."""

    removed: list[URIRef] = field(default_factory=list)
    summary: ResolutionSummary | None = None


def refresh_resolution(store: Any) -> ResolutionSummary:
    """Recompute ``cfg:resolution`` from the store's article graphs and replace it atomically.

    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     refresh_resolution(store).canonical_events
    0
    """
    resolution = resolve(store, gazetteer=default_gazetteer)
    write_resolution(store, resolution.graph)
    return summarise(resolution)


def _triples(native: Any, name: Any) -> set[Any]:
    """The triples of one named graph of a pyoxigraph store, as pyoxigraph triples."""
    import pyoxigraph as ox

    quads = native.quads_for_pattern(None, None, None, name)
    return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}


def write_resolution(store: Any, graph: Graph) -> int:
    """Make the store's ``cfg:resolution`` equal to ``graph``, in one transaction.

    On an embedded Oxigraph store only the difference is written (one ``DELETE DATA`` /
    ``INSERT DATA`` update), since a rebuild changes little of the resolution graph; other stores
    replace the whole graph. Returns the number of triples written or removed.
    """
    if not len(graph):
        store.remove_graph(RESOLUTION_GRAPH)
        return 0
    native = getattr(store, "ox", None)
    if native is None or any(isinstance(node, BNode) for triple in graph for node in triple):
        store.replace_graph(RESOLUTION_GRAPH, graph)
        return len(graph)
    import pyoxigraph as ox

    from kg.store.terms import to_oxigraph

    name = ox.NamedNode(str(RESOLUTION_GRAPH))
    old = _triples(native, name)
    cache: dict[Node, Any] = {}

    def term(node: Node) -> Any:
        value = cache.get(node)
        if value is None:
            value = cache[node] = to_oxigraph(node)
        return value

    # the store keeps some literals in a canonical form (xsd:nonNegativeInteger as xsd:integer):
    # compare with what it would hold, by passing the new triples through an in-memory Oxigraph
    scratch = ox.Store()
    scratch.extend(ox.Quad(term(s), term(p), term(o), name) for s, p, o in graph)
    new = _triples(scratch, name)
    del scratch
    removed, added = old - new, new - old
    if not removed and not added:
        return 0
    parts = []
    if removed:
        body = " .\n".join(str(t) for t in removed)
        parts.append(f"DELETE DATA {{ GRAPH <{RESOLUTION_GRAPH}> {{\n{body} .\n}} }}")
    if added:
        body = " .\n".join(str(t) for t in added)
        parts.append(f"INSERT DATA {{ GRAPH <{RESOLUTION_GRAPH}> {{\n{body} .\n}} }}")
    store.update(" ;\n".join(parts))
    return len(removed) + len(added)


def _rows(result: Any) -> list[dict[str, Any]]:
    if hasattr(result, "dicts"):
        return list(result.dicts())
    variables = [str(v) for v in (getattr(result, "vars", None) or [])]
    return [dict(zip(variables, row, strict=False)) for row in result]


def find_articles(store: Any, sources: Sequence[str]) -> dict[str, list[URIRef]]:
    """The article graphs each SOURCE names: an article id, an article or graph IRI, a URL or a file.

    Raises ``ConfigError`` naming every source that matches no article in the store.
    """
    rows = _rows(store.query(_ARTICLES))
    found: dict[str, list[URIRef]] = {}
    for source in sources:
        text = source.strip()
        wanted_ids: set[str] = set()
        for prefix in _ARTICLE_PREFIXES:
            if text.startswith(prefix):
                wanted_ids.add(text[len(prefix) :])
        if _HEX_ID.match(text):
            wanted_ids.add(text)
        if text.startswith(("http://", "https://")):
            wanted_ids.add(make_article_id(url=text, text=""))
        graphs = set()
        for row in rows:
            graph, article_id = row.get("g"), str(row.get("id") or "")
            url, file_name = str(row.get("url") or ""), str(row.get("file") or "")
            if (
                article_id in wanted_ids
                or (url and url == text)
                or (file_name and (file_name == text or Path(file_name).name == Path(text).name))
            ):
                graphs.add(URIRef(str(graph)))
        if not graphs and Path(text).is_file():
            graphs.update(_graphs_of_file(Path(text), {URIRef(str(r["g"])) for r in rows}))
        found[source] = sorted(graphs)
    missing = [source for source, graphs in found.items() if not graphs]
    if missing:
        raise ConfigError(
            f"no article in the store matches {', '.join(repr(m) for m in missing)}; give an article id, "
            "article IRI, URL or file name of a built article (`kg query` lists them)"
        )
    return found


def _graphs_of_file(path: Path, present: set[URIRef]) -> set[URIRef]:
    """Article graphs for a file, by loading it (its id comes from its URL or its text)."""
    try:
        import loaders
    except ImportError:  # pragma: no cover - loaders ship with the package
        return set()
    graphs = set()
    for item in loaders.iter_articles([str(path)]):
        article_id = getattr(item, "id", None)
        if article_id and article_graph_iri(article_id) in present:
            graphs.add(article_graph_iri(article_id))
    return graphs


def remove_articles(store: Any, sources: Sequence[str], *, refresh: bool = True) -> RemovalReport:
    """Remove the named graphs of the articles ``sources`` names, then refresh resolution.

    Events another article also reported keep that article as their source; what only the removed
    articles supported disappears with their graphs and from ``cfg:resolution``.
    """
    found = find_articles(store, sources)
    report = RemovalReport()
    for graph in sorted({g for graphs in found.values() for g in graphs}):
        store.remove_graph(graph)
        report.removed.append(graph)
    if refresh:
        report.summary = refresh_resolution(store)
    return report
