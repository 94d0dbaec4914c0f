"""Read the article graphs once into plain records: events, and the actors and places they name.

One pass over the quads, dispatching on the predicate; the ``cfg:resolution`` graph is ignored so
that resolution only ever depends on the article graphs (and the gazetteer, read as background).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, RESOURCE
from kg.namespace import CF, local_name
from kg.resolve.terms import HAS_CONFLICTING_REPORTS, RESOLUTION_GRAPH, ClassInfo

#: Shortcut role properties on events, in the order reports list them.
ROLE_PROPERTIES: tuple[URIRef, ...] = (
    CF.perpetrator,
    CF.allegedPerpetrator,
    CF.target,
    CF.victim,
    CF.participant,
    CF.reporter,
)

#: Best-value properties copied to a canonical event when its members agree.
NUMBER_PROPERTIES: tuple[tuple[URIRef, URIRef], ...] = (
    (CF.fatalities, CF.fatalitiesQualifier),
    (CF.injuries, CF.injuriesQualifier),
    (CF.munitions, CF.munitions),
)

PRECISION_RANK = {CF.DayPrecision: 0, CF.MonthPrecision: 1, CF.YearPrecision: 2}

#: How many days before the publication date a fallback date (no date in the text) may reach.
FALLBACK_WINDOW_DAYS = 7

_ACTOR_PREFIX = RESOURCE + "actor/"
_PLACE_PREFIX = RESOURCE + "place/"
_NEWS_ARTICLE = CF.NewsArticle
_SKIP_GRAPHS = frozenset({RESOLUTION_GRAPH, ONTOLOGY_GRAPH})
#: predicate -> what ``collect`` does with it (one dict lookup per quad; the rest are skipped)
_DISPATCH: dict[URIRef, str] = {
    RDF.type: "type",
    RDFS.label: "label",
    SKOS.prefLabel: "label",
    SKOS.altLabel: "alias",
    CF.locatedIn: "locatedIn",
    CF.memberOf: "memberOf",
    CF.affiliatedWith: "memberOf",
    CF.reportedClass: "reportedClass",
    CF.datePrecision: "precision",
    CF.date: "date",
    CF.earliestDate: "earliest",
    CF.latestDate: "latest",
    CF.dateIsFallback: "fallback",
    CF.place: "place",
    CF.geoPrecision: "geoPrecision",
    **{prop: "role" for prop in ROLE_PROPERTIES},
    **{prop: "number" for prop in (CF.fatalities, CF.injuries, CF.munitions)},
    **{prop: "number" for prop in (CF.fatalitiesQualifier, CF.injuriesQualifier)},
    HAS_CONFLICTING_REPORTS: "conflicting",
    CF.hasRole: "roles_nodes",
    CF.hasMention: "mentions",
    CF.evidence: "evidence",
    PROV.wasDerivedFrom: "sources",
    CF.hasQuantity: "quantities",
    CF.placeUnknownReason: "raw",
}


@dataclass
class EventRecord:
    """Everything resolution reads about one article event (union over all graphs)."""

    iri: URIRef
    types: set[URIRef] = field(default_factory=set)
    date: dt.date | None = None
    precision: URIRef | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None
    fallback: bool = False
    place: URIRef | None = None
    geo_precision: int | None = None
    roles: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    roles_nodes: set[Node] = field(default_factory=set)
    mentions: set[Node] = field(default_factory=set)
    evidence: set[Node] = field(default_factory=set)
    sources: set[Node] = field(default_factory=set)
    quantities: set[Node] = field(default_factory=set)
    numbers: dict[URIRef, Node] = field(default_factory=dict)
    conflicting: bool = False
    raw: dict[URIRef, Node] = field(default_factory=dict)

    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days the event may have happened on, from its bounds or its precision."""
        if self.date is None:
            return None
        if self.fallback:
            return self.date - dt.timedelta(days=FALLBACK_WINDOW_DAYS), self.date
        if self.earliest and self.latest:
            return self.earliest, self.latest
        if self.precision == CF.MonthPrecision:
            last = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=1), self.date.replace(day=last)
        if self.precision == CF.YearPrecision:
            return dt.date(self.date.year, 1, 1), dt.date(self.date.year, 12, 31)
        return self.date, self.date

    def precision_rank(self) -> int:
        """0 day, 1 month, 2 year, 3 a fallback date (the least precise)."""
        return 3 if self.fallback else PRECISION_RANK.get(self.precision, 2)  # type: ignore[arg-type]


@dataclass
class EntityRecord:
    """An actor or place: its names, classes and links, and whether the gazetteer defines it."""

    iri: URIRef
    types: set[URIRef] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    in_gazetteer: bool = False
    located_in: set[URIRef] = field(default_factory=set)
    member_of: set[URIRef] = field(default_factory=set)
    articles: set[URIRef] = field(default_factory=set)

    @property
    def names(self) -> list[str]:
        """Label(s) first, then aliases, each sorted: a stable order."""
        return sorted(self.labels) + sorted(self.aliases - self.labels)

    @property
    def label(self) -> str:
        return min(self.labels) if self.labels else local_name(self.iri)


@dataclass
class Collected:
    """The records of one dataset."""

    events: dict[URIRef, EventRecord]
    entities: dict[URIRef, EntityRecord]
    articles: set[URIRef]
    mention_classes: dict[Node, URIRef]


def _first(old: Any, new: Any) -> Any:
    """Of two values for a property that should have one, the smaller: independent of read order."""
    if old is None:
        return new
    if new is None:
        return old
    return min(old, new, key=str)


