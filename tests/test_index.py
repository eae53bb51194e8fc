"""The search index's lifecycle: start, cancel and finish are safe in any order and twice,
and nothing (process, temporary folder) outlives a cancelled index."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from sourced_timeline.index import (
    GeneratedPagesIndex,
    ScratchFolder,
    SiteSearchIndex,
    remove_stale_scratch,
    scratch_parent,
)
from sourced_timeline.pages import GeneratedPage

PAGES = [
    GeneratedPage(f"events/e{i}.md", f"Event {i}", f"<h1>Event {i}</h1><p>Geneva talks {i}</p>")
    for i in range(50)
]


@pytest.fixture(autouse=True)
def scratch(tmp_path_factory, monkeypatch) -> tuple[Path, Path]:
    """The index's temporary folders go to this test's own memory and disk folders, so no test
    sees (or sweeps) another run's in the real /dev/shm or /tmp."""
    from sourced_timeline import index

    memory, disk = tmp_path_factory.mktemp("shm"), tmp_path_factory.mktemp("tmp")
    monkeypatch.setattr(index, "MEMORY_FOLDER", memory)
    monkeypatch.setattr(tempfile, "tempdir", str(disk))
    return memory, disk


def _files(site: Path) -> dict[str, bytes]:
    """Every file under SITE, by path, with its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _indexed_folder(command: list[str]) -> Path | None:
    """The folder a Pagefind command indexes (None for another command)."""
    return Path(command[command.index("--site") + 1]) if "--site" in command else None


def _temporary_folders() -> set[str]:
    return {p.name for p in Path(scratch_parent(PAGES) or tempfile.gettempdir()).glob("timeline-index-*")}


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

    from sourced_timeline.index import SearchIndexError

    def full(self):
        raise OSError("No space left on device")

    monkeypatch.setattr(GeneratedPagesIndex, "_write_pages", full)
    index = GeneratedPagesIndex(PAGES, tmp_path)
    with pytest.raises(SearchIndexError, match="could not write the pages to index: No space left on device"):
        index.wait()
    assert "Traceback" not in capfd.readouterr().err


@pytest.mark.slow  # Pagefind indexes several bundles, twice
def test_the_waiting_thread_removes_indexed_pages_while_the_last_bundle_is_indexed(tmp_path, monkeypatch):
    """Several bundles: whoever waits for the index removes each bundle's temporary pages
    as soon as Pagefind is done with them, not all at the end; every page is still found."""
    import time

    from sourced_timeline import urls

    monkeypatch.setattr(urls, "SEARCH_BUNDLE_PAGES", 20)  # 50 pages: three bundles
    before = _temporary_folders()
    removed_meanwhile = []
    index_bundle = GeneratedPagesIndex._run_process

    def run_process(self, command, env, *what):
        folder = _indexed_folder(command)
        if folder is not None and folder.name == "2":  # the last: wait (10 s at most) for the others' removal
            deadline = time.monotonic() + 10
            while any((folder.parent / str(n)).exists() for n in (0, 1)) and time.monotonic() < deadline:
                time.sleep(0.02)
            removed_meanwhile.append(not any((folder.parent / str(n)).exists() for n in (0, 1)))
        return index_bundle(self, command, env, *what)

    monkeypatch.setattr(GeneratedPagesIndex, "_run_process", run_process)
    index = GeneratedPagesIndex(PAGES, tmp_path)
    index.wait()
    bundles = urls.search_bundles(len(PAGES))
    assert len(bundles) == 3 and removed_meanwhile == [True]
    assert sum(_indexed_words(tmp_path, bundle) for bundle in bundles) == len(PAGES)
    assert _temporary_folders() == before


def test_temporary_files_go_to_memory_when_it_has_room_and_tmpdir_names_no_other_place(tmp_path, monkeypatch):
    from sourced_timeline import index

    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(index, "MEMORY_FOLDER", memory)
    monkeypatch.delenv("TMPDIR", raising=False)
    assert scratch_parent(PAGES) == str(memory)
    monkeypatch.setattr(index.shutil, "disk_usage", lambda _: index.shutil._ntuple_diskusage(1, 1, 100))
    assert scratch_parent(PAGES) is None  # too little room for the pages
    monkeypatch.undo()
    monkeypatch.setattr(index, "MEMORY_FOLDER", tmp_path / "none")
    monkeypatch.delenv("TMPDIR", raising=False)
    assert scratch_parent(PAGES) is None  # no such file system
    monkeypatch.setattr(index, "MEMORY_FOLDER", memory)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    assert scratch_parent(PAGES) is None  # the user's choice stands


@pytest.mark.slow  # Pagefind indexes several bundles, twice
def test_an_index_made_in_memory_is_the_one_made_on_disk(tmp_path, monkeypatch):
    """Pagefind writes into the temporary folder and the index is copied into the site: the
    site gets the same files, byte for byte, wherever the temporary folder is."""
    from sourced_timeline import index, urls

    monkeypatch.setattr(urls, "SEARCH_BUNDLE_PAGES", 20)  # three bundles
    memory = tmp_path / "memory"
    memory.mkdir()
    monkeypatch.setattr(index, "MEMORY_FOLDER", memory)
    indexed_in = []
    run_process = GeneratedPagesIndex._run_process

    def spy(self, command, *rest):
        folder = _indexed_folder(command)
        if folder is not None:
            indexed_in.append(folder.parent.parent)
        return run_process(self, command, *rest)

    monkeypatch.setattr(GeneratedPagesIndex, "_run_process", spy)
    monkeypatch.delenv("TMPDIR", raising=False)
    GeneratedPagesIndex(PAGES, tmp_path / "via-memory").wait()
    (tmp_path / "disk").mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp_path / "disk"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "disk"))  # read once, then cached
    GeneratedPagesIndex(PAGES, tmp_path / "via-disk").wait()
    assert indexed_in == [memory] * 3 + [tmp_path / "disk"] * 3
    assert _files(tmp_path / "via-memory") == _files(tmp_path / "via-disk")
    assert {p.split("/")[0] for p in _files(tmp_path / "via-memory")} == set(urls.search_bundles(len(PAGES)))
    assert not list(memory.iterdir()) and not list((tmp_path / "disk").iterdir())


def test_an_index_that_cannot_be_copied_into_the_site_is_reported_without_a_traceback(tmp_path):
    import pytest

    from sourced_timeline.index import SearchIndexError

    site = tmp_path / "site"
    site.write_text("a file where the site's folder should be")
    index = GeneratedPagesIndex(PAGES, site)
    with pytest.raises(SearchIndexError, match="copying the index into the site failed") as raised:
        index.wait()
    assert "Traceback" not in str(raised.value) and str(site) in str(raised.value)
    assert not Path(index._source.name).exists()


def test_pages_kept_out_of_the_search_index_are_those_whose_whole_body_it_ignores():
    """A generated page marked unsearchable has no text outside ``data-pagefind-ignore="all"``;
    every other page has some for the index."""
    import datetime as dt

    from lxml import html

    from sourced_timeline.check import check_folder
    from sourced_timeline.pages import SiteOptions
    from sourced_timeline.site import assemble
    from tests.sitebuild import ROOT

    dataset, _ = check_folder(ROOT / "data", dt.date(2026, 11, 24))
    site = assemble(dataset, SiteOptions(timeline_page_size=10), with_downloads=False)
    kinds = {page.searchable for page in site.pages.values()}
    assert kinds == {True, False}
    for page in site.pages.values():
        tree = html.fragment_fromstring(page.html, create_parent="div")
        for ignored in tree.xpath('//*[@data-pagefind-ignore="all"]'):
            ignored.drop_tree()
        assert page.searchable == bool("".join(tree.itertext()).strip()), page.src_uri


@pytest.mark.slow  # Pagefind indexes several bundles, twice
def test_leaving_unsearchable_pages_unwritten_changes_nothing_in_the_index(tmp_path):
    import dataclasses

    from sourced_timeline import urls

    hidden = [
        GeneratedPage(
            f"timeline/{i}.md",
            f"List {i}",
            f'<div data-pagefind-ignore="all"><p>Geneva {i}</p></div>',
            searchable=False,
        )
        for i in range(5)
    ]
    pages = hidden[:2] + PAGES + hidden[2:]
    GeneratedPagesIndex(pages, tmp_path / "skipped").wait()
    GeneratedPagesIndex([dataclasses.replace(p, searchable=True) for p in pages], tmp_path / "read").wait()
    assert _files(tmp_path / "skipped") == _files(tmp_path / "read")
    assert _indexed_words(tmp_path / "skipped", urls.SEARCH_BUNDLE) == len(PAGES)


needs_locks = pytest.mark.skipif(sys.platform == "win32", reason="no flock: nothing is swept")

HOLDER = """
import sys
from pathlib import Path
from sourced_timeline.index import ScratchFolder
folder = ScratchFolder(sys.argv[1])
(Path(folder.name) / "0").mkdir()
(Path(folder.name) / "0" / "page.html").write_text("<p>Geneva</p>")
print(folder.name, flush=True)
sys.stdin.read()  # holds the folder (and its lock) until told to go
"""


def _holder(parent: Path) -> tuple[subprocess.Popen[str], Path]:
    """A process that made a scratch folder in PARENT, as the index makes it, and holds it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(parent)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    return process, Path(process.stdout.readline().strip())


