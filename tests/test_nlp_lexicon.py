"""The trigger lexicon (ontology/triggers.tsv) is data: it parses, and names only ontology terms."""

from __future__ import annotations

import pytest

from kg.errors import OntologyError
from kg.namespace import CF
from kg.nlp.lexicon import KINDS, load_lexicon, parse_lexicon
from kg.ontology import is_subclass


def test_the_packaged_lexicon_parses_and_covers_every_kind():
    lexicon = load_lexicon()
    assert {e.kind for e in lexicon.entries} == set(KINDS)


def test_every_class_in_the_lexicon_is_an_ontology_term():
    for entry in load_lexicon().entries:
        if entry.cls is None:
            continue
        term = CF[entry.cls]  # the closed namespace raises on unknown terms
        if entry.kind in ("event", "weak", "mode"):
            assert is_subclass(term, CF.Event), entry
        elif entry.kind == "blame":
            assert entry.cls in {"Blamed", "Accused", "Suspected", "Claimed", "Denied"}, entry


@pytest.mark.parametrize(
    ("pattern", "cls"),
    [
        ("attack/NOUN", "Attack"),
        ("rocket attack", "RocketAttack"),
        ("unmanned aerial system", "DroneStrike"),
        ("airstrike", "AirStrike"),
        ("shoot down", "InterceptedAttack"),
        ("meet/VERB", "Meeting"),
        ("threaten", "Threat"),
        ("withdraw", "Withdrawal"),
        ("roadside bomb", "IEDAttack"),
    ],
)
def test_issue_triggers_are_listed(pattern, cls):
    found = {e.pattern: e.cls for e in load_lexicon().entries if e.kind in ("event", "weak", "mode")}
    assert found.get(pattern) == cls


@pytest.mark.parametrize(
    "text",
    ["attack\tAttack\n", "attack\tAttack\tnonsense\n", "/NOUN\tAttack\tevent\n"],
)
def test_bad_lines_raise_with_the_line_number(text):
    with pytest.raises(OntologyError, match="line 1"):
        parse_lexicon(text)


def test_comments_blank_lines_and_notes():
    lexicon = parse_lexicon("# header\n\nhit/VERB\tAttack\tweak\ta note\n")
    [entry] = lexicon.entries
    assert (entry.tokens, entry.cls, entry.kind, entry.note) == (
        (("hit", "VERB"),),
        "Attack",
        "weak",
        "a note",
    )
