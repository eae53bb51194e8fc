"""The rules that narrow an event's dates from what else is known (issue 25, section 2):
its weekday, its series' earlier rounds, the event it came after, its sources' publication
dates. As a property: over any set of records, each rule fires exactly when its constraint,
worked out here by counting days, is broken, so whatever the checker accepts lies inside
every constraint."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from sourced_timeline.check import check_documents
from sourced_timeline.dates import WEEKDAYS
from sourced_timeline.load import parse_text
from tests.conftest import FIXTURE_SOURCE, FIXTURES, TODAY, VALID_EVENT

CODES = {
    "weekday-mismatch",
    "series-order",
    "before-preceding-event",
    "after-latest-source",
    "as-of-before-source",
}
REGISTRY_TEXTS = {
    name: (FIXTURES / "valid" / f"{name}.yaml").read_text()
    for name in ("actors", "topics", "places", "sources", "series")
}
FIRST_DAY = dt.date(2026, 1, 1)


def _days(first: dt.date, last: dt.date, weekday: str | None) -> list[dt.date]:
    """Every day of the window (on the weekday, if one is given), one by one."""
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if weekday is None or WEEKDAYS[day.weekday()] == weekday]


@st.composite
def drawn_events(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Two to four events of one series: each a day or a window, perhaps a weekday, a round,
    perhaps an `after` naming another, happened or planned (with as_of)."""
    events = []
    for index in range(draw(st.integers(2, 4))):
        first = FIRST_DAY + dt.timedelta(days=draw(st.integers(0, 60)))
        last = first + dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 3, 6, 13, 20])))
        events.append(
            {
                "id": f"{first}-event-{'abcd'[index]}",
                "first": first,
                "last": last,
                "weekday": draw(st.one_of(st.none(), st.sampled_from(WEEKDAYS))),
                "round": draw(st.one_of(st.none(), st.integers(1, 4))),
                "after": draw(st.one_of(st.none(), st.integers(0, 3))),
                "planned": draw(st.booleans()),
                "as_of": FIRST_DAY + dt.timedelta(days=draw(st.integers(0, 90))),
            }
        )
    return events


def _record(event: dict[str, Any], events: list[dict[str, Any]]) -> str:
    record = yaml.safe_load(VALID_EVENT)
    del record["end"]
    record["positions"] = []
    first, last = event["first"], event["last"]
    record["date"] = str(first) if first == last else {"not_before": str(first), "not_after": str(last)}
    record["date_note"] = "Drawn."
    if event["weekday"]:
        record["weekday"] = event["weekday"]
    if event["round"]:
        record["round"] = event["round"]
    else:
        del record["round"]
    if event["after"] is not None and event["after"] < len(events) and events[event["after"]] is not event:
        record["after"] = events[event["after"]]["id"]
    if event["planned"]:
        record.update(status="planned", as_of=str(event["as_of"]), outcome="unrecorded")
    record["sources"] = [{"source": FIXTURE_SOURCE, "attribution": "reporting"}]
    return yaml.safe_dump(record, sort_keys=False)


def _broken(events: list[dict[str, Any]], published: tuple[dt.date, dt.date]) -> set[str]:
    """The constraints the drawn records break, worked out day by day."""
    broken = set()
    window = {}
    for event in events:
        days = _days(event["first"], event["last"], event["weekday"])
        if not days:
            broken.add("weekday-mismatch")
            days = _days(event["first"], event["last"], None)
        window[event["id"]] = (days[0], days[-1])
    for event in events:
        start, end = window[event["id"]]
        for other in events:
            earlier_round = event["round"] and other["round"] and other["round"] < event["round"]
            if earlier_round and start < window[other["id"]][0]:
                broken.add("series-order")
        after = event["after"]
        cause = events[after] if after is not None and after < len(events) else event
        if cause is not event and start < window[cause["id"]][0]:
            broken.add("before-preceding-event")
        if not event["planned"] and end > published[1]:
            broken.add("after-latest-source")
        if event["planned"] and event["as_of"] < published[0]:
            broken.add("as-of-before-source")
    return broken


