"""``kg stats``: how much the graph holds."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kg.errors import ConfigError

STORE_HELP = "Store folder, RDF file or SPARQL endpoint URL (default: $KG_STORE or .kg/store)."


def stats(
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store folder, RDF file or SPARQL endpoint URL (default: $KG_STORE or .kg/store)."
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Count articles, events by class, actors, places, sources and triples."""
    from kg.store import open_store
    from kg.store.stats import graph_stats

    if output_format not in ("text", "json"):
        raise ConfigError(f"--format must be text or json, got {output_format!r}")
    with open_store(store, read_only=True) as handle:
        figures = graph_stats(handle)
    if output_format == "json":
        typer.echo(json.dumps(figures, indent=2))
        return
    for key in ("store", "triples", "named_graphs", "articles", "events", "actors", "places", "sources"):
        typer.echo(f"{key:<13} {figures[key]}")
    for cls, count in figures["events_by_class"].items():
        typer.echo(f"  {cls:<24} {count}")
    resolution = figures["resolution"]
    typer.echo(
        f"resolution    {resolution['reports_merged']} reports merged into "
        f"{resolution['events_from_several_sources']} events from several sources; "
        f"{resolution['entity_merges']} entity merges, {resolution['kept_apart']} kept apart "
        "(details: kg resolve --report)"
    )


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
