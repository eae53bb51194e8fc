"""What fails a check, configured once: ``[tool.timeline]`` in the project's pyproject.toml.

    [tool.timeline]
    fail_on = "warning"   # or "error" (the default): notices never fail

The command line, ``make``, pre-commit, CI and the MkDocs plugin (so ``mkdocs serve``) all
read it through ``load_policy``; ``timeline check --fail-on`` overrides it for one run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from timeline.problems import Problem

FailOn = Literal["error", "warning"]
LEVELS: tuple[FailOn, ...] = ("error", "warning")


class PolicyError(ValueError):
    """A [tool.timeline] table that cannot be used, with the file named."""


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
    (the working directory) upwards; the default when there is none."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if not path.is_file():
            continue
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("timeline")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise PolicyError(f"{path}: not valid TOML: {error}") from error
        if table is None:
            continue
        fail_on = table.get("fail_on", "error")
        if fail_on not in LEVELS:
            raise PolicyError(
                f'{path}: [tool.timeline] fail_on must be "error" or "warning", not {fail_on!r}'
            )
        unknown = sorted(set(table) - {"fail_on"})
        if unknown:
            raise PolicyError(f"{path}: [tool.timeline] has unknown key(s): {', '.join(unknown)}")
        return Policy(fail_on, f"{path.name} [tool.timeline]")
    return Policy()
