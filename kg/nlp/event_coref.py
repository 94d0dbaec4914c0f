"""Within one article, mentions of the same event become one event.

Mentions are taken in order; each joins the most recent earlier event it is compatible with (same
PLOVER family, compatible dates, compatible places (one inside the other, or "near" a place of the
same province), classes on one branch or, for attacks, the same place), preferring one whose class
agrees and whose asserted perpetrator is on the same side (Joe Biden and the United States; see
``Gazetteer.sides``), and for a dated mention one known to be of that day, or starts a new one; a
claim of where the event told before took place ("the attack took place at al-Tanf") joins it
whatever the place; a report dated by
another event ("hours after the air raids, a drone struck") or an answer to one ("jets responded by
striking ...") always starts a new one. A definite re-mention ("the US strikes, carried out on
Thursday") by the same asserted perpetrator, or of an event with no date or place yet, adds its
date to that event. Anaphoric mentions ("the attack", "in that strike", "It was ...") without a
date or place of their own join the event spoken of last, of one sentence's events preferring the
one told with the same word and the sentence's news over what it tells in passing; one whose named
targets are none of that event's ("in retaliation for the killing of X") is another event.
Carrier mentions (only allegations or numbers) join the latest attack or violent protest.
Conflicting classes stay on the mentions; the event takes the most specific class the most
authoritative mention reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from spacy.tokens import Token

from kg.namespace import CF
from kg.nlp.frames import MentionFrame, compatible_classes, resolve_after, specificity
from kg.nlp.linking import Linker, PlaceRef
from kg.nlp.timex import date_value_for, is_anaphoric
from kg.ontology import is_subclass

DEFINITE = frozenset({"the", "that", "this", "these", "those", "its", "their"})
PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


@dataclass
class EventCluster:
    mentions: list[MentionFrame] = field(default_factory=list)
    cls: URIRef = CF.Event
    conflicting: bool = False
    date: Any | None = None  # DateValue
    date_mention: MentionFrame | None = None
    place: PlaceRef | None = None

    @property
    def family(self) -> str:
        real = [m for m in self.mentions if not m.carrier]
        return (real or self.mentions)[0].family

    @property
    def first(self) -> MentionFrame:
        return self.mentions[0]


def _interval(value: Any) -> tuple[dt.date, dt.date]:
    return value.earliest, value.latest


def dates_compatible(a: Any | None, b: Any | None) -> bool:
    if a is None or b is None:
        return True
    (a0, a1), (b0, b1) = _interval(a), _interval(b)
    return a0 <= b1 and b0 <= a1


def places_compatible(a: PlaceRef | None, b: PlaceRef | None, linker: Linker) -> bool:
    """Same place, one inside the other, or one of them unknown to the gazetteer (so its
    containment cannot be told)."""
    if a is None or b is None or a.iri == b.iri:
        return True
    if a.new or b.new:
        return not (a.new and b.new)
    return b.iri in linker.chain(a.iri) or a.iri in linker.chain(b.iri) or near_each_other(a, b, linker)


def near_each_other(a: PlaceRef, b: PlaceRef, linker: Linker) -> bool:
    """A place given with "near" ("near Kirkuk") fits a place in the same province or district ("the K1
    base in Kirkuk province"): the two share their parent below the country."""
    if not (a.near or b.near) or a.is_country or b.is_country:
        return False
    chain_a, chain_b = linker.chain(a.iri), linker.chain(b.iri)
    if len(chain_a) < 3 or len(chain_b) < 3:
        return False  # a parent that is the country itself says too little
    return chain_a[1] == chain_b[1] or chain_a[1] == b.iri or chain_b[1] == a.iri


def places_nested(a: PlaceRef | None, b: PlaceRef | None, linker: Linker) -> bool:
    """Strict form for mentions with their own trigger: the same place or one inside the other in the
    gazetteer; a place unknown to the gazetteer is compatible only with itself."""
    if a is None or b is None or a.iri == b.iri:
        return True
    if a.new or b.new:
        return False
    return b.iri in linker.chain(a.iri) or a.iri in linker.chain(b.iri) or near_each_other(a, b, linker)


def dates_clash(a: Any | None, b: Any | None) -> bool:
    """Two explicit dates that cannot be one event's: different days, or a day outside the other's
    month (interval bounds that do not overlap)."""
    if a is None or b is None:
        return False
    if a.precision == "day" and b.precision == "day":
        return a.date != b.date and not dates_compatible(a, b)
    return not dates_compatible(a, b)


def more_specific_place(a: PlaceRef | None, b: PlaceRef | None, linker: Linker) -> PlaceRef | None:
    if a is None:
        return b
    if b is None:
        return a
    if a.new != b.new:
        # a gazetteer place over a new one, unless the text calls the new one a finer area ("the
        # al-Azim district" against Diyala province); a name the model alone calls a place may be noise
        new, known = (a, b) if a.new else (b, a)
        return new if new.typed_by_text and new.specificity > known.specificity else known
    if a.iri in linker.chain(b.iri) and a.iri != b.iri:
        return b
    return a


def participants(frame: MentionFrame) -> set[URIRef]:
    return {r.actor.iri for r in frame.roles if r.role in ("participant", "perpetrator")}


def compatible(cluster: EventCluster, frame: MentionFrame, linker: Linker) -> bool:
    if frame.carrier:
        return cluster.family in ("ASSAULT", "PROTEST")  # numbers and blame of a violent protest too
    if cluster.family != frame.family:
        return False
    if intercepting_known_munitions(frame):
        return True  # "Most of the incoming missiles were intercepted": part of the attack told before
    if not dates_compatible(cluster.date, frame.date):
        return False
    if not places_compatible(cluster.place, frame.place, linker) and not locates_known_event(frame):
        return False
    if frame.family == "CONSULT":
        a, b = participants(frame), set().union(*(participants(m) for m in cluster.mentions))
        if a and b and not (a <= b or b <= a):
            return False  # talks with someone else are another meeting
    if any(m.sent.start == frame.sent.start for m in cluster.mentions if not m.carrier):
        return False  # the sentence's reports were split on purpose ("in retaliation for ...")
    if frame.anaphoric:
        return not named_targets_differ(cluster, frame)
    if not own_report_fits(cluster, frame, linker):
        return False
    real = [m for m in cluster.mentions if not m.carrier]
    if (
        real
        and not any(compatible_classes(m.cls, frame.cls) for m in real)
        and (frame.place is None or cluster.place is None)
    ):
        return False  # "rocket attack" vs "airstrike": the same event only where both name the place
    if frame.family == "ASSAULT":
        # two reports of one attack share a place, or the later one gives none
        return (
            frame.place is None
            or cluster.place is None
            or places_compatible(cluster.place, frame.place, linker)
        )
    return True


def locates_known_event(frame: MentionFrame) -> bool:
    """ "(X told state television that) the attack took place at al-Tanf": a claim about where the
    event told before happened, not another event; the event keeps its place and the claim its
    source."""
    if not frame.anaphoric:
        return False
    root = frame.trigger.root
    verb = root.head
    if root.dep_ != "nsubj":
        return False
    lemma = verb.lemma_.lower()
    return lemma in ("happen", "occur") or (
        lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    )


def anchor_anaphoric_dates(frames: list[MentionFrame], *, publication_date: dt.date | None) -> None:
    """Re-resolve anaphoric time expressions ("hours after", "the next morning", "the same day",
    "minutes later", "two days earlier") against the date of the latest event mention dated to the
    day before them, instead of the publication date. Frames are taken in text order, so a chain
    ("on Nov. 21 ... early the next morning ... hours later") moves on from each resolved date."""
    last: dt.date | None = None
    for frame in sorted(frames, key=lambda f: f.n):
        timex = frame.timex
        if timex is not None and last is not None and is_anaphoric(timex.text):
            value = date_value_for(timex, anchor=last, direction="nearest")
            if value is not None:
                frame.date = value
                frame.anaphoric = False
        if (
            frame.date is not None
            and frame.date.precision == "day"
            and not frame.carrier
            and (publication_date is None or frame.date.date <= publication_date)
        ):
            last = frame.date.date


def own_report_fits(cluster: EventCluster, frame: MentionFrame, linker: Linker) -> bool:
    """A mention with its own (non-anaphoric) trigger and its own explicit date or place starts a new
    event unless the event's date and place agree with it: the same day (or a day inside the
    event's month) and the same place or one inside the other in the gazetteer.

    A new explicit date joins an undated event only where both name a place, the same or one inside
    the other (a place unknown to the gazetteer may be either), and the classes agree (or the place
    is the very same); otherwise a new place joins an event only when the gazetteer says one contains
    the other.
    """
    if dates_clash(cluster.date, frame.date):
        return False
    fills_date = frame.date is not None and cluster.date is None
    # "The explosion hit a part of the base in Babil province": a definite re-mention may name a
    # place the gazetteer cannot relate to the event's ("Kalsu" is not in it)
    lenient = fills_date or (frame.date is None and definite_mention(frame))
    fits = places_compatible if lenient else places_nested
    if frame.place is not None and cluster.place is not None and not fits(cluster.place, frame.place, linker):
        return False
    if frame.date is not None and cluster.date is None:
        if definite_by_same_author(cluster, frame) or same_author_vaguely_placed(cluster, frame):
            return True  # "US warplanes struck X ... The US strikes, carried out on Thursday, ..."
        if frame.place is None or cluster.place is None:
            return False
        if (frame.place.is_country or cluster.place.is_country) and frame.place.iri != cluster.place.iri:
            return False  # "in Iraq" says too little to make two dated reports one event
        real = [m for m in cluster.mentions if not m.carrier]
        return frame.place.iri == cluster.place.iri or any(compatible_classes(m.cls, frame.cls) for m in real)
    return True


def definite_by_same_author(cluster: EventCluster, frame: MentionFrame) -> bool:
    """A definite event noun ("the US strikes") whose asserted perpetrator is the event's, with a
    compatible class: a re-mention that adds the date, not a new event."""
    if not definite_mention(frame):
        return False
    real = [m for m in cluster.mentions if not m.carrier]
    theirs = cluster_perpetrators(cluster)
    unplaced = cluster.place is None and cluster.date is None  # "after a drone attack killed ..."
    return (bool(perpetrators(frame) & theirs) or unplaced) and any(
        compatible_classes(m.cls, frame.cls) for m in real
    )


def same_author_vaguely_placed(cluster: EventCluster, frame: MentionFrame) -> bool:
    """ "US retaliatory strikes in eastern Syria ..." then "US F-15 jets struck facilities in Deir
    ez-Zor province late on Thursday": an undated event placed at most in a country, by the same
    asserted perpetrator, with a compatible class, is the one the dated report details."""
    if cluster.place is not None and not cluster.place.is_country:
        return False
    real = [m for m in cluster.mentions if not m.carrier]
    return bool(perpetrators(frame) & cluster_perpetrators(cluster)) and any(
        compatible_classes(m.cls, frame.cls) for m in real
    )


def definite_mention(frame: MentionFrame) -> bool:
    """Is the event named with a definite article: "the US strikes hit ...", "the drone struck ..."?"""
    from kg.nlp.roles import weapon_tokens

    doc = frame.sent.doc
    weapons = weapon_tokens(doc)
    for i in frame.heads:
        token = doc[i]
        nouns = [token] if token.pos_ == "NOUN" else []
        nouns += [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in weapons]
        for noun in nouns:
            if any(c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in DEFINITE) for c in noun.children):
                return True  # "the US strikes", "last week's strikes"
    return False


