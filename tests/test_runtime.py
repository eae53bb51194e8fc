"""The runtime layer: the background work a build leaves running (``BackgroundWork``): a
rebuild stops all of it, the end of a session waits for all of it, with real processes; and
the collector frozen only in a process a timeline command owns."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from sourced_timeline.runtime.background import BackgroundWork


def _sleep_then_write(path: str) -> None:
    time.sleep(60)
    Path(path).write_text("finished")


def _write_priority(path: str) -> None:
    Path(path).write_text(str(os.nice(0)))


class _Job:
    """Work that records how it was asked to stop (the search index's part of the contract)."""

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def cancel(self, *, wait: bool = True) -> None:
        self.calls.append(wait)


def test_a_finished_helper_is_waited_for_at_a_lower_priority(tmp_path):
    work = BackgroundWork()
    work.start_process(_write_priority, str(tmp_path / "nice"))
    process = work.process
    assert work.wait(timeout=60)
    assert process.exitcode == 0 and work.process is None
    assert int((tmp_path / "nice").read_text()) > os.nice(0)


def test_cancel_without_waiting_only_asks_and_cancel_then_waits(tmp_path):
    job = _Job()
    work = BackgroundWork(job)
    work.start_process(_sleep_then_write, str(tmp_path / "out"))
    process = work.process
    work.cancel(wait=False)
    assert job.calls == [False]
    assert work.process is process  # still owned: a later cancel() waits for it
    work.cancel()
    assert job.calls == [False, True]
    assert work.process is None and not process.is_alive()
    assert process.exitcode == -signal.SIGTERM  # stopped, quietly (the default handler)
    assert not (tmp_path / "out").exists()


def test_wait_with_a_limit_says_the_helper_is_still_running(tmp_path):
    work = BackgroundWork()
    work.start_process(_sleep_then_write, str(tmp_path / "out"))
    try:
        assert not work.wait(timeout=0.1)
        assert work.process is not None and work.process.is_alive()
    finally:
        work.cancel()
    assert work.wait() and work.process is None


def test_a_rebuild_stops_the_last_helper_and_asks_jobs_to_stop_without_waiting(tmp_path):
    job = _Job()
    work = BackgroundWork(job)
    work.start_process(_sleep_then_write, str(tmp_path / "first"))
    first = work.process
    work.before_rebuild()
    assert not first.is_alive() and work.process is None and job.calls == [False]
    work.start_process(_sleep_then_write, str(tmp_path / "second"))
    second = work.process
    work.start_process(_write_priority, str(tmp_path / "third"))  # the second is stopped first
    assert not second.is_alive()
    assert work.wait(timeout=60) and (tmp_path / "third").exists()
    assert not (tmp_path / "first").exists() and not (tmp_path / "second").exists()


def test_only_a_process_a_timeline_command_owns_is_frozen_and_never_over_what_others_froze(monkeypatch):
    """The collector's freeze reaches every object in the process: it is used only where a
    timeline command started the process for itself, and never over another part's freeze
    (thawing would release that too)."""
    import gc

    from sourced_timeline.runtime import collector

    monkeypatch.delenv(collector.OWNER_VARIABLE, raising=False)
    assert gc.get_freeze_count() == 0
    assert not collector.freeze_kept()  # a host's process (this test session)
    assert gc.get_freeze_count() == 0
    with collector.owned_process():
        assert collector.freeze_kept()
        assert gc.get_freeze_count() > 0
        collector.thaw()
        theirs = [[1], [2]]
        gc.freeze()  # another part's freeze
        try:
            assert not collector.freeze_kept()
        finally:
            gc.unfreeze()
        del theirs
    monkeypatch.setenv(collector.OWNER_VARIABLE, "1")  # `timeline serve`'s server
    try:
        assert collector.freeze_kept()
    finally:
        collector.thaw()
    assert gc.get_freeze_count() == 0
