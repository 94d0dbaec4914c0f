"""GEXF 1.3 writer (Gephi): typed attributes declared once per class, ``viz`` colours and sizes, and
dynamic spells from event dates (``mode="dynamic"``, ``timeformat="date"``).

networkx's own ``write_gexf`` does not produce valid GEXF 1.3 (wrong xsi namespace, ``name`` on
``<graph>``, two ``<attributes>`` blocks per class that graphology-gexf rejects), so this module
writes the XML itself. Also an rdflib ``Serializer``, so ``graph.serialize(format="gexf")`` works.
"""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import IO, Any

import networkx as nx
from rdflib.serializer import Serializer

from kg.export.plain import clean_text
from kg.export.style import color_of, node_size, positions, rgb
from kg.fsutil import write_bytes

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd"

#: Python type -> GEXF attribute type (networkx and graphology read these back as the same type)
GEXF_TYPES: dict[type, str] = {bool: "boolean", int: "long", float: "double", str: "string"}
#: attributes written as XML attributes of <node>/<edge>, not as <attvalue>s
NODE_XML_ATTRS = ("label", "start", "end")
EDGE_XML_ATTRS = ("label", "start", "end", "weight")


def _q(name: str, ns: str = GEXF_NS) -> str:
    return f"{{{ns}}}{name}"


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return clean_text(str(value))


def _declare(items: list[dict[str, Any]], skip: tuple[str, ...]) -> dict[str, tuple[str, str]]:
    """attribute name -> (id, GEXF type), sorted by name, one declaration per name."""
    types: dict[str, type] = {}
    for data in items:
        for key, value in data.items():
            if key in skip or value is None:
                continue
            types.setdefault(key, type(value))
    return {name: (str(i), GEXF_TYPES.get(types[name], "string")) for i, name in enumerate(sorted(types))}


def _attributes_block(graph_el: ET.Element, cls: str, declared: dict[str, tuple[str, str]]) -> None:
    if not declared:
        return
    block = ET.SubElement(graph_el, _q("attributes"), {"class": cls, "mode": "static"})
    for title, (attr_id, gexf_type) in declared.items():
        ET.SubElement(block, _q("attribute"), {"id": attr_id, "title": title, "type": gexf_type})


def _attvalues(parent: ET.Element, data: dict[str, Any], declared: dict[str, tuple[str, str]]) -> None:
    values = [(declared[k][0], v) for k, v in sorted(data.items()) if k in declared and v is not None]
    if values:
        holder = ET.SubElement(parent, _q("attvalues"))
        for attr_id, value in values:
            ET.SubElement(holder, _q("attvalue"), {"for": attr_id, "value": _text(value)})


def _spell(element: ET.Element, data: dict[str, Any]) -> bool:
    found = False
    for key in ("start", "end"):
        value = data.get(key)
        if isinstance(value, str) and value:
            element.set(key, value[:10])
            found = True
    return found


