"""GraphML through networkx's writer (the graph is plain-valued already, so it accepts every value)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import networkx as nx

from kg.fsutil import atomic_write


def generate_graphml(G: nx.MultiDiGraph) -> bytes:
    """The GraphML document of ``G`` as UTF-8 bytes.

    >>> b"<graphml" in generate_graphml(nx.MultiDiGraph([("a", "b")]))
    True
    """
    return ("\n".join(nx.generate_graphml(G, named_key_ids=True)) + "\n").encode("utf-8")


def write_graphml(G: nx.MultiDiGraph, path: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GraphML to a path (atomically) or an open binary file.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graphml(nx.MultiDiGraph([("a", "b")]), out)
    >>> nx.read_graphml(out).number_of_edges()
    1
    """
    data = generate_graphml(G)
    if isinstance(path, str | Path):
        with atomic_write(path, mode="wb") as handle:
            handle.write(data)
    else:
        path.write(data)
