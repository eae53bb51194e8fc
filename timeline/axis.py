"""The time axis: every event on one horizontal line, drawn at build time as inline SVG.

Lanes hold the largest series (the trilateral rounds) and the kinds grouped into at most six
families. A date known to the day is a dot; a span, a month, an approximate or a bounded date
is a bar across every day it may mean; planned events are hollow. Each mark is a link named
by its date and title, so the axis works without JavaScript and from the keyboard. Past
``MAX_MARKS`` events, marks are binned per lane by week, month, quarter, year or a run of
years (2, 5, 10, 20, 50, 100…), the finest period that keeps the marks within ``MAX_MARKS``;
each bin links to the timeline filtered to its dates. The number of marks is bounded by the
axis's width, whatever the span or the number of lanes, and the bytes by ``MAX_BYTES``: a
mark's name quotes its event's title whole while the axis fits, else cut shorter (the whole
title is on the event's card and page, where the mark links), else the events are binned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import escape

from timeline.dataset import EventRecord
from timeline.dates import MAX_YEAR, MIN_YEAR, MONTH_NAMES
from timeline.model import FAMILY_OF, KIND_FAMILIES
from timeline.render import plain_text

MAX_SERIES_LANES = 3
WIDTH, LABEL_WIDTH, RIGHT, TOP, LANE = 800, 150, 12, 30, 26
MIN_MARK_WIDTH = 4.0
"""The narrowest a bar is drawn, in SVG units."""
MAX_MARKS = math.ceil((WIDTH - LABEL_WIDTH - RIGHT) / MIN_MARK_WIDTH)
"""At most one mark per ``MIN_MARK_WIDTH`` of the plot (160): events drawn one by one up to
this many, more are binned so that all lanes together draw no more."""
MAX_BYTES = 60_000
"""The most the axis's SVG weighs, whatever the data (issue 23, item 7). A bin costs about
230 bytes, so binned marks stay under 45 KB; an event's mark holds its id twice (its link and
``data-id``) and its name, so named marks are measured: see ``TITLE_CUTS``."""
TITLE_CUTS = (None, 120, 80, 50, 30, 20, 10, 0)
"""The most characters of a title a named mark's name quotes, tried in turn until the SVG
fits ``MAX_BYTES``: the whole title first (ordinary data always fits), 0 for the date alone.
Past the last, the events are binned (titles of 200 characters of '&', five bytes each once
escaped, and ids of 80 characters need the date alone or bins)."""
MAX_LANE_NAME = 20
"""The most characters of a lane's name (about the 142 units left of the plot at 14px), in
the lane's label and in its bins' names; a longer series name is cut with an ellipsis."""
YEAR_STEPS = (10, 20, 50, 100)
"""Over 30 years, years are labelled every 10, 20, 50 or 100: the first step whose labels are
``MIN_TICK_GAP`` apart (every 10 up to about 160 years, every 20 beyond)."""
MIN_TICK_GAP = 40
"""The least distance between year labels over 30 years (a label '2026' is about 32 units wide)."""
WEEK = 0
BIN_PERIODS = (WEEK, 1, 3, 12, 24, 60, 120, 240, 600, 1200)
"""Bin periods in months, finest first: a week (``WEEK``), a month, a quarter, then 1, 2, 5,
10, 20, 50 and 100 years. Dates name the years ``MIN_YEAR``–``MAX_YEAR`` (three centuries)
and there are at most nine lanes, so bins of a century always fit in ``MAX_MARKS``."""
assert (MAX_YEAR // 100 - MIN_YEAR // 100 + 1) * (MAX_SERIES_LANES + len(KIND_FAMILIES)) <= MAX_MARKS


def series_name(series: str) -> str:
    """A series id as readers see it: 'trilateral-talks' -> 'Trilateral talks'."""
    return series.replace("-", " ").capitalize()


@dataclass(frozen=True)
class _Mark:
    lane: int
    start: dt.date
    end: dt.date
    family: str
    href: str
    label: str
    event_id: str = ""
    kind: str = "point"  # point | bar | uncertain | bin
    planned: bool = False
    count: int = 1


class AxisEvent(NamedTuple):
    """What the axis shows of one event. The axis is drawn from these alone, so while none of
    them changes (an edited summary or source, say) the last drawing is still right."""

    id: str
    first: dt.date
    last: dt.date
    kind: str
    series: str | None
    shape: str
    """point (known to the day), bar (a span) or uncertain (a month, approximate, bounded)."""
    planned: bool
    when: str
    """The date as readers see it; '' when marks are binned (dates and titles are not shown)."""
    title: str
    """The title as plain text; '' when marks are binned."""


def axis_events(records: Sequence[EventRecord], label: Callable[[EventRecord], str]) -> tuple[AxisEvent, ...]:
    """What the axis shows of each record (``label`` gives its date as readers see it)."""
    named = len(records) <= MAX_MARKS
    return tuple(
        AxisEvent(
            r.id,
            r.event.date.first_day,
            (r.event.end or r.event.date).last_day,
            r.event.kind,
            r.event.series,
            _shape(r),
            r.event.status == "planned",
            label(r) if named else "",
            plain_text(r.event.title) if named else "",
        )
        for r in records
    )


def _shape(record: EventRecord) -> str:
    event = record.event
    if event.date.precision == "day" and not event.approximate:
        return "bar" if event.end else "point"
    return "uncertain"


def _cut(text: str, limit: int | None) -> str:
    """``text`` within ``limit`` characters (None: whole) with an ellipsis, cut after a word
    if that keeps at least half of them."""
    if limit is None or len(text) <= limit:
        return text
    if limit < 2:
        return ""
    space = text.rfind(" ", 0, limit)  # text[limit - 1] is the last that fits with the ellipsis
    head = text[:space] if space >= limit // 2 else text[: limit - 1]
    head = head.rstrip(" ,;:.–-")
    return f"{head}…" if head else ""


def _lanes(events: Sequence[AxisEvent]) -> tuple[list[str], dict[str, int], Callable[[AxisEvent], int]]:
    """Lane names (within ``MAX_LANE_NAME``), each series' lane, and the lane of an event."""
    sizes = Counter(e.series for e in events if e.series)
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))
    series = [name for name, _ in largest][:MAX_SERIES_LANES]
    families = [f for f in KIND_FAMILIES if any(FAMILY_OF[e.kind] == f for e in events)]
    names = [_cut(series_name(s), MAX_LANE_NAME) for s in series] + families
    lane_of_series = {s: i for i, s in enumerate(series)}
    lane_of_family = {f: len(series) + i for i, f in enumerate(families)}

    def lane(event: AxisEvent) -> int:
        if event.series in lane_of_series:
            return lane_of_series[event.series]
        return lane_of_family[FAMILY_OF[event.kind]]

    return names, lane_of_series, lane


