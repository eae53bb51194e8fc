"""Rules about planned and happened events: statuses against today and the sources."""

from __future__ import annotations

from collections.abc import Iterator

from sourced_timeline.checks.context import EventContext
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import Finding, event_rule


def happened_in_future(c: EventContext) -> Iterator[Finding]:
    if c.event.status == "happened" and c.event.date.first_day > c.today:
        yield (
            ("status",),
            f"status is 'happened' but the date {c.event.date} is after today ({c.today})",
            "use status: planned",
        )


HAPPENED_IN_FUTURE = event_rule(
    "happened-in-future",
    "error",
    "An event that 'happened' on a date still to come.",
    E(event="date: 2099-02-17", remove=("end",), file="events/2099/2099-02-17-third-hearing.yaml"),
    E(
        event="date: 2099-02-17\nstatus: planned",
        remove=("end",),
        file="events/2099/2099-02-17-third-hearing.yaml",
    ),
    check=happened_in_future,
)


def as_of_not_planned(c: EventContext) -> Iterator[Finding]:
    if c.event.as_of is not None and c.event.status not in ("planned", "postponed"):
        yield (("as_of",), "as_of is for planned or postponed events only", "")


AS_OF_NOT_PLANNED = event_rule(
    "as-of-not-planned",
    "error",
    "as_of (when a plan was last reported) on an event that is not planned.",
    E(event="as_of: 2026-02-13"),
    E(),
    check=as_of_not_planned,
)


def future_as_of(c: EventContext) -> Iterator[Finding]:
    if c.event.as_of is not None and c.event.as_of.first_day > c.today:
        yield (("as_of",), f"as_of {c.event.as_of} is after today ({c.today})", "")


FUTURE_AS_OF = event_rule(
    "future-as-of",
    "error",
    "as_of after today.",
    E(event="status: planned\nas_of: 2099-01-01\noutcome: unrecorded"),
    E(event="status: planned\nas_of: 2026-02-28\noutcome: unrecorded"),
    check=future_as_of,
)


def outcome_not_planned(c: EventContext) -> Iterator[Finding]:
    if c.event.outcome is not None and c.event.status != "planned":
        yield (("outcome",), "outcome is for planned events only", "")


OUTCOME_NOT_PLANNED = event_rule(
    "outcome-not-planned",
    "error",
    "outcome on an event that is not planned.",
    E(event="outcome: unrecorded"),
    E(),
    check=outcome_not_planned,
)


def stale_plan(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if (
        event.status == "planned"
        and event.date.last_day < c.today
        and (event.as_of is None or event.outcome is None)
    ):
        yield (
            ("status",),
            f"planned for {event.date}, which has passed",
            "record what happened (status: happened, postponed or cancelled), or say the sources do not "
            "tell: as_of: <date of the latest source> and outcome: unrecorded",
        )


STALE_PLAN = event_rule(
    "stale-plan",
    "warning",
    "A planned event whose date has passed, with no word of what became of it.",
    E(event="status: planned"),
    E(event="status: planned\nas_of: 2026-02-28\noutcome: unrecorded"),
    check=stale_plan,
)


RULES = (
    HAPPENED_IN_FUTURE,
    AS_OF_NOT_PLANNED,
    FUTURE_AS_OF,
    OUTCOME_NOT_PLANNED,
    STALE_PLAN,
)
"""These rules, in the order the checker runs them."""
