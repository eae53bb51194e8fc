"""The MkDocs adapter: adds the generated pages and assets, watches the records, indexes search.

Generated pages skip Markdown: their HTML is built and sanitised by ``timeline.pages``,
so the site's own Markdown extensions never see record text, and rendering costs nothing.
"""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from timeline import urls
from timeline.check import check_folder
from timeline.dataset import Dataset
from timeline.exports import export_files
from timeline.index import GeneratedPagesIndex, SearchIndexError, index_rendered_pages
from timeline.pages import (
    HOME_MARKER,
    GeneratedPage,
    PageCache,
    SiteOptions,
    asset_files,
    build_pages,
    home_section,
)
from timeline.problems import has_errors
from timeline.report import format_problems
from timeline.urls import output_path

log = get_plugin_logger(__name__)


class TimelineConfig(base.Config):
    """Options of the `timeline` plugin in mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    """The data folder, relative to mkdocs.yml."""
    edit_url = c.Type(str, default="")
    """Prefix of a link that edits a record file, e.g. https://github.com/o/r/edit/main/data/."""
    search = c.Type(bool, default=True)
    """Index the built site with Pagefind after the build."""
    timeline_page_size = c.Type(int, default=150)
    """Events per timeline page."""
    share_navigation = c.Type(bool, default=True)
    """Render the navigation once per depth for pages outside it (same output, less time)."""


def _unmodified() -> bool:
    return False


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Fail the build on bad records; add the timeline's pages; rebuild when a record changes."""

    def __init__(self) -> None:
        self.dataset: Dataset | None = None
        # Set by `timeline build`, which has checked the records already: not checked again.
        self.checked: Dataset | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.options = SiteOptions()
        self.in_nav: set[str] = set()
        self.shared_blocks: dict[str, Any] = {}
        # Set by on_startup under `mkdocs serve`; `timeline build` calls MkDocs' build directly.
        self.serving = False
        self.background: threading.Thread | None = None
        self.page_cache: PageCache | None = None
        self.generated_index: GeneratedPagesIndex | None = None
        self.rendered_pages: list[str] = []
        self.previous_html: dict[str, str] = {}


    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.page_cache = PageCache() if self.serving else None

    def on_config(self, config: Any) -> Any:
        if not config.use_directory_urls:
            raise PluginError("the timeline plugin needs use_directory_urls: true")
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        dataset = self.checked or self._check(data_dir)
        if dataset is None:  # serving, and the records broke: keep showing the last good site
            dataset = self.dataset
        assert dataset is not None
        self.dataset = dataset
        self.options = SiteOptions(self.config.edit_url, self.config.timeline_page_size)
        pages = build_pages(dataset, self.options, self.page_cache)
        self.generated = {page.src_uri: page for page in pages}
        theme_dir = str(Path(__file__).parent / "theme")
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        config.extra_css.append("assets/timeline/timeline.css")
        config.extra_javascript.append("assets/timeline/timeline.js")
        if str(data_dir) not in config.watch:
            config.watch.append(str(data_dir))
        return config

    def _check(self, data_dir: Path) -> Dataset | None:
        """The checked records; while serving, None after logging why (once per rebuild)."""
        dataset, problems = check_folder(data_dir, dt.date.today())
        if dataset is not None and not has_errors(problems):
            return dataset
        report = format_problems(problems, "text")
        if self.serving and self.dataset is not None:
            log.error("the records have problems; still serving the last good version until "
                      "they are fixed:\n%s", report)
            return None
        raise PluginError("the records have problems:\n" + report)

    def on_files(self, files: Files, config: Any) -> Files:
        for page in self.generated.values():
            file = File.generated(config, page.src_uri, content=page.as_markdown())
            if self.previous_html.get(page.src_uri) == page.html:
                # Unchanged since the last build: `mkdocs serve --dirty` need not render it again.
                file.is_modified = _unmodified  # type: ignore[method-assign]
            files.append(file)
        if self.serving:
            self.previous_html = {src: page.html for src, page in self.generated.items()}
        for path, content in asset_files(self.dataset, self.options).items():
            files.append(File.generated(config, path, content=content))
        if self.dataset is not None:
            exports = export_files(self.dataset, config.site_url or "", config.site_name)
            for name, content in exports.items():
                files.append(File.generated(config, urls.download(name), content=content))
        if self.config.search and not self.serving:
            # Index the generated pages on the other core while MkDocs renders them. (While
            # serving, the index is written after the pages are served: see on_post_build.)
            pages = list(self.generated.values())
            self.generated_index = GeneratedPagesIndex(pages, Path(config.site_dir) / "pagefind")
        self.rendered_pages = [output_path(f.src_uri) for f in files.documentation_pages()
                               if f.src_uri not in self.generated]
        return files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        self.shared_blocks = {}
        if self.config.share_navigation:
            env.globals["timeline_shared_block"] = self._shared_block
        return env

    def _shared_block(self, key: str, render: Any) -> Any:
        """A template block rendered once per key, then reused."""
        if key not in self.shared_blocks:
            self.shared_blocks[key] = render()
        return self.shared_blocks[key]

    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        if page.file.src_uri in self.generated:
            # Outside the navigation, its links depend only on the page's parent folder
            # ('events' for events/<id>/): pages sharing it share the rendered navigation.
            shared = page.file.src_uri not in self.in_nav and page.url.count("/") == 2
            page.meta["timeline_shared_nav"] = page.url.split("/")[0] if shared else ""
            return ""
        if HOME_MARKER in markdown and self.dataset is not None:
            return markdown.replace(HOME_MARKER, home_section(self.dataset, page.file.src_uri))
        return markdown

    def on_page_content(self, html: str, page: Page, config: Any, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        return generated.html if generated else html

    def on_pre_build(self, config: Any) -> None:
        # A rebuild makes the index being written for the last build worthless: stop it.
        if self.generated_index is not None:
            self.generated_index.cancel()
        self._wait_for_background_index()
        self.generated_index = None

    def on_post_build(self, config: Any) -> None:
        if not self.config.search:
            return
        if self.serving:
            # While serving, show the rebuilt pages at once; the index follows a moment later.
            self.background = threading.Thread(target=self._finish_index_logged,
                                               args=(Path(config.site_dir),), daemon=True)
            self.background.start()
        else:
            try:
                self._finish_index(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from error
            finally:
                self.generated_index = None

    def _finish_index_logged(self, site_dir: Path) -> None:
        try:
            self._finish_index(site_dir)
        except SearchIndexError as error:
            log.error("search index not updated: %s", error)

    def _finish_index(self, site_dir: Path) -> None:
        index = self.generated_index or GeneratedPagesIndex(
            list(self.generated.values()), site_dir / "pagefind", beside_build=False)
        self.generated_index = index
        index.wait()
        if not index.cancelled:
            index_rendered_pages(site_dir, self.rendered_pages)

    def on_build_error(self, error: Exception) -> None:
        if self.generated_index is not None:
            self.generated_index.cancel()
            self.generated_index.wait()
            self.generated_index = None

    def on_shutdown(self) -> None:
        self._wait_for_background_index()

    def _wait_for_background_index(self) -> None:
        if self.background is not None:
            self.background.join()
            self.background = None
