"""The one value type every stage uses to say what is wrong with the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "notice"]
"""error: must be fixed; warning: fails `--strict`; notice: a hint that never fails the check."""


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong at a place in a record file, with a code a tool can match on."""

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        """The problem on one line, every value escaped (see ``sourced_timeline.report``)."""
        from sourced_timeline.report import format_problems

        return format_problems([self], "text")


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error."""
    return any(p.severity == "error" for p in problems)


def has_warnings(problems: list[Problem]) -> bool:
    """Whether any problem is a warning (what `--strict` fails on besides errors)."""
    return any(p.severity == "warning" for p in problems)
