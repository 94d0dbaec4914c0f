"""The ontology file: it parses everywhere, names every term of the data model, and reasons as intended."""

from __future__ import annotations

import doctest
import os
import re
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

import kg.ontology
from kg.namespace import CF
from kg.ontology import (
    acled_types,
    class_tree,
    event_classes,
    is_subclass,
    load_ontology,
    plover_classes,
    plover_code,
    superclasses,
)

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "conflict.ttl"
DATA_MODEL = ROOT / "docs" / "data-model.md"

PLOVER = [
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]  # fmt: skip


def cf_terms(graph: Graph) -> set[str]:
    return {
        str(s)[len(str(CF)) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(str(CF))
    }


def test_parses_with_rdflib_and_has_version_iri() -> None:
    graph = Graph().parse(ONTOLOGY, format="turtle")
    onto = URIRef("https://w3id.org/conflict-kg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert graph.value(onto, OWL.versionIRI) == URIRef("https://w3id.org/conflict-kg/ontology/0.1.0")


def test_parses_with_pyoxigraph() -> None:
    import pyoxigraph

    with ONTOLOGY.open("rb") as handle:
        quads = list(pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(Graph().parse(ONTOLOGY, format="turtle"))


def test_every_term_of_the_data_model_exists() -> None:
    named = set(re.findall(r"`cf:([A-Za-z]+)", DATA_MODEL.read_text(encoding="utf-8")))
    missing = sorted(named - cf_terms(load_ontology()))
    assert not missing, f"docs/data-model.md names cf: terms that ontology/conflict.ttl lacks: {missing}"


def test_every_term_has_label_comment_and_declared_kind() -> None:
    graph = load_ontology()
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual}
    for name in sorted(cf_terms(graph)):
        term = CF[name]
        assert graph.value(term, RDFS.label) is not None, f"cf:{name} has no rdfs:label"
        assert graph.value(term, RDFS.comment) is not None, f"cf:{name} has no rdfs:comment"
        assert set(graph.objects(term, RDF.type)) & kinds, f"cf:{name} is not declared as an OWL entity"


def test_every_used_external_term_is_declared() -> None:
    """OWL 2 DL: every IRI used as a class or property must be declared (punning aside)."""
    graph = load_ontology()
    declared = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    used = set(graph.objects(None, RDFS.subClassOf)) | set(graph.objects(None, RDFS.subPropertyOf))
    used |= {p for p in graph.predicates() if p not in (RDF.type,)}
    builtin = (str(RDF), str(OWL), str(RDFS) + "domain", str(RDFS) + "range", str(RDFS) + "sub")
    missing = sorted(
        str(u) for u in used if isinstance(u, URIRef) and u not in declared and not str(u).startswith(builtin)
    )
    assert not missing, f"undeclared terms: {missing}"


def test_plover_categories_are_sixteen_classes_with_codes() -> None:
    codes = sorted(plover_code(c) or "" for c in plover_classes())
    assert codes == sorted(PLOVER)
    assert CF.PloverAssault in plover_classes()


@pytest.mark.parametrize(
    ("cls", "code", "acled"),
    [
        (CF.DroneStrike, "ASSAULT", ("Explosions/Remote violence", "Air/drone strike")),
        (CF.RocketAttack, "ASSAULT", ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
        (CF.IEDAttack, "ASSAULT", ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
        (CF.InterceptedAttack, "ASSAULT", ("Strategic developments", "Disrupted weapons use")),
        (CF.ArmedClash, "ASSAULT", ("Battles", "Armed clash")),
        (CF.Attack, "ASSAULT", ("Explosions/Remote violence", None)),
        (CF.Visit, "CONSULT", (None, None)),
        (CF.Withdrawal, "RETREAT", ("Strategic developments", "Non-violent transfer of territory")),
        (CF.Arrest, "COERCE", ("Strategic developments", "Arrests")),
        (CF.Protest, "PROTEST", ("Protests", "Peaceful protest")),
    ],
)
def test_mappings(cls: URIRef, code: str, acled: tuple[str | None, str | None]) -> None:
    assert plover_code(cls) == code
    assert acled_types(cls) == acled


def test_every_event_class_maps_to_one_plover_category() -> None:
    for cls in event_classes():
        if cls == CF.Event:
            continue
        above = [c for c in (cls, *superclasses(cls)) if c in plover_classes()]
        assert len(above) == 1, f"{cls} sits under {above}"


def test_class_lookups() -> None:
    assert superclasses(CF.DroneStrike)[:2] == [CF.AirStrike, CF.Attack]
    assert is_subclass(CF.DroneStrike, CF.PloverAssault)
    assert not is_subclass(CF.Meeting, CF.Attack)
    tree = [n.cls for n in class_tree()]
    assert tree[0] == CF.Event and set(event_classes()) <= set(tree)
    actors = [n.cls for n in class_tree(CF.Actor)]
    assert CF.NonStateArmedGroup in actors and CF.Place not in actors


def test_doctests() -> None:
    result = doctest.testmod(kg.ontology)
    assert result.failed == 0 and result.attempted > 0


# --- reasoning with HermiT (owlready2) ----------------------------------------------

BASE_IN_ERBIL = """
@prefix cf: <https://w3id.org/conflict-kg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix p: <https://w3id.org/conflict-kg/resource/place/> .
p:test-base a owl:NamedIndividual , cf:MilitaryBase ; cf:locatedIn p:erbil .
p:erbil a owl:NamedIndividual , cf:Settlement ; cf:locatedIn p:erbil-governorate .
p:erbil-governorate a owl:NamedIndividual , cf:AdminRegion ; cf:locatedIn p:kurdistan-region .
p:kurdistan-region a owl:NamedIndividual , cf:AdminRegion ; cf:locatedIn p:iraq .
p:iraq a owl:NamedIndividual , cf:Country , cf:State .
"""

OWL2_DATATYPES = {
    "http://www.w3.org/2001/XMLSchema#" + t
    for t in ("string", "boolean", "decimal", "integer", "nonNegativeInteger", "double", "float", "anyURI")
} | {str(RDF.langString), str(RDF.PlainLiteral)}


def _reason(graph: Graph, tmp_path: Path):  # -> owlready2 World
    """Load ``graph`` into owlready2 and run HermiT in ``tmp_path`` (HermiT needs a writable cwd)."""
    owlready2 = pytest.importorskip("owlready2")
    if shutil.which("java") is None:
        pytest.skip("java is not installed: HermiT cannot run")
    nt = tmp_path / "onto.nt"
    graph.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(nt.as_uri()).load(format="ntriples")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    finally:
        os.chdir(cwd)
    return world


@pytest.mark.slow
def test_hermit_consistent_and_infers_assault_and_location(tmp_path: Path) -> None:
    import owlready2

    graph = Graph().parse(ONTOLOGY, format="turtle")
    graph.parse(data=BASE_IN_ERBIL, format="turtle")
    world = _reason(graph, tmp_path)
    unsatisfiable = [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]
    assert not unsatisfiable
    drone = world[str(CF.DroneStrike)]
    ancestors = {c.iri for c in drone.ancestors()}
    assert {
        str(CF.PloverAssault),
        str(CF.Attack),
        "http://semanticweb.cs.vu.nl/2009/11/sem/Event",
    } <= ancestors
    base = world["https://w3id.org/conflict-kg/resource/place/test-base"]
    located = {p.iri for p in base.locatedIn}
    assert "https://w3id.org/conflict-kg/resource/place/iraq" in located  # transitivity
    assert str(CF.Place) in {c.iri for t in base.is_a for c in t.ancestors()}


@pytest.mark.slow
def test_hermit_gazetteer_is_consistent_with_the_ontology(tmp_path: Path) -> None:
    """The gazetteer's individuals respect domains, ranges and disjointness.

    Literals whose datatype is outside the OWL 2 datatype map (xsd:date, geo:wktLiteral) are
    dropped first: HermiT refuses them, and no axiom constrains them.
    """
    import owlready2

    from kg.gazetteer import load_gazetteer

    graph = Graph().parse(ONTOLOGY, format="turtle")
    for s, p, o in load_gazetteer().graph:
        if isinstance(o, Literal) and o.datatype is not None and str(o.datatype) not in OWL2_DATATYPES:
            continue
        graph.add((s, p, o))
        if p == RDF.type and str(o).startswith(str(CF)):
            graph.add((s, RDF.type, OWL.NamedIndividual))
    world = _reason(graph, tmp_path)  # raises OwlReadyInconsistentOntologyError when inconsistent
    assert not [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]
    erbil_airport = world["https://w3id.org/conflict-kg/resource/place/erbil-international-airport"]
    assert "https://w3id.org/conflict-kg/resource/place/iraq" in {p.iri for p in erbil_airport.locatedIn}
