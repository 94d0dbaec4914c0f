"""GraphML through networkx's writer (the graph is plain-valued already, so it accepts every value)."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import networkx as nx

from kg.fsutil import write_bytes


def unique_edge_ids(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose edge keys are unique across the graph (``"0"``, ``"1"``, ...).

    networkx writes a multigraph's edge keys as GraphML edge ids; the views key edges by relation
    (unique per node pair only), and graphology rejects repeated ids. The relation stays in ``label``.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="met", label="met")
    >>> _ = G.add_edge("c", "d", key="met", label="met")
    >>> sorted(k for *_, k in unique_edge_ids(G).edges(keys=True))
    ['0', '1']
    """
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for i, (source, target, data) in enumerate(G.edges(data=True)):
        H.add_edge(source, target, key=str(i), **data)
    return H


def generate_graphml(G: nx.MultiDiGraph) -> bytes:
    """The GraphML document of ``G`` as UTF-8 bytes (edge ids unique, see :func:`unique_edge_ids`).

    >>> b"<graphml" in generate_graphml(nx.MultiDiGraph([("a", "b")]))
    True
    """
    lines = nx.generate_graphml(unique_edge_ids(G), named_key_ids=True)
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_graphml(G: nx.MultiDiGraph, path: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GraphML to a path (atomically) or an open binary file.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.graphml"
    >>> write_graphml(nx.MultiDiGraph([("a", "b")]), out)
    >>> nx.read_graphml(out).number_of_edges()
    1
    """
    write_bytes(generate_graphml(G), path)
