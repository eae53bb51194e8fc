"""Dates as the sources give them, in one place: parsing, display, ISO and EDTF forms.

A ``PartialDate`` is known to the year, the month or the day; ``Bounds`` says "sometime
between two such dates" (one moment the sources bound, unlike a span from one date to
another). Every page, download and message that shows a date asks this module, so
"17–18 Feb 2026" and "between 25 Jan and 13 Feb 2026" are written one way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal, NamedTuple

from sourced_timeline.characters import shown

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTHS = tuple(name[:3] for name in MONTH_NAMES)
_DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MIN_YEAR, MAX_YEAR = 1, 2100
"""The years a date may name: from year 1 (dates before 1582 are proleptic Gregorian, as in
ISO 8601 and Python's own dates), so a history of 1815 or of the seventh century can be
recorded, up to 2100 (past it lie typing slips such as 2206, and dates no calendar, feed or
sitemap of the site can carry: year 9999, gzip's 2106). Years before 1 (BCE) and geological
time are not supported: ISO 8601 needs an agreed expansion for them, and Python's dates,
the feeds' and the calendar's formats stop at year 1."""

Precision = Literal["year", "month", "day", "bounded"]


class PartialDate(NamedTuple):
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the date is known."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    @property
    def earliest(self) -> PartialDate:
        """The earliest date it can be: itself (``Bounds`` answers with its lower bound)."""
        return self

    @property
    def first_day(self) -> dt.date:
        """The earliest day the date can mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The latest day the date can mean."""
        if self.day is not None:
            return self.first_day
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def label(self) -> str:
        """The date as a reader sees it, as precise as it is known: '17 Feb 2026', 'Feb 2026'."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS[self.month - 1]
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        """ISO form with the known parts only: 2026, 2026-02, 2026-02-17."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        """Read '2026', '2026-02', '2026-02-17', the integer 2026 or a date YAML already built."""
        if isinstance(value, dt.datetime):
            raise ValueError("give a date without a time of day")
        if value.__class__ is dt.date:
            return cls.parse(value.isoformat())
        if isinstance(value, bool) or not isinstance(value, int | str):
            written = "a list or mapping" if isinstance(value, list | dict) else shown(value)
            raise ValueError(f"{written} is not a date: write 2026, 2026-02 or 2026-02-17")
        short = isinstance(value, str) or value.bit_length() < 64
        match = _DATE_PATTERN.fullmatch(str(value)) if short else None
        if not match:
            raise ValueError(f"{shown(value)} is not a date: write 2026, 2026-02 or 2026-02-17")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(f"{shown(value)} is outside the years {MIN_YEAR}–{MAX_YEAR} a date may name")
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{value}' has no month {month}")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f"'{value}' is not a real date: {_MONTHS[month - 1]} {year} has {last} days")
        return cls(year, month, day)

    def edtf(self, approximate: bool = False) -> str:
        """The Library of Congress Extended Date/Time Format: 2026, 2026-02, 2026-02-17~."""
        return f"{self}{'~' if approximate else ''}"


BOUND_KEYS = ("not_before", "not_after")


class Bounds(NamedTuple):
    """One moment the sources bound without naming it: sometime between two partial dates
    (inclusive), e.g. after the first round and before an article that reports the second."""

    not_before: PartialDate
    not_after: PartialDate

    @property
    def year(self) -> int:
        """The year it is filed under: the earliest it can be."""
        return self.not_before.year

    @property
    def month(self) -> int | None:
        """The month it is listed under: the earliest it can be."""
        return self.not_before.month

    @property
    def day(self) -> int | None:
        """Never a known day."""
        return None

    @property
    def precision(self) -> Precision:
        return "bounded"

    @property
    def earliest(self) -> PartialDate:
        return self.not_before

    @property
    def first_day(self) -> dt.date:
        return self.not_before.first_day

    @property
    def last_day(self) -> dt.date:
        return self.not_after.last_day

    def label(self) -> str:
        """'between 25 Jan and 13 Feb 2026': both bounds, never a shortening they do not say."""
        before, after = self.not_before, self.not_after
        first = before.label()
        if before.year == after.year and before.month is not None and after.month is not None:
            first = first.removesuffix(f" {before.year}")
            if before.month == after.month and before.day and after.day:
                first = str(before.day)
        return f"between {first} and {after.label()}"

    def __str__(self) -> str:
        """The EDTF one-of-a-set form, which also reads plainly: [2026-01-25..2026-02-13]."""
        return self.edtf()

    def edtf(self, approximate: bool = False) -> str:
        """EDTF's "one of a set" with a range: [2026-01-25..2026-02-13]. A range's two ends
        share a precision in EDTF, so bounds of different precisions are given as days
        ([2026-01..2026-02-13] is written [2026-01-01..2026-02-13], the same window)."""
        before, after = self.not_before, self.not_after
        if before.precision != after.precision:
            return f"[{before.first_day.isoformat()}..{after.last_day.isoformat()}]"
        return f"[{before}..{after}]"

    def as_record(self) -> dict[str, str]:
        """The bounds as a record writes them: ``{not_before: …, not_after: …}``."""
        return {"not_before": str(self.not_before), "not_after": str(self.not_after)}

    @classmethod
    def parse_range(cls, text: str) -> Bounds:
        """Read '2026-01-25..2026-02-13' (EDTF's range inside its set brackets)."""
        first, separator, last = text.partition("..")
        if not separator or ".." in last:
            raise ValueError(f"{shown(text)} is not a range: write 2026-01-25..2026-02-13")
        return cls.parse({"not_before": first.strip(), "not_after": last.strip()})

    @classmethod
    def parse(cls, value: dict[Any, Any]) -> Bounds:
        """Read ``{not_before: 2026-01-25, not_after: 2026-02-13}``."""
        unknown = [str(key) for key in value if key not in BOUND_KEYS]
        if unknown:
            raise ValueError(
                f"a date given by bounds has only not_before and not_after, not {shown(unknown[0])}"
            )
        missing = [key for key in BOUND_KEYS if key not in value]
        if missing:
            raise ValueError(f"a date given by bounds needs both not_before and not_after; add {missing[0]}")
        bounds = []
        for key in BOUND_KEYS:
            try:
                bounds.append(PartialDate.parse(value[key]))
            except ValueError as error:
                raise ValueError(f"{key}: {error}") from None
        not_before, not_after = bounds
        if not_after.last_day < not_before.first_day:
            raise ValueError(f"not_after {not_after} is before not_before {not_before}")
        if not_before.first_day == not_after.first_day and not_before.last_day == not_after.last_day:
            raise ValueError(f"both bounds are {not_before}: write date: {not_before}")
        if not_before.first_day == not_after.last_day:  # e.g. not before Jan 2026, not after 1 Jan
            day = not_before.first_day.isoformat()
            raise ValueError(f"the bounds leave one day, {day}: write date: {day}")
        return cls(not_before, not_after)


EventDate = PartialDate | Bounds
"""When an event happened: a partial date, or bounds around it."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
"""The days of the week as a record names them (``weekday: wednesday``), Monday first as
``datetime.date.weekday`` counts."""

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def day_date(day: dt.date) -> PartialDate:
    """A calendar day as a partial date known to the day."""
    return PartialDate(day.year, day.month, day.day)


def weekday_window(date: EventDate, weekday: str) -> EventDate | None:
    """The part of DATE's window that falls on WEEKDAY: bounds from its first to its last
    such day, the day itself when there is one, None when there is none ("on Wednesday" in
    a window of Thursday to Tuesday)."""
    number = WEEKDAYS.index(weekday)
    first = date.first_day + dt.timedelta(days=(number - date.first_day.weekday()) % 7)
    last = date.last_day - dt.timedelta(days=(date.last_day.weekday() - number) % 7)
    if first > last:
        return None
    if first == last:
        return day_date(first)
    return Bounds(day_date(first), day_date(last))


def weekday_name(day: dt.date) -> str:
    """The day's weekday as readers see it: 'Wednesday'."""
    return WEEKDAYS[day.weekday()].capitalize()


def parse_event_date(value: Any) -> EventDate:
    """A partial date, or with a mapping ``{not_before, not_after}``, bounds (a date already
    read is kept)."""
    if isinstance(value, PartialDate | Bounds):
        return value
    return Bounds.parse(value) if isinstance(value, dict) else PartialDate.parse(value)


def event_date_value(date: EventDate) -> str | dict[str, str]:
    """An event's date as a record writes it (the inverse of ``parse_event_date``)."""
    return date.as_record() if isinstance(date, Bounds) else str(date)


def span_label(date: EventDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """A date or range as readers see it: '17–18 Feb 2026', 'Feb 2026', 'c. 4–5 Mar 2026',
    'between 25 Jan and 13 Feb 2026'."""
    prefix = "c. " if approximate else ""
    if end is None or end == date or isinstance(date, Bounds):
        return prefix + date.label()
    if date.precision == end.precision == "day" and (date.year, date.month) == (end.year, end.month):
        return f"{prefix}{date.day}–{end.label()}"
    if date.precision == end.precision == "day" and date.year == end.year:
        assert date.month is not None
        return f"{prefix}{date.day} {_MONTHS[date.month - 1]} – {end.label()}"
    return f"{prefix}{date.label()} – {end.label()}"


def span_edtf(date: EventDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """A date or span in EDTF: 2026-02-17/2026-02-18, 2026-03-04~/2026-03-05~, and bounds as
    [2026-01-25..2026-02-13]."""
    if end is None or end == date or isinstance(date, Bounds):
        return date.edtf(approximate)
    return f"{date.edtf(approximate)}/{end.edtf(approximate)}"


def parse_edtf(text: str) -> tuple[EventDate, PartialDate | None, bool]:
    """The inverse of ``span_edtf``: (date, end, approximate) from '2026-02~',
    '2026-02-17/2026-02-18' or '[2026-01-25..2026-02-13]'. Raises ValueError on anything else."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]") and text.count("..") == 1:
        return Bounds.parse_range(text[1:-1]), None, False
    parts = text.split("/")
    if len(parts) > 2 or not all(parts):
        raise ValueError(f"{shown(text)} is not an EDTF date this tool reads")
    approximate = {part.endswith("~") for part in parts}
    if len(approximate) > 1:
        raise ValueError(f"{shown(text)}: both ends of a span are approximate or neither is")
    dates = [PartialDate.parse(part.removesuffix("~")) for part in parts]
    return dates[0], dates[1] if len(dates) == 2 else None, approximate.pop()
