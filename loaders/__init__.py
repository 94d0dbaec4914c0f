"""Article loaders: files of several formats in, :class:`kg.article.Article` records out.

One registry table, :data:`LOADERS`, names every format, the module and class that read it (imported
only when first used) and the file suffixes it claims. :func:`iter_articles` expands files, folders
and globs, picks a loader per file and yields each Article, or a :class:`kg.errors.InputError` for
each file or record that fails, so a batch goes on. See ``loaders/README.md`` for the formats.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "a.txt").write_text(" date 2021-07-24 \\n\\nRockets hit a base.\\n\\n"
...                                   "Sources 1/ https://www.example.com/news/a\\n")
>>> [(type(item).__name__, item.published) for item in iter_articles([folder])]
[('Article', datetime.date(2021, 7, 24))]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from kg.article import Article
from kg.errors import ConfigError, InputError
from loaders.options import (
    DEFAULT_MAX_BYTES,
    FIELD_NAMES,
    LoaderOptions,
    parse_date,
    parse_field_map,
    parse_size,
)

__all__ = [
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


@runtime_checkable
class Loader(Protocol):
    """Reads one file. Yields an Article per record; yields an InputError for a record that fails
    while the file's other records still load (JSON Lines, JSON arrays); raises an InputError when
    the whole file fails (unreadable, empty, binary, malformed header)."""

    name: str

    def load(self, path: Path, *, options: LoaderOptions) -> Iterator[Article | InputError]: ...


@dataclass(frozen=True)
class LoaderSpec:
    """One row of the registry: ``module:attr`` is imported lazily. A loader whose ``sniff`` is
    true is asked (``module.sniff(head, tail)``) before the plain loader of a shared suffix."""

    name: str
    module: str
    attr: str
    suffixes: tuple[str, ...]
    description: str
    sniff: bool = False


LOADERS: dict[str, LoaderSpec] = {
    spec.name: spec
    for spec in (
        LoaderSpec("dated", "loaders.dated", "DatedLoader", (".txt",),
                   "' date YYYY-MM-DD ' header, paragraphs, 'Sources 1/ URL' line", sniff=True),
        LoaderSpec("text", "loaders.text", "TextLoader", (".txt", ".text"),
                   "plain text, optional front matter"),
        LoaderSpec("markdown", "loaders.text", "MarkdownLoader", (".md", ".markdown"),
                   "Markdown, optional front matter"),
        LoaderSpec("json", "loaders.jsonfmt", "JsonLoader", (".json",),
                   "one JSON object or an array of them"),
        LoaderSpec("jsonl", "loaders.jsonfmt", "JsonLinesLoader", (".jsonl", ".ndjson"),
                   "JSON Lines, one article object per line"),
        LoaderSpec("html", "loaders.html", "HtmlLoader", (".html", ".htm", ".xhtml"),
                   "a web page, main text found by trafilatura"),
    )
}  # fmt: skip

_INSTANCES: dict[str, Loader] = {}


def check_format(name: str) -> str:
    """Return ``name`` when it is a registered format, else raise a ConfigError naming them all.

    >>> check_format("csv")
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: unknown input format 'csv'; known formats: dated, html, json, jsonl, markdown, text
    """
    if name not in LOADERS:
        raise ConfigError(f"unknown input format {name!r}; known formats: {', '.join(sorted(LOADERS))}")
    return name


def get_loader(name: str) -> Loader:
    """The loader registered as ``name``, imported on first use."""
    check_format(name)
    if name not in _INSTANCES:
        spec = LOADERS[name]
        _INSTANCES[name] = getattr(importlib.import_module(spec.module), spec.attr)()
    return _INSTANCES[name]


def format_for_path(path: Path) -> str | None:
    """The format of a file from its suffix (sniffing ``.txt`` for the dated header), or ``None``."""
    suffix = path.suffix.lower()
    candidates = [spec for spec in LOADERS.values() if suffix in spec.suffixes]
    if not candidates:
        return None
    sniffers = [spec for spec in candidates if spec.sniff]
    if sniffers:
        head, tail = _head_and_tail(path)
        for spec in sniffers:
            if importlib.import_module(spec.module).sniff(head, tail):
                return spec.name
    plain = [spec for spec in candidates if not spec.sniff]
    return (plain or candidates)[0].name


def known_suffixes() -> list[str]:
    """Every suffix some loader claims, sorted."""
    return sorted({suffix for spec in LOADERS.values() for suffix in spec.suffixes})


def load_file(
    path: str | Path, *, format: str | None = None, options: LoaderOptions | None = None
) -> Iterator[Article | InputError]:
    """Load one file with ``format`` (or the one its suffix says); failures are yielded, not raised."""
    from loaders.discover import load_one

    options = options or LoaderOptions()
    fmt = check_format(format) if format else options.format
    return load_one(Path(path), format=fmt, options=options)


def iter_articles(
    inputs: Sequence[str | Path],
    *,
    format: str | None = None,
    options: LoaderOptions | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Article | InputError]:
    """Yield an Article for each article in ``inputs`` (files, folders, globs), lazily, in order.

    Folders are walked recursively in sorted order, skipping hidden files and files whose suffix
    no loader claims (each skip is passed to ``on_note``, default: the ``loaders`` logger). Every
    failure (a missing path, an unreadable or malformed file, a broken JSON line, a duplicated
    article) is yielded as a :class:`kg.errors.InputError` so the batch continues. ``format``
    (or ``options.format``) forces one format for every file. An unknown format raises ConfigError
    at once.
    """
    from loaders.discover import iter_inputs

    options = options or LoaderOptions()
    fmt = check_format(format) if format else options.format
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return iter_inputs(list(inputs), format=fmt, options=options, on_note=on_note)


def expand_inputs(
    inputs: Sequence[str | Path],
    *,
    format: str | None = None,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Path | InputError]:
    """The article files ``inputs`` name, without reading them: what :func:`iter_articles` would load.

    Folders are walked as :func:`iter_articles` walks them; a missing path or an empty glob is
    yielded as an InputError. Use it to spread files over workers that each call ``iter_articles``
    (duplicates are then only found within each worker's files).
    """
    from loaders.discover import expand

    fmt = check_format(format) if format else None
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    return expand(list(inputs), format=fmt, note=on_note)


def _head_and_tail(path: Path, size: int = 4096) -> tuple[str, str]:
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
            handle.seek(0, 2)
            end = handle.tell()
            handle.seek(max(0, end - size))
            tail = handle.read(size)
    except OSError:
        return "", ""
    encoding = "utf-8"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        head, tail = head[2:], tail[(end - len(tail)) % 2 :]
        head, tail = head[: len(head) // 2 * 2], tail[: len(tail) // 2 * 2]
    return head.decode(encoding, "replace"), tail.decode(encoding, "replace")
