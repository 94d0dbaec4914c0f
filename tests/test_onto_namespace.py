"""The closed namespace ``CF`` and the ontology file list the same terms, and code uses only those."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

import kg.namespace
from kg.namespace import CF, PREFIXES, bind_prefixes

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "conflict.ttl"

# cf:Term in SPARQL, Turtle and docstrings; CF.Term and CF["Term"] in Python
USES = re.compile(r"""(?<![\w/#])(?:cf:|CF\.|CF\[["'])([A-Za-z_][A-Za-z0-9_]*)""")


def ontology_terms() -> set[str]:
    graph = Graph().parse(ONTOLOGY, format="turtle")
    base = str(CF)
    return {
        str(s)[len(base) :] for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(base)
    }


def namespace_terms() -> set[str]:
    return {name for name in CF.__annotations__ if not name.startswith("_")}


def test_every_ontology_term_is_in_the_namespace() -> None:
    missing = sorted(ontology_terms() - namespace_terms())
    assert not missing, f"add these to class CF in kg/namespace.py: {missing}"


def test_every_namespace_term_is_in_the_ontology() -> None:
    extra = sorted(namespace_terms() - ontology_terms())
    assert not extra, f"kg/namespace.py lists terms that ontology/conflict.ttl lacks: {extra}"


def test_namespace_is_closed() -> None:
    assert CF.DroneStrike == URIRef("https://w3id.org/conflict-kg/ontology#DroneStrike")
    with pytest.raises(AttributeError):
        _ = CF.NoSuchTerm


def code_files() -> list[Path]:
    files: list[Path] = []
    for folder in ("kg", "loaders", "queries", "ontology"):
        for pattern in ("*.py", "*.rq", "*.ttl", "*.trig"):
            files.extend((ROOT / folder).rglob(pattern))
    return sorted(f for f in files if f.name != "namespace.py")


def test_code_uses_only_ontology_terms() -> None:
    known = ontology_terms()
    unknown: dict[str, set[str]] = {}
    used = 0
    for path in code_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        for name in USES.findall(text):
            used += 1
            if name not in known:
                unknown.setdefault(str(path.relative_to(ROOT)), set()).add(name)
    assert used > 50, "the scan found almost no term uses: is the pattern broken?"
    assert not unknown, f"terms used in code but missing from ontology/conflict.ttl: {unknown}"


def test_trigger_lexicon_uses_only_ontology_terms() -> None:
    """ontology/triggers.tsv names classes by local name (second column, ``-`` for none)."""
    path = ROOT / "ontology" / "triggers.tsv"
    known = ontology_terms()
    unknown = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = line.split("\t")
        if line.startswith("#") or len(columns) < 2:
            continue
        name = columns[1].strip()
        if name and name != "-" and name not in known:
            unknown.add(name)
    assert not unknown, f"ontology/triggers.tsv names classes the ontology lacks: {sorted(unknown)}"


def test_use_pattern() -> None:
    text = 'x cf:DroneStrike y CF.place CF["Attack"] cfr:place/erbil'
    assert USES.findall(text) == ["DroneStrike", "place", "Attack"]


def test_bind_prefixes() -> None:
    graph = bind_prefixes(Graph())
    bound = {prefix: str(iri) for prefix, iri in graph.namespaces()}
    for prefix, iri in PREFIXES.items():
        assert bound[prefix] == iri
    assert PREFIXES["schema"] == "http://schema.org/"


def test_doctests() -> None:
    result = doctest.testmod(kg.namespace)
    assert result.failed == 0 and result.attempted > 0


def test_role_types_cover_the_ontology() -> None:
    """``ROLE_TYPES`` pairs every role shortcut property with one of the ontology's role types."""
    from rdflib.namespace import OWL, RDF

    from kg.namespace import ROLE_TYPES
    from kg.ontology import load_ontology

    onto = load_ontology()
    assert set(ROLE_TYPES.values()) == set(onto.subjects(RDF.type, CF.RoleType))
    assert all((prop, RDF.type, OWL.ObjectProperty) in onto for prop in ROLE_TYPES)


def test_ontology_terms_are_plain_attributes_and_unknown_terms_still_raise() -> None:
    """``CF`` terms are set on the class once (rdflib answered each ``CF.x`` through a metaclass
    ``__getattr__``, hundreds of times per article); the namespace stays closed."""
    from kg.namespace import CF, cf_term

    assert "DroneStrike" in vars(CF) and CF.DroneStrike is CF.DroneStrike
    assert cf_term("DroneStrike") is CF.DroneStrike
    assert str(CF.DroneStrike) == "https://w3id.org/conflict-kg/ontology#DroneStrike"
    with pytest.raises(AttributeError):
        _ = CF.Dronestrike
    with pytest.raises(AttributeError):
        cf_term("Dronestrike")


def test_as_uri_passes_urirefs_through_and_makes_one_object_per_string() -> None:
    from rdflib import URIRef

    from kg.namespace import as_uri

    iri = "https://w3id.org/conflict-kg/resource/place/erbil"
    ref = URIRef(iri)
    assert as_uri(ref) is ref
    assert as_uri(iri) == ref and type(as_uri(iri)) is URIRef
    assert as_uri(iri) is as_uri(iri)
