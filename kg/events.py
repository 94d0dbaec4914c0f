"""Flat event records from a graph: the ``kg events`` table (JSON Lines, ACLED-style CSV).

The graph may be a file's dataset or any store: everything is read through a handful of SPARQL
SELECTs that run the same on rdflib and Oxigraph, then assembled in Python.
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Protocol

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.namespace import CF, local_name
from kg.ontology import acled_types, plover_code

#: The exact keys of one JSON Lines record, in order.
RECORD_KEYS: tuple[str, ...] = (
    "id", "class", "plover", "acled_event_type", "acled_sub_event_type", "date", "date_precision",
    "place", "perpetrators", "alleged_perpetrators", "targets", "participants", "fatalities",
    "injuries", "fatalities_qualifier", "injuries_qualifier", "sources", "evidence",
)  # fmt: skip

_PRECISION: dict[Node, str] = {CF.DayPrecision: "day", CF.MonthPrecision: "month", CF.YearPrecision: "year"}
_QUALIFIER: dict[Node, str] = {CF.Exact: "exact", CF.AtLeast: "at_least"}
_ROLE_KEYS = {
    CF.perpetrator: "perpetrators",
    CF.allegedPerpetrator: "alleged_perpetrators",
    CF.target: "targets",
    CF.victim: "targets",
    CF.participant: "participants",
}

_PREFIXES = """
PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX wgs: <http://www.w3.org/2003/01/geo/wgs84_pos#>
"""

# Reports merged into a canonical event (cfg:resolution) are skipped: each real event once.
_EVENT_TRIPLES = (
    _PREFIXES
    + """
SELECT ?e ?p ?o WHERE {
  ?e cf:datePrecision ?prec .
  FILTER NOT EXISTS { ?e cf:resolvedInto ?canonical }
  ?e ?p ?o
}"""
)
_LABELS = _PREFIXES + "SELECT ?x ?label WHERE { ?x rdfs:label ?label }"
_CATEGORY_WORDS = (
    _PREFIXES
    + """
SELECT ?e ?actor ?words WHERE {
  ?e cf:hasRole ?role .
  ?role cf:actor ?actor ; cf:mentionText ?words .
  ?actor a cf:ActorCategory .
}"""
)
_PLACES = (
    _PREFIXES
    + """
SELECT ?x ?lat ?lon ?parent ?type WHERE {
  { ?x wgs:lat ?lat ; wgs:long ?lon } UNION { ?x cf:locatedIn ?parent } UNION { ?x a ?type }
  FILTER EXISTS { ?e cf:place ?x }
}"""
)
_CHAIN = (
    _PREFIXES
    + """
SELECT ?x ?parent WHERE { ?x cf:locatedIn ?parent }"""
)
_COUNTRIES = _PREFIXES + "SELECT ?x WHERE { ?x a cf:Country }"
_EVIDENCE = (
    _PREFIXES
    + """
SELECT ?e ?text ?start WHERE {
  { ?e cf:evidence ?ev } UNION { ?e cf:hasMention ?m . ?m cf:evidence ?ev }
  ?e cf:datePrecision ?prec .
  ?ev cf:text ?text .
  OPTIONAL { ?ev cf:startOffset ?start }
}"""
)
_SOURCES = (
    _PREFIXES
    + """
