"""Validate loaded records: each file against the schema, then the rules across records.

Every problem found is returned, all at once, each placed at a file, line and column.
The result is a Dataset when there are no errors.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import groupby
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from sourced_timeline.characters import shown, skeleton
from sourced_timeline.checks.context import SINGULAR, EventContext, NameFinder, Names, unknown_kind_message
from sourced_timeline.checks.data_set import (
    ALIAS_CLASH,
    BEFORE_PRECEDING_EVENT,
    DUPLICATE_ID,
    DUPLICATE_ROUND,
    FORMER_ID_TAKEN,
    MISSING_MEDIA,
    SERIES_ORDER,
    STALE_SUMMARY,
    UNUSED_ENTRY,
    VOCABULARY_LANE,
)
from sourced_timeline.checks.files import BAD_ID, ID_DATE, ID_TOO_LONG, MISSING_FILE, WRONG_FOLDER
from sourced_timeline.checks.references import UNKNOWN_KIND, UNKNOWN_REF
from sourced_timeline.checks.registries import FUTURE_SOURCE, SOURCE_WITHOUT_PUBLISHER, UNCITED_SOURCE
from sourced_timeline.checks.registry import EVENT_RULES
from sourced_timeline.checks.rule import Rule
from sourced_timeline.checks.schema import (
    NOT_A_MAPPING,
    describe_value,
    id_code,
    id_hint,
    id_message,
    schema_problems,
)
from sourced_timeline.dataset import Dataset, EventRecord, event_sort_key
from sourced_timeline.duplicates import possible_duplicates
from sourced_timeline.load import (
    REGISTRIES,
    Document,
    display_path,
    find_record_files,
    load_file,
    record_name,
)
from sourced_timeline.media import MediaError, MediaImage, read_image
from sourced_timeline.model import (
    EVENT_ID_BODY,
    EVENT_REFERENCE_FIELDS,
    ID,
    ID_BODY,
    MAX_ID_LENGTH,
    POSITION_REFERENCE_FIELDS,
    REFERENCE_FIELDS,
    Actor,
    Era,
    Event,
    Place,
    Series,
    Source,
    Summary,
    Topic,
)
from sourced_timeline.problems import Problem, has_errors
from sourced_timeline.runtime.collector import collector_paused
from sourced_timeline.runtime.processes import forked_share
from sourced_timeline.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from sourced_timeline.vocabulary import Vocabulary

_EVENT_ID = re.compile(EVENT_ID_BODY)
_ID = re.compile(ID_BODY)
_ID_DATE = re.compile(r"([0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?)-")
_REGISTRY_ITEM_MODELS: dict[str, type[BaseModel]] = {
    "actors": Actor,
    "topics": Topic,
    "places": Place,
    "sources": Source,
    "series": Series,
    "eras": Era,
}


_Validated = tuple[Document, Event | None, list[Problem]]
"""A Document, its event model (None if it failed the schema) and its schema problems."""

_RulesKept = dict[int, tuple[Document, Any, list[Problem]]]
"""Event rules' problems by Document id: the Document, what else they depended on, the problems."""


RACY_NS = 2_000_000_000
"""A file modified this recently (in nanoseconds) when it was read is not kept: a second edit
within the file system's timestamp granularity (up to 2 s) could leave its size and time as
they were (git's "racily clean" entries)."""


