"""Find the data folders ``ontology/`` and ``queries/`` both in a checkout and in an installed wheel.

They sit outside the import packages in the repository; the wheel force-includes them as
``kg/_data/ontology`` and ``kg/_data/queries`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

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
