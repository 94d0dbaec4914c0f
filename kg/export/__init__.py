"""Exporters: an RDF graph (docs/data-model.md) to networkx, GEXF 1.3, GraphML, CSV and HTML.

One registry table, :data:`EXPORTERS`, maps a format name to the function that writes it; each
format's module is imported only when used. Importing this package also registers the rdflib
serializer plugin, so ``graph.serialize(format="gexf")`` works.

>>> from kg.export.sample import sample_dataset
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "actors.gexf"
>>> export(sample_dataset(), out, view="actors")
[PosixPath('.../actors.gexf')]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import plugin
from rdflib.serializer import Serializer

from kg.errors import ExportError
from kg.export.views import VIEWS, GraphSource, to_networkx, view_names

__all__ = [
    "EXPORTERS",
    "VIEWS",
    "Exporter",
    "export",
    "export_graph",
    "exporter",
    "format_for_path",
    "to_networkx",
    "view_names",
]


@dataclass(frozen=True)
class Exporter:
    """One output format: where its writer lives, its file suffix and what it is for."""

    name: str
    target: str  # "module:function"; the function takes (G, path) and writes the file(s)
    suffix: str  # "" for a folder
    description: str

    def load(self) -> Callable[[nx.MultiDiGraph, Path], Any]:
        """Import the writer (lazily: a format's module is imported only when used)."""
        module_name, function = self.target.split(":")
        writer: Callable[[nx.MultiDiGraph, Path], Any] = getattr(
            importlib.import_module(module_name), function
        )
        return writer


#: the exporters by name (a test pins this table)
EXPORTERS: dict[str, Exporter] = {
    e.name: e
    for e in (
        Exporter(
            "gexf", "kg.export.gexf:write_gexf", ".gexf", "GEXF 1.3 for Gephi (viz colours, dynamic spells)"
        ),
        Exporter("graphml", "kg.export.graphml:write_graphml", ".graphml", "GraphML (networkx writer)"),
        Exporter("csv", "kg.export.tables:write_csv_pair", "", "nodes.csv + edges.csv in a folder (Gephi)"),
        Exporter("html", "kg.export.html:write_html", ".html", "self-contained interactive page (pyvis)"),
    )
}

plugin.register("gexf", Serializer, "kg.export.gexf", "GexfSerializer")


def exporter(name: str | None, *, path: str | Path | None = None) -> Exporter:
    """The exporter of a format name (``--to``), else the one the suffix of ``path`` names;
    a clear error for an unknown name or suffix.

    >>> exporter("gexf").suffix, exporter(None, path="out/war.graphml").name
    ('.gexf', 'graphml')
    """
    if not name:
        if path is None:
            raise ExportError("no export format: give a format name (--to) or an output path with a suffix")
        name = format_for_path(path)
    try:
        return EXPORTERS[name.lower()]
    except KeyError:
        raise ExportError(f"unknown export format {name!r}: expected one of {', '.join(EXPORTERS)}") from None


def format_for_path(path: str | Path) -> str:
    """Guess the format from the output's suffix (a path without suffix is a CSV folder).

    >>> format_for_path("out/war.gexf"), format_for_path("out/tables")
    ('gexf', 'csv')
    """
    suffix = Path(path).suffix.lower()
    for e in EXPORTERS.values():
        if suffix == e.suffix:
            return e.name
    known = ", ".join(f"{e.suffix or 'a folder'} ({e.name})" for e in EXPORTERS.values())
    raise ExportError(f"cannot tell the export format of {path}: expected {known}, or pass --to")


def export_graph(G: nx.MultiDiGraph, path: str | Path, *, to: str | None = None) -> list[Path]:
    """Write an already built view ``G`` in format ``to`` (default: from the suffix); returns the files."""
    chosen = exporter(to, path=path)
    result = chosen.load()(G, Path(path))
    return list(result) if isinstance(result, tuple) else [Path(path)]


def export(data: GraphSource, path: str | Path, *, to: str | None = None, view: str = "full") -> list[Path]:
    """Build view ``view`` of ``data`` and write it to ``path`` in format ``to``; returns the files written.

    ``data`` is an rdflib Graph/Dataset or an RDF file path; ``to`` defaults to the format the
    suffix of ``path`` names (see :data:`EXPORTERS`).
    """
    chosen = exporter(to, path=path)
    return export_graph(to_networkx(data, view=view), path, to=chosen.name)
