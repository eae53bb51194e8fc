"""Signals: a command ends through its cleanup when stopped (SIGTERM, SIGHUP), `mkdocs serve`
stops on SIGTERM as on Ctrl-C, and a forked helper just ends. Whatever is changed is put back."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any

STOPPING_SIGNALS = ("SIGTERM", "SIGHUP")
"""Signals a command handles to clean up after itself (``sourced_timeline.cli``); a forked helper
must not inherit that handling: stopped, it just ends (its parent cleans up)."""


def default_stopping_signals() -> None:
    """The stopping signals back to their default action: they end the process at once."""
    for name in STOPPING_SIGNALS:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def kill_signal() -> int:
    """The signal that ends a process whatever it handles (SIGKILL)."""
    return int(signal.SIGKILL)


def _exit_on_signal(signum: int, frame: object) -> None:
    default_stopping_signals()  # a second signal ends the process at once, should its cleanup hang
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def stopped_cleanly() -> Iterator[None]:
    """While a command runs, SIGTERM and SIGHUP end it through its `finally` blocks, as an
    error would: a build's staging folder and search process, the check's forked helper, the
    importer's staging copy are all removed or stopped. The caller's handlers come back after
    (tests run commands in-process). Only the main thread may handle signals."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        name: signal.signal(getattr(signal, name), _exit_on_signal)
        for name in STOPPING_SIGNALS
        if hasattr(signal, name)
    }
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def sigterm_interrupts() -> Callable[[], None] | None:
    """SIGTERM (a process manager, `docker stop`) stops `mkdocs serve` as Ctrl-C does, through
    its shutdown: returns what puts the previous handler back, or None off the main thread
    (where no handler can be set, and none was)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    previous: Any = signal.signal(signal.SIGTERM, _interrupt)

    def restore() -> None:
        signal.signal(signal.SIGTERM, previous)

    return restore
