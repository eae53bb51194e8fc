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

from sourced_timeline import pages, urls
from sourced_timeline.axis import (
    AFTER_DAYS,
    ALL,
    BOTTOM,
    BREAK_WIDTH,
    COMPACT_PITCH,
    GAP_DAYS,
    LABEL_WIDTH,
    MAX_BREAKS,
    MAX_LANE_NAME,
    MAX_MARKS,
    MAX_SERIES_LANES,
    MIN_LABEL_GAP,
    MIN_MARK_WIDTH,
    MIN_TICK_GAP,
    OVERVIEW_COLUMNS,
    OVERVIEW_WIDTH,
    PERIODS,
    PITCH,
    RIGHT,
    TOP,
    WIDTH,
    WINDOW_DAYS,
    AxisEvent,
    _ticks,
    axis_events,
    axis_svg,
)
from sourced_timeline.dataset import Dataset, EventRecord, event_sort_key
from sourced_timeline.dates import MAX_YEAR, MIN_YEAR
from sourced_timeline.dates import MONTH_NAMES as MONTHS
from sourced_timeline.model import MAX_ID_LENGTH, Event, Source
from sourced_timeline.pages import PageCache, event_label, time_axis
from tests.conftest import FIXTURE_VOCABULARY, KIND_FAMILIES


def family(kind: str) -> tuple[str, int]:
    """An axis event's lane label and number for KIND, in the fixture's vocabulary."""
    return FIXTURE_VOCABULARY.lane_label(kind), FIXTURE_VOCABULARY.lane_of(kind)


SOURCE = {"source": "2026-02-01-reuters", "attribution": "reporting"}
SOURCES = {"2026-02-01-reuters": Source.model_validate({"publisher": "Reuters", "date": "2026-02-01"})}
"""The source every record here cites, as sources.yaml would hold it."""
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
        axis_events(records, event_label, None, FIXTURE_VOCABULARY),
        event_href=lambda i: f"{root}events/{i}/",
        range_href=lambda a, b: f"{root}timeline/?from={a}&to={b}",
        compact=compact,
    )


