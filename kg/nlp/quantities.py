"""Numbers of the dead, the injured and the munitions, read from a parsed sentence.

:func:`parse_number` reads one number in digits or words; :func:`find_quantities` finds the casualty
and munition counts in a sentence from the dependency parse (the number's head noun and the verb
that governs it); the spaCy component ``conflict_quantities`` runs it over every sentence.

Documented choices:

* "at least five", "more than 20", "over 20", "20 or more" are lower bounds: ``at_least`` with the
  number the text states (20 for "more than 20": the stated figure is a true lower bound and is what
  an analyst would code).
* Approximations ("about 10", "nearly 10", "some 10") are ``exact`` with the stated figure.
* Upper bounds ("up to 10", "as many as 10", "fewer than 10") are skipped: neither exact nor a
  lower bound.
* Vague words ("several", "dozens", "many", "a number of") give no number and no quantity.
* "no casualties" (or "without causing casualties") is 0 fatalities and 0 injuries; "no injuries"
  is 0 injuries; "no one was killed" is 0 fatalities. "No reports of casualties" asserts nothing
  and gives nothing. A number of "casualties" ("five casualties") mixes dead and injured: skipped.
* Negated or modal verbs ("did not kill", "could kill") give nothing.
* Munitions need a numeral ("two dozen rockets", "three drones"); "a drone" is not counted.
* ``start_char``/``end_char`` are offsets into the Doc's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, cast

from spacy.attrs import LEMMA, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

__all__ = [
    "SPAN_KEY",
    "Kind",
    "QualifierName",
    "QuantitiesComponent",
    "Quantity",
    "find_quantities",
    "make_quantities",
    "parse_number",
]

Kind = Literal["fatalities", "injuries", "munitions"]
QualifierName = Literal["exact", "at_least"]

SPAN_KEY = "quantities"
"""The ``doc.spans`` key the component fills."""


@dataclass(frozen=True, slots=True)
class Quantity:
    """One count the text reports, with the phrase it came from (offsets into the Doc's text)."""

    kind: Kind
    value: int
    qualifier: QualifierName
    unit: str
    start_char: int
    end_char: int
    text: str


# ------------------------------------------------------------------ word lists (data)

ZERO_WORDS = frozenset({"no", "none", "zero", "nil", "nobody", "no one", "no-one"})
ONE_WORDS = frozenset({"a", "an", "one", "single", "a single", "lone", "a lone"})
VAGUE_WORDS = frozenset(
    {
        "several",
        "dozens",
        "scores",
        "hundreds",
        "thousands",
        "many",
        "some",
        "a number of",
        "numerous",
        "a few",
        "few",
        "multiple",
        "a handful of",
        "countless",
        "a couple",
        "various",
    }
)
MULTIPLIERS: dict[str, int] = {
    "dozen": 12,
    "score": 20,
    "hundred": 100,
    "thousand": 1000,
    "million": 1_000_000,
}

KILL_VERBS = frozenset(
    {"kill", "die", "slay", "execute", "assassinate", "behead", "massacre", "murder", "perish", "martyr"}
)
INTRANSITIVE_DEATH_VERBS = frozenset({"die", "perish"})
"""Verbs whose subject is the victim."""
INJURE_VERBS = frozenset({"wound", "injure", "hurt", "maim"})
DEAD_WORDS = frozenset({"dead", "killed", "death", "fatality", "body", "deaths", "fatalities", "bodies"})
SUFFER_VERBS = frozenset(
    {"suffer", "sustain", "diagnose", "treat", "hospitalize", "hospitalise", "receive"}
    | {"take", "rush", "admit", "evacuate"}  # "were taken to hospital with burns"
)
INJURY_NOUNS = frozenset({"injury", "wound", "concussion", "burn", "trauma", "shrapnel"})
"""With SUFFER_VERBS: "suffered minor injuries", "were treated for shrapnel wounds" count as injured."""
INJURED_WORDS = frozenset({"wounded", "injured", "injury", "injuries", "hurt"})
CASUALTY_NOUNS = frozenset({"casualty", "casualties"})
TOTAL_NOUNS = frozenset({"total", "minimum", "maximum"})
TALLY_NOUNS = frozenset({"toll", "number", "tally", "count"})
TOLL_VERBS = frozenset(
    {"rise", "reach", "climb", "stand", "jump", "increase", "hit", "be", "mount", "grow", "soar"}
)
RAISING_VERBS = frozenset({"raise", "bring", "push", "take", "put", "lift"})
"""Verbs whose object is a tally they set to a number: "bringing the death toll to 9"."""


def revises_a_tally(verb: Token) -> bool:
    """Is the verb a tally's revision ("the toll rose to 19", "the number reached 40", "raising to
    17 the death toll")? Its date is the count's, and its figure the latest."""
    if verb.lemma_.lower() not in (TOLL_VERBS | RAISING_VERBS) - {"be", "hit", "take"}:
        return False
    return any(c.dep_ in ("nsubj", "dobj") and c.lemma_.lower() in TALLY_NOUNS for c in verb.children)


MUNITION_NOUNS: dict[str, str] = {
    "rocket": "rocket",
    "missile": "missile",
    "drone": "drone",
    "uav": "drone",
    "shell": "shell",
    "mortar": "mortar",
    "round": "round",
    "projectile": "projectile",
    "bomb": "bomb",
    "grenade": "grenade",
    "katyusha": "rocket",
    "katyushas": "rocket",
    "ied": "IED",
    "explosive": "explosive",
    "munition": "munition",
}
"""Head-noun lemma -> unit of a munition count."""
PERSON_UNITS: dict[str, str] = {"people": "person", "person": "person", "other": "person", "others": "person"}
"""Head-noun lemmas mapped to the unit "person"; other nouns keep their own lemma as the unit."""
NON_PERSON_NOUNS = frozenset(
    {
        "year",
        "month",
        "week",
        "day",
        "hour",
        "minute",
        "km",
        "kilometre",
        "kilometer",
        "mile",
        "metre",
        "meter",
        "percent",
        "%",
        "dollar",
        "attack",
        "strike",
        "airstrike",
        "time",
        "incident",
        "location",
        "site",
        "village",
        "town",
        "vehicle",
        "building",
        "house",
        "total",
        "number",
        "toll",
        "tally",
        "minimum",
        "maximum",
        "handful",
        "lot",
        "series",
        "wave",
        "barrage",
        "salvo",
        "volley",
    }
)
EXCLUDED_ENTITY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
AT_LEAST_BEFORE = (
    "at least",
    "more than",
    "over",
    "upwards of",
    "no fewer than",
    "no less than",
    "not less than",
    "a minimum of",
    "in excess of",
    "at minimum",
)
AT_LEAST_AFTER = ("or more", "plus", "and more")
UPPER_BOUND_BEFORE = (
    "up to",
    "as many as",
    "fewer than",
    "less than",
    "under",
    "at most",
    "no more than",
    "nearly all",
)
INTENT_VERBS = frozenset(
    {
        "vow",
        "threaten",
        "plan",
        "want",
        "try",
        "attempt",
        "aim",
        "seek",
        "intend",
        "promise",
        "pledge",
        "fail",
    }
)
"""Verbs whose infinitive complement did not (yet) happen: "vowed to kill 100 soldiers"."""
APPROXIMATE_BEFORE = (
    "about",
    "around",
    "nearly",
    "almost",
    "some",
    "approximately",
    "roughly",
    "an estimated",
    "close to",
)
"""Approximations: coded ``exact`` with the stated figure (as an analyst would)."""
MODAL_WORDS = frozenset({"could", "might", "may", "would", "will", "should", "can", "must", "shall"})

_NUMBER_PART = frozenset({"-", "and", "a", "an", "half"}) | frozenset(MULTIPLIERS)
_WORD_SPLIT = re.compile(r"[\s-]+")


# ------------------------------------------------------------------ parse_number


def parse_number(text: str) -> int | None:
    """Read a whole number in digits or English words; None for vague or unreadable text.

    >>> [parse_number(t) for t in ("2,500", "five", "twenty-four", "two dozen", "half a dozen")]
    [2500, 5, 24, 24, 6]
    >>> [parse_number(t) for t in ("a hundred", "no", "an", "several", "dozens", "2.5")]
    [100, 0, 1, None, None, None]
    """
    s = _WORD_SPLIT.sub(" ", text.strip().lower().replace("\u2011", "-")).strip()
    if not s:
        return None
    if s in VAGUE_WORDS:
        return None
    if s in ZERO_WORDS:
        return 0
    if s in ONE_WORDS:
        return 1
    if re.fullmatch(r"\d+", s):
        return int(s)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", s):
        return int(s.replace(",", ""))
    words = s.split()
    if words[:2] == ["half", "a"] and len(words) == 3 and words[2] in MULTIPLIERS:
        return MULTIPLIERS[words[2]] // 2
    if words[-1] in MULTIPLIERS and len(words) >= 1:
        factor = MULTIPLIERS[words[-1]]
        head = " ".join(words[:-1])
        if not head:
            return factor if words[-1] == "dozen" else None
        count = parse_number(head)
        return None if count is None else count * factor
    if re.fullmatch(r"[a-z ]+", s):
        return _words_to_int(s)
    return None


def _words_to_int(s: str) -> int | None:
    from text_to_num import text2num

    try:
        value = text2num(s.replace(" and ", " "), "en")
    except ValueError:
        return None
    return value if isinstance(value, int) else None


# ------------------------------------------------------------------ find_quantities


def _number_runs(sent: Span, tokens: list[Token] | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) token indexes of contiguous number phrases holding at least one numeral."""
    tokens = tokens if tokens is not None else list(sent)
    lowers = [t.lower_ for t in tokens]
    numeral = [_is_numeral(t) for t in tokens]
    n, base = len(tokens), sent.start
    i = 0
    while i < n:
        if numeral[i] or (lowers[i] in _NUMBER_PART and lowers[i] not in ("-", "and")):
            j = i
            while j < n and (numeral[j] or lowers[j] in _NUMBER_PART):
                j += 1
            while j > i and lowers[j - 1] in ("-", "and", "a", "an", "half"):
                j -= 1
            if any(numeral[k] or lowers[k] in MULTIPLIERS for k in range(i, j)):
                yield base + i, base + j
                i = j
                continue
        i += 1


def _is_numeral(token: Token) -> bool:
    return token.like_num and not token.is_punct and token.lower_ not in ("no",)


def _head_of(doc: Doc, start: int, end: int) -> Token:
    for k in range(start, end):
        if not start <= doc[k].head.i < end or doc[k].head.i == k:
            return doc[k]
    return doc[end - 1]


def _climb_conj(token: Token) -> Token:
    """Up from a conjunct or an apposition to the noun that holds the clause role."""
    while token.dep_ in ("conj", "appos") and token.head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
        token = token.head
    return token


def _casualty_kind(noun: Token) -> Kind | Literal["casualty"] | None:
    """What a noun (or a number standing for people) counts, from its own word and its verb."""
    word, lemma = noun.lower_, noun.lemma_.lower()
    if word in DEAD_WORDS or lemma in DEAD_WORDS:
        return "fatalities"
    if word in INJURED_WORDS or lemma in INJURED_WORDS:
        return "injuries"
    if lemma in CASUALTY_NOUNS or word in CASUALTY_NOUNS:
        return "casualty"
    if lemma in NON_PERSON_NOUNS or noun.ent_type_ in EXCLUDED_ENTITY_LABELS:
        return None
    for child in noun.children:  # "five people killed in the attack"
        if child.dep_ in ("acl", "relcl", "amod") and not _negated(child):
            kind = _verb_kind(child)
            if kind is not None:
                return kind
    role = _climb_conj(noun)
    if role.dep_ == "pobj" and role.head.lower_ == "of" and role.head.head.lemma_.lower() in TOTAL_NOUNS:
        role = role.head.head  # "killed a total of 13 people"
    head = role.head
    if role.dep_ == "pobj" and head.dep_ == "prep":  # "rose to 7", "stood at 12"
        verb = head.head
        if verb.lemma_ in TOLL_VERBS:
            for subject in (c for c in verb.children if c.dep_.startswith("nsubj")):
                kind = _tally_kind(subject)
                if kind is not None:
                    return kind
        if verb.lemma_ in RAISING_VERBS:  # "raising to 17 the death toll", "bringing the toll to 9"
            for tally in (c for c in verb.children if c.dep_ == "dobj"):
                kind = _tally_kind(tally)
                if kind is not None:
                    return kind
        return None
    if role.dep_ in ("dobj", "obj") and head.pos_ in ("VERB", "AUX"):
        # "says 16 people, among them civilians, were killed": the parser hangs the subject of a
        # reported passive on the verb of saying; the passive clause has no subject of its own
        for clause in head.children:
            if (
                clause.dep_ == "ccomp"
                and clause.i > role.i
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
                and any(c.dep_ == "auxpass" for c in clause.children)
                and not _negated(clause)
            ):
                kind = _verb_kind(clause)
                if kind is not None:
                    return kind
    if role.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "attr") and head.pos_ in ("VERB", "AUX"):
        if _negated(head):
            return None
        kind = _verb_kind(head)
        if kind is not None and (role.dep_ != "nsubj" or _subject_is_victim(head)):
            return kind
        if head.lemma_ == "leave":  # "left two dead", "leaving two people wounded"
            for child in head.children:
                if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lower_ in DEAD_WORDS:
                    return "fatalities"
                if child.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and child.lower_ in INJURED_WORDS:
                    return "injuries"
    return None


def _subject_is_victim(verb: Token) -> bool:
    """The subject of "died" is a victim; of "killed" only when it is an elided passive
    ("three were killed and 12 others wounded")."""
    if verb.lemma_.lower() in INTRANSITIVE_DEATH_VERBS | SUFFER_VERBS:
        return True
    if any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return False
    if verb.tag_ == "VBN":
        return True
    # "ten were killed and three others wounded": the tagger may read the elided passive as VBD
    return verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children)


def _tally_kind(subject: Token) -> Kind | None:
    """ "the (death) toll", "the number of dead", "the injury toll": what a tally counts."""
    lemma = subject.lemma_.lower()
    words = {c.lower_ for c in subject.children} | {
        g.lower_ for c in subject.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
    }
    if lemma not in TALLY_NOUNS:
        return None
    if words & (INJURED_WORDS | {"injury"}):
        return "injuries"
    if lemma == "toll" or words & DEAD_WORDS:
        return "fatalities"
    # "25 service members were wounded; on Monday the number rose to 40": the count told just before
    for token in reversed(subject.doc[subject.sent.start : subject.i]):
        word, lemma = token.lower_, token.lemma_.lower()
        if word in INJURED_WORDS or lemma in INJURE_VERBS:
            return "injuries"
        if word in DEAD_WORDS or lemma in KILL_VERBS:
            return "fatalities"
    return None


def _partitive(number: Token) -> Token | None:
    """The noun of "two of the drones", or None."""
    for child in number.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ in ("NOUN", "PROPN"):
                    return pobj
    return None


def _munition_unit(noun: Token) -> str | None:
    return MUNITION_NOUNS.get(noun.lemma_.lower()) or MUNITION_NOUNS.get(noun.lower_)


def _verb_kind(verb: Token) -> Kind | None:
    lemma = verb.lemma_.lower()
    if lemma in KILL_VERBS:
        return "fatalities"
    if lemma in INJURE_VERBS:
        return "injuries"
    if lemma == "shoot" and any(c.lower_ == "dead" for c in verb.children):
        return "fatalities"  # "shot dead"
    if lemma in SUFFER_VERBS:  # "suffered minor injuries", "were treated for wounds"
        objects = [c for c in verb.children if c.dep_ in ("dobj", "obj")]
        objects += [
            g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "for") for g in c.children
        ]
        if any(o.lemma_.lower() in INJURY_NOUNS for o in objects):
            return "injuries"
    return None


def _negated(verb: Token) -> bool:
    """Negated, modal or only intended ("vowed to kill"): not a count of what happened."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in INTENT_VERBS:
        return True
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.lower_ in MODAL_WORDS) for c in verb.children)


