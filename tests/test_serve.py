"""`mkdocs serve` rebuilds when a record changes, and serves the change."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.sitebuild import fixture_data, make_project

EVENT = "2026-02-17-geneva-round"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(
    project: Path, *options: str, output: Any = subprocess.DEVNULL
) -> tuple[subprocess.Popen[str], str]:
    """`mkdocs serve [options]` on a free port in ``project``, with temporary files in
    ``project``'s sibling folder tmp; the process and its address."""
    port = _free_port()
    scratch = _scratch(project)
    scratch.mkdir(exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", *options, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(scratch)},
        stdout=output,
        stderr=subprocess.STDOUT if output is not subprocess.DEVNULL else subprocess.DEVNULL,
        text=True,
    )
    return server, f"http://127.0.0.1:{port}"


def _stop(server: subprocess.Popen[str], project: Path) -> None:
    """Stop the server as a process manager does (SIGTERM): it shuts down as on Ctrl-C, and
    leaves none of the search index's temporary folders behind."""
    server.terminate()
    assert server.wait(timeout=60) == 0
    assert not list(_scratch(project).glob("timeline-index-*"))


def _scratch(project: Path) -> Path:
    """The temporary folder of ``project``'s server (TMPDIR)."""
    return project.parent / "tmp"


def _wait_for(url: str, text: str, limit_s: float = 90) -> str:
    """Poll ``url`` until its body contains ``text`` (bounded); returns the last body."""
    body, deadline = "", time.monotonic() + limit_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                body = response.read().decode("utf-8")
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    return body


@pytest.mark.slow
@pytest.mark.parametrize(
    ("options", "watch"),
    [((), "events"), (("--dirty",), "events"), (("--dirty",), "polling")],
    ids=["full", "dirty", "dirty-polling"],
)
def test_serve_shows_an_edited_record_without_restarting(tmp_path, options, watch):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "      data_dir: data\n", f"      data_dir: data\n      watch_records: {watch}\n"
        )
    )
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server, address = _serve(project, *options, output=output)
    try:
        url = f"{address}/events/{EVENT}/"
        assert "Third trilateral round opens in Geneva" in _wait_for(url, "Third trilateral round")
        record = project / "data" / "events" / "2026" / f"{EVENT}.yaml"
        record.write_text(record.read_text().replace("opens in Geneva", "opens in Geneva, edited"))
        assert "opens in Geneva, edited" in _wait_for(url, "opens in Geneva, edited")
        timeline = f"{address}/timeline/"
        assert "opens in Geneva, edited" in _wait_for(timeline, "opens in Geneva, edited")
        assert not list((project / "docs").rglob("events")), "the build must not write into docs/"
        time.sleep(3)  # a rebuild reads every record: that must not start another rebuild
        assert log.read_text().count("Building documentation") == 2, log.read_text()
        polled = "Watching paths for changes: 'docs', 'mkdocs.yml', 'data'"
        assert (polled in log.read_text()) == (watch == "polling")
    finally:
        _stop(server, project)


@contextlib.contextmanager
def _served_event(tmp_path: Path, pyproject: str = "") -> Iterator[tuple[Path, Path, str, Path]]:
    """The valid fixture's project (with PYPROJECT, if given) under `mkdocs serve --dirty`, its
    output in tmp_path/serve.log, the event's page served once: (project, log, the event's
    URL, its record file). Stopped on leaving; its log must hold no traceback."""
    project = make_project(tmp_path / "project", fixture_data("valid"))
    if pyproject:
        (project / "pyproject.toml").write_text(pyproject)
    log = tmp_path / "serve.log"
    with open(log, "w") as sink:
        server, address = _serve(project, "--dirty", output=sink)
    try:
        url = f"{address}/events/{EVENT}/"
        assert "Third trilateral round" in _wait_for(url, "Third trilateral round")
        yield project, log, url, project / "data" / "events" / "2026" / f"{EVENT}.yaml"
    finally:
        _stop(server, project)
    assert "Traceback" not in log.read_text()


