"""The conflict ontology (``ontology/conflict.ttl``) loaded once, with fast class lookups.

Lookups (superclasses, PLOVER code, ACLED types) are computed once from the ontology's
``rdfs:subClassOf`` tree and the annotation properties on the classes, because extraction calls
them for every event.

>>> plover_code(CF.DroneStrike)
'ASSAULT'
>>> acled_types(CF.DroneStrike)
('Explosions/Remote violence', 'Air/drone strike')
>>> is_subclass(CF.DroneStrike, CF.Attack)
True
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.errors import OntologyError
from kg.namespace import CF, as_uri, local_name
from kg.resources import ontology_file, read_turtle

__all__ = [
    "ClassNode",
    "acled_types",
    "actor_classes",
    "class_depth",
    "class_label",
    "class_tree",
    "event_classes",
    "is_subclass",
    "load_ontology",
    "place_classes",
    "plover_classes",
    "plover_code",
    "superclasses",
]

ONTOLOGY_FILE = "conflict.ttl"


@functools.lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """The ontology as an rdflib Graph, parsed once per process (treat it as read-only).

    >>> (CF.DroneStrike, None, None) in load_ontology()
    True
    """
    return read_turtle([ontology_file(ONTOLOGY_FILE)], what="the ontology")


@dataclass(frozen=True, slots=True)
class _Index:
    parents: dict[URIRef, tuple[URIRef, ...]]
    ancestors: dict[URIRef, tuple[URIRef, ...]]  # nearest first, the class itself excluded
    labels: dict[URIRef, str]
    plover: dict[URIRef, str | None]
    acled: dict[URIRef, tuple[str | None, str | None]]
    children: dict[URIRef, tuple[URIRef, ...]]


def _literal(graph: Graph, cls: URIRef, prop: URIRef) -> str | None:
    value = graph.value(cls, prop)
    return str(value) if isinstance(value, Literal) else None


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    graph = load_ontology()
    classes = sorted(c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    parents = {
        c: tuple(sorted(p for p in graph.objects(c, RDFS.subClassOf) if isinstance(p, URIRef)))
        for c in classes
    }
    ancestors: dict[URIRef, tuple[URIRef, ...]] = {}
    for cls in classes:
        seen: list[URIRef] = []
        frontier = list(parents[cls])
        while frontier:  # breadth first: nearest superclasses first
            nxt: list[URIRef] = []
            for parent in frontier:
                if parent not in seen and parent != cls:
                    seen.append(parent)
                    nxt.extend(parents.get(parent, ()))
            frontier = nxt
        ancestors[cls] = tuple(seen)

    def inherited(cls: URIRef, prop: URIRef) -> str | None:
        for candidate in (cls, *ancestors[cls]):
            value = _literal(graph, candidate, prop)
            if value is not None:
                return value
        return None

    plover = {c: inherited(c, CF.ploverCode) for c in classes}
    acled: dict[URIRef, tuple[str | None, str | None]] = {}
    for cls in classes:
        # the event type and sub-event type come from the nearest class that has an event type,
        # so a subclass never mixes its own sub-type with a superclass's unrelated type
        acled[cls] = (None, None)
        for candidate in (cls, *ancestors[cls]):
            event_type = _literal(graph, candidate, CF.acledEventType)
            if event_type is not None:
                acled[cls] = (event_type, _literal(graph, candidate, CF.acledSubEventType))
                break
    children: dict[URIRef, list[URIRef]] = {}
    for cls, ps in parents.items():
        for parent in ps:
            children.setdefault(parent, []).append(cls)
    labels = {c: _literal(graph, c, RDFS.label) or local_name(c) for c in classes}
    return _Index(
        parents=parents,
        ancestors=ancestors,
        labels=labels,
        plover=plover,
        acled=acled,
        children={k: tuple(sorted(v)) for k, v in children.items()},
    )


def superclasses(cls: URIRef) -> list[URIRef]:
    """All superclasses of ``cls`` (transitively, nearest first, ``cls`` itself excluded).

    >>> [c.fragment for c in superclasses(CF.DroneStrike)][:3]
    ['AirStrike', 'Attack', 'PloverAssault']
    """
    return list(_index().ancestors.get(as_uri(cls), ()))


def is_subclass(cls: URIRef, ancestor: URIRef) -> bool:
    """True when ``cls`` is ``ancestor`` or one of its (transitive) subclasses.

    >>> is_subclass(CF.Visit, CF.PloverConsult), is_subclass(CF.Visit, CF.Attack)
    (True, False)
    """
    cls, ancestor = as_uri(cls), as_uri(ancestor)
    return cls == ancestor or ancestor in _index().ancestors.get(cls, ())


def plover_code(cls: URIRef) -> str | None:
    """The PLOVER event type of an event class (inherited), or None for a non-event class.

    >>> plover_code(CF.Visit), plover_code(CF.Place)
    ('CONSULT', None)
    """
    return _index().plover.get(as_uri(cls))


def acled_types(cls: URIRef) -> tuple[str | None, str | None]:
    """ACLED (event type, sub-event type) of an event class, inherited from the nearest class with one.

    >>> acled_types(CF.Attack)
    ('Explosions/Remote violence', None)
    >>> acled_types(CF.Meeting)
    (None, None)
    """
    return _index().acled.get(as_uri(cls), (None, None))


def class_label(cls: URIRef) -> str:
    """The class's rdfs:label (its local name when it has none)."""
    return _index().labels.get(as_uri(cls), local_name(cls))


