"""RDF graph (docs/data-model.md) -> networkx ``MultiDiGraph``, through named views.

Views: ``full`` (every resource and object-property edge, literals as attributes), ``actors``
(actor -> actor edges derived through shared events), ``actor-event`` (bipartite, edges labelled by
role), ``event-place`` (every event, its places and their located-in chain) and ``query:NAME`` (the graph a
CONSTRUCT query in ``queries/`` returns). Node keys are IRIs as ``str``; every attribute is a plain
``str/int/float/bool`` with one type per attribute name (see :mod:`kg.export.plain`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any, TypeGuard

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from kg.errors import ExportError
from kg.export.plain import clean_text, make_plain, plain_literal, snake
from kg.graphio import read_dataset, union_graph
from kg.namespace import CF, GEO, ROLE_TYPES, local_name
from kg.ontology import acled_types, class_depth, is_subclass, plover_code

#: attribute names that differ from the snake_case local name of their property
RENAMED = {"long": "lon", "pref_label": "label"}
#: role name (``allegedPerpetrator``) -> role type (``cf:AllegedPerpetratorRole``)
_ROLE_TYPE_BY_NAME = {local_name(prop): role_type for prop, role_type in ROLE_TYPES.items()}
#: properties the full view does not draw as edges (types are attributes; lat/lon give the geometry)
SKIPPED_EDGES = {RDF.type, GEO.hasGeometry}
#: how many evidence sentences an aggregated edge keeps
MAX_EVIDENCE = 5

GraphSource = Graph | Dataset | str | Path

#: the top classes of the ontology -> the ``kind`` the exporters give a node (checked in this order)
KINDS: dict[URIRef, str] = {
    CF.Event: "event",
    CF.NewsArticle: "article",
    CF.Place: "place",
    CF.Actor: "actor",
}
ONTOLOGY_PREFIX = str(CF).rstrip("#")  # the ontology IRI and its version IRI too


def kind_of(cls: URIRef | None) -> str:
    """``event``, ``article``, ``place``, ``actor`` or ``other`` for an ontology class.

    >>> kind_of(CF.MilitaryBase), kind_of(CF.State), kind_of(CF.Evidence), kind_of(None)
    ('place', 'actor', 'other', 'other')
    """
    if cls is None:
        return "other"
    for top, kind in KINDS.items():
        if is_subclass(cls, top):
            return kind
    return "other"


def as_graph(data: GraphSource) -> Graph:
    """One rdflib Graph holding every triple of ``data`` (a Graph, a Dataset or an RDF file path).

    >>> from kg.export.sample import sample_dataset
    >>> len(as_graph(sample_dataset())) > 100
    True
    """
    if isinstance(data, str | Path):
        data = read_dataset(data)
    if isinstance(data, ConjunctiveGraph):  # Dataset included: the union of every graph
        return union_graph(data)
    if isinstance(data, Graph):
        return data
    raise ExportError(f"expected an rdflib Graph, Dataset or RDF file path, got {type(data).__name__}")


def is_resource(term: object) -> TypeGuard[URIRef]:
    """Whether a term is an individual to show as a node (not a literal, blank node or vocabulary term).

    >>> is_resource(URIRef("https://w3id.org/conflict-kg/resource/place/erbil"))
    True
    >>> is_resource(CF.DayPrecision), is_resource(RDFS.label)
    (False, False)
    """
    return (
        isinstance(term, URIRef)
        and not str(term).startswith(ONTOLOGY_PREFIX)
        and not str(term).startswith("http://www.w3.org/")
    )


def _value_name(term: URIRef) -> str:
    name = local_name(term)
    return name[: -len("Precision")].lower() if name.endswith("Precision") else name


class _Describer:
    """Node attributes, computed once per IRI."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._cache: dict[tuple[Node, str | None], dict[str, Any]] = {}

    def classes(self, iri: Node) -> list[URIRef]:
        return sorted(
            o for o in self.graph.objects(iri, RDF.type) if isinstance(o, URIRef) and o.startswith(str(CF))
        )

    def main_class(self, iri: Node, prefer_kind: str | None = None) -> URIRef | None:
        classes = self.classes(iri)
        if prefer_kind:
            preferred = [c for c in classes if kind_of(c) == prefer_kind]
            classes = preferred or classes
        if not classes:
            return None
        return sorted(classes, key=lambda c: (-class_depth(c), local_name(c)))[0]

    def kind(self, iri: Node) -> str:
        kinds = {kind_of(c) for c in self.classes(iri)}
        for kind in ("event", "article", "place", "actor"):
            if kind in kinds:
                return kind
        return "other"

    def label(self, iri: Node) -> str:
        for prop in (RDFS.label, SKOS.prefLabel, CF.title):
            for value in self.graph.objects(iri, prop):
                if isinstance(value, Literal):
                    return clean_text(str(value)).strip() or local_name(iri)
        text = self.graph.value(iri, CF.text)  # an evidence span: its sentence, shortened
        if isinstance(text, Literal):
            short = " ".join(clean_text(str(text)).split())
            return short if len(short) <= 60 else short[:59] + "…"
        return local_name(iri)

    def event_label(self, iri: Node, cls: str, date: object) -> str:
        """Events have no rdfs:label: "RocketAttack 2024-01-22 Ain al-Asad Air Base"."""
        parts = [cls, str(date) if date else ""]
        places = sorted(self.graph.objects(iri, CF.place), key=str)
        if places:
            parts.append(self.label(places[0]))
        return " ".join(p for p in parts if p)

    def evidence(self, iri: Node) -> list[str]:
        """Evidence sentences of an event or role assignment, in offset order."""
        found = []
        for evidence in self.graph.objects(iri, CF.evidence):
            start = self.graph.value(evidence, CF.startOffset)
            for text in self.graph.objects(evidence, CF.text):
                found.append((int(start) if isinstance(start, Literal) else 0, clean_text(str(text))))
        return [text for _, text in sorted(found)]

    def describe(self, iri: Node, *, prefer_kind: str | None = None) -> dict[str, Any]:
        key = (iri, prefer_kind)
        if key in self._cache:
            return dict(self._cache[key])
        cls = self.main_class(iri, prefer_kind)
        kind = kind_of(cls)
        attrs: dict[str, Any] = {
            "id": str(iri),
            "label": self.label(iri),
            "type": local_name(cls) if cls else "Thing",
            "kind": kind,
        }
        multi: dict[str, set[Any]] = {}
        for pred, obj in sorted(self.graph.predicate_objects(iri)):
            if pred in (RDF.type, RDFS.label):
                continue
            name = snake(local_name(pred))
            name = RENAMED.get(name, name)
            if isinstance(obj, Literal):
                if name in attrs or (kind == "article" and name == "text"):
                    continue
                multi.setdefault(name, set()).add(plain_literal(obj))
            elif isinstance(obj, URIRef) and obj.startswith(str(CF)):
                multi.setdefault(name, set()).add(_value_name(obj))
        for name, values in multi.items():
            attrs[name] = next(iter(values)) if len(values) == 1 else "; ".join(sorted(map(str, values)))
        if kind == "event" and cls:
            attrs["plover"] = plover_code(cls)
            attrs["acled_event_type"], attrs["acled_sub_event_type"] = acled_types(cls)
            start = attrs.get("earliest_date", attrs.get("date"))
            end = attrs.get("latest_date", attrs.get("date"))
            if isinstance(start, str) and isinstance(end, str):
                attrs["start"], attrs["end"] = start, end
            if not any(True for _ in self.graph.objects(iri, RDFS.label)):
                attrs["label"] = self.event_label(iri, attrs["type"], attrs.get("date"))
        self._cache[key] = {k: v for k, v in attrs.items() if v is not None}
        return dict(self._cache[key])

    def events(self) -> list[URIRef]:
        found = {
            s
            for s, o in self.graph.subject_objects(RDF.type)
            if isinstance(s, URIRef) and isinstance(o, URIRef) and kind_of(o) == "event"
        }
        return sorted(found)


