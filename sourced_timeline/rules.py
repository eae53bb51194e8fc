"""Every problem the checker reports: its code, level, one-line doc and a bad and a fixed example.

The shape is yamllint's: one small entry per rule. Rules about one event's meaning are
also units of code (``event_rule`` in ``sourced_timeline.check``): the checker runs them from
this registry. The loader's and the schema's codes are found in those stages and are
documented here. The tests run every example: the bad one must produce its code, the
fixed one must not. The contributor docs' problem reference is made from this table.

An example is a change to a small, valid data folder that ships with the package
(``EXAMPLE_DATA``: one event and the registries it cites, made up for illustration so that no
site's subject leaks into another's reference): ``event`` lines replace the same top-level
fields of the event (or are added), ``remove`` drops fields, ``actors``, ``sources`` and
``series`` lines are appended to those registries, ``file`` renames the event's file and
``special`` makes a change text cannot (a symlink, a pipe, a missing registry...).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sourced_timeline.problems import Severity

EXAMPLE_DATA = Path(__file__).parent / "rule_examples"
"""The data folder every example changes."""
EXAMPLE_EVENT = "events/2026/2026-02-17-third-hearing.yaml"
"""Its one event, relative to it."""
EXAMPLE_SOURCE = "2026-02-13-town-gazette-hearing"
"""The id of the source the example event cites first (rule_examples/sources.yaml)."""
EXAMPLE_LATER_SOURCE = "2026-02-residents-newsletter"
"""The source it cites second: published after the event, it reports it as past."""

Finding = tuple[tuple[str | int, ...], str, str]
"""Where in the record (a path of keys), the message and the hint."""


@dataclass(frozen=True)
class Example:
    """A change to the valid fixture data."""

    event: str = ""
    remove: tuple[str, ...] = ()
    actors: str = ""
    sources: str = ""
    """Lines appended to sources.yaml."""
    series: str = ""
    """Lines appended to series.yaml."""
    file: str = ""
    other: str = ""
    """A second event: the valid event with these top-level fields in place of its own."""
    other_file: str = ""
    """Where the second event's file lies (its path names its id)."""
    summary: str = ""
    """The whole of summary.yaml (none by default)."""
    vocabulary: str = ""
    """The whole of vocabulary.yaml (the fixture's by default)."""
    special: str = ""
    """A change text cannot make: 'symlink', 'fifo', 'no-topics', 'bytes:<latin-1 text>',
    'raw:<whole file>', 'copy:<second path>'."""


@dataclass(frozen=True)
class Rule:
    """One problem code."""

    code: str
    level: Severity
    doc: str
    bad: Example
    fixed: Example
    stage: str = "rules"
    """Where it is found: 'files' (the data folder), 'yaml' (the loader), 'schema' (one record
    against the models), 'rules' (the meaning of a record), 'data set' (across records)."""
    check: Callable[[Any], Iterable[Finding]] | None = field(default=None, compare=False)


RULES: dict[str, Rule] = {}


def document(code: str, level: Severity, doc: str, bad: Example, fixed: Example, stage: str) -> Rule:
    """Register a code found by a stage of its own (the loader, the schema, the data set)."""
    rule = Rule(code, level, doc, bad, fixed, stage)
    RULES[code] = rule
    return rule


def event_rule(
    code: str, level: Severity, doc: str, bad: Example, fixed: Example
) -> Callable[[Callable[[Any], Iterable[Finding]]], Callable[[Any], Iterable[Finding]]]:
    """Register a rule about one event: a function of the event's context yielding findings."""

    def register(check: Callable[[Any], Iterable[Finding]]) -> Callable[[Any], Iterable[Finding]]:
        RULES[code] = Rule(code, level, doc, bad, fixed, "rules", check)
        return check

    return register


def event_rules() -> list[Rule]:
    """The rules the checker runs on each event, in registration order."""
    return [rule for rule in RULES.values() if rule.check is not None]


E = Example

