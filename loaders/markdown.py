"""Markdown to plain paragraphs, with markdown-it-py (the CommonMark parser rich depends on)."""

from __future__ import annotations

from typing import Any

_PARSER: Any = None


def _parser() -> Any:
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        # link targets are dropped, so skip their normalisation (a documented markdown-it override)
        parser.normalizeLink = lambda url: url  # type: ignore[method-assign]
        parser.validateLink = lambda url: True  # type: ignore[method-assign]
        _PARSER = parser
    return _PARSER


def markdown_blocks(source: str) -> list[tuple[str, str]]:
    """The text blocks of a Markdown document as ``(kind, plain text)``, kind ``heading1``..``6``,
    ``paragraph`` (list items and table rows included) or ``code``.

    Links keep their text, emphasis and list markers disappear, images and raw HTML are dropped.

    >>> source = "# Rockets *hit* base\\n\\nSee [it](https://x.org).\\n\\n- one\\n- **two**"
    >>> for block in markdown_blocks(source):
    ...     print(block)
    ('heading1', 'Rockets hit base')
    ('paragraph', 'See it.')
    ('paragraph', 'one')
    ('paragraph', 'two')
    """
    blocks: list[tuple[str, str]] = []
    kind = "paragraph"
    row: list[str] | None = None
    for token in _parser().parse(source):
        if token.type == "heading_open":
            kind = "heading" + token.tag[1:]
        elif token.type == "heading_close":
            kind = "paragraph"
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            if row is not None and any(row):
                blocks.append(("paragraph", " | ".join(cell for cell in row if cell)))
            row = None
        elif token.type == "inline":
            text = " ".join(_inline_text(token.children or []).split())
            if row is not None:
                row.append(text)
            elif text:
                blocks.append((kind, text))
        elif token.type in ("fence", "code_block"):
            text = token.content.strip()
            if text:
                blocks.append(("code", text))
    return blocks


def _inline_text(children: list[Any]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
