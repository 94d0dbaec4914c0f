"""Unit tables for the small helpers: dates, front matter, Markdown, cleaning, sources, options."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from kg.errors import ConfigError
from loaders import LoaderOptions, parse_date
from loaders._common import clean_line, clean_text
from loaders.dated import parse_dated
from loaders.frontmatter import split_front_matter
from loaders.markdown import markdown_blocks

D = dt.date(2021, 7, 24)


@pytest.mark.parametrize(
    "text",
    [
        "2021-07-24",
        "2021-7-24",
        "2021-07-24T10:00:00Z",
        "2021-07-24T23:30:00-05:00",
        "2021-07-24 10:00",
        "24 July 2021",
        "July 24, 2021",
        "Sat, 24 Jul 2021 10:00:00 GMT",
        "24/07/2021",
        "  24  July\n2021 ",
    ],
)
def test_parse_date_accepts(text: str) -> None:
    assert parse_date(text) == D


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2021-02-30", "is not a real date"),
        ("yesterday", "is not a date this loader understands"),
        ("3 days ago", "is not a date this loader understands"),
        ("July 2021", "is not a date this loader understands"),
        ("", "the date is empty"),
        (1627120800, "expected a date string"),
        (["2021-07-24"], "expected a date string"),
    ],
)
def test_parse_date_refuses(value: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(value)


def test_parse_date_passes_dates_through() -> None:
    assert parse_date(dt.datetime(2021, 7, 24, 10)) == D
    assert parse_date(D) == D


@pytest.mark.parametrize(
    ("source", "meta", "rest"),
    [
        ("---\ntitle: T\n---\nBody", {"title": "T"}, "Body"),
        ("---\nTitle: 'Q: A'\nDATE: 2021-07-24\n...\nBody", {"title": "Q: A", "date": "2021-07-24"}, "Body"),
        (
            "---\nsources: [https://a.org/1, 'https://b.org/2']\n---\n",
            {"sources": ["https://a.org/1", "https://b.org/2"]},
            "",
        ),
        ("---\nauthor: X\ntags:\n  - a\n---\nBody", {}, "Body"),
        ("---\nno closing fence\nBody", {}, "---\nno closing fence\nBody"),
        ("Text\n---\ntitle: T\n---\n", {}, "Text\n---\ntitle: T\n---\n"),
    ],
)
def test_front_matter(source: str, meta: dict[str, object], rest: str) -> None:
    found, body, _ = split_front_matter(source)
    assert found == meta and body == rest


@pytest.mark.parametrize(
    ("source", "blocks"),
    [
        ("Plain *em* and __strong__ and `code`.", [("paragraph", "Plain em and strong and code.")]),
        ('A [link](https://x.org "t") and <https://y.org>.', [("paragraph", "A link and https://y.org.")]),
        ("Image ![alt text](p.png) here.", [("paragraph", "Image here.")]),
        ("Line one\nline two  \nline three", [("paragraph", "Line one line two line three")]),
        (
            "1. first\n2. second\n   - nested",
            [("paragraph", "first"), ("paragraph", "second"), ("paragraph", "nested")],
        ),
        ("> quoted\n> text", [("paragraph", "quoted text")]),
        ("<script>alert(1)</script>\n\nAfter.", [("paragraph", "After.")]),
        ("Setext title\n===\n\nBody.", [("heading1", "Setext title"), ("paragraph", "Body.")]),
        ("| a | b |\n|---|---|\n| 1 | 2 |", [("paragraph", "a | b"), ("paragraph", "1 | 2")]),
        ("~~gone~~ kept &amp; decoded", [("paragraph", "gone kept & decoded")]),
        ("```\ncode block\n```", [("code", "code block")]),
        ("---\n\n***", []),
    ],
)
def test_markdown_blocks(source: str, blocks: list[tuple[str, str]]) -> None:
    assert markdown_blocks(source) == blocks


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u200bb\u200cc\u200dd\u2060e\ufefff", "abcdef"),
        ("tab\tkept\nnewline kept", "tab\tkept\nnewline kept"),
        ("cr\r\nlf\rcr", "cr\nlf\ncr"),
        ("\x00\x01\x1b\x7f\x80\x9f", ""),
        ("soft\u00adhyphen", "softhyphen"),
        ("e\u0301", "\u00e9"),  # NFC
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("para\u2029graph", "para\ngraph"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_line() -> None:
    assert clean_line(" A \n\t b\u200b ") == "A b"
    assert clean_line("\x00") is None
    assert clean_line(None) is None


@pytest.mark.parametrize(
    ("sources", "urls"),
    [
        ("Sources 1/ https://a.org/x 2/ https://b.org/y", ["https://a.org/x", "https://b.org/y"]),
        ("Sources: 1/https://a.org/x, 2/ www.b.org/y;", ["https://a.org/x", "https://www.b.org/y"]),
        ("Source 1) https://a.org/x\n2) https://b.org/y", ["https://a.org/x", "https://b.org/y"]),
        ("SOURCES\n\n1/ https://a.org/x\n\n2/ https://b.org/y", ["https://a.org/x", "https://b.org/y"]),
        ("Sources 1/ https://a.org/news/2021/7/24/x", ["https://a.org/news/2021/7/24/x"]),
    ],
)
def test_sources_line(sources: str, urls: list[str]) -> None:
    article = parse_dated(
        f" date 2021-07-24 \n\nBody.\n\n{sources}\n", path=Path("a.txt"), options=LoaderOptions()
    )
    assert list(article.urls) == urls
    assert article.text == "Body."


def test_sources_line_with_a_non_url_item_warns() -> None:
    article = parse_dated(
        " date 2021-07-24 \n\nBody.\n\nSources 1/ https://a.org/x 2/ www.b.org/y 3/ ftp://c.org/z\n",
        path=Path("a.txt"),
        options=LoaderOptions(),
    )
    assert article.urls == ("https://a.org/x", "https://www.b.org/y")
    assert any("'ftp://c.org/z' is not an http(s) URL" in warning for warning in article.warnings)


def test_only_bare_home_pages_means_no_url_and_no_publisher() -> None:
    article = parse_dated(
        " date 2021-07-24 \n\nBody.\n\nSources 1/ https://Google.com/ 2/ https://www.bing.com\n",
        path=Path("a.txt"),
        options=LoaderOptions(publisher="Somebody"),
    )
    assert article.url is None and article.urls == ("https://Google.com/", "https://www.bing.com")
    assert article.publisher == "Somebody"  # only an explicit publisher: never a home page's host


def test_options_are_frozen_and_parsed() -> None:
    options = LoaderOptions.from_cli(date="24 July 2021", fields=["text=content"], max_bytes="1MB")
    assert options.date == D and options.field_name("text") == "content" and options.max_bytes == 1 << 20
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.url = "https://x.org/a"  # type: ignore[misc]
    with pytest.raises(TypeError):
        options.field_map["title"] = "headline"  # type: ignore[index]
    with pytest.raises(ConfigError, match="--max-bytes: expected a size"):
        LoaderOptions.from_cli(max_bytes="lots")
    with pytest.raises(ConfigError, match="unknown article field"):
        LoaderOptions.from_cli(fields=["content=text"])
