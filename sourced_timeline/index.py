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
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Iterable
from html import escape
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import NamedTuple

from sourced_timeline import urls
from sourced_timeline.i18n import base_language
from sourced_timeline.pages import GeneratedPage
from sourced_timeline.runtime.memory import MEMORY_FOLDER
from sourced_timeline.runtime.processes import fork_context, stop_process
from sourced_timeline.urls import output_path

try:
    import fcntl
except ImportError:  # Windows: no locks, so no stale scratch folder is ever removed
    fcntl = None  # type: ignore[assignment]

DOCS_BUNDLE = "pagefind-docs"
"""A file system in memory (tmpfs) on Linux: where the index's temporary files go, when it
has room and TMPDIR names no other place."""
SCRATCH_PREFIX = "timeline-index-"
_SCRATCH_NAME = re.compile(r"timeline-index-[0-9]+-[a-z0-9_]+")
"""A scratch folder's name: the prefix, the owning process's id, mkdtemp's random letters."""
_LOCK = "lock"
_SETUP_S = 60.0
"""A scratch folder without its lock file is being set up only this long after it was made
(the owner makes the lock a moment after the folder): older, it is a killed build's."""
log = logging.getLogger("mkdocs.plugins.timeline")


class SearchIndexError(Exception):
    """Pagefind failed."""


def scratch_parent(pages: list[GeneratedPage]) -> str | None:
    """Where the index's temporary files go: the folder TMPDIR names, if set; else memory
    (``MEMORY_FOLDER``) when it has room for them with a margin; else (None) the system's
    temporary folder. Pagefind writes its thousands of small files from many threads at once,
    which a disk's file system serialises: at 10,000 events, indexing into memory and copying
    the index into the site one file at a time took a third less time than indexing into it."""
    if os.environ.get("TMPDIR"):
        return None
    needed = 3 * sum(len(page.html) for page in pages)
    with contextlib.suppress(OSError):
        if os.access(MEMORY_FOLDER, os.W_OK) and shutil.disk_usage(MEMORY_FOLDER).free > needed:
            return str(MEMORY_FOLDER)
    return None


class ScratchFolder:
    """The index's temporary folder, ``timeline-index-<pid>-<random>``, in ``parent`` (None:
    the system's temporary folder). Its file ``lock`` is flock'ed by the owning process (and the
    processes it starts there) for the folder's lifetime: a flock dies with its process, so a
    folder whose lock can be taken was left by a killed build (``remove_stale_scratch``)."""

    def __init__(self, parent: str | None) -> None:
        self.name = tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent)
        try:
            self._lock_fd = _hold_lock(Path(self.name))
        except BaseException:
            shutil.rmtree(self.name, ignore_errors=True)
            raise
        self._finalizer = weakref.finalize(self, ScratchFolder._discard, self.name, self._lock_fd)

    @property
    def lock_fds(self) -> tuple[int, ...]:
        """The lock's descriptor, for a process started on the folder to hold too (none once
        cleaned up, or without locks)."""
        return (self._lock_fd,) if self._lock_fd is not None and self._finalizer.alive else ()

    def cleanup(self) -> None:
        """Remove the folder (if still there), then release its lock; once."""
        self._finalizer()

    @staticmethod
    def _discard(name: str, lock_fd: int | None) -> None:
        shutil.rmtree(name, ignore_errors=True)
        if lock_fd is not None:
            os.close(lock_fd)


