"""A node/edge CSV pair, as Gephi's import wizard and spreadsheets expect.

``nodes.csv``: ``Id,Label`` then the other node attributes; ``edges.csv``: ``Source,Target,Type,
Id,Label,Weight`` then the other edge attributes (``Type`` is ``Directed``, as Gephi reads it).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.fsutil import atomic_write

NODE_COLUMNS = ("Id", "Label")
EDGE_COLUMNS = ("Source", "Target", "Type", "Id", "Label", "Weight")


def _cell(value: Any) -> Any:
    return "" if value is None else ("true" if value is True else "false" if value is False else value)


def node_rows(G: nx.MultiDiGraph) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of ``nodes.csv``.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("n1", label="Erbil", lat=36.19)
    >>> node_rows(G)
    (['Id', 'Label', 'lat'], [['n1', 'Erbil', 36.19]])
    """
    extra = sorted({k for _, data in G.nodes(data=True) for k in data} - {"label"})
    rows = [
        [node, data.get("label", node), *(_cell(data.get(k)) for k in extra)]
        for node, data in G.nodes(data=True)
    ]
    return [*NODE_COLUMNS, *extra], rows


def edge_rows(G: nx.MultiDiGraph) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of ``edges.csv``.

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b", key="met", label="met", weight=1.0)
    >>> edge_rows(G)
    (['Source', 'Target', 'Type', 'Id', 'Label', 'Weight'], [['a', 'b', 'Directed', 0, 'met', 1.0]])
    """
    data_keys = {k for *_, data in G.edges(keys=True, data=True) for k in data}
    extra = sorted(data_keys - {"label", "weight"})
    rows = []
    for i, (source, target, key, data) in enumerate(G.edges(keys=True, data=True)):
        label = data.get("label", key)
        rows.append(
            [
                source,
                target,
                "Directed",
                i,
                label,
                data.get("weight", 1.0),
                *(_cell(data.get(k)) for k in extra),
            ]
        )
    return [*EDGE_COLUMNS, *extra], rows


def write_csv_pair(G: nx.MultiDiGraph, folder: str | Path) -> tuple[Path, Path]:
    """Write ``nodes.csv`` and ``edges.csv`` into ``folder`` (created if missing); returns both paths.

    >>> import tempfile
    >>> nodes, edges = write_csv_pair(nx.MultiDiGraph([("a", "b")]), tempfile.mkdtemp())
    >>> nodes.read_text().splitlines()[0], edges.read_text().splitlines()[0]
    ('Id,Label', 'Source,Target,Type,Id,Label,Weight')
    """
    target = Path(folder)
    if target.suffix.lower() == ".csv":
        raise ExportError(
            f"CSV export writes two files (nodes.csv, edges.csv): give a folder, not {target.name!r}"
        )
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot create folder {target}: {e.strerror}; choose another -o") from e
    written = []
    for name, (header, rows) in (("nodes.csv", node_rows(G)), ("edges.csv", edge_rows(G))):
        path = target / name
        with atomic_write(path, encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written[0], written[1]
