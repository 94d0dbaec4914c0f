"""Plain text (``.txt`` without a date header) and Markdown (``.md``) articles.

Metadata comes from a front-matter block (see :mod:`loaders.frontmatter`), else from the options.
Plain text: paragraphs are separated by blank lines (lines inside one are joined); a file without
any blank line has one paragraph per line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TypedDict

from kg.article import Article
from kg.errors import InputError
from loaders._common import WholeFileLoader, build_article, clean_text, paragraphs_auto
from loaders.frontmatter import split_front_matter
from loaders.markdown import markdown_blocks
from loaders.options import LoaderOptions, parse_date


class _Fields(TypedDict):
    title: str | None
    published: dt.date | None
    url: str | None
    urls: list[str]
    publisher: str | None
    warnings: list[str]


def parse_text(text: str, *, path: Path, options: LoaderOptions, warnings: tuple[str, ...] = ()) -> Article:
    """Parse decoded plain text (front matter optional).

    >>> article = parse_text("---\\ndate: 24 July 2021\\nurl: https://example.com/a\\n---\\nOne\\ntwo.\\n\\nThree.",
    ...                      path=Path("a.txt"), options=LoaderOptions())
    >>> article.published, article.publisher, article.paragraph_texts()
    (datetime.date(2021, 7, 24), 'example.com', ['One two.', 'Three.'])
    """
    meta, body, _ = split_front_matter(clean_text(text))
    fields = _metadata(meta, path=path, options=options, warnings=warnings)
    return build_article(text=paragraphs_auto(body), path=path, format="text", **fields)


def parse_markdown(
    text: str, *, path: Path, options: LoaderOptions, warnings: tuple[str, ...] = ()
) -> Article:
    """Parse decoded Markdown (front matter optional) into plain paragraphs.

    >>> article = parse_markdown("# Rockets hit base\\n\\nA *drone* hit [the base](https://x.org).",
    ...                          path=Path("a.md"), options=LoaderOptions(date="2021-07-24"))
    >>> article.title, article.paragraph_texts()
    ('Rockets hit base', ['A drone hit the base.'])
    """
    meta, body, _ = split_front_matter(clean_text(text))
    fields = _metadata(meta, path=path, options=options, warnings=warnings)
    blocks = markdown_blocks(body)
    if blocks and blocks[0][0].startswith("heading"):
        if fields["title"] is None:
            fields["title"] = blocks.pop(0)[1]
        elif " ".join(fields["title"].split()) == blocks[0][1]:
            blocks.pop(0)
    return build_article(text="\n\n".join(text for _, text in blocks), path=path, format="markdown", **fields)


class TextLoader(WholeFileLoader):
    """Load one article from a plain text file."""

    name = "text"
    parse = staticmethod(parse_text)


class MarkdownLoader(WholeFileLoader):
    """Load one article from a Markdown file; its first heading is the title when none is given."""

    name = "markdown"
    parse = staticmethod(parse_markdown)


def _metadata(
    meta: dict[str, str | list[str]],
    *,
    path: Path,
    options: LoaderOptions,
    warnings: tuple[str, ...],
) -> _Fields:
    notes = list(warnings)
    published: dt.date | None = options.date
    raw_date = meta.get("date")
    if isinstance(raw_date, str):
        try:
            published = parse_date(raw_date)
        except ValueError as e:
            raise InputError(f"front matter date: {e}", path=path) from e
    if published is None:
        notes.append("no date in front matter or --date; the publication date is unknown")
    sources = meta.get("sources", [])
    url = meta.get("url")
    title = meta.get("title")
    publisher = meta.get("publisher")
    return {
        "title": title if isinstance(title, str) else options.title,
        "published": published,
        "url": url if isinstance(url, str) else options.url,
        "urls": list(sources) if isinstance(sources, list) else [sources],
        "publisher": publisher if isinstance(publisher, str) else options.publisher,
        "warnings": notes,
    }
