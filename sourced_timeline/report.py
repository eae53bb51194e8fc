"""Format problems for people (text), for GitHub (workflow annotations) and for tools (JSON).

Every value a problem carries may come from a record, so each is printed through
``printable``: no record can start a line of its own in a log (a forged problem, or a
GitHub workflow command such as ``::add-mask::``), nor hide or reorder what is shown.
"""

from __future__ import annotations

import json
from dataclasses import asdict

from sourced_timeline import urls
from sourced_timeline.characters import printable
from sourced_timeline.problems import Problem

FORMATS = ("text", "github", "json")
MAX_SHOWN_PROBLEMS = 200
"""Problems printed in the text and GitHub formats; the rest are counted (JSON lists all)."""


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = printable(text).replace("%", "%25")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def _text_line(p: Problem, site_url: str = "") -> str:
    code = printable(p.code)
    link = urls.problem_code(code, site_url)
    if link:  # a terminal hyperlink (OSC 8) to the code's entry; terminals without them show the code
        code = f"\x1b]8;;{printable(link)}\x1b\\{code}\x1b]8;;\x1b\\"
    return p.one_line(code)


def _github_line(p: Problem) -> str:
    hint = f" ({p.hint})" if p.hint else ""
    props = ",".join(
        [
            f"file={_github_escape(p.path, property_value=True)}",
            f"line={p.line}",
            f"col={p.column}",
            f"title={_github_escape(p.code, property_value=True)}",
        ]
    )
    return f"::{p.severity} {props}::{_github_escape(p.message + hint)}"


def format_problems(
    problems: list[Problem], fmt: str, limit: int = MAX_SHOWN_PROBLEMS, *, links_to: str = ""
) -> str:
    """All problems in one format, one per line (JSON: one array); text and GitHub show the
    first ``limit`` (0: all) and count the rest. With ``links_to`` (the published site's
    address), each code in the text format links to its entry on the Problem codes page."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=True)
    shown = problems[:limit] if limit else problems
    lines = [_github_line(p) if fmt == "github" else _text_line(p, links_to) for p in shown]
    if len(shown) < len(problems):
        lines.append(
            f"... and {len(problems) - len(shown)} more problem(s) not shown "
            "(--limit 0 shows all; --format json lists all)"
        )
    return "\n".join(lines)


def in_scope(problems: list[Problem], files: set[str] | None) -> list[Problem]:
    """What a contributor asking about FILES sees: every problem in them, and errors
    anywhere (they fail the check whoever caused them); all problems when FILES is None."""
    if files is None:
        return problems
    return [p for p in problems if p.path in files or p.severity == "error"]


def _counts(problems: list[Problem]) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notices = len(problems) - errors - warnings
    parts = [f"{errors} error(s)", f"{warnings} warning(s)"] + ([f"{notices} notice(s)"] if notices else [])
    return ", ".join(parts)


def summary(problems: list[Problem], files: set[str] | None = None) -> str:
    """One closing line: how many errors, warnings and notices in how many files; with FILES,
    first what concerns them ('your 1 file: 2 error(s), 0 warning(s), 1 notice(s)'), then
    any errors elsewhere."""
    if files is None:
        if not problems:
            return "no problems found"
        return f"{_counts(problems)} in {len({p.path for p in problems})} file(s)"
    if not files:
        head = "no changed record files"
    else:
        yours = [p for p in problems if p.path in files]
        head = f"your {len(files)} file(s): " + (_counts(yours) if yours else "no problems found")
    elsewhere = [p for p in problems if p.path not in files]
    if elsewhere:
        head += f"; elsewhere: {_counts(elsewhere)} in {len({p.path for p in elsewhere})} other file(s)"
    return head