@functools.cache
def class_depth(cls: URIRef) -> int:
    """How many of the ontology's own classes sit above ``cls``, PLOVER categories and aligned
    vocabularies (sem:, schema:) not counted: of two classes in one branch, the deeper is the more
    specific, so a node typed twice is named by its deepest class.

    >>> class_depth(CF.Event), class_depth(CF.DroneStrike), class_depth(CF.State), class_depth(CF.Country)
    (0, 3, 2, 1)
    """
    plover = set(plover_classes())
    return sum(1 for c in superclasses(cls) if c.startswith(str(CF)) and c not in plover)


def _descendants(root: URIRef) -> list[URIRef]:
    index = _index()
    return sorted(c for c, ancestors in index.ancestors.items() if root in ancestors)


def plover_classes() -> list[URIRef]:
    """The 16 PLOVER category classes (``cf:PloverAgree`` ... ``cf:PloverAssault``)."""
    index = _index()
    return [
        c for c in _descendants(CF.Event) if CF.Event in index.parents[c] and c.fragment.startswith("Plover")
    ]


def event_classes() -> list[URIRef]:
    """The classes an event node may be typed with: ``cf:Event``'s subclasses minus the PLOVER classes.

    >>> CF.DroneStrike in event_classes(), CF.PloverAssault in event_classes()
    (True, False)
    """
    plover = set(plover_classes())
    return [c for c in _descendants(CF.Event) if c not in plover]


def actor_classes() -> list[URIRef]:
    """``cf:Actor`` and its subclasses."""
    return [CF.Actor, *_descendants(CF.Actor)]


def place_classes() -> list[URIRef]:
    """``cf:Place`` and its subclasses."""
    return [CF.Place, *_descendants(CF.Place)]


@dataclass(frozen=True, slots=True)
class ClassNode:
    """One line of the class tree: a class at a depth, with its mappings."""

    cls: URIRef
    depth: int
    label: str
    plover: str | None
    acled_event_type: str | None
    acled_sub_event_type: str | None


def class_tree(root: URIRef = CF.Event, *, include_plover: bool = False) -> Iterator[ClassNode]:
    """The subclass tree under ``root``, depth first, children sorted by name.

    PLOVER category classes are left out unless ``include_plover`` (every event class sits under
    one, so they would otherwise appear as a second parent of everything).

    >>> [(n.depth, n.cls.fragment) for n in class_tree()][:4]
    [(0, 'Event'), (1, 'Accusation'), (1, 'Agreement'), (1, 'Aid')]
    """
    index = _index()
    plover = set(plover_classes())

    def visit(cls: URIRef, depth: int, path: tuple[URIRef, ...]) -> Iterator[ClassNode]:
        event_type, sub_type = index.acled.get(cls, (None, None))
        yield ClassNode(
            cls, depth, index.labels.get(cls, cls.fragment), index.plover.get(cls), event_type, sub_type
        )
        kids = [k for k in index.children.get(cls, ()) if k not in path]
        if not include_plover:
            # a class whose only parents below root are PLOVER classes hangs directly under root
            kids = [k for k in kids if k not in plover]
            if cls == root:
                kids += [
                    k
                    for p in sorted(plover)
                    if root in index.parents.get(p, ())
                    for k in index.children.get(p, ())
                ]
        for kid in sorted(set(kids)):
            yield from visit(kid, depth + 1, (*path, cls))

    root = URIRef(root)
    if root not in index.parents:
        raise OntologyError(f"{root} is not a class of the ontology; see `kg ontology` for the class tree")
    yield from visit(root, 0, (root,))
