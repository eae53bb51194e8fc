"""Data out: CSV and JSON tables (pandas), an Atom feed (feedgen), an iCalendar file of
planned events (icalendar) and a TimelineJS-compatible JSON. Pure functions of the Dataset:
each returns file contents by path; the caller decides where they go.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

import pandas as pd
from feedgen.feed import FeedGenerator
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from sourced_timeline import i18n, urls
from sourced_timeline.dataset import Dataset, EventRecord
from sourced_timeline.dates import span_edtf
from sourced_timeline.encode import script_safe_json, spreadsheet_safe
from sourced_timeline.model import publisher_label
from sourced_timeline.render import plain_text, render_markdown, render_plain, to_text

EVENT_COLUMNS = [
    "id",
    "title",
    "date",
    "end",
    "precision",
    "approximate",
    "weekday",
    "not_before",
    "not_after",
    "edtf",
    "status",
    "kind",
    "places",
    "actors",
    "mentioned",
    "topics",
    "series",
    "sources",
    "url",
]
SOURCE_COLUMNS = [
    "id",
    "publisher",
    "publisher_note",
    "headline",
    "language",
    "via",
    "date",
    "precision",
    "approximate",
    "not_before",
    "not_after",
    "edtf",
    "date_note",
    "url",
    "archive_url",
    "events",
    "page",
]
LIST_COLUMNS = ("places", "actors", "mentioned", "topics", "sources", "aliases")
FEED_ENTRIES = 200
FEED = "events.atom"


def event_url(record: EventRecord, site_url: str = "") -> str:
    """The event's permanent address: absolute with a site URL, else relative to the root."""
    return urls.absolute(urls.event(record.id), site_url)


def events_frame(ds: Dataset, site_url: str = "") -> pd.DataFrame:
    """One row per event, in date order, with list columns kept as lists."""
    rows = []
    for record in ds.events:
        e = record.event
        rows.append(
            {
                "id": record.id,
                "title": plain_text(e.title),
                "date": str(e.date.earliest),
                "end": str(e.end) if e.end else "",
                "precision": e.date.precision,
                "approximate": e.approximate,
                "weekday": e.weekday or "",
                "not_before": e.date.first_day.isoformat(),
                "not_after": (e.end or e.date).last_day.isoformat(),
                "edtf": span_edtf(e.date, e.end, e.approximate),
                "status": e.status,
                "kind": e.kind,
                "places": list(e.places),
                "actors": list(e.actors),
                "mentioned": list(e.mentioned),
                "topics": list(e.topics),
                "series": e.series or "",
                "sources": [f"{plain_text(publisher_label(s))} ({s.date})" for s in ds.citations(record)],
                "url": event_url(record, site_url),
            }
        )
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def actors_frame(ds: Dataset) -> pd.DataFrame:
    """One row per actor, with its number of events."""
    rows = [
        {
            "id": i,
            "name": plain_text(a.name),
            "kind": a.kind,
            "role": plain_text(a.role or ""),
            "country": a.country or "",
            "aliases": [plain_text(alias) for alias in a.aliases],
            "events": len(ds.by_actor.get(i, [])),
        }
        for i, a in ds.actors.items()
    ]
    return pd.DataFrame(rows, columns=["id", "name", "kind", "role", "country", "aliases", "events"])


def positions_frame(ds: Dataset) -> pd.DataFrame:
    """One row per stated position, with the source it rests on."""
    rows = []
    for record in ds.events:
        for p in record.event.positions:
            source = ds.citations(record)[p.source - 1]
            rows.append(
                {
                    "event": record.id,
                    "date": str(record.event.date.earliest),
                    "precision": record.event.date.precision,
                    "actor": p.actor,
                    "topic": p.topic,
                    "stance": plain_text(p.stance),
                    "publisher": plain_text(source.publisher or ""),
                    "source_date": str(source.date),
                    "attribution": source.attribution,
                    "attributed_to": plain_text(source.attributed_to or ""),
                    "source": source.id,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "event",
            "date",
            "precision",
            "actor",
            "topic",
            "stance",
            "publisher",
            "source_date",
            "attribution",
            "attributed_to",
            "source",
        ],
    )


