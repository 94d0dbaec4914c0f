"""The project's namespaces: the closed ontology namespace ``CF`` and the open ones we use.

``CF`` lists every term of ``ontology/conflict.ttl`` and nothing else (``_fail = True``): using a
term the ontology lacks raises ``AttributeError`` at import time of the caller, and a test keeps the
two in step in both directions.

>>> CF.DroneStrike
rdflib.term.URIRef('https://w3id.org/conflict-kg/ontology#DroneStrike')
>>> CF.Dronestrike  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Dronestrike' not in namespace ...
"""

from __future__ import annotations

import functools
import re

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "CF",
    "CFG",
    "CFR",
    "GEO",
    "NIF",
    "OA",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "ROLE_TYPES",
    "SCHEMA",
    "SEM",
    "SKOS",
    "TIME",
    "WGS",
    "XSD",
    "as_uri",
    "bind_prefixes",
    "cf_term",
    "local_name",
]


class CF(DefinedNamespace):
    """The conflict ontology (``ontology/conflict.ttl``), closed: unknown terms raise."""

    _NS = Namespace("https://w3id.org/conflict-kg/ontology#")
    _fail = True

    # classes
    Abduction: URIRef  # Kidnapping or forced disappearance
    Accusation: URIRef  # An accusation, blame or condemnation of an actor
    Actor: URIRef  # Anyone who takes part in, causes, suffers or reports an event: a person, an organisati...
    ActorCategory: URIRef  # A loose umbrella for groups named collectively, not one organisation: "pro-Ira...
    AdminRegion: URIRef  # A province, governorate, district or autonomous region, e.g
    Agreement: URIRef  # An agreement, deal or ceasefire reached or signed
    Aid: URIRef  # Military, economic or humanitarian aid given
    AirStrike: URIRef  # An attack from the air by aircraft or drones
    Airport: URIRef  # A civil or dual-use airport, e.g
    ArmedClash: URIRef  # A fight between two armed, organised sides
    ArmedForces: URIRef  # The regular military or security forces of a state or region, e.g
    Arrest: URIRef  # An arrest or detention
    Attack: URIRef  # A use of armed force against a target, of unspecified kind
    Building: URIRef  # A building or compound, e.g
    Coalition: URIRef  # A formal alliance of states or forces acting together, e.g
    Concession: URIRef  # A concession: release of prisoners, easing of restrictions, yielding to a demand
    Cooperation: URIRef  # Joint operations, training, intelligence sharing
    Country: URIRef  # The territory of a sovereign state; the top of every located-in chain
    DatePrecision: URIRef  # How precisely an event's date is known: day, month or year
    DroneStrike: URIRef  # An attack by an armed or one-way attack ("kamikaze") drone
    EnergyFacility: URIRef  # An oil or gas field, refinery or pipeline station, e.g
    Event: URIRef  # Something that happened (or was reported to happen) at a time and place, with actors i...
    Evidence: URIRef  # A span of an article's text (usually a sentence) supporting a statement: its text a...
    Facility: URIRef  # A built site: base, airport, building, oil or gas field
    GovernmentOffice: URIRef  # A government, ministry, agency or office of a state, e.g
    IEDAttack: URIRef  # An attack with an improvised explosive device, roadside bomb or landmine, e.g
    InterceptedAttack: URIRef  # An attack that was foiled: a drone or rocket shot down or intercepted, a b...
    KeptApartDecision: URIRef  # A near miss of entity resolution: similar names that were not merged, with...
    MediaOrganization: URIRef  # A news publisher or agency, e.g
    Meeting: URIRef  # A meeting, call or talks between actors
    Mention: URIRef  # One sentence that reports an event; conflicting reports of one event stay apart as s...
    MergeDecision: URIRef  # Why two or more actors or places found in text were linked with owl:sameAs: th...
    MilitaryBase: URIRef  # A base, camp or outpost used by armed forces, e.g
    MissileAttack: URIRef  # An attack with guided or ballistic missiles
    Mobilization: URIRef  # Deployment of troops, reinforcements, a base established, alert raised
    Modality: URIRef  # How firmly a role is stated: asserted, blamed, suspected, claimed, accused, denied
    NewsArticle: URIRef  # A news article read by the pipeline; every statement extracted from it is prov:w...
    NonStateArmedGroup: URIRef  # An armed group that is not the regular force of a state: militia, insurge...
    Organization: URIRef  # An organised group of people: government, armed force, armed group, company, media
    Person: URIRef  # A human being, e.g
    Place: URIRef  # A located thing: country, region, settlement or facility, with WGS84 coordinates and a...
    PloverAccuse: URIRef  # PLOVER category ACCUSE: blame, accuse, criticise, denounce
    PloverAgree: URIRef  # PLOVER category AGREE: agree to, sign or settle something
    PloverAid: URIRef  # PLOVER category AID: give material, military, economic or humanitarian aid
    PloverAssault: URIRef  # PLOVER category ASSAULT: use of armed force or violence against people or prop...
    PloverCoerce: URIRef  # PLOVER category COERCE: arrest, detain, seize, impose restrictions by force sho...
    PloverConcede: URIRef  # PLOVER category CONCEDE: yield, release, ease restrictions, apologise
    PloverConsult: URIRef  # PLOVER category CONSULT: meet, visit, negotiate, talk
    PloverCooperate: URIRef  # PLOVER category COOPERATE: work together, share intelligence, train jointly
    PloverMobilize: URIRef  # PLOVER category MOBILIZE: deploy or mobilise forces, raise alert levels
    PloverProtest: URIRef  # PLOVER category PROTEST: demonstrate, rally, strike, sit-in
    PloverReject: URIRef  # PLOVER category REJECT: refuse, deny, reject a demand or proposal
    PloverRequest: URIRef  # PLOVER category REQUEST: ask, demand or call for something
    PloverRetreat: URIRef  # PLOVER category RETREAT: withdraw forces, hand over territory or bases
    PloverSanction: URIRef  # PLOVER category SANCTION: impose sanctions, cut ties, expel
    PloverSupport: URIRef  # PLOVER category SUPPORT: praise, endorse, express support
    PloverThreaten: URIRef  # PLOVER category THREATEN: threaten force, retaliation or sanctions
    Position: URIRef  # An office that people hold over time, e.g
    PositionTenure: URIRef  # One person's holding of one position, with start and end dates when known (no...
    Protest: URIRef  # A demonstration, rally or sit-in
    Qualifier: URIRef  # Whether a number is exact or a lower bound
    Quantity: URIRef  # The evidence-carrying form of a number reported about an event: kind, value, qualif...
    QuantityKind: URIRef  # What a quantity counts
    Rejection: URIRef  # A refusal or denial (e.g
    Request: URIRef  # A request, demand or call (e.g
    RocketAttack: URIRef  # An attack with unguided rockets (e.g
    RoleAssignment: URIRef  # The evidence-carrying form of a role triple: which actor plays which role in ...
    RoleType: URIRef  # The kind of role an actor plays in an event
    Sanction: URIRef  # Sanctions imposed, designation as a terrorist organisation, ties cut
    Settlement: URIRef  # A city, town or village
    Shelling: URIRef  # An attack with artillery or mortars
    Shooting: URIRef  # Shooting at people, e.g
    State: URIRef  # A sovereign state as an actor
    SuicideBombing: URIRef  # An attack in which the attacker detonates explosives on themselves or a vehicle
    Support: URIRef  # An expression of political support or praise
    Threat: URIRef  # A threat of attack, retaliation or sanction
    Visit: URIRef  # An official visit of an actor to a place or another actor
    WebSource: URIRef  # A URL an article lists as its source (possibly a bare home page)
    Withdrawal: URIRef  # A withdrawal of troops or handover of a base or territory

    # object properties
    actor: URIRef  # The actor in this role (exactly one)
    affiliatedWith: URIRef  # A looser tie than membership: backing, alignment or sponsorship, e.g
    allegedBy: URIRef  # The actor who made the allegation (who blamed, suspected or accused)
    allegedPerpetrator: URIRef  # An actor blamed for, suspected of or claiming the event; the modality and...
    country: URIRef  # The state an actor or position belongs to, e.g
    datePrecision: URIRef  # The precision of cf:date: cf:DayPrecision, cf:MonthPrecision or cf:YearPrecision
    evidence: URIRef  # The text span supporting an event, role, quantity or mention
    fatalitiesQualifier: URIRef  # Whether cf:fatalities is exact or a lower bound
    hasMention: URIRef  # A sentence reporting the event
    hasQuantity: URIRef  # A quantity reported about the event, with its evidence
    hasRole: URIRef  # A role assignment of the event
    holder: URIRef  # The person who holds the position in this tenure
    inArticle: URIRef  # The article whose text the offsets point into
    injuriesQualifier: URIRef  # Whether cf:injuries is exact or a lower bound
    listedSource: URIRef  # A URL the article lists, as a web source node
    locatedIn: URIRef  # A place lies inside another
    memberOf: URIRef  # An actor is part of a larger actor, e.g
    mergedEntity: URIRef  # An entity a merge (or kept-apart) decision is about; two or more per decision
    modality: URIRef  # How firmly the role is stated
    participant: URIRef  # An actor taking part without a more specific role (e.g
    perpetrator: URIRef  # The actor who carried out the event, as asserted
    place: URIRef  # Where the event happened: the most precise place the text gives
    position: URIRef  # The position held in this tenure
    positionOf: URIRef  # The organisation or state a position belongs to, e.g
    publisher: URIRef  # The media organization that published the article
    qualifier: URIRef  # Exact or at least
    quantityKind: URIRef  # What the quantity counts
    reportedBy: URIRef  # The actor quoted in the mention (absent when the article itself says it)
    reporter: URIRef  # An actor who reported the event: a spokesperson, a ministry, a monitor
    resolvedInto: URIRef  # An article's event reports the same real event as this canonical event; queries...
    roleType: URIRef  # The kind of role (exactly one)
    source: URIRef  # Not used: write prov:wasDerivedFrom directly
    standsFor: URIRef  # A place or office that, when it acts in a sentence, stands for an actor (metonymy)...
    target: URIRef  # The actor the event was aimed at
    victim: URIRef  # An actor who suffered harm in the event

    # datatype properties
    articleId: URIRef  # The article's stable id (16 hex characters, see kg/article.py)
    date: URIRef  # The representative date of an event (an xsd:date; the first day of the month or year fo...
    dateFallbackReason: URIRef  # Why the fallback date was used
    dateIsFallback: URIRef  # True when the article's publication date was used because the text gave no da...
    dateText: URIRef  # The time expression as written in the text, e.g
    earliestDate: URIRef  # The earliest date the event can have begun (an xsd:date), for vague dates
    endDate: URIRef  # The last day of a tenure (an xsd:date); absent when the tenure was current as of the...
    endOffset: URIRef  # Character offset just after the span's last character (end exclusive)
    fatalities: URIRef  # Best value for the number of people killed
    fileName: URIRef  # The file the article was read from
    geoPrecision: URIRef  # ACLED geo_precision: 1 the place itself, 2 near the place or part of a region, ...
    geonames: URIRef  # The GeoNames feature id of a place (or of a state's territory), a string such as "9...
    hasConflictingReports: URIRef  # True when the mentions of the event disagree on its class (or numbers)
    injuries: URIRef  # Best value for the number of people injured
    isBareHomePage: URIRef  # True when the listed URL is only a site's home page
    isFormer: URIRef  # True when the text calls the holder "former" and no dates are known
    latestDate: URIRef  # The latest date the event can have ended (an xsd:date), for vague dates
    mentionText: URIRef  # The words the article uses for the actor where the role is first stated
    mergeRule: URIRef  # The resolution rule that decided (e.g
    mergedNames: URIRef  # A name that was compared in the decision
    munitions: URIRef  # Number of rockets, drones, missiles or shells reported
    placeUnknownReason: URIRef  # Why an attack has no cf:place (e.g
    publicationDate: URIRef  # The date the article was published (an xsd:date)
    sourceCount: URIRef  # Number of independent articles reporting the event (set by entity resolution)
    startDate: URIRef  # The first day of a tenure (an xsd:date, checked by the shapes)
    startOffset: URIRef  # Character offset of the span's first character in the article's text
    text: URIRef  # The text of an evidence span, or the full normalised text of an article
    title: URIRef  # The article's headline
    trigger: URIRef  # The trigger word or phrase that signalled the event class
    unit: URIRef  # What was counted, singular: "rocket", "drone", "person"
    url: URIRef  # The URL of an article (its own) or of a web source
    value: URIRef  # The number
    website: URIRef  # The web host of a media organization without www., e.g
    wikidata: URIRef  # The Wikidata item id of an actor or place, a string such as "Q796"

    # annotation properties
    acledEventType: URIRef  # The ACLED event type an event class maps to (e.g
    acledSubEventType: URIRef  # The ACLED sub-event type an event class maps to (e.g
    ploverCode: URIRef  # The PLOVER event type (AGREE, CONSULT, ..., ASSAULT) of a PLOVER category class
    reportedClass: URIRef  # On a mention: the event class (an IRI of this ontology) that this sentence rep...

    # named individuals
    Accused: URIRef  # Someone formally accused the actor
    AllegedPerpetratorRole: URIRef  # Role type of cf:allegedPerpetrator
    Asserted: URIRef  # Stated as fact
    AtLeast: URIRef  # The number is a lower bound ("at least five")
    Blamed: URIRef  # Someone blamed the actor ("blamed on")
    Claimed: URIRef  # The actor claimed responsibility
    DayPrecision: URIRef  # The date is known to the day
    Denied: URIRef  # The actor denied the role
    Exact: URIRef  # The number is given as exact ("two rockets")
    FatalityCount: URIRef  # Number of people killed
    InjuryCount: URIRef  # Number of people injured
    MonthPrecision: URIRef  # Only the month is known; cf:date is the first day of the month
    MunitionCount: URIRef  # Number of rockets, drones, missiles or shells
    ParticipantRole: URIRef  # Role type of cf:participant
    PerpetratorRole: URIRef  # Role type of cf:perpetrator
    ReporterRole: URIRef  # Role type of cf:reporter (a spokesperson or other source)
    Suspected: URIRef  # The actor is suspected ("suspected", "believed to be")
    TargetRole: URIRef  # Role type of cf:target
    VictimRole: URIRef  # Role type of cf:victim
    YearPrecision: URIRef  # Only the year is known; cf:date is the first day of the year


