"""Is a trigger asserted as something that happened? Negation, irrealis and aggregates.

``assertion(token, lexicon=...)`` returns one of:

* ``"asserted"``: reported as having happened ("rockets hit the base");
* ``"negated"``: "did not attack", "no attack was reported";
* ``"irrealis"``: hypothetical, conditional, future or wanted ("could strike", "threatened to attack",
  "unless", "plans to withdraw", "a possible withdrawal");
* ``"generic"``: an aggregate or vague plural ("a series of attacks", "several airstrikes").

The words are data: the ``irrealis`` and ``generic`` entries of ``ontology/triggers.tsv``.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.nlp.lexicon import Lexicon, load_lexicon

MODALS = frozenset(
    {"could", "would", "might", "may", "will", "shall", "should", "must", "can", "'ll", "wo", "ca"}
)
CLAUSE_MARKS = frozenset({"if", "unless", "whether"})
#: dependency labels through which a governing word's irrealis reaches the trigger
GOVERNED_DEPS = frozenset({"xcomp", "ccomp", "dobj", "pobj", "prep", "advcl", "acl", "pcomp", "nsubj"})
NEG_DETERMINERS = frozenset({"no", "never"})


def _children_lower(token: Token, deps: set[str] | frozenset[str]) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in deps}


def is_negated(token: Token) -> bool:
    """The trigger or the verb it is the subject/object of carries a negation."""
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if token.pos_ in ("NOUN", "PROPN") and _children_lower(token, {"det"}) & NEG_DETERMINERS:
        return True
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "dobj") and head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in head.children)
    return False


def is_irrealis(token: Token, *, lexicon: Lexicon | None = None) -> bool:
    """A modal, a conditional clause or a governing intention/threat word above the trigger."""
    lexicon = lexicon or load_lexicon()
    governors = lexicon.words("irrealis") - MODALS - CLAUSE_MARKS - {"to"}
    if token.pos_ in ("NOUN", "PROPN") and (
        {c.lemma_.lower() for c in token.children if c.dep_ in ("amod", "compound")} & governors
    ):
        return True
    current = token
    steps = 0
    while steps < 12:
        steps += 1
        if _children_lower(current, {"aux", "auxpass"}) & MODALS:
            return True
        if _children_lower(current, {"mark"}) & CLAUSE_MARKS:
            return True
        head = current.head
        if head is current:
            return False
        if (
            head.lemma_.lower() in governors
            and current.dep_ in GOVERNED_DEPS
            and head.pos_ in ("VERB", "NOUN", "ADJ")
            and current.dep_ != "nsubj"
        ):
            return True  # "threatened to attack", "plans to withdraw", "called for a withdrawal"
        if current.dep_ in ("ROOT",):
            return False
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        # "to attack" (purpose) and "allow its territory to be used" (an infinitival complement) are
        # not finite clauses: a modal or a negation above them reaches into them
        purpose = current.dep_ in ("advcl", "ccomp") and infinitive
        if (
            current.dep_ in ("ccomp", "advcl", "relcl")
            and head.lemma_.lower() not in governors
            and not purpose
        ):
            # the clause boundary: a modal above a reported clause does not reach into it
            return _children_lower(current, {"mark"}) & CLAUSE_MARKS != set()
        current = head
    return False


def is_generic(token: Token, *, lexicon: Lexicon | None = None, has_specific_date: bool = False) -> bool:
    """A plural noun trigger that names many events ("a series of attacks", "several airstrikes").

    A plural with its own specific date ("airstrikes on Sunday") is not generic.
    """
    lexicon = lexicon or load_lexicon()
    if token.pos_ not in ("NOUN", "PROPN") or token.tag_ not in ("NNS", "NNPS"):
        return False
    quantifiers = lexicon.words("generic")
    words = {c.lower_ for c in token.subtree if c.i < token.i} | {c.lemma_.lower() for c in token.children}
    if token.dep_ == "pobj" and token.head.head.lemma_.lower() in quantifiers:
        return True  # "a series of attacks"
    if words & quantifiers:
        return True
    return not has_specific_date


COUNTING = frozenset({"times"})


def is_aggregate(token: Token) -> bool:
    """ "attacked at least 78 times since October", "more than 20 rocket attacks since late October"."""
    clause = token
    while clause.dep_ not in ("ROOT", "ccomp", "advcl", "relcl", "conj") and clause.head is not clause:
        clause = clause.head
    if any(t.lower_ == "since" and t.dep_ == "prep" for t in token.ancestors) and not any(
        c.dep_ == "advmod" and c.lower_ == "when" for c in token.children
    ):
        # "killed since the outbreak of clashes on August 27": the start of a period; but "since a
        # wave of raids last Friday, when bombers hit 85 targets" tells that one event
        return True
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i != token.i and any(c.dep_ == "mark" and c.lower_ == "since" for c in verb.children):
        return True  # "since the clashes began": the start of a period
    for t in clause.subtree:
        if t.lower_ in COUNTING and any(c.dep_ in ("nummod", "amod", "quantmod") for c in t.children):
            return True
        if (
            t.lower_ == "since"
            and t.dep_ == "prep"
            and (t.head == token or t.head == clause or token.is_ancestor(t))
            and not is_first_since(t.head)
        ):
            return True
        if (
            t.lower_ == "since"
            and t.dep_ == "mark"
            and t.head.head in (token, clause)
            and t.head != clause
            and (
                token.tag_ in ("NNS", "NNPS", "VBN")
                or any(c.dep_ == "aux" and c.lemma_ == "have" for c in token.children)
            )
        ):
            return True  # "people killed since the clashes began": a count over the period
    if token.tag_ in ("NNS", "NNPS"):
        for c in token.children:
            if c.dep_ == "nummod" and any(
                q.lower_ in ("than", "about", "around", "some", "dozens") for q in c.children
            ):
                return True
    return False


#: "the first attack since", "the deadliest strike since 2019": one event, the first of its kind
FIRST_WORDS = frozenset({"first", "last", "latest", "biggest", "largest", "deadliest", "worst", "heaviest"})


def is_first_since(token: Token) -> bool:
    """The word a "since" phrase hangs on is "the first/deadliest/latest X": a single event compared
    with a period, not a count over it."""
    return any(
        c.dep_ in ("amod", "advmod") and (c.lower_ in FIRST_WORDS or c.tag_ == "JJS") for c in token.children
    )


def assertion(token: Token, *, lexicon: Lexicon | None = None, has_specific_date: bool = False) -> str:
    """One of "asserted", "negated", "irrealis", "generic" for the trigger's head token."""
    if is_negated(token):
        return "negated"
    if is_irrealis(token, lexicon=lexicon):
        return "irrealis"
    if is_aggregate(token) or is_generic(token, lexicon=lexicon, has_specific_date=has_specific_date):
        return "generic"
    return "asserted"
