"""Rules about what one event refers to: registries' ids, kinds, other events, its own actors."""

from __future__ import annotations

from collections.abc import Iterator

from sourced_timeline.characters import shown
from sourced_timeline.checks.context import EventContext, unknown_kind_message
from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import Finding, event_rule
from sourced_timeline.model import EVENT_REFERENCE_FIELDS


def unknown_reference(c: EventContext) -> Iterator[Finding]:
    # Where each reference is, only for an event that has an unknown one.
    if not all(all(map(c.entries[registry].__contains__, ids)) for registry, ids in c.event.referenced()):
        for registry, loc, value in c.event.references():
            if value not in c.entries[registry]:
                yield (loc, *c.names.unknown(registry, value))
    for field in EVENT_REFERENCE_FIELDS:
        for index, value in enumerate(getattr(c.event, field)):
            if value != c.record.id and value not in c.names.known["events"]:
                yield ((field, index), *c.names.unknown("events", value))
    after = c.event.after
    if after is not None and after != c.record.id and after not in c.names.known["events"]:
        yield (("after",), *c.names.unknown("events", after))


UNKNOWN_REF = event_rule(
    "unknown-ref",
    "error",
    "A reference to an actor, topic, place, source, series or event that does not exist.",
    E(event="actors: [town-council, residents-association, alex-morgan, mayor]"),
    E(event="actors: [town-council, residents-association, alex-morgan]"),
    check=unknown_reference,
)


def unknown_kind(c: EventContext) -> Iterator[Finding]:
    if c.vocabulary is not None and c.event.kind not in c.vocabulary.kinds:
        yield (("kind",), *unknown_kind_message("event", c.event.kind, c.vocabulary.kinds))


UNKNOWN_KIND = event_rule(
    "unknown-kind",
    "error",
    "A kind (of an event, an actor, a place or a series) that the site's vocabulary "
    "(data/vocabulary.yaml) does not declare.",
    E(event="kind: hearng"),
    E(event="kind: hearing"),
    check=unknown_kind,
)


def listed_twice(c: EventContext) -> Iterator[Finding]:
    for field in ("actors", "topics", "places"):
        seen: set[str] = set()
        for index, value in enumerate(getattr(c.event, field)):
            if value in seen:
                yield ((field, index), f"'{value}' is listed twice in {field}", "")
            seen.add(value)


LISTED_TWICE = event_rule(
    "listed-twice",
    "error",
    "The same actor, topic or place listed twice in one event.",
    E(event="places: [town-hall, town-hall]"),
    E(event="places: [town-hall]"),
    check=listed_twice,
)


def self_reference(c: EventContext) -> Iterator[Finding]:
    for index, value in enumerate(c.event.related):
        if value == c.record.id:
            yield (("related", index), "an event cannot be related to itself", "")
    if c.event.after == c.record.id:
        yield (("after",), "an event cannot come after itself", "")


SELF_REFERENCE = event_rule(
    "self-reference",
    "error",
    "An event listed among its own related events.",
    E(event="related: [2026-02-17-third-hearing]"),
    E(event="related: []"),
    check=self_reference,
)


def round_without_series(c: EventContext) -> Iterator[Finding]:
    if c.event.round is not None and c.event.series is None:
        yield (("round",), "a round needs a series", "add series: <id>")


ROUND_WITHOUT_SERIES = event_rule(
    "round-without-series",
    "error",
    "A round number without the series it belongs to.",
    E(remove=("series",)),
    E(),
    check=round_without_series,
)


def position_actor_not_listed(c: EventContext) -> Iterator[Finding]:
    listed = set(c.event.named_actors)
    for index, position in enumerate(c.event.positions):
        if position.actor in c.entries["actors"] and position.actor not in listed:
            yield (
                ("positions", index, "actor"),
                f"'{position.actor}' states a position but is not in this event's actors or mentioned",
                "add it to actors if a source says it took part, else to mentioned",
            )


POSITION_ACTOR_NOT_LISTED = event_rule(
    "position-actor-not-listed",
    "error",
    "A party states a position at an event it is not listed in.",
    E(event="actors: [residents-association, alex-morgan]"),
    E(event="actors: [town-council, residents-association, alex-morgan]"),
    check=position_actor_not_listed,
)


def actor_listed_twice(c: EventContext) -> Iterator[Finding]:
    for index, value in enumerate(c.event.mentioned):
        if value in c.event.actors:
            yield (
                ("mentioned", index),
                f"'{value}' is in actors and in mentioned",
                "keep it in actors if a source says it took part, else only in mentioned",
            )


ACTOR_LISTED_TWICE = event_rule(
    "actor-listed-twice",
    "error",
    "An actor both in actors (took part) and in mentioned (named without taking part).",
    E(event="mentioned: [town-council]"),
    E(event="mentioned: [sam-lee]", actors="sam-lee: {name: Sam Lee, kind: person}"),
    check=actor_listed_twice,
)


def actor_not_listed(c: EventContext) -> Iterator[Finding]:
    if not all(actor in c.entries["actors"] for actor in c.event.actors):
        return
    seen = set(c.event.named_actors)
    for field in ("title", "summary"):
        for alias, actor_id in c.finder.find(getattr(c.event, field)):
            if actor_id not in seen:
                seen.add(actor_id)
                yield (
                    (field,),
                    f"the {field} names {shown(alias)} ({actor_id}), not in actors",
                    f"add {actor_id} to actors if it took part, else to mentioned",
                )


ACTOR_NOT_LISTED = event_rule(
    "actor-not-listed",
    "notice",
    "The title or summary names an actor (by any alias) not in actors.",
    E(event="actors: [town-council, residents-association]\nsummary: Morgan speaks for the council."),
    E(
        event="actors: [town-council, residents-association, alex-morgan]\n"
        "summary: Morgan speaks for the council."
    ),
    check=actor_not_listed,
)


RULES = (
    UNKNOWN_REF,
    UNKNOWN_KIND,
    LISTED_TWICE,
    SELF_REFERENCE,
    ROUND_WITHOUT_SERIES,
    POSITION_ACTOR_NOT_LISTED,
    ACTOR_LISTED_TWICE,
    ACTOR_NOT_LISTED,
)
"""These rules, in the order the checker runs them."""
