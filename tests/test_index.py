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


def _indexed_words(site: Path, bundle: str = "pagefind") -> int:
    import json

    entry = json.loads((site / bundle / "pagefind-entry.json").read_text())
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


def test_the_waiting_thread_removes_indexed_pages_while_the_last_bundle_is_indexed(tmp_path, monkeypatch):
    """Several bundles: whoever waits for the index removes each bundle's temporary pages
    as soon as Pagefind is done with them, not all at the end; every page is still found."""
    import time

    from timeline import urls

    monkeypatch.setattr(urls, "SEARCH_BUNDLE_PAGES", 20)  # 50 pages: three bundles
    before = _temporary_folders()
    removed_meanwhile = []
    index_bundle = GeneratedPagesIndex._run_process

    def run_process(self, command, env):
        folder = Path(command[command.index("--site") + 1])
        if folder.name == "2":  # the last: wait (a while at most) for the others to be removed
            deadline = time.monotonic() + 10
            while any((folder.parent / str(n)).exists() for n in (0, 1)) and time.monotonic() < deadline:
                time.sleep(0.02)
            removed_meanwhile.append(not any((folder.parent / str(n)).exists() for n in (0, 1)))
        return index_bundle(self, command, env)

    monkeypatch.setattr(GeneratedPagesIndex, "_run_process", run_process)
    index = GeneratedPagesIndex(PAGES, tmp_path)
    index.wait()
    bundles = urls.search_bundles(len(PAGES))
    assert len(bundles) == 3 and removed_meanwhile == [True]
    assert sum(_indexed_words(tmp_path, bundle) for bundle in bundles) == len(PAGES)
    assert _temporary_folders() == before
