"""The Dask executor: shards built on a two-process LocalCluster equal the local build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

pytestmark = pytest.mark.slow

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The examples built on a LocalCluster of two worker processes, five files per shard."""
    from kg.build import resolve_model
    from kg.distributed import build_on_dask

    folder = tmp_path_factory.mktemp("shards")
    with (
        distributed.LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None, silence_logs=40
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        report = build_on_dask(
            [EXAMPLES], shard_dir=folder, model=resolve_model(None), scheduler=client, files_per_shard=5
        )
    return folder, report


def _article_graphs(dataset: object) -> dict[str, object]:
    return {
        str(graph.identifier): graph
        for graph in dataset.graphs()  # type: ignore[attr-defined]
        if "/graph/article/" in str(graph.identifier) and len(graph)
    }


def test_the_shards_together_are_isomorphic_to_the_local_build(shards, examples_graph):
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic

    from kg.graphio import read_dataset

    folder, report = shards
    files = sorted(folder.glob("*.nq"))
    assert len(files) == len(report.shards) >= 2
    assert not report.skipped
    assert not list(folder.glob(".*.tmp")), "a temporary shard was left behind"
    distributed_graphs: dict[str, object] = {}
    for path in files:
        part = _article_graphs(read_dataset(path))
        assert not set(part) & set(distributed_graphs), "an article was built twice"
        distributed_graphs.update(part)
    local = _article_graphs(read_dataset(examples_graph))
    assert sorted(distributed_graphs) == sorted(local)
    assert report.articles == len(local)
    for name, graph in local.items():
        other = distributed_graphs[name]
        if not isomorphic(graph, other):  # type: ignore[arg-type]
            _, only_local, only_dask = graph_diff(to_isomorphic(graph), to_isomorphic(other))  # type: ignore[arg-type]
            pytest.fail(f"{name}: local only {sorted(only_local)[:3]}, dask only {sorted(only_dask)[:3]}")


def test_kg_load_puts_the_shards_into_a_store(shards, run_kg, tmp_path):
    folder, report = shards
    store = tmp_path / "store"
    code, out, err = run_kg("load", *map(str, sorted(folder.glob("*.nq"))), "--store", str(store))
    assert code == 0, out + err
    from kg.store import open_store

    with open_store(store, read_only=True) as handle:
        articles = [g for g in handle.graph_iris() if "/graph/article/" in str(g)]
        assert len(articles) == report.articles
        assert handle.count() >= report.quads
