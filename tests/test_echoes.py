"""Nothing a user or a record gives reaches a terminal, a CI log or a Markdown summary live.

The contracts (issue 23, 10 and 11):
- every value any command prints goes through the one escaping function
  (``sourced_timeline.characters.printable``): run every command with a hostile value in every
  argument, and no C0 or C1 control character comes out;
- nothing in a summary written from record text becomes a link, an image or HTML under
  GitHub's Markdown (cmark-gfm with GitHub's extensions).
"""

from __future__ import annotations

import argparse
import re
import socket
from pathlib import Path

import cmarkgfm
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import html

from sourced_timeline.cli import _parser
from sourced_timeline.contribute import RecordsDiff, diff_markdown, markdown_text
from tests.conftest import run_in
from tests.sitebuild import fixture_data, make_project

CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
HOSTILE = (
    "\x1b]0;title\x07\x1b[31m\x9b31m\r::error file=README.md,line=1::forged\x85\x7f\n::error::forged\nend"
)
"""Every kind of control character a command line can hold (it cannot hold NUL)."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _valid_arguments(command: str) -> dict[str, str]:
    """Arguments with which each command gets past argparse to its own work."""
    return {
        "check": {"--data": "data"},
        "serve": {
            "--data": "data",
            "--port": str(_free_port()),
            "--host": "127.0.0.1",
            "--config": "mkdocs.yml",
        },
        "build": {"--config": "mkdocs.yml", "--data": "data", "--out": "site"},
        "generate": {"--data": "data", "--out": "generated", "--docs": "docs"},
        "export": {"--data": "data", "--format": "csv", "--out": "tables"},
        "new": {
            "--data": "data",
            "--title": "Talks resume in Geneva",
            "--date": "2026-02-20",
            "--kind": "talks",
            "--status": "happened",
            "--summary": "Delegations meet.",
            "--publisher": "The Moscow Times",
            "--source-date": "2026-02-20",
            "--attribution": "reporting",
            "--url": "https://example.org/a",
        },
        "diff": {"--data": "data"},
        "explain": {},
        "schema": {"--out": "schemas", "--data": "data"},
        "init": {"--title": "A history of Python", "--description": "Releases.", "--language": "en"},
        "import": {"--data": "data", "--publisher": "Example Desk", "--source-date": "2026-03-01"},
    }[command]


POSITIONAL = {"init": ["new-site"], "import": ["timeline.json"]}
"""Each command's required operands, when a hostile value is not in them."""


def _arguments() -> list[tuple[str, str]]:
    """(command, argument) for every argument of every command that takes a value."""
    parser = _parser()
    found = []
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for command, sub in action.choices.items():
            for argument in sub._actions:
                if isinstance(argument, argparse._HelpAction) or argument.nargs == 0:
                    continue
                found.append(
                    (command, argument.option_strings[0] if argument.option_strings else argument.dest)
                )
    return found


SLOW_COMMANDS = {"build", "generate", "export"}


def _run(cwd: Path, arguments: list[str]) -> str:
    result = run_in(cwd, *arguments)
    return result.out + result.err


@pytest.mark.parametrize(
    ("command", "argument"),
    [
        pytest.param(command, argument, marks=[pytest.mark.slow] if command in SLOW_COMMANDS else [])
        for command, argument in _arguments()
    ],
)
def test_a_hostile_value_in_any_argument_prints_no_control_character(tmp_path, command, argument):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    values = _valid_arguments(command)
    if argument.startswith("--"):
        values[argument] = HOSTILE
        positional = POSITIONAL.get(command, [])
    else:
        positional = [HOSTILE]
    arguments = [command, *positional, *(part for pair in values.items() for part in pair)]
    printed = _run(project, arguments)
    assert printed, "the command said nothing"
    assert not CONTROL.search(printed), repr(printed[:300])
    assert not re.search(r"^::", printed, re.M), "a value started a line of its own"


def test_an_escape_in_the_environment_prints_no_control_character(tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    for name in ("TIMELINE_SITE_URL", "TIMELINE_REPO_URL"):
        monkeypatch.setenv(name, "https://example.org/" + HOSTILE)
        printed = _run(project, ["check", "--data", "data"])
        assert name in printed and not CONTROL.search(printed)
        monkeypatch.delenv(name)


LINKING = [
    "Minutes at https://2130706433/m",
    "see http://evil and www.evil.example",
    "write to someone@example.org or mailto:x@y.z",
    "@octocat and #12 and owner/repo#3 and GH-7",
    "![img](https://e.example/p.png) [x](https://e.example) <https://e.example>",
    "<img src=x onerror=alert(1)> <b>bold</b> <!-- c --> &lt;i&gt;",
    "`code` ``more`` *em* _em_ ~~s~~ | pipe | [^1]",
    "a` https://e.example `b",
]


@given(st.text(max_size=120) | st.sampled_from(LINKING), st.text(max_size=40) | st.sampled_from(LINKING))
@example(LINKING[0], LINKING[1])
def test_record_text_in_a_summary_becomes_no_link_image_or_html(title, field):
    diff = RecordsDiff(
        added=["2026-03-01-x"],
        removed=["2026-03-02-y"],
        changed={"2026-03-03-z": [field]},
        titles={"2026-03-01-x": title, "2026-03-02-y": field},
        dates={"2026-03-01-x": field, "2026-03-02-y": title},
    )
    text = diff_markdown(diff, "main")
    page = html.fromstring(f"<div>{cmarkgfm.github_flavored_markdown_to_html(text)}</div>")
    tags = {element.tag for element in page.iter() if isinstance(element.tag, str)}
    assert tags <= {
        "div",
        "h2",
        "h3",
        "p",
        "strong",
        "ul",
        "li",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
    assert not page.xpath("//@href | //@src")
    # Each text is shown, in one code span, as it would be printed on one line.
    shown = {"".join(code.itertext()) for code in page.iter("code")}
    for value in (title, field):
        expected = markdown_text(value)
        if expected:
            assert re.sub(r"^`+ ?| ?`+$", "", expected) in shown


@given(st.text(max_size=60))
def test_a_revision_name_in_the_heading_becomes_no_link(base):
    text = diff_markdown(RecordsDiff(), base)
    page = html.fromstring(f"<div>{cmarkgfm.github_flavored_markdown_to_html(text)}</div>")
    assert not page.xpath("//a | //img | //@href | //@src")
