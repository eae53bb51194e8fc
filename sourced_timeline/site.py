"""The whole generated site, assembled once: every page, asset, download, chart and index by
its site path. The MkDocs plugin, `timeline generate`, `timeline export` and `timeline build`
all take their outputs from here, so they cannot disagree about what a site holds.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sourced_timeline import i18n, urls
from sourced_timeline.dataset import Dataset
from sourced_timeline.exports import csv_tables, export_files, json_tables
from sourced_timeline.pages import (
    HOME_MARKER,
    GeneratedPage,
    PageCache,
    Renderer,
    SiteOptions,
    asset_files,
    build_pages,
    home_section,
    moved_pages,
)

SEARCH_COMMAND = "python -m pagefind --site {site}"
"""How to index a site built by another engine from `timeline generate`'s output."""


@dataclass(frozen=True)
class Site:
    """Every generated output, by where it goes."""

    pages: dict[str, GeneratedPage]
    """Pages by source path (``events/<id>.md``), as HTML an engine wraps in its theme."""
    files: dict[str, bytes]
    """Other files by site path: assets, downloads, the filter index."""
    home: str = field(repr=False)
    """The generated part of the home page, for the hand-written index.md to include."""


def downloads(
    ds: Dataset,
    site_url: str = "",
    title: str = "Timeline",
    language: str = i18n.SOURCE_LANGUAGE,
    site_dirs: tuple[str, ...] = (),
) -> dict[str, bytes]:
    """Every download by site path (``downloads/events.csv``), its words in LANGUAGE (with the
    site's catalogues in SITE_DIRS, as ``SiteOptions.messages``)."""
    with i18n.using(i18n.messages(language, site_dirs)):
        files = export_files(ds, site_url, title)
    return {urls.download(name): content for name, content in files.items()}


def tables(ds: Dataset, fmt: str, site_url: str = "") -> dict[str, bytes]:
    """The tables alone, as CSV or JSON, by file name: what `timeline export` writes (with the
    site's address, each event's url as in the site's downloads)."""
    return csv_tables(ds, site_url) if fmt == "csv" else json_tables(ds, site_url)


def assemble(
    ds: Dataset,
    options: SiteOptions | None = None,
    *,
    site_url: str = "",
    title: str = "Timeline",
    cache: PageCache | None = None,
    with_downloads: bool = True,
) -> Site:
    """The site of a checked Dataset; with a cache, pages unchanged since its last use are
    reused. Without downloads, the caller writes them itself (``write_downloads``)."""
    options = options or SiteOptions()
    download_files: dict[str, bytes] = {}

    def add_downloads() -> None:
        download_files.update(downloads(ds, site_url, title, options.language, options.template_dirs))

    with i18n.using(options.messages()):
        # The downloads are made while a second process renders event pages, if one does.
        pages = build_pages(ds, options, cache, meanwhile=add_downloads if with_downloads else None)
        # After build_pages: its cache generation.
        media = {path: image.content for path, image in ds.media_files.items()}  # served as they are
        files = {**asset_files(ds, options, cache), **moved_pages(ds), **media, **download_files}
        home = home_section(ds, renderer=Renderer(cache, options.template_dirs))
    return Site({page.src_uri: page for page in pages}, files, home)


def write_downloads(
    ds: Dataset,
    site_dir: Path,
    site_url: str = "",
    title: str = "Timeline",
    language: str = i18n.SOURCE_LANGUAGE,
    site_dirs: tuple[str, ...] = (),
) -> None:
    """Write every download into a built site, each file replaced whole (never half-written)."""
    for site_path, content in downloads(ds, site_url, title, language, site_dirs).items():
        target = site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.partial")
        partial.write_bytes(content)
        os.replace(partial, target)


def as_markdown_files(site: Site, handwritten: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The site as a folder of Markdown and files that a stock engine builds without the
    plugin (MkDocs, Zensical): the project's hand-written pages (``handwritten``, by path;
    the home page's marker replaced by the generated home section), then each generated
    page as one raw-HTML block in a folder of its own (``events/<id>/index.md``), and every
    asset and download."""
    files = dict(handwritten or {})
    home = urls.source("")
    if home in files:
        files[home] = files[home].replace(HOME_MARKER.encode(), site.home.encode())
    else:
        files[home] = f"---\ntitle: Home\n---\n\n{site.home}\n".encode()
    files.update({urls.folder_source(src): page.as_markdown().encode() for src, page in site.pages.items()})
    files.update(site.files)
    return files
