"""Find the data folders ``ontology/`` and ``queries/`` both in a checkout and in an installed wheel.

They sit outside the import packages in the repository; the wheel force-includes them as
``kg/_data/ontology`` and ``kg/_data/queries`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph

from kg.errors import OntologyError

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_DIR = _PACKAGE_DIR.parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _CHECKOUT_DIR / name):
        if candidate.is_dir():
            return candidate
    raise OntologyError(
        f"data folder {name!r} not found next to the kg package or in kg/_data; "
        "reinstall the package (pip install .) or run from a full checkout"
    )


def ontology_dir() -> Path:
    """The folder holding conflict.ttl, shapes.ttl, the gazetteer and the trigger lexicon."""
    return _data_dir("ontology")


def queries_dir() -> Path:
    """The folder holding the named SPARQL queries (``*.rq``)."""
    return _data_dir("queries")


def ontology_file(name: str) -> Path:
    """A file inside ``ontology/``, with a clear error when it is missing."""
    path = ontology_dir() / name
    if not path.exists():
        raise OntologyError(f"expected ontology file {name!r} in {ontology_dir()}, found nothing", path=path)
    return path


def read_turtle(paths: Iterable[Path], *, what: str) -> Graph:
    """Parse Turtle files into one Graph with the project prefixes bound.

    Every data file (ontology, shapes, gazetteer) is read here, so a syntax error always reads the
    same way: an :class:`~kg.errors.OntologyError` naming the file, ``what`` it is and rdflib's
    first line.

    >>> graph = read_turtle([ontology_file("conflict.ttl")], what="the ontology")
    >>> len(graph) > 100
    True
    """
    from kg.namespace import bind_prefixes

    graph = bind_prefixes(Graph())
    for path in paths:
        try:
            graph.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many unrelated types for bad syntax
            first_line = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise OntologyError(
                f"{what} is not valid Turtle ({first_line}); fix the file or remove it", path=path
            ) from e
    return graph
