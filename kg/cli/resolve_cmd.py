"""``kg resolve``: recompute cfg:resolution (and report it); ``kg remove``: take articles out."""

from __future__ import annotations

from typing import Annotated

import typer

from kg.errors import ConfigError

_FORMATS = ("text", "json")
_STORE_HELP = "Store folder, graph file or endpoint URL."


def _summary_line(summary: object) -> str:
    s = summary
    return (
        f"{s.events} article events -> {s.distinct_events} distinct events "  # type: ignore[attr-defined]
        f"({s.canonical_events} merged from {s.resolved_events} reports), "  # type: ignore[attr-defined]
        f"{s.entity_merges} actor/place merges, {s.kept_apart} kept apart, "  # type: ignore[attr-defined]
        f"{s.single_source_events} single-source events."  # type: ignore[attr-defined]
    )


def resolve(
    graph: Annotated[
        str | None,
        typer.Argument(help="A graph file or store folder (default: --store, $KG_STORE or .kg/store)."),
    ] = None,
    store: Annotated[str | None, typer.Option("--store", help=_STORE_HELP)] = None,
    report: Annotated[
        bool, typer.Option("--report", help="Print merges, near-misses and single-source events.")
    ] = False,
    output_format: Annotated[
        str, typer.Option("--format", "-f", help="Report format: text or json.")
    ] = "text",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only report; leave the stored cfg:resolution as it is.")
    ] = False,
) -> None:
    """Recompute the resolution graph (merged events, actor merges) from every article graph."""
    from kg.resolve import refresh_resolution, resolution_report
    from kg.store import open_store

    if output_format not in _FORMATS:
        raise ConfigError(f"--format must be text or json, got {output_format!r}")
    with open_store(graph or store, read_only=dry_run) as handle:
        if not dry_run:
            summary = refresh_resolution(handle)
            if not report:
                typer.echo(f"Resolved {handle.location}: {_summary_line(summary)}")
                return
        result = resolution_report(handle)
    typer.echo(result.to_json() if output_format == "json" else result.to_text(), nl=False)


def remove(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Articles to remove: article id, article IRI, URL or file name.", show_default=False
        ),
    ],
    store: Annotated[str | None, typer.Option("--store", help=_STORE_HELP)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> None:
    """Remove articles' named graphs and refresh resolution: what others also report stays."""
    from kg.resolve import remove_articles
    from kg.store import open_store

    with open_store(store) as handle:
        result = remove_articles(handle, sources)
    if not quiet:
        removed = " ".join(str(g) for g in result.removed)
        typer.echo(f"Removed {len(result.removed)} article graph(s): {removed}")
        if result.summary is not None:
            typer.echo(f"Resolution refreshed: {_summary_line(result.summary)}")


def register(app: typer.Typer) -> None:
    app.command("resolve")(resolve)
    app.command("remove")(remove)
