"""conflict-kg: a provenance-carrying knowledge graph of conflict news.

The public API is imported lazily so that ``import kg`` stays fast (spaCy and rdflib load only
when used)::

    import kg
    report = kg.build_articles(["examples/articles"], sink=kg.FileSink("out.trig"))
    records = kg.event_records(kg.open_store("out.trig"))
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "Article": "kg.article",
    "BuildReport": "kg.build",
    "FileSink": "kg.build",
    "StoreSink": "kg.build",
    "build_articles": "kg.build",
    "event_records": "kg.events",
    "open_store": "kg.store",
    "run_query": "kg.query",
    "query_df": "kg.query",
    "to_networkx": "kg.export",
    "validate": "kg.validate",
    "load_gazetteer": "kg.gazetteer",
    "load_ontology": "kg.ontology",
    "KGError": "kg.errors",
}

__all__ = ["__version__", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kg' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted(__all__)
