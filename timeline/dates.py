"""Dates as the sources give them, in one place: parsing, display, ISO and EDTF forms.

A ``PartialDate`` is known to the year, the month or the day. Every page, download and
message that shows a date asks this module, so "17–18 Feb 2026" is written one way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Literal, NamedTuple

from timeline.characters import shown

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
MIN_YEAR, MAX_YEAR = 1900, 2100
"""The years a date may name. Outside them lie typing slips (0026, 2206), dates no calendar,
feed or sitemap of the site can carry (year 9999, gzip's 2106), and charts a thousand years
wide. Change both here if a project needs older history."""

Precision = Literal["year", "month", "day"]


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


def month_heading(month: int | None) -> str:
    """A month's name as a heading over its events; None for events known only to the year."""
    return MONTH_NAMES[month - 1] if month else "Date within the year unknown"


def span_label(date: PartialDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """A date or range as readers see it: '17–18 Feb 2026', 'Feb 2026', 'c. 4–5 Mar 2026'."""
    prefix = "c. " if approximate else ""
    if end is None or end == date:
        return prefix + date.label()
    if date.precision == end.precision == "day" and (date.year, date.month) == (end.year, end.month):
        return f"{prefix}{date.day}–{end.label()}"
    if date.precision == end.precision == "day" and date.year == end.year:
        assert date.month is not None
        return f"{prefix}{date.day} {_MONTHS[date.month - 1]} – {end.label()}"
    return f"{prefix}{date.label()} – {end.label()}"


def span_edtf(date: PartialDate, end: PartialDate | None = None, approximate: bool = False) -> str:
    """A date or span in EDTF: 2026-02-17/2026-02-18, 2026-03-04~/2026-03-05~."""
    if end is None or end == date:
        return date.edtf(approximate)
    return f"{date.edtf(approximate)}/{end.edtf(approximate)}"
