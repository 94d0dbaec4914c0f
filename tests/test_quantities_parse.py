"""parse_number: words and digits to integers, vague words to None (no model needed)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from kg.nlp.quantities import parse_number

CASES: list[tuple[str, int | None]] = [
    ("5", 5),
    ("12", 12),
    ("2,500", 2500),
    ("1,000,000", 1000000),
    ("2.500", None),  # English: a decimal point, not a thousands separator
    ("2.5", None),
    ("five", 5),
    ("Five", 5),
    ("twenty-four", 24),
    ("twenty four", 24),
    ("one hundred and twenty", 120),
    ("a dozen", 12),
    ("dozen", 12),
    ("two dozen", 24),
    ("half a dozen", 6),
    ("a hundred", 100),
    ("two hundred", 200),
    ("a thousand", 1000),
    ("3 dozen", 36),
    ("no", 0),
    ("none", 0),
    ("zero", 0),
    ("nobody", 0),
    ("a", 1),
    ("an", 1),
    ("one", 1),
    ("several", None),
    ("dozens", None),
    ("hundreds", None),
    ("many", None),
    ("some", None),
    ("a number of", None),
    ("a few", None),
    ("fighters", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] or "empty" for c in CASES])
def test_parse_number(text: str, expected: int | None) -> None:
    assert parse_number(text) == expected


def test_factory_registered() -> None:
    import kg.nlp.quantities  # noqa: F401

    assert "conflict_quantities" in Language.factories
    meta = Language.get_factory_meta("conflict_quantities")
    assert "doc.spans" in meta.assigns and "span._.quantity" in meta.assigns
    assert meta.default_config == {"span_key": "quantities"}


def test_blank_pipeline_without_parse_gives_empty_group() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("conflict_quantities")
    doc = nlp("Five people were killed.")
    assert list(doc.spans["quantities"]) == []
