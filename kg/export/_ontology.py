"""What the exporters need to know about the ontology: class kinds, PLOVER codes, ACLED types.

The class hierarchy and annotations come from ``kg.ontology`` when it is available (the ontology
file is the one source of terms); until then, and as a safety net, from the table in
``docs/data-model.md`` reproduced here. ``kind_of`` only needs the top of the hierarchy.
"""

from __future__ import annotations

import functools
import re

from rdflib import Namespace, URIRef

CF = Namespace("https://w3id.org/conflict-kg/ontology#")
CF_PREFIX = str(CF)
ONTOLOGY_PREFIX = "https://w3id.org/conflict-kg/ontology"

#: class local name -> superclass local name (docs/data-model.md)
PARENTS: dict[str, str] = {
    # actors
    "Person": "Actor",
    "Organization": "Actor",
    "State": "Organization",
    "GovernmentOffice": "Organization",
    "ArmedForces": "Organization",
    "Coalition": "Organization",
    "NonStateArmedGroup": "Organization",
    "MediaOrganization": "Organization",
    "ActorCategory": "Actor",
    # places
    "Country": "Place",
    "AdminRegion": "Place",
    "Settlement": "Place",
    "Facility": "Place",
    "MilitaryBase": "Facility",
    "Airport": "Facility",
    "Building": "Facility",
    "EnergyFacility": "Facility",
    # events
    "Attack": "Event",
    "AirStrike": "Attack",
    "DroneStrike": "AirStrike",
    "RocketAttack": "Attack",
    "Shelling": "Attack",
    "MissileAttack": "Attack",
    "IEDAttack": "Attack",
    "SuicideBombing": "Attack",
    "ArmedClash": "Attack",
    "Shooting": "Attack",
    "Abduction": "Attack",
    "InterceptedAttack": "Attack",
    "Meeting": "Event",
    "Visit": "Meeting",
    "Threat": "Event",
    "Accusation": "Event",
    "Agreement": "Event",
    "Support": "Event",
    "Concession": "Event",
    "Cooperation": "Event",
    "Aid": "Event",
    "Withdrawal": "Event",
    "Request": "Event",
    "Rejection": "Event",
    "Protest": "Event",
    "Sanction": "Event",
    "Mobilization": "Event",
    "Arrest": "Event",
}

_PLOVER: dict[str, str] = {
    "Attack": "ASSAULT",
    "Meeting": "CONSULT",
    "Threat": "THREATEN",
    "Accusation": "ACCUSE",
    "Agreement": "AGREE",
    "Support": "SUPPORT",
    "Concession": "CONCEDE",
    "Cooperation": "COOPERATE",
    "Aid": "AID",
    "Withdrawal": "RETREAT",
    "Request": "REQUEST",
    "Rejection": "REJECT",
    "Protest": "PROTEST",
    "Sanction": "SANCTION",
    "Mobilization": "MOBILIZE",
    "Arrest": "COERCE",
}

_REMOTE = "Explosions/Remote violence"
_SHELLING = "Shelling/artillery/missile attack"
_ACLED: dict[str, tuple[str, str | None]] = {
    "Attack": (_REMOTE, None),
    "AirStrike": (_REMOTE, "Air/drone strike"),
    "RocketAttack": (_REMOTE, _SHELLING),
    "Shelling": (_REMOTE, _SHELLING),
    "MissileAttack": (_REMOTE, _SHELLING),
    "IEDAttack": (_REMOTE, "Remote explosive/landmine/IED"),
    "SuicideBombing": (_REMOTE, "Suicide bomb"),
    "ArmedClash": ("Battles", "Armed clash"),
    "Shooting": ("Violence against civilians", "Attack"),
    "Abduction": ("Violence against civilians", "Abduction/forced disappearance"),
    "InterceptedAttack": ("Strategic developments", "Disrupted weapons use"),
    "Agreement": ("Strategic developments", "Agreement"),
    "Withdrawal": ("Strategic developments", "Non-violent transfer of territory"),
    "Protest": ("Protests", "Peaceful protest"),
    "Mobilization": ("Strategic developments", "Headquarters or base established"),
    "Arrest": ("Strategic developments", "Arrests"),
}

