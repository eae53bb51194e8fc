"""The time axis: every event a named link, uncertain dates as bars, bounded size at scale."""

from __future__ import annotations

import datetime as dt
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import pages
from timeline.axis import MAX_MARKS, MAX_SERIES_LANES, MIN_MARK_WIDTH, AxisEvent, axis_events, axis_svg
from timeline.dataset import Dataset, EventRecord, event_sort_key
from timeline.dates import MAX_YEAR, MIN_YEAR
from timeline.model import KIND_FAMILIES, Event
from timeline.pages import PageCache, event_label, time_axis

SOURCE = {"publisher": "Reuters", "date": "2026-02-01", "attribution": "reporting"}


def record(identifier: str, **fields: Any) -> EventRecord:
    base = {"title": f"Event {identifier}", "kind": "talks", "status": "happened", "summary": "S."}
    event = Event.model_validate({**base, "sources": [SOURCE], **fields})
    return EventRecord(identifier, f"2026/{identifier}.yaml", event)


def draw(records: list[EventRecord], compact: bool = False) -> str:
    return axis_svg(
        axis_events(records, event_label),
        event_href=lambda i: f"../events/{i}/",
        range_href=lambda a, b: f"../timeline/?from={a}&to={b}",
        compact=compact,
    )


def marks(svg: str) -> list[tuple[str, str, str]]:
    """(href, accessible name, shape) of every mark."""
    return re.findall(
        r'<a href="([^"]+)" class="tl-mark[^"]*" aria-label="([^"]+)"[^>]*>(<\w+[^>]*>)</a>', svg
    )


def x_of(shape: str) -> tuple[float, float]:
    if shape.startswith("<circle"):
        cx = float(re.search(r'cx="([\d.]+)"', shape).group(1))
        return cx, cx
    left = float(re.search(r' x="([\d.]+)"', shape).group(1))
    return left, left + float(re.search(r'width="([\d.]+)"', shape).group(1))


def test_every_event_is_a_link_named_by_its_date_and_title():
    records = [
        record("2026-01-05-a", date="2026-01-05", title='Talks "open" & close'),
        record("2026-02-b", date="2026-02", kind="strike"),
        record("2026-03-01-c", date="2026-03-01", status="planned", kind="statement"),
    ]
    found = marks(draw(records))
    assert [href for href, _, _ in found] == [f"../events/{r.id}/" for r in records]
    assert found[0][1] == "5 Jan 2026: Talks &#34;open&#34; &amp; close"
    assert found[1][1] == "Feb 2026: Event 2026-02-b"


def test_day_is_a_dot_uncertain_dates_and_spans_are_bars_planned_is_hollow():
    records = [
        record("2026-01-01-day", date="2026-01-01"),
        record("2026-01-10-span", date="2026-01-10", end="2026-01-20"),
        record("2026-02-month", date="2026-02"),
        record(
            "2026-01-23-bounded",
            date={"not_before": "2026-01-23", "not_after": "2026-02-13"},
            date_note="Between two reports.",
        ),
        record("2026-03-31-planned", date="2026-03-31", status="planned"),
    ]
    shapes = {href.split("/")[2]: shape for href, _, shape in marks(draw(records))}
    assert shapes["2026-01-01-day"].startswith("<circle")
    assert shapes["2026-03-31-planned"].startswith("<circle") and "tl-h" in shapes["2026-03-31-planned"]
    for identifier in ("2026-01-10-span", "2026-02-month", "2026-01-23-bounded"):
        assert shapes[identifier].startswith("<rect"), identifier
    assert "tl-u" in shapes["2026-02-month"] and "tl-u" not in shapes["2026-01-10-span"]
    # A bar covers exactly the days it may mean: the bounded window is 22 days, February 28.
    day = x_of(shapes["2026-01-01-day"])[0]
    planned = x_of(shapes["2026-03-31-planned"])[0]
    per_day = (planned - day) / 89
    left, right = x_of(shapes["2026-01-23-bounded"])
    assert abs(left - (day + 22 * per_day)) < 0.2 and abs((right - left) / per_day - 22) < 0.2
    left, right = x_of(shapes["2026-02-month"])
    assert abs((right - left) / per_day - 28) < 0.2


