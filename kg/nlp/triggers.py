"""Component ``conflict_triggers``: the trigger lexicon matched into ``doc.spans["triggers"]``.

Each span's ``label_`` is the lexicon kind (event, weak, mode, target, actor, irrealis, report, blame,
generic) and ``kb_id_`` the cf: class or modality (empty when the kind has none). Event and weak
triggers that overlap keep the longest ("rocket attack" over "attack"); other kinds are kept as found.
A word matches by lemma or by its lower-case form, and a POS, when the lexicon gives one, must agree.
Two ``PhraseMatcher`` tables (on LEMMA and on LOWER) find the candidates; the POS check runs in
Python on those few hits, which is several times faster than one token pattern per entry.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("conflict_triggers")
>>> doc = nlp("A rocket attack hit the base.")
>>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["triggers"] if s.label_ in ("event", "weak")]
[('rocket attack', 'event', 'RocketAttack'), ('hit', 'weak', 'Attack')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.lexicon import Lexicon, LexiconEntry, load_lexicon

SPAN_KEY = "triggers"
EVENT_KINDS = ("event", "weak")


class TriggerMatcher:
    def __init__(
        self, nlp: Language, name: str = "conflict_triggers", *, lexicon_path: str | None = None
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon: Lexicon = load_lexicon(lexicon_path)
        self.by_lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.entries: dict[int, LexiconEntry] = {}
        for entry in self.lexicon.entries:
            key = f"{entry.kind}|{entry.cls or ''}|{entry.pattern}"
            words = [word for word, _ in entry.tokens]
            self.by_lemma.add(key, [Doc(nlp.vocab, words=words, lemmas=words)])
            self.by_lower.add(key, [Doc(nlp.vocab, words=[word.lower() for word in words])])
            self.entries[self.vocab.strings[key]] = entry

    def _candidates(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(key, start, end) of every match; POS must agree on tagged Docs (untagged: by form only)."""
        if not doc.has_annotation("POS"):  # spacy.blank pipelines: lower-case forms, no POS check
            return list(self.by_lower(doc))
        found = list(self.by_lower(doc))
        if doc.has_annotation("LEMMA"):
            found += self.by_lemma(doc)
        kept = []
        for key, start, end in found:
            tokens = self.entries[key].tokens
            if all(pos is None or doc[start + i].pos_ == pos for i, (_, pos) in enumerate(tokens)):
                kept.append((key, start, end))
        return kept

    def __call__(self, doc: Doc) -> Doc:
        events: list[Span] = []
        others: list[Span] = []
        seen: set[tuple[int, int, str, str]] = set()
        for key, start, end in self._candidates(doc):
            entry = self.entries[key]
            kind, cls = entry.kind, entry.cls or ""
            if (start, end, kind, cls) in seen:
                continue
            seen.add((start, end, kind, cls))
            span = Span(doc, start, end, label=kind, kb_id=cls)
            (events if kind in EVENT_KINDS else others).append(span)
        spans = sorted([*filter_spans(events), *others], key=lambda s: (s.start, s.end, s.label_))
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory(
    "conflict_triggers",
    assigns=["doc.spans"],
    default_config={"lexicon_path": None},
)
def make_trigger_matcher(nlp: Language, name: str, lexicon_path: str | None) -> TriggerMatcher:
    return TriggerMatcher(nlp, name, lexicon_path=lexicon_path)