class LoadCache:
    """Loaded and schema-checked files kept between checks (while serving): a file whose size
    and modification time are unchanged is neither read nor validated again (unless it had
    just been modified when it was read: ``RACY_NS``)."""

    def __init__(self) -> None:
        self._documents: dict[str, tuple[tuple[int, int], Document]] = {}
        self.events: dict[int, _Validated] = {}
        """Validation of each event Document (by identity): its model and its schema problems."""
        self.rules: _RulesKept = {}
        """The event rules' problems for each event Document, with what else they depended on
        (the registries' Documents, every event id, today)."""
        self.shared_rules: _RulesKept = {}
        """The same for the rules that run across the records (``_SHARED_RULES``)."""
        self.file_names: _RulesKept = {}
        """The problems with each event Document's file name, with that name."""

    def load(self, path: str, shown: str) -> Document:
        """The file's Document, from the cache when the file is unchanged."""
        try:
            status = os.stat(path)
            key = (status.st_size, status.st_mtime_ns)
        except OSError:
            return load_file(path, shown)
        cached = self._documents.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        document = load_file(path, shown)
        if time.time_ns() - status.st_mtime_ns > RACY_NS:
            self._documents[path] = (key, document)
        return document

    def forget_others(self, paths: set[str]) -> None:
        """Drop what belongs to files no longer in the data folder."""
        self._documents = {path: entry for path, entry in self._documents.items() if path in paths}
        alive = {id(document) for _, document in self._documents.values()}
        for kept in (self.events, self.rules, self.shared_rules, self.file_names):
            for key in [key for key in kept if key not in alive]:
                del kept[key]


def check_folder(
    data_dir: Path, today: dt.date, cache: LoadCache | None = None
) -> tuple[Dataset | None, list[Problem]]:
    """Load and check every record under ``data_dir``; a Dataset only if there is no error.
    With a cache, unchanged files are neither read nor validated again."""
    with collector_paused(promote=cache is None):
        return _check_folder(data_dir, today, cache)


def _check_folder(
    data_dir: Path, today: dt.date, cache: LoadCache | None
) -> tuple[Dataset | None, list[Problem]]:
    files = find_record_files(data_dir)
    problems = list(files.problems)
    shown = display_path(data_dir)
    load = cache.load if cache is not None else load_file
    registries: dict[str, Document] = {}
    for name in REGISTRIES:
        relative = files.registries.get(name)
        if relative is None:
            problems.append(
                Problem(
                    record_name(shown, f"{name}.yaml"),
                    1,
                    1,
                    MISSING_FILE.code,
                    f"the {name} registry is missing",
                    "create it, even empty: {}",
                )
            )
        else:
            registries[name] = load(os.path.join(data_dir, relative), record_name(shown, relative))
    vocabulary_file = files.registries.get("vocabulary")
    if vocabulary_file is not None:
        registries["vocabulary"] = load(
            os.path.join(data_dir, vocabulary_file), record_name(shown, vocabulary_file)
        )
    checker = _Checker(registries, files.events, today, cache)
    if cache is not None:
        checked = [
            checker.event(
                cache.load(os.path.join(data_dir, relative), record_name(shown, relative)), relative
            )
            for relative in files.events
        ]
        cache.forget_others({os.path.join(data_dir, r) for r in [*files.registries.values(), *files.events]})
    else:  # each file read and checked once, a share of them in a second process
        paths = [
            (os.path.join(data_dir, relative), record_name(shown, relative), relative)
            for relative in files.events
        ]
        with forked_share(checker.load_event, paths, SECOND_PROCESS_SHARE, PARALLEL_MIN_FILES) as helper:
            checked = [checker.load_event(path) for path in helper.mine] + helper.results()
    dataset, found = checker.across(checked)
    media_problems, images = _check_media(data_dir, checked)
    found += media_problems
    if has_errors(media_problems):
        dataset = None
    elif dataset is not None and images:
        dataset = replace(dataset, media_files=images)
    summary_file = files.registries.get("summary")
    if summary_file is not None:
        document = load(os.path.join(data_dir, summary_file), record_name(shown, summary_file))
        records = [record for _, record, _ in checked if record is not None]
        summary, summary_problems = _check_summary(document, checker.names, records)
        found += summary_problems
        if has_errors(summary_problems):
            dataset = None
        elif dataset is not None:
            dataset = replace(dataset, summary=summary)
    eras_file = files.registries.get("eras")
    if eras_file is not None:
        document = load(os.path.join(data_dir, eras_file), record_name(shown, eras_file))
        eras_problems = list(document.problems)
        eras = _validate_registry("eras", document, eras_problems)
        found += eras_problems
        if has_errors(eras_problems):
            dataset = None
        elif dataset is not None:
            in_order = sorted(eras.items(), key=lambda item: item[1].start.first_day)
            dataset = replace(dataset, eras=dict(in_order))
    return dataset, sorted(problems + found)


