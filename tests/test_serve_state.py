"""Serve caches that cannot go stale (issue 27, item 5): random sequences of edits (titles,
dates, registries, positions, sources, the site's templates, mkdocs.yml) run through one
serving session, the plugin's own with its load and page caches, and after every step each
generated page and file equals what a fresh build of the same folder makes. Records the
checker refuses leave the last good site served, as `mkdocs serve` does."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

from scripts.generate_events import generate
from sourced_timeline.cli import main as timeline
from sourced_timeline.session import SiteSession

pytestmark = pytest.mark.slow

EVENTS = 6
WORDS = ["Ceasefire", "Talks", "Summit", "Exchange", "Memorandum", "Statement", "Prisoners", "Draft"]
TEMPLATE = Path(__file__).resolve().parent.parent / "sourced_timeline" / "templates" / "event.html"
_project_template: Path | None = None


def _template_project() -> Path:
    """A new site (`timeline init`) with a few synthetic events, made once per test session."""
    global _project_template
    if _project_template is None:
        folder = Path(tempfile.mkdtemp(prefix="serve-state-template-"))
        assert timeline(["init", str(folder / "site"), "--title", "Serve state"]) == 0
        shutil.rmtree(folder / "site" / "data")
        generate(EVENTS, folder / "site" / "data", seed=27)
        # The records must build: warnings (a title close to another's) are reported, not fatal.
        (folder / "site" / "pyproject.toml").write_text('[tool.timeline]\nfail_on = "error"\n')
        _project_template = folder / "site"
    return _project_template


def _site_state(session: SiteSession) -> dict[str, Any]:
    """Everything a session made that a reader gets: each page, each file, the home section."""
    assert session.site is not None
    return {
        "pages": {
            src: (p.title, p.html, p.description, p.theme_template) for src, p in session.site.pages.items()
        },
        "files": dict(session.site.files),
        "home": session.site.home,
    }


class ServingSession(RuleBasedStateMachine):
    """One serve session of a site folder, edited step by step."""

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="serve-state-"))
        self.project = self.folder / "site"
        shutil.copytree(_template_project(), self.project)
        self.config_file = self.project / "mkdocs.yml"
        config = load_config(str(self.config_file))
        self.plugin = config.plugins["timeline"]
        config.plugins.on_startup(command="serve", dirty=True)
        self.good: Any = None
        """The last records the checker accepted (the Dataset served)."""

    # -- edits ---------------------------------------------------------------------------

    def _events(self) -> list[Path]:
        return sorted((self.project / "data" / "events").rglob("*.yaml"))

    def _edit_yaml(self, path: Path, change: Any) -> None:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")

    @rule(which=st.integers(0, EVENTS - 1), word=st.sampled_from(WORDS))
    def edit_title(self, which: int, word: str) -> None:
        events = self._events()
        self._edit_yaml(events[which % len(events)], lambda e: e.update(title=f"{word}: {e['title']}"))

    @rule(which=st.integers(0, EVENTS - 1), days=st.integers(-400, 400))
    def move_date(self, which: int, days: int) -> None:
        """A new date, and so a new id and file: the event moves on the timeline."""
        path = self._events()[which % len(self._events())]
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        day = dt.date.fromisoformat(str(document["date"])) + dt.timedelta(days=days)
        day = min(max(day, dt.date(2015, 1, 1)), dt.date(2026, 6, 30))
        document["date"] = day.isoformat()
        target = self.project / "data" / "events" / str(day.year) / f"{day.isoformat()}{path.stem[10:]}.yaml"
        path.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")

    def _edit_entry(self, registry: str, which: int, change: Any) -> None:
        """``change(id, entry)`` on one entry of data/<registry>.yaml, chosen by ``which``."""

        def edit(entries: dict[str, Any]) -> None:
            key = sorted(entries)[which % len(entries)]
            change(key, entries[key])

        self._edit_yaml(self.project / "data" / f"{registry}.yaml", edit)

    @rule(which=st.integers(0, 20), word=st.sampled_from(WORDS))
    def rename_actor(self, which: int, word: str) -> None:
        self._edit_entry("actors", which, lambda key, actor: actor.update(name=f"{word} {key}"))

    @rule(which=st.integers(0, EVENTS - 1), word=st.sampled_from(WORDS))
    def edit_position(self, which: int, word: str) -> None:
        events = self._events()

        def change(event: dict[str, Any]) -> None:
            for position in event.get("positions", []):
                position["stance"] = f"{word} comes first."

        self._edit_yaml(events[which % len(events)], change)

    @rule(which=st.integers(0, 50), word=st.sampled_from(WORDS))
    def edit_source(self, which: int, word: str) -> None:
        self._edit_entry("sources", which, lambda key, source: source.update(headline=f"{word} digest"))

    @rule(which=st.integers(0, EVENTS - 1))
    def break_a_record(self, which: int) -> None:
        """A kind the vocabulary lacks: the checker refuses the records."""
        events = self._events()
        self._edit_yaml(events[which % len(events)], lambda e: e.update(kind="no-such-kind"))

    @rule()
    def mend_the_records(self) -> None:
        for path in self._events():
            if "no-such-kind" in path.read_text(encoding="utf-8"):
                self._edit_yaml(path, lambda e: e.update(kind="meeting"))

    @rule(marker=st.none() | st.sampled_from(WORDS))
    def override_event_template(self, marker: str | None) -> None:
        """The site's own event.html (overrides/timeline/), with a word of its own, or none."""
        override = self.project / "overrides" / "timeline" / "event.html"
        if marker is None:
            override.unlink(missing_ok=True)
            return
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(TEMPLATE.read_text(encoding="utf-8") + f"\n<p>{marker}</p>\n", encoding="utf-8")

    @rule(
        page_size=st.sampled_from([None, 2, 4]),
        language=st.sampled_from(["en", "uk", "de"]),
        edit_url=st.sampled_from(["", "https://example.org/edit/main/data/"]),
    )
    def edit_config(self, page_size: int | None, language: str, edit_url: str) -> None:
        config = yaml.safe_load(self.config_file.read_text(encoding="utf-8").replace("!ENV", ""))
        config["site_url"] = config["repo_url"] = ""
        config["theme"]["language"] = language
        options: dict[str, Any] = {"data_dir": "data"}
        if page_size:
            options["timeline_page_size"] = page_size
        if edit_url:
            options["edit_url"] = edit_url
        config["plugins"] = [{"timeline": options}]
        self.config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")

    # -- after every step: the serving session's site is a fresh build's ------------------

    @invariant()
    def serves_what_a_fresh_build_makes(self) -> None:
        config = load_config(str(self.config_file))  # as `mkdocs serve` loads it for each rebuild
        self.plugin.on_config(config)
        served = _site_state(self.plugin.session)
        fresh_config = load_config(str(self.config_file))
        fresh = SiteSession(
            fresh_config.plugins["timeline"].config, logging.getLogger("fresh"), serving=False
        )
        try:
            fresh.configure(fresh_config)
        except PluginError:
            assert self.good is not None, "the first build must succeed"
            assert self.plugin.session.dataset is self.good  # refused: the last good records stay served
            return
        finally:
            fresh.close()
        expected = _site_state(fresh)
        assert served["pages"].keys() == expected["pages"].keys()
        for src, page in expected["pages"].items():
            assert served["pages"][src] == page, f"{src} is stale"
        assert served["home"] == expected["home"]
        # Serving, the downloads are written in the background: every other file is the same.
        assert served["files"].keys() <= expected["files"].keys()
        for path, content in served["files"].items():
            assert content == expected["files"][path], f"{path} is stale"
        self.good = self.plugin.session.dataset

    def teardown(self) -> None:
        self.plugin.on_shutdown()
        shutil.rmtree(self.folder, ignore_errors=True)


