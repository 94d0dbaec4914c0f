"""Article graphs in the contract's shape from a compact spec, and large synthetic datasets.

Used by the resolution tests (``tests/data/resolve/cases/*.json``) and to measure resolution at
scale without running extraction.

>>> dataset = dataset_from_spec({"articles": [{"id": "00000000000000a1", "events": [
...     {"class": "Attack", "date": "2021-04-14", "place": "place/erbil"}]}]})
>>> len(list(dataset.graphs())) >= 1
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from typing import Any

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from kg.graphio import new_dataset
from kg.iris import (
    GAZETTEER_GRAPH,
    RESOURCE,
    article_graph_iri,
    article_iri,
    event_iri,
    evidence_iri,
    mention_iri,
    role_iri,
)
from kg.namespace import CF

_PRECISION = {"day": CF.DayPrecision, "month": CF.MonthPrecision, "year": CF.YearPrecision}
_ROLE_TYPES = {
    "perpetrator": CF.PerpetratorRole,
    "allegedPerpetrator": CF.AllegedPerpetratorRole,
    "target": CF.TargetRole,
    "victim": CF.VictimRole,
    "participant": CF.ParticipantRole,
    "reporter": CF.ReporterRole,
}


def _cf(name: str) -> URIRef:
    """A term of the closed ontology namespace by name (unknown names raise)."""
    return URIRef(getattr(CF, name))


def _iri(local: str) -> URIRef:
    return URIRef(local if local.startswith("http") else RESOURCE + local)


def _entity(graph: Graph, spec: Mapping[str, Any]) -> None:
    iri = _iri(spec["iri"])
    for cls in str(spec.get("type", "Actor")).split():
        graph.add((iri, RDF.type, _cf(cls)))
    graph.add((iri, RDFS.label, Literal(spec["label"])))
    for alias in spec.get("alt", ()):
        graph.add((iri, SKOS.altLabel, Literal(alias)))
    if spec.get("in"):
        graph.add((iri, CF.locatedIn, _iri(spec["in"])))
    for parent in spec.get("memberOf", ()):
        graph.add((iri, CF.memberOf, _iri(parent)))


def _window(date: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    if precision == "month":
        nxt = date.replace(day=28) + dt.timedelta(days=4)
        return date.replace(day=1), nxt - dt.timedelta(days=nxt.day)
    if precision == "year":
        return date.replace(month=1, day=1), date.replace(month=12, day=31)
    return date, date


def article_graph(spec: Mapping[str, Any]) -> Graph:
    """One article's named graph: the article node, its own new entities, its events."""
    article_id = spec["id"]
    graph = Graph()
    article = article_iri(article_id)
    graph.add((article, RDF.type, CF.NewsArticle))
    graph.add((article, CF.articleId, Literal(article_id)))
    if spec.get("url"):
        graph.add((article, CF.url, Literal(spec["url"], datatype=XSD.anyURI)))
    graph.add((article, CF.fileName, Literal(spec.get("file", f"{article_id}.txt"))))
    if spec.get("published"):
        graph.add((article, CF.publicationDate, Literal(spec["published"], datatype=XSD.date)))
    for entity in spec.get("entities", ()):
        _entity(graph, entity)
    offset = 0
    for n, event in enumerate(spec.get("events", ()), start=1):
        iri = event_iri(article_id, n)
        text = event.get("text") or f"Sentence {n} of article {article_id}."
        evidence = evidence_iri(article_id, offset, offset + len(text))
        offset += len(text) + 1
        graph.add((evidence, RDF.type, CF.Evidence))
        graph.add((evidence, CF.text, Literal(text)))
        graph.add((evidence, CF.inArticle, article))
        cls = _cf(event["class"])
        graph.add((iri, RDF.type, cls))
        precision = event.get("precision", "day")
        date = dt.date.fromisoformat(event["date"])
        start, end = _window(date, precision)
        graph.add((iri, CF.date, Literal(start if precision != "day" else date, datatype=XSD.date)))
        graph.add((iri, CF.datePrecision, _PRECISION[precision]))
        graph.add((iri, CF.earliestDate, Literal(start, datatype=XSD.date)))
        graph.add((iri, CF.latestDate, Literal(end, datatype=XSD.date)))
        if event.get("fallback"):
            graph.add((iri, CF.dateIsFallback, Literal(True)))
        if event.get("place"):
            graph.add((iri, CF.place, _iri(event["place"])))
            graph.add((iri, CF.geoPrecision, Literal(event.get("geo", 1), datatype=XSD.integer)))
        for role, actors in event.get("roles", {}).items():
            for actor in actors:
                actor_node = _iri(actor)
                graph.add((iri, _cf(role), actor_node))
                node = role_iri(article_id, n, role, actor_node)
                graph.add((iri, CF.hasRole, node))
                graph.add((node, RDF.type, CF.RoleAssignment))
                graph.add((node, CF.roleType, _ROLE_TYPES[role]))
                graph.add((node, CF.actor, actor_node))
                graph.add((node, CF.evidence, evidence))
        for prop in ("fatalities", "injuries"):
            if prop in event:
                graph.add((iri, _cf(prop), Literal(event[prop], datatype=XSD.nonNegativeInteger)))
                graph.add((iri, _cf(prop + "Qualifier"), CF.Exact))
        mention = mention_iri(article_id, n, 1)
        graph.add((mention, RDF.type, CF.Mention))
        graph.add((mention, CF.reportedClass, cls))
        graph.add((mention, CF.evidence, evidence))
        graph.add((iri, CF.hasMention, mention))
        graph.add((iri, CF.evidence, evidence))
        graph.add((iri, PROV.wasDerivedFrom, article))
        graph.add((iri, CF.sourceCount, Literal(1, datatype=XSD.nonNegativeInteger)))
    return graph