def _hold_lock(folder: Path) -> int | None:
    """Make FOLDER's lock file, locked by this process: the descriptor (None without locks).
    It is locked under another name, then renamed, so no one sees it unlocked."""
    if fcntl is None:
        return None
    fresh = folder / f"{_LOCK}.new"
    descriptor = os.open(fresh, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(fresh, folder / _LOCK)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def scratch_folders() -> list[Path]:
    """The folders ``scratch_parent`` may choose (both are cheap to look through)."""
    return list(dict.fromkeys([MEMORY_FOLDER, Path(tempfile.gettempdir())]))


def remove_stale_scratch(parents: Iterable[Path] | None = None, *, by_process: bool = False) -> list[Path]:
    """Remove the scratch folders that killed builds left in PARENTS (default:
    ``scratch_folders``): those named as ``ScratchFolder`` names them, this user's, whose lock
    no process holds. The folders removed (none without locks)."""
    if fcntl is None:
        return []
    removed = []
    for parent in scratch_folders() if parents is None else parents:
        try:
            with os.scandir(parent) as entries:
                names = [entry.name for entry in entries if _SCRATCH_NAME.fullmatch(entry.name)]
        except OSError:
            continue
        for name in names:
            folder = Path(parent, name)
            if _remove_if_stale(folder, by_process=by_process):
                removed.append(folder)
    if removed:
        log.info("removed %d search index folders left by killed builds", len(removed))
    return removed


def _remove_if_stale(folder: Path, *, by_process: bool) -> bool:
    """Remove FOLDER if it is this user's folder (not a link) whose lock no process holds, or
    one that has had no lock file for longer than its owner takes to make one."""
    try:
        info = folder.lstat()
    except OSError:  # vanished meanwhile
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    try:
        descriptor = os.open(folder / _LOCK, os.O_RDONLY | os.O_NOFOLLOW)
    except FileNotFoundError:
        if time.time() - info.st_mtime < _SETUP_S:
            return False  # being set up, or being removed by its owner or another run
        _remove(folder, by_process=by_process)
        return True
    except OSError:  # the lock is a link, or unreadable
        return False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # its owner lives
        _remove(folder, by_process=by_process)
        return True
    finally:
        os.close(descriptor)


def _remove(folder: Path, *, by_process: bool) -> None:
    """Remove FOLDER and everything in it; ``by_process``, by a process of its own: thousands
    of files, and a thread here would hold the GIL that a build running meanwhile (a rebuild
    while serving) needs. (When only the build's own thread waits, starting an interpreter
    would cost more than it saves.)"""
    if by_process and folder.exists():
        program = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"
        subprocess.run(_python(program, folder), check=False)
    shutil.rmtree(folder, ignore_errors=True)  # (whatever that process could not)


def _copy_command(source: Path, target: Path) -> list[str]:
    """Copy the folder SOURCE's files into the folder TARGET (made if missing)."""
    program = (
        "import shutil, sys\n"
        "try:\n    shutil.copytree(sys.argv[1], sys.argv[2], dirs_exist_ok=True)\n"
        "except OSError as error:\n    sys.exit(str(error))\n"
    )
    return _python(program, source, target)


def _python(program: str, *arguments: Path) -> list[str]:
    """The command that runs PROGRAM, with ARGUMENTS, in a fresh interpreter."""
    return [sys.executable, "-c", program, *map(str, arguments)]


# What a result must not show: headings' permalink marks ("¶") in titles, and table headers
# ("Who On Stated position Source") in excerpts.
EXCLUDED_SELECTORS = (".headerlink", "thead")


def _command(site: Path, *options: str, language: str = "en") -> list[str]:
    """Pagefind over SITE; every page is indexed (stemmed) in the site's LANGUAGE."""
    excluded = [option for selector in EXCLUDED_SELECTORS for option in ("--exclude-selectors", selector)]
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--silent",
        "--force-language",
        base_language(language),
        *excluded,
        *options,
    ]


_LIVE: weakref.WeakSet[GeneratedPagesIndex] = weakref.WeakSet()


def cancel_all_indexes() -> None:
    """Stop every index still running and remove its files (a build ended, or the process exits)."""
    for index in list(_LIVE):
        index.cancel()
        index.wait()


atexit.register(cancel_all_indexes)


class _Bundle(NamedTuple):
    """One search bundle's work: its pages, the temporary folder they are written to, the
    temporary folder Pagefind writes their index to, and where the index goes in the site."""

    pages: list[GeneratedPage]
    source: Path
    output: Path
    target: Path


