"""What fails a check, configured once: ``[tool.timeline]`` in the project's pyproject.toml.

    [tool.timeline]
    fail_on = "warning"   # or "error" (the default): notices never fail

The command line, ``make``, pre-commit, CI and the MkDocs plugin (so ``mkdocs serve``) all
read it through ``load_policy``; ``timeline check --fail-on`` overrides it for one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from sourced_timeline.problems import Problem
from sourced_timeline.settings import FailOn, SettingsError, project_settings

LEVELS: tuple[FailOn, ...] = get_args(FailOn)
PolicyError = SettingsError
"""A [tool.timeline] table that cannot be used, with the file and key named."""


@dataclass(frozen=True)
class Policy:
    """Which severities fail, and where that was decided."""

    fail_on: FailOn = "error"
    source: str = "the default"

    def fails(self, problems: list[Problem]) -> bool:
        """Whether these problems fail the check."""
        failing = {"error"} if self.fail_on == "error" else {"error", "warning"}
        return any(p.severity in failing for p in problems)

    def describe(self) -> str:
        """'errors and warnings fail (fail_on = "warning" in pyproject.toml)'."""
        what = "errors fail" if self.fail_on == "error" else "errors and warnings fail"
        return f'{what}; notices never do (fail_on = "{self.fail_on}", {self.source})'


def load_policy(start: Path | None = None) -> Policy:
    """The policy of the nearest pyproject.toml with a [tool.timeline] table, from START
    upwards (every command starts at the data folder, so the gate is the same whatever the
    working directory); the default when there is none. A table that cannot be used is a
    PolicyError (``sourced_timeline.settings``)."""
    settings, path = project_settings(start)
    if path is None:
        return Policy()
    return Policy(settings.fail_on, f"{path.name} [tool.timeline]")
