"""Named SPARQL queries: discovery, header parsing, execution with bound parameters, formatting.

Each analyst question is one file ``queries/<name>.rq``. Its header is a block of ``#`` comment
lines before the first line of SPARQL, in this fixed format::

    # name: attacks_on_place
    # description: Attacks on a place and on everything located in it.
    #   (lines starting with "#" and two or more spaces continue the field above)
    # param: place place Erbil the place, as a label, alias or IRI
    # param: from date - first day to include
    # columns: event type date site siteLabel

``# param: NAME TYPE DEFAULT DESCRIPTION``: ``NAME`` is the SPARQL variable (``?place``) the value
is bound to; ``TYPE`` one of ``PARAM_TYPES`` (date, decimal, integer, string, iri, actor, place);
``DEFAULT`` a single word, a ``"quoted phrase"`` or ``-`` for none (the variable stays unbound, and
the query treats that as "no restriction"). Values are always bound as RDF terms through the
store's binding mechanism, never pasted into the text. ``# columns:`` lists the result variables
(for CONSTRUCT queries, the terms of the graph).

>>> query = load_query("timeline")
>>> [(p.name, p.type, p.default) for p in query.params]
[('from', 'date', None), ('to', 'date', None)]
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from typing import Literal as TypingLiteral

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import ConfigError, QueryError
from kg.resources import queries_dir
from kg.store.base import QueryResult, Store

if TYPE_CHECKING:
    import pandas

__all__ = [
    "FORMATS",
    "PARAM_TYPES",
    "NamedQuery",
    "Param",
    "bind_params",
    "format_result",
    "format_table",
    "list_queries",
    "load_query",
    "parse_header",
    "query_df",
    "run_query",
    "to_dataframe",
]

Format = TypingLiteral["table", "csv", "json", "markdown"]

CF = "https://w3id.org/conflict-kg/ontology#"
#: prefixes used to shorten IRIs in tables and accepted in IRI parameters ("cfr:place/erbil")
SHORT_PREFIXES: dict[str, str] = {
    "cfr": "https://w3id.org/conflict-kg/resource/",
    "cfg": "https://w3id.org/conflict-kg/graph/",
    "cf": CF,
    "net": "https://w3id.org/conflict-kg/network#",
}


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A query file and what its header declares."""

    name: str
    path: Path | None
    description: str
    params: tuple[Param, ...]
    columns: tuple[str, ...]
    text: str = field(repr=False)

    def param(self, name: str) -> Param:
        """The declared parameter ``name``, or a QueryError listing the known ones."""
        for param in self.params:
            if param.name == name:
                return param
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(
            f"query {self.name!r} has no parameter {name!r}; its parameters: {known} (see `kg query --list`)"
        )


# --- header -------------------------------------------------------------------------------------
_FIELD = re.compile(r"^#\s*(name|description|param|columns)\s*:\s*(.*)$")
_PARAM = re.compile(r'^(\w+)\s+(\w+)\s+("(?:[^"]*)"|\S+)\s*(.*)$')