def _text_before(doc: Doc, start: int, sent_start: int, n: int = 4) -> str:
    return " ".join(t.lower_ for t in doc[max(sent_start, start - n) : start])


def _ends_with(before: str, phrase: str) -> bool:
    return before == phrase or before.endswith(" " + phrase)


def _qualifier(doc: Doc, start: int, end: int, sent: Span) -> tuple[QualifierName | None, int]:
    """The qualifier and the token where the phrase starts; (None, start) for an upper bound."""
    before = _text_before(doc, start, sent.start)
    after = " ".join(t.lower_ for t in doc[end : min(sent.end, end + 2)])
    for phrase in UPPER_BOUND_BEFORE:
        if _ends_with(before, phrase) and not _ends_with(before, "no " + phrase):
            return None, start
    for phrase in AT_LEAST_BEFORE:
        if _ends_with(before, phrase):
            return "at_least", start - len(phrase.split())
    if any(after.startswith(phrase) for phrase in AT_LEAST_AFTER):
        return "at_least", start
    for phrase in APPROXIMATE_BEFORE:
        if _ends_with(before, phrase):
            return "exact", start - len(phrase.split())
    return "exact", start


def _unit(noun: Token, *, is_number: bool) -> str:
    if is_number or noun.lower_ in DEAD_WORDS | INJURED_WORDS:
        return "person"
    lemma = noun.lemma_.lower()
    return PERSON_UNITS.get(lemma, lemma)


