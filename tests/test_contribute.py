"""Contributors' tools: new, diff, the importer, hooks and workflows, and CONTRIBUTING's examples."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sourced_timeline.dates import span_label
from tests.conftest import live_dataset, live_event_count
from tests.sitebuild import ROOT

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
GUIDE_BLOCK = re.compile(r"<!-- example:(?P<name>[\w-]+) -->\n```(?P<lang>\w+)\n(?P<body>.*?)```", re.S)
PROBLEM_LINE = re.compile(r"^(\S+\.yaml):\d+:\d+: ")
LIVE_COUNTS = re.compile(r"\((\d+) → (\d+) events\)")


def guide_steps() -> list[tuple[str, str, str]]:
    """CONTRIBUTING's worked example in order: (name, language, body) of each marked block."""
    return [(m["name"], m["lang"], m["body"]) for m in GUIDE_BLOCK.finditer(CONTRIBUTING)]


def console(body: str) -> tuple[list[str], str]:
    """The arguments of a documented `$ .venv/bin/timeline ...` command (with its
    continuation lines) and the output the guide shows for it."""
    lines = body.splitlines(keepends=True)
    command = lines.pop(0)
    while command.rstrip().endswith("\\"):
        command = command.rstrip().removesuffix("\\") + " " + lines.pop(0).strip()
    assert command.startswith("$ .venv/bin/timeline "), command
    return shlex.split(command.removeprefix("$ .venv/bin/timeline ")), "".join(lines)


def documented_new() -> list[str]:
    """The guide's `timeline new` command."""
    return next(console(body)[0] for name, _, body in guide_steps() if name == "new")


