"""From triggers to event mentions: one :class:`MentionFrame` per sentence and event family.

For each sentence, the ``event``/``weak`` triggers (``doc.spans["triggers"]``) that are asserted
(kg/nlp/modality.py) are grouped by PLOVER family; each group is one mention with the most specific
class its triggers and the sentence's ``mode`` words support (a drone hitting a base is a
cf:DroneStrike). Roles come from the dependency parse (kg/nlp/roles.py), the place from the
sentence's places attached to the trigger's clause, the time from the timex spans of the clause, the
numbers from the quantities of the sentence, the reporter from the verb of saying above the trigger.
Sentences without an asserted trigger still pass on allegations ("It was ... blamed on X") and
numbers ("There were no casualties") as anaphoric mentions of the latest event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from spacy.tokens import Doc, Span, Token

from kg.namespace import CF, cf_term
from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.linking import ActorRef, Linker, PlaceRef
from kg.nlp.modality import assertion
from kg.nlp.timex import is_anaphoric
from kg.ontology import is_subclass, plover_code, superclasses

LOW_AUTHORITY = (
    "media",
    "report",
    "reports",
    "source",
    "sources",
    "witness",
    "witnesses",
    "resident",
    "residents",
    "activist",
    "activists",
)
#: people who warn without threatening: "analysts warned that ..."
COMMENTATORS = frozenset(
    {
        "analysts",
        "analyst",
        "experts",
        "expert",
        "observers",
        "critics",
        "diplomats",
        "officials",
        "sources",
        "residents",
        "activists",
        "researchers",
        "economists",
        "people",
    }
)
#: PLOVER families whose event is a statement: the date of "said" is the date of the event
SPEECH_ACTS = frozenset({"THREATEN", "ACCUSE", "REQUEST", "REJECT", "SUPPORT", "AGREE"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
HOUSING_VERBS = frozenset({"house", "host"})  # "Harir hosts US troops", "the base, which houses ..."
LOCATIVE_PREPS = frozenset(
    {"in", "inside", "into", "across", "near", "within", "throughout", "over", "at", "outside", "around"}
)
PLACE_NOUNS = frozenset(
    {
        "province",
        "region",
        "governorate",
        "district",
        "border",
        "side",
        "city",
        "capital",
        "north",
        "south",
        "east",
        "west",
        "territory",
        "countryside",
        "desert",
        "town",
        "village",
        "outskirts",
        "frontier",
        "part",
    }
)
VIOLENT_LEMMAS = frozenset({"kill", "injure", "wound", "explode", "detonate", "martyr"})


@dataclass
class RoleFrame:
    role: str  # perpetrator | alleged_perpetrator | target | victim | participant | reporter
    actor: ActorRef
    modality: str = "Asserted"  # a cf: modality local name
    alleged_by: ActorRef | None = None
    about: Token | None = None  # the event word an allegation is about ("blamed X for [the attack]")


@dataclass
class MentionFrame:
    """One sentence's report of one event."""

    n: int  # order in the document
    sent: Span
    trigger: Span
    cls: URIRef
    roles: list[RoleFrame] = field(default_factory=list)
    place: PlaceRef | None = None
    date: Any | None = None  # a kg.nlp.timex.DateValue
    timex: Span | None = None
    quantities: list[Any] = field(default_factory=list)  # kg.nlp.quantities.Quantity
    reporter: ActorRef | None = None
    authority: int = 1  # 0 anonymous/local media, 1 the article itself, 2 a named official source
    anaphoric: bool = False  # "the attack", "it": refers to an event already mentioned
    after_previous: bool = False  # "days before X met ... on Monday": later than the event it follows
    carrier: bool = False  # no event of its own: only roles/numbers for the latest event
    dropped: bool = False  # not codable (a threat without a named threatener)
    heads: frozenset[int] = frozenset()  # token indexes of all the triggers told as this one event
    background: bool = False  # told inside "after ...", "in retaliation for ...": not the sentence's news
    words: frozenset[str] = frozenset()  # lemmas the text names the event with ("raid", "hit")

    @property
    def family(self) -> str:
        return plover_code(self.cls) or str(self.cls)


def specificity(cls: URIRef) -> int:
    return len(superclasses(cls))


def more_specific(a: URIRef, b: URIRef) -> URIRef:
    """The more specific of two classes when one is a subclass of the other; else ``a``."""
    if a == b:
        return a
    if is_subclass(b, a):
        return b
    return a


def compatible_classes(a: URIRef, b: URIRef) -> bool:
    return a == b or is_subclass(a, b) or is_subclass(b, a)


def triggers_of(doc: Doc) -> list[Span]:
    return list(doc.spans["triggers"]) if "triggers" in doc.spans else []


def timex_of(doc: Doc) -> list[Span]:
    return list(doc.spans["timex"]) if "timex" in doc.spans else []


def quantities_of(doc: Doc) -> list[Span]:
    return list(doc.spans["quantities"]) if "quantities" in doc.spans else []


def date_value(span: Span) -> Any | None:
    return getattr(span._, "date_value", None) if span.has_extension("date_value") else None


def clause_head(token: Token) -> Token:
    """The verb heading the clause the token belongs to."""
    current = token
    for _ in range(20):
        if current.pos_ in ("VERB", "AUX") and current.dep_ in (
            "ROOT",
            "ccomp",
            "advcl",
            "relcl",
            "conj",
            "xcomp",
            "acl",
            "pcomp",
            "csubj",
            "csubjpass",
            "parataxis",
        ):
            return current
        if current.head is current:
            return current
        current = current.head
    return current


SEPARATORS = frozenset(
    {
        "retaliation",
        "response",
        "revenge",
        "reprisal",
        "after",
        "following",
        "before",
        "since",
        "amid",
        "days",
        "weeks",
        "months",
        "earlier",
        "previous",
        "prior",
    }
)


def separated(a: Token, b: Token, *, ordered: bool = True) -> bool:
    """Two tokens of one sentence that report different events: the path between them passes a word
    such as "in retaliation for", "after", "days before". With ``ordered``, also the subject and
    object of a verb that orders events ("the attack followed two raids"); not for a time expression,
    which such a verb shares with both."""
    if a == b:
        return False
    ancestors_a = [a, *a.ancestors]
    ancestors_b = [b, *b.ancestors]
    common = next((t for t in ancestors_a if t in ancestors_b), None)
    if common is None:
        return True
    if ordered and common.lemma_.lower() in SEQUENCE_VERBS and common not in (a, b):
        return True  # "the last American strike followed a missile attack on the base"
    path = [t for t in ancestors_a[: ancestors_a.index(common)]] + [
        t for t in ancestors_b[: ancestors_b.index(common)]
    ]
    for t in path:
        if t.lower_ in SEPARATORS and t not in (a, b):
            return True
        # "pounded ... after nine soldiers were killed": the marker sits on one of the two triggers
        if any(c.dep_ == "mark" and c.lower_ in SEPARATORS for c in t.children):
            return True
        # "struck Kataib Hezbollah, the militia that Washington blamed for the first attack on Taji"
        if t.dep_ in ("relcl", "acl") and t.lemma_.lower() in BLAME_LEMMAS and t not in (a, b):
            return True
        # "ordered the strikes to protect US forces from attacks like one on Aug. 15"
        if t.lemma_.lower() in PURPOSE_SEPARATORS and t not in (a, b):
            return True
    return False