def _add_node(G: nx.MultiDiGraph, describer: _Describer, iri: Node, prefer_kind: str | None = None) -> str:
    key = str(iri)
    if key not in G:
        G.add_node(key, **describer.describe(iri, prefer_kind=prefer_kind))
    return key


def _span(attrs: dict[str, Any]) -> dict[str, str]:
    return {k: attrs[k] for k in ("start", "end") if k in attrs}


def _full_view(graph: Graph, describer: _Describer) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(view="full")
    hidden = {o for o in graph.objects(None, GEO.hasGeometry)}  # lat/lon already say where
    for subject in sorted({s for s in graph.subjects() if is_resource(s) and s not in hidden}, key=str):
        _add_node(G, describer, subject)
    for s, p, o in sorted(graph, key=lambda triple: tuple(map(str, triple))):
        if not (is_resource(s) and is_resource(o)) or p in SKIPPED_EDGES:
            continue
        source, target = _add_node(G, describer, s), _add_node(G, describer, o)
        label = snake(local_name(p))
        span = _span(G.nodes[source]) or _span(G.nodes[target])
        G.add_edge(source, target, key=label, label=label, weight=1.0, **span)
    return G


def _role_info(describer: _Describer, event: Node, role: str, actor: Node) -> dict[str, Any]:
    """Modality and evidence of a role, from its RoleAssignment when there is one."""
    graph = describer.graph
    role_type = _ROLE_TYPE_BY_NAME[role]
    for assignment in graph.objects(event, CF.hasRole):
        if (assignment, CF.actor, actor) in graph and (assignment, CF.roleType, role_type) in graph:
            modality = graph.value(assignment, CF.modality)
            return {
                "modality": local_name(modality) if modality is not None else None,
                "evidence": describer.evidence(assignment) or describer.evidence(event),
            }
    return {"modality": None, "evidence": describer.evidence(event)}