ServingSession.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_serving_session_serves_what_a_fresh_build_makes = ServingSession.TestCase


def test_a_generated_page_is_written_again_when_what_the_theme_puts_around_it_changed():
    """`mkdocs serve --dirty` skips a generated page whose HTML is as in the last build, but
    not once mkdocs.yml, a hand-written page or the theme's overrides changed (the header,
    the navigation and the footer around it would be stale)."""
    from mkdocs.structure.files import get_files

    folder = Path(tempfile.mkdtemp(prefix="serve-chrome-"))
    try:
        project = folder / "site"
        shutil.copytree(_template_project(), project)
        plugins = load_config(str(project / "mkdocs.yml")).plugins
        plugins.on_startup(command="serve", dirty=True)
        plugin = plugins["timeline"]

        def unmodified() -> set[str]:
            """Build as `mkdocs serve` does (the config loaded again): the generated pages it
            would skip."""
            config = load_config(str(project / "mkdocs.yml"))
            config = config.plugins.on_config(config)
            files = config.plugins.on_files(get_files(config), config=config)
            site = plugin.session.site
            return {f.src_uri for f in files if f.src_uri in site.pages and not f.is_modified()}

        try:
            assert unmodified() == set()  # the first build writes everything
            generated = set(plugin.session.site.pages)
            assert unmodified() == generated  # nothing changed
            for change in (
                lambda: _append(project / "mkdocs.yml", "copyright: Serve state\n"),
                lambda: _append(project / "docs" / "about.md", "\nOne more line.\n"),
                lambda: _append(project / "overrides" / "main.html", '{% extends "base.html" %}\n'),
            ):
                change()
                assert unmodified() == set()
                assert unmodified() == generated
        finally:
            plugins.on_shutdown()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)
