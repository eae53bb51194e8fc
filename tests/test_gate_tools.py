"""The contributor tools against what a hostile contributor or a careless maintainer tries
(issue 23, found by a review after the first fixes): each a reproduction, most with the
contract it breaks stated as a property or a structural test."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sourced_timeline.check import check_folder
from sourced_timeline.load import MAPPING_SCAN, Document, parse_text
from tests.conftest import FIXTURES, TODAY

VALID_EVENT = FIXTURES / "valid" / "events" / "2026" / "2026-02-17-geneva-round.yaml"
NEW = ["--title", "Talks", "--date", "2026-02-01", "--kind", "talks", "--summary", "S.", "--publisher", "X"]
NEW += ["--source-date", "2026-02-01"]


# --- positions: one lookup per problem, whatever the file holds ------------------------------


class _CountingList(list):
    iterations = 0

    def __iter__(self):
        type(self).iterations += 1
        return super().__iter__()


def test_placing_many_problems_in_one_mapping_reads_its_keys_once():
    """The reproduction: a 256 KiB file of unknown keys took 23 s, each problem's position
    scanning every key (quadratic)."""
    keys = [f"b{i}" for i in range(MAPPING_SCAN * 50)]
    document = parse_text("".join(f"{k}: 1\n" for k in keys), "x.yaml")
    root = document.root
    root.value = _CountingList(root.value)
    _CountingList.iterations = 0
    lines = [document.position((k,))[0] for k in keys]
    assert lines == list(range(1, len(keys) + 1))
    assert _CountingList.iterations <= 1


@given(
    st.lists(
        st.text(st.characters(codec="ascii", categories=["L", "N"]), min_size=1, max_size=6),
        unique=True,
        max_size=60,
    )
)
def test_a_position_found_through_the_index_is_the_one_a_scan_finds(keys):
    text = "".join(f"{k}: {i}\n" for i, k in enumerate(keys))
    document = parse_text(text, "x.yaml")
    if not isinstance(document.data, dict):
        return
    for key in document.data:
        scanned = next(k for k, _ in document.root.value if k.value == key)
        assert document.position((key,), key=True) == (
            scanned.start_mark.line + 1,
            scanned.start_mark.column + 1,
        )


@pytest.mark.slow
def test_a_check_of_a_file_of_unknown_keys_grows_linearly(tmp_path):
    """Counted, not timed: every problem's place is found with a bounded number of key reads."""
    reads = []
    for count in (2_000, 8_000):
        data = tmp_path / f"d{count}"
        import shutil

        shutil.copytree(FIXTURES / "valid", data)
        event = data / "events" / "2026" / VALID_EVENT.name
        event.write_text(event.read_text() + "".join(f"b{i}: 1\n" for i in range(count)))
        calls = [0]
        real = Document._entry

        def counting(self, mapping, key, real=real, calls=calls):
            calls[0] += 1
            return real(self, mapping, key)

        Document._entry = counting
        try:
            _, problems = check_folder(data, dt.date.fromisoformat(TODAY))
        finally:
            Document._entry = real
        assert sum(p.code == "unknown-field" for p in problems) == count
        reads.append(calls[0] / count)
    assert reads[1] <= reads[0] * 1.1  # the same number of lookups per problem


# --- writing: never outside the data folder, never what the check would fail ----------------


def test_new_never_writes_through_a_dangling_link(data_dir, run, tmp_path):
    outside = tmp_path / "outside" / "planted.txt"
    outside.parent.mkdir()
    (data_dir / "events" / "2026" / "2026-02-01-talks.yaml").symlink_to(outside)
    result = run("new", "--data", str(data_dir), *NEW)
    assert result.code != 0 and "nothing written" in result.err
    assert not outside.exists()