def _make(
    doc: Doc, kind: Kind, value: int, qualifier: QualifierName, unit: str, first: int, last: int
) -> Quantity:
    span = doc[first : last + 1]
    return Quantity(kind, value, qualifier, unit, span.start_char, span.end_char, span.text)


def find_quantities(sent: Span) -> list[Quantity]:
    """Fatality, injury and munition counts in one parsed sentence, in text order.

    Needs the dependency parse and lemmas (a loaded English model); see the module docstring for
    the conventions. A sentence with no readable count gives ``[]``.
    """
    doc = sent.doc
    tokens = list(sent)  # walked several times below: Span iteration makes each Token again
    if not _may_count(tokens):
        return []
    found: list[Quantity] = []
    seen: set[tuple[str, int]] = set()

    def add(quantity: Quantity, key_token: int) -> None:
        if (quantity.kind, key_token) not in seen:
            seen.add((quantity.kind, key_token))
            found.append(quantity)

    for start, end in _number_runs(sent, tokens):
        if any(doc[k].ent_type_ in EXCLUDED_ENTITY_LABELS for k in range(start, end)):
            continue
        value = parse_number(doc[start:end].text)
        if value is None:
            continue
        if start > sent.start and doc[start - 1].lower_ == "no" and value == 1:  # "no one"
            value = 0
            start -= 1
        qualifier, first = _qualifier(doc, start, end, sent)
        if qualifier is None:
            continue
        number = _head_of(doc, start, end)
        noun = number
        if number.dep_ in ("nummod", "quantmod", "amod", "compound", "det") and number.head.i >= end:
            noun = number.head
        is_number = noun is number
        last = max(noun.i, end - 1)
        counted = _partitive(number) if is_number else noun  # "two of the drones"
        if counted is not None and _munition_unit(counted) is not None:
            unit = _munition_unit(counted)
            assert unit is not None
            add(_make(doc, "munitions", value, qualifier, unit, first, max(last, counted.i)), counted.i)
            continue
        kind = _casualty_kind(noun)
        if kind in ("fatalities", "injuries"):
            add(_make(doc, kind, value, qualifier, _unit(noun, is_number=is_number), first, last), noun.i)
        elif kind == "casualty" and value == 0:
            for both in ("fatalities", "injuries"):
                add(_make(doc, both, 0, "exact", "person", first, last), noun.i)

    # "gunmen shot dead Reham Yacoub", "the activist was killed": one person
    for ent in _person_names(sent, tokens):
        if ent.root.dep_ in ("dobj", "nsubjpass", "nsubj", "appos", "conj"):
            kind = _casualty_kind(ent.root)
            if kind in ("fatalities", "injuries"):
                add(_make(doc, kind, 1, "exact", "person", ent.start, ent.end - 1), ent.root.i)
                continue
        if _killed_just_before(ent):  # "shot dead Reham Yacoub" however the parser reads "shot"
            add(_make(doc, "fatalities", 1, "exact", "person", ent.start, ent.end - 1), ent.root.i)
    words = {t.lower_ for t in tokens}
    negated = bool(words & (ZERO_WORDS | {"without"}))
    violent = any(t.lemma_.lower() in _GATE_LEMMAS for t in tokens)
    for token in tokens:
        if negated:
            for quantity in _zero_quantities(token, sent):
                add(quantity, token.i)
        if violent:
            for single in (_single_person(token), _subjectless_single(token)):
                if single is not None:
                    add(single, token.i)
    found = _sum_coordinated(_sum_additional(_sum_conjuncts(found, sent), sent), sent)
    found.sort(key=lambda q: (q.start_char, q.kind))
    return found