def _period(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The period of ``months`` (``BIN_PERIODS``) holding ``day``: its first and last day.
    Periods of whole years start in a year divisible by their length (1900–1909, 1910–1919)."""
    if months == WEEK:
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    start = (day.year * 12 + day.month - 1) // months * months
    end = start + months
    following = dt.date(end // 12, end % 12 + 1, 1)
    return dt.date(start // 12, start % 12 + 1, 1), following - dt.timedelta(days=1)


def _period_label(first: dt.date, last: dt.date, months: int) -> str:
    if months == WEEK:
        return f"week of {first.day} {MONTH_NAMES[first.month - 1][:3]} {first.year}"
    if months == 12:
        return str(first.year)
    if months > 12:
        return f"{first.year}–{last.year}"
    if months == 3:
        return f"Q{(first.month - 1) // 3 + 1} {first.year}"
    return f"{MONTH_NAMES[first.month - 1][:3]} {first.year}"


def _bin_period(events: Sequence[AxisEvent], lanes: Sequence[int]) -> int:
    """The finest period (``BIN_PERIODS``) whose bins, over every lane, number at most
    ``MAX_MARKS``: the span and the number of lanes choose it together."""
    for months in BIN_PERIODS:
        seen: set[tuple[int, dt.date]] = set()
        for e, lane_number in zip(events, lanes, strict=True):
            seen.add((lane_number, _period(e.first, months)[0]))
            if len(seen) > MAX_MARKS:
                break
        else:
            return months
    return BIN_PERIODS[-1]


def _named_marks(
    events: Sequence[AxisEvent],
    lanes: Sequence[int],
    event_href: Callable[[str], str],
    cut: int | None,
) -> list[_Mark]:
    """A mark for each event, named by its date and title, the title cut to ``cut`` characters."""
    marks = []
    for e, lane_number in zip(events, lanes, strict=True):
        title = _cut(e.title, cut)
        marks.append(
            _Mark(
                lane_number,
                e.first,
                e.last,
                family=FAMILY_OF[e.kind],
                href=event_href(e.id),
                label=f"{e.when}: {title}" if title else e.when,
                event_id=e.id,
                kind=e.shape,
                planned=e.planned,
            )
        )
    return marks


def _binned_marks(
    events: Sequence[AxisEvent],
    lanes: Sequence[int],
    range_href: Callable[[dt.date, dt.date], str],
    lane_names: list[str],
) -> list[_Mark]:
    """A mark for each lane's events in each period of the finest that keeps the bins within
    ``MAX_MARKS``, named by the period, the number of events and the lane."""
    months = _bin_period(events, lanes)
    bins: dict[tuple[int, dt.date], list[AxisEvent]] = defaultdict(list)
    for e, lane_number in zip(events, lanes, strict=True):
        bins[(lane_number, _period(e.first, months)[0])].append(e)
    marks = []
    for (lane_number, first), members in sorted(bins.items()):
        start, end = _period(first, months)
        families = Counter(FAMILY_OF[e.kind] for e in members)
        what = lane_names[lane_number].lower()
        plural = "events" if len(members) > 1 else "event"
        marks.append(
            _Mark(
                lane_number,
                start,
                end,
                family=families.most_common(1)[0][0],
                href=range_href(start, end),
                label=f"{_period_label(start, end, months)}: {len(members)} {plural} ({what})",
                kind="bin",
                count=len(members),
            )
        )
    return marks


def _ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str, bool]]:
    """Tick days with labels, True for a year tick: every year (over 30 years every 10, 20, 50
    or 100, the first whose labels are ``MIN_TICK_GAP`` apart), and months every one or three
    when the span is short enough to label them."""
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    month_step = 1 if months <= 14 else 3 if months <= 40 else 0
    per_year = (WIDTH - LABEL_WIDTH - RIGHT) * 365 / ((last - first).days + 1)  # at least
    year_step = (
        1 if months <= 360 else next((s for s in YEAR_STEPS if s * per_year >= MIN_TICK_GAP), YEAR_STEPS[-1])
    )
    ticks = []
    for index in range(first.year * 12 + first.month - 1, last.year * 12 + last.month):
        year, month = divmod(index, 12)
        day = dt.date(year, month + 1, 1)
        if day < first:
            continue
        if month == 0 and year % year_step == 0:
            ticks.append((day, str(year), True))
        elif month and month_step and month % month_step == 0:
            ticks.append((day, MONTH_NAMES[month][:3], False))
    return ticks


def axis_svg(
    events: Sequence[AxisEvent],
    *,
    event_href: Callable[[str], str],
    range_href: Callable[[dt.date, dt.date], str],
    compact: bool = False,
) -> str:
    """Every event of ``events`` (``axis_events``) on a time axis, as an SVG element ('' without events)."""
    if not events:
        return ""
    first = min(e.first for e in events)
    last = max(e.last for e in events)
    lane_names, _, lane = _lanes(events)
    lanes = [lane(e) for e in events]
    days = (last - first).days + 1
    x0, x1 = LABEL_WIDTH, WIDTH - RIGHT
    lane_height = 16 if compact else LANE
    height = TOP + lane_height * len(lane_names) + 8

    def x(day: dt.date) -> float:
        return x0 + (x1 - x0) * (day - first).days / days

    years = f"{first.year}–{last.year}" if first.year != last.year else str(first.year)
    parts = [
        f'<svg class="tl-axis{" tl-axis-compact" if compact else ""}" viewBox="0 0 {WIDTH} {height}" '
        f'role="group" aria-label="Every event on a time axis, {years}" '
        f'data-first="{first.isoformat()}" data-days="{days}" data-x0="{x0}" data-x1="{x1}" '
        f'data-width="{WIDTH}">'
    ]
    parts.append('<g class="tl-axis-grid" aria-hidden="true">')
    for day, text, is_year in _ticks(first, last):
        tx = x(day)
        tick = "tl-year-tick" if is_year else "tl-month-tick"
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 8}" x2="{tx:.1f}" y2="{height - 4}" class="{tick}"/>'
            f'<text x="{tx + 3:.1f}" y="{TOP - 12}">{text}</text>'
        )
    for i, name in enumerate(lane_names):
        y = TOP + i * lane_height + lane_height / 2
        parts.append(
            f'<line x1="{x0}" y1="{y:.1f}" x2="{x1}" y2="{y:.1f}" class="tl-lane"/>'
            f'<text x="{x0 - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(name)}</text>'
        )
    parts.append("</g>")
    frame = "".join(parts)
    families = list(KIND_FAMILIES)

    def drawn(marks: list[_Mark]) -> str:
        out = [frame]
        biggest = max((m.count for m in marks), default=1)
        for m in marks:
            y = TOP + m.lane * lane_height + lane_height / 2
            # Colour, hollow and pale are classes (timeline.css): a mark costs few bytes.
            style = f"f{families.index(m.family)}" + (" tl-h" if m.planned else "")
            data = f' data-id="{m.event_id}"' if m.event_id else ""
            a = f'<a href="{escape(m.href)}" class="tl-mark" aria-label="{escape(m.label)}"{data}>'
            if m.kind == "point":
                shape = f'<circle cx="{x(m.start):.1f}" cy="{y:.1f}" r="5" class="{style}"/>'
            else:
                # A bin's period may reach past the axis's first or last day: drawn within them.
                left = x(max(m.start, first))
                w = max(x(min(m.end, last) + dt.timedelta(days=1)) - left, MIN_MARK_WIDTH)
                h = 10.0 if m.kind != "bin" else max(4.0, (lane_height - 6) * (m.count / biggest) ** 0.5)
                if m.kind == "uncertain":
                    style += " tl-u"
                shape = (
                    f'<rect x="{left:.1f}" y="{y - h / 2:.1f}" width="{w:.1f}" '
                    f'height="{h:.1f}" class="{style}"/>'
                )
            out.append(f"{a}{shape}</a>")
        out.append("</svg>")
        return "".join(out)

    if len(events) <= MAX_MARKS:
        for cut in TITLE_CUTS:
            svg = drawn(_named_marks(events, lanes, event_href, cut))
            if len(svg.encode()) <= MAX_BYTES:
                return svg
    return drawn(_binned_marks(events, lanes, range_href, lane_names))
