"""``kg validate`` and ``kg ontology`` on the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

# rdflib 7.6 warns inside its own Dataset.parse (TriG, N-Quads); not our code. Remove when
# pyproject's filterwarnings ignores it for the whole suite.
pytestmark = pytest.mark.filterwarnings(
    r"ignore:(Dataset\.\w+|ConjunctiveGraph) is deprecated:DeprecationWarning"
)

DATA = Path(__file__).resolve().parent / "data" / "shapes"

Run = Callable[..., tuple[int, str, str]]


def test_validate_good_exits_0(run_kg: Run) -> None:
    code, out, err = run_kg("validate", str(DATA / "good.trig"))
    assert code == 0, err
    assert out.startswith("conforms")


def test_validate_broken_exits_1_with_report(run_kg: Run) -> None:
    code, out, err = run_kg("validate", str(DATA / "broken-attack-without-place.trig"))
    assert code == 1
    assert "cf:placeUnknownReason" in out
    assert "does not conform" in err and "broken-attack-without-place.trig" in err
    assert len(err.strip().splitlines()) == 1


def test_validate_missing_file(run_kg: Run, tmp_path: Path) -> None:
    code, _, err = run_kg("validate", str(tmp_path / "nothing.trig"))
    assert code == 3 and "no such file" in err


def test_validate_converts_other_formats(run_kg: Run, tmp_path: Path) -> None:
    from kg.graphio import read_dataset, write_dataset

    target = tmp_path / "good.nq"
    write_dataset(read_dataset(DATA / "good.trig"), target)
    code, out, _ = run_kg("validate", str(target))
    assert code == 0, out


def test_ontology_tree(run_kg: Run) -> None:
    code, out, _ = run_kg("ontology")
    assert code == 0
    line = next(x for x in out.splitlines() if "cf:DroneStrike" in x)
    assert "ASSAULT" in line and "Air/drone strike" in line
    assert out.splitlines()[0].strip() == "cf:Event"


def test_ontology_markdown_and_classes(run_kg: Run) -> None:
    code, out, _ = run_kg("ontology", "--format", "markdown")
    assert code == 0 and out.startswith("| class |") and "`cf:InterceptedAttack`" in out
    code, out, _ = run_kg("ontology", "--actors", "--places")
    assert code == 0 and "cf:NonStateArmedGroup" in out and "cf:MilitaryBase" in out


def test_ontology_unknown_format(run_kg: Run) -> None:
    code, _, err = run_kg("ontology", "--format", "yaml")
    assert code == 2 and "--format" in err


def test_readme_class_trees_are_current() -> None:
    """ontology/README.md shows the output of `kg ontology` and `kg ontology --actors --places`."""
    from kg.cli.ontology_cmd import render

    readme = (Path(__file__).resolve().parents[1] / "ontology" / "README.md").read_text(encoding="utf-8")
    assert render("Event") in readme, "regenerate the event tree in ontology/README.md with `kg ontology`"
    both = render("Actor") + "\n\n" + render("Place")
    assert both in readme, (
        "regenerate the actor/place trees in ontology/README.md with `kg ontology --actors --places`"
    )