#: words that, right before a person's name, say the person was killed
KILLED_BEFORE_NAME = (("shot", "dead"), ("gunned", "down"), ("killed",), ("assassinated",), ("murdered",))

_GATE_WORDS = ZERO_WORDS | frozenset(MULTIPLIERS) | {"without"} | {w for ws in KILLED_BEFORE_NAME for w in ws}
_GATE_LEMMAS = KILL_VERBS | INJURE_VERBS | INTRANSITIVE_DEATH_VERBS | SUFFER_VERBS | {"shoot"}


def _may_count(tokens: Iterable[Token]) -> bool:
    """Cheap test: every count needs a numeral, a multiplier, a "no"/"without" or a kill/injure verb."""
    return any(t.like_num or t.lower_ in _GATE_WORDS or t.lemma_.lower() in _GATE_LEMMAS for t in tokens)


_GATE_WORD_IDS = frozenset(get_string_id(w) for w in _GATE_WORDS)
_GATE_LEMMA_IDS = frozenset(get_string_id(v) for w in _GATE_LEMMAS for v in (w, w.capitalize(), w.upper()))


def _may_count_by_token(doc: Doc) -> list[bool]:
    """``_may_count``'s test for every token of the Doc at once, read off its attribute arrays (no Token
    objects): sentences where no token passes are skipped without a Python pass over their tokens."""
    rows = doc.to_array([LIKE_NUM, LOWER, LEMMA]).tolist()
    words, lemmas = _GATE_WORD_IDS, _GATE_LEMMA_IDS
    return [bool(like_num) or lower in words or lemma in lemmas for like_num, lower, lemma in rows]