def _wait_for_log(log: Path, text: str) -> None:
    """Until the server's log holds TEXT (bounded)."""
    for _ in range(300):
        if text in log.read_text():
            return
        time.sleep(0.2)


@pytest.mark.slow
def test_a_broken_record_while_serving_keeps_the_last_good_site_and_recovers(tmp_path):
    with _served_event(tmp_path) as (_, log, url, record):
        good = record.read_text()
        record.write_text(
            good.replace("kind: talks", "kind: talkz").replace("opens in Geneva", "opens, broken")
        )
        _wait_for_log(log, "talkz")  # the rebuild has reported the problem
        time.sleep(2)  # let the rebuild finish
        assert "Third trilateral round opens in Geneva" in _wait_for(url, "Third trilateral round", 20)
        output = log.read_text()
        assert output.count("'talkz' is not an event kind") == 1, output
        assert "Traceback" not in output and "I/O operation on closed file" not in output
        record.write_text(good.replace("opens in Geneva", "opens in Geneva, fixed"))
        assert "opens in Geneva, fixed" in _wait_for(url, "opens in Geneva, fixed")


@pytest.mark.slow
def test_serve_writes_the_downloads_after_the_pages_and_updates_them_on_an_edit(tmp_path):
    project = make_project(tmp_path / "project", fixture_data("valid"))
    server, address = _serve(project, "--dirty")
    try:
        url = f"{address}/downloads/events.csv"
        assert "Third trilateral round opens in Geneva" in _wait_for(url, "Third trilateral round")
        record = project / "data" / "events" / "2026" / f"{EVENT}.yaml"
        record.write_text(record.read_text().replace("opens in Geneva", "opens in Geneva, edited"))
        assert "opens in Geneva, edited" in _wait_for(url, "opens in Geneva, edited")
    finally:
        _stop(server, project)


def test_theme_templates_compile_once_per_serve_session_and_again_when_edited(tmp_path, monkeypatch):
    from jinja2 import Environment, FileSystemLoader

    from sourced_timeline.session import CompiledTemplates

    (tmp_path / "page.html").write_text("<p>{{ title }}</p>")
    compiled = CompiledTemplates()
    compiles = []
    original = Environment.compile
    monkeypatch.setattr(
        Environment, "compile", lambda self, *a, **k: compiles.append(1) or original(self, *a, **k)
    )

    def render(title: str) -> str:  # each rebuild: a new environment, as MkDocs makes one
        env = Environment(loader=FileSystemLoader(tmp_path), bytecode_cache=compiled)
        return env.get_template("page.html").render(title=title)

    assert render("one") == "<p>one</p>" and render("two") == "<p>two</p>"
    assert len(compiles) == 1
    (tmp_path / "page.html").write_text("<h1>{{ title }}</h1>")
    assert render("three") == "<h1>three</h1>" and len(compiles) == 2


def test_serving_makes_full_collections_rarer_and_restores_the_collector_on_shutdown():
    """Serving freezes what the first build keeps, so the collector would make a full
    collection several times per rebuild: it makes one every SERVE_FULL_COLLECTION_EVERY
    middle-generation collections while serving, and is as it was once serving ends."""
    import gc
    import logging

    from sourced_timeline.config import TimelineConfig
    from sourced_timeline.session import SERVE_FULL_COLLECTION_EVERY, SiteSession

    settings = TimelineConfig()
    settings.load_dict({})
    assert settings.validate() == ([], [])
    before = gc.get_threshold()
    session = SiteSession(settings, logging.getLogger("test"), serving=True)
    try:
        assert gc.get_threshold() == (*before[:2], max(before[2], SERVE_FULL_COLLECTION_EVERY))
    finally:
        session.close()
    assert gc.get_threshold() == before
    built = SiteSession(settings, logging.getLogger("test"), serving=False)
    assert gc.get_threshold() == before  # a one-off build leaves it alone
    built.close()


