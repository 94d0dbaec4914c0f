"""Pin the surfaces a newcomer could break by accident: the CLI's commands, the package's public
API, the spaCy factories, and the CLI's promise of one-line errors with documented exit codes."""

from __future__ import annotations

import importlib

import pytest

import kg
from kg.cli import COMMAND_MODULES, build_app

EXPECTED_COMMANDS = [
    "build", "events", "export", "load", "ontology", "push", "query", "remove", "resolve", "serve",
    "stats", "validate",
]  # fmt: skip


def test_the_command_table_and_the_commands_it_registers():
    assert len(set(COMMAND_MODULES)) == len(COMMAND_MODULES)
    names = sorted(command.name or "" for command in build_app().registered_commands)
    assert names == EXPECTED_COMMANDS


def test_the_package_public_api_resolves_lazily():
    assert kg.__all__ == ["__version__", *sorted(kg.__all__[1:])]
    for name in kg.__all__[1:]:
        assert getattr(kg, name) is not None, name
    with pytest.raises(AttributeError):
        _ = kg.no_such_name


def test_the_spacy_factories_are_registered():
    from spacy.language import Language

    importlib.import_module("kg.nlp")
    for factory in (
        "conflict_gazetteer",
        "conflict_timex",
        "conflict_quantities",
        "conflict_triggers",
        "conflict_sentences",
        "conflict_attributes",
    ):
        assert Language.has_factory(factory), factory


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["build", "--bogus"], 2, "No such option"),
        (["query", "timeline", "extra.trig"], 2, "unexpected extra argument"),
        (["query", "no_such_query"], 2, "no_such_query"),
        (["events", "/nonexistent/graph.trig"], 4, "graph.trig"),
        (["validate", "/nonexistent/graph.trig"], 3, "graph.trig"),
        (["export", "--to", "pdf", "-o", "x.pdf"], 2, "pdf"),
    ],
)
def test_bad_usage_is_one_line_and_a_documented_exit_code(run_kg, args, code, needle):
    """Regression: click's usage errors from typer's vendored click once escaped as tracebacks."""
    got, out, err = run_kg(*args)
    assert got == code, (got, out, err)
    assert needle.lower() in (out + err).lower()
    assert "Traceback" not in out + err
