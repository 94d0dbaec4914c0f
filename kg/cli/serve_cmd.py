"""``kg serve``: a SPARQL 1.1 Protocol endpoint over the store, with a small HTML page."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.errors import ConfigError


def serve(
    store: Annotated[
        str | None,
        typer.Option("--store", help="Store folder or RDF file (default: $KG_STORE or .kg/store)."),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 7878,
    allow_update: Annotated[
        bool,
        typer.Option("--allow-update", help="Accept SPARQL UPDATE requests (refused with 403 otherwise)."),
    ] = False,
    timeout: Annotated[float, typer.Option("--timeout", help="Stop a query after this many seconds.")] = 30.0,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Return at most this many rows or triples.")
    ] = 10_000,
) -> None:
    """Serve the store over the SPARQL 1.1 Protocol (read-only unless --allow-update), until Ctrl-C."""
    from kg.serve import ServeConfig, run_server

    if timeout <= 0 or max_rows <= 0:
        raise ConfigError("--timeout and --max-rows must be positive")
    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, got {port}")
    config = ServeConfig(
        location=store or "",
        host=host,
        port=port,
        allow_update=allow_update,
        timeout=timeout,
        max_rows=max_rows,
    )

    def ready(url: str) -> None:
        mode = "read-write" if allow_update else "read-only"
        typer.echo(
            f"kg: serving {config.location or 'the default store'} at {url}/ ({mode}); Ctrl-C stops", err=True
        )

    run_server(config, ready=ready)


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