#: each role shortcut property -> the ``cf:roleType`` of its evidence-carrying ``cf:RoleAssignment``
#: (docs/data-model.md), in the order tables and views list roles
ROLE_TYPES: dict[URIRef, URIRef] = {
    CF.perpetrator: CF.PerpetratorRole,
    CF.allegedPerpetrator: CF.AllegedPerpetratorRole,
    CF.target: CF.TargetRole,
    CF.victim: CF.VictimRole,
    CF.participant: CF.ParticipantRole,
    CF.reporter: CF.ReporterRole,
}


def _materialise(namespace: type[DefinedNamespace]) -> None:
    """Make each declared term a plain class attribute.

    rdflib answers ``CF.Attack`` through its metaclass's ``__getattr__`` on every access (two Python
    calls and a cache lookup); the extraction reads ontology terms hundreds of times per article.
    Unknown names still reach ``__getattr__`` and raise.
    """
    for name in namespace.__annotations__:
        type.__setattr__(namespace, name, namespace._NS[name])


_materialise(CF)


def cf_term(name: str) -> URIRef:
    """The ontology term ``cf:<name>`` (the trigger tables name classes by their local names): the
    same object as ``CF.<name>``; unknown names raise AttributeError.

    >>> cf_term("DroneStrike") is CF.DroneStrike
    True
    """
    term: URIRef = getattr(CF, name)
    return term


