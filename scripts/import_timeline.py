"""Import a TimelineJS JSON file or a Google Sheets CSV export (TimelineJS template) as records.

    python scripts/import_timeline.py timeline.json --data data \\
        --publisher "Example Desk" --source-date 2026-03-01 [--url https://...]

Each slide becomes data/events/<year>/<id>.yaml with the date only as precise as the slide
gives it; a slide with an "edtf" key (this tool's own timelinejs.json) or a sheet row with
an "EDTF" column (as in its events.csv) is dated by it, so approximate dates, spans and
bounds ('[2026-01-25..2026-02-13]') come back as they were.
TimelineJS has no sources, so the one you name with --publisher/--source-date is
recorded as a document source for every event; without it the checker, run at the end,
reports each event's missing source. Actors, topics and places are left for you to add.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from timeline.check import check_folder
from timeline.contribute import MODELINE, slugify
from timeline.dates import EventDate, PartialDate, event_date_value, parse_edtf
from timeline.model import Kind
from timeline.render import to_text
from timeline.report import format_problems, summary

KINDS = set(Kind.__args__)


def _date(year: Any, month: Any = None, day: Any = None) -> PartialDate | None:
    def number(value: Any) -> int | None:
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
            return None
        return int(float(value))

    y, m, d = number(year), number(month), number(day)
    if y is None:
        return None
    return PartialDate.parse(f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else ""))


Slide = tuple[EventDate, PartialDate | None, bool, str, str, str]
"""(date, end, approximate, headline, text, group) of one slide."""


def slide(
    title: str,
    text: str,
    group: str,
    start: EventDate,
    end: PartialDate | None,
    source: dict[str, Any] | None,
    today: dt.date,
    approximate: bool = False,
) -> dict[str, Any]:
    """One of our records from one TimelineJS slide."""
    record: dict[str, Any] = {
        "title": to_text(title) or "Untitled",
        "date": event_date_value(start),
        "status": "happened" if start.first_day <= today else "planned",
        "kind": group if group in KINDS else "other",
        "summary": to_text(text) or to_text(title) or "No text in the imported slide.",
    }
    if end and end != start:
        record["end"] = str(end)
    if approximate:
        record["approximate"] = True
    if not isinstance(start, PartialDate):
        record["date_note"] = "Imported with these bounds; say where each comes from."
    if source:
        record["sources"] = [source]
    return record


def from_timelinejs(document: dict[str, Any]) -> list[Slide]:
    """(start, end, headline, text, group) of each dated slide of a TimelineJS JSON document."""
    slides = []
    for event in document.get("events", []):
        start = event.get("start_date") or {}
        end = event.get("end_date") or {}
        text = event.get("text") or {}
        if event.get("edtf"):  # this tool's own export carries the exact date
            exact, exact_end, approximate = parse_edtf(str(event["edtf"]))
            slides.append(
                (
                    exact,
                    exact_end,
                    approximate,
                    text.get("headline", ""),
                    text.get("text", ""),
                    event.get("group", ""),
                )
            )
            continue
        date = _date(start.get("year"), start.get("month"), start.get("day"))
        if date:
            slides.append(
                (
                    date,
                    _date(end.get("year"), end.get("month"), end.get("day")),
                    False,
                    text.get("headline", ""),
                    text.get("text", ""),
                    event.get("group", ""),
                )
            )
    return slides


def from_sheet(path: Path) -> list[Slide]:
    """The same, from a CSV export of the TimelineJS Google Sheets template; a row with an
    EDTF column is dated by it."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.columns = [str(c).strip() for c in frame.columns]
    slides: list[Slide] = []
    for row in frame.to_dict("records"):
        cells = {str(k).lower(): v for k, v in row.items()}
        edtf = cells.get("edtf", "").strip()
        headline, text, group = (row.get(k, "") for k in ("Headline", "Text", "Group"))
        if edtf:
            date, end, approximate = parse_edtf(edtf)
            slides.append((date, end, approximate, headline, text, group))
            continue
        start = _date(row.get("Year"), row.get("Month"), row.get("Day"))
        if start:
            end = _date(row.get("End Year"), row.get("End Month"), row.get("End Day"))
            slides.append((start, end, False, headline, text, group))
    return slides


def import_file(
    source_file: Path, data_dir: Path, source: dict[str, Any] | None, today: dt.date
) -> list[Path]:
    """Write one record per slide; returns the paths written (existing files are kept)."""
    if source_file.suffix.lower() == ".json":
        slides = from_timelinejs(json.loads(source_file.read_text(encoding="utf-8")))
    else:
        slides = from_sheet(source_file)
    written = []
    for start, end, approximate, headline, text, group in slides:
        record = slide(headline, text, group, start, end, source, today, approximate)
        path = data_dir / "events" / f"{start.year:04d}" / f"{start.earliest}-{slugify(record['title'])}.yaml"
        if path.exists() or path in written:
            print(f"skipped {path}: it exists", file=sys.stderr)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            MODELINE + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88), encoding="utf-8"
        )
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="TimelineJS .json, or a Google Sheets .csv export")
    parser.add_argument("--data", type=Path, default=Path("data"))
    parser.add_argument("--publisher", help="who published the imported timeline")
    parser.add_argument("--source-date", help="when it was published (2026, 2026-03 or 2026-03-01)")
    parser.add_argument("--url", help="where it was published (http or https)")
    args = parser.parse_args(argv)
    source = None
    if args.publisher and args.source_date:
        source = {"publisher": args.publisher, "date": args.source_date, "attribution": "document"}
        if args.url:
            source["url"] = args.url
    written = import_file(args.file, args.data, source, dt.date.today())
    print(f"wrote {len(written)} records under {args.data}", file=sys.stderr)
    _, problems = check_folder(args.data, dt.date.today())
    if problems:
        print(format_problems(problems, "text"))
    print(summary(problems), file=sys.stderr)
    return 1 if any(p.severity == "error" for p in problems) else 0


if __name__ == "__main__":
    sys.exit(main())
