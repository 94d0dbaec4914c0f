"""Every case in tests/data/loaders/cases/: an input file and ``<case>.expected.json`` beside it.

The expected file lists, in order, what the loader yields: an object of Article fields to compare
(``published`` as ISO text, ``paragraphs`` as a count, ``first_paragraph``/``last_paragraph``,
``paragraph_texts``, ``warnings`` as a count, ``warnings_contain``, ``text_excludes``), or
``{"error": "<substring of the one-line message>"}``. ``options`` holds LoaderOptions keywords.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kg.article import Article
from kg.errors import InputError
from loaders import LoaderOptions, iter_articles

CASES = Path(__file__).parent / "data" / "loaders" / "cases"
CASE_FILES = sorted(p for p in CASES.iterdir() if not p.name.endswith(".expected.json"))


def check_offsets(article: Article) -> None:
    """Paragraph offsets slice the text exactly; paragraphs are separated by one blank line."""
    assert article.paragraphs, article
    pieces = [article.text[p.start : p.end] for p in article.paragraphs]
    assert "\n\n".join(pieces) == article.text
    for piece in pieces:
        assert piece and piece == piece.strip() and "\n" not in piece
    assert "Sources 1/" not in article.text


def compare(item: Article | InputError, want: dict[str, Any]) -> None:
    if "error" in want:
        assert isinstance(item, InputError), f"expected an error, got {item!r}"
        assert want["error"] in str(item)
        assert "\n" not in str(item)
        return
    assert isinstance(item, Article), f"expected an article, got error: {item}"
    check_offsets(item)
    for key, value in want.items():
        if key == "published":
            assert (item.published.isoformat() if item.published else None) == value
        elif key == "paragraphs":
            assert len(item.paragraphs) == value, item.paragraph_texts()
        elif key == "first_paragraph":
            assert item.paragraph_texts()[0] == value
        elif key == "last_paragraph":
            assert item.paragraph_texts()[-1] == value
        elif key == "paragraph_texts":
            assert item.paragraph_texts() == value
        elif key == "urls":
            assert list(item.urls) == value
        elif key == "warnings":
            assert len(item.warnings) == value, item.warnings
        elif key == "warnings_contain":
            for text in value:
                assert any(text in warning for warning in item.warnings), item.warnings
        elif key == "text_excludes":
            for text in value:
                assert text not in item.text
        else:
            assert getattr(item, key) == value, key


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name for p in CASE_FILES])
def test_case(path: Path) -> None:
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
    options = LoaderOptions(**expected.get("options", {}))
    items = list(iter_articles([path], options=options))
    assert len(items) == len(expected["items"]), [str(i) if isinstance(i, InputError) else i for i in items]
    for item, want in zip(items, expected["items"], strict=True):
        compare(item, want)


def test_every_case_has_expectations() -> None:
    for path in CASE_FILES:
        assert path.with_name(path.stem + ".expected.json").is_file(), path


def test_every_format_has_a_case() -> None:
    from loaders import LOADERS

    formats = {
        item.format for path in CASE_FILES for item in iter_articles([path]) if isinstance(item, Article)
    }
    assert formats == set(LOADERS)