def intercepting_known_munitions(frame: MentionFrame) -> bool:
    """An interception of definite munitions ("the missiles were intercepted", "most of the drones
    were shot down") with no date or place of its own tells how an attack already reported went."""
    if frame.cls != CF.InterceptedAttack or frame.date is not None or frame.place is not None:
        return False
    for arg in frame.trigger.root.children:
        if arg.dep_ not in ("nsubjpass", "nsubj", "dobj"):
            continue
        nouns = [arg, *(o for c in arg.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children)]
        if any(d.dep_ == "det" and d.lower_ in DEFINITE for n in nouns for d in n.children):
            return True
    return False


def sequenced_after_other(frame: MentionFrame) -> bool:
    """A new report dated by another event ("Hours after the air raids, a drone struck ...", "a day
    before the talks, gunmen attacked ...") is a different event from every event told so far: it
    starts its own. A definite re-mention ("the attack came hours after ...") still joins."""
    if frame.anaphoric or frame.carrier:
        return False
    root = frame.trigger.root
    if responds(root):
        return True
    if frame.timex is None:
        return False
    if any(c.dep_ in ("det", "poss") and c.lower_ in DEFINITE for c in root.children):
        return False
    words = frame.timex.text.lower().split()
    return bool(words) and words[-1] in ("after", "before", "following")


