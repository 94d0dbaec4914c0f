"""``kg ontology``: print the event class tree with PLOVER and ACLED mappings, or the actor/place classes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kg.errors import ConfigError

FORMATS = ("text", "markdown", "tsv")


def render(root: str = "Event", *, fmt: str = "text") -> str:
    """The class tree under ``cf:<root>`` as text (indented), a Markdown table or TSV."""
    from kg.namespace import CF
    from kg.ontology import class_tree

    nodes = list(class_tree(CF[root]))
    if fmt == "markdown":
        rows = [
            "| class | label | PLOVER | ACLED event type | ACLED sub-event type |",
            "| --- | --- | --- | --- | --- |",
        ]
        for n in nodes:
            indent = "&nbsp;&nbsp;" * n.depth
            rows.append(
                f"| {indent}`cf:{n.cls.fragment}` | {n.label} | {n.plover or ''} | "
                f"{n.acled_event_type or ''} | {n.acled_sub_event_type or ''} |"
            )
        return "\n".join(rows)
    if fmt == "tsv":
        rows = ["class\tdepth\tlabel\tplover\tacled_event_type\tacled_sub_event_type"]
        rows += [
            f"cf:{n.cls.fragment}\t{n.depth}\t{n.label}\t{n.plover or ''}\t"
            f"{n.acled_event_type or ''}\t{n.acled_sub_event_type or ''}"
            for n in nodes
        ]
        return "\n".join(rows)
    width = max(len("  " * n.depth + "cf:" + n.cls.fragment) for n in nodes) + 2
    lines = []
    for n in nodes:
        name = ("  " * n.depth + "cf:" + n.cls.fragment).ljust(width)
        acled = " / ".join(x for x in (n.acled_event_type, n.acled_sub_event_type) if x)
        extra = "  ".join(x for x in ((n.plover or "").ljust(10), acled) if x.strip())
        lines.append((name + extra).rstrip())
    return "\n".join(lines)


def ontology_command(
    actors: Annotated[bool, typer.Option("--actors", help="Print the actor classes instead.")] = False,
    places: Annotated[bool, typer.Option("--places", help="Print the place classes instead.")] = False,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, markdown or tsv.")] = "text",
) -> None:
    """Print the event class tree with the PLOVER code and ACLED (sub-)event type of each class."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown --format {fmt!r}; expected one of {', '.join(FORMATS)}")
    roots = [r for r, chosen in (("Actor", actors), ("Place", places)) if chosen] or ["Event"]
    if fmt == "text" and sys.stdout.isatty() and roots == ["Event"]:
        _print_rich()
        return
    typer.echo("\n\n".join(render(root, fmt=fmt) for root in roots))


def _print_rich() -> None:
    from rich.console import Console
    from rich.table import Table

    from kg.ontology import class_tree

    table = Table(title="Event classes (cf:) with PLOVER and ACLED mappings")
    for column in ("class", "PLOVER", "ACLED event type", "ACLED sub-event type"):
        table.add_column(column)
    for n in class_tree():
        table.add_row(
            "  " * n.depth + n.cls.fragment,
            n.plover or "",
            n.acled_event_type or "",
            n.acled_sub_event_type or "",
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("ontology")(ontology_command)
