"""`timeline import`: a TimelineJS JSON file or a Google Sheets CSV export (TimelineJS template) as records.

    timeline import timeline.json --data data \\
        --publisher "Example Desk" --source-date 2026-03-01 [--url https://...] [--fail-on warning]

Each slide becomes data/events/<year>/<id>.yaml with the date only as precise as the slide
gives it; a slide with an "edtf" key (this tool's own timelinejs.json) or a sheet row with
an "EDTF" column (as in its events.csv) is dated by it, so approximate dates, spans and
bounds ('[2026-01-25..2026-02-13]') come back as they were (its start_date is then not read).
TimelineJS has no sources, so the one you name with --publisher/--source-date (and --url)
is cited as a document source by every event: the importer adds it to sources.yaml, or
cites the entry there with exactly those facts; without it the checker reports each event's
missing source, and nothing is written. A slide's inline links (``<a href="https://…">``)
are sources too, cited as reporting after it (``linked_sources``): one entry per address,
its domain as publisher, dated between the earliest event linking to it and the imported
timeline's date, with a note saying so. A slide's media is kept as a link out (``_media``),
its display_date as the date's note, its group as its kind or a series. Actors, topics and
places are left for you to add; a registry the data folder lacks is created empty (with the
records, never without them).

What is not an event is named and left out, the rest is taken: a record whose file already
exists, the title slide, eras (the records have none), a slide dated outside the years
MIN_YEAR-MAX_YEAR (TimelineJS's cosmological years: a documented limitation), and title and
era rows of a sheet. A TimelineJS 2 file ({"timeline": …}) is refused with the reason.

The contract: all or nothing, never a traceback.

1. The whole input is validated first. Every bad slide is reported in one run, each with its
   index (``slide 2 (events[1])``; for a sheet, also its row: ``slide 2 (row 3)``, the
   header being row 1) and the field at fault; then the importer exits with status 2 and
   writes nothing. So it does for input it cannot use at all: an unreadable file, text that
   is not JSON or CSV, JSON that is not an object with an "events" list, a sheet with
   neither a Year nor an EDTF column, a data folder that does not exist.
2. No type is coerced silently. A date part is a whole number, or a string of digits as
   TimelineJS writes them ("2026"); true and false are not numbers, 2026.0 is 2026 but
   2026.9, NaN and infinities are errors; months run 1-12, days as far as their month (a
   well-formed year outside MIN_YEAR-MAX_YEAR is no error: its slide is left out, and said).
   "text" is an object with "headline" and "text"; headline, text, group and edtf are strings.
   A missing or null optional field is absent.
3. Nothing is written unless everything written passes ``timeline check`` under the
   project's policy: the data folder is copied to a temporary staging folder, the new
   records are written there, ``check_folder`` checks the staging folder, and only if the
   policy (``--fail-on``, else ``[tool.timeline] fail_on`` of the nearest pyproject.toml
   from the working directory, as ``timeline check`` reads it) does not fail are the new
   files copied into the data folder (each created afresh; if one cannot be, those already
   created are removed; the new source's entry is added to sources.yaml last, by replacing
   the file whole, so it is there only if every record is). Otherwise the problems are
   printed with the paths they would have in the data folder, each new file named with its
   slide, and the importer exits with status 1 and "nothing written".
4. Every value from the input that is printed goes through ``sourced_timeline.characters.printable``
   (problems through ``sourced_timeline.report``), so no control character reaches the terminal.

Exit status: 0 imported (or nothing to import), 1 the check failed, 2 unusable input.
"""

from __future__ import annotations

import argparse
import calendar
import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
import math
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import TypeAdapter, ValidationError

from sourced_timeline.characters import printable, shown, unsafe_in_value, why_refused
from sourced_timeline.check import check_folder
from sourced_timeline.contribute import (
    MODELINE,
    SOURCES_HEADER,
    append_entries,
    create_record,
    read_registry,
    slugify,
    source_id,
)
from sourced_timeline.dates import MAX_YEAR, MIN_YEAR, EventDate, PartialDate, event_date_value, parse_edtf
from sourced_timeline.load import display_path
from sourced_timeline.model import MAX_ID_LENGTH, Url
from sourced_timeline.policy import LEVELS, Policy, PolicyError, load_policy
from sourced_timeline.problems import Problem
from sourced_timeline.render import to_text
from sourced_timeline.report import format_problems, summary
from sourced_timeline.scaffold import EXAMPLE_EVENT, EXAMPLE_SOURCE, empty_registry
from sourced_timeline.vocabulary import DEFAULT, read_vocabulary

_DIGITS = re.compile(r"[+-]?[0-9]+")
_MONTH_NAMES = tuple(calendar.month_name)


class Unusable(Exception):
    """Input the importer cannot use at all (exit 2)."""


