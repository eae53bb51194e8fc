"""What a build leaves running once its pages are written: the search index's workers and,
serving, the downloads' writer. One owner for all of it, so that a rebuild stops every piece
at once and the end of a session waits for each."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from sourced_timeline.runtime.processes import downloads_writer_context, lower_priority, stop_process


class Cancellable(Protocol):
    """Work that can be stopped: at once (``wait=False``, only asked to stop), or until it has."""

    def cancel(self, *, wait: bool = True) -> None: ...


class BackgroundWork:
    """The work a build started and did not wait for: ``cancel`` stops it (a rebuild makes it
    worthless), ``wait`` lets it finish (a one-off build ends).

    ``cancel(wait=False)`` only asks (it is called from the file watcher's thread the moment a
    record changes, so that the rebuild has every core from its start); ``cancel()`` then
    waits for everything asked to stop, killing a process that does not end in time."""

    def __init__(self, *jobs: Cancellable) -> None:
        self.jobs = list(jobs)
        """Work that outlives one build (the search index), cancelled with the rest."""
        self.process: Any = None
        """A helper process started for the last build (the downloads' writer), if any."""

    def start_process(self, target: Callable[..., None], *arguments: Any) -> None:
        """Run ``target(*arguments)`` in a helper process at a lower priority (a rebuild the
        reader waits for comes first), stopping the last one first."""
        self._stop_process()
        self.process = downloads_writer_context().Process(
            target=_politely, args=(target, *arguments), daemon=True
        )
        self.process.start()

    def before_rebuild(self) -> None:
        """A rebuild begins: ask everything to stop, and wait for the helper process (it writes
        into the folder the rebuild writes). A job waits for its own stopped work before it
        writes again (``SiteSearchIndex.finish``), so the rebuild does not wait for it here."""
        for job in self.jobs:
            job.cancel(wait=False)
        self._stop_process()

    def cancel(self, *, wait: bool = True) -> None:
        """Stop everything: ask at once; with ``wait``, return only once all has stopped."""
        for job in self.jobs:
            job.cancel(wait=wait)
        if wait:
            self._stop_process()
        elif self.process is not None and self.process.is_alive():
            self.process.terminate()  # only a signal; a later cancel() waits for it

    def _stop_process(self) -> None:
        """Stop the helper process, if any, and wait for it to end."""
        if self.process is not None:
            stop_process(self.process)
            self.process = None

    def wait(self, timeout: float | None = None) -> bool:
        """Let the helper process finish (within ``timeout`` seconds); whether it has ended."""
        process = self.process
        if process is None:
            return True
        process.join(timeout)
        if process.is_alive():
            return False
        self.process = None
        return True


def _politely(target: Callable[..., None], *arguments: Any) -> None:
    """``target`` at a lower priority. (A rebuild stops it with SIGTERM, which ends it quietly:
    ``runtime.processes`` resets the server's handler in every forked child.)"""
    lower_priority()
    target(*arguments)
