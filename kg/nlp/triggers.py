"""Component ``conflict_triggers``: the trigger lexicon matched into ``doc.spans["triggers"]``.

Each span's ``label_`` is the lexicon kind (event, weak, mode, target, actor, irrealis, report, blame,
generic) and ``kb_id_`` the cf: class or modality (empty when the kind has none). Event and weak
triggers that overlap keep the longest ("rocket attack" over "attack"); other kinds are kept as found.
A word matches by lemma or by its lower-case form, and a POS, when the lexicon gives one, must agree.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("conflict_triggers")
>>> doc = nlp("A rocket attack hit the base.")
>>> [(s.text, s.label_, s.kb_id_) for s in doc.spans["triggers"] if s.label_ in ("event", "weak")]
[('rocket attack', 'event', 'RocketAttack'), ('hit', 'weak', 'Attack')]
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.lexicon import Lexicon, load_lexicon

SPAN_KEY = "triggers"
EVENT_KINDS = ("event", "weak")


def token_patterns(tokens: tuple[tuple[str, str | None], ...], *, use_pos: bool = True) -> list[list[dict]]:
    """Matcher patterns for one lexicon entry: by lemma and by lower-case form (only the latter
    without POS, for untagged Docs)."""
    out = []
    for attr in ("LEMMA", "LOWER") if use_pos else ("LOWER",):
        pattern = []
        for word, pos in tokens:
            spec: dict = {attr: word if attr == "LEMMA" else word.lower()}
            if pos and use_pos:
                spec["POS"] = pos
            pattern.append(spec)
        out.append(pattern)
    return out


class TriggerMatcher:
    def __init__(
        self, nlp: Language, name: str = "conflict_triggers", *, lexicon_path: str | None = None
    ) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self.lexicon: Lexicon = load_lexicon(lexicon_path)
        self.matcher = Matcher(nlp.vocab)
        self.untagged_matcher = Matcher(nlp.vocab)  # for Docs without POS (spacy.blank pipelines)
        self.keys: dict[int, tuple[str, str]] = {}
        for entry in self.lexicon.entries:
            key = f"{entry.kind}|{entry.cls or ''}|{entry.pattern}"
            self.matcher.add(key, token_patterns(entry.tokens))
            self.untagged_matcher.add(key, token_patterns(entry.tokens, use_pos=False))
            self.keys[self.vocab.strings[key]] = (entry.kind, entry.cls or "")

    def __call__(self, doc: Doc) -> Doc:
        events: list[Span] = []
        others: list[Span] = []
        seen: set[tuple[int, int, str, str]] = set()
        matcher = self.matcher if doc.has_annotation("POS") else self.untagged_matcher
        for match_id, start, end in matcher(doc):
            kind, cls = self.keys[match_id]
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
