"""The state of play: each party's stated positions on each topic, the latest first.

A *party* is a state or organisation: a person speaks for the state they act for
(``country`` in actors.yaml), and a person who acts for none (an analyst) is no party;
their views stay in a topic's full list of positions. The latest position of each party,
among those stated at events that happened, is its current one; it is marked *changed*
when its words differ from the party's previous position on the topic (the reader compares
them: both are shown).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from timeline.dataset import Dataset, EventRecord
from timeline.model import Position, Source


@dataclass(frozen=True)
class Statement:
    """One stated position, with the event it was stated at and the source that reports it."""

    record: EventRecord
    position: Position
    source: Source
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
            found.append(Statement(record, position, record.event.sources[position.source - 1], party))
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
    """Contested topics (two or more parties stated a position) by the parties' standings."""

    parties: list[str]
    rows: list[tuple[str, dict[str, Standing]]]


def state_of_play(ds: Dataset, max_parties: int = 4) -> StateOfPlay:
    """The home page's table: the most engaged parties' current positions on each contested
    topic, topics in the order of their latest statement (the most recent first)."""
    by_topic = {topic: standings(statements(ds, topic)) for topic in ds.topics}
    contested = {topic: standing for topic, standing in by_topic.items() if len(standing) >= 2}
    parties = ranked_parties(ds, contested)[:max_parties]
    rows = sorted(
        ((topic, standing) for topic, standing in contested.items()),
        key=lambda row: max(s.latest.record.event.date.first_day for s in row[1].values()),
        reverse=True,
    )
    return StateOfPlay(parties, rows)


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
