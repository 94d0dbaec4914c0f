"""Within one article, mentions of the same event become one event.

Mentions are taken in order; each joins the most recent earlier event it is compatible with (same
PLOVER family, compatible dates, compatible places (one inside the other), classes on one branch or,
for attacks, the same place), or starts a new one. Anaphoric mentions ("the attack", "It was ...")
without a date or place of their own join the latest event of their family; carrier mentions (only
allegations or numbers) join the latest attack. Conflicting classes stay on the mentions; the event
takes the most specific class the most authoritative mention reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef

from kg.namespace import CF
from kg.nlp.frames import MentionFrame, compatible_classes, resolve_after, specificity
from kg.nlp.linking import Linker, PlaceRef
from kg.ontology import is_subclass

PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


@dataclass
class EventCluster:
    mentions: list[MentionFrame] = field(default_factory=list)
    cls: URIRef = CF.Event
    conflicting: bool = False
    date: Any | None = None  # DateValue
    date_mention: MentionFrame | None = None
    place: PlaceRef | None = None

    @property
    def family(self) -> str:
        real = [m for m in self.mentions if not m.carrier]
        return (real or self.mentions)[0].family

    @property
    def first(self) -> MentionFrame:
        return self.mentions[0]


def _interval(value: Any) -> tuple[dt.date, dt.date]:
    return value.earliest, value.latest


def dates_compatible(a: Any | None, b: Any | None) -> bool:
    if a is None or b is None:
        return True
    (a0, a1), (b0, b1) = _interval(a), _interval(b)
    return a0 <= b1 and b0 <= a1


def places_compatible(a: PlaceRef | None, b: PlaceRef | None, linker: Linker) -> bool:
    """Same place, one inside the other, or one of them unknown to the gazetteer (so its
    containment cannot be told)."""
    if a is None or b is None or a.iri == b.iri:
        return True
    if a.new or b.new:
        return not (a.new and b.new)
    return b.iri in linker.chain(a.iri) or a.iri in linker.chain(b.iri)


def more_specific_place(a: PlaceRef | None, b: PlaceRef | None, linker: Linker) -> PlaceRef | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.new and not b.new:
        return b
    if a.iri in linker.chain(b.iri) and a.iri != b.iri:
        return b
    return a


def participants(frame: MentionFrame) -> set[URIRef]:
    return {r.actor.iri for r in frame.roles if r.role in ("participant", "perpetrator")}


def compatible(cluster: EventCluster, frame: MentionFrame, linker: Linker) -> bool:
    if frame.carrier:
        return cluster.family == "ASSAULT"
    if cluster.family != frame.family:
        return False
    if not dates_compatible(cluster.date, frame.date):
        return False
    if not places_compatible(cluster.place, frame.place, linker):
        return False
    if frame.family == "CONSULT":
        a, b = participants(frame), set().union(*(participants(m) for m in cluster.mentions))
        if a and b and not (a <= b or b <= a):
            return False  # talks with someone else are another meeting
    if any(m.sent.start == frame.sent.start for m in cluster.mentions if not m.carrier):
        return False  # the sentence's reports were split on purpose ("in retaliation for ...")
    if frame.anaphoric:
        return True
    real = [m for m in cluster.mentions if not m.carrier]
    if (
        real
        and not any(compatible_classes(m.cls, frame.cls) for m in real)
        and (frame.place is None or cluster.place is None)
    ):
        return False  # "rocket attack" vs "airstrike": the same event only where both name the place
    if frame.family == "ASSAULT":
        # two reports of one attack share a place, or the later one gives none
        return (
            frame.place is None
            or cluster.place is None
            or places_compatible(cluster.place, frame.place, linker)
        )
    return True


def cluster_mentions(
    frames: list[MentionFrame], *, linker: Linker, publication_date: dt.date | None
) -> list[EventCluster]:
    """Group mention frames into events, in order of first mention."""
    clusters: list[EventCluster] = []
    for frame in frames:
        target = None
        for cluster in reversed(clusters):
            if compatible(cluster, frame, linker):
                target = cluster
                break
        if target is None:
            if frame.carrier:
                continue  # nothing to carry to
            target = EventCluster()
            clusters.append(target)
        _add(target, frame, linker, clusters, publication_date)
    _discourse_dates(clusters)
    for cluster in clusters:
        _settle_class(cluster)
    return clusters


def _add(
    cluster: EventCluster,
    frame: MentionFrame,
    linker: Linker,
    clusters: list[EventCluster],
    publication_date: dt.date | None,
) -> None:
    cluster.mentions.append(frame)
    _update_date(cluster, frame)
    cluster.place = more_specific_place(cluster.place, frame.place, linker)


def _update_date(cluster: EventCluster, frame: MentionFrame) -> None:
    if frame.date is not None and (
        cluster.date is None
        or PRECISION_RANK.get(frame.date.precision, 0) > PRECISION_RANK.get(cluster.date.precision, 0)
    ):
        cluster.date = frame.date
        cluster.date_mention = frame


def _discourse_dates(clusters: list[EventCluster]) -> None:
    """ "days before X met ... on Monday": the meeting's Monday is after the event the main clause
    is about (the latest other event mentioned up to that sentence)."""
    owner = {id(m): c for c in clusters for m in c.mentions}
    ordered = sorted((m for c in clusters for m in c.mentions), key=lambda m: (m.sent.start, m.n))
    for cluster in clusters:
        for frame in cluster.mentions:
            if not frame.after_previous or frame.date is None or frame.timex is None:
                continue
            before = [m for m in ordered if owner[id(m)] is not cluster and not m.carrier and m.n < frame.n]
            if not before:
                continue
            ref = owner[id(before[-1])].date
            if ref is None or frame.date.date >= ref.date:
                continue
            frame.date = resolve_after(frame.date, frame.timex, ref.date)
            if cluster.date_mention is frame:
                cluster.date = frame.date


def _settle_class(cluster: EventCluster) -> None:
    real = [m for m in cluster.mentions if not m.carrier]
    if not real:
        cluster.cls = CF.Attack
        return
    best = max(m.authority for m in real)
    cls = None
    for m in real:
        if m.authority != best:
            continue
        if cls is None or specificity(m.cls) > specificity(cls):
            cls = m.cls
    assert cls is not None
    # an unspecific authoritative report does not erase a specific one on the same branch
    for m in real:
        if is_subclass(m.cls, cls) and m.cls != cls:
            cls = m.cls
    cluster.cls = cls
    classes = {m.cls for m in real}
    cluster.conflicting = any(not compatible_classes(a, b) for a in classes for b in classes)
