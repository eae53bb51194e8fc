"""The time axis: every event a named link, uncertain dates as bars, bounded size at scale."""

from __future__ import annotations

import datetime as dt
import html
import itertools
import random
import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline import pages
from timeline.axis import (
    MAX_LANE_NAME,
    MAX_MARKS,
    MAX_SERIES_LANES,
    MIN_MARK_WIDTH,
    WIDTH,
    AxisEvent,
    axis_events,
    axis_svg,
)
from timeline.dataset import Dataset, EventRecord, event_sort_key
from timeline.dates import MAX_YEAR, MIN_YEAR
from timeline.model import KIND_FAMILIES, MAX_ID_LENGTH, Event
from timeline.pages import PageCache, event_label, time_axis

SOURCE = {"publisher": "Reuters", "date": "2026-02-01", "attribution": "reporting"}
MAX_TITLE = min(c.max_length for c in Event.model_fields["title"].metadata if getattr(c, "max_length", None))
"""The longest title the checker accepts (200 characters)."""
WORST = ("&", '"', "'", "ж", "😀")
"""Characters that cost the most bytes in an SVG attribute: five once escaped, two or four in UTF-8."""


def record(identifier: str, **fields: Any) -> EventRecord:
    base = {"title": f"Event {identifier}", "kind": "talks", "status": "happened", "summary": "S."}
    event = Event.model_validate({**base, "sources": [SOURCE], **fields})
    return EventRecord(identifier, f"2026/{identifier}.yaml", event)


