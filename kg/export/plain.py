"""Convert at the boundary: every attribute a plain ``str/int/float/bool``, one type per attribute.

networkx's writers (GEXF, GraphML) accept only plain values and one type per attribute name; XML 1.0
forbids C0 control characters. The views call :func:`make_plain` once, so every writer gets clean data.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.namespace import XSD

# C0 controls but tab/newline/return, DEL and C1 controls, zero-width and bidi marks, the BOM,
# lone surrogates and the two non-characters XML forbids.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
    "\ud800-\udfff\ufffe\uffff]"
)

PlainValue = str | int | float | bool

_INTEGER_TYPES = {
    XSD.integer,
    XSD.int,
    XSD.long,
    XSD.short,
    XSD.byte,
    XSD.nonNegativeInteger,
    XSD.positiveInteger,
    XSD.nonPositiveInteger,
    XSD.negativeInteger,
    XSD.unsignedInt,
    XSD.unsignedLong,
    XSD.unsignedShort,
    XSD.unsignedByte,
}
_FLOAT_TYPES = {XSD.decimal, XSD.double, XSD.float}


def clean_text(text: str) -> str:
    """Drop characters XML 1.0 forbids or that hide in labels (controls, zero-width marks).

    >>> clean_text("Erbil\\u200b\\x07 air base\\x00")
    'Erbil air base'
    """
    return _UNWANTED.sub("", text)


def snake(name: str) -> str:
    """camelCase to snake_case: attribute and edge names from property local names.

    >>> snake("datePrecision"), snake("wasDerivedFrom"), snake("label")
    ('date_precision', 'was_derived_from', 'label')
    """
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def plain_literal(value: Literal) -> PlainValue:
    """An RDF literal as a plain Python value: numbers, booleans, ISO dates, else cleaned text.

    >>> from rdflib import Literal
    >>> from rdflib.namespace import XSD
    >>> plain_literal(Literal("3", datatype=XSD.nonNegativeInteger))
    3
    >>> plain_literal(Literal("36.19", datatype=XSD.decimal))
    36.19
    >>> plain_literal(Literal("2024-01-20", datatype=XSD.date))
    '2024-01-20'
    """
    datatype = value.datatype
    try:
        if datatype in _INTEGER_TYPES:
            return int(value)
        if datatype in _FLOAT_TYPES:
            return float(value)
        if datatype == XSD.boolean:
            return bool(value.toPython())
    except (TypeError, ValueError):
        pass  # ill-typed literal: keep its text
    return clean_text(str(value))


def plain_value(value: Any) -> PlainValue:
    """Any Python value as a plain one (dates to ISO text, Decimals to float, others to text).

    >>> plain_value(Decimal("1.5")), plain_value(dt.date(2024, 1, 2)), plain_value(True)
    (1.5, '2024-01-02', True)
    """
    if isinstance(value, Literal):
        return plain_literal(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return "; ".join(sorted(str(plain_value(v)) for v in value))
    return clean_text(str(value))


def _unify(kinds: set[type]) -> type:
    if len(kinds) == 1:
        return next(iter(kinds))
    if kinds <= {int, float}:
        return float
    return str


def _coerce(value: PlainValue, kind: type) -> PlainValue:
    if isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
        return value
    if kind is float:
        return float(value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def make_plain(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Make every node, edge and graph attribute plain, one type per attribute name (in place).

    None values are dropped (a missing value is an absent attribute); mixed int/float become float,
    any other mix becomes str.

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", n=1, x=None)
    >>> G.add_node("b", n=2.5, when=dt.date(2024, 1, 1))
    >>> make_plain(G).nodes["a"], G.nodes["b"]
    ({'n': 1.0}, {'n': 2.5, 'when': '2024-01-01'})
    """
    for items in (
        [data for _, data in G.nodes(data=True)],
        [data for _, _, _, data in G.edges(keys=True, data=True)],
        [G.graph],
    ):
        kinds: dict[str, set[type]] = {}
        for data in items:
            for key in list(data):
                if data[key] is None:
                    del data[key]
                    continue
                data[key] = plain_value(data[key])
                kinds.setdefault(key, set()).add(type(data[key]))
        target = {key: _unify(found) for key, found in kinds.items()}
        for data in items:
            for key, value in data.items():
                data[key] = _coerce(value, target[key])
    return G
