"""Expanding inputs (files, folders, globs) and running the right loader on each, lazily."""

from __future__ import annotations

import fnmatch
import glob
import itertools
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from kg.article import Article
from kg.errors import InputError
from loaders.options import LoaderOptions

logger = logging.getLogger("loaders")

_GLOB_CHARS = frozenset("*?[")

NOT_ARTICLES: tuple[str, ...] = ("README*", "LICENSE*", "CHANGELOG*", "*.gold.json", "*.expected.json")
"""File name patterns skipped (with a note) when walking a folder; a file named explicitly is loaded."""


def iter_inputs(
    inputs: list[str | Path],
    *,
    format: str | None,
    options: LoaderOptions,
    on_note: Callable[[str], None] | None = None,
) -> Iterator[Article | InputError]:
    """The worker behind :func:`loaders.iter_articles`: expand, load, drop duplicates."""
    note = on_note or logger.info
    seen: dict[str, str] = {}
    for item in expand(inputs, format=format, note=note):
        if isinstance(item, InputError):
            yield item
            continue
        results = load_one(item, format=format, options=options)
        peeked = list(itertools.islice(results, 2))  # to know if the file holds several records
        several = len(peeked) > 1
        for number, result in enumerate(itertools.chain(peeked, results), 1):
            if isinstance(result, Article):
                origin = f"{item} (record {number})" if several else str(item)
                first = seen.get(result.id)
                if first is not None:
                    yield InputError(
                        f"{'record ' + str(number) + ': ' if several else ''}duplicate of {first} "
                        f"(same article id {result.id}: same URL, or same text without a URL); "
                        "skipped: remove one copy",
                        path=item,
                    )
                    continue
                seen[result.id] = origin
            yield result


def load_one(path: Path, *, format: str | None, options: LoaderOptions) -> Iterator[Article | InputError]:
    """Run one file's loader; turn what it raises into yielded InputErrors."""
    from loaders import format_for_path, get_loader, known_suffixes

    name = format or format_for_path(path)
    if name is None:
        yield InputError(
            f"unknown file type {path.suffix or '(no suffix)'!r}; known suffixes: "
            f"{', '.join(known_suffixes())}; or choose one with --format",
            path=path,
        )
        return
    try:
        yield from get_loader(name).load(path, options=options)
    except InputError as e:
        yield e
    except (OSError, UnicodeError, RecursionError, MemoryError) as e:
        yield InputError(f"cannot read the file as {name} ({type(e).__name__}: {e})", path=path)


def expand(
    inputs: list[str | Path], *, format: str | None, note: Callable[[str], None] | None = None
) -> Iterator[Path | InputError]:
    """Files named by ``inputs`` (files, folders walked recursively, globs), or InputErrors."""
    from loaders import known_suffixes

    note = note or logger.info
    known = frozenset(known_suffixes())

    for raw in inputs:
        path = Path(raw)
        if path.exists():
            matches, named = [path], True
        elif _GLOB_CHARS & set(str(raw)):
            matches, named = [Path(m) for m in sorted(glob.glob(str(raw), recursive=True))], False
            if not matches:
                yield InputError("no file matches this pattern; check the pattern and quote it", path=raw)
        else:
            yield InputError("no such file or folder; check the path", path=raw)
            continue
        for found in matches:
            if found.is_dir():
                yield from _walk(found, format=format, note=note, known=known)
            elif named or found.is_file():  # a path named outright is tried whatever it is
                yield found


def _walk(
    folder: Path, *, format: str | None, note: Callable[[str], None], known: frozenset[str]
) -> Iterator[Path]:
    """Files under ``folder``, recursively and sorted, without hidden ones or unknown suffixes."""
    try:
        entries = sorted(folder.iterdir(), key=lambda entry: entry.name)
    except OSError as e:
        note(f"{folder}: cannot list the folder ({e.strerror or e}); skipped")
        return
    for entry in entries:
        if entry.name.startswith("."):
            note(f"{entry}: hidden; skipped")
        elif entry.is_dir() and entry.is_symlink():
            note(f"{entry}: a link to a folder; skipped (name the folder itself to read it)")
        elif entry.is_dir():
            yield from _walk(entry, format=format, note=note, known=known)
        elif not entry.is_file():
            note(f"{entry}: not a regular file; skipped")
        elif any(fnmatch.fnmatch(entry.name, pattern) for pattern in NOT_ARTICLES):
            note(f"{entry}: not an article (documentation or expected results); skipped")
        elif format is None and entry.suffix.lower() not in known:
            note(f"{entry}: unknown file type {entry.suffix or '(no suffix)'!r}; skipped")
        else:
            yield entry
