"""Component ``conflict_attributes``: the model's attribute ruler, applied through lookup tables.

spaCy's ``AttributeRuler`` (which maps tags to POS and morphology and fixes exceptions) runs every
pattern at every token through the ``Matcher``: the 179 patterns of en_core_web_sm cost about 12 ms
per 400-token article, as much as the parser (measured in ``benchmarks/README.md``). Its patterns
are one or two tokens, each token compared for equality, set membership or a regular expression on
a few attributes, so which patterns a token matches depends only on those attributes. This
component compiles the ruler's patterns once, memoises the answer for each combination of
attributes seen, and writes the same values with the same precedence (a later pattern wins, as in
``AttributeRuler.match``). The model's ruler stays in the pipeline, disabled; when a model's ruler
holds a pattern outside that subset (operators, other predicates, extension attributes), this
component simply calls it, so the output is the model's in every case. The tests compare both
token by token.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("attribute_ruler")
>>> ruler.add([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"})
>>> _ = nlp.add_pipe("conflict_attributes", config={"ruler": "attribute_ruler"})
>>> nlp.disable_pipe("attribute_ruler")
>>> [t.lemma_ for t in nlp("Gon na go")]
['go', '', '']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import DEP, IS_SPACE, LOWER, NORM, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

#: token attributes a compiled pattern may test, by the names patterns use (TEXT is ORTH's alias)
_TESTABLE: dict[str, int] = {
    "ORTH": ORTH,
    "TEXT": ORTH,
    "LOWER": LOWER,
    "NORM": NORM,
    "TAG": TAG,
    "DEP": DEP,
    "IS_SPACE": IS_SPACE,
}
#: the flags among them: a pattern gives True/False, ``Doc.to_array`` gives 1/0
_FLAGS = frozenset({IS_SPACE})
#: memoised attribute combinations before the table is emptied (bounds memory on endless feeds: a
#: few hundred bytes each; 615 articles gave 3,200, and refilling costs ~50 µs per combination)
_MEMO_LIMIT = 50_000


#: a token spec: (attribute id, kind, operand) per attribute it tests
Conditions = tuple[tuple[int, str, Any], ...]


class Unsupported(ValueError):
    """A ruler pattern this component does not compile (the model's ruler then runs itself)."""


@dataclass(frozen=True, slots=True)
class _Hit:
    """What the one-token rules do to a token with given attributes (memoised per combination)."""

    rules: tuple[int, ...]  # the rules matched, in order
    values: tuple[int, ...]  # per written column: the value they leave (0 where none sets it)
    sets: tuple[bool, ...]  # per written column: whether any of them sets it
    bits: int  # the multi-token specs this token satisfies


@dataclass(frozen=True, slots=True)
class _Pattern:
    rule: int  # the ruler's attribute set: a higher number wins
    specs: tuple[int, ...]  # one token spec id per token of the pattern
    target: int  # which token of the match gets the attributes


def _value_test(strings: Any, value: object) -> tuple[str, Any]:
    """One attribute's condition as a hashable (kind, operand): literal, IN, NOT_IN or REGEX."""
    if isinstance(value, bool):
        return ("eq", int(value))
    if isinstance(value, str | int):
        return ("eq", strings.add(value) if isinstance(value, str) else value)
    if isinstance(value, dict) and len(value) == 1:
        ((predicate, operand),) = value.items()
        if predicate in ("IN", "NOT_IN") and isinstance(operand, list | tuple):
            if not all(isinstance(v, str) for v in operand):
                raise Unsupported(f"{predicate} over non-strings: {operand!r}")
            hashes = frozenset(strings.add(v) for v in operand)
            return (predicate.lower(), hashes)
        if predicate == "REGEX" and isinstance(operand, str):
            return ("regex", operand)
    raise Unsupported(f"the condition {value!r}")


def _compile_spec(strings: Any, spec: Any) -> Conditions:
    """A token spec as sorted (attribute id, kind, operand) conditions."""
    if not isinstance(spec, dict) or not spec:
        raise Unsupported(f"the token spec {spec!r}")
    conditions = []
    for name, value in spec.items():
        attr = _TESTABLE.get(name.upper()) if isinstance(name, str) else None
        if attr is None:
            raise Unsupported(f"the attribute {name!r}")
        kind, operand = _value_test(strings, value)
        if kind != "eq" and attr in _FLAGS:
            raise Unsupported(f"{kind} on the flag {name}")
        conditions.append((attr, kind, operand))
    return tuple(sorted(conditions, key=repr))


class CompiledRules:
    """A ruler's patterns as token-spec tests plus the attributes each rule sets.

    Raises :class:`Unsupported` for a ruler it cannot reproduce exactly.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.strings = strings
        spec_ids: dict[Conditions, int] = {}
        self.single: list[_Pattern] = []
        self.multi: list[_Pattern] = []
        entries: list[dict[str, Any]] = list(ruler.patterns)
        for rule, entry in enumerate(entries):
            attrs = ruler.attrs[rule]
            if "_" in attrs or not all(isinstance(v, int) for v in attrs.values()):
                raise Unsupported("extension attributes")
            for pattern in entry["patterns"]:
                if not isinstance(pattern, list) or not pattern:
                    raise Unsupported(f"the pattern {pattern!r}")
                specs = tuple(spec_ids.setdefault(_compile_spec(strings, s), len(spec_ids)) for s in pattern)
                index = int(entry["index"])
                target = index + len(specs) if index < 0 else index
                if not 0 <= target < len(specs):
                    raise Unsupported(f"the index {index} of a {len(specs)}-token pattern")
                (self.single if len(specs) == 1 else self.multi).append(_Pattern(rule, specs, target))
        self.conditions = list(spec_ids)  # spec id -> conditions
        self.attrs: list[dict[int | str, int]] = [dict(a) for a in ruler.attrs]
        tested = {attr for conditions in self.conditions for attr, _, _ in conditions}
        self.columns: list[int | str] = sorted(tested)
        self.writes: list[int | str] = sorted({attr for a in self.attrs for attr in a})
        self._position = {attr: i for i, attr in enumerate(self.columns)}
        self._single_by_spec: dict[int, list[int]] = {}
        for pattern in self.single:
            self._single_by_spec.setdefault(pattern.specs[0], []).append(pattern.rule)
        # multi-token patterns test their specs through a small bit mask per token
        multi_specs = sorted({s for p in self.multi for s in p.specs})
        self._multi_bit = {spec: 1 << i for i, spec in enumerate(multi_specs)}
        self._multi_first = [(p, self._multi_bit[p.specs[0]]) for p in self.multi]
        self._regex: dict[str, re.Pattern[str]] = {}
        self._row_memo: dict[tuple[int, ...], _Hit] = {}
        self._overlays: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[bool, ...]]] = {}

    def _holds(self, conditions: Conditions, row: tuple[int, ...]) -> bool:
        for attr, kind, operand in conditions:
            value = row[self._position[attr]]
            if kind == "eq":
                ok = value == operand
            elif kind == "in":
                ok = value in operand
            elif kind == "not_in":
                ok = value not in operand
            else:
                regex = self._regex.get(operand)
                if regex is None:
                    regex = self._regex[operand] = re.compile(operand)
                ok = regex.search(self.strings[value]) is not None
            if not ok:
                return False
        return True

    def _classify(self, row: tuple[int, ...]) -> _Hit:
        """What a token with these attributes gets from the one-token rules, and its multi-token spec bits."""
        rules: set[int] = set()
        bits = 0
        for spec, conditions in enumerate(self.conditions):
            single = self._single_by_spec.get(spec)
            bit = self._multi_bit.get(spec, 0)
            if (single or bit) and self._holds(conditions, row):
                if single:
                    rules.update(single)
                bits |= bit
        ordered = tuple(sorted(rules))
        return _Hit(ordered, *self._overlay(ordered), bits)

    def _overlay(self, rules: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[bool, ...]]:
        """The values that rules in this order leave in each written column (the last one wins), and
        which columns they set at all."""
        found = self._overlays.get(rules)
        if found is None:  # a few dozen combinations of rules: shared by the memoised rows
            merged: dict[int | str, int] = {}
            for rule in rules:
                merged.update(self.attrs[rule])
            values = tuple(merged.get(attr, 0) for attr in self.writes)
            found = self._overlays[rules] = (values, tuple(attr in merged for attr in self.writes))
        return found

    def apply(self, doc: Doc) -> None:
        """Set the attributes every matching rule assigns, in the ruler's order of precedence."""
        n = len(doc)
        if n == 0:
            return
        memo = self._row_memo
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        hits = []
        # reshaped: for one attribute, Doc.to_array gives a flat array
        table = cast(list[list[int]], doc.to_array(self.columns).reshape(n, len(self.columns)).tolist())
        for row in map(tuple, table):
            hit = memo.get(row)
            if hit is None:
                hit = memo[row] = self._classify(row)
            hits.append(hit)
        rows = [(hit.values, hit.sets) for hit in hits]
        if self.multi:
            for position, rules in self._multi_matches(hits).items():
                rows[position] = self._overlay(tuple(sorted(set(hits[position].rules) | rules)))
        sets = numpy.array([r[1] for r in rows], dtype=bool).reshape(n, len(self.writes))
        if not sets.any():
            return
        values = numpy.array([r[0] for r in rows], dtype=numpy.uint64).reshape(n, len(self.writes))
        current = doc.to_array(self.writes).reshape(n, len(self.writes))
        merged: Any = numpy.where(sets, values, current).astype(numpy.uint64)
        doc.from_array(self.writes, merged)

    def _multi_matches(self, hits: list[_Hit]) -> dict[int, set[int]]:
        """Token position -> the multi-token rules whose match puts their attributes on it."""
        n = len(hits)
        extra: dict[int, set[int]] = {}
        for start, hit in enumerate(hits):
            if not hit.bits:
                continue
            for pattern, first in self._multi_first:
                length = len(pattern.specs)
                if (
                    (hit.bits & first)
                    and start + length <= n
                    and all(
                        hits[start + k].bits & self._multi_bit[spec] for k, spec in enumerate(pattern.specs)
                    )
                ):
                    extra.setdefault(start + pattern.target, set()).add(pattern.rule)
        return extra


class TableAttributeRuler:
    """Component ``conflict_attributes``: runs the ruler named ``ruler`` through :class:`CompiledRules`.

    The ruler is read on first use (after ``spacy.load`` has filled it from disk) and again when its
    rules change (a rule added, or a new matcher: ``clear``, ``initialize`` and ``from_disk`` make
    one); if it cannot be compiled, the ruler itself runs.
    """

    def __init__(self, nlp: Language, name: str = "conflict_attributes", *, ruler: str) -> None:
        self.name = name
        self.ruler: AttributeRuler = nlp.get_pipe(ruler)  # type: ignore[assignment]
        self._compiled: CompiledRules | None = None
        self._compiled_from: tuple[object, int] | None = None  # the ruler's matcher and rule count
        self.exact_fallback = False  # True when the model's ruler runs itself

    def _rules(self) -> CompiledRules | None:
        matcher, size = self.ruler.matcher, len(self.ruler.attrs)
        if (
            self._compiled_from is None
            or self._compiled_from[0] is not matcher
            or self._compiled_from[1] != size
        ):
            self._compiled_from = (matcher, size)
            try:
                self._compiled = CompiledRules(self.ruler)
                self.exact_fallback = False
            except Unsupported:
                self._compiled = None
                self.exact_fallback = True
        return self._compiled

    def __call__(self, doc: Doc) -> Doc:
        rules = self._rules()
        if rules is None:
            return self.ruler(doc)
        rules.apply(doc)
        return doc


@Language.factory(
    "conflict_attributes",
    assigns=["token.pos", "token.tag", "token.morph", "token.lemma", "token.dep"],
    default_config={"ruler": "attribute_ruler"},
)
def make_table_attribute_ruler(nlp: Language, name: str, ruler: str) -> TableAttributeRuler:
    return TableAttributeRuler(nlp, name, ruler=ruler)


def use_table_ruler(nlp: Language, *, ruler: str = "attribute_ruler") -> bool:
    """Put ``conflict_attributes`` in place of the enabled ruler ``ruler`` (which stays, disabled).

    Returns False, changing nothing, when ``nlp`` has no such enabled component.
    """
    if ruler not in nlp.pipe_names or "conflict_attributes" in nlp.pipe_names:
        return False
    nlp.add_pipe("conflict_attributes", after=ruler, config={"ruler": ruler})
    nlp.disable_pipe(ruler)
    return True
