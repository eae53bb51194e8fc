"""The validated data set: the one object every later stage reads."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sourced_timeline.media import MediaImage
from sourced_timeline.model import Actor, Era, Event, Place, Position, Series, Source, Summary, Topic
from sourced_timeline.sources import CitedSource, resolve
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import Vocabulary


@dataclass(frozen=True)
class EventRecord:
    """An event with its id and the path of its file inside the data folder."""

    id: str
    path: str
    event: Event


def _index(pairs: list[tuple[str | int, EventRecord]]) -> dict[str | int, list[EventRecord]]:
    index: dict[str | int, list[EventRecord]] = defaultdict(list)
    for key, record in pairs:
        index[key].append(record)
    return dict(index)


@dataclass(frozen=True, eq=False)
class Registries:
    """The registries and the vocabulary of a Dataset, without its events: all a page's
    template may read besides what its own context holds, identified by ``fingerprint`` (a
    digest of every entry), which is what a cached page's key holds of them."""

    actors: dict[str, Actor]
    topics: dict[str, Topic]
    places: dict[str, Place]
    sources: dict[str, Source]
    series: dict[str, Series]
    eras: dict[str, Era]
    vocabulary: Vocabulary
    media_files: dict[str, MediaImage]
    fingerprint: str

    @cached_property
    def series_names(self) -> dict[str, str]:
        """Each series' name as readers see it (series.yaml), by id."""
        return {key: item.name for key, item in self.series.items()}

    def series_part(self, series: str) -> str | None:
        """What each numbered event of a series is called (series.yaml's ``part``), if it says."""
        entry = self.series.get(series)
        return entry.part if entry is not None else None

    def series_name(self, series: str) -> str:
        """A series as readers see it: its name in series.yaml (its id, for a data set built
        without the registry)."""
        return self.series_names.get(series, series)


@dataclass(frozen=True)
class Dataset:
    """All records, checked; events in date order, with indexes by what they point to."""

    events: tuple[EventRecord, ...]
    actors: dict[str, Actor]
    topics: dict[str, Topic]
    places: dict[str, Place]
    summary: Summary | None = None
    """Where things stand (data/summary.yaml), if the editors keep one."""
    sources: dict[str, Source] = field(default_factory=dict)
    """The source documents events cite (data/sources.yaml)."""
    series: dict[str, Series] = field(default_factory=dict)
    """The series events belong to (data/series.yaml)."""
    vocabulary: Vocabulary = DEFAULT_VOCABULARY
    """The site's kinds and lanes (data/vocabulary.yaml, or the neutral default)."""
    media_files: dict[str, MediaImage] = field(default_factory=dict)
    """The image files events show, by their path under data/ (media/…), checked."""
    eras: dict[str, Era] = field(default_factory=dict)
    """Named periods (data/eras.yaml, if the site keeps one), by their start."""

    @cached_property
    def registry_fingerprint(self) -> str:
        """A digest of the registries and the vocabulary, for caches keyed on what pages show."""
        digest = hashlib.sha256(self.vocabulary.model_dump_json().encode() + b"\0")
        for path, image in sorted(self.media_files.items()):  # an image replaced at its path
            digest.update(
                f"{path}\0{image.width}x{image.height}\0".encode() + hashlib.sha256(image.content).digest()
            )
        for registry in (self.actors, self.topics, self.places, self.sources, self.series, self.eras):
            for key, item in registry.items():
                digest.update(key.encode() + b"\0" + item.model_dump_json().encode() + b"\0")
        return digest.hexdigest()

    @cached_property
    def derived(self) -> dict[Any, Any]:
        """What later stages work out from the Dataset, by their own keys: worked out once,
        since a Dataset never changes (a topic's statements serve three pages)."""
        return {}

    @cached_property
    def cited(self) -> dict[str, tuple[CitedSource, ...]]:
        """Each event's numbered sources, resolved against the source registry, by event id."""
        return {record.id: resolve(record.event.sources, self.sources) for record in self.events}

    def citations(self, record: EventRecord) -> tuple[CitedSource, ...]:
        """The event's numbered sources (1 is the first), each with its source document."""
        found = self.cited.get(record.id)
        return found if found is not None else resolve(record.event.sources, self.sources)

    @cached_property
    def registries(self) -> Registries:
        """The registries and vocabulary alone: what a page template may read besides its own
        context (``pages.PageCache`` keys them by their fingerprint)."""
        return Registries(
            *(self.actors, self.topics, self.places, self.sources, self.series, self.eras),
            *(self.vocabulary, self.media_files, self.registry_fingerprint),
        )

    @property
    def series_names(self) -> dict[str, str]:
        """Each series' name as readers see it (series.yaml), by id."""
        return self.registries.series_names

    def series_name(self, series: str) -> str:
        """A series as readers see it (``Registries.series_name``)."""
        return self.registries.series_name(series)

    @cached_property
    def by_source(self) -> dict[str | int, list[EventRecord]]:
        """Events citing each source, in date order (an event once however often it cites it)."""
        return _index([(s, r) for r in self.events for s in dict.fromkeys(c.source for c in r.event.sources)])

    @cached_property
    def by_id(self) -> dict[str, EventRecord]:
        """Events by id."""
        return {record.id: record for record in self.events}

    @cached_property
    def by_actor(self) -> dict[str | int, list[EventRecord]]:
        """Events each actor takes part in or is named in, in date order."""
        return _index([(a, r) for r in self.events for a in r.event.named_actors])

    @cached_property
    def by_topic(self) -> dict[str | int, list[EventRecord]]:
        """Events about each topic, in date order."""
        return _index([(t, r) for r in self.events for t in r.event.topics])

    @cached_property
    def positions_by_topic(self) -> dict[str, list[tuple[EventRecord, Position]]]:
        """Every stated position on each topic, with its event, in date order (only events
        about the topic: a position on a topic its event does not list is not counted)."""
        index: dict[str, list[tuple[EventRecord, Position]]] = defaultdict(list)
        for record in self.events:
            for position in record.event.positions:
                if position.topic in record.event.topics:
                    index[position.topic].append((record, position))
        return dict(index)

    @cached_property
    def by_place(self) -> dict[str | int, list[EventRecord]]:
        """Events at each place, in date order."""
        return _index([(p, r) for r in self.events for p in r.event.places])

    @cached_property
    def by_year(self) -> dict[str | int, list[EventRecord]]:
        """Events by the year they start in."""
        return _index([(r.event.date.year, r) for r in self.events])

    @cached_property
    def by_series(self) -> dict[str | int, list[EventRecord]]:
        """Events of each series, in date order."""
        return _index([(r.event.series, r) for r in self.events if r.event.series])


def event_sort_key(record: EventRecord) -> tuple[object, ...]:
    """Date order: earliest possible day first, then the less precise date; among events the
    sources date alike (three reports in one article), the one with more stated positions,
    then more actors, comes later, so that newest first it leads; then id."""
    event = record.event
    return (event.date.first_day, event.date.last_day, len(event.positions), len(event.actors), record.id)