def layout(G: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """Deterministic 2-D positions scaled to 1000 (see :func:`kg.export.style.positions`).

    sigma.js (Gephi Lite) needs positions; Gephi desktop re-lays the graph out anyway.

    >>> import networkx as nx
    >>> sorted(layout(nx.MultiDiGraph([("a", "b")])))
    ['a', 'b']
    """
    return {node: (round(x * 1000.0, 2), round(y * 1000.0, 2)) for node, (x, y) in positions(G).items()}


def gexf_tree(G: nx.MultiDiGraph) -> ET.ElementTree:
    """The GEXF 1.3 document of a plain-valued graph (see :func:`kg.export.views.to_networkx`).

    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> root = gexf_tree(to_networkx(sample_dataset(), view="actors")).getroot()
    >>> root.get("version"), root.find("{http://gexf.net/1.3}graph").get("timeformat")
    ('1.3', 'date')
    """
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", VIZ_NS)
    ET.register_namespace("xsi", XSI_NS)
    root = ET.Element(_q("gexf"), {"version": "1.3", _q("schemaLocation", XSI_NS): SCHEMA_LOCATION})
    meta = ET.SubElement(root, _q("meta"), {"lastmodifieddate": dt.date.today().isoformat()})
    ET.SubElement(meta, _q("creator")).text = "conflict-kg"
    ET.SubElement(meta, _q("description")).text = clean_text(
        f"conflict-kg view {G.graph.get('view', 'full')}: {G.number_of_nodes()} nodes, "
        f"{G.number_of_edges()} edges"
    )
    node_data = [data for _, data in G.nodes(data=True)]
    edge_data = [data for *_, data in G.edges(keys=True, data=True)]
    dynamic = any(isinstance(d.get("start"), str) for d in node_data + edge_data)
    graph_el = ET.SubElement(
        root,
        _q("graph"),
        {"defaultedgetype": "directed", "mode": "dynamic" if dynamic else "static"},
    )
    if dynamic:
        graph_el.set("timeformat", "date")
    node_attrs = _declare(node_data, NODE_XML_ATTRS)
    edge_attrs = _declare(edge_data, EDGE_XML_ATTRS)
    _attributes_block(graph_el, "node", node_attrs)
    _attributes_block(graph_el, "edge", edge_attrs)

    positions = layout(G)
    nodes_el = ET.SubElement(graph_el, _q("nodes"))
    for node, data in G.nodes(data=True):
        label = _text(data.get("label", node))
        node_el = ET.SubElement(nodes_el, _q("node"), {"id": _text(node), "label": label})
        _spell(node_el, data)
        _attvalues(node_el, data, node_attrs)
        r, g, b = rgb(color_of(str(data.get("type", "Thing"))))
        ET.SubElement(node_el, _q("color", VIZ_NS), {"r": str(r), "g": str(g), "b": str(b), "a": "1.0"})
        ET.SubElement(node_el, _q("size", VIZ_NS), {"value": str(node_size(G, node))})
        x, y = positions[node]
        ET.SubElement(node_el, _q("position", VIZ_NS), {"x": str(x), "y": str(y), "z": "0.0"})

    edges_el = ET.SubElement(graph_el, _q("edges"))
    for i, (source, target, key, data) in enumerate(G.edges(keys=True, data=True)):
        attrs = {"id": str(i), "source": _text(source), "target": _text(target)}
        attrs["label"] = _text(data.get("label", key))
        weight = data.get("weight")
        if isinstance(weight, int | float) and not isinstance(weight, bool):
            attrs["weight"] = repr(float(weight))
        edge_el = ET.SubElement(edges_el, _q("edge"), attrs)
        _spell(edge_el, data)
        _attvalues(edge_el, data, edge_attrs)
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def generate_gexf(G: nx.MultiDiGraph) -> bytes:
    """The GEXF 1.3 file of ``G`` as UTF-8 bytes.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="bad\\x00 label\\u200b", type="Person")
    >>> b"bad label" in generate_gexf(G)
    True
    """
    buffer = io.BytesIO()
    gexf_tree(G).write(buffer, encoding="UTF-8", xml_declaration=True)
    return buffer.getvalue() + b"\n"


def write_gexf(G: nx.MultiDiGraph, path: str | Path | IO[bytes]) -> None:
    """Write ``G`` as GEXF 1.3 to a path (atomically) or an open binary file.

    >>> import tempfile, pathlib, networkx as nx
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.gexf"
    >>> write_gexf(nx.MultiDiGraph([("a", "b")]), out)
    >>> nx.read_gexf(out, version="1.3").number_of_edges()
    1
    """
    write_bytes(generate_gexf(G), path)


class GexfSerializer(Serializer):
    """rdflib serializer plugin: ``graph.serialize(format="gexf", view="actors")``.

    >>> import kg.export  # registers the plugin
    >>> from kg.export.sample import sample_dataset
    >>> sample_dataset().serialize(format="gexf", view="actors").startswith("<?xml")
    True
    """

    def serialize(
        self,
        stream: IO[bytes],
        base: str | None = None,
        encoding: str | None = None,
        **args: Any,
    ) -> None:
        from kg.export.views import to_networkx

        G = to_networkx(self.store, view=str(args.get("view", "full")))
        stream.write(generate_gexf(G))
