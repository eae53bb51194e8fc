"""Every download, read back with an independent reader and checked against the records."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path
from urllib.parse import urljoin

import edtf
import feedparser
import pandas as pd
import pytest
from icalendar import Calendar

from sourced_timeline.check import check_folder
from sourced_timeline.cli import main
from sourced_timeline.exports import EVENT_COLUMNS
from tests.sitebuild import ROOT


@pytest.fixture(scope="module")
def site(project_site) -> Path:
    return project_site


@pytest.fixture(scope="module")
def dataset():
    ds, problems = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    assert ds is not None, problems
    return ds


def _day(struct: time.struct_time) -> dt.date:
    return dt.date(struct.tm_year, struct.tm_mon, struct.tm_mday)


def test_every_event_s_edtf_parses_and_a_bounded_one_lies_within_its_bounds(site, dataset):
    rows = json.loads((site / "downloads" / "events.json").read_text(encoding="utf-8"))
    assert len(rows) == len(dataset.events)
    bounded = [row for row in rows if row["precision"] == "bounded"]
    assert bounded, "the project's data has dates the sources only bound"
    for row in rows:
        parsed = edtf.parse_edtf(row["edtf"])  # the Library of Congress format, read independently
        lower, upper = _day(parsed.lower_strict()), _day(parsed.upper_strict())
        record = dataset.by_id[row["id"]].event
        assert lower == record.date.first_day, row
        assert upper == (record.end or record.date).last_day, row
        if row in bounded:
            assert type(parsed).__name__ == "OneOfASet", row
            assert row["date"] == str(record.date.earliest), "a bounded event is listed at its earliest"


def test_every_event_has_not_before_and_not_after_inside_its_date_range(site, dataset):
    """Filled for every precision: a month spans its month, a span runs to its end, bounds are
    the bounds; both ISO days, in order, inside the range the dates module computes."""
    rows = json.loads((site / "downloads" / "events.json").read_text(encoding="utf-8"))
    frame = pd.read_csv(site / "downloads" / "events.csv", keep_default_na=False, dtype=str)
    assert list(frame["not_before"]) == [row["not_before"] for row in rows]
    assert list(frame["not_after"]) == [row["not_after"] for row in rows]
    precisions = set()
    for row in rows:
        event = dataset.by_id[row["id"]].event
        first, last = dt.date.fromisoformat(row["not_before"]), dt.date.fromisoformat(row["not_after"])
        assert event.date.first_day <= first <= last <= (event.end or event.date).last_day, row
        assert (first, last) == (event.date.first_day, (event.end or event.date).last_day), row
        precisions.add(row["precision"])
    assert {"month", "day", "bounded"} <= precisions, "the live data has these precisions"


def test_sources_tables_have_one_row_per_registry_entry_with_its_citing_events(site, dataset):
    frame = pd.read_csv(site / "downloads" / "sources.csv", keep_default_na=False, dtype=str)
    rows = json.loads((site / "downloads" / "sources.json").read_text(encoding="utf-8"))
    assert list(frame["id"]) == [row["id"] for row in rows] == list(dataset.sources)
    for row in rows:
        source = dataset.sources[row["id"]]
        citing = [r for r in dataset.events if any(c.source == row["id"] for c in r.event.sources)]
        assert row["events"] == len(citing) >= 1
        assert row["publisher"] == (source.publisher or "") and row["url"] == (source.url or "")
        first, last = dt.date.fromisoformat(row["not_before"]), dt.date.fromisoformat(row["not_after"])
        assert (first, last) == (source.date.first_day, source.date.last_day)
        assert (site / row["page"] / "index.html").is_file(), row["page"]
    assert (site / "sources" / "index.html").is_file()


def test_events_csv_has_one_row_per_event_with_stable_columns(site, dataset):
    frame = pd.read_csv(site / "downloads" / "events.csv", keep_default_na=False, dtype=str)
    assert list(frame.columns) == EVENT_COLUMNS
    assert len(frame) == len(dataset.events)
    geneva = frame.set_index("id").loc["2026-02-17-geneva-trilateral-round"]
    assert (geneva["date"], geneva["end"], geneva["precision"]) == ("2026-02-17", "2026-02-18", "day")
    assert geneva["actors"].split(";") == ["russia", "ukraine", "united-states"]
    assert geneva["mentioned"] == "vladimir-medinsky"
    assert geneva["series"] == "trilateral-talks"
    by_id = frame.set_index("id")
    assert by_id.loc["2026-prisoner-exchange", "precision"] == "bounded"
    assert by_id.loc["2025-08-anchorage-summit", "date"] == "2025-08"
    assert by_id.loc["2026-03-04-next-trilateral-round-planned", "approximate"] == "True"


def test_every_event_url_in_the_export_is_a_built_page(site):
    frame = pd.read_csv(site / "downloads" / "events.csv", dtype=str)
    for url in frame["url"]:
        assert (site / url / "index.html").is_file(), url


def test_events_json_keeps_lists_as_arrays(site, dataset):
    rows = json.loads((site / "downloads" / "events.json").read_text())
    assert len(rows) == len(dataset.events)
    first = rows[0]
    assert first["id"] == dataset.events[0].id
    assert isinstance(first["actors"], list) and first["actors"] == list(dataset.events[0].event.actors)
    assert all(row["sources"] for row in rows)


def test_actors_and_positions_tables(site, dataset):
    actors = pd.read_csv(site / "downloads" / "actors.csv", keep_default_na=False)
    assert len(actors) == len(dataset.actors)
    zelensky = actors.set_index("id").loc["volodymyr-zelensky"]
    assert "Zelenskyy" in zelensky["aliases"].split(";")
    assert zelensky["events"] == len(dataset.by_actor["volodymyr-zelensky"])
    positions = pd.read_csv(site / "downloads" / "positions.csv", keep_default_na=False)
    assert len(positions) == sum(len(r.event.positions) for r in dataset.events)
    assert set(positions["attribution"]) <= {"named", "anonymous", "document", "reporting"}


def test_atom_feed_lists_every_event_newest_first_with_working_links(site, dataset):
    feed_path = site / "downloads" / "events.atom"
    feed = feedparser.parse(feed_path.read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == len(dataset.events)
    order = {r.id: r.event.date.first_day for r in dataset.events}
    days = [order[e.id.rsplit("/", 1)[-1]] for e in feed.entries]
    assert days == sorted(days, reverse=True)
    base = "http://example.invalid/downloads/events.atom"
    for entry in feed.entries:
        target = urljoin(base, entry.link).removeprefix("http://example.invalid/")
        assert (site / target / "index.html").is_file(), entry.link
    geneva = next(e for e in feed.entries if e.id.endswith("2026-02-17-geneva-trilateral-round"))
    assert geneva.title.startswith("17–18 Feb 2026: ")


def test_calendar_holds_the_planned_events_with_their_dates(site, dataset):
    calendar = Calendar.from_ical((site / "downloads" / "planned.ics").read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    planned = [r for r in dataset.events if r.event.status == "planned"]
    assert len(events) == len(planned)
    march = events["2026-03-04-next-trilateral-round-planned@timeline"]
    assert march.decoded("dtstart") == dt.date(2026, 3, 4)
    assert march.decoded("dtend") == dt.date(2026, 3, 6)  # exclusive end: through 5 March
    assert str(march["summary"]).startswith("(approximate) ")
    assert "Planned as of Feb 2026" in str(march["description"])


def test_timelinejs_json_keeps_each_dates_precision(site, dataset):
    document = json.loads((site / "downloads" / "timelinejs.json").read_text())
    events = {e["unique_id"]: e for e in document["events"]}
    assert len(events) == len(dataset.events)
    assert events["2026-02-17-geneva-trilateral-round"]["start_date"] == {
        "year": "2026",
        "month": "2",
        "day": "17",
    }
    assert events["2026-02-17-geneva-trilateral-round"]["end_date"]["day"] == "18"
    assert events["2025-08-anchorage-summit"]["start_date"] == {"year": "2025", "month": "8"}
    bounded = next(r for r in dataset.events if r.event.date.precision == "bounded")
    first, last = bounded.event.date.first_day, bounded.event.date.last_day
    assert events[bounded.id]["display_date"].startswith(f"between {first.day} ")
    assert events[bounded.id]["display_date"].endswith(f" {last.day} {last:%b %Y}")
    assert events[bounded.id]["edtf"] == f"[{first}..{last}]"


def test_data_page_links_every_download_and_draws_charts_without_scripts(site):
    html = (site / "data" / "index.html").read_text()
    for name in (
        "events.csv",
        "events.json",
        "actors.csv",
        "positions.csv",
        "events.atom",
        "planned.ics",
        "timelinejs.json",
    ):
        assert f'href="../downloads/{name}"' in html
        assert (site / "downloads" / name).is_file()
    article = html[html.index('<div class="tl-data">') : html.index("</details></div>")]
    assert article.count('<svg xmlns="http://www.w3.org/2000/svg" class="tl-chart"') == 2
    assert "<script" not in article
    assert "Events per month, by kind" in article and "Vladimir Putin" in article
    assert article.count('<details class="tl-chart-data"') == 2  # each chart's numbers as a table


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_command_writes_the_tables(tmp_path, fmt, dataset):
    assert main(["export", "--data", str(ROOT / "data"), "--format", fmt, "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{t}.{fmt}" for t in ("actors", "events", "positions", "sources"))
    reader = pd.read_csv if fmt == "csv" else pd.read_json
    assert len(reader(tmp_path / f"events.{fmt}")) == len(dataset.events)
