"""The MkDocs adapter: checks the records at build time and watches them in `mkdocs serve`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from timeline.check import check_folder
from timeline.dataset import Dataset
from timeline.problems import has_errors
from timeline.report import format_problems


class TimelineConfig(base.Config):
    """Options of the `timeline` plugin in mkdocs.yml."""

    data_dir = c.Type(str, default="data")
    """The data folder, relative to mkdocs.yml."""


class TimelinePlugin(BasePlugin[TimelineConfig]):
    """Fail the build on bad records; rebuild when a record changes."""

    dataset: Dataset | None = None

    def on_config(self, config: Any) -> Any:
        data_dir = Path(config.config_file_path).parent / self.config.data_dir
        dataset, problems = check_folder(data_dir, dt.date.today())
        if has_errors(problems) or dataset is None:
            raise PluginError("the records have problems:\n" + format_problems(problems, "text"))
        self.dataset = dataset
        config.watch.append(str(data_dir))
        return config
