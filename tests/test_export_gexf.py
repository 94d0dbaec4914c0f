"""GEXF 1.3, GraphML and CSV files: the official schema, graphology's parser, networkx read-back."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from kg.export import export, export_graph, to_networkx
from kg.export.gexf import GEXF_NS, VIZ_NS, generate_gexf, write_gexf
from kg.export.graphml import write_graphml
from kg.export.sample import sample_dataset
from kg.export.tables import write_csv_pair

SHARED = Path(__file__).resolve().parents[2] / "shared"
CLIENTS = SHARED / "clients"
VIEWS = ["full", "actors", "actor-event", "event-place"]
NS = {"g": GEXF_NS, "viz": VIZ_NS}
needs_shared = pytest.mark.skipif(not CLIENTS.is_dir(), reason=f"{CLIENTS} is absent (a user's own clone)")


@pytest.fixture(scope="module")
def dataset():
    return sample_dataset()


@pytest.fixture(scope="module")
def gexf_files(dataset, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gexf")
    files = {}
    for view in VIEWS:
        files[view] = folder / f"{view}.gexf"
        export(dataset, files[view], view=view)
    return files


@pytest.fixture(scope="session")
def gexfjs_dir(tmp_path_factory) -> Path:
    """graphology-gexf installed: $KG_GEXFJS_DIR (set by .ci/run), else a temp copy + `npm ci`."""
    given = os.environ.get("KG_GEXFJS_DIR")
    if given and (Path(given) / "node_modules").is_dir():
        return Path(given)
    if not (CLIENTS / "gexfjs").is_dir():
        pytest.skip(f"{CLIENTS / 'gexfjs'} is absent (a user's own clone)")
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node/npm not installed: cannot run graphology's GEXF parser")
    folder = tmp_path_factory.mktemp("gexfjs")
    shutil.copytree(
        CLIENTS / "gexfjs", folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("node_modules")
    )
    try:
        subprocess.run(
            ["npm", "ci", "--prefer-offline", "--no-audit", "--no-fund"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=180,
        )
    except (subprocess.SubprocessError, OSError) as e:
        pytest.skip(f"`npm ci` for graphology-gexf failed (offline?): {e}")
    return folder


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("view", VIEWS)
def test_gexf_validates_against_the_official_schema(gexf_files, view):
    result = subprocess.run(
        [sys.executable, str(CLIENTS / "validate_gexf.py"), str(gexf_files[view]), "--rng"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.shared
@pytest.mark.parametrize("view", VIEWS)
def test_graphology_parses_the_gexf_strictly(gexf_files, gexfjs_dir, view):
    G = nx.read_gexf(gexf_files[view], version="1.3")
    result = subprocess.run(
        ["node", str(gexfjs_dir / "check_gexf.mjs"), str(gexf_files[view]), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f'"nodes":{G.number_of_nodes()}' in result.stdout.replace(" ", "")


@pytest.mark.shared
def test_graphology_parses_the_graphml(dataset, gexfjs_dir, tmp_path):
    path = tmp_path / "actor-event.graphml"  # the same relation (target) links several pairs
    write_graphml(to_networkx(dataset, view="actor-event"), path)
    result = subprocess.run(
        ["node", str(gexfjs_dir / "check_graphml.mjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _same_types(G: nx.MultiDiGraph, H: nx.Graph) -> None:
    for node, data in G.nodes(data=True):
        for key, value in data.items():
            assert type(H.nodes[node][key]) is type(value), (node, key)
    read_edges = sorted(((s, t, str(d.get("label"))), d) for s, t, d in H.edges(data=True))
    written = sorted(((s, t, str(d.get("label"))), d) for s, t, d in G.edges(data=True))
    for (_, data), (_, back) in zip(written, read_edges, strict=True):
        for key, value in data.items():
            assert type(back[key]) is type(value), key


@pytest.mark.parametrize("view", VIEWS)
def test_networkx_reads_gexf_and_graphml_back(dataset, gexf_files, tmp_path, view):
    G = to_networkx(dataset, view=view)
    graphml = tmp_path / f"{view}.graphml"
    write_graphml(G, graphml)
    for H in (nx.read_gexf(gexf_files[view], version="1.3"), nx.read_graphml(graphml, force_multigraph=True)):
        assert (H.number_of_nodes(), H.number_of_edges()) == (G.number_of_nodes(), G.number_of_edges())
        _same_types(G, H)


def test_event_view_has_spells_and_colours_by_type(gexf_files):
    root = ET.parse(gexf_files["actor-event"]).getroot()
    graph = root.find("g:graph", NS)
    assert (graph.get("mode"), graph.get("timeformat")) == ("dynamic", "date")
    blocks = graph.findall("g:attributes", NS)
    assert sorted(b.get("class") for b in blocks) == ["edge", "node"]  # one block per class
    colours: dict[str, set[tuple[str, str, str]]] = {}
    types = {a.get("id"): a.get("title") for a in graph.find("g:attributes[@class='node']", NS)}
    type_id = next(i for i, title in types.items() if title == "type")
    for node in graph.iter(f"{{{GEXF_NS}}}node"):
        node_type = node.find(f"g:attvalues/g:attvalue[@for='{type_id}']", NS).get("value")
        colour = node.find("viz:color", NS)
        colours.setdefault(node_type, set()).add((colour.get("r"), colour.get("g"), colour.get("b")))
        assert node.find("viz:size", NS) is not None and node.find("viz:position", NS) is not None
        if node_type in ("DroneStrike", "RocketAttack", "Threat", "Meeting"):
            assert node.get("start") and node.get("end"), node.get("label")
    assert all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == len(colours), "two types share a colour"
    for edge in graph.iter(f"{{{GEXF_NS}}}edge"):
        assert edge.get("start") and edge.get("end")


def test_control_characters_give_well_formed_xml(dataset, tmp_path):
    graph_iri = URIRef("urn:x:bad-labels")
    dataset.graph(graph_iri).add(
        (
            URIRef("https://w3id.org/conflict-kg/resource/actor/new-group"),
            RDFS.label,
            Literal("Kata\x00ib\x08 \u200bHez\u200dbollah\x1f \ufeff<&>"),
        )
    )
    try:
        G = to_networkx(dataset, view="full")
    finally:
        dataset.remove_graph(graph_iri)
    G.add_node("raw", label="bell\x07 and\x0b tab", type="Person", kind="actor", id="raw")  # bypasses views
    path = tmp_path / "bad.gexf"
    write_gexf(G, path)
    root = ET.parse(path).getroot()  # raises on malformed XML
    labels = {n.get("label") for n in root.iter(f"{{{GEXF_NS}}}node")}
    assert "Kataib Hezbollah <&>" in labels and "bell and tab" in labels
    assert nx.read_gexf(path, version="1.3").number_of_nodes() == G.number_of_nodes()


def test_rdflib_serializer_plugin(dataset):
    text = dataset.serialize(format="gexf", view="actors")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
    assert len(list(root.iter(f"{{{GEXF_NS}}}node"))) == to_networkx(dataset, view="actors").number_of_nodes()


def test_generate_gexf_of_an_empty_graph_is_valid_xml():
    root = ET.fromstring(generate_gexf(nx.MultiDiGraph()))
    assert root.find("g:graph", NS).get("mode") == "static"


def test_csv_pair_for_gephi(dataset, tmp_path):
    G = to_networkx(dataset, view="actors")
    nodes_csv, edges_csv = write_csv_pair(G, tmp_path / "tables")
    with nodes_csv.open(newline="", encoding="utf-8") as f:
        nodes = list(csv.DictReader(f))
    with edges_csv.open(newline="", encoding="utf-8") as f:
        edges = list(csv.DictReader(f))
    assert list(nodes[0])[:2] == ["Id", "Label"] and len(nodes) == G.number_of_nodes()
    assert list(edges[0])[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert len(edges) == G.number_of_edges() and {e["Type"] for e in edges} == {"Directed"}
    assert {e["Source"] for e in edges} <= {n["Id"] for n in nodes}


def test_writes_leave_no_temporary_files(dataset, tmp_path):
    path = tmp_path / "g.gexf"
    path.write_text("old")
    for name in ("g.gexf", "g.graphml", "g.html"):
        export(dataset, tmp_path / name, view="actors")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.gexf", "g.graphml", "g.html"]
    assert path.read_text(encoding="utf-8").startswith("<?xml")


def test_large_graphs_export_without_scipy(tmp_path):
    """networkx's spring layout needs scipy above 500 nodes; the exporters must not."""
    G = nx.MultiDiGraph(view="synthetic")
    for i in range(650):
        G.add_node(f"n{i}", id=f"n{i}", label=f"n{i}", type="Person", kind="actor")
        if i:
            G.add_edge(f"n{i}", f"n{i // 2}", key="met", label="met", weight=1.0)
    for name in ("big.gexf", "big.graphml", "big.html"):
        export_graph(G, tmp_path / name)
    assert nx.read_gexf(tmp_path / "big.gexf", version="1.3").number_of_nodes() == 650


SHARED_SAMPLE = Path(__file__).parent / "data" / "graphs" / "sample.trig"


@needs_shared
@pytest.mark.shared
@pytest.mark.parametrize("view", VIEWS)
def test_the_store_sample_exports_valid_files(view, tmp_path, gexfjs_dir):
    gexf, graphml = tmp_path / f"{view}.gexf", tmp_path / f"{view}.graphml"
    export(SHARED_SAMPLE, gexf, view=view)
    export(SHARED_SAMPLE, graphml, view=view)
    checks = [
        [sys.executable, str(CLIENTS / "validate_gexf.py"), str(gexf), "--rng"],
        ["node", str(gexfjs_dir / "check_gexf.mjs"), str(gexf)],
        ["node", str(gexfjs_dir / "check_graphml.mjs"), str(graphml)],
    ]
    for command in checks:
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