@pytest.fixture
def registries_only(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    (data / "events").mkdir(parents=True)
    for name in ("actors", "topics", "places", "sources", "series", "vocabulary"):
        shutil.copy(ROOT / "data" / f"{name}.yaml", data / f"{name}.yaml")
    return data


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A clone as a volunteer has it: the project's records and settings committed on main."""
    repository = tmp_path
    shutil.copytree(ROOT / "data", repository / "data")
    shutil.copy(ROOT / "pyproject.toml", repository / "pyproject.toml")
    _git(repository, "init", "-q", "-b", "main")
    _git(repository, "add", "data", "pyproject.toml")
    _git(repository, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "data")
    return repository


def test_the_guide_replayed_as_a_volunteer(repo, run):
    """Every command of CONTRIBUTING's worked example, run in order on a branch of the real
    records with the guide's file contents: each prints what the guide shows (the live event
    count aside), only about the volunteer's own file, and the last check is clean."""
    _git(repo, "checkout", "-qb", "my-event")
    steps = guide_steps()
    assert [name for name, _, _ in steps] == ["new", "mistake", "check", "fixed", "clean", "diff"]
    mine: Path | None = None
    commands = printed_lines = documented_lines = 0
    for name, language, body in steps:
        if language == "yaml":
            assert mine is not None
            mine.write_text(body, encoding="utf-8")
            continue
        arguments, documented = console(body)
        result = run(*arguments)
        printed = result.out + result.err
        commands += 1
        printed_lines += len(printed.splitlines())
        documented_lines += len(documented.splitlines())
        if name == "new":
            assert result.code == 0, printed
            mine = repo / result.out.split()[1]  # "wrote PATH"
            assert mine.is_file()
        assert LIVE_COUNTS.sub("(N)", printed) == LIVE_COUNTS.sub("(N)", documented), name
        for line in printed.splitlines():
            problem = PROBLEM_LINE.match(line)
            assert problem is None or problem.group(1) == str(mine.relative_to(repo)), line
        if name == "check":
            assert result.code == 1
        if name == "clean":
            assert result.code == 0 and printed == "your 1 file(s): no problems found\n"
        if name == "diff":
            count = live_event_count()
            assert f"({count} → {count + 1} events)" in printed
    assert commands == 4, "new, check, check again, diff"
    assert printed_lines == documented_lines  # the guide shows every line the volunteer sees


def test_the_guides_example_is_not_already_in_the_data(repo, run):
    """The example adds an event the records lack: no possible-duplicate, no id taken."""
    steps = {name: body for name, _, body in guide_steps()}
    written = run(*console(steps["new"])[0]).out.split()[1]
    assert not (ROOT / written).exists()
    (repo / written).write_text(steps["fixed"], encoding="utf-8")
    result = run("check", written)
    assert result.code == 0 and result.out + result.err == "your 1 file(s): no problems found\n"


def test_new_without_answers_and_no_terminal_names_what_is_missing(registries_only, run, monkeypatch):
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    result = run("new", "--data", "data", "--title", "Something")
    assert result.code == 2
    assert "missing --date, --kind, --summary, --publisher, --source-date" in result.err


def test_new_asks_for_missing_answers_at_a_terminal(registries_only, run, monkeypatch):
    answers = iter(
        [
            "Talks resume in Geneva",
            "2026-02",
            "",
            "talks",
            "",
            "Delegations meet.",
            "",  # no source in sources.yaml yet: describe a new one
            "The Moscow Times",
            "2026-03-02",  # after the event (the month of Feb 2026): it reports it as past
            "",
            "reporting",
            "",
        ]
    )
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    result = run("new", "--data", "data")
    assert result.code == 0, result.out + result.err
    assert (registries_only / "events" / "2026" / "2026-02-talks-resume-in-geneva.yaml").is_file()


def test_new_writes_a_date_the_sources_only_bound(registries_only, run):
    result = run(
        "new",
        "--data",
        "data",
        "--title",
        "Second round in Abu Dhabi",
        "--date",
        "2026-01-25..2026-02-13",
        "--date-note",
        "After the first round and before The Moscow Times of 13 Feb 2026.",
        "--kind",
        "talks",
        "--summary",
        "Delegations meet again.",
        "--publisher",
        "The Moscow Times",
        "--source-date",
        "2026-02-13",
    )
    assert result.code == 0, result.out + result.err
    path = registries_only / "events" / "2026" / "2026-01-25-second-round-in-abu-dhabi.yaml"
    record = yaml.safe_load(path.read_text())
    assert record["date"] == {"not_before": dt.date(2026, 1, 25), "not_after": dt.date(2026, 2, 13)}
    assert "  not_before: 2026-01-25\n" in path.read_text()  # dates as people write them, unquoted
    assert record["date_note"].startswith("After the first round")
    assert "[" not in result.out  # no problem reported on it


def test_new_refuses_to_overwrite(registries_only, run):
    assert run(*documented_new(), "--data", "data").code == 0
    result = run(*documented_new(), "--data", "data")
    assert result.code == 1 and "already exists" in result.err


def test_diff_reports_added_removed_changed_and_registry_changes(repo, run):
    events = repo / "data" / "events"
    (events / "2026" / "2026-prisoner-exchange.yaml").unlink()
    geneva = events / "2026" / "2026-02-17-geneva-trilateral-round.yaml"
    geneva.write_text(geneva.read_text().replace("Third trilateral round", "Third round"))
    with open(repo / "data" / "places.yaml", "a") as handle:
        handle.write("riyadh:\n  name: Riyadh\n  kind: city\n")
    result = run("diff", "main")
    count = live_event_count()
    assert f"**0 added, 1 removed, 1 changed** ({count} → {count - 1} events)" in result.out
    removed = live_dataset().by_id["2026-prisoner-exchange"].event
    when = span_label(removed.date, removed.end, removed.approximate)
    assert f"- `2026-prisoner-exchange`: `{removed.title}` (`{when}`)" in result.out
    assert "| `2026-02-17-geneva-trilateral-round` | `title` |" in result.out
    assert "### Places" in result.out and "- added: `riyadh`" in result.out


def test_diff_without_changes_says_so_and_bad_base_is_a_usage_error(repo, run):
    assert run("diff", "main").out.endswith("No record changes.\n")
    result = run("diff", "no-such-branch")
    assert result.code == 2 and "cannot read the records at no-such-branch" in result.err


def test_importer_round_trips_the_timelinejs_export(tmp_path, registries_only):
    import datetime as dt

    from sourced_timeline.check import check_folder
    from sourced_timeline.exports import timelinejs
    from sourced_timeline.importer import main as import_main

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    exported = tmp_path / "timeline.json"
    exported.write_bytes(timelinejs(dataset))
    code = import_main(
        [
            str(exported),
            "--data",
            str(registries_only),
            "--publisher",
            "Example Desk",
            "--source-date",
            "2026-03",
        ]
    )
    assert code == 0
    imported, problems = check_folder(registries_only, dt.date(2026, 11, 24))
    assert imported is not None and not [p for p in problems if p.severity == "error"]
    assert len(imported.events) == len(dataset.events)
    precisions = sorted(r.event.date.precision for r in imported.events)
    assert precisions == sorted(r.event.date.precision for r in dataset.events)

    def windows(ds):  # every event's earliest and latest day and approximation, order aside
        return sorted(
            (r.event.date.first_day, (r.event.end or r.event.date).last_day, r.event.approximate)
            for r in ds.events
        )

    assert windows(imported) == windows(dataset)


def test_importer_reads_a_google_sheets_export_and_reports_missing_sources(tmp_path, registries_only, capsys):
    from sourced_timeline.importer import main as import_main

    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,"
        "Media,Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
        "2026,2,,,,,,,,Talks in <b>Geneva</b>,<p>Delegations <script>x()</script>meet.</p>"
        ",,,,,,talks,\n2025,,,,,,,,,A year-only event,,,,,,,,\n"
    )
    assert import_main([str(sheet), "--data", str(registries_only)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("missing required field 'sources'") == 2
    assert "nothing written" in captured.err and not list((registries_only / "events").iterdir())
    source = ["--publisher", "Example Desk", "--source-date", "2026-03"]
    assert import_main([str(sheet), "--data", str(registries_only), *source]) == 0
    text = (registries_only / "events" / "2026" / "2026-02-talks-in-geneva.yaml").read_text()
    record = yaml.safe_load(text)
    assert record["date"] == "2026-02" and record["kind"] == "talks"
    assert record["title"] == "Talks in Geneva" and record["summary"] == "Delegations meet."


def test_pre_commit_hook_runs_the_checker():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "timeline-check"
    assert hooks[0]["entry"].startswith("timeline check") and hooks[0]["pass_filenames"] is False
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    entries = [hook["entry"] for repo in own["repos"] for hook in repo["hooks"]]
    assert any("timeline check" in entry for entry in entries)


def _workflow(name: str) -> dict:
    document = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    document["on"] = document.pop(True)  # YAML 1.1 reads the key `on` as true
    return document


def test_pull_request_workflow_is_read_only_and_runs_the_checker_and_tests():
    flow = _workflow("pull-request.yml")
    assert list(flow["on"]) == ["pull_request"]
    assert flow["permissions"] == {}  # nothing by default; each job says what it needs
    assert flow["concurrency"]["cancel-in-progress"] is True
    steps = [step for job in flow["jobs"].values() for step in job["steps"]]
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)
    runs = [s.get("run", "") for s in steps]
    assert any("timeline check" in r and "--format github" in r for r in runs)
    assert any("make test" in r for r in runs)
    assert all(job["permissions"] == {"contents": "read"} for job in flow["jobs"].values())
    assert all("${{" not in r for r in runs), "expressions reach scripts through env, never inline"


def test_deploy_workflow_publishes_main_with_the_least_permissions():
    flow = _workflow("deploy.yml")
    assert flow["on"] == {"push": {"branches": ["main"]}}
    assert flow["permissions"] == {}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["build"]["steps"]
    assert all(s["with"]["persist-credentials"] is False for s in steps if "checkout" in s.get("uses", ""))
    assert any("timeline build" in s.get("run", "") for s in steps)


def test_every_action_is_pinned_to_a_full_commit():
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        for job in _workflow(path.name)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]


