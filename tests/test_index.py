"""The search index's lifecycle: start, cancel and finish are safe in any order and twice,
and nothing (process, temporary folder) outlives a cancelled index."""

from __future__ import annotations

import tempfile
from pathlib import Path

from timeline.index import GeneratedPagesIndex, SiteSearchIndex
from timeline.pages import GeneratedPage

PAGES = [
    GeneratedPage(f"events/e{i}.md", f"Event {i}", f"<h1>Event {i}</h1><p>Geneva talks {i}</p>")
    for i in range(50)
]


def _temporary_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("timeline-index-*")}


def test_a_new_build_cancels_the_index_still_being_written_for_the_last(tmp_path):
    before = _temporary_folders()
    index = SiteSearchIndex()
    index.start(PAGES, tmp_path / "one")
    first = index._job
    index.start(PAGES, tmp_path / "two")  # a rebuild starts while the first runs
    first.wait()
    assert (
        first is not None
        and first.cancelled
        and (first._process is None or first._process.poll() is not None)
    )
    index.finish(tmp_path / "two", [], PAGES)
    assert (tmp_path / "two" / "pagefind" / "pagefind.js").is_file()
    assert _temporary_folders() == before


def test_cancel_and_finish_in_any_order_and_twice(tmp_path):
    before = _temporary_folders()
    index = SiteSearchIndex()
    index.cancel()  # nothing running
    index.start(PAGES, tmp_path)
    index.cancel()
    index.cancel()
    index.finish(tmp_path, [], PAGES, background=True)  # starts afresh, in the background
    index.cancel()  # a rebuild: stops it and waits for its thread
    index.finish(tmp_path, [], PAGES)
    index.finish(tmp_path, [], PAGES)
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    assert _temporary_folders() == before


def test_a_rebuild_need_not_wait_for_a_stopped_index(tmp_path):
    before = _temporary_folders()
    index = SiteSearchIndex()
    index.finish(tmp_path, [], PAGES, background=True)
    stopped = index._thread
    index.cancel(wait=False)  # what a rebuild does: stop, and go on at once
    index.finish(tmp_path, [], PAGES, background=True)  # waits for the stopped one first
    index.finish(tmp_path, [], PAGES)
    assert stopped is not None and not stopped.is_alive()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
    index.cancel()
    assert _temporary_folders() == before


def _indexed_words(site: Path) -> int:
    import json

    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    return sum(language["page_count"] for language in entry["languages"].values())


def test_pages_are_written_for_indexing_by_another_process_only_when_no_thread_runs(tmp_path):
    import threading

    assert threading.active_count() == 1
    alone = GeneratedPagesIndex(PAGES, tmp_path / "alone")
    assert alone._writer is not None  # forked: the build's thread keeps the GIL
    alone.wait()
    blocker = threading.Event()
    other = threading.Thread(target=blocker.wait)
    other.start()
    try:
        beside = GeneratedPagesIndex(PAGES, tmp_path / "beside")
        assert beside._writer is None  # a fork would copy no thread (nor a lock one holds)
        beside.wait()
    finally:
        blocker.set()
        other.join()
    assert _indexed_words(tmp_path / "alone") == _indexed_words(tmp_path / "beside") == len(PAGES)


def test_cancel_stops_the_process_writing_the_pages(tmp_path):
    before = _temporary_folders()
    index = GeneratedPagesIndex(PAGES * 40, tmp_path)
    index.cancel()
    index.wait()
    assert index._writer is None or index._writer[0].exitcode is not None  # ended, not left running
    assert _temporary_folders() == before


def test_a_failed_write_is_reported_with_its_reason_whichever_process_wrote(tmp_path, monkeypatch, capfd):
    import pytest

    from timeline.index import SearchIndexError

    def full(self):
        raise OSError("No space left on device")

    monkeypatch.setattr(GeneratedPagesIndex, "_write_pages", full)
    index = GeneratedPagesIndex(PAGES, tmp_path)
    with pytest.raises(SearchIndexError, match="could not write the pages to index: No space left on device"):
        index.wait()
    assert "Traceback" not in capfd.readouterr().err
