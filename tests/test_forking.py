"""The forked helper: the same results, in the same order, as doing the work in one process."""

from __future__ import annotations

import os
import re
import threading

import pytest

from sourced_timeline.runtime.processes import fork_context, forked_share

can_fork = pytest.mark.skipif(
    (os.cpu_count() or 1) < 2 or fork_context() is None, reason="one core, or no fork here"
)


def _square(number: int) -> int:
    return number * number


@can_fork
def test_the_helper_does_the_last_share_and_its_results_come_back_in_order():
    items = list(range(100))
    with forked_share(_square, items, 0.4, minimum=10) as helper:
        assert list(helper.theirs) == items[60:] and list(helper.mine) == items[:60]
        results = [_square(item) for item in helper.mine] + helper.results()
    assert results == [_square(item) for item in items]


def test_below_the_minimum_or_with_a_thread_running_this_process_does_everything():
    with forked_share(_square, list(range(5)), 0.5, minimum=10) as helper:
        assert list(helper.mine) == list(range(5)) and helper.results() == []
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait)
    waiting.start()
    try:
        with forked_share(_square, list(range(100)), 0.5, minimum=10) as helper:
            assert not helper.theirs  # a fork would copy no thread, nor a lock one holds
    finally:
        stop.set()
        waiting.join()


@can_fork
def test_work_that_fails_in_the_helper_is_done_again_here():
    parent = os.getpid()

    def fails_elsewhere(number: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("the helper failed")
        return _square(number)

    with forked_share(fails_elsewhere, list(range(100)), 0.5, minimum=10) as helper:
        assert helper.theirs
        results = [fails_elsewhere(item) for item in helper.mine] + helper.results()
    assert results == [_square(item) for item in range(100)]


def _typo(identifier: str, number: int) -> str:
    """A different near miss of an id for each file: one of its letters doubled."""
    at = number % len(identifier)
    return identifier[:at] + identifier[at] + identifier[at:]


@can_fork
@pytest.mark.parametrize("broken", [False, True])
def test_a_check_shared_with_a_second_process_finds_what_one_process_finds(
    tmp_path, monkeypatch, helper_shares, broken
):
    import datetime as dt

    import sourced_timeline.check as check
    import sourced_timeline.checks.context as context
    from scripts.generate_events import generate

    paths = generate(120, tmp_path / "data")
    if broken:  # problems in files both processes read: schema, references, YAML, file name
        for number, path in enumerate(paths[::7]):
            text = path.read_text(encoding="utf-8")
            text = [
                text.replace("status: ", "status: maybe-", 1),
                re.sub(r"(actors:\n- )([a-z-]+)", lambda m, n=number: m[1] + _typo(m[2], n), text, count=1),
                text.replace("title: ", "title: [", 1),
                text,
            ][number % 4]
            path.write_text(text, encoding="utf-8")
            if number % 4 == 3:
                path.rename(path.with_name("misnamed.yaml"))
    today = dt.date(2026, 6, 30)
    monkeypatch.setattr(context, "MAX_SUGGESTIONS", 2)  # fewer than the typos: the same ones get hints
    monkeypatch.setattr(check, "PARALLEL_MIN_FILES", 10**9)
    alone = check.check_folder(tmp_path / "data", today)
    monkeypatch.setattr(check, "PARALLEL_MIN_FILES", 1)
    shared = check.check_folder(tmp_path / "data", today)
    assert helper_shares[-1] > 0  # the second process did read some
    assert shared == alone
    assert (alone[0] is None) == broken and bool(alone[1]) == broken
    if broken:
        hints = [p.hint for p in alone[1] if p.code == "unknown-ref"]
        assert len(hints) > 2 and sum("did you mean" in hint for hint in hints) == 2


def _ignore_sigterm_and_sleep() -> None:
    import signal
    import time

    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # as a SIGTERM lost before the handler's reset
    time.sleep(600)


@pytest.mark.slow
def test_a_helper_deaf_to_sigterm_is_killed_after_the_grace():
    """The reproduction: a SIGTERM that reached a forked helper before it reset the handler it
    inherited was lost, and the parent waited on the helper for ever (a stopped check hung)."""
    import multiprocessing

    from sourced_timeline.runtime.processes import stop_process

    process = multiprocessing.get_context("fork").Process(target=_ignore_sigterm_and_sleep)
    process.start()
    import time

    time.sleep(0.3)
    stop_process(process, grace_s=0.5)
    assert not process.is_alive() and process.exitcode == -9


@pytest.mark.slow
def test_a_forked_helper_resets_the_stopping_signals_and_dies_with_its_parent():
    """A forked helper inherits no cleanup handler, and (on Linux) is killed with the
    process that forked it, even one stopped before it could note its helper."""
    import subprocess
    import sys
    import time

    program = (
        "import multiprocessing, os, signal, sys, time\n"
        "import sourced_timeline.runtime.processes\n"
        "signal.signal(signal.SIGTERM, lambda *a: None)\n"
        "def child():\n"
        "    print(os.getpid(), signal.getsignal(signal.SIGTERM) == signal.SIG_DFL, flush=True)\n"
        "    time.sleep(600)\n"
        "p = multiprocessing.get_context('fork').Process(target=child)\n"
        "p.start()\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, text=True)
    pid, default = parent.stdout.readline().split()
    assert default == "True"
    parent.kill()
    parent.wait()
    from pathlib import Path

    def gone() -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
        except OSError:
            return True

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not gone():
        time.sleep(0.1)
    if sys.platform.startswith("linux"):
        assert gone(), "the helper outlived the process that forked it"
