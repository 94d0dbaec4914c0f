"""HTML pages: main text and metadata extracted with trafilatura (never hand-written tag stripping).

The title, publication date, canonical URL and site name come from the page's metadata; the
options fill in what the page lacks. A page whose main text trafilatura cannot find is an error.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from kg.article import Article
from kg.errors import InputError
from loaders._common import WholeFileLoader, build_article, clean_line, paragraphs_by_line
from loaders.options import LoaderOptions, parse_date

# Only the page's own metadata: no guessing a date from its text or its URL.
DATE_PARAMS: dict[str, Any] = {"extensive_search": False, "original_date": True}


def parse_html(html: str, *, path: Path, options: LoaderOptions, warnings: tuple[str, ...] = ()) -> Article:
    """Extract the article from an HTML page's source.

    >>> page = ('<html><head><title>Rockets hit base</title><meta name="date" content="2021-07-24">'
    ...         '<link rel="canonical" href="https://www.example.com/news/rockets"></head><body>'
    ...         '<script>var tracker = 1;</script><article><h1>Rockets hit base</h1>'
    ...         '<p>Three rockets struck a base near the airport on Friday, officials said.</p>'
    ...         '<p>Nobody was hurt in the attack, a spokesperson for the local police force said later.</p>'
    ...         '</article></body></html>')
    >>> article = parse_html(page, path=Path("a.html"), options=LoaderOptions())
    >>> article.title, article.published, article.publisher, len(article.paragraphs)
    ('Rockets hit base', datetime.date(2021, 7, 24), 'example.com', 2)
    """
    document = _extract(html, path=path)
    text = getattr(document, "text", None) if document is not None else None
    if not text or not text.strip():
        raise InputError(
            "no main text found in the HTML page (trafilatura found none); save the article page "
            "itself, not an index, login or script-only page",
            path=path,
        )
    notes = list(warnings)
    title = clean_line(getattr(document, "title", None)) or options.title
    lines = [line for line in text.split("\n") if line.strip()]
    if title and lines and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # the headline repeated as the first line of the main text
    published = options.date
    raw_date = getattr(document, "date", None)
    if raw_date:
        try:
            published = parse_date(raw_date)
        except ValueError:
            notes.append(f"the page's date {raw_date!r} is not a date; ignored")
    if published is None:
        notes.append("the page has no publication date and no --date was given")
    url = getattr(document, "url", None) or options.url
    return build_article(
        text=paragraphs_by_line("\n".join(lines)),
        path=path,
        format="html",
        title=title,
        published=published,
        url=url,
        publisher=getattr(document, "sitename", None) or options.publisher,
        warnings=notes,
    )


class HtmlLoader(WholeFileLoader):
    """Load one article from an ``.html``/``.htm`` page."""

    name = "html"
    parse = staticmethod(parse_html)


def _extract(html: str, *, path: Path) -> Any:
    try:
        import trafilatura
    except ImportError as e:  # pragma: no cover - a declared dependency
        raise InputError("reading HTML needs trafilatura: pip install trafilatura", path=path) from e
    # Library code never prints: without this, Python's last-resort handler would write
    # trafilatura's warnings to stderr when the application has not configured logging.
    trafilatura_logger = logging.getLogger("trafilatura")
    if not trafilatura_logger.handlers:
        trafilatura_logger.addHandler(logging.NullHandler())
    try:
        return trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=DATE_PARAMS,
        )
    except Exception as e:  # third-party parser failures become one-line input errors
        raise InputError(
            f"trafilatura could not parse the HTML page ({type(e).__name__}: {e})", path=path
        ) from e
