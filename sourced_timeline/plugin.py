"""The MkDocs adapter: each hook hands its step to the session (``sourced_timeline.session``),
which owns the state of one build or serve session and does the work.

Generated pages skip Markdown: their HTML is already built and sanitised, so the site's own
Markdown extensions never see record text.
"""

from __future__ import annotations

from typing import Any

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sourced_timeline.config import TimelineConfig
from sourced_timeline.session import SiteSession

log = get_plugin_logger(__name__)


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Adds the timeline's generated pages and files; rebuilds when a record changes."""

    def __init__(self) -> None:
        self.session: SiteSession | None = None
        """This session: begun by the first on_config after on_startup (which ends the last one),
        or by the first on_config of a build that calls no on_startup."""
        self.serving = False

    def _session(self) -> SiteSession:
        if self.session is None:
            self.session = SiteSession(self.config, log, serving=self.serving)
        return self.session

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        if self.session is not None:
            self.session.close()
        self.serving = command == "serve"
        self.session = None

    def on_config(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        session = self._session()
        session.settings = self.config  # re-read by MkDocs when mkdocs.yml changes while serving
        return session.configure(config)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        if self.config.enabled:
            self._session().watch(server, config)
        return server

    def on_files(self, files: Files, config: Any) -> Files:
        return self.session.add_files(files, config) if self.session else files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        return self.session.title_pages(nav, config) if self.session else nav

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        return self.session.prepare_templates(env) if self.session else env

    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        return self.session.page_markdown(markdown, page) if self.session else markdown

    def on_page_content(self, html: str, page: Page, config: Any, files: Files) -> str:
        return self.session.page_content(html, page) if self.session else html

    def on_pre_build(self, config: Any) -> None:
        if self.session is not None:
            self.session.before_build()

    def on_post_build(self, config: Any) -> None:
        if self.session is not None:
            self.session.after_build(config)

    def on_build_error(self, error: Exception) -> None:
        if self.session is not None:
            self.session.build_failed()

    def on_shutdown(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