@pytest.mark.slow
@pytest.mark.parametrize(
    "broken",
    ['tool = "x"\n', "[tool]\ntimeline = 1\n", '[tool.timeline]\nfail_on = "warn"\n'],
    ids=["tool-is-text", "timeline-is-a-number", "fail-on-misspelt"],
)
def test_a_broken_pyproject_while_serving_keeps_the_last_good_site_and_recovers(tmp_path, broken):
    """The reproduction: each of these hung the server at the next save (issue 23, 2)."""
    good_settings = '[tool.timeline]\nfail_on = "error"\n'
    with _served_event(tmp_path, good_settings) as (project, log, url, record):
        good = record.read_text()
        (project / "pyproject.toml").write_text(broken)
        record.write_text(good.replace("opens in Geneva", "opens in Geneva, unseen"))
        _wait_for_log(log, "pyproject.toml")  # the rebuild has reported the setting
        assert "still serving the last good version" in log.read_text()
        assert "Third trilateral round opens in Geneva<" in _wait_for(url, "Third trilateral round", 20)
        (project / "pyproject.toml").write_text(good_settings)
        record.write_text(good.replace("opens in Geneva", "opens in Geneva, fixed"))
        assert "opens in Geneva, fixed" in _wait_for(url, "opens in Geneva, fixed")


def _processes_naming(text: str) -> list[int]:
    """Processes whose command line names TEXT (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_stopping_timeline_serve_stops_the_server_it_started(tmp_path):
    """The reproduction (issue 23, 12): SIGTERM to `timeline serve` left its `mkdocs serve`
    child answering on the port."""
    project = make_project(tmp_path / "project", fixture_data("valid"))
    port = _free_port()
    timeline = Path(sys.executable).parent / "timeline"
    server = subprocess.Popen(
        [str(timeline), "serve", "--data", "data", "--port", str(port)],
        cwd=project,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert "Third trilateral round" in _wait_for(f"http://127.0.0.1:{port}/events/{EVENT}/", "Third")
        assert _processes_naming(str(project / "mkdocs.yml")) or _processes_naming("mkdocs.yml")
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) in (0, -signal.SIGTERM, 128 + signal.SIGTERM)
    finally:
        if server.poll() is None:
            server.kill()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                break
        time.sleep(0.2)
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "something still answers on the port"
    assert not [
        pid
        for pid in _processes_naming("mkdocs")
        if str(project) in Path(f"/proc/{pid}/cwd").resolve().as_posix()
    ]


def test_timeline_serve_names_its_config_by_absolute_path_in_a_process_of_its_own(tmp_path, monkeypatch):
    """The server `timeline serve` starts: its config named by absolute path (every path MkDocs
    derives from it absolute; see ``session.SiteSession.data_dir``); the environment marks the
    process as the timeline's (``runtime.collector.process_is_ours``)."""
    from sourced_timeline.cli import serve_command
    from sourced_timeline.runtime.collector import OWNER_VARIABLE

    monkeypatch.chdir(tmp_path)
    command, environment = serve_command(Path("mkdocs.yml"), "127.0.0.1:8000")
    config = command[command.index("-f") + 1]
    assert Path(config).is_absolute() and Path(config) == tmp_path.resolve() / "mkdocs.yml"
    assert command[command.index("serve") + 1] == "--dirty" and environment[OWNER_VARIABLE] == "1"


def test_the_records_folder_is_absolute_whatever_the_config_path(tmp_path, monkeypatch):
    """`mkdocs serve -f mkdocs.yml` gives MkDocs a relative config path: the session still
    watches and reads the records by absolute path (a relative one made edits show later)."""
    import logging

    from mkdocs.config import load_config

    from sourced_timeline.session import SiteSession
    from tests.sitebuild import fixture_data, make_project

    project = make_project(tmp_path / "project", fixture_data("valid"))
    monkeypatch.chdir(project)
    with open("mkdocs.yml", "rb") as config_file:  # as click hands it over for `-f mkdocs.yml`
        config = load_config(config_file=config_file)
    assert not Path(config.config_file_path).is_absolute()
    session = SiteSession(config.plugins["timeline"].config, logging.getLogger("serve"), serving=False)
    assert session.data_dir(config) == project.resolve() / "data"
