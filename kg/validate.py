"""Check a built graph against the SHACL shapes (``ontology/shapes.ttl``).

All article graphs are validated in one pySHACL run over their union, together with the ontology
(so ``rdfs:subClassOf`` reaches the shapes' target classes: a ``cf:DroneStrike`` is checked as a
``cf:Attack``) and the gazetteer (so the types of known actors and places are known). Every node
IRI is minted per article, so the union keeps the articles apart; each violation line names the
named graph its focus node sits in.

>>> from rdflib import Graph
>>> validate(Graph()).conforms
True
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, SH

from kg.errors import OntologyError
from kg.gazetteer import Gazetteer, load_gazetteer
from kg.iris import GAZETTEER_GRAPH, ONTOLOGY_GRAPH
from kg.namespace import PREFIXES, local_name
from kg.ontology import load_ontology
from kg.resources import ontology_file, read_turtle

__all__ = ["ValidationReport", "ViolationLine", "load_shapes", "validate"]

SHAPES_FILE = "shapes.ttl"


@dataclass(frozen=True, slots=True)
class ViolationLine:
    """One result of the SHACL report, in readable form."""

    severity: str
    focus: str
    path: str
    message: str
    value: str
    graph: str

    def __str__(self) -> str:
        where = f" [{self.graph}]" if self.graph else ""
        value = f" (value: {self.value})" if self.value else ""
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: {self.focus}{path}: {self.message}{value}{where}"


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """The outcome: ``conforms``, the number of violations and a readable text, one line each."""

    conforms: bool
    text: str
    violations: int
    lines: tuple[ViolationLine, ...] = ()

    def __str__(self) -> str:
        return self.text


@functools.lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """The SHACL shapes graph, parsed once per process."""
    return read_turtle([ontology_file(SHAPES_FILE)], what="the SHACL shapes file")


def _short(term: object) -> str:
    """A term in prefixed form where a project prefix fits (``cfr:event/abc-1``)."""
    if isinstance(term, URIRef):
        text = str(term)
        best = max(
            (p for p in PREFIXES.items() if text.startswith(p[1])), key=lambda p: len(p[1]), default=None
        )
        return f"{best[0]}:{text[len(best[1]) :]}" if best else f"<{text}>"
    if isinstance(term, Literal):
        shown = str(term) if len(str(term)) <= 60 else str(term)[:57] + "..."
        return f'"{shown}"' + (f"^^{_short(term.datatype)}" if term.datatype else "")
    if isinstance(term, BNode):
        return "_:" + str(term)[:8]
    return "" if term is None else str(term)


def _path_text(results: Graph, path: object) -> str:
    if isinstance(path, URIRef):
        return _short(path)
    if isinstance(path, BNode):  # a complex path: show its parts
        parts = [f"{_short(p)} {_short(o)}" for p, o in results.predicate_objects(path)]
        return "[" + "; ".join(parts) + "]"
    return ""


def _data_graph(data: Graph | Dataset, gazetteer: Gazetteer) -> tuple[Graph, dict[object, str]]:
    """The union to validate and, for each subject, the first named graph it is a subject in."""
    union = Graph()
    home: dict[object, str] = {}
    # A store or file that carries its own ontology/gazetteer graphs is checked against those:
    # adding the files' copies too would double every literal the store wrote in canonical form
    # ("33.0" and "33"), and "exactly one wgs:lat" would fail.
    carries = isinstance(data, Dataset) and {
        ref: len(data.graph(ref)) > 0 for ref in (ONTOLOGY_GRAPH, GAZETTEER_GRAPH)
    }
    if not (carries and carries[ONTOLOGY_GRAPH]):
        union += load_ontology()
    if not (carries and carries[GAZETTEER_GRAPH]):
        union += gazetteer.graph
    if isinstance(data, Dataset):
        for s, p, o, ctx in data.quads((None, None, None, None)):
            union.add((s, p, o))
            name = getattr(ctx, "identifier", ctx)
            if s not in home and name is not None and name != DATASET_DEFAULT_GRAPH_ID:
                home[s] = _short(name)
    else:
        for triple in data:
            union.add(triple)
    return union, home


def validate(data: Graph | Dataset, *, gazetteer: Gazetteer | None = None) -> ValidationReport:
    """Validate a graph or dataset against the shapes; never raises for a non-conforming graph.

    >>> from rdflib import Graph, URIRef
    >>> from kg.namespace import CF
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/conflict-kg/resource/event/x-1"), RDF.type, CF.DroneStrike))
    >>> report = validate(g)
    >>> report.conforms, report.violations > 0
    (False, True)
    """
    import pyshacl

    gazetteer = gazetteer if gazetteer is not None else load_gazetteer()
    union, home = _data_graph(data, gazetteer)
    try:
        conforms, results, _ = pyshacl.validate(
            union,
            shacl_graph=load_shapes(),
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
            inplace=True,
            advanced=False,
        )
    except Exception as e:  # pyshacl wraps many failures (bad shapes, unsupported paths)
        raise OntologyError(
            f"SHACL validation could not run ({e}); check the shapes in ontology/shapes.ttl"
        ) from e
    assert isinstance(results, Graph)
    lines: list[ViolationLine] = []
    top_level = [
        r
        for report in results.subjects(RDF.type, SH.ValidationReport)
        for r in results.objects(report, SH.result)
    ]
    for result in top_level:  # nested results (sh:detail of sh:node) are summarised by their parent
        focus = results.value(result, SH.focusNode)
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        value = results.value(result, SH.value)
        lines.append(
            ViolationLine(
                severity=local_name(severity) if severity else "Violation",
                focus=_short(focus),
                path=_path_text(results, results.value(result, SH.resultPath)),
                message=messages[0] if messages else "does not conform",
                value=_short(value) if value is not None and value != focus else "",
                graph=home.get(focus, ""),
            )
        )
    lines.sort(key=lambda line: (line.graph, line.focus, line.path, line.message))
    violations = sum(1 for line in lines if line.severity == "Violation")
    if conforms:
        text = "conforms: the graph passes every shape" + (
            f" ({len(lines)} warnings)\n" + "\n".join(map(str, lines)) if lines else ""
        )
    else:
        text = f"does not conform: {violations} violation(s)\n" + "\n".join(map(str, lines))
    return ValidationReport(conforms=bool(conforms), text=text, violations=violations, lines=tuple(lines))
