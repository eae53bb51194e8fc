"""The MkDocs adapter: hands MkDocs the assembled site (``sourced_timeline.site``), watches the
records, reports problems through MkDocs' logger, and drives the search index.

Hooks stay short: the work lives in ``site`` (what the site holds), ``check`` (whether the
records may be built) and ``index`` (the search index's lifecycle). Generated pages skip
Markdown: their HTML is already built and sanitised, so the site's own Markdown extensions
never see record text.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.api import BaseObserver

from sourced_timeline import urls
from sourced_timeline.cards import prepare_social_cards
from sourced_timeline.characters import printable
from sourced_timeline.check import LoadCache, check_folder
from sourced_timeline.config import TimelineConfig
from sourced_timeline.dataset import Dataset
from sourced_timeline.encode import script_safe_json
from sourced_timeline.i18n import ENGLISH, SITE_CATALOGUES, script_messages, using
from sourced_timeline.index import SearchIndexError, SiteSearchIndex
from sourced_timeline.mkdocs_compat import BuiltPage, mark_unmodified
from sourced_timeline.pages import (
    HOME_MARKER,
    SITE_TEMPLATES,
    PageCache,
    SiteOptions,
    contributor_pages,
    home_section,
)
from sourced_timeline.policy import load_policy
from sourced_timeline.problems import Problem
from sourced_timeline.report import format_problems
from sourced_timeline.runtime.collector import freeze_kept, full_collections_every, restore_thresholds, thaw
from sourced_timeline.runtime.processes import downloads_writer_context, lower_priority, stop_process
from sourced_timeline.runtime.signals import sigterm_interrupts
from sourced_timeline.settings import SettingsError, environment_settings
from sourced_timeline.site import Site, assemble, write_downloads
from sourced_timeline.site_config import site_options
from sourced_timeline.watch import watch_records

log = get_plugin_logger(__name__)
_LEVELS = {"error": log.error, "warning": log.warning, "notice": log.info}


def nav_titles(nav: Any) -> dict[str, str]:
    """The titles mkdocs.yml's `nav` gives its pages, by source path (``- Positions: topics.md``)."""
    titles: dict[str, str] = {}
    for item in nav if isinstance(nav, list) else []:
        for title, value in item.items() if isinstance(item, dict) else []:
            if isinstance(value, str) and isinstance(title, str):
                titles[value.lstrip("/")] = title
            else:
                titles.update(nav_titles(value))
    return titles


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per serve session: MkDocs makes a new Jinja
    environment for every rebuild (a changed template no longer matches its checksum and
    is compiled again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


SERVE_FULL_COLLECTION_EVERY = 100
"""While serving, collections of the middle generation between two full ones (Python's
default is 10)."""


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Adds the timeline's generated pages and files; rebuilds when a record changes."""

    def __init__(self) -> None:
        self.checked: Dataset | None = None
        """Set by `timeline build`, which has checked the records already: not checked again."""
        self.dataset: Dataset | None = None
        self.site: Site | None = None
        self.options = SiteOptions()
        """The last build's choices (its language among them)."""
        self.messages = ENGLISH
        """The last build's language: its catalogues, read once per build."""
        self.serving = False
        self.page_cache: PageCache | None = None
        self.load_cache: LoadCache | None = None
        self.search = SiteSearchIndex()
        self.in_nav: set[str] = set()
        self.rendered_pages: list[str] = []
        self.previous_html: dict[str, str] = {}
        self.shared_blocks: dict[str, Any] = {}
        self.downloads: multiprocessing.process.BaseProcess | None = None
        """While serving, the downloads are written after the pages are served, by a process
        of their own (a rebuild stops it at once, and it never holds this process's GIL)."""
        self.frozen = False
        self.compiled_templates = _CompiledTemplates()
        self.watcher: BaseObserver | None = None
        """Tells `mkdocs serve` of an edited record (``sourced_timeline.watch``); None when MkDocs polls."""
        self.restore_sigterm: Callable[[], None] | None = None
        self.previous_gc_threshold: tuple[int, int, int] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this instance across `mkdocs serve` rebuilds.
        self.serving = command == "serve"
        self.page_cache = PageCache() if self.serving else None
        self.load_cache = LoadCache() if self.serving else None
        if self.serving:
            self.restore_sigterm = sigterm_interrupts()
            # Everything the first build keeps is frozen after it (see _after_build), so the
            # collector counts few long-lived objects and would make a full collection, which
            # visits every object not frozen (the last rebuild's files, pages and indexes),
            # three times in every rebuild: once per SERVE_FULL_COLLECTION_EVERY collections of
            # the middle generation instead, about every third rebuild.
            self.previous_gc_threshold = full_collections_every(SERVE_FULL_COLLECTION_EVERY)

    def on_config(self, config: Any) -> Any:
        if not self.config.enabled:
            return config
        if not config.use_directory_urls:
            raise PluginError("the timeline plugin needs use_directory_urls: true")
        data_dir = self._data_dir(config)
        self.dataset = self.checked or self._check(data_dir) or self.dataset
        assert self.dataset is not None
        if not self.serving:
            # The records live for the whole build and hold no cycles: the garbage collector
            # need not scan them again while the pages are rendered (thawed when the build
            # ends). Serving, everything the first build keeps is frozen after it: see
            # on_post_build.
            freeze_kept()
            self.frozen = True
        options = site_options(config, self.config.edit_url, self.config.timeline_page_size)
        self.options = options
        self.search.language = options.language
        self.messages = messages = options.messages()
        if not messages.catalogued:
            log.warning(
                "no catalogue for the language %r: the timeline's own words stay English (add %s)",
                options.language,
                Path(
                    config.theme.custom_dir or "overrides",
                    SITE_TEMPLATES,
                    SITE_CATALOGUES,
                    f"{options.language}.po",
                ),
            )
        self.site = assemble(
            self.dataset,
            options,
            site_url=config.site_url or "",
            title=config.site_name,
            cache=self.page_cache,
            with_downloads=not self.serving,
        )
        config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(Path(__file__).parent / "theme"))
        config.extra_css.append(urls.asset("timeline.css"))
        config.extra_javascript.append(urls.asset("timeline.js"))
        config.extra_javascript.append(urls.asset("header-search.js"))
        # The header's search box merges every bundle of the generated pages' index.
        config.extra["timeline_search_bundles"] = " ".join(urls.search_bundles(len(self.site.pages)))
        # The embed's only scripts (theme/embed.html): the timeline's, and the embed's own.
        config.extra["timeline_embed_scripts"] = [urls.asset("timeline.js"), urls.asset("embed.js")]
        # The footer links to the contributors' pages the site has (partials/copyright.html).
        with using(messages):
            config.extra["timeline_contributor_pages"] = contributor_pages(Path(config.docs_dir))
        # The scripts' words (read by timeline.js), unless they are the English they are written in.
        words = script_messages(messages)
        config.extra["timeline_messages"] = (
            script_safe_json(json.dumps(words, ensure_ascii=False)).decode()
            if words != script_messages(ENGLISH)
            else ""
        )
        if str(data_dir) not in config.watch:
            config.watch.append(str(data_dir))
        prepare_social_cards(config, self.serving)  # Material's social plugin, if listed
        return config

    def _data_dir(self, config: Any) -> Path:
        """The records' folder: ``data_dir`` relative to mkdocs.yml."""
        return Path(config.config_file_path).parent / self.config.data_dir

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        data_dir = self._data_dir(config)
        if self.config.enabled and self.config.watch_records == "events" and self.watcher is None:
            self.watcher = watch_records(data_dir, server, self._stop_background_work)
            if self.watcher is not None and str(data_dir) in config.watch:
                config.watch.remove(str(data_dir))  # not polled as well
        return server

    def _check(self, data_dir: Path) -> Dataset | None:
        """The checked records, with every problem logged (so `mkdocs build --strict` fails on
        warnings); while serving, None when they broke (the last good site stays served)."""
        try:
            if not data_dir.is_dir():
                raise SettingsError(f"no data folder at {printable(str(data_dir))} (the plugin's data_dir)")
            policy = load_policy(data_dir)
            environment_settings()
        except SettingsError as error:
            if self.serving and self.dataset is not None:
                log.error("%s\nstill serving the last good version until this is fixed", error)
                return None
            raise PluginError(str(error)) from None
        dataset, problems = check_folder(data_dir, dt.date.today(), self.load_cache)
        failed = dataset is None or policy.fails(problems)
        if failed and not (self.serving and self.dataset is not None):
            raise PluginError(
                f"the records have problems ({policy.describe()}):\n" + format_problems(problems, "text")
            )
        _log_problems(problems)
        if failed:
            log.error(
                "the records have problems (%s); still serving the last good version until they are fixed",
                policy.describe(),
            )
            return None
        return dataset

    def on_files(self, files: Files, config: Any) -> Files:
        if self.site is None:
            return files
        # The hand-written pages MkDocs renders (listed before the generated ones join them).
        self.rendered_pages = [
            urls.output_path(f.src_uri)
            for f in files.documentation_pages()
            if f.src_uri not in self.site.pages
        ]
        for src_uri, page in self.site.pages.items():
            file = File.generated(config, src_uri, content=page.front_matter())
            # Where it is written and its URL, from the one URL scheme (``sourced_timeline.urls``,
            # tested to agree with MkDocs' own): MkDocs would work both out again per page.
            file.dest_uri, file.url = urls.output_path(src_uri), urls.url_of(src_uri)
            if self.previous_html.get(src_uri) == page.html:
                mark_unmodified(file)
            files.append(file)
            BuiltPage(None, file, config)  # pages in the navigation get MkDocs' own in get_navigation
        if self.serving:
            self.previous_html = {src: page.html for src, page in self.site.pages.items()}
        for path, content in self.site.files.items():
            files.append(File.generated(config, path, content=content))
        if self.config.search and not self.serving:
            # Index the generated pages on the other core while MkDocs renders them. (While
            # serving, the index is written after the pages are served: see on_post_build.)
            self.search.start(list(self.site.pages.values()), Path(config.site_dir))
        return files

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        self.in_nav = {page.file.src_uri for page in nav.pages}
        # MkDocs keeps a page made before the navigation (a generated one) with its own
        # title; the title mkdocs.yml gives it in `nav` ("Positions: topics.md") wins.
        titles = nav_titles(config.nav)
        for page in nav.pages:
            if page.file.src_uri in titles:
                page.title = titles[page.file.src_uri]
        return nav

    def on_env(self, env: Any, config: Any, files: Files) -> Any:
        self.shared_blocks = {}
        if self.serving:
            env.bytecode_cache = self.compiled_templates
        env.globals["timeline_shared_block"] = self._shared_block
        # The theme's own templates of ours (partials/, main.html) speak the site's language.
        if "jinja2.ext.i18n" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.messages.translations, newstyle=True)
        env.policies["ext.i18n.trimmed"] = True
        return env

    def _shared_block(self, name: str, page: Any, render: Any) -> Any:
        """The template block NAME of PAGE: rendered once per folder outside the navigation
        (``timeline_shared_nav``, set in on_page_markdown) and reused, else rendered here."""
        folder = page.meta.get("timeline_shared_nav") if page and page.meta else ""
        if not (folder and self.config.share_navigation):
            return render()
        key = f"{name}:{folder}"
        if key not in self.shared_blocks:
            self.shared_blocks[key] = render()
        return self.shared_blocks[key]

    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: Page, config: Any, files: Files) -> str:
        if not page.file.src_uri.startswith(urls.CONTRIBUTOR_FOLDER):
            # Reader pages: the header's tabs and the footer are the navigation; no docs
            # sidebars (the contributors' guide keeps them, and its table of contents).
            page.meta.setdefault("hide", ["navigation", "toc"])
        if self.site is None or self.dataset is None:
            return markdown
        if page.file.src_uri in self.site.pages:
            # Outside the navigation, its links depend only on the page's parent folder
            # ('events' for events/<id>/): pages sharing it share the rendered navigation.
            shared = page.file.src_uri not in self.in_nav and page.url.count("/") == 2
            page.meta["timeline_shared_nav"] = page.url.split("/")[0] if shared else ""
            if self.site.pages[page.file.src_uri].theme_template:
                page.meta["template"] = self.site.pages[page.file.src_uri].theme_template
            return ""
        if HOME_MARKER in markdown:
            src = page.file.src_uri
            if src == urls.source(""):
                home = self.site.home
            else:
                with using(self.messages):
                    home = home_section(self.dataset, src)
            return markdown.replace(HOME_MARKER, home)
        return markdown

    def on_page_content(self, html: str, page: Page, config: Any, files: Files) -> str:
        generated = self.site.pages.get(page.file.src_uri) if self.site else None
        return generated.html if generated else html

    def on_pre_build(self, config: Any) -> None:
        # A rebuild makes the index and downloads being written for the last one worthless.
        self._stop_background_work()
        self._stop_downloads()

    def _stop_background_work(self) -> None:
        """Stop the search index and downloads the last build left running, without waiting:
        also called from the watcher's thread the moment a record changes, so that the rebuild
        has every core from its start."""
        self.search.cancel(wait=False)
        downloads = self.downloads
        if downloads is not None:
            downloads.terminate()  # only a signal; _stop_downloads waits for it

    def _stop_downloads(self) -> None:
        """Stop the downloads' process and wait for it to end."""
        if self.downloads is not None:
            stop_process(self.downloads)
            self.downloads = None

    def on_post_build(self, config: Any) -> None:
        try:
            self._after_build(config)
        finally:
            self._thaw()

    def _thaw(self) -> None:
        """A one-off build has ended: what it froze may be collected again (a process that
        builds more than once, such as a test session, must not keep every build's garbage)."""
        if self.frozen and not self.serving:
            thaw()
            self.frozen = False

    def _after_build(self, config: Any) -> None:
        if self.serving and self.dataset is not None:
            if not self.frozen:
                # The records and pages kept across rebuilds are long-lived: keep the garbage
                # collector from scanning them again on every rebuild.
                freeze_kept(collect_first=True)
                self.frozen = True
            options = self.options
            arguments = (
                *(self.dataset, Path(config.site_dir), config.site_url or "", config.site_name),
                *(options.language, options.template_dirs),
            )
            self.downloads = downloads_writer_context().Process(
                target=_write_downloads_politely, args=arguments, daemon=True
            )
            self.downloads.start()
        if not self.config.search or self.site is None:
            return
        pages = list(self.site.pages.values())
        try:
            self.search.finish(Path(config.site_dir), self.rendered_pages, pages, background=self.serving)
        except SearchIndexError as error:
            raise PluginError(str(error)) from error

    def on_build_error(self, error: Exception) -> None:
        self.search.cancel()
        self._thaw()

    def on_shutdown(self) -> None:
        self.search.cancel()
        self._stop_downloads()
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher.join()
            self.watcher = None
        if self.restore_sigterm is not None:
            self.restore_sigterm()
            self.restore_sigterm = None
        if self.previous_gc_threshold is not None:
            restore_thresholds(self.previous_gc_threshold)
            self.previous_gc_threshold = None


def _write_downloads_politely(*arguments: Any) -> None:
    """``write_downloads`` at a lower priority: a rebuild the reader is waiting for comes first.
    (A rebuild stops it with SIGTERM, which ends it quietly: ``sourced_timeline.runtime.processes`` resets the
    server's handler in every forked child.)"""
    lower_priority()
    write_downloads(*arguments)


def _log_problems(problems: list[Problem]) -> None:
    """Each problem through MkDocs' logger at its level: warnings show in `mkdocs serve` and
    fail `mkdocs build --strict`; notices are information."""
    for problem in problems:
        _LEVELS[problem.severity](format_problems([problem], "text"))
