"""A user's scenarios for `kg build` and `kg events`, plus regression tests for the build."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from kg.events import CSV_COLUMNS, RECORD_KEYS
from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow


def test_build_writes_a_valid_graph_and_events_have_the_documented_keys(run_kg, examples_graph):
    code, out, err = run_kg("validate", str(examples_graph))
    assert code == 0, out + err
    code, out, err = run_kg("events", str(examples_graph), "--format", "jsonl")
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) >= 12
    for record in records:
        assert tuple(record) == RECORD_KEYS
        assert record["evidence"] and record["sources"]
        assert record["date_precision"] in {"day", "month", "year"}
        assert record["plover"]


def test_events_csv_uses_acled_columns(run_kg, examples_graph):
    code, out, _ = run_kg("events", str(examples_graph), "--format", "csv")
    assert code == 0
    header = out.splitlines()[0].split(",")
    assert tuple(header) == CSV_COLUMNS
    assert header[:6] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "event_type",
        "sub_event_type",
    ]


def test_build_prints_counts_and_where_the_output_went(run_kg, tmp_path):
    article = sorted(EXAMPLES.glob("*.txt"))[0]
    out_file = tmp_path / "one.nq"
    code, out, err = run_kg("build", str(article), "-o", str(out_file), "--jobs", "1")
    assert code == 0, err
    assert "Built 1 article(s)" in out and str(out_file) in out and "events" in out
    assert out_file.stat().st_size > 0


def test_one_bad_article_is_skipped_by_name_and_the_others_are_built(run_kg, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    good = sorted(EXAMPLES.glob("*.txt"))[0]
    shutil.copy(good, folder / good.name)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    out_file = tmp_path / "batch.trig"
    code, out, err = run_kg("build", str(folder), "-o", str(out_file), "--jobs", "1")
    assert code == 3
    assert "broken.txt" in err and "Traceback" not in err
    assert "Built 1 article(s)" in out
    assert out_file.exists()


def test_missing_model_is_a_clear_error_not_a_fallback(run_kg, tmp_path):
    article = sorted(EXAMPLES.glob("*.txt"))[0]
    code, _, err = run_kg(
        "build", str(article), "-o", str(tmp_path / "x.trig"), "--model", "no_such_model_xx"
    )
    assert code == 4
    assert "no_such_model_xx" in err and "pip install" in err
    assert not (tmp_path / "x.trig").exists()


def test_unknown_output_extension_writes_nothing(run_kg, tmp_path):
    article = sorted(EXAMPLES.glob("*.txt"))[0]
    code, _, err = run_kg("build", str(article), "-o", str(tmp_path / "x.docx"))
    assert code == 2 and ".trig" in err


def test_building_twice_into_a_store_replaces_instead_of_duplicating(run_kg, tmp_path):
    store = tmp_path / "store"
    article = sorted(EXAMPLES.glob("*.txt"))[0]
    assert run_kg("build", str(article), "--store", str(store), "--jobs", "1")[0] == 0
    from kg.store import open_store

    with open_store(store) as handle:
        first = handle.count()
    assert run_kg("build", str(article), "--store", str(store), "--jobs", "1")[0] == 0
    with open_store(store) as handle:
        assert handle.count() == first


def test_a_store_built_by_kg_build_passes_validation(run_kg, tmp_path):
    """Regression: the store's canonical literals ("33" for "33.0") once doubled the gazetteer's."""
    from kg.store import open_store
    from kg.validate import validate

    store = tmp_path / "store"
    article = sorted(EXAMPLES.glob("*.txt"))[0]
    assert run_kg("build", str(article), "--store", str(store), "--jobs", "1")[0] == 0
    with open_store(store) as handle:
        report = validate(handle.to_dataset())
    assert report.conforms, report.text


def test_parallel_build_gives_the_same_graph_as_a_serial_one(tmp_path):
    from rdflib.compare import isomorphic

    from kg.build import FileSink, build_articles
    from kg.graphio import read_dataset

    files = sorted(EXAMPLES.glob("*.txt"))[:4]
    build_articles(files, sink=FileSink(tmp_path / "serial.nq"), jobs=1)
    build_articles(files, sink=FileSink(tmp_path / "parallel.nq"), jobs=2, batch_size=1)
    serial, parallel = read_dataset(tmp_path / "serial.nq"), read_dataset(tmp_path / "parallel.nq")
    for graph in serial.graphs():
        assert isomorphic(graph, parallel.graph(graph.identifier)), graph.identifier


def test_a_killed_build_leaves_a_store_holding_every_finished_article(tmp_path):
    """SIGKILL mid-build: the store opens, validates, and keeps the articles written before."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, source in enumerate(sorted(EXAMPLES.glob("*.txt")) * 3):
        text = source.read_text(encoding="utf-8").replace(
            "Sources 1/", f"Sources 0/ https://copy{i}.example/a{i} 1/", 1
        )
        (corpus / f"{i:03d}_{source.name}").write_text(text, encoding="utf-8")
    store = tmp_path / "store"
    env = dict(os.environ, KG_STORE=str(store))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kg", "build", str(corpus), "--jobs", "1", "--batch-size", "1", "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from kg.store import open_store

    deadline = time.monotonic() + 120
    written = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if (store).exists():
            try:
                with open_store(store, read_only=True) as handle:
                    written = len([g for g in handle.graph_iris() if "/graph/article/" in str(g)])
            except Exception:
                continue
            if written >= 3:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert written >= 3
    with open_store(store) as handle:
        articles = [g for g in handle.graph_iris() if "/graph/article/" in str(g)]
        assert len(articles) >= written
        from kg.validate import validate

        assert validate(handle.to_dataset()).conforms


def test_worker_triples_serialise_like_the_extracted_graph(nlp: Any, gazetteer: Any) -> None:
    """The build's workers skip the rdflib Graph: their N-Triples and counts must be the graph's."""
    from rdflib.compare import isomorphic

    from kg.build import ArticleGraph
    from kg.extract import extract, extract_triples
    from kg.nlp import make_doc
    from loaders import iter_articles

    article = next(iter(iter_articles([EXAMPLES / "001_erbil-airport-drone.txt"])))
    doc = nlp(make_doc(nlp, article))
    graph = extract(doc, article, gazetteer=gazetteer)
    fast = ArticleGraph.from_triples(article.id, "x", extract_triples(doc, article, gazetteer=gazetteer))
    slow = ArticleGraph.from_graph(article.id, "x", graph)
    assert isomorphic(fast.graph(), graph)
    assert (fast.triple_count, fast.events, fast.actors, fast.places, fast.sources) == (
        slow.triple_count, slow.events, slow.actors, slow.places, slow.sources,
    )  # fmt: skip