def _check_media(data_dir: Path, checked: list[_Checked]) -> tuple[list[Problem], dict[str, MediaImage]]:
    """Every image file an event names: there, not through a link, not too large, and the
    image its name says; with each one's size and bytes, for the pages."""
    problems: list[Problem] = []
    images: dict[str, MediaImage] = {}
    for document, record, _ in checked:
        for index, media in enumerate(record.event.media if record is not None else []):
            if media.file is None or media.file in images:
                continue
            try:
                images[media.file] = read_image(data_dir, media.file)
            except MediaError as error:
                hint = "put the image at that path under data/" if error.code == MISSING_MEDIA.code else ""
                problems.append(document.problem(("media", index, "file"), error.code, str(error), hint))
    return problems, images


def _check_summary(
    document: Document, names: Names, records: list[EventRecord]
) -> tuple[Summary | None, list[Problem]]:
    """Where things stand (summary.yaml): its format, the events it cites, and its age
    against the latest event that happened."""
    problems = list(document.problems)
    summary = _validate(Summary, document, (), problems)
    if summary is None:
        return None, problems
    for number, bullet in enumerate(summary.bullets):
        for place, value in enumerate(bullet.events):
            if value not in names.known["events"]:
                problems.append(
                    document.problem(
                        ("bullets", number, "events", place),
                        UNKNOWN_REF.code,
                        *names.unknown("events", value),
                    )
                )
    for place, value in enumerate(summary.parties):
        if value not in names.known["actors"]:
            problems.append(
                document.problem(("parties", place), UNKNOWN_REF.code, *names.unknown("actors", value))
            )
    happened = [record.event.date.first_day for record in records if record.event.status == "happened"]
    if happened and (max(happened) - summary.as_of.last_day).days > summary.stale_after_days:
        problems.append(
            document.problem(
                ("as_of",),
                STALE_SUMMARY.code,
                f"the summary is as of {summary.as_of}, but an event of {max(happened)} happened since "
                f"(more than stale_after_days, {summary.stale_after_days}, later)",
                "read the events since, bring the bullets up to date, then set as_of to today",
                severity="warning",
            )
        )
    return summary, problems


PARALLEL_MIN_FILES = 2_000
"""From this many event files a check without a cache reads and checks SECOND_PROCESS_SHARE
of them in a forked second process (only the results travel back, pickled)."""

SECOND_PROCESS_SHARE = 0.45
"""Less than half: this process also unpickles what the second one sends."""


def check_documents(
    registries: dict[str, Document],
    events: list[tuple[Document, str]],
    today: dt.date,
    cache: LoadCache | None = None,
) -> tuple[Dataset | None, list[Problem]]:
    """Check parsed registries and events (with paths relative to the data folder); no I/O."""
    checker = _Checker(registries, [relative for _, relative in events], today, cache)
    return checker.across([checker.event(document, relative) for document, relative in events])


_Checked = tuple[Document, EventRecord | None, list[Problem]]
"""An event file's Document, its record (None if it failed the schema), and the problems
found in it alone."""

_SHARED_RULES = frozenset({UNKNOWN_REF.code})
"""Event rules that share one budget of 'did you mean' suggestions: they run across the
records, in this process and in file order, so the same records get the same hints however
the work is split."""


