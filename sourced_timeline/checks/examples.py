"""The examples' data and how an example reads in the reference.

An example is a change to a small, valid data folder that ships with the package
(``EXAMPLE_DATA``: one event and the registries it cites, made up for illustration so that no
site's subject leaks into another's reference): ``event`` lines replace the same top-level
fields of the event (or are added), ``remove`` drops fields, ``actors``, ``sources`` and
``series`` lines are appended to those registries, ``file`` renames the event's file and
``special`` makes a change text cannot (a symlink, a pipe, a missing registry...).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sourced_timeline.checks.rule import Example

EXAMPLE_DATA = Path(__file__).parent.parent / "rule_examples"
"""The data folder every example changes."""
EXAMPLE_EVENT = "events/2026/2026-02-17-third-hearing.yaml"
"""Its one event, relative to it."""
EXAMPLE_SOURCE = "2026-02-13-town-gazette-hearing"
"""The id of the source the example event cites first (rule_examples/sources.yaml)."""
EXAMPLE_LATER_SOURCE = "2026-02-residents-newsletter"
"""The source it cites second: published after the event, it reports it as past."""


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
