"""Shared plumbing: reading bytes safely, decoding, cleaning text, and building the Article."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from kg.article import Article, host_of, make_article_id, own_url, split_paragraphs
from kg.errors import InputError
from loaders.options import LoaderOptions

# C0 and C1 controls except tab and newline (CR is turned into a newline first), DEL, zero-width
# spaces and joiners, word joiners, invisible operators, bidi controls, soft hyphen, BOMs, lone
# surrogates and the two XML-forbidden non-characters: none may reach the graph or an XML export.
_UNWANTED = re.compile(
    "[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]+"
)
_LINE_BREAKS = re.compile("\r\n|[\r\u2028\u2029]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program (ELF)"),
    (b"MZ", "a Windows program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def clean_text(text: str) -> str:
    """Normalise line breaks to ``\\n``, apply NFC, and drop control and zero-width characters.

    >>> clean_text("A\\u200bB\\x00C\\r\\nD\\u00a0E\\x85F\\u2029G")
    'ABC\\nD\\xa0EF\\nG'
    """
    text = _LINE_BREAKS.sub("\n", text)
    text = _UNWANTED.sub("", text)
    return unicodedata.normalize("NFC", text)


def clean_line(text: str | None) -> str | None:
    """``clean_text`` then collapse all whitespace to single spaces; ``None`` when nothing is left.

    >>> clean_line("  Rockets\\u200d hit\\n base ")
    'Rockets hit base'
    >>> clean_line(" \\u200b ") is None
    True
    """
    if text is None:
        return None
    line = " ".join(clean_text(text).split())
    return line or None


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host.

    >>> is_web_url("https://Google.com/"), is_web_url("ftp://x.org/a"), is_web_url("example.com/a")
    (True, False, False)
    """
    try:
        parts = urlsplit(url)
        return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return False


def sniff_binary(data: bytes) -> str | None:
    """What a file's first bytes say it is when that is not text, else ``None``.

    >>> sniff_binary(b"\\x89PNG\\r\\n\\x1a\\n...")
    'a PNG image'
    >>> sniff_binary("date 2021-07-24".encode()) is None
    True
    """
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 with a byte-order mark: text with NUL bytes
    if head.count(b"\x00") > 2 + len(head) // 100:
        return "binary data (it contains NUL bytes)"
    return None


def unreadable(e: OSError, *, path: Path, fix: str = "check that it exists") -> InputError:
    """The InputError for a file the system refuses to open or stat (raise it ``from e``)."""
    return InputError(f"cannot read the file ({e.strerror or e}); {fix}", path=path)


def read_checked(path: Path, *, max_bytes: int) -> bytes:
    """The bytes of ``path``, or an InputError when it is unreadable, too large, empty or binary."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise unreadable(e, path=path) from e
    if size > max_bytes:
        raise InputError(
            f"the file is {_size(size)}, above the {_size(max_bytes)} limit; split it into articles "
            f"or raise the limit with --max-bytes",
            path=path,
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as e:
        raise unreadable(e, path=path, fix="check its permissions") from e
    if len(data) > max_bytes:
        raise InputError(
            f"the file is above the {_size(max_bytes)} limit; raise it with --max-bytes", path=path
        )
    check_not_binary(data, path=path)
    return data


def check_not_binary(data: bytes, *, path: Path, where: str = "") -> None:
    """Raise an InputError when ``data`` is empty or is not text."""
    if not data.strip():
        raise InputError(
            f"{where}the file is empty; nothing to load: add the article's text or remove it", path=path
        )
    what = sniff_binary(data)
    if what is not None:
        raise InputError(
            f"{where}the file is {what}, not a text article; remove it from the input or give the "
            "article's text instead",
            path=path,
        )


def decode(data: bytes, *, path: Path, where: str = "") -> tuple[str, tuple[str, ...]]:
    """Decode UTF-8 (BOM allowed), else UTF-16 with a BOM, else cp1252, else latin-1, with a warning.

    >>> text, warnings = decode("caf\\u00e9".encode("cp1252"), path=Path("x.txt"))
    >>> text, warnings[0][:63]
    ('café', 'not valid UTF-8 (first bad byte at offset 3); decoded as cp1252')
    """
    warnings: tuple[str, ...] = ()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise InputError(
                f"{where}the file starts with a UTF-16 mark but is not UTF-16 ({e.reason})", path=path
            ) from e
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            for encoding, label in (("cp1252", "cp1252 (Windows-1252)"), ("latin-1", "latin-1 (ISO-8859-1)")):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                warnings = (
                    f"{where}not valid UTF-8 (first bad byte at offset {e.start}); "
                    f"decoded as {label}: check accented letters and quotes",
                )
                break
    controls = len(_BINARY_CONTROLS.findall(text[:8192]))
    if controls > max(16, len(text[:8192]) // 20):
        raise InputError(
            f"{where}the file looks binary ({controls} control characters in its first "
            f"{len(text[:8192])}), not a text article; remove it from the input",
            path=path,
        )
    return text, warnings


def read_text(path: Path, *, max_bytes: int) -> tuple[str, tuple[str, ...]]:
    """The decoded text of a file and the decoding warnings (see :func:`read_checked`, :func:`decode`)."""
    return decode(read_checked(path, max_bytes=max_bytes), path=path)


class Parser(Protocol):
    """A function from one file's decoded text to its Article (``parse_text``, ``parse_html``...)."""

    def __call__(
        self, text: str, /, *, path: Path, options: LoaderOptions, warnings: tuple[str, ...] = ()
    ) -> Article: ...


