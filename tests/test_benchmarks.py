"""The benchmark script's store part (d) on a small store: it runs, and its tables say what they should.

Benchmarks are not timed tests; this only checks that `benchmarks/run.py --only d` keeps working
(with its in-memory side) on a store small enough for the suite.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "run.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """benchmarks/run.py as a module of its own name (the script finds its neighbours itself)."""
    spec = importlib.util.spec_from_file_location("kg_benchmark_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while it is executed
    spec.loader.exec_module(module)
    return module


def test_store_part_times_every_query_on_disk_and_in_memory(bench, examples_graph, tmp_path):
    source = tmp_path / "source.nq"
    quads = ox.parse(path=str(examples_graph), format=ox.RdfFormat.TRIG)
    source.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
    tables = bench.store_bench(
        source,
        [20_000, 40_000],
        workdir=tmp_path / "work",
        repeats=2,
        query_timeout=60,
        queries_only=["places", "stats"],
        in_memory=True,
    )
    loads, queries, in_memory = tables
    assert [row[0] for row in loads.rows] == [pytest.approx(20_000, rel=0.1), pytest.approx(40_000, rel=0.1)]
    names = [row[0] for row in queries.rows]
    assert names == [bench.FLOOR, bench.FLOOR_COUNT, "places", "stats"]
    assert [row[0] for row in in_memory.rows] == names
    for row in in_memory.rows:
        disk_first, ram_first, disk_last, ram_last, growth_disk, growth_ram, ratio = row[1:]
        assert growth_disk == pytest.approx(disk_last / disk_first)
        assert all(t > 0 and math.isfinite(t) for t in (disk_first, ram_first, disk_last, ram_last))
        assert growth_ram == pytest.approx(ram_last / ram_first)
        assert ratio == pytest.approx(2, rel=0.1)
    stats = next(row for row in queries.rows if row[0] == "stats")
    assert stats[1] == stats[5] > 0  # the same classes at both sizes: as many rows


def test_interleaved_runs_alternate_their_order(bench):
    calls: list[str] = []
    fns = [lambda name=name: calls.append(name) or name for name in "abc"]
    medians, results = bench.median_times(fns, 4)
    assert calls == list("abccbaabccba")
    assert results == list("abc") and len(medians) == 3