def test_no_workflow_uses_pull_request_target():
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        code = [line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")]
        assert "pull_request_target" not in "\n".join(code), path
        assert "pull_request_target" not in json.dumps(_workflow(path.name)["on"])


def test_new_refuses_a_bad_answer_and_writes_nothing(registries_only, run):
    arguments = [*documented_new(), "--data", "data"]
    arguments[arguments.index("statement")] = "statment"
    result = run(*arguments)
    assert result.code == 2
    assert (
        "--kind: 'statment' is not allowed; did you mean 'statement'? choose one of: talks, summit"
        in result.err
    )
    assert "next" not in result.err
    assert list((registries_only / "events").rglob("*.yaml")) == []


def test_new_asks_again_until_each_answer_is_valid(registries_only, run, monkeypatch):
    prompts: list[str] = []
    answers = iter(
        [
            "Talks resume in Geneva",
            "2026-02-31",  # no such day: asked again, earlier answers kept
            "2026-02",
            "",
            "meting",  # asked again
            "talks",
            "",
            "Delegations meet.",
            "",  # no source in sources.yaml yet
            "The Moscow Times",
            "2026-03-02",  # after the event (the month of Feb 2026): it reports it as past
            "",  # no note on the source's date
            "",
            "www.themoscowtimes.com",  # no scheme: asked again
            "",
        ]
    )
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: prompts.append(prompt) or next(answers))
    result = run("new", "--data", "data")
    assert result.code == 0, result.out + result.err
    assert result.err.count("try again") == 3
    kind_prompt = next(p for p in prompts if p.startswith("Kind"))
    from sourced_timeline.vocabulary import read_vocabulary

    assert all(kind in kind_prompt for kind in read_vocabulary(registries_only).kinds)
    path = registries_only / "events" / "2026" / "2026-02-talks-resume-in-geneva.yaml"
    assert path.read_text().startswith("# yaml-language-server: $schema=")
    assert "next:\n  1. in data/events/2026/2026-02-talks-resume-in-geneva.yaml, list actors" in result.err
    assert "  2. timeline check --changed" in result.err


def test_the_pull_request_job_lists_the_pages_a_change_adds_or_alters(tmp_path):
    from scripts.changed_pages import changed_pages_markdown

    base, head = tmp_path / "base", tmp_path / "head"
    for site, pages in (
        (base, {"index.html": "home", "events/a/index.html": "a", "events/gone/index.html": "g"}),
        (
            head,
            {"index.html": "home", "events/a/index.html": "a, corrected", "events/new_*x*/index.html": "n"},
        ),
    ):
        for name, text in pages.items():
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(text)
    summary = changed_pages_markdown(base, head)
    assert "**1 added, 1 altered, 1 removed** (of 3 pages)" in summary
    assert "- added: `/events/new_*x*/`" in summary  # a code span: shown as it is
    assert "- altered: `/events/a/`" in summary and "- removed: `/events/gone/`" in summary
    assert "did not build" in changed_pages_markdown(tmp_path / "missing", head)


def test_the_pull_request_workflow_builds_the_site_and_attaches_it():
    workflow = (ROOT / ".github" / "workflows" / "pull-request.yml").read_text()
    assert "timeline build --out site" in workflow
    assert "scripts/changed_pages.py" in workflow and "GITHUB_STEP_SUMMARY" in workflow
    assert "actions/upload-artifact@" in workflow and "path: site" in workflow
