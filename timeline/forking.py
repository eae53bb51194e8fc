"""When this process may fork a helper: the build's second page renderer and the writer of
the pages to index both run in a forked copy of the process (the data is shared, not sent)."""

from __future__ import annotations

import multiprocessing
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext  # POSIX only


def fork_context() -> ForkContext | None:
    """multiprocessing's fork context when forking is safe here: the system has it and no
    other thread runs (a fork copies no thread, nor a lock one holds); None otherwise."""
    if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    return multiprocessing.get_context("fork")