RESPONSE_VERBS = frozenset({"respond", "retaliate", "reply", "answer", "react"})


def responds(trigger: Token) -> bool:
    """ "jets responded by striking the launch sites": an answer to what was told before, so an
    event of its own."""
    for up in list(trigger.ancestors)[:3]:
        if up.lemma_.lower() in RESPONSE_VERBS and up.pos_ == "VERB":
            return True
    return False


def recency(cluster: EventCluster, words: set[str]) -> tuple[int, bool, bool, int]:
    """Sort key of the events an anaphor may mean: the sentence of their last mention, whether it was
    told with one of the anaphor's ``words``, whether it was the sentence's news, text order."""
    last = cluster.mentions[-1]
    return (last.sent.start, bool(words & cluster_lemmas(cluster)), not last.background, last.n)


def head_lemmas(frame: MentionFrame) -> set[str]:
    """The nouns an anaphor names its event with ("those raids" -> {"raid"})."""
    doc = frame.sent.doc
    return {doc[i].lemma_.lower() for i in frame.heads if doc[i].pos_ == "NOUN"}


def cluster_lemmas(cluster: EventCluster) -> set[str]:
    return set().union(*(m.words for m in cluster.mentions if not m.carrier))


def named_targets(frame: MentionFrame) -> set[URIRef]:
    """The targets and victims of a mention that the gazetteer knows by name."""
    return {r.actor.iri for r in frame.roles if r.role in ("target", "victim") and not r.actor.new}


