"""A site as its mkdocs.yml configures it: the theme's language and custom folder, the
site's name and addresses, the `timeline` plugin's options. `build`, `serve`, `generate` and
`export` all take their ``SiteOptions`` from here, so the four make one site.

mkdocs.yml is read by MkDocs' own public loader (``mkdocs.config.load_config``: its ``!ENV``
tags, its validation, the plugin's options checked by ``sourced_timeline.config``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sourced_timeline import urls
from sourced_timeline.i18n import SOURCE_LANGUAGE
from sourced_timeline.pages import SiteOptions, site_template_dirs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

PLUGIN = "timeline"
"""The plugin's name in mkdocs.yml's ``plugins``."""


class SiteConfigError(Exception):
    """mkdocs.yml cannot be read, or does not configure a timeline."""


def site_options(config: MkDocsConfig, edit_url: str = "", timeline_page_size: int = 150) -> SiteOptions:
    """The generated pages' options for a site MkDocs has configured, with the plugin's."""
    return SiteOptions(
        edit_url,
        timeline_page_size,
        repo_url=config.repo_url or "",
        site_url=config.site_url or "",
        site_name=config.site_name,
        contributor_guide=(Path(config.docs_dir) / urls.source(urls.RECORD_FORMAT)).is_file(),
        template_dirs=site_template_dirs(config.theme.custom_dir),
        language=config.theme.get("language") or SOURCE_LANGUAGE,
    )


def read_site_config(config_file: Path) -> tuple[SiteOptions, Path]:
    """The options mkdocs.yml gives the site, and its data folder (the plugin's data_dir,
    relative to mkdocs.yml); raises SiteConfigError for a file MkDocs refuses."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    try:
        config = load_config(config_file=str(config_file))
    except (ConfigurationError, OSError) as error:
        raise SiteConfigError(f"{config_file}: {error}") from None
    plugin: Any = config.plugins.get(PLUGIN)
    if plugin is None:
        raise SiteConfigError(f"{config_file} does not use the '{PLUGIN}' plugin")
    options = site_options(config, plugin.config.edit_url, plugin.config.timeline_page_size)
    return options, Path(config_file).resolve().parent / plugin.config.data_dir
