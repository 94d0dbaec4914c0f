"""Pin the loaders' public surface: the registry table, the suffixes, ``__all__`` and the doctests."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import loaders
from loaders import LOADERS, Loader, format_for_path, get_loader

EXPECTED_LOADERS = {
    "dated": (".txt",),
    "text": (".txt", ".text"),
    "markdown": (".md", ".markdown"),
    "json": (".json",),
    "jsonl": (".jsonl", ".ndjson"),
    "html": (".html", ".htm", ".xhtml"),
}

EXPECTED_ALL = [
    "DEFAULT_MAX_BYTES",
    "FIELD_NAMES",
    "LOADERS",
    "Loader",
    "LoaderOptions",
    "LoaderSpec",
    "check_format",
    "expand_inputs",
    "format_for_path",
    "get_loader",
    "iter_articles",
    "known_suffixes",
    "load_file",
    "parse_date",
    "parse_field_map",
    "parse_size",
]


def test_registered_loaders_are_pinned() -> None:
    assert {name: spec.suffixes for name, spec in LOADERS.items()} == EXPECTED_LOADERS


def test_all_is_pinned() -> None:
    assert sorted(loaders.__all__) == sorted(EXPECTED_ALL)
    for name in loaders.__all__:
        assert hasattr(loaders, name), name


@pytest.mark.parametrize("name", sorted(EXPECTED_LOADERS))
def test_every_loader_imports_and_follows_the_protocol(name: str) -> None:
    loader = get_loader(name)
    assert isinstance(loader, Loader)
    assert loader.name == name
    assert get_loader(name) is loader  # one instance per format


def test_importing_loaders_imports_no_loader_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys, loaders; "
        "print(sorted(m for m in sys.modules if m.startswith(('loaders.', 'trafilatura', 'markdown_it', "
        "'dateparser'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['loaders.options']"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", " date 2021-07-24 \n\nText.\n", "dated"),
        ("a.txt", "\ufeffdate: 24/07/2021\n\nText.\n", "dated"),
        ("a.txt", "Text.\n\nSources 1/ https://example.org/a\n", "dated"),
        ("a.txt", "Just text.\n", "text"),
        ("a.txt", "Sources close to the talks said no.\n", "text"),
        ("a.TXT", "---\ndate: 2021-07-24\n---\nText.\n", "text"),
        ("a.md", "# T\n", "markdown"),
        ("a.json", "{}", "json"),
        ("a.ndjson", "{}", "jsonl"),
        ("a.htm", "<p>x</p>", "html"),
        ("a.csv", "x", None),
    ],
)
def test_format_for_path(tmp_path: Path, name: str, content: str, expected: str | None) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert format_for_path(path) == expected


def _modules() -> list[str]:
    return ["loaders"] + [f"loaders.{m.name}" for m in pkgutil.iter_modules(loaders.__path__)]


@pytest.mark.parametrize("module_name", _modules())
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
