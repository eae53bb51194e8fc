"""The Data page says what each download holds for this site: the feed's extent, whether
there are planned events, and the positions file only where there are positions."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sourced_timeline import pages
from sourced_timeline.check import check_folder
from sourced_timeline.dataset import EventRecord
from tests.conftest import FIXTURES, TODAY


def _dataset():
    dataset, problems = check_folder(FIXTURES / "valid", dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    return dataset


def _without_positions(dataset):
    events = tuple(
        EventRecord(r.id, r.path, r.event.model_copy(update={"positions": []})) for r in dataset.events
    )
    return dataclasses.replace(dataset, events=events)


def test_a_small_site_s_feed_holds_every_event_and_its_calendar_says_it_is_empty():
    dataset = _dataset()
    assert all(r.event.status != "planned" for r in dataset.events)
    html = pages.data_page(dataset).html
    assert "an Atom feed of every event" in html and "newest events" not in html
    assert "planned events, for your calendar; there are none at the moment." in html
    assert "positions.csv" in html


def test_a_feed_shorter_than_the_site_says_how_many_it_holds(monkeypatch):
    monkeypatch.setattr(pages, "FEED_ENTRIES", len(_dataset().events) - 1)
    html = pages.data_page(_dataset()).html
    assert f"an Atom feed of the {len(_dataset().events) - 1} newest events" in html


def test_a_site_without_positions_offers_no_positions_file():
    html = pages.data_page(_without_positions(_dataset())).html
    assert "positions.csv" not in html and "actors.csv" in html
