"""The time axis: overview + detail, drawn at build time as HTML and inline SVG.

The detail view draws every event in lanes: the largest series (the trilateral rounds) and the
kinds grouped into at most six families. A date known to the day is a dot, a known span a bar,
an uncertain date (a month, approximate, bounded) a thin line with a tick at each end over the
days it may mean; planned events are dashed. Each mark is a link named by its date and title.
The detail view opens on the latest period, ending ``AFTER_DAYS`` after the last day of any
event (planned ones included): the shortest of ``PERIODS`` that shows ``LATEST_SHOWN``
events. Marks outside it are drawn too, but hidden (``tl-out``), so without JavaScript the
reader sees the latest period; the script lays the
same marks out again in the page's own pixels (no scaled text, no sideways scrolling), pans
and zooms by moving the window over them, and stacks marks that would touch ("+n").

Below it, a thin overview strip shows the whole span on a collapsed scale: a stretch of more
than ``GAP_DAYS`` without events is drawn as a short break (``BREAK_WIDTH``) titled e.g.
"Apr–Jul 2025: no events"; a window on it marks the detail view.

Past ``MAX_MARKS`` events, marks are binned per lane by week, month, quarter, year or a run of
years (2, 5, 10, 20, 50, 100…): the events of the detail view's first period by the finest
period that leaves room for the others, these by the finest that fits in that room, all within
``MAX_MARKS``; each bin links to the timeline filtered to its dates. The number of marks is bounded whatever
the span or the number of lanes, and the bytes by ``MAX_BYTES``: a mark's name quotes its
event's title whole while the axis fits, else cut shorter (the whole title is on the event's
card and page, where the mark links), else the events are binned. The overview is bounded on
its own: at most ``OVERVIEW_COLUMNS`` density columns, ``MAX_BREAKS`` breaks and labels
``MIN_LABEL_GAP`` apart.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from markupsafe import escape

from sourced_timeline import i18n
from sourced_timeline.dataset import EventRecord
from sourced_timeline.dates import MAX_YEAR, MIN_YEAR, day_date
from sourced_timeline.i18n import N_, gettext, ngettext
from sourced_timeline.render import plain_text
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import MAX_LANES, Vocabulary

MAX_SERIES_LANES = 3
WIDTH, LABEL_WIDTH, RIGHT, TOP, BOTTOM = 800, 150, 12, 24, 4
"""The detail view as drawn for readers without JavaScript (SVG units, scaled to the column);
the script draws it again in CSS pixels with the same ``TOP``, lane pitch and ``BOTTOM``, so
its height never changes (no layout shift)."""
PITCH, ROWS = 38, 2
"""A lane's height and the rows of marks it holds: marks that would touch go to the next row."""
COMPACT_PITCH, COMPACT_ROWS = 26, 1
"""The home page's smaller axis: one row a lane."""
WINDOW_DAYS = 61
"""The detail view's first period: two months..."""
AFTER_DAYS = 4
"""...ending this many days after the last day of any event (planned ones included)."""
PERIODS = (
    ("2m", N_("2 months"), WINDOW_DAYS),
    ("6m", N_("6 months"), 183),
    ("2y", N_("2 years"), 731),
    ("10y", N_("10 years"), 3653),
    ("50y", N_("50 years"), 18263),
    ("250y", N_("250 years"), 91311),
)
"""The detail view's periods, kept in the URL as ``?span=`` (none of the filters' names); a
site is offered the one it opens on, the next longer and All."""
ALL = ("all", N_("All"), 0)
LATEST_SHOWN = 3
"""The detail view opens on the shortest period that shows this many events (two months for
news of the week, decades for a history): never on an empty stretch."""


def presets(events: Sequence[AxisEvent], first: dt.date, window_end: int) -> list[tuple[str, str, int]]:
    """The periods offered (key, label, days; 0 for All), the one the view opens on first."""
    lasts = [(e.last - first).days for e in events]
    wanted = min(LATEST_SHOWN, len(lasts))
    fitting = [
        i
        for i, (_, _, days) in enumerate(PERIODS)
        if sum(last >= window_end - days for last in lasts) >= wanted  # marks the window shows
    ]
    if not fitting:
        return [ALL]
    return [*PERIODS[fitting[0] : fitting[0] + 2], ALL]