def _person_names(sent: Span, tokens: list[Token] | None = None) -> Iterator[Span]:
    """The PERSON entities of a sentence, read off the tokens (``Span.ents`` walks the whole Doc)."""
    doc = sent.doc
    tokens = tokens if tokens is not None else list(sent)
    iobs = [t.ent_iob_ for t in tokens]
    n = len(tokens)
    k = 0
    while k < n:
        if iobs[k] == "B" and tokens[k].ent_type_ == "PERSON":
            j = k + 1
            while j < n and iobs[j] == "I":
                j += 1
            yield doc[sent.start + k : sent.start + j]
            k = j
        else:
            k += 1


def _conjuncts(noun: Token) -> list[Token]:
    """The noun and the nouns joined to it by "and"/commas, in text order."""
    members = [noun]
    for child in noun.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "NUM"):
            members.extend(_conjuncts(child))
    return sorted(members, key=lambda t: t.i)


def _member_count(member: Token, by_token: dict[int, Quantity]) -> int | None:
    """A conjunct's head count: its number, 1 for "a"/"another"/a singular noun, None if unknown."""
    quantity = by_token.get(member.i)
    if quantity is not None:
        return quantity.value
    if member.tag_ in ("NN", "NNP") and not member.like_num:
        return 1
    return None


