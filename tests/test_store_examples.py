"""The named queries on the graph built from the bundled examples (slow: runs the spaCy model)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.query import list_queries, run_query, to_dataframe
from kg.store import Store, open_store

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def examples_store(examples_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with open_store(tmp_path_factory.mktemp("examples-store") / "store") as store:
        store.load_file(examples_graph)
        store.ensure_reference_graphs()
        yield store


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_named_query_returns_rows_on_the_examples(examples_store: Store, name: str) -> None:
    result = run_query(examples_store, name)
    assert len(result) > 0, f"{name} returned nothing on the examples graph"


def test_examples_content(examples_store: Store) -> None:
    erbil = to_dataframe(run_query(examples_store, "attacks_on_place"))
    assert erbil["siteLabel"].str.contains("Erbil|Harir").any()
    events = to_dataframe(run_query(examples_store, "events"))
    assert len(events) >= 12 and events["plover"].notna().all()


@pytest.fixture(scope="module")
def examples_memory(examples_graph: Path) -> Iterator[Store]:
    with open_store("memory") as store:
        store.load_file(examples_graph)
        store.ensure_reference_graphs()
        yield store


def _rows(store: Store, name: str) -> list[tuple[str, ...]]:
    from kg.query import plain

    rows = []
    for row in run_query(store, name).rows:
        values = [str(plain(v)) for v in row]
        rows.append(tuple(" | ".join(sorted(v.split(" | "))) if " | " in v else v for v in values))
    return sorted(rows)


@pytest.mark.parametrize("name", [q.name for q in list_queries() if q.name != "actor_network"])
def test_same_rows_in_memory_and_oxigraph_on_the_examples(
    examples_store: Store, examples_memory: Store, name: str
) -> None:
    assert _rows(examples_memory, name) == _rows(examples_store, name)
