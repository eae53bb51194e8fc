"""The `timeline` plugin's options in mkdocs.yml, as MkDocs sees them: each option is
declared, with its default and what it allows, once, in ``sourced_timeline.settings.PluginSettings``;
MkDocs validates each through it."""

from __future__ import annotations

from typing import Literal, TypeVar

from mkdocs.config import base

from sourced_timeline.settings import PluginSettings, SettingsError, option_value

T = TypeVar("T")


class _Setting(base.BaseConfigOption[T]):
    """A plugin option validated by ``PluginSettings``' field of the same name."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.default = PluginSettings.model_fields[name].default

    def run_validation(self, value: object) -> T:
        try:
            return option_value(self.name, value)  # type: ignore[no-any-return]
        except SettingsError as error:
            raise base.ValidationError(str(error)) from None


class TimelineConfig(base.Config):
    """Options of the `timeline` plugin in mkdocs.yml (see ``PluginSettings`` for each)."""

    enabled = _Setting[bool]("enabled")
    data_dir = _Setting[str]("data_dir")
    edit_url = _Setting[str]("edit_url")
    search = _Setting[bool]("search")
    timeline_page_size = _Setting[int]("timeline_page_size")
    share_navigation = _Setting[bool]("share_navigation")
    watch_records = _Setting[Literal["events", "polling"]]("watch_records")
