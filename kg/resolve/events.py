"""Event deduplication across articles, after ACLED: one actor pair, one place, one day.

Two article events are *compatible* when their classes share a PLOVER code, their date windows
overlap (a month-precision report fits any day of that month), their places are equal or one lies
inside the other, and their perpetrators do not contradict each other. Reports without a place,
reports whose date is only the publication date (a fallback), and reports of non-violent events
(threats, meetings: told apart by who took part) must also share an actor. Candidates come from
blocks (PLOVER code x country) swept in date order, so the work stays near-linear.

Clusters are grown greedily, best pairs first, and only when every member is compatible with
every other (complete linkage). A vague report compatible with two reports that are themselves
incompatible (a "rocket attack in Iraq on Saturday" when rockets hit two bases that day), and
no closer to one than to the other, is ambiguous and stays alone. Events of one article are never
merged with each other: extraction already decided they differ.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from kg.namespace import CF
from kg.resolve.actors import ActorResolution
from kg.resolve.collect import Collected, EventRecord
from kg.resolve.terms import ClassInfo

#: Roles whose disagreement does not separate two reports (targets are named too loosely).
CONTRADICTING_ROLES: tuple[URIRef, ...] = (CF.perpetrator,)
#: PLOVER codes whose events are told apart by place and day alone (attacks, protests); every other
#: kind (threats, meetings, accusations...) is a speech act or exchange told apart by who took part,
#: so two reports of it must also share an actor.
PLACE_IDENTIFIED_CODES: frozenset[str] = frozenset({"ASSAULT", "PROTEST"})


@dataclass
class Cluster:
    """Article events judged to report one real event."""

    members: list[URIRef]


@dataclass
class EventResolution:
    """Clusters of two or more, and the events kept apart as ambiguous (with their candidates)."""

    clusters: list[list[URIRef]] = field(default_factory=list)
    ambiguous: dict[URIRef, list[URIRef]] = field(default_factory=dict)
    pairs_compared: int = 0


class _Context:
    """Facts about events and places the compatibility test needs, computed once."""

    def __init__(self, data: Collected, actors: ActorResolution, classes: ClassInfo) -> None:
        self.data = data
        self.actors = actors
        self.classes = classes
        self._chain: dict[URIRef, tuple[URIRef, ...]] = {}
        self._member_chain: dict[URIRef, frozenset[URIRef]] = {}
        located: dict[URIRef, set[URIRef]] = defaultdict(set)
        member: dict[URIRef, set[URIRef]] = defaultdict(set)
        for iri, record in data.entities.items():
            canon = actors.of(iri)
            located[canon].update(actors.of(p) for p in record.located_in)
            member[canon].update(actors.of(p) for p in record.member_of)
        self.located = located
        self.member = member
        self.categories = {
            actors.of(iri) for iri, record in data.entities.items() if CF.ActorCategory in record.types
        }
        self.code: dict[URIRef, str | None] = {}
        self.place: dict[URIRef, URIRef | None] = {}
        self.role_sets: dict[URIRef, dict[URIRef, frozenset[URIRef]]] = {}
        self.window: dict[URIRef, tuple[dt.date, dt.date] | None] = {}
        for iri, event in data.events.items():
            self.code[iri] = self._event_code(event)
            self.place[iri] = actors.of(event.place) if isinstance(event.place, URIRef) else None
            self.role_sets[iri] = {
                prop: frozenset(actors.of(a) for a in values if isinstance(a, URIRef))
                for prop, values in event.roles.items()
            }
            self.window[iri] = event.window()

    def _event_code(self, event: EventRecord) -> str | None:
        codes = {self.classes.plover_code(cls) for cls in event.types}
        codes.discard(None)
        return min(codes) if len(codes) == 1 else None  # type: ignore[type-var]

    def chain(self, place: URIRef) -> tuple[URIRef, ...]:
        """Enclosing places, nearest first (breadth-first over cf:locatedIn, cycles ignored)."""
        cached = self._chain.get(place)
        if cached is not None:
            return cached
        seen: list[URIRef] = []
        todo = sorted(self.located.get(place, ()))
        while todo:
            parent = todo.pop(0)
            if parent != place and parent not in seen:
                seen.append(parent)
                todo.extend(sorted(self.located.get(parent, ())))
        self._chain[place] = tuple(seen)
        return self._chain[place]

    def root(self, place: URIRef | None) -> URIRef | None:
        if place is None:
            return None
        chain = self.chain(place)
        return chain[-1] if chain else place

    def members_of(self, actor: URIRef) -> frozenset[URIRef]:
        cached = self._member_chain.get(actor)
        if cached is None:
            seen: set[URIRef] = set()
            todo = list(self.member.get(actor, ()))
            while todo:
                parent = todo.pop()
                if parent not in seen:
                    seen.add(parent)
                    todo.extend(self.member.get(parent, ()))
            cached = self._member_chain[actor] = frozenset(seen)
        return cached

    def related(self, a: URIRef, b: URIRef) -> bool:
        """Same actor, one a member of the other, or either a loose category ("pro-Iran groups")."""
        return (
            a == b
            or a in self.categories
            or b in self.categories
            or b in self.members_of(a)
            or a in self.members_of(b)
        )

    def actors_of(self, iri: URIRef) -> frozenset[URIRef]:
        """The actors of an event in any role but reporter (computed once per event)."""
        cache: dict[URIRef, frozenset[URIRef]] = self.__dict__.setdefault("_actors_cache", {})
        cached = cache.get(iri)
        if cached is None:
            roles = self.role_sets[iri]
            reporter = CF.reporter
            cached = cache[iri] = frozenset().union(*(v for k, v in roles.items() if k != reporter))
        return cached

    def compatible(self, a: URIRef, b: URIRef) -> bool:
        """True when two article events may report the same real event."""
        ea, eb = self.data.events[a], self.data.events[b]
        if self.code[a] is None or self.code[a] != self.code[b]:
            return False
        if ea.sources & eb.sources:
            return False
        wa, wb = self.window[a], self.window[b]
        if wa is None or wb is None or wa[0] > wb[1] or wb[0] > wa[1]:
            return False
        shared_actor = bool(self.actors_of(a) & self.actors_of(b))
        if self.code[a] not in PLACE_IDENTIFIED_CODES and not shared_actor:
            return False
        pa, pb = self.place[a], self.place[b]
        if pa is not None and pb is not None:
            if pa != pb and pa not in self.chain(pb) and pb not in self.chain(pa):
                return False
        elif not shared_actor:
            return False
        if (ea.fallback or eb.fallback) and not (shared_actor or (pa is not None and pa == pb)):
            return False  # a fallback date says nothing about the day: ask for another anchor
        for role in CONTRADICTING_ROLES:
            ra, rb = self.role_sets[a].get(role), self.role_sets[b].get(role)
            if ra and rb and not any(self.related(x, y) for x in ra for y in rb):
                return False
        return True

    def score(self, a: URIRef, b: URIRef) -> int:
        """How alike two compatible events are: the order in which pairs are merged."""
        ea, eb = self.data.events[a], self.data.events[b]
        points = 0
        if ea.precision_rank() == 0 and eb.precision_rank() == 0 and self.window[a] == self.window[b]:
            points += 4
        if self.place[a] is not None and self.place[a] == self.place[b]:
            points += 3
        if ea.types == eb.types:
            points += 2
        return points + len(self.actors_of(a) & self.actors_of(b))


def _blocks(ctx: _Context) -> dict[tuple[str, Node | None, URIRef | None], list[URIRef]]:
    """Events grouped by PLOVER code and country; events without a place, by each actor they name."""
    blocks: dict[tuple[str, Node | None, URIRef | None], list[URIRef]] = defaultdict(list)
    for iri in ctx.data.events:
        code = ctx.code[iri]
        if code is None or ctx.window[iri] is None:
            continue
        place = ctx.place[iri]
        if place is not None:
            blocks[(code, ctx.root(place), None)].append(iri)
        # every event also meets place-less events through the actors it names
        for actor in ctx.actors_of(iri):
            blocks[(code, None, actor)].append(iri)
    return blocks


def _candidate_pairs(ctx: _Context) -> Iterable[tuple[URIRef, URIRef]]:
    """Pairs whose date windows overlap, within each block (a sweep in date order)."""
    for (_code, _root, actor), members in _blocks(ctx).items():
        if actor is not None and all(ctx.place[m] is not None for m in members):
            continue  # actor blocks only matter for events without a place
        ordered = sorted(members, key=lambda m: (ctx.window[m][0], m))  # type: ignore[index]
        active: list[URIRef] = []
        for iri in ordered:
            start, _end = ctx.window[iri]  # type: ignore[misc]
            active = [m for m in active if ctx.window[m][1] >= start]  # type: ignore[index]
            for other in active:
                if actor is not None and ctx.place[iri] is not None and ctx.place[other] is not None:
                    continue
                yield (other, iri) if other < iri else (iri, other)
            active.append(iri)


def resolve_events(
    data: Collected, actors: ActorResolution, *, classes: ClassInfo, context: _Context | None = None
) -> EventResolution:
    """Cluster the article events that report the same real event."""
    ctx = context or _Context(data, actors, classes)
    result = EventResolution()
    partners: dict[URIRef, set[URIRef]] = defaultdict(set)
    scored: list[tuple[int, URIRef, URIRef]] = []
    for a, b in set(_candidate_pairs(ctx)):
        result.pairs_compared += 1
        if ctx.compatible(a, b):
            partners[a].add(b)
            partners[b].add(a)
            scored.append((ctx.score(a, b), a, b))

    ambiguous: set[URIRef] = set()
    for iri, others in partners.items():
        ordered = sorted(others)
        # each partner's score and vagueness once, not once per pair of partners
        vaguer = [p for p in ordered if _vaguer_or_equal(data.events[iri], data.events[p], ctx)]
        points = {p: ctx.score(iri, p) for p in vaguer}
        clash = [
            (p, q)
            for i, p in enumerate(vaguer)
            for q in vaguer[i + 1 :]
            if points[p] == points[q] and q not in partners.get(p, ())
        ]
        if clash:
            ambiguous.add(iri)
            result.ambiguous[iri] = sorted({x for pair in clash for x in pair})

    cluster_of: dict[URIRef, list[URIRef]] = {}
    for _score, a, b in sorted(scored, key=lambda item: (-item[0], item[1], item[2])):
        if a in ambiguous or b in ambiguous:
            continue
        left, right = cluster_of.get(a, [a]), cluster_of.get(b, [b])
        if left is right:
            continue
        if all(y in partners[x] for x in left for y in right):
            merged = sorted(left + right)
            for member in merged:
                cluster_of[member] = merged
    seen: set[int] = set()
    for members in cluster_of.values():
        if id(members) not in seen:
            seen.add(id(members))
            result.clusters.append(members)
    result.clusters.sort()
    return result


def _vaguer_or_equal(event: EventRecord, other: EventRecord, ctx: _Context) -> bool:
    """True when ``event`` says no more than ``other`` about date and place."""
    if event.precision_rank() < other.precision_rank():
        return False
    place, other_place = ctx.place[event.iri], ctx.place[other.iri]
    if place is None or other_place is None:
        return place is None
    return place == other_place or place in ctx.chain(other_place)