MODALS = frozenset({"will", "would", "could", "may", "might", "should", "must", "shall", "can"})


def trigger_family(trigger: Span) -> str:
    """The PLOVER family of the event a trigger reports (its class name where it has none)."""
    return plover_code(cf_term(trigger.kb_id_)) or trigger.kb_id_


def same_family(a: Span | None, b: Span | None) -> bool:
    """Do two triggers report events of one PLOVER family (or is one of them unknown)?"""
    if a is None or b is None or not a.kb_id_ or not b.kb_id_:
        return True
    return trigger_family(a) == trigger_family(b)


def in_modal_clause(token: Token, top: Token | None, trigger: Token) -> bool:
    """Is ``token`` in a clause of what will, would or could happen ("how long troops will stay in
    Iraq"), below ``top`` (its trigger, or the root) and not above ``trigger``? A place there is not
    where anything told in another clause happened."""
    current = token
    for _ in range(30):
        if (top is not None and current.i == top.i) or current.head.i == current.i:
            return False
        if (
            current.pos_ in ("VERB", "AUX")
            and not is_ancestor(current, trigger)
            and any(c.dep_ == "aux" and c.lower_ in MODALS for c in current.children)
        ):
            return True
        current = current.head
    return False


def relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative clause tells about where the parser lost the clause: in "after an Israeli
    airstrike near Damascus that, according to Iran, killed two officers" the small model makes "that"
    the subject of "killed" and "killed" a clause of its own. The clause is about the nearest noun
    before "that" (over a place phrase hung on it)."""
    if verb.dep_ == "relcl":
        return None  # parsed right: the clause's head is the noun
    pronoun = next(
        (
            c
            for c in verb.children
            if c.dep_ in ("nsubj", "nsubjpass", "mark") and c.lower_ in ("that", "which")
        ),
        None,
    )
    if pronoun is None or pronoun.i == verb.sent.start:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i != pronoun.i for c in verb.children):
        return None  # "... said that the drone killed two": a clause with a subject of its own
    before = verb.doc[pronoun.i - 1]
    if before.pos_ not in ("NOUN", "PROPN"):
        return None
    node = before
    if node.pos_ == "PROPN" and node.dep_ == "pobj" and node.head.head.pos_ in ("NOUN", "PROPN"):
        node = node.head.head  # "an airstrike near Damascus that ...": the airstrike, not the place
    return node


#: verbs whose object is an event spoken of: their time is when it was spoken of, not when it happened
SPOKEN_OF = frozenset(
    {
        "claim",
        "condemn",
        "denounce",
        "investigate",
        "deny",
        "blame",
        "praise",
        "welcome",
        "confirm",
        "discuss",
    }
)
#: verbs of a purpose that names other events ("to protect X from attacks", "to deter strikes")
PURPOSE_SEPARATORS = frozenset({"protect", "prevent", "deter", "defend", "avenge", "punish", "stop"})


#: titles a place name can modify without saying where an event happened
TITLE_NOUNS = frozenset(
    {"secretary", "spokesman", "spokeswoman", "spokesperson", "minister", "governor", "mayor", "chief"}
    | {"ambassador", "envoy", "correspondent", "president", "press", "adviser", "advisor", "director"}
)
#: verbs that order two events: their subject and object are different events
SEQUENCE_VERBS = frozenset({"follow", "precede", "prompt", "trigger", "spark", "provoke"})
#: verbs of blame: an event they are about, in a relative clause, is not the clause's own event
BLAME_LEMMAS = frozenset({"blame", "accuse", "suspect", "hold", "claim"})


#: frequency adverbs that make a present-tense clause habitual, not a report of one event
HABITUAL_ADVERBS = frozenset(
    {
        "usually",
        "often",
        "occasionally",
        "frequently",
        "regularly",
        "sometimes",
        "typically",
        "routinely",
        "generally",
        "normally",
        "rarely",
        "seldom",
        "habitually",
    }
)


def in_hyphen_compound(trigger: Span) -> bool:
    """The trigger is glued by a hyphen to a neighbouring word ("state-sanctioned", "pro-attack"),
    so it is part of a compound word (usually an adjective), not an event.

    >>> import spacy
    >>> doc = spacy.blank("en")("the state-sanctioned group and the sanctions")
    >>> in_hyphen_compound(doc[3:4]), in_hyphen_compound(doc[7:8])
    (True, False)
    """
    doc = trigger.doc
    before = doc[trigger.start - 1] if trigger.start > 0 else None
    after = doc[trigger.end] if trigger.end < len(doc) else None
    if before is not None and before.text == "-" and not before.whitespace_:
        return True
    return after is not None and after.text == "-" and not trigger[-1].whitespace_


def is_habitual(token: Token) -> bool:
    """A frequency adverb on the trigger's verb (or the verb it is conjoined with) and no past tense:
    "they usually announce investigations", "occasionally arrest launch teams"."""
    verbs = [token]
    current = token
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
        verbs.append(current)
    if token.pos_ not in ("VERB", "AUX"):
        return False
    for verb in verbs:
        if verb.tag_ in ("VBD", "VBN"):
            return False
        if {c.lower_ for c in verb.children if c.dep_ == "advmod"} & HABITUAL_ADVERBS:
            return True
    return False


#: "a few times" says one event; "more than 150 times", "dozens of times" tally many
TALLY_WORDS = frozenset({"several", "many", "multiple", "dozens", "hundreds", "numerous", "countless"})


def is_tally(token: Token) -> bool:
    """A verb counted in times ("have been attacked more than 150 times since October"): a tally of
    many events, not one."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    from kg.nlp.quantities import parse_number

    for times in (
        c for c in token.children if c.lemma_.lower() == "time" and c.dep_ in ("npadvmod", "advmod")
    ):
        for mod in times.subtree:
            if mod.lower_ in TALLY_WORDS:
                return True
            if mod.like_num and mod.dep_ == "nummod":
                value = parse_number(mod.text)
                if value is not None and value > 5:
                    return True
    return False


def of_no_one(token: Token) -> bool:
    """ "no American had been killed", "nobody was hurt": a count of zero, not an event of its own."""
    for subject in (c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")):
        if subject.lower_ in ("nobody", "none") or (
            subject.lower_ == "one" and any(c.lower_ == "no" for c in subject.children)
        ):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
            return True
    return False


def when_clause_of(timex: Span, head: Token) -> bool:
    """Is the trigger in a "when" clause on the time expression ("on Christmas Day, when a drone
    hit ...")? Then the time is the event's own."""
    clause = clause_head(head)
    return (
        clause.dep_ == "relcl"
        and timex.start <= clause.head.i < timex.end
        and any(c.lower_ in ("when", "as") for c in clause.children if c.dep_ == "advmod")
    )


ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "obj"})
#: things that "meet" without anyone meeting: "where the borders of Jordan, Syria and Iraq meet"
MEETING_LINES = frozenset(
    {"border", "frontier", "boundary", "line", "road", "highway", "river", "street", "railway", "pipeline",
     "route", "valley", "mountain", "range"}
)  # fmt: skip
AFFILIATION_WORDS = frozenset(
    {"based", "backed", "led", "aligned", "owned", "funded", "run", "linked", "allied", "affiliated",
     "supported", "sponsored", "made", "registered", "flagged"}
)  # fmt: skip
DASHES = frozenset({"-", "\u2013", "\u2014"})


