"""When this process may fork a helper (the writer of the pages to index asks), and the helper
that does the later share of a list of work in a forked copy of the process: the check's
event files and the build's event pages. The inputs are shared by the fork, not sent; only
the results travel back, pickled."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sourced_timeline.runtime.collector import freeze_inherited
from sourced_timeline.runtime.signals import default_stopping_signals, kill_signal

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext  # POSIX only

_PR_SET_PDEATHSIG = 1
_forking_pid = 0


def _before_fork() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def _in_forked_child() -> None:
    """A forked helper ends when stopped, and dies with the process that forked it: a parent
    stopped at the moment it forks (before it could note its helper to stop it) leaves no
    orphan behind (Linux's PR_SET_PDEATHSIG; elsewhere only the signals are reset)."""
    default_stopping_signals()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, kill_signal())
        except (OSError, AttributeError):
            return
        if os.getppid() != _forking_pid:  # the parent died before the request took effect
            os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=_before_fork, after_in_child=_in_forked_child)


STOP_GRACE_S = 5.0
"""How long a stopped helper has to end before it is killed."""


def stop_process(process: Any, grace_s: float = STOP_GRACE_S) -> None:
    """Stop a helper process and wait for it: SIGTERM, then SIGKILL if it has not ended
    within ``grace_s`` (a SIGTERM that reaches a forked child before it has reset the handler
    it inherited is lost: its parent must not wait on it for ever)."""
    if process.is_alive():
        process.terminate()
        process.join(grace_s)
        if process.is_alive():
            process.kill()
    process.join()


Item = TypeVar("Item")
Result = TypeVar("Result")


def fork_context() -> ForkContext | None:
    """multiprocessing's fork context when forking is safe here: the system has it and no
    other thread runs (a fork copies no thread, nor a lock one holds); None otherwise."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")


class ForkedShare(Generic[Item, Result]):
    """``work`` over the last ``share`` of ``items``, done in a forked second process while this
    one does the rest: only from ``minimum`` items, with two cores, and when forking is safe.
    ``theirs`` is what the helper took (empty when there is none)."""

    def __init__(
        self, work: Callable[[Item], Result], items: Sequence[Item], share: float, minimum: int
    ) -> None:
        self.work, self.items, self.share, self.minimum = work, items, share, minimum
        self.theirs: Sequence[Item] = ()
        self._receive: Any = None
        self._process: Any = None

    def start(self) -> None:
        context = fork_context()
        if context is None or len(self.items) < self.minimum or (os.cpu_count() or 1) < 2:
            return
        self.theirs = self.items[len(self.items) - int(len(self.items) * self.share) :]
        self._receive, send = context.Pipe(duplex=False)

        def do_theirs() -> None:
            # Only the parent reads the pipe: with the child's copy of its reading end closed,
            # a parent that stopped listening makes the send fail instead of block.
            self._receive.close()
            freeze_inherited()
            try:
                send.send(self._do_theirs())
            except BaseException:
                os._exit(1)  # quietly: this process does them again, and reports any error

        self._process = context.Process(target=do_theirs, daemon=True)
        self._process.start()
        send.close()

    @property
    def mine(self) -> Sequence[Item]:
        """The items this process does."""
        return self.items[: len(self.items) - len(self.theirs)]

    def _do_theirs(self) -> list[Result]:
        return [self.work(item) for item in self.theirs]

    def results(self) -> list[Result]:
        """The helper's results, in order (done here if it failed)."""
        if self._process is None:
            return []
        try:
            results: list[Result] = self._receive.recv()
            self._process.join()  # it ends once it has sent them
        except (EOFError, OSError):
            results = self._do_theirs()
        self.stop()
        return results

    def stop(self) -> None:
        """End the helper, whatever state it is in (the work failed here)."""
        if self._process is not None:
            self._receive.close()
            stop_process(self._process)
            self._process = None


@contextmanager
def forked_share(
    work: Callable[[Item], Result], items: Sequence[Item], share: float, minimum: int
) -> Iterator[ForkedShare[Item, Result]]:
    """A started ForkedShare, stopped on leaving."""
    helper = ForkedShare(work, items, share, minimum)
    helper.start()
    try:
        yield helper
    finally:
        helper.stop()


def downloads_writer_context() -> Any:
    """The context the serve session's downloads writer starts in: fork where the system has
    it (the child gets the Dataset without copying it). Forked while the server's threads run,
    against the policy of ``fork_context``: the one exception, kept for speed. Started from a
    fork server instead (the Dataset pickled, 0.3 s and 12 MB at 10,000 events, unpickled in
    1.1 s), a one-record edit took 3.22 s to show against 1.84 s forked (`scripts/bench.py
    --events 10000 --serve`; the target is 2 s). Getting both back would take a writer that
    needs less than the whole Dataset, or one that keeps it across rebuilds."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def lower_priority(step: int = 10) -> None:
    """This process at a lower priority (where the system allows it): what a reader waits for comes first."""
    with contextlib.suppress(OSError):
        os.nice(step)