def _role_pairs(describer: _Describer, event: Node) -> Iterable[tuple[str, URIRef]]:
    for prop in ROLE_TYPES:
        role = local_name(prop)
        for actor in sorted(describer.graph.objects(event, prop), key=str):
            if is_resource(actor):
                yield role, actor


def _actor_relations(cls: URIRef, roles: list[tuple[str, URIRef]]) -> Iterable[tuple[str, URIRef, URIRef]]:
    """(relation, source, target) actor pairs an event of class ``cls`` implies."""
    by_role: dict[str, list[URIRef]] = {}
    for role, actor in roles:
        by_role.setdefault(role, []).append(actor)
    targets = by_role.get("target", [])
    if is_subclass(cls, CF.Attack):
        for source in by_role.get("perpetrator", []):
            yield from (("attacked", source, t) for t in targets if t != source)
        for source in by_role.get("allegedPerpetrator", []):
            yield from (("allegedly_attacked", source, t) for t in targets if t != source)
    elif is_subclass(cls, CF.Threat):
        for source in by_role.get("perpetrator", []) + by_role.get("allegedPerpetrator", []):
            yield from (("threatened", source, t) for t in targets if t != source)
    elif is_subclass(cls, CF.Meeting):
        for a, b in combinations(sorted(set(by_role.get("participant", []))), 2):
            yield "met", a, b


def _join_evidence(texts: Iterable[str]) -> str:
    unique = list(dict.fromkeys(t for t in texts if t))
    return "\n".join(unique[:MAX_EVIDENCE])


def _actors_view(graph: Graph, describer: _Describer) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(view="actors")
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    event_count: dict[str, int] = {}
    for event in describer.events():
        attrs = describer.describe(event)
        roles = list(_role_pairs(describer, event))
        for actor in {a for _, a in roles}:
            key = _add_node(G, describer, actor, prefer_kind="actor")
            event_count[key] = event_count.get(key, 0) + 1
        cls = describer.main_class(event)
        for relation, source, target in _actor_relations(cls or CF.Event, roles):
            edge = edges.setdefault(
                (str(source), str(target), relation), {"events": [], "dates": [], "evidence": []}
            )
            edge["events"].append(str(event))
            if "date" in attrs:
                edge["dates"].append(attrs["date"])
            edge["evidence"].extend(describer.evidence(event))
    for key, count in event_count.items():
        G.nodes[key]["event_count"] = count
    for (source_key, target_key, relation), edge in sorted(edges.items()):
        dates = sorted(edge["dates"])
        span = (
            {"first_date": dates[0], "last_date": dates[-1], "start": dates[0], "end": dates[-1]}
            if dates
            else {}
        )
        G.add_edge(
            source_key,
            target_key,
            key=relation,
            label=relation,
            count=len(edge["events"]),
            weight=float(len(edge["events"])),
            events=" ".join(sorted(edge["events"])),
            evidence=_join_evidence(edge["evidence"]),
            **span,
        )
    return G


def _actor_event_view(graph: Graph, describer: _Describer) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(view="actor-event")
    for event in describer.events():
        event_key = _add_node(G, describer, event)
        for role, actor in _role_pairs(describer, event):
            actor_key = _add_node(G, describer, actor, prefer_kind="actor")
            label = snake(role)
            info = _role_info(describer, event, role, actor)
            G.add_edge(
                event_key,
                actor_key,
                key=label,
                label=label,
                weight=1.0,
                modality=info["modality"],
                evidence=_join_evidence(info["evidence"]),
                **_span(G.nodes[event_key]),
            )
    for key, data in G.nodes(data=True):
        if data["kind"] != "event":
            data["event_count"] = G.in_degree(key)
    return G


