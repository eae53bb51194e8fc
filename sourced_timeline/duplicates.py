"""Possible duplicates: events that may describe one event, found in near-linear work.

Two events are look-alikes when they are of one kind family, overlap in time (each known
within ``WINDOW_DAYS``), share two or more actors and have similar titles, unless either
lists the other in ``distinct_from`` or they are different rounds of one series.

Comparing every pair is quadratic, and a pull request of a thousand near-identical files
would exhaust a CI machine. Candidates come from a bounded index instead: events are
blocked by kind family and by each pair of their first ``PAIRED_ACTORS`` actors (in the
order listed: the parties come first); in a block, sorted by first day, each event is
compared with the events that follow it and overlap it, at most ``MAX_CANDIDATES`` in all.
Look-alike pairs join groups (union-find); a pair already in one group is not compared
again. Each member of a group gets one warning naming its look-alikes (at most
``MAX_NAMED``) and the size of its group. The work and the number of problems are both
linear in the number of events, whatever they contain.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from sourced_timeline.checks.data_set import POSSIBLE_DUPLICATE
from sourced_timeline.dataset import EventRecord
from sourced_timeline.load import Document
from sourced_timeline.problems import Problem
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import Vocabulary

WINDOW_DAYS = 31
"""Dates looser than this (a year, a long span or bounds) are too vague to call two events one."""
TITLE_SIMILARITY = 60
"""rapidfuzz token-set ratio (0–100) at which two titles may describe one event."""
PAIRED_ACTORS = 6
"""An event is indexed under each pair of its first six actors (15 blocks at most)."""
MAX_CANDIDATES = 24
"""Events each event is compared with, at most, across its blocks."""
MAX_NAMED = 5
"""Look-alikes named in one warning; the rest are counted."""


@dataclass
class _Dated:
    """An event as the comparison sees it."""

    index: int
    first: dt.date
    last: dt.date
    id: str
    actors: frozenset[str]
    title: str
    record: EventRecord
    document: Document
    alike: list[tuple[int, str]] = field(default_factory=list)
    """Its look-alikes found directly: (index, how they overlap)."""


def _comparable(records: Sequence[tuple[EventRecord, Document]]) -> list[_Dated]:
    """The events dated closely enough, with two or more actors."""
    dated: list[_Dated] = []
    for record, document in records:
        event = record.event
        first = event.date.first_day
        last = max(event.end.last_day if event.end else event.date.last_day, first)
        if (last - first).days <= WINDOW_DAYS and len(set(event.actors)) >= 2:
            dated.append(
                _Dated(
                    len(dated),
                    first,
                    last,
                    record.id,
                    frozenset(event.actors),
                    event.title.casefold(),
                    record,
                    document,
                )
            )
    return dated


def _blocks(dated: list[_Dated], vocabulary: Vocabulary) -> list[list[_Dated]]:
    """Events of one lane (kind family) sharing a pair of actors, each block sorted by first day."""
    blocks: dict[tuple[int, str, str], list[_Dated]] = defaultdict(list)
    for item in dated:
        event = item.record.event
        leading = list(dict.fromkeys(event.actors))[:PAIRED_ACTORS]
        for a, b in combinations(sorted(leading), 2):
            blocks[(vocabulary.lane_of(event.kind), a, b)].append(item)
    return [sorted(block, key=lambda item: (item.first, item.id)) for _, block in sorted(blocks.items())]


def _may_be_one(a: _Dated, b: _Dated) -> bool:
    """Whether two overlapping events of one family, sharing a pair of actors, look alike."""
    if len(a.actors & b.actors) < 2:
        return False
    x, y = a.record.event, b.record.event
    if b.id in x.distinct_from or a.id in y.distinct_from:
        return False
    if x.series and x.series == y.series and x.round != y.round:
        return False  # two rounds of one series are two events
    return fuzz.token_set_ratio(a.title, b.title) >= TITLE_SIMILARITY


class _Groups:
    """Union-find over event indexes."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _following(block: list[_Dated], position: int) -> Iterator[_Dated]:
    """The events after ``position`` in a block."""
    for index in range(position + 1, len(block)):
        yield block[index]


def possible_duplicates(
    records: Sequence[tuple[EventRecord, Document]], vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> list[Problem]:
    """One ``possible-duplicate`` warning on each event that has look-alikes (events of one
    lane of the vocabulary)."""
    dated = _comparable(records)
    groups = _Groups(len(dated))
    budget = [MAX_CANDIDATES] * len(dated)
    for block in _blocks(dated, vocabulary):
        for position, item in enumerate(block):
            for other in _following(block, position):  # no slice: a copy per event is quadratic
                if other.first > item.last or not budget[item.index]:
                    break
                budget[item.index] -= 1
                if groups.find(item.index) == groups.find(other.index) or not _may_be_one(item, other):
                    continue
                groups.join(item.index, other.index)
                when = (
                    "same day"
                    if (item.first, item.last) == (other.first, other.last) == (item.first, item.first)
                    else "overlapping dates"
                )
                item.alike.append((other.index, when))
                other.alike.append((item.index, when))
    sizes: dict[int, int] = defaultdict(int)
    for item in dated:
        sizes[groups.find(item.index)] += 1
    return [_warning(item, dated, sizes[groups.find(item.index)]) for item in dated if item.alike]


def _warning(item: _Dated, dated: list[_Dated], group_size: int) -> Problem:
    """The warning on one event: its look-alikes, how they overlap, its group's size."""
    named = [dated[index] for index, _ in item.alike[:MAX_NAMED]]
    first = named[0]
    names = ", ".join(other.id for other in named)
    more = len(item.alike) - len(named)
    if more:
        names += f" and {more} more"
    detail = f"{item.alike[0][1]}, {len(item.actors & first.actors)} shared actors, similar title"
    if group_size > len(item.alike) + 1:
        detail += f"; one of {group_size} look-alike events"
    ids = ", ".join(other.id for other in named)
    return item.document.problem(
        ("title",),
        POSSIBLE_DUPLICATE.code,
        f"may describe the same event as {names} ({detail})",
        f"if so, add your source there; if not, add distinct_from: [{ids}]",
        severity="warning",
    )
