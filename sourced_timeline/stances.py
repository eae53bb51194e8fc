"""The state of play: each party's stated positions on each topic, the latest first.

A *party* is a state or organisation: a person speaks for the state they act for
(``country`` in actors.yaml), and a person who acts for none (an analyst) is no party;
their views stay in a topic's full list of positions. The latest position of each party,
among those stated at events that happened, is its current one; it is marked *changed*
when its words differ from the party's previous position on the topic (the reader compares
them: both are shown).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sourced_timeline.dataset import Dataset, EventRecord
from sourced_timeline.i18n import gettext, ngettext
from sourced_timeline.model import Position
from sourced_timeline.sources import CitedSource


@dataclass(frozen=True)
class Statement:
    """One stated position, with the event it was stated at and the source that reports it."""

    record: EventRecord
    position: Position
    source: CitedSource
    party: str


@dataclass(frozen=True)
class Standing:
    """A party's current position on a topic, and the one before it."""

    latest: Statement
    previous: Statement | None

    @property
    def changed(self) -> bool:
        """The latest position says something other than the previous one."""
        if self.previous is None:
            return False
        return _words(self.latest.position.stance) != _words(self.previous.position.stance)

    def age_days(self, as_of: dt.date | None) -> int:
        """Days from the latest position's last possible day to AS_OF (0 without one)."""
        if as_of is None:
            return 0
        return max(0, (as_of - self.latest.record.event.date.last_day).days)

    def is_old(self, as_of: dt.date | None) -> bool:
        """Stated more than OLD_POSITION_DAYS before AS_OF: it may no longer hold."""
        return self.age_days(as_of) > OLD_POSITION_DAYS

    def changed_recently(self, as_of: dt.date | None) -> bool:
        """Changed, and the change is at most RECENT_CHANGE_DAYS old: still news."""
        return self.changed and self.age_days(as_of) <= RECENT_CHANGE_DAYS


OLD_POSITION_DAYS = 90
"""A position stated more than this many days before the site's as-of day is flagged as old."""

RECENT_CHANGE_DAYS = 30
"""A change of position is marked "changed" for this many days; after that it is the position."""


def age_label(days: int) -> str:
    """An age a reader takes in at once: "5 months old", "over a year old"."""
    if days >= 730:
        return ngettext("{n} year old", "{n} years old", days // 365).format(n=days // 365)
    if days >= 365:
        return gettext("over a year old")
    if days >= 60:
        return ngettext("{n} month old", "{n} months old", days // 30).format(n=days // 30)
    if days >= 14:
        return ngettext("{n} week old", "{n} weeks old", days // 7).format(n=days // 7)
    return ngettext("{n} day old", "{n} days old", days).format(n=days)


MAIN_PARTIES = 3
"""Columns of "What each side wants" when the summary names no parties."""


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


def party_of(ds: Dataset, actor_id: str) -> str | None:
    """The state or organisation an actor speaks for; None for a person who acts for none."""
    actor = ds.actors[actor_id]
    if actor.country:
        return actor.country
    return None if actor.kind == "person" else actor_id


def statements(ds: Dataset, topic_id: str) -> list[Statement]:
    """Every party's stated positions on a topic, in date order (worked out once per Dataset:
    the home page, the topic's page and its grid all show them)."""
    key = ("statements", topic_id)
    found: list[Statement] | None = ds.derived.get(key)
    if found is None:
        found = ds.derived[key] = _statements(ds, topic_id)
    return found


def _statements(ds: Dataset, topic_id: str) -> list[Statement]:
    found = []
    for record, position in ds.positions_by_topic.get(topic_id, []):
        party = party_of(ds, position.actor)
        if party is not None:
            found.append(Statement(record, position, ds.citations(record)[position.source - 1], party))
    return found


def standings(found: list[Statement]) -> dict[str, Standing]:
    """Each party's latest position and the one before it, among positions stated at events
    that happened: one attached to a planned, postponed or cancelled event (a plan dated
    2100, say) is nobody's standing, whatever its date."""
    by_party: dict[str, list[Statement]] = defaultdict(list)
    for statement in found:
        if statement.record.event.status == "happened":
            by_party[statement.party].append(statement)
    return {
        party: Standing(items[-1], items[-2] if len(items) > 1 else None) for party, items in by_party.items()
    }


def ranked_parties(ds: Dataset, by_topic: dict[str, dict[str, Standing]]) -> list[str]:
    """Parties by the number of topics they have a position on, then by name."""
    topics = Counter(party for standing in by_topic.values() for party in standing)
    return sorted(topics, key=lambda party: (-topics[party], ds.actors[party].name))


@dataclass(frozen=True)
class StateOfPlay:
    """What each side wants: contested topics (two or more parties stated a position) by the
    main parties' standings (the columns), the other parties' kept apart (behind a toggle)."""

    parties: list[str]
    others: list[str]
    rows: list[tuple[str, dict[str, Standing]]]
    as_of: dt.date | None = None
    """The day the site is current to: ages and recent changes are counted from it."""
    other_rows: list[tuple[str, list[tuple[str, Standing]]]] = field(default_factory=list)
    """Per topic, the other parties' standings (those with one)."""


def state_of_play(
    ds: Dataset, main: list[str] | None = None, as_of: dt.date | None = None, limit: int | None = None
) -> StateOfPlay:
    """The main parties' (MAIN, else the MAIN_PARTIES most engaged) current positions on each
    contested topic, topics in the order of their latest statement (the most recent first,
    the first LIMIT of them)."""
    by_topic = {topic: standings(statements(ds, topic)) for topic in ds.topics}
    contested = {topic: standing for topic, standing in by_topic.items() if len(standing) >= 2}
    ranked = ranked_parties(ds, contested)
    parties = [p for p in main if p in ds.actors] if main else ranked[:MAIN_PARTIES]
    others = [p for p in ranked if p not in parties]
    rows = sorted(
        ((topic, standing) for topic, standing in contested.items()),
        key=lambda row: max(s.latest.record.event.date.first_day for s in row[1].values()),
        reverse=True,
    )[:limit]
    other_rows = [(topic, [(p, row[p]) for p in others if p in row]) for topic, row in rows]
    return StateOfPlay(parties, others, rows, as_of, [(t, found) for t, found in other_rows if found])


@dataclass(frozen=True)
class Matrix:
    """A topic's stated positions as a party × event grid, the latest ``limit`` events."""

    parties: list[str]
    events: list[EventRecord]
    cells: dict[tuple[str, str], list[Statement]]


def matrix(ds: Dataset, topic_id: str, limit: int = 24) -> Matrix:
    """Rows are parties, columns the events (in date order) at which any stated a position."""
    found = statements(ds, topic_id)
    events: list[EventRecord] = []
    cells: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for statement in found:
        if not events or events[-1] is not statement.record:
            events.append(statement.record)
        cells[(statement.party, statement.record.id)].append(statement)
    kept = events[-limit:]
    ids = {record.id for record in kept}
    parties = ranked_parties(ds, {topic_id: standings(found)})
    return Matrix(parties, kept, {key: value for key, value in cells.items() if key[1] in ids})
