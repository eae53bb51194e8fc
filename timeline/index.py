"""The site's search index, with Pagefind (its PyPI package ships the binary).

Pagefind splits its index into small fragments, so a reader's first query downloads only
what it needs, and its UI is served from the site itself: no third-party host.

The generated pages' searchable content is known before MkDocs renders anything, so they
are indexed by a Pagefind process running beside the build, on the other core. The few
hand-written pages are indexed after the build into a second, small bundle that the
search page merges. (Pagefind's Python API answers at most ten requests a second, so the
binary is run on files.)
"""

from __future__ import annotations

import atexit
import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import weakref
from html import escape
from pathlib import Path

from timeline.pages import GeneratedPage
from timeline.urls import output_path

DOCS_BUNDLE = "pagefind-docs"


class SearchIndexError(Exception):
    """Pagefind failed."""


def _command(site: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "pagefind", "--site", str(site), "--silent",
            "--force-language", "en", *options]


def _check(code: int, stderr: str) -> None:
    if code != 0:
        raise SearchIndexError(f"pagefind failed ({code}):\n{stderr.strip()}")


_LIVE: weakref.WeakSet[GeneratedPagesIndex] = weakref.WeakSet()


def cancel_all_indexes() -> None:
    """Stop every index still running and remove its files (a build ended, or the process exits)."""
    for index in list(_LIVE):
        index.cancel()
        index.wait()


atexit.register(cancel_all_indexes)


class GeneratedPagesIndex:
    """Index generated pages in a background Pagefind process; write the bundle to ``output``.

    ``wait`` and ``cancel`` may be called in any order, from any thread, any number of times:
    the process is waited for once, its temporary folder removed once, and a failure is
    raised by every ``wait`` after it (a cancelled index never raises).
    """

    def __init__(self, pages: list[GeneratedPage], output: Path, *, beside_build: bool = True) -> None:
        self._source = tempfile.TemporaryDirectory(prefix="timeline-index-")
        self._lock = threading.Lock()
        self._error: SearchIndexError | None = None
        self._finished = False
        self.cancelled = False
        root = Path(self._source.name)
        try:
            for page in pages:
                path = root / output_path(page.src_uri)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
                                f"{escape(page.title)}</title></head><body><div data-pagefind-body>"
                                f"{page.html}</div></body></html>", encoding="utf-8")
            # Beside a build: one thread at lower priority, to use the core that MkDocs'
            # rendering leaves idle rather than compete with it.
            env = {**os.environ, "RAYON_NUM_THREADS": "1"} if beside_build else None
            command = _command(root, "--output-path", str(output))
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                             text=True, env=env)
        except BaseException:
            self._source.cleanup()
            raise
        _LIVE.add(self)
        if beside_build:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, self._process.pid, 10)

    def wait(self) -> None:
        """Wait for the bundle; raise SearchIndexError if Pagefind failed (not if cancelled)."""
        with self._lock:
            if not self._finished:
                try:
                    _, stderr = self._process.communicate()
                    if not self.cancelled and self._process.returncode != 0:
                        self._error = SearchIndexError(
                            f"pagefind failed ({self._process.returncode}):\n{stderr.strip()}")
                finally:
                    self._finished = True
                    self._source.cleanup()
                    _LIVE.discard(self)
        if self._error is not None and not self.cancelled:
            raise self._error

    def cancel(self) -> None:
        """Stop indexing (the build failed, or a newer build replaces it)."""
        self.cancelled = True
        with contextlib.suppress(OSError):
            self._process.kill()


def index_rendered_pages(site_dir: Path, paths: list[str]) -> None:
    """Index already-rendered pages of the site (paths relative to it) into the docs bundle."""
    if not paths:
        return
    glob = "{" + ",".join(sorted(paths)) + "}"
    result = subprocess.run(_command(site_dir, "--glob", glob, "--output-subdir", DOCS_BUNDLE),
                            capture_output=True, text=True, check=False)
    _check(result.returncode, result.stderr)
