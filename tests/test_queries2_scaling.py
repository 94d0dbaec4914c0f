"""The named queries stay linear in the data (issue 7).

Two properties, checked on the sample graph:

- **Repetition does not change a result.** Oxigraph's union default graph repeats a triple once per
  named graph that holds it, and an actor or place minted from text is typed and labelled again in
  every article graph that names it. Copying every label and type into more graphs must change no
  named query's rows (a query that joins labels per row, or a CONSTRUCT that mints one ``_:edge``
  per solution, would multiply them, and its time would grow with rows x graphs).
- **Replicated data costs no more than its size** (``slow``): with the article graphs copied under
  new ids, 8 times more data must not cost much more than 8 times the time.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from kg.query import list_queries, run_query
from kg.store import Store, open_store
from tests.sample_store import fill

NAMES = [query.name for query in list_queries()]


def result_of(store: Store, name: str) -> object:
    """A comparable form of a query's result: a graph (CONSTRUCT) or the multiset of its rows."""
    result = run_query(store, name)
    if result.kind == "graph":
        return result.graph
    return Counter(result.rows)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Store]]:
    plain_dir = tmp_path_factory.mktemp("plain")
    repeated_dir = tmp_path_factory.mktemp("repeated")
    with open_store(plain_dir / "store") as plain, open_store(repeated_dir / "store") as repeated:
        yield fill(plain, plain_dir), fill(repeated, repeated_dir, repeats=3)


@pytest.mark.parametrize("name", NAMES)
def test_repeated_labels_and_types_change_no_result(stores: tuple[Store, Store], name: str) -> None:
    plain, repeated = stores
    before, after = result_of(plain, name), result_of(repeated, name)
    if isinstance(before, Counter):
        assert before == after
    else:
        assert isomorphic(before, after), f"{name}: {len(before)} triples, {len(after)} with repeated labels"


@pytest.mark.slow
def test_time_grows_no_faster_than_the_data(tmp_path: Path) -> None:
    small_dir, big_dir = tmp_path / "small", tmp_path / "big"
    small_dir.mkdir()
    big_dir.mkdir()
    with open_store(small_dir / "store") as small, open_store(big_dir / "store") as big:
        fill(small, small_dir, copies=4)
        fill(big, big_dir, copies=32)
        ratio = big.count() / small.count()
        slow: list[str] = []
        for name in NAMES:
            times = []
            for store in (small, big):
                best = float("inf")
                for _ in range(3):
                    start = time.perf_counter()
                    run_query(store, name)
                    best = min(best, time.perf_counter() - start)
                times.append(best)
            # generous: the machine is shared and the small store's times are mostly overhead
            if times[1] > 3 * ratio * max(times[0], 0.002):
                slow.append(f"{name}: {times[0]:.4f} s -> {times[1]:.4f} s for {ratio:.1f}x data")
        assert not slow, slow
