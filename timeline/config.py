"""The `timeline` plugin's options in mkdocs.yml, each with its default, in one place."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class TimelineConfig(base.Config):
    """Options of the `timeline` plugin in mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    """Switch the plugin off without removing it (the site then has no generated pages)."""
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
    watch_records = c.Choice(("events", "polling"), default="events")
    """How `mkdocs serve` notices an edited record: from the system's file events (at once), or
    by polling every record twice a second as MkDocs polls its own files: for folders whose
    changes the system does not report, such as Docker Desktop bind mounts."""
