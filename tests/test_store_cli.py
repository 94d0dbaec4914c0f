"""``kg query``, ``kg stats`` and ``kg load`` from the command line (in-process)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    from kg.iris import ONTOLOGY_GRAPH
    from kg.ontology import load_ontology
    from kg.store import open_store

    location = str(tmp_path_factory.mktemp("cli") / "store")
    with open_store(location) as store:
        store.load_file(SAMPLE)
        store.replace_graph(ONTOLOGY_GRAPH, load_ontology())
    return location


def test_list(run_kg: Run) -> None:
    code, out, _ = run_kg("query", "--list")
    assert code == 0
    assert "attacks_on_place:" in out and "--param place=<place>  default 'Erbil'" in out


def test_named_query_csv(run_kg: Run, store_dir: str) -> None:
    code, out, err = run_kg(
        "query", "attacks_on_place", "--param", "place=Anbar", "-f", "csv", "--store", store_dir
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["siteLabel"] for row in rows] == ["Ain al-Asad Air Base"]


def test_table_and_markdown(run_kg: Run, store_dir: str) -> None:
    code, out, _ = run_kg("query", "casualties_by_month", "--store", store_dir)
    assert code == 0 and "2024-02" in out and "18" in out
    code, out, _ = run_kg("query", "casualties_by_month", "-f", "markdown", "--store", store_dir)
    assert out.splitlines()[0] == "| month | fatalities | injuries | events |"


def test_inline_json(run_kg: Run, store_dir: str) -> None:
    code, out, _ = run_kg(
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "-f",
        "json",
        "--store",
        store_dir,
    )
    assert code == 0
    assert int(json.loads(out)["results"]["bindings"][0]["n"]["value"]) > 1000


def test_construct_prints_turtle(run_kg: Run, store_dir: str) -> None:
    code, out, _ = run_kg("query", "actor_network", "--store", store_dir)
    assert code == 0 and "net:met" in out


def test_query_file(run_kg: Run, store_dir: str, tmp_path: Path) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "# param: n string - a label\n"
        "SELECT ?x WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?n }\n"
    )
    code, out, _ = run_kg("query", str(path), "-p", "n=Erbil", "-f", "csv", "--store", store_dir)
    assert code == 0 and "resource/place/erbil" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "nope"), "no query named 'nope'"),
        (("query", "timeline", "-p", "from=2024-13-01"), "expects a date"),
        (("query", "timeline", "-p", "from"), "--param expects key=value"),
        (("query", "actor_events", "-p", "actor=Nobody"), "unknown actor 'Nobody'; try `kg query actors`"),
        (("query", "timeline", "-f", "xml"), "--format must be one of"),
        (("query", "-e", "SELEKT * WHERE {}"), "does not parse"),
    ],
)
def test_errors_are_one_line(run_kg: Run, store_dir: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = run_kg(*args, "--store", store_dir)
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1


def test_missing_store(run_kg: Run, tmp_path: Path) -> None:
    code, _, err = run_kg("query", "events", "--store", str(tmp_path / "none"))
    assert code == 4 and "kg build" in err


def test_stats(run_kg: Run, store_dir: str) -> None:
    code, out, _ = run_kg("stats", "--store", store_dir, "--format", "json")
    figures = json.loads(out)
    assert code == 0
    assert (
        figures["articles"] == 3 and figures["events"] == 6 and figures["events_by_class"]["DroneStrike"] == 2
    )
    assert figures["sources"] == 4 and figures["triples"] > 1000
    code, out, _ = run_kg("stats", "--store", store_dir)
    assert "events" in out and "DroneStrike" in out


def test_load_with_optimize_compacts_and_keeps_every_quad(run_kg: Run, tmp_path: Path) -> None:
    shard = tmp_path / "shard.nq"
    shard.write_text(
        '<https://example.org/a> <https://example.org/p> "1" <https://example.org/g1> .\n'
        '<https://example.org/b> <https://example.org/p> "2" <https://example.org/g2> .\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    code, _, err = run_kg("load", str(shard), "--store", str(store), "--optimize")
    assert code == 0, err
    assert "loaded 2 quads" in err
    code, out, _ = run_kg(
        "query",
        "-e",
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        "--store",
        str(store),
        "--format",
        "csv",
    )
    assert code == 0 and out.strip().splitlines()[-1] == "2"


def test_load_optimize_refuses_an_endpoint(run_kg: Run, tmp_path: Path) -> None:
    code, _, err = run_kg("load", str(tmp_path / "x.nq"), "--endpoint", "http://localhost:1", "--optimize")
    assert code != 0 and "--optimize" in err and "Traceback" not in err
