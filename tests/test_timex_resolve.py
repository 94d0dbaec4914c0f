"""resolve_time_expression: the pure function, no model. Cases are data: (text, anchor, direction, expected).

Expected is (iso date as precise as the precision, precision, earliest, latest) or None; earliest and
latest may be None where only the date and precision matter.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kg.nlp.timex import DateValue, resolve_time_expression

SAT = dt.date(2021, 7, 24)  # the seed's publication date, a Saturday
FRI = dt.date(2021, 7, 23)
NEW_YEAR = dt.date(2024, 1, 2)  # a Tuesday, just after a year boundary
D = dt.date

Expected = tuple[str, str, dt.date | None, dt.date | None] | None

CASES: list[tuple[str, dt.date | None, str, Expected]] = [
    # weekdays, parts of day, the news convention (most recent on or before the anchor)
    ("early hours of Friday", SAT, "past", ("2021-07-23", "day", FRI, FRI)),
    ("in the early hours of Friday", SAT, "past", ("2021-07-23", "day", FRI, FRI)),
    ("on Friday", SAT, "past", ("2021-07-23", "day", FRI, FRI)),
    ("Friday night", SAT, "past", ("2021-07-23", "day", None, None)),
    ("late on Tuesday", SAT, "past", ("2021-07-20", "day", None, None)),
    ("Friday's", SAT, "past", ("2021-07-23", "day", None, None)),
    ("on Saturday", SAT, "past", ("2021-07-24", "day", SAT, SAT)),  # the anchor's own weekday
    ("on Sunday", SAT, "past", ("2021-07-18", "day", None, None)),
    ("last Saturday", SAT, "past", ("2021-07-17", "day", None, None)),
    ("on Friday", D(2024, 1, 1), "past", ("2023-12-29", "day", None, None)),  # across a year boundary
    # direction future (discourse: "days before X met on Monday") and nearest
    ("on Monday", FRI, "future", ("2021-07-26", "day", None, None)),
    ("on Monday", SAT, "future", ("2021-07-26", "day", None, None)),
    ("on Saturday", SAT, "future", ("2021-07-31", "day", None, None)),  # strictly after
    ("on Monday", SAT, "nearest", ("2021-07-26", "day", None, None)),
    ("on Wednesday", SAT, "nearest", ("2021-07-21", "day", None, None)),
    ("next Monday", SAT, "future", ("2021-07-26", "day", None, None)),
    ("next Monday", SAT, "past", None),  # never after the anchor for direction past
    # days
    ("today", SAT, "past", ("2021-07-24", "day", SAT, SAT)),
    ("tonight", SAT, "past", ("2021-07-24", "day", None, None)),
    ("this morning", SAT, "past", ("2021-07-24", "day", None, None)),
    ("yesterday", SAT, "past", ("2021-07-23", "day", FRI, FRI)),
    ("last night", SAT, "past", ("2021-07-23", "day", FRI, SAT)),
    ("overnight", SAT, "past", ("2021-07-23", "day", FRI, SAT)),
    ("the day before", SAT, "past", ("2021-07-23", "day", None, None)),
    ("the previous day", D(2024, 1, 1), "past", ("2023-12-31", "day", None, None)),
    ("three days ago", SAT, "past", ("2021-07-21", "day", None, None)),
    ("3 days ago", SAT, "past", ("2021-07-21", "day", None, None)),
    ("two days earlier", SAT, "past", ("2021-07-22", "day", None, None)),
    ("tomorrow", SAT, "past", None),
    ("tomorrow", SAT, "future", ("2021-07-25", "day", None, None)),
    ("the following day", FRI, "future", ("2021-07-24", "day", None, None)),
    # weeks: a week is no calendar unit, month precision with the week's bounds
    ("last week", SAT, "past", ("2021-07", "month", D(2021, 7, 12), D(2021, 7, 18))),
    ("two weeks ago", SAT, "past", ("2021-07", "month", D(2021, 7, 7), D(2021, 7, 13))),
    ("earlier this week", SAT, "past", ("2021-07", "month", D(2021, 7, 19), SAT)),
    ("last week", NEW_YEAR, "past", ("2023-12", "month", D(2023, 12, 25), D(2023, 12, 31))),
    # months
    ("earlier this month", SAT, "past", ("2021-07", "month", D(2021, 7, 1), SAT)),
    ("Earlier this month", SAT, "past", ("2021-07", "month", D(2021, 7, 1), SAT)),
    ("this month", SAT, "past", ("2021-07", "month", D(2021, 7, 1), SAT)),
    ("last month", SAT, "past", ("2021-06", "month", D(2021, 6, 1), D(2021, 6, 30))),
    ("last month", NEW_YEAR, "past", ("2023-12", "month", None, None)),
    ("two months ago", SAT, "past", ("2021-05", "month", None, None)),
    ("in June", SAT, "past", ("2021-06", "month", D(2021, 6, 1), D(2021, 6, 30))),
    ("In June", SAT, "past", ("2021-06", "month", None, None)),
    ("in July", SAT, "past", ("2021-07", "month", D(2021, 7, 1), SAT)),
    ("in August", SAT, "past", ("2020-08", "month", None, None)),
    ("in December", NEW_YEAR, "past", ("2023-12", "month", D(2023, 12, 1), D(2023, 12, 31))),
    ("in December", SAT, "future", ("2021-12", "month", None, None)),
    ("in May", SAT, "past", ("2021-05", "month", None, None)),
    ("mid-June", SAT, "past", ("2021-06", "month", D(2021, 6, 11), D(2021, 6, 20))),
    ("late June", SAT, "past", ("2021-06", "month", D(2021, 6, 21), D(2021, 6, 30))),
    ("early July", SAT, "past", ("2021-07", "month", D(2021, 7, 1), D(2021, 7, 10))),
    ("the end of June", SAT, "past", ("2021-06", "month", D(2021, 6, 21), D(2021, 6, 30))),
    ("June 2021", SAT, "past", ("2021-06", "month", D(2021, 6, 1), D(2021, 6, 30))),
    ("in March 2020", SAT, "past", ("2020-03", "month", None, None)),
    ("mid-December 2023", NEW_YEAR, "past", ("2023-12", "month", D(2023, 12, 11), D(2023, 12, 20))),
    # explicit days
    ("5 June", SAT, "past", ("2021-06-05", "day", None, None)),
    ("June 5", SAT, "past", ("2021-06-05", "day", None, None)),
    ("on 5th June", SAT, "past", ("2021-06-05", "day", None, None)),
    ("July 30", SAT, "past", ("2020-07-30", "day", None, None)),  # not after the anchor
    ("July 30", SAT, "future", ("2021-07-30", "day", None, None)),
    ("30 December", NEW_YEAR, "past", ("2023-12-30", "day", None, None)),
    ("5 June 2021", SAT, "past", ("2021-06-05", "day", None, None)),
    ("June 5, 2021", SAT, "past", ("2021-06-05", "day", None, None)),
    ("Friday, 23 July 2021", SAT, "past", ("2021-07-23", "day", None, None)),
    ("2021-06-05", SAT, "past", ("2021-06-05", "day", None, None)),
    ("23/07/2021", SAT, "past", ("2021-07-23", "day", None, None)),
    ("07/23/2021", SAT, "past", ("2021-07-23", "day", None, None)),
    ("03/04/2021", SAT, "past", ("2021", "year", D(2021, 3, 4), D(2021, 4, 3))),  # d/m or m/d
    # years
    ("in 2014", SAT, "past", ("2014", "year", D(2014, 1, 1), D(2014, 12, 31))),
    ("since 2014", SAT, "past", ("2014", "year", None, None)),
    ("earlier this year", SAT, "past", ("2021", "year", D(2021, 1, 1), SAT)),
    ("this year", SAT, "past", ("2021", "year", D(2021, 1, 1), SAT)),
    ("since the beginning of the year", SAT, "past", ("2021", "year", D(2021, 1, 1), SAT)),
    ("last year", SAT, "past", ("2020", "year", D(2020, 1, 1), D(2020, 12, 31))),
    ("last year", NEW_YEAR, "past", ("2023", "year", None, None)),
    ("two years ago", SAT, "past", ("2019", "year", None, None)),
    ("in 2025", SAT, "past", None),  # after the anchor
    # vague ranges: bounds kept, precision from what the range spans
    ("in recent months", SAT, "past", ("2021", "year", D(2021, 1, 23), SAT)),
    ("in recent weeks", SAT, "past", ("2021", "year", D(2021, 6, 26), SAT)),
    ("in recent days", SAT, "past", ("2021-07", "month", D(2021, 7, 17), SAT)),
    ("in recent years", SAT, "past", None),
    # anaphoric ones resolve against whatever anchor they are given (the pub date only as a fallback)
    ("two days earlier", D(2019, 12, 29), "past", ("2019-12-27", "day", None, None)),
    ("a week later", D(2019, 12, 29), "future", ("2020-01", "month", None, None)),
    ("the same day", FRI, "past", ("2021-07-23", "day", None, None)),
    ("that night", FRI, "past", ("2021-07-23", "day", None, None)),
    ("in the past 24 hours", SAT, "past", ("2021-07-24", "day", FRI, SAT)),
    ("hours later", FRI, "past", ("2021-07-23", "day", None, None)),
    # news styles
    ("on Oct. 18", D(2024, 1, 4), "past", ("2023-10-18", "day", None, None)),
    ("Sept. 14, 2023", D(2024, 1, 4), "past", ("2023-09-14", "day", None, None)),
    ("Tuesday, January 2", D(2024, 1, 4), "past", ("2024-01-02", "day", None, None)),
    ("on Tuesday (Jan. 2)", D(2024, 1, 4), "past", ("2024-01-02", "day", None, None)),
    ("in late 2023", D(2024, 1, 4), "past", ("2023", "year", None, None)),
    ("a month ago", D(2024, 1, 4), "past", ("2023-12", "month", None, None)),
    ("this weekend", D(2024, 1, 4), "past", ("2023-12-30", "day", None, None)),
    # not dates
    ("at 3 a.m.", SAT, "past", None),
    ("the 1980s", SAT, "past", None),
    ("two years", SAT, "past", None),
    ("45-year-old", SAT, "past", None),
    ("may", SAT, "past", None),  # a modal verb, not the month
    ("", SAT, "past", None),
    # without an anchor only absolute expressions resolve
    ("5 June 2021", None, "past", ("2021-06-05", "day", None, None)),
    ("in 2014", None, "past", ("2014", "year", None, None)),
    ("June 2021", None, "past", ("2021-06", "month", None, None)),
    ("on Friday", None, "past", None),
    ("earlier this month", None, "past", None),
    ("in June", None, "past", None),
]


@pytest.mark.parametrize(
    ("text", "anchor", "direction", "expected"), CASES, ids=[c[0] or "empty" for c in CASES]
)
def test_resolve(text: str, anchor: dt.date | None, direction: str, expected: Expected) -> None:
    value = resolve_time_expression(text, anchor=anchor, direction=direction)  # type: ignore[arg-type]
    if expected is None:
        assert value is None
        return
    assert value is not None, text
    iso, precision, earliest, latest = expected
    assert (value.iso(), value.precision) == (iso, precision)
    if earliest is not None:
        assert value.earliest == earliest
    if latest is not None:
        assert value.latest == latest
    assert value.text == text


@pytest.mark.parametrize(
    ("text", "anchor", "direction", "expected"), CASES, ids=[c[0] or "empty" for c in CASES]
)
def test_invariants(text: str, anchor: dt.date | None, direction: str, expected: Expected) -> None:
    """Representative date by precision; earliest <= latest; nothing after the anchor for past."""
    value = resolve_time_expression(text, anchor=anchor, direction=direction)  # type: ignore[arg-type]
    if value is None:
        return
    assert value.earliest <= value.latest
    if value.precision == "month":
        assert value.date.day == 1
    if value.precision == "year":
        assert (value.date.month, value.date.day) == (1, 1)
    if direction == "past" and anchor is not None:
        assert value.date <= anchor and value.earliest <= anchor and value.latest <= anchor


PAST_PHRASES = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "in January",
    "in June",
    "in December",
    "5 June",
    "December 31",
    "1 January",
    "last week",
    "earlier this month",
    "this year",
    "this month",
    "mid-June",
    "late December",
    "early January",
]


@pytest.mark.parametrize("anchor", [D(2021, 7, 24), D(2024, 1, 1), D(2024, 2, 29), D(2023, 12, 31)])
@pytest.mark.parametrize("text", PAST_PHRASES)
def test_past_never_after_anchor(text: str, anchor: dt.date) -> None:
    value = resolve_time_expression(text, anchor=anchor)
    assert value is not None
    assert value.date <= anchor and value.latest <= anchor


def test_dateparser_fallback_respects_past() -> None:
    """dateparser (the fallback) is set up with the anchor and PREFER_DATES_FROM=past."""
    from kg.nlp.timex import _date_parser

    data = _date_parser(SAT, "past").get_date_data("August 3")
    assert data.date_obj is not None and data.date_obj.date() <= SAT


def test_date_value_is_frozen() -> None:
    value = resolve_time_expression("in June", anchor=SAT)
    assert isinstance(value, DateValue)
    with pytest.raises(AttributeError):
        value.precision = "day"  # type: ignore[misc]


ANAPHORIC: list[tuple[str, bool]] = [
    ("two days earlier", True),
    ("a week later", True),
    ("the next day", True),
    ("the following morning", True),
    ("the day before", True),
    ("that night", True),
    ("later that day", True),
    ("two days ago", False),
    ("yesterday", False),
    ("earlier this month", False),
    ("on Friday", False),
    ("in June", False),
]


@pytest.mark.parametrize(("text", "expected"), ANAPHORIC, ids=[c[0] for c in ANAPHORIC])
def test_is_anaphoric(text: str, expected: bool) -> None:
    from kg.nlp.timex import is_anaphoric

    assert is_anaphoric(text) is expected
