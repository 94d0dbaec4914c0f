"""The trigger lexicon (``ontology/triggers.tsv``) as data: parsing and lookup tables.

The file's header documents its format. :func:`load_lexicon` parses it once (cached per path).

>>> lex = parse_lexicon("attack/NOUN\\tAttack\\tevent\\nrocket\\tRocketAttack\\tmode\\n")
>>> [(e.tokens, e.cls, e.kind) for e in lex.entries]
[((('attack', 'NOUN'),), 'Attack', 'event'), ((('rocket', None),), 'RocketAttack', 'mode')]
>>> lex.words("mode")
frozenset({'rocket'})
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import OntologyError
from kg.resources import ontology_file

KINDS = frozenset(
    {"event", "weak", "mode", "target", "actor", "irrealis", "report", "blame", "generic", "nonlethal"}
)
LEXICON_FILE = "triggers.tsv"


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One line of the lexicon: ``tokens`` is a tuple of (word, POS or None)."""

    tokens: tuple[tuple[str, str | None], ...]
    cls: str | None
    kind: str
    note: str = ""

    @property
    def pattern(self) -> str:
        return " ".join(w if p is None else f"{w}/{p}" for w, p in self.tokens)


@dataclass(frozen=True, slots=True)
class Lexicon:
    entries: tuple[LexiconEntry, ...]
    # answers computed once: the role finders ask the same questions thousands of times per article
    _memo: dict[tuple[str, str], Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def of_kind(self, kind: str) -> list[LexiconEntry]:
        key = ("of_kind", kind)
        if key not in self._memo:
            self._memo[key] = [e for e in self.entries if e.kind == kind]
        return list(self._memo[key])

    def words(self, kind: str) -> frozenset[str]:
        """Single-word entries of one kind, lower-cased (for quick membership tests)."""
        key = ("words", kind)
        if key not in self._memo:
            self._memo[key] = frozenset(
                e.tokens[0][0].lower() for e in self.of_kind(kind) if len(e.tokens) == 1
            )
        return self._memo[key]

    def classes(self, kind: str) -> dict[str, str]:
        """pattern text -> class for the entries of one kind."""
        key = ("classes", kind)
        if key not in self._memo:
            self._memo[key] = {
                " ".join(w.lower() for w, _ in e.tokens): e.cls or "" for e in self.of_kind(kind)
            }
        return dict(self._memo[key])


def parse_lexicon(text: str, *, path: str | Path | None = None) -> Lexicon:
    """Parse the TSV text of a lexicon; raise OntologyError naming the bad line."""
    entries: list[LexiconEntry] = []
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 3:
            raise OntologyError(
                f"line {lineno}: expected 'pattern<TAB>class<TAB>kind[<TAB>note]', got {line!r}", path=path
            )
        pattern, cls, kind = (c.strip() for c in cols[:3])
        if kind not in KINDS:
            raise OntologyError(
                f"line {lineno}: unknown kind {kind!r}; expected one of {sorted(KINDS)}", path=path
            )
        tokens: list[tuple[str, str | None]] = []
        for tok in pattern.split():
            word, _, pos = tok.partition("/")
            if not word:
                raise OntologyError(f"line {lineno}: empty token in pattern {pattern!r}", path=path)
            tokens.append((word, pos or None))
        if not tokens:
            raise OntologyError(f"line {lineno}: empty pattern", path=path)
        entries.append(
            LexiconEntry(
                tuple(tokens),
                None if cls in ("", "-") else cls,
                kind,
                cols[3].strip() if len(cols) > 3 else "",
            )
        )
    return Lexicon(tuple(entries))


@functools.cache
def _load(path: str) -> Lexicon:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise OntologyError(f"cannot read the trigger lexicon: {e}", path=path) from e
    return parse_lexicon(text, path=path)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """The trigger lexicon from ``path`` or the packaged ``ontology/triggers.tsv``."""
    return _load(str(path) if path is not None else str(ontology_file(LEXICON_FILE)))
