"""Read and write RDF files for the file-backed store through pyoxigraph's parsers and serialisers.

rdflib 7.6's own TriG/N-Quads code for ``Dataset`` emits DeprecationWarnings (``default_context``,
``contexts``) and is slow; pyoxigraph streams quads in and out and we convert the terms.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from kg.errors import InputError
from kg.fsutil import atomic_write
from kg.store.oxigraph import rdf_format
from kg.store.terms import to_oxigraph, to_rdflib


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence the DeprecationWarnings rdflib 7.6 raises from its own Dataset internals
    (``Dataset.default_context`` / ``contexts``, reached by every SPARQL query on a Dataset)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=r"Dataset\.")
        yield


def add_quads(dataset: Dataset, quads: Iterable[ox.Quad]) -> int:
    """Add pyoxigraph quads to an rdflib dataset (default-graph quads to its default graph)."""
    count = 0
    with quiet_rdflib():
        for quad in quads:
            triple = (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object))
            if isinstance(quad.graph_name, ox.DefaultGraph):
                dataset.add(triple)  # type: ignore[arg-type]
            else:
                dataset.graph(URIRef(quad.graph_name.value)).add(triple)  # type: ignore[arg-type]
            count += 1
    return count


def read_into(dataset: Dataset, path: Path) -> int:
    """Add the quads of an RDF file to ``dataset`` (triples land in the default graph); returns how many."""
    source = Path(path)
    if not source.is_file():
        raise InputError("no such file; give the path of a graph written by `kg build`", path=source)
    try:
        return add_quads(dataset, ox.parse(path=str(source), format=rdf_format(source)))
    except SyntaxError as e:
        raise InputError(f"not valid RDF: {e}", path=source) from e


def write_from(dataset: Dataset, path: Path) -> None:
    """Write every quad of ``dataset`` to ``path`` atomically, in the format of its extension."""
    target = Path(path)
    fmt = rdf_format(target)
    quads = []
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = (
            ox.DefaultGraph()
            if g is None or str(getattr(g, "identifier", g)) == "urn:x-rdflib:default"
            else to_oxigraph(URIRef(str(getattr(g, "identifier", g))))
        )
        quads.append(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph))  # type: ignore[arg-type]
    from kg.namespace import PREFIXES

    data = ox.serialize(
        quads if fmt.supports_datasets else [ox.Triple(q.subject, q.predicate, q.object) for q in quads],
        format=fmt,
        prefixes={prefix: str(ns) for prefix, ns in PREFIXES.items()}
        if fmt != ox.RdfFormat.N_QUADS
        else None,
    )
    with atomic_write(target, mode="wb", encoding=None) as handle:
        handle.write(data or b"")