# --- the data folder -----------------------------------------------------------------------
_FILES = [
    (
        "file-name",
        "error",
        "Record files end in '.yaml', in lower case.",
        E(file="events/2026/2026-02-17-third-hearing.yml"),
        E(),
    ),
    (
        "file-place",
        "error",
        "A record lies where the checker does not read records.",
        E(file="events/2026-02-17-third-hearing.yaml"),
        E(),
    ),
    (
        "ignored-file",
        "warning",
        "A file in the data folder that is not a record (hidden, or not .yaml).",
        E(special="copy:events/2026/notes.txt"),
        E(),
    ),
    (
        "symlink",
        "error",
        "A symbolic link in the data folder (it could point anywhere).",
        E(special="symlink"),
        E(),
    ),
    ("not-a-file", "error", "A pipe, socket or device named like a record.", E(special="fifo"), E()),
    (
        "missing-file",
        "error",
        "A registry (actors.yaml, topics.yaml, places.yaml, sources.yaml, series.yaml) is missing.",
        E(special="no-topics"),
        E(),
    ),
    (
        "too-large",
        "error",
        "A file over the size limit (256 KiB).",
        E(event="summary: " + "x" * 270_000),
        E(),
    ),
    ("not-utf8", "error", "Bytes that are not UTF-8.", E(special="bytes:title: Caf\xe9 meeting\n"), E()),
    (
        "bad-id",
        "error",
        "An id (a file name or a reference) that is not lowercase ASCII words and hyphens.",
        E(file="events/2026/2026-02-17-Third-Hearing.yaml"),
        E(),
    ),
    (
        "id-too-long",
        "error",
        "An id longer than 80 characters: ids become file and folder names, and a default "
        "Windows checkout refuses paths longer than 260 characters.",
        E(file="events/2026/2026-02-17-" + "-".join(["hearing"] * 10) + ".yaml"),
        E(),
    ),
    (
        "wrong-folder",
        "error",
        "An event file outside the folder of its year.",
        E(file="events/2025/2026-02-17-third-hearing.yaml"),
        E(),
    ),
    (
        "id-date",
        "warning",
        "The date in the file name disagrees with the event's date.",
        E(event="date: 2026-02-16", remove=("end",)),
        E(),
    ),
]
_YAML = [
    (
        "yaml-syntax",
        "error",
        "Text YAML cannot parse.",
        E(event="places: [town-hall"),
        E(event="places: [town-hall]"),
    ),
    (
        "tab",
        "error",
        "A tab character: YAML and the site need spaces.",
        E(event="kind:\thearing"),
        E(event="kind: hearing"),
    ),
    (
        "bad-character",
        "error",
        "A control, invisible, bidi or line-separator character, typed or escaped.",
        E(event='title: "Third hearing\\a opens"'),
        E(event="title: Third hearing opens"),
    ),
    (
        "duplicate-key",
        "error",
        "A key given twice (YAML would silently keep the last).",
        E(event="kind: hearing\nkind: vote"),
        E(event="kind: hearing"),
    ),
    ("key-not-text", "error", "A key that is not plain text (a number, a list).", E(event="2026: x"), E()),
    (
        "alias",
        "error",
        "YAML anchors, aliases and merge keys (the 'billion laughs' bomb).",
        E(event="title: &t Town Hall\nsummary: *t"),
        E(),
    ),
    (
        "unsafe-tag",
        "error",
        "A tag such as !!python/object: records are plain data.",
        E(event="title: !!python/object/apply:os.system [true]"),
        E(),
    ),
    ("too-deep", "error", "Nesting deeper than 32 levels.", E(event="counts: " + "[" * 40 + "]" * 40), E()),
    ("empty-file", "error", "A file that holds no record.", E(special="raw:# nothing yet\n"), E()),
]
_SCHEMA = [
    (
        "unknown-field",
        "error",
        "A field the record format does not have (often a typo).",
        E(event="tittle: Town Hall"),
        E(),
    ),
    ("missing-field", "error", "A required field is missing.", E(remove=("kind",)), E()),
    (
        "wrong-type",
        "error",
        "A value of the wrong type (text, number, list), with what YAML read.",
        E(event="title: NO"),
        E(event='title: "NO"'),
    ),
    (
        "bad-value",
        "error",
        "A value the field does not allow: a status not in the list, an impossible date.",
        E(event="status: done"),
        E(),
    ),
    (
        "too-few",
        "error",
        "A list with fewer items than required (every event has a source).",
        E(event="sources: []"),
        E(),
    ),
    (
        "too-long",
        "error",
        "A text or list longer than its limit.",
        E(event="title: " + "x" * 201),
        E(event="title: " + "x" * 200),
    ),
    (
        "not-a-mapping",
        "error",
        "A record that is not a mapping of fields.",
        E(special="raw:- title: x\n"),
        E(),
    ),
]
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
_DATA_SET = [
    (
        "stale-summary",
        "warning",
        "A summary (summary.yaml) older than the latest event that happened, by more than its "
        "stale_after_days: the home page would tell readers where things stood, not where they stand.",
        E(summary=_SUMMARY.format(as_of="2026-01-01")),
        E(summary=_SUMMARY.format(as_of="2026-02-18")),
    ),
    (
        "duplicate-id",
        "error",
        "Two event files with one id (in different year folders).",
        E(special="copy:events/2025/2026-02-17-third-hearing.yaml"),
        E(),
    ),
    (
        "duplicate-round",
        "error",
        "Two events claiming the same round of a series.",
        E(special="copy:events/2026/2026-02-17-third-hearing-2.yaml"),
        E(),
    ),
    (
        "vocabulary-lane",
        "error",
        "A kind in a lane the vocabulary (data/vocabulary.yaml) does not declare, or a lane that "
        "holds no kind.",
        E(vocabulary=_VOCABULARY.format(lane="hearings"), event="kind: hearing"),
        E(vocabulary=_VOCABULARY.format(lane="meetings"), event="kind: hearing"),
    ),
    (
        "missing-media",
        "error",
        "An image file an event names (media: - file:) that is not under data/.",
        E(event=_MEDIA.format(file="media/missing.png")),
        E(event=_MEDIA.format(file="media/example.png")),
    ),
    (
        "bad-media",
        "error",
        "An image file that is not the image its name says (a page, a script, another format), "
        "is larger than 5 MB, or is reached through a symbolic link.",
        E(event=_MEDIA.format(file="media/not-an-image.png")),
        E(event=_MEDIA.format(file="media/example.png")),
    ),
    (
        "former-id-taken",
        "error",
        "A former id (formerly:) that an event has now, or that two events claim: the old "
        "address would hide an event, or lead to two.",
        E(event="formerly: [2026-02-17-third-hearing]"),
        E(event="formerly: [2026-02-third-hearing]"),
    ),
    (
        "series-order",
        "error",
        "A round of a series that may start before an earlier round of it can have begun.",
        E(other_file="events/2026/2026-02-10-fourth-round.yaml", other=_FOURTH_ROUND.format(day=10)),
        E(other_file="events/2026/2026-02-24-fourth-round.yaml", other=_FOURTH_ROUND.format(day=24)),
    ),
    (
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
    ),
    (
        "possible-duplicate",
        "warning",
        "Two events at overlapping dates, with two or more actors in common and similar titles.",
        E(special="copy:events/2026/2026-02-17-tram-hearing.yaml"),
        E(
            special="copy:events/2026/2026-02-17-tram-hearing.yaml",
            event="distinct_from: [2026-02-17-tram-hearing]",
        ),
    ),
    (
        "unused-entry",
        "notice",
        "An actor, topic, place or series that no event refers to.",
        E(actors="impostor:\n  name: Impostor\n  kind: organisation"),
        E(actors="impostor:\n  name: Impostor\n  kind: organisation", event="mentioned: [impostor]"),
    ),
    (
        "alias-clash",
        "error",
        "One name or alias for two actors, also in look-alike letters of another script.",
        E(actors="impostor:\n  name: Town \u0421ouncil\n  kind: organisation"),
        E(actors="impostor:\n  name: Impostor\n  kind: organisation"),
    ),
]
_NEW_SOURCE = "2026-02-27-unsigned:\n  publisher: null\n  date: 2026-02-27"
_REGISTRIES = [
    (
        "source-without-publisher",
        "error",
        "A source whose publisher is null without a publisher_note saying why: a reader "
        "cannot tell an unsigned copy from a forgotten field.",
        E(
            sources=_NEW_SOURCE,
            event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, "
            "attributed_to: Alex Morgan}\n  - {source: 2026-02-27-unsigned, attribution: reporting}",
        ),
        E(
            sources=_NEW_SOURCE + "\n  publisher_note: The copy names no outlet.",
            event=f"sources:\n  - "
            f"{{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Alex Morgan}}\n  - "
            "{source: 2026-02-27-unsigned, attribution: reporting}",
        ),
    ),
    (
        "future-source",
        "error",
        "A source dated after today.",
        E(sources="2099-01-01-x:\n  publisher: X\n  date: 2099-01-01"),
        E(sources="2026-01-01-x:\n  publisher: X\n  date: 2026-01-01"),
    ),
    (
        "uncited-source",
        "warning",
        "A source in sources.yaml that no event cites: left over from an edit, or a citation forgotten.",
        E(sources="2026-02-14-x:\n  publisher: X\n  date: 2026-02-14"),
        E(
            sources="2026-02-14-x:\n  publisher: X\n  date: 2026-02-14",
            event=f"sources:\n  - {{source: {EXAMPLE_SOURCE}, attribution: named, attributed_to: Dmitry "
            f"Morgan}}\n  - {{source: {EXAMPLE_LATER_SOURCE}, attribution: reporting}}"
            "\n  - {source: 2026-02-14-x, attribution: reporting}",
        ),
    ),
]
for _stage, _entries in (
    ("files", _FILES),
    ("yaml", _YAML),
    ("schema", _SCHEMA),
    ("registries", _REGISTRIES),
    ("data set", _DATA_SET),
):
    for _code, _level, _doc, _bad, _fixed in _entries:
        document(_code, _level, _doc, _bad, _fixed, _stage)  # type: ignore[arg-type]


