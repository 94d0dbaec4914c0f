"""From article graphs to the content of ``cfg:resolution``: the worker behind ``resolve_dataset``."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, XSD

from kg.iris import resource, short_hash
from kg.namespace import CF
from kg.resolve.actors import ActorResolution, Decision, resolve_entities
from kg.resolve.collect import NUMBER_PROPERTIES, ROLE_PROPERTIES, Collected, EventRecord, collect
from kg.resolve.events import EventResolution, _Context, resolve_events
from kg.resolve.terms import (
    HAS_CONFLICTING_REPORTS,
    KEPT_APART_DECISION,
    MERGE_DECISION,
    MERGE_RULE,
    MERGED_ENTITY,
    MERGED_NAMES,
    RESOLVED_INTO,
    SOURCE_COUNT,
    class_info,
)

_LIST_PROPERTIES: tuple[tuple[URIRef, str], ...] = (
    (CF.hasRole, "roles_nodes"),
    (CF.hasMention, "mentions"),
    (CF.evidence, "evidence"),
    (PROV.wasDerivedFrom, "sources"),
    (CF.hasQuantity, "quantities"),
)


@dataclass
class Resolution:
    """Everything one resolution run found; ``graph`` is the content of ``cfg:resolution``."""

    graph: Graph
    data: Collected
    actors: ActorResolution
    events: EventResolution
    canonical_events: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    seconds: float = 0.0


def canonical_event_iri(members: list[URIRef]) -> URIRef:
    """``cfr:event/c-<16 hex of sha256 of the sorted member IRIs joined by one space>``.

    >>> str(canonical_event_iri([URIRef("urn:b"), URIRef("urn:a")]))[-18:]
    'c-93cab333ad933245'
    """
    return resource("event", "c-" + short_hash(" ".join(sorted(str(m) for m in members))))


def decision_iri(decision: Decision) -> URIRef:
    """``cfr:decision/<16 hex of sha256 of kind, rule and the sorted entity IRIs>``."""
    key = " ".join([decision.kind, decision.rule, *sorted(str(e) for e in decision.entities)])
    return resource("decision", short_hash(key))


def _add_decision(graph: Graph, decision: Decision) -> None:
    node = decision_iri(decision)
    graph.add((node, RDF.type, MERGE_DECISION if decision.kind == "merge" else KEPT_APART_DECISION))
    graph.add((node, MERGE_RULE, Literal(decision.rule)))
    for entity in decision.entities:
        graph.add((node, MERGED_ENTITY, entity))
    for name in decision.names:
        graph.add((node, MERGED_NAMES, Literal(name)))


def _pick_class(members: list[EventRecord], ctx: _Context) -> URIRef:
    counts: Counter[URIRef] = Counter(cls for event in members for cls in event.types)
    return min(counts, key=lambda cls: (-ctx.classes.depth(cls), -counts[cls], str(cls)))


def _pick_date(members: list[EventRecord]) -> EventRecord:
    dated = [event for event in members if event.date is not None]
    counts: Counter[Any] = Counter(event.date for event in dated)

    def key(event: EventRecord) -> tuple[Any, ...]:
        window = event.window()
        width = (window[1] - window[0]).days if window else 10**6
        return (event.precision_rank(), width, -counts[event.date], str(event.date), str(event.iri))

    return min(dated or members, key=key)


def _pick_place(members: list[EventRecord], ctx: _Context) -> tuple[URIRef | None, int | None]:
    places: list[URIRef] = [p for p in (ctx.place[event.iri] for event in members) if p is not None]
    if not places:
        return None, None
    counts: Counter[URIRef] = Counter(places)

    def support(place: URIRef) -> int:
        """Reports of this place or of a place inside it."""
        return sum(n for other, n in counts.items() if other == place or place in ctx.chain(other))

    # the most specific place that at least half of the reports back: one report naming a town
    # refines one naming the region, but not two others that only name the country
    backed = [p for p in counts if 2 * support(p) >= len(places)]
    best = min(backed, key=lambda p: (-len(ctx.chain(p)), -counts[p], str(p)))
    precisions = [e.geo_precision for e in members if ctx.place[e.iri] == best and e.geo_precision]
    return best, (min(precisions) if precisions else None)


def _add_canonical(graph: Graph, iri: URIRef, members: list[EventRecord], ctx: _Context) -> None:
    data = ctx.data
    cls = _pick_class(members, ctx)
    graph.add((iri, RDF.type, cls))
    dated = _pick_date(members)
    window = dated.window()
    if dated.date is not None:
        graph.add((iri, CF.date, Literal(dated.date, datatype=XSD.date)))
    if dated.precision is not None:
        graph.add((iri, CF.datePrecision, dated.precision))
    if window is not None:
        graph.add((iri, CF.earliestDate, Literal(window[0], datatype=XSD.date)))
        graph.add((iri, CF.latestDate, Literal(window[1], datatype=XSD.date)))
    if dated.fallback:
        graph.add((iri, CF.dateIsFallback, Literal(True)))
    place, geo_precision = _pick_place(members, ctx)
    if place is not None:
        graph.add((iri, CF.place, place))
        if geo_precision is not None:
            graph.add((iri, CF.geoPrecision, Literal(geo_precision, datatype=XSD.integer)))
    else:
        reasons = sorted(str(e.raw[CF.placeUnknownReason]) for e in members if CF.placeUnknownReason in e.raw)
        if reasons:
            graph.add((iri, CF.placeUnknownReason, Literal(reasons[0])))
    roles: dict[URIRef, set[URIRef]] = {}
    for event in members:
        for prop, actors in ctx.role_sets[event.iri].items():
            roles.setdefault(prop, set()).update(actors)
    perpetrators = roles.get(CF.perpetrator, set())
    if CF.allegedPerpetrator in roles:
        roles[CF.allegedPerpetrator] -= perpetrators
    for prop in ROLE_PROPERTIES:
        for actor in roles.get(prop, ()):
            graph.add((iri, prop, actor))
    for prop, attribute in _LIST_PROPERTIES:
        for event in members:
            for node in getattr(event, attribute):
                graph.add((iri, prop, node))
    conflicting = any(event.conflicting for event in members)
    if len({frozenset(event.types) for event in members}) > 1:
        conflicting = True
    classes = data.mention_classes
    reported = {classes[m] for event in members for m in event.mentions if m in classes}
    if len(reported) > 1:
        conflicting = True
    for value_prop, qualifier_prop in NUMBER_PROPERTIES:
        reports = sorted(
            (
                (int(event.numbers[value_prop].toPython()), str(event.iri), event)  # type: ignore[attr-defined]
                for event in members
                if isinstance(event.numbers.get(value_prop), Literal)
            ),
            key=lambda item: (item[0], item[1]),
        )
        if not reports:
            continue
        if len({value for value, _, _ in reports}) > 1:
            conflicting = True
        value, _, source = reports[0]  # ACLED: the most conservative figure when reports differ
        graph.add((iri, value_prop, Literal(value, datatype=XSD.nonNegativeInteger)))
        qualifier = source.numbers.get(qualifier_prop)
        if qualifier_prop != value_prop and qualifier is not None:
            graph.add((iri, qualifier_prop, qualifier))
    sources = {node for event in members for node in event.sources}
    graph.add((iri, SOURCE_COUNT, Literal(len(sources), datatype=XSD.nonNegativeInteger)))
    if conflicting:
        graph.add((iri, HAS_CONFLICTING_REPORTS, Literal(True)))
    for event in members:
        graph.add((event.iri, RESOLVED_INTO, iri))


def resolve(
    data: Any,
    *,
    gazetteer: Graph | Callable[[], Graph | None] | None = None,
) -> Resolution:
    """Run entity resolution and event deduplication over ``data``; see ``resolve_dataset``."""
    started = time.perf_counter()
    classes = class_info()
    collected = collect(data, classes=classes, gazetteer=gazetteer)
    actors = resolve_entities(collected.entities, classes=classes)
    ctx = _Context(collected, actors, classes)
    events = resolve_events(collected, actors, classes=classes, context=ctx)
    graph = Graph()
    for member, canonical in sorted(actors.canonical.items()):
        graph.add((member, OWL.sameAs, canonical))
    for decision in (*actors.merges, *actors.kept_apart):
        _add_decision(graph, decision)
    canonical_events: dict[URIRef, list[URIRef]] = {}
    for members in events.clusters:
        iri = canonical_event_iri(members)
        canonical_events[iri] = members
        _add_canonical(graph, iri, [collected.events[m] for m in members], ctx)
    return Resolution(graph, collected, actors, events, canonical_events, time.perf_counter() - started)


def default_gazetteer() -> Graph | None:
    """The packaged gazetteer's graph, read only when a dataset lacks ``cfg:gazetteer``."""
    try:
        from kg.gazetteer import load_gazetteer
    except ImportError:  # the gazetteer module is optional for hand-built datasets
        return None
    return load_gazetteer().graph
