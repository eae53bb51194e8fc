"""Write the site: build into a fresh folder and swap it in only when the build succeeded.

Plain ``mkdocs build`` empties its output folder first, so a crash leaves nothing to serve.
Here the previous site stays in place until a complete new one is ready beside it. Builds
are reproducible: without SOURCE_DATE_EPOCH, the newest date in the data stands in for
"now", so the same records give byte-identical output.
"""

from __future__ import annotations

import calendar
import datetime as dt
import glob
import os
import shutil
import sys
import tempfile
from pathlib import Path

from filelock import FileLock, Timeout
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from sourced_timeline.dataset import Dataset
from sourced_timeline.index import cancel_all_indexes
from sourced_timeline.pages import SiteOptions
from sourced_timeline.session import records_checked_already
from sourced_timeline.site import as_markdown_files, assemble


class BuildError(Exception):
    """The site could not be built; the previous one is untouched."""


EPOCH_RANGE = (0, 2**32 - 1)
"""Timestamps a built file may carry: gzip (the sitemap) stores seconds in 32 bits."""


def data_epoch(dataset: Dataset) -> int:
    """Seconds since 1970 at the start of the newest day any source was published (a planned
    event may lie in the future; a source may not): the same records, the same timestamps."""
    days = [dataset.sources[s].date.first_day for s in dataset.by_source if isinstance(s, str)]
    seconds = calendar.timegm(max(days, default=dt.date(1970, 1, 1)).timetuple())
    return min(max(seconds, EPOCH_RANGE[0]), EPOCH_RANGE[1])


MARKER = ".timeline-build"
"""A file in every site this builds: only a folder holding it is ever replaced."""
LOCK_WAIT_SECONDS = 3600


class UnsafeOutput(BuildError):
    """The output folder is one the build must never replace (exit status 2)."""


def check_output(out: Path, config_file: Path, data_dir: Path | None = None) -> None:
    """Refuse an output folder whose replacement could destroy something the build did not
    make: a file, the project, a parent of it, the records or the pages, or any folder that
    holds files and no mark of an earlier build."""
    target = out.resolve()
    project = config_file.resolve().parent
    protected = {
        "the project folder": project,
        "the current folder": Path.cwd().resolve(),
        "the pages (docs/)": project / "docs",
    }
    if data_dir is not None:
        protected["the records"] = data_dir.resolve()
    for what, place in protected.items():
        if target == place or place.is_relative_to(target):
            raise UnsafeOutput(
                f"--out {out} would replace {what} ({place}); choose a new folder such as site/"
            )
        if what != "the project folder" and what != "the current folder" and target.is_relative_to(place):
            raise UnsafeOutput(f"--out {out} lies inside {what} ({place}); choose a folder outside it")
    if target.exists() and not target.is_dir():
        raise UnsafeOutput(f"--out {out} is a file, not a folder; choose a folder such as site/")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise UnsafeOutput(
            f"--out {out} already holds files that no timeline build wrote; choose a "
            "new or empty folder, or delete it yourself if it is an old site"
        )


def build_site(config_file: Path, out: Path, dataset: Dataset, data_dir: Path | None = None) -> Path:
    """Build the MkDocs site of ``config_file`` into ``out``, atomically; returns ``out``.

    One build at a time per output folder (a lock file beside it; a second build waits);
    each build renders into a staging folder of its own, removed if anything fails, and the
    finished site replaces ``out`` in two renames.
    """
    check_output(out, config_file, data_dir)
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out.parent / f".{out.name}.lock")
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(f"timeline build: waiting for another build into {out} to finish", file=sys.stderr)
        try:
            lock.acquire(timeout=LOCK_WAIT_SECONDS)
        except Timeout as error:
            raise BuildError(f"another build into {out} has held its lock for an hour") from error
    try:
        return _build_locked(config_file, out, dataset)
    finally:
        lock.release()


def _build_locked(config_file: Path, out: Path, dataset: Dataset) -> Path:
    name = glob.escape(out.name)
    for leftover in [*out.parent.glob(f".{name}.building-*"), *out.parent.glob(f".{name}.previous-*")]:
        shutil.rmtree(leftover, ignore_errors=True)  # left by a build that was killed
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.building-"))
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(data_epoch(dataset)))
    try:
        # As `mkdocs build` does it (mkdocs.__main__), the records checked already.
        config = load_config(str(config_file), site_dir=str(staging))
        with records_checked_already(dataset):
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        (staging / MARKER).write_text("built by timeline build\n", encoding="utf-8")
    except (MkDocsException, OSError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildError(str(error)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        cancel_all_indexes()
    if out.exists():
        previous = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.previous-"))
        previous.rmdir()
        out.rename(previous)
        staging.rename(out)
        shutil.rmtree(previous, ignore_errors=True)
    else:
        staging.rename(out)
    return out


def generate_markdown(
    dataset: Dataset, out: Path, docs_dir: Path | None = None, options: SiteOptions | None = None
) -> list[Path]:
    """Write the whole site as plain Markdown and files into ``out``, for any MkDocs-like
    engine: the hand-written pages of ``docs_dir`` (if given) and every generated one, made
    with the site's ``options`` (``sourced_timeline.site_config``) as `build` makes them."""
    options = options or SiteOptions()
    handwritten = {}
    if docs_dir is not None and docs_dir.is_dir():
        handwritten = {
            path.relative_to(docs_dir).as_posix(): path.read_bytes()
            for path in sorted(docs_dir.rglob("*"))
            if path.is_file()
        }
    written = []
    site = assemble(dataset, options, site_url=options.site_url, title=options.site_name or "Timeline")
    for site_path, content in as_markdown_files(site, handwritten).items():
        path = out / site_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        written.append(path)
    return written
