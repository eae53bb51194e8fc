"""The records folder, watched through the system's file events for `mkdocs serve`."""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from sourced_timeline import mkdocs_compat
from sourced_timeline.watch import watch_records


class _Server(LiveReloadServer):
    """MkDocs' own LiveReloadServer (never serving), and a way to see it woken."""

    def __init__(self, root: Path) -> None:
        super().__init__(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))

    def woken(self, limit_s: float = 5) -> bool:
        with self._rebuild_cond:
            woken = self._rebuild_cond.wait_for(lambda: self._want_rebuild, timeout=limit_s)
            self._want_rebuild = False
            return woken


def test_an_edit_wakes_the_rebuild_and_reading_the_records_does_not(tmp_path: Path):
    record = tmp_path / "events" / "2026" / "2026-02-17-geneva-round.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("title: Talks\n")
    server, changes = _Server(tmp_path / "site"), []
    observer = watch_records(tmp_path, server, lambda: changes.append(1))
    assert observer is not None
    try:
        record.read_text()  # each rebuild reads every record: that must not start the next one
        list(tmp_path.rglob("*.yaml"))
        assert not server.woken(limit_s=0.3) and not changes
        record.write_text("title: Talks, edited\n")
        assert server.woken() and changes
        time.sleep(0.1)
        server.woken(limit_s=0)
        changes.clear()
        (record.parent / "2026-02-18-new.yaml").write_text("title: New\n")  # a new record, and
        assert server.woken() and changes  # one removed, in a folder made after the watch began
        (tmp_path / "events" / "2027").mkdir()
        time.sleep(0.1)
        server.woken(limit_s=0)
        (tmp_path / "events" / "2027" / "2027-01-01-later.yaml").write_text("title: Later\n")
        assert server.woken()
        (tmp_path / "events" / "2027" / "2027-01-01-later.yaml").unlink()
        assert server.woken()
    finally:
        observer.stop()
        observer.join()
        server.server_close()


def test_without_mkdocs_rebuild_condition_it_leaves_the_folder_to_mkdocs_polling(tmp_path: Path, monkeypatch):
    assert watch_records(tmp_path, object(), lambda: None) is None
    server = _Server(tmp_path / "site")
    monkeypatch.setattr(mkdocs_compat, "INTERNALS_KNOWN", False)  # an MkDocs it does not know
    assert watch_records(tmp_path, server, lambda: None) is None
    server.server_close()