@pytest.mark.slow
@needs_locks
def test_the_folder_a_build_killed_with_sigkill_leaves_is_removed_when_the_next_index_starts(
    scratch, tmp_path
):
    memory, _ = scratch
    process, folder = _holder(memory)
    process.kill()  # SIGKILL: no cleanup runs
    process.wait()
    assert folder.name.startswith(f"timeline-index-{process.pid}-") and (folder / "0" / "page.html").is_file()
    index = GeneratedPagesIndex(PAGES, tmp_path / "site")  # its start sweeps
    assert not folder.exists()
    index.wait()
    assert not list(memory.iterdir())


@needs_locks
@pytest.mark.slow  # a build in another process, killed, then Pagefind here
@pytest.mark.parametrize("killed", ["the process", "its process group"])
def test_an_index_killed_mid_way_leaves_nothing_once_its_processes_are_gone(scratch, tmp_path, killed):
    """Really SIGKILLed while its pages are written (by the out-of-memory killer: the process
    alone, whose helpers write on; by a CI time-out: the whole group): the folder outlives it,
    locked while any of its processes writes there, and the next index removes it."""
    import fcntl

    memory, disk = scratch
    program = (
        "import sys, tempfile\n"
        "from pathlib import Path\n"
        "from sourced_timeline import index\n"
        "from sourced_timeline.pages import GeneratedPage\n"
        "index.MEMORY_FOLDER, tempfile.tempdir = Path(sys.argv[1]), sys.argv[2]\n"
        "pages = [GeneratedPage(f'events/e{i}.md', f'E{i}', f'<p>Geneva {i}</p>' * 50) for i in range(2000)]\n"
        "job = index.GeneratedPagesIndex(pages, Path(sys.argv[3]))\n"
        "print(job._source.name, flush=True)\n"
        "job.wait()\n"
    )
    build = subprocess.Popen(
        [sys.executable, "-c", program, str(memory), str(disk), str(tmp_path / "killed")],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert build.stdout is not None
    folder = Path(build.stdout.readline().strip())
    assert folder.name.startswith(f"timeline-index-{build.pid}-")
    if killed == "the process":
        build.kill()
    else:
        os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert folder.is_dir()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the killed build's helpers (writer, Pagefind) end
        with open(folder / "lock") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                assert remove_stale_scratch() == []  # a live helper's folder stays
                time.sleep(0.05)
    index = GeneratedPagesIndex(PAGES, tmp_path / "next")
    assert not folder.exists()
    index.wait()
    assert _indexed_words(tmp_path / "next") == len(PAGES)
    assert not list(memory.iterdir()) and not list(disk.iterdir())


@pytest.mark.slow
@needs_locks
def test_a_folder_whose_lock_a_live_process_holds_is_kept(scratch, tmp_path):
    memory, _ = scratch
    process, folder = _holder(memory)
    try:
        assert remove_stale_scratch() == []
        GeneratedPagesIndex(PAGES, tmp_path / "site").wait()  # another build, concurrently
        assert (folder / "0" / "page.html").is_file()
    finally:
        process.communicate("")  # its owner ends normally, removing its folder itself
    assert process.returncode == 0 and not folder.exists()


@needs_locks
def test_an_index_keeps_its_own_folder_from_a_sweep_while_it_runs(scratch, tmp_path):
    index = GeneratedPagesIndex(PAGES, tmp_path)
    folder = Path(index._source.name)
    assert folder.name.startswith(f"timeline-index-{os.getpid()}-")
    assert remove_stale_scratch() == [] and folder.is_dir()
    index.wait()
    assert not folder.exists()


@needs_locks
def test_only_this_users_unlocked_scratch_folders_are_removed_never_a_link_nor_another_name(scratch):
    memory, disk = scratch
    old = time.time() - 3600

    def folder(parent: Path, name: str, *, lock: bool = True) -> Path:
        path = parent / name
        (path / "0").mkdir(parents=True)
        if lock:
            (path / "lock").touch()  # unlocked: its owner is dead
        os.utime(path, (old, old))
        return path

    stale = [folder(memory, "timeline-index-41-abcd_123"), folder(disk, "timeline-index-42-zzzzzzzz")]
    lockless = folder(memory, "timeline-index-43-nolock12", lock=False)  # killed while set up
    kept = [
        folder(memory, "timeline-index-abcd1234"),  # no owner in the name (made before locks)
        folder(memory, "timeline-index-44-ABCD1234"),
        folder(memory, "timeline-index-45-abcd1234.old"),
        folder(memory, "other-index-46-abcd1234"),
        folder(disk, "elsewhere"),
    ]
    (memory / "timeline-index-47-linked123").symlink_to(disk / "elsewhere")
    (memory / "timeline-index-48-afile123").write_text("not a folder")
    linked_lock = folder(memory, "timeline-index-49-linklock", lock=False)
    (linked_lock / "lock").symlink_to(disk / "elsewhere" / "lock")
    kept += [memory / "timeline-index-47-linked123", memory / "timeline-index-48-afile123", linked_lock]
    fresh = folder(memory, "timeline-index-50-settingu", lock=False)
    os.utime(fresh)  # its owner may be about to lock it
    kept.append(fresh)

    assert sorted(remove_stale_scratch()) == sorted([*stale, lockless])
    assert not any(path.exists() for path in [*stale, lockless])
    assert all(path.exists() for path in kept)
    assert (disk / "elsewhere" / "0").is_dir() and (disk / "elsewhere" / "lock").is_file()
    assert remove_stale_scratch([memory / "missing"]) == []


def test_without_locks_the_index_still_runs_and_sweeps_nothing(scratch, tmp_path, monkeypatch):
    from sourced_timeline import index

    memory, _ = scratch
    monkeypatch.setattr(index, "fcntl", None)
    stale = memory / "timeline-index-41-abcd1234"
    (stale / "0").mkdir(parents=True)
    (stale / "lock").touch()
    folder = ScratchFolder(str(memory))
    assert folder.lock_fds == () and not (Path(folder.name) / "lock").exists()
    folder.cleanup()
    GeneratedPagesIndex(PAGES, tmp_path).wait()
    assert remove_stale_scratch() == [] and stale.is_dir()
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()
