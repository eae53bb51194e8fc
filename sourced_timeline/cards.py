"""Social cards: Material's ``social`` plugin draws a 1200×630 PNG of every page, linked as
its ``og:image``, from the layout in ``sourced_timeline/card_layouts`` and a font from a Debian package.

What it assumes of Material 9.8's social plugin (``material.plugins.social.plugin.SocialPlugin``,
checked against the installed one by tests/test_cards.py; the layer pool is replaced through
``mkdocs_compat.share_card_layers``, only on the Material versions it was verified on):

- ``_resolve_font(family, style)`` downloads the family from Google Fonts unless the folder
  ``<cache_dir>/fonts/<family>/`` exists, and then takes the file named ``<style>.ttf`` in it.
  So the font is copied there, as ``Regular.ttf`` and ``Bold.ttf``, before any card is drawn:
  a build never goes to the network for it (the build machine has none; readers are not
  tracked either way, the cards being drawn at build time).
- ``cache_dir`` is relative to mkdocs.yml's folder, ``cards_layout_dir`` to the current one:
  this points the latter at the layouts shipped with this package, by absolute path.
- ``_generate`` keeps every rendered layer of every card (``card_layer_pool_jobs``, layer
  hash -> future of an image; about 1.7 MB a page) until the build ends: 1.9 GB at 1,000
  events. It reaches that mapping only through ``setdefault`` (once per layer of a card), then
  ``[]=`` (when it rendered the layer), then ``[]`` (once per layer, to compose the card), so
  ``LayerJobs`` forgets a card's own layers (its title, its description) once it has taken
  them, and keeps those that more than one card asked for (the background, the site's name).
- The plugin writes its meta tags only when ``site_url`` is set; without one no page could
  link a card (``og:image`` must be absolute), so no card is drawn. Nor while serving:
  `mkdocs serve` sets ``site_url`` to its own address, and the first serve of 10,000 events
  would spend minutes drawing cards nobody can share (about 40 ms a card here).
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from sourced_timeline.mkdocs_compat import share_card_layers

LAYOUT = "timeline"
"""The card layout of this package (``cards_layout: timeline`` in mkdocs.yml)."""
LAYOUT_DIR = Path(__file__).parent / "card_layouts"

FONT_FAMILY = "Roboto"
"""The family the layout names (Material's own default too, with ``theme.font: false``)."""
FONT_PACKAGE = "fonts-roboto-unhinted"
FONT_DIR = Path("/usr/share/fonts/truetype/roboto/unhinted/RobotoTTF")
FONT_FILES = {"Regular": "Roboto-Regular.ttf", "Bold": "Roboto-Bold.ttf"}
"""Style (the name Material looks for) -> the Debian package's file."""

SOCIAL_PLUGIN_MODULE = "material.plugins.social.plugin"


def prepare_social_cards(config: Any, serving: bool) -> None:
    """Get every enabled instance of Material's social plugin in ``config`` ready to draw
    offline; disable them when serving or without a ``site_url``. Called in the timeline
    plugin's on_config, before any page (and so any card) is rendered."""
    for plugin in config.plugins.values():
        if type(plugin).__module__ != SOCIAL_PLUGIN_MODULE or not plugin.config.enabled:
            continue
        if serving or not config.site_url:
            plugin.config.enabled = False
            continue
        if plugin.config.cards_layout == LAYOUT:
            plugin.config.cards_layout_dir = str(LAYOUT_DIR)
        stage_font(font_cache(plugin.config.cache_dir, config.config_file_path))
        share_card_layers(plugin, LayerJobs())  # on the Material versions it was verified on


class LayerJobs(dict[str, Any]):
    """The social plugin's rendered layers (``card_layer_pool_jobs``): a layer one card asked
    for is kept until that card has taken it, a layer several asked for to the end (a layer
    forgotten and asked for again is rendered again, and then kept). Memory is bounded by the
    cards being drawn and the layers they share, not by the pages of the site. Called from the
    plugin's worker threads, hence the lock."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.waiting: Counter[str] = Counter()
        """Layer hash -> how many cards asked for it and have not taken it yet."""
        self.asked: Counter[str] = Counter()
        """Layer hash -> how many cards asked for it in all."""

    def setdefault(self, key: str, default: Any = None) -> Any:
        with self.lock:
            self.waiting[key] += 1
            self.asked[key] += 1
            return super().setdefault(key, default)

    def __setitem__(self, key: str, value: Any) -> None:
        with self.lock:
            super().__setitem__(key, value)

    def __getitem__(self, key: str) -> Any:
        with self.lock:
            value = super().__getitem__(key)
            self.waiting[key] -= 1
            if self.waiting[key] <= 0:
                del self.waiting[key]
                if self.asked[key] == 1:
                    super().__delitem__(key)
            return value


def font_cache(cache_dir: str, config_file_path: str) -> Path:
    """Where the social plugin looks for FONT_FAMILY: ``cache_dir`` as the plugin resolves it
    (relative to mkdocs.yml's folder), then ``fonts/<family>``."""
    base = Path(cache_dir)
    if not base.is_absolute():
        base = Path(config_file_path).parent / base
    return base / "fonts" / FONT_FAMILY


def stage_font(folder: Path, source: Path = FONT_DIR) -> None:
    """Copy the Debian package's font files into ``folder`` under the names the social
    plugin reads, each replaced whole (a build reading the cache never sees half a file)."""
    missing = [name for name in FONT_FILES.values() if not (source / name).is_file()]
    if missing:
        raise PluginError(
            f"the social cards need the {FONT_PACKAGE} font ({', '.join(missing)} not in {source}): "
            f"run `make install`, or `apt-get install {FONT_PACKAGE}`"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for style, name in FONT_FILES.items():
        content = (source / name).read_bytes()
        target = folder / f"{style}.ttf"
        if target.is_file() and target.read_bytes() == content:
            continue
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{style}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o644)  # as the package installed it (mkstemp makes it private)
        os.replace(temporary, target)
