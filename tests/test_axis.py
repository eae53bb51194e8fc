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
from timeline.axis import MAX_MARKS, axis_events, axis_svg
from timeline.dataset import Dataset, EventRecord, event_sort_key
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
