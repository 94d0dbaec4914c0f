"""Stores: where the graph lives. One interface (``Store``), several backends, one registry.

``open_store(location)`` picks the backend from the location:

==========================================  ===============================================
location                                    backend
==========================================  ===============================================
``None``                                    ``$KG_STORE``, else ``.kg/store`` (below)
a folder path (the default ``.kg/store``)   embedded on-disk Oxigraph (``oxigraph``)
a file ending .ttl .trig .nq .nt .jsonld    in-memory rdflib Dataset, saved back on close (``file``)
``http://...`` or ``https://...``           remote SPARQL 1.1 endpoint (``sparql``)
``memory``                                  empty in-memory rdflib Dataset (``memory``)
==========================================  ===============================================

>>> with open_store("memory") as store:
...     store.count()
0
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kg.errors import ConfigError
from kg.store.base import QueryResult, Store

__all__ = ["BACKENDS", "DEFAULT_STORE", "QueryResult", "Store", "backend_for", "open_store", "store_location"]

#: the folder used when neither --store nor $KG_STORE is given (relative to the current directory)
DEFAULT_STORE = Path(".kg") / "store"

#: extensions that make a location an RDF file (kept in an in-memory Dataset)
FILE_EXTENSIONS = (".ttl", ".trig", ".nq", ".nt", ".jsonld")


def _oxigraph(location: str, read_only: bool) -> Store:
    from kg.store.oxigraph import OxigraphStore

    return OxigraphStore(Path(location), read_only=read_only)


def _file(location: str, read_only: bool) -> Store:
    from kg.store.rdflib_store import RdflibStore

    return RdflibStore(Path(location), read_only=read_only)


def _memory(location: str, read_only: bool) -> Store:
    from kg.store.rdflib_store import RdflibStore

    return RdflibStore(None, read_only=read_only)


def _sparql(location: str, read_only: bool) -> Store:
    from kg.store.remote import RemoteStore

    return RemoteStore(location, read_only=read_only)


#: backend name -> opener(location, read_only); imported lazily
BACKENDS: dict[str, Callable[[str, bool], Store]] = {
    "oxigraph": _oxigraph,
    "file": _file,
    "memory": _memory,
    "sparql": _sparql,
}


def store_location(location: str | Path | None = None) -> str:
    """The location to use: the argument, else ``$KG_STORE``, else ``.kg/store``."""
    if location is not None and str(location) != "":
        return str(location)
    return os.environ.get("KG_STORE") or str(DEFAULT_STORE)


def backend_for(location: str) -> str:
    """The backend name for a location.

    >>> [backend_for(x) for x in (".kg/store", "out.trig", "http://127.0.0.1:7878/query", "memory")]
    ['oxigraph', 'file', 'sparql', 'memory']
    """
    if location == "memory":
        return "memory"
    if location.startswith(("http://", "https://")):
        return "sparql"
    if "://" in location:
        raise ConfigError(
            f"cannot open the store {location!r}: expected a folder, an RDF file, an http(s) URL or 'memory'"
        )
    if location.lower().endswith(FILE_EXTENSIONS):
        return "file"
    return "oxigraph"


def open_store(location: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``location`` (see the module docstring for how the backend is chosen)."""
    where = store_location(location)
    return BACKENDS[backend_for(where)](where, read_only)