def marks(svg: str) -> list[tuple[str, str, str]]:
    """(href, accessible name, shape) of every mark."""
    return re.findall(
        r'<a href="([^"]+)" class="tl-mark[^"]*" aria-label="([^"]+)"[^>]*>(<\w+[^>]*>)(?:<path [^>]*>)?</a>',
        svg,
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


def attributes(svg: str, identifier: str) -> dict[str, str]:
    """The attributes of the mark of the event ``identifier``."""
    tag = re.search(f'<a href="[^"]*/events/{identifier}/"[^>]*>', svg).group(0)
    return dict(re.findall(r'([\w-]+)="([^"]*)"', tag))


def test_day_is_a_dot_a_span_a_bar_an_uncertain_date_a_line_with_ticks_planned_is_dashed():
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
    svg = draw(records)
    shapes = {href.split("/")[2]: shape for href, _, shape in marks(svg)}
    kinds = {r.id: attributes(svg, r.id)["class"].split() for r in records}
    assert shapes["2026-01-01-day"].startswith("<circle") and "tl-h" not in kinds["2026-01-01-day"]
    assert shapes["2026-03-31-planned"].startswith("<circle") and "tl-h" in kinds["2026-03-31-planned"]
    assert shapes["2026-01-10-span"].startswith("<rect") and "tl-b" in kinds["2026-01-10-span"]
    for identifier in ("2026-02-month", "2026-01-23-bounded"):
        # A pale band (where a pointer finds it) and a thin line with a tick at each end.
        assert "tl-w" in kinds[identifier], identifier
        assert re.search(
            f'/events/{identifier}/"[^>]*><rect [^>]*/><path d="M[^"]+v8m0-4h[^"]+m0-4v8"/>', svg
        )
    # Each mark says which days it may mean (from the first day of all), for the script.
    days = {
        r.id: (int(attributes(svg, r.id)["data-d"]), int(attributes(svg, r.id).get("data-n", 1)))
        for r in records
    }
    assert days == {
        "2026-01-01-day": (0, 1),
        "2026-01-10-span": (9, 11),
        "2026-02-month": (31, 28),
        "2026-01-23-bounded": (22, 22),
        "2026-03-31-planned": (89, 1),
    }
    # The detail view opens on the 61 days ending 4 days after the last: 3 Feb - 4 Apr.
    assert re.search(r'data-end="(\d+)"', svg).group(1) == str(90 + AFTER_DAYS)
    assert "tl-out" in kinds["2026-01-01-day"] and "tl-out" in kinds["2026-01-10-span"]
    assert not any(
        "tl-out" in kinds[i] for i in ("2026-02-month", "2026-01-23-bounded", "2026-03-31-planned")
    )
    per_day = (WIDTH - RIGHT - LABEL_WIDTH) / WINDOW_DAYS
    start = 90 + AFTER_DAYS - WINDOW_DAYS
    assert abs(x_of(shapes["2026-03-31-planned"])[0] - (LABEL_WIDTH + (89.5 - start) * per_day)) < 0.1
    # A bar covers the days it may mean, cut at the edge of the view.
    left, right = x_of(shapes["2026-02-month"])
    assert left == LABEL_WIDTH and abs(right - (LABEL_WIDTH + (59 - start) * per_day)) < 0.1
    left, right = x_of(shapes["2026-01-23-bounded"])
    assert left == LABEL_WIDTH and abs(right - (LABEL_WIDTH + (44 - start) * per_day)) < 0.1
    assert re.search(r'class="tl-axis-window">3 Feb – 4 Apr 2026<', svg)
    assert 'class="tl-axis-show" href="../timeline/?from=2026-02-03&amp;to=2026-04-04"' in svg


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
    # Labels apart: the detail view's ticks and the overview's; breaks bounded.
    ticks = [float(tx) for tx in re.findall(r'<text x="([\d.]+)" y="14">', svg)]
    assert all(b - a >= MIN_TICK_GAP - 0.2 for a, b in itertools.pairwise(ticks)), ticks
    labels = overview_labels(svg)
    assert all(b - a >= MIN_LABEL_GAP - 1 for (a, _), (b, _) in itertools.pairwise(labels)), labels
    assert svg.count('<g class="tl-ov-break">') <= MAX_BREAKS
    assert svg.count("<path class=") <= 3 and svg.count(
        "M"
    ) < 4 * OVERVIEW_COLUMNS + 10 * MAX_BREAKS + 50 + 3 * len(found)
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
    first, last = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
    records = []
    for i in range(9045):
        day = first + dt.timedelta(days=rng.randrange((last - first).days + 1))
        series = {"series": "trilateral-talks", "round": 1} if i % 7 == 0 else {}
        records.append(record(f"{day}-e{i}", date=day.isoformat(), kind=rng.choice(kinds), **series))
    svg = draw(records)
    assert re.findall(r'text-anchor="end">([^<]+)</text>', svg) == ["Trilateral talks", *KIND_FAMILIES]
    found = check_bounded(svg, len(records))
    # Decades, 21 to a lane: each named by its years and linked to the timeline over them; the
    # detail view's first period (61 days ending 4 days after the last day) by weeks, the last
    # decade cut where that period begins.
    recent = max(r.event.date.last_day for r in records) + dt.timedelta(days=1 + AFTER_DAYS - WINDOW_DAYS)
    cut = recent - dt.timedelta(days=1)
    names = [html.unescape(name) for _, name, _ in found]
    decades = [n for n in names if re.match(r"\d{4}–\d{4}: ", n)]
    assert len(decades) == 20 * 7
    assert sum(n.startswith(f"1 Jan – {cut.day} {cut:%b} 2100: ") for n in names) == 7
    weeks = [n for n in names if n not in decades and not n.startswith("1 Jan – ")]
    assert weeks and all(n.startswith(("week of ", f"{recent.day} {recent:%b} 2100")) for n in weeks), weeks
    href, name, _ = found[0]
    assert href == "../timeline/?from=1900-01-01&amp;to=1909-12-31"
    assert name.startswith("1900–1909: ") and name.endswith(" events (trilateral talks)")


def test_past_160_events_the_latest_period_is_binned_finer_than_the_rest():
    """Ten thousand events over two years: the latest period by weeks (a detail view of
    quarters said little), the months before by the finest period that fits the rest of
    MAX_MARKS; every event counted once; a bin's height is its events a day."""
    rng = random.Random(5)
    start = dt.date(2024, 7, 1)
    events = []
    for i in range(10_000):
        day = start + dt.timedelta(days=rng.randrange(730))
        kind = rng.choice(["talks", "statement", "strike", "report"])
        events.append(AxisEvent(f"{day}-e{i}", day, day, *family(kind), None, "point", False, "", ""))
    svg = axis_svg(events, event_href=lambda i: i, range_href=lambda a, b: f"../timeline/?from={a}&to={b}")
    found = check_bounded(svg, len(events))
    names = [html.unescape(name) for _, name, _ in found]
    classes = re.findall(r'class="(tl-mark(?: [^"]*)?)"', svg)
    shown = [n for n, c in zip(names, classes, strict=True) if "tl-out" not in c]
    # In view: weeks, and the days of a week or of the last older bin the period cuts.
    assert sum(n.startswith("week of ") for n in shown) >= 8 * 4
    assert all(n.startswith("week of ") or re.match(r"\d+[ –]", n) for n in shown), shown
    period = r"(Q\d \d{4}|\w{3} \d{4}|\d+(–\d+| \w{3}( \d{4})? – \d+) \w{3} \d{4})"  # months here
    assert all(re.match(f"{period}: ", n) for n in names if not n.startswith("week of "))
    heights = [
        float(h)
        for h in re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="([\d.]+)"/></a>', svg)
    ]
    assert max(heights) <= 10 and min(heights) >= 4


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
                *family(kind),
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
    events = axis_events(records, event_label, None, FIXTURE_VOCABULARY)
    svg = axis_svg(
        events,
        event_href=lambda i: f"{'../' * 100}events/{i}/",
        range_href=lambda a, b: f"../timeline/?from={a}&to={b}",
    )
    found = check_bounded(svg, len(records))
    assert all(href.startswith("../timeline/?from=") for href, _, _ in found)
    assert html.unescape(found[0][1]) == "week of 29 Dec 2025: 24 events (talks and meetings)"


def overview_labels(svg: str) -> list[tuple[float, str]]:
    """The overview's labels: where (in its units) and what."""
    return [
        (float(left) * OVERVIEW_WIDTH / 100, text)
        for left, text in re.findall(r'<span style="left:([\d.]+)%">([^<]+)</span>', svg)
    ]


def test_overview_labels_are_apart_and_name_years_at_their_first_day():
    """Labels at least MIN_LABEL_GAP apart (about 54 px on a phone), every 1, 2, 5, 10, 20, 50
    or 100 years, at the first of January on the collapsed scale."""

    def labels(first: str, last: str) -> list[str]:
        start, stop = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        days = [start + dt.timedelta(days=d) for d in range(0, (stop - start).days + 1, GAP_DAYS)]
        events = [
            AxisEvent(f"e{i}", d, d, *family("talks"), None, "point", False, "", "")
            for i, d in enumerate(days)
        ]
        svg = axis_svg(events, event_href=lambda i: i, range_href=lambda a, b: "")
        assert "tl-ov-break" not in svg
        found = overview_labels(svg)
        assert all(b - a >= MIN_LABEL_GAP - 1 for (a, _), (b, _) in itertools.pairwise(found)), found
        return [text for _, text in found]

    assert labels("2024-12-01", "2026-03-05") == ["2025", "2026"]
    assert labels("2024-06-01", "2026-03-05") == ["Jun 2024", "2025", "2026"]
    assert labels("1997-01-01", "2026-12-31") == [str(y) for y in range(2000, 2026, 5)]
    assert labels("1900-01-01", "2100-12-31") == [str(y) for y in range(1900, 2100, 50)]
    assert labels(f"{MIN_YEAR:04d}-01-01", f"{MAX_YEAR}-12-31") == ["1", "500", "1000", "1500"]


def test_overview_collapses_stretches_without_events_into_titled_breaks():
    """Events Dec 2024 - Mar 2025, Aug - Sep 2025 and Dec 2025 - Mar 2026, as in the live data:
    April to July and October to November are breaks of BREAK_WIDTH titled by their whole
    empty months; a gap of 30 days is not broken; the active days share the rest of the width
    evenly; the window marks the detail view."""
    dates = ["2024-12-15", "2025-01-10", "2025-02-05", "2025-03-03", "2025-08-15", "2025-09-10"]
    dates += ["2025-12-01", "2025-12-28", "2026-01-25", "2026-02-20", "2026-03-03"]
    svg = draw([record(f"{d}-e", date=d) for d in dates])
    titles = re.findall(r'<g class="tl-ov-break"><title>([^<]+)</title><rect x="([\d.]+)"', svg)
    assert [t for t, _ in titles] == ["Apr–Jul 2025: no events", "Oct–Nov 2025: no events"]
    assert 'aria-label="Every event, Dec 2024–Mar 2026, on a scale that shortens empty stretches; ' in svg
    assert "no events Apr–Jul 2025, Oct–Nov 2025" in svg
    knots = [
        tuple(map(float, k.split())) for k in re.search(r'data-knots="([^"]+)"', svg).group(1).split(",")
    ]
    assert knots[0] == (0, 0) and knots[-1][1] == OVERVIEW_WIDTH
    (a, xa), (_, xb) = knots[1], knots[2]
    assert xb - xa == BREAK_WIDTH
    kept = knots[-1][0] - sum(q[0] - p[0] for p, q in (knots[1:3], knots[3:5]))
    per_day = (OVERVIEW_WIDTH - 2 * BREAK_WIDTH) / kept
    assert abs(xa - a * per_day) < 0.1  # the days before the break, evenly
    window = re.search(r'class="tl-ov-window" x="([\d.]+)" y="0.5" width="([\d.]+)"', svg)
    assert abs(float(window.group(1)) + float(window.group(2)) - OVERVIEW_WIDTH) < 0.2  # the latest days
    assert abs(float(window.group(2)) - WINDOW_DAYS * per_day) < 0.2
    # Thirty days without events are no break.
    svg = draw([record("2026-01-01-a", date="2026-01-01"), record("2026-01-31-b", date="2026-01-31")])
    assert "tl-ov-break" not in svg


def test_overview_breaks_only_the_longest_stretches():
    days = [dt.date(2000, 1, 1) + dt.timedelta(days=45 * i + i * i) for i in range(40)]
    svg = draw([record(f"{d}-e{i}", date=d.isoformat()) for i, d in enumerate(days)])
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert len(titles) == MAX_BREAKS
    assert titles[-1].startswith("Jan") or titles[-1].endswith("no events")
    gaps = sorted((b - a).days for a, b in itertools.pairwise(days))
    assert gaps[-MAX_BREAKS] - 1 > GAP_DAYS  # the twelve longest are broken


def test_ticks_are_days_weeks_months_or_years_as_far_apart_as_a_label():
    first = dt.date(2026, 1, 1)  # a Thursday
    assert _ticks(first, 0, 10, 60) == [(d, "1 Jan" if d == 0 else str(d + 1), d == 0) for d in range(10)]
    weekly = _ticks(first, 0, 61, 10)  # Mondays
    assert [t[1] for t in weekly] == ["5 Jan", "12", "19", "26", "2 Feb", "9", "16", "23", "2 Mar"]
    assert [first + dt.timedelta(days=d) for d, _, _ in weekly] == [
        dt.date(2026, 1, 5) + dt.timedelta(weeks=k) for k in range(9)
    ]
    assert [t[1] for t in _ticks(first, 0, 365, 2)] == ["2026", *(MONTHS[m][:3] for m in range(1, 12))]
    assert [t[1] for t in _ticks(first, -1, 800, 0.5)] == ["2026", "Jul", "2027", "Jul", "2028"]
    assert [t[1] for t in _ticks(dt.date(1900, 1, 1), 0, 73_000, 0.01)] == [
        str(y) for y in range(1900, 2100, 20)
    ]
    for per_day in (0.01, 0.5, 2, 5.5, 10, 60):  # at any zoom, labels as far apart as a label is wide
        days = [d for d, _, _ in _ticks(first, 0, WIDTH / per_day, per_day)]
        assert all((b - a) * per_day >= MIN_TICK_GAP - 3 * per_day for a, b in itertools.pairwise(days))


def test_marks_that_would_touch_take_the_next_row_without_javascript():
    records = [
        record("2026-03-01-a", date="2026-03-01"),
        record("2026-03-01-b", date="2026-03-01", title="Another"),
        record("2026-03-20-c", date="2026-03-20"),
    ]
    svg = draw(records)
    cy = {
        r.id: float(
            re.search(
                r'cy="([\d.]+)"',
                dict(zip([h for h, _, _ in marks(svg)], [s for _, _, s in marks(svg)], strict=True))[
                    f"../events/{r.id}/"
                ],
            ).group(1)
        )
        for r in records
    }
    assert cy["2026-03-01-a"] == TOP + PITCH / 4 and cy["2026-03-20-c"] == TOP + PITCH / 4
    assert cy["2026-03-01-b"] == TOP + 3 * PITCH / 4
    height = int(re.search(r'<svg class="tl-axis" viewBox="0 0 800 (\d+)" height="(\d+)"', svg).group(1))
    assert height == TOP + PITCH + BOTTOM  # one lane; the script keeps this height
    compact = draw(records, compact=True)
    assert f'viewBox="0 0 800 {TOP + COMPACT_PITCH + BOTTOM}"' in compact


def test_presets_are_kept_in_a_url_parameter_the_filters_do_not_use():
    svg = draw([record("2026-03-01-a", date="2026-03-01")])
    found = re.findall(
        r'<button type="button" data-span="(\w+)" data-days="\d+" aria-pressed="(true|false)">([^<]+)</button>',
        svg,
    )
    assert found == [("2m", "true", "2 months"), ("6m", "false", "6 months"), ("all", "false", "All")]
    assert [key for key, _, days in (*PERIODS[:2], ALL)] == ["2m", "6m", "all"] and PERIODS[0][
        2
    ] == WINDOW_DAYS
    filters = {
        "q",
        "actor",
        "topic",
        "place",
        "kind",
        "status",
        "from",
        "to",
        "order",
        *urls.FILTER_NAMES.values(),
    }
    assert "span" not in filters


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
        return Dataset(
            tuple(sorted(records, key=event_sort_key)),
            {},
            {},
            {},
            sources=SOURCES,
            vocabulary=FIXTURE_VOCABULARY,
        )

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


@given(st.lists(st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), min_size=1, max_size=40))
def test_an_event_pages_strip_places_events_in_date_order_inside_the_span(days):
    """Whatever the dates: each event's mark lies inside the strip, later events never left of
    earlier ones, and the mark covers at least its own days' share."""
    from sourced_timeline.axis import locator, where_strip

    records = [record(f"e{i}", date=day.isoformat()) for i, day in enumerate(days)]
    where = locator(axis_events(records, event_label, None, FIXTURE_VOCABULARY))
    assert where is not None
    lefts = []
    for day in sorted(days):
        strip = where_strip(where, day, day)
        left, width = map(
            float, re.search(r'tl-where-here" style="left:([\d.]+)%;width:([\d.]+)%', strip).groups()
        )
        assert left >= 0 and left + width <= 100.01
        lefts.append(left)
    assert lefts == sorted(lefts)
    assert strip.count("tl-where-break") == len(where.scale.breaks)


def test_a_history_opens_on_a_period_that_shows_its_latest_events_not_on_empty_weeks():
    """Decades apart, the latest events open the view on the shortest period that shows three
    of them (50 years here); the periods offered follow from it."""
    days = ["1815-12-10", "1958-06-01", "1972-03-01", "1985-07-01"]
    svg = draw([record(f"{day}-e", date=day) for day in days])
    found = re.findall(r'data-span="(\w+)" data-days="(\d+)" aria-pressed="(true|false)"', svg)
    assert found == [("50y", "18263", "true"), ("250y", "91311", "false"), ("all", "0", "false")]
    assert 'data-window="18263"' in svg
    assert re.search(r'class="tl-axis-window">1935–1985<', svg)  # a period of years named by them
    kinds = {day: attributes(svg, f"{day}-e")["class"].split() for day in days}
    assert ["tl-out" in kinds[day] for day in days] == [True, False, False, False]