def named_targets_differ(cluster: EventCluster, frame: MentionFrame) -> bool:
    """ "in retaliation for the US killing of Qassem Soleimani": a definite mention whose named
    targets are none of the event's named targets is another event, however recent that one is."""
    ours = named_targets(frame)
    theirs = set().union(*(named_targets(m) for m in cluster.mentions))
    return bool(ours and theirs and not ours & theirs)


def perpetrators(frame: MentionFrame) -> set[URIRef]:
    return {r.actor.iri for r in frame.roles if r.role == "perpetrator"}


def cluster_perpetrators(cluster: EventCluster) -> set[URIRef]:
    """The asserted perpetrators of an event's own mentions (not of its carriers)."""
    return set().union(*(perpetrators(m) for m in cluster.mentions if not m.carrier))


def best_cluster(
    candidates: list[EventCluster], frame: MentionFrame, linker: Linker | None = None
) -> EventCluster | None:
    """Of the events a mention fits (latest first), the latest one told with a compatible class and
    no perpetrator of another side; else the latest one. ("US jets struck KH facilities in Iraq" joins
    the airstrike, not the rocket attack near Kirkuk it was told beside; "Joe Biden ordered those
    strikes" joins the strikes of the United States.)"""

    def sides(iris: set[URIRef]) -> set[URIRef]:
        return set().union(*(linker.sides(i) for i in iris)) if linker is not None else iris

    def agrees(cluster: EventCluster) -> bool:
        real = [m for m in cluster.mentions if not m.carrier]
        theirs = cluster_perpetrators(cluster)
        ours = perpetrators(frame)
        return any(compatible_classes(m.cls, frame.cls) for m in real) and not (
            ours and theirs and not sides(ours) & sides(theirs)
        )

    def same_author(cluster: EventCluster) -> bool:
        return bool(sides(perpetrators(frame)) & sides(cluster_perpetrators(cluster))) and agrees(cluster)

    if frame.date is not None:
        # "Tuesday's raids killed six": the event known to be of that day before one of no known day
        candidates = sorted(candidates, key=lambda c: c.date is None)

    return next(
        (c for c in candidates if same_author(c)),
        next((c for c in candidates if agrees(c)), candidates[0] if candidates else None),
    )


def cluster_mentions(
    frames: list[MentionFrame], *, linker: Linker, publication_date: dt.date | None
) -> list[EventCluster]:
    """Group mention frames into events, in order of first mention."""
    anchor_anaphoric_dates(frames, publication_date=publication_date)
    clusters: list[EventCluster] = []
    for frame in frames:
        target = None
        if not sequenced_after_other(frame):
            recent_first = list(reversed(clusters))
            if frame.anaphoric:
                # "the strikes", "the toll rose to 19": the event spoken of last; of one sentence's
                # events, the one told with the same word ("in that strike" -> the one that "struck"),
                # then the sentence's news before what it tells in passing ("in retaliation for ...")
                recent_first.sort(key=lambda c: recency(c, head_lemmas(frame)), reverse=True)
            target = best_cluster([c for c in recent_first if compatible(c, frame, linker)], frame, linker)
        if target is None:
            if frame.carrier:
                continue  # nothing to carry to
            target = EventCluster()
            clusters.append(target)
        _add(target, frame, linker, clusters, publication_date)
    _merge_headline(clusters, linker)
    _discourse_dates(clusters)
    _inherit_story_dates(clusters)
    clusters = [c for c in clusters if not after_publication(c, publication_date)]
    for cluster in clusters:
        _settle_class(cluster)
    return clusters


def _inherit_story_dates(clusters: list[EventCluster]) -> None:
    """An attack the text gives no date of happened when the story around it did: it takes the day
    of the latest event dated to the day before it in the text (not the publication date)."""
    dated: list[tuple[int, Any]] = []
    for cluster in clusters:
        for m in cluster.mentions:
            if m.date is not None and m.date.precision == "day" and not m.carrier:
                dated.append((m.sent.start, m.date))
    dated.sort(key=lambda x: x[0])
    for cluster in clusters:
        if cluster.date is not None or cluster.family != "ASSAULT":
            continue
        real = [m for m in cluster.mentions if not m.carrier]
        if not real:
            continue
        start = real[0].sent.start
        before = [value for s, value in dated if s <= start]
        if before:
            cluster.date = before[-1]