MAX_EXAMPLE_LINE = 100
"""Longer example lines (the size limits' examples) are shown cut, with their length."""


def _readable(yaml_text: str) -> str:
    return "\n".join(
        f"{line[:60]}… ({len(line):,} characters in all)" if len(line) > MAX_EXAMPLE_LINE else line
        for line in yaml_text.splitlines()
    )


def describe_example(example: Example) -> list[tuple[str, str]]:
    """An example as a contributor reads it: (sentence, YAML or '') pairs, in order."""
    return [(text, _readable(yaml_text)) for text, yaml_text in _describe(example)]


def _describe(example: Example) -> list[tuple[str, str]]:
    special = example.special
    parts: list[tuple[str, str]] = []
    if example.event:
        parts.append(("In the event:", example.event))
    if example.remove:
        parts.append(("The event without " + ", ".join(f"'{f}'" for f in example.remove) + ".", ""))
    if example.actors:
        parts.append(("In actors.yaml:", example.actors))
    if example.sources:
        parts.append(("In sources.yaml:", example.sources))
    if example.series:
        parts.append(("In series.yaml:", example.series))
    if example.file:
        parts.append((f"The event's file at '{example.file}'.", ""))
    if example.other_file:
        parts.append((f"Another event, at '{example.other_file}', the same but for:", example.other))
    if example.summary:
        parts.append(("In summary.yaml:", example.summary))
    if example.vocabulary:
        parts.append(("The whole of vocabulary.yaml:", example.vocabulary))
    if special == "symlink":
        parts.append(("The event's file is a symbolic link.", ""))
    elif special == "fifo":
        parts.append(("A named pipe called like a record.", ""))
    elif special == "no-topics":
        parts.append(("No topics.yaml in the data folder.", ""))
    elif special.startswith("bytes:"):
        parts.append(("The file holds bytes that are not UTF-8.", ""))
    elif special.startswith("raw:"):
        parts.append(("The whole file:", special.removeprefix("raw:")))
    elif special.startswith("copy:"):
        parts.append((f"A copy of the event at '{special.removeprefix('copy:')}'.", ""))
    return parts or [("Without that change: the valid event.", "")]


STAGES = {
    "files": "The data folder",
    "yaml": "Reading the YAML",
    "schema": "One record against the format",
    "registries": "The sources and series registries",
    "rules": "What a record says",
    "data set": "Across records",
}
"""Headings of the problem reference, in the order the checker finds problems."""