#: top classes -> the ``kind`` the exporters give a node
KINDS: dict[str, str] = {"Actor": "actor", "Event": "event", "Place": "place", "NewsArticle": "article"}


def local_name(iri: object) -> str:
    """The part of an IRI after the last ``#`` or ``/``.

    >>> local_name("https://w3id.org/conflict-kg/ontology#DroneStrike")
    'DroneStrike'
    >>> local_name("https://w3id.org/conflict-kg/resource/place/erbil")
    'erbil'
    """
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]


def snake(name: str) -> str:
    """camelCase to snake_case, for attribute names.

    >>> snake("datePrecision"), snake("wasDerivedFrom"), snake("label")
    ('date_precision', 'was_derived_from', 'label')
    """
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def ancestors(cls: str) -> list[str]:
    """The class itself and its superclasses, nearest first (local names).

    >>> ancestors("DroneStrike")
    ['DroneStrike', 'AirStrike', 'Attack', 'Event']
    """
    chain = [cls]
    seen = {cls}
    while chain[-1] in PARENTS and PARENTS[chain[-1]] not in seen:
        chain.append(PARENTS[chain[-1]])
        seen.add(chain[-1])
    if len(chain) == 1 and cls not in KINDS:  # a class this table does not know: ask the ontology
        chain += [name for name in _ontology_superclasses(cls) if name not in seen]
    return chain


@functools.cache
def _ontology_superclasses(cls: str) -> tuple[str, ...]:
    try:
        from kg.ontology import superclasses

        found = superclasses(URIRef(CF_PREFIX + cls))
        return tuple(local_name(c) for c in found if str(c).startswith(CF_PREFIX))
    except Exception:  # no ontology available: the class stays unknown ("other")
        return ()


def is_a(cls: str, ancestor: str) -> bool:
    """Whether class ``cls`` (local name) is ``ancestor`` or below it.

    >>> is_a("Visit", "Meeting"), is_a("Threat", "Attack")
    (True, False)
    """
    return ancestor in ancestors(cls)


def kind_of(cls: str) -> str:
    """``actor``, ``event``, ``place``, ``article`` or ``other`` for a class local name.

    >>> kind_of("MilitaryBase"), kind_of("State"), kind_of("Evidence")
    ('place', 'actor', 'other')
    """
    for name in ancestors(cls):
        if name in KINDS:
            return KINDS[name]
    return "other"


@functools.cache
def _ontology_functions() -> tuple[object, object] | None:
    try:
        from kg.ontology import acled_types, plover_code
    except Exception:  # not written yet, or the ontology file is missing
        return None
    return plover_code, acled_types


def plover_code(cls: str) -> str | None:
    """The PLOVER category of an event class (local name), or None.

    >>> plover_code("DroneStrike"), plover_code("Visit"), plover_code("Person")
    ('ASSAULT', 'CONSULT', None)
    """
    found = _ontology_functions()
    if found is not None:
        try:
            code = found[0](URIRef(CF_PREFIX + cls))  # type: ignore[operator]
            if code:
                return str(code)
        except Exception:  # an unknown class: fall back to the table
            pass
    for name in ancestors(cls):
        if name in _PLOVER:
            return _PLOVER[name]
    return None


def acled_types(cls: str) -> tuple[str | None, str | None]:
    """ACLED (event type, sub-event type) of an event class, inherited from superclasses.

    >>> acled_types("DroneStrike")
    ('Explosions/Remote violence', 'Air/drone strike')
    >>> acled_types("Meeting")
    (None, None)
    """
    found = _ontology_functions()
    if found is not None:
        try:
            pair = found[1](URIRef(CF_PREFIX + cls))  # type: ignore[operator]
            if pair and any(pair):
                event_type, sub_type = pair
                return (str(event_type) if event_type else None, str(sub_type) if sub_type else None)
        except Exception:
            pass
    for name in ancestors(cls):
        if name in _ACLED:
            return _ACLED[name]
    return (None, None)
