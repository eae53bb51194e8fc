"""Write the site: build into a fresh folder and swap it in only when the build succeeded.

Plain ``mkdocs build`` empties its output folder first, so a crash leaves nothing to serve.
Here the previous site stays in place until a complete new one is ready beside it. Builds
are reproducible: without SOURCE_DATE_EPOCH, the newest date in the data stands in for
"now", so the same records give byte-identical output.
"""

from __future__ import annotations

import calendar
import os
import shutil
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from timeline.dataset import Dataset
from timeline.pages import asset_files, build_pages, home_section


class BuildError(Exception):
    """The site could not be built; the previous one is untouched."""


def data_epoch(dataset: Dataset) -> int:
    """Seconds since 1970 at the start of the newest day any record mentions."""
    days = [r.event.date.first_day for r in dataset.events]
    days += [s.date.first_day for r in dataset.events for s in r.event.sources]
    return calendar.timegm(max(days).timetuple())


def build_site(config_file: Path, out: Path, dataset: Dataset) -> Path:
    """Build the MkDocs site of ``config_file`` into ``out``, atomically; returns ``out``."""
    out = out.resolve()
    staging = out.with_name(f".{out.name}.building")
    previous = out.with_name(f".{out.name}.previous")
    for leftover in (staging, previous):
        shutil.rmtree(leftover, ignore_errors=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(data_epoch(dataset)))
    try:
        config = load_config(str(config_file), site_dir=str(staging))
        mkdocs_build(config)
    except (MkDocsException, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(error)) from error
    if out.exists():
        out.rename(previous)
    staging.rename(out)
    shutil.rmtree(previous, ignore_errors=True)
    return out


def generate_markdown(dataset: Dataset, out: Path) -> list[Path]:
    """Write every generated page as plain Markdown, plus assets, for any MkDocs-like engine."""
    files = {page.src_uri: page.as_markdown().encode() for page in build_pages(dataset)}
    files["index.md"] = f"---\ntitle: Home\n---\n\n{home_section(dataset)}\n".encode()
    files.update(asset_files(dataset))
    written = []
    for src_uri, content in files.items():
        path = out / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
