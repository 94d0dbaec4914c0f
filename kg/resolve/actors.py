"""Entity resolution for actors and places: which individuals are one real thing, and why.

Candidate pairs come only from shared keys (normalised names, acronyms, surnames), so the work
stays near-linear. Gazetteer entries are curated and never merged with each other; a name found
in text joins at most one gazetteer entry. Every accepted link is a ``Decision`` naming its rule;
near-misses (ambiguous surnames, two people with one surname, a place and a person with one name)
are decisions too, kept apart with the reason.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from kg.namespace import CF
from kg.resolve.collect import EntityRecord
from kg.resolve.normalise import (
    STEPS,
    acronym,
    is_acronym,
    name_keys,
    person_tokens,
    usable_key,
)
from kg.resolve.terms import ClassInfo

#: Rule strength: lower wins when a pair agrees under several rules (and is processed first).
RULE_ORDER: dict[str, int] = {
    **{step.rule: i for i, step in enumerate(STEPS)},
    "first-and-last-name": len(STEPS),
    "acronym": len(STEPS) + 1,
    "surname": len(STEPS) + 2,
}

#: Largest key bucket paired all-against-all; larger buckets are chained in IRI order.
MAX_BUCKET = 64

_FAMILY_ROOTS: tuple[tuple[str, URIRef], ...] = (
    ("person", CF.Person),
    ("organisation", CF.Organization),
    ("organisation", CF.ActorCategory),
    ("organisation", CF.MediaOrganization),
    ("place", CF.Place),
)


@dataclass(frozen=True, slots=True)
class Decision:
    """A merge or a near-miss kept apart: the entities, the rule (or reason) and the names compared."""

    kind: str  # "merge" or "kept-apart"
    entities: tuple[URIRef, ...]
    rule: str
    names: tuple[str, ...]


@dataclass
class ActorResolution:
    """The outcome: each merged entity's canonical IRI, and every decision."""

    canonical: dict[URIRef, URIRef] = field(default_factory=dict)
    merges: list[Decision] = field(default_factory=list)
    kept_apart: list[Decision] = field(default_factory=list)

    def of(self, iri: URIRef) -> URIRef:
        return self.canonical.get(iri, iri)


def families(record: EntityRecord, classes: ClassInfo) -> frozenset[str]:
    """'person', 'organisation', 'place' (a state that is also a country is both of the last two)."""
    found = set()
    for cls in record.types:
        for family, root in _FAMILY_ROOTS:
            if classes.is_a(cls, root):
                found.add(family)
        if cls == CF.Actor:
            found.update({"person", "organisation"})
    return frozenset(found)


def _compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


class _Clusters:
    """Union-find that keeps per-cluster facts needed to refuse bad unions."""

    def __init__(self, records: dict[URIRef, EntityRecord], fams: dict[URIRef, frozenset[str]]) -> None:
        self.parent: dict[URIRef, URIRef] = {}
        self.members: dict[URIRef, list[URIRef]] = {}
        self.records = records
        self.fams = fams

    def find(self, iri: URIRef) -> URIRef:
        root = iri
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(iri, iri) != root:
            self.parent[iri], iri = root, self.parent[iri]
        return root

    def cluster(self, iri: URIRef) -> list[URIRef]:
        return self.members.get(self.find(iri), [iri])

    def why_not(self, a: URIRef, b: URIRef) -> str | None:
        """The reason two clusters must stay apart, or None."""
        left, right = self.cluster(a), self.cluster(b)
        if sum(self.records[m].in_gazetteer for m in left + right) > 1:
            return "two-gazetteer-entries"
        fam_left = frozenset().union(*(self.fams[m] for m in left))
        fam_right = frozenset().union(*(self.fams[m] for m in right))
        if not _compatible(fam_left, fam_right):
            return "different-types"
        if _first_names(left, self.records) and _first_names(right, self.records):
            firsts = _first_names(left, self.records) | _first_names(right, self.records)
            if len(firsts) > 1:
                return "different-first-names"
        return None

    def union(self, a: URIRef, b: URIRef) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, drop = sorted((ra, rb))
        self.parent[drop] = keep
        self.members[keep] = sorted(self.members.pop(keep, [keep]) + self.members.pop(drop, [drop]))


def _first_names(members: Iterable[URIRef], records: dict[URIRef, EntityRecord]) -> set[str]:
    """First-name keys of the persons among ``members`` (organisations have none)."""
    firsts = set()
    for iri in members:
        if CF.Person not in records[iri].types:
            continue
        for name in records[iri].names:
            tokens = person_tokens(name)
            if len(tokens) >= 2:
                firsts.add(tokens[0])
    return firsts


def _pairs(bucket: list[URIRef]) -> Iterable[tuple[URIRef, URIRef]]:
    members = sorted(set(bucket))
    if len(members) <= MAX_BUCKET:
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                yield a, b
    else:
        yield from itertools.pairwise(members)


