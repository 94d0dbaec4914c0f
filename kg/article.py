"""The article record every loader yields and extraction consumes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from kg.iris import short_hash


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as character offsets into ``Article.text`` (end exclusive)."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, normalised: text with paragraphs joined by blank lines.

    ``id`` is stable: derived from the article's own URL when it has one, else from its text,
    so rebuilding the same article replaces its named graph instead of duplicating it.
    ``urls`` lists every source URL the article names (bare home pages included);
    ``url`` is its own URL (the first listed URL that is not a bare home page), and
    ``publisher`` the host of that URL without ``www.`` (never a bare home page's host).
    """

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    urls: tuple[str, ...] = ()
    publisher: str | None = None
    source_path: str | None = None
    format: str = "text"
    warnings: tuple[str, ...] = field(default=())

    def paragraph_texts(self) -> list[str]:
        """The text of each paragraph, in order."""
        return [self.text[p.start : p.end] for p in self.paragraphs]


def is_bare_home_page(url: str) -> bool:
    """True for a URL with no path beyond '/', such as a search engine's home page.

    >>> is_bare_home_page("https://Google.com/")
    True
    >>> is_bare_home_page("https://www.aljazeera.com/news/2021/7/24/x")
    False
    """
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.path.strip("/") == "" and not parts.query


def host_of(url: str) -> str | None:
    """The lower-case host of a URL without a leading ``www.``.

    >>> host_of("https://www.AlJazeera.com/news")
    'aljazeera.com'
    """
    host = urlsplit(url.strip()).hostname
    if not host:
        return None
    host = host.lower()
    return host[4:] if host.startswith("www.") else host


def own_url(urls: tuple[str, ...] | list[str]) -> str | None:
    """The article's own URL: the first listed URL that is not a bare home page."""
    for url in urls:
        if not is_bare_home_page(url) and host_of(url):
            return url
    return None


def make_article_id(*, url: str | None, text: str) -> str:
    """Stable id: 16 hex chars of the SHA-256 of the own URL, or of the text when there is none."""
    return short_hash(url.strip()) if url else short_hash(text)


def split_paragraphs(text: str) -> tuple[str, tuple[Paragraph, ...]]:
    """Normalise ``text`` into paragraphs separated by one blank line; return text and offsets.

    >>> text, paras = split_paragraphs("  One.\\n\\n\\nTwo\\nlines. ")
    >>> text
    'One.\\n\\nTwo lines.'
    >>> [text[p.start:p.end] for p in paras]
    ['One.', 'Two lines.']
    """
    blocks: list[str] = []
    current: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        stripped = " ".join(line.split())
        if stripped:
            current.append(stripped)
        elif current:
            blocks.append(" ".join(current))
            current = []
    if current:
        blocks.append(" ".join(current))
    paragraphs: list[Paragraph] = []
    offset = 0
    for block in blocks:
        paragraphs.append(Paragraph(offset, offset + len(block)))
        offset += len(block) + 2
    return "\n\n".join(blocks), tuple(paragraphs)