def gazetteer_graph(entries: list[Mapping[str, Any]]) -> Graph:
    graph = Graph()
    for entry in entries:
        _entity(graph, entry)
    return graph


def dataset_from_spec(spec: Mapping[str, Any], *, order: list[int] | None = None) -> Dataset:
    """A Dataset with ``cfg:gazetteer`` (when the spec has one) and one graph per article.

    ``order`` adds the articles in another order (the result must not depend on it).
    """
    dataset = new_dataset()
    articles = list(spec.get("articles", ()))
    if order is not None:
        articles = [articles[i] for i in order]
    if spec.get("gazetteer"):
        target = dataset.graph(GAZETTEER_GRAPH)
        for triple in gazetteer_graph(spec["gazetteer"]):
            target.add(triple)
    for article in articles:
        target = dataset.graph(article_graph_iri(article["id"]))
        for triple in article_graph(article):
            target.add(triple)
    return dataset


def synthetic_spec(n_events: int, *, reports: int = 3, seed: int = 7) -> dict[str, Any]:
    """About ``n_events`` article events: real events each reported by 1..``reports`` articles.

    Places form a three-level chain (country > region > town) so place blocking has work to do;
    reports vary the date precision and use the town or its region.
    """
    rng = random.Random(seed)
    countries = [f"place/country-{c}" for c in range(5)]
    gazetteer: list[dict[str, Any]] = [{"iri": c, "type": "Country", "label": c} for c in countries]
    towns: list[tuple[str, str]] = []
    for c, country in enumerate(countries):
        for r in range(10):
            region = f"place/region-{c}-{r}"
            gazetteer.append({"iri": region, "type": "AdminRegion", "label": region, "in": country})
            for t in range(10):
                town = f"place/town-{c}-{r}-{t}"
                gazetteer.append({"iri": town, "type": "Settlement", "label": town, "in": region})
                towns.append((town, region))
    actors = [f"actor/group-{a}" for a in range(200)]
    gazetteer += [{"iri": a, "type": "NonStateArmedGroup", "label": a} for a in actors]
    classes = ["RocketAttack", "DroneStrike", "Shelling", "Meeting", "Threat", "Protest"]
    articles: dict[str, dict[str, Any]] = {}
    start = dt.date(2020, 1, 1)
    made = 0
    real = 0
    while made < n_events:
        real += 1
        town, region = rng.choice(towns)
        day = start + dt.timedelta(days=rng.randrange(730))
        cls = rng.choice(classes)
        perpetrator = rng.choice(actors)
        for _ in range(rng.randint(1, reports)):
            article_id = f"{rng.randrange(16**16):016x}"
            precision = rng.choice(["day", "day", "day", "month"])
            event = {
                "class": cls,
                "date": day.isoformat(),
                "precision": precision,
                "place": town if rng.random() < 0.7 else region,
                "roles": {"perpetrator": [perpetrator]},
            }
            articles.setdefault(article_id, {"id": article_id, "events": []})["events"].append(event)
            made += 1
    return {"gazetteer": gazetteer, "articles": list(articles.values()), "real_events": real}