class WholeFileLoader:
    """A loader for formats whose file holds one article: read safely, decode, then ``parse``.

    A subclass names its format and its parser: ``name = "text"``, ``parse = staticmethod(parse_text)``.
    """

    name: str
    parse: Parser

    def load(self, path: Path, *, options: LoaderOptions) -> Iterator[Article | InputError]:
        text, warnings = read_text(path, max_bytes=options.max_bytes)
        yield self.parse(text, path=path, options=options, warnings=warnings)


def paragraphs_by_line(text: str) -> str:
    """Make every non-blank line its own paragraph (for formats with one paragraph per line)."""
    return "\n\n".join(line for line in text.split("\n") if line.strip())


def paragraphs_auto(text: str) -> str:
    """Blank-line-separated paragraphs when there are blank lines, else one paragraph per line.

    >>> paragraphs_auto("One\\ntwo.\\n\\nThree.")
    'One\\ntwo.\\n\\nThree.'
    >>> paragraphs_auto("One.\\nTwo.")
    'One.\\n\\nTwo.'
    """
    return text if _BLANK_LINE.search(text) else paragraphs_by_line(text)


def build_article(
    *,
    text: str,
    path: Path,
    format: str,
    title: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    urls: Iterable[str] = (),
    publisher: str | None = None,
    warnings: Iterable[str] = (),
    where: str = "",
) -> Article:
    """Clean every field, split paragraphs, choose the own URL and publisher, and mint the id.

    Warnings do not repeat the file name (``Article.source_path`` holds it); a record of a
    multi-record file starts its warnings with ``line N: `` or ``item N: ``.

    ``text`` is already laid out as paragraphs separated by blank lines. ``url`` is an explicit own
    URL (front matter, JSON field, HTML canonical link, ``--url``); ``urls`` the listed sources.
    The publisher is the host of the own URL; an explicit ``publisher`` is used only without one.
    """
    notes = list(warnings)
    body, paragraphs = split_paragraphs(clean_text(text))
    if not body:
        raise InputError(f"{where}no article text found; add the text, or check the format", path=path)
    listed: list[str] = []
    candidates = [url] if url else []
    for item in [*candidates, *urls]:
        cleaned = clean_line(item)
        if cleaned is None:
            continue
        cleaned = cleaned.replace(" ", "")
        if not is_web_url(cleaned):
            notes.append(f"{where}{cleaned[:80]!r} is not an http(s) URL; ignored")
            continue
        if cleaned not in listed:
            listed.append(cleaned)
    own = own_url(listed)
    if own is not None:
        the_publisher = host_of(own)
    else:
        explicit = clean_line(publisher)
        the_publisher = (host_of(explicit) if is_web_url(explicit) else explicit) if explicit else None
    return Article(
        id=make_article_id(url=own, text=body),
        text=body,
        paragraphs=paragraphs,
        title=clean_line(title),
        published=published,
        url=own,
        urls=tuple(listed),
        publisher=the_publisher,
        source_path=str(path),
        format=format,
        warnings=tuple(notes),
    )


def _size(n: int) -> str:
    """A byte count for people.

    >>> _size(20 * 1024 * 1024), _size(1536)
    ('20 MB', '1.5 KB')
    """
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= scale:
            value = n / scale
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"