@functools.lru_cache(maxsize=1 << 16)
def _interned(value: str) -> URIRef:
    return URIRef(value)


def as_uri(value: str) -> URIRef:
    """``value`` as a URIRef: itself if it is one, else one object per distinct string.

    ``URIRef(x)`` validates and copies ``x`` even when it already is a URIRef, and two equal URIRefs that
    are not the same object compare in Python in every dict lookup; gazetteer IRIs from spaCy's
    ``kb_id_`` are looked up thousands of times per article.

    >>> as_uri("https://w3id.org/conflict-kg/resource/place/erbil") is as_uri(
    ...     "https://w3id.org/conflict-kg/resource/place/erbil")
    True
    """
    return value if type(value) is URIRef else _interned(value)


#: individuals: gazetteer entries and everything extraction mints
CFR = Namespace("https://w3id.org/conflict-kg/resource/")
#: named graphs: ``cfg:article/<id>``, ``cfg:ontology``, ``cfg:gazetteer``
CFG = Namespace("https://w3id.org/conflict-kg/graph/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
SCHEMA = Namespace("http://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

#: prefix -> namespace, the one table ``bind_prefixes`` and the SPARQL queries use
PREFIXES: dict[str, str] = {
    "cf": str(CF),
    "cfr": str(CFR),
    "cfg": str(CFG),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "sem": str(SEM),
    "wgs": str(WGS),
    "geo": str(GEO),
    "oa": str(OA),
    "nif": str(NIF),
    "schema": str(SCHEMA),
    "time": str(TIME),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind every project prefix on ``graph`` (a Graph or Dataset) and return it.

    >>> from rdflib import Graph
    >>> g = bind_prefixes(Graph())
    >>> dict(g.namespaces())["cf"]
    rdflib.term.URIRef('https://w3id.org/conflict-kg/ontology#')
    """
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, Namespace(iri), override=True, replace=True)
    return graph


def local_name(iri: object) -> str:
    """The part of an IRI after the last ``#`` or ``/``: a class's name in tables and labels.

    >>> local_name(CF.DroneStrike)
    'DroneStrike'
    >>> local_name("https://w3id.org/conflict-kg/resource/place/erbil")
    'erbil'
    """
    return re.split(r"[#/]", str(iri).rstrip("/#"))[-1]