SELECT ?e ?url ?article WHERE {
  ?e cf:datePrecision ?prec ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?article cf:url ?url }
}"""
)


class Queryable(Protocol):
    """Anything that answers a SPARQL SELECT: an rdflib Dataset/Graph or a kg store."""

    def query(self, query: str) -> Any: ...


def _rows(source: Queryable, sparql: str) -> Iterator[dict[str, Node]]:
    result = source.query(sparql)
    variables = [str(v) for v in (getattr(result, "vars", None) or getattr(result, "variables", []))]
    for row in getattr(result, "rows", result):
        values = row if isinstance(row, tuple | list) else tuple(row)
        yield {name: value for name, value in zip(variables, values, strict=False) if value is not None}


def _text(node: Node | None) -> str | None:
    return None if node is None else str(node)


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal):
        try:
            return int(node.toPython())
        except (TypeError, ValueError):
            return None
    return None


def _qualifier(node: Node | None) -> str | None:
    return _QUALIFIER.get(node) if node is not None else None


def _is_true(node: Node | None) -> bool:
    return isinstance(node, Literal) and node.toPython() is True


def _first(props: Mapping[URIRef, list[Node]], prop: URIRef) -> Node | None:
    values = props.get(prop)
    return values[0] if values else None


def format_date(value: str | None, precision: str | None) -> str | None:
    """The date as precise as its precision allows.

    >>> format_date("2021-07-01", "month")
    '2021-07'
    >>> format_date("2021-07-23", "day")
    '2021-07-23'
    """
    if not value:
        return None
    return {"day": value[:10], "month": value[:7], "year": value[:4]}.get(precision or "day", value[:10])


class _GraphIndex:
    """Every fact the records need, fetched once per call of ``event_records``."""

    def __init__(self, source: Queryable) -> None:
        self.events: dict[URIRef, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))
        for row in _rows(source, _EVENT_TRIPLES):
            self.events[row["e"]][row["p"]].append(row["o"])  # type: ignore[index]
        self.labels: dict[Node, str] = {}
        for row in _rows(source, _LABELS):
            self.labels.setdefault(row["x"], str(row["label"]))
        self.parent: dict[Node, Node] = {}
        for row in _rows(source, _CHAIN):
            self.parent.setdefault(row["x"], row["parent"])
        self.countries = {row["x"] for row in _rows(source, _COUNTRIES)}
        self.coords: dict[Node, tuple[float, float]] = {}
        for row in _rows(source, _PLACES):
            if "lat" in row and "lon" in row:
                self.coords[row["x"]] = (float(str(row["lat"])), float(str(row["lon"])))
        self.evidence: dict[Node, list[tuple[int, str]]] = defaultdict(list)
        for row in _rows(source, _EVIDENCE):
            self.evidence[row["e"]].append((_int(row.get("start")) or 0, str(row["text"])))
        # a category ("pro-Iran armed groups") is shown in the words the article used for it
        self.category_words: dict[tuple[Node, Node], str] = {}
        for row in _rows(source, _CATEGORY_WORDS):
            key = (row["e"], row["actor"])
            words = str(row["words"])
            self.category_words[key] = min(self.category_words.get(key, words), words)
        self.sources: dict[Node, list[str]] = defaultdict(list)
        for row in _rows(source, _SOURCES):
            self.sources[row["e"]].append(str(row.get("url") or row["article"]))

    def chain(self, place: Node) -> list[Node]:
        seen: list[Node] = []
        current = self.parent.get(place)
        while current is not None and current not in seen:
            seen.append(current)
            current = self.parent.get(current)
        return seen

    def entity(self, iri: Node, event: Node | None = None) -> dict[str, str]:
        """An actor as ``{"iri", "label"}``; a category's label is the article's words for it in
        that event ("Iran-backed militias"), its canonical label elsewhere."""
        words = self.category_words.get((event, iri)) if event is not None else None
        return {"iri": str(iri), "label": words or self.labels.get(iri, local_name(iri))}

    def place(self, iri: Node) -> dict[str, Any]:
        chain = self.chain(iri)
        lat, lon = self.coords.get(iri, (None, None))
        country = next((c for c in [iri, *chain] if c in self.countries), None)
        return {
            "iri": str(iri),
            "label": self.labels.get(iri, local_name(iri)),
            "lat": lat,
            "lon": lon,
            "admin": [self.labels.get(p, local_name(p)) for p in chain if p != country],
            "country": self.labels.get(country, local_name(country)) if country is not None else None,
        }


def _event_class(types: Iterable[Node]) -> URIRef | None:
    for node in types:
        if isinstance(node, URIRef) and str(node).startswith(str(CF)) and plover_code(node):
            return node
    return None


def event_records(source: Queryable) -> list[dict[str, Any]]:
    """One record per event, sorted by date then id.

    Each record has the keys of ``RECORD_KEYS`` plus ``geo_precision`` and ``date_is_fallback``,
    which only the CSV layout shows.
    """
    index = _GraphIndex(source)
    records = []
    for iri, props in index.events.items():
        cls = _event_class(props.get(URIRef(str(_RDF_TYPE)), []))
        if cls is None:
            continue
        acled_type, acled_sub = acled_types(cls)
        precision = _PRECISION.get(props[CF.datePrecision][0])
        date = format_date(_text(_first(props, CF.date)), precision)
        roles: dict[str, list[dict[str, str]]] = {key: [] for key in set(_ROLE_KEYS.values())}
        for prop, key in _ROLE_KEYS.items():
            for actor in props.get(prop, []):
                item = index.entity(actor, iri)
                if item not in roles[key]:
                    roles[key].append(item)
        for key in roles:
            roles[key].sort(key=lambda item: (item["label"].lower(), item["iri"]))
        place = _first(props, CF.place)
        evidence = sorted(set(index.evidence.get(iri, [])))
        record = {
            "id": str(iri),
            "class": local_name(cls),
            "plover": plover_code(cls),
            "acled_event_type": acled_type,
            "acled_sub_event_type": acled_sub,
            "date": date,
            "date_precision": precision,
            "place": index.place(place) if place is not None else None,
            "perpetrators": roles["perpetrators"],
            "alleged_perpetrators": roles["alleged_perpetrators"],
            "targets": roles["targets"],
            "participants": roles["participants"],
            "fatalities": _int(_first(props, CF.fatalities)),
            "injuries": _int(_first(props, CF.injuries)),
            "fatalities_qualifier": _qualifier(_first(props, CF.fatalitiesQualifier)),
            "injuries_qualifier": _qualifier(_first(props, CF.injuriesQualifier)),
            "sources": sorted(set(index.sources.get(iri, []))),
            "evidence": list(dict.fromkeys(text for _, text in evidence)),
            # extra keys for the CSV; the JSON Lines writer keeps only RECORD_KEYS
            "geo_precision": _int(_first(props, CF.geoPrecision)),
            "date_is_fallback": _is_true(_first(props, CF.dateIsFallback)),
        }
        records.append(record)
    records.sort(key=lambda r: (r["date"] or "", r["id"]))
    return records


_RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def to_jsonl(records: Iterable[Mapping[str, Any]]) -> str:
    """JSON Lines, one event per line, keys in ``RECORD_KEYS`` order."""
    return "".join(json.dumps({k: r[k] for k in RECORD_KEYS}, ensure_ascii=False) + "\n" for r in records)


#: ACLED's column names first, then the columns ACLED lacks.
CSV_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "actor2", "assoc_actor_2", "country", "admin1", "admin2", "location",
    "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "event_iri", "class", "plover", "date_precision", "alleged_perpetrators", "participants",
    "injuries", "fatalities_qualifier", "injuries_qualifier", "date_is_fallback", "source_urls",
)  # fmt: skip

_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}


def _names(items: list[dict[str, str]]) -> list[str]:
    return [item["label"] for item in items]


def to_acled_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One record in ACLED's column layout (plus ours); actor1 is the perpetrator side."""
    side1 = _names(record["perpetrators"]) or _names(record["participants"][:1])
    side2 = _names(record["targets"]) or _names(record["participants"][1:])
    if not side1 and record["alleged_perpetrators"]:
        side1 = ["Unidentified Armed Group"] if record["plover"] == "ASSAULT" else []
    place = record["place"] or {}
    admin = list(place.get("admin") or [])
    return {
        "event_id_cnty": record["id"].rsplit("/", 1)[-1],
        "event_date": record["date"] or "",
        "year": (record["date"] or "")[:4],
        "time_precision": _TIME_PRECISION.get(record["date_precision"] or "", ""),
        "event_type": record["acled_event_type"] or "",
        "sub_event_type": record["acled_sub_event_type"] or "",
        "actor1": side1[0] if side1 else "",
        "assoc_actor_1": "; ".join(side1[1:]),
        "actor2": side2[0] if side2 else "",
        "assoc_actor_2": "; ".join(side2[1:]),
        "country": place.get("country") or "",
        "admin1": admin[-1] if admin else "",
        "admin2": admin[-2] if len(admin) > 1 else "",
        "location": place.get("label") or "",
        "latitude": place.get("lat") if place.get("lat") is not None else "",
        "longitude": place.get("lon") if place.get("lon") is not None else "",
        "geo_precision": record.get("geo_precision") or "",
        "source": "; ".join(record["sources"]),
        "notes": " ".join(record["evidence"]),
        "fatalities": record["fatalities"] if record["fatalities"] is not None else "",
        "event_iri": record["id"],
        "class": record["class"],
        "plover": record["plover"],
        "date_precision": record["date_precision"],
        "alleged_perpetrators": "; ".join(_names(record["alleged_perpetrators"])),
        "participants": "; ".join(_names(record["participants"])),
        "injuries": record["injuries"] if record["injuries"] is not None else "",
        "fatalities_qualifier": record["fatalities_qualifier"] or "",
        "injuries_qualifier": record["injuries_qualifier"] or "",
        "date_is_fallback": str(bool(record.get("date_is_fallback"))).lower(),
        "source_urls": " ".join(record["sources"]),
    }


def to_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """ACLED-style CSV with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(to_acled_row(record))
    return buffer.getvalue()
