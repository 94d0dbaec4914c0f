"""Linking noun phrases to actors and places: gazetteer IRIs first, new individuals otherwise.

A :class:`Linker` is made per Doc. ``actor_for(token)`` gives the actor a noun phrase headed by
``token`` names (or None): a gazetteer entity (a place in an actor's slot stands for the actor it
``cf:standsFor``, e.g. "Washington" for the US government; a country stands for its state), a named
entity the model found (a new individual typed from the text: "Colonel Wayne Marotto" -> cf:Person
"Wayne Marotto"), or a common noun analysts code as an actor ("armed groups", "US troops",
"fighters"; cf:ActorCategory or cf:ArmedForces). ``place_for(token)`` does the same for places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from kg.iris import actor_iri, place_iri
from kg.namespace import as_uri, local_name
from kg.nlp.lexicon import Lexicon, load_lexicon

ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: demonyms the suffix rules in ``Linker.demonym_state`` miss
DEMONYMS = {
    "american": "United States",
    "us": "United States",
    "u.s.": "United States",
    "british": "United Kingdom",
    "turkish": "Turkey",
    "lebanese": "Lebanon",
    "saudi": "Saudi Arabia",
    "emirati": "United Arab Emirates",
    "french": "France",
    "kuwaiti": "Kuwait",
    "qatari": "Qatar",
    "yemeni": "Yemen",
    "iraqi": "Iraq",
    "israeli": "Israel",
    "iranian": "Iran",
    "syrian": "Syria",
    "jordanian": "Jordan",
    "russian": "Russia",
}
PLACE_LABELS = frozenset({"GPE", "FAC", "LOC"})
#: actor nouns for a part of a government ("the foreign ministry")
OFFICE_NOUNS = frozenset({"ministry"})
#: common nouns that make the name before them a place, whatever the model labelled it: "the al-Azim
#: district", "the Hay al-Amil neighbourhood", "Hol camp"; class and specificity of the new place
AREA_NOUNS: dict[str, tuple[str, int]] = {
    "district": ("AdminRegion", 3),
    "subdistrict": ("AdminRegion", 3),
    "county": ("AdminRegion", 3),
    "village": ("Settlement", 4),
    "town": ("Settlement", 4),
    "neighbourhood": ("Settlement", 4),
    "neighborhood": ("Settlement", 4),
    "suburb": ("Settlement", 4),
    "quarter": ("Settlement", 4),
    "camp": ("Facility", 4),
}
FORCE_NOUNS = frozenset(
    {
        "troops",
        "troop",
        "force",
        "forces",
        "military",
        "army",
        "soldier",
        "serviceman",
        "servicemen",
        "personnel",
        "police",
        "navy",
        "guard",
    }
)
ARMED_NOUNS = frozenset(
    {
        "militia",
        "militant",
        "insurgent",
        "rebel",
        "gunman",
        "fighter",
        "jihadist",
        "group",
        "faction",
        "attacker",
        "assailant",
    }
)
TITLES = frozenset(
    {
        "president",
        "prime",
        "minister",
        "colonel",
        "col",
        "col.",
        "general",
        "gen",
        "gen.",
        "lieutenant",
        "lt",
        "lt.",
        "major",
        "maj",
        "maj.",
        "captain",
        "capt",
        "capt.",
        "sergeant",
        "sgt",
        "sgt.",
        "commander",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "chief",
        "leader",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "dr",
        "dr.",
        "sheikh",
        "king",
        "prince",
        "ayatollah",
        "foreign",
        "defence",
        "defense",
        "interior",
        "vice",
        "deputy",
        "brigadier",
        "admiral",
        "senator",
        "governor",
        "ambassador",
        "former",
        "the",
        "coalition",
        "army",
        "military",
    }
)
ARMED_GROUP_WORDS = re.compile(
    r"\b(brigades?|hezbollah|hizbollah|militia|resistance|front|battalions?|movement|jihad|mobilization|"
    r"mobilisation|islamic state|isis|isil|daesh|al-qaeda|taliban|houthis?|ansar|asaib|kataib|saraya|"
    r"committee)\b",
    re.I,
)
ARMED_FORCES_WORDS = re.compile(r"\b(army|armed forces|military|air force|navy|police|forces|guard)\b", re.I)
MEDIA_WORDS = re.compile(r"\b(media|news|agency|tv|television|press|reuters|afp|ap)\b", re.I)
_STRIP_DEPS = frozenset(
    {
        "det",
        "nummod",
        "quantmod",
        "predet",
        "case",
        "punct",
        "advmod",
        "poss",
        "prep",
        "cc",
        "conj",
        "relcl",
        "acl",
        "appos",
    }
)


@dataclass(frozen=True)
class ActorRef:
    """An actor (or a place) named in the text. ``cls`` and ``label`` are set for new individuals;
    ``new`` is False for gazetteer entries (their triples live in the gazetteer graph)."""

    iri: URIRef
    label: str
    cls: str | None = None
    new: bool = False
    extra: tuple[tuple[str, URIRef], ...] = field(default=())  # e.g. (("country", iri),)
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class PlaceRef:
    iri: URIRef
    label: str
    cls: str | None = None
    new: bool = False
    specificity: int = 0
    near: bool = False
    is_country: bool = False
    typed_by_text: bool = False  # a new place the text names with an area noun ("the al-Azim district")


class Linker:
    """Per-Doc linking of tokens to actors and places (see the module docstring)."""

    def __init__(
        self, doc: Doc, *, gazetteer: Any, lexicon: Lexicon | None = None, text: str | None = None
    ) -> None:
        self.doc = doc
        self._text = text  # the Doc's text when the caller has it: Doc.text joins every token again
        self._attrs: Any = None
        self.gazetteer = gazetteer
        self.lexicon = lexicon or load_lexicon()
        self.actor_nouns = self.lexicon.words("actor")
        self.ents: tuple[Span, ...] = tuple(doc.ents)  # doc.ents builds new Span objects on every access
        self.ent_of: dict[int, Span] = {}
        self._places: dict[int, PlaceRef | None] = {}
        self._tokens: dict[tuple[int, int], list[Token]] = {}
        self._places_in: dict[tuple[int, int], tuple[tuple[Token, PlaceRef], ...]] = {}
        for ent in self.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent

    # ------------------------------------------------------------------ gazetteer helpers
    def entry(self, iri: str) -> Any | None:
        if self.gazetteer is None or not iri:
            return None
        try:
            return self.gazetteer.get(as_uri(iri))
        except (KeyError, LookupError):
            return None

    def types_of(self, iri: str) -> set[str]:
        entry = self.entry(iri)
        return {local_name(t) for t in (getattr(entry, "types", ()) or ())} if entry is not None else set()

    def chain(self, iri: URIRef) -> list[URIRef]:
        if self.gazetteer is None:
            return [iri]
        try:
            chain = [as_uri(x) for x in self.gazetteer.chain(iri)]
        except (KeyError, LookupError, AttributeError):
            return [iri]
        return chain if chain and chain[0] == iri else [iri, *chain]

    def stands_for(self, iri: URIRef) -> URIRef | None:
        try:
            value = self.gazetteer.stands_for(iri) if self.gazetteer is not None else None
        except (KeyError, LookupError, AttributeError):
            return None
        return as_uri(value) if value else None

    def tokens(self, span: Span) -> list[Token]:
        """The span's tokens as a list, made once per span: the rules walk each sentence several
        times, and iterating a Span makes every Token again."""
        key = (span.start, span.end)
        found = self._tokens.get(key)
        if found is None:
            found = self._tokens[key] = list(span)
        return found

    @property
    def text(self) -> str:
        """The Doc's text (the same string as ``doc.text``), joined at most once."""
        if self._text is None:
            self._text = self.doc.text
        return self._text

    def tokens_with(
        self, *, lemmas: frozenset[str] = frozenset(), lowers: frozenset[str] = frozenset()
    ) -> list[Token]:
        """The Doc's tokens whose lemma is in ``lemmas`` or whose lower-case form is in ``lowers``,
        found on the Doc's attribute arrays instead of a Python pass over every token.

        A lemma is matched lower-case, capitalised and upper-case (a proper noun keeps its case as
        its lemma: "the Army"); callers still check what they need of each token.
        """
        if self._attrs is None:
            self._attrs = self.doc.to_array([LEMMA, LOWER]).tolist()
        lemma_ids = {get_string_id(v) for w in lemmas for v in (w, w.capitalize(), w.upper())}
        lower_ids = {get_string_id(w) for w in lowers}
        return [
            self.doc[i]
            for i, (lemma, lower) in enumerate(self._attrs)
            if lemma in lemma_ids or lower in lower_ids
        ]

    def sides(self, iri: URIRef) -> frozenset[URIRef]:
        """The actor and those it acts for (see ``Gazetteer.sides``)."""
        try:
            return self.gazetteer.sides(iri) if self.gazetteer is not None else frozenset({iri})
        except (KeyError, LookupError, AttributeError):
            return frozenset({iri})

    def is_place_entry(self, iri: str) -> bool:
        entry = self.entry(iri)
        return entry is not None and getattr(entry, "kind", "") == "place"

    # ------------------------------------------------------------------ actors
    def ent_at(self, token: Token) -> Span | None:
        return self.ent_of.get(token.i)

    def kb_of(self, token: Token) -> str:
        """The gazetteer IRI of the entity the token is in, or ''."""
        ent = self.ent_of.get(token.i)
        return ent.kb_id_ if ent is not None else ""

    def actor_for(self, token: Token) -> ActorRef | None:
        """The actor named by the noun phrase headed by ``token``, or None."""
        ent = self.ent_at(token)
        if ent is None:
            # "the US-led coalition", "Iraq's army": a named modifier and an actor noun head
            return self._common_actor(token)
        if ent.kb_id_:
            iri = as_uri(ent.kb_id_)
            entry = self.entry(ent.kb_id_)
            label = str(getattr(entry, "label", ent.text)) if entry is not None else ent.text
            if self.is_place_entry(ent.kb_id_):
                types = self.types_of(ent.kb_id_)
                stands = self.stands_for(iri)
                if stands is not None:
                    sentry = self.entry(str(stands))
                    return ActorRef(
                        stands, str(getattr(sentry, "label", label)), start=ent.start_char, end=ent.end_char
                    )
                if types & {"Country", "State"}:
                    return ActorRef(iri, label, start=ent.start_char, end=ent.end_char)
                common = self._common_actor(token)
                return common
            if token.lemma_.lower() in FORCE_NOUNS and token.i == ent.end - 1 and len(ent) == 1:
                pass
            return ActorRef(iri, label, start=ent.start_char, end=ent.end_char)
        if ent.label_ in ACTOR_LABELS and named_area(ent) is None:
            if (ent.label_ == "NORP" and token.pos_ == "ADJ") or (
                ent.label_ == "NORP" and token.dep_ in ("amod", "compound")
            ):
                state = self.demonym_state(ent.text)
                if state is not None:
                    return state
            if ent.label_ == "NORP":
                if token.i == ent.end - 1 and token.tag_ in ("NNPS", "NNS") and len(ent) == 1:
                    # "the Americans", "Iranians": the people of a state, as a category
                    label = clean_name(ent.text)
                    return ActorRef(
                        actor_iri(label), label, "ActorCategory", True, start=ent.start_char, end=ent.end_char
                    )
                return self._common_actor(token) if token.i == ent.end - 1 and token.pos_ == "NOUN" else None
            return self.new_actor(ent)
        if ent.label_ == "GPE":
            label = clean_name(ent.text)
            return ActorRef(actor_iri(label), label, "State", True, start=ent.start_char, end=ent.end_char)
        return None

    def demonym_state(self, text: str) -> ActorRef | None:
        """ "Iranian" -> Iran, "Israeli" -> Israel, "American" -> the United States (gazetteer states)."""
        word = text.strip().split()[-1] if text.strip() else ""
        candidates = [DEMONYMS.get(word.lower(), "")]
        for suffix, repl in (
            ("ian", ""),
            ("ian", "ia"),
            ("i", ""),
            ("ese", ""),
            ("ish", "ey"),
            ("an", ""),
            ("an", "a"),
        ):
            if word.lower().endswith(suffix):
                candidates.append(word[: len(word) - len(suffix)] + repl)
        finder = getattr(self.gazetteer, "find", None)
        if finder is None:
            return None
        for name in candidates:
            if not name:
                continue
            for entry in finder(name):
                types = {local_name(t) for t in entry.types}
                if types & {"State", "Country"}:
                    return ActorRef(as_uri(entry.iri), str(entry.label))
        return None

    def new_actor(self, ent: Span) -> ActorRef | None:
        if is_platform(ent.text):
            return None  # "MQ-9 Reaper", "Strike Eagles": weapons, not actors
        if ent.label_ == "PERSON":
            label = strip_titles(ent)
            if not label:
                return None
            return ActorRef(actor_iri(label), label, "Person", True, start=ent.start_char, end=ent.end_char)
        label = clean_name(ent.text)
        if not label or not any(c.isalpha() for c in label):
            return None
        if ARMED_GROUP_WORDS.search(label):
            cls = "NonStateArmedGroup"
        elif ARMED_FORCES_WORDS.search(label):
            cls = "ArmedForces"
        elif MEDIA_WORDS.search(label):
            cls = "MediaOrganization"
        else:
            cls = "Organization"
        return ActorRef(actor_iri(label), label, cls, True, start=ent.start_char, end=ent.end_char)

    def antecedent(self, token: Token) -> ActorRef | None:
        """ "the group", "the militia": the latest organisation named before it."""
        for ent in reversed(self.ents):
            if ent.end > token.i or ent.label_ not in ("ORG",):
                continue
            actor = self.actor_for(ent.root)
            if actor is not None and actor.cls not in ("Person", "State", "MediaOrganization"):
                types = self.types_of(str(actor.iri)) if not actor.new else set()
                if types & {"Person", "MediaOrganization", "GovernmentOffice"}:
                    continue
                return actor
        return None

    def _common_actor(self, token: Token) -> ActorRef | None:
        lemma = token.lemma_.lower()
        if lemma in ("group", "militia", "faction", "organisation", "organization", "movement") and [
            c.lower_ for c in token.lefts
        ] == ["the"]:
            found = self.antecedent(token)
            if found is not None:
                return found
        if token.pos_ not in ("NOUN", "PROPN") or (
            lemma not in self.actor_nouns and token.lower_ not in self.actor_nouns
        ):
            return None
        span = core_phrase(token)
        label = span_label(span)
        if not label:
            return None
        extra: list[tuple[str, URIRef]] = []
        country: URIRef | None = None
        for t in span:
            ent = self.ent_at(t)
            if ent is not None and ent.kb_id_ and t.i < token.i:
                types = self.types_of(ent.kb_id_)
                if types & {"Country", "State"}:
                    country = as_uri(ent.kb_id_)
                else:
                    stands = self.stands_for(as_uri(ent.kb_id_))
                    if stands is not None:
                        country = stands
        if lemma in OFFICE_NOUNS:
            cls = "GovernmentOffice"
            owner = next((c for c in token.children if c.dep_ == "poss" and self.ent_at(c) is not None), None)
            if owner is not None and owner.i < span.start:
                # "Iraq's foreign ministry": one office per state, so the state stays in its name
                label = f"{clean_name(self.ent_at(owner).text)}'s {label}"  # type: ignore[union-attr]
        elif lemma in FORCE_NOUNS and country is not None:
            cls = "ArmedForces"
            extra.append(("country", country))
        elif lemma in FORCE_NOUNS or lemma in ARMED_NOUNS:
            cls = "ActorCategory"
        else:
            cls = "ActorCategory"
        return ActorRef(
            actor_iri(label), label, cls, True, tuple(extra), start=span.start_char, end=span.end_char
        )

    # ------------------------------------------------------------------ places
    def place_for(self, token: Token) -> PlaceRef | None:
        """The place the entity at ``token`` names, or None (found once per token: frames ask often)."""
        if token.i in self._places:
            return self._places[token.i]
        place = self._place_for(token)
        self._places[token.i] = place
        return place

    def _place_for(self, token: Token) -> PlaceRef | None:
        ent = self.ent_at(token)
        if ent is None:
            return None
        area = named_area(ent)
        if area is not None and not ent.kb_id_:
            label = clean_name(ent.text)
            if label and any(c.isalpha() for c in label):
                cls, specificity = AREA_NOUNS[area]
                return PlaceRef(
                    place_iri(label), label, cls, True, specificity, is_near(ent), typed_by_text=True
                )
        near = is_near(ent)
        if ent.kb_id_:
            if not self.is_place_entry(ent.kb_id_):
                return None
            iri = as_uri(ent.kb_id_)
            entry = self.entry(ent.kb_id_)
            types = self.types_of(ent.kb_id_)
            return PlaceRef(
                iri,
                str(getattr(entry, "label", ent.text)),
                None,
                False,
                len(self.chain(iri)),
                near,
                bool(types & {"Country"}),
            )
        if ent.label_ in PLACE_LABELS:
            label = clean_name(ent.text)
            if not label or not any(c.isalpha() for c in label):
                return None
            cls = {"GPE": "Settlement", "FAC": "Facility", "LOC": "Place"}[ent.label_]
            return PlaceRef(
                place_iri(label), label, cls, True, {"GPE": 3, "FAC": 4, "LOC": 2}[ent.label_], near
            )
        return None

    def places_in(self, span: Span) -> list[tuple[Token, PlaceRef]]:
        """The places named in ``span`` where something can happen: origins ("fired from X"), blamed
        actors ("blamed on Washington") and places inside titles ("Kurdistan Region Prime Minister")
        are left out (see :func:`non_locative`)."""
        key = (span.start, span.end)
        if key in self._places_in:
            return list(self._places_in[key])
        out = []
        seen: set[int] = set()
        for ent in self.ents:
            if ent.start < span.start or ent.end > span.end or ent.start in seen:
                continue
            if non_locative(ent):
                continue
            place = self.place_for(ent.root)
            if place is not None:
                seen.add(ent.start)
                out.append((ent.root, place))
        self._places_in[key] = tuple(out)
        return out