def _sum_conjuncts(found: list[Quantity], sent: Span) -> list[Quantity]:
    """ "killed three soldiers, two police officers and a civilian worker": one total of 6.

    Casualty counts on nouns joined by "and" under one verb add up (as an analyst codes them);
    a conjunct without a number ("and civilians") makes the total a lower bound.
    """
    doc = sent.doc
    by_token: dict[int, Quantity] = {}
    for quantity in found:
        if quantity.kind == "munitions" or quantity.value == 0:
            continue
        span = doc.char_span(quantity.start_char, quantity.end_char)
        if span is not None and span[-1].lower_ not in DEAD_WORDS | INJURED_WORDS:
            by_token[span[-1].i] = quantity
    replaced: list[Quantity] = []
    totals: list[Quantity] = []
    done: set[int] = set()
    for i in sorted(by_token):
        root = doc[i]
        while root.dep_ == "conj" and root.head.pos_ in ("NOUN", "PROPN", "NUM"):
            root = root.head
        if root.i in done:
            continue
        done.add(root.i)
        members = _conjuncts(root)
        if len(members) < 2 or any(m.lower_ in DEAD_WORDS | INJURED_WORDS for m in members):
            continue
        members_found = [by_token[m.i] for m in members if m.i in by_token]
        kinds = {q.kind for q in members_found}
        if len(kinds) != 1:
            continue
        counts = [_member_count(m, by_token) for m in members]
        qualifier: QualifierName = (
            "at_least" if None in counts or any(q.qualifier == "at_least" for q in members_found) else "exact"
        )
        first = min(q.start_char for q in members_found + [_make_member(m) for m in members[:1]])
        last = members[-1]
        end_char = max(last.idx + len(last.text), *(q.end_char for q in members_found))
        total = sum(c for c in counts if c is not None)
        explicit = all(m.i in by_token for m in members)
        if explicit and len(counts) > 2 and sum(c or 0 for c in counts[1:]) == counts[0]:
            # "killing five members of one family, two women and three children": a breakdown
            total, qualifier = counts[0] or 0, members_found[0].qualifier
        totals.append(
            Quantity(kinds.pop(), total, qualifier, "person", first, end_char, doc.text[first:end_char])
        )
        replaced.extend(members_found)
    return [q for q in found if q not in replaced] + totals


ADDITIONAL_WORDS = frozenset({"more", "other", "others", "another", "further", "additional"})
"""A count with one of these ("two more died") adds to the count of the same kind before it."""


