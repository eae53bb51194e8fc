"""`mkdocs serve` told of an edited record by the system's file events, not by polling.

MkDocs polls every watched file every half second: with 10,000 records each pass takes the
interpreter from the rebuild for tens of milliseconds, and an edit waits a quarter of a second
on average to be noticed. The data folder is watched instead through watchdog's native
observer (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), which
wakes MkDocs' rebuild loop as its own polling callback does. Folders whose changes the
system does not report (Docker Desktop bind mounts, some network drives) need the plugin's
``watch_records: polling``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver

from sourced_timeline.mkdocs_compat import wake_rebuild

CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    FileClosedEvent,  # closed after writing
]
"""The events that mean a record changed. Opening or reading a file is not a change: each
rebuild reads every record, and must not start the next rebuild."""


class _RebuildOnChange(FileSystemEventHandler):
    """Calls ``changed``, then ``wake`` (which wakes MkDocs' rebuild loop)."""

    def __init__(self, wake: Callable[[], None], changed: Callable[[], None]) -> None:
        self.wake, self.changed = wake, changed

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.changed()  # only CHANGES reach it (the observer's event filter)
        self.wake()


def watch_records(folder: Path, server: Any, changed: Callable[[], None]) -> BaseObserver | None:
    """Start rebuilding ``server``'s site on every change under ``folder``, first calling
    ``changed`` (in the observer's thread); None when it cannot (the installed MkDocs is not one
    ``sourced_timeline.mkdocs_compat`` knows, or the system refused the watch): MkDocs then
    polls the folder."""
    wake = wake_rebuild(server)
    if wake is None:
        return None
    observer = Observer()
    try:
        observer.schedule(_RebuildOnChange(wake, changed), str(folder), recursive=True, event_filter=CHANGES)
        observer.start()
    except OSError:  # e.g. inotify's limit on watches reached
        return None
    return observer
