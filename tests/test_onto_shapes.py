"""The SHACL shapes accept a correct graph and reject each broken one with the expected message.

Cases are data: ``tests/data/shapes/good*.trig`` must conform; every ``broken-*.trig`` names the
violation it must produce in ``# expect:`` header lines.
"""

from __future__ import annotations

import doctest
import re
import time
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

import kg.validate
from kg.graphio import read_dataset
from kg.validate import load_shapes, validate

# rdflib 7.6 warns inside its own Dataset.parse (TriG, N-Quads); not our code. Remove when
# pyproject's filterwarnings ignores it for the whole suite.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(Dataset\.\w+|ConjunctiveGraph) is deprecated:DeprecationWarning"
)

DATA = Path(__file__).resolve().parent / "data" / "shapes"
GOOD = sorted(DATA.glob("good*.trig"))
BROKEN = sorted(DATA.glob("broken-*.trig"))


def expectations(path: Path) -> list[str]:
    return re.findall(r"^# expect: (.*)$", path.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_cases_exist() -> None:
    assert GOOD and len(BROKEN) >= 10
    for path in BROKEN:
        assert expectations(path), f"{path.name} has no '# expect:' line"


def test_shapes_parse() -> None:
    assert len(load_shapes()) > 100


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.stem)
def test_good_graph_conforms(path: Path) -> None:
    report = validate(read_dataset(path))
    assert report.conforms, report.text
    assert report.violations == 0


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_graph_is_rejected_with_a_readable_report(path: Path) -> None:
    report = validate(read_dataset(path))
    assert not report.conforms
    assert report.violations == 1, report.text  # each case breaks exactly one rule
    for expected in expectations(path):
        assert expected in report.text, report.text
    line = report.text.splitlines()[1]
    assert line.startswith("Violation: ") and "[cfg:article/00000000000000aa]" in line


def test_plain_graph_and_union_of_graphs() -> None:
    graph = Graph()
    for s, p, o, _ in read_dataset(DATA / "good.trig").quads((None, None, None, None)):
        graph.add((s, p, o))
    assert validate(graph).conforms


def many_articles(n: int) -> Dataset:
    text = (DATA / "good.trig").read_text(encoding="utf-8")
    dataset = Dataset()
    for i in range(n):
        dataset.parse(data=text.replace("00000000000000aa", f"{i + 1:016x}"), format="trig")
    return dataset


def test_speed_of_many_articles() -> None:
    """100 articles of ~60 triples: measured ~2.5 s on the 2-core machine (ontology and gazetteer cached)."""
    dataset = many_articles(100)
    validate(Graph())  # warm the caches: ontology, gazetteer, shapes
    start = time.perf_counter()
    report = validate(dataset)
    elapsed = time.perf_counter() - start
    assert report.conforms, report.text
    assert elapsed < 30, f"validating 100 articles took {elapsed:.1f} s"


def test_one_bad_article_among_many_is_named() -> None:
    dataset = many_articles(5)
    broken = (DATA / "broken-no-date.trig").read_text(encoding="utf-8")
    dataset.parse(data=broken.replace("00000000000000aa", "00000000000000ff"), format="trig")
    report = validate(dataset)
    assert report.violations == 1
    assert "cfg:article/00000000000000ff" in report.text


def test_doctests() -> None:
    result = doctest.testmod(kg.validate)
    assert result.failed == 0 and result.attempted > 0
