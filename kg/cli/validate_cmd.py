"""``kg validate FILE``: check a graph file against the SHACL shapes; exit 1 when it does not conform."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.errors import ValidationFailed


def validate_command(
    file: Annotated[
        Path,
        typer.Argument(
            help="Graph file to check (.trig .nq .jsonld .ttl .nt), e.g. one written by `kg build -o`."
        ),
    ],
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option("--gazetteer", help="Extra gazetteer .ttl file or folder (also $KG_GAZETTEER)."),
    ] = None,
) -> None:
    """Validate FILE against ontology/shapes.ttl and print a readable report, one line per violation."""
    from kg.gazetteer import load_gazetteer
    from kg.graphio import read_dataset
    from kg.validate import validate

    dataset = read_dataset(file)
    report = validate(dataset, gazetteer=load_gazetteer(gazetteer or ()))
    typer.echo(report.text)
    if not report.conforms:
        raise ValidationFailed(
            f"does not conform to the shapes: {report.violations} violation(s), listed above",
            report=report.text,
            path=file,
        )


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)