@given(drawn_events(), st.integers(0, 90), st.sampled_from([0, 0, 2, 10]))
@example(
    [
        {
            "id": "2026-01-28-event-a",
            "first": dt.date(2026, 1, 28),
            "last": dt.date(2026, 2, 13),
            "weekday": "wednesday",
            "round": 2,
            "after": 1,
            "planned": False,
            "as_of": FIRST_DAY,
        },
        {
            "id": "2026-01-24-event-b",
            "first": dt.date(2026, 1, 24),
            "last": dt.date(2026, 1, 25),
            "weekday": None,
            "round": 1,
            "after": None,
            "planned": False,
            "as_of": FIRST_DAY,
        },
    ],
    50,
    0,
)  # the second Abu Dhabi round's shape: accepted, narrowed to 28 Jan–11 Feb
def test_each_date_rule_fires_exactly_when_its_constraint_is_broken(events, published_on, width):
    first = FIRST_DAY + dt.timedelta(days=published_on)
    published = (first, first + dt.timedelta(days=width))
    sources = yaml.safe_load(REGISTRY_TEXTS["sources"])
    sources[FIXTURE_SOURCE]["date"] = (
        str(first) if not width else {"not_before": str(published[0]), "not_after": str(published[1])}
    )
    registries = {
        name: parse_text(yaml.safe_dump(sources) if name == "sources" else text, f"data/{name}.yaml")
        for name, text in REGISTRY_TEXTS.items()
    }
    documents = [
        (
            parse_text(_record(event, events), f"data/events/2026/{event['id']}.yaml"),
            f"events/2026/{event['id']}.yaml",
        )
        for event in events
    ]
    dataset, problems = check_documents(registries, documents, dt.date.fromisoformat(TODAY))
    assert {problem.code for problem in problems} & CODES == _broken(events, published), problems
    if dataset is None:
        return
    for record in dataset.events:  # what was accepted is dated inside what the weekday allows
        event = record.event
        if event.weekday:
            assert WEEKDAYS[event.date.first_day.weekday()] == event.weekday
            assert WEEKDAYS[event.date.last_day.weekday()] == event.weekday
            assert event.written_date.first_day <= event.date.first_day <= event.date.last_day
            assert event.date.last_day <= event.written_date.last_day


def test_a_history_reaching_back_to_the_seventh_century_checks_and_draws():
    """Years from 1 (proleptic Gregorian): events of 602, 1815 and 2026 are accepted, the
    axis and the charts draw them (empty centuries as breaks), and their dates read back."""
    import re

    from sourced_timeline.charts import events_per_month_svg
    from sourced_timeline.pages import build_pages

    documents = []
    for day in ("0602-05-01", "1815-12-10", "2026-02-17"):
        record = yaml.safe_load(VALID_EVENT)
        record.update(date=day, title=f"An event of {day[:4]}", positions=[])
        for key in ("end", "series", "round"):
            record.pop(key, None)
        record["sources"] = [{"source": FIXTURE_SOURCE, "attribution": "reporting"}]
        path = f"events/{day[:4]}/{day}-event.yaml"
        documents.append((parse_text(yaml.safe_dump(record), f"data/{path}"), path))
    sources = yaml.safe_load(REGISTRY_TEXTS["sources"])
    sources[FIXTURE_SOURCE]["date"] = "2026-02-18"
    registries = {
        name: parse_text(yaml.safe_dump(sources) if name == "sources" else text, f"data/{name}.yaml")
        for name, text in REGISTRY_TEXTS.items()
    }
    registries["vocabulary"] = parse_text((FIXTURES / "valid" / "vocabulary.yaml").read_text(), "data/v.yaml")
    dataset, problems = check_documents(registries, documents, dt.date.fromisoformat(TODAY))
    assert dataset is not None, problems
    assert [r.event.date.year for r in dataset.events] == [602, 1815, 2026]
    pages = {page.src_uri: page.html for page in build_pages(dataset)}
    assert "1 May 602" in pages["events/0602-05-01-event.md"]
    width = int(re.search(r'<svg[^>]* width="(\d+)"', events_per_month_svg(dataset))[1])
    assert width <= 800  # fourteen centuries, mostly empty: breaks, not a bar a month
