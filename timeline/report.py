"""Format problems for people (text), for GitHub (workflow annotations) and for tools (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict

from timeline.problems import Problem

FORMATS = ("text", "github", "json")


def _github_escape(text: str, *, property_value: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_problems(problems: list[Problem], fmt: str) -> str:
    """All problems in one format, one per line (JSON: one array)."""
    if fmt == "json":
        return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
    if fmt == "github":
        lines = []
        for p in problems:
            hint = f" ({p.hint})" if p.hint else ""
            props = ",".join([
                f"file={_github_escape(p.path, property_value=True)}", f"line={p.line}",
                f"col={p.column}", f"title={_github_escape(p.code, property_value=True)}",
            ])
            lines.append(f"::{p.severity} {props}::{_github_escape(p.message + hint)}")
        return "\n".join(lines)
    return "\n".join(str(p) for p in problems)


def summary(problems: list[Problem]) -> str:
    """One closing line: how many errors, warnings and notices in how many files."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = sum(p.severity == "warning" for p in problems)
    notices = len(problems) - errors - warnings
    files = len({p.path for p in problems})
    if not problems:
        return "no problems found"
    tail = f", {notices} notice(s)" if notices else ""
    return f"{errors} error(s), {warnings} warning(s){tail} in {files} file(s)"
