"""Semantic roles from the dependency parse: who did what to whom, and who is only blamed.

``roles_for(trigger, frame, linker)`` reads the arguments of one trigger:

* attacks: active subject = perpetrator, object / "at", "on", "against" = target, passive "was hit
  by X" = perpetrator X (unless X is the weapon: "hit by a rocket attack"), the victims of killing and
  injuring verbs; a facility hit brings in who it houses ("a base that houses US troops") and whose it
  is ("a coalition base"); a noun trigger's modifiers ("Israeli strikes", "attack by X", "attack on Y");
* meetings: subject, "with" objects and conjuncts = participants;
* threats, withdrawals, protests, arrests, sanctions: subject = perpetrator, object = target.

``allegations(sent, linker)`` reads "blamed on X", "X blamed Y", "accused X of", "suspected X",
"X claimed responsibility", "claimed by X", "X denied" into alleged perpetrators with their modality
and, when the sentence says who alleges it, ``alleged_by``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rdflib import URIRef
from spacy.tokens import Span, Token

from kg.namespace import CF
from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.linking import ActorRef, Linker
from kg.ontology import is_subclass, plover_code

if TYPE_CHECKING:
    from kg.nlp.frames import MentionFrame, RoleFrame

TARGET_PREPS = frozenset({"at", "on", "against", "toward", "towards", "targeting", "upon"})
OCCUPANT_VERBS = frozenset({"house", "host", "home", "station", "use"})
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
    }
)
UNDERGO_VERBS = frozenset({"come", "suffer", "face", "sustain", "repel", "repulse", "survive"})


def cf_term(name: str) -> URIRef:
    return URIRef(getattr(CF, name))


def _role(
    role: str, actor: ActorRef, modality: str = "Asserted", alleged_by: ActorRef | None = None
) -> RoleFrame:
    from kg.nlp.frames import RoleFrame

    return RoleFrame(role, actor, modality, alleged_by)


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
    doc = token.doc
    if "triggers" in doc.spans:
        for span in doc.spans["triggers"]:
            if span.label_ in ("mode", "event", "weak") and span.start <= token.i < span.end:
                return True
    return False


def resolve_pronoun(token: Token, linker: Linker) -> ActorRef | None:
    """ "it" as the subject of a clause reported by X is X ("the US military said it had targeted")."""
    if token.lower_ not in PRONOUNS:
        return None
    current = token.head
    for _ in range(6):
        if current.dep_ in ("ccomp", "xcomp", "advcl", "conj") and current.head is not current:
            verb = current.head
            for c in verb.children:
                if c.dep_ == "nsubj" and c is not token and c.lower_ not in PRONOUNS:
                    return linker.actor_for(c)
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


def actors_of(token: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    out = []
    for t in with_conjuncts(token):
        if is_weapon(t, lexicon):
            continue
        actor = linker.actor_for(t) or resolve_pronoun(t, linker)
        if actor is not None:
            out.append(actor)
            if actor.cls == "ActorCategory":
                out.extend(organisation_of(t, linker))
        # "a powerful military commander, Qassem Soleimani": the name in apposition
        for c in t.children:
            if c.dep_ == "appos" and linker.ent_at(c) is not None:
                named = linker.actor_for(c)
                if named is not None:
                    out.append(named)
    return out


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
            if actor is not None and (actor.cls is None or actor.cls != "State"):
                ent = linker.ent_at(c)
                if ent is None or not linker.is_place_entry(ent.kb_id_):
                    out.append(actor)
        if c.dep_ in ("relcl", "acl"):
            verb = c
            if verb.lemma_.lower() in OCCUPANT_VERBS:
                out.extend(
                    a for o in verb.children if o.dep_ in ("dobj", "pobj") for a in _actors_plain(o, linker)
                )
            for attr in verb.children:
                if attr.dep_ == "attr" and attr.lemma_.lower() == "home":
                    for prep in attr.children:
                        if prep.dep_ == "prep" and prep.lower_ == "to":
                            for o in pobjs(prep):
                                out.extend(_actors_plain(o, linker))
        if c.dep_ == "acl":
            # "facilities used by Iran-backed militias"
            for agent in c.children:
                if agent.dep_ == "agent":
                    for o in pobjs(agent):
                        out.extend(_actors_plain(o, linker))
        if c.dep_ == "prep" and c.lower_ in ("of", "housing", "hosting"):
            for o in pobjs(c):
                out.extend(_actors_plain(o, linker))
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
        actor = linker.actor_for(t)
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
        out.extend(found)
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


def dedupe_actors(actors: list[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for a in actors:
        if str(a.iri) not in seen:
            seen.add(str(a.iri))
            out.append(a)
    return out


def threat_targets(clause: Token, head: Token, linker: Linker, lexicon: Lexicon) -> list[ActorRef]:
    """Who a threat is aimed at: the object of the threatened action ("to strike American bases"),
    the subject of what is demanded ("unless US forces leave"), the subject of the predicted harm
    ("that Tehran would pay")."""
    out: list[ActorRef] = []
    for o in clause.subtree:
        if o.i == head.i or is_weapon(o, lexicon):
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
        if wanted:
            out.extend(target_actors(o, linker, lexicon))
    return out


def roles_for(
    trigger: Span, frame: MentionFrame, linker: Linker, *, lexicon: Lexicon | None = None
) -> list[RoleFrame]:
    """The role frames one trigger gives (see the module docstring)."""
    lexicon = lexicon or load_lexicon()
    head = trigger.root
    cls = cf_term(trigger.kb_id_)
    family = plover_code(cls)
    roles: list[RoleFrame] = []
    subj_role, obj_role = "perpetrator", "target"
    if family == "CONSULT" or cls == CF.Agreement:
        subj_role = obj_role = "participant"
    elif cls in (CF.Withdrawal, CF.Protest):
        obj_role = "participant"
    elif cls == CF.InterceptedAttack:
        subj_role = "participant"
    violent_victims = head.lemma_.lower() in ("kill", "injure", "wound")
    if violent_victims:
        obj_role = "victim"
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    children = list(head.children)
    if head.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in children):
        # "X declared mourning and warned that ...": a conjoined verb shares its head's subject
        verb = head
        while (verb.dep_ == "conj" or (verb.dep_ in ("advcl", "xcomp") and verb.tag_ in ("VBG", "VB"))) and (
            verb.head is not verb
        ):
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
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
            if obj_role == "target":
                roles.extend(_role("target", a) for a in target_actors(c, linker, lexicon))
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
        elif dep in ("poss", "compound", "amod", "nmod") and head.pos_ == "NOUN" and c.i < head.i:
            if not is_weapon(c, lexicon):
                actor = linker.actor_for(c)
                if actor is not None:
                    roles.append(_role(subj_role, actor))
        elif dep in ("advcl", "conj", "xcomp") and c.lemma_.lower() in ("kill", "injure", "wound"):
            for o in c.children:
                if o.dep_ in ("dobj", "nsubjpass"):
                    roles.extend(_role("victim", a) for a in actors_of(o, linker, lexicon))
        elif dep in ("advcl", "xcomp", "ccomp") and cls == CF.Threat:
            roles.extend(_role("target", a) for a in threat_targets(c, head, linker, lexicon))
    # a weapon subject's owner: "a Turkish drone struck", "US warplanes hit"
    weapons = [c for c in head.children if c.dep_ == "nsubj"]
    weapons += [o for c in head.children if c.dep_ == "agent" for o in pobjs(c)]
    for w in weapons:
        if is_weapon(w, lexicon):
            for m in w.children:
                if m.dep_ in ("amod", "compound", "nmod", "poss") and not is_weapon(m, lexicon):
                    actor = linker.actor_for(m)
                    if actor is not None:
                        roles.append(_role(subj_role, actor))
    # a noun trigger with a light verb: "X carried out airstrikes against Y", "X launched an attack on Y",
    # "US forces came under attack"
    if head.pos_ == "NOUN" and head.dep_ in ("dobj", "pobj") and head.head.pos_ in ("VERB", "ADP"):
        verb = head.head if head.dep_ == "dobj" else head.head.head
        lemma = verb.lemma_.lower()
        if lemma in LIGHT_VERBS and head.dep_ == "dobj":
            for o in verb.children:
                if o.dep_ == "nsubj":
                    roles.extend(_role(subj_role, a) for a in actors_of(o, linker, lexicon))
                elif o.dep_ == "agent":
                    for p in pobjs(o):
                        roles.extend(_role(subj_role, a) for a in actors_of(p, linker, lexicon))
                elif o.dep_ == "prep" and o.lower_ in TARGET_PREPS and obj_role in ("target", "victim"):
                    for p in pobjs(o):
                        roles.extend(_role("target", a) for a in target_actors(p, linker, lexicon))
        elif lemma in UNDERGO_VERBS and head.dep_ == "pobj":
            for o in verb.children:
                if o.dep_ == "nsubj":
                    roles.extend(_role("target", a) for a in target_actors(o, linker, lexicon))
    # the trigger is the subject of a verb ("the attack targeted a base", "an assault that injured two")
    if head.dep_ in ("nsubj",) and head.head.pos_ == "VERB":
        verb = head.head
        for o in verb.children:
            if o.dep_ == "dobj":
                role = "victim" if verb.lemma_.lower() in ("kill", "injure", "wound") else "target"
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
                t.lemma_.lower() in ("kill", "injure", "wound")
                and t is not head
                and (head.is_ancestor(t) or t.head == head or t.head.head == head)
            ):
                for o in t.children:
                    if o.dep_ in ("dobj",):
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
        # those killed or injured in an attack were what it hit: victims are targets too
        roles.extend(_role("target", r.actor) for r in list(roles) if r.role == "victim")
    return dedupe(roles)


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
    """ "a group calling itself X" -> X; "a little-known group, X," -> X."""
    for c in token.children:
        if c.dep_ == "appos" and linker.ent_at(c) is not None:
            return c
    for c in token.children:
        if c.dep_ in ("acl", "relcl") and c.lemma_.lower() in ("call", "name", "identify"):
            for o in c.subtree:
                ent = linker.ent_at(o)
                if o.i > c.i and ent is not None and ent.label_ in ("ORG", "NORP", "PERSON"):
                    return ent.root
    return token


def allegations(sent: Span, linker: Linker, *, lexicon: Lexicon | None = None) -> list[RoleFrame]:
    """Alleged perpetrators in one sentence (see the module docstring)."""
    lexicon = lexicon or load_lexicon()
    blame = lexicon.classes("blame")
    out: list[RoleFrame] = []
    for t in sent:
        lemma = t.lemma_.lower()
        modality = blame.get(lemma)
        if lemma == "claim" and not (
            any(c.lemma_.lower() in ("responsibility", "credit") for c in t.subtree)
            or any(c.dep_ == "agent" for c in t.children)
            or any(c.dep_ == "dobj" and is_weapon(c, lexicon) for c in t.children)
        ):
            continue
        if not modality:
            continue
        subj = [c for c in t.children if c.dep_ == "nsubj"]
        alleged_by = None
        accused: list[Token] = []
        if lemma in ("claim", "deny"):
            accused = [s for s in subj]
            accused += [o for c in t.children if c.dep_ == "agent" for o in pobjs(c)]
        elif t.dep_ in ("acl", "amod") and t.head.pos_ in ("NOUN", "PROPN"):
            # "attacks blamed on X", "factions, accused of", "suspected militants"
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
            accused = by_prep or objs
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
                                out.append(_role("alleged_perpetrator", owner, modality, alleged_by))
                    continue
                if x.lower_ in ("it", "they"):
                    actor = linker.antecedent(x)
                else:
                    actor = linker.actor_for(named_as(x, linker))
                if actor is not None:
                    # a claim of responsibility is coded as the perpetrator (modality cf:Claimed)
                    role = "perpetrator" if modality == "Claimed" else "alleged_perpetrator"
                    out.append(_role(role, actor, modality, alleged_by))
    return dedupe(out)


def is_attack(cls: Any) -> bool:
    return is_subclass(cls, CF.Attack)
