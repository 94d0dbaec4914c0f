"""A small, forgiving reader for the YAML-like front matter of text and Markdown articles.

Only ``key: value`` lines and ``- item`` lists are read (no nesting, no YAML types), so a stray
colon in a title never breaks a file. Recognised keys (case-insensitive): ``title``, ``date``
(or ``published``), ``url`` (or ``link``), ``publisher`` (or ``source``), ``sources`` (a list or a
comma-separated ``[a, b]``). Other keys are ignored.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^---\s*$")
_END = re.compile(r"^(---|\.\.\.)\s*$")
_KEY = re.compile(r"^([A-Za-z_][\w -]*?)\s*:\s?(.*)$")
_ITEM = re.compile(r"^\s*-\s+(.*)$")
_ALIASES = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "publisher": "publisher",
    "source": "publisher",
    "sitename": "publisher",
    "sources": "sources",
    "urls": "sources",
}
MAX_LINES = 200


def split_front_matter(text: str) -> tuple[dict[str, str | list[str]], str, int]:
    """Split ``text`` into (front matter fields, the rest, number of lines the front matter used).

    >>> meta, rest, used = split_front_matter("---\\ntitle: A: B\\ndate: '2021-07-24'\\n"
    ...                                       "sources:\\n  - https://a.org/x\\n---\\nBody.")
    >>> meta, rest, used
    ({'title': 'A: B', 'date': '2021-07-24', 'sources': ['https://a.org/x']}, 'Body.', 6)
    >>> split_front_matter("No front matter.")
    ({}, 'No front matter.', 0)
    """
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return {}, text, 0
    end = next((i for i in range(1, min(len(lines), MAX_LINES)) if _END.match(lines[i])), None)
    if end is None:
        return {}, text, 0
    meta: dict[str, str | list[str]] = {}
    key: str | None = None
    for line in lines[1:end]:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        item = _ITEM.match(line)
        if item and key == "sources":
            sources = meta.setdefault("sources", [])
            if isinstance(sources, list):
                sources.append(_unquote(item.group(1)))
            continue
        match = _KEY.match(line)
        if not match:
            key = None
            continue
        key = _ALIASES.get(match.group(1).strip().lower())
        value = _unquote(match.group(2))
        if key is None:
            continue
        if key == "sources":
            inline = value.strip("[]")
            meta[key] = [_unquote(part) for part in inline.split(",") if part.strip()] if inline else []
        elif value:
            meta[key] = value
    return meta, "\n".join(lines[end + 1 :]), end + 1


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value