def resolve_entities(entities: dict[URIRef, EntityRecord], *, classes: ClassInfo) -> ActorResolution:
    """Cluster actors and places; return canonical IRIs and the decisions that explain them."""
    records = {iri: rec for iri, rec in entities.items() if rec.names}
    fams = {iri: families(rec, classes) for iri, rec in records.items()}
    is_person = {iri: any(classes.is_a(t, CF.Person) for t in rec.types) for iri, rec in records.items()}

    # 1. candidate pairs from shared keys; the first step at which they agree names the rule
    candidates: dict[tuple[URIRef, URIRef], tuple[int, str, tuple[str, str]]] = {}

    def offer(a: URIRef, b: URIRef, rule: str, names: tuple[str, str]) -> None:
        if a == b:
            return
        pair, pair_names = ((a, b), names) if a < b else ((b, a), (names[1], names[0]))
        rank = RULE_ORDER[rule]
        if pair not in candidates or rank < candidates[pair][0]:
            candidates[pair] = (rank, rule, pair_names)

    buckets: dict[tuple[int, str], list[tuple[URIRef, str]]] = defaultdict(list)
    surnames: dict[str, list[tuple[URIRef, str]]] = defaultdict(list)
    first_last: dict[tuple[str, str], list[tuple[URIRef, str]]] = defaultdict(list)
    long_forms: dict[str, list[tuple[URIRef, str]]] = defaultdict(list)
    for iri, rec in records.items():
        for name in rec.names:
            for step_index, key in enumerate(name_keys(name, person=is_person[iri])):
                if usable_key(key):
                    buckets[(step_index, key)].append((iri, name))
            if is_person[iri]:
                tokens = person_tokens(name)
                if len(tokens) >= 2:
                    surnames[tokens[-1]].append((iri, name))
                    first_last[(tokens[0], tokens[-1])].append((iri, name))
            elif not is_acronym(name):
                short = acronym(name)
                if short:
                    long_forms[short].append((iri, name))

    for (step_index, _key), bucket in sorted(buckets.items()):
        names = dict(bucket)
        for a, b in _pairs([iri for iri, _ in bucket]):
            offer(a, b, STEPS[step_index].rule, (names[a], names[b]))
    for bucket in first_last.values():
        names = dict(bucket)
        for a, b in _pairs([iri for iri, _ in bucket]):
            offer(a, b, "first-and-last-name", (names[a], names[b]))

    kept: dict[tuple[URIRef, ...], Decision] = {}

    def keep_apart(a: URIRef, b: URIRef, reason: str, names: tuple[str, str]) -> None:
        if records[a].in_gazetteer and records[b].in_gazetteer:
            return  # curated entries are distinct on purpose: not a near-miss worth reporting
        pair, pair_names = ((a, b), names) if a < b else ((b, a), (names[1], names[0]))
        kept.setdefault(pair, Decision("kept-apart", pair, reason, pair_names))

    # acronyms ("ISIL" <-> "Islamic State of Iraq and the Levant") and surnames ("Kadhimi")
    for iri, rec in sorted(records.items()):
        if is_person[iri]:
            for name in rec.names:
                tokens = person_tokens(name)
                if len(tokens) != 1 or any(len(person_tokens(n)) >= 2 for n in rec.names):
                    continue
                targets = sorted({t for t, _ in surnames.get(tokens[0], []) if t != iri})
                surname_holders = {t: n for t, n in surnames.get(tokens[0], []) if t != iri}
                one_person = len(_first_names(targets, records)) <= 1
                for target in targets:
                    if one_person:
                        offer(iri, target, "surname", (name, surname_holders[target]))
                    else:
                        keep_apart(iri, target, "ambiguous-surname", (name, surname_holders[target]))
        else:
            own_acronyms = {acronym(n) for n in rec.names if not is_acronym(n)}
            for name in rec.names:
                if not is_acronym(name) or name.lower() in own_acronyms:
                    continue  # "ISF" of the Iraqi Security Forces is explained by its own long name
                holders = {t: n for t, n in long_forms.get(name.lower(), []) if t != iri}
                targets = sorted(holders)
                if len(targets) == 1:
                    offer(iri, targets[0], "acronym", (name, holders[targets[0]]))
                for target in targets if len(targets) > 1 else []:
                    keep_apart(iri, target, "ambiguous-acronym", (name, holders[target]))

    # two full names sharing a surname but not a first name: the classic near-miss
    for bucket in surnames.values():
        names = dict(bucket)
        for a, b in _pairs([iri for iri, _ in bucket]):
            if (a, b) not in candidates and _first_names([a], records) != _first_names([b], records):
                keep_apart(a, b, "different-first-names", (names[a], names[b]))

    # 2. accept candidates strongest first, refusing unions the evidence contradicts
    clusters = _Clusters(records, fams)
    resolution = ActorResolution()
    for (a, b), (_rank, rule, compared) in sorted(candidates.items(), key=lambda item: (item[1][0], item[0])):
        if records[a].in_gazetteer and records[b].in_gazetteer:
            continue
        if clusters.find(a) == clusters.find(b):
            continue
        reason = clusters.why_not(a, b)
        if reason is not None:
            keep_apart(a, b, reason, compared)
            continue
        clusters.union(a, b)
        resolution.merges.append(Decision("merge", (a, b), rule, compared))

    # 3. canonical member: the gazetteer entry, else the most reported, longest-named, smallest IRI
    for root, members in clusters.members.items():
        if clusters.find(root) != root:
            continue
        best = min(
            members,
            key=lambda m: (
                not records[m].in_gazetteer,
                -len(records[m].articles),
                -len(records[m].label),
                str(m),
            ),
        )
        for member in members:
            if member != best:
                resolution.canonical[member] = best
    merged = {frozenset(d.entities) for d in resolution.merges}
    resolution.kept_apart = sorted(
        (d for d in kept.values() if frozenset(d.entities) not in merged and not _same(d, resolution)),
        key=lambda d: (d.entities, d.rule),
    )
    return resolution


def _same(decision: Decision, resolution: ActorResolution) -> bool:
    a, b = decision.entities
    return resolution.of(a) == resolution.of(b)
