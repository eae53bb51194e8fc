"""Problems found across records: ids, series, the vocabulary, media, summaries, duplicates."""

from __future__ import annotations

from sourced_timeline.checks.rule import Example as E
from sourced_timeline.checks.rule import documented

_SUMMARY = (
    "as_of: {as_of}\n"
    "bullets:\n"
    "  - text: The third public hearing on the tram line opened.\n"
    "    events: [2026-02-17-third-hearing]\n"
)
_VOCABULARY = "lanes:\n  meetings: {{label: Meetings}}\nkinds:\n  hearing: {{label: Hearing, lane: {lane}}}\n"
_MEDIA = (
    "media:\n  - file: {file}\n    alt: The hearing room of the town hall\n"
    "    credit: Example photographer\n    licence: CC BY 4.0"
)
_FOURTH_ROUND = "title: Fourth public hearing\ndate: 2026-02-{day}\nround: 4\nend: null\npositions: []"
_PETITION = (
    "title: Residents deliver a petition on the route\ndate: 2026-02-{day}\nend: null\nkind: petition\n"
    "series: null\nround: null\npositions: []"
)

STALE_SUMMARY = documented(
    "stale-summary",
    "warning",
    "A summary (summary.yaml) older than the latest event that happened, by more than its "
    "stale_after_days: the home page would tell readers where things stood, not where they stand.",
    E(summary=_SUMMARY.format(as_of="2026-01-01")),
    E(summary=_SUMMARY.format(as_of="2026-02-18")),
    stage="data set",
)

DUPLICATE_ID = documented(
    "duplicate-id",
    "error",
    "Two event files with one id (in different year folders).",
    E(special="copy:events/2025/2026-02-17-third-hearing.yaml"),
    E(),
    stage="data set",
)

DUPLICATE_ROUND = documented(
    "duplicate-round",
    "error",
    "Two events claiming the same round of a series.",
    E(special="copy:events/2026/2026-02-17-third-hearing-2.yaml"),
    E(),
    stage="data set",
)

VOCABULARY_LANE = documented(
    "vocabulary-lane",
    "error",
    "A kind in a lane the vocabulary (data/vocabulary.yaml) does not declare, or a lane that holds no kind.",
    E(vocabulary=_VOCABULARY.format(lane="hearings"), event="kind: hearing"),
    E(vocabulary=_VOCABULARY.format(lane="meetings"), event="kind: hearing"),
    stage="data set",
)

MISSING_MEDIA = documented(
    "missing-media",
    "error",
    "An image file an event names (media: - file:) that is not under data/.",
    E(event=_MEDIA.format(file="media/missing.png")),
    E(event=_MEDIA.format(file="media/example.png")),
    stage="data set",
)

BAD_MEDIA = documented(
    "bad-media",
    "error",
    "An image file that is not the image its name says (a page, a script, another format), "
    "is larger than 5 MB, or is reached through a symbolic link.",
    E(event=_MEDIA.format(file="media/not-an-image.png")),
    E(event=_MEDIA.format(file="media/example.png")),
    stage="data set",
)

FORMER_ID_TAKEN = documented(
    "former-id-taken",
    "error",
    "A former id (formerly:) that an event has now, or that two events claim: the old "
    "address would hide an event, or lead to two.",
    E(event="formerly: [2026-02-17-third-hearing]"),
    E(event="formerly: [2026-02-third-hearing]"),
    stage="data set",
)

SERIES_ORDER = documented(
    "series-order",
    "error",
    "A round of a series that may start before an earlier round of it can have begun.",
    E(other_file="events/2026/2026-02-10-fourth-round.yaml", other=_FOURTH_ROUND.format(day=10)),
    E(other_file="events/2026/2026-02-24-fourth-round.yaml", other=_FOURTH_ROUND.format(day=24)),
    stage="data set",
)

BEFORE_PRECEDING_EVENT = documented(
    "before-preceding-event",
    "error",
    "An event that may start before the event its after: names (what it followed, as a "
    "source says: 'hours after the first round') can have begun.",
    E(
        event="after: 2026-02-20-petition",
        other_file="events/2026/2026-02-20-petition.yaml",
        other=_PETITION.format(day=20),
    ),
    E(
        event="after: 2026-02-16-petition",
        other_file="events/2026/2026-02-16-petition.yaml",
        other=_PETITION.format(day=16),
    ),
    stage="data set",
)

POSSIBLE_DUPLICATE = documented(
    "possible-duplicate",
    "warning",
    "Two events at overlapping dates, with two or more actors in common and similar titles.",
    E(special="copy:events/2026/2026-02-17-tram-hearing.yaml"),
    E(
        special="copy:events/2026/2026-02-17-tram-hearing.yaml",
        event="distinct_from: [2026-02-17-tram-hearing]",
    ),
    stage="data set",
)

UNUSED_ENTRY = documented(
    "unused-entry",
    "notice",
    "An actor, topic, place or series that no event refers to.",
    E(actors="impostor:\n  name: Impostor\n  kind: organisation"),
    E(actors="impostor:\n  name: Impostor\n  kind: organisation", event="mentioned: [impostor]"),
    stage="data set",
)

ALIAS_CLASH = documented(
    "alias-clash",
    "error",
    "One name or alias for two actors, also in look-alike letters of another script.",
    E(actors="impostor:\n  name: Town \u0421ouncil\n  kind: organisation"),
    E(actors="impostor:\n  name: Impostor\n  kind: organisation"),
    stage="data set",
)

RULES = (
    STALE_SUMMARY,
    DUPLICATE_ID,
    DUPLICATE_ROUND,
    VOCABULARY_LANE,
    MISSING_MEDIA,
    BAD_MEDIA,
    FORMER_ID_TAKEN,
    SERIES_ORDER,
    BEFORE_PRECEDING_EVENT,
    POSSIBLE_DUPLICATE,
    UNUSED_ENTRY,
    ALIAS_CLASH,
)
"""This stage's codes, in the order the reference lists them."""
