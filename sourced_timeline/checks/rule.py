"""What one problem code is: its code, level, one-line doc, a bad and a fixed example, the
stage that finds it and, for a rule about one event, the check that does.

The shape is yamllint's: each rule is one object in the module of its stage or family
(``sourced_timeline.checks.files``, ``.references``…), registered by name in
``sourced_timeline.checks.registry``. Whatever finds a problem names its code through that
object (``FILE_NAME.code``): a ``Code`` is only ever made here, so mypy refuses a code
typed as a bare string anywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sourced_timeline.problems import Code, Severity

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

    code: Code
    level: Severity
    doc: str
    bad: Example
    fixed: Example
    stage: str = "rules"
    """Where it is found: 'files' (the data folder), 'yaml' (the loader), 'schema' (one record
    against the models), 'rules' (the meaning of a record), 'data set' (across records)."""
    check: Callable[[Any], Iterable[Finding]] | None = field(default=None, compare=False)


def documented(code: str, level: Severity, doc: str, bad: Example, fixed: Example, stage: str) -> Rule:
    """A code found by a stage of its own (the data folder, the loader, the schema, the
    registries, the data set): the stage emits it through this object."""
    return Rule(Code(code), level, doc, bad, fixed, stage)


def event_rule(
    code: str,
    level: Severity,
    doc: str,
    bad: Example,
    fixed: Example,
    check: Callable[[Any], Iterable[Finding]],
) -> Rule:
    """A rule about one event: ``check`` is a function of the event's context
    (``checks.context.EventContext``) yielding findings."""
    return Rule(Code(code), level, doc, bad, fixed, "rules", check)
