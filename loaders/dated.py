"""The project's dated text format: a `` date YYYY-MM-DD `` header, paragraphs, a Sources line.

Example (every line after the header is one paragraph; blank lines are optional)::

     date 2021-07-24

    A rocket hit a base near the airport on Friday.

    Sources 1/ https://Google.com/ 2/ https://www.example.com/news/2021/7/24/rocket
"""

from __future__ import annotations

import re
from pathlib import Path

from kg.article import Article
from kg.errors import InputError
from loaders._common import WholeFileLoader, build_article, clean_text, paragraphs_by_line
from loaders.options import LoaderOptions, parse_date

NAME = "dated"

# A line that tries to be the header: "date" then a number or a month name (or nothing), short.
_DATE_LINE = re.compile(
    r"^date\s*[:=]?\s*(?:$|\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)", re.IGNORECASE
)
_HEADER = re.compile(r"^date\s+(\S+)$", re.IGNORECASE)
_SOURCES = re.compile(r"^sources?\s*:?(?=\s*$|\s*\d+\s*[/.)]|\s*https?://|\s*www\.)", re.IGNORECASE)
_NUMBER = re.compile(r"^\d+\s*[/.)]$|^\d+$")
_NUMBER_PREFIX = re.compile(r"^\d+[/.)](?=https?://|www\.)", re.IGNORECASE)
_URLISH = re.compile(r"://|^www\.", re.IGNORECASE)


def sniff(head: str, tail: str) -> bool:
    """True when a ``.txt`` file looks dated: a ``date`` first line or a numbered Sources last line.

    >>> sniff("\\ufeff date 2021-07-24 \\n\\nText.", "")
    True
    >>> sniff("Just text.", "Sources 1/ https://example.com/a")
    True
    >>> sniff("Sources close to the minister said so.", "The end.")
    False
    >>> sniff("Date palms burned.", "The end.")
    False
    """
    for line in head.lstrip("\ufeff").splitlines():
        if line.strip():
            if _is_header_attempt(line.strip()):
                return True
            break
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    return any(_SOURCES.match(line) and _sources_items(line) for line in lines[-3:])


def parse_dated(text: str, *, path: Path, options: LoaderOptions, warnings: tuple[str, ...] = ()) -> Article:
    """Parse the decoded text of a dated file into an Article.

    >>> article = parse_dated(
    ...     " date 2021-07-24 \\n\\nRockets hit a base.\\nNobody was hurt.\\n\\n"
    ...     "Sources 1/ https://Google.com/ 2/ https://www.example.com/news/a",
    ...     path=Path("a.txt"), options=LoaderOptions())
    >>> article.published, article.url, article.publisher
    (datetime.date(2021, 7, 24), 'https://www.example.com/news/a', 'example.com')
    >>> article.paragraph_texts()
    ['Rockets hit a base.', 'Nobody was hurt.']
    >>> article.urls
    ('https://Google.com/', 'https://www.example.com/news/a')
    """
    notes = list(warnings)
    lines = clean_text(text).split("\n")
    start = 0
    published = None
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and _is_header_attempt(lines[first].strip()):
        found = lines[first].strip()
        match = _HEADER.match(found)
        if not match or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", match.group(1)):
            raise InputError(
                f"line {first + 1}: expected a header like ' date 2021-07-24 ', found {found[:60]!r}; "
                "write the date as YYYY-MM-DD",
                path=path,
            )
        try:
            published = parse_date(match.group(1))
        except ValueError as e:
            raise InputError(f"line {first + 1}: {e}", path=path) from e
        start = first + 1
    else:
        published = options.date
        if published is None:
            notes.append(
                "no ' date YYYY-MM-DD ' header line; the publication date is unknown "
                "(add the header or pass --date)"
            )
    end, urls, url_notes = _split_sources(lines, start)
    notes.extend(url_notes)
    if not urls and options.url is None:
        notes.append("no 'Sources 1/ URL' line; the article has no URL (add one or pass --url)")
    return build_article(
        text=paragraphs_by_line("\n".join(lines[start:end])),
        path=path,
        format=NAME,
        title=options.title,
        published=published,
        url=options.url if not urls else None,
        urls=urls,
        publisher=options.publisher,
        warnings=notes,
    )


class DatedLoader(WholeFileLoader):
    """Load one article from a dated ``.txt`` file."""

    name = NAME
    parse = staticmethod(parse_dated)


def _split_sources(lines: list[str], start: int) -> tuple[int, list[str], list[str]]:
    """Find the Sources section at the end: (index where it starts, its URLs, notes)."""
    index = len(lines)
    for i in range(len(lines) - 1, start - 1, -1):
        line = lines[i].strip()
        if not line:
            continue
        if _SOURCES.match(line):
            index = i
            break
        if not all(_NUMBER.match(token) or _URLISH.search(token) for token in line.split()):
            return len(lines), [], []  # prose after the last Sources-like line: no Sources section
    if index == len(lines):
        return index, [], []
    section = " ".join(lines[index:])
    section = _SOURCES.sub("", section.strip(), count=1)
    urls: list[str] = []
    notes: list[str] = []
    for token in section.split():
        if _NUMBER.match(token):
            continue
        token = _NUMBER_PREFIX.sub("", token).rstrip(",;")
        if token.lower().startswith("www."):
            token = "https://" + token
        if _URLISH.search(token):
            urls.append(token)
        else:
            notes.append(f"line {index + 1}: {token[:60]!r} in the Sources line is not a URL; ignored")
    return index, urls, notes


def _is_header_attempt(line: str) -> bool:
    """``date 2021-07-24``, ``date: 24/07/2021``, ``Date July 24, 2021``; not ``Date palms burned.``"""
    return bool(_DATE_LINE.match(line)) and len(line.split()) <= 4


def _sources_items(line: str) -> bool:
    return bool(_URLISH.search(line))