class _Checker:
    """One check of a data folder: the registries first, then each event file on its own
    (``event``: schema, file name, and the rules about one event), then across the records
    (``across``)."""

    def __init__(
        self, registries: dict[str, Document], event_files: list[str], today: dt.date, cache: LoadCache | None
    ) -> None:
        # The registries proper (the vocabulary is read apart from them).
        self.registries = {name: document for name, document in registries.items() if name != "vocabulary"}
        self.today, self.cache = today, cache
        self.problems: list[Problem] = []
        self.entries: dict[str, dict[str, Any]] = {name: {} for name in REGISTRIES}
        self.vocabulary: Vocabulary | None = DEFAULT_VOCABULARY
        for name, document in registries.items():
            self.problems += document.problems
            if name == "vocabulary":
                self.vocabulary = self._read_vocabulary(document)
            else:
                self.entries[name] = _validate_registry(name, document, self.problems)
        # Every event file named with a valid id registers it, even when its record has errors:
        # references to it stay quiet, and the one real error is the only one reported.
        file_ids = (_identifier(relative) for relative in event_files)
        self.names = Names(self.entries, (i for i in file_ids if _EVENT_ID.fullmatch(i)))
        self.finder = NameFinder(self.entries["actors"])
        # What an event's rules depend on besides the event itself (all registry Documents are
        # the same objects while their files are unchanged).
        known = frozenset(self.names.known["events"])
        self.context_key = (tuple(id(d) for d in registries.values()), hash(known), len(known), today)
        self.rules = [rule for rule in EVENT_RULES if rule.code not in _SHARED_RULES]
        self.shared_rules = [rule for rule in EVENT_RULES if rule.code in _SHARED_RULES]

    def _read_vocabulary(self, document: Document) -> Vocabulary | None:
        """The site's vocabulary, or None when it cannot be read (no kind can then be
        called unknown: the file's own problems are what to fix)."""
        vocabulary: Vocabulary | None = _validate(Vocabulary, document, (), self.problems)
        if vocabulary is None:
            return None
        for loc, message, hint in vocabulary.lane_problems():
            self.problems.append(document.problem(loc, VOCABULARY_LANE.code, message, hint))
        return vocabulary

    def load_event(self, path: tuple[str, str, str]) -> _Checked:
        """``event`` for a file (its path, the path problems show, the path in the data folder)."""
        return self.event(load_file(path[0], path[1]), path[2])

    def event(self, document: Document, relative: str) -> _Checked:
        """One event file on its own; with a cache, validated and ruled on once per Document."""
        problems = list(document.problems)
        event = _validate_event(document, self.cache.events if self.cache is not None else None, problems)
        problems += self._file_name_problems(document, relative, event)
        if event is None:
            return document, None, problems
        record = EventRecord(_identifier(relative), relative, event)
        problems += self._rule_on(record, document, self.rules, self.cache.rules if self.cache else None)
        return document, record, problems

    def _file_name_problems(self, document: Document, relative: str, event: Event | None) -> list[Problem]:
        """``_check_file_name``, once per Document and name with a cache (the event is the
        Document's own validated model, the same while the Document is)."""
        kept = self.cache.file_names if self.cache is not None else None
        return _kept_problems(kept, document, relative, lambda: _check_file_name(document, relative, event))

    def _rule_on(
        self,
        record: EventRecord,
        document: Document,
        rules: list[Rule],
        kept: _RulesKept | None,
    ) -> list[Problem]:
        def find() -> list[Problem]:
            context = EventContext(record, self.entries, self.names, self.today, self.finder, self.vocabulary)
            return _check_event(context, document, rules)

        return _kept_problems(kept, document, self.context_key, find)

    def across(self, checked: list[_Checked]) -> tuple[Dataset | None, list[Problem]]:
        """The problems across records; a Dataset only if there is no error at all."""
        problems = self.problems + [problem for _, _, found in checked for problem in found]
        records = [(record, document) for document, record, _ in checked if record is not None]
        problems = _name_hints(problems, {document.path: document for document, _, _ in checked}, self.names)
        problems += _unknown_raw_references(
            [document for document, record, _ in checked if record is None], self.names
        )
        problems += _check_registries(self.entries, self.registries, self.names)
        if self.vocabulary is not None:
            problems += _check_kinds(self.entries, self.registries, self.vocabulary)
        problems += _check_sources(self.entries["sources"], self.registries.get("sources"), self.today)
        shared = self.cache.shared_rules if self.cache is not None else None
        for record, document in records:
            problems += self._rule_on(record, document, self.shared_rules, shared)
        problems += _check_events(records, self.vocabulary or DEFAULT_VOCABULARY)
        if not has_errors(problems):  # a record that failed may hold the only reference
            problems += _unused_entries(
                self.entries, self.registries, [record.event for record, _ in records]
            )
        if has_errors(problems):
            return None, problems
        ordered = tuple(sorted((record for record, _ in records), key=event_sort_key))
        return Dataset(
            ordered,
            self.entries["actors"],
            self.entries["topics"],
            self.entries["places"],
            sources=self.entries["sources"],
            series=self.entries["series"],
            vocabulary=self.vocabulary or DEFAULT_VOCABULARY,
        ), problems