def _event_place_view(graph: Graph, describer: _Describer) -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(view="event-place")
    pending: list[URIRef] = []
    for event in describer.events():
        places = [p for p in sorted(graph.objects(event, CF.place), key=str) if is_resource(p)]
        event_key = _add_node(G, describer, event)  # events without a place stay, unlinked
        for place in places:
            G.add_edge(
                event_key,
                _add_node(G, describer, place, prefer_kind="place"),
                key="place",
                label="place",
                weight=1.0,
                evidence=_join_evidence(describer.evidence(event)),
                **_span(G.nodes[event_key]),
            )
            pending.append(place)
    done: set[URIRef] = set()
    while pending:
        place = pending.pop()
        if place in done:
            continue
        done.add(place)
        for parent in sorted(graph.objects(place, CF.locatedIn), key=str):
            if is_resource(parent):
                source = _add_node(G, describer, place, prefer_kind="place")
                target = _add_node(G, describer, parent, prefer_kind="place")
                G.add_edge(source, target, key="located_in", label="located_in", weight=1.0)
                pending.append(parent)
    for key, data in G.nodes(data=True):
        if data["kind"] != "event":
            data["event_count"] = sum(1 for *_, k in G.in_edges(key, keys=True) if k == "place")
    return G


ViewBuilder = Callable[[Graph, _Describer], nx.MultiDiGraph]

#: the named views (``query:NAME`` is handled apart: any CONSTRUCT query in ``queries/``)
VIEWS: dict[str, ViewBuilder] = {
    "full": _full_view,
    "actors": _actors_view,
    "actor-event": _actor_event_view,
    "event-place": _event_place_view,
}


def view_names() -> list[str]:
    """The named views, plus the ``query:NAME`` form.

    >>> view_names()
    ['full', 'actors', 'actor-event', 'event-place', 'query:NAME']
    """
    return [*VIEWS, "query:NAME"]


def _construct(graph: Graph, name: str) -> Graph:
    from kg.query import load_query  # lazy: the SPARQL machinery is needed by query views only

    query = load_query(name)
    try:
        result = graph.query(query.text)
    except Exception as e:
        raise ExportError(
            f"query {name!r} failed on this graph ({e}); run it with `kg query {name}` to see why"
        ) from e
    if result.type != "CONSTRUCT" or result.graph is None:
        raise ExportError(
            f"view 'query:{name}' needs a CONSTRUCT query, but {name!r} is a {result.type} query; "
            "choose a CONSTRUCT query from queries/ or another view"
        )
    return result.graph


def to_networkx(data: GraphSource, *, view: str = "full") -> nx.MultiDiGraph:
    """Build a networkx ``MultiDiGraph`` of one view of an RDF graph.

    ``data`` is an rdflib Graph or Dataset (all named graphs are merged) or the path of an RDF file.
    Node keys are IRIs; nodes carry ``id``, ``label``, ``type`` (ontology class local name) and
    ``kind`` (actor/event/place/article/other); places ``lat``/``lon``; events ``date``,
    ``date_precision``, ``plover``, ``acled_event_type``, ``acled_sub_event_type``, ``fatalities``,
    ``injuries`` and ``start``/``end`` (ISO dates), each absent when unknown.

    >>> from kg.export.sample import sample_dataset
    >>> G = to_networkx(sample_dataset(), view="actors")
    >>> kh = "https://w3id.org/conflict-kg/resource/actor/kataib-hezbollah"
    >>> us = "https://w3id.org/conflict-kg/resource/actor/us-armed-forces"
    >>> edge = G.edges[kh, us, "attacked"]
    >>> edge["count"], edge["first_date"], edge["last_date"]
    (2, '2024-01-22', '2024-01-27')
    >>> G.nodes[kh]["label"], G.nodes[kh]["type"], G.nodes[kh]["kind"]
    ('Kataib Hezbollah', 'NonStateArmedGroup', 'actor')
    >>> strike = to_networkx(sample_dataset(), view="event-place").nodes[
    ...     "https://w3id.org/conflict-kg/resource/event/00000000000000a1-1"]
    >>> strike["plover"], strike["acled_sub_event_type"], strike["injuries"], "fatalities" in strike
    ('ASSAULT', 'Air/drone strike', 3, False)
    """
    graph = as_graph(data)
    describer = _Describer(graph)
    if view.startswith("query:"):
        name = view.split(":", 1)[1]
        constructed = _construct(graph, name)
        G = _full_view(constructed, _Describer(constructed + graph))
        G.graph["view"] = view
    else:
        try:
            builder = VIEWS[view]
        except KeyError:
            raise ExportError(f"unknown view {view!r}: expected one of {', '.join(view_names())}") from None
        G = builder(graph, describer)
    return make_plain(G)