def test_lanes_are_the_series_and_at_most_six_kind_families():
    kinds = [kind for family in KIND_FAMILIES.values() for kind in family]
    records = [
        record(f"2026-01-{i % 28 + 1:02d}-e{i}", date=f"2026-01-{i % 28 + 1:02d}", kind=k)
        for i, k in enumerate(kinds)
    ]
    records.append(record("2026-02-01-r1", date="2026-02-01", series="trilateral-talks", round=1))
    svg = draw(records)
    lanes = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert lanes == ["Trilateral talks", *KIND_FAMILIES]
    assert len(KIND_FAMILIES) <= 6


@pytest.mark.slow  # ten thousand events
def test_ten_thousand_events_stay_under_60_kb_and_every_event_is_counted():
    rng = random.Random(3)
    kinds = [kind for family in KIND_FAMILIES.values() for kind in family]
    records = []
    for i in range(10_000):
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(700))
        records.append(record(f"{day}-e{i}", date=day.isoformat(), kind=rng.choice(kinds)))
    svg = draw(records)
    assert len(svg.encode()) <= 60_000
    found = marks(svg)
    assert 0 < len(found) <= MAX_MARKS
    counted = sum(int(re.search(r": (\d+) events?", name).group(1)) for _, name, _ in found)
    assert counted == len(records)
    assert all(href.startswith("../timeline/?from=") for href, _, _ in found)


def check_bounded(svg: str, events: int) -> list[tuple[str, str, str]]:
    """Assert the axis's size contract (marks within the width's bound, at most 60 KB, every
    event counted, every mark within the plot); returns the marks."""
    assert len(svg.encode()) <= 60_000
    found = marks(svg)
    assert 0 < len(found) <= MAX_MARKS
    lanes = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert len(lanes) <= MAX_SERIES_LANES + len(KIND_FAMILIES)
    if events > MAX_MARKS:
        counted = [int(re.search(r": (\d+) events?", name).group(1)) for _, name, _ in found]
        assert sum(counted) == events
        assert all(href.startswith("../timeline/?from=") for href, _, _ in found)
    else:
        assert len(found) == events
    x0, x1 = (float(re.search(f'data-{a}="([\\d.]+)"', svg).group(1)) for a in ("x0", "x1"))
    for _, _, shape in found:
        left, right = x_of(shape)
        assert x0 - 0.1 <= left and right <= x1 + MIN_MARK_WIDTH + 0.1, shape  # a bar's least width
    return found


@pytest.mark.slow  # nine thousand events
def test_9045_events_over_two_centuries_in_seven_lanes_stay_within_the_width_bound():
    """Issue 23, item 7: yearly bins over 1900–2100 in 7 lanes drew 1,365 marks, 256 KB."""
    rng = random.Random(7)
    kinds = [kind for family in KIND_FAMILIES.values() for kind in family]
    first, last = dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)
    records = []
    for i in range(9045):
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        series = {"series": "trilateral-talks", "round": 1} if i % 7 == 0 else {}
        records.append(record(f"{day}-e{i}", date=day.isoformat(), kind=rng.choice(kinds), **series))
    svg = draw(records)
    assert re.findall(r'text-anchor="end">([^<]+)</text>', svg) == ["Trilateral talks", *KIND_FAMILIES]
    found = check_bounded(svg, len(records))
    # Decades, 21 to a lane: each named by its years and linked to the timeline over them.
    assert len(found) == 21 * 7
    href, name, _ = found[0]
    assert href == "../timeline/?from=1900-01-01&amp;to=1909-12-31"
    assert name.startswith("1900–1909: ") and name.endswith(" events (trilateral talks)")


SHAPES = ("point", "bar", "uncertain")