def is_headline(sent: Any) -> bool:
    """The article's first sentence when it has no final punctuation: a headline.

    >>> import spacy
    >>> doc = spacy.blank("en")("Drone hits Erbil base\\n\\nA drone hit the base.")
    >>> is_headline(doc[0:4]), is_headline(doc[5:11])
    (True, False)
    """
    text = sent.text.strip()
    first = next((t for t in sent.doc if not t.is_space), None)
    if not text or first is None or sent.start_char > first.idx:
        return False  # (Doc.text would join the whole document on every call)
    return text[-1] not in ".!?\"'\u201d\u2019:;"


def _merge_headline(clusters: list[EventCluster], linker: Linker) -> None:
    """A headline summarises the lead: an event reported only by the headline joins the first later
    event of its family with a compatible class (keeping that event's date and place)."""
    if len(clusters) < 2:
        return
    head = clusters[0]
    if not all(is_headline(m.sent) for m in head.mentions):
        return
    real = [m for m in head.mentions if not m.carrier]
    for cluster in clusters[1:]:
        if cluster.family != head.family:
            continue
        others = [m for m in cluster.mentions if not m.carrier]
        if not any(compatible_classes(a.cls, b.cls) for a in real for b in others):
            continue
        if not places_compatible(head.place, cluster.place, linker):
            continue
        cluster.mentions[:0] = head.mentions
        if cluster.place is None:
            cluster.place = head.place
        if cluster.date is None and head.date is not None:
            cluster.date, cluster.date_mention = head.date, head.date_mention
        clusters.remove(head)
        return


def after_publication(cluster: EventCluster, publication_date: dt.date | None) -> bool:
    """An event dated after the article was published has not happened yet ("is expected to travel
    to Erbil on Wednesday"): not an event."""
    if publication_date is None or cluster.date is None:
        return False
    if cluster.date_mention is not None and cluster.date_mention.after_previous:
        return False  # "days before X met ... on Monday": dated by the discourse, reported as done
    return bool(cluster.date.earliest > publication_date)


def _add(
    cluster: EventCluster,
    frame: MentionFrame,
    linker: Linker,
    clusters: list[EventCluster],
    publication_date: dt.date | None,
) -> None:
    cluster.mentions.append(frame)
    _update_date(cluster, frame)
    cluster.place = more_specific_place(cluster.place, frame.place, linker)


def _update_date(cluster: EventCluster, frame: MentionFrame) -> None:
    if frame.date is not None and (
        cluster.date is None
        or PRECISION_RANK.get(frame.date.precision, 0) > PRECISION_RANK.get(cluster.date.precision, 0)
    ):
        cluster.date = frame.date
        cluster.date_mention = frame


def _discourse_dates(clusters: list[EventCluster]) -> None:
    """ "days before X met ... on Monday": the meeting's Monday is after the event the main clause
    is about (the latest other event mentioned up to that sentence)."""
    owner = {id(m): c for c in clusters for m in c.mentions}
    ordered = sorted((m for c in clusters for m in c.mentions), key=lambda m: (m.sent.start, m.n))
    for cluster in clusters:
        for frame in cluster.mentions:
            if not frame.after_previous or frame.date is None or frame.timex is None:
                continue
            before = [m for m in ordered if owner[id(m)] is not cluster and not m.carrier and m.n < frame.n]
            if not before:
                continue
            ref = owner[id(before[-1])].date
            if ref is None or frame.date.date >= ref.date:
                continue
            frame.date = resolve_after(frame.date, frame.timex, ref.date)
            if cluster.date_mention is frame:
                cluster.date = frame.date


def _settle_class(cluster: EventCluster) -> None:
    real = [m for m in cluster.mentions if not m.carrier]
    if not real:
        cluster.cls = CF.Attack
        return
    best = max(m.authority for m in real)
    cls = None
    for m in real:
        if m.authority != best:
            continue
        if cls is None or specificity(m.cls) > specificity(cls):
            cls = m.cls
    assert cls is not None
    # an unspecific authoritative report does not erase a specific one on the same branch
    for m in real:
        if is_subclass(m.cls, cls) and m.cls != cls:
            cls = m.cls
    cluster.cls = cls
    classes = {m.cls for m in real}
    cluster.conflicting = any(not compatible_classes(a, b) for a in classes for b in classes)
