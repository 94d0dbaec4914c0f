"""The sample graph (``tests/data/graphs/sample.trig``) loaded into a store, its article graphs
copied under new ids to make the store bigger: shared by the query tests."""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from kg.store import Store

SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"
ARTICLE_GRAPH = "https://w3id.org/conflict-kg/graph/article/"


def fill(store: Store, workdir: Path, *, copies: int = 1, repeats: int = 0) -> Store:
    """The sample graph (its article graphs ``copies`` times under new ids), the ontology graph and
    ``repeats`` extra graphs each repeating every label and type of the sample."""
    from kg.iris import ONTOLOGY_GRAPH
    from kg.ontology import load_ontology

    source = Dataset()
    source.parse(SAMPLE, format="trig")
    names = {str(g.identifier) for g in source.graphs()}
    article_ids = sorted(name[len(ARTICLE_GRAPH) :] for name in names if name.startswith(ARTICLE_GRAPH))
    text = SAMPLE.read_text(encoding="utf-8")
    store.load_file(SAMPLE)
    for copy in range(1, copies):
        copied = text
        for article_id in article_ids:
            copied = copied.replace(article_id, f"{copy:04x}{article_id[4:]}")
        path = workdir / f"copy-{copy}.trig"
        path.write_text(copied, encoding="utf-8")
        store.load_file(path)
    extra = Graph()
    for s, p, o, _ in source.quads((None, None, None, None)):
        if p in (RDFS.label, RDF.type) and not isinstance(s, BNode):
            extra.add((s, p, o))
    for n in range(repeats):
        store.replace_graph(URIRef(f"{ARTICLE_GRAPH}ffffffffffff{n:04x}"), extra)
    store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    return store
