"""Rules about one event's dates: their order, bounds, notes and weekdays."""

from __future__ import annotations

from collections.abc import Iterator

from sourced_timeline.checks.context import EventContext
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import Finding, event_rule
from sourced_timeline.dates import Bounds, PartialDate, weekday_name, weekday_window

_BOUNDS = "date: {not_before: 2026-02-17, not_after: 2026-02-20}\ndate_note: After A and before B."


def end_before_start(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if event.end is not None and event.end.last_day < event.date.first_day:
        yield (("end",), f"end {event.end} is before date {event.date}", "")


END_BEFORE_START = event_rule(
    "end-before-start",
    "error",
    "An end before the start.",
    E(event="end: 2026-02-16"),
    E(event="end: 2026-02-18"),
    check=end_before_start,
)


def bounds_and_span(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if event.date.precision != "bounded":
        return
    if event.end is not None:
        yield (
            ("end",),
            "an event dated by bounds has no end: bounds hold one moment, a span runs from date to end",
            "for a span, write date: and end:; for one moment between two dates, remove end",
        )
    if event.approximate:
        yield (
            ("approximate",),
            "bounds are not approximate: they say exactly what the sources allow",
            "remove approximate: true, or widen the bounds to what the sources support",
        )


BOUNDS_AND_SPAN = event_rule(
    "bounds-and-span",
    "error",
    "A date given by bounds that also has an end or approximate: bounds say one moment lies "
    "somewhere between them, exactly as far as they go.",
    E(event=_BOUNDS + "\napproximate: true"),
    E(event=_BOUNDS, remove=("end",)),
    check=bounds_and_span,
)


def bounds_without_note(c: EventContext) -> Iterator[Finding]:
    if c.event.date.precision == "bounded" and not c.event.date_note:
        yield (
            ("date",),
            "a date given by bounds needs a date_note",
            "say why it is not before the first bound and not after the second, e.g. "
            "'after the opening (…) and before the newspaper of 13 Feb 2026 reported it'",
        )


BOUNDS_WITHOUT_NOTE = event_rule(
    "bounds-without-note",
    "warning",
    "A date given by bounds without a date_note saying where each bound comes from.",
    E(event="date: {not_before: 2026-02-17, not_after: 2026-02-20}", remove=("end", "date_note")),
    E(event=_BOUNDS, remove=("end",)),
    check=bounds_without_note,
)


def weekday_mismatch(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if event.weekday is None or weekday_window(event.written_date, event.weekday) is not None:
        return
    written = event.written_date
    wanted = event.weekday.capitalize()
    if written.precision == "day":
        message = f"{written} is a {weekday_name(written.first_day)}, not a {wanted}"
    else:
        message = f"no {wanted} falls between {written.first_day} and {written.last_day}"
    yield (("weekday",), message, "check the date and the weekday against the source")


WEEKDAY_MISMATCH = event_rule(
    "weekday-mismatch",
    "error",
    "A weekday the date cannot fall on: a day that is another weekday, or a window with no such day in it.",
    E(event="weekday: wednesday"),
    E(event="weekday: tuesday"),
    check=weekday_mismatch,
)


def weekday_bounds(c: EventContext) -> Iterator[Finding]:
    event = c.event
    written, narrowed = event.written_date, event.date
    if event.weekday is None or narrowed == written:
        return
    wanted = event.weekday.capitalize()
    where: tuple[str | int, ...] = ("date",)
    if isinstance(written, Bounds):
        parts = []
        if narrowed.first_day != written.first_day:
            parts.append(
                f"not_before {written.not_before} is a {weekday_name(written.first_day)}; the first "
                f"{wanted} in the window is {narrowed.first_day}"
            )
            where = ("date", "not_before")
        if narrowed.last_day != written.last_day:
            parts.append(
                f"not_after {written.not_after} is a {weekday_name(written.last_day)}; the last "
                f"{wanted} in the window is {narrowed.last_day}"
            )
            where = ("date", "not_after") if len(parts) == 1 else ("date",)
        message = "; ".join(parts)
    else:
        message = (
            f"{written} runs from {written.first_day} to {written.last_day}; its {wanted}s run "
            f"from {narrowed.first_day} to {narrowed.last_day}"
        )
    tight = (
        f"date: {narrowed}"
        if isinstance(narrowed, PartialDate)
        else f"date: {{not_before: {narrowed.first_day}, not_after: {narrowed.last_day}}}"
    )
    yield (where, message, f"write {tight} (the site already uses this window)")


WEEKDAY_BOUNDS = event_rule(
    "weekday-bounds",
    "warning",
    "A date with a weekday whose written window is looser than the weekday allows: the checker "
    "narrows it to the first and last such day, and the record should say so itself.",
    E(
        event="date: {not_before: 2026-02-16, not_after: 2026-02-20}\nweekday: tuesday\n"
        "date_note: Tuesday of the week of 16 Feb.",
        remove=("end",),
    ),
    E(event="date: 2026-02-17\nweekday: tuesday", remove=("end",)),
    check=weekday_bounds,
)


RULES = (
    END_BEFORE_START,
    BOUNDS_AND_SPAN,
    BOUNDS_WITHOUT_NOTE,
    WEEKDAY_MISMATCH,
    WEEKDAY_BOUNDS,
)
"""These rules, in the order the checker runs them."""
