"""Matplotlib figures for notebooks: the actor network, a timeline of events by type, a map of events.

They take the networkx views of :func:`kg.export.views.to_networkx`; no tiles are downloaded (the
map is a scatter of lon/lat with labels). matplotlib is imported lazily: it comes with the
``notebooks`` extra (``pip install 'conflict-kg[notebooks]'``).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.export.style import color_of, node_size, positions


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise ExportError("figures need matplotlib: pip install 'conflict-kg[notebooks]'") from e
    return plt


def _axes(ax: Any, size: tuple[float, float]) -> Any:
    if ax is not None:
        return ax
    _, ax = _pyplot().subplots(figsize=size)
    return ax


def _empty(ax: Any, what: str) -> Any:
    ax.text(0.5, 0.5, f"no {what} in this graph", ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return ax


def event_rows(G: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """One record per event node: id, label, type, plover, date, fatalities, injuries, place, lat, lon.

    The place is the first place the event links to (event-place or full view); lat/lon are the
    place's, absent when unknown.

    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> rows = event_rows(to_networkx(sample_dataset(), view="event-place"))
    >>> [(r["type"], r["date"], r["place"]) for r in rows][:2]
    [('Threat', '2024-01-01', None), ('DroneStrike', '2024-01-20', 'Harir Air Base')]
    """
    rows = []
    for node, data in G.nodes(data=True):
        if data.get("kind") != "event":
            continue
        row = {k: data.get(k) for k in ("label", "type", "plover", "date", "fatalities", "injuries")}
        row.update(id=node, place=None, lat=None, lon=None)
        places = [t for _, t, k in G.out_edges(node, keys=True) if k == "place"]
        if places:
            place = G.nodes[places[0]]
            row.update(place=place.get("label"), lat=place.get("lat"), lon=place.get("lon"))
        rows.append(row)
    return sorted(rows, key=lambda r: (str(r.get("date") or ""), r["id"]))


def draw_network(G: nx.MultiDiGraph, *, ax: Any = None, seed: int = 7, isolates: bool = False) -> Any:
    """Draw a view (the ``actors`` view reads best): colour by type, size by events or degree.

    Nodes without edges are left out unless ``isolates=True``.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> draw_network(to_networkx(sample_dataset(), view="actors")).get_title()
    'actors view: 5 nodes, 4 edges'
    """
    ax = _axes(ax, (9, 7))
    title = f"{G.graph.get('view', 'graph')} view: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
    if not isolates:
        G = G.subgraph([n for n in G if G.degree(n) > 0])
    if G.number_of_nodes() == 0:
        return _empty(ax, "nodes")
    where = positions(G, seed=seed)
    colours = [color_of(str(d.get("type", "Thing"))) for _, d in G.nodes(data=True)]
    sizes = [node_size(G, n) * 25 for n in G]
    simple = nx.DiGraph(G)
    nx.draw_networkx_edges(simple, where, ax=ax, edge_color="#999999", arrows=True, alpha=0.7)
    nx.draw_networkx_nodes(G, where, ax=ax, node_color=colours, node_size=sizes)
    labels = {n: str(d.get("label", n))[:30] for n, d in G.nodes(data=True)}
    nx.draw_networkx_labels(G, where, labels=labels, ax=ax, font_size=8)
    edge_labels = {(s, t): k for s, t, k in G.edges(keys=True)}
    nx.draw_networkx_edge_labels(simple, where, edge_labels=edge_labels, ax=ax, font_size=7)
    ax.set_title(title)
    ax.margins(0.12)
    ax.set_axis_off()
    return ax


def plot_timeline(G: nx.MultiDiGraph, *, ax: Any = None) -> Any:
    """Events over time, one row per event type, coloured by type.

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> len(plot_timeline(to_networkx(sample_dataset(), view="event-place")).collections)  # 4 types
    4
    """
    ax = _axes(ax, (10, 4))
    rows = [r for r in event_rows(G) if r.get("date")]
    if not rows:
        return _empty(ax, "dated events")
    types = sorted({r["type"] for r in rows})
    for i, event_type in enumerate(types):
        dates = [dt.date.fromisoformat(r["date"][:10]) for r in rows if r["type"] == event_type]
        ax.scatter(dates, [i] * len(dates), color=color_of(event_type), s=60, label=event_type, zorder=3)
    ax.set_yticks(range(len(types)), types)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(f"{len(rows)} events by type over time")
    ax.figure.autofmt_xdate()
    return ax


def _frame(rows: list[dict[str, Any]], *, reach: float = 12.0, margin: float = 0.7) -> tuple[float, ...]:
    """(lon_min, lon_max, lat_min, lat_max) around the events within ``reach`` degrees of the median
    event, so far outliers (a meeting in Washington on a map of Iraq) do not shrink the rest."""
    lons = sorted(r["lon"] for r in rows)
    lats = sorted(r["lat"] for r in rows)
    mid_lon, mid_lat = lons[len(lons) // 2], lats[len(lats) // 2]
    near = [r for r in rows if abs(r["lon"] - mid_lon) <= reach and abs(r["lat"] - mid_lat) <= reach] or rows
    return (
        min(r["lon"] for r in near) - margin,
        max(r["lon"] for r in near) + margin,
        min(r["lat"] for r in near) - margin,
        max(r["lat"] for r in near) + margin,
    )


def plot_event_map(G: nx.MultiDiGraph, *, ax: Any = None, labels: int = 12, whole: bool = False) -> Any:
    """A map without tiles: events at their place's lon/lat, coloured by type, busiest places labelled.

    The frame holds the bulk of the events; places outside it are named in the title (``whole=True``
    shows everything).

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from kg.export.sample import sample_dataset
    >>> from kg.export.views import to_networkx
    >>> plot_event_map(to_networkx(sample_dataset(), view="event-place")).get_xlabel()
    'longitude'
    """
    ax = _axes(ax, (9, 7))
    rows = [r for r in event_rows(G) if isinstance(r.get("lat"), float) and isinstance(r.get("lon"), float)]
    if not rows:
        return _empty(ax, "events with coordinates")
    by_place: dict[tuple[float, float, str], list[dict[str, Any]]] = {}
    for row in rows:
        by_place.setdefault((row["lon"], row["lat"], str(row.get("place"))), []).append(row)
    x0, x1, y0, y1 = _frame(rows) if not whole else _frame(rows, reach=360.0)
    xlim, ylim = (x0, x1), (y0, y1)
    outside = sorted(
        {
            place
            for (lon, lat, place) in by_place
            if not (xlim[0] <= lon <= xlim[1] and ylim[0] <= lat <= ylim[1])
        }
    )
    busiest = sorted(by_place, key=lambda key: -len(by_place[key]))[:labels]
    for (lon, lat, place), events in by_place.items():
        for j, row in enumerate(events):  # stack events at one place slightly apart
            ax.scatter(lon + 0.04 * j, lat, color=color_of(row["type"]), s=60, edgecolor="black", zorder=3)
        if (lon, lat, place) in busiest:
            ax.annotate(
                f"{place} ({len(events)})", (lon, lat), xytext=(6, 4), textcoords="offset points", fontsize=8
            )
    handles = {r["type"]: ax.scatter([], [], color=color_of(r["type"]), s=50, label=r["type"]) for r in rows}
    ax.legend(handles=list(handles.values()), fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    mean_lat = sum(r["lat"] for r in rows) / len(rows)
    ax.set_aspect(1 / max(math.cos(math.radians(mean_lat)), 0.2))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.grid(alpha=0.3)
    title = f"{len(rows)} events at {len(by_place)} places"
    if outside and not whole:
        title += "\noutside the frame: " + ", ".join(outside[:6]) + (" ..." if len(outside) > 6 else "")
    ax.set_title(title, fontsize=10)
    return ax
