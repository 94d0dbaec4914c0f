"""Component ``conflict_gazetteer``: gazetteer names and aliases as entities linked by IRI.

Built once from the gazetteer's entries (``add_entries``): each label and alias becomes a phrase
pattern matched case-insensitively (acronyms such as "US" or "PMF" match their exact case only, so
the pronoun "us" never links to the United States). Two ``PhraseMatcher`` tables (on LOWER and on
ORTH) do this hundreds of times faster than one token pattern per name. Matches become
``doc.ents`` with ``ent.kb_id_`` = the entry's IRI; a longer model entity that contains a match
wins ("Iraqi Resistance Coordinating Committee" stays one entity), otherwise the gazetteer wins.

>>> import spacy
>>> from types import SimpleNamespace as E
>>> nlp = spacy.blank("en")
>>> ruler = nlp.add_pipe("conflict_gazetteer")
>>> ruler.add_entries([E(iri="cfr:place/erbil", label="Erbil", aliases=("Arbil",), types=("Settlement",),
...                      kind="place")])
>>> [(ent.text, ent.label_, ent.kb_id_) for ent in nlp("A drone hit ERBIL and arbil.").ents]
[('ERBIL', 'GPE', 'cfr:place/erbil'), ('arbil', 'GPE', 'cfr:place/erbil')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.namespace import local_name

PERSON_TYPES = {"Person"}
GPE_TYPES = {"Country", "State", "Settlement", "AdminRegion"}
FAC_TYPES = {"Facility", "MilitaryBase", "Airport", "Building", "EnergyFacility"}
_DETERMINERS = {"the", "a", "an"}


def entity_label(entry: Any) -> str:
    """The spaCy entity label for a gazetteer entry, from its types and kind."""
    types = {local_name(t) for t in getattr(entry, "types", ()) or ()}
    if types & PERSON_TYPES:
        return "PERSON"
    if types & FAC_TYPES:
        return "FAC"
    if types & GPE_TYPES:
        return "GPE"
    if getattr(entry, "kind", "") == "place":
        return "LOC"
    return "ORG"


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(name) <= 6


class GazetteerRuler:
    """Matches gazetteer names; see the module docstring."""

    def __init__(
        self, nlp: Language, name: str = "conflict_gazetteer", *, overwrite_ents: bool = True
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.overwrite_ents = overwrite_ents
        self.any_case = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact_case = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.labels: dict[str, str] = {}

    def add_entries(self, entries: Iterable[Any]) -> None:
        """Add one pattern per label and alias of each entry (call once after creation)."""
        for entry in entries:
            iri = str(entry.iri)
            self.labels[iri] = entity_label(entry)
            names = {str(entry.label), *(str(a) for a in (getattr(entry, "aliases", ()) or ()))}
            any_case: list[Doc] = []
            exact_case: list[Doc] = []
            for name in sorted(names):
                tokens = [t.text for t in self.nlp.make_doc(name.strip())]
                if tokens and tokens[0].lower() in _DETERMINERS and len(tokens) > 1:
                    tokens = tokens[1:]
                if not tokens:
                    continue
                pattern = Doc(self.nlp.vocab, words=tokens)
                (exact_case if is_acronym(name) else any_case).append(pattern)
            if any_case:
                self.any_case.add(iri, any_case)
            if exact_case:
                self.exact_case.add(iri, exact_case)

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for match_id, start, end in [*self.any_case(doc), *self.exact_case(doc)]:
            iri = self.nlp.vocab.strings[match_id]
            found.append(Span(doc, start, end, label=self.labels.get(iri, "ORG"), kb_id=iri))
        found = filter_spans(found)
        if not found:
            return doc
        kept_model = []
        for ent in doc.ents:
            core_start = ent.start + (1 if ent[0].lower_ in _DETERMINERS else 0)
            core_end = ent.end - (1 if ent[-1].lower_ in ("'s", "’s") else 0)
            overlapping = [s for s in found if s.start < ent.end and ent.start < s.end]
            if not overlapping:
                kept_model.append(ent)
                continue
            longest = max(overlapping, key=len)
            if (core_end - core_start) > len(longest) and all(
                ent.start <= s.start and s.end <= ent.end for s in overlapping
            ):
                kept_model.append(ent)
                found = [s for s in found if s not in overlapping]
        doc.ents = filter_spans([*found, *kept_model])
        return doc


@Language.factory(
    "conflict_gazetteer",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    default_config={"overwrite_ents": True},
)
def make_gazetteer_ruler(nlp: Language, name: str, overwrite_ents: bool) -> GazetteerRuler:
    return GazetteerRuler(nlp, name, overwrite_ents=overwrite_ents)
