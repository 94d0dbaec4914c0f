"""Semantic roles from the dependency parse: who did what to whom, and who is only blamed.

``roles_for(trigger, frame, linker)`` reads the arguments of one trigger:

* attacks: active subject = perpetrator, object / "at", "on", "against" = target, passive "was hit
  by X" = perpetrator X (unless X is the weapon: "hit by a rocket attack"), the victims of killing and
  injuring verbs; a facility hit brings in who it houses ("a base that houses US troops") and whose it
  is ("a coalition base"); a noun trigger's modifiers ("Israeli strikes", "attack by X", "attack on Y");
  who defeats an incoming munition ("US forces engaged three drones") and who is harmed ("coalition
  personnel suffered minor injuries") were targets; a hedged author ("most likely launched by X",
  "X is believed to have fired") is only suspected;
* meetings: subject, "with" objects and conjuncts = participants;
* protests: subject = participants, object = target ("supporters stormed the embassy"); a ministry
  that "summoned the US and British ambassadors to protest" is the protester, the envoys' states
  the targets;
* threats, withdrawals, arrests, sanctions: subject = perpetrator, object = target.

``allegations(sent, linker)`` reads "blamed on X", "X blamed Y", "accused X of", "suspected X",
"X claimed responsibility", "claimed by X", "X denied", "the militia that Washington blamed for the
attack" into alleged perpetrators with their modality
and, when the sentence says who alleges it, ``alleged_by``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from kg.namespace import CF, as_uri, cf_term
from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.linking import ActorRef, Linker
from kg.ontology import is_subclass, plover_code

if TYPE_CHECKING:
    from kg.nlp.frames import MentionFrame, RoleFrame

TARGET_PREPS = frozenset({"at", "on", "against", "toward", "towards", "targeting", "upon", "into"})
OCCUPANT_VERBS = frozenset({"house", "host", "home", "station", "use", "carry", "transport"})
STATES = frozenset({"Country", "State"})
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "him", "her"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
OBJECT_PRONOUNS = frozenset({"him", "her"})
LIGHT_VERBS = frozenset(
    {
        "carry",
        "launch",
        "conduct",
        "stage",
        "mount",
        "execute",
        "perform",
        "unleash",
        "hold",
        "make",
        "order",
        "claim",
        "chair",
        "attend",
        "convene",
        "host",
        "lead",
    }
)
#: verbs whose object (or passive subject) is a victim
HARM_VERBS_OF_VICTIMS = frozenset({"kill", "injure", "wound", "martyr"})
#: event nouns whose "of" names the victim ("the assassination of X", "the abduction of two workers")
KILLING_NOUNS = frozenset(
    {"killing", "assassination", "murder", "abduction", "kidnapping", "execution", "beheading", "death"}
)
#: nouns for a part of a meeting or a campaign: "a session of the talks", "a round of strikes"
SESSION_NOUNS = frozenset({"session", "round", "part", "wave", "series"})
UNDERGO_VERBS = frozenset({"come", "suffer", "face", "sustain", "repel", "repulse", "survive"})
#: nouns naming a violent act that a group can claim ("claimed the barrage", "an attack X later claimed")
CLAIMABLE_NOUNS = frozenset(
    {
        "attack",
        "barrage",
        "strike",
        "bombing",
        "assault",
        "raid",
        "operation",
        "shelling",
        "blast",
        "explosion",
        "killing",
        "ambush",
        "salvo",
        "volley",
        "assassination",
        "kidnapping",
        "abduction",
        "incident",
        "it",
    }
)


def is_claimable(token: Token, lexicon: Lexicon) -> bool:
    """A noun a claim of responsibility can be about: an event noun or a weapon ("the rockets")."""
    return (
        token.lemma_.lower() in CLAIMABLE_NOUNS
        or token.lower_ in CLAIMABLE_NOUNS
        or is_weapon(token, lexicon)
    )


def _role(
    role: str,
    actor: ActorRef,
    modality: str = "Asserted",
    alleged_by: ActorRef | None = None,
    about: Token | None = None,
) -> RoleFrame:
    from kg.nlp.frames import RoleFrame

    return RoleFrame(role, actor, modality, alleged_by, about)


def with_conjuncts(token: Token) -> list[Token]:
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(with_conjuncts(c))
    return out


def pobjs(prep: Token) -> list[Token]:
    return [t for c in prep.children if c.dep_ == "pobj" for t in with_conjuncts(c)]


def is_weapon(token: Token, lexicon: Lexicon) -> bool:
    """A noun naming the means or the event itself ("rocket", "drone", "attack", "system")."""
    words = lexicon.words("mode") | lexicon.words("event") | lexicon.words("weak")
    if token.lemma_.lower() in words or token.lower_ in words:
        return True
    return token.i in weapon_tokens(token.doc)


def weapon_tokens(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens inside mode/event/weak trigger spans (see ``trigger_tokens``)."""
    return trigger_tokens(doc, ("mode", "event", "weak"))


def trigger_tokens(doc: Doc, labels: tuple[str, ...]) -> frozenset[int]:
    """Indexes of the tokens inside trigger spans with one of ``labels``, computed once per Doc and
    labels (walking the span group makes a Python object per span, and rules ask this per noun)."""
    key = "kg_trigger_tokens:" + ",".join(labels)
    cached = doc.user_data.get(key)
    if cached is None:
        spans = doc.spans.get("triggers", [])
        cached = frozenset(i for span in spans if span.label_ in labels for i in range(span.start, span.end))
        doc.user_data[key] = cached
    return cached


def resolve_pronoun(token: Token, linker: Linker) -> ActorRef | None:
    """ "it" as the subject of a clause reported by X is X ("the US military said it had targeted")."""
    if token.lower_ not in PRONOUNS:
        return None
    current = token.head
    for _ in range(6 if token.lower_ not in OBJECT_PRONOUNS else 0):  # "warned him": not the speaker
        if current.dep_ in ("ccomp", "xcomp", "advcl", "conj") and current.head is not current:
            verb = current.head
            for c in verb.children:
                if c.dep_ == "nsubj" and c is not token and c.lower_ not in PRONOUNS:
                    if not agrees_in_number(token, c):
                        return (
                            None  # "the Iraqi military said they [the strikes] killed ...": not the military
                        )
                    return linker.actor_for(named_as(c, linker))
            current = verb
        else:
            break
    if token.lower_ in PERSON_PRONOUNS:
        # "he", "him": the latest person named before it
        for ent in reversed(token.doc.ents):
            if (
                ent.end <= token.i
                and ent.label_ == "PERSON"
                and not (
                    ent.root.dep_ == "nsubj" and token.lower_ in OBJECT_PRONOUNS and ent.sent == token.sent
                )
            ):
                return linker.actor_for(ent.root)
    return None


