"""``kg query``: run a named query, a .rq file or inline SPARQL against a store."""

from __future__ import annotations

import shutil
import sys
from typing import Annotated

import typer

from kg.errors import ConfigError, QueryError

STORE_HELP = "Store folder, RDF file or SPARQL endpoint URL (default: $KG_STORE or .kg/store)."


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["from=2024-01-01", "actor=Kataib Hezbollah"]`` -> a dict; a pair without '=' is an error."""
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ConfigError(f"--param expects key=value, got {pair!r}")
        params[name.strip()] = value
    return params


def describe_queries() -> str:
    """The text of ``kg query --list``: each query, its description and parameters."""
    from kg.query import list_queries

    lines = []
    for query in list_queries():
        lines.append(f"{query.name}: {query.description}")
        for param in query.params:
            default = "(none)" if param.default is None else repr(param.default)
            lines.append(f"    --param {param.name}=<{param.type}>  default {default}  {param.description}")
        if query.columns:
            lines.append(f"    columns: {' '.join(query.columns)}")
    return "\n".join(lines) + "\n"


def query(
    name: Annotated[
        str | None, typer.Argument(help="A named query (see --list) or a .rq file.", show_default=False)
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="A parameter as key=value (repeatable).")
    ] = None,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="table, csv, json or markdown (CONSTRUCT: Turtle).")
    ] = "table",
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="Store folder, RDF file or SPARQL endpoint URL (default: $KG_STORE or .kg/store)."
        ),
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    expression: Annotated[
        str | None, typer.Option("--expression", "-e", help="Inline SPARQL text instead of a named query.")
    ] = None,
) -> None:
    """Run a named SPARQL query (or a .rq file, or -e 'SELECT ...') and print its results."""
    from kg.query import FORMATS, format_result, load_query, parse_header, run_query
    from kg.store import open_store

    if list_:
        typer.echo(describe_queries(), nl=False)
        return
    if output_format not in FORMATS:
        raise ConfigError(f"--format must be one of {', '.join(FORMATS)}, got {output_format!r}")
    if (name is None) == (expression is None):
        raise ConfigError(
            "give a query name or file, or -e 'SPARQL', (not both); `kg query --list` shows the names"
        )
    if expression is not None:
        if not expression.strip():
            raise QueryError("the inline query is empty")
        named = parse_header(expression)
    else:
        named = load_query(name)  # type: ignore[arg-type]
    params = parse_params(param or [])
    with open_store(store, read_only=True) as handle:
        result = run_query(handle, named, params)
    if output_format == "table":
        from kg.query import format_table

        width = shutil.get_terminal_size((160, 24)).columns if sys.stdout.isatty() else 200
        typer.echo(format_table(result, width=width), nl=False)
        return
    text = format_result(result, output_format)
    typer.echo(text, nl=not text.endswith("\n"))


def register(app: typer.Typer) -> None:
    app.command("query")(query)
