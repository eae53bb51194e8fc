"""`timeline check --changed` and FILE arguments: a scoped check neither skips nor lies.

The contracts (issue 23, 3 and 4):
- a user-supplied revision is verified as a commit before git sees it, and every git call
  separates options from operands: `--changed=--output=KEEP` is exit 2, KEEP untouched;
- for any set of changed paths, the scoped check's exit code is the full check's, restricted
  to those paths as `report.in_scope` restricts it (their problems, and errors anywhere),
  whatever the spelling of --data and the working directory.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sourced_timeline import contribute
from sourced_timeline.check import check_folder
from sourced_timeline.policy import Policy
from sourced_timeline.report import in_scope
from tests.conftest import FIXTURES, TODAY, run_in

WARNED = (
    (FIXTURES / "valid" / "events" / "2026" / "2026-02-17-geneva-round.yaml")
    .read_text()
    .replace("date: 2026-02-17\nend: 2026-02-18", "date: 2026-02-16\nend: 2026-02-18")
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _repository(folder: Path) -> Path:
    """A repository with the valid fixture data committed on main."""
    shutil.copytree(FIXTURES / "valid", folder / "data")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "data")
    _git(folder, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "data")
    return folder


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _repository(tmp_path / "repo")


def _run(cwd: Path, *args: str) -> tuple[int, str, str]:
    """`timeline ARGS` in-process from CWD: exit code, stdout, stderr."""
    result = run_in(cwd, *args)
    return result.code, result.out, result.err


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--data", "data", "--changed=--output=KEEP"),
        ("check", "--data", "data", "--changed", "--output=KEEP"),
        ("check", "--data", "data", "--changed=-p"),
        ("diff", "--data", "data", "--", "--output=KEEP"),
        ("check", "--data", "data", "--changed=main:data"),  # a tree, not a commit
        ("check", "--data", "data", "--changed=no-such-branch"),
    ],
)
def test_a_revision_that_is_an_option_or_no_commit_is_exit_2_and_touches_nothing(repo, args):
    """The reproduction: `--changed=--output=KEEP` truncated KEEP and exited 0."""
    keep = repo / "KEEP"
    keep.write_text("precious\n")
    code, _, err = _run(repo, *args)
    assert code == 2, err
    assert keep.read_text() == "precious\n"
    assert "not a commit" in err or "unrecognized arguments: --output=KEEP" in err


def test_every_git_call_goes_through_one_function():
    """Options and operands are separated in one place: no other module starts git."""
    import sourced_timeline

    package = Path(sourced_timeline.__file__).parent
    starting = [path.name for path in package.rglob("*.py") if '"git"' in path.read_text()]
    assert starting == ["contribute.py"]
    assert contribute.Path(contribute.__file__).read_text().count('"git"') == 1


def _commit_all(repo: Path) -> None:
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")


def test_a_stray_file_is_in_the_changed_files(repo):
    """The reproduction: `--changed` skipped data/events/2026/notes.txt, which the full check fails on."""
    (repo / "data" / "events" / "2026" / "notes.txt").write_text("notes\n")
    code, out, err = _run(repo, "check", "--data", "data", "--changed", "--fail-on", "warning")
    assert code == 1 and "ignored-file" in out and "your 1 file(s)" in err


def test_the_data_folder_as_the_working_directory_names_files_alike(repo):
    """The reproduction: from inside data/, problems were named ./events/… and the list events/…"""
    (repo / "data" / "events" / "2026" / "2026-02-17-geneva-round.yaml").write_text(WARNED)
    code, out, err = _run(repo / "data", "check", "--data", ".", "--changed", "--fail-on", "warning")
    assert code == 1, err
    assert out.startswith("events/2026/2026-02-17-geneva-round.yaml:")
    assert "your 1 file(s): 0 error(s), 1 warning(s)" in err


@pytest.mark.parametrize("name", ["a b.yaml", 'a"b.yaml', "a\nb.yaml", "ä.yaml", "a\\b.yaml"])
def test_odd_file_names_are_listed_as_changed(repo, name):
    """The reproduction: git quoted such names, and the summary said 'no changed record files'."""
    (repo / "data" / "events" / "2026" / name).write_text(WARNED)
    code, _, err = _run(repo, "check", "--data", "data", "--changed")
    assert code == 1 and "your 1 file(s): " in err and "your 1 file(s): no problems" not in err, err


CHANGES = {
    "stray": ("events/2026/notes.txt", "notes\n"),
    "odd-name": ('events/2026/2026-03-01 "odd" name.yaml', WARNED),
    "line-break": ("events/2026/x\ny.yaml", WARNED),
    "warned": ("events/2026/2026-02-17-geneva-round.yaml", WARNED),
    "valid": ("events/2026/2026-02-18-geneva-round-two.yaml", None),
    "unknown-actor": (
        "events/2026/2026-02-19-geneva-round-three.yaml",
        WARNED.replace("[russia,", "[rusia,"),
    ),
    "hidden": ("events/.notes.yaml", "x: 1\n"),
}
SPELLINGS = [
    # (working directory inside the repository, --data)
    (".", "data"),
    (".", "./data"),
    (".", "data/"),
    (".", "ABSOLUTE"),
    ("data", "."),
    ("data", "./"),
    ("data", "../data"),
    ("data/events", ".."),
    ("data/events", "../../data"),
    ("elsewhere", "../data"),
]


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = _repository(tmp_path_factory.mktemp("scoped"))
    (repo / "elsewhere").mkdir()
    (repo / "elsewhere" / ".keep").write_text("")
    valid = (repo / "data" / "events" / "2026" / "2026-02-17-geneva-round.yaml").read_text()
    CHANGES["valid"] = (CHANGES["valid"][0], valid.replace("round: 3", "round: 5").replace("Third", "Fifth"))
    _commit_all(repo)
    return repo


@pytest.mark.slow
@settings(max_examples=40)
@given(
    changed=st.sets(st.sampled_from(sorted(CHANGES))),
    spelling=st.sampled_from(SPELLINGS),
    fail_on=st.sampled_from(["error", "warning"]),
    committed=st.booleans(),
)
def test_a_scoped_check_fails_exactly_when_the_full_check_restricted_to_the_changed_paths_does(
    shared_repo, changed, spelling, fail_on, committed
):
    repo = shared_repo
    _git(repo, "checkout", "-q", "-B", "work", "main")
    _git(repo, "reset", "-q", "--hard", "main")
    _git(repo, "clean", "-qfdx", "--", "data")
    try:
        for name in changed:
            path, text = CHANGES[name]
            (repo / "data" / path).write_text(text)
        if committed and changed:
            _commit_all(repo)
        folder, data = spelling
        data = str(repo / "data") if data == "ABSOLUTE" else data
        cwd = repo / folder
        code, _, err = _run(
            cwd, "check", "--data", data, "--changed", "main", "--fail-on", fail_on, "--today", TODAY
        )
        # The full check, and the changed paths named independently: absolute paths.
        previous = Path.cwd()
        os.chdir(cwd)
        try:
            _, problems = check_folder(Path(data), dt.date.fromisoformat(TODAY))
            absolute = {(cwd / p.path).resolve(): p for p in problems}
        finally:
            os.chdir(previous)
        paths = {(repo / "data" / CHANGES[name][0]).resolve() for name in changed}
        scope = {p.path for path, p in absolute.items() if path in paths} | {"(nothing else)"}
        assert all(p.path for p in problems)
        expected = Policy(fail_on).fails(in_scope(problems, scope))
        assert code == int(expected), (changed, spelling, err)
        assert f"your {len(changed)} file(s)" in err if changed else "no changed record files" in err
    finally:
        _git(repo, "checkout", "-q", "main")
        _git(repo, "clean", "-qfdx", "--", "data")
