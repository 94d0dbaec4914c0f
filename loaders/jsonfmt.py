"""JSON (one object or an array of objects) and JSON Lines (one object per line) articles.

Fields: ``title``, ``text`` (or ``body``), ``date``, ``url``, ``publisher``, ``sources`` (a list
of URLs); ``LoaderOptions.field_map`` renames them, and a dotted name (``meta.date``) reaches into
nested objects. A record that fails is reported with its line (JSON Lines) or item number (JSON
array) and the other records still load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kg.article import Article
from kg.errors import InputError
from loaders._common import build_article, check_not_binary, decode, paragraphs_auto, read_text, unreadable
from loaders.options import LoaderOptions, parse_date


class JsonLoader:
    """Load a ``.json`` file holding one article object or an array of them (read whole)."""

    name = "json"

    def load(self, path: Path, *, options: LoaderOptions) -> Iterator[Article | InputError]:
        text, warnings = read_text(path, max_bytes=options.max_bytes)
        try:
            document = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(
                f"line {e.lineno}: not valid JSON ({e.msg}: column {e.colno}); fix the file", path=path
            ) from e
        except (ValueError, RecursionError) as e:
            raise InputError(f"not valid JSON ({e}); fix the file", path=path) from e
        if isinstance(document, list):
            if not document:
                raise InputError(
                    "the JSON array is empty; nothing to load: add article objects or remove the file",
                    path=path,
                )
            for number, record in enumerate(document, 1):
                try:
                    yield record_to_article(
                        record, path=path, options=options, where=f"item {number}: ", warnings=warnings
                    )
                except InputError as e:
                    yield e
        else:
            yield record_to_article(document, path=path, options=options, warnings=warnings)


class JsonLinesLoader:
    """Load a ``.jsonl``/``.ndjson`` file line by line, never holding more than one record."""

    name = "jsonl"

    def load(self, path: Path, *, options: LoaderOptions) -> Iterator[Article | InputError]:
        limit = options.max_bytes
        try:
            handle = path.open("rb")
        except OSError as e:
            raise unreadable(e, path=path) from e
        with handle:
            head = handle.read(8192)
            if head.strip():
                check_not_binary(head, path=path)
            handle.seek(0)
            number = 0
            records = 0
            while True:
                raw = handle.readline(limit + 1)
                if not raw:
                    break
                number += 1
                where = f"line {number}: "
                if len(raw) > limit:
                    while raw and not raw.endswith(b"\n"):
                        raw = handle.readline(1 << 20)
                    yield InputError(
                        f"{where}the record is above the {limit} byte limit; raise it with --max-bytes",
                        path=path,
                    )
                    continue
                if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                if not raw.strip():
                    continue
                records += 1
                try:
                    text, warnings = decode(raw, path=path, where=where)
                    try:
                        record = json.loads(text.strip())
                    except json.JSONDecodeError as e:
                        raise InputError(
                            f"{where}not valid JSON ({e.msg}: column {e.colno}); fix or remove the line",
                            path=path,
                        ) from e
                    except (ValueError, RecursionError) as e:
                        raise InputError(
                            f"{where}not valid JSON ({e}); fix or remove the line", path=path
                        ) from e
                    yield record_to_article(
                        record, path=path, options=options, where=where, warnings=warnings, format="jsonl"
                    )
                except InputError as e:
                    yield e
            if records == 0:
                raise InputError("the file is empty; nothing to load: add JSON lines or remove it", path=path)


def record_to_article(
    record: Any,
    *,
    path: Path,
    options: LoaderOptions,
    where: str = "",
    warnings: tuple[str, ...] = (),
    format: str = "json",
) -> Article:
    """Turn one decoded JSON record into an Article.

    >>> article = record_to_article({"content": "Rockets hit.\\nNobody was hurt.", "date": "24 July 2021",
    ...                              "url": "https://example.com/a"},
    ...                             path=Path("a.json"), options=LoaderOptions(field_map={"text": "content"}))
    >>> article.published, article.publisher, article.paragraph_texts()
    (datetime.date(2021, 7, 24), 'example.com', ['Rockets hit.', 'Nobody was hurt.'])
    """
    if not isinstance(record, dict):
        raise InputError(
            f"{where}expected a JSON object with a '{options.field_name('text')}' field, "
            f"found {_json_type(record)}",
            path=path,
        )
    notes = list(warnings)

    def string_field(key: str) -> str | None:
        name = options.field_name(key)
        value = _lookup(record, name)
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
        notes.append(f"{where}field '{name}' is {_json_type(value)}, expected a string; ignored")
        return None

    text = string_field("text")
    if text is None:
        text = string_field("body")
    if text is None or not text.strip():
        raise InputError(
            f"{where}no article text: expected a string field '{options.field_name('text')}' or "
            f"'{options.field_name('body')}'; map yours with --field text=NAME",
            path=path,
        )
    published = options.date
    date_name = options.field_name("date")
    raw_date = _lookup(record, date_name)
    if raw_date is not None:
        try:
            published = parse_date(raw_date)
        except ValueError as e:
            raise InputError(f"{where}field '{date_name}': {e}", path=path) from e
    if published is None:
        notes.append(f"{where}no '{date_name}' field or --date; the publication date is unknown")
    sources_name = options.field_name("sources")
    raw_sources = _lookup(record, sources_name)
    if isinstance(raw_sources, str):
        sources = [raw_sources]
    elif isinstance(raw_sources, list):
        sources = [item for item in raw_sources if isinstance(item, str)]
    else:
        sources = []
        if raw_sources is not None:
            notes.append(f"{where}field '{sources_name}' is {_json_type(raw_sources)}; expected a list")
    return build_article(
        text=paragraphs_auto(text),
        path=path,
        format=format,
        title=string_field("title") or options.title,
        published=published,
        url=string_field("url") or options.url,
        urls=sources,
        publisher=string_field("publisher") or options.publisher,
        warnings=notes,
        where=where,
    )


def _lookup(record: dict[str, Any], name: str) -> Any:
    """``record[name]``, or the nested value for a dotted name when there is no such key."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