GAP_DAYS = 30
"""In the overview, a stretch of more days than this with no event is drawn as a break."""
MAX_BREAKS = 12
"""The longest stretches are broken, at most this many."""
OVERVIEW_WIDTH, OVERVIEW_HEIGHT, BREAK_WIDTH = 800, 24, 20
"""The overview's units (stretched to the column's width) and a break's width in them."""
OVERVIEW_COLUMNS = 200
"""The overview draws the events' density in at most this many columns."""
MIN_LABEL_GAP = 120
"""The least distance between the overview's labels, in its units (about 54 px on a phone,
where 'Dec 2024' is about 50 px wide)."""
MIN_TICK_GAP = 56
"""The least distance between the detail view's tick labels, in units ('12 Jan' is ~36)."""
MIN_MARK_WIDTH = 4.0
"""The narrowest a bar is drawn, in SVG units."""
DOT = 5.0
"""A dot's radius."""
MAX_MARKS = math.ceil((WIDTH - LABEL_WIDTH - RIGHT) / MIN_MARK_WIDTH)
"""At most one mark per ``MIN_MARK_WIDTH`` of the plot (160): events drawn one by one up to
this many, more are binned so that all lanes together draw no more."""
MAX_BYTES = 60_000
"""The most the axis's HTML weighs, whatever the data (issue 23, item 7). A bin costs about
250 bytes, so binned marks stay under 45 KB; an event's mark holds its id (in its link) and its
name, so named marks are measured: see ``TITLE_CUTS``."""
TITLE_CUTS = (None, 120, 80, 50, 30, 20, 10, 0)
"""The most characters of a title a named mark's name quotes, tried in turn until the axis
fits ``MAX_BYTES``: the whole title first (ordinary data always fits), 0 for the date alone.
Past the last, the events are binned (titles of 200 characters of '&', five bytes each once
escaped, and ids of 80 characters need the date alone or bins)."""
MAX_LANE_NAME = 20
"""The most characters of a lane's name (about the 142 units left of the plot at 14px), in
the lane's label and in its bins' names; a longer series name is cut with an ellipsis."""
WEEK = 0
BIN_PERIODS = (WEEK, 1, 3, 12, 24, 60, 120, 240, 600, 1200, 3000, 6000, 12000)
"""Bin periods in months, finest first: a week (``WEEK``), a month, a quarter, then 1, 2, 5,
10, 20, 50, 100, 250, 500 and 1,000 years. Dates name the years ``MIN_YEAR``–``MAX_YEAR``
and there are at most nine lanes, so bins of a millennium always fit in ``MAX_MARKS``."""
assert (MAX_YEAR // 1000 - MIN_YEAR // 1000 + 1) * (MAX_SERIES_LANES + MAX_LANES) <= MAX_MARKS
YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
"""Year labels (overview and detail) every so many years: the first step far enough apart."""


def series_name(series: str) -> str:
    """A series id as a name, for records drawn without their series registry (the site
    names each series as series.yaml does): 'trilateral-talks' -> 'Trilateral talks'."""
    return series.replace("-", " ").capitalize()


@dataclass(frozen=True)
class _Mark:
    lane: int
    start: dt.date
    end: dt.date
    family: int
    """Its lane's position in the vocabulary: its colour class (f0, f1…)."""
    href: str
    label: str
    kind: str = "point"  # point | bar | uncertain | bin
    planned: bool = False
    count: int = 1


class AxisEvent(NamedTuple):
    """What the axis shows of one event. The axis is drawn from these alone, so while none of
    them changes (an edited summary or source, say) the last drawing is still right."""

    id: str
    first: dt.date
    last: dt.date
    family: str
    """Its kind's lane, as the vocabulary labels it."""
    family_number: int
    """That lane's position in the vocabulary (its colour)."""
    series: str | None
    """The series' name as readers see it (its lane's label)."""
    shape: str
    """point (known to the day), bar (a span) or uncertain (a month, approximate, bounded)."""
    planned: bool
    when: str
    """The date as readers see it; '' when marks are binned (dates and titles are not shown)."""
    title: str
    """The title as plain text; '' when marks are binned."""


def axis_events(
    records: Sequence[EventRecord],
    label: Callable[[EventRecord], str],
    series_names: Mapping[str, str] | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
) -> tuple[AxisEvent, ...]:
    """What the axis shows of each record (``label`` gives its date as readers see it,
    ``series_names`` each series' name, from series.yaml, ``vocabulary`` its kind's lane)."""
    named = len(records) <= MAX_MARKS
    names = series_names if series_names is not None else {}
    return tuple(
        AxisEvent(
            r.id,
            r.event.date.first_day,
            (r.event.end or r.event.date).last_day,
            vocabulary.lane_label(r.event.kind),
            vocabulary.lane_of(r.event.kind),
            (names.get(r.event.series) or series_name(r.event.series)) if r.event.series else None,
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
    families = sorted({(e.family_number, e.family) for e in events})
    names = [_cut(s, MAX_LANE_NAME) for s in series] + [_cut(f, MAX_LANE_NAME) for _, f in families]
    lane_of_series = {s: i for i, s in enumerate(series)}
    lane_of_family = {number: len(series) + i for i, (number, _) in enumerate(families)}

    def lane(event: AxisEvent) -> int:
        if event.series in lane_of_series:
            return lane_of_series[event.series]
        return lane_of_family[event.family_number]

    return names, lane_of_series, lane


def _period(day: dt.date, months: int) -> tuple[dt.date, dt.date]:
    """The period of ``months`` (``BIN_PERIODS``) holding ``day``: its first and last day.
    Periods of whole years start in a year divisible by their length (1900–1909, 1910–1919)."""
    if months == WEEK:
        first = day - dt.timedelta(days=day.weekday())
        return first, first + dt.timedelta(days=6)
    start = max((day.year * 12 + day.month - 1) // months * months, 12)  # no year 0: from year 1
    end = (day.year * 12 + day.month - 1) // months * months + months
    following = dt.date(end // 12, end % 12 + 1, 1)
    return dt.date(start // 12, start % 12 + 1, 1), following - dt.timedelta(days=1)


def _period_label(first: dt.date, last: dt.date, months: int) -> str:
    if months == WEEK:
        return gettext("week of {date}").format(date=i18n.current().day(first))
    if months == 12:
        return str(first.year)
    if months > 12:
        return f"{first.year}–{last.year}"
    if months == 3:
        return gettext("Q{quarter} {year}").format(quarter=(first.month - 1) // 3 + 1, year=first.year)
    return f"{_month(first)} {first.year}"


def _bin_period(events: Sequence[AxisEvent], lanes: Sequence[int], limit: int = MAX_MARKS) -> int | None:
    """The finest period (``BIN_PERIODS``) whose bins, over every lane, number at most
    ``limit``: the span and the number of lanes choose it together (None: not even centuries)."""
    for months in BIN_PERIODS:
        seen: set[tuple[int, dt.date]] = set()
        for e, lane_number in zip(events, lanes, strict=True):
            seen.add((lane_number, _period(e.first, months)[0]))
            if len(seen) > limit:
                break
        else:
            return months
    return None


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
                family=e.family_number,
                href=event_href(e.id),
                label=f"{e.when}: {title}" if title else e.when,
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
    recent: dt.date,
) -> list[_Mark]:
    """A mark for each lane's events in each period, named by the period, the number of events
    and the lane. The events from ``recent`` on (the detail view's first period) are binned by
    the finest period that leaves room for the others' bins within ``MAX_MARKS``, the others by
    the finest that fits in that room; bins stop and start at ``recent``."""
    tiers = [
        [(e, lane) for e, lane in zip(events, lanes, strict=True) if e.first < recent],
        [(e, lane) for e, lane in zip(events, lanes, strict=True) if e.first >= recent],
    ]
    periods = [BIN_PERIODS[-1], BIN_PERIODS[-1]]
    for months in BIN_PERIODS:
        count = len({(lane, _period(e.first, months)[0]) for e, lane in tiers[1]})
        older = _bin_period([e for e, _ in tiers[0]], [lane for _, lane in tiers[0]], MAX_MARKS - count)
        if older is not None:
            periods = [older, months]
            break
    marks = []
    for tier, months in zip(tiers, periods, strict=True):
        bins: dict[tuple[int, dt.date], list[AxisEvent]] = defaultdict(list)
        for e, lane_number in tier:
            bins[(lane_number, _period(e.first, months)[0])].append(e)
        for (lane_number, first), members in sorted(bins.items()):
            period = _period(first, months)
            start = max(period[0], recent) if tier is tiers[1] else period[0]
            end = min(period[1], recent - dt.timedelta(days=1)) if tier is tiers[0] else period[1]
            when = _period_label(start, end, months) if (start, end) == period else day_span(start, end)
            families = Counter(e.family_number for e in members)
            marks.append(
                _Mark(
                    lane_number,
                    start,
                    end,
                    family=families.most_common(1)[0][0],
                    href=range_href(start, end),
                    label=ngettext(
                        "{when}: {count} event ({lane})", "{when}: {count} events ({lane})", len(members)
                    ).format(when=when, count=len(members), lane=lane_names[lane_number].lower()),
                    kind="bin",
                    count=len(members),
                )
            )
    return marks


def _num(value: float) -> str:
    """A coordinate with at most one decimal and no trailing '.0'."""
    text = f"{value:.1f}"
    text = text.removesuffix(".0")
    return "0" if text == "-0" else text


def _month(day: dt.date) -> str:
    return i18n.current().month_abbreviation(day.month)


LONG_WINDOW = 731
"""From this many days (two years), the period shown is named by its years: '1936–1986'."""


def window_label(first: dt.date, last: dt.date) -> str:
    """The period the axis shows, as its bar names it (the script names it the same way)."""
    return f"{first.year}–{last.year}" if (last - first).days >= LONG_WINDOW else day_span(first, last)


def day_span(first: dt.date, last: dt.date) -> str:
    """Days as readers see them: '6 Jan – 8 Mar 2026', '28 Dec 2025 – 26 Feb 2026'."""
    return i18n.current().span(day_date(first), day_date(last))


def month_span(first: dt.date, last: dt.date) -> str:
    """Months as readers see them: 'Apr 2025', 'Apr–Jul 2025', 'Dec 2024–Feb 2025'."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{_month(first)} {first.year}"
    if first.year == last.year:
        return f"{_month(first)}–{_month(last)} {last.year}"
    return f"{_month(first)} {first.year}–{_month(last)} {last.year}"


def empty_span(first: dt.date, last: dt.date) -> str:
    """Empty days as a break names them: the whole months among them ('Apr–Jul 2025'), or
    the days when they hold no whole month ('3–30 Jan 2026')."""
    start = first if first.day == 1 else _period(first, 1)[1] + dt.timedelta(days=1)
    stop = last if (last + dt.timedelta(days=1)).day == 1 else _period(last, 1)[0] - dt.timedelta(days=1)
    return month_span(start, stop) if start <= stop else day_span(first, last)


def _ticks(first: dt.date, start: float, end: float, per_day: float) -> list[tuple[float, str, bool]]:
    """Labelled ticks over the days [``start``, ``end``) counted from ``first``, at least
    ``MIN_TICK_GAP`` apart at ``per_day`` units a day: (day, label, True where a month or a
    year begins). Days (every 1, 2, 7 or 14, on Mondays past 2) are labelled '12', and '5 Jan'
    where the month changes; months 'Feb', and '2026' in January; years '2026'. The script
    draws its ticks by the same rules (timeline.js)."""
    earliest = (dt.date.min - first).days  # Python's dates (and ours) stop at year 1
    low = first + dt.timedelta(days=max(math.floor(start), earliest))
    high = first + dt.timedelta(days=max(math.ceil(end), earliest))
    ticks: list[tuple[float, str, bool]] = []
    for step in (1, 2, 7, 14):
        if step * per_day < MIN_TICK_GAP:
            continue
        day = low if step <= 2 else low + dt.timedelta(days=(7 - low.weekday()) % 7)
        month = -1
        while day < high:
            offset = (day - first).days
            if offset >= start and (step > 2 or offset % step == 0):
                new = day.month != month
                ticks.append((offset, f"{day.day} {_month(day)}" if new else str(day.day), new))
                month = day.month
            day += dt.timedelta(days=step)
        return ticks
    months = next((m for m in (1, 3, 6) if m * 30.4 * per_day >= MIN_TICK_GAP), 0)
    years = next((y for y in YEAR_STEPS if y * 365.25 * per_day >= MIN_TICK_GAP), YEAR_STEPS[-1])
    index = low.year * 12 + low.month - 1
    while True:
        year, month0 = divmod(index, 12)
        day = dt.date(year, month0 + 1, 1)
        if day >= high:
            return ticks
        offset = (day - first).days
        if offset >= start:
            if month0 == 0 and year % years == 0:
                ticks.append((offset, str(year), True))
            elif months and month0 % months == 0:
                ticks.append((offset, _month(day), False))
        index += 1


def _rows(extents: Sequence[tuple[float, float]], rows: int, gap: float) -> list[int]:
    """A row for each extent (in order of their left ends): the first whose last extent ends
    ``gap`` before it, else the row that ends first (where the marks overlap)."""
    ends = [-math.inf] * rows
    found = []
    for left, right in extents:
        row = next((r for r in range(rows) if ends[r] + gap <= left), None)
        if row is None:
            row = min(range(rows), key=ends.__getitem__)
        ends[row] = max(ends[row], right)
        found.append(row)
    return found


class _Overview(NamedTuple):
    knots: list[tuple[int, float]]
    """(day, x) where the collapsed scale bends: linear between them."""
    breaks: list[tuple[int, int]]
    """The stretches without events drawn as breaks: first and past-last day."""

    def x(self, day: float) -> float:
        days = [k[0] for k in self.knots]
        i = min(max(bisect.bisect_right(days, day), 1), len(days) - 1)
        (d0, x0), (d1, x1) = self.knots[i - 1], self.knots[i]
        return min(max(x0 + (x1 - x0) * (day - d0) / (d1 - d0), 0.0), float(OVERVIEW_WIDTH))


def _collapsed(spans: Sequence[tuple[int, int]], end: int) -> _Overview:
    """The overview's scale over the days [0, ``end``): the longest stretches (at most
    ``MAX_BREAKS``) of more than ``GAP_DAYS`` days that no span covers are ``BREAK_WIDTH``
    wide, the other days share the rest evenly."""
    gaps = []
    covered = 0
    for start, stop in sorted(spans):
        if start - covered > GAP_DAYS:
            gaps.append((covered, start))
        covered = max(covered, stop)
    breaks = sorted(sorted(gaps, key=lambda g: g[0] - g[1])[:MAX_BREAKS])
    kept = end - sum(b - a for a, b in breaks)
    per_day = (OVERVIEW_WIDTH - BREAK_WIDTH * len(breaks)) / kept
    knots = [(0, 0.0)]
    x, at = 0.0, 0
    for a, b in breaks:
        x += (a - at) * per_day
        knots += [(a, x), (b, x + BREAK_WIDTH)]
        x, at = x + BREAK_WIDTH, b
    knots.append((end, float(OVERVIEW_WIDTH)))
    return _Overview(knots, breaks)


def _overview(events: Sequence[AxisEvent], first: dt.date, end: int, window: tuple[int, int]) -> str:
    """The overview strip: the events' density on the collapsed scale, breaks, year lines and
    labels, and the detail view's window."""
    spans = [((e.first - first).days, (e.last - first).days + 1) for e in events]
    scale = _collapsed(spans, end)
    width = OVERVIEW_WIDTH / OVERVIEW_COLUMNS
    columns: list[Counter[int]] = [Counter(), Counter()]  # happened, planned
    for e, (start, _) in zip(events, spans, strict=True):
        columns[e.planned][min(int(scale.x(start + 0.5) / width), OVERVIEW_COLUMNS - 1)] += 1
    most = max(max(c.values(), default=1) for c in columns)
    paths = []
    for counted, name in zip(columns, ("tl-ov-past", "tl-ov-planned"), strict=True):
        if counted:
            d = "".join(
                f"M{_num((c + 0.5) * width)} 22v-{_num(3 + 16 * math.sqrt(n / most))}"
                for c, n in sorted(counted.items())
            )
            paths.append(f'<path class="{name}" d="{d}"/>')
    # Years: a line and a label at each first of January far enough from the last label.
    labels: list[tuple[float, str]] = []
    step = next((s for s in YEAR_STEPS if s * 365.25 * OVERVIEW_WIDTH / end >= MIN_LABEL_GAP), YEAR_STEPS[-1])
    last_day = first + dt.timedelta(days=end - 1)
    for year in range(first.year + 1, last_day.year + 1):
        x = scale.x((dt.date(year, 1, 1) - first).days)
        if (
            year % step == 0
            and x <= OVERVIEW_WIDTH - 40
            and (not labels or x - labels[-1][0] >= MIN_LABEL_GAP)
        ):
            labels.append((x, str(year)))
    if not labels or labels[0][0] >= MIN_LABEL_GAP:
        labels.insert(0, (0.0, f"{_month(first)} {first.year}" if end < 3 * 365 else str(first.year)))
    lines = "".join(f"M{_num(x)} 0v{OVERVIEW_HEIGHT}" for x, _ in labels if x > 0)
    if lines:
        paths.append(f'<path class="tl-ov-year" d="{lines}"/>')
    named = []
    for a, b in scale.breaks:
        x = scale.x(a)
        stretch = empty_span(first + dt.timedelta(days=a), first + dt.timedelta(days=b - 1))
        title = escape(gettext("{period}: no events").format(period=stretch))
        named.append(stretch)
        paths.append(
            f'<g class="tl-ov-break"><title>{title}</title>'
            f'<rect x="{_num(x)}" y="0" width="{BREAK_WIDTH}" height="{OVERVIEW_HEIGHT}"/>'
            f'<path d="M{_num(x + 6)} 20l4-16M{_num(x + 11)} 20l4-16"/></g>'
        )
    left, right = scale.x(window[0]), scale.x(window[1])
    paths.append(
        f'<rect class="tl-ov-window" x="{_num(left)}" y="0.5" width="{_num(max(right - left, 2))}" '
        f'height="{OVERVIEW_HEIGHT - 1}"/>'
    )
    span = month_span(first, last_day)
    described = (
        gettext("Every event, {span}, on a scale that shortens empty stretches; no events {gaps}")
        if named
        else gettext("Every event, {span}, on a scale that shortens empty stretches")
    ).format(span=span, gaps=", ".join(named))
    knots = ",".join(f"{d} {_num(x)}" for d, x in scale.knots)
    spans_html = "".join(
        f'<span style="left:{_num(100 * x / OVERVIEW_WIDTH)}%">{text}</span>' for x, text in labels
    )
    return (
        f'<div class="tl-axis-overview"><svg class="tl-overview" viewBox="0 0 {OVERVIEW_WIDTH} '
        f'{OVERVIEW_HEIGHT}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(described)}" '
        f'data-knots="{knots}">{"".join(paths)}</svg>'
        f'<div class="tl-ov-labels" aria-hidden="true">{spans_html}</div></div>'
    )


class AxisEra(NamedTuple):
    """A named period as the axis draws it: a band behind the lanes, its name above them,
    and in a line of text below the axis with its dates (``dates``, as the page writes them)."""

    name: str
    first: dt.date
    last: dt.date
    dates: str


ERA_STRIP = 16
"""The height of the row above the ticks that names the eras (only when there are eras)."""


def axis_svg(
    events: Sequence[AxisEvent],
    *,
    event_href: Callable[[str], str],
    range_href: Callable[[dt.date, dt.date], str],
    compact: bool = False,
    eras: Sequence[AxisEra] = (),
) -> str:
    """Every event of ``events`` (``axis_events``) on a time axis ('' without events): a bar
    with the period shown, its presets and a link to the timeline over it; the detail view
    (an SVG element of links) on the latest period, behind its marks a band for each of
    ``eras``; the overview strip."""
    if not events:
        return ""
    top_y = TOP + (ERA_STRIP if eras else 0)  # the ticks' and lanes' top, below the eras' names
    first = min(e.first for e in events)
    last = max(e.last for e in events)
    lane_names, _, lane = _lanes(events)
    lanes = [lane(e) for e in events]
    end = (last - first).days + 1
    window_end = end + AFTER_DAYS
    offered = presets(events, first, window_end)
    window_days = offered[0][2] or window_end
    window = (window_end - window_days, window_end)
    pitch, rows = (COMPACT_PITCH, COMPACT_ROWS) if compact else (PITCH, ROWS)
    x0, x1 = LABEL_WIDTH, WIDTH - RIGHT
    height = top_y + pitch * len(lane_names) + BOTTOM
    per_day = (x1 - x0) / window_days

    def x(day: float) -> float:
        return x0 + (day - window[0]) * per_day

    def date(day: int) -> dt.date:  # never before year 1, where Python's dates stop
        return first + dt.timedelta(days=max(day, (dt.date.min - first).days))

    shown = (date(window[0]), date(window[1] - 1))
    buttons = "".join(
        f'<button type="button" data-span="{key}" data-days="{days}" aria-pressed="{pressed}">'
        f"{escape(gettext(text))}</button>"
        for number, (key, text, days) in enumerate(offered)
        for pressed in ("true" if number == 0 else "false",)
    )
    period, show = escape(gettext("Period shown")), escape(gettext("Show these dates"))
    bar = (
        f'<div class="tl-axis-bar"><p class="tl-axis-window">{window_label(*shown)}</p>'
        f'<div class="tl-axis-presets" role="group" aria-label="{period}">{buttons}</div>'
        f'<a class="tl-axis-show" href="{escape(range_href(*shown))}">{show}</a></div>'
    )
    keys_label = ngettext(
        "{count} event on a time axis: the arrow keys move between them, Home and End go to the first "
        "and the latest",
        "{count} events on a time axis: the arrow keys move between them, Home and End go to the first "
        "and the latest",
        len(events),
    ).format(count=len(events))
    parts = [
        bar,
        f'<svg class="tl-axis{" tl-axis-compact" if compact else ""}" viewBox="0 0 {WIDTH} {height}" '
        # Its height in pixels whatever the width (Material's "svg { height: auto }" would scale
        # it with the width, and the script's redraw at the page's pixels would then shift
        # everything below: CLS on phones).
        f'height="{height}" style="height:{height}px" role="group" '
        f'aria-label="{escape(keys_label)}" '
        f'data-first="{first.isoformat()}" data-end="{window_end}" data-window="{window_days}" '
        f'data-pitch="{pitch}" data-rows="{rows}" data-x0="{x0}" data-x1="{x1}" data-top="{top_y}">',
        '<g class="tl-axis-grid" aria-hidden="true"><g class="tl-ticks">',
    ]
    for day, text, major in _ticks(first, window[0], window[1], per_day):
        tx = _num(x(day))
        line_class = ' class="tl-major"' if major else ""
        parts.append(
            f'<line x1="{tx}" y1="{top_y - 6}" x2="{tx}" y2="{height}"{line_class}/>'
            f'<text x="{tx}" y="{top_y - 10}">{text}</text>'
        )
    parts.append("</g>")
    for i, name in enumerate(lane_names):
        top = top_y + i * pitch
        parts.append(
            f'<rect class="tl-lane" x="0" y="{top}" width="{WIDTH}" height="{pitch}"/>'
            f'<text class="tl-lane-name" x="{x0 - 8}" y="{_num(top + pitch / 2 + 4)}" '
            f'text-anchor="end">{escape(name)}</text>'
        )
    parts.append(_era_bands(eras, first, x, x0, x1, height))
    parts.append('</g><g class="tl-marks">')
    frame = "".join(parts)
    overview = _overview(events, first, window_end, window)
    periods = gettext("Periods:")
    eras_line = (
        f'<p class="tl-axis-eras">{escape(periods)} '
        + " · ".join(f"{escape(era.name)} ({escape(era.dates)})" for era in eras)
        + "</p>"
        if eras
        else ""
    )

    def drawn(marks: list[_Mark]) -> str:
        out = [frame]
        # A bin's height tells how many events a day it holds (bins of two periods side by side).
        density = [m.count / ((m.end - m.start).days + 1) for m in marks]
        densest = max(density, default=1.0)
        spans = [(max((m.start - first).days, 0), min((m.end - first).days + 1, end)) for m in marks]
        order = sorted(range(len(marks)), key=lambda i: (spans[i][0], i))
        # Rows in each lane for the marks in the window; the others are hidden.
        row_of: dict[int, int] = {}
        for lane_number in range(len(lane_names)):
            inside = [
                i
                for i in order
                if marks[i].lane == lane_number and spans[i][1] > window[0] and spans[i][0] < window[1]
            ]
            extents = []
            for i in inside:
                start, stop = spans[i]
                if marks[i].kind == "point":
                    extents.append((x(start + 0.5) - DOT, x(start + 0.5) + DOT))
                else:
                    extents.append((x(start), x(start) + max((stop - start) * per_day, MIN_MARK_WIDTH)))
            row_of.update(zip(inside, _rows(extents, rows, 3.0), strict=True))
        for i in order:
            m = marks[i]
            start, stop = spans[i]
            out_of_view = i not in row_of
            y = top_y + m.lane * pitch + pitch * (row_of.get(i, 0) + 0.5) / rows
            # Shape, colour, dashes and visibility are the link's classes (timeline.css): a mark
            # costs few bytes. Its days (from the first day of all) and lane are for the script.
            kind = {"point": "", "bar": " tl-b", "uncertain": " tl-w", "bin": " tl-bin"}[m.kind]
            style = f"{kind} f{m.family}" + (" tl-h" if m.planned else "")
            style += " tl-out" if out_of_view else ""
            data = f' data-d="{start}"' + (f' data-n="{stop - start}"' if stop - start != 1 else "")
            data += f' data-l="{m.lane}"'
            a = f'<a href="{escape(m.href)}" class="tl-mark{style}" aria-label="{escape(m.label)}"{data}>'
            # Drawn within the plot: the hidden marks at its edge.
            left = min(max(x(start), x0), x1)
            w = max(min(max(x(stop), x0), x1) - left, MIN_MARK_WIDTH)
            if m.kind == "point":
                shape = f'<circle cx="{_num(min(max(x(start + 0.5), x0), x1))}" cy="{_num(y)}" r="5"/>'
            elif m.kind == "uncertain":  # a pale band (where a pointer finds it), a line, two ticks
                shape = (
                    f'<rect x="{_num(left)}" y="{_num(y - 5)}" width="{_num(w)}" height="10"/>'
                    f'<path d="M{_num(left)} {_num(y - 4)}v8m0-4h{_num(w)}m0-4v8"/>'
                )
            else:
                h = 8.0 if m.kind == "bar" else max(4.0, 10 * math.sqrt(density[i] / densest))
                shape = f'<rect x="{_num(left)}" y="{_num(y - h / 2)}" width="{_num(w)}" height="{_num(h)}"/>'
            out.append(f"{a}{shape}</a>")
        out.append("</g></svg>")
        out.append(overview)
        out.append(eras_line)
        return "".join(out)

    if len(events) <= MAX_MARKS:
        for cut in TITLE_CUTS:
            svg = drawn(_named_marks(events, lanes, event_href, cut))
            if len(svg.encode()) <= MAX_BYTES:
                return svg
    return drawn(_binned_marks(events, lanes, range_href, lane_names, date(window[0])))


def _era_bands(
    eras: Sequence[AxisEra], first: dt.date, x: Callable[[float], float], x0: float, x1: float, height: float
) -> str:
    """Each era as a band over the plot, its name at the top left of the band where it fits;
    its days (from the first day of all) are for the script, which draws them again."""
    if not eras:
        return ""
    out = ['<g class="tl-eras">']
    for era in eras:
        start, days = (era.first - first).days, (era.last - era.first).days + 1
        left, right = max(x(start), x0), min(x(start + days), x1)
        hidden = "" if right > left else ' class="tl-out"'
        width = max(right - left, 0)
        out.append(
            f'<g data-d="{start}" data-n="{days}"{hidden}><title>{escape(era.name)}</title>'
            f'<rect x="{_num(left)}" y="0" width="{_num(width)}" height="{height}"/>'
            f'<text x="{_num(left + 3)}" y="{ERA_STRIP - 4}">{escape(era.name)}</text></g>'
        )
    out.append("</g>")
    return "".join(out)


class Locator(NamedTuple):
    """Where a date falls among all the events: the overview's collapsed scale, shared by
    every event page (each places its own event on it)."""

    first: dt.date
    scale: _Overview
    ends: tuple[str, str]
    """The whole span's first and last months: "Dec 2024", "Mar 2026"."""


def locator(events: Sequence[AxisEvent]) -> Locator | None:
    """The overview's scale over every event (None without events)."""
    if not events:
        return None
    first = min(e.first for e in events)
    last = max(e.last for e in events)
    spans = [((e.first - first).days, (e.last - first).days + 1) for e in events]
    ends = (f"{_month(first)} {first.year}", f"{_month(last)} {last.year}")
    return Locator(first, _collapsed(spans, (last - first).days + 1), ends)


def where_strip(where: Locator, first_day: dt.date, last_day: dt.date) -> str:
    """A small strip locating the days [FIRST_DAY, LAST_DAY] on the whole span: a line, the
    breaks of empty stretches, this event's mark and the span's ends (decorative: the page
    says the date in words)."""

    def percent(day: dt.date) -> float:
        return 100 * where.scale.x((day - where.first).days) / OVERVIEW_WIDTH

    left = percent(first_day)
    width = max(percent(last_day + dt.timedelta(days=1)) - left, 0.0)
    breaks = "".join(
        f'<span class="tl-where-break" style="left:{_num(100 * where.scale.x(a) / OVERVIEW_WIDTH)}%"></span>'
        for a, _ in where.scale.breaks
    )
    start, stop = where.ends
    return (
        f'<span class="tl-where-line"></span>{breaks}'
        f'<span class="tl-where-here" style="left:{_num(left)}%;width:{_num(width)}%"></span>'
        f'<span class="tl-where-end">{start}</span><span class="tl-where-end tl-where-last">{stop}</span>'
    )
