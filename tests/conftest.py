"""Shared fixtures: a valid data folder in a temporary directory, and a way to run the CLI."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from sourced_timeline.cli import main
from sourced_timeline.dataset import Dataset
from sourced_timeline.vocabulary import read_vocabulary

# Property tests: a bounded run in `make test` (seconds), a quick one in `make test-fast`;
# `make fuzz` asks for the long one.
settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fast",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "fuzz",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile("default")

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-24"


@dataclass
class Result:
    """What one run of the CLI returned and printed."""

    code: int
    out: str
    err: str


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the valid fixture data folder, safe to break."""
    target = tmp_path / "data"
    shutil.copytree(FIXTURES / "valid", target)
    return target


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `timeline ARGS...` in-process from the temporary folder; returns a Result."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke


@pytest.fixture
def check(run):
    """Run `timeline check` on ./data with a fixed today."""

    def invoke(*args: str) -> Result:
        return run("check", "--data", "data", "--today", TODAY, *args)

    return invoke


@pytest.fixture
def helper_shares(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many items each forked helper (``sourced_timeline.runtime.processes.ForkedShare``) took, in the order
    their results were collected (0 where no helper ran)."""
    from sourced_timeline.runtime.processes import ForkedShare

    taken: list[int] = []
    results = ForkedShare.results
    monkeypatch.setattr(ForkedShare, "results", lambda self: taken.append(len(self.theirs)) or results(self))
    return taken


def write_event(data_dir: Path, name: str, text: str | bytes, year: str = "2026") -> Path:
    """Write an event file (text or raw bytes) into the data folder; returns its path."""
    path = data_dir / "events" / year / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


FIXTURE_SOURCE = "2026-02-13-moscow-times-next-round"
"""The source the valid fixture's event cites first (tests/fixtures/valid/sources.yaml)."""
VALID_EVENT = (FIXTURES / "valid" / "events" / "2026" / "2026-02-17-geneva-round.yaml").read_text()
FIXTURE_VOCABULARY = read_vocabulary(FIXTURES / "valid")
"""The fixture's vocabulary (the peace-talks site's kinds and lanes)."""
KIND_FAMILIES = {
    lane.label: tuple(kind for kind, entry in FIXTURE_VOCABULARY.kinds.items() if entry.lane == lane_id)
    for lane_id, lane in FIXTURE_VOCABULARY.lanes.items()
}
"""Its kinds by lane label, top lane first."""
FAMILY_OF = {
    kind: FIXTURE_VOCABULARY.lanes[entry.lane].label for kind, entry in FIXTURE_VOCABULARY.kinds.items()
}
"""Each of its kinds' lane label."""


# Modules whose tests build whole sites or start servers, and those that drive chromium:
# `make test-fast` (-m "not slow and not browser") leaves them out.
SLOW_MODULES = {"test_site_build", "test_scale", "test_exports", "test_serve"}
BROWSER_MODULES = {"test_browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow and browser tests by module (a test may also carry the mark itself)."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in BROWSER_MODULES or "chromium" in item.name or "filters_span" in item.name:
            item.add_marker(pytest.mark.browser)
        if module in SLOW_MODULES | BROWSER_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built once for every test that only reads it."""
    from tests.sitebuild import build, make_project

    project = make_project(tmp_path_factory.mktemp("project"))
    assert build(project, project / "site") == 0
    return project / "site"


def live_dataset() -> Dataset:
    """The project's own data as the checker reads it (for expectations derived from it)."""
    import datetime as dt

    from sourced_timeline.check import check_folder

    dataset, _ = check_folder(Path(__file__).resolve().parent.parent / "data", dt.date.fromisoformat(TODAY))
    assert dataset is not None
    return dataset


def live_event_count() -> int:
    """How many events the project's data holds today (tests derive counts, never assume them)."""
    return len(list((Path(__file__).resolve().parent.parent / "data" / "events").rglob("*.yaml")))


def run_in(cwd: Path, *args: str) -> Result:
    """`timeline ARGS` in-process from CWD (outside a fixture: in Hypothesis' examples too)."""
    import contextlib
    import io
    import os

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = int(exit_.code or 0)
    finally:
        os.chdir(previous)
    return Result(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="module")
def base_url(project_site: Path) -> Iterator[str]:
    """The project's site, served on 127.0.0.1 (the browser tests)."""
    from scripts.browser import serve

    with serve(project_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's chromium, driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    from scripts.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()
