"""``kg serve``, ``kg push`` and ``kg load`` against real servers (subprocesses on 127.0.0.1).

Every test stops the processes it starts, even when it fails.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kg.query import list_queries, plain, run_query
from kg.serve import free_port, oxigraph_server, wait_for
from kg.store import Store, open_store

pytestmark = pytest.mark.slow

SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"
ROOT = Path(__file__).resolve().parents[1]
Run = Callable[..., tuple[int, str, str]]


def fill(location: Path) -> Path:
    from kg.iris import ONTOLOGY_GRAPH
    from kg.ontology import load_ontology

    with open_store(location) as store:
        store.load_file(SAMPLE)
        store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    return location


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fill(tmp_path_factory.mktemp("serve") / "store")


@contextlib.contextmanager
def kg_serve(store: Path, *options: str) -> Iterator[str]:
    """Run `kg serve` as a subprocess on a free loopback port; always stop it (SIGINT, then kill)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--store", str(store), "--port", str(port), *options],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(url + "/", seconds=30, process=process)
        yield url
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr is not None:
            process.stderr.close()


def sparqlwrapper_rows(endpoint: str, sparql: str) -> list[tuple]:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(sparql)
    client.setReturnFormat(JSON)
    data = client.queryAndConvert()
    names = data["head"]["vars"]
    return [tuple(b.get(v, {}).get("value") for v in names) for b in data["results"]["bindings"]]


def kg_rows(store: Store, name: str) -> list[tuple]:
    return [tuple(None if v is None else str(v) for v in row) for row in run_query(store, name).rows]


def canonical_rows(store: Store, name: str) -> list[tuple]:
    """Rows as strings; GROUP_CONCAT lists (whose order SPARQL leaves open) sorted."""
    rows = []
    for row in run_query(store, name).rows:
        values = [str(plain(v)) for v in row]
        rows.append(tuple(" | ".join(sorted(v.split(" | "))) if " | " in v else v for v in values))
    return rows


PARAMETERLESS = ["events", "casualties_by_month", "blamed_by", "conflicting_reports", "stats"]


def test_sparqlwrapper_gets_the_rows_of_kg_query(sample_store: Path) -> None:
    with kg_serve(sample_store) as url:
        import httpx

        page = httpx.get(url + "/").text
        assert "<textarea" in page and "attacks_on_place" in page
        with open_store(sample_store, read_only=True) as store:
            for name in PARAMETERLESS:
                query = next(q for q in list_queries() if q.name == name)
                assert sparqlwrapper_rows(url + "/query", query.text) == kg_rows(store, name), name
            # a named query with its defaults, parameters bound by the server
            named = httpx.get(url + "/named/attacks_on_place").json()
            events = {b["event"]["value"] for b in named["results"]["bindings"]}
            assert events == {str(row[0]) for row in run_query(store, "attacks_on_place").rows}


def test_update_is_refused_unless_allowed(tmp_path: Path) -> None:
    from urllib.error import HTTPError

    from SPARQLWrapper import POST, SPARQLWrapper

    store = fill(tmp_path / "store")
    insert = "INSERT DATA { GRAPH <https://x.org/g> { <https://x.org/a> <https://x.org/p> 1 } }"
    with kg_serve(store) as url:
        client = SPARQLWrapper(url + "/query", updateEndpoint=url + "/update")
        client.setMethod(POST)
        client.setQuery(insert)
        with pytest.raises(HTTPError) as refused:
            client.query()
        assert refused.value.code == 403
        assert b"--allow-update" in refused.value.read()
    with open_store(store, read_only=True) as opened:
        assert opened.query("ASK { <https://x.org/a> ?p ?o }").boolean is False
    with kg_serve(store, "--allow-update") as url:
        client = SPARQLWrapper(url + "/query", updateEndpoint=url + "/update")
        client.setMethod(POST)
        client.setQuery(insert)
        client.query()
        assert sparqlwrapper_rows(url + "/query", "SELECT ?o WHERE { <https://x.org/a> ?p ?o }") == [("1",)]


def test_a_slow_query_is_stopped_and_the_server_keeps_serving(tmp_path: Path) -> None:
    import pyoxigraph as ox
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    folder = tmp_path / "big"
    store = ox.Store(str(folder))
    graph = ox.NamedNode("https://x.org/g")
    store.bulk_extend(
        ox.Quad(
            ox.NamedNode(f"https://x.org/{i}"), ox.NamedNode("https://x.org/p"), ox.Literal(str(i)), graph
        )
        for i in range(3000)
    )
    store.flush()
    del store
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    with kg_serve(folder, "--timeout", "1") as url:
        import httpx

        started = time.monotonic()
        response = httpx.get(url + "/query", params={"query": slow}, timeout=60)
        assert response.status_code == 503
        assert "timeout" in response.text
        assert time.monotonic() - started < 30
        with pytest.raises((SPARQLWrapperException, Exception)):
            sparqlwrapper_rows(url + "/query", slow)
        assert sparqlwrapper_rows(url + "/query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [("3000",)]


def test_result_size_limit(sample_store: Path) -> None:
    import httpx

    with kg_serve(sample_store, "--max-rows", "5") as url:
        response = httpx.get(
            url + "/query", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"}
        )
        assert response.headers["X-KG-Truncated"] == "true"
        assert len(response.text.strip().splitlines()) == 6


def test_push_into_oxigraph_server_gives_the_same_answers(
    sample_store: Path, tmp_path: Path, run_kg: Run
) -> None:
    with oxigraph_server(tmp_path / "server", allow_update=True) as url:
        code, _, err = run_kg("push", "--endpoint", url, "--store", str(sample_store))
        assert code == 0, err
        with open_store(url) as remote, open_store(sample_store, read_only=True) as local:
            assert remote.count() == local.count()
            for query in list_queries():
                if query.name == "actor_network":
                    from rdflib.compare import isomorphic

                    a, b = run_query(remote, query).graph, run_query(local, query).graph
                    assert a is not None and b is not None and isomorphic(a, b)
                    continue
                remote_rows = canonical_rows(remote, query.name)
                local_rows = canonical_rows(local, query.name)
                assert remote_rows == local_rows, query.name
            # parameters travel to the endpoint as values too
            assert len(run_query(remote, "actor_events", {"actor": "KH"})) == 2
        # pushing twice replaces the graphs instead of duplicating them
        code, _, _ = run_kg("push", "--endpoint", url, "--store", str(sample_store))
        with open_store(url) as remote, open_store(sample_store, read_only=True) as local:
            assert remote.count() == local.count()


def test_load_shards_into_a_store_and_an_endpoint(tmp_path: Path, run_kg: Run) -> None:
    import pyoxigraph as ox

    quads = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG))
    shards = []
    for i in range(3):
        shard = tmp_path / f"shard-{i}.nq"
        ox.serialize(quads[i::3], str(shard), format=ox.RdfFormat.N_QUADS)
        shards.append(str(shard))
    code, _, err = run_kg("load", *shards, "--store", str(tmp_path / "store"))
    assert code == 0 and "loaded 523 quads from 3 file(s)" in err, err
    with open_store(tmp_path / "store", read_only=True) as store:
        assert store.count() == 523
    with oxigraph_server(tmp_path / "server", allow_update=True) as url:
        code, _, err = run_kg("load", *shards, "--endpoint", url)
        assert code == 0, err
        with open_store(url) as remote:
            assert remote.count() == 523
