"""Options every loader accepts, and the parsing of dates and field maps they share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from kg.errors import ConfigError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Files (and JSON Lines records) larger than this are rejected unless ``max_bytes`` is raised."""

FIELD_NAMES: tuple[str, ...] = ("title", "text", "body", "date", "url", "publisher", "sources")
"""The article fields a JSON record may carry; ``LoaderOptions.field_map`` renames them."""

_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")

# Absolute dates only: no "yesterday", no timestamps; day-month order when ambiguous (24/07/2021).
DATEPARSER_SETTINGS: Mapping[str, Any] = MappingProxyType(
    {
        "PARSERS": ["custom-formats", "absolute-time"],
        "STRICT_PARSING": True,
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "DMY",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
)


def parse_date(value: object) -> dt.date:
    """A publication date from an ISO string, a common written form, or a date object.

    Raises ``ValueError`` with a one-line reason when ``value`` is not a real, absolute date.

    >>> parse_date("2021-07-24T10:00:00Z")
    datetime.date(2021, 7, 24)
    >>> parse_date("24 July 2021")
    datetime.date(2021, 7, 24)
    >>> parse_date("2021-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2021-02-30' is not a real date (day is out of range for month); write it as YYYY-MM-DD
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date string such as '2021-07-24', found {type(value).__name__}")
    text = " ".join(value.split())
    if not text:
        raise ValueError("the date is empty; write it as YYYY-MM-DD")
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError as e:
            raise ValueError(f"{text!r} is not a real date ({e}); write it as YYYY-MM-DD") from e
    if len(text) <= 100:
        import dateparser  # lazy: costs about 0.2 s to import

        parsed = dateparser.parse(text, languages=["en"], settings=dict(DATEPARSER_SETTINGS))
        if parsed is not None:
            return parsed.date()
    raise ValueError(f"{text[:60]!r} is not a date this loader understands; write it as YYYY-MM-DD")


def parse_field_map(items: Sequence[str]) -> dict[str, str]:
    """Parse ``--field key=name`` options into a field map.

    >>> parse_field_map(["text=content", "date=published_at"])
    {'text': 'content', 'date': 'published_at'}
    """
    mapping: dict[str, str] = {}
    for item in items:
        key, sep, name = item.partition("=")
        key, name = key.strip(), name.strip()
        if not sep or not key or not name:
            raise ConfigError(f"expected --field KEY=NAME such as 'text=content', found {item!r}")
        mapping[key] = name
    _check_field_map(mapping)
    return mapping


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3}


def parse_size(value: int | str) -> int:
    """A byte count from ``20000000``, ``"20MB"``, ``"512 KiB"``.

    >>> parse_size("20MB"), parse_size("1.5k"), parse_size(10)
    (20971520, 1536, 10)
    """
    if isinstance(value, int):
        return value
    match = _SIZE.match(value)
    if not match:
        raise ConfigError(f"--max-bytes: expected a size such as 20MB or 1048576, found {value!r}")
    number, unit = match.groups()
    return int(float(number) * _UNITS[unit[:1].lower()])


def _check_field_map(mapping: Mapping[str, str]) -> None:
    unknown = sorted(set(mapping) - set(FIELD_NAMES))
    if unknown:
        raise ConfigError(
            f"unknown article field(s) {', '.join(unknown)} in the field map; "
            f"known fields: {', '.join(FIELD_NAMES)}"
        )


@dataclass(frozen=True)
class LoaderOptions:
    """What the command line can tell the loaders (``kg build`` flags of the same names).

    ``date``, ``url``, ``publisher`` and ``title`` are defaults: a value the file gives itself
    (front matter, JSON field, HTML metadata, the dated header) wins. ``field_map`` renames JSON
    fields (``{"text": "content"}``); ``max_bytes`` rejects larger files (and JSON Lines records).

    >>> LoaderOptions(date="24 July 2021").date
    datetime.date(2021, 7, 24)
    >>> LoaderOptions(field_map={"txt": "content"})
    Traceback (most recent call last):
    ...
    kg.errors.ConfigError: unknown article field(s) txt in the field map; known fields: ...
    """

    format: str | None = None
    date: dt.date | None = None
    url: str | None = None
    publisher: str | None = None
    title: str | None = None
    field_map: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = DEFAULT_MAX_BYTES

    def __post_init__(self) -> None:
        if self.format is not None:
            from loaders import check_format

            check_format(self.format)
        if self.date is not None and not isinstance(self.date, dt.date):
            try:
                object.__setattr__(self, "date", parse_date(self.date))
            except ValueError as e:
                raise ConfigError(f"--date: {e}") from e
        if isinstance(self.date, dt.datetime):
            object.__setattr__(self, "date", self.date.date())
        _check_field_map(self.field_map)
        object.__setattr__(self, "field_map", MappingProxyType(dict(self.field_map)))
        if not isinstance(self.max_bytes, int) or self.max_bytes <= 0:
            raise ConfigError(f"--max-bytes must be a positive number of bytes, found {self.max_bytes!r}")

    @classmethod
    def from_cli(
        cls,
        *,
        format: str | None = None,
        date: str | None = None,
        url: str | None = None,
        publisher: str | None = None,
        title: str | None = None,
        fields: Sequence[str] = (),
        max_bytes: int | str | None = None,
    ) -> LoaderOptions:
        """Options from command-line strings (``--field key=name`` repeated, ``--max-bytes 20MB``).

        >>> options = LoaderOptions.from_cli(date="2021-07-24", fields=["text=content"], max_bytes="5MB")
        >>> options.date, dict(options.field_map), options.max_bytes
        (datetime.date(2021, 7, 24), {'text': 'content'}, 5242880)
        """
        return cls(
            format=format,
            date=date,  # type: ignore[arg-type]  # parsed in __post_init__
            url=url,
            publisher=publisher,
            title=title,
            field_map=parse_field_map(fields),
            max_bytes=DEFAULT_MAX_BYTES if max_bytes is None else parse_size(max_bytes),
        )

    def field_name(self, key: str) -> str:
        """The JSON field name that holds article field ``key``."""
        return self.field_map.get(key, key)
