"""One self-contained interactive HTML page of a view (pyvis / vis-network, JavaScript inlined).

No network is needed to open it: vis-network is inlined (``cdn_resources="in_line"``) and the
Bootstrap links pyvis's template always adds are removed. The page has a search box, colours by
type (with a legend), shapes by kind, and tooltips that show the evidence sentence(s) of each edge,
HTML-escaped.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.style import color_of, node_size, positions
from kg.fsutil import atomic_write

SHAPES = {"actor": "dot", "event": "diamond", "place": "triangle", "article": "square", "other": "dot"}
#: node attributes shown in a node's tooltip, in this order
TOOLTIP_NODE_KEYS = (
    "type",
    "date",
    "date_precision",
    "plover",
    "acled_event_type",
    "acled_sub_event_type",
    "fatalities",
    "injuries",
    "lat",
    "lon",
    "event_count",
    "id",
)
TOOLTIP_EDGE_KEYS = ("count", "first_date", "last_date", "modality", "start")

_REMOTE_TAG = re.compile(
    r"<(link|script)\b[^>]*\b(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.S
)

_COMMENT = re.compile(r"<!--.*?-->", re.S)

_EXTRA = """
<style>
  body { margin: 0; font-family: sans-serif; overflow: hidden; }
  #mynetwork { box-sizing: border-box; }
  #kg-bar { padding: 6px 10px; background: #f4f4f4; border-bottom: 1px solid #ddd; }
  #kg-bar input { width: 22em; padding: 3px; }
  #kg-legend { padding: 4px 10px; font-size: 12px; }
  #kg-legend span.sw { display: inline-block; width: 10px; height: 10px; margin: 0 3px 0 10px; }
  .kg-tip { max-width: 420px; white-space: normal; font-size: 12px; }
</style>
<script>
(function () {
  function tip(text) {
    var el = document.createElement("div");
    el.className = "kg-tip";
    el.innerHTML = text;  // built from HTML-escaped values only
    return el;
  }
  nodes.update(nodes.get().map(function (n) { return {id: n.id, title: tip(n.title || "")}; }));
  edges.update(edges.get().map(function (e) { return {id: e.id, title: tip(e.title || "")}; }));
  var bar = document.createElement("div");
  bar.id = "kg-bar";
  bar.innerHTML = '<input id="kg-search" list="kg-labels" placeholder="Search a node by name">' +
    ' <span id="kg-found"></span><datalist id="kg-labels"></datalist>';
  var legend = document.createElement("div");
  legend.id = "kg-legend";
  legend.innerHTML = LEGEND_HTML;
  document.body.insertBefore(legend, document.body.firstChild);
  document.body.insertBefore(bar, document.body.firstChild);
  var list = document.getElementById("kg-labels");
  nodes.get().forEach(function (n) {
    var o = document.createElement("option");
    o.value = n.label;
    list.appendChild(o);
  });
  function search() {
    var q = document.getElementById("kg-search").value.trim().toLowerCase();
    function matches(n) { return String(n.label).toLowerCase().indexOf(q) >= 0; }
    var hits = q ? nodes.get({filter: matches}) : [];
    var ids = hits.map(function (n) { return n.id; });
    network.selectNodes(ids);
    document.getElementById("kg-found").textContent = q ? ids.length + " found" : "";
    if (ids.length) { network.focus(ids[0], {scale: 1.2, animation: false}); }
  }
  document.getElementById("kg-search").addEventListener("change", search);
  document.getElementById("kg-search").addEventListener("keyup", function (e) {
    if (e.key === "Enter") { search(); }
  });
})();
</script>
"""


def _tooltip(header: str, data: dict[str, Any], keys: tuple[str, ...], evidence: str = "") -> str:
    parts = [f"<b>{html.escape(header)}</b>"]
    parts += [f"{html.escape(k)}: {html.escape(str(data[k]))}" for k in keys if k in data]
    if evidence:
        parts += ["<i>evidence:</i>"] + [
            f"&ldquo;{html.escape(line)}&rdquo;" for line in evidence.split("\n")
        ]
    return "<br>".join(parts)


def _legend(G: nx.MultiDiGraph) -> str:
    types = sorted({str(data.get("type", "Thing")) for _, data in G.nodes(data=True)})
    return "".join(
        f'<span class="sw" style="background:{color_of(t)}"></span>{html.escape(t)}' for t in types
    )


def generate_html(G: nx.MultiDiGraph, *, title: str | None = None) -> str:
    """The self-contained HTML page of ``G`` (no ``<script src="http...">``, no CSS links).

    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> page = generate_html(to_networkx(sample_dataset(), view="actors"))
    >>> "vis.Network" in page, 'src="http' in page, "<US>" in page  # evidence is HTML-escaped
    (True, False, False)
    """
    try:
        from pyvis.network import Network
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise ExportError("HTML export needs pyvis: pip install pyvis==0.3.2") from e
    net = Network(
        height="85vh",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        heading="",
    )
    where = positions(G)  # a deterministic start; vis-network's physics refines it
    scale = 60.0 * max(G.number_of_nodes(), 4) ** 0.5
    for node, data in G.nodes(data=True):
        label = str(data.get("label", node))
        x, y = where[node]
        net.add_node(
            str(node),
            label=label,
            x=round(x * scale, 1),
            y=round(y * scale, 1),
            title=_tooltip(label, data, TOOLTIP_NODE_KEYS),
            color=color_of(str(data.get("type", "Thing"))),
            size=node_size(G, node),
            shape=SHAPES.get(str(data.get("kind", "other")), "dot"),
        )
    for source, target, key, data in G.edges(keys=True, data=True):
        label = str(data.get("label", key))
        net.add_edge(
            str(source),
            str(target),
            label=label,
            title=_tooltip(label, data, TOOLTIP_EDGE_KEYS, str(data.get("evidence", ""))),
            value=float(data.get("weight", 1.0)),
            arrows="to",
        )
    net.set_options(
        json.dumps(
            {
                "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 200}},
                "edges": {
                    "font": {"size": 10, "align": "middle"},
                    "smooth": {"type": "continuous"},
                    "scaling": {"min": 1, "max": 6, "label": {"enabled": False}},
                },
                "interaction": {"hover": True, "tooltipDelay": 150},
                "layout": {"improvedLayout": False, "randomSeed": 7},
            }
        )
    )
    page = net.generate_html()
    page = _REMOTE_TAG.sub("", _COMMENT.sub("", page))
    page = page.replace("<h1></h1>", "")
    heading = html.escape(title or f"conflict-kg: {G.graph.get('view', 'graph')} view")
    page = page.replace("<head>", f"<head>\n<title>{heading}</title>", 1)
    extra = _EXTRA.replace("LEGEND_HTML", json.dumps(_legend(G)))
    return page.replace("</body>", extra + "</body>", 1)


def write_html(G: nx.MultiDiGraph, path: str | Path, *, title: str | None = None) -> None:
    """Write the page of ``G`` to ``path`` atomically.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "g.html"
    >>> write_html(nx.MultiDiGraph([("a", "b")]), out)
    >>> out.read_text().count("<html")
    1
    """
    page = generate_html(G, title=title)
    with atomic_write(path, encoding="utf-8") as handle:
        handle.write(page)