def _kept_problems(
    kept: _RulesKept | None, document: Document, depends_on: Any, find: Callable[[], list[Problem]]
) -> list[Problem]:
    """What ``find`` finds in ``document``; with a store (a LoadCache's), found once while the
    Document is the very same object and what else it depends on is equal."""
    cached = kept.get(id(document)) if kept is not None else None
    if cached is not None and cached[0] is document and cached[1] == depends_on:
        return cached[2]
    found = find()
    if kept is not None:
        kept[id(document)] = (document, depends_on, found)
    return found


def _identifier(relative: str) -> str:
    """The event id a record file's name gives."""
    return relative.rsplit("/", 1)[-1].removesuffix(".yaml")


# --- one file against the schema -------------------------------------------------------


def _validate_event(
    document: Document, known: dict[int, _Validated] | None, problems: list[Problem]
) -> Event | None:
    """The event model of a Document, validated once per Document: ``known`` keeps them."""
    cached = known.get(id(document)) if known is not None else None
    if cached is not None and cached[0] is document:
        problems += cached[2]
        return cached[1]
    found: list[Problem] = []
    event = _validate(Event, document, (), found)
    problems += found
    if known is not None:
        known[id(document)] = (document, event, found)
    return event  # type: ignore[no-any-return]


def _validate(
    model: type[BaseModel],
    document: Document,
    prefix: tuple[str, ...],
    problems: list[Problem],
) -> Any:
    if document.data is None:
        return None
    data = document.data
    for part in prefix:
        data = data[part]
    if not isinstance(data, dict):
        problems.append(
            document.problem(
                prefix,
                NOT_A_MAPPING.code,
                f"expected a mapping of fields, got {describe_value(data)}",
                "write 'field: value' lines",
            )
        )
        return None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems += schema_problems(model, document, prefix, error)
        return None


def _validate_registry(name: str, document: Document, problems: list[Problem]) -> dict[str, Any]:
    if document.data is None:
        return {}
    if not isinstance(document.data, dict):
        problems.append(
            document.problem(
                (),
                NOT_A_MAPPING.code,
                f"expected a mapping of ids to {name}, got {describe_value(document.data)}",
            )
        )
        return {}
    valid = {}
    for key in document.data:
        try:
            ID.validate_python(key)
        except ValidationError as error:
            problems += [
                document.problem((key,), id_code(detail), id_message(key, detail), id_hint(key), key=True)
                for detail in error.errors(include_url=False)
            ]
            continue
        item = _validate(_REGISTRY_ITEM_MODELS[name], document, (key,), problems)
        if item is not None:
            valid[key] = item
    return valid


# --- the file's place and name ----------------------------------------------------------


def _check_file_name(document: Document, relative: str, event: Event | None) -> list[Problem]:
    _, year, _ = relative.split("/")
    identifier = _identifier(relative)
    at = (document.path, 1, 1)
    if not _EVENT_ID.fullmatch(identifier):
        return [
            Problem(
                *at,
                BAD_ID.code,
                f"file name {shown(identifier)} is not a valid event id",
                id_hint(identifier) + "; an event id starts with its date, e.g. 2026-02-17-tram-hearing",
            )
        ]
    problems = []
    if len(identifier) > MAX_ID_LENGTH:
        problems.append(
            Problem(
                *at,
                ID_TOO_LONG.code,
                f"the id is {len(identifier)} characters long, more than the {MAX_ID_LENGTH} allowed",
                id_hint(identifier),
            )
        )
    if not identifier.startswith(year + "-"):
        problems.append(
            Problem(
                *at,
                WRONG_FOLDER.code,
                f"'{identifier}' is in the folder {year}",
                f"move it to events/{identifier[:4]}/",
            )
        )
    id_date = _ID_DATE.match(identifier)  # a prefix: re.match anchors at the start only
    if event is None:
        return problems
    # With bounds, the id starts with the earliest date, as written or as a weekday narrows it.
    dates = {str(event.date.earliest), str(event.written_date.earliest)}
    date = str(event.written_date.earliest)
    if id_date and not any(d.startswith(id_date[1]) or id_date[1].startswith(d) for d in dates):
        line, column = document.position(("date",))
        problems.append(
            Problem(
                document.path,
                line,
                column,
                ID_DATE.code,
                f"the id starts with {id_date[1]} but the date is {date}",
                "fix the date, or rename the file to match it",
                "warning",
            )
        )
    return problems