def in_dateline(ent: Span | None) -> bool:
    """Is the entity in a dateline ("SULAIMANI, Kurdistan Region - ...", "BAGHDAD (Reuters) -"): a run of
    names opening a paragraph with an all-capitals word, closed by a dash."""
    if ent is None:
        return False
    doc = ent.doc
    start = ent.start
    while (
        start > 0
        and ent.start - start <= 8
        and not doc[start - 1].is_space
        and doc[start - 1].text not in ".!?"
    ):
        start -= 1
    if ent.start - start > 8 or not doc[start].text.isupper() or len(doc[start].text) < 3:
        return False
    for i in range(ent.end - 1, min(len(doc), ent.end + 6)):
        if doc[i].text in DASHES:
            return True
        if doc[i].pos_ not in ("PROPN", "PUNCT"):
            return False
    return False


#: a definite noun and the gazetteer types of the places it can stand for ("the airport")
PLACE_NOUN_TYPES: dict[str, frozenset[str]] = {
    "airport": frozenset({"Airport", "Facility"}),
    "airbase": frozenset({"MilitaryBase"}),
    "city": frozenset({"Settlement"}),
    "town": frozenset({"Settlement"}),
    "village": frozenset({"Settlement"}),
    "embassy": frozenset({"Building", "Facility"}),
    "field": frozenset({"EnergyFacility"}),
    "province": frozenset({"AdminRegion"}),
    "governorate": frozenset({"AdminRegion"}),
}


def later_main_clause(clause: Token, above: Token) -> bool:
    """Is ``clause`` an "after ..." clause under ``above``? Then ``above``'s time is later than its
    event ("The toll rose on Saturday after a drone attack killed ..."): not the event's date."""
    node = clause
    while node.i != above.i and node.head.i != node.i:
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in ("after", "since") for c in node.children
        ):
            return True
        node = node.head
    return False


def measures_from(timex: Span, head: Token) -> bool:
    """ "hours after US aircraft bombed X", "days before the talks began": the expression hangs on this
    clause, whose "after"/"before" makes it the starting point of another event's time."""
    words = timex.text.lower().split()
    verbs = (head, head.head) if head.dep_ == "conj" else (head,)  # "after they smashed ..., stormed ..."
    if not words or (
        words[-1] not in ("after", "before")
        and not any(c.dep_ == "mark" and c.lower_ in ("after", "before") for v in verbs for c in v.children)
    ):
        return False
    return timex.root.head in verbs and timex.root.dep_ == "npadvmod"


def event_words(trigs: list[Span]) -> set[str]:
    """The lemmas the text names an event with: its triggers, and for a relative clause the noun it
    elaborates ("a wave of raids last Friday, when bombers hit ..." names the hitting "raids")."""
    words = {t.root.lemma_.lower() for t in trigs}
    for t in trigs:
        root = t.root
        if root.dep_ == "relcl":
            noun = root.head
            words.add(noun.lemma_.lower())
            words.update(o.lemma_.lower() for c in noun.children if c.lower_ == "of" for o in c.children)
    return words


#: nouns for a crowd: when a crowd storms or breaks into a place, it is a (violent) protest
CROWD_NOUNS = frozenset(
    {"supporter", "protester", "protestor", "demonstrator", "crowd", "mob", "rioter", "mourner"}
)


def crowd_subject(verb: Token) -> bool:
    """Is the subject of a verb a crowd ("hundreds of militia supporters", "the crowd", "hundreds of
    them" after "supporters")?"""
    while verb.dep_ == "conj" and not any(c.dep_ == "nsubj" for c in verb.children) and verb.head is not verb:
        verb = verb.head
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        nouns = [subject, *(o for c in subject.children if c.lower_ == "of" for o in c.children)]
        for noun in nouns:
            if noun.lemma_.lower() in CROWD_NOUNS:
                return True
            if noun.lower_ == "them" and any(
                t.lemma_.lower() in CROWD_NOUNS for t in verb.doc[verb.sent.start : noun.i]
            ):
                return True
    return False


#: verbs that give their object a name: "called the raid a cowardly attack", "described it as an assault"
NAMING_VERBS = frozenset({"call", "describe", "label", "brand", "term", "denounce", "condemn", "dub"})
#: verbs whose object's time is when it was spoken of or named, not when it happened
SPOKEN_OR_NAMED = SPOKEN_OF | NAMING_VERBS


