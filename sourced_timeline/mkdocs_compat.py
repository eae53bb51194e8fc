"""Every use of MkDocs' internals, in one place: each verified on the versions in
``VERIFIED``, and outside them replaced by MkDocs' public behaviour (slower, never wrong).

- ``wake_rebuild``: `mkdocs serve` told to rebuild by the system's file events, through the
  LiveReloadServer's private ``_rebuild_cond`` and ``_want_rebuild`` (as its own watch callback
  does). Fallback: None, and MkDocs polls the data folder.
- ``BuiltPage``: a generated page whose HTML is built already, so MkDocs runs no Markdown for
  it; it overrides ``Page.render`` and the private ``Page._set_canonical_url``. Fallback:
  MkDocs' own Page, which renders the page's few lines of front matter.
- ``mark_unmodified``: `mkdocs serve --dirty` told a generated page is the same as in the last
  build, by replacing ``File.is_modified``. Fallback: the page is written again.
- ``material_header_dir``: Material's ``partials/header.html``, copied with its search (a
  plugin this site does not use) replaced by the Pagefind search box. Used only while the
  installed Material's header is the very file it was copied from (``MATERIAL_HEADER_SHA256``,
  Material 9.8.2). Fallback: Material's own header, without the header's search box (the
  Search page, linked from every page's footer, still works).

- ``share_card_layers``: Material's social plugin keeps every rendered layer of every card
  until the build ends (``card_layer_pool_jobs``, 1.9 GB at 1,000 events); ``cards.LayerJobs``
  takes its place, forgetting a card's own layers once it has taken them. Only on the
  Material versions in ``MATERIAL_VERIFIED``. Fallback: Material's own pool (correct cards,
  memory growing with the pages).

tests/test_mkdocs_compat.py and tests/test_cards.py check each against the real classes of the
installed MkDocs and Material.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from packaging.version import Version

VERIFIED = (Version("1.6.0"), Version("1.7"))
"""The MkDocs versions (from, up to but not including) whose internals this module was
verified on (1.6.1)."""
MKDOCS = Version(version("mkdocs"))
INTERNALS_KNOWN = VERIFIED[0] <= MKDOCS < VERIFIED[1]
"""Whether the installed MkDocs is one of them: if not, every use falls back."""
MATERIAL_VERIFIED = (Version("9.8.0"), Version("9.9"))
"""The Material versions whose social plugin ``share_card_layers`` was verified on (9.8.2)."""
MATERIAL = Version(version("mkdocs-material"))
MATERIAL_INTERNALS_KNOWN = MATERIAL_VERIFIED[0] <= MATERIAL < MATERIAL_VERIFIED[1]


def wake_rebuild(server: Any) -> Callable[[], None] | None:
    """What asks ``server`` (MkDocs' LiveReloadServer) to rebuild now, as its own watch
    callback does; None outside the verified versions or when the server lacks what it uses."""
    if not INTERNALS_KNOWN or not hasattr(server, "_rebuild_cond") or not hasattr(server, "_want_rebuild"):
        return None

    def wake() -> None:
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    return wake


class _PrebuiltPage(Page):
    """A generated page as MkDocs sees it: its HTML is built already (the plugin hands it over
    in on_page_content), so MkDocs runs no Markdown for it (a Markdown instance with every
    extension of the site is otherwise set up for each page)."""

    def _set_canonical_url(self, base: str | None) -> None:
        # MkDocs' own urljoin, short-cut: a generated page's URL is a plain relative path
        # (``sourced_timeline.urls``), so joining it to the base is appending it.
        if base:
            base = base if base.endswith("/") else base + "/"
            self.canonical_url = base + self.url
            self.abs_url = urlsplit(base).path + self.url
        else:
            self.canonical_url = self.abs_url = None

    def render(self, config: Any, files: Files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


BuiltPage: type[Page] = _PrebuiltPage if INTERNALS_KNOWN else Page
"""The class a generated page is made with (MkDocs' own outside the verified versions)."""


def _unmodified() -> bool:
    return False


def mark_unmodified(file: File) -> None:
    """Tell `mkdocs serve --dirty` that a generated file is as it was in the last build."""
    if INTERNALS_KNOWN:
        file.is_modified = _unmodified  # type: ignore[method-assign]


MATERIAL_HEADER_SHA256 = "8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f"
"""The SHA-256 of Material 9.8.2's ``partials/header.html``, which ``material_header/`` copies."""
MATERIAL_HEADER_COPY = Path(__file__).parent / "material_header"


def installed_material_header() -> Path | None:
    """The installed Material's ``partials/header.html``, if Material is installed."""
    spec = find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    header = Path(next(iter(spec.submodule_search_locations))) / "templates" / "partials" / "header.html"
    return header if header.is_file() else None


def material_header_dir() -> str | None:
    """The theme folder holding the copy of Material's header with the header search; None
    when the installed Material's header is not the file it was copied from."""
    header = installed_material_header()
    if header is None or hashlib.sha256(header.read_bytes()).hexdigest() != MATERIAL_HEADER_SHA256:
        return None
    return str(MATERIAL_HEADER_COPY)


def share_card_layers(social_plugin: Any, pool: dict[str, Any]) -> bool:
    """Give Material's social plugin ``pool`` for its rendered card layers; whether it did
    (not outside ``MATERIAL_VERIFIED``, nor when the plugin has no such pool)."""
    if not MATERIAL_INTERNALS_KNOWN or not hasattr(social_plugin, "card_layer_pool_jobs"):
        return False
    social_plugin.card_layer_pool_jobs = pool
    return True