def parse_header(text: str, *, name: str = "inline", path: Path | None = None) -> NamedQuery:
    """Read the ``#`` header of a query (see the module docstring for its format).

    >>> q = parse_header('# name: demo\\n# param: n integer 3 how many\\nSELECT * WHERE { ?s ?p ?o }')
    >>> q.name, q.params[0]
    ('demo', Param(name='n', type='integer', default='3', description='how many'))
    """
    fields: list[tuple[str, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        match = _FIELD.match(stripped)
        if match:
            fields.append((match.group(1), match.group(2).strip()))
        elif re.match(r"^#\s{2,}\S", line) and fields:
            key, value = fields[-1]
            fields[-1] = (key, f"{value} {stripped.lstrip('#').strip()}")
    description, columns, params = "", tuple[str, ...](), []
    for key, value in fields:
        if key == "name":
            name = value
        elif key == "description":
            description = value
        elif key == "columns":
            columns = tuple(value.split())
        else:
            match = _PARAM.match(value)
            if not match:
                raise QueryError(
                    f"bad header line '# param: {value}': expected '# param: NAME TYPE DEFAULT DESCRIPTION'",
                    path=path,
                )
            pname, ptype, default, pdesc = match.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(
                    f"parameter {pname!r} has unknown type {ptype!r}; "
                    f"expected one of {', '.join(PARAM_TYPES)}",
                    path=path,
                )
            default = default.strip('"') if default != "-" else None
            params.append(Param(pname, ptype, default, pdesc))
    return NamedQuery(name, path, description, tuple(params), columns, text)


# --- discovery ----------------------------------------------------------------------------------
def list_queries() -> list[NamedQuery]:
    """Every named query in ``queries/``, sorted by name.

    >>> "attacks_on_place" in [q.name for q in list_queries()]
    True
    """
    return [load_query(path) for path in sorted(queries_dir().glob("*.rq"))]


_CACHE: dict[tuple[Path, float], NamedQuery] = {}


def load_query(name_or_path: str | Path) -> NamedQuery:
    """A named query by name (``timeline``) or a ``.rq`` file by path."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".rq" or candidate.is_file():
        path = candidate
    else:
        path = queries_dir() / f"{name_or_path}.rq"
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in queries_dir().glob("*.rq")))
        raise QueryError(f"no query named {str(name_or_path)!r}; known queries: {known} (or give a .rq file)")
    key = (path.resolve(), path.stat().st_mtime)
    if key not in _CACHE:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise QueryError(f"cannot read the query file: {e}", path=path) from e
        _CACHE[key] = parse_header(text, name=path.stem, path=path)
    return _CACHE[key]


# --- parameters ---------------------------------------------------------------------------------
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BAD_IRI_CHARS = re.compile(r'[\s<>"{}|\\^`]')


def _date(store: Store, value: str, param: Param) -> Node:
    try:
        if not _DATE.match(value):
            raise ValueError
        datetime.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"parameter {param.name!r} expects a date YYYY-MM-DD, got {value!r}") from None
    return Literal(value, datatype=XSD.date)


def _decimal(store: Store, value: str, param: Param) -> Node:
    try:
        number = decimal.Decimal(value.strip())
    except decimal.InvalidOperation:
        raise QueryError(f"parameter {param.name!r} expects a number such as 36.19, got {value!r}") from None
    if not number.is_finite():
        raise QueryError(f"parameter {param.name!r} expects a finite number, got {value!r}")
    return Literal(format(number, "f"), datatype=XSD.decimal)


def _integer(store: Store, value: str, param: Param) -> Node:
    try:
        return Literal(int(value.strip()), datatype=XSD.integer)
    except ValueError:
        raise QueryError(f"parameter {param.name!r} expects a whole number, got {value!r}") from None


def _string(store: Store, value: str, param: Param) -> Node:
    return Literal(value)


def _expand(value: str) -> str:
    prefix, _, local = value.partition(":")
    if prefix in SHORT_PREFIXES and not local.startswith("//"):
        return SHORT_PREFIXES[prefix] + local
    return value


def _iri(store: Store, value: str, param: Param) -> Node:
    iri = _expand(value.strip())
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", iri) or _BAD_IRI_CHARS.search(iri):
        raise QueryError(
            f"parameter {param.name!r} expects an IRI such as cfr:event/<id>-1 or https://..., got {value!r}"
        )
    return URIRef(iri)


# Name lookups return each (entity, kind) once, with no type test: a minted entity is labelled and
# typed again in every article graph that names it, and the union default graph repeats each such
# triple once per graph, so joining labels with types would cost (graphs naming it)^2. The few
# distinct candidates are then checked one by one with _KNOWN (an ASK stops at its first solution).
_LABEL_MATCH = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?x ?kind WHERE {
  { ?x rdfs:label ?name BIND("label" AS ?kind) } UNION { ?x skos:altLabel ?name BIND("alias" AS ?kind) }
  FILTER (LCASE(STR(?name)) = LCASE(STR(?wanted)))
}
"""
_LABEL_EXACT = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?x ?kind WHERE {
  { ?x rdfs:label ?wanted BIND("label" AS ?kind) } UNION { ?x skos:altLabel ?wanted BIND("alias" AS ?kind) }
}
"""
_KNOWN = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK WHERE { ?x a ?class . ?class rdfs:subClassOf* ?root . }
"""
_INSIDE = """
PREFIX cf: <https://w3id.org/conflict-kg/ontology#>
ASK WHERE { ?inner cf:locatedIn+ ?outer . }
"""


def _known(store: Store, entity: Node, root: URIRef) -> bool:
    return bool(store.query(_KNOWN, bindings={"x": entity, "root": root}).boolean)


def _named(store: Store, text: str, root: URIRef) -> dict[URIRef, set[str]]:
    """The entities of class ``root`` (or a subclass) with the label or alias ``text`` -> how named."""
    wanted: dict[str, Node] = {"wanted": Literal(text)}
    # an exact label is an index lookup; only a miss pays for the case-insensitive scan
    for lookup in (_LABEL_EXACT, _LABEL_MATCH):
        named: dict[URIRef, set[str]] = {}
        for match, how in store.query(lookup, bindings=wanted).rows:
            if isinstance(match, URIRef):
                named.setdefault(match, set()).add(str(how))
        found = {x: kinds for x, kinds in named.items() if _known(store, x, root)}
        if found:
            return found
    return {}


def _inside_any(store: Store, place: URIRef, others: list[URIRef]) -> bool:
    return any(
        store.query(_INSIDE, bindings={"inner": place, "outer": other}).boolean
        for other in others
        if other != place
    )


def _entity(kind: str, root: str) -> Callable[[Store, str, Param], Node]:
    def convert(store: Store, value: str, param: Param) -> Node:
        text = value.strip()
        hint = f"try `kg query {kind}s`"
        if re.match(r"^(https?://|cfr:)", text):
            iri = _iri(store, text, param)
            if not _known(store, iri, URIRef(CF + root)):
                raise QueryError(f"unknown {kind} {text!r}; {hint}")
            return iri
        found = _named(store, text, URIRef(CF + root))
        if not found:
            raise QueryError(f"unknown {kind} {text!r}; {hint}")
        candidates = sorted(found)
        if kind == "place" and len(candidates) > 1:  # a name shared by nested places: the widest
            candidates = [
                c
                for c in candidates
                if not any(
                    store.query(_INSIDE, bindings={"inner": c, "outer": o}).boolean
                    for o in candidates
                    if o != c
                )
            ] or candidates
        # a name that is some entity's main label wins over an alias
        candidates.sort(key=lambda c: ("label" not in found[c], str(c)))
        return candidates[0]

    return convert


#: parameter type -> converter(store, text, param) -> RDF term
PARAM_TYPES: dict[str, Callable[[Store, str, Param], Node]] = {
    "date": _date,
    "decimal": _decimal,
    "integer": _integer,
    "string": _string,
    "iri": _iri,
    "actor": _entity("actor", "Actor"),
    "place": _entity("place", "Place"),
}


def bind_params(store: Store, query: NamedQuery, params: Mapping[str, str] | None = None) -> dict[str, Node]:
    """The RDF terms to bind: the given values and the declared defaults, each converted by its type."""
    given = dict(params or {})
    for name in given:
        query.param(name)  # unknown names raise
    bindings: dict[str, Node] = {}
    for param in query.params:
        value = given.get(param.name, param.default)
        if value is None:
            continue
        bindings[param.name] = PARAM_TYPES[param.type](store, str(value), param)
    return bindings


# --- running ------------------------------------------------------------------------------------
def _as_query(query: NamedQuery | str) -> NamedQuery:
    if isinstance(query, NamedQuery):
        return query
    text = query.strip()
    if re.match(r"^[\w.\-/]+$", text):  # a name or a path
        return load_query(text)
    return parse_header(query)


def run_query(store: Store, query: NamedQuery | str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a named query (object, name or ``.rq`` path) or inline SPARQL text with parameters.

    >>> from kg.store import open_store
    >>> with open_store("memory") as store:
    ...     run_query(store, "SELECT (1 AS ?one) WHERE {}").rows[0][0].toPython()
    1
    """
    named = _as_query(query)
    bindings = bind_params(store, named, params)
    return store.query(named.text, bindings=bindings or None)


def query_df(name: str, store: Store | str | Path | None = None, **params: Any) -> pandas.DataFrame:
    """Run a named query and return a pandas DataFrame (for notebooks).

    ``store`` is a Store, a location (folder, file, URL) or None for the default store.
    Keyword arguments are the query's parameters: ``query_df("timeline", **{"from": "2024-01-01"})``.
    """
    if isinstance(store, Store):
        return to_dataframe(run_query(store, name, {k: str(v) for k, v in params.items()}))
    from kg.store import open_store

    with open_store(store, read_only=True) as handle:
        return to_dataframe(run_query(handle, name, {k: str(v) for k, v in params.items()}))


# --- results ------------------------------------------------------------------------------------
def plain(term: Node | None) -> Any:
    """An RDF term as a plain Python value: IRIs as str, numbers as int/float, dates as date.

    >>> plain(Literal("4", datatype=XSD.nonNegativeInteger)), plain(URIRef("https://x.org/a"))
    (4, 'https://x.org/a')
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, decimal.Decimal):
            return float(value)
        if isinstance(value, Literal):  # an ill-typed or unknown datatype
            return str(term)
        return value
    return str(term)


def to_dataframe(result: QueryResult) -> pandas.DataFrame:
    """A result as a DataFrame of plain values (SELECT: one column per variable)."""
    import pandas as pd

    if result.kind == "ask":
        return pd.DataFrame({"boolean": [bool(result.boolean)]})
    if result.kind == "graph":
        triples = sorted(result.graph or [], key=lambda t: tuple(str(x) for x in t))
        return pd.DataFrame(
            [[plain(x) for x in t] for t in triples], columns=["subject", "predicate", "object"]
        )
    return pd.DataFrame([[plain(x) for x in row] for row in result.rows], columns=list(result.variables))


def short(term: Node | None) -> str:
    """A term for people: prefixed IRIs, literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in SHORT_PREFIXES.items():
            if text.startswith(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text
    return str(term)


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def _sparql_json(result: QueryResult) -> str:
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(result.boolean)})
    bindings = [
        {
            name: _json_term(value)
            for name, value in zip(result.variables, row, strict=True)
            if value is not None
        }
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}, indent=1)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if result.kind == "ask":
        writer.writerow(["boolean"])
        writer.writerow(["true" if result.boolean else "false"])
        return out.getvalue()
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    return out.getvalue()


def _markdown(result: QueryResult) -> str:
    header, rows = _table_cells(result)

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _table_cells(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    if result.kind == "ask":
        return ["boolean"], [["true" if result.boolean else "false"]]
    return list(result.variables), [[short(value) for value in row] for row in result.rows]


def format_table(result: QueryResult, *, width: int = 160) -> str:
    """A result as a plain-text rich table ``width`` characters wide (graphs as Turtle)."""
    if result.kind == "graph":
        return format_result(result, "table")
    return _table(result, width)


def _table(result: QueryResult, width: int = 160) -> str:
    from rich.console import Console
    from rich.table import Table

    header, rows = _table_cells(result)
    table = Table(*header, show_lines=False, caption=f"{len(rows)} row(s)")
    for row in rows:
        table.add_row(*row)
    console = Console(file=io.StringIO(), width=width, record=True, color_system=None)
    console.print(table)
    return console.export_text()


#: format name -> formatter of SELECT/ASK results; CONSTRUCT results are Turtle (JSON-LD for json)
FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "json": _sparql_json,
    "markdown": _markdown,
}


def format_result(result: QueryResult, fmt: Format | str = "table") -> str:
    """Render a result: a rich table, CSV, SPARQL 1.1 Results JSON or Markdown; graphs as Turtle.

    >>> from rdflib import Literal
    >>> format_result(QueryResult("select", ["n"], [(Literal(2),)]), "csv").splitlines()
    ['n', '2']
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        graph = result.graph
        if graph is None:
            return ""
        graph.bind("net", SHORT_PREFIXES["net"])
        if fmt == "json":
            return graph.serialize(format="json-ld")
        return graph.serialize(format="turtle")
    return FORMATS[fmt](result)
