"""Read and write RDF files, the format chosen by the file extension.

Quad formats (TriG, N-Quads, JSON-LD) keep one named graph per article; Turtle and N-Triples
hold a single graph, so writing a dataset to them merges its graphs (the named-graph
provenance is lost: prefer .trig or .nq).
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID, ConjunctiveGraph

from kg.errors import ConfigError, InputError
from kg.fsutil import atomic_write

#: file extension -> (rdflib format name, holds named graphs)
FORMATS: dict[str, tuple[str, bool]] = {
    ".trig": ("trig", True),
    ".nq": ("nquads", True),
    ".jsonld": ("json-ld", True),
    ".json": ("json-ld", True),
    ".ttl": ("turtle", False),
    ".nt": ("nt", False),
}


@contextlib.contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib 7.6's deprecation warnings about its own Dataset internals (not ours to fix)."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", category=DeprecationWarning, message=r".*(Dataset|ConjunctiveGraph)"
        )
        yield


def format_for(path: str | Path) -> tuple[str, bool]:
    """The rdflib format name for a file and whether it keeps named graphs.

    >>> format_for("out/seed.trig")
    ('trig', True)
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise ConfigError(
            f"cannot tell the RDF format of {path}: expected one of the extensions {known}"
        ) from None


def new_dataset() -> Dataset:
    """An empty dataset whose default graph is the union of its named graphs (for queries)."""
    from kg.namespace import bind_prefixes

    dataset = Dataset(default_union=True)
    bind_prefixes(dataset)
    return dataset


def read_dataset(path: str | Path) -> Dataset:
    """Read an RDF file into a dataset; triple formats land in the default graph."""
    fmt, _ = format_for(path)
    source = Path(path)
    if not source.is_file():
        raise InputError("no such file; give the path of a graph written by `kg build`", path=source)
    dataset = new_dataset()
    try:
        with quiet_rdflib(), source.open("rb") as handle:
            dataset.parse(handle, format=fmt)
    except Exception as e:  # rdflib raises many unrelated types for bad syntax
        first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise InputError(f"not valid {fmt}: {first_line}", path=source) from e
    return dataset


def write_dataset(dataset: Dataset | Graph, path: str | Path) -> None:
    """Write atomically, format from the extension; triple formats get the union of all graphs."""
    fmt, keeps_graphs = format_for(path)
    if keeps_graphs and isinstance(dataset, Dataset):
        with quiet_rdflib():
            data = dataset.serialize(format=fmt)
    else:
        data = union_graph(dataset).serialize(format=fmt)
    with atomic_write(path) as handle:
        handle.write(data)


def union_graph(data: Graph) -> Graph:
    """A new Graph holding every triple of ``data``, the project prefixes bound: a Dataset's named
    graphs merged (their provenance lost), a plain Graph copied.

    >>> from rdflib import URIRef
    >>> dataset = new_dataset()
    >>> a, b = URIRef("urn:a"), URIRef("urn:b")
    >>> _ = dataset.graph(URIRef("urn:g1")).add((a, a, a))
    >>> _ = dataset.graph(URIRef("urn:g2")).add((b, b, b))
    >>> len(union_graph(dataset))
    2
    """
    from kg.namespace import bind_prefixes

    union = bind_prefixes(Graph())
    if isinstance(data, ConjunctiveGraph):  # a Dataset too
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        union += data
    return union


def graph_names(dataset: Dataset) -> list[str]:
    """The named graphs of a dataset, default graph excluded, sorted."""
    return sorted(
        str(g.identifier) for g in dataset.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID and len(g)
    )
