"""The cyclic garbage collector, tuned for a process that holds many long-lived, acyclic
records: paused while they are loaded, and what is kept frozen so that no collection visits it
again. Each effect is a context manager or a pair of calls that puts back what it changed."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

OWNER_VARIABLE = "TIMELINE_OWNS_PROCESS"
"""Set to 1 in the environment of a process a timeline command started for itself (`timeline
serve`'s server); `timeline build` marks its own process with ``owned_process``."""
_owned = False


@contextmanager
def owned_process() -> Iterator[None]:
    """This process runs a timeline command and nothing else: what it keeps may be frozen."""
    global _owned
    was, _owned = _owned, True
    try:
        yield
    finally:
        _owned = was


def process_is_ours() -> bool:
    """Whether a timeline command started this process for itself (see ``owned_process``):
    otherwise it belongs to a host (`mkdocs build` with the plugin, a test session), whose
    objects are not ours to freeze."""
    return _owned or os.environ.get(OWNER_VARIABLE) == "1"


@contextmanager
def collector_paused(promote: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector (as it was, after): records are acyclic, and at 10,000
    files its repeated passes over everything already loaded cost a fifth of the check. With
    ``promote``, what survives the pause is then promoted unvisited (``_promote_survivors``)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if promote:
                _promote_survivors()
            gc.enable()


def _promote_survivors() -> None:
    """Move every object the paused collector did not see into its oldest generation, unvisited.

    What the check keeps (the records) is long-lived; left in the youngest generation, the
    first collection after the pause would visit all of it (a tenth of a 10,000-file check)
    only to promote it. Done only when nothing else is frozen: unfreezing moves everything
    frozen to the oldest generation, and what another part froze must stay frozen. Counting
    the frozen objects walks them all: a check with a cache (serving, where a build froze what
    it keeps) makes few new objects and is not promoted."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


def freeze_kept(collect_first: bool = False) -> bool:
    """Leave everything alive now out of later collections (``thaw`` undoes it), first
    collecting what is garbage already if asked, so that it is not kept for ever; whether it
    froze. Only in a process a timeline command started for itself (``process_is_ours``),
    where everything alive is the command's, and only when nothing is frozen yet: what
    another part froze is its own, and ``thaw`` would release it."""
    if not process_is_ours() or gc.get_freeze_count():
        return False
    if collect_first:
        gc.collect()
    gc.freeze()
    return True


def freeze_inherited() -> None:
    """In a forked child: leave what it inherited out of its collections (a collection writes
    to every object it visits, and each write copies a page parent and child were sharing).
    The child is ours whoever forked it, and ends without thawing."""
    gc.freeze()


def thaw() -> None:
    """Let the collector visit again what ``freeze_kept`` froze."""
    gc.unfreeze()


def full_collections_every(collections: int) -> tuple[int, int, int]:
    """Make a full collection only once per ``collections`` collections of the middle
    generation (at least as rarely as now); returns the thresholds to put back
    (``restore_thresholds``)."""
    previous = gc.get_threshold()
    young, middle, oldest = previous
    gc.set_threshold(young, middle, max(oldest, collections))
    return previous


def restore_thresholds(previous: tuple[int, int, int]) -> None:
    """Put back the thresholds ``full_collections_every`` changed."""
    gc.set_threshold(*previous)