def names_the_object(token: Token) -> bool:
    """ "called the raid a cowardly attack", "condemned the strike as a violation": the noun only names
    what the verb's object refers to, so it is a re-mention, whatever its article."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "as":
        head = head.head
    elif token.dep_ != "oprd":
        return False
    return head.lemma_.lower() in NAMING_VERBS and any(c.dep_ == "dobj" for c in head.children)


def demonstrative(trigger: Span) -> bool:
    """ "in that strike", "this attack": a demonstrative points back to an event told before, whatever
    else the sentence says ("No one was killed in that strike")."""
    return has_demonstrative(trigger.root)


def has_demonstrative(noun: Token) -> bool:
    return noun.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in ("that", "this", "these", "those") for c in noun.children
    )


def dates_a_tally(timex: Span) -> bool:
    """Does a time expression date a count ("the toll rose to 19 on Saturday", "the number reached
    40 on Monday") rather than an event?"""
    from kg.nlp.quantities import revises_a_tally

    return revises_a_tally(clause_head(timex.root))


def is_ancestor(a: Token, b: Token) -> bool:
    """a is b or an ancestor of b."""
    return a == b or a.is_ancestor(b)


class FrameBuilder:
    """Builds the mention frames of one Doc (see the module docstring)."""

    def __init__(
        self, doc: Doc, *, gazetteer: Any, lexicon: Lexicon | None = None, linker: Linker | None = None
    ) -> None:
        from kg.nlp import roles

        self.doc = doc
        self.lexicon = lexicon or load_lexicon()
        # the caller's linker, when it has one for this Doc, so what it found is found once
        self.linker = linker if linker is not None else Linker(doc, gazetteer=gazetteer, lexicon=self.lexicon)
        self.roles = roles
        self.triggers = triggers_of(doc)
        #: tokens inside a means or event trigger ("Katyusha" is a rocket, not a place)
        self.mode_or_event_tokens = roles.trigger_tokens(doc, ("mode", "event"))
        # anaphoric expressions stay even unresolved ("a day later" is after the publication date when
        # read against it): kg/nlp/event_coref.py anchors them on the event named before them
        self.all_timexes = timex_of(doc)  # with durations ("a day"), which have no date of their own
        self.timexes = [t for t in self.all_timexes if date_value(t) is not None or is_anaphoric(t.text)]
        self.quantities = quantities_of(doc)
        self.report_verbs = self.lexicon.words("report")
        self.last_person: ActorRef | None = None
        self.sentence_heads: dict[int, Span] = {}
        self.group_heads: set[Token] = set()
        self.kept_heads: dict[int, Span] = {}
        self.previous_place: PlaceRef | None = None
        self._sentence_facts: dict[int, tuple[Token, Token | None]] = {}
        self._modifier_use: dict[tuple[int, URIRef], bool] = {}
        #: the latest place of each event family: "the same area" in an attack's sentence is where the
        #: attack told before happened, not where a meeting told in between was held
        self.previous_place_of: dict[str, PlaceRef] = {}
        self._lead_end: int | None = None  # where the first paragraph ends (see in_lead)

    # ------------------------------------------------------------------ helpers
    def in_sent(self, spans: list[Span], sent: Span) -> list[Span]:
        return [s for s in spans if s.start >= sent.start and s.end <= sent.end]

    def inside_name(self, span: Span) -> bool:
        """A trigger word inside a proper name ("Attack Squadron") or inside a date is not a trigger."""
        ent = self.linker.ent_at(span.root)
        return ent is not None and ent.label_ in ("ORG", "PERSON", "FAC", "WORK_OF_ART", "EVENT", "LAW")

    def specific_date_in(self, sent: Span) -> bool:
        for t in self.in_sent(self.timexes, sent):
            value = date_value(t)
            if value is not None and value.precision == "day" and "recent" not in t.text.lower():
                return True
        return False

    def violent_context(self, trigger: Span, sent: Span, triggers: list[Span]) -> bool:
        if self.fires_only_nonlethal(trigger, triggers):
            return False  # "guards fired tear gas and stun grenades": crowd control
        if not is_subclass(cf_term(trigger.kb_id_), CF.Attack):
            # a weak non-violent trigger ("hosted", "received") needs a person as its object
            return any(c.dep_ == "dobj" and c.ent_type_ == "PERSON" for c in trigger.root.children)
        for other in triggers:
            if other is trigger:
                continue
            if (
                other.label_ in ("event", "mode")
                and other.kb_id_
                and is_subclass(cf_term(other.kb_id_), CF.Attack)
            ):
                return True
        if self.violent_arguments(trigger):
            return True
        # "The US strikes, carried out on Thursday, hit five facilities": one weak word vouches for another
        return any(
            other is not trigger
            and other.label_ == "weak"
            and other.kb_id_
            and is_subclass(cf_term(other.kb_id_), CF.Attack)
            and self.violent_arguments(other)
            for other in triggers
        )

    def fires_only_nonlethal(self, trigger: Span, triggers: list[Span]) -> bool:
        """Are all the objects of a weak trigger crowd-control means ("fired tear gas and stun
        grenades at the crowd")?"""
        inside = {i for t in triggers if t.label_ == "nonlethal" for i in range(t.start, t.end)}
        objects = [o for c in trigger.root.children if c.dep_ == "dobj" for o in self.roles.with_conjuncts(c)]
        return bool(objects) and all(o.i in inside for o in objects)

    def violent_arguments(self, trigger: Span) -> bool:
        """A weak attack word ("hit", "struck", "strikes") with a target, a place or a victim as an
        argument: "hit five facilities", "struck near Erbil", "killed two"."""
        target_words = self.lexicon.words("target")
        head = trigger.root
        for child in head.children:
            args = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
            for arg in args:
                if arg.lemma_.lower() in target_words or arg.lower_ in target_words:
                    return True
                ent = self.linker.ent_at(arg)
                if (
                    ent is not None
                    and ent.label_ in ("FAC", "GPE", "LOC")
                    and child.dep_ in ("dobj", "nsubjpass", "prep")
                ):
                    return True
        return head.lemma_.lower() in VIOLENT_LEMMAS and any(
            c.dep_ in ("dobj", "nsubjpass") and (self.linker.actor_for(c) is not None or c.like_num)
            for c in head.children
        )

    def reporter_of(self, token: Token, sent: Span) -> tuple[ActorRef | None, int]:
        """Who says the sentence's claim (the subject of a verb of saying above the trigger) and how
        authoritative that is."""
        current = token
        for _ in range(20):
            head = current.head
            if head is current:
                break
            if head.lemma_.lower() in self.report_verbs and current.dep_ in (
                "ccomp",
                "parataxis",
                "xcomp",
                "advcl",
                "conj",
                "dobj",
            ):
                return self._sayer(head)
            current = head
        # "..., coalition spokesman X said" with the trigger in the main clause
        root, according = self.sentence_facts(sent)
        if root.lemma_.lower() in self.report_verbs and not is_ancestor(token, root):
            return self._sayer(root)
        if according is not None:
            return self._source_actor(according)
        return None, 1

    def sentence_facts(self, sent: Span) -> tuple[Token, Token | None]:
        """The sentence's root and the source of its "according to X", found once per sentence
        (``Span.root`` and a scan of the tokens cost a walk over the sentence each time)."""
        facts = self._sentence_facts.get(sent.start)
        if facts is None:
            according = None
            for t in self.linker.tokens(sent):
                if t.lower_ == "according" and t.i + 1 < len(self.doc) and t.nbor(1).lower_ == "to":
                    according = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
                    if according is not None:
                        break
            facts = (sent.root, according)
            self._sentence_facts[sent.start] = facts
        return facts

    def _sayer(self, verb: Token) -> tuple[ActorRef | None, int]:
        for c in verb.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                return self._source_actor(c)
        if verb.dep_ in ("advcl", "xcomp") and verb.tag_ == "VBG" and verb.head is not verb:
            return self._sayer(verb.head)  # "a monitor gave a higher toll, saying four were killed"
        return None, 1

    def _source_actor(self, token: Token) -> tuple[ActorRef | None, int]:
        if token.lower_ in ("he", "she") and self.last_person is not None:
            return self.last_person, 2
        if token.lemma_.lower() in LOW_AUTHORITY or any(
            t.lemma_.lower() in LOW_AUTHORITY for t in token.subtree
        ):
            return None, 0
        actor = self.linker.actor_for(token)
        if actor is None:
            for t in token.subtree:
                ent = self.linker.ent_at(t)
                if ent is not None and ent.label_ in ("PERSON", "ORG"):
                    actor = self.linker.actor_for(t)
                    break
        if actor is not None and actor.cls == "Person":
            self.last_person = actor
        return actor, 2 if actor is not None else 1

    def owner(self, token: Token, heads: dict[int, Span]) -> Span | None:
        """The nearest trigger above ``token`` in the parse (itself included), or None."""
        current = token
        for _ in range(30):
            if current.i in heads:
                return heads[current.i]
            if current.head is current:
                return None
            current = current.head
        return None

    def in_lead(self, sent: Span) -> bool:
        """Is the sentence in the first paragraph with text (a dateline's paragraph)?"""
        if self._lead_end is None:
            text = self.linker.text
            start = len(text) - len(text.lstrip())
            end = text.find("\n\n", start)
            self._lead_end = end if end >= 0 else len(text)
        return sent.start_char < self._lead_end

    @functools.cached_property
    def dateline_place(self) -> PlaceRef | None:
        """The most specific place of the article's dateline, if it has one (found once per article)."""
        places = [
            place
            for ent in self.linker.ents[:4]
            if in_dateline(ent) and (place := self.linker.place_for(ent.root)) is not None
        ]
        return max(places, key=lambda p: p.specificity) if places else None

    def earlier_place_like(self, sent: Span) -> PlaceRef | None:
        """ "The airport", "the town", "the base": the latest place of that kind named before the
        sentence ("The airport was last targeted in February" after "the airport in Erbil")."""
        for t in self.linker.tokens(sent):
            kinds = PLACE_NOUN_TYPES.get(t.lemma_.lower())
            if (
                kinds is None
                or t.pos_ != "NOUN"
                or self.linker.ent_at(t) is not None
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in t.children)
                or any(c.dep_ in ("compound", "amod", "poss", "prep") for c in t.children)
            ):
                continue
            earlier = self.linker.places_in(self.doc[: sent.start])
            for tok, place in reversed(earlier):
                # "in Theyban town ... in the town", "Al-Hamdan airport ... the airport"
                ent = self.linker.ent_at(tok)
                if ent is None:
                    continue
                near = [
                    self.doc[i] for i in (ent.start - 3, ent.start - 2, ent.end) if 0 <= i < len(self.doc)
                ]
                if any(n.lemma_.lower() == t.lemma_.lower() for n in near):
                    return place
            for _tok, place in reversed(earlier):
                types = {place.cls} if place.new else self.linker.types_of(str(place.iri))
                if place.new and "Settlement" in types:
                    types |= {"AdminRegion"}  # a new place named by the parser: GPE, town or province
                if types & kinds:
                    return None if place.new else place  # an unknown town: no better place to give
            return None
        return None

    def refers_to_previous_place(self, sent: Span) -> bool:
        """ "there", "the same city", "the area": the place of the previous mention."""
        for t in self.linker.tokens(sent):
            if t.lower_ == "there" and t.dep_ == "advmod":
                return True
            if (
                t.lower_
                in ("same", "area", "town", "city", "village", "base", "field", "airport", "compound", "camp")
                and any(
                    c.lower_ in ("the", "same")
                    for c in (t.head.children if t.lower_ == "same" else t.children)
                )
                and t.lower_ != "base"
            ):
                return True
        return False

    def quantity_owner(self, quantity: Span, trigs: list[Span]) -> bool:
        """Is the number about this mention's triggers? The nearest trigger above it in the parse, else
        the nearest in the text, among the sentence's kept triggers."""
        kept = self.kept_heads
        if len(kept) <= 1:
            return True
        owner = self.owner(quantity.root, {i: t for i, t in kept.items()})
        if owner is None:
            owner = min(kept.values(), key=lambda t: abs(t.root.i - quantity.root.i))
        return any(owner.root == t.root for t in trigs)

    def time_for(self, head: Token, sent: Span, *, speech_act: bool = False) -> Span | None:
        """The time expression of the trigger's clause, else of the sentence (not of a verb of saying
        after it: "..., the spokesman said on Saturday", unless the event is itself something said,
        such as a threat: "Biden said on Wednesday that he had warned ...")."""
        candidates = self.in_sent(self.timexes, sent)
        if not candidates:
            return None
        clause = clause_head(head)
        same, above, other = [], [], []
        for t in candidates:
            if any(tok.is_ancestor(head) for tok in t) and not when_clause_of(t, head):
                continue  # "hours after the air raids": a time measured from this event, not its own
            if (
                (head.dep_ == "dobj" and head.head.lemma_.lower() in SPOKEN_OR_NAMED)
                or names_the_object(head)
            ) and (not head.is_ancestor(t.root) or t.root.head.lower_ == "by"):
                continue  # "no group claimed the attack by Thursday": the time of the claim
            verb = clause_head(t.root)
            if verb.lemma_.lower() in SEQUENCE_VERBS and any(
                c.dep_ == "nsubj" and (c == head or c.is_ancestor(head)) for c in verb.children
            ):
                continue  # "the attack followed two raids last month": the raids' time
            if measures_from(t, head):
                continue  # "..., hours after US aircraft bombed X": the main clause's time, from this one
            if t.root.dep_ in ("poss", "compound", "amod", "nmod") and not head.is_ancestor(t.root):
                continue  # "last year's protest movement": the date of something else
            if (
                head.head == t.root.head
                and head.dep_ == "relcl"
                and any(c.dep_ == "advmod" and c.lower_ == "when" for c in head.children)
            ):
                same.append(t)  # "since a wave of raids last Friday, when bombers hit 85 targets"
                continue
            if t.root.dep_ == "npadvmod" and t.root.head.pos_ == "NOUN" and t.root.head != head:
                continue  # "the third attempt this week": the date of that noun
            if dates_a_tally(t):
                continue  # "the death toll from the strikes rose to 19 on Saturday": the count's date
            owner = self.owner(t.root, self.sentence_heads)
            if (
                owner is not None
                and head.dep_ == "relcl"
                and head.head == owner.root
                and owner.root.i not in self.kept_heads
            ):
                same.append(t)  # "two raids last month that killed 12 soldiers": the raids are told here
                continue
            if owner is not None and owner.root != head and owner.root in self.group_heads:
                same.append(t)  # "When a drone fired ... on Jan. 4, it killed two": one event
                continue
            if owner is not None and owner.root != head and not is_ancestor(owner.root, head):
                continue  # the time of another event of the sentence
            if owner is not None and owner.root != head and separated(owner.root, head):
                continue  # "pounded ... on Friday after soldiers were killed": the main clause's time
            if owner is None and not is_anaphoric(t.text) and separated(t.root, head, ordered=False):
                continue  # "struck on Sunday in retaliation for a rocket attack": the strike's time
            tclause = clause_head(t.root)
            if tclause == clause:
                same.append(t)
            elif tclause.lemma_.lower() in self.report_verbs:
                if speech_act and is_ancestor(tclause, head):
                    above.append(t)
                elif t.start < tclause.i:
                    other.append(t)
            elif is_ancestor(tclause, head):
                day = date_value(t)
                if not (later_main_clause(clause, tclause) and day is not None and day.precision == "day"):
                    above.append(t)
            elif tclause.dep_ not in ("relcl", "acl", "advcl", "pcomp", "xcomp"):
                other.append(t)
            elif tclause.dep_ == "relcl" and tclause.head.head == head and tclause.head.dep_ in ARGUMENTS:
                other.append(t)  # "shot down a drone that was heading for the airport late on Wednesday"
            elif tclause.dep_ == "acl" and tclause.tag_ == "VBN" and is_ancestor(head, tclause):
                other.append(t)  # "struck facilities used by X late on Thursday": a participle has no date
        for group in (same, above, other):
            if group:
                return min(group, key=lambda t: abs(t.root.i - head.i))
        return None

    def modifier_use(self, token: Token, place: PlaceRef) -> bool:
        """See ``_modifier_use``; answered once per token (it depends on the token alone)."""
        key = (token.i, place.iri)
        if key not in self._modifier_use:
            self._modifier_use[key] = self._modifier_use_of(token, place)
        return self._modifier_use[key]

    def _modifier_use_of(self, token: Token, place: PlaceRef) -> bool:
        """A place named as an actor or a modifier, not as where something happened: "Washington's
        presence", "the United States withdraws", "US warplanes", "a US defence firm", "accused Turkey",
        "according to the Pentagon"."""
        if any(t.lower_ == "according" for t in token.ancestors):
            return True
        ent = self.linker.ent_at(token)
        if (
            ent is not None
            and ent.text.isupper()
            and len(ent.text) > 3
            and (ent.start == 0 or self.doc[ent.start - 1].is_space)
        ):
            return True  # a dateline: "ERBIL, Kurdistan Region -"
        if in_dateline(ent):
            return True  # "SULAIMANI, Kurdistan Region - Four workers were killed ..."
        if ent is not None and ent.end + 1 < len(self.doc):
            dash, word = self.doc[ent.end], self.doc[ent.end + 1]
            if dash.text == "-" and word.lower_ in AFFILIATION_WORDS:
                return True  # "a UAE-based consortium", "Iran-backed groups": not where it happened
        if token.i in self.mode_or_event_tokens:
            return True  # "Katyusha" is a rocket, not a place
        if place.is_country:
            node = token
            while node.dep_ in ("conj", "appos", "compound") and node.head is not node:
                node = node.head
            locative = node.dep_ == "pobj" and node.head.lower_ in LOCATIVE_PREPS
            if not locative:
                return True
        if token.dep_ in ("nsubj", "poss") and not (
            token.dep_ == "poss" and token.head.lemma_.lower() in PLACE_NOUNS
        ):
            return True
        if token.dep_ in ("compound", "nmod", "amod") and token.head.pos_ in ("NOUN", "PROPN"):
            head = token.head.lemma_.lower()
            if head in self.lexicon.words("actor") or (place.is_country and head not in PLACE_NOUNS):
                return True
            if head in TITLE_NOUNS or token.head.ent_type_ == "PERSON":
                return True  # "Pentagon press secretary John Kirby", "Baghdad governor": who, not where
        return False

    def place_for(self, head: Token, sent: Span) -> PlaceRef | None:
        places = [(tok, p) for tok, p in self.linker.places_in(sent) if not self.modifier_use(tok, p)]
        if not places:
            return None
        own, shared = [], []
        for tok, p in places:
            owner = self.owner(tok, self.sentence_heads)
            if in_modal_clause(tok, owner.root if owner is not None else None, head):
                continue  # "how long troops will stay in Iraq": not where anything told here happened
            if owner is None:
                if clause_head(tok).lemma_.lower() in self.report_verbs and not is_ancestor(
                    clause_head(tok), head
                ):
                    continue
                shared.append((tok, p))
            elif owner.root == head or owner.root in self.group_heads:
                own.append((tok, p))
            elif is_ancestor(owner.root, head) and same_family(owner, self.sentence_heads.get(head.i)):
                shared.append((tok, p))  # not a meeting's place for the attack it mentions in passing
        pool = own or shared
        if not pool:
            return None
        return max(pool, key=lambda x: (x[1].specificity, not x[1].near, -x[0].i))[1]

    # ------------------------------------------------------------------ main
    def occupants(self) -> dict[URIRef, list[tuple[ActorRef, Span]]]:
        """Who each facility houses, from anywhere in the article: "Harir hosts US and coalition troops",
        "the base, which houses US forces", "Ain al-Asad, home to Iraqi and US forces"."""
        out: dict[URIRef, list[tuple[ActorRef, Span]]] = {}
        for token in self.linker.tokens_with(lemmas=HOUSING_VERBS, lowers=frozenset({"home"})):
            lemma = token.lemma_.lower()
            if not ((lemma in HOUSING_VERBS and token.pos_ == "VERB") or token.lower_ == "home"):
                continue
            places = [c for c in token.children if c.dep_ == "nsubj"]
            if token.dep_ in ("relcl", "acl", "appos", "attr"):
                places.append(token.head)
            if token.dep_ == "attr" and token.head.lemma_ == "be":
                places += [c for c in token.head.children if c.dep_ == "nsubj"]
            place = next(
                (p for t in places if (p := self.linker.place_for(t)) is not None and not p.is_country), None
            )
            if place is None:
                continue
            objects = [c for c in token.children if c.dep_ == "dobj"]
            objects += [
                o
                for c in token.children
                if c.dep_ == "prep" and c.lower_ == "to"
                for o in self.roles.pobjs(c)
            ]
            for o in objects:
                # "hosts troops of the US-led coalition": the coalition too
                for actor in [
                    *self.roles._actors_plain(o, self.linker),
                    *self.roles.organisation_of(o, self.linker),
                ]:
                    out.setdefault(place.iri, []).append((actor, token.sent))
        return out

    def build(self) -> list[MentionFrame]:
        frames: list[MentionFrame] = []
        sentences = self.doc.sents if self.doc.has_annotation("SENT_START") else [self.doc[:]]
        for sent in sentences:
            frames.extend(self.sentence_frames(sent, len(frames)))
        return frames

    def sentence_frames(self, sent: Span, n0: int) -> list[MentionFrame]:
        triggers = self.in_sent(self.triggers, sent)
        events = [
            t for t in triggers if t.label_ in ("event", "weak") and t.kb_id_ and not self.inside_name(t)
        ]
        modes = [t for t in triggers if t.label_ == "mode" and t.kb_id_]
        specific = self.specific_date_in(sent)
        kept: list[Span] = []
        anaphoric: dict[int, bool] = {}
        self.sentence_heads = {t.root.i: t for t in events}
        for trig in events:
            if trig.label_ == "weak" and (
                not self.violent_context(trig, sent, triggers) or of_no_one(trig.root)
            ):
                continue
            if (
                trig.root.dep_ in ("compound", "amod", "nmod")
                and trig.root.head.pos_ in ("NOUN", "PROPN")
                and trig.root.head.i > trig.root.i
                and not any(
                    t.start <= trig.root.head.i < t.end for t in triggers if t.label_ in ("event", "weak")
                )
            ):
                continue  # "protest movement", "attack helicopter", "attack drone": a modifier
            if in_hyphen_compound(trig):
                continue  # "state-sanctioned", "Iran-backed", "one-way": part of a compound word
            if is_habitual(trig.root) or is_tally(trig.root):
                continue  # "usually announce investigations", "have been attacked more than 150 times"
            definite = bool(
                {c.lower_ for c in trig.root.children if c.dep_ in ("det", "poss")} & DEFINITE
            ) or any(c.dep_ == "poss" for c in trig.root.children)
            state = assertion(trig.root, lexicon=self.lexicon, has_specific_date=specific or definite)
            if state != "asserted":
                continue
            kept.append(trig)
            dets = {c.lower_ for c in trig.root.children if c.dep_ in ("det", "poss")}
            anaphoric[trig.start] = (
                (trig.root.pos_ == "NOUN" and (bool(dets & DEFINITE) or definite))
                or any(c.dep_ == "nsubjpass" and c.lower_ in ("it", "they") for c in trig.root.children)
                or names_the_object(trig.root)
            )  # "it was brought down before reaching its target": the drone just told of
        self.kept_heads = {t.root.i: t for t in kept}
        dropped = {t.root.i for t in events if t.root.i not in self.kept_heads}
        # "the latest in more than 20 rocket attacks": a mode on a dropped (tallied) event colours nothing
        modes = [m for m in modes if m.root.head.i not in dropped and m.root.i not in dropped]
        # group by family; a trigger in "in retaliation for ...", "after ..." is another event
        groups: list[tuple[str, list[Span]]] = []
        for trig in kept:
            family = trigger_family(trig)
            # a lost relative clause joins the event of its noun; one about another family's noun
            # ("an airstrike that killed ..." read as a killing) stands alone
            told_of = relative_antecedent(trig.root)
            family_groups = [trigs for fam, trigs in groups if fam == family]
            told = next((trigs for trigs in family_groups if any(o.root == told_of for o in trigs)), None)
            if told is None and not any(t.root == told_of for t in kept):
                told = next(
                    (
                        trigs
                        for trigs in family_groups
                        if not any(
                            separated(trig.root, o.root) or self.clauses_elsewhere(trig.root, o.root)
                            for o in trigs
                        )
                    ),
                    None,
                )
            if told is not None:
                told.append(trig)
            else:
                groups.append((family, [trig]))
        frames: list[MentionFrame] = []
        for family, trigs in groups:
            own_modes = [m for m in modes if not any(separated(m.root, t.root) for t in trigs)]
            frames.append(
                self.make_frame(
                    n0 + len(frames),
                    sent,
                    trigs,
                    own_modes if family == "ASSAULT" else [],
                    all(anaphoric.get(t.start, False) for t in trigs) or any(demonstrative(t) for t in trigs),
                )
            )
        frames = [f for f in frames if not f.dropped]
        frames = [split for f in frames for split in self.split_by_place(f)]
        self.date_from_later(sent, frames)
        for i, f in enumerate(frames):
            f.n = n0 + i
        if not frames:
            carrier = self.carrier_frame(sent, n0, triggers)
            if carrier is not None:
                frames.append(carrier)
        elif any(f.family == "ASSAULT" for f in frames):
            self.add_allegations(sent, [f for f in frames if f.family == "ASSAULT"])
        else:
            # "Biden blamed Iran-backed groups and vowed ...": the blame is about the latest attack
            allegations = self.roles.allegations(sent, self.linker, lexicon=self.lexicon)
            if allegations:
                carrier = MentionFrame(
                    n=n0 + len(frames),
                    sent=sent,
                    trigger=sent[0:1],
                    cls=CF.Attack,
                    anaphoric=True,
                    carrier=True,
                )
                carrier.roles = list(allegations)
                frames.append(carrier)
        return frames

    def make_frame(
        self, n: int, sent: Span, trigs: list[Span], modes: list[Span], anaphoric: bool
    ) -> MentionFrame:
        cls = cf_term(trigs[0].kb_id_)
        for trig in trigs[1:]:
            other = cf_term(trig.kb_id_)
            if cls == CF.InterceptedAttack or other == CF.InterceptedAttack:
                cls = CF.InterceptedAttack
            elif compatible_classes(cls, other):
                cls = more_specific(cls, other)
            elif len(trig) > 1 and len(trigs[0]) == 1:
                cls = other
        for mode in modes:
            mcls = cf_term(mode.kb_id_)
            if is_subclass(mcls, cls):
                cls = mcls
        if cls == CF.Attack and any(crowd_subject(t.root) for t in trigs):
            cls = CF.Protest  # "hundreds of supporters stormed the compound": a violent protest
        if cls == CF.Protest and any(self.roles.summoning_verb(t.root) is not None for t in trigs):
            cls = CF.Accusation  # "summoned the ambassador to protest": a formal complaint, no crowd
        main = max(trigs, key=lambda t: (specificity(cf_term(t.kb_id_)), t.root.pos_ == "VERB"))
        head = main.root
        self.group_heads = {t.root for t in trigs}
        frame = MentionFrame(
            n=n,
            sent=sent,
            trigger=main,
            cls=cls,
            anaphoric=anaphoric,
            heads=frozenset(t.root.i for t in trigs),
        )
        frame.reporter, frame.authority = self.reporter_of(head, sent)
        frame.background = head != sent.root and separated(head, sent.root, ordered=False)
        frame.words = frozenset(event_words(trigs))
        timex = None
        for trig in [main, *[t for t in trigs if t is not main]]:
            timex = self.time_for(trig.root, sent, speech_act=plover_code(cls) in SPEECH_ACTS)
            if timex is not None:
                break
        if timex is not None:
            frame.timex = timex
            frame.date = date_value(timex)
        frame.place = self.place_for(head, sent)
        if frame.place is None:
            frame.place = self.earlier_place_like(sent)
        previous = self.previous_place_of.get(frame.family, self.previous_place)
        if frame.place is None and previous is not None and self.refers_to_previous_place(sent):
            frame.place = previous
        if frame.place is None and self.in_lead(sent):
            frame.place = self.dateline_place  # "BAGHDAD - Rockets hit a base ...": the lead's place
        if frame.place is not None:
            self.previous_place = self.previous_place_of[frame.family] = frame.place
        frame.after_previous = any(
            c.dep_ == "mark" and c.lower_ in ("before",) for t in trigs for c in clause_head(t.root).children
        )
        for trig in trigs:
            frame.roles.extend(self.roles.roles_for(trig, frame, self.linker, lexicon=self.lexicon))
        frame.quantities = [
            getattr(q._, "quantity", None)
            for q in self.in_sent(self.quantities, sent)
            if self.quantity_owner(q, trigs)
        ]
        frame.quantities = [q for q in frame.quantities if q is not None]
        if frame.cls == CF.Threat and not any(
            r.role == "perpetrator" and r.actor.label.lower().split()[-1] not in COMMENTATORS
            for r in frame.roles
        ):
            frame.dropped = True  # "analysts warned": not a codable threat
        if frame.family == "CONSULT" and head.pos_ == "VERB":
            subjects = [c for c in head.children if c.dep_ == "nsubj"]
            if subjects and all(s.lemma_.lower() in MEETING_LINES for s in subjects):
                frame.dropped = True  # "where the borders of Jordan, Syria and Iraq meet": no one met
        if (
            frame.family not in ("ASSAULT", "CONSULT", "THREATEN")
            and frame.date is None
            and any(c.dep_ == "aux" and c.lemma_ == "have" for c in head.children)
        ):
            frame.dropped = True  # undated present perfect: background ("troops have been withdrawn")
        if frame.reporter is not None:
            frame.roles.append(RoleFrame("reporter", frame.reporter))
        if frame.anaphoric and frame.date is not None and not self.points_back(frame):
            frame.anaphoric = False  # "the strikes on Thursday": dated, so told as news
        return frame

    def points_back(self, frame: MentionFrame) -> bool:
        """ "That barrage of rockets on Wednesday evening killed ...": a demonstrative refers to an event
        told before even where the sentence dates it."""
        return any(has_demonstrative(self.doc[i]) for i in frame.heads)

    def date_from_later(self, sent: Span, frames: list[MentionFrame]) -> None:
        """ "Supporters withdrew on Wednesday, a day after hundreds of them stormed the compound": the
        event an "after" clause tells took place that long before the day of the clause it hangs on."""
        from kg.nlp.timex import resolve_time_expression

        spans = self.in_sent(self.all_timexes, sent)
        for frame in frames:
            borrowed = frame.timex is not None and not frame.trigger.root.is_ancestor(frame.timex.root)
            if frame.date is not None and not borrowed:
                continue  # dated in its own words
            for timex in spans:
                words = timex.text.split()
                clause = timex.root.head
                marked = words[-1].lower() == "after" or any(
                    c.dep_ == "mark" and c.lower_ == "after" for c in clause.children
                )
                in_days = bool({w.lower() for w in words} & {"day", "days"})  # "hours after": either day
                if not (marked and in_days and measures_from(timex, frame.trigger.root)):
                    continue
                anchor = next(
                    (
                        value
                        for t in spans
                        if clause_head(t.root) == clause.head
                        and (value := date_value(t)) is not None
                        and value.precision == "day"
                    ),
                    None,
                )
                if anchor is not None:
                    earlier = " ".join([*(words[:-1] if words[-1].lower() == "after" else words), "earlier"])
                    value = resolve_time_expression(earlier, anchor=anchor.date, direction="nearest")
                    if value is not None and value.precision == "day":
                        frame.date, frame.timex = value, None
                break

    def clause_place(self, verb: Token) -> PlaceRef | None:
        """The place a clause names for itself below a country ("launched at Mission Support Site
        Conoco", "shot down another drone near the Rumalyn landing zone")."""
        holders = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass"))]
        for holder in holders:
            for prep in (c for c in holder.children if c.dep_ == "prep"):
                for o in self.roles.pobjs(prep):
                    place = self.linker.place_for(o)
                    if place is not None and not place.is_country:
                        return place
        return None

    def clauses_elsewhere(self, a: Token, b: Token) -> bool:
        """Two conjoined clauses, each with a subject of its own, that name different places are two
        events: "Two drones were launched at Conoco, and the coalition shot down another drone near
        the Rumalyn landing zone"."""
        if a.dep_ == "conj" and a.head == b:
            first, second = b, a
        elif b.dep_ == "conj" and b.head == a:
            first, second = a, b
        else:
            return False
        if not all(
            v.pos_ == "VERB" and any(c.dep_ in ("nsubj", "nsubjpass") for c in v.children)
            for v in (first, second)
        ):
            return False
        here, there = self.clause_place(first), self.clause_place(second)
        return here is not None and there is not None and here.iri != there.iri

    def conjoined_places(self, head: Token) -> list[PlaceRef]:
        """The places of plural events told at once: "attacks on Ain al-Asad air base and on the
        al-Tanf garrison", "struck bases in Erbil and Baghdad". Countries are not split on."""
        holders = [head] if head.tag_ == "NNS" else []
        holders += [c for c in head.children if c.dep_ == "dobj" and c.tag_ == "NNS"]
        places: list[PlaceRef] = []
        for holder in holders:
            wanted = LOCATIVE_PREPS | self.roles.TARGET_PREPS
            preps = [c for c in holder.children if c.dep_ == "prep" and c.lower_ in wanted]
            preps += [x for prep in preps for x in prep.subtree if x.dep_ == "conj" and x.pos_ == "ADP"]
            for prep in preps:
                for o in self.roles.pobjs(prep):
                    place = self.linker.place_for(o)
                    if place is not None and not place.is_country and place not in places:
                        places.append(place)
        return places

    def split_by_place(self, frame: MentionFrame) -> list[MentionFrame]:
        """One frame per place when a plural event names several places (see ``conjoined_places``):
        each is its own event with the same roles and date; numbers stay with the first, since the
        text does not say how they divide."""
        if frame.family != "ASSAULT" or frame.carrier:
            return [frame]
        places = self.conjoined_places(frame.trigger.root)
        if len(places) < 2 or (frame.place is not None and frame.place not in places):
            return [frame]
        first = frame.place or places[0]
        frame.place = first
        rest = [dataclasses.replace(frame, place=p, roles=list(frame.roles), quantities=[]) for p in places]
        return [frame, *[f for f in rest if f.place != first]]

    def add_allegations(self, sent: Span, frames: list[MentionFrame]) -> None:
        allegations = self.roles.allegations(sent, self.linker, lexicon=self.lexicon)
        if not allegations:
            return
        for role in allegations:
            target = next(
                (f for f in frames if role.about is not None and f.trigger.root == role.about), None
            )
            target = target or next(
                (f for f in frames if role.about is not None and is_ancestor(role.about, f.trigger.root)),
                None,
            )
            if target is None and role.about is not None:
                # "the drone attack ... at Tower 22, an outpost ..., which Washington blamed on X": the
                # event told last before the words the allegation hangs on
                before = [f for f in frames if f.trigger.root.i <= role.about.i]
                target = max(before, key=lambda f: f.trigger.root.i) if before else None
            target = target or frames[0]
            for told in [f for f in frames if f.trigger == target.trigger]:  # split by place: each
                if role.actor.iri in {r.actor.iri for r in told.roles}:
                    # an asserted perpetrator that is only blamed: downgrade
                    told.roles = [
                        r
                        for r in told.roles
                        if not (r.actor.iri == role.actor.iri and r.role == "perpetrator")
                    ]
                told.roles.append(role)

    def carrier_frame(self, sent: Span, n: int, triggers: list[Span]) -> MentionFrame | None:
        """A sentence with no event of its own may still report allegations or numbers about the
        latest event ("It was ... blamed on X", "There were no casualties")."""
        allegations = self.roles.allegations(sent, self.linker, lexicon=self.lexicon)
        quantities = [getattr(q._, "quantity", None) for q in self.in_sent(self.quantities, sent)]
        quantities = [q for q in quantities if q is not None and q.kind in ("fatalities", "injuries")]
        if not allegations and not quantities:
            return None
        first = sent[0] if not sent[0].is_space else sent[1] if len(sent) > 1 else sent[0]
        refers = first.lower_ in ("it", "this", "there") or any(
            t.label_ in ("event", "weak") and t.root.tag_ == "NN" and not self.inside_name(t)
            for t in triggers
        )
        if not refers and any(
            t.label_ == "event" or (t.label_ == "weak" and t.root.lemma_.lower() not in VIOLENT_LEMMAS)
            for t in triggers
        ):
            return None  # numbers or blame about some other (generic) attacks
        frame = MentionFrame(n=n, sent=sent, trigger=sent[0:1], cls=CF.Attack, anaphoric=True, carrier=True)
        frame.roles = list(allegations)
        frame.quantities = quantities
        frame.reporter, frame.authority = self.reporter_of(sent.root, sent)
        return frame


def resolve_after(value: Any, timex: Span | None, anchor: dt.date) -> Any:
    """Re-resolve a timex forward from ``anchor`` (the discourse rule for "days before ... on Monday")."""
    if timex is None:
        return value
    try:
        from kg.nlp.timex import resolve_time_expression
    except ImportError:
        return value
    return resolve_time_expression(timex.text, anchor=anchor, direction="future") or value
