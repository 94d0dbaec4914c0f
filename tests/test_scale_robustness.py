"""Bad inputs, interruptions and concurrent builds through the CLI (issue 7, "Robustness").

Every bad input gets a non-zero exit, a one-line message naming the file, no traceback and no
half-written output; in a batch the bad inputs are listed at the end and the good ones are built.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow

GOOD = sorted(EXAMPLES.glob("*.txt"))[0]
ODD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060\ufeff\ufffe]")


def _dated(body: str, url: str) -> str:
    return f" date 2021-07-24 \n\n{body}\n\nSources 1/ {url}\n"


#: case name -> (file name, bytes, expected exit code, text that must appear in stderr)
BAD_INPUTS: dict[str, tuple[str, bytes, int, str]] = {
    "empty": ("empty.txt", b"", 3, "empty"),
    "binary": ("noise.txt", bytes(range(256)) * 12, 3, "binary"),
    "png renamed .txt": (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        3,
        "PNG",
    ),
    "impossible date": (
        "feb30.txt",
        _dated("Two rockets fell near a base in Anbar.", "https://news.example/f")
        .replace("2021-07-24", "2021-02-30")
        .encode(),
        3,
        "2021-02-30",
    ),
    "other date format": (
        "slashes.txt",
        b"date: 24/07/2021\n\nTwo rockets fell near a base in Anbar.\n\nSources 1/ https://news.example/s\n",
        3,
        "line 1",
    ),
}


def _single_line_errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("kg: error:")]


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_a_bad_input_alone_is_a_clear_error_and_writes_nothing(run_kg, tmp_path, case):
    name, data, code, expected = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.nq"
    got, _, err = run_kg("build", str(path), "-o", str(out), "--jobs", "1")
    assert got == code, err
    assert name in err and expected in err
    assert "Traceback" not in err
    assert not out.exists()
    assert not list(tmp_path.glob(".out.nq*")), "a temporary file was left behind"


def test_a_bad_input_through_the_real_console_script_has_no_traceback(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", str(path), "-o", str(tmp_path / "o.trig"), "--jobs", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 3
    assert "photo.txt" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o.trig").exists()


def test_in_a_batch_bad_articles_are_listed_at_the_end_and_the_good_ones_built(run_kg, tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    for name, data, _, _ in BAD_INPUTS.values():
        (folder / name).write_bytes(data)
    (folder / "good.txt").write_bytes(GOOD.read_bytes())
    (folder / "good-copy.txt").write_bytes(GOOD.read_bytes())  # a duplicate
    lines = [
        json.dumps(
            {
                "text": "Three rockets hit a logistics base near Baghdad airport on Monday.",
                "date": "2021-03-01",
                "url": "https://news.example/jl/1",
            }
        ),
        '{"text": "this line is broken',
        json.dumps(
            {
                "text": "A drone was shot down over Erbil on Tuesday night, officials said.",
                "date": "2021-03-02",
                "url": "https://news.example/jl/2",
            }
        ),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "batch.trig"
    code, stdout, err = run_kg("build", str(folder), "-o", str(out), "--jobs", "1")
    assert code == 3
    assert "Built 3 article(s)" in stdout  # good.txt and the two good JSON lines
    skipped = [line for line in err.splitlines() if line.startswith("kg: skipped:")]
    for name, *_ in BAD_INPUTS.values():
        assert any(name in line for line in skipped), (name, err)
    assert any("feed.jsonl" in line and "line 2" in line for line in skipped), err
    assert any("duplicate" in line for line in skipped), err
    assert err.rstrip().splitlines()[-1].startswith("kg: ")  # the summary comes last
    assert "Traceback" not in err
    from kg.graphio import read_dataset

    dataset = read_dataset(out)
    articles = [g for g in dataset.graphs() if "/graph/article/" in str(g.identifier) and len(g)]
    assert len(articles) == 3


def test_non_utf8_text_is_built_with_a_warning_naming_the_fallback(run_kg, tmp_path):
    path = tmp_path / "latin1.txt"
    body = "A drone struck near Erbil airport on Friday, the caf\xe9 owner said; nobody was hurt."
    path.write_bytes(_dated(body, "https://news.example/latin1").encode("latin-1"))
    out = tmp_path / "latin1.trig"
    code, stdout, err = run_kg("build", str(path), "-o", str(out), "--jobs", "1")
    assert code == 0, err
    assert "Built 1 article(s)" in stdout
    warning = [line for line in err.splitlines() if "warning" in line and "latin1.txt" in line]
    assert warning and re.search(r"cp1252|latin|iso-8859", warning[0], re.I), err
    assert "café" in out.read_text(encoding="utf-8")


def test_a_missing_date_header_builds_with_a_warning(run_kg, tmp_path):
    path = tmp_path / "nodate.txt"
    path.write_text("Rockets hit Ain al-Asad air base in western Iraq on Tuesday, officials said.\n")
    code, stdout, err = run_kg("build", str(path), "-o", str(tmp_path / "o.trig"), "--jobs", "1")
    assert code == 0, err
    assert "nodate.txt" in err and "date" in err and "Built 1 article(s)" in stdout


def test_a_ten_megabyte_article_is_rejected_quickly_and_clearly(run_kg, tmp_path):
    """spaCy parses at most max_length (1,000,000) characters per Doc, and the parser needs about
    1 GB per 100,000 characters: a 10 MB article is refused, costing only its reading time."""
    sentence = "rockets hit the base near Erbil on Friday and officials said drones were intercepted"
    paragraph = " ".join([sentence] * 12) + "."
    body = "\n\n".join([paragraph] * (10_000_000 // len(paragraph)))
    big = tmp_path / "big.txt"
    big.write_text(_dated(body, "https://news.example/big"), encoding="utf-8")
    assert big.stat().st_size >= 10_000_000
    (tmp_path / "good.txt").write_bytes(GOOD.read_bytes())
    start = time.perf_counter()
    code, stdout, err = run_kg("build", str(tmp_path), "-o", str(tmp_path / "o.nq"), "--jobs", "1")
    assert time.perf_counter() - start < 120
    assert code == 3
    assert "Built 1 article(s)" in stdout
    line = next(line for line in err.splitlines() if "big.txt" in line)
    assert "max_length" in line and "split" in line
    assert "Traceback" not in err


def test_html_full_of_scripts_keeps_only_the_article(run_kg, tmp_path):
    page = (
        "<html><head><title>Rockets hit a base</title><script>"
        + "var tracker = 1;" * 3000
        + "</script></head><body><script>window.alertMe()</script><article><h1>Rockets hit a base</h1>"
        "<p>Rockets hit Ain al-Asad air base in western Iraq on Tuesday, the US-led coalition said in "
        "a statement released later that day.</p><p>No casualties were reported, according to an "
        "Iraqi security official who spoke on condition of anonymity.</p></article>"
        "<script>more()</script></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    out = tmp_path / "page.trig"
    code, _, err = run_kg("build", str(path), "-o", str(out), "--jobs", "1", "--date", "2021-03-02")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "Ain al-Asad" in text
    assert "tracker" not in text and "alertMe" not in text and "more()" not in text


def test_control_and_zero_width_characters_never_reach_an_xml_export(run_kg, tmp_path):
    body = (
        "A drone\u200b struck\x07 near Er\u200dbil\x0b airport\ufeff on Friday\u202e, officials said.\x01 "
        "The Kurdistan\u2060 Region's counter-terrorism service blamed\x1b an armed group."
    )
    path = tmp_path / "odd.txt"
    path.write_text(_dated(body, "https://news.example/odd"), encoding="utf-8")
    graph_file = tmp_path / "odd.trig"
    code, _, err = run_kg("build", str(path), "-o", str(graph_file), "--jobs", "1")
    assert code == 0, err
    # and even if such characters reach the graph by another road, the exporters drop them
    from rdflib import RDFS, Literal, URIRef

    from kg.graphio import read_dataset, write_dataset

    dataset = read_dataset(graph_file)
    extra = dataset.graph(URIRef("https://w3id.org/conflict-kg/graph/article/odd-extra"))
    for subject in list(dataset.subjects(RDFS.label, None))[:3]:
        extra.add((subject, RDFS.label, Literal("bad\x01\x07\u200b\x0b\ufffename")))
    write_dataset(dataset, graph_file)
    for suffix in (".gexf", ".graphml"):
        target = tmp_path / f"odd{suffix}"
        code, _, err = run_kg("export", str(graph_file), "-o", str(target))
        assert code == 0, err
        ET.parse(target)  # well-formed XML
        assert not ODD_CHARACTERS.search(target.read_text(encoding="utf-8")), suffix


def _corpus(folder: Path, copies: int) -> Path:
    """Copies of the examples, each with its own URL (so its own article id)."""
    folder.mkdir()
    sources = sorted(EXAMPLES.glob("*.txt"))
    for i in range(copies):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8").replace(
            "Sources 1/", f"Sources 0/ https://copy{i}.example/a{i} 1/", 1
        )
        (folder / f"{i:03d}_{source.name}").write_text(text, encoding="utf-8")
    return folder


def _conforms(handle: object) -> bool:
    """SHACL over the store's content; validate() adds the gazetteer itself, so the store's copy
    (whose decimals Oxigraph rewrote, "42.0" -> "42") is left out to avoid counting it twice."""
    from kg.iris import GAZETTEER_GRAPH
    from kg.validate import validate

    dataset = handle.to_dataset()  # type: ignore[attr-defined]
    dataset.remove_graph(dataset.graph(GAZETTEER_GRAPH))
    report = validate(dataset)
    assert report.conforms, report.text[:3000]
    return True


def _article_graphs(store: Path) -> int:
    from kg.store import open_store

    with open_store(store, read_only=True) as handle:
        return len([g for g in handle.graph_iris() if "/graph/article/" in str(g)])


def _wait_for_articles(proc: subprocess.Popen, store: Path, at_least: int, timeout: float = 240) -> int:
    deadline = time.monotonic() + timeout
    written = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        if store.exists():
            try:
                written = _article_graphs(store)
            except Exception:
                continue
            if written >= at_least:
                break
    return written


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_and_keeps_every_finished_article(tmp_path, jobs):
    corpus = _corpus(tmp_path / "corpus", 30)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(corpus),
            "--store",
            str(store),
            "--jobs",
            jobs,
            "--batch-size",
            "1",
            "--quiet",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's Ctrl-C would reach it
    )
    try:
        written = _wait_for_articles(proc, store, 2)
        assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
        os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert written >= 2
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    # at most one line (Typer turns KeyboardInterrupt into a silent exit 130 before kg.cli.main sees it)
    assert len(_single_line_errors(err)) <= 1 and len(err.strip().splitlines()) <= 1, err
    from kg.store import open_store

    with open_store(store) as handle:
        count = len([g for g in handle.graph_iris() if "/graph/article/" in str(g)])
        assert written <= count < 30
        assert _conforms(handle)


def test_two_builds_into_one_store_serialise_or_fail_clearly(tmp_path):
    first = _corpus(tmp_path / "a", 3)
    second = tmp_path / "b"
    second.mkdir()
    for path in sorted(EXAMPLES.glob("*.txt"))[3:6]:
        (second / path.name).write_bytes(path.read_bytes())
    store = tmp_path / "store"
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kg", "build", str(folder), "--store", str(store), "--jobs", "1"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for folder in (first, second)
    ]
    results = [(p.wait(timeout=400), p.stderr.read() if p.stderr else "") for p in procs]
    for proc in procs:
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    codes = [code for code, _ in results]
    assert 0 in codes, results
    for code, err in results:
        assert "Traceback" not in err
        assert code in (0, 4), err
        if code == 4:
            assert len(_single_line_errors(err)) == 1 and "in use" in err, err
    expected = 3 * codes.count(0)
    from kg.store import open_store

    with open_store(store) as handle:
        articles = [g for g in handle.graph_iris() if "/graph/article/" in str(g)]
        assert len(articles) == expected
        assert _conforms(handle)