# --- rules across records ---------------------------------------------------------------


def _reference_spots(data: Any, events: bool = False) -> Iterator[tuple[tuple[str | int, ...], str, str]]:
    """(where, registry, value) of every string an unvalidated event uses as a registry id
    (``Event.references`` for raw data: the same field tables); with ``events``, also as
    another event's id (registry 'events')."""
    if not isinstance(data, dict):
        return
    fields = [*REFERENCE_FIELDS, *((field, "events") for field in EVENT_REFERENCE_FIELDS if events)]
    for field, kind in fields:
        values = data.get(field)
        for index, value in enumerate(values if isinstance(values, list) else ()):
            if isinstance(value, str):
                yield (field, index), kind, value
    positions = data.get("positions")
    for index, position in enumerate(positions if isinstance(positions, list) else ()):
        for key, kind in POSITION_REFERENCE_FIELDS:
            value = position.get(key) if isinstance(position, dict) else None
            if isinstance(value, str):
                yield ("positions", index, key), kind, value
    citations = data.get("sources")
    for index, citation in enumerate(citations if isinstance(citations, list) else ()):
        value = citation.get("source") if isinstance(citation, dict) else None
        if isinstance(value, str):
            yield ("sources", index, "source"), "sources", value
    if isinstance(data.get("series"), str):
        yield ("series",), "series", data["series"]


def _name_hints(problems: list[Problem], documents: dict[str, Document], names: Names) -> list[Problem]:
    """A bad id that is a known name ('Steve Witkoff') or close to one gets that hint first."""
    bad = {(p.path, p.line, p.column): i for i, p in enumerate(problems) if p.code == BAD_ID.code}
    if not bad:
        return problems
    problems = list(problems)
    for path in {path for path, _, _ in bad}:
        document = documents.get(path)
        if document is None:
            continue
        for loc, kind, value in _reference_spots(document.data):
            where = document.problem(loc, BAD_ID.code, "")
            index = bad.get((path, where.line, where.column))
            hint = names.hint(kind, value) if index is not None else ""
            if index is not None and hint:
                problems[index] = replace(problems[index], hint=hint)
    return problems


def _unknown_raw_references(documents: list[Document], names: Names) -> list[Problem]:
    """Unknown ids in records that failed the schema (whose rules cannot run), reported in
    the same run as the schema's errors so that one check shows every bad reference."""
    problems = []
    for document in documents:
        for loc, kind, value in _reference_spots(document.data, events=True):
            pattern = _EVENT_ID if kind == "events" else _ID
            if pattern.fullmatch(value) and value not in names.known[kind]:
                message, hint = names.unknown(kind, value)
                problems.append(document.problem(loc, UNKNOWN_REF.code, message, hint))
    return problems


