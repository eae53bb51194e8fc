"""The record format: pydantic models of events and registries, and partial dates.

These models are the contract with contributors: they validate each file on its own and
emit the JSON Schema that editors use for autocompletion. Rules that need more than one
record (references, unique ids, dates against today) live in ``sourced_timeline.check``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal, Protocol
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    RootModel,
    StringConstraints,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sourced_timeline.characters import shown, unsafe_in_value, why_refused
from sourced_timeline.dates import (
    MAX_YEAR,
    MIN_YEAR,
    Bounds,
    EventDate,
    PartialDate,
    Weekday,
    event_date_value,
    parse_event_date,
    weekday_window,
)

# ASCII digits and letters only ([0-9], never \d, which matches other scripts' digits); the
# anchored forms are for pydantic and JSON Schema (where $ ends the text), the bodies for
# Python's re.fullmatch (where $ would also match before a final newline).
ID_BODY = r"[a-z0-9]+(?:-[a-z0-9]+)*"
EVENT_ID_BODY = r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?(?:-[a-z0-9]+)+"
ID_PATTERN = f"^{ID_BODY}$"
EVENT_ID_PATTERN = f"^{EVENT_ID_BODY}$"
LANGUAGE_PATTERN = "^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
"""A language tag (BCP 47's common forms): 'en', 'uk', 'pt-BR'."""
MAX_TEXT = 2000
"""The longest text field without a tighter limit of its own (notes, descriptions)."""
MAX_URL = 2000
"""The longest link, as browsers and servers commonly accept."""

# Template and include syntax (Jinja, mkdocs-macros, pymdownx.snippets): never in a record.
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\{#|-{1,2}8<-{1,2}")

MAX_SOURCES = 100
"""Sources one event may list."""
MAX_COUNT = 10_000_000_000
"""The largest number a count may give (more than the world's population)."""
MAX_ROUND = 10_000
"""The highest round number in a series."""


def _plain_text(text: str) -> str:
    match = unsafe_in_value(text)
    if match:
        raise ValueError(f"contains {why_refused(match.group())}")
    match = _TEMPLATE_SYNTAX.search(text)
    if match:
        raise ValueError(
            f"contains '{match.group()}', which other tools read as a template or "
            "file inclusion; records are plain text"
        )
    return text


# Names Windows refuses as file names: an id becomes a page's file name.
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{n}" for p in ("com", "lpt") for n in range(10)}


MAX_ID_LENGTH = 80
"""An id is a file name and a folder name of the built site (events/<id>/index.html), and a
default Windows checkout refuses paths past 260 characters: 80 leaves room for the
checkout's own folder."""


def _short(identifier: str) -> str:
    if len(identifier) > MAX_ID_LENGTH:
        raise PydanticCustomError(
            "long_id",
            "an id of {length} characters is longer than the {limit} allowed",
            {"length": len(identifier), "limit": MAX_ID_LENGTH},
        )
    return identifier


def _not_reserved(identifier: str) -> str:
    if identifier in WINDOWS_RESERVED:
        raise PydanticCustomError(
            "reserved_id", "'{id}' is a name Windows reserves for devices", {"id": identifier}
        )
    return _short(identifier)


def _http_url(url: str) -> str:
    if len(url) > MAX_URL:
        raise ValueError(f"a link of {len(url):,} characters is longer than the {MAX_URL:,} allowed")
    if any(ch.isspace() for ch in url) or unsafe_in_value(url):
        raise ValueError(
            f"the link {shown(url)} contains a space, a control or an invisible "
            "character; copy it again from the browser's address bar"
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as error:
        raise ValueError(f"{shown(url)} is not a valid link ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        hint = f"; did you mean 'https://{url}'?" if "://" not in url and "." in url.split("/")[0] else ""
        raise ValueError(f"{shown(url)} is not an http:// or https:// link{hint}")
    return url


_PARTIAL_DATE_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
        {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
    ]
}


Date = Annotated[
    PartialDate,
    PlainValidator(PartialDate.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {**_PARTIAL_DATE_SCHEMA, "description": "A year (2026), a month (2026-02) or a day (2026-02-17)."}
    ),
]


BoundedDate = Annotated[
    EventDate,
    PlainValidator(parse_event_date),
    PlainSerializer(event_date_value),
    WithJsonSchema(
        {
            "anyOf": [
                *_PARTIAL_DATE_SCHEMA["anyOf"],
                {
                    "type": "object",
                    "properties": {"not_before": _PARTIAL_DATE_SCHEMA, "not_after": _PARTIAL_DATE_SCHEMA},
                    "required": ["not_before", "not_after"],
                    "additionalProperties": False,
                },
            ],
            "description": "A year (2026), a month (2026-02) or a day (2026-02-17); or, when the "
            "sources only bound it, {not_before: 2026-01-25, not_after: 2026-02-13}.",
        }
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=MAX_TEXT), AfterValidator(_plain_text)]


def _one_line(text: str) -> str:
    if "<" in text or ">" in text:
        raise ValueError("titles and names may not contain < or >")
    if "\n" in text:
        raise ValueError("titles and names are one line: remove the line break")
    return text


ShortText = Annotated[Text, StringConstraints(max_length=200), AfterValidator(_one_line)]

MAX_MARKDOWN_DEPTH = 12
"""How deeply lists and quotes may nest in a summary: Python-Markdown renders nesting by
recursion, and a few hundred levels exhaust Python's stack."""
_BLOCK_MARKERS = re.compile(r"(?:[ ]*(?:[-*+>]|[0-9]{1,9}[.)])(?=[ ]|$))*")


def _shallow_markdown(text: str) -> str:
    for number, line in enumerate(text.split("\n"), 1):
        prefix = _BLOCK_MARKERS.match(line)
        markers = prefix.group().replace(" ", "") if prefix else ""
        depth = len(re.findall(r"[-*+>]|[0-9]+[.)]", markers)) + (len(line) - len(line.lstrip(" "))) // 2
        if depth > MAX_MARKDOWN_DEPTH:
            raise ValueError(
                f"line {number} nests lists or quotes {depth} levels deep; at most "
                f"{MAX_MARKDOWN_DEPTH} are allowed"
            )
    return text


Markdown = Annotated[Text, AfterValidator(_shallow_markdown)]
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN), AfterValidator(_not_reserved)]
ID = TypeAdapter(Id)
EventId = Annotated[str, StringConstraints(pattern=EVENT_ID_PATTERN), AfterValidator(_short)]
Url = Annotated[
    str,
    AfterValidator(_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": MAX_URL}),
]


def _language_tag(tag: str) -> str:
    if not re.fullmatch(LANGUAGE_PATTERN[1:-1], tag):
        raise ValueError(f"{shown(tag)} is not a language tag: write en, ru, uk or pt-BR")
    return tag


Language = Annotated[
    str,
    AfterValidator(_language_tag),
    WithJsonSchema({"type": "string", "pattern": LANGUAGE_PATTERN, "description": "A language tag: en, uk."}),
]

Status = Literal["happened", "planned", "postponed", "cancelled"]
Attribution = Literal["named", "anonymous", "document", "reporting"]


REFERENCE_FIELDS = (("actors", "actors"), ("mentioned", "actors"), ("topics", "topics"), ("places", "places"))
"""An event's lists of registry ids, and the registry each takes its ids from."""
POSITION_REFERENCE_FIELDS = (("actor", "actors"), ("topic", "topics"))
"""A position's registry ids, and their registries."""
EVENT_REFERENCE_FIELDS = ("related", "distinct_from")
"""An event's lists of other events' ids."""


class Record(BaseModel):
    """Shared settings: unknown fields are errors, no silent type coercion."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        frozen=True,
        use_attribute_docstrings=True,
    )


class Source(Record):
    """A source document: one entry of data/sources.yaml, which events cite by its id."""

    publisher: ShortText | None
    """The outlet or body that published it, e.g. 'The Guardian'; null when the copy names
    none (never guess), and then ``publisher_note`` says so."""
    publisher_note: Text | None = None
    """Why there is no publisher, e.g. 'The copy names no outlet'; required when publisher is null."""
    headline: ShortText | None = None
    """The headline or document title as the copy gives it. Never make one up."""
    language: Language | None = None
    """The language of the copy, as a language tag: 'en', 'ru', 'uk'."""
    via: ShortText | None = None
    """The outlet this source reports from, e.g. 'Financial Times' for a Bloomberg article
    citing the FT."""
    url: Url | None = None
    """A real http(s) link to it. Leave out rather than guess."""
    archive_url: Url | None = None
    """A link to an archived copy (the Wayback Machine, archive.today), when one exists."""
    date: BoundedDate
    """The publication date, as precise as known: a year, a month, a day, or bounds
    ``{not_before: 2026-02-27, not_after: 2026-03-01}``."""
    approximate: bool = False
    """True when the publication date is only inferred roughly (not with bounds)."""
    date_note: Text | None = None
    """How the publication date is known, when the copy does not print it."""

    @model_validator(mode="after")
    def _bounds_are_exact(self) -> Source:
        if self.approximate and isinstance(self.date, Bounds):
            raise ValueError("bounds are not approximate: remove approximate: true, or give a date instead")
        return self


class Citation(Record):
    """One of an event's sources: which source document (an id from sources.yaml), and what
    belongs to this citation of it."""

    source: Id
    """The source document's id in sources.yaml."""
    attribution: Attribution
    """Who the claim rests on: a named person, anonymous people, a document, or the outlet's
    own reporting."""
    attributed_to: ShortText | None = None
    """The named person or the description of the anonymous ones ('two people close to
    the mayor')."""
    via: ShortText | None = None
    """The outlet this claim was reported to, as the source credits it ('as reported to
    Politico'); an outlet the whole source document reports from is the source's own ``via``."""
    quote: Annotated[Text, StringConstraints(max_length=300)] | None = None
    """A short quote, attributed by ``attributed_to``."""
    locator: Annotated[ShortText, StringConstraints(max_length=100)] | None = None
    """Where in the source: 'para 4', 'p. 2'."""


class Series(Record):
    """A series of linked events (the rounds of a set of talks): one entry of data/series.yaml."""

    name: ShortText
    """The series as readers see it, e.g. 'Trilateral talks'."""
    kind: Id
    """What sort of events it groups (an event kind from data/vocabulary.yaml)."""
    part: ShortText | None = None
    """What each numbered event of it is called, as readers see it: 'Release', 'Stage'
    (without it, the interface's word for a round)."""


class Era(Record):
    """A named period, shown as a band across the time axis (TimelineJS's eras): one entry of
    data/eras.yaml, which a site may keep or not."""

    name: ShortText
    """The period as readers see it, e.g. 'The Cold War'."""
    start: Date
    """Its first year, month or day."""
    end: Date
    """Its last year, month or day (a year means to the end of that year)."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Era:
        if self.end.last_day < self.start.first_day:
            raise ValueError(f"the era ends ({self.end}) before it starts ({self.start})")
        return self


UNSIGNED = "An unsigned article"
"""How a source whose publisher is unknown is shown."""


class _Published(Protocol):
    @property
    def publisher(self) -> str | None: ...


def publisher_label(source: _Published) -> str:
    """The publisher as readers see it: its name, or 'An unsigned article'."""
    return source.publisher or UNSIGNED


class Position(Record):
    """What a party said it wants on a topic, at this event."""

    actor: Id
    """Who holds the position (an id from actors.yaml)."""
    topic: Id
    """What it is about (an id from topics.yaml)."""
    stance: Annotated[Text, StringConstraints(max_length=500)]
    """The position, in the project's own words."""
    source: Annotated[int, Field(ge=1, le=MAX_SOURCES)]
    """Which entry of ``sources`` reports it (1 is the first)."""


class Count(Record):
    """A number a source gives: prisoners exchanged, people killed."""

    what: ShortText
    """What is counted, e.g. 'prisoners released by each side'."""
    value: Annotated[int, Field(ge=0, le=MAX_COUNT)]
    qualifier: Literal["exact", "about", "at-least", "more-than", "at-most"] = "exact"
    """How exact the number is: 'more than 300' is value 300, qualifier more-than."""
    derived_from: Annotated[ShortText, StringConstraints(max_length=60)] | None = None
    """The source's words, when it gives no number ('millions', 'dozens'): value is then the
    least those words can mean, and qualifier at-least."""
    source: Annotated[int, Field(ge=1, le=MAX_SOURCES)]
    """Which entry of ``sources`` gives it (1 is the first)."""

    @model_validator(mode="after")
    def _derived_is_a_lower_bound(self) -> Count:
        if self.derived_from is not None and self.qualifier != "at-least":
            raise ValueError("a number read from words is the least they can mean: give qualifier: at-least")
        return self


MEDIA_FILE_PATTERN = r"^media/[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*\.(?:jpg|jpeg|png|webp|gif)$"
"""An image file under data/media/: lower-case names, no way out of the folder, and only
raster formats a browser shows without running anything (no SVG, which can hold script)."""
MediaFile = Annotated[str, StringConstraints(pattern=MEDIA_FILE_PATTERN, max_length=200)]


class Media(Record):
    """A picture, recording or document that goes with an event: an image file the site
    serves itself (``file``), or a link out (``url``) that the page never loads by itself."""

    kind: Literal["image", "video", "audio", "document"] = "image"
    """What it is."""
    file: MediaFile | None = None
    """An image under data/media/, e.g. media/ada-lovelace.jpg (the site serves it)."""
    url: Url | None = None
    """Where it is published, e.g. a video page: linked, never embedded or loaded."""
    alt: Annotated[Text, StringConstraints(max_length=300)] | None = None
    """What an image shows, for readers who cannot see it (required for an image file)."""
    caption: ShortText | None = None
    """A line under it, in the project's own words."""
    credit: ShortText
    """Who made it, as its source credits them."""
    licence: ShortText
    """The terms it may be used under: 'CC BY-SA 4.0', 'public domain', 'used with permission'."""

    @model_validator(mode="after")
    def _one_place(self) -> Media:
        if (self.file is None) == (self.url is None):
            raise ValueError(
                "give the media either file: (an image under data/media/) or url:, not both or neither"
            )
        if self.file is not None and self.kind != "image":
            raise ValueError("a file is an image (kind: image); link to a recording or document with url:")
        if self.file is not None and not self.alt:
            raise ValueError("an image needs alt: what it shows, for readers who cannot see it")
        return self


class Event(Record):
    """One event: data/events/<year>/<id>.yaml, where id is the file name."""

    title: ShortText
    """A headline in the project's own words."""
    date: BoundedDate
    """When it happened or is planned: a year, a month or a day; or, when the sources only
    bound it, ``{not_before: 2026-01-25, not_after: 2026-02-13}`` (sometime in between: one
    moment, not a span; give the reasoning in ``date_note``)."""
    weekday: Weekday | None = None
    """The day of the week the source gives ("on Wednesday"), for a date it does not give to
    the day: the date's window is then narrowed to its first and last such day (``date``
    holds the narrowed window; the checker warns when the written one is looser)."""
    end: Date | None = None
    """The last day, for events over several days (not with bounds)."""
    approximate: bool = False
    """True when the sources give the date only roughly ('around March 4 to 5'); bounds are
    exact about what they say, so never with bounds."""
    date_note: Text | None = None
    """How the date was derived when a source does not state it ('"last week" in an
    article of 27 Feb 2026'); required with bounds."""
    status: Status
    """happened, planned, postponed or cancelled."""
    as_of: Date | None = None
    """For planned events: the day the latest source still described it as planned."""
    outcome: Literal["unrecorded"] | None = None
    """For planned events whose date has passed: 'unrecorded' says the sources do not yet
    tell what became of it."""
    kind: Id
    """What sort of event this is: a kind from data/vocabulary.yaml."""
    summary: Annotated[Markdown, StringConstraints(max_length=1500)]
    """One to three sentences in the project's own words."""
    places: list[Id] = Field(default_factory=list)
    """Where it took place (ids from places.yaml)."""
    actors: list[Id] = Field(default_factory=list)
    """Who took part or acted, as a source says (ids from actors.yaml)."""
    mentioned: list[Id] = Field(default_factory=list)
    """Who the sources name in connection with it without saying they took part: a party
    commenting on it afterwards, or one a demand is addressed to (ids from actors.yaml)."""
    topics: list[Id] = Field(default_factory=list)
    """What it was about (ids from topics.yaml)."""
    series: Id | None = None
    """A series of linked events (an id from series.yaml), such as 'trilateral-talks'."""
    round: Annotated[int, Field(ge=1, le=MAX_ROUND)] | None = None
    """The event's number within its series."""
    after: EventId | None = None
    """The id of an event this one came after, as a source says ("hours after the first
    round"): the checker makes sure it does not start before that event can have."""
    related: list[EventId] = Field(default_factory=list)
    """Ids of other events this one follows from or answers."""
    formerly: list[EventId] = Field(default_factory=list)
    """Ids the event had before it was renamed (a date re-derived, a better title): their
    addresses keep leading here, so links readers shared keep working."""
    distinct_from: list[EventId] = Field(default_factory=list)
    """Ids of events the checker thinks this one may duplicate but that are different
    events (silences its possible-duplicate warning for them)."""
    positions: list[Position] = Field(default_factory=list)
    """What each party said it wanted, at this event."""
    counts: list[Count] = Field(default_factory=list)
    """Numbers the sources give."""
    media: Annotated[list[Media], Field(max_length=10)] = Field(default_factory=list)
    """Images (files the site serves) and links to recordings or documents, each credited."""
    sources: Annotated[list[Citation], Field(min_length=1, max_length=MAX_SOURCES)]
    """At least one citation of a source (an id from sources.yaml) for every event."""

    _written_date: EventDate | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _narrow_to_weekday(self) -> Event:
        # The one place a field is set after validation: ``date`` becomes the window the
        # weekday leaves, so every page and download uses it; the checker compares it with
        # the date as written.
        self._written_date = self.date
        if self.weekday is not None:
            narrowed = weekday_window(self.date, self.weekday)
            same_days = narrowed is not None and (narrowed.first_day, narrowed.last_day) == (
                self.date.first_day,
                self.date.last_day,
            )
            if narrowed is not None and not same_days:  # else the date stays as written
                self.__dict__["date"] = narrowed
        return self

    @property
    def written_date(self) -> EventDate:
        """The date as the record writes it, before a weekday narrows it."""
        return self._written_date or self.date

    @property
    def named_actors(self) -> tuple[str, ...]:
        """Every actor the event names: those who took part, then those mentioned."""
        return (*self.actors, *self.mentioned)

    def referenced(self) -> Iterator[tuple[str, list[str]]]:
        """The ids the event takes from each registry, field by field: (registry, ids)."""
        for field, registry in REFERENCE_FIELDS:
            yield registry, getattr(self, field)
        for key, registry in POSITION_REFERENCE_FIELDS:
            yield registry, [getattr(position, key) for position in self.positions]
        yield "sources", [citation.source for citation in self.sources]
        yield "series", [self.series] if self.series is not None else []

    def references(self) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
        """Every id the event takes from a registry: (registry, where in the record, id)."""
        for field, registry in REFERENCE_FIELDS:
            for index, value in enumerate(getattr(self, field)):
                yield registry, (field, index), value
        for index, position in enumerate(self.positions):
            for key, registry in POSITION_REFERENCE_FIELDS:
                yield registry, ("positions", index, key), getattr(position, key)
        for index, citation in enumerate(self.sources):
            yield "sources", ("sources", index, "source"), citation.source
        if self.series is not None:
            yield "series", ("series",), self.series


MAX_BULLETS = 5
"""Bullets in the summary: a reader takes in where things stand at a glance."""


class Bullet(Record):
    """One point of where things stand, in the editors' words, with the events it rests on."""

    text: Annotated[Text, StringConstraints(max_length=300), AfterValidator(_one_line)]
    """One sentence in the project's own words."""
    events: Annotated[list[EventId], Field(min_length=1, max_length=10)]
    """Ids of the events that bear it out (one to ten)."""


class Summary(Record):
    """Where things stand: data/summary.yaml, the first thing a reader of the home page sees."""

    as_of: Date
    """The day the summary was written, or last checked against the records."""
    stale_after_days: Annotated[int, Field(ge=1, le=3650)] = 14
    """How many days the latest event may be newer than ``as_of`` before the checker warns."""
    bullets: Annotated[list[Bullet], Field(min_length=1, max_length=MAX_BULLETS)]
    """Three to five points, each citing the events it rests on."""
    parties: Annotated[list[Id], Field(max_length=6)] = Field(default_factory=list)
    """The main parties (actor ids), the columns of "What each side wants"; the others are
    behind a toggle. Empty: the three with positions on the most topics."""


class Actor(Record):
    """A person, state, organisation or group that takes part in events."""

    name: ShortText
    kind: Id
    """What the actor is: an actor kind from data/vocabulary.yaml (person, state…)."""
    role: ShortText | None = None
    """The role the sources give, e.g. 'government spokesman'."""
    country: Id | None = None
    """For people and organisations: the state they act for (an actor id)."""
    aliases: list[ShortText] = Field(default_factory=list)
    """Every other spelling the sources use: Tchaikovsky, Chaikovsky, Tschaikowsky."""


class Topic(Record):
    """A subject events and positions concern: a route, a budget, a border, a law."""

    name: ShortText
    description: Text | None = None
    aliases: list[ShortText] = Field(default_factory=list)


class Place(Record):
    """Where events happen."""

    name: ShortText
    kind: Id
    """What the place is: a place kind from data/vocabulary.yaml (city, region…)."""
    country: ShortText | None = None
    aliases: list[ShortText] = Field(default_factory=list)


Actors = RootModel[dict[Id, Actor]]
Sources = RootModel[dict[Id, Source]]
SeriesRegistry = RootModel[dict[Id, Series]]
Topics = RootModel[dict[Id, Topic]]
Places = RootModel[dict[Id, Place]]
Eras = RootModel[dict[Id, Era]]

REGISTRY_MODELS: dict[str, type[RootModel[Any]]] = {
    "actors": Actors,
    "topics": Topics,
    "places": Places,
    "sources": Sources,
    "series": SeriesRegistry,
}
