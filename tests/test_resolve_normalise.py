"""Name normalisation rules (tests/data/resolve/names.tsv) and the surfaces others rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resolve.normalise import acronym, first_agreement, is_acronym, person_tokens

NAMES = Path(__file__).parent / "data" / "resolve" / "names.tsv"


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for line in NAMES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            a, b, kind, rule = line.split("\t")
            rows.append((a, b, kind, rule))
    return rows


@pytest.mark.parametrize(("a", "b", "kind", "rule"), _rows(), ids=lambda v: str(v)[:24])
def test_first_rule_under_which_names_agree(a, b, kind, rule):
    expected = None if rule == "-" else rule
    assert first_agreement(a, b, person=kind == "person") == expected
    assert first_agreement(b, a, person=kind == "person") == expected


@pytest.mark.parametrize(
    ("long", "short"),
    [
        ("Islamic State of Iraq and the Levant", "isil"),
        ("Islamic State of Iraq and Syria", "isis"),
        ("Popular Mobilization Forces", "pmf"),
        ("Kataib Hezbollah", "kh"),
        ("Iraqi Resistance Coordination Committee", "ircc"),
    ],
)
def test_acronyms(long, short):
    assert acronym(long) == short


def test_acronym_shape():
    assert is_acronym("PMF") and is_acronym("ISIL")
    assert not is_acronym("Pmf") and not is_acronym("A") and not is_acronym("LONGNAME")


def test_person_tokens_drop_titles_and_articles():
    assert person_tokens("Anbar governor Ali al-Dulaimi")[-1] == person_tokens("Ahmed al-Dulaimi")[-1]
    assert person_tokens("Iraqi Prime Minister Mustafa al-Kadhimi") == person_tokens("Mustafa Kadhimi")


def test_public_api_is_pinned():
    import kg.resolve

    assert sorted(kg.resolve.__all__) == [
        "RESOLUTION_GRAPH",
        "RESOLUTION_TERMS",
        "RemovalReport",
        "ResolutionReport",
        "ResolutionSummary",
        "find_articles",
        "refresh_resolution",
        "remove_articles",
        "resolution_counts",
        "resolution_report",
        "resolve_dataset",
    ]


def test_resolution_terms_are_in_the_ontology():
    from kg.namespace import CF
    from kg.resolve import RESOLUTION_TERMS

    missing = []
    for name in RESOLUTION_TERMS:
        try:
            CF[name]
        except (AttributeError, KeyError):
            missing.append(name)
    assert not missing, f"add these terms to ontology/conflict.ttl: {missing}"


def test_resolve_command_is_registered():
    from kg.cli import COMMAND_MODULES

    assert "kg.cli.resolve_cmd" in COMMAND_MODULES


@pytest.mark.slow
def test_near_linear_at_scale():
    """2,000 synthetic article events resolve in seconds; pairs compared stay near-linear."""
    import time

    from kg.resolve.core import resolve
    from kg.resolve.synthetic import dataset_from_spec, synthetic_spec

    spec = synthetic_spec(2000)
    dataset = dataset_from_spec(spec)
    started = time.perf_counter()
    result = resolve(dataset, gazetteer=lambda: None)
    seconds = time.perf_counter() - started
    assert result.events.pairs_compared < 20 * 2000
    assert seconds < 60
    distinct = (
        len(result.data.events) - sum(len(m) for m in result.events.clusters) + len(result.events.clusters)
    )
    assert abs(distinct - spec["real_events"]) <= 0.02 * spec["real_events"]
