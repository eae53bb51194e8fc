"""Rules about one event's citations: their numbers, attributions and dates."""

from __future__ import annotations

from collections.abc import Iterator

from sourced_timeline.checks.context import EventContext
from sourced_timeline.checks.examples import EXAMPLE_SOURCE
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import Finding, event_rule


def bad_source_index(c: EventContext) -> Iterator[Finding]:
    for kind in ("positions", "counts"):
        for index, item in enumerate(getattr(c.event, kind)):
            if item.source > len(c.event.sources):
                yield (
                    (kind, index, "source"),
                    f"source {item.source} does not exist: the event has {len(c.event.sources)} source(s)",
                    "sources are numbered from 1",
                )


BAD_SOURCE_INDEX = event_rule(
    "bad-source-index",
    "error",
    "A position or count citing a source the event does not list.",
    E(event="positions:\n  - {actor: town-council, topic: route, stance: Along the river., source: 3}"),
    E(event="positions:\n  - {actor: town-council, topic: route, stance: Along the river., source: 1}"),
    check=bad_source_index,
)


def unnamed_source(c: EventContext) -> Iterator[Finding]:
    for index, source in enumerate(c.event.sources):
        if source.attribution == "named" and not source.attributed_to:
            yield (
                ("sources", index, "attribution"),
                "attribution is 'named' but no one is named",
                "add attributed_to: <who said it>",
            )


UNNAMED_SOURCE = event_rule(
    "unnamed-source",
    "error",
    "A source attributed to a named person who is not named.",
    E(event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named}}"),
    E(event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Alex Morgan}}"),
    check=unnamed_source,
)


def as_of_before_source(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if event.as_of is None:
        return
    published = [
        (source.date.first_day, citation.source)
        for citation in event.sources
        if (source := c.entries["sources"].get(citation.source)) is not None and not source.approximate
    ]
    if not published:
        return
    earliest, source_id = max(published)
    if event.as_of.last_day < earliest:
        yield (
            ("as_of",),
            f"as_of {event.as_of} is before its source {source_id} can have appeared (not before {earliest})",
            f"as_of is the day the latest source still reported the plan: {earliest} or later",
        )


AS_OF_BEFORE_SOURCE = event_rule(
    "as-of-before-source",
    "error",
    "A planned event's as_of (the day its latest source still reported it as planned) that "
    "ends before one of its sources can have appeared.",
    E(event="status: planned\nas_of: 2026-02-12\noutcome: unrecorded"),
    E(event="status: planned\nas_of: 2026-02-28\noutcome: unrecorded"),
    check=as_of_before_source,
)


def after_latest_source(c: EventContext) -> Iterator[Finding]:
    event = c.event
    if event.status != "happened" or not event.sources:
        return
    published = [c.entries["sources"].get(citation.source) for citation in event.sources]
    if any(source is None or source.approximate for source in published):
        return  # an unknown source is reported on its own; an approximate date bounds nothing
    latest, source_id = max(
        (source.date.last_day, citation.source)
        for source, citation in zip(published, event.sources, strict=True)
        if source is not None
    )
    last = (event.end or event.date).last_day
    if last > latest:
        yield (
            ("end",) if event.end else ("date",),
            f"the event may end as late as {last}, but its latest source ({source_id}) appeared by "
            f"{latest}: a source reports only what happened before it",
            f"narrow the date to end by {latest} (not_after: {latest}), cite the source that reports "
            "it as past, or record it as planned",
        )


AFTER_LATEST_SOURCE = event_rule(
    "after-latest-source",
    "error",
    "A happened event whose dates reach past the day its latest source can have appeared: a "
    "source reports what happened before it, so the window ends by then.",
    E(event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Alex Morgan}}"),
    E(),
    check=after_latest_source,
)


RULES = (
    BAD_SOURCE_INDEX,
    UNNAMED_SOURCE,
    AS_OF_BEFORE_SOURCE,
    AFTER_LATEST_SOURCE,
)
"""These rules, in the order the checker runs them."""