def _sum_when(
    found: list[Quantity], sent: Span, adds_to: Callable[[Quantity, Quantity], bool]
) -> list[Quantity]:
    """Fold each count into the previous count of the same kind where ``adds_to(previous, count)``
    says the two are different people: one total, a lower bound if either is."""
    doc = sent.doc
    result: list[Quantity] = []
    for quantity in sorted(found, key=lambda q: q.start_char):
        previous = next(
            (
                p
                for p in reversed(result)
                if p.kind == quantity.kind and p.kind != "munitions" and p.value > 0
            ),
            None,
        )
        if previous is not None and quantity.value > 0 and adds_to(previous, quantity):
            result.remove(previous)
            qualifier: QualifierName = (
                "at_least" if "at_least" in (previous.qualifier, quantity.qualifier) else "exact"
            )
            start, end = previous.start_char, quantity.end_char
            quantity = Quantity(
                quantity.kind,
                previous.value + quantity.value,
                qualifier,
                "person",
                start,
                end,
                doc.text[start:end],
            )
        result.append(quantity)
    return result


def _killed_just_before(ent: Span) -> bool:
    """ "gunmen shot dead X", "militants gunned down X", "a drone killed X": the words before the
    name, read on the surface because the parser often takes "shot" for a noun."""
    doc = ent.doc
    before = tuple(t.lower_ for t in doc[max(ent.start - 2, 0) : ent.start])
    return any(before[-len(words) :] == words for words in KILLED_BEFORE_NAME)


def _sum_additional(found: list[Quantity], sent: Span) -> list[Quantity]:
    """ "Nine people died at the scene and two more died in hospital": 11 in all."""

    def more(_previous: Quantity, quantity: Quantity) -> bool:
        span = sent.doc.char_span(quantity.start_char, quantity.end_char)
        words = set(quantity.text.lower().split()[1:])
        if span is not None and span.end < sent.end:
            words.add(sent.doc[span.end].lower_)  # "two more died"
        return bool(words & ADDITIONAL_WORDS)

    return _sum_when(found, sent, more)


def _governing_verb(token: Token) -> Token | None:
    """The verb a count's noun belongs to; for "... and a medic was wounded" parsed without its subject,
    the verb right after the noun."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.dep_ in ("aux", "auxpass") and following.head.pos_ == "VERB":
        return following.head
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("amod", "acl"):
            return node
    return None


def _sum_coordinated(found: list[Quantity], sent: Span) -> list[Quantity]:
    """ "Two soldiers suffered injuries and a medic was wounded": counts of one kind in clauses joined
    by "and" are different people, so they add up (3)."""

    def verb_of(quantity: Quantity) -> Token | None:
        span = sent.doc.char_span(quantity.start_char, quantity.end_char)
        return _governing_verb(span.root) if span is not None else None

    def coordinated(previous: Quantity, quantity: Quantity) -> bool:
        verb, pverb = verb_of(quantity), verb_of(previous)
        return (
            verb is not None
            and pverb is not None
            and verb != pverb
            and verb.dep_ == "conj"
            and verb.head == pverb
        )

    return _sum_when(found, sent, coordinated)


def _subjectless_single(verb: Token) -> Quantity | None:
    """ "... and an Iraqi service member was wounded" where the parser left the passive without its
    subject: the singular noun with "a"/"an" just before "was" is the one person."""
    aux = [c for c in verb.children if c.dep_ == "auxpass" and c.lower_ == "was"]
    if not aux or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or _negated(verb):
        return None
    kind = _verb_kind(verb)
    if kind is None or aux[0].i == 0:
        return None
    noun = verb.doc[aux[0].i - 1]
    if noun.tag_ != "NN" or noun.lemma_.lower() in NON_PERSON_NOUNS or noun.lemma_.lower() in MUNITION_NOUNS:
        return None
    det = [c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an")]
    if not det:
        return None
    return _make(verb.doc, kind, 1, "exact", _unit(noun, is_number=False), det[0].i, noun.i)


def _make_member(noun: Token) -> Quantity:
    """A placeholder giving where a conjunct's phrase starts (its leftmost dependent)."""
    start = noun.left_edge.idx
    return Quantity("fatalities", 0, "exact", "person", start, start, "")