def _check_registries(
    entries: dict[str, dict[str, Any]], documents: dict[str, Document], names: Names
) -> list[Problem]:
    problems: list[Problem] = []
    actors = documents.get("actors")
    if actors is None:
        return problems
    owner_of: dict[str, str] = {}
    for actor_id, actor in entries["actors"].items():
        if actor.country and actor.country not in entries["actors"]:
            problems.append(
                actors.problem(
                    (actor_id, "country"), UNKNOWN_REF.code, *names.unknown("actors", actor.country)
                )
            )
        for index, alias in enumerate([actor.name, *actor.aliases]):
            other = owner_of.setdefault(skeleton(alias), actor_id)
            if other != actor_id:
                loc = (actor_id, "aliases", index - 1) if index else (actor_id, "name")
                problems.append(
                    actors.problem(
                        loc,
                        ALIAS_CLASH.code,
                        f"{shown(alias)} also names, or looks like a name of, the actor '{other}'",
                        "a name or alias must point to one actor; letters "
                        "from another script that look alike count as the same",
                    )
                )
    return problems


def _check_kinds(
    entries: dict[str, dict[str, Any]], documents: dict[str, Document], vocabulary: Vocabulary
) -> list[Problem]:
    """Actors', places' and series' kinds against the vocabulary (events': the unknown-kind rule)."""
    problems = []
    for name, what, known in (
        ("actors", "actor", vocabulary.actor_kinds),
        ("places", "place", vocabulary.place_kinds),
        ("series", "event", vocabulary.kinds),
    ):
        document = documents.get(name)
        for key, item in entries[name].items():
            if document is not None and item.kind not in known:
                problems.append(
                    document.problem(
                        (key, "kind"), UNKNOWN_KIND.code, *unknown_kind_message(what, item.kind, known)
                    )
                )
    return problems


def _unused_entries(
    entries: dict[str, dict[str, Any]], documents: dict[str, Document], events: list[Event]
) -> list[Problem]:
    """A notice for each actor, topic, place or series no event points to (nor, for an actor,
    any other actor as the state it acts for); a warning for each source no event cites."""
    used: dict[str, set[str]] = {name: set() for name in REGISTRIES}
    for event in events:
        for registry, ids in event.referenced():
            used[registry].update(ids)
    used["actors"].update(actor.country for actor in entries["actors"].values() if actor.country)
    problems = [
        documents[name].problem(
            (key,),
            UNUSED_ENTRY.code,
            f"no event refers to the {SINGULAR[name]} '{key}'",
            "add it to the events it belongs to, or remove it",
            key=True,
            severity="notice",
        )
        for name in REGISTRIES
        if name in documents and name != "sources"
        for key in entries[name]
        if key not in used[name]
    ]
    if "sources" in documents:
        problems += [
            documents["sources"].problem(
                (key,),
                UNCITED_SOURCE.code,
                f"no event cites the source '{key}'",
                "cite it in the events it reports (sources: - source: " + key + "), or remove it",
                key=True,
                severity="warning",
            )
            for key in entries["sources"]
            if key not in used["sources"]
        ]
    return problems


def _check_sources(sources: dict[str, Source], document: Document | None, today: dt.date) -> list[Problem]:
    """The source registry's own rules: a publisher left out says why; no source from the future."""
    problems: list[Problem] = []
    if document is None:
        return problems
    for key, source in sources.items():
        if source.publisher is None and not source.publisher_note:
            problems.append(
                document.problem(
                    (key, "publisher"),
                    SOURCE_WITHOUT_PUBLISHER.code,
                    f"the source '{key}' has no publisher and no publisher_note saying why",
                    "give publisher: <the outlet>, or, if the copy names none, "
                    "publisher_note: The copy names no outlet",
                )
            )
        if source.date.first_day > today:
            problems.append(
                document.problem(
                    (key, "date"), FUTURE_SOURCE.code, f"source dated {source.date}, after today ({today})"
                )
            )
    return problems


