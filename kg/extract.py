"""Doc + Article -> the triples of the article's named graph (docs/data-model.md), no I/O.

``extract(doc, article, gazetteer=...)`` is pure and deterministic: the same article and pipeline give
the same graph (IRIs from kg/iris.py). Gazetteer individuals are referenced by IRI, never copied;
new actors and places found in the text are typed and labelled here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from spacy.tokens import Doc, Span

from kg.article import Article, host_of, is_bare_home_page
from kg.iris import (
    actor_iri,
    article_iri,
    event_iri,
    evidence_iri,
    mention_iri,
    quantity_iri,
    role_iri,
    slugify,
    source_iri,
)
from kg.namespace import CF, GEO, PROV, WGS, bind_prefixes, cf_term
from kg.nlp.event_coref import EventCluster, cluster_mentions
from kg.nlp.frames import FrameBuilder, MentionFrame
from kg.nlp.linking import ActorRef, Linker, PlaceRef, named_area
from kg.ontology import is_subclass

__all__ = ["extract"]

ROLE_PROPERTY = {
    "perpetrator": (CF.perpetrator, CF.PerpetratorRole),
    "alleged_perpetrator": (CF.allegedPerpetrator, CF.AllegedPerpetratorRole),
    "target": (CF.target, CF.TargetRole),
    "victim": (CF.victim, CF.VictimRole),
    "participant": (CF.participant, CF.ParticipantRole),
    "reporter": (CF.reporter, CF.ReporterRole),
}
QUANTITY_KIND = {"fatalities": CF.FatalityCount, "injuries": CF.InjuryCount, "munitions": CF.MunitionCount}
PRECISION = {"day": CF.DayPrecision, "month": CF.MonthPrecision, "year": CF.YearPrecision}
NEW_PLACE_CLASSES = {
    "Settlement": CF.Settlement,
    "AdminRegion": CF.AdminRegion,
    "Facility": CF.Facility,
    "Place": CF.Place,
}
FALLBACK_REASON = "no time expression in the sentences reporting the event; the publication date is used"


def extract(doc: Doc, article: Article, *, gazetteer: Any) -> Graph:
    """Every triple of ``article``'s named graph, from its processed ``doc``.

    >>> import spacy
    >>> from kg.article import Article, Paragraph
    >>> nlp = spacy.blank("en")
    >>> article = Article(id="0123456789abcdef", text="Nothing happened.", paragraphs=(Paragraph(0, 17),))
    >>> graph = extract(nlp(article.text), article, gazetteer=None)
    >>> node = URIRef("https://w3id.org/conflict-kg/resource/article/0123456789abcdef")
    >>> (node, RDF.type, CF.NewsArticle) in graph
    True
    """
    graph = bind_prefixes(Graph())
    for triple in extract_triples(doc, article, gazetteer=gazetteer):
        graph.add(triple)
    return graph


def extract_triples(doc: Doc, article: Article, *, gazetteer: Any) -> list[tuple[Any, Any, Any]]:
    """The triples of :func:`extract`, without building an rdflib Graph (the build's workers turn
    them straight into N-Triples: an rdflib Graph costs more per triple than finding the triple)."""
    return _Extractor(doc, article, gazetteer).run()


class _Extractor:
    def __init__(self, doc: Doc, article: Article, gazetteer: Any) -> None:
        self.doc = doc
        self.article = article
        self.gazetteer = gazetteer
        self.triples: dict[tuple[Any, Any, Any], None] = {}  # an insertion-ordered set
        self.worded: set[URIRef] = set()  # role nodes that already have their cf:mentionText
        self.article_node = article_iri(article.id)
        # the Doc was made from the article's text (evidence is sliced from it below as well)
        self.linker = Linker(doc, gazetteer=gazetteer, text=article.text)
        self.typed: set[URIRef] = set()
        self.occupants: dict[URIRef, list[tuple[ActorRef, Span]]] = {}

    # ------------------------------------------------------------------ helpers
    def add(self, s: Any, p: Any, o: Any) -> None:
        self.triples[(s, p, o)] = None

    def evidence(self, start: int, end: int) -> URIRef:
        text = self.article.text[start:end]
        node = evidence_iri(self.article.id, start, end)
        if (node, RDF.type, CF.Evidence) not in self.triples:
            self.add(node, RDF.type, CF.Evidence)
            self.add(node, CF.text, Literal(text))
            self.add(node, CF.startOffset, Literal(start, datatype=XSD.nonNegativeInteger))
            self.add(node, CF.endOffset, Literal(end, datatype=XSD.nonNegativeInteger))
            self.add(node, CF.inArticle, self.article_node)
        return node

    def sentence_evidence(self, sent: Span) -> URIRef:
        # sliced from the article's text: Span.text joins the tokens again on every call
        text = self.article.text[sent.start_char : sent.end_char]
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        return self.evidence(start, max(end, start))

    def actor(self, ref: ActorRef) -> URIRef:
        if ref.new and ref.iri not in self.typed and self._unknown(ref.iri):
            self.typed.add(ref.iri)
            self.add(ref.iri, RDF.type, cf_term(ref.cls or "Actor"))
            self.add(ref.iri, RDFS.label, Literal(ref.label, lang="en"))
            for prop, value in ref.extra:
                self.add(ref.iri, cf_term(prop), value)
        return ref.iri

    def place(self, ref: PlaceRef) -> URIRef:
        if ref.new and ref.iri not in self.typed and self._unknown(ref.iri):
            self.typed.add(ref.iri)
            self.add(ref.iri, RDF.type, NEW_PLACE_CLASSES.get(ref.cls or "Place", CF.Place))
            self.add(ref.iri, RDFS.label, Literal(ref.label, lang="en"))
        return ref.iri

    def _unknown(self, iri: URIRef) -> bool:
        return self.linker.entry(str(iri)) is None

    # ------------------------------------------------------------------ article
    def add_article(self) -> None:
        a, node = self.article, self.article_node
        self.add(node, RDF.type, CF.NewsArticle)
        self.add(node, CF.articleId, Literal(a.id))
        self.add(node, CF.text, Literal(a.text))
        if a.title:
            self.add(node, RDFS.label, Literal(a.title, lang="en"))
            self.add(node, CF.title, Literal(a.title, lang="en"))
        if a.published:
            self.add(node, CF.publicationDate, Literal(a.published.isoformat(), datatype=XSD.date))
        if a.url:
            self.add(node, CF.url, Literal(a.url, datatype=XSD.anyURI))
        if a.source_path:
            self.add(node, CF.fileName, Literal(a.source_path.replace("\\", "/").rsplit("/", 1)[-1]))
        for url in a.urls:
            source = source_iri(url)
            self.add(node, CF.listedSource, source)
            self.add(source, RDF.type, CF.WebSource)
            self.add(source, CF.url, Literal(url, datatype=XSD.anyURI))
            self.add(source, CF.isBareHomePage, Literal(is_bare_home_page(url)))
        host = a.publisher or (host_of(a.url) if a.url else None)
        if host:
            publisher = self.publisher_for(host)
            self.add(node, CF.publisher, publisher)

    def publisher_for(self, host: str) -> URIRef:
        graph = getattr(self.gazetteer, "graph", None)
        if graph is not None:
            for subject in graph.subjects(CF.website, Literal(host)):
                return URIRef(subject)
        iri = actor_iri(host)
        self.add(iri, RDF.type, CF.MediaOrganization)
        self.add(iri, RDFS.label, Literal(host, lang="en"))
        self.add(iri, CF.website, Literal(host))
        return iri

    # ------------------------------------------------------------------ entities
    def add_named_entities(self) -> None:
        """Every named actor and place the text mentions, typed and labelled when new."""
        for ent in self.linker.ents:
            if ent.kb_id_:
                continue
            area = named_area(ent)  # "the al-Azim district": a place whatever the model labelled it
            if ent.label_ in ("PERSON", "ORG") and area is None:
                ref = self.linker.new_actor(ent)
                if ref is not None:
                    self.actor(ref)
            elif ent.label_ in ("GPE", "FAC", "LOC") or area is not None:
                place = self.linker.place_for(ent.root)
                if place is not None:
                    self.place(place)
        forces = frozenset({"army", "military", "force", "troops", "police"})
        for token in self.linker.tokens_with(lemmas=forces):
            # "the Iraqi army": a force named by its country
            if (
                token.pos_ == "NOUN"
                and token.lemma_.lower() in forces
                and any(
                    c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") for c in token.children
                )
            ):
                ref = self.linker.actor_for(token)
                if ref is not None:
                    self.actor(ref)

    # ------------------------------------------------------------------ events
    def run(self) -> list[tuple[Any, Any, Any]]:
        self.add_article()
        self.add_named_entities()
        builder = FrameBuilder(self.doc, gazetteer=self.gazetteer, linker=self.linker)
        frames = builder.build()
        self.occupants = builder.occupants()
        clusters = cluster_mentions(frames, linker=self.linker, publication_date=self.article.published)
        for n, cluster in enumerate(clusters, start=1):
            self.add_event(n, cluster)
        return list(self.triples)

    def add_event(self, n: int, cluster: EventCluster) -> None:
        aid = self.article.id
        event = event_iri(aid, n)
        self.add(event, RDF.type, cluster.cls)
        self.add(event, PROV.wasDerivedFrom, self.article_node)
        if cluster.conflicting:
            self.add(event, CF.hasConflictingReports, Literal(True))
        self.add_date(event, cluster)
        if cluster.place is not None:
            self.add(event, CF.place, self.place(cluster.place))
            self.add(event, CF.geoPrecision, Literal(self.geo_precision(cluster.place), datatype=XSD.integer))
        elif is_subclass(cluster.cls, CF.Attack):
            self.add(
                event, CF.placeUnknownReason, Literal("the sentences reporting the attack name no place")
            )
        seen_evidence: set[URIRef] = set()
        for m, frame in enumerate(cluster.mentions, start=1):
            evidence = self.sentence_evidence(frame.sent)
            if evidence not in seen_evidence:
                seen_evidence.add(evidence)
                self.add(event, CF.evidence, evidence)
            if not frame.carrier:
                mention = mention_iri(aid, n, m)
                self.add(event, CF.hasMention, mention)
                self.add(mention, RDF.type, CF.Mention)
                self.add(mention, CF.reportedClass, frame.cls)
                self.add(mention, CF.trigger, Literal(frame.trigger.text))
                self.add(mention, CF.evidence, evidence)
                if frame.reporter is not None:
                    self.add(mention, CF.reportedBy, self.actor(frame.reporter))
        self.add_roles(event, n, cluster)
        self.add_quantities(event, n, cluster)

    def geo_precision(self, place: PlaceRef) -> int:
        if place.is_country:
            return 3
        if place.near:
            return 2
        return 1

    def add_date(self, event: URIRef, cluster: EventCluster) -> None:
        value = cluster.date
        if value is not None:
            self.add(event, CF.date, Literal(value.date.isoformat(), datatype=XSD.date))
            self.add(event, CF.datePrecision, PRECISION.get(value.precision, CF.DayPrecision))
            self.add(event, CF.earliestDate, Literal(value.earliest.isoformat(), datatype=XSD.date))
            self.add(event, CF.latestDate, Literal(value.latest.isoformat(), datatype=XSD.date))
            self.add(event, CF.dateText, Literal(value.text))
            return
        published = self.article.published
        if published is None:
            return
        self.add(event, CF.date, Literal(published.isoformat(), datatype=XSD.date))
        self.add(event, CF.datePrecision, CF.DayPrecision)
        self.add(event, CF.dateIsFallback, Literal(True))
        self.add(event, CF.dateFallbackReason, Literal(FALLBACK_REASON))

    def add_roles(self, event: URIRef, n: int, cluster: EventCluster) -> None:
        aid = self.article.id
        done: dict[tuple[str, URIRef], URIRef] = {}
        if cluster.place is not None and is_subclass(cluster.cls, CF.Attack):
            # an attack on a base hits who the article says the base houses
            for occupant, sent in self.occupants.get(cluster.place.iri, []):
                key = ("target", occupant.iri)
                if key not in done:
                    node = role_iri(aid, n, "target", occupant.iri)
                    done[key] = node
                    self.add_role_node(event, node, CF.target, CF.TargetRole, occupant, "Asserted", None)
                self.add(done[key], CF.evidence, self.sentence_evidence(sent))
        asserted_perps = {r.actor.iri for f in cluster.mentions for r in f.roles if r.role == "perpetrator"}
        alleged = {r.actor.iri for f in cluster.mentions for r in f.roles if r.role == "alleged_perpetrator"}
        for frame in cluster.mentions:
            evidence = self.sentence_evidence(frame.sent)
            for role in frame.roles:
                actor = role.actor.iri
                if role.role == "perpetrator" and actor in alleged:
                    continue  # blamed elsewhere in the article: alleged, not asserted
                if role.role == "alleged_perpetrator" and actor in asserted_perps - alleged:
                    continue
                key = (role.role, actor)
                if key in done:
                    self.add(done[key], CF.evidence, evidence)
                    continue
                prop, role_type = ROLE_PROPERTY[role.role]
                node = role_iri(aid, n, str(prop).rsplit("#", 1)[-1], actor)
                done[key] = node
                self.add_role_node(event, node, prop, role_type, role.actor, role.modality, role.alleged_by)
                self.add(node, CF.evidence, evidence)

    def add_role_node(
        self,
        event: URIRef,
        node: URIRef,
        prop: URIRef,
        role_type: URIRef,
        actor: ActorRef,
        modality: str,
        alleged_by: ActorRef | None,
    ) -> None:
        self.add(event, prop, self.actor(actor))
        self.add(event, CF.hasRole, node)
        self.add(node, RDF.type, CF.RoleAssignment)
        self.add(node, CF.roleType, role_type)
        self.add(node, CF.actor, actor.iri)
        self.add(node, CF.modality, cf_term(modality))
        words = self.mention_words(actor)
        if words and node not in self.worded:
            self.worded.add(node)
            self.add(node, CF.mentionText, Literal(words))
        if alleged_by is not None:
            self.add(node, CF.allegedBy, self.actor(alleged_by))

    def mention_words(self, actor: ActorRef) -> str:
        """The article's words for an actor, without the capital a sentence start gave them
        ("Gunmen opened fire" -> "gunmen")."""
        span = (
            self.doc.char_span(actor.start, actor.end, alignment_mode="expand") if actor.start >= 0 else None
        )
        if span is None or not span.text.strip():
            return ""
        words = span.text.strip()
        first = span[0]
        if (
            first.is_sent_start
            and first.pos_ != "PROPN"
            and first.ent_type_ in ("", "ORG")
            and not first.text.isupper()
        ):
            words = words[:1].lower() + words[1:]
        return words

    def add_quantities(self, event: URIRef, n: int, cluster: EventCluster) -> None:
        if not (is_subclass(cluster.cls, CF.Attack) or cluster.cls == CF.Protest):
            return  # casualties are counted for attacks and (violent) protests
        best: dict[str, tuple[int, Any, MentionFrame]] = {}
        for order, frame in enumerate(cluster.mentions):
            for q in frame.quantities:
                # the largest figure (tolls are revised upwards and the lead gives the latest),
                # "no casualties" only when nothing else is reported; ties go to the earliest report
                rank = q.value * 1000 - order
                if q.kind not in best or rank > best[q.kind][0]:
                    best[q.kind] = (rank, q, frame)
        for kind, (_, q, frame) in list(best.items()):
            lower = conservative_figure(cluster, kind, q, frame)
            if lower is not None:
                best[kind] = (0, *lower)
        if "injuries" in best and "fatalities" not in best and best["injuries"][1].value == 0:
            # "without causing injuries", "no one was hurt": no one was hurt, so no one was killed
            _rank, q, frame = best["injuries"]
            best["fatalities"] = (0, dataclasses.replace(q, kind="fatalities"), frame)
        for kind, (_, q, _frame) in sorted(best.items()):
            node = quantity_iri(self.article.id, n, kind)
            qualifier = CF.AtLeast if q.qualifier == "at_least" else CF.Exact
            self.add(event, CF.hasQuantity, node)
            self.add(node, RDF.type, CF.Quantity)
            self.add(node, CF.quantityKind, QUANTITY_KIND[kind])
            self.add(node, CF.value, Literal(q.value, datatype=XSD.nonNegativeInteger))
            self.add(node, CF.qualifier, qualifier)
            if q.unit:
                self.add(node, CF.unit, Literal(q.unit))
            self.add(node, CF.evidence, self.sentence_evidence(_frame.sent))
            literal = Literal(q.value, datatype=XSD.nonNegativeInteger)
            if kind == "fatalities":
                self.add(event, CF.fatalities, literal)
                self.add(event, CF.fatalitiesQualifier, qualifier)
            elif kind == "injuries":
                self.add(event, CF.injuries, literal)
                self.add(event, CF.injuriesQualifier, qualifier)
            else:
                self.add(event, CF.munitions, literal)


def conservative_figure(
    cluster: EventCluster, kind: str, top: Any, frame: MentionFrame
) -> tuple[Any, Any] | None:
    """Where two named sources disagree on a count ("the army said two soldiers were killed", "a
    monitor said four people had been killed"), the lower figure, as ACLED codes conflicting reports;
    a toll revised by the text itself ("the toll rose to 19") stays the largest."""
    if frame.reporter is None or revises_a_toll(frame.sent):
        return None
    others = [
        (q, m)
        for m in cluster.mentions
        for q in m.quantities
        if q.kind == kind
        and q.value > 1  # "killed X": one named victim is part of a toll, not a competing toll
        and q.value < top.value
        and m.reporter is not None
        and m.reporter.iri != frame.reporter.iri
        and m.authority >= frame.authority
    ]
    return min(others, key=lambda x: x[0].value) if others else None


def revises_a_toll(sent: Any) -> bool:
    """Does the sentence give a revised toll ("rose to 19", "raising to 17 the death toll")?"""
    from kg.nlp.quantities import revises_a_tally

    return any(revises_a_tally(t) for t in sent)


_ = (BNode, GEO, WGS, dt, slugify)
