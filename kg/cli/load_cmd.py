"""``kg load`` and ``kg push``: bulk-load N-Quads/TriG files into a store or a SPARQL server."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.errors import ConfigError

STORE_HELP = "Store folder (default: $KG_STORE, else .kg/store)."
ENDPOINT_HELP = "A SPARQL server's URL (Oxigraph: http://host:7878)."


def load(
    shards: Annotated[
        list[Path], typer.Argument(help="N-Quads or TriG files (e.g. the shards of a Dask build).")
    ],
    store: Annotated[
        str | None, typer.Option("--store", help="Store folder (default: $KG_STORE, .kg/store).")
    ] = None,
    endpoint: Annotated[str | None, typer.Option("--endpoint", help=ENDPOINT_HELP)] = None,
    optimize: Annotated[
        bool,
        typer.Option(
            "--optimize",
            help="Compact the embedded store after loading (slower load, faster queries on big stores).",
        ),
    ] = False,
) -> None:
    """Bulk-load graph files into the store (pyoxigraph's bulk loader) or into a SPARQL server."""
    from kg.store.load import load_files

    if store and endpoint:
        raise ConfigError("give --store or --endpoint, not both")
    if optimize and endpoint:
        raise ConfigError("--optimize compacts an embedded store; a SPARQL server manages its own storage")
    report = load_files(shards, endpoint or store, optimize=optimize)
    typer.echo(
        f"kg: loaded {report.quads} quads from {report.files} file(s) into {report.location} "
        f"in {report.seconds:.1f} s ({report.rate:,.0f} quads/s)",
        err=True,
    )


def push(
    endpoint: Annotated[
        str, typer.Option("--endpoint", help="A SPARQL server's URL (Oxigraph: http://host:7878).")
    ],
    store: Annotated[
        str | None, typer.Option("--store", help="Store to push (default: $KG_STORE, .kg/store).")
    ] = None,
) -> None:
    """Copy every named graph of a store into a running SPARQL server (replacing graphs of the same name)."""
    from kg.store.load import push_store

    report = push_store(store, endpoint)
    typer.echo(
        f"kg: pushed {report.files} graph(s), {report.quads} quads, "
        f"to {report.location} in {report.seconds:.1f} s",
        err=True,
    )


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("push")(push)
