"""The gazetteer: known actors and places with their labels, aliases, types and coordinates.

It is read from every ``*.ttl`` file in ``ontology/gazetteer/``, then from the files and folders
named by the environment variable ``KG_GAZETTEER`` (``os.pathsep``-separated), then from the
``extra`` paths given to :func:`load_gazetteer`. A user extends it by dropping a Turtle file
into one of those folders (see ``ontology/README.md``). Loaded into a store it is the named graph
``cfg:gazetteer``.

>>> from kg.namespace import CFR
>>> gaz = load_gazetteer()
>>> entry = gaz.get(CFR["place/ain-al-asad-air-base"])
>>> entry.label, entry.kind, "Ain al-Assad" in entry.aliases
('Ain al-Asad air base', 'place', True)
>>> [iri.rsplit("/", 1)[-1] for iri in gaz.chain(entry.iri)]
['anbar', 'iraq']
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.errors import OntologyError
from kg.namespace import CF, WGS, as_uri, local_name
from kg.ontology import actor_classes, place_classes
from kg.resources import ontology_dir, read_turtle

__all__ = [
    "ENV_VAR",
    "Gazetteer",
    "GazetteerEntry",
    "gazetteer_files",
    "load_gazetteer",
]

#: environment variable naming extra gazetteer files or folders, ``os.pathsep``-separated
ENV_VAR = "KG_GAZETTEER"

Kind = TypingLiteral["actor", "place"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One known actor or place.

    ``kind`` is ``"place"`` for anything typed with a place class (a state is also a country, so
    ``cfr:place/iraq`` is a place with ``is_actor`` true) and ``"actor"`` otherwise. ``aliases``
    holds every ``skos:altLabel`` (sorted, the label itself excluded); a spaCy entity ruler should
    use ``names`` (the label first, then the aliases).
    """

    iri: URIRef
    label: str
    aliases: tuple[str, ...]
    types: frozenset[URIRef]
    kind: Kind
    lat: float | None = None
    lon: float | None = None
    located_in: URIRef | None = None
    stands_for: URIRef | None = None
    country: URIRef | None = None
    is_actor: bool = False
    wikidata: str | None = None
    geonames: str | None = None
    websites: tuple[str, ...] = ()
    member_of: tuple[URIRef, ...] = field(default=())

    @property
    def names(self) -> tuple[str, ...]:
        """The label followed by the aliases: every string that names this entry."""
        return (self.label, *self.aliases)


class Gazetteer:
    """The gazetteer graph and its entries, with lookups by IRI and by name."""

    def __init__(
        self, graph: Graph, entries: Iterable[GazetteerEntry], *, files: Sequence[Path] = ()
    ) -> None:
        self.graph = graph
        self.entries: list[GazetteerEntry] = sorted(entries, key=lambda e: str(e.iri))
        self.files: tuple[Path, ...] = tuple(files)
        self._by_iri = {e.iri: e for e in self.entries}
        by_name: dict[str, list[GazetteerEntry]] = {}
        for entry in self.entries:
            for name in entry.names:
                bucket = by_name.setdefault(name.casefold(), [])
                if entry not in bucket:
                    bucket.append(entry)
        self._by_name = by_name
        self._sides: dict[URIRef, frozenset[URIRef]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, iri: object) -> bool:
        return iri in self._by_iri

    def get(self, iri: URIRef | str) -> GazetteerEntry | None:
        """The entry with this IRI, or None."""
        return self._by_iri.get(as_uri(iri))

    def find(self, name: str) -> list[GazetteerEntry]:
        """Entries whose label or an alias equals ``name`` (case-insensitive).

        >>> [e.iri.rsplit("/", 1)[-1] for e in load_gazetteer().find("Daesh")]
        ['isil']
        """
        return list(self._by_name.get(name.strip().casefold(), ()))

    def chain(self, iri: URIRef | str) -> list[URIRef]:
        """The places enclosing ``iri`` via ``cf:locatedIn``, nearest first, up to the country."""
        out: list[URIRef] = []
        entry = self.get(iri)
        while entry is not None and entry.located_in is not None and entry.located_in not in out:
            out.append(entry.located_in)
            entry = self.get(entry.located_in)
        return out

    def country_of(self, iri: URIRef | str) -> URIRef | None:
        """The country a place lies in (itself for a country) or an actor belongs to (``cf:country``).

        >>> from kg.namespace import CFR
        >>> str(load_gazetteer().country_of(CFR["place/erbil"]))
        'https://w3id.org/conflict-kg/resource/place/iraq'
        """
        entry = self.get(iri)
        if entry is None:
            return None
        for candidate in (entry.iri, *self.chain(entry.iri)):
            found = self.get(candidate)
            if found is not None and CF.Country in found.types:
                return candidate
        return entry.country

    def stands_for(self, iri: URIRef | str) -> URIRef | None:
        """The actor a place or office stands for when it acts (Washington -> US government)."""
        entry = self.get(iri)
        return entry.stands_for if entry is not None else None

    def sides(self, iri: URIRef | str) -> frozenset[URIRef]:
        """The actor and those it acts for: the groups it is a member of, the state or body whose
        office it ever held, and what each of those stands for. Two perpetrators on one side (Joe
        Biden and the United States) do not contradict each other.

        >>> from kg.namespace import CFR
        >>> CFR["place/united-states"] in load_gazetteer().sides(CFR["actor/joe-biden"])
        True
        """
        iri = URIRef(iri)
        cached = self._sides.get(iri)
        if cached is not None:
            return cached
        out: set[URIRef] = {iri}
        entry = self.get(iri)
        if entry is not None:
            out.update(entry.member_of)
        for tenure in self.graph.subjects(CF.holder, iri):
            position = self.graph.value(tenure, CF.position)
            body = self.graph.value(position, CF.positionOf) if position is not None else None
            if isinstance(body, URIRef):
                out.add(body)
                found = self.get(body)
                if found is not None:
                    out.update(found.member_of)
        out.update(s for x in list(out) if (s := self.stands_for(x)) is not None)
        result = frozenset(out)
        self._sides[iri] = result
        return result

    def holders(self, position: URIRef | str, on: dt.date | None = None) -> list[URIRef]:
        """People who held ``position`` (a ``cfr:position/...`` IRI), on the date ``on`` if given.

        Tenures without an end date count as current; tenures without dates match only when
        ``on`` is None.

        >>> from kg.namespace import CFR
        >>> pm = CFR["position/prime-minister-of-iraq"]
        >>> [p.rsplit("/", 1)[-1] for p in load_gazetteer().holders(pm, dt.date(2021, 3, 1))]
        ['mustafa-al-kadhimi']
        """
        found: list[URIRef] = []
        for tenure in self.graph.subjects(CF.position, URIRef(position)):
            holder = self.graph.value(tenure, CF.holder)
            if not isinstance(holder, URIRef) or holder in found:
                continue
            if on is not None:
                start, end = self.graph.value(tenure, CF.startDate), self.graph.value(tenure, CF.endDate)
                start_date = start.toPython() if isinstance(start, Literal) else None
                end_date = end.toPython() if isinstance(end, Literal) else None
                if not isinstance(start_date, dt.date):
                    continue
                if on < start_date or (isinstance(end_date, dt.date) and on >= end_date):
                    continue
            found.append(holder)
        return sorted(found)

    def actors(self) -> list[GazetteerEntry]:
        """Entries that can act: actors, and states (which are places too)."""
        return [e for e in self.entries if e.is_actor]

    def places(self) -> list[GazetteerEntry]:
        """Entries of kind ``"place"``."""
        return [e for e in self.entries if e.kind == "place"]


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(path.glob("*.ttl"))
    if path.is_file():
        return [path]
    raise OntologyError(
        f"gazetteer path does not exist; expected a .ttl file or a folder of them (from {ENV_VAR})",
        path=path,
    )