@dataclass(frozen=True)
class Bad:
    """One bad field of one slide."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


@dataclass(frozen=True)
class Slide:
    """One slide that passed validation: its date and its text."""

    where: str
    date: EventDate
    end: PartialDate | None
    approximate: bool
    headline: str
    text: str
    group: str
    media: tuple[tuple[str, str, str], ...] = ()
    """The slide's media, as (url, caption, credit)."""
    display: str = ""
    """How the slide shows its date (TimelineJS's display_date), if it says."""
    links: tuple[str, ...] = ()
    """The http(s) addresses its headline and text link to, in order, each once."""


@dataclass(frozen=True)
class ImportedEra:
    """One era of the input that passed validation: a named period."""

    where: str
    name: str
    start: PartialDate
    end: PartialDate


class _FieldError(ValueError):
    """A field's value that cannot be used, with the reason."""


def _quoted(value: Any) -> str:
    """A JSON value as the input wrote it, trimmed (printed through ``printable`` later)."""
    if isinstance(value, str):
        return shown(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return shown(value).strip("'")
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (ValueError, RecursionError):  # nested past what json.dumps follows
        text = type(value).__name__
    return shown(text).strip("'") if len(text) <= 80 else shown(text)


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {_quoted(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return f"the text {_quoted(value)}"
    return _quoted(value)


def _whole_number(value: Any) -> int | None:
    """A date part: None when absent (null, missing or blank); an int, an integral float or a
    string of digits; anything else raises _FieldError."""
    if value is None:
        return None
    if isinstance(value, bool | list | dict):
        raise _FieldError(f"{_kind_of(value)} is not a number: write it in digits, such as 2026")
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            raise _FieldError(f"{_quoted(value)} is not a whole number")
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not _DIGITS.fullmatch(text):
            raise _FieldError(f"{_quoted(value)} is not a whole number written in digits, such as 2026")
        if len(text.lstrip("+-").lstrip("0")) > 18:
            raise _FieldError(f"{_quoted(value)} is far too large")
        return int(text)
    raise _FieldError(f"{_kind_of(value)} is not a number")  # JSON has no other type


def _text(value: Any) -> str:
    """A text field: '' when absent; a string without refused characters; else _FieldError."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _FieldError(f"{_kind_of(value)} is not text")
    bad = unsafe_in_value(value)
    if bad:
        raise _FieldError(f"holds {why_refused(bad.group())}")
    return value


def _absolute(url: str) -> str:
    """A protocol-relative address (//host/path, as TimelineJS files often give media) as https."""
    return "https:" + url.strip() if url.strip().startswith("//") else url


_BLOCK_END = re.compile(r"(?i)(</(?:p|div|li|h[1-6]|blockquote|tr)\s*>|<br\s*/?>)")


def _blocks_apart(text: str) -> str:
    """Slide HTML with a space after each block and line break: its paragraphs flattened to
    one line of text read "groups. Ron Paul", never "groups.Ron Paul"."""
    return _BLOCK_END.sub(r"\1 ", text)


def _blank(value: Any) -> bool:
    """Whether a date part is absent: null, missing or a blank string."""
    return value is None or (isinstance(value, str) and not value.strip())


class _Links(HTMLParser):
    """The addresses of a slide's <a href> links (TimelineJS text is HTML)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            if urlsplit(href).scheme.lower() in ("http", "https") and href not in self.found:
                self.found.append(href)


def links_in(*texts: str) -> tuple[str, ...]:
    """Every http(s) address the HTML texts link to, in order, each once."""
    parser = _Links()
    for text in texts:
        parser.feed(text)
        parser.close()
    return tuple(parser.found)


class _Slide:
    """Collects one slide's bad fields while its values are read, and why it cannot be taken
    (``beyond``: a well-formed date this tool's records cannot hold)."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.bad: list[Bad] = []
        self.beyond = ""

    def report(self, field: str, message: str) -> None:
        self.bad.append(Bad(self.where, field, message))

    def text(self, value: Any, field: str) -> str:
        try:
            return _text(value)
        except _FieldError as error:
            self.report(field, str(error))
            return ""

    def date(self, parts: dict[str, Any], field: str, *, required: bool) -> PartialDate | None:
        """A partial date from its year, month and day values (``parts``, keyed by the names
        the input gives them); each bad part is reported as ``field`` + its name."""
        year_name, month_name, day_name = parts
        numbers: dict[str, int | None] = {}
        failed = False
        for name, value in parts.items():
            try:
                numbers[name] = _whole_number(value)
            except _FieldError as error:
                self.report(f"{field}{name}", str(error))
                numbers[name], failed = None, True
        blank = {name: _blank(value) for name, value in parts.items()}
        if all(blank.values()):
            if required:
                self.report(f"{field}{year_name}", "missing: every slide needs a year (or an EDTF date)")
            return None
        if blank[year_name]:
            self.report(f"{field}{year_name}", "missing, though a month or day is given")
            failed = True
        if blank[month_name] and not blank[day_name]:
            self.report(f"{field}{day_name}", "a day without a month: give the month too")
            failed = True
        year, month, day = numbers[year_name], numbers[month_name], numbers[day_name]
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR and not self.beyond:
            self.beyond = (
                f"{field}{year_name} {year:,} is outside the years {MIN_YEAR}–{MAX_YEAR} this "
                "tool's dates can name"
            )
            failed = True
        if month is not None and not 1 <= month <= 12:
            self.report(f"{field}{month_name}", f"{_quoted(month)} is not a month: 1 to 12")
            failed = True
        if day is not None and not 1 <= day <= 31:
            self.report(f"{field}{day_name}", f"{_quoted(day)} is not a day of a month")
            failed = True
        if failed or year is None:
            return None
        if month is not None and day is not None:
            last = calendar.monthrange(year, month)[1]
            if day > last:
                message = f"there is no {day} {_MONTH_NAMES[month]} {year}: that month has {last} days"
                self.report(f"{field}{day_name}", message)
                return None
        return PartialDate(year, month, day)

    def edtf(self, value: Any, field: str) -> tuple[EventDate, PartialDate | None, bool] | None:
        try:
            text = _text(value)
        except _FieldError as error:
            self.report(field, str(error))
            return None
        try:
            return parse_edtf(text)
        except ValueError as error:
            self.report(field, str(error))
            return None


def _keys(where: str, value: Any, field: str, bad: list[Bad]) -> dict[str, Any]:
    """An object field ({} when absent); anything else is reported."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        bad.append(Bad(where, field, f"{_kind_of(value)} is not an object such as {_EXAMPLES[field]}"))
        return {}
    return value


_EXAMPLES = {
    "text": '{"headline": "…", "text": "…"}',
    "start_date": '{"year": "2026", "month": "2", "day": "17"}',
    "end_date": '{"year": "2026", "month": "2", "day": "18"}',
}


def from_timelinejs(document: Any) -> tuple[list[Slide], list[Bad], list[str], list[ImportedEra]]:
    """Every slide of a TimelineJS JSON document, every bad field of its slides and eras,
    notes of what it holds that is left out (the title slide, slides dated beyond our years),
    and its eras."""
    if not isinstance(document, dict):
        raise Unusable(f'the file holds {_kind_of(document)}, not a TimelineJS object with an "events" list')
    events = document.get("events")
    if not isinstance(events, list):
        if isinstance(document.get("timeline"), dict):
            raise Unusable(
                'a TimelineJS 2 file ({"timeline": …}): this importer reads TimelineJS 3\'s '
                'format ({"events": […]}); open it in TimelineJS 3 and save it again, or export a sheet'
            )
        what = "no" if events is None else _kind_of(events) + " as its"
        raise Unusable(f'the TimelineJS object has {what} "events" list')
    slides: list[Slide] = []
    notes = ["skipped the title slide (title): it introduces the timeline, it is not an event"]
    notes = notes if isinstance(document.get("title"), dict) else []
    eras, bad = _eras(document.get("eras"), notes)
    for index, event in enumerate(events):
        where = f"slide {index + 1} (events[{index}])"
        if not isinstance(event, dict):
            bad.append(Bad(where, "the slide", f"{_kind_of(event)} is not a slide object"))
            continue
        reader = _Slide(where)
        text = _keys(where, event.get("text"), "text", reader.bad)
        headline = reader.text(text.get("headline"), "text.headline")
        body = reader.text(text.get("text"), "text.text")
        group = reader.text(event.get("group"), "group")
        found = _keys(where, event.get("media"), "media", reader.bad)
        url = _absolute(reader.text(found.get("url"), "media.url"))
        caption = reader.text(found.get("caption"), "media.caption")
        credit = reader.text(found.get("credit"), "media.credit")
        media = ((url, caption, credit),) if url.strip() else ()
        display = reader.text(event.get("display_date"), "display_date")
        taken = (headline, body, group, media, display, links_in(headline, body))
        edtf = event.get("edtf")
        if edtf is not None and edtf != "":
            read = reader.edtf(edtf, "edtf")
            if read and not reader.bad:
                slides.append(Slide(where, read[0], read[1], read[2], *taken))
            bad += reader.bad
            continue
        start, end = _json_dates(reader, event, end_required=False)
        if reader.beyond and not reader.bad:
            notes.append(f"skipped {where}: {reader.beyond}")
        elif start and not reader.bad:
            slides.append(Slide(where, start, end, False, *taken))
        bad += reader.bad
    return slides, bad, notes, eras


def _json_dates(
    reader: _Slide, item: dict[str, Any], end_required: bool
) -> tuple[PartialDate | None, PartialDate | None]:
    """A slide's or an era's start_date and end_date objects, each bad part reported."""
    dates = []
    for key in ("start_date", "end_date"):
        parts = _keys(reader.where, item.get(key), key, reader.bad)
        values = {name: parts.get(name) for name in ("year", "month", "day")}
        dates.append(reader.date(values, f"{key}.", required=key == "start_date" or end_required))
    return dates[0], dates[1]


def _sheet_dates(
    reader: _Slide, cell: Callable[[str], str], end_required: bool
) -> tuple[PartialDate | None, PartialDate | None]:
    """A sheet row's Year/Month/Day and End Year/End Month/End Day, each bad cell reported."""
    start = reader.date({"Year": cell("year"), "Month": cell("month"), "Day": cell("day")}, "", required=True)
    end = reader.date(
        {"End Year": cell("end year"), "End Month": cell("end month"), "End Day": cell("end day")},
        "",
        required=end_required,
    )
    return start, end


def _eras(value: Any, notes: list[str]) -> tuple[list[ImportedEra], list[Bad]]:
    """A TimelineJS document's eras (each a headline, a start and an end date) and every bad
    field of them; an era dated beyond our years is noted and left out."""
    if value is None:
        return [], []
    if not isinstance(value, list):
        return [], [Bad("eras", "eras", f"{_kind_of(value)} is not a list of eras")]
    eras: list[ImportedEra] = []
    bad: list[Bad] = []
    for index, era in enumerate(value):
        where = f"era {index + 1} (eras[{index}])"
        if not isinstance(era, dict):
            bad.append(Bad(where, "the era", f"{_kind_of(era)} is not an era object"))
            continue
        reader = _Slide(where)
        text = _keys(where, era.get("text"), "text", reader.bad)
        name = reader.text(text.get("headline"), "text.headline")
        eras += _era(reader, name, *_json_dates(reader, era, end_required=True), notes)
        bad += reader.bad
    return eras, bad


def _era(
    reader: _Slide, name: str, start: PartialDate | None, end: PartialDate | None, notes: list[str]
) -> list[ImportedEra]:
    """The era a reader read, if it holds one we can take (else reported, or noted)."""
    if reader.beyond and not reader.bad:
        notes.append(f"skipped {reader.where}: {reader.beyond}")
    elif start and end and not reader.bad:
        if end.last_day < start.first_day:
            reader.report("end", f"the era ends ({end}) before it starts ({start})")
        elif not _line(to_text(name)):
            reader.report("headline", "missing: an era is shown by its name")
        else:
            return [ImportedEra(reader.where, _line(to_text(name)), start, end)]
    return []


def from_sheet(text: str) -> tuple[list[Slide], list[Bad], list[str], list[ImportedEra]]:
    """The same from the CSV export of the TimelineJS Google Sheets template (a row with an
    EDTF cell is dated by it; a row of type era is an era)."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise Unusable(f"not a CSV file this importer reads: {error}") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise Unusable("the sheet has no header row (Year, Month, Day, ..., Headline, Text, ...)")
    columns: dict[str, int] = {}
    for position, name in enumerate(rows[0]):
        key = name.strip().lower()
        if key in columns and key:
            raise Unusable(f"the header names the column {shown(name.strip())} twice")
        columns[key] = position
    if "year" not in columns and "edtf" not in columns:
        raise Unusable("the header has neither a Year nor an EDTF column: not a TimelineJS sheet")
    slides: list[Slide] = []
    bad: list[Bad] = []
    notes: list[str] = []
    eras: list[ImportedEra] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"slide {number - 1} (row {number})"

        def cell(name: str, row: list[str] = row) -> str:
            position = columns.get(name)
            return row[position] if position is not None and position < len(row) else ""

        kind = cell("type").strip().lower()
        if kind == "era":
            reader = _Slide(f"era {where.removeprefix('slide ')}")
            name = reader.text(cell("headline"), "Headline")
            eras += _era(reader, name, *_sheet_dates(reader, cell, end_required=True), notes)
            bad += reader.bad
            continue
        if kind == "title":
            notes.append(f"skipped {where}, the title slide: it introduces the timeline, it is not an event")
            continue
        reader = _Slide(where)
        extra = [c for c in row[len(rows[0]) :] if c.strip()]
        if extra:
            reader.report("the row", f"{len(row)} cells under a header of {len(rows[0])} columns")
        headline = reader.text(cell("headline"), "Headline")
        body = reader.text(cell("text"), "Text")
        group = reader.text(cell("group"), "Group")
        display = reader.text(cell("display date"), "Display Date")
        url = _absolute(reader.text(cell("media"), "Media"))
        credit = reader.text(cell("media credit"), "Media Credit")
        caption = reader.text(cell("media caption"), "Media Caption")
        media = ((url, caption, credit),) if url.strip() else ()
        taken = (headline, body, group, media, display, links_in(headline, body))
        if cell("edtf").strip():
            read = reader.edtf(cell("edtf"), "EDTF")
            if read and not reader.bad:
                slides.append(Slide(where, read[0], read[1], read[2], *taken))
            bad += reader.bad
            continue
        start, end = _sheet_dates(reader, cell, end_required=False)
        if reader.beyond and not reader.bad:
            notes.append(f"skipped {where}: {reader.beyond}")
        elif start and not reader.bad:
            slides.append(Slide(where, start, end, False, *taken))
        bad += reader.bad
    return slides, bad, notes, eras


def slide(
    title: str,
    text: str,
    group: str,
    start: EventDate,
    end: PartialDate | None,
    source: dict[str, Any] | None,
    today: dt.date,
    approximate: bool = False,
    kinds: Collection[str] = tuple(DEFAULT.kinds),
    media: tuple[tuple[str, str, str], ...] = (),
    display: str = "",
) -> dict[str, Any]:
    """One of our records from one TimelineJS slide: its group is its kind when the site's
    vocabulary has that kind (``kinds``), else 'other' (or the vocabulary's last kind)."""
    record: dict[str, Any] = {
        "title": to_text(_blocks_apart(title)) or "Untitled",
        "date": event_date_value(start),
        "status": "happened" if start.first_day <= today else "planned",
        "kind": group if group in kinds else ("other" if "other" in kinds else list(kinds)[-1]),
        "summary": to_text(_blocks_apart(text)) or to_text(title) or "No text in the imported slide.",
    }
    if end and end != start:
        record["end"] = str(end)
    if approximate:
        record["approximate"] = True
    notes = []
    if not isinstance(start, PartialDate):
        notes.append("Imported with these bounds; say where each comes from.")
    if _line(to_text(display)):
        notes.append(f"The imported timeline shows the date as “{_line(to_text(display), 150)}”.")
    if notes:
        record["date_note"] = " ".join(notes)
    links = [_media(*item) for item in media if _HTTP.fullmatch(item[0].strip())]
    if links:
        record["media"] = links
    if source:
        record["sources"] = [source]
    return record


_HTTP = re.compile(r"https?://\S+")
"""A media address the records can link to."""

MEDIA_HOSTS = {
    "youtube.com": "video",
    "youtu.be": "video",
    "vimeo.com": "video",
    "soundcloud.com": "audio",
}
"""What a link to a known host is (anything else is a document, or an image by its name)."""
UNCREDITED = "not credited in the imported timeline"
UNLICENSED = "licence not stated in the imported timeline"


def _media(url: str, caption: str, credit: str) -> dict[str, str]:
    """A slide's media as a link out (the page never loads it): its kind from the address,
    its caption and credit as plain text, its licence said to be unknown, never guessed."""
    address = url.strip()
    host = (urlsplit(address).hostname or "").removeprefix("www.").removeprefix("m.")
    kind = MEDIA_HOSTS.get(host) or (
        "image" if re.search(r"\.(jpe?g|png|gif|webp)$", address, re.I) else "document"
    )
    item = {
        "kind": kind,
        "url": address,
        "credit": _line(to_text(credit)) or UNCREDITED,
        "licence": UNLICENSED,
    }
    if caption_text := _line(to_text(caption)):
        item["caption"] = caption_text
    return item


def _line(text: str, limit: int = 200) -> str:
    """TEXT on one line, at most LIMIT characters (cut with an ellipsis)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def read_slides(source_file: Path) -> tuple[list[Slide], list[Bad], list[str], list[ImportedEra]]:
    """The slides of a TimelineJS .json file or (any other name) a sheet's CSV export, every
    bad field, notes, and its eras; raises Unusable for a file that cannot be read as either."""
    try:
        text = source_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise Unusable(f"not UTF-8 text: {error.reason} at byte {error.start}") from None
    except OSError as error:
        raise Unusable(f"cannot read it: {error.strerror or error}") from None
    if source_file.suffix.lower() != ".json":
        return from_sheet(text)
    try:
        document = json.loads(text)
    except RecursionError:
        raise Unusable("not JSON this importer reads: nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or an integer of thousands of digits
        raise Unusable(f"not JSON: {error}") from None
    return from_timelinejs(document)


Planned = tuple[Slide | None, str, str]
"""A file to write: the slide it comes from (None for a registry created empty), its path
in the data folder, its text."""
EMPTY_REGISTRIES = ("actors", "topics", "places", "series")
"""The registries an import creates, empty, when the data folder lacks them (sources.yaml
is written with the cited source)."""


def missing_registries(data_dir: Path) -> list[Planned]:
    """An empty registry file for each registry the data folder lacks (as `timeline init`
    writes it)."""
    return [
        (None, f"{name}.yaml", empty_registry(name))
        for name in EMPTY_REGISTRIES
        if not os.path.lexists(data_dir / f"{name}.yaml")
    ]


"""(slide, record path relative to the data folder, file text) of one record to write."""


def cited_source(data_dir: Path, entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The citation every imported event makes of the source ENTRY, and the sources.yaml
    entries to add for it ({} when an entry with exactly its facts is there already)."""
    existing = read_registry(data_dir / "sources.yaml")
    identifier = next((key for key, known in existing.items() if known == entry), None)
    added = {}
    if identifier is None:
        identifier = source_id(entry, existing)
        added = {identifier: entry}
    return {"source": identifier, "attribution": "document"}, added


def linked_sources(
    slides: list[Slide], data_dir: Path, published: str, taken: Collection[str]
) -> tuple[dict[str, dict[str, Any]], dict[str, Any], list[str]]:
    """The sources the slides' inline links are: a citation by address, the sources.yaml
    entries to add (ids not in TAKEN), and notes of links left out.

    An entry already in sources.yaml with the same url is cited as it is. A new one has the
    link's domain as its publisher and no headline (the link's words are not one). Its date is
    only what is known (``link_date``): the day or month its address gives, else no earlier
    than the web itself and no later than the imported timeline (PUBLISHED, or the day of the
    import), which linked to it. Never the event's date: a preview is published before it.
    Its date_note says which, for readers and for an editor to narrow from the page."""
    existing = read_registry(data_dir / "sources.yaml")
    by_url = {str(entry.get("url")): key for key, entry in existing.items() if isinstance(entry, dict)}
    linked: list[str] = []
    notes: list[str] = []
    for item in slides:
        for url in item.links:
            try:
                _URL.validate_python(url)
            except ValidationError as error:
                reason = error.errors()[0]["msg"].removeprefix("Value error, ")
                notes.append(
                    f"{item.where}: its link {shown(_line(url, 80))} cannot be a source ({reason}); left out"
                )
                continue
            if url not in linked:
                linked.append(url)
    try:
        latest = PartialDate.parse(published)
    except ValueError:  # a bad --source-date: the check reports it on the cited source
        return {}, {}, notes
    citations: dict[str, dict[str, Any]] = {}
    added: dict[str, Any] = {}
    ids = set(existing) | set(taken)
    for url in linked:
        identifier = by_url.get(url)
        if identifier is None:
            entry: dict[str, Any] = {
                "publisher": (urlsplit(url).hostname or "").removeprefix("www."),
                "url": url,
                **link_date(url, latest),
            }
            identifier = _link_source_id(entry, url, ids)
            ids.add(identifier)
            added[identifier] = entry
        citations[url] = {"source": identifier, "attribution": "reporting"}
    return citations, added, notes


def _link_source_id(entry: dict[str, Any], url: str, taken: Collection[str]) -> str:
    """A readable id for a linked page: its date when the address gives one, its domain and
    the last words of its address (2012-01-15-foxnews-com-huntsman-to-withdraw,
    en-wikipedia-org-ada-lovelace); -2, -3… if taken."""
    date = entry["date"] if isinstance(entry["date"], str) else ""
    words = [part for part in urlsplit(url).path.split("/") if part and not part.isdigit()]
    base = slugify(" ".join([date, entry["publisher"], *words[-1:]]), MAX_ID_LENGTH - 4) or "link"
    identifier, number = base, 2
    while identifier in taken:
        identifier, number = f"{base}-{number}", number + 1
    return identifier


WEB_BEGAN = PartialDate(1991)
"""The year the first web pages went public: no http(s) page is older."""
_DATED_PATH = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])(?:[/-](0[1-9]|[12]\d|3[01]))?(?=[/-]|$)")


def link_date(url: str, latest: PartialDate) -> dict[str, Any]:
    """A linked page's publication date as far as the import knows it: the day (or month) its
    address gives (/2012/01/15/, /2012-01-15-…), or bounds from the web's first year to LATEST,
    when the timeline linked to it; with a note saying which."""
    found = _DATED_PATH.search(urlsplit(url).path)
    if found:
        year, month, day = (int(part) if part else None for part in found.groups())
        assert year is not None
        try:
            date = PartialDate(year, month, day)
            date.first_day  # noqa: B018 - raises ValueError for a day its month does not have
        except ValueError:
            date = None
        if date is not None and date.first_day <= latest.last_day:
            return {"date": str(date), "date_note": "As the date in the link's address gives it."}
    return {
        "date": {"not_before": str(WEB_BEGAN), "not_after": str(latest)},
        "date_note": f"Not known: the imported timeline linked to it, so it was published by {latest}.",
    }


_URL: TypeAdapter[str] = TypeAdapter(Url)


def plan(
    slides: list[Slide],
    data_dir: Path,
    source: dict[str, Any] | None,
    today: dt.date,
    links: dict[str, dict[str, Any]] | None = None,
) -> tuple[list[Planned], list[str], dict[str, Any]]:
    """The record files to write, notes of what was left out (a slide whose file exists, a
    media that is no address), and the series.yaml entries to add: a slide's group that is
    not a kind of the site's vocabulary becomes a series, named as the group is. A slide's
    inline links are cited after SOURCE, as LINKS (``linked_sources``) gives them."""
    links = links or {}
    planned: list[Planned] = []
    notes: list[str] = []
    series_entries: dict[str, Any] = {}
    taken: dict[str, str] = {}
    kinds = tuple(read_vocabulary(data_dir).kinds)
    known_series = read_registry(data_dir / "series.yaml")
    for item in slides:
        record = slide(
            item.headline,
            item.text,
            item.group,
            item.date,
            item.end,
            source,
            today,
            item.approximate,
            kinds,
            item.media,
            item.display,
        )
        cited = [links[url] for url in item.links if url in links]
        if cited:
            record["sources"] = record.get("sources", []) + cited
        for url, _, _ in (m for m in item.media if not _HTTP.fullmatch(m[0].strip())):
            what = "HTML (a quote or an embed)" if url.lstrip().startswith("<") else shown(_line(url, 60))
            notes.append(f"{item.where}: its media, {what}, is not an http(s) address; left out")
        start = item.date.earliest
        relative = f"events/{start.year:04d}/{start}-{slugify(record['title'])}.yaml"
        if relative in taken:
            notes.append(f"skipped {item.where}: {taken[relative]} has the same date and title")
            continue
        if os.path.lexists(data_dir / relative):
            notes.append(f"skipped {item.where}: {display_path(data_dir / relative)} exists")
            continue
        taken[relative] = item.where
        group = _line(to_text(item.group))
        if group and item.group not in kinds and (identifier := slugify(group)) != "event":
            # The axis gives the largest series lanes of their own: a group stays a row.
            record["series"] = identifier
            if identifier not in known_series:
                series_entries.setdefault(identifier, {"name": group, "kind": record["kind"]})
        body = yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=88)
        planned.append((item, relative, MODELINE + body))
    return planned, notes, series_entries


def era_entries(eras: list[ImportedEra], data_dir: Path) -> tuple[dict[str, Any], list[str]]:
    """The eras.yaml entries to add for the imported eras (an id from each name), and notes
    of those the registry holds already (the same name and dates)."""
    existing = read_registry(data_dir / "eras.yaml")
    known = {
        (str(e.get("name")), str(e.get("start")), str(e.get("end")))
        for e in existing.values()
        if isinstance(e, dict)
    }
    entries: dict[str, Any] = {}
    notes = []
    for era in eras:
        entry = {"name": era.name, "start": str(era.start), "end": str(era.end)}
        if (entry["name"], entry["start"], entry["end"]) in known:
            notes.append(f"skipped {era.where}: eras.yaml has it already")
            continue
        known.add((entry["name"], entry["start"], entry["end"]))
        base = slugify(era.name) or "era"
        identifier, number = base, 2
        while identifier in existing or identifier in entries:
            identifier, number = f"{base}-{number}", number + 1
        entries[identifier] = entry
    return entries, notes


def _copy_entry(source: str, target: str) -> None:
    """Copy a file into the staging folder; anything but a regular file (a pipe, a socket, a
    device: the checker refuses them all alike) becomes a pipe, so it is never read."""
    if stat.S_ISREG(os.stat(source).st_mode):
        shutil.copy2(source, target)
    else:
        os.mkfifo(target)


def staged_check(
    data_dir: Path, planned: list[Planned], today: dt.date, added: dict[str, dict[str, Any]] | None = None
) -> list[Problem]:
    """The problems ``timeline check`` would report once the planned records (and ADDED,
    entries by registry: sources, series, eras) are written, found in a staging copy of the
    data folder; paths as they would be in the data folder."""
    with tempfile.TemporaryDirectory(prefix="timeline-import-") as folder:
        staging = Path(folder) / "data"
        shutil.copytree(data_dir, staging, symlinks=True, copy_function=_copy_entry)
        for _, relative, text in planned:
            create_record(staging, relative, text)  # never through a link the copy kept
        add_registry_entries(staging, added or {})
        _, problems = check_folder(staging, today)
        staged, real = display_path(staging), display_path(data_dir)

    def relocated(text: str) -> str:
        return text.replace(staged, real)

    return [
        dataclasses.replace(p, path=relocated(p.path), message=relocated(p.message), hint=relocated(p.hint))
        for p in problems
    ]


HEADERS = {
    "sources": SOURCES_HEADER,
    "series": empty_registry("series"),
    "eras": (
        "# yaml-language-server: $schema=../schema/eras.schema.json\n"
        "# Named periods, shown as bands across the time axis: see docs/contributing/records.md.\n"
    ),
}
"""What each registry an import adds to starts with when it has no file yet (a ``{}`` dropped)."""


def add_registry_entries(data_dir: Path, added: dict[str, dict[str, Any]]) -> None:
    """Add entries to registries of the data folder, by registry (see ``add_entries``)."""
    for registry, entries in added.items():
        if entries:
            add_entries(data_dir, registry, entries, HEADERS[registry])


def add_entries(data_dir: Path, registry: str, entries: dict[str, Any], header: str) -> None:
    """Add entries to a registry of the data folder by replacing its file whole (a copy
    written beside it, then renamed over it): it has them all or none. Never through a link."""
    path = data_dir / f"{registry}.yaml"
    if path.is_symlink():
        raise OSError(f"{display_path(path)} is a symbolic link: records are never written through one")
    staged = data_dir / f".{registry}.yaml.import"
    try:
        if path.exists():
            shutil.copyfile(path, staged)
        append_entries(staged, entries, header)
        os.replace(staged, path)
    finally:
        staged.unlink(missing_ok=True)


def write(
    data_dir: Path, planned: list[Planned], added: dict[str, dict[str, Any]] | None = None
) -> list[Path]:
    """Create every planned file in the data folder, none overwritten, then add the ADDED
    registries' entries; on any failure remove the files and folders this call created, and
    raise."""
    created: list[Path] = []
    folders: list[Path] = []
    try:
        for _, relative, text in planned:
            path = data_dir / relative
            missing = [p for p in (path.parent, path.parent.parent) if not os.path.lexists(p)]
            folders += reversed(missing)
            created.append(create_record(data_dir, relative, text))
        add_registry_entries(data_dir, added or {})
    except BaseException:
        for path in created:
            path.unlink(missing_ok=True)
        for folder in reversed(folders):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return created


def _left_out(notes: list[str]) -> str:
    """'; 3 left out, each said above' for the notes of parts skipped, '' without any."""
    count = sum(1 for note in notes if note.startswith("skipped "))
    return f"; {count} left out, each said above" if count else ""


def _say(*parts: str) -> None:
    """One line on stderr, every character of it printable."""
    print(printable("".join(parts)), file=sys.stderr)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command's arguments (for `timeline import` and this module's own ``main``)."""
    parser.add_argument("file", type=Path, help="TimelineJS .json, or a Google Sheets .csv export")
    parser.add_argument("--data", type=Path, default=Path("data"), help="data folder (default: data)")
    parser.add_argument("--publisher", help="who published the imported timeline")
    parser.add_argument("--source-date", help="when it was published (2026, 2026-03 or 2026-03-01)")
    parser.add_argument("--url", help="where it was published (http or https)")
    parser.add_argument(
        "--fail-on", choices=LEVELS, help="what fails the check (default: [tool.timeline] fail_on)"
    )
    parser.add_argument(
        "--today", type=dt.date.fromisoformat, help="the date that decides happened or planned (YYYY-MM-DD)"
    )


def main(argv: list[str] | None = None) -> int:
    """`timeline import ARGS`, parsed by this module's own parser."""
    parser = argparse.ArgumentParser(prog="timeline import", description=(__doc__ or "").splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Import, all or nothing; returns the exit status."""
    name = display_path(args.file)
    today: dt.date = args.today or dt.date.today()
    if args.url and not args.publisher:
        _say("--url names where the source was published: give --publisher and --source-date too")
        return 2
    if bool(args.publisher) != bool(args.source_date):
        _say("give --publisher and --source-date together (who published the timeline, and when)")
        return 2
    entry: dict[str, Any] | None = None
    if args.publisher and args.source_date:
        entry = {"publisher": args.publisher, "date": args.source_date}
        if args.url:
            entry["url"] = args.url
    try:
        policy = Policy(args.fail_on, "--fail-on") if args.fail_on else load_policy(args.data)
    except PolicyError as error:
        _say(str(error))
        return 2
    if not args.data.is_dir():
        _say(f"no data folder at {display_path(args.data)}: nothing written")
        return 2
    try:
        slides, bad, notes, eras = read_slides(args.file)
    except Unusable as error:
        _say(f"{name}: {error}; nothing written")
        return 2
    for note in notes:
        _say(f"{name}: {note}")
    if bad:
        for item in bad:
            _say(f"{name}: {item}")
        count = len({item.where for item in bad})
        _say(f"{count} bad slide(s) in {name}: nothing written")
        return 2
    source, new_sources = cited_source(args.data, entry) if entry is not None else (None, {})
    published = args.source_date if entry is not None else today.isoformat()
    links, linked, left_out = linked_sources(slides, args.data, published, new_sources)
    new_sources = {**new_sources, **linked}
    planned, skipped, new_series = plan(slides, args.data, source, today, links)
    new_eras, known_eras = era_entries(eras, args.data)
    skipped = left_out + skipped + known_eras
    for note in skipped:
        _say(f"{name}: {note}")
    for example in sorted(args.data.glob(f"events/*/*-{EXAMPLE_EVENT}.yaml")):
        _say(
            f"{display_path(example)} is the example `timeline init` wrote: delete it, and "
            f"'{EXAMPLE_SOURCE}' from sources.yaml, once your own records are in"
        )
    if not planned and not new_eras:
        _say(f"wrote 0 records under {display_path(args.data)}{_left_out(notes + skipped)}")
        return 0
    records = len(planned)
    planned = missing_registries(args.data) + planned
    added = {"sources": new_sources if records else {}, "series": new_series, "eras": new_eras}
    try:
        problems = staged_check(args.data, planned, today, added)
    except (OSError, shutil.Error) as error:
        _say(f"cannot check the import in a copy of {display_path(args.data)}: {error}; nothing written")
        return 2
    if problems:
        print(format_problems(problems, "text"))
    _say(summary(problems))
    if policy.fails(problems):
        with_problems = {p.path for p in problems}
        for origin, relative, _ in planned:
            path = f"{display_path(args.data)}/{relative}"
            if origin is not None and path in with_problems:
                _say(f"{path} would be {origin.where} of {name}")
        _say(f"check failed: {policy.describe()}; nothing written")
        return 1
    try:
        written = write(args.data, planned, added)
    except OSError as error:
        _say(f"cannot write into {display_path(args.data)}: {error}; nothing written")
        return 2
    created = len(written) - records
    parts = [f"{records} records"]
    parts += [f"{created} empty registr{'y' if created == 1 else 'ies'}"] if created else []
    parts += [f"{len(new_eras)} era{'' if len(new_eras) == 1 else 's'}"] if new_eras else []
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
    _say(f"wrote {listed} under {display_path(args.data)}{_left_out(notes + skipped)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
