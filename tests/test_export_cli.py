"""``kg export``: every format from a graph file, the default from the suffix, clear errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kg.cli import main
from kg.export.sample import SAMPLE_TRIG

pytestmark = pytest.mark.filterwarnings(
    # rdflib 7.6 warns about its own internals when it parses TriG into a Dataset
    "ignore:Dataset.default_context is deprecated:DeprecationWarning",
    "ignore:ConjunctiveGraph is deprecated:DeprecationWarning",
)


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "sample.trig"
    path.write_text(SAMPLE_TRIG, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["--view", "actors", "-o", "{out}/a.gexf"], "a.gexf"),
        (["--to", "graphml", "--view", "event-place", "-o", "{out}/a.xml"], "a.xml"),
        (["--view", "actor-event", "-o", "{out}/a.html"], "a.html"),
        (["--to", "csv", "-o", "{out}/tables"], "tables/edges.csv"),
    ],
)
def test_export_writes_each_format(graph_file, tmp_path, capsys, args, name):
    out = tmp_path / "out"
    out.mkdir()
    code = main(["export", str(graph_file), *[a.format(out=out) for a in args]])
    assert code == 0, capsys.readouterr().err
    assert (out / name).is_file()
    assert "nodes" in capsys.readouterr().out


def test_export_from_the_store_option(graph_file, tmp_path, capsys):
    out = tmp_path / "g.gexf"
    assert main(["export", "--store", str(graph_file), "--view", "actors", "-o", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert root.get("version") == "1.3"
    assert nx.read_gexf(out, version="1.3").number_of_edges() == 4


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "nope", "-o", "x.gexf"], "unknown view 'nope'"),
        (["--to", "pdf", "-o", "x.pdf"], "unknown export format 'pdf'"),
        (["-o", "x.png"], "cannot tell the export format"),
    ],
)
def test_export_errors_are_one_line_with_exit_code_2(graph_file, tmp_path, capsys, args, message):
    code = main(["export", str(graph_file), *[str(tmp_path / a) if a.startswith("x.") else a for a in args]])
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