def _date(node: Node) -> dt.date | None:
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(node)[:10])
        except ValueError:
            return None
    return None


def iter_quads(data: Any) -> Iterator[tuple[Node, Node, Node, Node | None]]:
    """(s, p, o, graph) from a Dataset, a plain Graph (graph None) or a store with to_dataset()."""
    if hasattr(data, "to_dataset") and not isinstance(data, Graph):
        data = data.to_dataset()
    if isinstance(data, Dataset):
        for graph in data.graphs():  # per graph: much faster than Dataset.quads in rdflib's memory store
            name = graph.identifier
            for s, p, o in graph:
                yield s, p, o, name
    elif hasattr(data, "quads"):
        for s, p, o, g in data.quads((None, None, None, None)):
            yield s, p, o, getattr(g, "identifier", g)
    else:
        for s, p, o in data:
            yield s, p, o, None


def _entity(entities: dict[URIRef, EntityRecord], iri: Node) -> EntityRecord | None:
    if not isinstance(iri, URIRef):
        return None
    text = str(iri)
    if not (text.startswith(_ACTOR_PREFIX) or text.startswith(_PLACE_PREFIX)):
        return None
    record = entities.get(iri)
    if record is None:
        record = entities[iri] = EntityRecord(iri)
    return record


def collect(
    data: Any,
    *,
    classes: ClassInfo,
    gazetteer: Graph | Iterable[Any] | Callable[[], Graph | None] | None = None,
) -> Collected:
    """Read a dataset into records; the gazetteer is read too when the dataset lacks cfg:gazetteer."""
    events: dict[URIRef, EventRecord] = {}
    entities: dict[URIRef, EntityRecord] = {}
    articles: set[URIRef] = set()
    mention_classes: dict[Node, URIRef] = {}
    saw_gazetteer = False

    def event(iri: Node) -> EventRecord:
        record = events.get(iri)  # type: ignore[call-overload]
        if record is None:
            record = events[iri] = EventRecord(iri)  # type: ignore[index,arg-type]
        return record

    def feed(s: Node, p: Node, o: Node, g: Node | None) -> None:
        nonlocal saw_gazetteer
        kind = _DISPATCH.get(p)  # type: ignore[call-overload]
        if kind is None or g in _SKIP_GRAPHS:
            return
        in_gazetteer = g == GAZETTEER_GRAPH
        saw_gazetteer = saw_gazetteer or in_gazetteer
        if kind == "type":
            if o == _NEWS_ARTICLE:
                articles.add(s)  # type: ignore[arg-type]
                return
            if isinstance(o, URIRef) and classes.plover_code(o):
                event(s).types.add(o)
                return
            record = _entity(entities, s)
            if record is not None:
                record.types.add(o)  # type: ignore[arg-type]
                record.in_gazetteer = record.in_gazetteer or in_gazetteer
        elif kind == "label" or kind == "alias":
            record = _entity(entities, s)
            if record is not None:
                (record.aliases if kind == "alias" else record.labels).add(str(o))
                record.in_gazetteer = record.in_gazetteer or in_gazetteer
                if g is not None and not in_gazetteer:
                    record.articles.add(g)  # type: ignore[arg-type]
        elif kind == "locatedIn" or kind == "memberOf":
            record = _entity(entities, s)
            if record is not None and isinstance(o, URIRef):
                (record.located_in if kind == "locatedIn" else record.member_of).add(o)
        elif kind == "reportedClass":
            if isinstance(o, URIRef):
                mention_classes[s] = _first(mention_classes.get(s), o)
        elif kind == "precision":
            ev = event(s)
            ev.precision = _first(ev.precision, o)
        elif kind == "date":
            ev = event(s)
            ev.date = _first(ev.date, _date(o))
        elif kind == "earliest":
            ev = event(s)
            ev.earliest = _first(ev.earliest, _date(o))
        elif kind == "latest":
            ev = event(s)
            ev.latest = _first(ev.latest, _date(o))
        elif kind == "fallback":
            event(s).fallback = bool(o.toPython()) if isinstance(o, Literal) else False
        elif kind == "place":
            ev = event(s)
            ev.place = _first(ev.place, o)
            _entity(entities, o)
        elif kind == "geoPrecision":
            ev = event(s)
            value = int(o.toPython()) if isinstance(o, Literal) else None
            ev.geo_precision = _first(ev.geo_precision, value)
        elif kind == "role":
            event(s).roles.setdefault(p, set()).add(o)  # type: ignore[arg-type]
            _entity(entities, o)
        elif kind == "number":
            ev = event(s)
            ev.numbers[p] = _first(ev.numbers.get(p), o)  # type: ignore[index,call-overload]
        elif kind == "raw":
            ev = event(s)
            ev.raw[p] = _first(ev.raw.get(p), o)  # type: ignore[index,call-overload]
        elif kind == "conflicting":
            event(s).conflicting = event(s).conflicting or bool(getattr(o, "toPython", lambda: False)())
        else:
            getattr(event(s), kind).add(o)

    from kg.resolve.fetch import reads_by_query, store_quads

    quads = store_quads(data, classes) if reads_by_query(data) else iter_quads(data)
    for s, p, o, g in quads:
        feed(s, p, o, g)
    if callable(gazetteer) and not saw_gazetteer:
        gazetteer = gazetteer()
    if not saw_gazetteer and gazetteer is not None:
        for s, p, o in gazetteer:  # type: ignore[union-attr]
            feed(s, p, o, GAZETTEER_GRAPH)
    # keep only real events: nodes typed with an event class
    real = {iri: record for iri, record in events.items() if record.types}
    return Collected(real, entities, articles, mention_classes)