class GeneratedPagesIndex:
    """Index generated pages in the background into the site's search bundles (``urls.
    search_bundles``), one Pagefind process per bundle, one after another, so memory stays
    bounded however large the site.

    ``wait`` and ``cancel`` may be called in any order, from any thread, any number of times:
    the processes are waited for once, the temporary folder removed once, and a failure is
    raised by every ``wait`` after it (a cancelled index never raises).
    """

    def __init__(
        self,
        pages: list[GeneratedPage],
        site_dir: Path,
        *,
        polite: bool = True,
        language: str = "en",
    ) -> None:
        remove_stale_scratch(by_process=polite)
        self._language = language
        self._source = ScratchFolder(scratch_parent(pages))
        self._lock = threading.Lock()
        # Re-entrant: a signal that ends the build may arrive while this thread holds it,
        # and the build's cleanup then cancels the index from the same thread.
        self._process_lock = threading.RLock()
        self._process: subprocess.Popen[str] | None = None
        self._error: SearchIndexError | None = None
        self._finished = False
        self._polite = polite
        self._pages = pages
        self._site_dir = site_dir
        self.cancelled = False
        self._indexed: list[Path] = []
        """Bundles' temporary folders Pagefind is done with (appended by the driver thread)."""
        _LIVE.add(self)
        self._writer = self._start_writer()
        self._driver = threading.Thread(target=self._run, daemon=True)
        self._driver.start()

    def _bundles(self) -> list[_Bundle]:
        """The search bundles' work, in order."""
        root = Path(self._source.name)
        bundles = urls.search_bundles(len(self._pages))
        size = -(-len(self._pages) // len(bundles)) or 1
        return [
            _Bundle(
                self._pages[number * size : (number + 1) * size],
                root / str(number),
                root / f"{number}-index",
                self._site_dir / bundle,
            )
            for number, bundle in enumerate(bundles)
        ]

    def _write_pages(self) -> None:
        """The pages as files of a temporary folder per bundle; stops early once cancelled."""
        for bundle in self._bundles():
            folder = bundle.source
            folder.mkdir(parents=True, exist_ok=True)
            for page in bundle.pages:
                if self.cancelled:
                    return
                if not page.searchable:
                    continue  # Pagefind would read it only to leave it out
                path = folder / output_path(page.src_uri)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(
                    f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
                    f"{escape(page.title)}</title></head><body><div data-pagefind-body>"
                    f"{page.html}</div></body></html>",
                    encoding="utf-8",
                )

    def _start_writer(self) -> tuple[BaseProcess, Connection] | None:
        """Write the pages in a forked process (when forking is safe), so the build's own
        thread keeps the GIL; it reports on a pipe what failed ('' for nothing)."""
        context = fork_context()
        if context is None:
            return None
        receive, send = context.Pipe(duplex=False)
        writer = context.Process(target=lambda: send.send(self._write_problem()), daemon=True)
        writer.start()
        send.close()
        return writer, receive

    def _write_problem(self) -> str:
        """Write the pages; what went wrong ('' if nothing did)."""
        try:
            self._write_pages()
        except OSError as error:
            return str(error)
        return ""

    def _written(self) -> bool:
        """Wait for the pages to be written (here if no process writes them); False if that failed."""
        if self._writer is None:
            problem = self._write_problem()
        else:
            process, receive = self._writer
            try:
                problem = receive.recv()
            except EOFError:  # ended without a word: killed (cancelled), or crashed
                problem = f"the process writing them ended with {process.exitcode}"
            if self.cancelled:
                stop_process(process)
            else:
                process.join()
        if problem and not self.cancelled:
            self._error = SearchIndexError(f"could not write the pages to index: {problem}")
            return False
        return not self.cancelled

    def _run(self) -> None:
        # Polite (beside a build, or while serving): one thread at lower priority, to use the
        # core that MkDocs' rendering leaves idle rather than compete with it.
        if not self._written():
            return
        for bundle in self._bundles():
            env = {**os.environ, "RAYON_NUM_THREADS": "1"} if self._polite else None
            if not self._run_process(
                _command(bundle.source, "--output-path", str(bundle.output), language=self._language), env
            ):
                return
            self._indexed.append(bundle.source)
            # Into the site, one file at a time (Pagefind writes many at once), by a process
            # of its own: a thread here would hold the GIL that MkDocs' rendering needs.
            copy = _copy_command(bundle.output, bundle.target)
            if not self._run_process(copy, None, "copying the index into the site"):
                return
            self._indexed.append(bundle.output)

    def hurry(self) -> None:
        """The build is waiting for the index alone: the bundles still to come use every core,
        and the waiting thread removes temporary folders itself."""
        self._polite = False

    def index_rendered(self, rendered: list[str]) -> None:
        """After ``wait``: index these rendered pages of the site (the hand-written ones) into
        the docs bundle, in the calling thread; ``cancel`` stops it too."""
        if rendered:
            glob = "{" + ",".join(sorted(rendered)) + "}"
            self._run_process(
                _command(
                    self._site_dir, "--glob", glob, "--output-subdir", DOCS_BUNDLE, language=self._language
                ),
                None,
            )
            if self._error is not None and not self.cancelled:
                raise self._error

    def _run_process(self, command: list[str], env: dict[str, str] | None, what: str = "pagefind") -> bool:
        """Run one process, Pagefind or WHAT (killed by ``cancel``); False if it failed or
        was cancelled."""
        with self._process_lock:
            if self.cancelled:
                return False
            # The process holds the scratch folder's lock too: killed with this one, it goes on
            # writing there for a while, and the folder is not stale until it ends.
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                pass_fds=self._source.lock_fds,
            )
            self._process = process
        if self._polite:
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, process.pid, 10)
        _, stderr = process.communicate()
        if process.returncode != 0:
            if not self.cancelled:
                self._error = SearchIndexError(f"{what} failed ({process.returncode}):\n{stderr.strip()}")
            return False
        return not self.cancelled

    def wait(self) -> None:
        """Wait for every bundle; raise SearchIndexError if Pagefind failed (not if cancelled)."""
        with self._lock:
            if not self._finished:
                try:
                    # The thread that waits here removes the pages already indexed meanwhile.
                    while self._driver.is_alive():
                        self._remove_indexed()
                        self._driver.join(timeout=0.05)
                finally:
                    self._finished = True
                    _remove(Path(self._source.name), by_process=self._polite)
                    self._source.cleanup()
                    _LIVE.discard(self)
        if self._error is not None and not self.cancelled:
            raise self._error

    def _remove_indexed(self) -> None:
        """Remove the temporary pages of the bundles Pagefind has indexed."""
        while self._indexed:
            _remove(self._indexed.pop(), by_process=self._polite)

    def cancel(self) -> None:
        """Stop indexing (the build failed, or a newer build replaces it)."""
        with self._process_lock:
            self.cancelled = True
            if self._writer is not None and self._writer[0].is_alive():
                self._writer[0].terminate()
            if self._process is not None:
                with contextlib.suppress(OSError):
                    self._process.kill()


