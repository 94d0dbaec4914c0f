"""Deterministic IRI minting: the same input always gives the same IRI (see docs/data-model.md)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

BASE = "https://w3id.org/conflict-kg/"
RESOURCE = BASE + "resource/"
GRAPH = BASE + "graph/"

ONTOLOGY_GRAPH = URIRef(GRAPH + "ontology")
GAZETTEER_GRAPH = URIRef(GRAPH + "gazetteer")

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-'.

    >>> slugify("Kata'ib Hezbollah")
    'kataib-hezbollah'
    >>> slugify("Ain al-Asad Air Base")
    'ain-al-asad-air-base'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’`]", "", ascii_text.lower())
    slug = _NON_WORD.sub("-", ascii_text).strip("-")
    return slug or "x" + short_hash(text)


def short_hash(text: str, length: int = 16) -> str:
    """The first ``length`` hex characters of the SHA-256 of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


def resource(kind: str, local: str) -> URIRef:
    """``cfr:<kind>/<local>``; ``local`` must already be a slug or id."""
    return URIRef(f"{RESOURCE}{kind}/{local}")


def actor_iri(name: str) -> URIRef:
    """``cfr:actor/<slug>``: the same name always gives the same actor, across articles.

    >>> actor_iri("Kata'ib Hezbollah")
    rdflib.term.URIRef('https://w3id.org/conflict-kg/resource/actor/kataib-hezbollah')
    """
    return resource("actor", slugify(name))


def place_iri(name: str) -> URIRef:
    """``cfr:place/<slug>``; a state is one place individual, typed ``cf:State`` and ``cf:Country``."""
    return resource("place", slugify(name))


def article_iri(article_id: str) -> URIRef:
    """``cfr:article/<id>``, the article node (its named graph is :func:`article_graph_iri`)."""
    return resource("article", article_id)


def article_graph_iri(article_id: str) -> URIRef:
    """The named graph holding everything extracted from one article."""
    return URIRef(f"{GRAPH}article/{article_id}")


def event_iri(article_id: str, n: int) -> URIRef:
    """``cfr:event/<article-id>-<n>``: the n-th event of an article, counted from 1 in order of first mention.

    >>> event_iri("00000000000000a1", 2)
    rdflib.term.URIRef('https://w3id.org/conflict-kg/resource/event/00000000000000a1-2')
    """
    return resource("event", f"{article_id}-{n}")


def mention_iri(article_id: str, n: int, m: int) -> URIRef:
    """``cfr:mention/<article-id>-<n>-<m>``: the m-th sentence reporting event n."""
    return resource("mention", f"{article_id}-{n}-{m}")


def evidence_iri(article_id: str, start: int, end: int) -> URIRef:
    """``cfr:evidence/<article-id>-<start>-<end>``: a text span by its character offsets, so one
    sentence quoted by several statements is one node."""
    return resource("evidence", f"{article_id}-{start}-{end}")


def role_iri(article_id: str, n: int, role: str, actor: URIRef) -> URIRef:
    """``cfr:role/<article-id>-<n>-<role>-<actor-slug>``: one actor's role in event n.

    >>> role_iri("00000000000000a1", 1, "target", actor_iri("US forces"))
    rdflib.term.URIRef('https://w3id.org/conflict-kg/resource/role/00000000000000a1-1-target-us-forces')
    """
    actor_slug = str(actor).rstrip("/").rsplit("/", 1)[-1]
    return resource("role", f"{article_id}-{n}-{slugify(role)}-{actor_slug}")


def quantity_iri(article_id: str, n: int, kind: str) -> URIRef:
    """``cfr:quantity/<article-id>-<n>-<kind>``: the count of one kind (fatalities ...) of event n."""
    return resource("quantity", f"{article_id}-{n}-{slugify(kind)}")


def source_iri(url: str) -> URIRef:
    """``cfr:source/<16 hex of sha256(url)>``: a URL an article lists, as a web source node."""
    return resource("source", short_hash(url))