def gazetteer_files(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The gazetteer files in load order: the shipped ones, those in ``KG_GAZETTEER``, then ``extra``."""
    files = _expand(ontology_dir() / "gazetteer")
    env = os.environ.get(ENV_VAR, "")
    for part in [p for p in env.split(os.pathsep) if p.strip()]:
        files.extend(_expand(Path(part).expanduser()))
    for item in extra:
        files.extend(_expand(Path(item).expanduser()))
    unique: list[Path] = []
    for path in files:
        if path.resolve() not in {p.resolve() for p in unique}:
            unique.append(path)
    return unique


def _float(value: object) -> float | None:
    if isinstance(value, Literal):
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    return None


def _string(value: object) -> str | None:
    return str(value) if isinstance(value, Literal) else None


def _entries(graph: Graph) -> list[GazetteerEntry]:
    actor_set = set(actor_classes())
    place_set = set(place_classes())
    entries: list[GazetteerEntry] = []
    subjects = {s for s, o in graph.subject_objects(RDF.type) if o in actor_set or o in place_set}
    for iri in sorted(s for s in subjects if isinstance(s, URIRef)):
        types = frozenset(o for o in graph.objects(iri, RDF.type) if isinstance(o, URIRef))
        labels = sorted(str(x) for x in graph.objects(iri, RDFS.label))
        label = labels[0] if labels else local_name(iri)
        aliases = sorted(
            {str(x) for x in graph.objects(iri, SKOS.altLabel)} | set(labels[1:]),
            key=lambda s: (s.casefold(), s),
        )
        is_place = bool(types & place_set)
        located_in = graph.value(iri, CF.locatedIn)
        stands_for = graph.value(iri, CF.standsFor)
        country = graph.value(iri, CF.country)
        entries.append(
            GazetteerEntry(
                iri=iri,
                label=label,
                aliases=tuple(a for a in aliases if a != label),
                types=types,
                kind="place" if is_place else "actor",
                lat=_float(graph.value(iri, WGS.lat)),
                lon=_float(graph.value(iri, WGS.long)),
                located_in=located_in if isinstance(located_in, URIRef) else None,
                stands_for=stands_for if isinstance(stands_for, URIRef) else None,
                country=country if isinstance(country, URIRef) else None,
                is_actor=bool(types & actor_set),
                wikidata=_string(graph.value(iri, CF.wikidata)),
                geonames=_string(graph.value(iri, CF.geonames)),
                websites=tuple(sorted(str(x) for x in graph.objects(iri, CF.website))),
                member_of=tuple(sorted(o for o in graph.objects(iri, CF.memberOf) if isinstance(o, URIRef))),
            )
        )
    return entries


@functools.lru_cache(maxsize=8)
def _load(files: tuple[Path, ...]) -> Gazetteer:
    graph = read_turtle(files, what="the gazetteer file")
    return Gazetteer(graph, _entries(graph), files=files)


def load_gazetteer(extra: Sequence[Path | str] = ()) -> Gazetteer:
    """Load the gazetteer (cached per list of files; treat the result as read-only).

    ``extra`` adds Turtle files or folders of them after the shipped files and ``KG_GAZETTEER``.
    A file that does not parse raises :class:`kg.errors.OntologyError` naming it.

    >>> len(load_gazetteer()) > 100
    True
    """
    return _load(tuple(gazetteer_files(extra)))