def _check_events(
    records: list[tuple[EventRecord, Document]], vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> list[Problem]:
    """Problems between events: a round of a series twice, possible duplicates, one id twice."""
    problems: list[Problem] = []
    folded: dict[str, list[tuple[EventRecord, Document]]] = defaultdict(list)
    rounds: dict[tuple[str, int], EventRecord] = {}
    for record, document in records:
        folded[unicodedata.normalize("NFKC", record.id).casefold()].append((record, document))
        event = record.event
        if event.series and event.round:
            first = rounds.setdefault((event.series, event.round), record)
            if first is not record:
                problems.append(
                    document.problem(
                        ("round",),
                        DUPLICATE_ROUND.code,
                        f"round {event.round} of '{event.series}' is also {first.id}",
                    )
                )
    problems += possible_duplicates(records, vocabulary)
    problems += _order_problems(records)
    problems += _former_id_problems(records)
    for group in folded.values():
        for record, document in group[1:]:
            problems.append(
                Problem(
                    document.path,
                    1,
                    1,
                    DUPLICATE_ID.code,
                    f"event id '{record.id}' is also used by {group[0][0].path}",
                    "ids must be unique, ignoring case and Unicode form",
                )
            )
    return problems


def _former_id_problems(records: list[tuple[EventRecord, Document]]) -> list[Problem]:
    """Former ids (``formerly``) that an event has now, or that two events claim: each
    former address leads to one event, and never hides a current one."""
    problems: list[Problem] = []
    current = {record.id: record for record, _ in records}
    claimed: dict[str, EventRecord] = {}
    for record, document in records:
        for index, former in enumerate(record.event.formerly):
            holder = current.get(former)
            first = claimed.setdefault(former, record)
            if holder is not None:
                message = f"'{former}' is the id of an event now ({holder.path})"
            elif first is not record:
                message = f"'{former}' is also a former id of {first.id} ({first.path})"
            else:
                continue
            problems.append(
                document.problem(
                    ("formerly", index),
                    FORMER_ID_TAKEN.code,
                    message,
                    "a former id is one no event has now, and only one event had",
                )
            )
    return problems


def _order_problems(records: list[tuple[EventRecord, Document]]) -> list[Problem]:
    """Events that start before what they follow: round k+1 of a series before round k can
    have begun, or an event before the one its ``after`` names."""
    problems: list[Problem] = []
    by_id = {record.id: record for record, _ in records}
    rounds: dict[str, list[tuple[int, dt.date, EventRecord]]] = defaultdict(list)
    for record, _ in records:
        if record.event.series and record.event.round:
            rounds[record.event.series].append((record.event.round, record.event.date.first_day, record))
    floors: dict[str, tuple[dt.date, EventRecord]] = {}
    """Per event id: the latest first day among the earlier rounds of its series, and that round."""
    for entries in rounds.values():
        entries.sort(key=lambda entry: (entry[0], entry[1]))
        latest: tuple[dt.date, EventRecord] | None = None
        for _, group in groupby(entries, key=lambda entry: entry[0]):
            same_round = list(group)
            if latest is not None:
                floors.update((record.id, latest) for _, _, record in same_round)
            _, first, record = same_round[-1]
            if latest is None or first > latest[0]:
                latest = (first, record)
    for record, document in records:
        event = record.event
        start = event.date.first_day
        floor = floors.get(record.id)
        if floor is not None and start < floor[0]:
            earlier = floor[1]
            problems.append(
                document.problem(
                    ("date",),
                    SERIES_ORDER.code,
                    f"round {event.round} of '{event.series}' may start as early as {start}, but round "
                    f"{earlier.event.round} ({earlier.path}) cannot have begun before {floor[0]}",
                    f"start the window on {floor[0]} or later (not_before: {floor[0]}), or check the rounds",
                )
            )
        cause = by_id.get(event.after) if event.after and event.after != record.id else None
        if cause is not None and start < cause.event.date.first_day:
            problems.append(
                document.problem(
                    ("date",),
                    BEFORE_PRECEDING_EVENT.code,
                    f"the event may start as early as {start}, but it came after {cause.id} "
                    f"({cause.path}), which cannot have begun before {cause.event.date.first_day}",
                    f"start the window on {cause.event.date.first_day} or later "
                    f"(not_before: {cause.event.date.first_day}), or check after:",
                )
            )
    return problems


def _check_event(context: EventContext, document: Document, rules: list[Rule]) -> list[Problem]:
    """Run these event rules; each finding becomes a problem at its place."""
    return [
        document.problem(loc, rule.code, message, hint, severity=rule.level)
        for rule in rules
        for loc, message, hint in rule.check(context)  # type: ignore[misc]
    ]
