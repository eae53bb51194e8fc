"""Stopping any command stops everything it started (issue 23, 12).

Each command runs in a process of its own; once it has started a helper (the check's forked
second process, the build's page writer or Pagefind), it gets SIGTERM, as from a process
manager or a CI time-out. Then nothing it started may still run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.sitebuild import make_project

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc"),
]


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _descendants(root: int) -> set[int]:
    """Every living process under ROOT."""
    parents = {int(p.name): _parent_of(int(p.name)) for p in Path("/proc").iterdir() if p.name.isdigit()}
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "(gone)"


def _stop_once_it_has_helpers(command: list[str], cwd: Path, limit_s: float = 120) -> set[int]:
    """Run COMMAND; SIGTERM it as soon as it has started a helper; the helpers seen. What it
    printed goes to cwd/../command.log, for the assertion messages."""
    log = open(cwd.parent / "command.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    seen: set[int] = set()
    deadline = time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline and process.poll() is None:
            seen |= _descendants(process.pid)
            if seen:
                process.send_signal(signal.SIGTERM)
                break
            time.sleep(0.005)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
        log.close()
    return seen


def _none_left(helpers: set[int]) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not any(_alive(pid) for pid in helpers):
            return True
        time.sleep(0.1)
    return False


def test_a_stopped_check_stops_its_forked_helper(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    from generate_events import generate

    generate(4000, tmp_path / "data")
    timeline = str(Path(sys.executable).parent / "timeline")
    (tmp_path / "work").mkdir()
    helpers = _stop_once_it_has_helpers([timeline, "check", "--data", "../data"], tmp_path / "work")
    assert helpers, "the check never started its helper"
    assert _none_left(helpers), [_command_line(pid) for pid in helpers if _alive(pid)]


def test_a_stopped_build_stops_its_helpers_and_leaves_no_staging_folder(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent.parent / "scripts"))
    from generate_events import generate

    generate(300, tmp_path / "data")  # a build of some seconds: its helpers live long enough to see
    project = make_project(tmp_path / "project", tmp_path / "data")
    timeline = str(Path(sys.executable).parent / "timeline")
    env_tmp = tmp_path / "tmp"
    env_tmp.mkdir()
    os.environ["TMPDIR"], previous = str(env_tmp), os.environ.get("TMPDIR")
    try:
        helpers = _stop_once_it_has_helpers([timeline, "build", "--out", "site"], project)
    finally:
        if previous is None:
            del os.environ["TMPDIR"]
        else:
            os.environ["TMPDIR"] = previous
    assert helpers, "the build never started a helper"
    printed = (tmp_path / "command.log").read_text()
    assert _none_left(helpers), ([_command_line(pid) for pid in helpers if _alive(pid)], printed)
    assert not [p for p in project.iterdir() if p.name.startswith(".site") and p.is_dir()], printed  # staging
    assert not list(env_tmp.glob("timeline-index-*")), printed