@given(
    st.tuples(st.integers(MIN_YEAR, MAX_YEAR), st.integers(MIN_YEAR, MAX_YEAR)).map(sorted),
    st.one_of(st.integers(1, 2 * MAX_MARKS), st.integers(2 * MAX_MARKS, 3000)),
    st.integers(0, MAX_SERIES_LANES + 2),
    st.integers(1, len(KIND_FAMILIES)),
    st.integers(0, 2**32),
    st.booleans(),
)
def test_marks_stay_within_the_width_bound_at_any_span_count_and_lanes(
    years, count, series_count, family_count, seed, compact
):
    """Whatever the span (any years a date may name), the number of events and of lanes, the
    axis draws at most MAX_MARKS marks in at most 60 KB. Events are drawn as ``axis_events``
    gives them (built directly: thousands of validated records would be slow)."""
    rng = random.Random(seed)  # Hypothesis' own Random records every call: slow over thousands
    first, last = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
    days = (last - first).days
    families = rng.sample(list(KIND_FAMILIES), family_count)
    series = [f"series-{i}" for i in range(series_count)]
    events = []
    for i in range(count):
        # The first two events mark the span's ends; the others fall anywhere in it.
        start = first + dt.timedelta(days=0 if i == 0 else days if i == 1 else rng.randrange(days + 1))
        shape = rng.choice(SHAPES)
        end = min(start + dt.timedelta(days=rng.randrange(1, 90)), last) if shape != "point" else start
        kind = rng.choice(KIND_FAMILIES[rng.choice(families)])
        label = f"{start.day} {start:%b %Y}: Event {i} of a series of talks" if count <= MAX_MARKS else ""
        events.append(
            AxisEvent(
                f"{start}-e{i}",
                start,
                end,
                kind,
                rng.choice([*series, None]) if series else None,
                shape,
                rng.random() < 0.1,
                label,
            )
        )
    svg = axis_svg(
        events,
        event_href=lambda i: f"../events/{i}/",
        range_href=lambda a, b: f"../timeline/?from={a}&to={b}",
        compact=compact,
    )
    check_bounded(svg, count)


def test_no_events_no_axis():
    assert draw([]) == ""


EDITS = [
    {"title": "An edited title"},
    {"summary": "An edited summary."},
    {"date": "2026-03-02"},
    {"date": "2026-03"},
    {"date": "2026-01-05", "end": "2026-01-09"},
    {"kind": "strike"},
    {"status": "planned", "date": "2026-12-01"},
    {"series": "trilateral-talks", "round": 4},
]


@settings(max_examples=2 * settings().max_examples // 5, deadline=None)  # two fifths of the profile's
@given(st.integers(1, MAX_MARKS * 2), st.data(), st.sampled_from(EDITS))
def test_a_serve_rebuild_draws_the_axis_a_fresh_build_draws_after_any_edit(count, data, edit):
    """The cache keys the axis on what it shows: an edit it shows redraws it, others reuse it."""
    fields = [{"date": f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}"} for i in range(count)]
    index = data.draw(st.integers(0, count - 1))

    def dataset(edited: dict[str, Any] | None = None) -> Dataset:
        records = [record(f"e{i}", **(edited if i == index and edited else f)) for i, f in enumerate(fields)]
        return Dataset(tuple(sorted(records, key=event_sort_key)), {}, {}, {})

    cache = PageCache()
    cache.next_generation()
    time_axis(dataset(), "timeline.md", cache=cache)
    cache.next_generation()
    drawings = []
    draw_axis = pages.axis_svg
    pages.axis_svg = lambda *args, **options: drawings.append(1) or draw_axis(*args, **options)
    try:
        after = time_axis(dataset({**fields[index], **edit}), "timeline.md", cache=cache)
    finally:
        pages.axis_svg = draw_axis
    assert after == time_axis(dataset({**fields[index], **edit}), "timeline.md")  # as drawn afresh
    shown = not ("summary" in edit or ("title" in edit and count > MAX_MARKS))
    assert len(drawings) == shown  # drawn again only when the edit shows on the axis