def agrees_in_number(pronoun: Token, noun: Token) -> bool:
    """Can a pronoun stand for a noun? "they" is no singular common noun ("the ministry"), "it" no
    plural one ("the factions"); names may take either ("Kataib Hezbollah said they ...")."""
    if noun.pos_ == "PROPN":
        return True
    if pronoun.lower_ == "they":
        return noun.tag_ != "NN"
    if pronoun.lower_ == "it":
        return noun.tag_ != "NNS"
    return True


#: vehicles and weapons platforms: their owner is the attacker ("US jets struck", "Turkish warplanes")
PLATFORM_NOUNS = frozenset(
    {
        "jet",
        "warplane",
        "aircraft",
        "plane",
        "helicopter",
        "gunship",
        "bomber",
        "fighter-bomber",
        "warship",
        "destroyer",
        "artillery",
        "tank",
        "battery",
        "navy",
        "air force",
    }
)
#: common nouns for the members of a group: "two members of the PMF" is coded as the PMF
PARTITIVE_NOUNS = frozenset(
    {"member", "members", "fighter", "fighters", "element", "elements", "militant", "militants", "operative"}
)


def weapon_owners(weapon: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """Who a weapon or platform belongs to: "a Turkish drone" -> Turkey, "US warplanes" -> the United
    States, "Iraqi F-16 fighter jets" -> Iraq (the demonym even when the model tags "Iraqi F-16" as
    an organisation). Platform names themselves ("F-16", "MQ-9 Reaper") are never actors."""
    out: list[ActorRef] = []
    for m in weapon.subtree:
        if m.i >= weapon.i or m.dep_ in ("det", "nummod", "punct", "prep", "pobj") or is_weapon(m, lexicon):
            continue
        if m.head.i > weapon.i or (m.head != weapon and m.head.dep_ not in ("compound", "amod", "nmod")):
            continue
        ent = linker.ent_at(m)
        if m.text[:1].isupper() and (ent is None or (ent.label_ in ("NORP", "ORG") and not ent.kb_id_)):
            state = linker.demonym_state(m.text) if m.pos_ in ("ADJ", "PROPN") else None
            if state is not None:
                out.append(state)
                continue
        if m.dep_ in ("amod", "compound", "nmod", "poss") and m.head == weapon:
            if m.dep_ != "poss" and names_a_city(m, linker):
                continue  # "the Baghdad strike": where, not who
            if (
                ent is not None
                and ent.label_ == "ORG"
                and not ent.kb_id_
                and any(c.isdigit() for c in ent.text)
            ):
                continue  # a platform tagged as an organisation ("F-16")
            actor = linker.actor_for(m)
            if actor is not None:
                out.append(actor)
    return dedupe_actors(out)


def named_among(verb: Token) -> list[Token]:
    """ "killing seven people, among them X" with "among" hung on the verb: the names it lists."""
    return [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ in ("among", "including")
        for o in c.children
        if o.dep_ == "pobj" and o.ent_type_ in ("PERSON", "ORG")
    ]


def counted_crowd(token: Token) -> Token:
    """ "hundreds of militia supporters" -> "supporters"; "hundreds of them" -> the plural subject
    named before in the sentence ("Supporters of a militia withdrew ..., after hundreds of them ...")."""
    if token.lower_ not in ("hundreds", "thousands", "dozens", "scores", "many", "some"):
        return token
    for c in token.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for o in c.children:
                if o.lower_ != "them":
                    return o
                named = [
                    t for t in token.doc[token.sent.start : o.i] if t.tag_ == "NNS" and t.dep_ == "nsubj"
                ]
                return named[0] if named else token
    return token


def actors_of(token: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    out: list[ActorRef] = []
    for t in map(counted_crowd, with_conjuncts(token)):
        if is_weapon(t, lexicon):
            continue
        t = named_as(t, linker)
        actor = linker.actor_for(t) or resolve_pronoun(t, linker)
        if actor is not None and t.ent_type_ == "PERSON":
            # "X, better known as Y, a senior commander of Harakat al-Nujaba": X's organisation too
            out.extend(
                g
                for x in t.subtree
                if x.dep_ == "appos" and x.pos_ == "NOUN"
                for g in organisation_of(x, linker)
            )
        if actor is not None:
            groups = organisation_of(t, linker) if actor.cls == "ActorCategory" else []
            if not groups and actor.cls == "ActorCategory":
                groups = speakers_own(t, linker)  # "X says its forces struck ...": X
            if not (
                (groups and t.lemma_.lower() in PARTITIVE_NOUNS) or (t.lower_ in PARTITIVE_NOUNS and groups)
            ):
                out.append(actor)
            out.extend(groups)
        # "a powerful military commander, Qassem Soleimani": the name in apposition;
        # "three people, including X and his driver", "seven people, among them X": the named ones
        for c in t.children:
            if c.dep_ == "appos" and linker.ent_at(c) is not None:
                named = linker.actor_for(c)
                if named is not None:
                    out.append(named)
            if c.dep_ == "prep" and c.lower_ in ("including", "among"):
                for o in pobjs(c):
                    ent = linker.ent_at(o)
                    if ent is not None and ent.label_ in ("PERSON", "ORG"):
                        named = linker.actor_for(o)
                        if named is not None:
                            out.append(named)
    return out


SAY_VERBS = frozenset({"say", "announce", "state", "claim", "declare", "report", "confirm"})


def speakers_own(token: Token, linker: Linker) -> list[ActorRef]:
    """ "X said its fighters had launched drones": members named with "its"/"their" in what a group
    says are the group's own."""
    if not any(c.dep_ == "poss" and c.lower_ in ("its", "their", "our") for c in token.children):
        return []
    for up in token.ancestors:
        if up.lemma_.lower() in SAY_VERBS and up.pos_ == "VERB":
            for subject in up.children:
                if subject.dep_ == "nsubj" and linker.ent_at(subject) is not None:
                    actor = linker.actor_for(named_as(subject, linker))
                    return [actor] if actor is not None and actor.cls != "ActorCategory" else []
            return []
    return []


def organisation_of(token: Token, linker: Linker) -> list[ActorRef]:
    """The named group a common-noun actor belongs to: "a senior commander of Kataib Hezbollah",
    "a Kataib Hezbollah commander", "fighters from the SDF"."""
    out = []
    for c in token.children:
        targets = [c] if c.dep_ in ("compound", "nmod") and c.i < token.i else []
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "with"):
            targets = pobjs(c)
        for t in targets:
            ent = linker.ent_at(t)
            if ent is not None and ent.label_ == "ORG":
                actor = linker.actor_for(t)
                if actor is not None:
                    out.append(actor)
    return out


def facility_targets(token: Token, linker: Linker) -> list[ActorRef]:
    """Who a hit facility belongs to or houses: "a coalition base", "a base that houses US troops",
    "the base that is home to Iraqi and US forces"."""
    out: list[ActorRef] = []
    for c in token.children:
        if c.dep_ in ("compound", "poss", "nmod", "amod") and c.i < token.i:
            actor = linker.actor_for(c)
            state = c.ent_type_ == "NORP" or bool(linker.types_of(linker.kb_of(c)) & STATES)
            if actor is not None and actor.cls not in STATES and not state:  # "American bases": below
                ent = linker.ent_at(c)
                if ent is None or not linker.is_place_entry(ent.kb_id_):
                    out.append(actor)
        if c.dep_ in ("relcl", "acl"):
            verb = c
            if verb.lemma_.lower() in OCCUPANT_VERBS:
                for o in verb.children:
                    if o.dep_ in ("dobj", "pobj"):
                        out.extend(_actors_plain(o, linker))
                        out.extend(organisation_of(o, linker))  # "a car carrying members of X"
            for attr in verb.children:
                if attr.dep_ == "attr" and attr.lemma_.lower() == "home":
                    for prep in attr.children:
                        if prep.dep_ == "prep" and prep.lower_ == "to":
                            for o in pobjs(prep):
                                out.extend(_actors_plain(o, linker))
        if c.dep_ == "acl":
            # "facilities used by Iran-backed militias", "... by groups affiliated with the IRGC"
            for agent in c.children:
                if agent.dep_ == "agent":
                    for o in pobjs(agent):
                        out.extend(_actors_plain(o, linker))
                        out.extend(affiliates(o, linker))
        if c.dep_ == "prep" and c.lower_ in ("of", "housing", "hosting"):
            for o in pobjs(c):
                out.extend(_actors_plain(o, linker))
    return out


AFFILIATION_VERBS = frozenset({"affiliate", "link", "align", "tie", "connect", "loyal", "allied"})


def affiliates(token: Token, linker: Linker) -> list[ActorRef]:
    """The named organisation a common-noun group is tied to: "groups affiliated with Iran's IRGC",
    "militias linked to Kataib Hezbollah", "factions loyal to X"."""
    out: list[ActorRef] = []
    for c in token.children:
        if c.dep_ in ("acl", "amod") and c.lemma_.lower() in AFFILIATION_VERBS:
            for prep in c.children:
                if prep.dep_ == "prep" and prep.lower_ in ("with", "to"):
                    for o in pobjs(prep):
                        if linker.ent_at(o) is not None:
                            actor = linker.actor_for(o)
                            if actor is not None:
                                out.append(actor)
    return out


def _actors_plain(token: Token, linker: Linker) -> list[ActorRef]:
    out = []
    for t in with_conjuncts(token):
        actor = linker.actor_for(t)
        if actor is None and t.dep_ == "conj":
            continue
        if actor is not None:
            out.append(actor)
    # "Iraqi and US forces": amod conjuncts sharing one head noun
    if token.pos_ == "NOUN":
        mods = [c for c in token.children if c.dep_ in ("amod", "compound", "nmod") and c.i < token.i]
        if len(mods) == 1 and any(cc.dep_ == "conj" for cc in mods[0].children):
            out = []
            for mod in with_conjuncts(mods[0]):
                label = f"{' '.join(mod.text.split())} {token.text}"
                from kg.iris import actor_iri

                out.append(
                    ActorRef(
                        actor_iri(label),
                        label,
                        "ArmedForces" if token.lemma_ in ("force", "troops") else "ActorCategory",
                        True,
                    )
                )
    return out


def target_actors(token: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    out = []
    for t in with_conjuncts(token):
        if is_weapon(t, lexicon):
            continue
        actor = linker.actor_for(t) or (resolve_pronoun(t, linker) if t.lower_ in OBJECT_PRONOUNS else None)
        facility = (t.lemma_.lower() in lexicon.words("target") or t.lower_ in lexicon.words("target")) and (
            actor is None or (actor.cls == "ActorCategory" and t.lemma_.lower() not in lexicon.words("actor"))
        )
        ent = linker.ent_at(t)
        if ent is not None and ent.kb_id_ and linker.is_place_entry(ent.kb_id_):
            facility = not (linker.types_of(ent.kb_id_) & {"Country", "State"})
        if actor is not None and not facility:
            out.append(actor)
        found = []
        # "a base housing US troops" however the parser attaches it
        for x in t.subtree:
            if x.lower_ in ("housing", "hosting", "houses", "hosts") or x.lemma_.lower() in ("house", "host"):
                for o in x.children:
                    if o.dep_ in ("dobj", "pobj") or (o.dep_ == "prep" and o.lower_ == "to"):
                        found.extend(_actors_plain(o, linker))
                        found.extend(organisation_of(o, linker))  # "hosts troops of the coalition"
            if x.dep_ == "acl" and x.lemma_.lower() == "use" and x.head != t and facility:
                # "facilities in Deir ez-Zor province used by groups ...", "used" hung on the province
                for agent in x.children:
                    if agent.dep_ == "agent":
                        for o in pobjs(agent):
                            found.extend(_actors_plain(o, linker))
                            found.extend(affiliates(o, linker))
        out.extend(found)
        out.extend(supplied_actors(t, linker))
        mission = diplomatic_mission(t, linker)
        if mission is not None:
            out.append(mission)
        if facility or (ent is not None and ent.label_ == "FAC"):
            found = facility_targets(t, linker) if not found else []
            if not found and ent is None and t.pos_ == "NOUN":
                # "American bases", "US diplomatic facilities": the facility named by its owner
                mods = [
                    c
                    for c in t.children
                    if c.dep_ in ("amod", "compound", "nmod")
                    and (c.ent_type_ == "NORP" or bool(linker.types_of(linker.kb_of(c)) & STATES))
                ]
                if mods:
                    from kg.iris import actor_iri
                    from kg.nlp.linking import core_phrase, span_label

                    label = span_label(core_phrase(t))
                    found.append(ActorRef(actor_iri(label), label, "ActorCategory", True))
            out.extend(found)
    return dedupe_actors(out)


MISSION_NOUNS = frozenset({"embassy", "consulate"})


def diplomatic_mission(token: Token, linker: Linker) -> ActorRef | None:
    """An embassy hit is an actor too (the state's mission): "the US embassy compound in Baghdad" ->
    "US embassy"; "the Turkish consulate" -> "Turkish consulate" (cf:GovernmentOffice)."""
    from kg.iris import actor_iri

    ent = linker.ent_at(token)
    words: list[str] = []
    if ent is not None and any(t.lower_ in MISSION_NOUNS for t in ent):
        end = next(t.i for t in ent if t.lower_ in MISSION_NOUNS)
        words = [t.text for t in token.doc[ent.start : end + 1] if t.lower_ not in ("the", "a")]
    else:
        nouns = [token, *[c for c in token.children if c.dep_ == "compound" and c.i < token.i]]
        noun = next((n for n in nouns if n.lower_ in MISSION_NOUNS), None)
        if noun is None:
            return None
        mods = [c for c in noun.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")] + [
            c for c in token.lefts if c.dep_ in ("compound", "nmod") and c.i < noun.i and c.pos_ == "PROPN"
        ]
        mods = [m for m in mods if m.text[:1].isupper()]
        if not mods:
            return None
        words = [m.text for m in sorted(set(mods), key=lambda m: m.i)] + [noun.lower_]
    if len(words) < 2:
        return None
    label = " ".join([*words[:-1], words[-1].lower()])
    return ActorRef(actor_iri(label), label, "GovernmentOffice", True)


def mission_at(place: Any) -> ActorRef | None:
    """The diplomatic mission a gazetteer place is ("US Embassy in Baghdad" -> "US embassy"), as the
    target of what happened there."""
    from kg.iris import actor_iri

    if place is None:
        return None
    words = place.label.split()
    noun = next((i for i, w in enumerate(words) if w.lower() in MISSION_NOUNS), None)
    if not noun:
        return None
    label = " ".join([*words[:noun], words[noun].lower()])
    return ActorRef(actor_iri(label), label, "GovernmentOffice", True)


SUPPLY_VERBS = frozenset({"carry", "supply", "deliver", "transport", "belong", "serve", "ferry", "escort"})


def supplied_actors(token: Token, linker: Linker) -> list[ActorRef]:
    """Whom a hit convoy or vehicle served: "a convoy of trucks carrying equipment for the coalition",
    "vehicles belonging to the PMF", "a truck supplying US forces"."""
    out: list[ActorRef] = []
    for x in token.subtree:
        if x.dep_ not in ("acl", "relcl") or x.lemma_.lower() not in SUPPLY_VERBS:
            continue
        for y in x.subtree:
            verb = y.head if y.head.dep_ != "dobj" else y.head.head
            if y.dep_ == "prep" and y.lower_ in ("for", "to") and verb in (x, y.head):
                out.extend(a for o in pobjs(y) for a in _actors_plain(o, linker))
            elif y.dep_ == "dobj" and y.head == x and x.lemma_.lower() in ("supply", "serve", "escort"):
                out.extend(_actors_plain(y, linker))
    return out


def dedupe_actors(actors: list[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if str(a.iri) not in seen:
            seen.add(str(a.iri))
            out.append(a)
    return out


OWN_WORDS = frozenset({"its", "their", "our", "his"})


def threat_targets(clause: Token, head: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """Who a threat is aimed at: the object of the threatened action ("to strike American bases"),
    the subject of what is demanded ("unless US forces leave"), the subject of the predicted harm
    ("that Tehran would pay")."""
    out: list[ActorRef] = []
    for o in clause.subtree:
        if o.i == head.i or (is_weapon(o, lexicon) and o.dep_ != "nsubj"):
            continue
        verb = o.head
        nested_condition = any(
            t.dep_ == "advcl" for t in [verb, *verb.ancestors] if t.i != clause.i and clause.is_ancestor(t)
        )
        if clause.dep_ == "advcl" or nested_condition:
            wanted = o.dep_ == "nsubj"
        else:
            wanted = o.dep_ in ("dobj", "nsubj", "nsubjpass") or (
                o.dep_ == "pobj" and o.head.lower_ in TARGET_PREPS
            )
        if wanted and o.dep_ == "dobj" and o.lower_ in ("them", "it"):
            out.extend(resumed_targets(o, linker, lexicon))  # "would resume them": the attacks before
            continue
        if (
            wanted
            and o.dep_ == "nsubj"
            and any(c.lower_ in OWN_WORDS for c in o.children if c.dep_ == "poss")
        ):
            continue  # "its fighters would resume attacks": the threatener's own men
        if wanted:
            out.extend(threatened(o, linker, lexicon))
    return out


def resumed_targets(pronoun: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """ "offered to halt their attacks on American forces, but warned they would resume them": the
    targets of the event noun the pronoun stands for, the nearest one before it in the sentence."""
    for noun in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if noun.pos_ == "NOUN" and is_weapon(noun, lexicon):
            return [
                a
                for prep in noun.children
                if prep.dep_ == "prep" and prep.lower_ in TARGET_PREPS
                for o in pobjs(prep)
                for a in target_actors(o, linker, lexicon)
            ]
    return []


def threatened(token: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """Who is threatened by a noun phrase: a capital stands for its government ("warned Tehran",
    "that Tehran would pay"), an attack for its author ("any further Israeli attack would meet a harsh
    response" threatens Israel), anything else as a target."""
    if is_weapon(token, lexicon):
        return weapon_owners(token, linker, lexicon)
    ent = linker.ent_at(token)
    if ent is not None and ent.kb_id_ and linker.stands_for(as_uri(ent.kb_id_)) is not None:
        return actors_of(token, linker, lexicon)
    return target_actors(token, linker, lexicon)


#: verbs of calling an envoy in: "summoned the ambassador to protest"
SUMMON_VERBS = frozenset({"summon"})
ENVOY_NOUNS = frozenset({"ambassador", "envoy", "chargé", "charge", "diplomat", "representative"})


def summoning_verb(head: Token) -> Token | None:
    """The "summoned" a protest is the purpose of ("summoned the ambassador to protest against ...")."""
    if head.dep_ in ("advcl", "xcomp", "conj") and head.head.lemma_.lower() in SUMMON_VERBS:
        return head.head
    return None


def envoys_states(summon: Token, linker: Linker) -> list[ActorRef]:
    """The states whose envoys were summoned: "the US and British ambassadors" -> the United States and
    the United Kingdom; "the Iranian ambassador, X" -> Iran."""
    out: list[ActorRef] = []
    for envoy in (c for c in summon.children if c.dep_ == "dobj"):
        for noun in with_conjuncts(envoy):
            if noun.lemma_.lower() not in ENVOY_NOUNS:
                continue
            for mod in (c for c in noun.children if c.dep_ in ("amod", "nmod", "compound", "poss")):
                for m in with_conjuncts(mod):
                    actor = linker.actor_for(m)
                    if actor is not None:
                        out.append(actor)
    return out


def names_a_city(token: Token, linker: Linker) -> bool:
    """A place below country level used as a modifier ("the Baghdad strike", "the Erbil attack") says
    where, not who: it is no actor of the event."""
    place = linker.place_for(token)
    return place is not None and not place.is_country


def visited_place(token: Token, linker: Linker) -> bool:
    """The object of a visit is a place below country level ("visited Baghdad", "toured the base")."""
    place = linker.place_for(token)
    return place is not None and not place.is_country


def roles_for(
    trigger: Span, frame: MentionFrame, linker: Linker, *, lexicon: Lexicon | None = None
) -> list[RoleFrame]:
    """The role frames one trigger gives (see the module docstring)."""
    lexicon = lexicon or load_lexicon()
    head = trigger.root
    cls = CF.Protest if frame.cls == CF.Protest else cf_term(trigger.kb_id_)  # a crowd's storming
    family = plover_code(cls)
    roles: list[RoleFrame] = []
    subj_role, obj_role = "perpetrator", "target"
    if family == "CONSULT" or cls == CF.Agreement:
        subj_role = obj_role = "participant"
    elif cls == CF.Withdrawal:
        obj_role = "participant"
    elif cls == CF.Protest and (summon := summoning_verb(head)) is not None:
        # "the ministry summoned the US and British ambassadors to protest": a diplomatic protest by the
        # ministry against the envoys' states, not a crowd
        roles.extend(_role("target", a) for a in envoys_states(summon, linker))
    elif cls == CF.Protest:
        subj_role = "participant"  # "supporters stormed the embassy": who protested, and against whom
    elif cls == CF.InterceptedAttack:
        subj_role = "participant"
    if family == "ASSAULT" and defends(head, linker, lexicon):
        subj_role = "target"  # "US forces engaged three drones, destroying two": the defenders were attacked
    violent_victims = head.lemma_.lower() in HARM_VERBS_OF_VICTIMS
    if violent_victims:
        obj_role = "victim"
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    children = list(head.children)
    if head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
        # "X declared mourning and warned that ...": a conjoined verb shares its head's subject
        verb = head
        while (
            verb.dep_ == "conj"
            or listed_verb(verb)
            or (verb.dep_ in ("advcl", "xcomp") and verb.tag_ in ("VBG", "VB"))
            or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in BELIEF_VERBS)
        ) and (verb.head is not verb):
            believed = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in BELIEF_VERBS
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects and believed:
                # "X is believed to have fired": X is the subject of "fired", not a passive one
                for subject in subjects:
                    roles.extend(_role(subj_role, a) for a in actors_of(subject, linker, lexicon))
                break
            if subjects:
                children.extend(subjects)
                passive = subjects[0].dep_ == "nsubjpass"
                break
    for c in children:
        dep = c.dep_
        if dep == "nsubj" and not passive:
            for a in actors_of(c, linker, lexicon):
                roles.append(_role(subj_role, a))
        elif dep in ("dobj", "nsubjpass") or (dep == "attr" and family == "CONSULT"):
            if obj_role == "target" and cls == CF.Threat:
                roles.extend(_role("target", a) for a in threatened(c, linker, lexicon))
            elif obj_role == "target":
                roles.extend(_role("target", a) for a in target_actors(c, linker, lexicon))
            elif cls == CF.Visit and visited_place(c, linker):
                continue  # "X visited Baghdad": the city is the visit's place, not a participant
            else:
                roles.extend(_role(obj_role, a) for a in actors_of(c, linker, lexicon))
        elif dep == "agent":
            for o in pobjs(c):
                roles.extend(_role(subj_role, a) for a in actors_of(o, linker, lexicon))
        elif dep == "prep":
            prep = c.lower_
            if prep == "on" and head.dep_ == "dobj" and head.head.lemma_.lower() in lexicon.words("blame"):
                continue  # "blamed the attack on X": X is blamed, not targeted
            if prep in TARGET_PREPS and obj_role in ("target", "victim"):
                for o in pobjs(c):
                    roles.extend(_role("target", a) for a in target_actors(o, linker, lexicon))
            elif prep in ("with", "between", "among") and subj_role == "participant":
                for o in pobjs(c):
                    roles.extend(_role("participant", a) for a in actors_of(o, linker, lexicon))
            elif prep == "by":
                for o in pobjs(c):
                    roles.extend(_role(subj_role, a) for a in actors_of(o, linker, lexicon))
            elif prep == "under" and cls == CF.Withdrawal:
                for o in pobjs(c):
                    roles.extend(_role("perpetrator", a) for a in actors_of(o, linker, lexicon))
            elif prep == "of" and head.pos_ == "NOUN" and head.lemma_.lower() in KILLING_NOUNS:
                for o in pobjs(c):  # "the killing of Qassem Soleimani": the victim
                    roles.extend(_role("victim", a) for a in actors_of(o, linker, lexicon))
        elif dep in ("poss", "compound", "amod", "nmod") and head.pos_ == "NOUN" and c.i < head.i:
            if not is_weapon(c, lexicon) and not (dep != "poss" and names_a_city(c, linker)):
                actor = linker.actor_for(c)
                if actor is not None:
                    roles.append(_role(subj_role, actor))
        elif (
            dep in ("advcl", "conj", "xcomp")
            and c.lemma_.lower() in HARM_VERBS_OF_VICTIMS
            and not another_event(c, head)
        ):
            for o in [*c.children, *named_among(c)]:
                if o.dep_ in ("dobj", "nsubjpass") or o.head.lower_ in ("among", "including"):
                    roles.extend(_role("victim", a) for a in actors_of(o, linker, lexicon))
        elif dep in ("advcl", "xcomp", "ccomp") and cls == CF.Threat:
            roles.extend(_role("target", a) for a in threat_targets(c, head, linker, lexicon))
    if cls == CF.Threat:
        # "vowed at the time that Israel would pay": a predicted clause the parser hung elsewhere
        for verb in head.subtree:
            predicted = verb.dep_ == "relcl" and any(a.lower_ in ("would", "will") for a in verb.children)
            if predicted and any(
                c.lower_ == "that" for c in verb.children if c.dep_ in ("dobj", "mark", "nsubj")
            ):
                roles.extend(_role("target", a) for a in threat_targets(verb, head, linker, lexicon))
    # a weapon subject's owner: "a Turkish drone struck", "US warplanes hit"
    weapons = [c for c in head.children if c.dep_ == "nsubj"]
    weapons += [o for c in head.children if c.dep_ == "agent" for o in pobjs(c)]
    for w in weapons:
        if is_weapon(w, lexicon) or w.lemma_.lower() in PLATFORM_NOUNS:
            roles.extend(_role(subj_role, a) for a in weapon_owners(w, linker, lexicon))
    # a noun trigger with a light verb: "X carried out airstrikes against Y", "X launched an attack on Y",
    # "US forces came under attack"
    light = head
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lemma_.lower() in SESSION_NOUNS:
        light = head.head.head  # "held a session of the strategic dialogue": what "held" governs
    if light.pos_ == "NOUN" and light.dep_ in ("dobj", "pobj") and light.head.pos_ in ("VERB", "ADP"):
        verb = light.head if light.dep_ == "dobj" else light.head.head
        lemma = verb.lemma_.lower()
        if lemma in LIGHT_VERBS and light.dep_ == "dobj":
            # "X claimed the attack": the claimant is coded as the perpetrator, modality Claimed
            light_modality = "Claimed" if lemma == "claim" and subj_role == "perpetrator" else "Asserted"
            negated = any(c.dep_ == "neg" for c in verb.children)
            for o in verb.children:
                if o.dep_ == "nsubj" and (
                    negated or any(d.lower_ in ("no", "nobody") for d in [o, *o.children])
                ):
                    continue  # "no group claimed the attack", "X did not carry out the attack"
                if o.dep_ == "nsubj":
                    roles.extend(_role(subj_role, a, light_modality) for a in actors_of(o, linker, lexicon))
                    if is_weapon(o, lexicon) or o.lemma_.lower() in PLATFORM_NOUNS:  # "Iraqi F-16 jets ..."
                        roles.extend(_role(subj_role, a) for a in weapon_owners(o, linker, lexicon))
                elif o.dep_ == "agent":
                    for p in pobjs(o):
                        roles.extend(_role(subj_role, a) for a in actors_of(p, linker, lexicon))
                elif o.dep_ == "prep" and o.lower_ in TARGET_PREPS and obj_role in ("target", "victim"):
                    for p in pobjs(o):
                        roles.extend(_role("target", a) for a in target_actors(p, linker, lexicon))
        elif lemma in UNDERGO_VERBS and light.dep_ == "pobj":
            for o in verb.children:
                if o.dep_ == "nsubj":
                    roles.extend(_role("target", a) for a in target_actors(o, linker, lexicon))
    # the trigger is the subject of a verb ("the attack targeted a base", "an assault that injured two")
    if head.dep_ in ("nsubj",) and head.head.pos_ == "VERB":
        verb = head.head
        for o in verb.children:
            if o.dep_ == "dobj":
                role = "victim" if verb.lemma_.lower() in HARM_VERBS_OF_VICTIMS else "target"
                roles.extend(
                    _role(role, a)
                    for a in (
                        target_actors(o, linker, lexicon)
                        if role == "target"
                        else actors_of(o, linker, lexicon)
                    )
                )
    if family == "ASSAULT":
        # victims of "killing at least five fighters" hanging off the clause
        for t in frame.sent:
            if (
                t.lemma_.lower() in HARM_VERBS_OF_VICTIMS
                and t is not head
                and (head.is_ancestor(t) or t.head == head or t.head.head == head)
                and not another_event(t, head)
            ):
                for o in [*t.children, *named_among(t)]:
                    if o.dep_ == "dobj" or o.head.lower_ in ("among", "including"):
                        roles.extend(_role("victim", a) for a in actors_of(o, linker, lexicon))
    if (
        family == "ASSAULT"
        and cls in (CF.Shooting, CF.Abduction)
        and not any(r.role == "victim" for r in roles)
    ):
        # "gunmen shot dead Reham Yacoub" where the parser misreads "shot": the person named right after
        doc = trigger.doc
        for i in range(trigger.end, min(trigger.end + 3, frame.sent.end)):
            ent = linker.ent_at(doc[i])
            if ent is not None and ent.label_ == "PERSON":
                actor = linker.actor_for(ent.root)
                if actor is not None:
                    roles.append(_role("victim", actor))
                break
    if family == "ASSAULT":
        heads = frame.heads or frozenset({head.i})
        roles.extend(_role("target", a) for a in harmed_actors(heads, frame.sent, linker, lexicon))
        roles.extend(_role("target", a) for a in users_of_hit_sites(head, linker))
    if family == "ASSAULT":
        # those killed or injured in an attack were what it hit: victims are targets too
        roles.extend(_role("target", r.actor) for r in list(roles) if r.role == "victim")
    if family in ("ASSAULT", "PROTEST") and not any(r.role == "target" for r in roles):
        mission = mission_at(frame.place)
        if mission is not None:  # "stormed the compound" at the US embassy: the embassy
            roles.append(_role("target", mission))
    if hedged(head):
        # "the drone had most likely been launched by X": X is suspected, not asserted
        roles = [
            _role("alleged_perpetrator", r.actor, "Suspected") if r.role == "perpetrator" else r
            for r in roles
        ]
    return dedupe(roles)


def listed_verb(verb: Token) -> bool:
    """ "X called the raid an attack, ordered an inquiry and flew to the area": the small model hangs a
    verb listed after a comma as ``dep`` of the first; it shares that verb's subject like a conjunct."""
    head = verb.head
    return (
        verb.dep_ == "dep"
        and verb.tag_ in ("VBD", "VBZ", "VBP")
        and head.pos_ == "VERB"
        and head.tag_ == verb.tag_
        and head.i < verb.i
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
    )


HEDGES = frozenset({"likely", "probably", "possibly", "apparently", "allegedly", "presumably", "reportedly"})
BELIEF_VERBS = frozenset({"believe", "think", "suspect", "assess", "presume"})


def hedged(head: Token) -> bool:
    """Is the trigger's clause only probable ("had most likely been launched by X", "apparently fired
    by X", "X is believed to have fired")?"""
    verbs = [head]
    if head.dep_ in ("conj", "xcomp") and head.head is not head:
        verbs.append(head.head)
    for verb in verbs:
        if any(c.dep_ == "advmod" and c.lower_ in HEDGES for c in verb.children):
            return True
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in BELIEF_VERBS and verb.head.tag_ == "VBN":
            return True  # "X is believed to have launched"
    return False


#: verbs of defeating a munition: their subject defended itself ("the coalition shot down a drone")
DEFENCE_VERBS = frozenset(
    {
        "intercept",
        "down",
        "destroy",
        "engage",
        "shoot",
        "bring",
        "repel",
        "thwart",
        "foil",
        "neutralize",
        "neutralise",
        "jam",
        "disable",
        "counter",
    }
)
#: weapon words that are no munition in flight: destroying them is an attack ("destroyed rocket launchers")
GROUND_WEAPONS = frozenset({"launcher", "launchpad", "pad", "site", "depot", "position", "truck", "factory"})


def defends(head: Token, linker: Linker, lexicon: Lexicon) -> bool:
    """Does the trigger's clause defeat an incoming munition without saying whose it was? "US forces
    engaged three drones near the base, destroying two", "the coalition shot down another drone",
    "air defences intercepted the rockets". Then its subject is who the attack was aimed at. An owned
    munition ("shot down a US drone") is left as it is: there the shooter may be the attacker."""
    verb = head
    for _ in range(3):
        if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in DEFENCE_VERBS | {"damage"}:
            return False
        for c in verb.children:
            if c.dep_ not in ("dobj", "nsubjpass"):
                continue
            if is_weapon(c, lexicon) and c.lemma_.lower() not in GROUND_WEAPONS:
                return not weapon_owners(c, linker, lexicon)
        if verb.dep_ not in ("advcl", "conj", "xcomp") or verb.head is verb:
            return False
        verb = verb.head
    return False


#: nouns of harm done to people: "injuries to coalition personnel", "casualties among the guards"
HARM_NOUNS = frozenset({"injury", "casualty", "wound", "loss", "death", "fatality"})
HARM_VERBS = frozenset({"suffer", "sustain", "incur", "take"})


def users_of_hit_sites(head: Token, linker: Linker) -> list[ActorRef]:
    """Who used what an attack hit, however the parser hangs "used by" in the clause: "struck 85
    targets at seven facilities, three in Iraq and four in Syria, used by Iran's Revolutionary Guards"."""
    roots = event_trigger_roots(head.doc)
    out: list[ActorRef] = []
    for x in head.subtree:
        if x.dep_ != "acl" or x.lemma_.lower() not in ("use", "operate", "run"):
            continue
        if next((a for a in x.ancestors if a.i in roots), None) != head:
            continue  # under another event of the sentence
        for agent in x.children:
            if agent.dep_ == "agent":
                for o in pobjs(agent):
                    out.extend(_actors_plain(o, linker))
                    out.extend(affiliates(o, linker))
    return dedupe_actors(out)


def event_trigger_roots(doc: Doc) -> frozenset[int]:
    """Indexes of the event and weak trigger roots of a Doc (computed once per Doc)."""
    cached = doc.user_data.get("kg_event_roots")
    if cached is None:
        cached = frozenset(
            span.root.i for span in doc.spans.get("triggers", []) if span.label_ in ("event", "weak")
        )
        doc.user_data["kg_event_roots"] = cached
    return cached


def harmed_actors(heads: frozenset[int], sent: Span, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """Who an attack harmed, told through the harm ("coalition forces suffered minor injuries", "caused
    minor injuries to coalition personnel"): they were its targets. A harm phrase belongs to the
    nearest event trigger above it (``heads`` are the event's own), or to every event of the sentence
    when none is above it."""
    roots = event_trigger_roots(sent.doc)
    out: list[ActorRef] = []
    for t in linker.tokens(sent):
        if t.lemma_.lower() not in HARM_NOUNS or t.pos_ != "NOUN":
            continue
        owner = next((a for a in t.ancestors if a.i in roots), None)
        if owner is not None and owner.i not in heads:
            continue
        preps = [c for c in t.children if c.dep_ == "prep"]
        if t.dep_ == "dobj":
            verb = t.head
            if verb.lemma_.lower() in HARM_VERBS:
                for s in verb.children:
                    if s.dep_ == "nsubj" and not is_weapon(s, lexicon):
                        out.extend(actors_of(s, linker, lexicon))
            preps += [c for c in verb.children if c.dep_ in ("prep", "dative")]
        for c in preps:
            if c.lower_ in ("to", "among", "on"):
                for o in pobjs(c):
                    out.extend(actors_of(o, linker, lexicon))
    return dedupe_actors(out)


def another_event(verb: Token, head: Token) -> bool:
    """Is a killing or wounding verb near the trigger another event ("pounded positions after nine
    soldiers were killed")?"""
    from kg.nlp.frames import separated

    return separated(verb, head)


def dedupe(roles: list[RoleFrame]) -> list[RoleFrame]:
    seen = set()
    out = []
    for r in roles:
        key = (r.role, r.actor.iri)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def named_as(token: Token, linker: Linker) -> Token:
    """ "a group calling itself X" -> X; "a little-known group, X," -> X; a name stays itself
    ("X, a loose coalition of factions," -> X)."""
    ent = linker.ent_at(token)
    if ent is not None and ent.label_ in ("ORG", "PERSON", "NORP", "GPE"):
        return token
    for c in token.children:
        appos = linker.ent_at(c) if c.dep_ == "appos" else None
        if appos is not None and appos.label_ in ("ORG", "PERSON", "NORP", "GPE"):
            return c
    for c in token.children:
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("call", "name", "identify"):
            for o in c.subtree:
                ent = linker.ent_at(o)
                if o.i > c.i and ent is not None and ent.label_ in ("ORG", "NORP", "PERSON"):
                    return ent.root
    return token


def named_modifier(token: Token, linker: Linker) -> ActorRef | None:
    """The named group in a noun phrase whose head is no actor word: "Daesh terrorist remnants",
    "Islamic State remnants", "PKK elements" -> the group."""
    for c in token.children:
        if c.dep_ in ("compound", "nmod", "amod") and c.i < token.i:
            ent = linker.ent_at(c)
            if ent is not None and ent.label_ in ("ORG", "NORP", "PERSON"):
                actor = linker.actor_for(c)
                if actor is not None:
                    return actor
            found = named_modifier(c, linker)
            if found is not None:
                return found
    return None


def about_main_clause(noun: Token) -> bool:
    """Is a noun in apposition ("..., an attack X later claimed") about the sentence's main event? Not
    when its nearest verb above is a subordinate clause ("The strike came a day after twin bombings
    killed scores of people, an attack X later claimed": the claim is about the bombings)."""
    for up in noun.ancestors:
        if up.pos_ in ("VERB", "AUX"):
            return (up.dep_ in ("ROOT", "conj") and up.head.dep_ in ("ROOT", "conj")) or up.dep_ == "ROOT"
    return True


def role_for(modality: str) -> str:
    """A claim of responsibility is coded as the perpetrator (modality cf:Claimed), any other
    allegation as an alleged perpetrator."""
    return "perpetrator" if modality == "Claimed" else "alleged_perpetrator"


RELATIVE_PRONOUNS = frozenset({"that", "which", "who", "whom"})


def allegations(sent: Span, linker: Linker, *, lexicon: Lexicon | None = None) -> list[RoleFrame]:
    """Alleged perpetrators in one sentence (see the module docstring)."""
    lexicon = lexicon or load_lexicon()
    blame = lexicon.classes("blame")
    out: list[RoleFrame] = []
    for t in linker.tokens(sent):
        lemma = t.lemma_.lower()
        modality = blame.get(lemma)
        if not modality:
            continue
        if lemma == "claim" and not (
            any(c.lemma_.lower() in ("responsibility", "credit") for c in t.subtree)
            or any(c.dep_ == "agent" for c in t.children)
            or any(c.dep_ == "dobj" and is_claimable(c, lexicon) for c in t.children)
            or (
                t.dep_ in ("relcl", "acl")
                and is_claimable(t.head, lexicon)
                and about_main_clause(t.head)
                and any(c.dep_ == "nsubj" for c in t.children)
            )
        ):
            continue
        subj = [c for c in t.children if c.dep_ == "nsubj"]
        alleged_by = None
        about: Token | None = None
        accused: list[Token] = []
        if lemma in ("claim", "deny"):
            accused = [s for s in subj]
            accused += [o for c in t.children if c.dep_ == "agent" for o in pobjs(c)]
        elif t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            # "attacks blamed on X", "factions, accused of", "suspected militants"
            about = t.head
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ in ("on", "to"):
                    accused += pobjs(c)
            if not accused and lemma in ("accuse", "suspect"):
                accused.append(t.head)
        else:
            by_prep = [
                o for c in t.children if c.dep_ == "prep" and c.lower_ in ("on", "to") for o in pobjs(c)
            ]
            by_prep += [  # "blamed the attack on X" with "on X" attached to the noun
                o
                for d in t.children
                if d.dep_ == "dobj" and is_weapon(d, lexicon)
                for c in d.children
                if c.dep_ == "prep" and c.lower_ == "on"
                for o in pobjs(c)
            ]
            objs = [o for c in t.children if c.dep_ in ("dobj", "nsubjpass") for o in with_conjuncts(c)]
            reasons = [o for c in t.children if c.dep_ == "prep" and c.lower_ == "for" for o in pobjs(c)]
            # "blamed X for the attack (on a base)": X; "blamed the attack on X": X
            accused = (objs or by_prep) if reasons else (by_prep or objs)
            # "..., which Washington blamed on X": about what the relative clause hangs on
            about = reasons[0] if reasons else (t.head if t.dep_ == "relcl" else None)
            if subj:
                alleged_by = linker.actor_for(subj[0])
            for c in t.children:
                if c.dep_ == "agent":
                    alleged_by = next((linker.actor_for(o) for o in pobjs(c)), None)
        if any(c.dep_ == "neg" for c in t.children) or any(
            d.lower_ in ("no", "nobody") for s in subj for d in [s, *s.children]
        ):
            continue  # "no group claimed the attack"
        for tok in accused:
            for x in with_conjuncts(tok):
                if is_weapon(x, lexicon):
                    # "blamed on an Israeli strike": who owns the weapon
                    for m in x.children:
                        if m.dep_ in ("amod", "compound", "poss") and not is_weapon(m, lexicon):
                            owner = linker.actor_for(m)
                            if owner is not None:
                                out.append(_role("alleged_perpetrator", owner, modality, alleged_by, about))
                    continue
                if x.lower_ in ("it", "they"):
                    actor = linker.antecedent(x)
                elif x.lower_ in RELATIVE_PRONOUNS and t.dep_ == "relcl":
                    # "X, the militia that Washington blamed for the attack": the noun the clause hangs on
                    noun = t.head
                    if noun.dep_ == "appos" and linker.ent_at(noun.head) is not None:
                        noun = noun.head
                    actor = linker.actor_for(named_as(noun, linker))
                else:
                    actor = linker.actor_for(named_as(x, linker))
                    group = (
                        named_modifier(x, linker) if actor is None or actor.cls == "ActorCategory" else None
                    )
                    if group is not None and actor is not None and x.lemma_.lower() not in PARTITIVE_NOUNS:
                        # "Daesh terrorist remnants": the group named, and the article's words for them
                        out.append(_role(role_for(modality), actor, modality, alleged_by, about))
                    actor = group or actor
                if actor is not None:
                    role = role_for(modality)
                    out.append(_role(role, actor, modality, alleged_by, about))
                    # "suspected factions of the PMF": the organisation is alleged too
                    out.extend(
                        _role(role, org, modality, alleged_by, about) for org in organisation_of(x, linker)
                    )
    out.extend(anaphoric_targets(sent, linker, lexicon))
    return dedupe(out)


ANAPHORIC_TARGET_VERBS = frozenset({"use", "belong", "house", "host", "operate", "run", "control", "own"})


#: nouns for the people an attack harmed, as a definite subject ("the dead belonged to X")
THE_HARMED = frozenset({"dead", "victims", "casualties", "wounded", "injured", "killed", "bodies"})


def anaphoric_targets(sent: Span, linker: Linker, lexicon: Lexicon) -> list[RoleFrame]:
    """Whose the things hit in an event told before were: "The facilities were used by X and Y",
    "The sites belonged to X", "The targeted depots housed X" give X (and Y) as targets of that event.
    Only a definite subject that is a target noun ("the facilities", "these sites") counts."""
    out: list[RoleFrame] = []
    targets = lexicon.words("target")
    for verb in linker.tokens(sent):
        if verb.lemma_.lower() not in ANAPHORIC_TARGET_VERBS or verb.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not any(
            (s.lemma_.lower() in targets or s.lower_ in targets or s.lower_ in THE_HARMED)
            and any(d.lower_ in ("the", "these", "those") for d in s.children if d.dep_ == "det")
            for s in subjects
        ):
            continue  # "the dead belonged to an Iran-aligned faction" counts too
        passive = any(s.dep_ == "nsubjpass" for s in subjects)
        objects: list[Token] = []
        for c in verb.children:
            if passive and c.dep_ == "agent":
                objects += pobjs(c)
            elif not passive and c.dep_ == "dobj" and verb.lemma_.lower() != "use":
                objects += with_conjuncts(c)
            elif not passive and c.dep_ == "prep" and c.lower_ == "to" and verb.lemma_.lower() == "belong":
                objects += pobjs(c)
        for o in objects:
            for t in with_conjuncts(o):
                actor = linker.actor_for(named_as(t, linker)) or named_modifier(t, linker)
                if actor is not None:
                    out.append(_role("target", actor))
                    out.extend(_role("target", g) for g in organisation_of(t, linker))
    out.extend(keepers_of_the_target(sent, linker, lexicon))
    return out


KEEPER_VERBS = frozenset({"run", "control", "operate", "guard", "hold", "man", "own", "house", "host"})


def keepers_of_the_target(sent: Span, linker: Linker, lexicon: Lexicon) -> list[RoleFrame]:
    """ "The SDF, the militia that runs the prison, said ...": who runs, guards or holds a definite
    target told before ("the prison", "the base") was attacked with it."""
    out: list[RoleFrame] = []
    targets = lexicon.words("target")
    for verb in linker.tokens(sent):
        if verb.dep_ != "relcl" or verb.lemma_.lower() not in KEEPER_VERBS:
            continue
        if not any(
            c.dep_ == "dobj"
            and (c.lemma_.lower() in targets or c.lower_ in targets)
            and any(d.dep_ == "det" and d.lower_ in ("the", "this", "that") for d in c.children)
            for c in verb.children
        ):
            continue
        keeper = verb.head.head if verb.head.dep_ == "appos" else verb.head
        actor = linker.actor_for(named_as(keeper, linker))
        if actor is not None:
            out.append(_role("target", actor))
    return out


def is_attack(cls: Any) -> bool:
    return is_subclass(cls, CF.Attack)
