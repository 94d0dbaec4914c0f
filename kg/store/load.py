"""Bulk loading: graph files into a store, and a whole store into a SPARQL server."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import StoreError


@dataclass(frozen=True)
class LoadReport:
    """What a load did: files (or graphs) read, quads added, where, and how long it took."""

    location: str
    files: int
    quads: int
    seconds: float

    @property
    def rate(self) -> float:
        """Quads per second."""
        return self.quads / self.seconds if self.seconds > 0 else 0.0


def load_files(
    paths: Sequence[Path], location: str | Path | None = None, *, optimize: bool = False
) -> LoadReport:
    """Bulk-load N-Quads/TriG files into the store at ``location`` (a folder, file or endpoint URL).

    On the embedded Oxigraph store each file goes through pyoxigraph's ``Store.bulk_load``; with
    ``optimize`` the store is compacted at the end (``Store.optimize``: slower load, faster queries).
    """
    from kg.store import open_store

    missing = [str(p) for p in paths if not Path(p).is_file()]
    if missing:
        raise StoreError(f"cannot load {', '.join(missing)}: no such file")
    start = time.perf_counter()
    quads = 0
    with open_store(location) as store:
        for path in paths:
            quads += store.load_file(Path(path))
        if optimize:
            store.optimize()
        where = store.location
    return LoadReport(where, len(paths), quads, time.perf_counter() - start)


def push_store(location: str | Path | None, endpoint: str) -> LoadReport:
    """Copy each named graph of a store into a SPARQL server, one Graph Store PUT per graph."""
    from kg.store import backend_for, open_store

    if backend_for(endpoint) != "sparql":
        raise StoreError(f"--endpoint must be an http(s) URL, got {endpoint!r}")
    start = time.perf_counter()
    quads = 0
    with open_store(location, read_only=True) as source, open_store(endpoint) as target:
        graphs = source.graph_iris()
        for graph_iri in graphs:
            graph = source.named_graph(graph_iri)
            target.replace_graph(graph_iri, graph)
            quads += len(graph)
        where = target.location
    return LoadReport(where, len(graphs), quads, time.perf_counter() - start)
