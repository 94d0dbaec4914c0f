"""Time expressions: find them in a Doc and resolve them to dates with a precision.

Two layers:

* :func:`resolve_time_expression` turns one expression ("early hours of Friday", "earlier this
  month", "5 June 2021") into a :class:`DateValue` against an anchor date (the publication date, or
  the date of the event the discourse refers to). Small rules of our own handle what news text uses
  most; ``dateparser`` (English only, explicit settings) is the fallback for absolute dates the rules
  do not cover.
* the spaCy component ``conflict_timex`` collects the model's DATE and TIME entities plus token
  patterns for what the small model misses or splits, keeps the longest non-overlapping spans in
  ``doc.spans["timex"]``, and resolves each against ``doc._.publication_date`` into
  ``span._.date_value``.

Conventions (documented choices, the scorer accepts a prediction as precise or more precise than
the gold):

* A bare weekday ("on Friday", "Friday night", "late on Tuesday", "early hours of Friday") is the
  most recent such day on or before the anchor for direction ``"past"`` (the anchor's own weekday
  means the anchor itself), the next such day strictly after the anchor for ``"future"``, and the
  closer of the two for ``"nearest"`` (ties go to the past). "last Friday" is strictly before the
  anchor, "next Monday" strictly after.
* Direction ``"past"`` never yields a date after the anchor: explicitly forward expressions
  ("tomorrow", "next week", "the following day") give ``None`` then; bounds are clipped to the anchor.
* Ranges that are not a day, a month or a year ("last week", "two weeks ago", "in recent weeks")
  keep their true bounds in ``earliest``/``latest``; their precision is ``"month"`` when the range
  lies in one month (or, for a week, the month holding most of it), else ``"year"`` (the year of
  the range's end). "in recent months" is therefore usually year precision; "in recent years",
  decades and durations ("for two years") give ``None``.
* "mid-June", "late June", "early July" are month precision with the bounds of that third of the
  month (1-10, 11-20, 21-end).
* "in June" without a year is the most recent June whose first day is not after the anchor
  (direction past), so "in December" on 2024-01-02 is December 2023.
* "overnight" and "last night" are the day before the anchor (bounds: that day and the anchor).
* Clock times alone ("at 3 a.m.") give ``None``: they name no day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, cast

from spacy.attrs import LOWER, ORTH, SHAPE
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

__all__ = [
    "SPAN_KEY",
    "DateValue",
    "Direction",
    "Precision",
    "TimexComponent",
    "date_value_for",
    "discourse_anchor",
    "is_anaphoric",
    "make_timex",
    "resolve_time_expression",
    "tense_direction",
]

Precision = Literal["day", "month", "year"]
Direction = Literal["past", "future", "nearest"]

SPAN_KEY = "timex"
"""The ``doc.spans`` key the component fills."""


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved time expression.

    ``date`` is the representative day: the day itself, the 1st of the month for month precision,
    January 1 for year precision. ``earliest``/``latest`` are SEM-style bounds of when it happened.

    >>> v = DateValue(dt.date(2021, 7, 1), "month", dt.date(2021, 7, 1), dt.date(2021, 7, 24), "x")
    >>> v.iso()
    '2021-07'
    """

    date: dt.date
    precision: Precision
    earliest: dt.date
    latest: dt.date
    text: str

    def iso(self) -> str:
        """The date as precise as the precision: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
        if self.precision == "day":
            return self.date.isoformat()
        if self.precision == "month":
            return f"{self.date.year:04d}-{self.date.month:02d}"
        return f"{self.date.year:04d}"


# ------------------------------------------------------------------ word lists (data)

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)} | {
    "tues": 1,
    "weds": 2,
    "thur": 3,
    "thurs": 3,
}
MONTHS: dict[str, int] = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name and name != "May"}
    | {"sept": 9}
)
AMBIGUOUS_MONTHS = frozenset({"may", "march"})
"""Month names that are also common words: a month only when capitalised."""
PARTS_OF_DAY = ("morning", "afternoon", "evening", "night", "nights", "overnight", "dawn", "dusk")
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a few": 3,
    "few": 3,
}
"""Small counts for "N days ago"; "a few" counts as 3 (a vague count gives a range anyway)."""
PART_OF_MONTH: dict[str, tuple[int, int]] = {
    "early": (1, 10),
    "beginning of": (1, 10),
    "start of": (1, 10),
    "mid": (11, 20),
    "middle of": (11, 20),
    "late": (21, 31),
    "end of": (21, 31),
}

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_NUM_RE = r"\d{1,3}|" + "|".join(sorted((re.escape(k) for k in NUMBER_WORDS), key=len, reverse=True))
_PART_RE = "|".join(sorted((re.escape(k) for k in PART_OF_MONTH), key=len, reverse=True))


# ------------------------------------------------------------------ date arithmetic helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + (day.month - 1) + months
    return index // 12, index % 12 + 1


def _day(
    day: dt.date, text: str, *, earliest: dt.date | None = None, latest: dt.date | None = None
) -> DateValue:
    return DateValue(day, "day", earliest or day, latest or day, text)


def _month(year: int, month: int, text: str, *, first: int = 1, last: int = 31) -> DateValue:
    end = _month_end(year, month)
    return DateValue(
        dt.date(year, month, 1),
        "month",
        dt.date(year, month, first),
        end.replace(day=min(last, end.day)),
        text,
    )


def _year(
    year: int, text: str, *, earliest: dt.date | None = None, latest: dt.date | None = None
) -> DateValue:
    return DateValue(
        dt.date(year, 1, 1), "year", earliest or dt.date(year, 1, 1), latest or dt.date(year, 12, 31), text
    )


def _range(earliest: dt.date, latest: dt.date, text: str, *, week: bool = False) -> DateValue:
    """A range that is no calendar unit: month precision if it fits one month, else year."""
    if week:
        middle = earliest + (latest - earliest) / 2
        if (latest - earliest).days <= 7:
            return DateValue(middle.replace(day=1), "month", earliest, latest, text)
    if (earliest.year, earliest.month) == (latest.year, latest.month):
        return DateValue(earliest.replace(day=1), "month", earliest, latest, text)
    return DateValue(dt.date(latest.year, 1, 1), "year", earliest, latest, text)


def _weekday(anchor: dt.date, weekday: int, direction: Direction, *, strict: bool = False) -> dt.date:
    past = anchor - dt.timedelta(days=(anchor.weekday() - weekday) % 7)
    if strict and past == anchor:
        past -= dt.timedelta(days=7)
    future = anchor + dt.timedelta(days=(weekday - anchor.weekday()) % 7 or 7)
    if direction == "past":
        return past
    if direction == "future":
        return future
    return past if (anchor - past) <= (future - anchor) else future


def _year_for_month(anchor: dt.date, month: int, day: int, direction: Direction) -> int:
    """The year that puts (month, day) on the right side of the anchor."""
    past_year = anchor.year if (month, day) <= (anchor.month, anchor.day) else anchor.year - 1
    future_year = anchor.year if (month, day) >= (anchor.month, anchor.day) else anchor.year + 1
    if direction == "past":
        return past_year
    if direction == "future":
        return future_year

    def distance(year: int) -> int:
        return abs((_safe_date(year, month, day) - anchor).days)

    return past_year if distance(past_year) <= distance(future_year) else future_year


def _safe_date(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _clip(value: DateValue | None, anchor: dt.date | None, direction: Direction) -> DateValue | None:
    """Direction past: nothing after the anchor; bounds end at the anchor."""
    if value is None or anchor is None or direction != "past":
        return value
    if value.earliest > anchor or value.date > anchor:
        return None
    if value.latest > anchor:
        return DateValue(value.date, value.precision, value.earliest, anchor, value.text)
    return value


# ------------------------------------------------------------------ the rules (one table)

Handler = Callable[[re.Match[str], "dt.date | None", Direction, str], "DateValue | None"]


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: Handler
    relative: bool  # needs an anchor


RULES: list[_Rule] = []


def _rule(name: str, pattern: str, *, relative: bool = True) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        RULES.append(_Rule(name, re.compile(pattern), handler, relative))
        return handler

    return register


# Absolute expressions first: an explicit date beats a weekday next to it ("Friday, 23 July 2021").


@_rule("iso-day", r"\b(\d{4})\s?-\s?(\d{1,2})\s?-\s?(\d{1,2})\b", relative=False)
def _iso_day(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    try:
        return _day(dt.date(int(m[1]), int(m[2]), int(m[3])), text)
    except ValueError:
        return None


@_rule(
    "day-month-year",
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}})\b",
    relative=False,
)
def _dmy(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    try:
        return _day(dt.date(int(m[3]), MONTHS[m[2]], int(m[1])), text)
    except ValueError:
        return None


@_rule("month-day-year", rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", relative=False)
def _mdy(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    try:
        return _day(dt.date(int(m[3]), MONTHS[m[1]], int(m[2])), text)
    except ValueError:
        return None


@_rule(
    "part-of-month-year", rf"\b(?:the\s+)?({_PART_RE})[\s-]*({_MONTH_RE})\.?,?\s+(\d{{4}})\b", relative=False
)
def _part_month_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    first, last = PART_OF_MONTH[m[1]]
    return _month(int(m[3]), MONTHS[m[2]], text, first=first, last=last)


@_rule("month-year", rf"\b({_MONTH_RE})\.?,?\s+(?:of\s+)?(\d{{4}})\b", relative=False)
def _month_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    return _month(int(m[2]), MONTHS[m[1]], text)


@_rule("day-month", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b")
def _day_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    assert anchor is not None
    month, day = MONTHS[m[2]], int(m[1])
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    return _day(_safe_date(_year_for_month(anchor, month, day, direction), month, day), text)


@_rule("month-day", rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?\d)")
def _month_day(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    assert anchor is not None
    month, day = MONTHS[m[1]], int(m[2])
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        return None
    return _day(_safe_date(_year_for_month(anchor, month, day, direction), month, day), text)


@_rule("numeric-date", r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b", relative=False)
def _numeric_date(
    m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str
) -> DateValue | None:
    """23/07/2021 (day first) or 07/23/2021 (month first); when both read, only the year is sure."""
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    try:
        if first > 12:
            return _day(dt.date(year, second, first), text)
        if second > 12:
            return _day(dt.date(year, first, second), text)
    except ValueError:
        return None
    if first == second:
        return _day(dt.date(year, first, second), text)
    a, b = sorted([dt.date(year, second, first), dt.date(year, first, second)])
    return _year(year, text, earliest=a, latest=b)


@_rule("decade", r"\b(?:\d{4}|\d0)'?s\b", relative=False)
def _decade(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> None:
    return None


@_rule("year", r"\b(1[89]\d\d|20\d\d)\b", relative=False)
def _a_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    return _year(int(m[1]), text)


# Relative expressions.


def _shift_rule(name: str, pattern: str, *, days: int) -> None:
    """Register a rule for an expression that names the anchor's day moved by ``days``."""

    def shifted(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
        assert anchor is not None
        return _day(anchor + dt.timedelta(days=days), text)

    _rule(name, pattern)(shifted)


def _sign(word: str) -> int:
    """-1 for a word looking back from the anchor ("ago", "earlier", "before"), else 1."""
    return -1 if word in ("ago", "earlier", "before") else 1


_shift_rule(
    "now", r"\b(?:today|tonight|this (?:morning|afternoon|evening)|earlier today|later today)\b", days=0
)
_shift_rule(
    "same-day", r"\b(?:the same (?:day|night|morning|evening)|that (?:day|night|morning|evening))\b", days=0
)


@_rule(
    "hours",
    r"\b(?:(?:past|last) (?:\d+|twenty-four|twenty four|few|several) hours"
    r"|(?:\w+ )?(?:hours?|minutes?) (?:earlier|later|before|after|ago))\b",
)
def _hours(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    """ "in the past 24 hours", "hours later": the anchor's day (bounds: the day before too)."""
    assert anchor is not None
    if m[0].endswith(("later", "after")):
        return _day(anchor, text, latest=anchor + dt.timedelta(days=1))
    return _day(anchor, text, earliest=anchor - dt.timedelta(days=1))


@_rule("overnight", r"\b(?:overnight|last night)\b")
def _overnight(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    return _day(anchor - dt.timedelta(days=1), text, latest=anchor)


_shift_rule(
    "day-before",
    r"\b(?:yesterday|the (?:day|night|evening) before|the previous (?:day|night|evening)"
    r"|a day (?:earlier|before))\b",
    days=-1,
)
_shift_rule(
    "day-after",
    r"\b(?:tomorrow|the (?:next|following) (?:day|morning|evening|night)|the day after|a day later)\b",
    days=1,
)

#: fixed-date holidays news text dates events by: (month, day)
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "nowruz": (3, 21),
    "newroz": (3, 21),
}
#: movable Islamic holidays: year -> (month, day), first day as announced in Saudi Arabia
MOVABLE_HOLIDAYS: dict[str, dict[int, tuple[int, int]]] = {
    "eid al-fitr": {
        2019: (6, 4),
        2020: (5, 24),
        2021: (5, 13),
        2022: (5, 2),
        2023: (4, 21),
        2024: (4, 10),
        2025: (3, 30),
        2026: (3, 20),
    },
    "eid al-adha": {
        2019: (8, 11),
        2020: (7, 31),
        2021: (7, 20),
        2022: (7, 9),
        2023: (6, 28),
        2024: (6, 16),
        2025: (6, 6),
        2026: (5, 27),
    },
}
_HOLIDAY_RE = "|".join(
    re.escape(k).replace("\\ ", r"\s") for k in sorted([*HOLIDAYS, *MOVABLE_HOLIDAYS], key=len, reverse=True)
)


@_rule("holiday", rf"\b({_HOLIDAY_RE})\b(?:,?\s+(\d{{4}}))?")
def _holiday(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    """ "on Christmas Day", "New Year's Eve", "Eid al-Fitr 2023": the holiday's day in the year given,
    else the one on the right side of the anchor."""
    name = re.sub(r"\s+", " ", m[1])
    year = int(m[2]) if m[2] else None
    if name in HOLIDAYS:
        month, day = HOLIDAYS[name]
        if year is None:
            assert anchor is not None
            year = _year_for_month(anchor, month, day, direction)
        return _day(dt.date(year, month, day), text)
    table = MOVABLE_HOLIDAYS[name]
    if year is None:
        assert anchor is not None
        candidates = sorted(dt.date(y, *md) for y, md in table.items())
        past = [d for d in candidates if d <= anchor]
        future = [d for d in candidates if d > anchor]
        pick = (future[:1] if direction == "future" else past[-1:]) or (past[-1:] if future else [])
        return _day(pick[0], text) if pick else None
    return _day(dt.date(year, *table[year]), text) if year in table else None


RULES.insert(0, RULES.pop())  # before the bare year: "Eid al-Adha 2023" is a day


@_rule("days-ago", rf"\b({_NUM_RE})\s+days?\s+(ago|earlier|before|later|after|from now)\b")
def _days_ago(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    sign = _sign(m[2])
    return _day(anchor + dt.timedelta(days=sign * _count(m[1])), text)


@_rule("weeks-ago", rf"\b({_NUM_RE})\s+weeks?\s+(ago|earlier|before|later|after)\b")
def _weeks_ago(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    sign = _sign(m[2])
    centre = anchor + dt.timedelta(days=sign * 7 * _count(m[1]))
    return _range(centre - dt.timedelta(days=3), centre + dt.timedelta(days=3), text, week=True)


@_rule("months-ago", rf"\b({_NUM_RE})\s+months?\s+(ago|earlier|before|later|after)\b")
def _months_ago(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    sign = _sign(m[2])
    return _month(*_add_months(anchor, sign * _count(m[1])), text)


@_rule("years-ago", rf"\b({_NUM_RE})\s+years?\s+(ago|earlier|before|later|after)\b")
def _years_ago(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    sign = _sign(m[2])
    return _year(anchor.year + sign * _count(m[1]), text)


@_rule("weekend", r"\b(?:last|this|the|past) weekend\b|^weekend$")
def _weekend(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    saturday = _weekday(anchor, 5, "past")
    return _day(saturday, text, latest=saturday + dt.timedelta(days=1))


@_rule("this-week", r"\b(?:earlier |later )?this week\b")
def _this_week(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    monday = anchor - dt.timedelta(days=anchor.weekday())
    latest = anchor if "earlier" in m[0] else monday + dt.timedelta(days=6)
    earliest = anchor if "later" in m[0] else monday
    return _range(earliest, latest, text, week=True)


@_rule("last-week", r"\b(?:last|the previous|the past|past) week\b|\bthe week before\b")
def _last_week(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    if m[0].startswith(("the past", "past")):
        return _range(anchor - dt.timedelta(days=7), anchor, text, week=True)
    monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
    return _range(monday, monday + dt.timedelta(days=6), text, week=True)


@_rule("next-week", r"\b(?:next|the following|the next) week\b|\bthe week after\b")
def _next_week(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    monday = anchor - dt.timedelta(days=anchor.weekday() - 7)
    return _range(monday, monday + dt.timedelta(days=6), text, week=True)


@_rule(
    "this-month", r"\b(?:(earlier|later|early|late) )?this month\b|\bthe (?:start|beginning) of the month\b"
)
def _this_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    value = _month(anchor.year, anchor.month, text)
    if m[1] in ("earlier",):
        return DateValue(value.date, "month", value.earliest, anchor, text)
    if m[1] in ("later",):
        return DateValue(value.date, "month", anchor, value.latest, text)
    return value


@_rule("last-month", r"\b(?:last|the previous|the past) month\b|\bthe month before\b")
def _last_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    if m[0].startswith("the past"):
        return _range(anchor - dt.timedelta(days=30), anchor, text)
    return _month(*_add_months(anchor, -1), text)


@_rule("next-month", r"\b(?:next|the following|the next) month\b|\bthe month after\b")
def _next_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    return _month(*_add_months(anchor, 1), text)


@_rule(
    "this-year",
    r"\b(?:(earlier|later) )?this year\b|\bso far this year\b"
    r"|\b(?:the )?(?:start|beginning) of (?:the|this) year\b",
)
def _this_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    if m[1] == "later":
        return _year(anchor.year, text, earliest=anchor)
    if m[1] == "earlier" or "so far" in m[0] or "of" in m[0]:
        return _year(anchor.year, text, latest=anchor)
    return _year(anchor.year, text)


@_rule("last-year", r"\b(?:last|the previous|the past) year\b|\bthe year before\b")
def _last_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    if m[0].startswith("the past"):
        return _range(anchor - dt.timedelta(days=365), anchor, text)
    return _year(anchor.year - 1, text)


@_rule("next-year", r"\b(?:next|the following|the next) year\b|\bthe year after\b")
def _next_year(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    return _year(anchor.year + 1, text)


@_rule(
    "recent",
    r"\b(?:recent|past|last|previous|coming|next)( few| several| two| three)? (days|weeks|months|years)\b",
)
def _recent(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue | None:
    assert anchor is not None
    unit = m[2]
    back = {"days": 7, "weeks": 28, "months": 182}.get(unit)
    if back is None:  # recent years: too vague for any precision
        return None
    if m[0].startswith(("coming", "next")):
        return _range(anchor, anchor + dt.timedelta(days=back), text)
    return _range(anchor - dt.timedelta(days=back), anchor, text)


@_rule("part-of-month", rf"\b(?:the\s+)?({_PART_RE})[\s-]*({_MONTH_RE})\b")
def _part_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    first, last = PART_OF_MONTH[m[1]]
    month = MONTHS[m[2]]
    return _month(_year_for_month(anchor, month, first, direction), month, text, first=first, last=last)


@_rule("month", rf"\b({_MONTH_RE})\b")
def _bare_month(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    month = MONTHS[m[1]]
    day = 1 if direction != "future" else calendar.monthrange(anchor.year, month)[1]
    return _month(_year_for_month(anchor, month, day, direction), month, text)


@_rule("weekday", rf"\b(?:(last|next|this coming|this past|coming|past|previous) )?({_WEEKDAY_RE})\b")
def _on_weekday(m: re.Match[str], anchor: dt.date | None, direction: Direction, text: str) -> DateValue:
    assert anchor is not None
    weekday = WEEKDAYS[m[2]]
    if m[1] in ("last", "this past", "past", "previous"):
        return _day(_weekday(anchor, weekday, "past", strict=True), text)
    if m[1] in ("next", "this coming", "coming"):
        return _day(_weekday(anchor, weekday, "future"), text)
    return _day(_weekday(anchor, weekday, direction), text)


# ------------------------------------------------------------------ public function

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"})
_FALLBACK_TRIGGER = re.compile(rf"\b(?:{_MONTH_RE})\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b")


def _normalise(text: str) -> str:
    """Lower case, straight quotes, single spaces; keeps a capitalised May/March recognisable."""
    s = text.translate(_APOSTROPHES)
    s = re.sub(r"\b(May|March)\b", lambda m: m[1] + "\x00", s)  # mark the capitalised ones
    s = re.sub(r"\s+", " ", s.lower()).strip()
    s = re.sub(r"\b(may|march)\b(?!\x00)", r"\1_word", s)  # lower-case may/march: not months
    return s.replace("\x00", "")


def resolve_time_expression(
    text: str, *, anchor: dt.date | None, direction: Direction = "past"
) -> DateValue | None:
    """Resolve one time expression against an anchor date.

    ``anchor`` is the publication date (or the date of the event the discourse refers to); when it
    is None only absolute expressions ("5 June 2021", "in 2014") resolve. ``direction`` settles
    expressions that can point either way, such as a bare weekday. Returns None when the text names
    no date this module can place (durations, clock times alone, "recent years").

    >>> d = dt.date(2021, 7, 24)  # a Saturday
    >>> resolve_time_expression("early hours of Friday", anchor=d).iso()
    '2021-07-23'
    >>> resolve_time_expression("on Monday", anchor=dt.date(2021, 7, 23), direction="future").iso()
    '2021-07-26'
    >>> v = resolve_time_expression("earlier this month", anchor=d)
    >>> (v.iso(), v.precision, v.earliest.isoformat(), v.latest.isoformat())
    ('2021-07', 'month', '2021-07-01', '2021-07-24')
    >>> resolve_time_expression("in December", anchor=dt.date(2024, 1, 2)).iso()
    '2023-12'
    >>> resolve_time_expression("5 June 2021", anchor=None).iso()
    '2021-06-05'
    >>> resolve_time_expression("at 3 a.m.", anchor=d) is None
    True
    """
    s = _normalise(text)
    if not s:
        return None
    for rule in RULES:
        if rule.relative and anchor is None:
            continue
        m = rule.pattern.search(s)
        if m is None:
            continue
        return _clip(rule.handler(m, anchor, direction, text), anchor, direction)
    return _clip(_fallback(s, text, anchor, direction), anchor, direction)


_ANAPHORIC = re.compile(
    r"\b(?:(?:\w+ )?(?:days?|weeks?|months?|years?|hours?|minutes?) (?:earlier|later|before|after)"
    r"|^(?:hours|minutes)$"
    r"|(?:a|one|the) (?:day|night|week|month|year) (?:earlier|later|before|after)"
    r"|the (?:next|following|previous|preceding) (?:day|night|morning|evening|week|month|year)"
    r"|the (?:day|night|evening|week|month|year) (?:before|after)"
    r"|the same (?:day|night|morning|evening)|that (?:day|night|morning|evening)"
    r"|(?:earlier|later) that (?:day|night|week|month|year))\b"
)


def is_anaphoric(text: str) -> bool:
    """True for an expression relative to another event, not to the publication date.

    "two days earlier", "the next day", "a week later", "that night" point back to an event the
    text just named: resolve them with that event's date as the anchor (:func:`date_value_for`);
    ``span._.date_value`` resolves them against the publication date only as a fallback.
    Deictic ones ("two days ago", "yesterday", "earlier this month") are not anaphoric.

    >>> is_anaphoric("two days earlier"), is_anaphoric("two days ago"), is_anaphoric("earlier this month")
    (True, False, False)
    """
    return _ANAPHORIC.search(_normalise(text)) is not None


def _fallback(s: str, text: str, anchor: dt.date | None, direction: Direction) -> DateValue | None:
    """dateparser, English only, for absolute forms the rules miss (e.g. "23/07/2021")."""
    if not _FALLBACK_TRIGGER.search(s):
        return None
    if anchor is None and not re.search(r"\b\d{4}\b", s):
        return None  # relative to "now": only an absolute date (with its year) resolves
    data = _date_parser(anchor, direction).get_date_data(s)
    if data.date_obj is None or data.period not in ("day", "month", "year"):
        return None
    day = data.date_obj.date()
    if data.period == "day":
        return _day(day, text)
    if data.period == "month":
        return _month(day.year, day.month, text)
    return _year(day.year, text)


def _date_parser(anchor: dt.date | None, direction: Direction) -> Any:
    from dateparser.date import DateDataParser

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": {"past": "past", "future": "future", "nearest": "current_period"}[direction],
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_TIME_AS_PERIOD": True,
        "STRICT_PARSING": False,
    }
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


# ------------------------------------------------------------------ the spaCy component

# ``doc._.publication_date`` as kg/nlp/pipeline.py declares it (an ISO string underneath, so Docs
# still cross ``nlp.pipe(..., n_process=N)``), whichever module is imported first
from kg.nlp.pipeline import register_extensions  # noqa: E402

register_extensions()
_DATE_VALUE_KEY = "conflict_timex"


def _date_value_key(span: Span) -> tuple[str, int, int]:
    return (_DATE_VALUE_KEY, span.start_char, span.end_char)


def _get_date_value(span: Span) -> DateValue | None:
    data = cast(dict[Any, Any], span.doc.user_data).get(_date_value_key(span))
    if data is None or isinstance(data, DateValue):
        return data
    day, precision, earliest, latest, text = data
    return DateValue(
        dt.date.fromisoformat(day),
        precision,
        dt.date.fromisoformat(earliest),
        dt.date.fromisoformat(latest),
        text,
    )


def _set_date_value(span: Span, value: DateValue | None) -> None:
    """Store plain values (ISO strings in a tuple), not the dataclass: spaCy sends Docs between
    ``nlp.pipe(..., n_process=N)`` workers as msgpack, which cannot pack dates or our objects."""
    data = None
    if value is not None:
        data = (
            value.date.isoformat(),
            value.precision,
            value.earliest.isoformat(),
            value.latest.isoformat(),
            value.text,
        )
    cast(dict[Any, Any], span.doc.user_data)[_date_value_key(span)] = data


if not Span.has_extension("date_value"):
    Span.set_extension("date_value", getter=_get_date_value, setter=_set_date_value)
# computed on access (nothing stored, so Docs still pickle): see is_anaphoric and discourse_anchor
if not Span.has_extension("timex_anaphoric"):
    Span.set_extension("timex_anaphoric", getter=lambda span: is_anaphoric(span.text))
if not Span.has_extension("timex_discourse"):
    Span.set_extension("timex_discourse", getter=lambda span: discourse_anchor(span))

_WEEKDAY_TOKEN: dict[str, Any] = {"LOWER": {"IN": sorted(WEEKDAYS)}}
_MONTH_TOKEN: dict[str, Any] = {
    "LOWER": {
        "IN": sorted(set(MONTHS) - AMBIGUOUS_MONTHS)
        + [f"{m}." for m in MONTHS if len(m) <= 4 and m not in AMBIGUOUS_MONTHS]
    }
}
_CAP_MONTH_TOKEN: dict[str, Any] = {"ORTH": {"IN": ["May", "March"]}}
_PART_OF_DAY_TOKEN: dict[str, Any] = {"LOWER": {"IN": list(PARTS_OF_DAY)}}
_DAY_NUMBER: dict[str, Any] = {  # sets, not REGEX: a set lookup is much faster in the Matcher
    "LOWER": {
        "IN": [str(d) for d in range(1, 32)]
        + [f"{d:02d}" for d in range(1, 10)]
        + [f"{d}{s}" for d in range(1, 32) for s in ("st", "nd", "rd", "th")]
    }
}
_YEAR_NUMBER: dict[str, Any] = {"ORTH": {"IN": [str(y) for y in range(1800, 2100)]}}
_SMALL_NUMBER: dict[str, Any] = {
    "LOWER": {"IN": [k for k in NUMBER_WORDS if " " not in k] + [str(i) for i in range(1, 100)]}
}

TOKEN_PATTERNS: dict[str, list[list[dict[str, Any]]]] = {
    "weekday": [
        [
            {"LOWER": {"IN": ["last", "next", "this", "past", "previous", "coming"]}, "OP": "?"},
            _WEEKDAY_TOKEN,
        ],
        [_WEEKDAY_TOKEN, _PART_OF_DAY_TOKEN],
        [{"LOWER": {"IN": ["early", "late", "overnight"]}}, {"LOWER": "on", "OP": "?"}, _WEEKDAY_TOKEN],
        [
            {"LOWER": {"IN": ["early", "small", "late", "wee"]}},
            {"LOWER": "hours"},
            {"LOWER": "of"},
            {"LOWER": "on", "OP": "?"},
            _WEEKDAY_TOKEN,
        ],
        [{"LOWER": {"IN": ["early", "late"]}}, _WEEKDAY_TOKEN, _PART_OF_DAY_TOKEN],
    ],
    "relative": [
        [{"LOWER": {"IN": ["today", "tonight", "yesterday", "overnight", "tomorrow"]}}],
        [{"LOWER": {"IN": ["last", "this"]}}, _PART_OF_DAY_TOKEN],
        [_SMALL_NUMBER, {"LOWER": "hours"}, {"LOWER": {"IN": ["earlier", "later", "ago"]}}],
        [{"LOWER": {"IN": ["hours", "minutes"]}}, {"LOWER": {"IN": ["earlier", "later", "after"]}}],
        [{"LOWER": {"IN": ["christmas", "nowruz", "newroz"]}}, {"LOWER": {"IN": ["day", "eve"]}, "OP": "?"}],
        [{"LOWER": "new"}, {"LOWER": "year"}, {"LOWER": "'s"}, {"LOWER": {"IN": ["day", "eve"]}}],
        [
            {"LOWER": "eid"},
            {"LOWER": {"IN": ["al", "el"]}},
            {"ORTH": "-"},
            {"LOWER": {"IN": ["fitr", "adha"]}},
        ],
        [{"LOWER": "eid"}, {"LOWER": {"IN": ["al-fitr", "al-adha"]}}],
        [
            {"LOWER": {"IN": ["past", "last"]}},
            {"LOWER": {"IN": ["24", "twenty-four", "few"]}},
            {"LOWER": "hours"},
        ],
        [{"LOWER": "the"}, {"LOWER": "same"}, {"LOWER": {"IN": ["day", "night", "morning", "evening"]}}],
        [{"LOWER": "that"}, {"LOWER": {"IN": ["day", "night", "morning", "evening"]}}],
        [
            {"LOWER": {"IN": ["a", "one", "the"]}},
            {"LOWER": {"IN": ["day", "week", "month", "year"]}},
            {"LOWER": {"IN": ["earlier", "later"]}},
        ],
        [{"LOWER": "the"}, {"LOWER": {"IN": ["day", "night", "evening"]}}, {"LOWER": "before"}],
        [
            {"LOWER": "the"},
            {"LOWER": {"IN": ["previous", "next", "following"]}},
            {"LOWER": {"IN": ["day", "night", "morning", "evening"]}},
        ],
        [
            {"LOWER": {"IN": ["earlier", "later"]}, "OP": "?"},
            {"LOWER": {"IN": ["this", "last", "next"]}},
            {"LOWER": {"IN": ["week", "weekend", "month", "year"]}},
        ],
        # "Iran's weekend barrage", "the weekend attacks": the weekend before the anchor
        [{"LOWER": "weekend", "DEP": {"IN": ["compound", "nmod", "amod", "npadvmod"]}}],
        [
            {"LOWER": {"IN": ["the"]}, "OP": "?"},
            {"LOWER": {"IN": ["start", "beginning"]}},
            {"LOWER": "of"},
            {"LOWER": {"IN": ["the", "this"]}},
            {"LOWER": {"IN": ["year", "month"]}},
        ],
        [
            _SMALL_NUMBER,
            {"LOWER": {"IN": ["day", "days", "week", "weeks", "month", "months", "year", "years"]}},
            {"LOWER": {"IN": ["ago", "earlier", "later"]}},
        ],
        [
            {"LOWER": {"IN": ["recent", "past", "last"]}},
            {"LOWER": {"IN": ["few", "several"]}, "OP": "?"},
            {"LOWER": {"IN": ["days", "weeks", "months"]}},
        ],
    ],
    "month": [
        [
            {"LOWER": {"IN": ["early", "mid", "late"]}},
            {"ORTH": "-", "OP": "?"},
            _MONTH_TOKEN,
            {"SHAPE": "dddd", "OP": "?"},
        ],
        [
            {"LOWER": {"IN": ["early", "mid", "late"]}},
            {"ORTH": "-", "OP": "?"},
            _CAP_MONTH_TOKEN,
            {"SHAPE": "dddd", "OP": "?"},
        ],
        [{"LOWER": {"IN": ["in", "since", "during", "until", "by", "of"]}}, _CAP_MONTH_TOKEN],
        [_MONTH_TOKEN, {"SHAPE": "dddd", "OP": "?"}],
        [_DAY_NUMBER, {"LOWER": "of", "OP": "?"}, _MONTH_TOKEN, {"SHAPE": "dddd", "OP": "?"}],
        [_MONTH_TOKEN, _DAY_NUMBER, {"ORTH": ",", "OP": "?"}, {"SHAPE": "dddd", "OP": "?"}],
    ],
    "iso": [
        [
            {"SHAPE": "dddd"},
            {"ORTH": "-"},
            {"SHAPE": {"IN": ["d", "dd"]}},
            {"ORTH": "-"},
            {"SHAPE": {"IN": ["d", "dd"]}},
        ]
    ],
    "year": [
        [
            {"LOWER": {"IN": ["in", "since", "during", "until", "by"]}},
            _YEAR_NUMBER,
        ]
    ],
}
"""Token patterns for what the small English model misses or splits, by group name."""

_LEADING_PREPOSITIONS = frozenset({"in", "since", "during", "until", "by", "of", "on", "at"})


_NOT_TEMPORAL_EDGE = frozenset({"VERB", "AUX", "PRON", "ADP", "SCONJ", "CCONJ", "PUNCT", "PART"})


def _trim(span: Span) -> Span | None:
    """Drop what an entity caught around the expression ("This happened days" -> "days")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (
        doc[start].pos_ in _NOT_TEMPORAL_EDGE or doc[start].lower_ in _LEADING_PREPOSITIONS
    ):
        start += 1
    while end > start and doc[end - 1].is_punct and doc[end - 1].text != ".":
        end -= 1
    if start == end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return Span(doc, start, end, label=span.label)


#: words too common to say a time expression may be near ("the", "on", "last" ...)
_COMMON_WORDS = frozenset(
    {"the", "a", "an", "on", "of", "in", "at", "this", "that", "last", "next", "past", "previous", "coming",
     "early", "late", "same", "one", "and", "to", "-", "'s", "small", "wee", "few", "following", "al", "el"}
)  # fmt: skip


def _anchor_words() -> frozenset[str] | None:
    """Words (or token shapes, as "shape:dddd") of which every token pattern needs at least one (not
    optional), or None when some pattern has no such token (then the Matcher runs over the whole Doc)."""
    anchors: set[str] = set()
    for patterns in TOKEN_PATTERNS.values():
        for pattern in patterns:
            found = False
            for spec in pattern:
                if spec.get("OP") in ("?", "*"):
                    continue
                if set(spec) - {"OP"} == {"SHAPE"} and isinstance(spec["SHAPE"], str):
                    anchors.add("shape:" + spec["SHAPE"])
                    found = True
                    break
                if "LOWER" not in spec and "ORTH" not in spec:
                    continue  # other keys ("DEP") only narrow a LOWER or ORTH match
                value = spec.get("LOWER", spec.get("ORTH"))
                values: list[Any] = value.get("IN", []) if isinstance(value, dict) else [value]
                if values and not (set(values) & _COMMON_WORDS):
                    anchors.update(values)
                    found = True
                    break
            if not found:
                return None
    return frozenset(anchors)


_ANCHORS = _anchor_words()
_LONGEST = max(len(p) for patterns in TOKEN_PATTERNS.values() for p in patterns)
#: the anchors as string ids, to be found on the Doc's attribute arrays (no Token objects made)
_ANCHOR_WORD_IDS = frozenset(get_string_id(w) for w in _ANCHORS or () if not w.startswith("shape:"))
_ANCHOR_SHAPE_IDS = frozenset(get_string_id(w[6:]) for w in _ANCHORS or () if w.startswith("shape:"))


class TimexComponent:
    """Find time expressions, keep the longest non-overlapping ones, resolve them.

    Sets ``doc.spans[span_key]`` and ``span._.date_value`` (None when unresolvable, e.g. a clock
    time or a duration, or a relative expression in a Doc without ``doc._.publication_date``).
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "conflict_timex",
        *,
        span_key: str = SPAN_KEY,
        entity_labels: Iterable[str] = ("DATE", "TIME"),
        direction: Direction = "past",
        use_tense: bool = True,
    ) -> None:
        self.name = name
        self.span_key = span_key
        self.entity_labels = frozenset(entity_labels)
        self.direction: Direction = direction
        self.use_tense = use_tense
        self.matcher = Matcher(nlp.vocab, validate=True)
        for group, patterns in TOKEN_PATTERNS.items():
            self.matcher.add(group, patterns)

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        """The Matcher's matches, run only over windows around the tokens every pattern needs (its
        set predicates are Python calls per token: running it over whole articles cost more than all
        the rest of the component)."""
        if _ANCHORS is None:
            yield from self.matcher(doc)
            return
        windows: list[list[int]] = []
        words, shapes = _ANCHOR_WORD_IDS, _ANCHOR_SHAPE_IDS
        for i, (lower, orth, shape) in enumerate(doc.to_array([LOWER, ORTH, SHAPE]).tolist()):
            if lower in words or orth in words or shape in shapes:
                start, end = max(0, i - _LONGEST), min(len(doc), i + _LONGEST)
                if windows and start <= windows[-1][1]:
                    windows[-1][1] = end
                else:
                    windows.append([start, end])
        seen: set[tuple[int, int, int]] = set()
        for start, end in windows:
            for match_id, m_start, m_end in self.matcher(doc[start:end]):
                match = (match_id, start + m_start, start + m_end)
                if match not in seen:
                    seen.add(match)
                    yield match

    def __call__(self, doc: Doc) -> Doc:
        candidates = [ent for ent in doc.ents if ent.label_ in self.entity_labels]
        for _match_id, start, end in self._matches(doc):
            if doc[start].lower_ in _LEADING_PREPOSITIONS:
                start += 1
            candidates.append(Span(doc, start, end, label="DATE"))
        trimmed = (_trim(span) for span in candidates)
        spans = sorted(filter_spans([span for span in trimmed if span is not None]), key=lambda s: s.start)
        anchor = doc._.publication_date
        parsed = self.use_tense and doc.has_annotation("DEP")
        for span in spans:
            direction = (tense_direction(span) if parsed else None) or self.direction
            span._.date_value = resolve_time_expression(span.text, anchor=anchor, direction=direction)
        doc.spans[self.span_key] = spans
        return doc


@Language.factory(
    "conflict_timex",
    assigns=["doc.spans", "span._.date_value"],
    requires=["doc._.publication_date"],
    default_config={
        "span_key": SPAN_KEY,
        "entity_labels": ["DATE", "TIME"],
        "direction": "past",
        "use_tense": True,
    },
)
def make_timex(
    nlp: Language,
    name: str,
    span_key: str,
    entity_labels: list[str],
    direction: Direction,
    use_tense: bool,
) -> TimexComponent:
    """The ``conflict_timex`` factory (``nlp.add_pipe("conflict_timex", after="ner")``).

    ``direction`` is how ambiguous expressions resolve against the publication date; with
    ``use_tense`` (and a dependency parse) a future-tense clause ("will meet on Monday", "is due to
    visit on Tuesday", "talks scheduled for Monday") resolves its expressions forward instead.
    """
    return TimexComponent(
        nlp, name, span_key=span_key, entity_labels=entity_labels, direction=direction, use_tense=use_tense
    )


def date_value_for(span: Span, *, anchor: dt.date, direction: Direction) -> DateValue | None:
    """Re-resolve a timex span against another anchor (discourse: "days before ... on Monday")."""
    return resolve_time_expression(span.text, anchor=anchor, direction=direction)


# ------------------------------------------------------------------ syntax cues (need a parse)

FUTURE_AUX = frozenset({"will", "shall", "'ll"})
FUTURE_GOVERNORS = frozenset({"due", "set", "schedule", "expect", "plan", "slate", "intend", "poise"})
"""Lemmas that put the clause under them in the future: "is due to meet", "talks scheduled for"."""
SCHEDULE_VERBS = frozenset({"schedule", "slate", "plan"})
BEFORE_MARKERS = frozenset({"before", "ahead", "prior", "until", "till"})
AFTER_MARKERS = frozenset({"after", "following", "since"})


def _clause_verb(span: Span) -> Token | None:
    for token in [span.root, *span.root.ancestors]:
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def tense_direction(span: Span) -> Direction | None:
    """ "future" when the clause holding a time expression speaks of the future, else None.

    Cues: an auxiliary "will"/"shall" on the clause's verb, or the verb sitting under "due to",
    "set to", "expected to", "scheduled (for)", "planned". Needs the dependency parse.
    """
    verb = _clause_verb(span)
    if verb is None:
        return None
    if any(child.dep_ == "aux" and child.lower_ in FUTURE_AUX for child in verb.children):
        return "future"
    if verb.lemma_.lower() in SCHEDULE_VERBS and verb.tag_ == "VBN":
        return "future"  # "talks are scheduled for Monday"
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in FUTURE_GOVERNORS:
        return "future"  # "is due to visit", "is expected to meet"
    return None


def discourse_anchor(span: Span) -> tuple[Direction, Token] | None:
    """Whether a time expression sits in a clause placed before or after another event.

    "The attack came days before the leaders met ... on Monday": the Monday belongs to a clause
    introduced by "before", so it lies after the event of the governing clause ("came"). Returns
    ("future", governing verb) for before/ahead of/prior to, ("past", governing verb) for
    after/following/since, or None. Resolve with :func:`date_value_for` against the governing
    event's date. Needs the dependency parse.
    """
    for token in [span.root, *span.root.ancestors]:
        if token.dep_ not in ("advcl", "pcomp", "pobj") or token.pos_ not in ("VERB", "AUX"):
            continue
        markers = [c for c in token.children if c.dep_ in ("mark", "prep", "advmod")]
        if token.head.dep_ == "prep" or token.dep_ == "pcomp":
            markers.append(token.head)
        for marker in markers:
            word = marker.lower_
            governor = token.head if token.head.pos_ in ("VERB", "AUX") else token.head.head
            if word in BEFORE_MARKERS:
                return "future", governor
            if word in AFTER_MARKERS:
                return "past", governor
        return None
    return None