DISTANCE_WORDS = frozenset(
    {"km", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile", "metres", "meters", "away"}
)
BLAME_VERBS = frozenset({"blame", "accuse", "suspect", "pin", "attribute", "hold"})
#: verbs whose object is who is spoken to, not where: "warned Tehran", "urged Baghdad"
ADDRESSEE_VERBS = frozenset({"warn", "threaten", "urge", "tell", "call", "ask", "summon", "caution"})
TITLE_HEADS = frozenset(
    {
        "minister",
        "president",
        "governor",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "official",
        "officials",
        "commander",
        "ambassador",
        "ministry",
        "premier",
        "leader",
        "chief",
        "envoy",
        "mayor",
        "counterpart",
    }
)


def non_locative(ent: Span) -> bool:
    """A place name that does not say where an event happened.

    An origin ("rockets fired from Syria", "from the direction of the Golan Heights", "reinforcements
    from Hasakah"; but "20 km from Erbil" is a location), an actor in a blame frame ("blamed on
    Washington", "accused Tehran"), or a place inside a title ("Kurdistan Region Prime Minister
    Masrour Barzani", "the Baghdad governor").
    """
    node = ent.root
    while (
        node.dep_ in ("conj", "appos", "compound")
        and node.head is not node
        and node.head.i not in range(ent.start, ent.end)
    ):
        if node.dep_ == "compound":
            break
        node = node.head
    head = node.head
    if node.dep_ == "pobj" and head.lower_ == "of" and head.head.lower_ in ("direction", "side", "territory"):
        node = head.head
        head = node.head
    if node.dep_ == "pobj" and head.lower_ == "from":
        before = head.doc[head.i - 1] if head.i > 0 else None
        owner = head.head
        if not (owner.lower_ in DISTANCE_WORDS or (before is not None and before.lower_ in DISTANCE_WORDS)):
            return True
    if node.dep_ == "pobj" and head.lower_ in ("on", "to") and head.head.lemma_.lower() in BLAME_VERBS:
        return True
    if node.dep_ == "dobj" and head.lemma_.lower() in BLAME_VERBS | ADDRESSEE_VERBS:
        return True
    if ent.root.dep_ in ("compound", "nmod") and ent.root.head.i >= ent.end:
        title = ent.root.head
        if title.lower_ in TITLE_HEADS or (title.ent_type_ == "PERSON" and ent.label_ != "PERSON"):
            return True
    return False


def named_area(ent: Span) -> str | None:
    """The area noun that makes ``ent`` a place ("the al-Azim district" -> "district"), or None.

    The small model often labels such names ORG or PERSON; the noun right after the name, which the
    name modifies, says what it is."""
    doc = ent.doc
    if ent.end >= len(doc) or ent.label_ in ("NORP", "DATE", "TIME", "CARDINAL", "ORDINAL"):
        return None
    noun = doc[ent.end]
    lemma = noun.lemma_.lower()
    if lemma not in AREA_NOUNS or ent.root.head.i != noun.i:
        return None
    return lemma


def is_near(ent: Span) -> bool:
    """The place is introduced by "near", "outside", "north of", "km from"..."""
    head = ent.root.head
    words = {head.lower_}
    if head.dep_ == "prep":
        words.add(head.head.lower_)
    return bool(
        words
        & {
            "near",
            "outside",
            "around",
            "north",
            "south",
            "east",
            "west",
            "northeast",
            "northwest",
            "southeast",
            "southwest",
            "from",
            "close",
            "outskirts",
        }
    )


def core_phrase(token: Token) -> Span:
    """The noun phrase of ``token`` without determiners, numbers and clauses.

    "the two US troops" -> "US troops".
    """
    left = token.i
    for child in token.lefts:
        if child.dep_ in _STRIP_DEPS:
            continue
        left = min(left, min(t.i for t in child.subtree))
    doc = token.doc
    while left < token.i and (
        doc[left].dep_ in _STRIP_DEPS or doc[left].lower_ in ("at", "least", "'s", "’s")
    ):
        left += 1
    return doc[left : token.i + 1]


def span_label(span: Span) -> str:
    """The label of a common-noun actor: "Gunmen" at a sentence start -> "gunmen"."""
    words = [t.text if t.pos_ == "PROPN" or t.ent_type_ or t.is_upper else t.lower_ for t in span]
    text = " ".join(words)
    text = " ".join(text.split())
    text = re.sub(r"\s*-\s*", "-", text)
    return text


def is_platform(text: str) -> bool:
    """A weapon platform's name, which is never an actor: "MQ-9 Reaper", "F-15E Strike Eagles", "F-16".

    >>> is_platform("MQ-9 Reaper"), is_platform("Strike Eagles"), is_platform("Kataib Hezbollah")
    (True, True, False)
    """
    return bool(PLATFORM_NAMES.search(text))


PLATFORM_NAMES = re.compile(
    r"\b([A-Z]{1,3}-\d{1,3}[A-Z]?|Reapers?|Predators?|Strike Eagles?|Apaches?|Black Hawks?|HIMARS|Tomahawks?|"
    r"Shaheds?|Katyushas?|Patriots?)\b"
)


def clean_name(text: str) -> str:
    """Drop a leading article and possessive, close spaces around hyphens:
    "the Ain al-Assad" -> "Ain al-Assad", "Abu Baqir al - Saadi" -> "Abu Baqir al-Saadi".

    >>> clean_name("the Abu Baqir al - Saadi's")
    'Abu Baqir al-Saadi'
    >>> clean_name("Kurdistan Region - A")
    'Kurdistan Region'
    """
    text = " ".join(text.split())
    # "al - Saadi" (an Arabic article split off by the tokenizer) -> "al-Saadi"; any other spaced dash
    # separates two things ("Kurdistan Region - A drone ...", a dateline): keep what comes before it
    text = re.sub(
        r"\b(al|el|as|ad|ash|ar|az|an|at|bin|ibn|abu|bani|beni)\s+-\s+(?=\w)", r"\1-", text, flags=re.I
    )
    text = re.split(r"\s+[-–—]\s+", text)[0]
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)
    text = re.sub(r"\s*['’]s$", "", text)
    return text.strip(" ,.;:")


def strip_titles(ent: Span) -> str:
    """A person's name without titles: "Colonel Wayne Marotto" -> "Wayne Marotto"."""
    tokens = list(ent)
    while tokens and (
        tokens[0].lower_.rstrip(".") in {t.rstrip(".") for t in TITLES}
        or (tokens[0].ent_type_ in ("NORP", "GPE") and len(tokens) > 2)
    ):
        tokens = tokens[1:]
    if not tokens:
        return ""
    return clean_name(ent.doc[tokens[0].i : ent.end].text)