def _zero_quantities(noun: Token, sent: Span) -> Iterable[Quantity]:
    """ "no casualties", "no injuries", "no soldiers were killed", "without causing casualties",
    "nobody was hurt", "none of them were injured"."""
    doc = noun.doc
    word = noun.lower_
    first = noun.i
    if word in ("nobody", "none", "no-one"):
        kind = _casualty_kind(noun)
        if kind in ("fatalities", "injuries"):
            yield _make(doc, kind, 0, "exact", "person", first, noun.i)
        return
    negators = [c for c in noun.children if c.dep_ == "det" and c.lower_ == "no"]
    if negators:
        first = negators[0].i
    elif not any(a.lower_ == "without" for a in list(noun.ancestors)[:3]):
        return
    if negators and noun.like_num:
        return  # "no one": handled with the numbers
    kind = _casualty_kind(noun)
    if kind == "casualty":
        for both in ("fatalities", "injuries"):
            yield _make(doc, both, 0, "exact", "person", first, noun.i)
    elif kind in ("fatalities", "injuries") and (
        negators or noun.lemma_.lower() in DEAD_WORDS | INJURED_WORDS
    ):
        yield _make(doc, kind, 0, "exact", _unit(noun, is_number=False), first, noun.i)


def _single_person(noun: Token) -> Quantity | None:
    """ "a soldier was killed": one person, exact (only with a kill/injure verb)."""
    if noun.pos_ != "NOUN" or noun.tag_ not in ("NN",) or noun.lemma_.lower() in NON_PERSON_NOUNS:
        return None
    det = [c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an")]
    if not det or noun.lower_ in DEAD_WORDS | INJURED_WORDS | CASUALTY_NOUNS:
        return None
    if noun.lemma_.lower() in MUNITION_NOUNS:
        return None
    role = _climb_conj(noun)
    if role is not noun or noun.dep_ not in ("nsubjpass", "dobj", "nsubj"):
        return None
    if noun.dep_ == "nsubj" and noun.head.lemma_.lower() not in ("die",):
        return None
    kind = _casualty_kind(noun)
    if kind not in ("fatalities", "injuries"):
        return None
    return _make(noun.doc, kind, 1, "exact", _unit(noun, is_number=False), det[0].i, noun.i)


# ------------------------------------------------------------------ the spaCy component

_USER_DATA_KEY = "conflict_quantities"


def _user_data_key(span: Span) -> tuple[str, int, int, str]:
    return (_USER_DATA_KEY, span.start_char, span.end_char, span.label_)


def _get_quantity(span: Span) -> Quantity | None:
    data = cast(dict[Any, Any], span.doc.user_data).get(_user_data_key(span))
    if data is None or isinstance(data, Quantity):
        return data
    kind, value, qualifier, unit, start_char, end_char, text = data
    return Quantity(kind, int(value), qualifier, unit, int(start_char), int(end_char), text)


def _set_quantity(span: Span, quantity: Quantity | None) -> None:
    """Store plain values (a tuple), not the dataclass: spaCy sends Docs between
    ``nlp.pipe(..., n_process=N)`` workers as msgpack, which cannot pack our objects."""
    data = None
    if quantity is not None:
        q = quantity
        data = (q.kind, q.value, q.qualifier, q.unit, q.start_char, q.end_char, q.text)
    cast(dict[Any, Any], span.doc.user_data)[_user_data_key(span)] = data


# keyed by label too: "no casualties" is two spans with the same offsets, one per kind
if not Span.has_extension("quantity"):
    Span.set_extension("quantity", getter=_get_quantity, setter=_set_quantity)


class QuantitiesComponent:
    """Run :func:`find_quantities` on every sentence; store spans labelled by kind.

    Sets ``doc.spans[span_key]`` (spans may overlap: "no casualties" is one span per kind) and
    ``span._.quantity``. Without a dependency parse (``spacy.blank``) the group is empty.
    """

    def __init__(self, nlp: Language, name: str = "conflict_quantities", *, span_key: str = SPAN_KEY) -> None:
        self.name = name
        self.span_key = span_key

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        if doc.has_annotation("DEP"):
            may_count = _may_count_by_token(doc)
            for sent in doc.sents:
                if not any(may_count[sent.start : sent.end]):
                    continue  # find_quantities would find no count
                for quantity in find_quantities(sent):
                    span = doc.char_span(quantity.start_char, quantity.end_char, label=quantity.kind)
                    if span is None:
                        continue
                    span._.quantity = quantity
                    spans.append(span)
        doc.spans[self.span_key] = spans
        return doc


@Language.factory(
    "conflict_quantities",
    assigns=["doc.spans", "span._.quantity"],
    requires=["token.dep", "token.lemma"],
    default_config={"span_key": SPAN_KEY},
)
def make_quantities(nlp: Language, name: str, span_key: str) -> QuantitiesComponent:
    """The ``conflict_quantities`` factory (``nlp.add_pipe("conflict_quantities")``)."""
    return QuantitiesComponent(nlp, name, span_key=span_key)