def sources_frame(ds: Dataset, site_url: str = "") -> pd.DataFrame:
    """One row per source document (sources.yaml), with how many events cite it and its page."""
    rows = [
        {
            "id": i,
            "publisher": plain_text(s.publisher or ""),
            "publisher_note": plain_text(s.publisher_note or ""),
            "headline": plain_text(s.headline or ""),
            "language": s.language or "",
            "via": plain_text(s.via or ""),
            "date": str(s.date.earliest),
            "precision": s.date.precision,
            "approximate": s.approximate,
            "not_before": s.date.first_day.isoformat(),
            "not_after": s.date.last_day.isoformat(),
            "edtf": span_edtf(s.date, None, s.approximate),
            "date_note": plain_text(s.date_note or ""),
            "url": s.url or "",
            "archive_url": s.archive_url or "",
            "events": len(ds.by_source.get(i, [])),
            "page": urls.absolute(urls.entity("sources", i), site_url),
        }
        for i, s in ds.sources.items()
    ]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS)


def _csv(frame: pd.DataFrame) -> bytes:
    flat = frame.copy()
    for column in flat.columns:
        if column in LIST_COLUMNS:
            flat[column] = flat[column].map(_safe_list)
        else:
            flat[column] = flat[column].map(_safe_cell)
    # Every text cell quoted: a reader that splits on ';' (a European spreadsheet) keeps it whole.
    csv_text = flat.to_csv(index=False, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    return csv_text.encode("utf-8")


def _safe_list(items: list[str]) -> str:
    # Each item too: "text to columns" on ';' must not make a formula either.
    return spreadsheet_safe(";".join(map(spreadsheet_safe, items)))


def _safe_cell(cell: object) -> object:
    return spreadsheet_safe(cell) if isinstance(cell, str) else cell


def _frames(ds: Dataset, site_url: str) -> dict[str, pd.DataFrame]:
    return {
        "events": events_frame(ds, site_url),
        "actors": actors_frame(ds),
        "positions": positions_frame(ds),
        "sources": sources_frame(ds, site_url),
    }


def _json(frame: pd.DataFrame) -> bytes:
    return script_safe_json(frame.to_json(orient="records", force_ascii=False, indent=1))


def json_tables(ds: Dataset, site_url: str = "") -> dict[str, bytes]:
    """events.json, actors.json, positions.json and sources.json, lists kept as arrays."""
    return {f"{name}.json": _json(frame) for name, frame in _frames(ds, site_url).items()}


def csv_tables(ds: Dataset, site_url: str = "") -> dict[str, bytes]:
    """events.csv, actors.csv, positions.csv and sources.csv, lists joined with ';'."""
    return {f"{name}.csv": _csv(frame) for name, frame in _frames(ds, site_url).items()}


def tables(ds: Dataset, site_url: str = "") -> dict[str, bytes]:
    """Every table as CSV and as JSON, each table built once."""
    frames = _frames(ds, site_url)
    return {
        **{f"{name}.csv": _csv(frame) for name, frame in frames.items()},
        **{f"{name}.json": _json(frame) for name, frame in frames.items()},
    }


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def atom_feed(ds: Dataset, site_url: str = "", title: str = "Timeline", limit: int = FEED_ENTRIES) -> bytes:
    """An Atom feed of the newest ``limit`` events, newest first; links relative without a site URL."""
    here = urls.download(FEED)

    def link(url: str) -> str:  # absolute with a site URL, else relative to the feed's own place
        return urls.absolute(url, site_url) if site_url else urls.root_of_file(here) + url

    feed = FeedGenerator()
    feed.id(urls.absolute("", site_url) if site_url else "tag:timeline,2024:events")
    feed.title(title)
    feed.link(href=link(here), rel="self")
    feed.link(href=link(urls.timeline()), rel="alternate")
    words = i18n.current()
    feed.language(words.language)
    feed.generator("timeline")
    feed.author({"name": words.gettext("{site} contributors").format(site=title)})
    newest = sorted(ds.events, key=lambda r: (r.event.date.first_day, r.id))[-limit:]
    feed.updated(max((_moment(r.event.date.first_day) for r in newest), default=_moment(dt.date(2000, 1, 1))))
    for record in newest:
        e = record.event
        entry = feed.add_entry()
        entry.id(event_url(record, site_url) if site_url else f"tag:timeline,2024:events/{record.id}")
        entry.title(f"{words.span(e.date, e.end, e.approximate)}: {plain_text(e.title)}")
        entry.link(href=link(urls.event(record.id)))
        entry.summary(to_text(e.summary))
        entry.updated(_moment(e.date.first_day))  # the event's date (its earliest day)
        for kind in (e.kind, e.status):
            entry.category(term=kind)
    return bytes(feed.atom_str(pretty=True))


def planned_calendar(ds: Dataset, site_url: str = "") -> bytes:
    """An iCalendar file of planned events, as all-day events spanning their known dates."""
    words = i18n.current()
    calendar = Calendar()
    calendar.add("prodid", f"-//timeline//planned events//{words.language.upper()}")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", words.gettext("Planned events"))
    for record in ds.events:
        e = record.event
        if e.status != "planned":
            continue
        item = CalendarEvent()
        item.add("uid", f"{record.id}@timeline")
        item.add("dtstamp", _moment((e.as_of or e.date).first_day))
        item.add("dtstart", e.date.first_day)
        item.add("dtend", (e.end or e.date).last_day + dt.timedelta(days=1))
        title = plain_text(e.title)
        approximate = e.approximate or e.date.precision != "day"
        item.add(
            "summary", words.gettext("(approximate) {title}").format(title=title) if approximate else title
        )
        note = (
            " " + words.gettext("Planned as of {date}.").format(date=words.date(e.as_of)) if e.as_of else ""
        )
        dates = words.gettext("Dates: {dates}.").format(dates=words.span(e.date, e.end, e.approximate))
        item.add("description", f"{to_text(e.summary)}{note} {dates}")
        if site_url:
            item.add("url", event_url(record, site_url))
        calendar.add_component(item)
    return bytes(calendar.to_ical())


def _timelinejs_date(date: Any) -> dict[str, str]:
    parts = {"year": str(date.year)}
    if date.month:
        parts["month"] = str(date.month)
    if date.day:
        parts["day"] = str(date.day)
    return parts


def timelinejs(ds: Dataset, title: str = "Timeline", site_url: str = "") -> bytes:
    """The events in TimelineJS's JSON format, for embedding the timeline elsewhere (each
    with its first media: an image file at its address on the site, or a link)."""
    events = []
    for record in ds.events:
        e = record.event
        item: dict[str, Any] = {
            "unique_id": record.id,
            "start_date": _timelinejs_date(e.date),
            "display_date": i18n.current().span(e.date, e.end, e.approximate),
            # TimelineJS inserts both with innerHTML: both are sanitised HTML.
            "text": {"headline": str(render_plain(e.title)), "text": str(render_markdown(e.summary))},
            "group": e.kind,
        }
        if e.end:
            item["end_date"] = _timelinejs_date(e.end)
        if e.media:
            first = e.media[0]
            address = urls.absolute(first.file, site_url) if first.file else first.url
            # TimelineJS inserts caption and credit as HTML: both escaped.
            item["media"] = {"url": address, "credit": str(render_plain(f"{first.credit}, {first.licence}"))}
            if first.caption:
                item["media"]["caption"] = str(render_plain(first.caption))
        if e.approximate or e.date.precision == "bounded":
            # TimelineJS ignores other keys: the exact date (approximate, or bounds) rides along
            # for tools that read it, such as `timeline import`.
            item["edtf"] = span_edtf(e.date, e.end, e.approximate)
        events.append(item)
    count = i18n.ngettext("{count} event", "{count} events", len(events)).format(count=len(events))
    document: dict[str, Any] = {"title": {"text": {"headline": title, "text": count}}, "events": events}
    if ds.eras:
        document["eras"] = [
            {
                "start_date": _timelinejs_date(era.start),
                "end_date": _timelinejs_date(era.end),
                "text": {"headline": str(render_plain(era.name))},
                "unique_id": identifier,
            }
            for identifier, era in ds.eras.items()
        ]
    return script_safe_json(json.dumps(document, ensure_ascii=False, indent=1))


def export_files(ds: Dataset, site_url: str = "", title: str = "Timeline") -> dict[str, bytes]:
    """Every download, by file name."""
    return {
        **tables(ds, site_url),
        FEED: atom_feed(ds, site_url, title),
        "planned.ics": planned_calendar(ds, site_url),
        "timelinejs.json": timelinejs(ds, title, site_url),
    }