def test_new_never_writes_through_a_linked_folder(data_dir, run, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (data_dir / "events" / "2027").symlink_to(outside, target_is_directory=True)
    result = run(
        "new",
        "--data",
        str(data_dir),
        *[a.replace("2026-02-01", "2027-02-01") for a in NEW],
        "--status",
        "planned",
    )
    assert result.code != 0 and "symbolic link" in result.err
    assert not list(outside.iterdir())


@pytest.mark.parametrize("where", ["missing", "file"])
def test_new_needs_a_data_folder(run, tmp_path, where):
    target = tmp_path / "nodata"
    if where == "file":
        target.write_text("x")
    result = run("new", "--data", str(target), *NEW)
    assert result.code == 2 and "no data folder" in result.err and "Traceback" not in result.err
    assert (not target.exists()) if where == "missing" else target.is_file()


def test_the_importer_never_writes_through_a_linked_folder(data_dir, tmp_path):
    import json

    from sourced_timeline import importer as import_timeline

    outside = tmp_path / "outside"
    outside.mkdir()
    (data_dir / "events" / "2027").symlink_to(outside, target_is_directory=True)
    source = tmp_path / "t.json"
    slide = {"start_date": {"year": 2027, "month": 3, "day": 1}, "text": {"headline": "Planted", "text": "x"}}
    source.write_text(json.dumps({"events": [slide]}))
    code = import_timeline.main([str(source), "--data", str(data_dir), "--today", TODAY])
    assert code != 0
    assert not list(outside.iterdir())


# --- settings that passed the schema and crashed later ----------------------------------------


@pytest.mark.parametrize("value", ["http://[::1", "https://example.org:port/", "https:///path"])
def test_a_site_url_mkdocs_cannot_parse_is_refused_first(run, data_dir, monkeypatch, value):
    monkeypatch.setenv("TIMELINE_SITE_URL", value)
    result = run("check", "--data", str(data_dir))
    assert result.code == 2 and "TIMELINE_SITE_URL" in result.err


def test_a_pyproject_nested_beyond_the_parser_is_a_settings_error(check, data_dir, tmp_path):
    (tmp_path / "pyproject.toml").write_text("x = " + "[" * 2000 + "]" * 2000 + "\n")
    result = check()
    assert result.code == 2 and "not valid TOML" in result.err and "Traceback" not in result.err


@pytest.mark.slow
def test_a_plugin_data_dir_that_is_no_folder_is_one_line_not_a_traceback(tmp_path):
    from tests.sitebuild import fixture_data, make_project

    project = make_project(tmp_path / "project", fixture_data("valid"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("      data_dir: data\n", "      data_dir: nonexistent\n"))
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "no data folder" in result.stderr and "Traceback" not in result.stderr


def test_the_policy_is_the_data_folders_whatever_the_working_directory(run, data_dir, tmp_path, monkeypatch):
    """The reproduction: the CLI read pyproject.toml upwards from the working directory, so a
    CI step run elsewhere ran a weaker gate than the project's."""
    (tmp_path / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "warning"\n')
    (data_dir / "events" / "2026" / "notes.txt").write_text("x\n")  # a warning
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    from sourced_timeline.cli import main

    assert main(["check", "--data", str(data_dir)]) == 1


# --- git: what the full check sees, the scoped check sees -----------------------------------


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    import shutil

    shutil.copytree(FIXTURES / "valid", tmp_path / "data")
    (tmp_path / ".gitignore").write_text(".*.lock\n")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "x")
    return tmp_path


def test_an_ignored_file_in_the_data_folder_is_in_the_scoped_check(repo, run):
    (repo / "data" / ".x.lock").write_text("")
    assert run("check", "--data", "data", "--fail-on", "warning").code == 1
    result = run("check", "--data", "data", "--changed", "--fail-on", "warning")
    assert result.code == 1 and "your 1 file(s)" in result.err


def test_diff_against_a_revision_holding_a_link_is_exit_2(repo, run):
    (repo / "data" / "events" / "2026" / "2026-01-01-evil.yaml").symlink_to("/etc/passwd")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "link")
    result = run("diff", "HEAD")
    assert result.code == 2 and "Traceback" not in result.err
