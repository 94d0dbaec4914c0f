"""``kg events``: one record per event, as JSON Lines or ACLED-style CSV."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.errors import ConfigError


def events(
    graph: Annotated[
        str | None,
        typer.Argument(
            help="A graph file, store folder or SPARQL endpoint URL (default: the default store)."
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", "-f", help="jsonl or csv.")] = "jsonl",
    store: Annotated[str | None, typer.Option("--store", help="Store folder or endpoint URL.")] = None,
) -> None:
    """Print every event of a graph, one per line (jsonl) or row (csv)."""
    from kg.events import event_records, to_csv, to_jsonl
    from kg.store import open_store

    if output_format not in ("jsonl", "csv"):
        raise ConfigError(f"--format must be jsonl or csv, got {output_format!r}")
    with open_store(graph or store, read_only=True) as handle:
        records = event_records(handle)
    typer.echo(to_jsonl(records) if output_format == "jsonl" else to_csv(records), nl=False)


def register(app: typer.Typer) -> None:
    app.command("events")(events)