class SiteSearchIndex:
    """The search index of one site across builds: ``start`` indexes the generated pages
    beside a build, ``finish`` adds the hand-written pages after it (in the background while
    serving), ``cancel`` stops whatever is running. Every method is safe in any order, twice,
    and from the serve loop's threads.

    ``cancel(wait=False)`` only stops: a rebuild need not wait while the stopped index's
    temporary files are removed; the next ``finish`` waits for that first (both write the
    same folders), and ``cancel()`` waits for everything."""

    def __init__(self) -> None:
        self._job: GeneratedPagesIndex | None = None
        self._thread: threading.Thread | None = None
        self._stopped: list[GeneratedPagesIndex | threading.Thread] = []
        self._generation = 0
        self._lock = threading.Lock()
        self.language = "en"
        """The site's language, to stem its words by (set before ``start``)."""

    def start(self, pages: list[GeneratedPage], site_dir: Path, *, polite: bool = True) -> None:
        """Index ``pages`` into the search bundles of ``site_dir``; a running index is cancelled."""
        self.cancel()
        with self._lock:
            self._job = GeneratedPagesIndex(pages, site_dir, polite=polite, language=self.language)

    def cancel(self, *, wait: bool = True) -> None:
        """Stop the running index, if any; with ``wait``, until every process and file is gone."""
        with self._lock:
            self._generation += 1
            job, thread, self._job, self._thread = self._job, self._thread, None, None
            self._stopped += [item for item in (job, thread) if item is not None]
        if job is not None:
            job.cancel()
        if wait:
            self._wait_for_stopped()

    def _wait_for_stopped(self) -> None:
        with self._lock:
            stopped, self._stopped = self._stopped, []
        for item in stopped:
            if isinstance(item, threading.Thread):
                if item is not threading.current_thread():
                    item.join()
            else:
                item.wait()

    def finish(
        self, site_dir: Path, rendered: list[str], pages: list[GeneratedPage], *, background: bool = False
    ) -> None:
        """Complete the index of ``site_dir``: the generated pages (started beside the build, or
        now) and the ``rendered`` hand-written pages. Raises SearchIndexError unless in the
        background, where a failure is logged (and even the index's files are written there)."""
        with self._lock:
            generation = self._generation
        if not background:
            self._complete(generation, site_dir, rendered, pages, polite=False)
            return
        thread = threading.Thread(
            target=self._complete_logged, args=(generation, site_dir, rendered, pages), daemon=True
        )
        with self._lock:
            if generation != self._generation:
                return
            self._thread = thread
        thread.start()

    def _complete(
        self,
        generation: int,
        site_dir: Path,
        rendered: list[str],
        pages: list[GeneratedPage],
        *,
        polite: bool = True,
    ) -> None:
        self._wait_for_stopped()
        with self._lock:
            if generation != self._generation:
                return  # cancelled before it began
            job = self._job
            if job is None:
                job = self._job = GeneratedPagesIndex(pages, site_dir, polite=polite, language=self.language)
        if not polite:
            job.hurry()
        try:
            job.wait()
            if not job.cancelled:
                job.index_rendered(rendered)
        finally:
            with self._lock:
                if self._job is job:
                    self._job = None

    def _complete_logged(
        self, generation: int, site_dir: Path, rendered: list[str], pages: list[GeneratedPage]
    ) -> None:
        try:
            self._complete(generation, site_dir, rendered, pages)
        except SearchIndexError as error:
            log.error("search index not updated: %s", error)