def draw(records: list[EventRecord], compact: bool = False, root: str = "../") -> str:
    return axis_svg(
        axis_events(records, event_label),
        event_href=lambda i: f"{root}events/{i}/",
        range_href=lambda a, b: f"{root}timeline/?from={a}&to={b}",
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


def lane_names(svg: str) -> list[str]:
    return [html.unescape(name) for name in re.findall(r'text-anchor="end">([^<]+)</text>', svg)]


def check_bounded(svg: str, events: int) -> list[tuple[str, str, str]]:
    """Assert the axis's size contract (marks within the width's bound, at most 60 KB, every
    event counted, every mark within the plot, lane names within MAX_LANE_NAME, year labels
    40 units apart over 30 years); returns the marks."""
    assert len(svg.encode()) <= 60_000
    found = marks(svg)
    assert 0 < len(found) <= MAX_MARKS
    lanes = lane_names(svg)
    assert len(lanes) <= MAX_SERIES_LANES + len(KIND_FAMILIES)
    assert all(len(name) <= MAX_LANE_NAME for name in lanes), lanes
    binned = "timeline/?from=" in found[0][0]
    assert events <= MAX_MARKS or binned
    if binned:  # past MAX_MARKS events, or named marks that would not fit in 60 KB
        counted = [int(re.search(r": (\d+) events?", name).group(1)) for _, name, _ in found]
        assert sum(counted) == events
        assert all("timeline/?from=" in href for href, _, _ in found)
    else:
        assert len(found) == events
        assert all(re.fullmatch(r"(\.\./)*events/[\w-]+/", href) for href, _, _ in found)
    x0, x1 = (float(re.search(f'data-{a}="([\\d.]+)"', svg).group(1)) for a in ("x0", "x1"))
    for _, _, shape in found:
        left, right = x_of(shape)
        assert x0 - 0.1 <= left and right <= x1 + MIN_MARK_WIDTH + 0.1, shape  # a bar's least width
    first = dt.date.fromisoformat(re.search(r'data-first="([\d-]+)"', svg).group(1))
    last = first + dt.timedelta(days=int(re.search(r'data-days="(\d+)"', svg).group(1)) - 1)
    if (last.year - first.year) * 12 + last.month - first.month + 1 > 360:  # yearly up to 30 years
        ticks = [float(tx) for tx in re.findall(r'<text x="([\d.]+)" y="18">', svg)]
        assert all(b - a >= 40 - 0.1 for a, b in itertools.pairwise(ticks)), ticks  # "2026" is ~32 wide
    return found


def check_names(found: list[tuple[str, str, str]], events: dict[str, tuple[str, str]]) -> None:
    """Each named mark's name is its event's date and title (``events``: date and title by
    link), the title whole or cut with an ellipsis to one most number of characters for all:
    every title shown whole is shorter than any title cut."""
    shown_lengths, cut_lengths = [], []
    for href, name, _ in found:
        when, title = events[href]
        name = html.unescape(name)
        assert name == when or name.startswith(f"{when}: "), (name, when)
        shown = name.removeprefix(when).removeprefix(": ")
        shown_lengths.append(len(shown))
        if shown != title:
            assert shown == "" or (shown.endswith("…") and title.startswith(shown[:-1])), (shown, title)
            cut_lengths.append(len(title))
    assert not cut_lengths or max(shown_lengths) < min(cut_lengths)


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
TITLES = ("Talks in Geneva on a ceasefire ", *WORST, "a & b \"c\" 'd' ж😀 ")
"""What titles repeat to their length: an ordinary one, each worst character, all of them."""


def longest(text: str, length: int) -> str:
    """An id ``text`` lengthened to ``length`` characters (when that is longer) with '-z…z'."""
    return text if length < len(text) + 2 else f"{text}-{'z' * (length - len(text) - 1)}"


def within(length: int) -> st.SearchStrategy[int]:
    """A length up to ``length``, often the longest."""
    return st.one_of(st.just(length), st.integers(1, length))


@given(
    st.tuples(st.integers(MIN_YEAR, MAX_YEAR), st.integers(MIN_YEAR, MAX_YEAR)).map(sorted),
    st.one_of(st.integers(1, MAX_MARKS), st.integers(1, 2 * MAX_MARKS), st.integers(2 * MAX_MARKS, 3000)),
    st.integers(0, MAX_SERIES_LANES + 2),
    st.integers(1, len(KIND_FAMILIES)),
    st.integers(0, 2**32),
    st.booleans(),
    st.tuples(st.sampled_from(TITLES), within(MAX_TITLE)),
    within(MAX_ID_LENGTH),
    within(MAX_ID_LENGTH),
    st.sampled_from(["", "../", "../../"]),
)
def test_marks_stay_within_the_width_bound_at_any_span_count_and_lanes(
    years, count, series_count, family_count, seed, compact, title, id_length, series_length, root
):
    """Whatever the span (any years a date may name), the number of events and of lanes, and
    the titles, ids and series ids (up to the longest the checker accepts, of the characters
    that cost the most bytes), the axis draws at most MAX_MARKS marks in at most 60 KB, year
    labels apart. Events are drawn as ``axis_events`` gives them (built directly: thousands of
    validated records would be slow); links are as deep as the site's pages (timeline/2/)."""
    rng = random.Random(seed)  # Hypothesis' own Random records every call: slow over thousands
    first, last = dt.date(years[0], 1, 1), dt.date(years[1], 12, 31)
    days = (last - first).days
    families = rng.sample(list(KIND_FAMILIES), family_count)
    series = [longest(f"series-{i}", series_length) for i in range(series_count)]
    pattern, title_length = title
    events = []
    for i in range(count):
        # The first two events mark the span's ends; the others fall anywhere in it.
        start = first + dt.timedelta(days=0 if i == 0 else days if i == 1 else rng.randrange(days + 1))
        shape = rng.choice(SHAPES)
        end = min(start + dt.timedelta(days=rng.randrange(1, 90)), last) if shape != "point" else start
        kind = rng.choice(KIND_FAMILIES[rng.choice(families)])
        when = (
            f"{start.day} {start:%b %Y}"
            if rng.random() < 0.5
            else f"c. between {start.day} {start:%b %Y} and {end.day} {end:%b %Y}"  # the longest form
        )
        events.append(
            AxisEvent(
                longest(f"{start}-e{i}", id_length),
                start,
                end,
                kind,
                rng.choice([*series, None]) if series else None,
                shape,
                rng.random() < 0.1,
                when if count <= MAX_MARKS else "",
                (pattern * MAX_TITLE)[:title_length] if count <= MAX_MARKS else "",
            )
        )
    svg = axis_svg(
        events,
        event_href=lambda i: f"{root}events/{i}/",
        range_href=lambda a, b: f"{root}timeline/?from={a}&to={b}",
        compact=compact,
    )
    found = check_bounded(svg, count)
    if "timeline/?from=" not in found[0][0]:
        check_names(found, {f"{root}events/{e.id}/": (e.when, e.title) for e in events})


def test_160_events_with_the_longest_titles_and_ids_stay_under_60_kb():
    """160 events (the most drawn one by one) with titles of 200 characters that escape to five
    bytes each or take two or four in UTF-8, ids of 80 and the longest dates: 218 KB before
    titles were cut. Each mark still links to its event and names it by its date and as much
    of its title as fits; series names are cut to MAX_LANE_NAME. Titles and ids as long as the
    live data's longest are whole."""
    series = [longest(f"series-{i}", MAX_ID_LENGTH) for i in range(MAX_SERIES_LANES)]

    def records(title: str | None, id_length: int, bounded: bool) -> list[EventRecord]:
        found = []
        for i in range(MAX_MARKS):
            day = dt.date(2026, 1, 1) + dt.timedelta(days=i)
            date: Any = (
                {"not_before": day.isoformat(), "not_after": (day + dt.timedelta(400)).isoformat()}
                if bounded
                else day.isoformat()
            )
            fields = {"series": series[i % 4], "round": 1} if i % 4 < MAX_SERIES_LANES else {}
            found.append(
                record(
                    longest(f"{day}-e{i}", id_length),
                    date=date,
                    date_note="Between two reports.",
                    title=title or WORST[i % len(WORST)] * MAX_TITLE,
                    status="planned",
                    **fields,
                )
            )
        return found

    worst = records(None, MAX_ID_LENGTH, bounded=True)
    assert {len(r.id) for r in worst} == {MAX_ID_LENGTH}
    assert {len(r.event.title) for r in worst} == {MAX_TITLE}
    assert event_label(worst[-1]) == "between 9 Jun 2026 and 14 Jul 2027"
    svg = draw(worst, root="../../")
    found = check_bounded(svg, len(worst))
    assert [href for href, _, _ in found] == [f"../../events/{r.id}/" for r in worst]
    check_names(found, {f"../../events/{r.id}/": (event_label(r), r.event.title) for r in worst})
    assert lane_names(svg)[:MAX_SERIES_LANES] == [
        "Series 0 zzzzzzzzzz…",
        "Series 1 zzzzzzzzzz…",
        "Series 2 zzzzzzzzzz…",
    ]

    title = "Zelensky says he and Trump agreed the next round should prepare a leaders' meeting"
    ordinary = records(title, 50, bounded=False)
    svg = draw(ordinary, root="../../")
    found = check_bounded(svg, len(ordinary))
    assert [html.unescape(name) for _, name, _ in found] == [f"{event_label(r)}: {title}" for r in ordinary]


def test_named_marks_that_cannot_fit_even_by_their_dates_are_binned():
    """The last resort: links so long that 160 marks named by their dates alone would pass
    60 KB (no page of the site links so deep) draw bins, which hold no link to an event."""
    records = [
        record(f"2026-01-{i % 28 + 1:02d}-e{i}", date=f"2026-01-{i % 28 + 1:02d}") for i in range(MAX_MARKS)
    ]
    events = axis_events(records, event_label)
    svg = axis_svg(
        events,
        event_href=lambda i: f"{'../' * 100}events/{i}/",
        range_href=lambda a, b: f"../timeline/?from={a}&to={b}",
    )
    found = check_bounded(svg, len(records))
    assert all(href.startswith("../timeline/?from=") for href, _, _ in found)
    assert html.unescape(found[0][1]) == "week of 29 Dec 2025: 24 events (talks and meetings)"


def test_year_labels_are_40_units_apart_over_long_spans():
    """Up to 30 years every year is labelled, up to about 160 years every tenth, beyond every
    twentieth: labels of 1900–2100 were 32 units apart, about as wide as a label."""

    def years(first: int, last: int) -> list[str]:
        svg = draw(
            [
                record(f"{first}-01-01-a", date=f"{first}-01-01"),
                record(f"{last}-12-31-b", date=f"{last}-12-31"),
            ]
        )
        return re.findall(r'y="18">(\d{4})</text>', svg)

    assert years(1997, 2026) == [str(y) for y in range(1997, 2027)]
    assert years(1996, 2026) == [str(y) for y in range(2000, 2027, 10)]
    assert years(1950, 2100) == [str(y) for y in range(1950, 2101, 10)]
    assert years(MIN_YEAR, MAX_YEAR) == [str(y) for y in range(MIN_YEAR, MAX_YEAR + 1, 20)]
    assert WIDTH == 800  # the gaps above are for this width


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
