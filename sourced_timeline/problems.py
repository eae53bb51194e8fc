"""The one value type every stage uses to say what is wrong with the records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NewType

from sourced_timeline.characters import printable

Code = NewType("Code", str)
"""A problem's code: made only by the rules that define them (``sourced_timeline.checks.rule``),
so that a code typed as a bare string is refused by mypy wherever a problem is made."""

Severity = Literal["error", "warning", "notice"]
"""error: must be fixed; warning: fails `--strict`; notice: a hint that never fails the check."""


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong at a place in a record file, with a code a tool can match on."""

    path: str
    line: int
    column: int
    code: Code
    message: str
    hint: str = ""
    severity: Severity = "error"

    def __str__(self) -> str:
        """The problem on one line, every value escaped: 'path:line:column: level[code]: message (hint)'."""
        return self.one_line()

    def one_line(self, code: str | None = None) -> str:
        """The problem on one line, every value from a record escaped (``printable``), its code
        as given (``sourced_timeline.report`` gives it as a terminal hyperlink)."""
        hint = f" ({printable(self.hint)})" if self.hint else ""
        shown = printable(self.code) if code is None else code
        where = f"{printable(self.path)}:{self.line}:{self.column}"
        return f"{where}: {self.severity}[{shown}]: {printable(self.message)}{hint}"


def has_errors(problems: list[Problem]) -> bool:
    """Whether any problem is an error."""
    return any(p.severity == "error" for p in problems)


def has_warnings(problems: list[Problem]) -> bool:
    """Whether any problem is a warning (what `--strict` fails on besides errors)."""
    return any(p.severity == "warning" for p in problems)
