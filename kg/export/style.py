"""Colours and sizes shared by the GEXF and HTML exporters: colour by type, size by events/degree."""

from __future__ import annotations

import colorsys
import hashlib
import math
from typing import Any

import networkx as nx

#: a fixed colour per class (hex); reds/oranges for violence, greens for talks, blues for actors,
#: browns for places, grey for articles. Every value differs (a test pins it).
PALETTE: dict[str, str] = {
    # actors: blues and purples
    "Person": "#1f77b4",
    "Organization": "#4e79a7",
    "State": "#17becf",
    "GovernmentOffice": "#6baed6",
    "ArmedForces": "#08519c",
    "Coalition": "#3182bd",
    "NonStateArmedGroup": "#6a3d9a",
    "ActorCategory": "#9e9ac8",
    "MediaOrganization": "#807dba",
    "Actor": "#2b8cbe",
    # places: browns and olive
    "Place": "#8c6d31",
    "Country": "#bd9e39",
    "AdminRegion": "#e7ba52",
    "Settlement": "#a55194",
    "Facility": "#7f7f7f",
    "MilitaryBase": "#637939",
    "Airport": "#8ca252",
    "Building": "#b5cf6b",
    "EnergyFacility": "#843c39",
    # events: violence in reds and oranges, the rest in greens and others
    "Event": "#d6616b",
    "Attack": "#d62728",
    "AirStrike": "#e6550d",
    "DroneStrike": "#fd8d3c",
    "RocketAttack": "#b2182b",
    "Shelling": "#ef3b2c",
    "MissileAttack": "#cb181d",
    "IEDAttack": "#a50f15",
    "SuicideBombing": "#67000d",
    "ArmedClash": "#f16913",
    "Shooting": "#fc9272",
    "Abduction": "#de2d26",
    "InterceptedAttack": "#fdae6b",
    "Meeting": "#2ca02c",
    "Visit": "#74c476",
    "Threat": "#9467bd",
    "Accusation": "#e377c2",
    "Agreement": "#31a354",
    "Support": "#a1d99b",
    "Concession": "#c7e9c0",
    "Cooperation": "#006d2c",
    "Aid": "#41ab5d",
    "Withdrawal": "#bcbd22",
    "Request": "#dbdb8d",
    "Rejection": "#ce6dbd",
    "Protest": "#ff7f0e",
    "Sanction": "#7b4173",
    "Mobilization": "#8c564b",
    "Arrest": "#c49c94",
    # sources and the rest
    "NewsArticle": "#636363",
    "Evidence": "#bdbdbd",
    "Mention": "#e7969c",
    "RoleAssignment": "#9c9ede",
    "Quantity": "#cedb9c",
    "WebSource": "#525252",
    "Position": "#393b79",
    "PositionTenure": "#5254a3",
    "Thing": "#d9d9d9",
}


def color_of(type_name: str) -> str:
    """The hex colour of a type; unknown types get a stable colour derived from their name.

    >>> color_of("DroneStrike"), color_of("Meeting")
    ('#fd8d3c', '#2ca02c')
    >>> color_of("SomethingNew") == color_of("SomethingNew")
    True
    """
    if type_name in PALETTE:
        return PALETTE[type_name]
    hue = int(hashlib.sha256(type_name.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    r, g, b = colorsys.hsv_to_rgb(hue, 0.55, 0.8)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#rrggbb`` to an (r, g, b) tuple.

    >>> rgb("#fd8d3c")
    (253, 141, 60)
    """
    value = hex_colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def node_size(G: nx.MultiDiGraph, node: Any) -> float:
    """Size by event count when the view gives one, else by degree: 8 + 6 * sqrt(n).

    >>> G = nx.MultiDiGraph()
    >>> _ = G.add_edge("a", "b")
    >>> node_size(G, "a")
    14.0
    """
    count = G.nodes[node].get("event_count")
    n = count if isinstance(count, int) else G.degree(node)
    return round(8.0 + 6.0 * math.sqrt(n), 2)


#: above this many nodes networkx's spring layout needs scipy (not a dependency): use a circle
MAX_SPRING_NODES = 499


def positions(G: nx.MultiDiGraph, *, seed: int = 7) -> dict[Any, tuple[float, float]]:
    """Deterministic positions in [-1, 1]: a spring layout, or a circle for very large graphs.

    >>> sorted(positions(nx.MultiDiGraph([("a", "b"), ("b", "c")])))
    ['a', 'b', 'c']
    """
    if G.number_of_nodes() == 0:
        return {}
    simple = nx.Graph(G.to_undirected(as_view=True))
    if G.number_of_nodes() > MAX_SPRING_NODES:
        raw = nx.circular_layout(simple)
    else:
        raw = nx.spring_layout(simple, seed=seed, k=2.0 / math.sqrt(G.number_of_nodes()))
    return {node: (float(p[0]), float(p[1])) for node, p in raw.items()}
