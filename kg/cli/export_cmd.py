"""``kg export``: a view of the graph as GEXF (Gephi), GraphML, a CSV pair or an interactive HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def export(
    graph: Annotated[
        str | None,
        typer.Argument(
            help="A graph file, store folder or SPARQL endpoint URL (default: the default store).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            help="Output file (.gexf .graphml .html) or, for csv, a folder.",
            show_default=False,
        ),
    ] = Path("graph.gexf"),
    to: Annotated[
        str | None, typer.Option("--to", help="gexf, graphml, csv or html (default: from the -o suffix).")
    ] = None,
    view: Annotated[
        str,
        typer.Option(
            "--view", help="full, actors, actor-event, event-place, or query:NAME (a CONSTRUCT query)."
        ),
    ] = "full",
    store: Annotated[str | None, typer.Option("--store", help="Store folder or endpoint URL.")] = None,
) -> None:
    """Export one view of the graph for Gephi, spreadsheets or a browser."""
    from kg.export import export_graph, exporter, to_networkx
    from kg.store import open_store

    chosen = exporter(to, path=output)  # before opening the store: a bad name fails at once
    with open_store(graph or store, read_only=True) as handle:
        dataset = handle.to_dataset()
    G = to_networkx(dataset, view=view)
    written = export_graph(G, output, to=chosen.name)
    files = ", ".join(str(p) for p in written)
    typer.echo(
        f"{chosen.name}: view {view}, {G.number_of_nodes()} nodes, {G.number_of_edges()} edges -> {files}"
    )


def register(app: typer.Typer) -> None:
    app.command("export")(export)
