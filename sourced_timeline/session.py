"""One build or serve session of the site: the state the MkDocs plugin's hooks share, and the
work each hook does with it. The plugin (``sourced_timeline.plugin``) only delegates here.

A session checks the records (``check``), assembles the site (``site``), hands MkDocs the
generated pages and files, and owns what outlives a build: the caches a serve session keeps
between rebuilds, the garbage collector's tuning (``runtime.collector``) and the background
work (``runtime.background``: the search index, the downloads' writer).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from watchdog.observers.api import BaseObserver

from sourced_timeline import urls
from sourced_timeline.cards import prepare_social_cards
from sourced_timeline.characters import printable
from sourced_timeline.check import LoadCache, check_folder
from sourced_timeline.dataset import Dataset
from sourced_timeline.encode import script_safe_json
from sourced_timeline.i18n import ENGLISH, SITE_CATALOGUES, script_messages, using
from sourced_timeline.index import SearchIndexError, SiteSearchIndex
from sourced_timeline.mkdocs_compat import BuiltPage, mark_unmodified, material_header_dir
from sourced_timeline.pages import (
    HOME_MARKER,
    SITE_TEMPLATES,
    PageCache,
    SiteOptions,
    contributor_pages,
    home_section,
    templates_fingerprint,
)
from sourced_timeline.policy import load_policy
from sourced_timeline.problems import Problem
from sourced_timeline.report import format_problems
from sourced_timeline.runtime.background import BackgroundWork
from sourced_timeline.runtime.collector import freeze_kept, full_collections_every, restore_thresholds, thaw
from sourced_timeline.runtime.signals import sigterm_interrupts
from sourced_timeline.settings import SettingsError, environment_settings
from sourced_timeline.site import Site, assemble, write_downloads
from sourced_timeline.site_config import site_options
from sourced_timeline.watch import watch_records

SERVE_FULL_COLLECTION_EVERY = 100
"""While serving, collections of the middle generation between two full ones (Python's
default is 10)."""

_checked_already: contextvars.ContextVar[Dataset | None] = contextvars.ContextVar(
    "checked_already", default=None
)


@contextmanager
def records_checked_already(dataset: Dataset) -> Iterator[None]:
    """Sessions started inside this block build ``dataset`` without checking the records
    again (`timeline build` has checked them, and reported every problem its own way)."""
    token = _checked_already.set(dataset)
    try:
        yield
    finally:
        _checked_already.reset(token)


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


class CompiledTemplates(BytecodeCache):
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


class SiteSession:
    """The state of one `mkdocs build` or `mkdocs serve` session, and the work of each step.

    ``settings`` is the plugin's validated config (``config.TimelineConfig``); ``log`` the
    logger problems are reported through (MkDocs' own, so `--strict` counts warnings).
    """

    def __init__(
        self, settings: Any, log: logging.Logger | logging.LoggerAdapter[Any], *, serving: bool
    ) -> None:
        self.settings = settings
        self.log = log
        self.serving = serving
        self.checked = _checked_already.get()
        """Records checked before the session began (``records_checked_already``), if any."""
        self.dataset: Dataset | None = None
        self.site: Site | None = None
        self.options = SiteOptions()
        """The last build's choices (its language among them)."""
        self.messages = ENGLISH
        """The last build's language: its catalogues, read once per build."""
        self.page_cache = PageCache() if serving else None
        self.load_cache = LoadCache() if serving else None
        self.search = SiteSearchIndex()
        self.background = BackgroundWork(self.search)
        self.in_nav: set[str] = set()
        self.rendered_pages: list[str] = []
        self.previous_html: dict[str, str] = {}
        self.previous_chrome = ""
        """What the theme put around the last build's pages (``_chrome_key``)."""
        self.shared_blocks: dict[str, Any] = {}
        self.compiled_templates = CompiledTemplates()
        self.watcher: BaseObserver | None = None
        """Tells `mkdocs serve` of an edited record (``sourced_timeline.watch``); None when MkDocs polls."""
        self.frozen = False
        self.restore_sigterm: Callable[[], None] | None = None
        self.previous_gc_threshold: tuple[int, int, int] | None = None
        if serving:
            self.restore_sigterm = sigterm_interrupts()
            # Everything the first build keeps is frozen after it (see after_build), so the
            # collector counts few long-lived objects and would make a full collection, which
            # visits every object not frozen (the last rebuild's files, pages and indexes),
            # three times in every rebuild: once per SERVE_FULL_COLLECTION_EVERY collections of
            # the middle generation instead, about every third rebuild.
            self.previous_gc_threshold = full_collections_every(SERVE_FULL_COLLECTION_EVERY)

    # -- configuration: check the records, assemble the site ------------------------------

    def data_dir(self, config: Any) -> Path:
        """The records' folder: ``data_dir`` relative to mkdocs.yml, as an absolute path. (Given
        a relative config, `mkdocs serve -f mkdocs.yml`, MkDocs' config path is relative; with
        the data folder left relative too, a one-record edit of 10,000 took 2.62 s to show
        against 1.93 s: `scripts/bench.py --events 10000 --serve-only`.)"""
        return Path(config.config_file_path).resolve().parent / str(self.settings.data_dir)

    def configure(self, config: Any) -> Any:
        """Check the records and assemble the site; add the theme, assets and words to ``config``."""
        if not config.use_directory_urls:
            raise PluginError("the timeline plugin needs use_directory_urls: true")
        data_dir = self.data_dir(config)
        self.dataset = self.checked or self._check(data_dir) or self.dataset
        assert self.dataset is not None
        if not self.serving:
            # The records live for the whole build and hold no cycles: the garbage collector
            # need not scan them again while the pages are rendered (thawed when the build
            # ends). Serving, everything the first build keeps is frozen after it.
            self.frozen = freeze_kept()
        self.options = options = site_options(
            config, self.settings.edit_url, self.settings.timeline_page_size
        )
        self.search.language = options.language
        self.messages = messages = options.messages()
        if not messages.catalogued:
            self.log.warning(
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
        _add_theme(config, self.site, messages)
        if str(data_dir) not in config.watch:
            config.watch.append(str(data_dir))
        prepare_social_cards(config, self.serving)  # Material's social plugin, if listed
        return config

    def _check(self, data_dir: Path) -> Dataset | None:
        """The checked records, with every problem logged (so `mkdocs build --strict` fails on
        warnings); while serving, None when they broke (the last good site stays served)."""
        keep_serving = self.serving and self.dataset is not None
        try:
            if not data_dir.is_dir():
                raise SettingsError(f"no data folder at {printable(str(data_dir))} (the plugin's data_dir)")
            policy = load_policy(data_dir)
            environment_settings()
        except SettingsError as error:
            if keep_serving:
                self.log.error("%s\nstill serving the last good version until this is fixed", error)
                return None
            raise PluginError(str(error)) from None
        dataset, problems = check_folder(data_dir, dt.date.today(), self.load_cache)
        failed = dataset is None or policy.fails(problems)
        if failed and not keep_serving:
            raise PluginError(
                f"the records have problems ({policy.describe()}):\n" + format_problems(problems, "text")
            )
        self._log_problems(problems)
        if failed:
            self.log.error(
                "the records have problems (%s); still serving the last good version until they are fixed",
                policy.describe(),
            )
            return None
        return dataset

    def _log_problems(self, problems: list[Problem]) -> None:
        """Each problem through the logger at its level: warnings show in `mkdocs serve` and
        fail `mkdocs build --strict`; notices are information."""
        levels = {"error": self.log.error, "warning": self.log.warning, "notice": self.log.info}
        for problem in problems:
            levels[problem.severity](format_problems([problem], "text"))

    def watch(self, server: Any, config: Any) -> None:
        """Serving: rebuild on the system's file events under the data folder (not polled as well)."""
        data_dir = self.data_dir(config)
        if self.settings.watch_records == "events" and self.watcher is None:
            self.watcher = watch_records(data_dir, server, lambda: self.background.cancel(wait=False))
            if self.watcher is not None and str(data_dir) in config.watch:
                config.watch.remove(str(data_dir))

    # -- the build: files, navigation, templates, pages -----------------------------------

    def add_files(self, files: Files, config: Any) -> Files:
        """The generated pages and files, beside the hand-written ones."""
        if self.site is None:
            return files
        # The hand-written pages MkDocs renders (listed before the generated ones join them).
        self.rendered_pages = [
            urls.output_path(f.src_uri)
            for f in files.documentation_pages()
            if f.src_uri not in self.site.pages
        ]
        # A generated page is written again unless both its HTML and what the theme puts
        # around it (the config, the hand-written pages in the navigation, the theme's
        # overrides) are as in the last build.
        chrome = _chrome_key(files, config) if self.serving else ""
        previous_html = self.previous_html if chrome == self.previous_chrome else {}
        for src_uri, page in self.site.pages.items():
            file = File.generated(config, src_uri, content=page.front_matter())
            # Where it is written and its URL, from the one URL scheme (``sourced_timeline.urls``,
            # tested to agree with MkDocs' own): MkDocs would work both out again per page.
            file.dest_uri, file.url = urls.output_path(src_uri), urls.url_of(src_uri)
            if previous_html.get(src_uri) == page.html:
                mark_unmodified(file)
            files.append(file)
            BuiltPage(None, file, config)  # pages in the navigation get MkDocs' own in get_navigation
        if self.serving:
            self.previous_html = {src: page.html for src, page in self.site.pages.items()}
            self.previous_chrome = chrome
        for path, content in self.site.files.items():
            files.append(File.generated(config, path, content=content))
        if self.settings.search and not self.serving:
            # Index the generated pages on the other core while MkDocs renders them. (While
            # serving, the index is written after the pages are served: see after_build.)
            self.search.start(list(self.site.pages.values()), Path(config.site_dir))
        return files

    def title_pages(self, nav: Any, config: Any) -> Any:
        """The navigation's titles as mkdocs.yml gives them: MkDocs keeps a page made before
        the navigation (a generated one) with its own title; ``- Positions: topics.md`` wins."""
        self.in_nav = {page.file.src_uri for page in nav.pages}
        titles = nav_titles(config.nav)
        for page in nav.pages:
            if page.file.src_uri in titles:
                page.title = titles[page.file.src_uri]
        return nav

    def prepare_templates(self, env: Any) -> Any:
        """The theme's Jinja environment: compiled once per serve session, its shared blocks,
        and the site's language for the theme templates of ours (partials/, main.html)."""
        self.shared_blocks = {}
        if self.serving:
            env.bytecode_cache = self.compiled_templates
        env.globals["timeline_shared_block"] = self._shared_block
        if "jinja2.ext.i18n" not in env.extensions:
            env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.messages.translations, newstyle=True)
        env.policies["ext.i18n.trimmed"] = True
        return env

    def _shared_block(self, name: str, page: Any, render: Any) -> Any:
        """The template block NAME of PAGE: rendered once per folder outside the navigation
        (``timeline_shared_nav``, set in page_markdown) and reused, else rendered here."""
        folder = page.meta.get("timeline_shared_nav") if page and page.meta else ""
        if not (folder and self.settings.share_navigation):
            return render()
        key = f"{name}:{folder}"
        if key not in self.shared_blocks:
            self.shared_blocks[key] = render()
        return self.shared_blocks[key]

    def page_markdown(self, markdown: str, page: Page) -> str:
        """A page's Markdown: nothing for a generated page (its HTML is built), the home
        section put into the page that asks for it."""
        if not page.file.src_uri.startswith(urls.CONTRIBUTOR_FOLDER):
            # Reader pages: the header's tabs and the footer are the navigation; no docs
            # sidebars (the contributors' guide keeps them, and its table of contents).
            page.meta.setdefault("hide", ["navigation", "toc"])
        if self.site is None or self.dataset is None:
            return markdown
        generated = self.site.pages.get(page.file.src_uri)
        if generated is not None:
            # Outside the navigation, its links depend only on the page's parent folder
            # ('events' for events/<id>/): pages sharing it share the rendered navigation.
            shared = page.file.src_uri not in self.in_nav and page.url.count("/") == 2
            page.meta["timeline_shared_nav"] = page.url.split("/")[0] if shared else ""
            if generated.theme_template:
                page.meta["template"] = generated.theme_template
            return ""
        if HOME_MARKER in markdown:
            if page.file.src_uri == urls.source(""):
                home = self.site.home
            else:
                with using(self.messages):
                    home = home_section(self.dataset, page.file.src_uri)
            return markdown.replace(HOME_MARKER, home)
        return markdown

    def page_content(self, html: str, page: Page) -> str:
        """A generated page's HTML (built already), else what MkDocs rendered."""
        generated = self.site.pages.get(page.file.src_uri) if self.site else None
        return generated.html if generated else html

    # -- after the build, and the session's end -------------------------------------------

    def before_build(self) -> None:
        """A rebuild makes the index and downloads being written for the last one worthless."""
        self.background.before_rebuild()

    def after_build(self, config: Any) -> None:
        """Serving: freeze what the first build keeps, write the downloads in the background.
        Then finish the search index (in the background while serving)."""
        try:
            if self.serving and self.dataset is not None:
                if not self.frozen:
                    # The records and pages kept across rebuilds are long-lived: keep the
                    # collector from scanning them again on every rebuild.
                    self.frozen = freeze_kept(collect_first=True)
                options = self.options
                self.background.start_process(
                    write_downloads,
                    *(self.dataset, Path(config.site_dir), config.site_url or "", config.site_name),
                    *(options.language, options.template_dirs),
                )
            if not self.settings.search or self.site is None:
                return
            pages = list(self.site.pages.values())
            try:
                self.search.finish(Path(config.site_dir), self.rendered_pages, pages, background=self.serving)
            except SearchIndexError as error:
                raise PluginError(str(error)) from error
        finally:
            self._thaw_one_off()

    def build_failed(self) -> None:
        self.search.cancel()
        self._thaw_one_off()

    def _thaw_one_off(self) -> None:
        """A one-off build has ended: what it froze may be collected again (a process that
        builds more than once, such as a test session, must not keep every build's garbage)."""
        if self.frozen and not self.serving:
            thaw()
            self.frozen = False

    def close(self) -> None:
        """The session ends: stop the background work and the watcher, put back the signal
        handler and the collector's thresholds."""
        self.background.cancel()
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
        if self.frozen:
            thaw()
            self.frozen = False


def _chrome_key(files: Files, config: Any) -> str:
    """A digest of everything the theme puts around a generated page: mkdocs.yml, every
    hand-written page (their titles make the navigation) and the theme's overrides."""
    digest = hashlib.sha256(Path(config.config_file_path).read_bytes())
    for file in files.documentation_pages():
        if file.abs_src_path:
            digest.update(f"\0{file.src_uri}\0".encode() + Path(file.abs_src_path).read_bytes())
    custom_dir = config.theme.custom_dir
    for path, content in templates_fingerprint((custom_dir,) if custom_dir else ()):
        digest.update(f"\0{path}\0{content}".encode())
    return digest.hexdigest()


def _add_theme(config: Any, site: Site, messages: Any) -> None:
    """The package's theme folder, assets and words, added to the site's ``config``."""
    ours = [str(Path(__file__).parent / "theme")]
    header = material_header_dir()  # the header with the search box, while Material's is as copied
    if header is not None:
        ours.insert(0, header)
    at = 1 if config.theme.custom_dir else 0
    config.theme.dirs[at:at] = ours
    config.extra_css.append(urls.asset("timeline.css"))
    config.extra_javascript.append(urls.asset("timeline.js"))
    config.extra_javascript.append(urls.asset("header-search.js"))
    # The header's search box merges every bundle of the generated pages' index.
    config.extra["timeline_search_bundles"] = " ".join(urls.search_bundles(len(site.pages)))
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
